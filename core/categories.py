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
