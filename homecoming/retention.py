"""Retention (DESIGN.md §6, issue 16 §4): a case closed longer than ``HOMECOMING_RETENTION_YEARS``
is anonymised, and what the indicators count from it is kept.

A participant is due when their case is closed (``Participant.status``), its latest approved and
not reopened closure was decided more than N years before today (the programme's local date), and
it was not anonymised yet (``Participant.anonymised_on``). ``apply_retention`` then, per participant
and in one transaction each:

- empties the identity vault's row (every sealed value, the photo, both blind indexes: the row is
  kept, empty, so that pages that look for it find nothing to show) and deletes its history;
- replaces every free-text field of the case (``PARTS`` below names each one) by "" or, where a
  page needs some text (a link, a heading), by ``MARKER``: never by anything of the record's own;
- moves every exact date to the first day of its month, and every timestamp to the first instant
  of its month in the programme's time zone (``PARTS``: each date field of the case, listed);
- gives the participant a fresh random code, and the household one too once all its members are
  anonymised (with the household's own dates, its conferences and transfers), so that nothing
  kept outside (an old export, paper) links back to what is left;
- deletes the change history of every record of the case, except the plan's and the actions'
  versions, which the indicators read (first approval, status at a period's end): those are
  scrubbed like the records themselves; deletes the inbox notices about the case (they carry the
  old code, record ids, exact dates).

Kept, because the indicators count from them: sex, year of birth, household role and membership,
owning organisation, status; phases (their kinds, month dates), needs ratings, screening answers,
scores and bands, milestone kinds, referral domains, statuses and reasons, categories of consent;
who worked on the case and which organisation did what. Issued reports (``mel.reports``: versions
and their files) are never touched.

The audit log is hash-chained and append-only: it is not rewritten. Its old rows keep the old
codes (and the record ids and stated reasons they were written with); the codes no longer resolve
to anything, and the rows written here name the new codes only, with counts.

The figures stay the same. Every period the indicators use is a month, a quarter or a year
(mel/periods.py), so a date moved to the 1st of its month stays in the periods it was in, and a
timestamp moved to the first instant of its local month stays on the same side of every period
boundary: who is active at a period's end, what was reached or held by then, what happened within
it do not change. What reads days, or which of two records of one month came first, can change:
``figures_to_keep`` finds those figures, rule by rule and indicator by indicator (the comment above
``INDICATOR_RULES``), and ``keep_figures`` keeps them in ``mel.Snapshot`` before the first change,
computed from the rows as they still are, for every set of organisations figures are read for (each
dashboard reader's, each city's): pages, reports, the DHIS2 export and the network read finished
periods from there (``mel.snapshots.measured``). What is not covered, and why it does not matter at
the default of ten years, is in README.md ("Retention").
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from access.models import EmergencyAccess
from casework.models import (
    Action,
    CaseReview,
    Closure,
    ContactNote,
    Goal,
    Milestone,
    NeedsAssessment,
    NeedsRating,
    PhaseRecord,
    Plan,
    TeamMember,
)
from community.models import CivicParticipation, StigmaIncident
from coordination.models import Conference, Decision, Referral, ReferralEvent, ServiceRecord, Transfer
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from core.models import AuditEvent
from directory.models import Jurisdiction
from instruments.models import Administration
from mel import indicators, snapshots
from mel.indicators import rows as indicator_rows
from mel.indicators.catalogue import MEAN_CODES, RELIABLE_CODES
from mel.indicators.dimensions import MONTH_BANDS, months_before
from mel.indicators.population import day_starts
from mel.management.commands.refresh_indicators import Command as RefreshIndicators
from mel.models import Snapshot
from mel.periods import Period
from mel.results import Dimension
from mel.scope import organisations_in
from notices.models import Notice
from people.models import Consent, Household, Identity, Participant, new_code

# What a required free-text field holds once its text is gone: the same for every record, in no
# language, so that a heading or a link still has something to show.
MARKER = "\u2014"


@dataclass(frozen=True)
class Part:
    """One kind of record of a case and how it is anonymised.

    ``to_participant`` is the lookup from a row to the id of the participant it belongs to.
    ``dates`` are moved to the first day (or instant) of their month; ``blank`` emptied; ``marked``
    (free text a page needs) set to ``MARKER``.
    """

    key: str  # the count's name, in the command's output and the audit row
    model: type[models.Model]
    to_participant: str
    dates: tuple[str, ...] = ()
    blank: tuple[str, ...] = ()
    marked: tuple[str, ...] = ()

    def rows(self, participant_ids: Iterable[int]) -> models.QuerySet:
        return self.model.objects.filter(**{f"{self.to_participant}__in": list(participant_ids)})


# Every record of a case, with every date and every free-text field it has. A field not named here
# is kept on purpose: a choice, a number, a flag or a link (RETAINED_FIELDS lists those, and a test
# checks that every field of every model that hangs off a participant is in one list or the other).
PARTS: tuple[Part, ...] = (
    Part("consents", Consent, "participant", dates=("given_on", "expires_on", "withdrawn_at", "created_at")),
    Part("team", TeamMember, "participant", dates=("assigned_at", "ended_at")),
    Part("phases", PhaseRecord, "participant", dates=("started_on", "ended_on"), blank=("note",)),
    Part("assessments", NeedsAssessment, "participant", dates=("assessed_on", "created_at")),
    Part("ratings", NeedsRating, "assessment__participant", blank=("strengths", "note")),
    Part("notes", ContactNote, "participant", dates=("occurred_on", "created_at", "updated_at"), marked=("text",)),
    Part("plans", Plan, "participant", dates=("review_on", "approved_at", "updated_at")),
    Part("goals", Goal, "plan__participant", marked=("what_matters",)),
    Part("actions", Action, "goal__plan__participant", dates=("due_on",), marked=("description",)),
    Part("reviews", CaseReview, "participant", dates=("scheduled_on", "held_on"), blank=("outcome",)),
    Part("closures", Closure, "participant", dates=("requested_at", "decided_at", "reopened_at")),
    Part("milestones", Milestone, "participant", dates=("reached_on", "lost_on", "recorded_at"), blank=("note",)),
    Part("screenings", Administration, "participant", dates=("administered_on", "created_at")),
    Part(
        "referrals",
        Referral,
        "participant",
        dates=("respond_by", "expires_on", "created_at", "updated_at"),
        marked=("request",),
    ),
    Part("referral_events", ReferralEvent, "referral__participant", dates=("at",)),
    Part("services", ServiceRecord, "referral__participant", dates=("given_on", "created_at"), marked=("description",)),
    Part("conferences", Conference, "participant", dates=("scheduled_at", "created_at"), blank=("place", "summary")),
    Part("decisions", Decision, "participant", dates=("due_on",), marked=("text",)),
    Part(
        "stigma",
        StigmaIncident,
        "participant",
        dates=("occurred_on", "created_at"),
        blank=("what_happened", "what_was_done"),
    ),
    Part("civic", CivicParticipation, "participant", dates=("started_on", "ended_on", "created_at"), blank=("note",)),
    Part("emergency_access", EmergencyAccess, "participant", dates=("granted_at", "expires_at"), marked=("reason",)),
)
PARTICIPANT = Part("participants", Participant, "pk", dates=("returned_on", "arrived_on", "created_at"))
IDENTITY = Part(
    "identities",
    Identity,
    "participant",
    dates=("updated_at",),
    blank=(
        "full_name_sealed",
        "date_of_birth_sealed",
        "document_number_sealed",
        "address_sealed",
        "phone_sealed",
        "photo_sealed",
        "photo_type",
        "name_dob_index",
        "document_index",
    ),
)
# A household's own records, anonymised once every member is.
HOUSEHOLD = Part("households", Household, "pk", dates=("created_at",))
HOUSEHOLD_CONFERENCES = Part(
    "conferences", Conference, "household", dates=("scheduled_at", "created_at"), blank=("place", "summary")
)
# A transfer may carry a household's members: it is anonymised once all of them are.
TRANSFERS = Part(
    "transfers", Transfer, "pk", dates=("created_at", "decided_at", "handover_until"), marked=("handover_note",)
)
# The versions of plans and actions that the indicators read: kept, scrubbed like the records.
PLAN_VERSIONS = Part(
    "history_scrubbed",
    Plan.history.model,
    "participant",
    dates=("review_on", "approved_at", "updated_at", "history_date"),
    blank=("history_change_reason",),
)
ACTION_VERSIONS = Part(
    "history_scrubbed",
    Action.history.model,
    "goal",
    dates=("due_on", "history_date"),
    marked=("description",),
    blank=("history_change_reason",),
)

# Fields of the records above kept as they are, on purpose (see the module's docstring).
RETAINED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Participant: ("household", "household_role", "sex", "birth_year", "owner", "status", "anonymised_on"),
    Household: ("owner", "is_demo"),
    Consent: (
        "categories",
        "recipient_organisation",
        "recipient_kind",
        "purpose",
        "given_by",
        "guardian",
        "recorded_by",
    ),
    TeamMember: ("membership", "is_lead", "assigned_by"),
    PhaseRecord: ("phase", "recorded_by"),
    NeedsAssessment: ("assessed_by",),
    NeedsRating: ("assessment", "domain", "rating"),
    ContactNote: ("kind", "domains", "sensitivity", "author_discipline", "author", "version"),
    Plan: ("approved_by", "version"),
    Goal: ("plan", "domain", "order"),
    Action: ("goal", "responsible_organisation", "responsible_person", "status", "blocked_reason"),
    CaseReview: ("recorded_by",),
    Closure: ("reason", "requested_by", "approved", "decided_by"),
    Milestone: ("kind", "recorded_by", "version"),
    Administration: (
        "instrument",
        "instrument_version",
        "mode",
        "answers",
        "total",
        "subscales",
        "band",
        "flags",
        "administered_by",
    ),
    Referral: (
        "from_organisation",
        "to_organisation",
        "domain",
        "urgency",
        "categories",
        "override_categories",
        "lawful_basis",
        "status",
        "decline_reason",
        "created_by",
    ),
    ReferralEvent: ("referral", "status", "by", "organisation", "reason"),
    ServiceRecord: ("referral", "recorded_by"),
    Transfer: (
        "participants",
        "household",
        "from_organisation",
        "to_organisation",
        "status",
        "decline_reason",
        "created_by",
        "decided_by",
        "handover_memberships",
    ),
    Conference: ("organisation", "status", "created_by"),
    Decision: ("conference", "responsible_organisation", "action"),
    StigmaIncident: ("setting", "recorded_by"),
    CivicParticipation: ("kind", "recorded_by"),
    EmergencyAccess: ("user", "membership"),
}


# --- Who is due -------------------------------------------------------------------------------


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` years earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def cutoff(today: datetime.date, years: int) -> datetime.datetime:
    """Closures decided before this instant were decided more than ``years`` years before ``today``."""
    return day_starts(years_before(today, years))


def latest_closure() -> Subquery:
    """When the participant's latest approved, not reopened closure was decided."""
    closures = Closure.objects.filter(
        participant=OuterRef("pk"), approved=True, decided_at__isnull=False, reopened_at__isnull=True
    )
    return Subquery(closures.order_by("-decided_at", "-pk").values("decided_at")[:1])


