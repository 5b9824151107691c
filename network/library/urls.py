from django.urls import path

from network.library import views

urlpatterns = [
    path("", views.practices, name="practices"),
    path("new/", views.practice_new, name="practice_new"),
    path("<int:practice_id>/", views.practice, name="practice"),
    path("<int:practice_id>/edit/", views.practice_edit, name="practice_edit"),
    path("<int:practice_id>/submit/", views.practice_submit, name="practice_submit"),
    path("<int:practice_id>/review/", views.practice_review, name="practice_review"),
    path("<int:practice_id>/share/", views.practice_share, name="practice_share"),
    path("<int:practice_id>/withdraw/", views.practice_withdraw, name="practice_withdraw"),
    path("<int:practice_id>/translations/<str:language>/", views.practice_translation, name="practice_translation"),
    path("<int:practice_id>/attachments/new/", views.practice_attachment_new, name="practice_attachment_new"),
    path(
        "<int:practice_id>/attachments/<int:attachment_id>/",
        views.practice_attachment,
        name="practice_attachment",
    ),
]
