"""Synthetic households for the demo: invented names, documents and phones, marked as demo.

Every record is made by the apps' actions, acting as the staff member who would do it (or as
the system for registrations and the expiry job), so that the demo writes the same audit rows
and notices as the app. Only the directory (services) is entered as an administrator would,
and dates in the past are set afterwards where an action stamps a record with "now".
"""

import datetime
import random

from django.utils import timezone

from access.policy.base import Access
from casework.actions import (
    add_goal,
    approve_plan,
    assign_team_member,
    edit_milestone,
    end_phase,
    plan_for,
    record_assessment,
    record_milestone,
    record_review,
    save_action,
    schedule_review,
    start_phase,
    write_note,
)
from casework.milestones import kind_writable
from casework.models import Action, Milestone, MilestoneKind, NeedsDomain, Plan
from coordination.actions import (
    answer_referral,
    complete_referral,
    expire_referrals,
    propose_transfer,
    record_conference,
    record_decision,
    record_service,
    revoke_referral,
    schedule_conference,
    send_referral,
)
from coordination.models import Conference, Referral, ReferralEvent, Service
from core.actor import Actor
from directory.models import Membership, Organisation
from instruments.actions import record_administration
from instruments.definitions import shipped
from instruments.models import Administration
from people.actions import record_consent, register_household
from people.models import Consent, Household, Participant

WOMEN = ["Aigerim", "Madina", "Dana", "Aliya", "Zhanar", "Saule", "Gulnara", "Aruzhan", "Kamila", "Dinara", "Leila"]
GIRLS = ["Amina", "Aisha", "Zarina", "Malika", "Asel", "Tomiris", "Ayana", "Sofia", "Inzhu", "Medina"]
BOYS = ["Alikhan", "Nurislam", "Amir", "Yusuf", "Daniyar", "Arman", "Timur", "Ibrahim", "Ansar", "Sultan"]
FAMILY = ["Demova", "Testova", "Primerova", "Obraztsova", "Uchebnova", "Sintetova"]
GRANDMOTHERS = ["Raushan", "Bibigul", "Kulyash", "Roza"]

# Households per organisation slug (see seed_demo): the centre holds the newest returns.
# Enough households per city that the indicators' city breakdowns are mostly not below the
# disclosure threshold (k = 5).
PLAN = {"demo-centre": 8, "demo-almaty-social": 20, "demo-shymkent-social": 20}


def _as(membership: Membership) -> Actor:
    return Actor.of(membership.user, membership)


def _birth(rng: random.Random, low: int, high: int) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=rng.randint(low * 365, high * 365))


def _member(rng, role: str, sex: str, first: str, family: str, born: datetime.date) -> dict:
    """One member as the registration form gives it to ``people.actions.register_household``."""
    return {
        "household_role": role,
        "sex": sex,
        "birth_year": born.year,
        "full_name": f"{first} {family} [DEMO]",
        "date_of_birth": born,
        "document_number": f"DEMO{rng.randint(100000, 999999)}" if role != "child" or rng.random() < 0.4 else "",
        "phone": f"+7 700 000 {rng.randint(1000, 9999)}" if role != "child" else "",
    }


def _members(rng, number: int) -> list[dict]:
    family = rng.choice(FAMILY)
    members = [_member(rng, "mother", "female", rng.choice(WOMEN), family, _birth(rng, 22, 45))]
    for _ in range(rng.randint(1, 4)):
        sex = rng.choice(["female", "male"])
        first = rng.choice(GIRLS if sex == "female" else BOYS)
        members.append(_member(rng, "child", sex, first, family, _birth(rng, 1, 16)))
    if number % 5 == 0:
        members.append(_member(rng, "grandparent", "female", rng.choice(GRANDMOTHERS), family, _birth(rng, 55, 75)))
    return members


