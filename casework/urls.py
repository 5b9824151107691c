from django.urls import path

from casework import views

urlpatterns = [
    path("<str:code>/", views.participant_detail, name="participant"),
    path("<str:code>/team/", views.team_assign, name="team_assign"),
    path("<str:code>/team/<int:place_id>/remove/", views.team_remove, name="team_remove"),
]
