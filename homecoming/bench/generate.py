"""A throwaway data set at national scale: N participants in two cities, written in bulk.

Each city has a social-services organisation that owns its cases (a coordinator, case workers
leading 30-60 participants each, psychologists on about a third of the households), a CSO that
receives referrals, and, in city 1, the five personas the measurement signs in as. Households of
1-6 members; per participant about 10 contact notes, 3 needs assessments, 4 screenings, 2 milestones,
phase records, a plan with goals and actions (some overdue), case reviews, a consent and 1-2
referrals to the CSO, and the audit rows the actions would have written for all of it.

Rows are built in memory and written with ``bulk_create`` a chunk of households at a time, with
ids assigned here (so that audit reasons can name them, as the actions do, without reading back).
What must be what the app would write is made by the app's own code: identities are sealed and
blind-indexed by ``people.models.Identity`` (the vault), screenings scored by
``instruments.scoring.score``, audit rows hashed by ``AuditEvent.compute_hash`` under the current
audit key, in chain order, and the chain head moved on — so ``verify_audit`` passes.
Deterministic for a seed, except the vault's random nonces.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from access.policy import note_author_discipline
from accounts.models import User
from casework.models import (
    Action,
    CaseReview,
    Closure,
    ContactNote,
    Goal,
    Milestone,
    MilestoneKind,
    NeedsAssessment,
    NeedsDomain,
    NeedsRating,
    PhaseRecord,
    Plan,
    TeamMember,
)
from coordination.models import Referral, ReferralEvent
from core import audit
from core.audit import AuditAction
from core.models import AuditChainHead, AuditEvent
from directory.models import Discipline, Jurisdiction, Membership, Organisation, Role
from homecoming.bench import MARKER
from homecoming.demo import BOYS, FAMILY, GIRLS, GRANDMOTHERS, WOMEN
from instruments.definitions import Instrument, shipped
from instruments.models import Administration
from instruments.scoring import score
from notices.models import Notice
from people.models import CODE_ALPHABET, Consent, Household, Identity, Participant

UTC = datetime.UTC
# Looked up once: simple-history builds a new manager on every ``Model.history`` access.
PlanVersion = Plan.history.model
ActionVersion = Action.history.model
NoteDomain = ContactNote.domains.through
# Households per chunk: each chunk's rows are built, written and dropped before the next, so that
# memory stays flat at 100k participants (about 1,000 participants at a time).
CHUNK_HOUSEHOLDS = 300
BATCH = 2000
# Household sizes 1-6 (mean about 3.5): mostly a mother with two or three children.
HOUSEHOLD_SIZES = (1, 2, 3, 4, 5, 6)
HOUSEHOLD_WEIGHTS = (8, 14, 26, 26, 16, 10)
# A case worker leads this many participants (the persona case worker: about 40), so what one user
# sees stays bounded while the database grows; a psychologist joins about 40 participants' teams.
CASE_WORKER_LOAD = (30, 60)
PERSONA_LOAD = 40
PSYCHOLOGIST_LOAD = 40

# The accounts the measurement signs in as, all in city 1 (``measure.PERSONAS`` reads them).
PERSONAS = {
    "coordinator": "bench.coordinator",
    "case_worker": "bench.caseworker",
    "psychologist": "bench.psychologist",
    "partner": "bench.partner",
    "me_officer": "bench.me",
}

NOTE_TEXTS = (
    "Generated note: home visit, the family is settling in; next visit in two weeks.",
    "Generated note: phone call about school enrolment and the bus timetable.",
    "Generated note: session on daily routines and sleep.",
    "Generated note: met the school about catch-up classes.",
    "Generated note: group activity with other mothers at the community centre.",
    "Generated note: went together to the registry office about documents.",
)
CLINICAL_TEXT = "Generated clinical note: session held, coping strategies practised; follow-up agreed."


@dataclass
class Staff:
    """One practitioner: the user and the membership the rows name."""

    user_id: int
    membership_id: int
    organisation_id: int


@dataclass
class City:
    number: int
    jurisdiction: Jurisdiction
    social: Organisation
    cso: Organisation
    coordinator: Staff
    partner: Staff
    case_workers: list[Staff]
    psychologists: list[Staff]


@dataclass
class Generated:
    """What was generated, for the report: sizes and the seconds each stage took."""

    participants: int = 0
    households: int = 0
    seed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


class _Ids:
    """The next id of each table, starting after what is there (reference data, an earlier chunk)."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model]) -> int:
        if model not in self._next:
            self._next[model] = (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A time in the working day (Almaty, UTC+5) of ``day``, in UTC, never in the future.

    UTC because the audit seal hashes ``created_at.isoformat()``: a value read back from the
    database is in UTC, so one sealed with another offset would not verify."""
    at = datetime.datetime.combine(
        day,
        datetime.time(rng.randint(3, 12), rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999_999)),
        tzinfo=UTC,
    )
    return min(at, timezone.now())


def _code(rng: random.Random, taken: set[str]) -> str:
    """A code shaped as ``people.models.new_code`` makes it, drawn from the seeded generator."""
    while True:
        chars = "".join(rng.choice(CODE_ALPHABET) for _ in range(8))
        code = f"{chars[:4]}-{chars[4:]}"
        if code not in taken:
            taken.add(code)
            return code


def _fields(instance: models.Model) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def _bulk(model: type[models.Model], rows: list) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])


# --- The directory: cities, organisations, staff, personas ----------------------------------------


def _staff(
    ids: _Ids,
    users: list,
    memberships: list,
    username: str,
    organisation: Organisation,
    role: str,
    discipline: str = "",
) -> Staff:
    """A practitioner's account (no usable password: the measurement signs in with force_login)."""
    user = User(id=ids.take(User), username=username, password=make_password(None), is_active=True)
    membership = Membership(
        id=ids.take(Membership), user_id=user.id, organisation_id=organisation.pk, role=role, discipline=discipline
    )
    users.append(user)
    memberships.append(membership)
    return Staff(user.id, membership.id, organisation.pk)


def _directory(ids: _Ids, participants: int) -> list[City]:
    country = Jurisdiction.objects.create(slug=MARKER, name="Bench country", level=Jurisdiction.Level.COUNTRY)
    users: list[User] = []
    memberships: list[Membership] = []
    cities = []
    per_city = math.ceil(participants / 2)
    for number in (1, 2):
        region = Jurisdiction.objects.create(
            slug=f"bench-region-{number}", name=f"Bench region {number}", level="region", parent=country
        )
        place = Jurisdiction.objects.create(
            slug=f"bench-city-{number}", name=f"Bench city {number}", level="city", parent=region
        )
        social = Organisation.objects.create(
            slug=f"bench-social-{number}",
            name=f"Bench city {number} social services",
            kind=Organisation.Kind.SOCIAL_SERVICES,
            jurisdiction=place,
        )
        cso = Organisation.objects.create(
            slug=f"bench-cso-{number}", name=f"Bench city {number} CSO", kind=Organisation.Kind.CSO, jurisdiction=place
        )
        prefix = "bench." if number == 1 else f"bench.c{number}."
        coordinator = _staff(ids, users, memberships, f"{prefix}coordinator", social, Role.COORDINATOR)
        partner = _staff(ids, users, memberships, f"{prefix}partner", cso, Role.PARTNER)
        if number == 1:
            _staff(ids, users, memberships, PERSONAS["me_officer"], social, Role.ME_OFFICER)
        case_workers = [
            _staff(
                ids,
                users,
                memberships,
                PERSONAS["case_worker"] if number == 1 and n == 0 else f"bench.c{number}.cw{n:04d}",
                social,
                Role.CASE_WORKER,
            )
            for n in range(max(1, math.ceil(per_city / sum(CASE_WORKER_LOAD) * 2)))
        ]
        psychologists = [
            _staff(
                ids,
                users,
                memberships,
                PERSONAS["psychologist"] if number == 1 and n == 0 else f"bench.c{number}.psy{n:03d}",
                social,
                Role.SPECIALIST,
                discipline=Discipline.PSYCHOLOGIST,
            )
            for n in range(max(1, math.ceil(per_city / 3 / PSYCHOLOGIST_LOAD)))
        ]
        cities.append(City(number, place, social, cso, coordinator, partner, case_workers, psychologists))
    _bulk(User, users)
    _bulk(Membership, memberships)
    # The personas whose role needs a second factor have one, as a real coordinator would; the
    # measurement's sign-in (force_login) then passes RequireSecondFactorMiddleware.
    required = set(settings.HOMECOMING_MFA_REQUIRED_ROLES)
    for membership in Membership.objects.filter(user__username__in=PERSONAS.values()).select_related("user"):
        if membership.role in required:
            TOTP.activate(membership.user, generate_totp_secret())
    return cities


# --- Households and everything recorded on them ----------------------------------------------------


class _Writer:
    """Builds the rows of a chunk of households; ``flush`` writes them and their audit rows."""

    def __init__(self, rng: random.Random, ids: _Ids, generated: Generated) -> None:
        self.rng = rng
        self.ids = ids
        self.generated = generated
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.codes: set[str] = set()
        domains = list(NeedsDomain.objects.filter(is_active=True, is_optional=False))
        self.domains_for = {
            child: [d for d in domains if d.applies_to in (NeedsDomain.AppliesTo.BOTH, self._for(child))]
            for child in (False, True)
        }
        self.domain_by_code = {d.code: d for d in NeedsDomain.objects.all()}
        kinds = list(MilestoneKind.objects.filter(is_active=True))
        self.kinds_for = {
            child: [k for k in kinds if k.applies_to in (NeedsDomain.AppliesTo.BOTH, self._for(child))]
            for child in (False, True)
        }
        self.instruments: dict[str, Instrument] = shipped()
        # What a note records about a case worker author (access.policy): their role.
        self.lead_discipline = note_author_discipline(Membership(role=Role.CASE_WORKER))
        kid, key = audit._sealing_key()  # the app's own choice of sealing key, not a copy of it
        self.audit_key_id, self.audit_key = kid, key
        head, _ = AuditChainHead.objects.get_or_create(id=1)
        self.chain_hash, self.chain_count = head.last_hash, head.count
        self._clear()

    @staticmethod
    def _for(child: bool) -> str:
        return NeedsDomain.AppliesTo.CHILDREN if child else NeedsDomain.AppliesTo.ADULTS

    def _clear(self) -> None:
        self.rows: dict[type[models.Model], list] = {}
        self.events: list[tuple] = []

    def add(self, row: models.Model) -> models.Model:
        self.rows.setdefault(type(row), []).append(row)
        return row

    def audit(self, at, staff: Staff | None, action: AuditAction, ref: str, reason: str = "", kind="participant"):
        """An audit row as ``core.audit.record`` writes it (sealed at ``flush``, in chain order)."""
        user_id, organisation_id = (staff.user_id, staff.organisation_id) if staff else (None, None)
        self.events.append((at, user_id, organisation_id, AuditAction(action).value, kind, ref, reason))

    # -- one household ------------------------------------------------------------------------

    def household(self, city: City, size: int, lead: Staff, psychologist: Staff | None, *, closed: bool) -> int:
        rng, today = self.rng, self.today
        returned = today - datetime.timedelta(days=rng.randint(30, 2500))
        arrived = min(returned + datetime.timedelta(days=rng.randint(20, 60)), today)
        registered = _moment(arrived, rng)
        coordinator = city.coordinator
        # Only a case open for months is closed (goals met).
        closed = closed and (today - arrived).days > 210
        house = self.add(
            Household(
                id=self.ids.take(Household), code=_code(rng, self.codes), owner=city.social, created_at=registered
            )
        )
        self.audit(registered, coordinator, AuditAction.HOUSEHOLD_REGISTERED, house.code, kind="household")
        family = rng.choice(FAMILY)
        members = []
        for index in range(size):
            if index == 0 and (size > 1 or rng.random() < 0.8):
                role, age, sex = Participant.HouseholdRole.MOTHER, rng.randint(20, 50), Participant.Sex.FEMALE
            elif index == size - 1 and size >= 4 and rng.random() < 0.2:
                role, age, sex = Participant.HouseholdRole.GRANDPARENT, rng.randint(55, 75), Participant.Sex.FEMALE
            elif index == 0:
                role, age, sex = Participant.HouseholdRole.OTHER_ADULT, rng.randint(18, 40), rng.choice("fm")
            else:
                role, age, sex = Participant.HouseholdRole.CHILD, rng.randint(0, 17), rng.choice("fm")
            sex = {"f": Participant.Sex.FEMALE, "m": Participant.Sex.MALE}.get(sex, sex)
            person = self.add(
                Participant(
                    id=self.ids.take(Participant),
                    code=_code(rng, self.codes),
                    household_id=house.id,
                    household_role=role,
                    sex=sex,
                    birth_year=today.year - age,
                    owner_id=city.social.pk,
                    status=Participant.Status.CLOSED if closed else Participant.Status.ACTIVE,
                    returned_on=returned,
                    arrived_on=arrived,
                    created_at=registered,
                )
            )
            self.audit(registered, coordinator, AuditAction.PARTICIPANT_REGISTERED, person.code)
            self._identity(person, family, age, city)
            members.append(person)
        mother = members[0] if members[0].household_role == Participant.HouseholdRole.MOTHER else None
        for person in members:
            self._case(city, person, mother, lead, psychologist, returned, arrived, closed=closed)
        return len(members)

    def _identity(self, person: Participant, family: str, age: int, city: City) -> None:
        """Sealed by the model's own vault attributes: the ciphertexts and blind indexes the app writes."""
        rng = self.rng
        if person.sex == Participant.Sex.MALE:
            first = rng.choice(BOYS)
        elif person.household_role == Participant.HouseholdRole.CHILD:
            first = rng.choice(GIRLS)
        else:
            first = rng.choice(GRANDMOTHERS if age >= 55 else WOMEN)
        identity = Identity(participant_id=person.id)
        identity.full_name = f"{first} {family} [BENCH]"
        identity.date_of_birth = datetime.date(person.birth_year, rng.randint(1, 12), rng.randint(1, 28))
        adult = age >= 18
        identity.document_number = f"BENCH{rng.randint(100000, 999999)}" if adult or rng.random() < 0.4 else ""
        identity.phone = f"+7 700 000 {rng.randint(1000, 9999)}" if adult else ""
        identity.address = f"Bench street {rng.randint(1, 300)}, {city.jurisdiction.name}"
        identity.refresh_indexes()
        self.add(identity)

    def _case(self, city, person, mother, lead: Staff, psychologist, returned, arrived, *, closed: bool) -> None:
        rng, today = self.rng, self.today
        child = today.year - person.birth_year < 18
        assigned = _moment(arrived, rng)
        for staff, is_lead in ((lead, True), (psychologist, False)):
            if staff is None:
                continue
            self.add(
                TeamMember(
                    id=self.ids.take(TeamMember),
                    participant_id=person.id,
                    membership_id=staff.membership_id,
                    is_lead=is_lead,
                    assigned_by_id=city.coordinator.user_id,
                    assigned_at=assigned,
                )
            )
            self.audit(
                assigned,
                city.coordinator,
                AuditAction.TEAM_ASSIGNED,
                person.code,
                f"membership={staff.membership_id} lead={is_lead}",
            )
        self._phases(person, lead, returned, arrived)
        self._assessments(person, lead, arrived, child)
        self._notes(person, lead, psychologist, arrived)
        self._screenings(person, lead, psychologist, arrived)
        self._milestones(person, lead, arrived, child)
        self._plan(city, person, lead, arrived, child)
        self._referrals(city, person, mother, lead, arrived, child)
        if closed:
            self._closure(city, person, lead, arrived)

    def _phases(self, person, lead: Staff, returned, arrived) -> None:
        rng, today = self.rng, self.today
        spans = [("rehabilitation", returned, arrived), ("reintegration", arrived, None)]
        if (today - arrived).days > 1100 and rng.random() < 0.5:
            moved = arrived + datetime.timedelta(days=1095)
            spans = [spans[0], ("reintegration", arrived, moved), ("resilience", moved, None)]
        for phase, started, ended in spans:
            self.add(
                PhaseRecord(
                    id=self.ids.take(PhaseRecord),
                    participant_id=person.id,
                    phase=phase,
                    started_on=started,
                    ended_on=ended,
                    recorded_by_id=lead.user_id,
                )
            )
            self.audit(_moment(started, rng), lead, AuditAction.PHASE_STARTED, person.code, phase)
            if ended is not None:
                self.audit(_moment(ended, rng), lead, AuditAction.PHASE_ENDED, person.code, phase)

    def _assessments(self, person, lead: Staff, arrived, child: bool) -> None:
        rng = self.rng
        improving = rng.random() < 0.7
        base = {d.pk: rng.randint(1, 3) for d in self.domains_for[child]}
        for round_number, offset in enumerate((10, 100, 190)):
            on = arrived + datetime.timedelta(days=offset)
            if on > self.today:
                break
            at = _moment(on, rng)
            assessment = self.add(
                NeedsAssessment(
                    id=self.ids.take(NeedsAssessment),
                    participant_id=person.id,
                    assessed_on=on,
                    assessed_by_id=lead.user_id,
                    created_at=at,
                )
            )
            for domain in self.domains_for[child]:
                step = rng.choice((0, 1, 1)) if improving else rng.choice((-1, 0, 0))
                rating = max(1, min(5, base[domain.pk] + step * round_number))
                self.add(
                    NeedsRating(
                        id=self.ids.take(NeedsRating), assessment_id=assessment.id, domain_id=domain.pk, rating=rating
                    )
                )
            self.audit(at, lead, AuditAction.NEEDS_ASSESSED, person.code, f"assessment={assessment.id}")

    def _notes(self, person, lead: Staff, psychologist: Staff | None, arrived) -> None:
        rng = self.rng
        span = max(0, (self.today - arrived).days)
        for _ in range(rng.randint(6, 14)):
            on = arrived + datetime.timedelta(days=rng.randint(0, span))
            clinical = psychologist is not None and rng.random() < 0.25
            author = psychologist if clinical else lead
            at = _moment(on, rng)
            note = self.add(
                ContactNote(
                    id=self.ids.take(ContactNote),
                    participant_id=person.id,
                    occurred_on=on,
                    kind=ContactNote.Kind.SESSION if clinical else rng.choice(ContactNote.Kind.values),
                    text=CLINICAL_TEXT if clinical else rng.choice(NOTE_TEXTS),
                    sensitivity=ContactNote.Sensitivity.CLINICAL if clinical else ContactNote.Sensitivity.TEAM,
                    author_discipline=Discipline.PSYCHOLOGIST if clinical else self.lead_discipline,
                    author_id=author.user_id,
                    created_at=at,
                )
            )
            if rng.random() < 0.35:
                domain = rng.choice(self.domains_for[False])
                self.add(NoteDomain(contactnote_id=note.id, needsdomain_id=domain.pk))
            self.audit(at, author, AuditAction.NOTE_WRITTEN, person.code, f"note={note.id} {note.sensitivity}")

    def _screenings(self, person, lead: Staff, psychologist: Staff | None, arrived) -> None:
        rng = self.rng
        age = self.today.year - person.birth_year
        codes = (
            ("phq9", "gad7")
            if age >= 18
            else ("cries8", "who5")
            if age == 17
            else ("cries8", "psc17")
            if age >= 8
            else ("psc17",)
            if age >= 4
            else ()
        )
        screener = psychologist or lead
        improving = rng.random() < 0.7
        for round_number, offset in enumerate((20, 110)):
            on = arrived + datetime.timedelta(days=offset)
            if on > self.today:
                break
            for code in codes:
                instrument = self.instruments[code]
                values = instrument.option_values
                shift = -round_number if improving else 0
                answers = {
                    item: values[max(0, min(len(values) - 1, rng.choice((1, 1, 2, 2, 3)) + shift))]
                    for item in instrument.item_ids
                }
                if code == "phq9":
                    answers["9"] = 1 if rng.random() < 0.02 else 0
                result = score(instrument, answers)
                at = _moment(on, rng)
                administration = self.add(
                    Administration(
                        id=self.ids.take(Administration),
                        participant_id=person.id,
                        instrument=instrument.code,
                        instrument_version=instrument.version,
                        administered_on=on,
                        mode=Administration.Mode.IN_SESSION,
                        answers=answers,
                        total=result.total,
                        subscales=result.subscales,
                        band=result.band,
                        flags=[flag["code"] for flag in result.flags],
                        administered_by_id=screener.user_id,
                        created_at=at,
                    )
                )
                reason = f"{code} administration={administration.id}"
                self.audit(at, screener, AuditAction.SCREENING_RECORDED, person.code, reason)
                if result.flags:
                    # As instruments.actions._safety_notices: the lead and the psychologist are told.
                    told = {s.user_id for s in (lead, psychologist) if s is not None}
                    data = {"instrument": code, "administration": administration.id}
                    for user_id in sorted(told):
                        self._notice(user_id, Notice.Kind.SAFETY, at, data, person)
                    self.audit(at, screener, AuditAction.SAFETY_FLAG, person.code, f"{reason} notified={len(told)}")

    def _notice(self, user_id: int, kind: str, at, data: dict, person=None, *, read_after: int = 7) -> None:
        read = at + datetime.timedelta(days=1) if (self.now - at).days > read_after else None
        self.add(
            Notice(
                recipient_id=user_id,
                kind=kind,
                participant_id=person.id if person is not None else None,
                data=data,
                created_at=at,
                read_at=read,
            )
        )

    def _milestones(self, person, lead: Staff, arrived, child: bool) -> None:
        rng = self.rng
        span = (self.today - arrived).days
        if span < 30:
            return
        for kind in rng.sample(self.kinds_for[child], 2):
            reached = arrived + datetime.timedelta(days=rng.randint(30, min(span, 400)))
            at = _moment(reached + datetime.timedelta(days=rng.randint(0, 10)), rng)
            milestone = self.add(
                Milestone(
                    id=self.ids.take(Milestone),
                    participant_id=person.id,
                    kind_id=kind.pk,
                    reached_on=reached,
                    recorded_by_id=lead.user_id,
                    recorded_at=at,
                )
            )
            self.audit(
                at, lead, AuditAction.MILESTONE_RECORDED, person.code, f"milestone={milestone.id} kind={kind.code}"
            )

    def _plan(self, city: City, person, lead: Staff, arrived, child: bool) -> None:
        rng, today = self.rng, self.today
        span = (today - arrived).days
        plan = Plan(id=self.ids.take(Plan), participant_id=person.id)
        version = 1
        made = arrived + datetime.timedelta(days=rng.randint(3, 20))
        for order, domain in enumerate(rng.sample(self.domains_for[child], rng.randint(1, 3))):
            at = _moment(min(made, today), rng)
            goal = self.add(
                Goal(
                    id=self.ids.take(Goal),
                    plan_id=plan.id,
                    domain_id=domain.pk,
                    what_matters="Generated goal: what matters to the participant in this domain.",
                    order=order,
                )
            )
            version += 1
            self.audit(at, lead, AuditAction.GOAL_ADDED, person.code, f"goal={goal.id}")
            for _ in range(rng.randint(1, 2)):
                due = arrived + datetime.timedelta(days=rng.randint(30, span + 120))
                if due < today:
                    status = rng.choices(("done", "in_progress", "blocked", "planned"), (75, 12, 8, 5))[0]
                else:
                    status = rng.choices(("planned", "in_progress", "blocked"), (50, 45, 5))[0]
                action = self.add(
                    Action(
                        id=self.ids.take(Action),
                        goal_id=goal.id,
                        description="Generated action: a step towards the goal.",
                        responsible_organisation_id=city.social.pk,
                        due_on=due,
                        status=status,
                        blocked_reason=Action.BlockedReason.NO_PROVIDER if status == "blocked" else "",
                    )
                )
                version += 1
                self.audit(at, lead, AuditAction.ACTION_SAVED, person.code, f"action={action.id} status={status}")
                # The indicators read an action as it stood at a period's end from its history: a
                # version when it was made (planned) and one when its status last changed.
                changed = min(_moment(min(due, today), rng), self.now)
                first = ActionVersion(
                    **_fields(action), history_id=self.ids.take(ActionVersion), history_date=at, history_type="+"
                )
                first.status, first.blocked_reason = Action.Status.PLANNED, ""
                self.add(first)
                self.add(
                    ActionVersion(
                        **_fields(action),
                        history_id=self.ids.take(ActionVersion),
                        history_date=max(changed, at),
                        history_type="~",
                    )
                )
        plan.version = version
        plan.updated_at = _moment(min(made, today), rng)
        approved = made + datetime.timedelta(days=rng.randint(4, 30))
        if approved <= today and rng.random() < 0.85:
            plan.approved_at = _moment(approved, rng)
            plan.approved_by_id = city.coordinator.user_id
            self.audit(plan.approved_at, city.coordinator, AuditAction.PLAN_APPROVED, person.code, f"version={version}")
            self.add(
                PlanVersion(
                    **_fields(plan),
                    history_id=self.ids.take(PlanVersion),
                    history_date=plan.approved_at,
                    history_type="+",
                )
            )
        plan.review_on = self._reviews(person, lead, approved if plan.approved_at else None, arrived)
        self.add(plan)

    def _reviews(self, person, lead: Staff, approved, arrived) -> datetime.date:
        """Every three months from approval: the last two past ones (most held, some missed) and
        the next one. Returns the next review's date, which is the plan's."""
        rng, today = self.rng, self.today
        scheduled = (approved or arrived) + datetime.timedelta(days=90)
        dates = []
        while True:
            dates.append(scheduled)
            if scheduled > today:
                break
            scheduled += datetime.timedelta(days=90)
        for on in dates[-3:]:
            at = _moment(min(on - datetime.timedelta(days=80), today), rng)
            held = None
            if on <= today and rng.random() < 0.85:
                held = min(on + datetime.timedelta(days=rng.randint(-3, 10)), today)
            review = self.add(
                CaseReview(
                    id=self.ids.take(CaseReview),
                    participant_id=person.id,
                    scheduled_on=on,
                    held_on=held,
                    outcome="Generated: plan reviewed with the family." if held else "",
                    recorded_by_id=lead.user_id,
                )
            )
            self.audit(at, lead, AuditAction.REVIEW_SCHEDULED, person.code, f"review={review.id}")
            if held:
                self.audit(_moment(held, rng), lead, AuditAction.REVIEW_HELD, person.code, f"review={review.id}")
        return dates[-1]

    def _referrals(self, city: City, person, mother, lead: Staff, arrived, child: bool) -> None:
        """A consent to the city's CSO, then 1-2 referrals to it, each moved as far as its age allows."""
        rng, today = self.rng, self.today
        categories = sorted(["summary", "education" if child else "livelihood"])
        given = min(arrived + datetime.timedelta(days=rng.randint(0, 14)), today)
        guardian = mother if child and mother is not None and mother.id != person.id else None
        consent = self.add(
            Consent(
                id=self.ids.take(Consent),
                participant_id=person.id,
                categories=categories,
                recipient_organisation_id=city.cso.pk,
                purpose=Consent.Purpose.REFERRAL,
                given_by=Consent.GivenBy.GUARDIAN if guardian else Consent.GivenBy.PARTICIPANT,
                guardian_id=guardian.id if guardian else None,
                given_on=given,
                expires_on=given + datetime.timedelta(days=1095),
                recorded_by_id=lead.user_id,
                created_at=_moment(given, rng),
            )
        )
        self.audit(
            consent.created_at,
            lead,
            AuditAction.CONSENT_RECORDED,
            person.code,
            f"consent={consent.id} categories={','.join(categories)}",
        )
        domain = self.domain_by_code["education" if child else "livelihood"]
        last_day = min(today, consent.expires_on)
        for _ in range(rng.randint(1, 2)):
            sent_on = given + datetime.timedelta(days=rng.randint(0, max(0, (last_day - given).days)))
            self._referral(city, person, lead, domain, categories, _moment(sent_on, rng))

    def _referral(self, city: City, person, lead: Staff, domain, categories, sent) -> None:
        rng = self.rng
        age = (self.now - sent).days
        if age <= 10:
            path = rng.choices((["sent"], ["sent", "accepted"]), (70, 30))[0]
        elif age <= 90:
            path = rng.choices(
                (["sent", "accepted"], ["sent", "declined"], ["sent", "accepted", "done"]), (60, 15, 25)
            )[0]
        else:
            path = rng.choices(
                (
                    ["sent", "accepted", "done"],
                    ["sent", "declined"],
                    ["sent", "accepted", "expired"],
                    ["sent", "revoked"],
                ),
                (65, 15, 12, 8),
            )[0]
        status = path[-1]
        referral = self.add(
            Referral(
                id=self.ids.take(Referral),
                participant_id=person.id,
                from_organisation_id=city.social.pk,
                to_organisation_id=city.cso.pk,
                domain_id=domain.pk,
                request="Generated referral: a place in a course or support group.",
                urgency=Referral.Urgency.ROUTINE,
                categories=categories,
                status=status,
                respond_by=sent.date() + datetime.timedelta(days=10),
                expires_on=sent.date() + datetime.timedelta(days=90),
                decline_reason=Referral.DeclineReason.NO_CAPACITY if status == "declined" else "",
                created_by_id=lead.user_id,
                created_at=sent,
            )
        )
        self.audit(
            sent,
            lead,
            AuditAction.REFERRAL_SENT,
            person.code,
            f"referral={referral.id} to={city.cso.pk} categories={','.join(categories)}",
        )
        self.add(
            ReferralEvent(
                referral_id=referral.id, status="sent", at=sent, by_id=lead.user_id, organisation_id=city.social.pk
            )
        )
        self._notice(
            city.partner.user_id, Notice.Kind.REFERRAL, sent, {"referral": referral.id, "status": "sent"}, read_after=3
        )
        at = sent
        for step in path[1:]:
            if step == "expired":
                at = max(at, min(_moment(referral.expires_on + datetime.timedelta(days=1), rng), self.now))
                actor = None
            else:
                at = min(at + datetime.timedelta(days=rng.randint(1, 40 if step == "done" else 9)), self.now)
                actor = lead if step == "revoked" else city.partner
            reason = "no_capacity" if step == "declined" else ""
            self.add(
                ReferralEvent(
                    referral_id=referral.id,
                    status=step,
                    at=at,
                    by_id=actor.user_id if actor else None,
                    organisation_id=actor.organisation_id if actor else None,
                    reason=reason,
                )
            )
            action = {
                "accepted": AuditAction.REFERRAL_ACCEPTED,
                "declined": AuditAction.REFERRAL_DECLINED,
                "done": AuditAction.REFERRAL_DONE,
                "revoked": AuditAction.REFERRAL_REVOKED,
                "expired": AuditAction.REFERRAL_EXPIRED,
            }[step]
            self.audit(
                at, actor, action, person.code, f"referral={referral.id}" + (f" reason={reason}" if reason else "")
            )
            told = city.partner.user_id if step == "revoked" else lead.user_id
            self._notice(told, Notice.Kind.REFERRAL, at, {"referral": referral.id, "status": step}, person)

    def _closure(self, city: City, person, lead: Staff, arrived) -> None:
        rng = self.rng
        decided = _moment(max(arrived + datetime.timedelta(days=200), self.today - datetime.timedelta(days=300)), rng)
        requested = decided - datetime.timedelta(days=rng.randint(1, 10))
        self.add(
            Closure(
                id=self.ids.take(Closure),
                participant_id=person.id,
                reason=Closure.Reason.GOALS_MET,
                requested_by_id=lead.user_id,
                requested_at=requested,
                approved=True,
                decided_by_id=city.coordinator.user_id,
                decided_at=decided,
            )
        )
        self.audit(requested, lead, AuditAction.CLOSURE_REQUESTED, person.code, Closure.Reason.GOALS_MET)
        self.audit(decided, city.coordinator, AuditAction.CLOSURE_APPROVED, person.code, Closure.Reason.GOALS_MET)

    # -- writing ------------------------------------------------------------------------------

    ORDER = (
        Household,
        Participant,
        Identity,
        TeamMember,
        PhaseRecord,
        NeedsAssessment,
        NeedsRating,
        ContactNote,
        NoteDomain,
        Administration,
        Milestone,
        Plan,
        Goal,
        Action,
        PlanVersion,
        ActionVersion,
        CaseReview,
        Closure,
        Consent,
        Referral,
        ReferralEvent,
        Notice,
    )

    def flush(self) -> None:
        with transaction.atomic():
            unknown = set(self.rows) - set(self.ORDER)
            if unknown:
                raise RuntimeError(f"no write order for {unknown}")
            for model in self.ORDER:
                rows = self.rows.get(model, [])
                _bulk(model, rows)
                label = model._meta.label
                self.generated.rows[label] = self.generated.rows.get(label, 0) + len(rows)
            self._write_audit()
        self._clear()

    def _write_audit(self) -> None:
        """The chunk's audit rows in time order, each sealed over the one before, as ``record`` does."""
        self.events.sort(key=lambda event: event[0])
        rows = []
        for at, user_id, organisation_id, action, kind, ref, reason in self.events:
            event = AuditEvent(
                id=self.ids.take(AuditEvent),
                key_id=self.audit_key_id,
                created_at=at,
                actor_id=user_id,
                organisation_id=organisation_id,
                action=action,
                object_type=kind,
                object_ref=ref,
                reason=reason,
                request_id="",
                prev_hash=self.chain_hash,
            )
            event.hash = event.compute_hash(self.audit_key)
            self.chain_hash = event.hash
            rows.append(event)
        _bulk(AuditEvent, rows)
        self.chain_count += len(rows)
        AuditChainHead.objects.filter(id=1).update(last_hash=self.chain_hash, count=self.chain_count)
        self.generated.rows["core.AuditEvent"] = self.generated.rows.get("core.AuditEvent", 0) + len(rows)


def _assignments(rng: random.Random, staff: list[Staff], first_load: int | None) -> Callable[[int], Staff]:
    """Hands out practitioners in turn, each until their load is reached (the first: ``first_load``)."""
    state = {"index": 0, "left": first_load if first_load is not None else rng.randint(*CASE_WORKER_LOAD)}

    def next_for(size: int) -> Staff:
        if state["left"] <= 0:
            state["index"] = (state["index"] + 1) % len(staff)
            state["left"] = rng.randint(*CASE_WORKER_LOAD)
        state["left"] -= size
        return staff[state["index"]]

    return next_for


def generate(participants: int, *, seed: int = 7, log: Callable[[str], None] = lambda text: None) -> Generated:
    """Fills an empty, migrated database with ``participants`` generated participants."""
    if participants < 2:
        raise ValueError("at least two participants: one per city")
    rng = random.Random(seed)  # noqa: S311  (synthetic data, reproducible; not secrets)
    generated = Generated(participants=participants, seed=seed)
    started = time.perf_counter()
    ids = _Ids()
    cities = _directory(ids, participants)
    writer = _Writer(rng, ids, generated)
    generated.seconds["directory"] = time.perf_counter() - started
    leads = {c.number: _assignments(rng, c.case_workers, PERSONA_LOAD if c.number == 1 else None) for c in cities}
    psychologists = {
        c.number: _assignments(rng, c.psychologists, PSYCHOLOGIST_LOAD if c.number == 1 else None) for c in cities
    }
    made, households, chunk = 0, 0, 0
    building = time.perf_counter()
    while made < participants:
        city = cities[households % 2]
        size = min(rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS)[0], participants - made)
        if households == 0:
            size = min(4, participants)  # the measured case: a mother and children, in city 1
        lead = leads[city.number](size)
        # A psychologist on every third household of a city (the first one of city 1 among them).
        psychologist = psychologists[city.number](size) if (households // 2) % 3 == 0 else None
        closed = households > 1 and rng.random() < 0.04
        made += writer.household(city, size, lead, psychologist, closed=closed)
        households += 1
        chunk += 1
        if chunk >= CHUNK_HOUSEHOLDS:
            writer.flush()
            chunk = 0
            log(f"  {made} participants written ({time.perf_counter() - started:.0f} s)")
    writer.flush()
    generated.households = households
    generated.seconds["rows"] = time.perf_counter() - building
    settling = time.perf_counter()
    _settle()
    generated.seconds["settle"] = time.perf_counter() - settling
    generated.seconds["total"] = time.perf_counter() - started
    return generated


def _settle() -> None:
    """Sequences after the ids assigned here; statistics as a live database would have them."""
    touched = [m for m in _Writer.ORDER if m._meta.auto_field] + [User, Membership, AuditEvent]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), touched):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            # Autovacuum would soon analyse (and vacuum) freshly loaded tables; without statistics the
            # planner guesses a handful of rows and picks plans it never would on a live database.
            # VACUUM cannot run inside a transaction (the test wraps one): ANALYZE alone then.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
