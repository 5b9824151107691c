from django.urls import path

from community.activities import views

urlpatterns = [
    path("", views.activity_list, name="activities"),
    path("new/", views.activity_new, name="activity_new"),
    path("<int:activity_id>/", views.activity_detail, name="activity"),
    path("<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:activity_id>/remove/", views.activity_remove, name="activity_remove"),
]