def due(today: datetime.date, years: int) -> models.QuerySet[Participant]:
    """The participants whose case has been closed for more than ``years`` years and is not anonymised yet."""
    return (
        Participant.objects.filter(status=Participant.Status.CLOSED, anonymised_on__isnull=True)
        .alias(_closed_at=latest_closure())
        .filter(_closed_at__lt=cutoff(today, years))
        .order_by("pk")
    )


# --- Dates and text -------------------------------------------------------------------------


Moment = datetime.date | datetime.datetime


def month_start(value: Moment | None) -> Moment | None:
    """A date's first day of the month; a timestamp's first instant of its month in the programme's
    time zone (as the indicators read periods, mel/indicators/population.py); None stays None."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value, timezone.get_default_timezone())
        return day_starts(local.date().replace(day=1))
    return value.replace(day=1)


def scrub(part: Part, rows: models.QuerySet, *, write: bool) -> int:
    """Anonymises ``rows`` (of ``part.model``) as ``part`` says; returns how many rows there are.

    ``update()``, never ``save()``: no history row is written (the change history is deleted, and a
    new version would say who changed what, when), and ``auto_now`` fields do not take today's date.
    """
    model = part.model
    pks = list(rows.values_list("pk", flat=True))
    if not pks or not write:
        return len(pks)
    texts = {name: "" for name in part.blank} | {name: MARKER for name in part.marked}
    if texts:
        model.objects.filter(pk__in=pks).update(**texts)
    if part.dates:
        # Rows that land on the same dates are updated together: most of a case falls in a few months.
        groups: dict[tuple, list] = defaultdict(list)
        for pk, *values in model.objects.filter(pk__in=pks).values_list("pk", *part.dates):
            groups[tuple(month_start(value) for value in values)].append(pk)
        for values, members in groups.items():
            model.objects.filter(pk__in=members).update(**dict(zip(part.dates, values, strict=True)))
    return len(pks)


def fresh_code(model: type[Participant] | type[Household], object_type: str) -> str:
    """A random code no participant or household has or had, and that no audit row names: the old
    rows stay, and must never seem to speak of the new record."""
    while True:
        code = new_code()
        taken = (
            model.objects.filter(code=code).exists()
            or model.history.model.objects.filter(code=code).exists()
            or AuditEvent.objects.filter(object_type=object_type, object_ref=code).exists()
        )
        if not taken:
            return code


# --- One participant ----------------------------------------------------------------------------


def _history(participant_id: int, *, write: bool) -> tuple[int, int]:
    """Deletes the change history of the participant's records, scrubs the plan's and the actions'
    versions; returns (rows deleted, rows scrubbed)."""
    plans = {*Plan.objects.filter(participant_id=participant_id).values_list("pk", flat=True)}
    plans |= {*Plan.history.model.objects.filter(participant_id=participant_id).values_list("id", flat=True)}
    goals = {*Goal.objects.filter(plan_id__in=plans).values_list("pk", flat=True)}
    goals |= {*Goal.history.model.objects.filter(plan_id__in=plans).values_list("id", flat=True)}
    assessments = {*NeedsAssessment.objects.filter(participant_id=participant_id).values_list("pk", flat=True)}
    assessments |= {
        *NeedsAssessment.history.model.objects.filter(participant_id=participant_id).values_list("id", flat=True)
    }
    by_participant = (
        Identity,
        Consent,
        TeamMember,
        PhaseRecord,
        NeedsAssessment,
        ContactNote,
        CaseReview,
        Closure,
        Milestone,
        Administration,
    )
    gone = [Participant.history.model.objects.filter(id=participant_id)]
    gone += [model.history.model.objects.filter(participant_id=participant_id) for model in by_participant]
    gone += [
        NeedsRating.history.model.objects.filter(assessment_id__in=assessments),
        Goal.history.model.objects.filter(plan_id__in=plans),
    ]
    deleted = sum(_delete(versions, write=write) for versions in gone)
    scrubbed = scrub(PLAN_VERSIONS, PLAN_VERSIONS.rows([participant_id]), write=write)
    scrubbed += scrub(ACTION_VERSIONS, ACTION_VERSIONS.model.objects.filter(goal_id__in=goals), write=write)
    return deleted, scrubbed


def notices_about(**records: Iterable[int]) -> Q:
    """Inbox notices that name one of these records in their data (``referral=[ids]``...): a notice
    carries the record's id, a reminder an exact date in its data and its key."""
    found = Q(pk__in=[])
    for name, ids in records.items():
        found |= Q(**{f"data__{name}__in": list(ids)})
    return found


