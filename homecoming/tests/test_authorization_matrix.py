"""The authorization matrix: every URL the project has, for every persona.

It walks the URL configuration, so a new URL without an entry in EXPECTED fails this
test; each entry says what a GET answers for anonymous visitors and each persona.

The people and records are made once for the module (``matrix``) and each persona's test
runs inside a savepoint of its own, so that what one request writes does not reach the next
persona's test.
"""

import copy
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONA_ACCOUNTS, PERSONAS, make_city, make_country, make_family, weight
from core.actor import Actor
from mel.indicators import CATALOGUE

ANON = "anonymous"
ADMIN = "administrator"

# Shorthands for the common shapes of a row.
SIGNED_IN_ONLY = {ANON: 302, "*": 200}
OPEN = {ANON: 200, "*": 200}
POST_ONLY = {ANON: 405, "*": 405}
POST_ONLY_SIGNED_IN = {ANON: 302, "*": 405}
ADMIN_ONLY = {ANON: 302, ADMIN: 200, "*": 404}
ADMIN_POST_ONLY = {ANON: 302, ADMIN: 405, "*": 404}

# Personas with a second factor (coordinators and case workers, both cities).
WITH_TOTP = ["coordinator", "case_worker", "other_coordinator", "other_case_worker"]
CITY_B = ["other_coordinator", "other_case_worker"]
# City A's family: owned by the coordinator's organisation, led by the case worker, the
# psychologist on the team.
ON_THE_CASE = ["coordinator", "case_worker", "psychologist"]
# The dashboards' readers: the M&E officer and the coordinators of either city.
DASHBOARD_READERS = ["me_officer", "coordinator", "other_coordinator"]
# City A's reports: its coordinator and M&E officer.
CITY_A_REPORTERS = ["me_officer", "coordinator"]


def _by(default: int, anonymous: int, **overrides: int) -> dict:
    return {ANON: anonymous, "*": default, **overrides}


