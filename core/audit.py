"""Writing to the hash-chained audit log. Every audited event goes through ``record``.

Every event is one of ``AuditAction``: a typed list with a label in each language, so
that an audit trail never shows a raw code and a misspelt action fails at once.
"""

import dataclasses
import datetime
import hashlib
import hmac
import json
from collections.abc import Callable

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.actor import Actor
from core.models import GENESIS_HASH, AuditChainHead, AuditEvent, AuditVerification
from core.request_id import current_request_id
from core.vault import key_id


class AuditAction(models.TextChoices):
    # Sign-in, sessions and accounts
    SIGNED_IN = "auth.signed_in", _("Signed in")
    SIGNED_OUT = "auth.signed_out", _("Signed out")
    SIGN_IN_FAILED = "auth.sign_in_failed", _("Sign-in failed")
    LOCKED_OUT = "auth.locked_out", _("Locked out after repeated failures")
    SIGNED_OUT_EVERYWHERE = "auth.signed_out_everywhere", _("Signed out everywhere")
    TOKEN_CREATED = "auth.token_created", _("API token created")
    TOKEN_REVOKED = "auth.token_revoked", _("API token revoked")
    SIGNED_OUT_BY_ADMINISTRATOR = "auth.signed_out_by_administrator", _("Signed out by an administrator")
    ORGANISATION_CHOSEN = "session.organisation_chosen", _("Organisation chosen for the session")
    TOTP_ADDED = "mfa.totp_added", _("Authenticator app set up")
    TOTP_REMOVED = "mfa.totp_removed", _("Authenticator app removed")
    RECOVERY_CODES_ADDED = "mfa.recovery_codes_added", _("Recovery codes created")
    RECOVERY_CODES_REMOVED = "mfa.recovery_codes_removed", _("Recovery codes removed")
    RECOVERY_CODES_RESET = "mfa.recovery_codes_reset", _("Recovery codes replaced")
    WEBAUTHN_ADDED = "mfa.webauthn_added", _("Security key added")
    WEBAUTHN_REMOVED = "mfa.webauthn_removed", _("Security key removed")
    MFA_CODE_FAILED = "mfa.code_failed", _("Wrong second-factor code")
    MFA_RESET_BY_ADMINISTRATOR = "mfa.reset_by_administrator", _("Second factor removed by an administrator")
    MEMBERSHIP_CREATED = "membership.created", _("Membership created")
    MEMBERSHIP_CHANGED = "membership.changed", _("Membership changed")
    MEMBERSHIP_DELETED = "membership.deleted", _("Membership deleted")
    OVERRIDE_CONSENT_GRANTED = "permission.override_consent_granted", _("Allowed to share beyond consent")
    OVERRIDE_CONSENT_WITHDRAWN = "permission.override_consent_withdrawn", _("No longer allowed to share beyond consent")
    # Participants, identity and consent
    HOUSEHOLD_REGISTERED = "household.registered", _("Household registered")
    PARTICIPANT_REGISTERED = "participant.registered", _("Participant registered")
    IDENTITY_REVEALED = "identity.revealed", _("Identity shown")
    PHOTO_VIEWED = "identity.photo_viewed", _("Photo viewed")
    PHOTO_CHANGED = "identity.photo_changed", _("Photo changed")
    CONSENT_RECORDED = "consent.recorded", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent.withdrawn", _("Consent withdrawn")
    EMERGENCY_ACCESS_GRANTED = "emergency_access.granted", _("Emergency access granted")
    EMERGENCY_ACCESS_REFUSED = "emergency_access.refused", _("Emergency access refused")
    DUPLICATE_FOUND_ELSEWHERE = (
        "participant.duplicate_found_elsewhere",
        _("A registration matched a record the user cannot open"),
    )
    VIEWED_IN_EMERGENCY = "participant.viewed_in_emergency", _("Opened under emergency access")
    # Case work
    TEAM_ASSIGNED = "team.assigned", _("Added to the team")
    TEAM_REMOVED = "team.removed", _("Removed from the team")
    PHASE_STARTED = "phase.started", _("Phase recorded")
    PHASE_ENDED = "phase.ended", _("Phase ended")
    NEEDS_ASSESSED = "needs.assessed", _("Needs assessed")
    NOTE_WRITTEN = "note.written", _("Contact note written")
    NOTE_EDITED = "note.edited", _("Contact note edited")
    PLAN_CHANGED = "plan.changed", _("Plan changed")
    GOAL_ADDED = "plan.goal_added", _("Goal added")
    ACTION_SAVED = "plan.action_saved", _("Plan action saved")
    PLAN_APPROVED = "plan.approved", _("Plan approved")
    REVIEW_SCHEDULED = "review.scheduled", _("Review scheduled")
    REVIEW_HELD = "review.held", _("Review held")
    CLOSURE_REQUESTED = "closure.requested", _("Closure requested")
    CLOSURE_APPROVED = "closure.approved", _("Case closed")
    CLOSURE_DECLINED = "closure.declined", _("Closure declined")
    CASE_REOPENED = "case.reopened", _("Case reopened")
    MILESTONE_RECORDED = "milestone.recorded", _("Outcome milestone recorded")
    MILESTONE_EDITED = "milestone.edited", _("Outcome milestone edited")
    MILESTONE_REMOVED = "milestone.removed", _("Outcome milestone removed (recorded in error)")
    # Health
    HEALTH_VIEWED = "health.viewed", _("Health data read")
    SCREENING_RECORDED = "screening.recorded", _("Screening recorded")
    SAFETY_FLAG = "screening.safety_flag", _("Safety notice raised by a screening")
    INSTRUMENT_IMPORTED = "instrument.imported", _("Instrument imported")
    INSTRUMENT_OFFERED = "instrument.offered", _("Imported instrument offered")
    INSTRUMENT_WITHDRAWN = "instrument.withdrawn", _("Imported instrument withdrawn")
    # Coordination
    REFERRAL_SENT = "referral.sent", _("Referral sent")
    REFERRAL_OVERRIDE_REFUSED = "referral.override_refused", _("Referral beyond consent refused")
    REFERRAL_VIEWED = "referral.viewed", _("Referral read by the receiving organisation")
    REFERRAL_ACCEPTED = "referral.accepted", _("Referral accepted")
    REFERRAL_DECLINED = "referral.declined", _("Referral declined")
    REFERRAL_SERVICE_RECORDED = "referral.service_recorded", _("Service recorded under a referral")
    REFERRAL_DONE = "referral.done", _("Referral done")
    REFERRAL_REVOKED = "referral.revoked", _("Referral revoked")
    REFERRAL_EXPIRED = "referral.expired", _("Referral expired")
    TRANSFER_PROPOSED = "transfer.proposed", _("Transfer proposed")
    TRANSFER_ACCEPTED = "transfer.accepted", _("Transfer accepted")
    TRANSFER_DECLINED = "transfer.declined", _("Transfer declined")
    TRANSFER_CANCELLED = "transfer.cancelled", _("Transfer cancelled")
    CONFERENCE_SCHEDULED = "conference.scheduled", _("Case conference scheduled")
    CONFERENCE_RECORDED = "conference.recorded", _("Case conference recorded")
    CONFERENCE_DECISION_RECORDED = "conference.decision_recorded", _("Conference decision recorded")
    CONFERENCE_VIEWED = "conference.viewed", _("Conference read by an invited organisation")
    # Monitoring, evaluation and learning: what leaves the case team
    REPORT_DRAFTED = "report.drafted", _("Periodic report draft saved")
    REPORT_ISSUED = "report.issued", _("Periodic report issued")
    REPORT_DOWNLOADED = "report.downloaded", _("Periodic report downloaded")
    EXTRACT_REQUESTED = "extract.requested", _("Evaluation extract requested")
    EXTRACT_APPROVED = "extract.approved", _("Evaluation extract approved")
    EXTRACT_REFUSED = "extract.refused", _("Evaluation extract refused")
    EXTRACT_DOWNLOADED = "extract.downloaded", _("Evaluation extract downloaded")
    DHIS2_EXPORTED = "dhis2.exported", _("Aggregate data exported for DHIS2")
    DHIS2_MAPPING_CHANGED = "dhis2.mapping_changed", _("DHIS2 mapping changed")
    # The network: the city's signed reports to the hub (issue 13 §2)
    NETWORK_REPORT_KEY_GENERATED = "network_report.key_generated", _("Network signing key made")
    NETWORK_REPORT_BUILT = "network_report.built", _("Network report built")
    NETWORK_REPORT_APPROVED = "network_report.approved", _("Network report approved and signed")
    NETWORK_REPORT_DELIVERED = "network_report.delivered", _("Network report delivered to the hub")
    NETWORK_REPORT_REFUSED = "network_report.refused", _("Network report refused by the hub")
    NETWORK_REPORT_EXPORTED = "network_report.exported", _("Network report handed over as a file")
    # The community and the practitioners
    ACTIVITY_RECORDED = "activity.recorded", _("Community activity recorded")
    ACTIVITY_EDITED = "activity.edited", _("Community activity edited")
    ACTIVITY_REMOVED = "activity.removed", _("Community activity removed")
    SURVEY_ROUND_OPENED = "survey.round_opened", _("Survey round opened")
    SURVEY_ROUND_CLOSED = "survey.round_closed", _("Survey round closed")
    SURVEY_RESPONSE_ENTERED = "survey.response_entered", _("Survey answers entered")
    STIGMA_RECORDED = "stigma.recorded", _("Stigma experienced recorded")
    STIGMA_REMOVED = "stigma.removed", _("Stigma experienced removed (recorded in error)")
    CIVIC_RECORDED = "civic.recorded", _("Civic participation recorded")
    CIVIC_REMOVED = "civic.removed", _("Civic participation removed (recorded in error)")
    COURSE_SAVED = "training.course_saved", _("Training course saved")
    TRAINING_RECORDED = "training.session_recorded", _("Training session recorded")
    SUPPORT_RECORDED = "support.session_recorded", _("Supervision or peer support recorded")
    UNMET_NEEDS_DOWNLOADED = "unmet_needs.downloaded", _("Unmet needs and resource gaps downloaded")
    PASSWORD_CHANGED = "auth.password_changed", _("Password changed")
    CURRENT_PASSWORD_FAILED = "auth.current_password_failed", _("Wrong current password when changing the password")
    PASSWORD_RESET_BY_ADMINISTRATOR = "auth.password_reset_by_administrator", _("Password reset by an administrator")
    CHANGE_REQUESTED = "account_change.requested", _("Account change requested, waiting for a second person")
    CHANGE_CONFIRMED = "account_change.confirmed", _("Account change confirmed by a second person")
    CHANGE_REFUSED = "account_change.refused", _("Account change refused by a second person")
    # The practice library (issue 13 §1)
    PRACTICE_DRAFTED = "practice.drafted", _("Practice drafted")
    PRACTICE_EDITED = "practice.edited", _("Practice edited")
    PRACTICE_SUBMITTED = "practice.submitted", _("Practice submitted for review")
    PRACTICE_PUBLISHED = "practice.published", _("Practice published")
    PRACTICE_RETURNED = "practice.returned", _("Practice sent back to draft")
    PRACTICE_SHARED = "practice.shared", _("Practice shared with the network")
    PRACTICE_UNSHARED = "practice.unshared", _("Practice no longer shared with the network")
    PRACTICE_WITHDRAWN = "practice.withdrawn", _("Practice withdrawn")
    PRACTICE_ATTACHMENT_ADDED = "practice.attachment_added", _("Attachment added to a practice")
    PRACTICE_ATTACHMENT_DOWNLOADED = "practice.attachment_downloaded", _("Practice attachment downloaded")
    # The network hub (issue 13 §3)
    HUB_CITY_ENROLLED = "hub.city_enrolled", _("Member city enrolled on the hub")
    HUB_REPORT_RECEIVED = "hub.report_received", _("Report received from a member city")
    HUB_REPORT_REFUSED = "hub.report_refused", _("Report from a city refused")
    HUB_CITY_CHANGED = "hub.city_changed", _("Member city or its keys changed on the hub")
    # Backup and restore (issue 16 §3)
    BACKUP_WRITTEN = "backup.written", _("Backup written")
    BACKUP_RESTORED = "backup.restored", _("Database restored from a backup")

    # Retention (issue 16 §4): cases closed long ago anonymised; the rows name the new codes only
    RETENTION_APPLIED = "retention.applied", _("Anonymised after the retention period")
    RETENTION_RUN = "retention.run", _("Retention period applied")

    # Administration (issue 18 §12): users, memberships, second factors, lockouts
    USER_CREATED = "user.created", _("User created by an administrator")
    USER_CHANGED = "user.changed", _("User's details changed by an administrator")
    USER_DEACTIVATED = "user.deactivated", _("User deactivated by an administrator")
    USER_REACTIVATED = "user.reactivated", _("User reactivated by an administrator")
    LOCKOUT_CLEARED = "auth.lockout_cleared", _("Sign-in lockout cleared by an administrator")

    # Administration (issue 18 §12): organisations, jurisdictions, services, needs domains, milestone kinds
    JURISDICTION_ADDED = "jurisdiction.added", _("Jurisdiction added")
    JURISDICTION_CHANGED = "jurisdiction.changed", _("Jurisdiction changed")
    ORGANISATION_ADDED = "organisation.added", _("Organisation added")
    ORGANISATION_CHANGED = "organisation.changed", _("Organisation changed")
    ORGANISATION_DEACTIVATED = "organisation.deactivated", _("Organisation deactivated")
    ORGANISATION_REACTIVATED = "organisation.reactivated", _("Organisation made active again")
    SERVICE_ADDED = "service.added", _("Service added to the directory")
    SERVICE_CHANGED = "service.changed", _("Service in the directory changed")
    SERVICE_DEACTIVATED = "service.deactivated", _("Service taken out of the directory")
    NEEDS_DOMAIN_ADDED = "needs_domain.added", _("Needs domain added")
    NEEDS_DOMAIN_CHANGED = "needs_domain.changed", _("Needs domain changed")
    NEEDS_DOMAIN_RETIRED = "needs_domain.retired", _("Needs domain retired")
    MILESTONE_KIND_ADDED = "milestone_kind.added", _("Milestone kind added")
    MILESTONE_KIND_CHANGED = "milestone_kind.changed", _("Milestone kind changed")
    MILESTONE_KIND_RETIRED = "milestone_kind.retired", _("Milestone kind retired")

    # Administration (issue 18 §12): imported instruments, the DHIS2 mapping, the hub's members


