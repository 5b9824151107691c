from django.urls import path

from casework import views

urlpatterns = [
    path("<str:code>/", views.participant_detail, name="participant"),
    path("<str:code>/team/", views.team_assign, name="team_assign"),
    path("<str:code>/team/<int:place_id>/remove/", views.team_remove, name="team_remove"),
    path("<str:code>/phases/new/", views.phase_new, name="phase_new"),
    path("<str:code>/phases/<int:record_id>/end/", views.phase_end, name="phase_end"),
    path("<str:code>/needs/new/", views.assessment_new, name="assessment_new"),
    path("<str:code>/notes/new/", views.note_new, name="note_new"),
    path("<str:code>/notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
]