def seed_households() -> int:
    """Creates the demo households once; returns how many were created."""
    rng = random.Random(2026)  # noqa: S311  (reproducible synthetic data, not secrets)
    # Outcomes and the continuity of care draw from their own sequence, so that they do not
    # shift the households, assessments and screenings drawn above.
    outcome_rng = random.Random(2027)  # noqa: S311
    system = Actor.for_system()
    created = 0
    for slug, count in PLAN.items():
        owner = Organisation.objects.get(slug=slug)
        if Household.objects.filter(owner=owner, is_demo=True).exists():
            continue
        staff = {
            m.user.username.split(".", 1)[1]: m
            for m in Membership.objects.filter(organisation=owner).select_related("user", "organisation")
        }
        coordinator = _as(staff["coordinator"])
        partner_org = Organisation.objects.filter(jurisdiction=owner.jurisdiction, kind="cso").first()
        for number in range(count):
            today = timezone.localdate()
            returned = today - datetime.timedelta(days=rng.randint(20, 1500))
            # Families in a city arrived there a month or so after their return, today at the latest:
            # consent, phases and notes are never dated in the future.
            arrived = None if slug == "demo-centre" else min(returned + datetime.timedelta(rng.randint(25, 45)), today)
            household = register_household(
                actor=system,
                owner=owner,
                address=f"Demo street {rng.randint(1, 99)}, {owner.jurisdiction.name}",
                returned_on=returned,
                arrived_on=arrived,
                members=_members(rng, number),
                is_demo=True,
            )
            members = list(household.members.order_by("pk"))
            # The case worker leads two households in three; the psychologist joins every third.
            # The coordinator assigns them; whoever leads then does the case work.
            led = "caseworker" in staff and number % 3 != 2
            with_psychologist = "psychologist" in staff and number % 3 == 0
            for person in members:
                if led:
                    assign_team_member(
                        actor=coordinator, participant=person, membership=staff["caseworker"], is_lead=True
                    )
                if with_psychologist:
                    assign_team_member(
                        actor=coordinator, participant=person, membership=staff["psychologist"], is_lead=False
                    )
            worker = _as(staff["caseworker"]) if led else coordinator
            if partner_org and number % 2 == 0:
                _consents(rng, members, partner_org, arrived or returned, worker)
            _casework(rng, members, returned, arrived, worker)
            _screenings(rng, members, arrived or returned, _as(staff["psychologist"]) if with_psychologist else worker)
            _plans_and_reviews(outcome_rng, members, arrived or returned, worker, coordinator, owner)
            _outcomes(outcome_rng, members, arrived or returned, worker, "lead" if led else "coordinator")
            created += 1
    return created


def _consents(rng, members: list[Participant], partner_org, given_on, worker: Actor) -> None:
    """Each member (a child through the mother) agrees that the partner may see some of their case."""
    mother = members[0]
    for person in members:
        record_consent(
            actor=worker,
            participant=person,
            data={
                "categories": ["summary", "education"] if person.is_child else ["summary", "livelihood"],
                "recipient_organisation": partner_org,
                "purpose": Consent.Purpose.REFERRAL,
                "given_by": Consent.GivenBy.GUARDIAN if person.is_child else Consent.GivenBy.PARTICIPANT,
                "guardian": mother if person.is_child else None,
                "given_on": given_on,
                "expires_on": timezone.localdate() + datetime.timedelta(days=rng.randint(30, 400)),
            },
        )


def _casework(rng, members: list[Participant], returned, arrived, worker: Actor) -> None:
    """Phases, two needs assessments (most needs easing, some not) and a first contact note."""
    domains = list(NeedsDomain.objects.filter(is_active=True, is_optional=False))
    for person in members:
        rehabilitation = start_phase(
            actor=worker, participant=person, phase="rehabilitation", started_on=returned, note=""
        )
        if arrived:
            end_phase(actor=worker, record=rehabilitation, ended_on=arrived)
            start_phase(actor=worker, participant=person, phase="reintegration", started_on=arrived, note="")
        first_on = arrived or returned
        improving = rng.random() < 0.75
        for round_number, on in enumerate((first_on, first_on + datetime.timedelta(days=90))):
            if on > timezone.localdate():
                break
            ratings = []
            for domain in domains:
                if not domain.applies_to_participant(person):
                    continue
                base = rng.randint(1, 3)
                step = rng.choice([1, 1, 2]) if improving else rng.choice([-1, 0, 0])
                ratings.append((domain, max(1, min(5, base + step * round_number)), "", ""))
            record_assessment(actor=worker, participant=person, assessed_on=on, ratings=ratings)
        write_note(
            actor=worker,
            participant=person,
            data={
                "occurred_on": first_on,
                "kind": "visit",
                "text": "First home visit (demo note). The family is settling in; next visit in two weeks.",
                "sensitivity": "team",
                "domains": [],
            },
        )


def _screenings(rng, members: list[Participant], first_on, screener: Actor) -> None:
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
            record_administration(
                actor=screener,
                participant=person,
                instrument=instruments[code],
                answers=answers,
                administered_on=on,
                mode=Administration.Mode.IN_SESSION,
            )


# --- Continuity of care and outcomes ------------------------------------------------------

