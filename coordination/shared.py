"""What another organisation sees of a participant: only the categories shared with it.

Used by the referral page (the partner's side), the handover summary of a transfer and the
case conference page for invited organisations. The categories come from access/policy.py;
this module only leaves out what they do not cover.
"""

from casework.models import DOMAIN_CATEGORIES, Goal, Milestone, PhaseRecord
from casework.needs import needs_overview
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from core.categories import Category, domain_readable
from instruments.models import Administration


def shared_record(participant, categories: frozenset[str], *, actor: Actor | None = None, why: str = "") -> dict:
    """The shared parts of one participant's record. Health reads are audited (with an actor)."""
    record: dict = {
        "participant": participant,
        "category_labels": [label for value, label in Category.choices if value in categories],
    }
    if Category.SUMMARY in categories:
        record["phases"] = list(PhaseRecord.objects.filter(participant=participant).order_by("started_on", "pk"))
        record["household"] = [
            (member.get_household_role_display(), member.age_band)
            for member in participant.household.members.order_by("birth_year")
        ]

    def shown(domain) -> bool:
        return domain_readable(domain.category, categories)

    record["needs"] = needs_overview(participant, readable=categories)
    record["goals"] = [
        goal
        for goal in Goal.objects.filter(plan__participant=participant)
        .select_related("domain")
        .prefetch_related("actions__responsible_organisation")
        if shown(goal.domain)
    ]
    # Outcome milestones by the same rule as goals: those whose kind's category is shared (no note).
    record["milestones"] = list(
        Milestone.objects.filter(
            participant=participant, kind__category__in=[c for c in DOMAIN_CATEGORIES if domain_readable(c, categories)]
        ).select_related("kind")
    )
    if Category.HEALTH in categories:
        latest: dict[str, Administration] = {}
        for administration in participant.administrations.order_by("administered_on", "pk"):
            latest[administration.instrument] = administration
        record["screenings"] = sorted(latest.values(), key=lambda a: a.instrument)
        if actor is not None:
            audit.for_participant(AuditAction.HEALTH_VIEWED, participant, actor=actor, reason=why)
    return record
