"""Everything that happened in a case, newest first, from records the case page's sections fetched."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.categories import Category


@dataclass
class Entry:
    on: date
    what: str
    detail: str = ""


def _day(value) -> date:
    return timezone.localdate(value) if isinstance(value, datetime) else value


def timeline(participant, access, *, notes, consents, milestones=()) -> list[Entry]:
    """``notes`` are the contact notes the reader may see (access/policy.py decided); ``consents``
    the participant's, as the consent section fetched them; ``milestones`` those the reader may see
    (casework/milestones.py)."""
    entries = [Entry(_day(participant.created_at), _("Registered"))]
    for record in participant.phases.all():
        entries.append(Entry(record.started_on, _("Phase started"), record.get_phase_display()))
        if record.ended_on:
            entries.append(Entry(record.ended_on, _("Phase ended"), record.get_phase_display()))
    for review in participant.reviews.all():
        entries.append(
            Entry(
                review.held_on or review.scheduled_on,
                _("Review held") if review.held_on else _("Review scheduled"),
                review.outcome,
            )
        )
    for closure in participant.closures.all():
        entries.append(Entry(_day(closure.requested_at), _("Closure requested"), closure.get_reason_display()))
        if closure.reopened_at:
            entries.append(Entry(_day(closure.reopened_at), _("Case reopened")))
    if access.can_read(Category.NEEDS_PLAN):
        for assessment in participant.assessments.all():
            entries.append(Entry(assessment.assessed_on, _("Needs assessed")))
        for note in notes:
            entries.append(Entry(note.occurred_on, note.get_kind_display(), note.text[:120]))
    for milestone in milestones:
        entries.append(Entry(milestone.reached_on, _("Milestone reached"), milestone.kind.name))
        if milestone.lost_on:
            entries.append(Entry(milestone.lost_on, _("Milestone ended"), milestone.kind.name))
    for consent in consents:
        entries.append(Entry(consent.given_on, _("Consent given"), ", ".join(consent.category_labels())))
        if consent.withdrawn_at:
            entries.append(Entry(_day(consent.withdrawn_at), _("Consent withdrawn")))
    return sorted(entries, key=lambda entry: entry.on, reverse=True)
