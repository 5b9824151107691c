"""The report pages: the list, a draft (narrative, preview, issue), an issued version; who sees what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mel.reports.forms import report_periods
from mel.reports.models import Report
from mel.reports.tests.conftest import draft, issued


def test_a_coordinator_starts_a_draft_for_a_period_and_lands_on_it(client, coordinator, city_a):
    client.force_login(coordinator)
    period = report_periods()[0]
    response = client.post("/reports/new/", {"period": period.code})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert (report.city, report.period) == (city_a.city, period.code)


def test_a_period_outside_the_choices_is_refused(client, coordinator, city_a):
    client.force_login(coordinator)
    assert client.post("/reports/new/", {"period": "2999Q1"}).status_code == 400
    assert not Report.objects.exists()


def test_the_draft_page_shows_the_form_the_preview_and_the_issue_button_to_a_coordinator(
    client, coordinator, city_a, period, caseload
):
    report = draft(coordinator, city_a, period)
    client.force_login(coordinator)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "What worked" in page and "Issue version 1" in page and "Participants active" in page
    assert "Unmet needs and resource gaps" in page and "Caseload per case worker" in page


def test_the_city_me_officer_drafts_but_does_not_issue(client, me_officer, coordinator, city_a, period):
    report = draft(coordinator, city_a, period)
    client.force_login(me_officer)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "Save the draft" in page and "Issue version" not in page
    assert client.post(f"/reports/{report.pk}/issue/", {"version": report.version}).status_code == 404
    saved = client.post(
        f"/reports/{report.pk}/", {"what_worked": "Mentors", "needed_from_government": "", "version": report.version}
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.what_worked == "Mentors"


def test_a_stale_save_answers_409_and_keeps_what_was_typed(client, coordinator, city_a, period):
    report = draft(coordinator, city_a, period, what_worked="Saved first")
    client.force_login(coordinator)
    response = client.post(
        f"/reports/{report.pk}/", {"what_worked": "Typed later", "needed_from_government": "", "version": 1}
    )
    assert response.status_code == 409
    assert "Typed later" in response.content.decode()
    report.refresh_from_db()
    assert report.what_worked == "Saved first"


def test_issuing_freezes_the_page_and_offers_downloads_and_a_correction(client, coordinator, city_a, period, caseload):
    report = draft(coordinator, city_a, period)
    client.force_login(coordinator)
    response = client.post(f"/reports/{report.pk}/issue/", {"version": report.version})
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/v1/"
    version = report.versions.get()
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert version.content_hash in page and "Correct this report" in page and ".pdf?language=kk" in page
    assert client.post(f"/reports/{report.pk}/correct/", {"version": report.version + 1}).status_code == 302
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "What changed in this version" in page and "Issue version 2" in page


def test_the_national_officer_reads_issued_versions_only(
    client, national_me, coordinator, city_a, city_b, period, caseload
):
    issued_report = issued(coordinator, city_a, period).report
    draft_only = draft(coordinator, city_a, period.previous())
    client.force_login(national_me)
    listing = client.get("/reports/").content.decode()
    assert f"/reports/{issued_report.pk}/" in listing and f"/reports/{draft_only.pk}/" not in listing
    assert "Start the draft" not in listing
    assert client.get(f"/reports/{issued_report.pk}/").status_code == 200
    assert client.get(f"/reports/{draft_only.pk}/").status_code == 404
    assert client.post(f"/reports/{issued_report.pk}/correct/", {"version": 1}).status_code == 404


@pytest.mark.parametrize("persona", ["other_coordinator", "case_worker", "cso_partner", "outsider"])
def test_everyone_else_gets_404(client, request, coordinator, city_a, period, persona):
    report = draft(coordinator, city_a, period)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.post(f"/reports/{report.pk}/issue/", {"version": report.version}).status_code == 404


def test_the_list_takes_a_bounded_number_of_queries(client, coordinator, city_a, period):
    client.force_login(coordinator)
    client.get("/reports/")  # sessions and memberships warmed up
    draft(coordinator, city_a, period)
    with CaptureQueriesContext(connection) as few:
        client.get("/reports/")
    for earlier in report_periods()[1:6]:
        draft(coordinator, city_a, earlier)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/reports/").status_code == 200
    assert len(many) == len(few)
