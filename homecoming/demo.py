"""Synthetic households for the demo: invented names, documents and phones, marked as demo."""

import datetime
import random

from django.utils import timezone

from access import audit
from casework.models import ContactNote, NeedsAssessment, NeedsDomain, NeedsRating, PhaseRecord, TeamMember
from directory.models import Membership, Organisation
from instruments.definitions import shipped
from instruments.models import Administration
from instruments.scoring import score
from people.models import Consent, Household, Identity, Participant

WOMEN = ["Aigerim", "Madina", "Dana", "Aliya", "Zhanar", "Saule", "Gulnara", "Aruzhan", "Kamila", "Dinara", "Leila"]
GIRLS = ["Amina", "Aisha", "Zarina", "Malika", "Asel", "Tomiris", "Ayana", "Sofia", "Inzhu", "Medina"]
BOYS = ["Alikhan", "Nurislam", "Amir", "Yusuf", "Daniyar", "Arman", "Timur", "Ibrahim", "Ansar", "Sultan"]
FAMILY = ["Demova", "Testova", "Primerova", "Obraztsova", "Uchebnova", "Sintetova"]
GRANDMOTHERS = ["Raushan", "Bibigul", "Kulyash", "Roza"]

# Households per organisation slug (see seed_demo): the centre holds the newest returns.
PLAN = {"demo-centre": 6, "demo-almaty-social": 12, "demo-shymkent-social": 12}


def _birth(rng: random.Random, low: int, high: int) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=rng.randint(low * 365, high * 365))


def _person(rng, household, owner, role, sex, first, family, born, returned, arrived) -> Participant:
    participant = Participant.objects.create(
        household=household,
        household_role=role,
        sex=sex,
        birth_year=born.year,
        owner=owner,
        returned_on=returned,
        arrived_on=arrived,
    )
    identity = Identity(participant=participant)
    identity.full_name = f"{first} {family} [DEMO]"
    identity.date_of_birth = born
    identity.document_number = f"DEMO{rng.randint(100000, 999999)}" if role != "child" or rng.random() < 0.4 else ""
    identity.phone = f"+7 700 000 {rng.randint(1000, 9999)}" if role != "child" else ""
    identity.address = f"Demo street {rng.randint(1, 99)}, {owner.jurisdiction.name}"
    identity.refresh_indexes()
    identity.save()
    audit.record(
        action="participant.registered", organisation=owner, object_type="participant", object_ref=participant.code
    )
    return participant


def seed_households(*, recorded_by) -> int:
    """Creates the demo households once; returns how many were created."""
    rng = random.Random(2026)  # noqa: S311  (reproducible synthetic data, not secrets)
    created = 0
    for slug, count in PLAN.items():
        owner = Organisation.objects.get(slug=slug)
        if Household.objects.filter(owner=owner, is_demo=True).exists():
            continue
        staff = {
            m.user.username.split(".", 1)[1]: m
            for m in Membership.objects.filter(organisation=owner).select_related("user")
        }
        partner_org = Organisation.objects.filter(jurisdiction=owner.jurisdiction, kind="cso").first()
        for number in range(count):
            household = Household.objects.create(owner=owner, is_demo=True)
            audit.record(
                action="household.registered", organisation=owner, object_type="household", object_ref=household.code
            )
            returned = timezone.localdate() - datetime.timedelta(days=rng.randint(20, 1500))
            arrived = None if slug == "demo-centre" else returned + datetime.timedelta(days=rng.randint(25, 45))
            family = rng.choice(FAMILY)
            mother = _person(
                rng,
                household,
                owner,
                "mother",
                "female",
                rng.choice(WOMEN),
                family,
                _birth(rng, 22, 45),
                returned,
                arrived,
            )
            members = [mother]
            for _ in range(rng.randint(1, 4)):
                sex = rng.choice(["female", "male"])
                first = rng.choice(GIRLS if sex == "female" else BOYS)
                members.append(
                    _person(rng, household, owner, "child", sex, first, family, _birth(rng, 1, 16), returned, arrived)
                )
            if number % 5 == 0:
                members.append(
                    _person(
                        rng,
                        household,
                        owner,
                        "grandparent",
                        "female",
                        rng.choice(GRANDMOTHERS),
                        family,
                        _birth(rng, 55, 75),
                        returned,
                        arrived,
                    )
                )
            # The case worker leads two households in three; the psychologist joins every third.
            for person in members:
                if "caseworker" in staff and number % 3 != 2:
                    TeamMember.objects.create(
                        participant=person, membership=staff["caseworker"], is_lead=True, assigned_by=recorded_by
                    )
                if "psychologist" in staff and number % 3 == 0:
                    TeamMember.objects.create(
                        participant=person, membership=staff["psychologist"], assigned_by=recorded_by
                    )
                if partner_org and number % 2 == 0:
                    Consent.objects.create(
                        participant=person,
                        categories=["summary", "education"] if person.is_child else ["summary", "livelihood"],
                        recipient_organisation=partner_org,
                        purpose=Consent.Purpose.REFERRAL,
                        given_by=Consent.GivenBy.GUARDIAN if person.is_child else Consent.GivenBy.PARTICIPANT,
                        guardian=mother if person.is_child else None,
                        given_on=arrived or returned,
                        expires_on=timezone.localdate() + datetime.timedelta(days=rng.randint(30, 400)),
                        recorded_by=recorded_by,
                    )
            _casework(rng, members, owner, returned, arrived, recorded_by)
            _screenings(rng, mother, arrived or returned, recorded_by)
            created += 1
    return created


