"""manage.py network_report: builds as the system; approval by a named coordinator, then sent or saved."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from core.actor import Actor
from core.models import AuditEvent
from network.exchange import keys
from network.exchange.models import NetworkReport
from network.exchange.tests.helpers import Hub, running_hub


def run(*args) -> str:
    out = io.StringIO()
    call_command("network_report", *args, stdout=out)
    return out.getvalue()


def test_without_approval_the_command_leaves_a_draft_for_a_coordinator(db, city_a, city_b):
    output = run("--period", "2026Q3", "--city", "almaty")
    report = NetworkReport.objects.get()
    assert (report.status, report.built_by, report.city) == (NetworkReport.Status.DRAFT, None, city_a.city)
    assert f"/network/reports/{report.pk}/" in output


def test_a_named_coordinator_approves_and_the_signed_file_is_written(db, city_a, coordinator, tmp_path):
    keys.generate(actor=Actor.for_system())
    target = tmp_path / "report.json"
    run("--period", "2026Q3", "--approve-as", coordinator.username, "--output", str(target))
    report = NetworkReport.objects.get()
    assert report.status == NetworkReport.Status.EXPORTED and report.approved_by == coordinator
    assert json.loads(target.read_text()) == report.envelope
    approval = AuditEvent.objects.get(action="network_report.approved")
    assert approval.actor_id == coordinator.pk


def test_the_command_sends_an_approved_report(db, city_a, coordinator, settings):
    keys.generate(actor=Actor.for_system())
    with running_hub(Hub(status=201)) as hub:
        settings.HOMECOMING_HUB_URL = hub.url
        assert "status: delivered" in run("--period", "2026Q3", "--approve-as", coordinator.username, "--send")


def test_sending_without_an_approver_is_refused_before_anything_is_built(db, city_a):
    with pytest.raises(CommandError, match="approve"):
        run("--period", "2026Q3", "--send")
    assert not NetworkReport.objects.exists()


@pytest.mark.parametrize("persona", ["network_editor", "other_coordinator"])
def test_only_a_coordinator_of_the_city_approves_from_the_command(db, city_a, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(CommandError, match="not a coordinator of almaty"):
        run("--period", "2026Q3", "--city", "almaty", "--approve-as", user.username)