EXPECTED: dict[str, dict] = {
    "": SIGNED_IN_ONLY,
    "healthz": OPEN,
    "language/": POST_ONLY,
    "account/": SIGNED_IN_ONLY,
    # Signed-in people are sent home from the sign-in page.
    "account/login/": {ANON: 200, "*": 302},
    "account/logout/": {ANON: 302, "*": 200},
    "account/reauthenticate/": SIGNED_IN_ONLY,
    "account/password/change/": SIGNED_IN_ONLY,
    "account/organisation/": SIGNED_IN_ONLY,
    "account/sign-out-everywhere/": POST_ONLY_SIGNED_IN,
    # Changes waiting for a second person: administrators and coordinators see the page (of
    # the changes they may decide, which may be none).
    "account/changes/": _by(404, 302, **dict.fromkeys([ADMIN, "coordinator", "other_coordinator"], 200)),
    # Everyone's own API tokens; the sample token is the case worker's.
    "account/tokens/": SIGNED_IN_ONLY,
    "account/tokens/<int:token_id>/revoke/": POST_ONLY_SIGNED_IN,
    "account/2fa/": SIGNED_IN_ONLY,
    # Only reachable in the middle of a sign-in, after the password.
    "account/2fa/authenticate/": {ANON: 302, "*": 302},
    # Asks for a code: only for someone who has an authenticator app.
    "account/2fa/reauthenticate/": _by(302, 302, **dict.fromkeys(WITH_TOTP, 200)),
    # Enrolment: for those without an app; those with one are sent to turn it off instead.
    "account/2fa/totp/activate/": _by(200, 302, **dict.fromkeys(WITH_TOTP, 302)),
    # One's own second factor: nothing to show (404) to those without one.
    "account/2fa/totp/deactivate/": _by(404, 302, **dict.fromkeys(WITH_TOTP, 200)),
    "account/2fa/recovery-codes/": _by(404, 302, **dict.fromkeys(WITH_TOTP, 200)),
    # The form shows, and refuses to make codes until an authenticator app is set up.
    "account/2fa/recovery-codes/generate/": SIGNED_IN_ONLY,
    "account/2fa/recovery-codes/download/": _by(404, 302, **dict.fromkeys(WITH_TOTP, 200)),
    # Participants: the owner's coordinator and the case team (city A's family), nobody else.
    "participants/": _by(404, 302, **dict.fromkeys(["coordinator", "case_worker", "psychologist", *CITY_B], 200)),
    "participants/register/": _by(404, 302, **dict.fromkeys(["coordinator", "case_worker", *CITY_B], 200)),
    "participants/<str:code>/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "participants/<str:code>/sections/<str:section>/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "participants/<str:code>/identity/reveal/": POST_ONLY_SIGNED_IN,
    # Only while the identity is revealed, and only if there is a photo.
    "participants/<str:code>/identity/photo/": _by(404, 302),
    "participants/<str:code>/identity/photo/upload/": POST_ONLY_SIGNED_IN,
    "participants/<str:code>/consents/new/": _by(404, 302, coordinator=200, case_worker=200),
    "participants/<str:code>/consents/<int:consent_id>/withdraw/": POST_ONLY_SIGNED_IN,
    "participants/<str:code>/team/": _by(404, 302, coordinator=200),
    "participants/<str:code>/team/<int:place_id>/remove/": POST_ONLY_SIGNED_IN,
    "participants/<str:code>/phases/new/": _by(404, 302, coordinator=200, case_worker=200),
    "participants/<str:code>/phases/<int:record_id>/end/": POST_ONLY_SIGNED_IN,
    "participants/<str:code>/needs/new/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "participants/<str:code>/notes/new/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    # Only the author edits a note (the sample note is the case worker's).
    "participants/<str:code>/notes/<int:note_id>/edit/": _by(404, 302, case_worker=200),
    "participants/<str:code>/plan/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "participants/<str:code>/plan/approve/": POST_ONLY_SIGNED_IN,
    "participants/<str:code>/plan/goals/new/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "participants/<str:code>/plan/goals/<int:goal_id>/actions/new/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "participants/<str:code>/plan/actions/<int:action_id>/edit/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "households/<str:household_code>/plans/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    # Outcome milestones: whoever may write a kind's category records it (the psychologist
    # the kinds of needs and plan, education and livelihood); only the lead case worker may
    # change the sample milestone, documents restored (legal).
    "participants/<str:code>/milestones/new/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "participants/<str:code>/milestones/<int:milestone_id>/edit/": _by(404, 302, case_worker=200),
    "participants/<str:code>/milestones/<int:milestone_id>/remove/": POST_ONLY_SIGNED_IN,
    "participants/<str:code>/reviews/new/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "participants/<str:code>/reviews/<int:review_id>/outcome/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    # The lead and the coordinator may ask to close a case; the coordinator decides.
    "participants/<str:code>/closure/": _by(404, 302, coordinator=200, case_worker=200),
    "participants/<str:code>/closure/<int:closure_id>/decide/": POST_ONLY_SIGNED_IN,
    "participants/<str:code>/reopen/": POST_ONLY_SIGNED_IN,
    # Screenings are health data: the lead case worker and the psychologist, not the coordinator.
    "participants/<str:code>/screenings/<int:administration_id>/": _by(404, 302, case_worker=200, psychologist=200),
    # Where one question per screen ends (nothing of the result on it): whoever may see the result.
    "participants/<str:code>/screenings/<int:administration_id>/hand-back/": _by(
        404, 302, case_worker=200, psychologist=200
    ),
    "participants/<str:code>/screenings/<str:instrument_code>/new/": _by(404, 302, case_worker=200, psychologist=200),
    "emergency-access/": _by(404, 302, **dict.fromkeys(["coordinator", "case_worker", *CITY_B], 200)),
    # Indicators: M&E officers (aggregates) and coordinators (their own organisation), nobody else.
    "indicators/": _by(404, 302, **dict.fromkeys(DASHBOARD_READERS, 200)),
    "indicators/<str:indicator_code>/": _by(404, 302, **dict.fromkeys(DASHBOARD_READERS, 200)),
    # Evaluation extracts: M&E officers request, coordinators decide; the sample request is city A's
    # M&E officer's, about city A's participants: only they and city A's coordinator see it.
    "extracts/": _by(404, 302, **dict.fromkeys(DASHBOARD_READERS, 200)),
    "extracts/new/": _by(404, 302, me_officer=200),
    "extracts/<int:extract_id>/": _by(404, 302, me_officer=200, coordinator=200),
    "extracts/<int:extract_id>/decide/": POST_ONLY_SIGNED_IN,
    "extracts/<int:extract_id>/download.csv.zip": POST_ONLY_SIGNED_IN,
    "extracts/<int:extract_id>/download.xlsx": POST_ONLY_SIGNED_IN,
    # The DHIS2 dry run: the dashboards' readers, for the cities they see; downloads are posted.
    "dhis2/": _by(404, 302, **dict.fromkeys(DASHBOARD_READERS, 200)),
    "dhis2/download/": POST_ONLY_SIGNED_IN,
    # Community activities (issue 12): everyone working in a city's organisation reads its
    # activities (the sample is city A's, recorded by its social services); those who do the work
    # record; the organising organisation edits; only its coordinator removes.
    "community/activities/": _by(
        404, 302, **dict.fromkeys([*ON_THE_CASE, "cso_partner", "police_partner", "me_officer", *CITY_B], 200)
    ),
    "community/activities/new/": _by(
        404, 302, **dict.fromkeys([*ON_THE_CASE, "cso_partner", "police_partner", *CITY_B], 200)
    ),
    "community/activities/<int:activity_id>/": _by(
        404, 302, **dict.fromkeys([*ON_THE_CASE, "cso_partner", "police_partner", "me_officer"], 200)
    ),
    "community/activities/<int:activity_id>/edit/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "community/activities/<int:activity_id>/remove/": POST_ONLY_SIGNED_IN,
    # Practitioners (issue 12, points 5 and 6): every member reads the city's training (the sample
    # session is city A's, naming the case worker); coordinators record it, and only city A's edits
    # the sample course; supervision and peer support are each coordinator's own organisation's;
    # everyone with a membership has their own page.
    "practitioners/training/": _by(200, 302, outsider=404),
    "practitioners/training/courses/new/": _by(404, 302, coordinator=200, other_coordinator=200),
    "practitioners/training/courses/<int:course_id>/edit/": _by(404, 302, coordinator=200),
    "practitioners/training/sessions/new/": _by(404, 302, coordinator=200, other_coordinator=200),
    "practitioners/training/sessions/<int:session_id>/": _by(200, 302, **dict.fromkeys([*CITY_B, "outsider"], 404)),
    "practitioners/support/": _by(404, 302, coordinator=200, other_coordinator=200),
    "practitioners/me/": _by(200, 302, outsider=404),
    # Experiences (stigma experienced, civic participation): stigma is the case team's alone (the
    # lead and the psychologist, never the owning coordinator); civic participation reads like the plan.
    "participants/<str:code>/stigma/new/": _by(404, 302, case_worker=200, psychologist=200),
    "participants/<str:code>/stigma/<int:incident_id>/remove/": POST_ONLY_SIGNED_IN,
    "participants/<str:code>/civic/new/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "participants/<str:code>/civic/<int:civic_id>/remove/": POST_ONLY_SIGNED_IN,
    # Community perception surveys (issue 12): everyone of a city who works on the programme reads
    # its rounds (the M&E officer too) and all but the M&E officer run rounds; the sample round is
    # the coordinator's organisation's, which alone enters answers in it.
    "community/surveys/": _by(
        404, 302, **dict.fromkeys([*ON_THE_CASE, "cso_partner", "police_partner", "me_officer", *CITY_B], 200)
    ),
    "community/surveys/new/": _by(
        404, 302, **dict.fromkeys([*ON_THE_CASE, "cso_partner", "police_partner", *CITY_B], 200)
    ),
    "community/surveys/<int:round_id>/": _by(
        404, 302, **dict.fromkeys([*ON_THE_CASE, "cso_partner", "police_partner", "me_officer"], 200)
    ),
    "community/surveys/<int:round_id>/close/": POST_ONLY_SIGNED_IN,
    "community/surveys/<int:round_id>/paper/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "community/surveys/<int:round_id>/tablet/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    "community/surveys/<int:round_id>/tablet/thanks/": _by(404, 302, **dict.fromkeys(ON_THE_CASE, 200)),
    # Unmet needs (issue 12): the page of their city for its coordinators and M&E officers (city B's
    # coordinator sees Shymkent); the download is POST only.
    "unmet-needs/": _by(404, 302, **dict.fromkeys(DASHBOARD_READERS, 200)),
    "unmet-needs/download/": POST_ONLY_SIGNED_IN,
    # Reports: city A's report (issued once) is drafted by city A's coordinator and M&E officer;
    # only the coordinator issues; city B's coordinator has the list but not this report.
    "reports/": _by(404, 302, **dict.fromkeys(DASHBOARD_READERS, 200)),
    "reports/new/": POST_ONLY_SIGNED_IN,
    "reports/<int:report_id>/": _by(404, 302, **dict.fromkeys(CITY_A_REPORTERS, 200)),
    "reports/<int:report_id>/issue/": POST_ONLY_SIGNED_IN,
    "reports/<int:report_id>/correct/": POST_ONLY_SIGNED_IN,
    "reports/<int:report_id>/v<int:number>/": _by(404, 302, **dict.fromkeys(CITY_A_REPORTERS, 200)),
    "reports/<int:report_id>/v<int:number>.pdf": _by(404, 302, **dict.fromkeys(CITY_A_REPORTERS, 200)),
    "reports/<int:report_id>/v<int:number>.xlsx": _by(404, 302, **dict.fromkeys(CITY_A_REPORTERS, 200)),
    # The practice library (issue 13 §1). The sample practice is city A's, published, with one
    # attachment: every member of city A reads it and its attachment; city B and the outsider find
    # nothing. Only city A's network editor drafts; a published practice is edited, submitted,
    # reviewed and given attachments by nobody; its network editor and coordinator share and withdraw it.
    "practices/": _by(200, 302, outsider=404),
    "practices/new/": _by(404, 302, network_editor=200),
    "practices/<int:practice_id>/": _by(200, 302, **dict.fromkeys([*CITY_B, "outsider"], 404)),
    "practices/<int:practice_id>/edit/": _by(404, 302),
    "practices/<int:practice_id>/submit/": POST_ONLY_SIGNED_IN,
    "practices/<int:practice_id>/review/": POST_ONLY_SIGNED_IN,
    "practices/<int:practice_id>/share/": POST_ONLY_SIGNED_IN,
    "practices/<int:practice_id>/withdraw/": POST_ONLY_SIGNED_IN,
    "practices/<int:practice_id>/attachments/new/": _by(404, 302),
    # Translations follow publication: the city's network editor translates the published sample.
    "practices/<int:practice_id>/translations/<str:language>/": _by(404, 302, network_editor=200),
    "practices/<int:practice_id>/attachments/<int:attachment_id>/": _by(
        200, 302, **dict.fromkeys([*CITY_B, "outsider"], 404)
    ),
    "notices/<int:notice_id>/read/": POST_ONLY_SIGNED_IN,
    # Coordination. Everyone with a membership has an inbox and the service directory.
    "inbox/": SIGNED_IN_ONLY,
    # The navigation's count, fetched by the page: everyone's own notices and waiting items.
    "inbox/count/": SIGNED_IN_ONLY,
    "services/": _by(200, 302, outsider=404),
    # The lead and the coordinator refer; only the owning coordinator transfers and convenes.
    "participants/<str:code>/referrals/new/": _by(404, 302, coordinator=200, case_worker=200),
    "participants/<str:code>/transfers/new/": _by(404, 302, coordinator=200),
    "participants/<str:code>/conferences/new/": _by(404, 302, coordinator=200),
    # The sample referral goes from city A's social services to its CSO: the case team and
    # the CSO see it; the police partner and city B do not.
    "referrals/<int:referral_id>/": _by(404, 302, cso_partner=200, **dict.fromkeys(ON_THE_CASE, 200)),
    "referrals/<int:referral_id>/answer/": POST_ONLY_SIGNED_IN,
    "referrals/<int:referral_id>/service/": POST_ONLY_SIGNED_IN,
    "referrals/<int:referral_id>/done/": POST_ONLY_SIGNED_IN,
    "referrals/<int:referral_id>/revoke/": POST_ONLY_SIGNED_IN,
    # The sample transfer goes from city A's coordinator to city B's.
    "transfers/<int:transfer_id>/": _by(404, 302, coordinator=200, other_coordinator=200),
    "transfers/<int:transfer_id>/decide/": POST_ONLY_SIGNED_IN,
    "transfers/<int:transfer_id>/cancel/": POST_ONLY_SIGNED_IN,
    # The sample conference is about the mother, with city A's CSO invited.
    "conferences/<int:conference_id>/": _by(404, 302, cso_partner=200, **dict.fromkeys(ON_THE_CASE, 200)),
    "conferences/<int:conference_id>/record/": POST_ONLY_SIGNED_IN,
    "conferences/<int:conference_id>/decisions/new/": _by(404, 302, coordinator=200),
    # The administrators' site: organisations, users and memberships, no case content.
    # The administrator's pages (issue 18 §12): users, memberships, lockouts. The sample user is
    # city A's coordinator (an administrator does not act on their own account here).
    "administration/users/": ADMIN_ONLY,
    "administration/users/new/": ADMIN_ONLY,
    "administration/users/<int:user_id>/": ADMIN_ONLY,
    "administration/users/<int:user_id>/edit/": ADMIN_ONLY,
    "administration/users/<int:user_id>/deactivate/": ADMIN_POST_ONLY,
    "administration/users/<int:user_id>/reactivate/": ADMIN_POST_ONLY,
    "administration/users/<int:user_id>/memberships/new/": ADMIN_ONLY,
    "administration/users/<int:user_id>/memberships/<int:membership_id>/deactivate/": ADMIN_POST_ONLY,
    "administration/users/<int:user_id>/second-factor/remove/": ADMIN_POST_ONLY,
    "administration/users/<int:user_id>/password/": ADMIN_ONLY,
    "administration/users/<int:user_id>/sign-out/": ADMIN_POST_ONLY,
    "administration/users/<int:user_id>/sharing-beyond-consent/allow/": ADMIN_POST_ONLY,
    "administration/users/<int:user_id>/sharing-beyond-consent/withdraw/": ADMIN_POST_ONLY,
    "administration/lockouts/": ADMIN_ONLY,
    "administration/lockouts/<int:attempt_id>/unlock/": ADMIN_POST_ONLY,
    # Network exchange (issue 13 §2): the city's reports to the hub, for its network editors and
    # coordinators (city B's coordinator has the list, not city A's report). The sample report is
    # city A's, built by its network editor and approved by its coordinator.
    "network/reports/": _by(404, 302, network_editor=200, coordinator=200, other_coordinator=200),
    "network/reports/new/": POST_ONLY_SIGNED_IN,
    "network/reports/<int:network_report_id>/": _by(404, 302, network_editor=200, coordinator=200),
    "network/reports/<int:network_report_id>/indicators/<str:indicator_code>/": _by(
        404, 302, network_editor=200, coordinator=200
    ),
    "network/reports/<int:network_report_id>/approve/": POST_ONLY_SIGNED_IN,
    "network/reports/<int:network_report_id>/send/": POST_ONLY_SIGNED_IN,
    "network/reports/<int:network_report_id>/file/": _by(404, 302, network_editor=200, coordinator=200),
}
# The administrator's pages (issue 18 §12): organisations, jurisdictions, services, needs domains
# and milestone kinds. Administrators only; everyone else signed in finds nothing (404).
EXPECTED.update(
    dict.fromkeys(
        [
            "administration/jurisdictions/",
            "administration/jurisdictions/new/",
            "administration/jurisdictions/<int:jurisdiction_id>/",
            "administration/organisations/",
            "administration/organisations/new/",
            "administration/organisations/<int:organisation_id>/",
            "administration/organisations/<int:organisation_id>/edit/",
            "administration/organisations/<int:organisation_id>/services/new/",
            "administration/organisations/<int:organisation_id>/services/<int:service_id>/",
            "administration/needs-domains/",
            "administration/needs-domains/new/",
            "administration/needs-domains/<int:domain_id>/",
            "administration/milestone-kinds/",
            "administration/milestone-kinds/new/",
            "administration/milestone-kinds/<int:kind_id>/",
        ],
        ADMIN_ONLY,
    )
)
# The network hub (issue 13 §3): its pages and its receiving API exist only on a hub
# (HOMECOMING_ROLE=hub). This matrix runs as a city, where they answer 404 to everyone, signed in
# or not, whatever the method; network/hub/tests walk them as a hub.
HUB_ROUTES = [
    "hub/api/reports/",
    "hub/reports/",
    "hub/reports/upload/",
    "hub/members/enrol/",
    "hub/compare/",
    "hub/trends/",
]
EXPECTED.update({route: {ANON: 404, "*": 404} for route in HUB_ROUTES})
# The JSON API (issue 14) takes a token, never the session: to these signed-in clients each
# operation answers 401 (405 to a method it does not have), and its public schema 200.
# api/tests/test_authorization_matrix.py walks every operation with each persona's token.


