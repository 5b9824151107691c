"""Recording a screening (scored on save, audited, a safety flag tells the team at once); importing an instrument."""

from django.db import IntegrityError, transaction

from casework.models import TeamMember
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Discipline
from instruments.definitions import DefinitionError, Instrument
from instruments.importing import already_imported
from instruments.models import Administration, ImportedDefinition
from instruments.scoring import Result, score
from notices.actions import notify
from notices.models import Notice


def create_administration(
    *, participant, instrument: Instrument, answers: dict, administered_on, mode: str, administered_by
) -> tuple[Administration, Result]:
    """Scores the answers and stores the administration with its scores. Nothing is audited and no
    one is told: a screening a user records goes through record_administration; the demo data
    calls this directly."""
    result = score(instrument, answers)
    administration = Administration.objects.create(
        participant=participant,
        instrument=instrument.code,
        instrument_version=instrument.version,
        administered_on=administered_on,
        mode=mode,
        answers=answers,
        total=result.total,
        subscales=result.subscales,
        band=result.band,
        flags=[flag["code"] for flag in result.flags],
        administered_by=administered_by,
    )
    return administration, result


@transaction.atomic
def record_administration(
    *, actor: Actor, participant, instrument: Instrument, answers: dict, administered_on, mode: str
) -> Administration:
    administration, result = create_administration(
        participant=participant,
        instrument=instrument,
        answers=answers,
        administered_on=administered_on,
        mode=mode,
        administered_by=actor.user,
    )
    audit.for_participant(
        AuditAction.SCREENING_RECORDED,
        participant,
        actor=actor,
        reason=f"{instrument.code} administration={administration.pk}",
    )
    if result.flags:
        _safety_notices(actor, participant, administration)
    return administration


def _safety_notices(actor: Actor, participant, administration: Administration) -> None:
    """The lead case worker and the psychologists on the team are told at once."""
    places = TeamMember.objects.current().filter(participant=participant).select_related("membership")
    recipients = {
        place.membership.user_id
        for place in places
        if place.is_lead or place.membership.discipline == Discipline.PSYCHOLOGIST
    }
    notify(
        recipients,
        kind=Notice.Kind.SAFETY,
        participant=participant,
        data={"instrument": administration.instrument, "administration": administration.pk},
    )
    audit.for_participant(
        AuditAction.SAFETY_FLAG,
        participant,
        actor=actor,
        reason=f"{administration.instrument} administration={administration.pk} notified={len(recipients)}",
    )


def import_definition(*, actor: Actor, instrument: Instrument) -> ImportedDefinition:
    """Stores a definition that passed every check (instruments.importing.check), and audits it."""
    try:
        with transaction.atomic():
            imported = ImportedDefinition.objects.create(
                code=instrument.code, version=instrument.version, definition=instrument.raw, imported_by=actor.user
            )
            # Only the row's id: the code and version are in the row, and no file text goes into the log.
            audit.record(
                action=AuditAction.INSTRUMENT_IMPORTED,
                actor=actor,
                object_type="imported_instrument",
                object_ref=imported.pk,
            )
    except IntegrityError:
        # The same code and version imported at the same moment by someone else.
        raise DefinitionError([already_imported(instrument.code, instrument.version)]) from None
    return imported


def set_definition_active(*, actor: Actor, imported: ImportedDefinition, active: bool) -> None:
    with transaction.atomic():
        imported.is_active = active
        imported.save(update_fields=["is_active"])
        audit.record(
            action=AuditAction.INSTRUMENT_OFFERED if active else AuditAction.INSTRUMENT_WITHDRAWN,
            actor=actor,
            object_type="imported_instrument",
            object_ref=imported.pk,
        )
