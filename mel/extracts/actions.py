"""State changes of evaluation extracts: request, approve (which builds it), refuse, download.

Each writes its audit row (object_type "extract", the request's id): never the purpose, a
refusal's reason or any row of the extract, only counts and codes.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Role
from mel.extracts import gather
from mel.extracts.deidentify import VARIABLES, deidentify
from mel.extracts.models import ExtractRequest
from mel.periods import Period
from mel.scope import Scope, min_cell
from people.models import Participant


class ExtractError(Exception):
    """A step the person may not take now, with a message for them."""


def max_downloads() -> int:
    return int(getattr(settings, "HOMECOMING_EXTRACT_MAX_DOWNLOADS", 3))


def window() -> datetime.timedelta:
    return datetime.timedelta(days=int(getattr(settings, "HOMECOMING_EXTRACT_WINDOW_DAYS", 7)))


def _audit(action: AuditAction, extract: ExtractRequest, *, actor: Actor, reason: str = "") -> None:
    audit.record(action=action, actor=actor, object_type="extract", object_ref=extract.pk, reason=reason)


def request_extract(
    *, actor: Actor, scope: Scope, variables: list[str], period: Period, purpose: str
) -> ExtractRequest:
    """An M&E officer's request, for the organisations of their scope that have participants in it."""
    if actor.membership is None or actor.membership.role != Role.ME_OFFICER:
        raise ExtractError(_("Only an M&E officer may request an extract."))
    owners = sorted(
        set(
            Participant.objects.filter(gather.caseload(period, scope.organisation_ids))
            .values_list("owner_id", flat=True)
            .distinct()
        )
    )
    if not owners:
        raise ExtractError(_("No participants were in the programme during this period in this scope."))
    extract = ExtractRequest.objects.create(
        requested_by=actor.user,
        membership=actor.membership,
        organisation=actor.membership.organisation,
        city=scope.city,
        variables=[v for v in VARIABLES if v in set(variables)],
        period=period.code,
        purpose=purpose,
    )
    extract.owners.set(owners)
    _audit(AuditAction.EXTRACT_REQUESTED, extract, actor=actor, reason=f"period={period.code}")
    return extract


def may_decide(actor: Actor, extract: ExtractRequest) -> bool:
    """A coordinator of an organisation whose participants are in the extract (their own request aside)."""
    membership = actor.membership
    return (
        membership is not None
        and membership.role == Role.COORDINATOR
        and extract.owners.filter(pk=membership.organisation_id).exists()
    )


def _check_decision(actor: Actor, extract: ExtractRequest) -> None:
    if extract.requested_by_id == actor.user_id:
        raise ExtractError(_("Nobody may approve or refuse their own request: another coordinator decides."))
    if not may_decide(actor, extract):
        raise ExtractError(_("Only a coordinator of an organisation whose participants are in it may decide."))
    if extract.status != ExtractRequest.Status.PENDING:
        raise ExtractError(_("This request has already been decided."))


@transaction.atomic
def approve_extract(*, actor: Actor, extract: ExtractRequest, now: datetime.datetime | None = None) -> ExtractRequest:
    """Approves the request and builds the extract once: only its de-identified rows are kept."""
    extract = ExtractRequest.objects.select_for_update().get(pk=extract.pk)
    _check_decision(actor, extract)
    now = now or timezone.now()
    extract.status = ExtractRequest.Status.APPROVED
    extract.decided_by = actor.user
    extract.decided_at = now
    # The file leaves the organisation: it names the approving organisation and role, never the person
    # (issue 12); who approved stays in the request and its audit row.
    approver = f"{actor.membership.role_label}, {actor.organisation.name}" if actor.membership else ""
    extract.built = build(extract, approver=approver, now=now)
    extract.save(update_fields=["status", "decided_by", "decided_at", "built"])
    cover = extract.built["cover"]
    _audit(
        AuditAction.EXTRACT_APPROVED,
        extract,
        actor=actor,
        reason=f"people={cover['people']} generalised={cover['generalised']} withheld={cover['withheld']}",
    )
    return extract