# A goal and its first action for each member: (domain, what matters, action, blocked reason if blocked).
ADULT_GOAL = ("livelihood", "Work or training that fits the children's day", "Register at the employment centre")
CHILD_GOAL = ("education", "Go to school with other children", "Enrol at the local school")
BLOCKED_REASONS = [
    Action.BlockedReason.WAITING_DOCUMENTS,
    Action.BlockedReason.WAITING_DOCUMENTS,
    Action.BlockedReason.NO_PROVIDER,
    Action.BlockedReason.NO_FUNDING,
    Action.BlockedReason.PARTICIPANT_NOT_READY,
]


def _days(start: datetime.date, low: int, high: int, rng) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(low, high))


def _plans_and_reviews(rng, members, start: datetime.date, worker: Actor, coordinator: Actor, owner) -> None:
    """A plan for each member, approved by the coordinator (most within 30 days of arrival, some
    later, the newest not yet); reviews every three months, most held on time, some late or missed."""
    today = timezone.localdate()
    domains = {d.code: d for d in NeedsDomain.objects.filter(code__in=[ADULT_GOAL[0], CHILD_GOAL[0]])}
    for person in members:
        code, what_matters, description = CHILD_GOAL if person.is_child else ADULT_GOAL
        plan = plan_for(person)
        goal = add_goal(
            actor=worker, plan=plan, expected_version=plan.version, domain=domains[code], what_matters=what_matters
        )
        plan = goal.plan
        draw = rng.random()
        status = (
            Action.Status.DONE
            if draw < 0.5
            else Action.Status.IN_PROGRESS
            if draw < 0.75
            else Action.Status.BLOCKED
            if draw < 0.87
            else Action.Status.PLANNED
        )
        save_action(
            actor=worker,
            plan=plan,
            expected_version=plan.version,
            goal=goal,
            data={
                "description": description,
                "responsible_organisation": owner,
                "responsible_person": None,
                "due_on": _days(start, 30, 90, rng),
                "status": status,
                "blocked_reason": rng.choice(BLOCKED_REASONS) if status == Action.Status.BLOCKED else "",
            },
        )
        approved_on = _days(start, 7, 28, rng) if rng.random() < 0.8 else _days(start, 35, 100, rng)
        if approved_on > today:
            continue  # not approved yet: the newest arrivals
        plan.refresh_from_db(fields=["version"])
        approve_plan(actor=coordinator, plan=plan, expected_version=plan.version)
        Plan.objects.filter(pk=plan.pk).update(approved_at=_noon(approved_on))
        _reviews(rng, person, approved_on, worker)


def _reviews(rng, person, approved_on: datetime.date, worker: Actor) -> None:
    today = timezone.localdate()
    scheduled_on = approved_on + datetime.timedelta(days=90)
    # Every three months, shown for the last five quarters (enough for the indicators' trend):
    # earlier reviews are left out to keep the demo quick to seed.
    while scheduled_on < today - datetime.timedelta(days=420):
        scheduled_on += datetime.timedelta(days=90)
    while scheduled_on <= today + datetime.timedelta(days=30):
        review = schedule_review(actor=worker, participant=person, scheduled_on=scheduled_on)
        draw = rng.random()
        held_on = (
            scheduled_on + datetime.timedelta(days=rng.randint(-3, 7))
            if draw < 0.75
            else scheduled_on + datetime.timedelta(days=rng.randint(15, 45))
            if draw < 0.9
            else None  # missed
        )
        if held_on is not None and held_on <= today:
            record_review(actor=worker, review=review, held_on=held_on, outcome="Plan reviewed with the family (demo).")
        scheduled_on += datetime.timedelta(days=90)


def _noon(day: datetime.date) -> datetime.datetime:
    """Midday of a past day (or now, for today): a backdated stamp is never in the future."""
    return min(timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))), timezone.now())


