"""Synthetic households for the demo: invented names, documents and phones, marked as demo."""

import datetime
import random

from django.utils import timezone

from casework.models import ContactNote, NeedsAssessment, NeedsDomain, NeedsRating, PhaseRecord, TeamMember
from core import audit
from directory.models import Membership, Organisation
from instruments.actions import create_administration
from instruments.definitions import shipped
from instruments.models import Administration
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
            _screenings(rng, members, arrived or returned, recorded_by)
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


def _screenings(rng, members, first_on, recorded_by) -> None:
    """PHQ-9 and WHO-5 for the mother, CRIES-8 for the eldest child aged 8-18, at the start and
    three months later: most improve, some do not."""
    instruments = shipped()
    mother = members[0]
    children = [p for p in members if p.is_child and instruments["cries8"].fits_age(p.age)]
    child = max(children, key=lambda p: p.age, default=None)
    improving = rng.random() < 0.7
    for round_number, on in enumerate((first_on, first_on + datetime.timedelta(days=90))):
        if on > timezone.localdate():
            break
        shift = (-1 if improving else 0) * round_number
        phq9 = {item: max(0, min(3, rng.choice([1, 2, 2, 3]) + shift)) for item in instruments["phq9"].item_ids}
        phq9["9"] = 0
        who5 = {item: max(0, min(5, rng.choice([1, 2, 2, 3]) - shift * 2)) for item in instruments["who5"].item_ids}
        given = [(mother, "phq9", phq9), (mother, "who5", who5)]
        if child:
            # CRIES-8 answers are worth 0, 1, 3 or 5: step down the scale when the child improves.
            scale = instruments["cries8"].option_values
            cries8 = {item: scale[max(0, rng.choice([1, 2, 2, 3]) + shift)] for item in instruments["cries8"].item_ids}
            given.append((child, "cries8", cries8))
        for person, code, answers in given:
            create_administration(
                participant=person,
                instrument=instruments[code],
                answers=answers,
                administered_on=on,
                mode=Administration.Mode.IN_SESSION,
                administered_by=recorded_by,
            )


# --- Coordination: services, referrals in every state, transfers, a conference -----------

SERVICES = {
    # organisation slug: (domain code, service, contact point)
    "demo-centre": [
        ("mental_health", "Trauma-informed counselling during the first weeks", "Psychology unit, ext. 210 (demo)"),
        ("family", "Family reunification support", "Social work desk, ext. 105 (demo)"),
    ],
    "demo-almaty-social": [
        ("housing", "Temporary housing and rent support", "Housing desk, +7 727 000 0001 (demo)"),
        ("identity_documents", "Help with documents and registration", "Front office, +7 727 000 0002 (demo)"),
    ],
    "demo-almaty-cso": [
        ("livelihood", "Sewing and baking cooperative, job placement", "Intake coordinator, +7 727 000 0101 (demo)"),
        ("belonging", "Mothers' peer group and community events", "Programme officer (demo)"),
    ],
    "demo-almaty-police": [("safety", "Community liaison officer", "Duty desk, +7 727 000 0201 (demo)")],
    "demo-shymkent-social": [
        ("housing", "Housing support", "Housing desk, +7 725 000 0001 (demo)"),
        ("education", "School enrolment and catch-up classes", "Education liaison (demo)"),
    ],
    "demo-shymkent-cso": [
        ("livelihood", "Vocational training and micro-grants", "Intake desk, +7 725 000 0101 (demo)"),
        ("mental_health", "Psychosocial support groups for children", "Children's programme (demo)"),
    ],
    "demo-shymkent-police": [("safety", "Community liaison officer", "Duty desk, +7 725 000 0201 (demo)")],
}
# Each demo referral walks this far: one in every state.
REFERRAL_PATHS = [
    ["sent"],
    ["sent", "accepted"],
    ["sent", "accepted", "done"],
    ["sent", "declined"],
    ["sent", "revoked"],
    ["sent", "expired"],
]


