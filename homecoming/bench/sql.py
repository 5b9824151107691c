"""The data the caseload and the case page show, fetched by hand-written SQL: the yardstick.

The ratio of a page's server time to this fetch's time is what the ORM, the access policy's
query shape, the middleware and the templates add on top of the data itself (issue 15 asks for
at most 2x). Each function fetches what the page shows — rows, the count, the sections' records —
in the plainest SQL that runs on SQLite and PostgreSQL alike, through ``connection.cursor()``.

Visibility is written as the union of the reader's places (the owning organisation for a
coordinator, team places, unexpired emergency grants, handovers), as ``access.policy`` defines
it. Table and column names come from the models, so a renamed table does not silently measure
another one. Only values are parameters; the names put into the SQL text are the models' own.
"""

# The SQL text is assembled from the models' table and column names (quoted by the backend), never
# from input; every value goes in as a parameter. Ruff's S608 cannot tell the two apart.
# ruff: noqa: S608

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from access.models import EmergencyAccess
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
from community.models import CivicParticipation, StigmaIncident
from coordination.models import Conference, Referral, Transfer
from core.models import AuditEvent
from directory.models import Jurisdiction, Membership, Organisation, Role
from instruments.models import Administration
from people.models import Consent, Household, Participant

# The caseload's page size (casework.views.caseload); a different one shows as a row mismatch.
PAGE_SIZE = 25


class Unsupported(Exception):
    """A filter or sort this module has no hand-written equivalent for (the page grew one)."""


@dataclass(frozen=True)
class Reader:
    """The acting membership, as the SQL needs it."""

    membership_id: int
    organisation_id: int
    role: str
    discipline: str

    @classmethod
    def of(cls, membership: Membership) -> Reader:
        return cls(membership.pk, membership.organisation_id, membership.role, membership.discipline)


def _t(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model: type[Model], name: str) -> str:
    """A column by field name (``order`` and the like are quoted)."""
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _date(day: datetime.date):
    return connection.ops.adapt_datefield_value(day)


def _now():
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def visible(reader: Reader) -> tuple[str, list]:
    """``WITH visible(id) AS (...)``: every participant the reader may open."""
    now = _now()
    transfer_people = Transfer.participants.through
    handover = Transfer.handover_memberships.through
    parts = [
        f"SELECT participant_id FROM {_t(TeamMember)} WHERE membership_id = %s AND ended_at IS NULL",
        f"SELECT participant_id FROM {_t(EmergencyAccess)} WHERE membership_id = %s AND expires_at > %s",
        f"SELECT tp.participant_id FROM {_t(transfer_people)} tp"
        f" JOIN {_t(Transfer)} t ON t.id = tp.transfer_id"
        f" JOIN {_t(handover)} hm ON hm.transfer_id = t.id"
        " WHERE t.status = 'accepted' AND t.handover_until > %s AND hm.membership_id = %s",
    ]
    params: list = [reader.membership_id, reader.membership_id, now, now, reader.membership_id]
    if reader.role == Role.COORDINATOR:
        parts.insert(0, f"SELECT id FROM {_t(Participant)} WHERE owner_id = %s")
        params.insert(0, reader.organisation_id)
    return "WITH visible(id) AS (" + " UNION ".join(parts) + ") ", params


# --- The caseload -------------------------------------------------------------------------------

SORTS = {
    "household": "h.code, p.birth_year",
    "code": "p.code",
    "age": "p.birth_year DESC, p.code",
    "review": "pl.review_on, p.code",
    "registered": "p.created_at DESC, p.code",
}


def _overdue(today) -> tuple[str, list]:
    sql = (
        f"EXISTS (SELECT 1 FROM {_t(Action)} a JOIN {_t(Goal)} g ON g.id = a.goal_id"
        f" JOIN {_t(Plan)} ap ON ap.id = g.plan_id"
        " WHERE ap.participant_id = p.id AND a.due_on < %s AND a.status <> 'done')"
    )
    return sql, [today]


