"""Building, approving, sending and exporting the city's reports to the hub.

Each action writes its own audit row (object_type "network_report", the report's id, period and
sequence): never the payload, which the report row keeps.
"""

from __future__ import annotations

import datetime
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Jurisdiction, Role
from mel.periods import Period
from mel.reports.rules import home_city
from network.exchange import delivery, keys
from network.exchange.models import NetworkReport
from network.exchange.report import build_payload

BUILDERS = (Role.NETWORK_EDITOR, Role.COORDINATOR)
SENDABLE = (NetworkReport.Status.APPROVED, NetworkReport.Status.PENDING, NetworkReport.Status.EXPORTED)


def _audit(action: AuditAction, actor: Actor, report: NetworkReport, reason: str = "") -> None:
    audit.record(
        action=action,
        actor=actor,
        object_type="network_report",
        object_ref=f"{report.pk} {report.period} #{report.sequence}",
        reason=reason,
    )


def city_of(actor: Actor) -> Jurisdiction | None:
    return home_city(actor.membership.organisation.jurisdiction) if actor.membership is not None else None


def _acts_for(actor: Actor, city_id: int, roles: tuple[str, ...]) -> bool:
    if actor.system:
        return True
    city = city_of(actor)
    return city is not None and city.pk == city_id and actor.membership.role in roles


def build(*, actor: Actor, city: Jurisdiction, period: Period) -> NetworkReport:
    """A new draft report of the period with the next sequence number of the city."""
    if not _acts_for(actor, city.pk, BUILDERS):
        raise PermissionDenied
    if period.kind not in ("quarter", "year"):
        raise ValidationError(_("A network report covers a quarter or a year."))
    for _attempt in range(3):  # two builders at once: the second takes the next number
        try:
            with transaction.atomic():
                last = NetworkReport.objects.filter(city=city).aggregate(last=Max("sequence"))["last"] or 0
                now = timezone.now().replace(microsecond=0)
                report = NetworkReport.objects.create(
                    city=city,
                    period=period.code,
                    sequence=last + 1,
                    payload=build_payload(city, period, last + 1, now),
                    built_by=actor.user,
                    built_at=now,
                )
                _audit(AuditAction.NETWORK_REPORT_BUILT, actor, report)
                return report
        except IntegrityError:
            continue
    raise ValidationError(_("Another report was being built at the same moment; try again."))


@transaction.atomic
def approve(*, actor: Actor, report: NetworkReport) -> NetworkReport:
    """A coordinator of the city other than its builder approves the draft; it is signed now."""
    if actor.system or not _acts_for(actor, report.city_id, (Role.COORDINATOR,)):
        raise PermissionDenied
    report = NetworkReport.objects.select_for_update().get(pk=report.pk)
    if report.status != NetworkReport.Status.DRAFT:
        raise ValidationError(_("This report is approved already."))
    if report.built_by_id is not None and report.built_by_id == actor.user_id:
        raise ValidationError(_("Another person approves a report: not the one who built it."))
    try:
        report.envelope = keys.sign(bytes(report.payload))
    except keys.KeyUnavailable as error:
        raise ValidationError(str(error)) from error
    report.status = NetworkReport.Status.APPROVED
    report.approved_by, report.approved_at = actor.user, timezone.now()
    report.save(update_fields=["envelope", "status", "approved_by", "approved_at"])
    _audit(AuditAction.NETWORK_REPORT_APPROVED, actor, report, f"keys={len(report.envelope['signatures'])}")
    return report


def send(*, actor: Actor, report: NetworkReport, now: datetime.datetime | None = None) -> NetworkReport:
    """Pushes an approved report to the hub now and records the answer."""
    if not _acts_for(actor, report.city_id, BUILDERS):
        raise PermissionDenied
    if report.status not in SENDABLE:
        raise ValidationError(_("Only an approved report that is not delivered or refused can be sent."))
    return record(actor=actor, report=report, outcome=delivery.push(report), now=now)


@transaction.atomic
def record(
    *, actor: Actor, report: NetworkReport, outcome: delivery.Outcome, now: datetime.datetime | None = None
) -> NetworkReport:
    """What the hub answered: delivered, refused (no retry), or pending with the next attempt's time."""
    now = now or timezone.now()
    report = NetworkReport.objects.select_for_update().get(pk=report.pk)
    report.attempts += 1
    fields = ["attempts", "status", "next_attempt_at"]
    if outcome.kind == delivery.DELIVERED:
        report.status, report.next_attempt_at, report.delivered_at = NetworkReport.Status.DELIVERED, None, now
        fields.append("delivered_at")
        _audit(AuditAction.NETWORK_REPORT_DELIVERED, actor, report, f"attempt {report.attempts}")
    elif outcome.kind == delivery.REFUSED:
        report.status, report.next_attempt_at = NetworkReport.Status.REFUSED, None
        report.refusal_reason, report.refusal_message = outcome.reason, outcome.message
        fields += ["refusal_reason", "refusal_message"]
        _audit(AuditAction.NETWORK_REPORT_REFUSED, actor, report, outcome.reason)
    else:
        report.status = NetworkReport.Status.PENDING
        report.next_attempt_at = now + delivery.backoff(report.attempts)
    report.save(update_fields=fields)
    return report


def deliver_due(*, now: datetime.datetime | None = None) -> list[NetworkReport]:
    """Every pending report whose next attempt is due, tried once (the timer's job)."""
    now = now or timezone.now()
    due = NetworkReport.objects.filter(status=NetworkReport.Status.PENDING, next_attempt_at__lte=now)
    actor = Actor.for_system()
    return [record(actor=actor, report=r, outcome=delivery.push(r), now=now) for r in due.order_by("sequence")]


@transaction.atomic
def export(*, actor: Actor, report: NetworkReport) -> bytes:
    """The signed envelope as a file for a hub that cannot be reached (air-gapped)."""
    if not _acts_for(actor, report.city_id, BUILDERS):
        raise PermissionDenied
    report = NetworkReport.objects.select_for_update().get(pk=report.pk)
    if report.envelope is None:
        raise ValidationError(_("A report is approved and signed before it leaves the city."))
    if report.status == NetworkReport.Status.APPROVED:
        report.status = NetworkReport.Status.EXPORTED
        report.save(update_fields=["status"])
    _audit(AuditAction.NETWORK_REPORT_EXPORTED, actor, report)
    return envelope_bytes(report)


def envelope_bytes(report: NetworkReport) -> bytes:
    return json.dumps(report.envelope, indent=2).encode("utf-8") + b"\n"