def _api_rows(method: str) -> dict:
    from api.main import api

    operations = api.get_openapi_schema()["paths"]
    rows = {"api/v1/openapi.json": OPEN if method == "get" else READ_ONLY_API, "api/v1/": {ANON: 404, "*": 404}}
    for path, methods in operations.items():
        status = 401 if method in methods else 405
        rows[path.lstrip("/").replace("{", "<").replace("}", ">")] = {ANON: status, "*": status}
    return rows


READ_ONLY_API = {ANON: 405, "*": 405}
EXPECTED.update(_api_rows("get"))


# The administrator's pages (issue 18 §12): imported instruments and the DHIS2 mapping (a city's), the
# member cities (a hub's: absent on a city, as HUB_ROUTES, whoever asks). POST-only routes: 405 to the
# administrator's GET. The DHIS2 data set exists (the demo mapping): its "add" page sends back to it.
ADMIN_POST_ONLY = {ANON: 302, ADMIN: 405, "*": 404}
ADMIN_DHIS2_ROWS = {"data-set": "data_set_id", "elements": "element_id"} | {
    "category-option-combos": "combo_id",
    "organisation-units": "unit_id",
}
EXPECTED.update(
    {
        "administration/instruments/": ADMIN_ONLY,
        "administration/instruments/import/": ADMIN_ONLY,
        "administration/instruments/<int:definition_id>/": ADMIN_ONLY,
        "administration/instruments/<int:definition_id>/offer/": ADMIN_POST_ONLY,
        "administration/dhis2-mapping/": ADMIN_ONLY,
        "administration/dhis2-mapping/mapping.json": ADMIN_ONLY,
        "administration/dhis2-mapping/import/": ADMIN_ONLY,
    }
)
for _segment, _id in ADMIN_DHIS2_ROWS.items():
    EXPECTED.update(
        {
            f"administration/dhis2-mapping/{_segment}/": ADMIN_ONLY,
            f"administration/dhis2-mapping/{_segment}/new/": ADMIN_ONLY,
            f"administration/dhis2-mapping/{_segment}/<int:{_id}>/": ADMIN_ONLY,
            f"administration/dhis2-mapping/{_segment}/<int:{_id}>/delete/": ADMIN_POST_ONLY,
        }
    )
EXPECTED["administration/dhis2-mapping/data-set/new/"] = {ANON: 302, ADMIN: 302, "*": 404}
ADMIN_READ_ONLY = [
    "administration/instruments/",
    "administration/instruments/<int:definition_id>/",
    "administration/dhis2-mapping/",
    "administration/dhis2-mapping/mapping.json",
    *(f"administration/dhis2-mapping/{segment}/" for segment in ADMIN_DHIS2_ROWS),
]
ADMIN_HUB_ROUTES = [
    "administration/members/",
    "administration/members/<int:member_id>/",
    "administration/members/<int:member_id>/keys/new/",
    "administration/members/<int:member_id>/keys/<int:key_id>/end/",
]
EXPECTED.update({route: {ANON: 404, "*": 404} for route in ADMIN_HUB_ROUTES})


def all_routes() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


def sample_path(route: str, objects: dict) -> str:
    """A concrete URL for a route, with real objects for its parameters."""
    path = route.replace("<str:section>", "notes").replace("<str:language>", "ru")
    for parameter in (
        "household_code",
        "code",
        "consent_id",
        "place_id",
        "notice_id",
        "record_id",
        "note_id",
        "milestone_id",
        "incident_id",
        "civic_id",
        "goal_id",
        "action_id",
        "review_id",
        "closure_id",
        "administration_id",
        "instrument_code",
        "referral_id",
        "transfer_id",
        "conference_id",
        "indicator_code",
        "extract_id",
        "report_id",
        "number",
        "activity_id",
        "course_id",
        "session_id",
        "round_id",
        "practice_id",
        "attachment_id",
        "network_report_id",
        "token_id",
        "user_id",
        "membership_id",
        "attempt_id",
        # The administrator's pages (issue 18 §12): organisations, jurisdictions, reference data.
        *("jurisdiction_id", "organisation_id", "service_id", "domain_id", "kind_id"),
        "definition_id",
        "data_set_id",
        "element_id",
        "combo_id",
        "unit_id",
        "member_id",
        "key_id",
    ):
        for form in (f"<str:{parameter}>", f"<int:{parameter}>", f"<{parameter}>"):
            path = path.replace(form, str(objects[parameter]))
    assert "<" not in path, f"no sample for {route}"
    return "/" + path


