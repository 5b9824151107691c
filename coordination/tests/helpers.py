"""Small builders shared by the coordination tests, through the actions the product uses."""

import datetime

from django.urls import reverse
from django.utils import timezone

from casework.models import NeedsDomain
from casework.tests import builders as case
from instruments.tests.builders import phq9_answers, screening
from people.tests.builders import consent

__all__ = ["case_record", "consent", "refer"]


def case_record(participant, *, by):
    """Needs in livelihood and mental health, a livelihood goal and a PHQ-9 screening, all by ``by``."""
    case.assessment(participant, {"livelihood": (2, "Sews well"), "mental_health": (2, "Talks to her sister")}, by=by)
    case.goal(participant, "livelihood", "Steady work near home", by=by)
    case.goal(participant, "mental_health", "Sleep through the night", by=by)
    screening(
        participant,
        by=by,
        answers=phq9_answers(17),
        administered_on=timezone.localdate() - datetime.timedelta(days=1),
    )


def refer(client, participant, organisation, categories, **extra):
    """Posts the referral form as the signed-in user: livelihood work, routine."""
    data = {
        "to_organisation": organisation.pk,
        "domain": NeedsDomain.objects.get(code="livelihood").pk,
        "what": "Help to find part-time work",
        "urgency": "routine",
        "categories": categories,
        **extra,
    }
    return client.post(reverse("referral_new", args=[participant.code]), data)
