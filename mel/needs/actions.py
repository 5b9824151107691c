"""Recording a download of the unmet-needs page: the city's slug, the period and the format only."""

from __future__ import annotations

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Jurisdiction
from mel.periods import Period


def record_download(*, actor: Actor, city: Jurisdiction, period: Period, file_format: str) -> None:
    audit.record(
        action=AuditAction.UNMET_NEEDS_DOWNLOADED,
        actor=actor,
        object_type="city",
        object_ref=city.slug,
        reason=f"period={period.code} format={file_format}",
    )