def _delete(rows: models.QuerySet, *, write: bool) -> int:
    count = rows.count()
    if write and count:
        rows.delete()
    return count


def _anonymise(participant: Participant, *, actor: Actor, today: datetime.date, done: set[int], write: bool) -> Counter:
    """Everything of one participant, and of their household and transfers once nobody in them is left."""
    counts: Counter = Counter()
    pk, ids = participant.pk, [participant.pk]

    def ids_of(model: type[models.Model], **lookup) -> list[int]:
        return list(model.objects.filter(**lookup).values_list("pk", flat=True))

    notices = Q(participant_id=pk) | notices_about(
        referral=ids_of(Referral, participant_id=pk),
        review=ids_of(CaseReview, participant_id=pk),
        administration=ids_of(Administration, participant_id=pk),
        action=ids_of(Action, goal__plan__participant_id=pk),
        conference=ids_of(Conference, participant_id=pk),
    )
    counts["notices_deleted"] = _delete(Notice.objects.filter(notices), write=write)
    counts["photos"] = Identity.objects.filter(participant_id=pk).exclude(photo_sealed="").count()
    counts[IDENTITY.key] = scrub(IDENTITY, IDENTITY.rows(ids), write=write)
    for part in PARTS:
        counts[part.key] += scrub(part, part.rows(ids), write=write)
    counts["history_deleted"], counts["history_scrubbed"] = _history(pk, write=write)
    scrub(PARTICIPANT, PARTICIPANT.rows(ids), write=write)
    code = fresh_code(Participant, "participant") if write else ""
    if write:
        Participant.objects.filter(pk=pk).update(code=code, anonymised_on=today)
    counts[PARTICIPANT.key] = 1
    done.add(pk)

    remaining = Participant.objects.filter(anonymised_on__isnull=True).exclude(pk__in=done)
    transfers = Transfer.objects.filter(participants=pk).exclude(participants__in=remaining)
    counts["notices_deleted"] += _delete(
        Notice.objects.filter(notices_about(transfer=ids_of(Transfer, pk__in=transfers))), write=write
    )
    counts[TRANSFERS.key] = scrub(TRANSFERS, transfers, write=write)
    household = participant.household_id
    if not remaining.filter(household_id=household).exists():
        conferences = ids_of(Conference, household_id=household)
        counts["notices_deleted"] += _delete(Notice.objects.filter(notices_about(conference=conferences)), write=write)
        counts[HOUSEHOLD.key] = scrub(HOUSEHOLD, HOUSEHOLD.rows([household]), write=write)
        counts[HOUSEHOLD_CONFERENCES.key] += scrub(
            HOUSEHOLD_CONFERENCES, HOUSEHOLD_CONFERENCES.rows([household]), write=write
        )
        counts["history_deleted"] += _delete(Household.history.model.objects.filter(id=household), write=write)
        if write:
            new = fresh_code(Household, "household")
            Household.objects.filter(pk=household).update(code=new)
            audit.record(
                action=AuditAction.RETENTION_APPLIED,
                actor=actor,
                object_type="household",
                object_ref=new,
                reason=reason(Counter(conferences=len(conferences))),
            )
    if write:
        audit.record(
            action=AuditAction.RETENTION_APPLIED,
            actor=actor,
            object_type="participant",
            object_ref=code,
            reason=reason(counts),
        )
    return counts


