from django.urls import path

from casework import views

urlpatterns = [
    path("", views.caseload, name="participant_list"),
    # Before the case page (homecoming.urls), which would take "register" for a code.
    path("register/", views.register_household, name="register_household"),
    path("<str:code>/team/", views.team_assign, name="team_assign"),
    path("<str:code>/team/<int:place_id>/remove/", views.team_remove, name="team_remove"),
    path("<str:code>/phases/new/", views.phase_new, name="phase_new"),
    path("<str:code>/phases/<int:record_id>/end/", views.phase_end, name="phase_end"),
    path("<str:code>/needs/new/", views.assessment_new, name="assessment_new"),
    path("<str:code>/notes/new/", views.note_new, name="note_new"),
    path("<str:code>/notes/<int:note_id>/edit/", views.note_edit, name="note_edit"),
    path("<str:code>/plan/", views.plan_edit, name="plan_edit"),
    path("<str:code>/plan/approve/", views.plan_approve, name="plan_approve"),
    path("<str:code>/plan/goals/new/", views.goal_new, name="goal_new"),
    path("<str:code>/plan/goals/<int:goal_id>/actions/new/", views.action_new, name="action_new"),
    path("<str:code>/plan/actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("<str:code>/milestones/new/", views.milestone_new, name="milestone_new"),
    path("<str:code>/milestones/<int:milestone_id>/edit/", views.milestone_edit, name="milestone_edit"),
    path("<str:code>/milestones/<int:milestone_id>/remove/", views.milestone_remove, name="milestone_remove"),
    path("<str:code>/reviews/new/", views.review_new, name="review_new"),
    path("<str:code>/reviews/<int:review_id>/outcome/", views.review_outcome, name="review_outcome"),
    path("<str:code>/closure/", views.closure_request, name="closure_request"),
    path("<str:code>/closure/<int:closure_id>/decide/", views.closure_decide, name="closure_decide"),
    path("<str:code>/reopen/", views.case_reopen, name="case_reopen"),
]