def label(action: str) -> str:
    """The action's label in the active language; a code no longer in use shows as it was stored."""
    try:
        return AuditAction(action).label
    except ValueError:
        return action


# --- Reasons in words (issue 18 §11) ------------------------------------------------------
#
# A row's reason is stored as codes ("phq9 administration=152 notified=2"): the same in every
# language, free of names, and what the chain's hash covers. People read it in words; each app
# names its own codes (instrument codes, note sensitivities) through ``name_codes`` at start-up.

REASON_WORDS = {
    "administration": _("screening"),
    "assessment": _("needs assessment"),
    "categories": _("shared"),
    "civic": _("record"),
    "conference": _("case conference"),
    "course": _("course"),
    "incident": _("record"),
    "invited": _("organisations invited"),
    "kind": _("kind"),
    "lead": _("lead"),
    "membership": _("team place"),
    "milestone": _("milestone"),
    "note": _("note"),
    "notified": _("people notified"),
    "referral": _("referral"),
    "review": _("review"),
    "status": _("status"),
    "to": _("to organisation"),
    "transfer": _("transfer"),
    "version": _("version"),
}
_CODE_WORDS = {"api": _("through the API"), "True": _("yes"), "False": _("no")}
_NAMERS: list[Callable[[str], str | None]] = []