# --- Figures kept before the first change ---------------------------------------------------------------
#
# Which figures month dates could change, indicator by indicator (mel/indicators/catalogue.py, rows.py).
# A date moved within its month stays in every period it was in, and a state on a period's last day
# (active, closed, a milestone held, a phase current, a blocked action) stays the same: counts of
# people and of events in a period are kept as they are. What reads days, or which of two records of
# one month came first, can change; each such reading is one rule below, which finds the finished
# periods it could change for one participant, and those figures are kept first:
#
# - first_14_days (HC-CON-02), first_30_days (HC-CON-03), first_year (HC-OUT-09): a participant counts
#   in the period holding the 14th, 30th or 365th day after their start, "on time" by a count of days:
#   the periods holding that day before and after the move;
# - settling_in (HC-OUT-01 to 07, HC-COM-06): eligible at a period's end 30 days after the start: the
#   periods whose last day falls between the 30th day after the moved start and the 30th after the start;
# - review_grace (HC-CON-04): a review counts in the period holding its scheduled day + 7 and is on time
#   by days: those periods before and after;
# - transfer_wait (HC-CON-01): accepted within 14 days, by timestamps, in the period of the decision;
#   referral_events (HC-CON-05, HC-CON-06): the first acceptance and the first end are picked by time,
#   days to acceptance counted: the periods of the events;
# - assessment_order (HC-OUT-08, HC-UN-02: first and latest rating per domain, latest assessment),
#   screening_order (HC-WB-*: first and latest score), action_versions (HC-UN-01, HC-UN-02: an action as
#   it stood), phase_order (every breakdown by phase: the phase started last): picked by date, then id;
#   where two records of one month were made in another order than their days, the pick can differ:
#   the periods whose last day sees another pick;
# - return_bands (every breakdown by months since return): "returned more than 3 months before the
#   period's last day" compares the return with one day of its month, which a return late in the month
#   moved to the 1st can cross: the periods whose last day sees another band;
# - none: HC-COV-01 to 03 and HC-COM-05 (but for the two breakdowns above), and the figures that count
#   no participant (activities, survey answers, trainings).
#
# A test checks that every indicator of the catalogue is named here.

