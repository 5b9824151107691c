"""Recording a screening (scored on save, audited, a safety flag tells the team at once); importing an instrument."""

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from casework.models import TeamMember
from core import audit
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
    *, request: HttpRequest, participant, instrument: Instrument, answers: dict, administered_on, mode: str
) -> Administration:
    administration, result = create_administration(
        participant=participant,
        instrument=instrument,
        answers=answers,
        administered_on=administered_on,
        mode=mode,
        administered_by=request.user,
    )
    audit.for_participant(
        "screening.recorded",
        participant,
        request=request,
        reason=f"{instrument.code} administration={administration.pk}",
    )
    if result.flags:
        _safety_notices(request, participant, administration)
    return administration


def _safety_notices(request: HttpRequest, participant, administration: Administration) -> None:
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
        "screening.safety_flag",
        participant,
        request=request,
        reason=f"{administration.instrument} administration={administration.pk} notified={len(recipients)}",
    )


def import_definition(*, request: HttpRequest, instrument: Instrument) -> ImportedDefinition:
    """Stores a definition that passed every check (instruments.importing.check), and audits it."""
    try:
        with transaction.atomic():
            imported = ImportedDefinition.objects.create(
                code=instrument.code, version=instrument.version, definition=instrument.raw, imported_by=request.user
            )
            # Only the row's id: the code and version are in the row, and no file text goes into the log.
            audit.record(
                action="instrument.imported", object_type="imported_instrument", object_ref=imported.pk, request=request
            )
    except IntegrityError:
        # The same code and version imported at the same moment by someone else.
        raise DefinitionError([already_imported(instrument.code, instrument.version)]) from None
    return imported


def set_definition_active(*, request: HttpRequest, imported: ImportedDefinition, active: bool) -> None:
    with transaction.atomic():
        imported.is_active = active
        imported.save(update_fields=["is_active"])
        audit.record(
            action="instrument.offered" if active else "instrument.withdrawn",
            object_type="imported_instrument",
            object_ref=imported.pk,
            request=request,
        )
