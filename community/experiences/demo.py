"""Demo stigma experienced and civic participation (synthetic) for Almaty and Shymkent.

Over the last year, about one adult in five and one child in eight met stigma or discrimination
somewhere (short, neutral texts, no names), and about a third of the adults took part in
community life, some of it still going on. Everything is recorded through the actions by the case's lead
case worker (civic participation, where a case has no lead, by its coordinator), so that the
demo writes the same audit rows as the pages.
"""

import datetime
import random

from django.utils import timezone

from casework.models import TeamMember
from community.experiences import actions
from community.models import CivicParticipation, StigmaIncident
from core.actor import Actor
from directory.models import Membership, Role
from people.models import Participant

CITIES = ("demo-almaty-social", "demo-shymkent-social")
YEAR = 365

# setting: (what happened, what was done); neutral words, nobody named.
ADULT_INCIDENTS = {
    "employment": [
        ("An employer withdrew a job offer after learning where she had lived", "Referred to the employment adviser"),
        ("Colleagues avoided working shifts with her", "The case worker met the manager"),
    ],
    "service": [
        ("The housing office asked for documents other applicants were not asked for", "Accompanied to a second visit"),
        ("A clerk refused to accept her application", "The coordinator wrote to the head of the office"),
    ],
    "housing": [("A landlord cancelled a viewing once he heard her story", "Another flat was found with the CSO")],
    "neighbourhood": [
        ("Neighbours made remarks in the stairwell", "A meeting with the neighbourhood committee"),
        ("A neighbour told other parents to keep away from the family", "Talked it through; she chose to wait"),
    ],
    "health": [("She was kept waiting while others were seen first", "Raised with the clinic's head nurse")],
    "media": [("Hostile comments under a local news post", "Advice on privacy settings; nothing shared")],
    "family": [("Relatives stopped inviting her to family gatherings", "Family session with the psychologist")],
}
CHILD_INCIDENTS = {
    "school": [
        (
            "Another parent refused to let their child sit next to her son",
            "The teacher spoke with the class",
        ),
        ("Name-calling by classmates in the playground", "The school psychologist held a class session"),
        ("Left out of a class trip", "The case worker met the head teacher"),
    ],
    "neighbourhood": [("Other children would not play with him in the courtyard", "A sports club was found nearby")],
    "health": [("A nurse made remarks during a vaccination visit", "Raised with the polyclinic")],
}
# kind: notes; single days for events, spans (some still going on) for the rest.
CIVIC = {
    "volunteering": ["Volunteering at the food bank", "Helping at the children's library", "Sorting donated clothes"],
    "charity": ["A charity run for the children's hospital", "Collecting school supplies for families"],
    "community_event": ["A community clean-up day", "Cooking for the neighbourhood Nauryz celebration"],
    "speaking": ["Spoke at a parents' evening, by her own choice", "Shared her experience with trainee social workers"],
    "club": ["A women's sewing circle", "A choir at the community centre"],
}
SINGLE_DAY = {"charity", "community_event", "speaking"}
# The chance of a stigma record for a case with a lead (see seed_experiences).
LEAD_SHARE_ADULTS, LEAD_SHARE_CHILDREN = 0.3, 0.19


def _noon(day: datetime.date) -> datetime.datetime:
    return min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))), timezone.now())


def _workers() -> dict[int, tuple[Actor, bool]]:
    """Who works each open demo case in the two cities, by participant id: its lead case worker
    (True), or, where there is none, the owning organisation's coordinator (False), who records
    civic participation as the demo's case work does (homecoming/demo.py) but never stigma."""
    people = Participant.objects.filter(
        owner__slug__in=CITIES, household__is_demo=True, status=Participant.Status.ACTIVE
    ).select_related("owner")
    coordinators = {
        m.organisation_id: Actor.of(m.user, m)
        for m in Membership.objects.filter(organisation__slug__in=CITIES, role=Role.COORDINATOR).select_related(
            "user", "organisation"
        )
    }
    leads = {
        place.participant_id: Actor.of(place.membership.user, place.membership)
        for place in TeamMember.objects.current()
        .filter(is_lead=True, participant__in=people)
        .select_related("membership__user", "membership__organisation")
    }
    return {
        person.pk: (leads[person.pk], True) if person.pk in leads else (coordinators[person.owner_id], False)
        for person in people
        if person.pk in leads or person.owner_id in coordinators
    }


def _day(rng: random.Random, person: Participant, today: datetime.date) -> datetime.date | None:
    """A day of the last year since the family arrived (and the person was born), or None."""
    since = max(today - datetime.timedelta(days=YEAR - 1), person.arrived_on or person.returned_on or today)
    since = max(since, datetime.date(person.birth_year, 1, 1))
    if since > today:
        return None
    return since + datetime.timedelta(days=rng.randint(0, (today - since).days))


def seed_experiences() -> bool:
    """Creates the demo records once; False if they are there already."""
    demo = {"participant__household__is_demo": True}
    if StigmaIncident.objects.filter(**demo).exists() or CivicParticipation.objects.filter(**demo).exists():
        return False
    rng = random.Random("experiences")  # noqa: S311  (reproducible synthetic data, not secrets)
    today = timezone.localdate()
    workers = _workers()
    for person in Participant.objects.filter(pk__in=workers).order_by("pk"):
        worker, lead = workers[person.pk]
        child = person.is_child
        # Only a lead records stigma, and two cases in three have one: drawn a little more
        # often there, so that about one adult in five and one child in eight have a record.
        if lead and rng.random() < (LEAD_SHARE_CHILDREN if child else LEAD_SHARE_ADULTS):
            for _ in range(rng.choice([1, 1, 2] if child else [1, 1, 1, 2, 3])):
                _incident(rng, person, worker, CHILD_INCIDENTS if child else ADULT_INCIDENTS, today)
        if not child and rng.random() < 1 / 3:
            for _ in range(rng.choice([1, 1, 2])):
                _civic(rng, person, worker, today)
    return True


def _incident(rng, person, lead: Actor, texts: dict, today: datetime.date) -> None:
    on = _day(rng, person, today)
    if on is None:
        return
    setting = rng.choice(list(texts))
    what_happened, what_was_done = rng.choice(texts[setting])
    incident = actions.record_incident(
        actor=lead,
        participant=person,
        occurred_on=on,
        setting=setting,
        what_happened=what_happened,
        what_was_done=what_was_done,
    )
    recorded = min(on + datetime.timedelta(days=rng.randint(0, 14)), today)
    StigmaIncident.objects.filter(pk=incident.pk).update(created_at=_noon(recorded))


def _civic(rng, person, lead: Actor, today: datetime.date) -> None:
    started = _day(rng, person, today)
    if started is None:
        return
    kind = rng.choice(list(CIVIC))
    until = None
    if kind not in SINGLE_DAY:
        # One to eight months: the recent ones still going on (an end ahead, within the year the form allows).
        until = started + datetime.timedelta(days=rng.randint(30, 240))
        until = min(until, today + datetime.timedelta(days=300))
    civic = actions.record_civic(
        actor=lead, participant=person, kind=kind, started_on=started, ended_on=until, note=rng.choice(CIVIC[kind])
    )
    CivicParticipation.objects.filter(pk=civic.pk).update(created_at=_noon(min(started, today)))