def _filters(query: dict[str, str]) -> tuple[list[str], list, set[str]]:
    """The WHERE conditions of the caseload form's values, their parameters, and the joins they need."""
    today = timezone.localdate()
    where: list[str] = []
    params: list = []
    joins: set[str] = set()
    for name, value in query.items():
        if name in ("sort", "page", "need_domain") or value == "":
            continue  # need_domain only narrows need_at_most (casework.caseload)
        if name == "code":
            where.append("(p.code LIKE %s OR h.code LIKE %s)")
            params += [f"%{value.strip().upper()}%"] * 2
            joins.add("household")
        elif name == "phase":
            where.append(
                f"EXISTS (SELECT 1 FROM {_t(PhaseRecord)} ph WHERE ph.participant_id = p.id"
                " AND ph.phase = %s AND ph.ended_on IS NULL)"
            )
            params.append(value)
        elif name == "need_at_most":
            # The latest assessment (that rated the domain, when one is chosen), driven from the
            # participant's assessments: an EXISTS on the domain keeps the planner off the ratings'
            # domain index, which a join invites (and then walks every rating of the domain).
            domain = int(query["need_domain"]) if query.get("need_domain") else None
            rated = (
                f" AND EXISTS (SELECT 1 FROM {_t(NeedsRating)} r2 WHERE r2.assessment_id = a.id AND r2.domain_id = %s)"
                if domain
                else ""
            )
            latest = (
                f"SELECT a.id FROM {_t(NeedsAssessment)} a WHERE a.participant_id = p.id{rated}"
                " ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1"
            )
            where.append(
                f"EXISTS (SELECT 1 FROM {_t(NeedsRating)} r WHERE r.assessment_id = ({latest}) AND r.rating <= %s"
                + (" AND r.domain_id = %s)" if domain else ")")
            )
            params += [*([domain] if domain else []), int(value), *([domain] if domain else [])]
        elif name == "overdue":
            sql, values = _overdue(_date(today))
            where.append(sql)
            params += values
        elif name == "review_within":
            where.append("pl.review_on <= %s")
            params.append(_date(today + datetime.timedelta(days=int(value))))
            joins.add("plan")
        elif name == "age_band":
            low, high = value.split("-")
            where.append("p.birth_year <= %s")
            params.append(today.year - int(low))
            if high:
                where.append("p.birth_year >= %s")
                params.append(today.year - int(high))
        elif name == "sex":
            where.append("p.sex = %s")
            params.append(value)
        else:
            raise Unsupported(name)
    return where, params, joins


def caseload(reader: Reader, query: dict[str, str]) -> dict:
    """The caseload page's data: the page's rows with their current phases, and the count."""
    sort = query.get("sort") or "household"
    if sort not in SORTS:
        raise Unsupported(f"sort={sort}")
    where, where_params, joins = _filters(query)
    with_visible, visible_params = visible(reader)
    condition = (" WHERE " + " AND ".join(where)) if where else ""
    household = f" JOIN {_t(Household)} h ON h.id = p.household_id"
    plan = f" LEFT JOIN {_t(Plan)} pl ON pl.participant_id = p.id"
    # The count joins only what its conditions need, as a hand-written count would.
    count_joins = (household if "household" in joins else "") + (plan if "plan" in joins else "")
    count = _fetch(
        f"{with_visible}SELECT COUNT(*) FROM visible v JOIN {_t(Participant)} p ON p.id = v.id{count_joins}{condition}",
        [*visible_params, *where_params],
    )[0][0]
    page = max(1, int(query.get("page") or 1))
    overdue, overdue_params = _overdue(_date(timezone.localdate()))
    rows = _fetch(
        f"{with_visible}SELECT p.id, p.code, h.code, p.household_role, p.sex, p.birth_year, p.status,"
        f" pl.review_on, {overdue}"
        f" FROM visible v JOIN {_t(Participant)} p ON p.id = v.id{household}{plan}{condition}"
        f" ORDER BY {SORTS[sort]} LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}",
        [*visible_params, *overdue_params, *where_params],
    )
    ids = [row[0] for row in rows]
    phases = (
        _fetch(
            f"SELECT participant_id, phase, started_on, ended_on FROM {_t(PhaseRecord)}"
            f" WHERE participant_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY started_on, id",
            ids,
        )
        if ids
        else []
    )
    return {"count": count, "codes": [row[1] for row in rows], "rows": rows, "phases": phases}


# --- The case page ------------------------------------------------------------------------------


def _places(reader: Reader, participant_id: int) -> list[tuple]:
    """The reader's places on the case: team, grant, handover (the coordinator's is the owner)."""
    transfer_people = Transfer.participants.through
    handover = Transfer.handover_memberships.through
    now = _now()
    return _fetch(
        f"SELECT 'team', is_lead FROM {_t(TeamMember)} WHERE participant_id = %s AND membership_id = %s"
        " AND ended_at IS NULL"
        f" UNION ALL SELECT 'emergency', FALSE FROM {_t(EmergencyAccess)} WHERE participant_id = %s"
        " AND membership_id = %s AND expires_at > %s"
        f" UNION ALL SELECT 'handover', FALSE FROM {_t(transfer_people)} tp"
        f" JOIN {_t(Transfer)} t ON t.id = tp.transfer_id"
        f" JOIN {_t(handover)} hm ON hm.transfer_id = t.id WHERE tp.participant_id = %s AND t.status = 'accepted'"
        " AND t.handover_until > %s AND hm.membership_id = %s",
        [
            participant_id,
            reader.membership_id,
            participant_id,
            reader.membership_id,
            now,
            participant_id,
            now,
            reader.membership_id,
        ],
    )