def test_every_url_has_an_entry():
    missing = sorted(set(all_routes()) - set(EXPECTED))
    assert missing == [], f"add these URLs to the authorization matrix: {missing}"


def test_the_matrix_has_no_stale_entries():
    assert sorted(set(EXPECTED) - set(all_routes())) == []


def make_matrix_objects(city_a, city_b, coordinator, case_worker, family) -> dict:
    """One record of each kind a route takes, keyed by the route's parameter,
    made through the actions the pages use."""
    import datetime

    from axes.models import AccessAttempt
    from django.utils import timezone

    from accounts.models import PendingChange, User
    from casework.models import MilestoneKind, NeedsDomain
    from casework.tests import builders as casework
    from coordination import actions as coordination
    from instruments.tests.builders import screening
    from notices.actions import notify
    from people.tests.builders import actor_of
    from people.tests.builders import consent as record_consent

    # Asked for by an administrator who is none of the personas, so that both the administrator
    # and the case worker's coordinator may decide it. Pending changes are made by the admin
    # site's save, which needs a request; the model row is what the pages read.
    change = PendingChange.objects.create(
        kind=PendingChange.Kind.SECOND_FACTOR, user=case_worker, requested_by=User.objects.create_user("requester")
    )
    # Failed sign-ins are axes' own rows: no action of ours makes them.
    attempt = AccessAttempt.objects.create(username="x", ip_address="127.0.0.1", failures_since_start=1)
    consent = record_consent(family.mother, city_a.cso, ["summary"], recorded_by=coordinator)
    notify([coordinator], kind="emergency_access", participant=family.mother, data={})
    notice = coordinator.notices.get()
    goal = casework.goal(family.mother, "housing", "A home", by=case_worker)
    action = casework.action(goal, "Apply", by=case_worker, responsible_organisation=city_a.social)
    phase = casework.phase(family.mother, "reintegration", by=coordinator, started_on=datetime.date(2026, 1, 1))
    note = casework.note(family.mother, "Visit", by=case_worker, occurred_on=datetime.date(2026, 1, 2))
    referral = coordination.send_referral(
        actor=actor_of(case_worker),
        participant=family.mother,
        to_organisation=city_a.cso,
        domain=NeedsDomain.objects.get(code="livelihood"),
        what="Work",
        urgency="routine",
        categories=["summary"],
    )
    transfer = coordination.propose_transfer(
        actor=actor_of(coordinator),
        participants=[family.son],
        household=None,
        to_organisation=city_b.social,
        handover_note="Moving",
    )
    conference = coordination.schedule_conference(
        actor=actor_of(coordinator),
        participant=family.mother,
        whole_household=False,
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
        place="",
        organisations=[city_a.cso],
    )
    plan = goal.plan
    plan.refresh_from_db()
    from mel.dhis2 import models as dhis2
    from mel.dhis2.tests.helpers import map_as_in_the_demo

    map_as_in_the_demo()
    report = _issued_report(coordinator, city_a)
    # Practitioners: a course of city A's social services, and a session of it naming the case worker.
    from community.practitioners.tests import builders as practitioners

    training_course = practitioners.course(coordinator)
    training_session = practitioners.training(
        coordinator, training_course, groups=[("school", "teacher", 12)], named=[case_worker]
    )
    objects = {
        "code": family.mother.code,
        "referral_id": referral.pk,
        "transfer_id": transfer.pk,
        "conference_id": conference.pk,
        "consent_id": consent.pk,
        "place_id": family.mother.team.first().pk,
        "notice_id": notice.pk,
        "record_id": phase.pk,
        "household_code": family.household.code,
        "goal_id": goal.pk,
        "action_id": action.pk,
        "review_id": casework.review(family.mother, by=coordinator, scheduled_on=datetime.date(2026, 12, 1)).pk,
        "closure_id": casework.closure(family.mother, "goals_met", by=coordinator).pk,
        "instrument_code": "phq9",
        "administration_id": screening(family.mother, by=case_worker, administered_on=datetime.date(2026, 1, 1)).pk,
        "note_id": note.pk,
        "milestone_id": casework.milestone(
            family.mother, "documents_restored", by=case_worker, reached_on=datetime.date(2026, 1, 5)
        ).pk,
        # Experiences: both recorded by the lead case worker.
        **_experiences(family, case_worker),
        "indicator_code": next(iter(CATALOGUE)),
        "extract_id": _extract(city_a).pk,
        "report_id": report.pk,
        "report_period": report.period,
        "number": 1,
        "activity_id": _activity(case_worker, city_a).pk,
        "course_id": training_course.pk,
        "session_id": training_session.pk,
        "round_id": _survey_round(coordinator).pk,
        **_practice(city_a, coordinator),
        "network_report_id": _network_report(city_a, coordinator).pk,
        "token_id": _token(case_worker).pk,
        # The administrator's pages act on city A's coordinator, their membership, a failed sign-in.
        "user_id": coordinator.pk,
        "membership_id": coordinator.memberships.get().pk,
        "attempt_id": attempt.pk,
        **_reference_data(city_a),
        # Values the POST bodies name.
        "plan_version": plan.version,
        "housing": NeedsDomain.objects.get(code="housing").pk,
        "employed_kind": MilestoneKind.objects.get(code="employed").pk,
        "social": city_a.social.pk,
        "cso": city_a.cso.pk,
        "other_social": city_b.social.pk,
        "case_worker_membership": case_worker.memberships.get().pk,
        "city_pk": city_a.city.pk,
        "data_set_id": dhis2.Dhis2DataSet.objects.get().pk,
        "element_id": dhis2.Dhis2DataElement.objects.first().pk,
        "combo_id": dhis2.Dhis2CategoryOptionCombo.objects.first().pk,
        "unit_id": dhis2.Dhis2OrganisationUnit.objects.first().pk,
        # No member city on a city: its pages answer 404 whatever the number.
        "member_id": 1,
        "key_id": 1,
        "change": change.pk,
        "definition_id": _imported_definition(coordinator).pk,
    }
    return objects


def _reference_data(city_a) -> dict:
    """The administrator's pages' samples (issue 18 §12): city A, its social services and one of
    their services, a needs domain and a milestone kind."""
    from casework.models import MilestoneKind, NeedsDomain
    from coordination.models import Service

    housing = NeedsDomain.objects.get(code="housing")
    service = Service.objects.create(
        organisation=city_a.social, domain=housing, description="Housing advice", contact_point="Desk 3"
    )
    return {
        "jurisdiction_id": city_a.city.pk,
        "region": city_a.city.parent_id,
        "organisation_id": city_a.social.pk,
        "service_id": service.pk,
        "domain_id": housing.pk,
        "kind_id": MilestoneKind.objects.get(code="employed").pk,
    }


def _experiences(family, case_worker) -> dict:
    from community.experiences.tests.helpers import civic, incident

    return {
        "incident_id": incident(family.mother, by=case_worker).pk,
        "civic_id": civic(family.mother, by=case_worker).pk,
    }


def _extract(city_a):
    """City A's M&E officer's request for this year's extract, waiting for a decision."""
    from django.utils import timezone

    from accounts.models import User
    from mel.extracts.actions import request_extract
    from mel.periods import Period
    from mel.scope import scope_for
    from people.tests.builders import actor_of

    actor = actor_of(User.objects.get(username="a.me"))
    return request_extract(
        actor=actor,
        scope=scope_for(actor.membership),
        variables=["sex", "age_band"],
        period=Period.containing(timezone.localdate(), "year"),
        purpose="Evaluation",
    )


def _activity(case_worker, city_a):
    """A community activity of city A, recorded by its social services with the CSO as partner."""
    from community.activities.tests.builders import activity

    return activity(case_worker, partners=[city_a.cso])


def _survey_round(coordinator):
    """An open round of city A's social services, collecting answers today."""
    import datetime

    from django.utils import timezone

    from community.surveys.tests.helpers import make_round

    today = timezone.localdate()
    return make_round(
        coordinator, starts_on=today - datetime.timedelta(days=7), ends_on=today + datetime.timedelta(days=7)
    )


def _practice(city_a, coordinator) -> dict:
    from directory.models import Role
    from network.library import actions as library
    from network.library.models import Practice
    from network.library.tests.builders import make_practice
    from network.library.tests.files import PDF

    editor = city_a.social.memberships.get(role=Role.NETWORK_EDITOR).user
    practice = make_practice(editor, city_a.social)
    attachment = library.add_attachment(actor=Actor.of(editor), practice=practice, name="sample.pdf", data=PDF)
    Practice.objects.filter(pk=practice.pk).update(state=Practice.State.PUBLISHED, reviewed_by=coordinator)
    return {"practice_id": practice.pk, "attachment_id": attachment.pk}