# The screening indicators of the catalogue (an instrument with no published change figure has no
# "reliable improvement"), by instrument.
WELLBEING = {
    code: instrument
    for instrument, code in (*RELIABLE_CODES.items(), *MEAN_CODES.items())
    if code in indicators.CATALOGUE
}
INDICATOR_RULES: dict[str, tuple[str, ...]] = {
    "HC-COV-01": (),
    "HC-COV-02": (),
    "HC-COV-03": (),
    "HC-CON-01": ("transfer_wait",),
    "HC-CON-02": ("first_14_days",),
    "HC-CON-03": ("first_30_days",),
    "HC-CON-04": ("review_grace",),
    "HC-CON-05": ("referral_events",),
    "HC-CON-06": ("referral_events",),
    **{f"HC-OUT-0{n}": ("settling_in",) for n in range(1, 8)},
    "HC-OUT-08": ("assessment_order",),
    "HC-OUT-09": ("first_year",),
    **{code: (f"screening_order:{instrument}",) for code, instrument in WELLBEING.items()},
    "HC-UN-01": ("action_versions",),
    "HC-UN-02": ("assessment_order", "action_versions"),
    **{f"HC-COM-0{n}": () for n in range(1, 6)},
    "HC-COM-06": ("settling_in",),
    **{f"HC-PRA-0{n}": () for n in range(1, 4)},
}
BREAKDOWN_RULES = {Dimension.PHASE: "phase_order", Dimension.MONTHS_SINCE_RETURN: "return_bands"}


def codes_of(rule: str) -> list[str]:
    """The indicators of the catalogue whose figures a rule's records can change."""
    return [
        code
        for code, indicator in indicators.CATALOGUE.items()
        if rule in INDICATOR_RULES.get(code, ())
        or any(BREAKDOWN_RULES.get(dimension) == rule for dimension in indicator.dimensions)
    ]


def _local_day(value: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, timezone.get_default_timezone()).date()
    return value


def _moves(*values) -> bool:
    """Whether any of these dates or timestamps is not where retention puts it already."""
    return any(value is not None and month_start(value) != value for value in values)