def _section_queries(reader: Reader, person: dict, section: str) -> list[tuple[str, list]]:
    """The queries one section's data takes (those shared by the timeline are named once by the caller)."""
    pid = person["id"]
    if section == "summary":
        with_visible, params = visible(reader)
        return [
            (
                f"SELECT code, household_role, sex, birth_year, status FROM {_t(Participant)}"
                " WHERE household_id = %s ORDER BY birth_year",
                [person["household_id"]],
            ),
            (
                f"{with_visible}SELECT p.code FROM visible v JOIN {_t(Participant)} p ON p.id = v.id"
                " WHERE p.household_id = %s",
                [*params, person["household_id"]],
            ),
        ]
    if section == "phases":
        return [
            (
                f"SELECT phase, started_on, ended_on, note FROM {_t(PhaseRecord)} WHERE participant_id = %s"
                " ORDER BY started_on, id",
                [pid],
            )
        ]
    if section == "needs":
        return [
            (
                f"SELECT a.id, a.assessed_on, d.code, d.name_en, r.rating, r.strengths, r.note"
                f" FROM {_t(NeedsAssessment)} a JOIN {_t(NeedsRating)} r ON r.assessment_id = a.id"
                f" JOIN {_t(NeedsDomain)} d ON d.id = r.domain_id WHERE a.participant_id = %s"
                f" ORDER BY a.assessed_on, a.id, d.{_c(NeedsDomain, 'order')}",
                [pid],
            )
        ]
    if section == "plan":
        return [
            (
                f"SELECT pl.id, pl.review_on, pl.approved_at, pl.version, au.username, g.id, g.what_matters,"
                f" d.name_en, a.id, a.description, a.due_on, a.status, a.blocked_reason, o.name, ru.username"
                f" FROM {_t(Plan)} pl LEFT JOIN {_t(User)} au ON au.id = pl.approved_by_id"
                f" LEFT JOIN {_t(Goal)} g ON g.plan_id = pl.id LEFT JOIN {_t(NeedsDomain)} d ON d.id = g.domain_id"
                f" LEFT JOIN {_t(Action)} a ON a.goal_id = g.id"
                f" LEFT JOIN {_t(Organisation)} o ON o.id = a.responsible_organisation_id"
                f" LEFT JOIN {_t(Membership)} rm ON rm.id = a.responsible_person_id"
                f" LEFT JOIN {_t(User)} ru ON ru.id = rm.user_id"
                f" WHERE pl.participant_id = %s ORDER BY g.{_c(Goal, 'order')}, g.id, a.due_on, a.id",
                [pid],
            )
        ]
    if section == "notes":
        clinical = person["clinical_disciplines"]
        readable = "n.sensitivity = 'team'" + (
            f" OR (n.sensitivity = 'clinical' AND n.author_discipline IN ({', '.join(['%s'] * len(clinical))}))"
            if clinical
            else ""
        )
        return [
            (
                f"SELECT n.id, n.occurred_on, n.kind, n.text, n.sensitivity, u.username, u.first_name, u.last_name"
                f" FROM {_t(ContactNote)} n JOIN {_t(User)} u ON u.id = n.author_id"
                f" WHERE n.participant_id = %s AND ({readable}) ORDER BY n.occurred_on DESC, n.id DESC",
                [pid, *clinical],
            ),
            (
                f"SELECT nd.contactnote_id, d.name_en FROM {_t(ContactNote.domains.through)} nd"
                f" JOIN {_t(NeedsDomain)} d ON d.id = nd.needsdomain_id"
                f" JOIN {_t(ContactNote)} n ON n.id = nd.contactnote_id WHERE n.participant_id = %s",
                [pid],
            ),
        ]
    if section == "screenings":
        return [
            (
                f"SELECT id, instrument, instrument_version, administered_on, total, subscales, band, flags"
                f" FROM {_t(Administration)} WHERE participant_id = %s ORDER BY administered_on, id",
                [pid],
            )
        ]
    if section == "outcomes":
        return [
            (
                f"SELECT m.id, m.reached_on, m.lost_on, m.note, m.version, k.code, k.name_en, k.category"
                f" FROM {_t(Milestone)} m JOIN {_t(MilestoneKind)} k ON k.id = m.kind_id"
                " WHERE m.participant_id = %s ORDER BY m.reached_on, m.id",
                [pid],
            )
        ]
    if section == "civic":
        return [(f"SELECT * FROM {_t(CivicParticipation)} WHERE participant_id = %s", [pid])]
    if section == "stigma":
        return [(f"SELECT * FROM {_t(StigmaIncident)} WHERE participant_id = %s", [pid])]
    if section == "reviews":
        return [
            (
                f"SELECT id, scheduled_on, held_on, outcome FROM {_t(CaseReview)} WHERE participant_id = %s"
                " ORDER BY scheduled_on, id",
                [pid],
            ),
            (
                f"SELECT id, reason, requested_at, approved, decided_at, reopened_at FROM {_t(Closure)}"
                " WHERE participant_id = %s ORDER BY requested_at DESC",
                [pid],
            ),
        ]
    if section == "coordination":
        return [
            (
                f"SELECT r.id, r.status, r.created_at, r.expires_on, o.name, d.name_en FROM {_t(Referral)} r"
                f" JOIN {_t(Organisation)} o ON o.id = r.to_organisation_id"
                f" JOIN {_t(NeedsDomain)} d ON d.id = r.domain_id"
                " WHERE r.participant_id = %s ORDER BY r.created_at DESC, r.id DESC",
                [pid],
            ),
            (
                f"SELECT t.id, t.status, t.created_at FROM {_t(Transfer)} t"
                f" JOIN {_t(Transfer.participants.through)} tp ON tp.transfer_id = t.id WHERE tp.participant_id = %s",
                [pid],
            ),
            (
                f"SELECT id, scheduled_at, status FROM {_t(Conference)} WHERE participant_id = %s"
                " OR household_id = %s ORDER BY scheduled_at DESC",
                [pid, person["household_id"]],
            ),
        ]
    if section == "consent":
        return [
            (
                f"SELECT c.id, c.categories, c.purpose, c.given_by, c.given_on, c.expires_on, c.withdrawn_at,"
                f" o.name, c.recipient_kind, g.code FROM {_t(Consent)} c"
                f" LEFT JOIN {_t(Organisation)} o ON o.id = c.recipient_organisation_id"
                f" LEFT JOIN {_t(Participant)} g ON g.id = c.guardian_id"
                " WHERE c.participant_id = %s ORDER BY c.given_on DESC, c.id DESC",
                [pid],
            )
        ]
    if section == "team":
        return [
            (
                f"SELECT t.is_lead, t.assigned_at, m.role, m.discipline, u.username, u.first_name, u.last_name, o.name"
                f" FROM {_t(TeamMember)} t JOIN {_t(Membership)} m ON m.id = t.membership_id"
                f" JOIN {_t(User)} u ON u.id = m.user_id JOIN {_t(Organisation)} o ON o.id = m.organisation_id"
                " WHERE t.participant_id = %s AND t.ended_at IS NULL ORDER BY t.is_lead DESC, t.assigned_at",
                [pid],
            )
        ]
    if section == "audit":
        return [
            (
                f"SELECT e.id, e.created_at, e.action, e.reason, u.username, o.name FROM {_t(AuditEvent)} e"
                f" LEFT JOIN {_t(User)} u ON u.id = e.actor_id"
                f" LEFT JOIN {_t(Organisation)} o ON o.id = e.organisation_id"
                " WHERE e.object_type = 'participant' AND e.object_ref = %s ORDER BY e.id DESC LIMIT 50",
                [person["code"]],
            )
        ]
    if section in ("identity", "timeline"):
        # The identity stays sealed until revealed (no query); the timeline reads the other sections'
        # records (phases, reviews, assessments, notes, consents, milestones), named by the caller.
        return []
    raise Unsupported(section)


