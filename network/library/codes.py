"""The codes a practice is tagged with.

``network`` may not import casework (a city's report must never reach person-level models),
so the phase and needs-domain codes are copied here; ``tests/test_codes.py`` compares them with
``casework.models.Phase`` and the seeded needs domains, so that the copies cannot drift.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    REPATRIATION = "repatriation", _("Repatriation")
    RESETTLEMENT = "resettlement", _("Resettlement")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    REINTEGRATION = "reintegration", _("Reintegration")
    RESILIENCE = "resilience", _("Resilience")


class Domain(models.TextChoices):
    IDENTITY_DOCUMENTS = "identity_documents", _("Identity and documents")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    MENTAL_HEALTH = "mental_health", _("Mental health and psychosocial wellbeing")
    FAMILY = "family", _("Family and caregiving (incl. reunification)")
    EDUCATION = "education", _("Education and language")
    LIVELIHOOD = "livelihood", _("Livelihood, skills and financial stability")
    HOUSING = "housing", _("Housing")
    BELONGING = "belonging", _("Belonging and community participation (incl. stigma)")
    SAFETY = "safety", _("Safety")
    LEGAL_STATUS = "legal_status", _("Legal status")
    MEANING = "meaning", _("Meaning and spiritual support")


class TargetGroup(models.TextChoices):
    WOMEN = "women", _("Women")
    CHILDREN_0_5 = "children_0_5", _("Children aged 0-5")
    CHILDREN_6_11 = "children_6_11", _("Children aged 6-11")
    CHILDREN_12_17 = "children_12_17", _("Children aged 12-17")
    FAMILIES = "families", _("Families")
    RECEIVING_COMMUNITY = "receiving_community", _("Receiving community")
    PRACTITIONERS = "practitioners", _("Practitioners")


def labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    """The labels of the codes a practice carries, in the choices' order (unknown codes skipped)."""
    chosen = set(codes or ())
    return [str(label) for value, label in choices.choices if value in chosen]
