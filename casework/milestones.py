"""Who reads and records which outcome milestones: the rule of needs domains and goals.

A milestone kind belongs to a data category (education, livelihood, legal, needs and plan).
It is read by those who may read the category, and by readers of the needs and plan unless
the category is guarded (``core.categories.domain_readable``); it is written by the same rule
applied to the categories the reader may write. The places and their categories come from
the access policy (access/policy), which opened the participant.
"""

from django.db.models import QuerySet

from casework.models import DOMAIN_CATEGORIES, Milestone, MilestoneKind
from core.categories import domain_readable
from people.models import Participant


def categories_read(access) -> list[str]:
    """The milestone categories this reader sees."""
    return [category for category in DOMAIN_CATEGORIES if domain_readable(category, access.read)]


def kind_writable(kind: MilestoneKind, access) -> bool:
    return domain_readable(kind.category, access.write)


def milestones_readable(participant: Participant, access) -> QuerySet:
    """The participant's milestones whose kind this reader may read, oldest first."""
    return Milestone.objects.filter(participant=participant, kind__category__in=categories_read(access)).select_related(
        "kind", "recorded_by"
    )


def milestone_writable(participant: Participant, access, milestone_id: int) -> Milestone | None:
    """The participant's milestone of this id if the reader may change it, else None (a 404)."""
    milestone = milestones_readable(participant, access).filter(pk=milestone_id).first()
    return milestone if milestone is not None and kind_writable(milestone.kind, access) else None


def kinds_offered(participant: Participant, access) -> list[MilestoneKind]:
    """Kinds a new milestone may be of: in use, for this participant (a child or an adult), writable."""
    return [
        kind
        for kind in MilestoneKind.objects.filter(is_active=True)
        if kind.applies_to_participant(participant) and kind_writable(kind, access)
    ]
