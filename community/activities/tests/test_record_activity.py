"""The record_activity action: the organiser and city come from the actor, partners are checked, audited."""

import pytest

from community.activities.actions import record_activity
from community.activities.tests.builders import DAY, activity
from community.models import Activity
from core.models import AuditEvent
from people.tests.builders import actor_of


def test_an_activity_is_the_recorders_organisations_in_its_city_and_is_audited_by_id_only(case_worker, city_a):
    recorded = activity(case_worker, partners=[city_a.cso, city_a.police], title="Tea with the neighbours")
    assert (recorded.organisation, recorded.city, recorded.created_by) == (city_a.social, city_a.city, case_worker)
    assert set(recorded.partners.all()) == {city_a.cso, city_a.police}
    event = AuditEvent.objects.get(action="activity.recorded")
    assert (event.object_type, event.object_ref, event.actor, event.organisation) == (
        "activity",
        str(recorded.pk),
        case_worker,
        city_a.social,
    )
    assert "Tea" not in event.reason


def test_a_partner_from_another_city_or_the_organiser_itself_is_refused(case_worker, city_a, city_b):
    for partner in (city_b.cso, city_a.social):
        with pytest.raises(ValueError):
            activity(case_worker, partners=[partner])
    assert not Activity.objects.exists()


def test_someone_outside_a_citys_organisation_records_nothing(outsider):
    from core.actor import Actor

    with pytest.raises(ValueError):
        record_activity(actor=Actor.of(outsider), kind="dialogue", title="x", held_on=DAY, residents=1)


def test_a_field_the_activity_does_not_have_is_refused(case_worker):
    with pytest.raises(TypeError):
        record_activity(actor=actor_of(case_worker), kind="dialogue", title="x", held_on=DAY, participant_code="X")
