"""The pages: the list, the preview (exactly the payload's numbers), approval, sending and the file."""

import json

import pytest
from django.urls import reverse

from conftest import weight
from network.exchange.models import NetworkReport
from network.exchange.report import loads
from network.exchange.tests.helpers import Hub, approved, built, running_hub


@pytest.fixture
def draft(db, city_a, network_editor):
    return built(network_editor, city_a.city)


def test_the_network_editor_builds_a_report_from_the_list(db, client, network_editor):
    client.force_login(network_editor)
    page = client.get(reverse("network_reports"))
    assert page.status_code == 200 and b"generate_network_key" in page.content
    period = page.context["form"].fields["period"].choices[0][0]
    response = client.post(reverse("network_report_new"), {"period": period})
    report = NetworkReport.objects.get()
    assert response["Location"] == reverse("network_report", args=[report.pk])
    assert (report.period, report.sequence) == (period, 1)


def test_a_period_that_is_not_offered_is_refused(db, client, network_editor):
    client.force_login(network_editor)
    assert client.post(reverse("network_report_new"), {"period": "2031Q1"}).status_code == 400
    assert not NetworkReport.objects.exists()


def test_the_preview_shows_every_field_and_the_payloads_numbers(db, client, draft, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("network_report", args=[draft.pk]))
    html = page.content.decode()
    document = loads(draft.payload)
    for value in (document["schema"], document["made_at"], document["period"], "almaty"):
        assert f"<code>{value}</code>" in html
    assert len(page.context["indicators"]) == len(document["indicators"])
    for indicator in document["indicators"]:
        assert reverse("network_report_indicator", args=[draft.pk, indicator["code"]]) in html
    assert page.context["may_approve"] and weight(html) <= 100_000


def test_each_indicator_opens_with_every_figure_that_leaves(db, client, draft, coordinator):
    client.force_login(coordinator)
    indicator = loads(draft.payload)["indicators"][1]
    html = client.get(reverse("network_report_indicator", args=[draft.pk, indicator["code"]])).content.decode()
    total = {name: "" if value is None else value for name, value in indicator["total"].items()}
    row = f"<tr><th>total<td>{total['value']}<td>{total['count']}<td>{total['eligible']}<td>{total['no_data']}"
    assert row in html or total["suppressed"]
    rows = 1 + len(indicator["trend"]) + sum(len(b["figures"]) for b in indicator["breakdowns"])
    assert html.count("<tr><th>") == rows and "None" not in html
    assert weight(html) <= 100_000


def test_an_indicator_the_report_does_not_hold_is_not_found(db, client, draft, coordinator, other_coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("network_report_indicator", args=[draft.pk, "HC-NONE-01"])).status_code == 404
    client.force_login(other_coordinator)
    code = loads(draft.payload)["indicators"][0]["code"]
    assert client.get(reverse("network_report_indicator", args=[draft.pk, code])).status_code == 404


def test_the_builder_is_offered_no_approval(db, client, coordinator, city_a):
    report = built(coordinator, city_a.city)
    client.force_login(coordinator)
    assert not client.get(reverse("network_report", args=[report.pk])).context["may_approve"]


def test_a_coordinator_approves_and_the_file_is_the_signed_envelope(db, client, draft, coordinator):
    from core.actor import Actor
    from network.exchange import keys

    keys.generate(actor=Actor.for_system())
    client.force_login(coordinator)
    client.post(reverse("network_report_approve", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == NetworkReport.Status.APPROVED
    response = client.get(reverse("network_report_file", args=[draft.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="homecoming-almaty-2026Q3-{draft.sequence}.json"'
    assert json.loads(response.content) == draft.envelope
    draft.refresh_from_db()
    assert draft.status == NetworkReport.Status.EXPORTED


def test_a_network_editor_cannot_approve(db, client, draft, network_editor):
    client.force_login(network_editor)
    assert client.post(reverse("network_report_approve", args=[draft.pk])).status_code == 404


def test_a_draft_has_no_file(db, client, draft, network_editor):
    client.force_login(network_editor)
    assert client.get(reverse("network_report_file", args=[draft.pk])).status_code == 404


def test_sending_pushes_to_the_hub_and_shows_the_state(db, client, city_a, network_editor, coordinator, settings):
    report = approved(network_editor, coordinator, city_a.city)
    client.force_login(network_editor)
    with running_hub(Hub(status=201)) as hub:
        settings.HOMECOMING_HUB_URL = hub.url
        response = client.post(reverse("network_report_send", args=[report.pk]), follow=True)
    assert b"Delivered to the hub" in response.content
    report.refresh_from_db()
    assert report.status == NetworkReport.Status.DELIVERED


def test_another_citys_report_is_not_found(db, client, draft, other_coordinator):
    client.force_login(other_coordinator)
    assert client.get(reverse("network_report", args=[draft.pk])).status_code == 404


def test_the_hub_has_no_city_report_pages(db, client, network_editor, settings):
    settings.HOMECOMING_ROLE = "hub"
    client.force_login(network_editor)
    assert client.get(reverse("network_reports")).status_code == 404


def test_the_preview_shows_each_shared_practice_field_by_field(db, client, city_a, network_editor, coordinator):
    from network.library.models import Practice
    from network.library.tests.builders import make_practice

    make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator, shared=True)
    report = built(network_editor, city_a.city)
    client.force_login(coordinator)
    page = client.get(reverse("network_report", args=[report.pk]))
    ((title, fields, empty),) = page.context["practices"]
    assert title == "School enrolment with teacher preparation"
    shown = dict(fields)
    assert shown["phases"] == '["reintegration"]' and shown["title"] == title
    assert json.loads(shown["organisation"]) == {"name": city_a.social.name, "kind": city_a.social.kind}
    assert "<code>evidence_text</code>" in page.content.decode()
    empty_fields = """actors_involved indicators instruments_used last_reviewed outcomes resources_money
        resources_staff resources_time safeguarding_notes started transferability translations"""
    assert empty == empty_fields.split()
