"""The edit_activity action: saved with the version it started from, refused when stale, audited."""

import pytest

from community.activities.actions import Conflict, edit_activity
from community.activities.tests.builders import activity
from core.models import AuditEvent
from people.tests.builders import actor_of


def test_an_edit_saves_the_fields_and_counts_the_version_up(case_worker, city_a):
    recorded = activity(case_worker, partners=[city_a.cso])
    saved = edit_activity(
        actor=actor_of(case_worker), activity=recorded, expected_version=1, title="Renamed", residents=30
    )
    recorded.refresh_from_db()
    assert (recorded.title, recorded.residents, recorded.version) == ("Renamed", 30, 2) and saved.version == 2
    assert list(recorded.partners.all()) == [city_a.cso]  # not named: kept
    event = AuditEvent.objects.get(action="activity.edited")
    assert (event.object_type, event.object_ref) == ("activity", str(recorded.pk))


def test_an_edit_from_a_stale_version_is_refused_and_changes_nothing(case_worker, coordinator):
    recorded = activity(case_worker)
    edit_activity(actor=actor_of(coordinator), activity=recorded, expected_version=1, title="First")
    with pytest.raises(Conflict) as clash:
        edit_activity(actor=actor_of(case_worker), activity=recorded, expected_version=1, title="Second")
    assert clash.value.current.title == "First"
    recorded.refresh_from_db()
    assert (recorded.title, recorded.version) == ("First", 2)
    assert AuditEvent.objects.filter(action="activity.edited").count() == 1
