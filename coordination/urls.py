from django.urls import path

from coordination import conference_views, views

# Under /participants/: work started from a case.
participant_patterns = [
    path("<str:code>/referrals/new/", views.referral_new, name="referral_new"),
    path("<str:code>/transfers/new/", views.transfer_new, name="transfer_new"),
    path("<str:code>/conferences/new/", conference_views.conference_new, name="conference_new"),
]

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/count/", views.inbox_count, name="inbox_count"),
    path("services/", views.service_directory, name="service_directory"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<int:referral_id>/answer/", views.referral_answer, name="referral_answer"),
    path("referrals/<int:referral_id>/service/", views.referral_service, name="referral_service"),
    path("referrals/<int:referral_id>/done/", views.referral_done, name="referral_done"),
    path("referrals/<int:referral_id>/revoke/", views.referral_revoke, name="referral_revoke"),
    path("transfers/<int:transfer_id>/", views.transfer_detail, name="transfer"),
    path("transfers/<int:transfer_id>/decide/", views.transfer_decide, name="transfer_decide"),
    path("transfers/<int:transfer_id>/cancel/", views.transfer_cancel, name="transfer_cancel"),
    path("conferences/<int:conference_id>/", conference_views.conference_detail, name="conference"),
    path("conferences/<int:conference_id>/record/", conference_views.conference_record, name="conference_record"),
    path("conferences/<int:conference_id>/decisions/new/", conference_views.decision_new, name="decision_new"),
    path("notices/<int:notice_id>/read/", views.mark_notice_read, name="mark_notice_read"),
]