def containing(day: datetime.date, today: datetime.date) -> list[Period]:
    """The finished month, quarter and year holding ``day``."""
    found = (Period.containing(day, kind) for kind in ("month", "quarter", "year"))
    return [period for period in found if period.end < today]


def ending_on(day: datetime.date, today: datetime.date) -> list[Period]:
    """The finished periods whose last day is ``day``: a month's, and its quarter's and year's if they end then."""
    return [period for period in containing(day, today) if period.end == day]


def month_ends(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The last day of every month from ``first``'s to ``last``'s."""
    ends, month = [], Period.containing(first, "month")
    while month.start <= last:
        ends.append(month.end)
        month = month.following()
    return ends


def _value(value: Moment | None, moved: bool) -> Moment | None:
    return month_start(value) if moved else value


def pick(records: list[tuple], day: datetime.date, *, moved: bool, first: bool = False) -> tuple | None:
    """Of ``records`` (id, date or timestamp, ...), the first or latest on or before ``day`` (a local day),
    ordered by the date, then the id, as the indicators order them; before or after dates move."""
    seen = [record for record in records if _local_day(_value(record[1], moved)) <= day]
    if not seen:
        return None
    ordered = sorted(seen, key=lambda record: (_value(record[1], moved), record[0]))
    return ordered[0] if first else ordered[-1]


@dataclass(frozen=True)
class Facts:
    """What the rules read of one participant, before anything moves: (id, date, ...) records."""

    start: datetime.date  # arrival in the city, else registration (mel.indicators.population.started)
    returned_on: datetime.date | None
    closed_on: datetime.date  # the day of the latest approved closure
    closures: list[tuple]  # (decided_at, reopened_at)
    approvals: list[datetime.datetime]  # every approval of the plan, from its history
    assessments: list[tuple]  # (id, assessed_on)
    ratings: list[tuple]  # (assessment id, domain id, rating)
    screenings: list[tuple]  # (id, administered_on, instrument, total)
    phases: list[tuple]  # (id, started_on, phase, ended_on)
    reviews: list[tuple]  # (scheduled_on, held_on)
    events: list[tuple]  # (referral's created_at, event's at)
    transfers: list[tuple]  # (created_at, decided_at, whether they move in this run) of the participant's transfers
    versions: list[tuple]  # (history id, history_date, action id, status, blocked_reason, history_type)


def facts(participant: Participant, *, batch: set[int]) -> Facts:
    """The participant's records as the rules read them; ``batch``: who else is anonymised in this run."""
    pk = participant.pk
    plans = Plan.history.model.objects.filter(participant_id=pk)
    goals = {*Goal.objects.filter(plan__participant_id=pk).values_list("pk", flat=True)}
    goals |= {*Goal.history.model.objects.filter(plan_id__in=plans.values("id")).values_list("id", flat=True)}
    staying = Participant.objects.filter(anonymised_on__isnull=True).exclude(pk__in=batch)
    closures = Closure.objects.filter(participant_id=pk, approved=True, decided_at__isnull=False)
    ratings = NeedsRating.objects.filter(assessment__participant_id=pk)
    screenings = Administration.objects.filter(participant_id=pk, total__isnull=False)
    events = ReferralEvent.objects.filter(referral__participant_id=pk)
    transfers = Transfer.objects.filter(participants=pk)
    moving = {*transfers.exclude(participants__in=staying).values_list("pk", flat=True)}
    versions = Action.history.model.objects.filter(goal_id__in=goals)
    return Facts(
        start=participant.arrived_on or _local_day(participant.created_at),
        returned_on=participant.returned_on,
        closed_on=_local_day(max(closures.values_list("decided_at", flat=True))),
        closures=list(closures.values_list("decided_at", "reopened_at")),
        approvals=list(plans.exclude(approved_at=None).values_list("approved_at", flat=True)),
        assessments=list(NeedsAssessment.objects.filter(participant_id=pk).values_list("pk", "assessed_on")),
        ratings=list(ratings.values_list("assessment_id", "domain_id", "rating")),
        screenings=list(screenings.values_list("pk", "administered_on", "instrument", "total")),
        phases=list(PhaseRecord.objects.filter(participant_id=pk).values_list("pk", "started_on", "phase", "ended_on")),
        reviews=list(CaseReview.objects.filter(participant_id=pk).values_list("scheduled_on", "held_on")),
        events=list(events.values_list("referral__created_at", "at")),
        # A transfer's dates move once everyone on it is anonymised: already, or in this run.
        transfers=[
            (created, decided, transfer in moving)
            for transfer, created, decided in transfers.values_list("pk", "created_at", "decided_at")
        ],
        versions=list(
            versions.values_list("history_id", "history_date", "id", "status", "blocked_reason", "history_type")
        ),
    )


def touched(facts: Facts, today: datetime.date) -> dict[str, list[Period]]:
    """Rule -> the finished periods whose figures, counting this participant, moved dates could change."""
    found: dict[str, list[Period]] = defaultdict(list)
    start, moved_start, day = facts.start, month_start(facts.start), datetime.timedelta(days=1)

    def deadline(rule: str, within: int, *read) -> None:
        if start != moved_start or _moves(*read):
            found[rule] += containing(start + within * day, today) + containing(moved_start + within * day, today)

    deadline("first_14_days", indicator_rows.ASSESSMENT_WITHIN_DAYS, *(on for _pk, on in facts.assessments))
    deadline("first_30_days", indicator_rows.PLAN_WITHIN_DAYS, *facts.approvals)
    deadline("first_year", indicator_rows.RETAINED_AFTER_DAYS, *(at for closure in facts.closures for at in closure))
    settling_in = indicator_rows.SETTLING_IN_DAYS * day
    settled, moved_settled = start + settling_in, moved_start + settling_in
    for end in month_ends(moved_settled, settled):
        if moved_settled <= end < settled:
            found["settling_in"] += ending_on(end, today)
    grace = indicator_rows.REVIEW_GRACE_DAYS * day
    for scheduled, held in facts.reviews:
        if _moves(scheduled, held):
            found["review_grace"] += containing(scheduled + grace, today)
            found["review_grace"] += containing(month_start(scheduled) + grace, today)
    for created, decided, moves in facts.transfers:
        if moves and decided is not None and _moves(created, decided):
            found["transfer_wait"] += containing(_local_day(decided), today)
    for created, at in facts.events:
        if _moves(created, at):
            found["referral_events"] += containing(_local_day(at), today)

    # Where a record is picked among others on a period's last day, the periods in which the participant
    # is counted at all: every one that ends while they are active (the indicators of a state at the
    # end), and those of their arrival, deadlines and events (the indicators of events in the period).
    active = {period for end in month_ends(start, facts.closed_on) for period in ending_on(end, today)}
    after_start = (
        indicator_rows.ASSESSMENT_WITHIN_DAYS,
        indicator_rows.PLAN_WITHIN_DAYS,
        indicator_rows.RETAINED_AFTER_DAYS,
    )
    days = [start, *(when + after * day for when in (start, moved_start) for after in after_start)]
    days += [when + grace for scheduled, _held in facts.reviews for when in (scheduled, month_start(scheduled))]
    days += [_local_day(decided) for _created, decided, _moves in facts.transfers if decided]
    days += [_local_day(at) for _created, at in facts.events]
    counted = active | {period for when in days for period in containing(when, today)}

    def changed(periods: set[Period], picked) -> list[Period]:
        return [period for period in sorted(periods) if picked(period.end, False) != picked(period.end, True)]

    def phase(end: datetime.date, moved: bool):
        # Current on the day: started by then (``pick``), not ended by then.
        current = [row for row in facts.phases if row[3] is None or _local_day(_value(row[3], moved)) > end]
        latest = pick(current, end, moved=moved)
        return latest and latest[2]

    def band(end: datetime.date, moved: bool):
        if facts.returned_on is None:
            return None
        returned = _value(facts.returned_on, moved)
        # As mel.indicators.dimensions.key_expression: the first band whose threshold the return is after.
        bands = (key for key, _label, below in MONTH_BANDS if below is None or returned > months_before(end, below))
        return next(bands)

    found["phase_order"] += changed(counted, phase)
    found["return_bands"] += changed(counted, band)

    assessed_on = dict(facts.assessments)
    by_domain: dict[int, list[tuple]] = defaultdict(list)
    for assessment, domain, rating in facts.ratings:
        by_domain[domain].append((assessment, assessed_on[assessment], rating))

    def assessed(end: datetime.date, moved: bool):
        latest = pick(facts.assessments, end, moved=moved)
        ratings = {
            domain: [pick(rated, end, moved=moved, first=True), pick(rated, end, moved=moved)]
            for domain, rated in by_domain.items()
        }
        return latest and latest[0], {domain: [r and r[2] for r in pair] for domain, pair in ratings.items()}

    found["assessment_order"] += changed(active, assessed)
    for instrument in {record[2] for record in facts.screenings}:
        scores = [record for record in facts.screenings if record[2] == instrument]

        def scored(end: datetime.date, moved: bool, scores=scores):
            first, latest = pick(scores, end, moved=moved, first=True), pick(scores, end, moved=moved)
            return first and first[3], latest and latest[3]

        found[f"screening_order:{instrument}"] += changed(active, scored)
    by_action: dict[int, list[tuple]] = defaultdict(list)
    for version in facts.versions:
        by_action[version[2]].append(version)

    def stood(end: datetime.date, moved: bool):
        latest = {action: pick(versions, end, moved=moved) for action, versions in by_action.items()}
        return {action: version and version[3:] for action, version in latest.items()}

    found["action_versions"] += changed(active, stood)
    return found


def counted_by(participant: Participant) -> set[int]:
    """The organisations whose figures can count the participant: the owner, and any a transfer went to."""
    found = {participant.owner_id}
    return found | {*Transfer.objects.filter(participants=participant).values_list("to_organisation_id", flat=True)}


def owner_sets() -> list[tuple[int, ...]]:
    """The sets of organisations figures are read for: each dashboard reader's (as ``refresh_indicators``
    finds them) and each city's (reports, the DHIS2 export and the network count a city by
    ``organisations_in``)."""
    found = set(RefreshIndicators.owner_sets())
    for city in Jurisdiction.objects.filter(level=Jurisdiction.Level.CITY):
        found.add(tuple(sorted(organisations_in(city))))
    return sorted(owners for owners in found if owners)


def figures_to_keep(participant_ids: list[int], *, today: datetime.date) -> dict[tuple[int, ...], set]:
    """Owners -> the (indicator code, period) figures that the participants' moved dates could change."""
    batch, sets = set(participant_ids), owner_sets()
    found: dict[tuple[int, ...], set] = defaultdict(set)
    for participant in Participant.objects.filter(pk__in=participant_ids):
        pairs = {
            (code, period)
            for rule, periods in touched(facts(participant, batch=batch), today).items()
            for code in codes_of(rule)
            for period in periods
        }
        counted = counted_by(participant)
        for owners in sets:
            if counted & set(owners):
                found[owners] |= pairs
    return found


def keep_figures(participant_ids: list[int], *, today: datetime.date, write: bool) -> int:
    """Makes sure the figures the participants' moved dates could change are kept (``mel.Snapshot``) as
    they are now; returns how many were not kept yet (and, when ``write``, are now)."""
    missing = 0
    for owners, pairs in figures_to_keep(participant_ids, today=today).items():
        _text, digest = snapshots.owners_key(owners)
        kept = set(Snapshot.objects.filter(owners_hash=digest).values_list("indicator", "period"))
        for code, period in sorted(pairs, key=lambda pair: (pair[1].start, pair[1].end, pair[0])):
            if (code, period.code) in kept:
                continue
            missing += 1
            if write:
                snapshots.measured(indicators.CATALOGUE[code], owners=owners, period=period, today=today)
    return missing


# --- The run ----------------------------------------------------------------------------------------------

# The order of the counts in the output and the audit rows.
ORDER = (
    "participants",
    "households",
    "identities",
    "photos",
    *dict.fromkeys(part.key for part in PARTS),
    "transfers",
    "notices_deleted",
    "history_deleted",
    "history_scrubbed",
    "figures_kept",
)


def reason(counts: Counter) -> str:
    """Counts only, in a fixed order: ``notes=12 assessments=2``."""
    return " ".join(f"{key}={counts[key]}" for key in ORDER if counts.get(key))


@dataclass
class Result:
    years: int
    dry_run: bool
    counts: Counter = field(default_factory=Counter)

    def lines(self) -> list[tuple[str, int]]:
        return [(key, self.counts[key]) for key in ORDER]


def apply_retention(*, actor: Actor, today: datetime.date, years: int, dry_run: bool) -> Result:
    """Anonymises every case closed for more than ``years`` years before ``today`` (see the module's
    docstring); with ``dry_run``, counts what it would change and changes nothing."""
    if years < 1:
        raise ValueError("The retention period is at least one year.")
    result = Result(years=years, dry_run=dry_run)
    participant_ids = list(due(today, years).values_list("pk", flat=True))
    result.counts["figures_kept"] = keep_figures(participant_ids, today=today, write=not dry_run)
    done: set[int] = set()
    for pk in participant_ids:
        with transaction.atomic():
            participant = Participant.objects.select_for_update().filter(pk=pk).first()
            # Locked with the participant: a reopening (which writes the closures) waits for this one, or
            # this one sees it. Reopened, or anonymised by another run, since the list was made: left alone.
            list(Closure.objects.select_for_update().filter(participant_id=pk).values_list("pk", flat=True))
            if participant is None or not due(today, years).filter(pk=pk).exists():
                continue
            result.counts.update(_anonymise(participant, actor=actor, today=today, done=done, write=not dry_run))
    if not dry_run:
        audit.record(
            action=AuditAction.RETENTION_RUN,
            actor=actor,
            reason=f"years={years} {reason(result.counts)}".strip(),
        )
    return result