def seed_coordination() -> bool:
    """Creates the demo services, referrals, transfers and a past conference once."""
    from coordination.models import Conference, Decision, Referral, ReferralEvent, Service, ServiceRecord, Transfer

    if Service.objects.filter(organisation__is_demo=True).exists():
        return False
    domains = {d.code: d for d in NeedsDomain.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.filter(is_demo=True)}
    for slug, services in SERVICES.items():
        for code, description, contact in services:
            Service.objects.create(
                organisation=organisations[slug], domain=domains[code], description=description, contact_point=contact
            )
    today = timezone.localdate()
    users = {m.user.username: m.user for m in Membership.objects.filter(organisation__is_demo=True)}
    for city in ("almaty", "shymkent"):
        social, cso = organisations[f"demo-{city}-social"], organisations[f"demo-{city}-cso"]
        worker = users[f"{city}.caseworker"]
        mothers = Participant.objects.filter(
            owner=social, household_role="mother", consents__recipient_organisation=cso
        ).order_by("pk")
        for mother, path in zip(mothers, REFERRAL_PATHS, strict=False):
            sent_on = today - datetime.timedelta(days=40 if path[-1] == "expired" else 12)
            referral = Referral.objects.create(
                participant=mother,
                from_organisation=social,
                to_organisation=cso,
                domain=domains["livelihood"],
                request="Help to find part-time work that fits school hours (demo).",
                categories=["livelihood", "summary"],
                status=path[-1],
                respond_by=sent_on + datetime.timedelta(days=10),
                expires_on=today - datetime.timedelta(days=1)
                if path[-1] == "expired"
                else today + datetime.timedelta(90),
                decline_reason="no_capacity" if path[-1] == "declined" else "",
                created_by=worker,
            )
            for step, status in enumerate(path):
                by_partner = status in ("accepted", "declined", "done")
                ReferralEvent.objects.create(
                    referral=referral,
                    status=status,
                    at=timezone.now() - datetime.timedelta(days=12 - 3 * step),
                    by=users[f"{city}.cso"] if by_partner else (None if status == "expired" else worker),
                    organisation=cso if by_partner else (None if status == "expired" else social),
                    reason=referral.decline_reason if status == "declined" else "",
                )
                audit.record(
                    action=f"referral.{status}",
                    organisation=cso if by_partner else social,
                    object_type="participant",
                    object_ref=mother.code,
                    reason=f"referral={referral.pk}",
                )
            if "accepted" in path:
                ServiceRecord.objects.create(
                    referral=referral,
                    given_on=today - datetime.timedelta(days=5),
                    description="Intake interview and a place in the sewing cooperative (demo).",
                    recorded_by=users[f"{city}.cso"],
                )
        # A household waits at the centre for each city's coordinator to accept it.
        centre = organisations["demo-centre"]
        household = Household.objects.filter(owner=centre, is_demo=True, transfers__isnull=True).order_by("pk").first()
        if household is not None:
            transfer = Transfer.objects.create(
                household=household,
                from_organisation=centre,
                to_organisation=social,
                handover_note=(
                    "Demo handover: the family has completed the first weeks at the centre. The mother wants "
                    "to live near her sister; the children need school places."
                ),
                created_by=users["centre.coordinator"],
            )
            transfer.participants.set(household.members.all())
            for participant in household.members.all():
                audit.record(
                    action="transfer.proposed",
                    organisation=centre,
                    object_type="participant",
                    object_ref=participant.code,
                    reason=f"transfer={transfer.pk} to={social.pk}",
                )
    # A past conference in Almaty, with decisions that became plan actions.
    from casework.models import Action, Goal, Plan

    social = organisations["demo-almaty-social"]
    household = Household.objects.filter(owner=social, is_demo=True).order_by("pk").first()
    mother = household.members.get(household_role="mother")
    conference = Conference.objects.create(
        household=household,
        organisation=social,
        scheduled_at=timezone.now() - datetime.timedelta(days=20),
        place="Almaty Social Services, room 3 (demo)",
        status=Conference.Status.HELD,
        summary="Demo summary: the family is settling; the mother wants work; the children need school support.",
        created_by=users["almaty.coordinator"],
    )
    conference.invitations.create(organisation=organisations["demo-almaty-cso"], attended=True)
    # What the invited CSO may see of the mother at the conference: her livelihood needs and plan.
    Consent.objects.create(
        participant=mother,
        categories=["summary", "livelihood"],
        recipient_organisation=organisations["demo-almaty-cso"],
        purpose=Consent.Purpose.CONFERENCE,
        given_by=Consent.GivenBy.PARTICIPANT,
        given_on=today - datetime.timedelta(days=25),
        recorded_by=users["almaty.caseworker"],
    )
    conference.invitations.create(organisation=organisations["demo-almaty-police"], attended=False)
    plan, _ = Plan.objects.get_or_create(participant=mother)
    goal = Goal.objects.create(plan=plan, domain=domains["livelihood"], what_matters="Work that fits school hours")
    for text, organisation, days in (
        ("Place in the sewing cooperative", organisations["demo-almaty-cso"], 30),
        ("Register for the housing waiting list", social, 14),
    ):
        action = Action.objects.create(
            goal=goal, description=text, responsible_organisation=organisation, due_on=today + datetime.timedelta(days)
        )
        Decision.objects.create(
            conference=conference,
            participant=mother,
            text=text,
            responsible_organisation=organisation,
            due_on=action.due_on,
            action=action,
        )
    return True
