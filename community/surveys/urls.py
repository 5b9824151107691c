from django.urls import path

from community.surveys import views

urlpatterns = [
    path("", views.survey_rounds, name="survey_rounds"),
    path("new/", views.survey_round_new, name="survey_round_new"),
    path("<int:round_id>/", views.survey_round, name="survey_round"),
    path("<int:round_id>/close/", views.survey_round_close, name="survey_round_close"),
    path("<int:round_id>/paper/", views.survey_paper, name="survey_paper"),
    path("<int:round_id>/tablet/", views.survey_tablet, name="survey_tablet"),
    path("<int:round_id>/tablet/thanks/", views.survey_tablet_done, name="survey_tablet_done"),
]
