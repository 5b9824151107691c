"""The remove_activity action: the activity goes, the audit row keeps its id."""

from community.activities.actions import remove_activity
from community.activities.tests.builders import activity
from community.models import Activity
from core.models import AuditEvent
from people.tests.builders import actor_of


def test_removing_an_activity_deletes_it_and_audits_its_id(case_worker, coordinator, city_a):
    recorded = activity(case_worker, partners=[city_a.cso])
    remove_activity(actor=actor_of(coordinator), activity=recorded)
    assert not Activity.objects.exists()
    event = AuditEvent.objects.get(action="activity.removed")
    assert (event.object_type, event.object_ref, event.actor) == ("activity", str(recorded.pk), coordinator)