def _casework(rng, members, owner, returned, arrived, recorded_by) -> None:
    """Phases, two needs assessments (most needs easing, some not) and a first contact note."""
    domains = list(NeedsDomain.objects.filter(is_active=True, is_optional=False))
    for person in members:
        PhaseRecord.objects.create(
            participant=person,
            phase="rehabilitation",
            started_on=returned,
            ended_on=arrived,
            recorded_by=recorded_by,
        )
        if arrived:
            PhaseRecord.objects.create(
                participant=person, phase="reintegration", started_on=arrived, recorded_by=recorded_by
            )
        first_on = arrived or returned
        improving = rng.random() < 0.75
        for round_number, on in enumerate((first_on, first_on + datetime.timedelta(days=90))):
            if on > timezone.localdate():
                break
            assessment = NeedsAssessment.objects.create(participant=person, assessed_on=on, assessed_by=recorded_by)
            ratings = []
            for domain in domains:
                if not domain.applies_to_participant(person):
                    continue
                base = rng.randint(1, 3)
                step = rng.choice([1, 1, 2]) if improving else rng.choice([-1, 0, 0])
                ratings.append(
                    NeedsRating(
                        assessment=assessment,
                        domain=domain,
                        rating=max(1, min(5, base + step * round_number)),
                    )
                )
            NeedsRating.objects.bulk_create(ratings)
        ContactNote.objects.create(
            participant=person,
            occurred_on=first_on,
            kind="visit",
            text="First home visit (demo note). The family is settling in; next visit in two weeks.",
            sensitivity="team",
            author=recorded_by,
            author_discipline="coordinator",
        )


def _screenings(rng, mother, first_on, recorded_by) -> None:
    """PHQ-9 and WHO-5 at the start and three months later: most improve, some do not."""
    instruments = shipped()
    improving = rng.random() < 0.7
    for round_number, on in enumerate((first_on, first_on + datetime.timedelta(days=90))):
        if on > timezone.localdate():
            break
        shift = (-1 if improving else 0) * round_number
        phq9 = {item: max(0, min(3, rng.choice([1, 2, 2, 3]) + shift)) for item in instruments["phq9"].item_ids}
        phq9["9"] = 0
        who5 = {item: max(0, min(5, rng.choice([1, 2, 2, 3]) - shift * 2)) for item in instruments["who5"].item_ids}
        for code, answers in (("phq9", phq9), ("who5", who5)):
            result = score(instruments[code], answers)
            Administration.objects.create(
                participant=mother,
                instrument=code,
                instrument_version=instruments[code].version,
                administered_on=on,
                mode=Administration.Mode.IN_SESSION,
                answers=answers,
                total=result.total,
                subscales=result.subscales,
                band=result.band,
                flags=[],
                administered_by=recorded_by,
            )
