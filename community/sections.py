"""The community app's pieces of the pages (core/sections.py)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.policy import Opened
from accounts.http import AppRequest
from community.experiences.rules import may_remove
from community.models import CivicParticipation, StigmaIncident
from core.categories import Category
from core.sections import CaseSection, register_case_section


def _marked(records: list, request: AppRequest, opened: Opened) -> list:
    """Each record marked ``removable`` where this reader may remove it."""
    for record in records:
        record.removable = may_remove(record, opened.access, request.user)
    return records


def stigma_context(request: AppRequest, opened: Opened) -> dict:
    incidents = StigmaIncident.objects.filter(participant=opened.participant).select_related("recorded_by")
    return {
        "incidents": _marked(list(incidents), request, opened),
        "may_record_incident": opened.access.can_write(Category.EXPERIENCES),
    }


def civic_context(request: AppRequest, opened: Opened) -> dict:
    civic = CivicParticipation.objects.filter(participant=opened.participant).select_related("recorded_by")
    return {
        "civic": _marked(list(civic), request, opened),
        "may_record_civic": opened.access.can_write(Category.NEEDS_PLAN),
        "today": timezone.localdate(),
    }


for declared in (
    # Taking part in community life, read like the plan; after the outcomes, before the reviews.
    CaseSection(
        "civic",
        "community/experiences/_civic.html",
        civic_context,
        order=64,
        reads=Category.NEEDS_PLAN,
        title=_("Taking part in community life"),
    ),
    # Stigma experienced: its own category, read by the case team only (never the coordinator
    # outside the team, a partner, a handover or an emergency reader): no heading for anyone else.
    CaseSection(
        "stigma",
        "community/experiences/_stigma.html",
        stigma_context,
        order=66,
        reads=Category.EXPERIENCES,
        title=_("Stigma and discrimination experienced"),
    ),
):
    register_case_section(declared)
