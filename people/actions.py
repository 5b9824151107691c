"""State changes of participants, households, identities and consents. Each writes its audit rows."""

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from access import audit
from access.vault import blind_index, normalise_document, normalise_name
from casework.models import TeamMember
from directory.models import Role
from people.models import Consent, Household, Identity, Participant


@transaction.atomic
def register_household(
    *, request: HttpRequest, address: str, returned_on, arrived_on, members: list[dict], is_demo: bool = False
) -> Household:
    """Registers a household and its members for the acting organisation.

    A case worker who registers becomes the lead of each member, so that the people they
    just registered stay in their caseload; a coordinator sees them as the owner anyway.
    """
    membership = request.membership
    household = Household.objects.create(owner=membership.organisation, is_demo=is_demo)
    audit.record(action="household.registered", object_type="household", object_ref=household.code, request=request)
    for data in members:
        participant = Participant.objects.create(
            household=household,
            household_role=data["household_role"],
            sex=data["sex"],
            birth_year=data["birth_year"],
            owner=membership.organisation,
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
        audit.for_participant("participant.registered", participant, request=request)
        if membership.role == Role.CASE_WORKER:
            TeamMember.objects.create(
                participant=participant, membership=membership, is_lead=True, assigned_by=request.user
            )
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


def record_consent(*, request: HttpRequest, participant: Participant, data: dict) -> Consent:
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
        recorded_by=request.user,
    )
    audit.for_participant(
        "consent.recorded",
        participant,
        request=request,
        reason=f"consent={consent.pk} categories={','.join(consent.categories)}",
    )
    return consent


def withdraw_consent(*, request: HttpRequest, consent: Consent) -> None:
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit.for_participant("consent.withdrawn", consent.participant, request=request, reason=f"consent={consent.pk}")


def reveal_identity(*, request: HttpRequest, participant: Participant, reason: str, minutes: int) -> datetime.datetime:
    """Opens the identity to this session for a few minutes; the reason goes to the audit log."""
    until = timezone.now() + datetime.timedelta(minutes=minutes)
    revealed = request.session.get("revealed", {})
    revealed[participant.code] = until.timestamp()
    request.session["revealed"] = revealed
    audit.for_participant("identity.revealed", participant, request=request, reason=reason)
    return until