def _outcomes(rng, members, start: datetime.date, worker: Actor, place: str) -> None:
    """Outcome milestones reached since arrival: documents for most after a few months, most
    school-age children in school, most women working or training after about a year (some lost
    the job later), stable housing for most, allowances for many, community life for some,
    reunification for a few. Recorded by whoever works the case, where their place on it lets
    them write the kind's category (a coordinator does not record legal status)."""
    today = timezone.localdate()
    kinds = {k.code: k for k in MilestoneKind.objects.filter(is_active=True)}
    access = Access(frozenset({place}))
    # Housing and reunification come to the whole household on one day.
    household = {
        "stable_housing": _days(start, 30, 240, rng) if rng.random() < 0.85 else None,
        "reunified": _days(start, 60, 400, rng) if rng.random() < 0.15 else None,
        "community_life": _days(start, 120, 500, rng) if rng.random() < 0.4 else None,
    }
    for person in members:
        reached = dict(household)
        reached["documents_restored"] = _days(start, 30, 150, rng) if rng.random() < 0.92 else None
        reached["allowances"] = _days(start, 20, 120, rng) if rng.random() < 0.6 else None
        if person.is_child:
            reached["community_life"] = None
            in_school = 6 <= person.age <= 17 and rng.random() < 0.85
            reached["school_enrolled"] = _days(start, 14, 120, rng) if in_school else None
        elif person.household_role == "mother":
            work = rng.choices(["employed", "training", "self_employed"], weights=[45, 35, 20])[0]
            reached[work] = _days(start, 90, 400, rng) if rng.random() < 0.85 else None
        lost = {}
        if reached.get("employed") and rng.random() < 0.25:
            lost["employed"] = reached["employed"] + datetime.timedelta(days=rng.randint(60, 240))
        for code, on in reached.items():
            kind = kinds.get(code)
            if on is None or on > today or kind is None or not kind.applies_to_participant(person):
                continue
            if not kind_writable(kind, access):
                continue
            _milestone(rng, person, kind, on, lost.get(code), worker)