def _issued_report(coordinator, city_a):
    from mel.reports import actions as reports
    from mel.reports.models import ReportFile
    from mel.views import default_period
    from people.tests.builders import actor_of

    report = reports.start_report(actor=actor_of(coordinator), city=city_a.city, period=default_period())
    version = reports.issue(actor=actor_of(coordinator), report=report, expected_version=report.version)
    # The PDF as if drawn already (a version's files are drawn once and kept): drawing one takes
    # seconds, and mel/reports/tests test the drawing; here only who may download it is tested.
    for language in ("en", "ru", "kk"):
        ReportFile.objects.create(version=version, kind="pdf", language=language, body=b"%PDF-1.7 sample")
    return version.report


def _token(owner):
    import datetime

    from accounts.actions import create_token

    expires_on = datetime.date.fromisoformat(_in_days(30))
    actor = Actor.of(owner, owner.memberships.get())
    return create_token(actor=actor, name="Sample", scope="read", expires_on=expires_on)[0]


def _network_report(city_a, coordinator):
    from accounts.models import User
    from network.exchange.tests.helpers import approved

    return approved(User.objects.get(username="a.editor"), coordinator, city_a.city)


def _imported_definition(administrator):
    import copy as deep

    from instruments.actions import import_definition
    from instruments.definitions import parse, shipped

    raw = deep.deepcopy(shipped()["phq9"].raw) | {"code": "phq9-imported", "version": "1"}
    return import_definition(actor=Actor.of(administrator), instrument=parse(raw))


