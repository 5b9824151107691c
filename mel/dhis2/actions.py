"""Changes to the DHIS2 mapping and the record of an export, each with its audit row.

The audit rows hold codes and ids only: which mapping row changed, which period left the city.
"""

from __future__ import annotations

from django.db import transaction

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Jurisdiction
from mel.dhis2.mapping import Mapping
from mel.dhis2.models import Dhis2CategoryOptionCombo, Dhis2DataElement, Dhis2DataSet, Dhis2OrganisationUnit
from mel.periods import Period


def import_mapping(*, actor: Actor, mapping: Mapping) -> None:
    """Replaces the whole mapping with ``mapping`` (checked by ``mapping.from_file``), in one transaction."""
    cities = dict(Jurisdiction.objects.filter(slug__in=list(mapping.org_units)).values_list("slug", "pk"))
    with transaction.atomic():
        for model in (Dhis2DataSet, Dhis2DataElement, Dhis2CategoryOptionCombo, Dhis2OrganisationUnit):
            model.objects.all().delete()
        if mapping.data_set:
            Dhis2DataSet.objects.create(code=mapping.data_set)
        Dhis2DataElement.objects.bulk_create(
            Dhis2DataElement(indicator=i, part=p, dimension=d, code=c) for (i, p, d), c in mapping.elements.items()
        )
        Dhis2CategoryOptionCombo.objects.bulk_create(
            Dhis2CategoryOptionCombo(dimension=d, key=k, code=c) for (d, k), c in mapping.combos.items()
        )
        Dhis2OrganisationUnit.objects.bulk_create(
            Dhis2OrganisationUnit(jurisdiction_id=cities[slug], code=code) for slug, code in mapping.org_units.items()
        )
        audit.record(
            action=AuditAction.DHIS2_MAPPING_CHANGED, actor=actor, object_type="dhis2_mapping", object_ref="import"
        )


def mapping_changed(*, actor: Actor, row, deleted: bool = False) -> None:
    """An administrator saved or deleted one mapping row: its model and id, nothing else."""
    ref = f"{row.pk}" if not deleted else f"{row.pk} deleted"
    audit.record(
        action=AuditAction.DHIS2_MAPPING_CHANGED,
        actor=actor,
        object_type=row._meta.model_name,
        object_ref=ref,
    )


def record_export(*, actor: Actor, period: Period) -> None:
    """A DHIS2 file for ``period`` left Homecoming (a download, or the command's output)."""
    audit.record(action=AuditAction.DHIS2_EXPORTED, actor=actor, object_type="dhis2", object_ref=period.code)


def save_row(*, actor: Actor, form) -> None:
    """A mapping row added or changed on the administrator's pages (a valid ModelForm), audited."""
    with transaction.atomic():
        row = form.save()
        mapping_changed(actor=actor, row=row)


def delete_row(*, actor: Actor, row) -> None:
    """A mapping row deleted on the administrator's pages; the audit row keeps its model and id."""
    with transaction.atomic():
        mapping_changed(actor=actor, row=row, deleted=True)
        row.delete()