def build(extract: ExtractRequest, *, approver: str, now: datetime.datetime) -> dict:
    """The de-identified tables and the facts of the cover sheet, as stored with the request."""
    period = Period.parse(extract.period)
    owners = list(extract.owners.values_list("pk", flat=True))
    people = gather.people(period, owners, set(extract.variables))
    k = min_cell()
    result = deidentify(people, end=period.end, variables=extract.variables, k=k)
    cover = {
        "period": period.code,
        "variables": extract.variables,
        "purpose": extract.purpose,
        "organisation": extract.organisation.name,
        "city": extract.city.name if extract.city else "",
        "requested_at": extract.requested_at.isoformat(),
        "approver": approver,
        "approved_at": now.isoformat(),
        "k": k,
        "people": result.people,
        "released": result.people - result.withheld,
        "generalised": result.generalised,
        "withheld": result.withheld,
        "steps": {str(step): count for step, count in result.steps.items()},
        "quasi_identifiers": result.quasi_identifiers,
    }
    tables = [{"name": t.name, "columns": t.columns, "rows": t.rows} for t in result.tables]
    return {"cover": cover, "tables": tables}


@transaction.atomic
def refuse_extract(*, actor: Actor, extract: ExtractRequest, reason: str) -> ExtractRequest:
    extract = ExtractRequest.objects.select_for_update().get(pk=extract.pk)
    _check_decision(actor, extract)
    extract.status = ExtractRequest.Status.REFUSED
    extract.decided_by = actor.user
    extract.decided_at = timezone.now()
    extract.refusal_reason = reason
    extract.save(update_fields=["status", "decided_by", "decided_at", "refusal_reason"])
    _audit(AuditAction.EXTRACT_REFUSED, extract, actor=actor)
    return extract


def why_no_download(extract: ExtractRequest, now: datetime.datetime | None = None) -> str:
    """Why the requester cannot download the extract now; empty when they can."""
    now = now or timezone.now()
    if extract.status != ExtractRequest.Status.APPROVED:
        return str(_("An extract can be downloaded once a coordinator has approved it."))
    if extract.downloads >= max_downloads():
        return str(_("This extract has been downloaded as often as allowed; its rows have been deleted."))
    if extract.decided_at + window() < now:
        return str(_("The time allowed for downloading this extract has passed; its rows have been deleted."))
    if extract.built is None:
        return str(_("This extract's rows have been deleted."))
    return ""


@transaction.atomic
def record_download(*, actor: Actor, extract: ExtractRequest, file_format: str) -> dict:
    """Counts one download by the requester and returns what was built; deletes the rows after the last."""
    extract = ExtractRequest.objects.select_for_update().get(pk=extract.pk)
    if extract.requested_by_id != actor.user_id:
        raise ExtractError(_("Only the person who requested an extract may download it."))
    refused = why_no_download(extract)
    if refused:
        raise ExtractError(refused)
    built = extract.built
    extract.downloads += 1
    extract.save(update_fields=["downloads"])
    _audit(AuditAction.EXTRACT_DOWNLOADED, extract, actor=actor, reason=f"format={file_format} n={extract.downloads}")
    if extract.downloads >= max_downloads():
        purge(extract)
    return built


def purge(extract: ExtractRequest) -> None:
    """Retention: the built rows are deleted; the request and its audit trail stay."""
    extract.built = None
    extract.purged_at = timezone.now()
    extract.save(update_fields=["built", "purged_at"])


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Deletes the rows of every extract whose downloads are used up or whose window has passed."""
    now = now or timezone.now()
    done = ExtractRequest.objects.filter(status=ExtractRequest.Status.APPROVED, built__isnull=False)
    expired = done.filter(decided_at__lt=now - window()) | done.filter(downloads__gte=max_downloads())
    return expired.update(built=None, purged_at=now)
