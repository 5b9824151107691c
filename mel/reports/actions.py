"""Drafting, issuing and correcting a city's periodic report, and recording its downloads.

Each action writes its own audit row (object_type "report", the report's id and version): never
the narrative, which is free text.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Jurisdiction, Role
from mel.periods import Period
from mel.reports import content
from mel.reports.models import Report, ReportVersion


class Conflict(Exception):
    """Someone saved the draft since this edit began; ``current`` is what they saved."""

    def __init__(self, current: Report) -> None:
        super().__init__("edited meanwhile")
        self.current = current


def _audit(action: AuditAction, actor: Actor, report: Report, version: int, reason: str = "") -> None:
    audit.record(action=action, actor=actor, object_type="report", object_ref=f"{report.pk} v{version}", reason=reason)


def next_number(report: Report) -> int:
    return report.versions.count() + 1


def _lock(report: Report, expected_version: int) -> Report:
    current = Report.objects.select_for_update().get(pk=report.pk)
    if current.version != expected_version:
        raise Conflict(current)
    return current


def start_report(*, actor: Actor, city: Jurisdiction, period: Period) -> Report:
    """The city's report for the period: a new draft, or the one that exists already."""
    if period.kind not in ("quarter", "year"):
        raise ValidationError(_("A report covers a quarter or a year."))
    existing = Report.objects.filter(city=city, period=period.code).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            report = Report.objects.create(city=city, period=period.code, created_by=actor.user)
            _audit(AuditAction.REPORT_DRAFTED, actor, report, 1, "started")
    except IntegrityError:  # started by someone else a moment earlier
        return Report.objects.get(city=city, period=period.code)
    return report


@transaction.atomic
def save_draft(
    *, actor: Actor, report: Report, expected_version: int, what_worked: str, needed_from_government: str, changes: str
) -> Report:
    """Saves the narrative (and, for a correction, what changed) unless saved meanwhile."""
    report = _lock(report, expected_version)
    report.what_worked, report.needed_from_government = what_worked, needed_from_government
    report.changes = changes if report.correcting else ""
    report.version += 1
    report.updated_at = timezone.now()
    report.save(update_fields=["what_worked", "needed_from_government", "changes", "version", "updated_at"])
    _audit(AuditAction.REPORT_DRAFTED, actor, report, next_number(report), "draft saved")
    return report


def is_draft(report: Report) -> bool:
    """A report is a draft until first issued, and again while a correction is written."""
    return report.correcting or not report.versions.exists()


@transaction.atomic
def issue(*, actor: Actor, report: Report, expected_version: int) -> ReportVersion:
    """Freezes the report's figures as they are now into a new version. Only a coordinator (or the
    demo seed, as the system) issues; a correction must say what changed."""
    if not actor.system and (actor.membership is None or actor.membership.role != Role.COORDINATOR):
        raise PermissionDenied
    report = _lock(report, expected_version)
    if not is_draft(report):
        raise ValidationError(_("This version is issued already; correct it to issue another."))
    number = next_number(report)
    if number > 1 and not report.changes.strip():
        raise ValidationError(_("Say what changed in this version."))
    frozen = content.build(
        report.city,
        Period.parse(report.period),
        what_worked=report.what_worked,
        needed_from_government=report.needed_from_government,
    )
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        issued_at=timezone.now(),
        issued_by=actor.user if actor.user is not None else report.created_by,
        content=frozen,
        content_hash=content.content_hash(frozen),
        changes=report.changes if number > 1 else "",
    )
    report.correcting, report.changes = False, ""
    report.version += 1
    report.updated_at = timezone.now()
    report.save(update_fields=["correcting", "changes", "version", "updated_at"])
    _audit(AuditAction.REPORT_ISSUED, actor, report, number, f"sha256={version.content_hash}")
    return version


@transaction.atomic
def start_correction(*, actor: Actor, report: Report, expected_version: int) -> Report:
    """Opens version n+1 of an issued report as a draft; issuing it needs "what changed"."""
    report = _lock(report, expected_version)
    if is_draft(report):
        return report
    report.correcting = True
    report.version += 1
    report.updated_at = timezone.now()
    report.save(update_fields=["correcting", "version", "updated_at"])
    _audit(AuditAction.REPORT_DRAFTED, actor, report, next_number(report), "correction started")
    return report


def record_download(*, actor: Actor, version: ReportVersion, kind: str, language: str) -> None:
    _audit(AuditAction.REPORT_DOWNLOADED, actor, version.report, version.number, f"{kind} {language}")