@dataclass
class Matrix:
    personas: dict  # persona name -> User
    objects: dict  # route parameter -> sample value


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker) -> Matrix:
    """The two cities, every persona, city A's family and a sample of each record, made once
    for the module in a transaction that is rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        country = make_country()
        city_a, city_b = make_city(country, "almaty", "Almaty"), make_city(country, "shymkent", "Shymkent")
        personas = {name: make_persona(city_a, city_b) for name, make_persona in PERSONA_ACCOUNTS.items()}
        coordinator, case_worker = personas["coordinator"], personas["case_worker"]
        family = make_family(city_a, case_worker, personas["psychologist"], coordinator)
        yield Matrix(personas, make_matrix_objects(city_a, city_b, coordinator, case_worker, family))
        transaction.set_rollback(True)


def expected_status(route: str, persona: str) -> int:
    row = EXPECTED[route]
    return row.get(persona, row["*"])


# Every page with the style sheets and scripts it loads (issue 18).
PAGE_LIMIT = 100 * 1000


def wrong_answers(client, persona: str, objects: dict) -> list[str]:
    """GET every route as the persona whose session ``client`` carries; one line per route
    whose status differs from the matrix, or whose page weighs more than PAGE_LIMIT."""
    wrong = []
    for route in all_routes():
        expected = expected_status(route, persona)
        path = sample_path(route, objects)
        response = client.get(path)
        if response.status_code != expected:
            wrong.append(f"{persona} GET {path} ({route}): expected {expected}, got {response.status_code}")
        elif (bytes_ := _page_weight(response)) > PAGE_LIMIT:
            wrong.append(f"{persona} GET {path} ({route}): {bytes_} bytes with its CSS and JS")
    return wrong


def _page_weight(response) -> int:
    if not response.get("Content-Type", "").startswith("text/html"):
        return 0
    return weight(response.content.decode())


# --- POST --------------------------------------------------------------------------------
#
# Every route is also POSTed, with an empty body and with a valid-looking one. Access is
# checked before any form is read: a persona without access gets the same 404 (or 403) as
# its GET whatever it posts, never a form redrawn with errors, a redirect that means done,
# or a 500; anonymous visitors are sent to sign in; a route that only reads answers 405.
# A persona with access gets ACCESS: the form redrawn with its errors (200, or 400 where the
# view says so), done (302/303), or a conflict (409); never 404 or 500.
#
# post_expectation() derives each answer from the GET row: 200 becomes ACCESS, 404/403 and
# anonymous 302 stay. Routes where that does not hold have a row in EXPECTED_POST: POST-only
# routes (their GET row says 405) and routes whose POST answers differently from their GET.

ACCESS = frozenset({200, 302, 303, 400, 409})
SIGN_IN = ("/account/login/",)
# Someone who may use the page but not act on this record: 400 to a post that names none.
NOT_MINE = frozenset({400, 404})
READ_ONLY = {ANON: 405, "*": 405}
READ_ONLY_SIGNED_IN = {ANON: 302, "*": 405}


def _post_by(default, anonymous=302, **overrides) -> dict:
    return {ANON: anonymous, "*": default, **overrides}


EXPECTED_POST: dict[str, dict] = {
    # Routes that only read: the method is refused before anything else, which tells nothing.
    "healthz": READ_ONLY,
    "account/2fa/": READ_ONLY_SIGNED_IN,
    "account/2fa/recovery-codes/": READ_ONLY_SIGNED_IN,
    # (Those without a second factor have nothing to download: 404 before the method.)
    "account/2fa/recovery-codes/download/": _by(404, 302, **dict.fromkeys(WITH_TOTP, 405)),
    # Anyone may switch the language; signing out sends the anonymous home, not to sign in.
    "language/": {ANON: ACCESS, "*": ACCESS},
    "account/logout/": {ANON: "/", "*": ACCESS},
    "account/sign-out-everywhere/": _post_by(ACCESS),
    "account/tokens/": _post_by(ACCESS),
    "account/tokens/<int:token_id>/revoke/": _post_by(404, case_worker=ACCESS),
    # The coordinator of the user's organisation and the administrators decide the sample
    # change; city B's coordinator sees the page but may not decide it (404), and a post
    # naming no change is refused (400).
    "account/changes/": _post_by(404, **dict.fromkeys([ADMIN, "coordinator"], ACCESS), other_coordinator=NOT_MINE),
    # The administrator's POST-only routes (issue 18 §12).
    **dict.fromkeys(
        [route for route, row in EXPECTED.items() if route.startswith("administration/") and row == ADMIN_POST_ONLY],
        _post_by(404, administrator=ACCESS),
    ),
    # POST-only routes. Identity: the lead and the owning coordinator.
    "participants/<str:code>/identity/reveal/": _post_by(404, coordinator=ACCESS, case_worker=ACCESS),
    "participants/<str:code>/identity/photo/upload/": _post_by(404, coordinator=ACCESS, case_worker=ACCESS),
    "participants/<str:code>/consents/<int:consent_id>/withdraw/": _post_by(
        404, coordinator=ACCESS, case_worker=ACCESS
    ),
    "participants/<str:code>/team/<int:place_id>/remove/": _post_by(404, coordinator=ACCESS),
    "participants/<str:code>/phases/<int:record_id>/end/": _post_by(404, coordinator=ACCESS, case_worker=ACCESS),
    "participants/<str:code>/plan/approve/": _post_by(404, coordinator=ACCESS),
    # The sample milestone is legal data: only the lead case worker changes it.
    "participants/<str:code>/milestones/<int:milestone_id>/remove/": _post_by(404, case_worker=ACCESS),
    "participants/<str:code>/closure/<int:closure_id>/decide/": _post_by(404, coordinator=ACCESS),
    # The sample case is open: there is nothing to reopen, for anyone.
    "participants/<str:code>/reopen/": _post_by(404),
    "notices/<int:notice_id>/read/": _post_by(404, coordinator=ACCESS),
    # The CSO answers the sample referral; it is not accepted yet, so recording a service or
    # marking it done is refused (403) to the CSO and hidden (404) from everyone else.
    "referrals/<int:referral_id>/answer/": _post_by(404, cso_partner=ACCESS),
    "referrals/<int:referral_id>/service/": _post_by(404, cso_partner=403),
    "referrals/<int:referral_id>/done/": _post_by(404, cso_partner=403),
    "referrals/<int:referral_id>/revoke/": _post_by(404, coordinator=ACCESS, case_worker=ACCESS),
    "transfers/<int:transfer_id>/decide/": _post_by(404, other_coordinator=ACCESS),
    "transfers/<int:transfer_id>/cancel/": _post_by(404, coordinator=ACCESS),
    "conferences/<int:conference_id>/record/": _post_by(404, coordinator=ACCESS),
    # The dashboards only read: 404 for those who have none, the method refused for their readers.
    "indicators/": _post_by(405),
    "indicators/<str:indicator_code>/": _post_by(405),
    # Extracts: the list and a request's page only read. The requester's decision is refused on the
    # page (303 with a message); the sample request is not approved yet, so its requester's download
    # is sent back to the page (303); everyone else finds no such request.
    "extracts/": _post_by(405),
    "extracts/<int:extract_id>/": _post_by(405),
    "extracts/<int:extract_id>/decide/": _post_by(404, coordinator=ACCESS, me_officer=ACCESS),
    "extracts/<int:extract_id>/download.csv.zip": _post_by(404, me_officer=ACCESS),
    "extracts/<int:extract_id>/download.xlsx": _post_by(404, me_officer=ACCESS),
    "dhis2/": _post_by(405),
    "dhis2/download/": _post_by(404, **dict.fromkeys(DASHBOARD_READERS, ACCESS)),
    # Community activities: the list and an activity's page only read; only the organiser's coordinator removes.
    "community/activities/": _post_by(405),
    "community/activities/<int:activity_id>/": _post_by(405),
    "community/activities/<int:activity_id>/remove/": _post_by(404, coordinator=ACCESS),
    # Practitioners: the training page, a session's page and one's own page only read.
    "practitioners/training/": _post_by(405),
    "practitioners/training/sessions/<int:session_id>/": _post_by(405),
    "practitioners/me/": _post_by(405),
    # Experiences: the sample records are the lead case worker's; only they (recorder and lead) remove them.
    "participants/<str:code>/stigma/<int:incident_id>/remove/": _post_by(404, case_worker=ACCESS),
    "participants/<str:code>/civic/<int:civic_id>/remove/": _post_by(404, case_worker=ACCESS),
    # Community perception surveys: the list, the results and the thank-you screen only read; the
    # sample round's organisation closes it.
    "community/surveys/": _post_by(405),
    "community/surveys/<int:round_id>/": _post_by(405),
    "community/surveys/<int:round_id>/tablet/thanks/": _post_by(405),
    "community/surveys/<int:round_id>/close/": _post_by(404, **dict.fromkeys(ON_THE_CASE, ACCESS)),
    # Unmet needs: the page only reads; its readers download their own city (the body names none,
    # so each gets their first city).
    "unmet-needs/": _post_by(405),
    "unmet-needs/download/": _post_by(404, **dict.fromkeys(DASHBOARD_READERS, ACCESS)),
    # Reports: city A's drafters start drafts and corrections; only its coordinator issues.
    "reports/": _post_by(405),
    "reports/new/": _post_by(404, coordinator=ACCESS, me_officer=ACCESS, other_coordinator=ACCESS),
    "reports/<int:report_id>/issue/": _post_by(404, coordinator=ACCESS),
    "reports/<int:report_id>/correct/": _post_by(404, **dict.fromkeys(CITY_A_REPORTERS, ACCESS)),
    "reports/<int:report_id>/v<int:number>/": _post_by(405),
    "reports/<int:report_id>/v<int:number>.pdf": _post_by(405),
    "reports/<int:report_id>/v<int:number>.xlsx": _post_by(405),
    # The practice library: the list, a practice's page and a download only read; the sample practice
    # is published, so there is nothing to submit or review; city A's editor and coordinator share and
    # withdraw it.
    "practices/": _post_by(405),
    "practices/<int:practice_id>/": _post_by(405),
    "practices/<int:practice_id>/attachments/<int:attachment_id>/": _post_by(405),
    "practices/<int:practice_id>/submit/": _post_by(404),
    "practices/<int:practice_id>/review/": _post_by(404),
    "practices/<int:practice_id>/share/": _post_by(404, network_editor=ACCESS, coordinator=ACCESS),
    "practices/<int:practice_id>/withdraw/": _post_by(404, network_editor=ACCESS, coordinator=ACCESS),
    # Network exchange: city A's network editor and coordinator build; only the coordinator approves
    # (the sample is approved already: sent back to the page); both send (no hub is set: sent back
    # to the page with a message); the list, the preview and the file only read.
    "network/reports/": _post_by(405),
    "network/reports/new/": _post_by(404, network_editor=ACCESS, coordinator=ACCESS, other_coordinator=ACCESS),
    "network/reports/<int:network_report_id>/": _post_by(405),
    "network/reports/<int:network_report_id>/indicators/<str:indicator_code>/": _post_by(405),
    "network/reports/<int:network_report_id>/approve/": _post_by(404, coordinator=ACCESS),
    "network/reports/<int:network_report_id>/send/": _post_by(404, network_editor=ACCESS, coordinator=ACCESS),
    "network/reports/<int:network_report_id>/file/": _post_by(405),
    # The administrator's pages: those that only read refuse the method; POST-only routes act for the
    # administrator; the hub's are absent here.
    **dict.fromkeys(ADMIN_READ_ONLY, _post_by(404, administrator=405)),
    "administration/instruments/<int:definition_id>/offer/": _post_by(404, administrator=ACCESS),
    **{
        f"administration/dhis2-mapping/{segment}/<int:{id_}>/delete/": _post_by(404, administrator=ACCESS)
        for segment, id_ in ADMIN_DHIS2_ROWS.items()
    },
    **dict.fromkeys(ADMIN_HUB_ROUTES, _post_by(404, anonymous=404)),
    # The network hub: absent on a city (see HUB_ROUTES).
    **dict.fromkeys(HUB_ROUTES, _post_by(404, anonymous=404)),
    # The administrator's lists and an organisation's page only read (issue 18 §12).
    **dict.fromkeys(
        [
            "administration/jurisdictions/",
            "administration/organisations/",
            "administration/organisations/<int:organisation_id>/",
            "administration/needs-domains/",
            "administration/milestone-kinds/",
        ],
        _post_by(404, **{ADMIN: 405}),
    ),
}


EXPECTED_POST.update(_api_rows("post"))


def post_expectation(route: str, persona: str) -> int | frozenset | str:
    """A status, a set of statuses, or (a str) where a 302 must lead. An anonymous 302 must
    lead to a sign-in page."""
    if route in EXPECTED_POST:
        row = EXPECTED_POST[route]
        return row.get(persona, row["*"])
    expected = expected_status(route, persona)
    return ACCESS if expected == 200 else expected


def _date(days: int = 0) -> str:
    import datetime

    return (datetime.date(2026, 1, 1) + datetime.timedelta(days=days)).isoformat()


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _in_days(days: int) -> str:
    import datetime

    from django.utils import timezone

    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _last_quarter() -> str:
    from mel.views import default_period

    return default_period().code


def _passwords(password: str) -> dict:
    return {"password1": password, "password2": password}


def _activity_body() -> dict:
    from community.activities.tests.builders import form_data

    return form_data()


def valid_bodies(o: dict) -> dict[str, dict]:
    """A plausible body for each route that reads one (field names of the route's form); routes
    without an entry are posted GENERIC_BODY."""
    from conftest import PASSWORD

    plan = {"plan_version": o["plan_version"]}
    action = {**plan, "description": "Apply", "responsible_organisation": o["social"], "status": "planned"}
    note = {"occurred_on": _date(), "kind": "visit", "domains": o["housing"], "text": "Visit", "sensitivity": "team"}
    new_password = "another-horse-battery-staple-43"
    return {
        "language/": {"language": "ru", "next": "/"},
        "account/login/": {"login": "a.psychologist", "password": PASSWORD},
        "account/reauthenticate/": {"password": PASSWORD},
        "account/password/change/": {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
        "account/changes/": {"change": o["change"], "decision": "refuse"},
        "account/tokens/": {"name": "Sample", "scope": "read", "expires_on": _in_days(30)},
        # The administrator's pages (issue 18 §12); their POST-only routes take the confirmation.
        "administration/users/new/": {"username": "a.sample", "with_password": "yes", **_passwords(new_password)},
        "administration/users/<int:user_id>/edit/": {"username": "a.coordinator", "first_name": "Sample"},
        "administration/users/<int:user_id>/memberships/new/": {"organisation": o["cso"], "role": "me_officer"},
        "administration/users/<int:user_id>/password/": _passwords(new_password),
        **{
            route: {"confirm": "yes"}
            for route, row in EXPECTED.items()
            if route.startswith("administration/") and row == ADMIN_POST_ONLY
        },
        "account/2fa/reauthenticate/": {"code": "123456"},
        "account/2fa/totp/activate/": {"code": "123456"},
        "participants/register/": {
            "address": "Street 1",
            "member-TOTAL_FORMS": "1",
            "member-INITIAL_FORMS": "0",
            "member-0-household_role": "mother",
            "member-0-full_name": "Aigerim Test",
            "member-0-sex": "female",
            "member-0-birth_year": "1990",
        },
        "participants/<str:code>/identity/reveal/": {"reason": "Checking a document"},
        "dhis2/download/": {"period": _last_quarter(), "city": "", "file": "json"},
        "community/activities/new/": _activity_body(),
        "community/activities/<int:activity_id>/edit/": {**_activity_body(), "version": "1"},
        # Practitioners.
        "practitioners/training/courses/new/": {
            "title": "Trauma-informed care",
            "topic": "trauma",
            "hours": "16",
            "organisation": o["social"],
            "is_active": "on",
        },
        "practitioners/training/courses/<int:course_id>/edit/": {
            "title": "Trauma-informed care",
            "topic": "trauma",
            "hours": "16",
            "organisation": o["social"],
        },
        "practitioners/training/sessions/new/": {
            "course": o["course_id"],
            "held_on": _date(),
            "trainer_organisation": o["social"],
            "hours": "",
            "named": o["case_worker_membership"],
            "group-TOTAL_FORMS": "6",
            "group-INITIAL_FORMS": "0",
            "group-0-organisation_kind": "school",
            "group-0-discipline": "teacher",
            "group-0-count": "12",
        },
        "practitioners/support/": {
            "kind": "supervision",
            "held_on": _date(),
            "hours": "2",
            "attendees": o["case_worker_membership"],
        },
        # Experiences.
        "participants/<str:code>/stigma/new/": {
            "occurred_on": _date(),
            "setting": "school",
            "what_happened": "Name-calling",
            "what_was_done": "Talked with the teacher",
        },
        "participants/<str:code>/civic/new/": {
            "kind": "volunteering",
            "started_on": _date(),
            "ended_on": _date(30),
            "note": "Food bank",
        },
        # Community perception surveys.
        "community/surveys/new/": {
            "survey": "hc-acceptance-demo",
            "title": "Spring baseline",
            "district": "",
            "starts_on": _date(),
            "ends_on": _date(30),
        },
        "community/surveys/<int:round_id>/paper/": {"collected_on": _today(), "item_a1": "4", "item_a3": "2"},
        "community/surveys/<int:round_id>/tablet/": {"step": "0", "item_a2": "5", "answer": "4"},
        "unmet-needs/download/": {"period": _last_quarter(), "city": "", "format": "csv"},
        "participants/<str:code>/consents/new/": {
            "categories": "summary",
            "recipient_kind": "cso",
            "purpose": "referral",
            "given_by": "participant",
            "given_on": _date(),
        },
        "participants/<str:code>/team/": {"membership": o["case_worker_membership"]},
        "participants/<str:code>/phases/new/": {"phase": "reintegration", "started_on": _date(1)},
        "participants/<str:code>/needs/new/": {"assessed_on": _date()},
        "participants/<str:code>/notes/new/": note,
        "participants/<str:code>/notes/<int:note_id>/edit/": {**note, "version": "1"},
        "participants/<str:code>/plan/": {**plan, "review_on": _date(300)},
        "participants/<str:code>/plan/approve/": plan,
        "participants/<str:code>/plan/goals/new/": {**plan, "domain": o["housing"], "what_matters": "A home"},
        "participants/<str:code>/plan/goals/<int:goal_id>/actions/new/": action,
        "participants/<str:code>/plan/actions/<int:action_id>/edit/": action,
        "participants/<str:code>/milestones/new/": {
            "kind": o["employed_kind"],
            "reached_on": _date(),
            "note": "Part-time",
        },
        "participants/<str:code>/milestones/<int:milestone_id>/edit/": {"reached_on": _date(), "version": "1"},
        "participants/<str:code>/milestones/<int:milestone_id>/remove/": {"version": "1"},
        "participants/<str:code>/reviews/new/": {"scheduled_on": _date(300)},
        "participants/<str:code>/reviews/<int:review_id>/outcome/": {"held_on": _date(), "outcome": "Held"},
        "participants/<str:code>/closure/": {"reason": "goals_met"},
        "participants/<str:code>/closure/<int:closure_id>/decide/": {"decision": "approve"},
        "participants/<str:code>/screenings/<str:instrument_code>/new/": {"administered_on": _date(), "mode": "paper"},
        "emergency-access/": {"code": o["code"], "reason": "The family is at the door"},
        "participants/<str:code>/referrals/new/": {
            "to_organisation": o["cso"],
            "domain": o["housing"],
            "what": "A flat",
            "urgency": "routine",
            "categories": "summary",
            "expires_on": _date(700),
        },
        "participants/<str:code>/transfers/new/": {"to_organisation": o["other_social"], "handover_note": "Moving"},
        "participants/<str:code>/conferences/new/": {
            "scheduled_at": "2099-01-01 10:00",
            "place": "Office 1",
            "organisations": o["cso"],
        },
        "referrals/<int:referral_id>/answer/": {"decision": "accept"},
        "referrals/<int:referral_id>/service/": {"given_on": _date(), "description": "Advice"},
        "transfers/<int:transfer_id>/decide/": {"decision": "accept"},
        "conferences/<int:conference_id>/record/": {"status": "held", "summary": "Talked"},
        "extracts/new/": {"variables": ["sex", "age_band"], "period": "2026", "purpose": "Evaluation"},
        "extracts/<int:extract_id>/decide/": {"decision": "refuse", "reason": "Too broad"},
        "reports/new/": {"period": o["report_period"]},
        "network/reports/new/": {"period": o["report_period"]},
        "reports/<int:report_id>/": {"what_worked": "Mentors", "needed_from_government": "Staff", "version": "2"},
        "reports/<int:report_id>/issue/": {"version": "2"},
        "practices/new/": {
            "title": "Sample",
            "summary": "Sample",
            "language": "en",
            "what_was_done": "Sample",
            "status": "inspiring",
            "evidence_strength": "practitioner_account",
            "evidence_text": "Sample",
        },
        "practices/<int:practice_id>/share/": {"shared": "yes"},
        "practices/<int:practice_id>/withdraw/": {"withdraw-reason": "Replaced"},
        "practices/<int:practice_id>/translations/<str:language>/": {"title": "Школа", "summary": "Дети идут в школу."},
        "reports/<int:report_id>/correct/": {"version": "2"},
        **_administration_bodies(o),
        "conferences/<int:conference_id>/decisions/new/": {
            "text": "Find a flat",
            "participant": o["code"],
            "responsible_organisation": o["social"],
        },
        **_administration_bodies(o),
    }


def _administration_bodies(o: dict) -> dict[str, dict]:
    """The administrator's forms (issue 18 §12): jurisdictions, organisations, services, reference data."""
    organisation = {
        "name": "Sample",
        "slug": "sample-organisation",
        "kind": "school",
        "jurisdiction": o["jurisdiction_id"],
    }
    service = {"domain": o["housing"], "description": "Advice", "contact_point": "Desk 3", "accepts_referrals": "on"}
    names = {
        "name_en": "Sample",
        "name_ru": "Пример",
        "name_kk": "Үлгі",
        "category": "needs_plan",
        "applies_to": "both",
    }
    return {
        "administration/jurisdictions/new/": {"name": "Sample", "slug": "sample-country", "level": "country"},
        "administration/jurisdictions/<int:jurisdiction_id>/": {
            **{"name": "Almaty", "name_ru": "Алматы", "name_kk": "Алматы", "slug": "almaty", "level": "city"},
            "parent": o["region"],
        },
        "administration/organisations/new/": {**organisation, "is_active": "on"},
        "administration/organisations/<int:organisation_id>/edit/": {**organisation, "slug": "almaty-social"},
        "administration/organisations/<int:organisation_id>/services/new/": {**service, "is_active": "on"},
        "administration/organisations/<int:organisation_id>/services/<int:service_id>/": service,
        "administration/needs-domains/new/": {**names, "code": "sample", "is_active": "on", "order": "5"},
        "administration/needs-domains/<int:domain_id>/": {**names, "code": "housing", "is_active": "on", "order": "5"},
        "administration/milestone-kinds/new/": {**names, "code": "sample", "is_active": "on", "order": "5"},
        "administration/milestone-kinds/<int:kind_id>/": {**names, "code": "employed", "is_active": "on", "order": "5"},
    }


def _administration_bodies(o: dict) -> dict[str, dict]:
    """The administrator's pages (issue 18 §12): a definition file, a mapping file, the mapping's rows, a
    member city and its keys (absent on a city, posted all the same)."""
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    from instruments.definitions import SHIPPED

    definition = json.loads((SHIPPED / "phq9.json").read_text(encoding="utf-8")) | {"code": "sample", "version": "1"}
    mapping = {
        "format": "homecoming-dhis2-mapping/1",
        "dataSet": "HC_SAMPLE",
        "organisationUnits": [],
        "dataElements": [],
        "categoryOptionCombos": [],
    }
    rows = {
        "data-set": {"code": "HC_SAMPLE"},
        "elements": {"indicator": "HC-COV-01", "part": "value", "dimension": "", "code": "HC_SAMPLE"},
        "category-option-combos": {"dimension": "sex", "key": "female", "code": "HC_SAMPLE"},
        "organisation-units": {"jurisdiction": o["city_pk"], "code": "HC_SAMPLE"},
    }
    bodies = {
        "administration/instruments/import/": {
            "file": SimpleUploadedFile("sample.json", json.dumps(definition).encode())
        },
        "administration/instruments/<int:definition_id>/offer/": {"offered": "no"},
        "administration/dhis2-mapping/import/": {
            "file": SimpleUploadedFile("mapping.json", json.dumps(mapping).encode())
        },
        "administration/members/<int:member_id>/": {"name": "Sample", "active": "on"},
        "administration/members/<int:member_id>/keys/new/": {
            "public_key": "c2FtcGxl",
            "fingerprint": "00",
            "valid_from": "2026-12-01T00:00",
        },
        "administration/members/<int:member_id>/keys/<int:key_id>/end/": {"valid_until": "2026-12-01T00:00"},
    }
    for segment, id_ in ADMIN_DHIS2_ROWS.items():
        bodies[f"administration/dhis2-mapping/{segment}/new/"] = rows[segment]
        bodies[f"administration/dhis2-mapping/{segment}/<int:{id_}>/"] = rows[segment]
        bodies[f"administration/dhis2-mapping/{segment}/<int:{id_}>/delete/"] = {"confirm": "yes"}
    return bodies


def post_variations(o: dict) -> dict[str, list[tuple[str, dict]]]:
    """More bodies for routes whose post does more than one thing (a button's ``action``, a ``next``
    address): each must answer as the route's row says, like its valid body (issue 18)."""
    bodies = valid_bodies(o)
    referral = bodies["participants/<str:code>/referrals/new/"]
    consent = bodies["participants/<str:code>/consents/new/"]
    return {
        # Redraw what may be shared (no JavaScript); keep the draft and go to record consent first.
        "participants/<str:code>/referrals/new/": [
            ("show what may be shared", {**referral, "action": "show"}),
            ("record consent first", {**referral, "action": "record_consent"}),
        ],
        # Back to the referral afterwards; an address on another site is never followed (still ACCESS: done).
        "participants/<str:code>/consents/new/": [
            ("back to a referral", {**consent, "next": f"/participants/{o['code']}/referrals/new/?draft=x"}),
            ("next on another site", {**consent, "next": "https://elsewhere.example/"}),
        ],
    }


# Admin forms and the routes without a form of their own.
GENERIC_BODY = {"name": "Sample", "username": "sample", "code": "sample", "post": "yes"}


def post_in_savepoint(client, path: str, data: dict):
    """POST inside a savepoint rolled back at once, with the client's cookies put back: one
    POST's effect (a withdrawn consent, a sign-out) never reaches the next route's answer."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.post(path, data)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def _shown(expected: int | frozenset | str) -> str:
    if isinstance(expected, str):
        return f"302 {expected}"
    if isinstance(expected, frozenset):
        return "/".join(map(str, sorted(expected))) + (" (access)" if expected == ACCESS else "")
    return str(expected)


def _answers(response, persona: str, expected: int | frozenset | str) -> bool:
    status = response.status_code
    if isinstance(expected, str):
        return status == 302 and response["Location"] == expected
    if isinstance(expected, frozenset):
        return status in expected
    if status == 302 and persona == ANON and expected == 302:
        return response["Location"].startswith(SIGN_IN)
    return status == expected


def wrong_post_answers(client, persona: str, objects: dict) -> list[str]:
    """POST every route, empty and with a valid-looking body, as the persona; one line per
    answer that differs from post_expectation()."""
    client.raise_request_exception = False  # a 500 is reported as a wrong answer, not raised
    bodies = valid_bodies(objects)
    variations = post_variations(objects)
    wrong = []
    for route in all_routes():
        expected = post_expectation(route, persona)
        path = sample_path(route, objects)
        for name, body in (("empty", {}), ("valid", bodies.get(route, GENERIC_BODY)), *variations.get(route, ())):
            response = post_in_savepoint(client, path, body)
            if not _answers(response, persona, expected):
                got = f"{response.status_code} {response.get('Location', '')}".strip()
                if response.status_code == 500:
                    got += f" {response.exc_info[1]!r}"
                wrong.append(f"{persona} POST {path} ({route}) {name} body: expected {_shown(expected)}, got {got}")
    return wrong


def test_the_matrix_personas_are_the_conftest_personas():
    assert sorted(PERSONA_ACCOUNTS) == sorted(PERSONAS)


@pytest.mark.parametrize("persona", [ANON, *PERSONAS])
def test_each_url_answers_each_persona_as_the_matrix_says(db, client, matrix, persona):
    if persona != ANON:
        client.force_login(matrix.personas[persona])
    wrong = wrong_answers(client, persona, matrix.objects)
    # After every GET, so that what a POST writes could only ever change other POSTs (and
    # each is rolled back at once anyway).
    wrong += wrong_post_answers(client, persona, matrix.objects)
    assert not wrong, "\n".join(wrong)


# --- Scenarios every persona goes through (issue 19) --------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_persona_breaks_the_glass_into_this_case_and_never_across_cities(db, client, matrix, persona):
    """Those on the case have nothing to break; the other city's coordinator and case worker are
    outside the city; everyone else may not break the glass at all."""
    from access.models import EmergencyAccess

    client.force_login(matrix.personas[persona])
    client.post(reverse("emergency_access"), {"code": matrix.objects["code"], "reason": "At the door now"})
    assert not EmergencyAccess.objects.exists()
    assert client.get(sample_path("participants/<str:code>/", matrix.objects)).status_code == expected_status(
        "participants/<str:code>/", persona
    )


HEALTH_PATHS = [
    "participants/<str:code>/",
    "participants/<str:code>/sections/<str:section>/",
    "participants/<str:code>/screenings/<int:administration_id>/",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_path_that_shows_a_screening_leaves_a_health_read_and_no_other_does(db, client, matrix, persona):
    from core.models import AuditEvent

    user = matrix.personas[persona]
    client.force_login(user)
    objects = {**matrix.objects, "section": "screenings"}
    for route in HEALTH_PATHS:
        reads = AuditEvent.objects.filter(action="health.viewed", actor=user)
        before = reads.count()
        response = client.get(sample_path(route, objects))
        shows = response.status_code == 200 and "PHQ-9" in response.content.decode()
        assert (reads.count() > before) == shows, (persona, route, response.status_code)


@pytest.mark.parametrize("persona", WITH_TOTP)
def test_wrong_second_factor_codes_lock_out_every_persona_that_has_one(db, client, matrix, persona):
    from django.conf import settings
    from django.utils import timezone

    from accounts.totp import current_code
    from conftest import PASSWORD

    user = matrix.personas[persona]
    client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    answer = client.post(reverse("mfa_authenticate"), {"code": current_code(user, at=timezone.now())})
    assert answer.status_code == 429
    assert client.get(sample_path("participants/<str:code>/", matrix.objects)).status_code == 302


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_session_ends_at_its_absolute_lifetime_whatever_the_activity(db, client, matrix, persona, settings):
    import time

    from accounts.middleware import LAST_SEEN_KEY, SIGNED_IN_AT_KEY

    client.force_login(matrix.personas[persona])
    session = client.session
    now = int(time.time())
    session[SIGNED_IN_AT_KEY] = now - settings.SESSION_COOKIE_AGE - 1
    session[LAST_SEEN_KEY] = now  # active a moment ago
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_an_administrator_giving_himself_a_coordinator_role_still_cannot_open_a_case(db, client, matrix):
    from directory.models import Membership, Role

    administrator = matrix.personas[ADMIN]
    client.force_login(administrator)
    url = reverse("administration_membership_new", args=[administrator.pk])
    body = {"organisation": matrix.objects["social"], "role": Role.COORDINATOR, "discipline": ""}
    assert client.post(url, body).status_code == 302
    assert not Membership.objects.filter(user=administrator, role=Role.COORDINATOR).exists()
    assert client.get(sample_path("participants/<str:code>/", matrix.objects)).status_code == 404
