"""Data categories (DESIGN.md §5). Kept apart from the policy so that models can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    SUMMARY = "summary", _("Summary (code, sex, age band, phase, household)")
    IDENTITY = "identity", _("Identity (names, documents, contacts)")
    NEEDS_PLAN = "needs_plan", _("Needs and plan")
    HEALTH = "health", _("Health (screenings, clinical notes)")
    EDUCATION = "education", _("Education")
    LIVELIHOOD = "livelihood", _("Livelihood")
    LEGAL = "legal", _("Legal status")
    HISTORY = "history", _("History (trauma and violence)")
    EXPERIENCES = "experiences", _("Stigma and discrimination experienced")


# Needs domains of these categories show only to readers of that category (a mental-health
# rating to the health team), never merely with the needs and plan (issue 19).
GUARDED = frozenset({Category.HEALTH, Category.HISTORY, Category.LEGAL, Category.EXPERIENCES})
# Read by the case team only: never shared by consent, a referral, a handover or a conference.
TEAM_ONLY = frozenset({Category.EXPERIENCES})


def domain_readable(domain_category: str, readable) -> bool:
    """Whether a reader of these categories sees the ratings and shared goals of a needs domain."""
    return domain_category in readable or (Category.NEEDS_PLAN in readable and domain_category not in GUARDED)
