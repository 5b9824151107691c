from allauth.account import views as account_views
from django.urls import include, path

from accounts import administration_urls as accounts_administration
from accounts import views as accounts_views
from api.main import api
from casework import views as casework_views
from coordination import urls as coordination_urls
from homecoming import views
from people import views as people_views

# Only the allauth views Homecoming uses are routed: no sign-up, no e-mail management,
# no self-service password reset (administrators reset passwords).
account_patterns = [
    path("", accounts_views.overview, name="account_overview"),
    path("login/", account_views.login, name="account_login"),
    path("logout/", account_views.logout, name="account_logout"),
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
    path("password/change/", account_views.password_change, name="account_change_password"),
    path("organisation/", accounts_views.choose_organisation, name="choose_organisation"),
    path("sign-out-everywhere/", accounts_views.sign_out_everywhere, name="sign_out_everywhere"),
    path("changes/", accounts_views.pending_changes, name="pending_changes"),
    path("tokens/", accounts_views.access_tokens, name="access_tokens"),
    path("tokens/<int:token_id>/revoke/", accounts_views.access_token_revoke, name="access_token_revoke"),
    path("2fa/", include("allauth.mfa.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", accounts_views.set_language, name="set_language"),
    path("account/", include(account_patterns)),
    path("participants/", include("people.urls")),
    path("participants/", include("casework.urls")),
    path("participants/", include("instruments.urls")),
    path("participants/", include(coordination_urls.participant_patterns)),
    path("participants/", include("community.experiences.urls")),
    # The case page, assembled from the apps' sections; after "participants/register/".
    path("participants/<str:code>/", views.participant_detail, name="participant"),
    path("participants/<str:code>/sections/<str:section>/", views.participant_section, name="participant_section"),
    path("households/<str:household_code>/plans/", casework_views.household_plans, name="household_plans"),
    path("emergency-access/", people_views.emergency_access, name="emergency_access"),
    path("indicators/", include("mel.urls")),
    path("reports/", include("mel.reports.urls")),
    path("extracts/", include("mel.extracts.urls")),
    path("dhis2/", include("mel.dhis2.urls")),
    path("unmet-needs/", include("mel.needs.urls")),
    path("community/activities/", include("community.activities.urls")),
    path("community/surveys/", include("community.surveys.urls")),
    path("practitioners/", include("community.practitioners.urls")),
    path("practices/", include("network.library.urls")),
    path("network/", include("network.exchange.urls")),
    path("hub/", include("network.hub.urls")),
    path("", include(coordination_urls)),
    path("administration/users/", include(accounts_administration.user_patterns)),
    path("administration/lockouts/", include(accounts_administration.lockout_patterns)),
    path("administration/", include("coordination.administration_urls")),  # organisations, jurisdictions
    path("administration/", include("casework.administration_urls")),  # needs domains, milestone kinds
    path("administration/instruments/", include("instruments.administration_urls")),
    path("administration/dhis2-mapping/", include("mel.dhis2.administration_urls")),
    path("administration/members/", include("network.hub.administration_urls")),
    path("api/v1/", api.urls),
]

handler400 = "homecoming.errors.bad_request"
handler403 = "homecoming.errors.permission_denied"
handler404 = "homecoming.errors.page_not_found"
handler500 = "homecoming.errors.server_error"