def name_codes(namer: Callable[[str], str | None]) -> None:
    """Adds a function giving a code's name in words, or None for a code it does not know."""
    _NAMERS.append(namer)


def _named(code: str) -> str | None:
    for namer in _NAMERS:
        if (name := namer(code)) is not None:
            return str(name)
    if code in _CODE_WORDS:
        return str(_CODE_WORDS[code])
    try:
        from core.categories import Category

        return str(Category(code).label)
    except ValueError:
        return None


def describe(reason: str) -> str:
    """The reason in words: "PHQ-9; screening 152; people notified 2". A reason a person typed (an
    identity reveal's purpose), or one with parts it does not know, stays as stored."""
    parts: list[str] = []
    tokens = reason.split()
    for at, token in enumerate(tokens):
        key, equals, value = token.partition("=")
        if key == "reason" and equals:  # what a person typed comes last, and is kept whole
            parts.append(" ".join([value, *tokens[at + 1 :]]))
            break
        if equals and key in REASON_WORDS:
            parts.append(f"{REASON_WORDS[key]} {', '.join(_named(v) or v for v in value.split(','))}")
        elif not equals and (name := _named(token)) is not None:
            parts.append(name)
        else:
            return reason
    return "; ".join(parts)


def record(
    *,
    action: AuditAction,
    actor: Actor,
    organisation=None,
    object_type: str = "",
    object_ref: str | int = "",
    reason: str = "",
) -> AuditEvent:
    """Appends one row: who (the actor, in their organisation unless another is named), did what,
    to which record, why. Ids and codes only: never names or free text beyond the stated reason."""
    action = AuditAction(action).value  # an unknown action fails here, not on an audit trail later
    organisation = organisation if organisation is not None else actor.organisation
    request_id = actor.request_id or current_request_id()
    with transaction.atomic():
        # The row lock queues concurrent writers on PostgreSQL; on SQLite the IMMEDIATE
        # transaction mode already holds the database's write lock here.
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        kid, key = _sealing_key()
        event = AuditEvent(
            key_id=kid,
            created_at=timezone.now(),
            actor=actor.user,
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_ref=str(object_ref),
            reason=reason,
            request_id=request_id or "",
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash(key)
        event.save()
        head.last_hash = event.hash
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
    return event


def for_participant(action: AuditAction, participant, *, actor: Actor, reason: str = "") -> AuditEvent:
    """The usual audit row of case work: this action, on this participant's code."""
    return record(
        action=action,
        actor=actor,
        object_type="participant",
        object_ref=participant.code,
        reason=reason,
    )


def _keys() -> dict[str, bytes]:
    return {key_id(key): key for key in settings.HOMECOMING_AUDIT_KEYS}


def _sealing_key() -> tuple[str, bytes]:
    """The current audit key (the first of HOMECOMING_AUDIT_KEYS) and its id; the others still verify."""
    key = settings.HOMECOMING_AUDIT_KEYS[0]
    return key_id(key), key


@dataclasses.dataclass(frozen=True)
class Checkpoint:
    """The chain's state at one moment, signed with the audit key, to be kept outside the database
    (a file on another machine, a write-once log): a later check proves that the first ``count``
    rows are still the same rows, even against someone who holds the key."""

    count: int
    head: str
    at: str
    key_id: str
    mac: str = ""

    def _message(self) -> bytes:
        return f"homecoming.audit-checkpoint|{self.count}|{self.head}|{self.at}|{self.key_id}".encode()

    def signed(self) -> "Checkpoint":
        key = _keys()[self.key_id]
        return dataclasses.replace(self, mac=hmac.new(key, self._message(), hashlib.sha256).hexdigest())

    def is_authentic(self) -> bool:
        key = _keys().get(self.key_id)
        expected = hmac.new(key, self._message(), hashlib.sha256).hexdigest() if key else ""
        return bool(key) and hmac.compare_digest(expected, self.mac)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Checkpoint":
        data = json.loads(text)
        return cls(
            count=int(data["count"]),
            head=str(data["head"]),
            at=str(data["at"]),
            key_id=str(data["key_id"]),
            mac=str(data["mac"]),
        )


def checkpoint() -> Checkpoint:
    """A signed checkpoint of the chain as it is now (its head row, read without a lock)."""
    head = AuditChainHead.objects.filter(id=1).first()
    count, last = (head.count, head.last_hash) if head else (0, GENESIS_HASH)
    return Checkpoint(count=count, head=last, at=timezone.now().isoformat(), key_id=_sealing_key()[0]).signed()


# Rows read per query in a chain walk: enough that the queries' own cost vanishes, few enough
# that memory stays flat at any length of chain.
WALK_BATCH = 10_000
# How often a walk reports how far it got (rows checked in this run).
PROGRESS_EVERY = 100_000

# Called with (rows checked so far in this run, rows this run expects to check).
Progress = Callable[[int, int], None]

# A walk reads plain tuples, never models: the id, the sealed values in their order, the stored seal.
_WALK_COLUMNS = ("id", *AuditEvent.SEALED_FIELDS, "hash")
_HASH = len(_WALK_COLUMNS) - 1

_STALE_CHECKPOINT = "the checkpoint's signature does not match (it was altered, or its key is not configured)"


@dataclasses.dataclass
class _Position:
    """Where a walk stands: the last row it accepted, that row's hash, and the chain's length up to it."""

    last_id: int = 0
    last_hash: str = GENESIS_HASH
    count: int = 0


@dataclasses.dataclass(frozen=True)
class Verification:
    """What one run of the check found.

    ``count`` rows of the chain are vouched for (``started_after`` of them by the stored
    checkpoint the run started from, ``checked`` by this run). When the stored checkpoint
    itself cannot be trusted, ``needs_full`` is set: only a walk from the genesis can say more.
    """

    checked: int
    count: int
    started_after: int
    problem: str | None
    needs_full: bool = False


def _head() -> tuple[int, str]:
    head = AuditChainHead.objects.filter(id=1).first()
    return (head.count, head.last_hash) if head else (0, GENESIS_HASH)


def _walk(
    at: _Position,
    *,
    until: int | None = None,
    against: Checkpoint | None = None,
    progress: Progress | None = None,
    expected: int = 0,
    started: int = 0,
) -> str | None:
    """Check the rows after ``at`` in chain order, moving ``at`` to the last good row; stop at the
    end, or once the chain's ``until``-th row is checked. Returns the first problem, or None.

    Rows come a batch at a time by id (ranges of the primary key's index), as tuples: making a
    model of each row cost as much as checking it. ``AuditEvent.seal`` seals the tuple exactly
    as ``compute_hash`` seals a model.
    """
    keys = _keys()
    seal = AuditEvent.seal
    compare = hmac.compare_digest
    while True:
        limit = WALK_BATCH if until is None else min(WALK_BATCH, until - at.count)
        if limit <= 0:
            return None
        rows = list(AuditEvent.objects.filter(id__gt=at.last_id).order_by("id").values_list(*_WALK_COLUMNS)[:limit])
        if not rows:
            return None
        last_id, expected_prev, count = at.last_id, at.last_hash, at.count
        problem = None
        for row in rows:
            key = keys.get(row[1])
            if key is None:
                problem = f"row {row[0]}: sealed under audit key {row[1] or '(none)'}, which is not configured"
            elif row[2] != expected_prev:
                problem = f"row {row[0]}: does not follow the row before it (a row was deleted or edited)"
            elif not compare(seal(key, row[1:_HASH]), row[_HASH]):
                problem = f"row {row[0]}: content does not match its seal (the row was edited)"
            if problem:
                break
            last_id, expected_prev, count = row[0], row[_HASH], count + 1
            if against is not None and count == against.count and expected_prev != against.head:
                problem = f"row {row[0]}: differs from the checkpoint of {against.at} (history was rewritten)"
                break
        if progress is not None and (count - started) // PROGRESS_EVERY > (at.count - started) // PROGRESS_EVERY:
            progress(count - started, expected)
        at.last_id, at.last_hash, at.count = last_id, expected_prev, count
        if problem:
            return problem


def _walk_to_the_end(at: _Position, *, against: Checkpoint | None, progress: Progress | None) -> str | None:
    """Walk from ``at`` to the chain's end and compare the end with the chain head (and a checkpoint)."""
    started = at.count
    expected = max(_head()[0] - started, 0)
    problem = _walk(at, against=against, progress=progress, expected=expected, started=started)
    if problem:
        return problem
    # Rows keep arriving while a walk runs. Each is written in one transaction with the head's new
    # count, so a head read after the walk counts at least the rows the walk saw; more means rows
    # came in since the walk's last read, and those are walked before the head is compared.
    head_count, head_hash = _head()
    while head_count > at.count:
        before = at.count
        problem = _walk(at, until=head_count, against=against, progress=progress, expected=expected, started=started)
        if problem:
            return problem
        if at.count == before:
            break  # nothing more to read: rows at the end are missing
        head_count, head_hash = _head()
    if against is not None and at.count < against.count:
        return f"chain end: the checkpoint of {against.at} saw {against.count} rows, {at.count} are present"
    if head_count > at.count:
        return f"chain end: {head_count} rows were written but {at.count} are present (rows at the end were removed)"
    if head_count < at.count:
        return f"chain end: {head_count} rows were written but {at.count} are present (rows were added unrecorded)"
    if head_hash != at.last_hash:
        return f"chain end: row {at.last_id} is not the last row the chain recorded (rows at the end were replaced)"
    return None


def verify_chain(against: Checkpoint | None = None, *, progress: Progress | None = None) -> tuple[int, str | None]:
    """Walk the whole chain from the genesis, and compare it with a checkpoint when one is given.
    Stores nothing (``verify`` is what the command runs).

    Returns (rows checked, description of the first problem or None).
    """
    if against is not None and not against.is_authentic():
        return 0, _STALE_CHECKPOINT
    at = _Position()
    problem = _walk_to_the_end(at, against=against, progress=progress)
    return at.count, problem


# --- The stored checkpoint: where the last successful run left the chain -----------------------


def _verification_mac(key: bytes, stored: AuditVerification) -> str:
    at = stored.verified_at.astimezone(datetime.UTC).isoformat()
    message = f"homecoming.audit-verified|{stored.last_id}|{stored.last_hash}|{stored.count}|{at}|{stored.key_id}"
    return hmac.digest(key, message.encode(), "sha256").hex()


def _stored_checkpoint_problem(stored: AuditVerification) -> str | None:
    """Why the stored checkpoint cannot be started from, or None: its seal must hold under a
    configured key, and the row it names must still be there, sealed, with the hash it recorded."""
    key = _keys().get(stored.key_id)
    if key is None or not hmac.compare_digest(_verification_mac(key, stored), stored.mac):
        return "its seal does not match (it was altered, or its audit key is no longer configured)"
    if stored.count == 0:
        return None
    row = AuditEvent.objects.filter(id=stored.last_id).values_list(*AuditEvent.SEALED_FIELDS, "hash").first()
    if row is None:
        return f"row {stored.last_id}, where it ends, is gone (rows were deleted)"
    row_key = _keys().get(row[0])
    if (
        row[-1] != stored.last_hash
        or row_key is None
        or not hmac.compare_digest(AuditEvent.seal(row_key, row[:-1]), row[-1])
    ):
        return f"row {stored.last_id}, where it ends, was edited"
    return None


def _store_checkpoint(at: _Position) -> None:
    kid, key = _sealing_key()
    stored = AuditVerification(
        id=1, last_id=at.last_id, last_hash=at.last_hash, count=at.count, verified_at=timezone.now(), key_id=kid
    )
    stored.mac = _verification_mac(key, stored)
    fields = ("last_id", "last_hash", "count", "verified_at", "key_id", "mac")
    AuditVerification.objects.update_or_create(id=1, defaults={name: getattr(stored, name) for name in fields})


def verify(*, full: bool = False, against: Checkpoint | None = None, progress: Progress | None = None) -> Verification:
    """The scheduled check: walk the rows after the stored checkpoint (or, with ``full`` or a
    checkpoint file to compare with, the whole chain), check the chain head, and on success
    store the new checkpoint.

    An incremental run trusts the rows before its stored checkpoint: it cannot see a later edit
    to them. The full walk can, and when it finds a break it removes the stored checkpoint, so
    that the daily runs walk the whole chain too — and keep failing — until the break is dealt with.
    """
    if against is not None and not against.is_authentic():
        return Verification(checked=0, count=0, started_after=0, problem=_STALE_CHECKPOINT)
    at = _Position()
    if not full and against is None:
        stored = AuditVerification.objects.filter(id=1).first()
        if stored is not None:
            problem = _stored_checkpoint_problem(stored)
            if problem:
                return Verification(
                    checked=0, count=0, started_after=0, problem=f"the stored checkpoint: {problem}", needs_full=True
                )
            at = _Position(last_id=stored.last_id, last_hash=stored.last_hash, count=stored.count)
    started_after = at.count
    problem = _walk_to_the_end(at, against=against, progress=progress)
    if problem is None:
        _store_checkpoint(at)
    elif started_after == 0:
        AuditVerification.objects.filter(id=1).delete()
    return Verification(checked=at.count - started_after, count=at.count, started_after=started_after, problem=problem)
