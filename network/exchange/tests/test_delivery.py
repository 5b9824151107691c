"""Delivery to a hub on a loopback port: stored, stored already, refused with a reason (no retry),
down (pending, retried with growing waits by deliver_network_reports) and back up (delivered)."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import AuditEvent
from network.exchange import actions, delivery
from network.exchange.models import NetworkReport
from network.exchange.tests.helpers import Hub, actor, approved, free_port, running_hub


@pytest.fixture
def report(db, city_a, network_editor, coordinator):
    return approved(network_editor, coordinator, city_a.city)


def send(report, user):
    return actions.send(actor=actor(user), report=report)


def test_the_envelope_is_posted_with_the_citys_token_and_stored(report, network_editor, settings):
    settings.HOMECOMING_HUB_TOKEN = "city-a-token"
    with running_hub(Hub(status=201, answer={"stored": True})) as hub:
        settings.HOMECOMING_HUB_URL = hub.url
        sent = send(report, network_editor)
    assert sent.status == NetworkReport.Status.DELIVERED and sent.delivered_at is not None
    assert sent.attempts == 1 and sent.next_attempt_at is None
    [(path, authorization, body)] = hub.received
    assert (path, authorization) == ("/hub/api/reports/", "Bearer city-a-token")
    assert json.loads(body) == report.envelope
    assert AuditEvent.objects.filter(action="network_report.delivered", object_ref__startswith=f"{report.pk} ").exists()


def test_a_report_the_hub_holds_already_counts_as_delivered(report, coordinator, settings):
    with running_hub(Hub(status=200, answer={"stored": "already"})) as hub:
        settings.HOMECOMING_HUB_URL = hub.url
        assert send(report, coordinator).status == NetworkReport.Status.DELIVERED


def test_a_refusal_keeps_the_hubs_reason_and_is_not_retried(report, network_editor, settings):
    answer = {"refused": "replayed_sequence", "message": "Sequence 1 is not above the last stored, 4."}
    with running_hub(Hub(status=409, answer=answer)) as hub:
        settings.HOMECOMING_HUB_URL = hub.url
        refused = send(report, network_editor)
        assert call_command("deliver_network_reports", stdout=io.StringIO()) is None
    assert refused.status == NetworkReport.Status.REFUSED and refused.next_attempt_at is None
    assert (refused.refusal_reason, refused.refusal_message) == ("replayed_sequence", answer["message"])
    assert len(hub.received) == 1
    assert AuditEvent.objects.filter(action="network_report.refused", reason="replayed_sequence").exists()


def test_a_hub_that_is_down_leaves_the_report_pending_until_the_timer_delivers_it(report, network_editor, settings):
    port = free_port()
    settings.HOMECOMING_HUB_URL = f"http://127.0.0.1:{port}"
    pending = send(report, network_editor)  # nothing listens on the port
    assert pending.status == NetworkReport.Status.PENDING and pending.attempts == 1
    assert pending.next_attempt_at - timezone.now() <= datetime.timedelta(minutes=1)
    with running_hub(Hub(status=503), port=port):
        NetworkReport.objects.filter(pk=report.pk).update(next_attempt_at=timezone.now())
        call_command("deliver_network_reports", stdout=io.StringIO())
        report.refresh_from_db()
        assert (report.status, report.attempts) == (NetworkReport.Status.PENDING, 2)
        NetworkReport.objects.filter(pk=report.pk).update(next_attempt_at=timezone.now())
    with running_hub(Hub(status=201), port=port) as hub:
        out = io.StringIO()
        call_command("deliver_network_reports", stdout=out)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (NetworkReport.Status.DELIVERED, 3)
    assert "delivered 1" in out.getvalue() and len(hub.received) == 1


def test_a_report_not_yet_due_waits_for_its_time(report, network_editor, settings):
    settings.HOMECOMING_HUB_URL = f"http://127.0.0.1:{free_port()}"
    send(report, network_editor)
    with running_hub(Hub(status=201)) as hub:
        settings.HOMECOMING_HUB_URL = hub.url
        call_command("deliver_network_reports", stdout=io.StringIO())
    assert hub.received == []


def test_the_waits_double_from_a_minute_up_to_six_hours():
    waits = [delivery.backoff(attempt) for attempt in (1, 2, 3, 4, 9, 10, 50)]
    minutes = [int(wait.total_seconds() // 60) for wait in waits]
    assert minutes == [1, 2, 4, 8, 256, 360, 360]


def test_a_5xx_answer_is_a_hub_that_is_down_not_a_refusal(report, network_editor, settings):
    with running_hub(Hub(status=500, answer={"refused": "whatever"})) as hub:
        settings.HOMECOMING_HUB_URL = hub.url
        assert send(report, network_editor).status == NetworkReport.Status.PENDING
