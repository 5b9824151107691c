"""The administrator's changes to the directory (issue 18 §12): jurisdictions and organisations,
each saved with its audit row (ids and field names only, never a name)."""

from django.db import transaction

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Jurisdiction, Organisation


def changed_fields(changed: list[str]) -> str:
    """The audit row's reason: which fields changed, by their code names (never their values)."""
    return "fields=" + ",".join(sorted(changed)) if changed else ""


@transaction.atomic
def save_jurisdiction(*, actor: Actor, jurisdiction: Jurisdiction, changed: list[str]) -> Jurisdiction:
    """Adds ``jurisdiction`` (no id yet) or saves the ``changed`` fields of an existing one."""
    adding = jurisdiction.pk is None
    if adding:
        jurisdiction.save()
    elif changed:
        jurisdiction.save(update_fields=changed)
    else:
        return jurisdiction
    audit.record(
        action=AuditAction.JURISDICTION_ADDED if adding else AuditAction.JURISDICTION_CHANGED,
        actor=actor,
        object_type="jurisdiction",
        object_ref=jurisdiction.pk,
        reason="" if adding else changed_fields(changed),
    )
    return jurisdiction


@transaction.atomic
def save_organisation(*, actor: Actor, organisation: Organisation, changed: list[str]) -> Organisation:
    """Adds ``organisation`` or saves its ``changed`` fields. Organisations are deactivated, never
    deleted (the audit log and the case records refer to them); a change of ``is_active`` gets a
    row of its own besides the change's, so that the trail says it in words."""
    adding = organisation.pk is None
    if adding:
        organisation.save()
    elif changed:
        organisation.save(update_fields=changed)
    else:
        return organisation
    audit.record(
        action=AuditAction.ORGANISATION_ADDED if adding else AuditAction.ORGANISATION_CHANGED,
        actor=actor,
        object_type="organisation",
        object_ref=organisation.pk,
        reason="" if adding else changed_fields(changed),
    )
    if not adding and "is_active" in changed:
        audit.record(
            action=AuditAction.ORGANISATION_REACTIVATED
            if organisation.is_active
            else AuditAction.ORGANISATION_DEACTIVATED,
            actor=actor,
            object_type="organisation",
            object_ref=organisation.pk,
        )
    return organisation
