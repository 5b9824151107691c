"""The administrator's pages about accounts (issue 18 §12), one list per area: homecoming/urls.py
includes each under /administration/<area>/."""

from django.urls import path

from accounts import administration_views as views

user_patterns = [
    path("", views.users, name="administration_users"),
    path("new/", views.user_new, name="administration_user_new"),
    path("<int:user_id>/", views.user_detail, name="administration_user"),
    path("<int:user_id>/edit/", views.user_edit, name="administration_user_edit"),
    path("<int:user_id>/deactivate/", views.user_set_active, {"active": False}, name="administration_user_deactivate"),
    path("<int:user_id>/reactivate/", views.user_set_active, {"active": True}, name="administration_user_reactivate"),
    path("<int:user_id>/memberships/new/", views.membership_new, name="administration_membership_new"),
    path(
        "<int:user_id>/memberships/<int:membership_id>/deactivate/",
        views.membership_deactivate,
        name="administration_membership_deactivate",
    ),
    path("<int:user_id>/second-factor/remove/", views.second_factor_remove, name="administration_second_factor_remove"),
    path("<int:user_id>/password/", views.password_set, name="administration_password"),
    path("<int:user_id>/sign-out/", views.sign_out, name="administration_sign_out"),
    path(
        "<int:user_id>/sharing-beyond-consent/allow/",
        views.override_consent,
        {"allowed": True},
        name="administration_override_consent_allow",
    ),
    path(
        "<int:user_id>/sharing-beyond-consent/withdraw/",
        views.override_consent,
        {"allowed": False},
        name="administration_override_consent_withdraw",
    ),
]

lockout_patterns = [
    path("", views.lockouts, name="administration_lockouts"),
    path("<int:attempt_id>/unlock/", views.lockout_clear, name="administration_lockout_clear"),
]
