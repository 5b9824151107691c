"""Recording, editing and removing community activities. Each writes its audit row (ids only)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from community.models import Activity
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Jurisdiction, Organisation

# What a person records about an activity; the organiser, its city and the recorder come
# from the actor, never from what was posted.
FIELDS = frozenset(
    {
        "kind",
        "title",
        "held_on",
        "district",
        "residents",
        "young_people",
        "teachers",
        "participants",
        "others",
        "aims",
        "what_happened",
        "follow_up",
    }
)


class Conflict(Exception):
    """Someone saved the activity since this edit began; ``current`` is what they saved."""

    def __init__(self, current: Activity) -> None:
        super().__init__("edited meanwhile")
        self.current = current


def _checked(fields: dict) -> tuple[dict, list[Organisation] | None]:
    """The fields and, apart, the partners (None when not given: an edit then keeps them)."""
    unknown = set(fields) - FIELDS - {"partners"}
    if unknown:
        raise TypeError(f"not an activity's field: {sorted(unknown)}")
    fields = dict(fields)
    partners = fields.pop("partners", None)
    return fields, None if partners is None else list(partners)


def _check_partners(partners: Iterable[Organisation], organisation: Organisation) -> None:
    """Partners work in the organiser's city and are not the organiser itself (the form offers
    no other; this guards the callers that bypass it)."""
    for partner in partners:
        if partner.pk == organisation.pk or partner.jurisdiction_id != organisation.jurisdiction_id:
            raise ValueError(f"organisation {partner.pk} cannot be a partner of this activity")


@transaction.atomic
def record_activity(*, actor: Actor, **fields) -> Activity:
    """Records an activity organised by the actor's organisation, in its city."""
    organisation = actor.organisation
    if organisation is None or organisation.jurisdiction.level != Jurisdiction.Level.CITY:
        raise ValueError("only someone working in a city's organisation records its activities")
    fields, partners = _checked(fields)
    _check_partners(partners or (), organisation)
    activity = Activity.objects.create(
        organisation=organisation, city_id=organisation.jurisdiction_id, created_by=actor.user, **fields
    )
    activity.partners.set(partners or ())
    audit.record(
        action=AuditAction.ACTIVITY_RECORDED,
        actor=actor,
        organisation=organisation,
        object_type="activity",
        object_ref=activity.pk,
    )
    return activity


@transaction.atomic
def edit_activity(*, actor: Actor, activity: Activity, expected_version: int, **fields) -> Activity:
    """Saves an edit unless someone saved the activity since ``expected_version`` was read."""
    current = Activity.objects.select_for_update().select_related("organisation").get(pk=activity.pk)
    if current.version != expected_version:
        raise Conflict(current)
    fields, partners = _checked(fields)
    _check_partners(partners or (), current.organisation)
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    current.save(update_fields=[*sorted(fields), "version", "updated_at"])
    if partners is not None:
        current.partners.set(partners)
    audit.record(
        action=AuditAction.ACTIVITY_EDITED,
        actor=actor,
        organisation=current.organisation,
        object_type="activity",
        object_ref=current.pk,
    )
    return current


@transaction.atomic
def remove_activity(*, actor: Actor, activity: Activity) -> None:
    """Deletes the activity (it names nobody, so nothing else refers to it); the audit row keeps its id."""
    audit.record(
        action=AuditAction.ACTIVITY_REMOVED,
        actor=actor,
        organisation=activity.organisation,
        object_type="activity",
        object_ref=activity.pk,
    )
    Activity.objects.filter(pk=activity.pk).delete()