def _milestone(rng, person, kind, reached_on, lost_on, worker: Actor) -> None:
    milestone = record_milestone(actor=worker, participant=person, kind=kind, reached_on=reached_on, note="")
    recorded = min(reached_on + datetime.timedelta(days=rng.randint(0, 10)), timezone.localdate())
    Milestone.objects.filter(pk=milestone.pk).update(recorded_at=_noon(recorded))
    if lost_on is not None and lost_on <= timezone.localdate():
        edit_milestone(
            actor=worker,
            milestone=milestone,
            expected_version=milestone.version,
            reached_on=reached_on,
            lost_on=lost_on,
            note="The job ended (demo).",
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
    if Service.objects.filter(organisation__is_demo=True).exists():
        return False
    domains = {d.code: d for d in NeedsDomain.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.filter(is_demo=True)}
    # The directory of services has no action: administrators keep it in the admin, unaudited.
    for slug, services in SERVICES.items():
        for code, description, contact in services:
            Service.objects.create(
                organisation=organisations[slug], domain=domains[code], description=description, contact_point=contact
            )
    staff = {
        m.user.username: m
        for m in Membership.objects.filter(organisation__is_demo=True).select_related("user", "organisation")
    }
    for city in ("almaty", "shymkent"):
        _referrals(city, organisations, staff, domains["livelihood"])
        _transfer(city, organisations, staff)
    _conference(organisations, staff, domains["livelihood"])
    return True


def _referrals(city: str, organisations, staff, livelihood) -> None:
    """One referral in every state from the city's social services to its CSO."""
    today = timezone.localdate()
    social, cso = organisations[f"demo-{city}-social"], organisations[f"demo-{city}-cso"]
    worker, partner = _as(staff[f"{city}.caseworker"]), _as(staff[f"{city}.cso"])
    mothers = Participant.objects.filter(
        owner=social, household_role="mother", consents__recipient_organisation=cso
    ).order_by("pk")
    for mother, path in zip(mothers, REFERRAL_PATHS, strict=False):
        expires = path[-1] == "expired"
        referral = send_referral(
            actor=worker,
            participant=mother,
            to_organisation=cso,
            domain=livelihood,
            what="Help to find part-time work that fits school hours (demo).",
            urgency=Referral.Urgency.ROUTINE,
            categories=["livelihood", "summary"],
            expires_on=today - datetime.timedelta(days=1) if expires else today + datetime.timedelta(days=90),
        )
        for status in path[1:]:
            if status in ("accepted", "declined"):
                accepted = status == "accepted"
                answer_referral(
                    actor=partner, referral=referral, accept=accepted, reason="" if accepted else "no_capacity"
                )
            if status == "accepted":
                record_service(
                    actor=partner,
                    referral=referral,
                    given_on=today - datetime.timedelta(days=5),
                    description="Intake interview and a place in the sewing cooperative (demo).",
                )
            elif status == "done":
                complete_referral(actor=partner, referral=referral)
            elif status == "revoked":
                revoke_referral(actor=worker, referral=referral)
            elif status == "expired":
                # The nightly job (send_reminders) lets it lapse, acting as the system.
                expire_referrals(actor=Actor.for_system(), today=today)
        _backdate(referral, days=40 if expires else 12)
    _answered_referrals(city, list(mothers[len(REFERRAL_PATHS) :]), cso, worker, partner, livelihood)


def _answered_referrals(city: str, mothers, cso, worker: Actor, partner: Actor, livelihood) -> None:
    """Further referrals, from the last months: accepted after a day to three weeks, most of them
    done a month or more later, so that the referral indicators have a spread to show."""
    rng = random.Random(f"referrals-{city}")  # noqa: S311  (reproducible synthetic data)
    today = timezone.localdate()
    for mother in mothers:
        referral = send_referral(
            actor=worker,
            participant=mother,
            to_organisation=cso,
            domain=livelihood,
            what="A place in a training course or the cooperative (demo).",
            urgency=Referral.Urgency.ROUTINE,
            categories=["livelihood", "summary"],
            expires_on=today + datetime.timedelta(days=90),
        )
        answer_referral(actor=partner, referral=referral, accept=True)
        sent_days_ago, accepted_after = rng.randint(60, 240), rng.choice([1, 2, 4, 6, 9, 13, 20])
        gaps = [0, accepted_after]
        if rng.random() < 0.65:
            complete_referral(actor=partner, referral=referral)
            gaps.append(accepted_after + rng.randint(25, 50))
        _backdate(referral, days=sent_days_ago, gaps=gaps)


def _backdate(referral, *, days: int, gaps: list[int] | None = None) -> None:
    """The actions stamp a referral and each step with now; the demo's referrals were sent
    ``days`` ago and each step came ``gaps[step]`` days after sending (three days apart by
    default). Only those dates move: the audit rows, made by the actions, keep the moment the
    seed ran."""
    sent_at = timezone.now() - datetime.timedelta(days=days)
    Referral.objects.filter(pk=referral.pk).update(
        created_at=sent_at, respond_by=sent_at.date() + datetime.timedelta(days=10)
    )
    for step, event in enumerate(referral.events.order_by("pk")):
        if event.status != Referral.Status.EXPIRED:  # the job really ran now
            after = gaps[step] if gaps is not None else 3 * step
            ReferralEvent.objects.filter(pk=event.pk).update(at=sent_at + datetime.timedelta(days=after))


def _transfer(city: str, organisations, staff) -> None:
    """A household waits at the centre for the city's coordinator to accept it."""
    centre = organisations["demo-centre"]
    household = Household.objects.filter(owner=centre, is_demo=True, transfers__isnull=True).order_by("pk").first()
    if household is None:
        return
    propose_transfer(
        actor=_as(staff["centre.coordinator"]),
        participants=list(household.members.order_by("pk")),
        household=household,
        to_organisation=organisations[f"demo-{city}-social"],
        handover_note=(
            "Demo handover: the family has completed the first weeks at the centre. The mother wants "
            "to live near her sister; the children need school places."
        ),
    )


def _conference(organisations, staff, livelihood) -> None:
    """A past conference in Almaty about a whole household, with decisions that became plan actions."""
    today = timezone.localdate()
    social, cso = organisations["demo-almaty-social"], organisations["demo-almaty-cso"]
    coordinator, worker = _as(staff["almaty.coordinator"]), _as(staff["almaty.caseworker"])
    household = Household.objects.filter(owner=social, is_demo=True).order_by("pk").first()
    mother = household.members.get(household_role="mother")
    # What the invited CSO may see of the mother at the conference: her livelihood needs and plan.
    record_consent(
        actor=worker,
        participant=mother,
        data={
            "categories": ["summary", "livelihood"],
            "recipient_organisation": cso,
            "purpose": Consent.Purpose.CONFERENCE,
            "given_by": Consent.GivenBy.PARTICIPANT,
            "given_on": today - datetime.timedelta(days=25),
        },
    )
    conference = schedule_conference(
        actor=coordinator,
        participant=mother,
        whole_household=True,
        scheduled_at=timezone.now() - datetime.timedelta(days=20),
        place="Almaty Social Services, room 3 (demo)",
        organisations=[cso, organisations["demo-almaty-police"]],
    )
    record_conference(
        actor=coordinator,
        conference=conference,
        status=Conference.Status.HELD,
        summary="Demo summary: the family is settling; the mother wants work; the children need school support.",
        attendance={i.pk: i.organisation_id == cso.pk for i in conference.invitations.all()},
    )
    plan = plan_for(mother)
    goal = add_goal(
        actor=worker,
        plan=plan,
        expected_version=plan.version,
        domain=livelihood,
        what_matters="Work that fits school hours",
    )
    for text, organisation, days in (
        ("Place in the sewing cooperative", cso, 30),
        ("Register for the housing waiting list", social, 14),
    ):
        record_decision(
            actor=coordinator,
            conference=conference,
            participant=mother,
            goal=goal,
            text=text,
            responsible_organisation=organisation,
            due_on=today + datetime.timedelta(days=days),
        )
