"""Who reads, records, edits and removes community activities: every decision in one place.

An activity belongs to a city (its organiser's jurisdiction), not to a participant: it names
nobody the programme serves. So the reading rule follows the city, not the case team:

- anyone who works in an organisation of a city (coordinator, case worker, specialist, partner,
  M&E officer) reads that city's activities; the national programme's M&E officer (an
  organisation of kind national agency) reads every city's;
- the coordinator, case workers, specialists and partners of the organising organisation record
  and edit its activities; only its coordinator removes one;
- administrators and network editors do nothing here, and neither does anyone without a membership.

An activity of another city and an id that does not exist both answer 404 (no existence oracle).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from access.policy import membership_of
from community.models import Activity
from directory.models import Jurisdiction, Membership, Organisation, Role

READER_ROLES = frozenset({Role.COORDINATOR, Role.CASE_WORKER, Role.SPECIALIST, Role.PARTNER, Role.ME_OFFICER})
RECORDER_ROLES = frozenset({Role.COORDINATOR, Role.CASE_WORKER, Role.SPECIALIST, Role.PARTNER})


def city_of(membership: Membership | None) -> Jurisdiction | None:
    """The city the membership works in: its organisation's jurisdiction, if that is a city."""
    if membership is None:
        return None
    jurisdiction = membership.organisation.jurisdiction
    return jurisdiction if jurisdiction.level == Jurisdiction.Level.CITY else None


def reads_every_city(request_or_membership) -> bool:
    """The national programme's M&E officer: every city's activities, with a city filter."""
    membership = membership_of(request_or_membership)
    return (
        membership is not None
        and membership.role == Role.ME_OFFICER
        and membership.organisation.kind == Organisation.Kind.NATIONAL_AGENCY
    )


def may_read(request_or_membership) -> bool:
    membership = membership_of(request_or_membership)
    if membership is None or membership.role not in READER_ROLES:
        return False
    return reads_every_city(membership) or city_of(membership) is not None


def may_record(request_or_membership) -> bool:
    membership = membership_of(request_or_membership)
    return membership is not None and membership.role in RECORDER_ROLES and city_of(membership) is not None


def may_edit(request_or_membership, activity: Activity) -> bool:
    membership = membership_of(request_or_membership)
    return may_record(membership) and activity.organisation_id == membership.organisation_id


def may_remove(request_or_membership, activity: Activity) -> bool:
    membership = membership_of(request_or_membership)
    return may_edit(membership, activity) and membership.role == Role.COORDINATOR


def readable_cities(request_or_membership) -> QuerySet[Jurisdiction]:
    """The cities whose activities the reader sees (none for those who read none)."""
    membership = membership_of(request_or_membership)
    cities = Jurisdiction.objects.filter(level=Jurisdiction.Level.CITY)
    if not may_read(membership):
        return cities.none()
    if reads_every_city(membership):
        return cities
    return cities.filter(pk=membership.organisation.jurisdiction_id)


def activities_readable(request_or_membership) -> QuerySet[Activity]:
    """The activities the reader may list and open, newest first."""
    membership = membership_of(request_or_membership)
    if not may_read(membership):
        return Activity.objects.none()
    if reads_every_city(membership):
        return Activity.objects.all()
    return Activity.objects.filter(city_id=membership.organisation.jurisdiction_id)


def readable_activity(request_or_membership, activity_id: int) -> Activity:
    """One activity the reader may open; 404 for another city's and for one that does not exist."""
    activity = activities_readable(request_or_membership).select_related("organisation", "city").filter(pk=activity_id)
    found = activity.first()
    if found is None:
        raise Http404
    return found


def editable_activity(request_or_membership, activity_id: int) -> Activity:
    """One activity the reader may edit; 404 otherwise, whether it is hidden or only read-only."""
    activity = readable_activity(request_or_membership, activity_id)
    if not may_edit(request_or_membership, activity):
        raise Http404
    return activity


def removable_activity(request_or_membership, activity_id: int) -> Activity:
    activity = readable_activity(request_or_membership, activity_id)
    if not may_remove(request_or_membership, activity):
        raise Http404
    return activity
