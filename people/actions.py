"""State changes of participants, households, identities and consents. Each writes its audit rows."""

from django.db import transaction
from django.utils import timezone

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from core.vault import blind_index, normalise_document, normalise_name
from people.models import Consent, Household, Identity, Participant, never_shared_with


@transaction.atomic
def register_household(
    *,
    actor: Actor,
    address: str,
    returned_on,
    arrived_on,
    members: list[dict],
    owner=None,
    is_demo: bool = False,
) -> Household:
    """Registers a household and its members, with their sealed identities, for the acting
    organisation (or, for the system, e.g. the demo seed, for ``owner``).

    Who then works on the cases is casework's business (``casework.actions.register_household``).
    """
    owner = owner or actor.organisation
    if owner is None:
        raise ValueError("A household is registered for an organisation: the actor's, or an owner given.")
    household = Household.objects.create(owner=owner, is_demo=is_demo)
    audit.record(
        action=AuditAction.HOUSEHOLD_REGISTERED, actor=actor, object_type="household", object_ref=household.code
    )
    for data in members:
        participant = Participant.objects.create(
            household=household,
            household_role=data["household_role"],
            sex=data["sex"],
            birth_year=data["birth_year"],
            owner=owner,
            returned_on=returned_on,
            arrived_on=arrived_on,
        )
        identity = Identity(participant=participant)
        identity.full_name = data["full_name"]
        identity.date_of_birth = data.get("date_of_birth")
        identity.document_number = data.get("document_number", "")
        identity.phone = data.get("phone", "")
        identity.address = address
        identity.refresh_indexes()
        identity.save()
        audit.for_participant(AuditAction.PARTICIPANT_REGISTERED, participant, actor=actor)
    return household


def possible_duplicates(members: list[dict]) -> list[tuple[int, str, list[Participant]]]:
    """(member index, what matched, participants) for each member that matches an existing identity."""
    found = []
    for index, data in enumerate(members):
        checks = []
        if data.get("full_name") and data.get("date_of_birth"):
            key = f"{normalise_name(data['full_name'])}|{data['date_of_birth'].isoformat()}"
            checks.append(("name_dob", {"identity__name_dob_index": blind_index(key, purpose="name_dob")}))
        if data.get("document_number") and normalise_document(data["document_number"]):
            value = blind_index(normalise_document(data["document_number"]), purpose="document")
            checks.append(("document", {"identity__document_index": value}))
        for kind, lookup in checks:
            matches = list(Participant.objects.filter(**lookup).select_related("owner"))
            if matches:
                found.append((index, kind, matches))
    return found


class ConsentRefused(ValueError):
    """A consent that no one may record: it would open health or history to the police."""


def record_consent(*, actor: Actor, participant: Participant, data: dict) -> Consent:
    organisation = data.get("recipient_organisation")
    kind = organisation.kind if organisation else data.get("recipient_kind") or ""
    if never_shared_with(kind) & set(data["categories"]):
        raise ConsentRefused("health and history are never shared with the police")
    consent = Consent.objects.create(
        participant=participant,
        categories=sorted(data["categories"]),
        recipient_organisation=data.get("recipient_organisation"),
        recipient_kind=data.get("recipient_kind") or "",
        purpose=data["purpose"],
        given_by=data["given_by"],
        guardian=data.get("guardian"),
        given_on=data["given_on"],
        expires_on=data.get("expires_on"),
        recorded_by=actor.user,
    )
    audit.for_participant(
        AuditAction.CONSENT_RECORDED,
        participant,
        actor=actor,
        reason=f"consent={consent.pk} categories={','.join(consent.categories)}",
    )
    return consent


def withdraw_consent(*, actor: Actor, consent: Consent) -> None:
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit.for_participant(
        AuditAction.CONSENT_WITHDRAWN, consent.participant, actor=actor, reason=f"consent={consent.pk}"
    )


def reveal_identity(*, actor: Actor, participant: Participant, reason: str) -> None:
    """Records why an identity is shown; the page keeps it open for a few minutes in the session."""
    audit.for_participant(AuditAction.IDENTITY_REVEALED, participant, actor=actor, reason=reason)


def change_photo(*, actor: Actor, participant: Participant, data: bytes, content_type: str) -> None:
    identity = participant.identity
    identity.photo, identity.photo_type = data, content_type
    identity.save(update_fields=["photo_sealed", "photo_type", "updated_at"])
    audit.for_participant(AuditAction.PHOTO_CHANGED, participant, actor=actor)