# Sections whose records the timeline shows: fetched for it when the page has not fetched them.
TIMELINE_READS = ("phases", "reviews", "needs", "notes", "consent", "outcomes")


def case_page(reader: Reader, code: str, sections: list[str]) -> dict:
    """The case page's data for the sections the reader's page shows (or one section, for a swap)."""
    person_row = _fetch(
        f"SELECT p.id, p.code, p.household_id, p.household_role, p.sex, p.birth_year, p.status, p.returned_on,"
        f" p.arrived_on, p.owner_id, h.code, o.name, o.kind, j.name FROM {_t(Participant)} p"
        f" JOIN {_t(Household)} h ON h.id = p.household_id JOIN {_t(Organisation)} o ON o.id = p.owner_id"
        f" JOIN {_t(Jurisdiction)} j ON j.id = o.jurisdiction_id WHERE p.code = %s",
        [code],
    )
    if not person_row:
        raise LookupError(code)
    pid, household_id = person_row[0][0], person_row[0][2]
    places = _places(reader, pid)
    on_team_as_specialist = reader.role == Role.SPECIALIST and any(kind == "team" for kind, _ in places)
    person = {
        "id": pid,
        "code": code,
        "household_id": household_id,
        "clinical_disciplines": [reader.discipline] if on_team_as_specialist and reader.discipline else [],
    }
    wanted = list(dict.fromkeys(sections))
    if "timeline" in wanted:
        wanted += [s for s in TIMELINE_READS if s not in wanted]
    fetched = {}
    for section in wanted:
        fetched[section] = [_fetch(sql, params) for sql, params in _section_queries(reader, person, section)]
    return {"person": person_row, "places": places, "sections": fetched}
