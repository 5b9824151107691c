"""Small builders shared by the coordination tests."""

import datetime

from django.urls import reverse
from django.utils import timezone

from casework.models import Goal, NeedsAssessment, NeedsDomain, NeedsRating, Plan
from instruments.models import Administration
from people.models import Consent


def consent(participant, organisation, categories, *, recorded_by, purpose="referral", guardian=None):
    return Consent.objects.create(
        participant=participant,
        categories=list(categories),
        recipient_organisation=organisation,
        purpose=purpose,
        given_by="guardian" if guardian else "participant",
        guardian=guardian,
        given_on=timezone.localdate(),
        recorded_by=recorded_by,
    )


def case_record(participant, *, by):
    """Needs in livelihood and mental health, a livelihood goal and a PHQ-9 screening."""
    today = timezone.localdate()
    assessment = NeedsAssessment.objects.create(participant=participant, assessed_on=today, assessed_by=by)
    livelihood = NeedsDomain.objects.get(code="livelihood")
    mental = NeedsDomain.objects.get(code="mental_health")
    NeedsRating.objects.create(assessment=assessment, domain=livelihood, rating=2, strengths="Sews well")
    NeedsRating.objects.create(assessment=assessment, domain=mental, rating=2, strengths="Talks to her sister")
    plan = Plan.objects.create(participant=participant)
    Goal.objects.create(plan=plan, domain=livelihood, what_matters="Steady work near home")
    Goal.objects.create(plan=plan, domain=mental, what_matters="Sleep through the night")
    Administration.objects.create(
        participant=participant,
        instrument="phq9",
        instrument_version="1999",
        administered_on=today - datetime.timedelta(days=1),
        mode="paper",
        total=17,
        administered_by=by,
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
