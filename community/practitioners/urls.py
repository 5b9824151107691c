from django.urls import path

from community.practitioners import views

urlpatterns = [
    path("training/", views.trainings, name="trainings"),
    path("training/courses/new/", views.course_new, name="course_new"),
    path("training/courses/<int:course_id>/edit/", views.course_edit, name="course_edit"),
    path("training/sessions/new/", views.training_session_new, name="training_session_new"),
    path("training/sessions/<int:session_id>/", views.training_session, name="training_session"),
    path("support/", views.support_sessions, name="support_sessions"),
    path("me/", views.my_work, name="my_work"),
]
