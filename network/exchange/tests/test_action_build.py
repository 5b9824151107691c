"""Building a report: the city's network editor or coordinator, the next sequence number, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from mel.periods import Period
from network.exchange import actions
from network.exchange.models import NetworkReport
from network.exchange.report import loads
from network.exchange.tests.helpers import PERIOD, actor, built


def test_a_network_editor_builds_a_draft_with_the_next_sequence_number(db, city_a, network_editor, coordinator):
    first = built(network_editor, city_a.city)
    second = built(coordinator, city_a.city, Period.parse("2026Q4"))
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.status == NetworkReport.Status.DRAFT and first.envelope is None
    document = loads(first.payload)
    assert (document["period"], document["sequence"], document["city"]["slug"]) == ("2026Q3", 1, "almaty")
    assert first.built_by == network_editor
    assert AuditEvent.objects.filter(action="network_report.built", object_ref=f"{first.pk} 2026Q3 #1").exists()


def test_each_city_counts_its_own_sequence(db, city_a, city_b, network_editor, other_coordinator):
    built(network_editor, city_a.city)
    assert built(other_coordinator, city_b.city).sequence == 1


@pytest.mark.parametrize("persona", ["case_worker", "me_officer", "other_coordinator", "cso_partner"])
def test_nobody_else_builds_city_as_report(db, city_a, persona, request):
    with pytest.raises(PermissionDenied):
        built(request.getfixturevalue(persona), city_a.city)
    assert not NetworkReport.objects.exists()


def test_a_report_covers_a_quarter_or_a_year(db, city_a, network_editor):
    with pytest.raises(ValidationError):
        actions.build(actor=actor(network_editor), city=city_a.city, period=Period.parse("202607"))
    assert PERIOD.kind == "quarter"
