"""State changes of participants, households, identities and consents. Each writes its audit rows."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from access import policy
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from core.vault import blind_index, normalise_document, normalise_name
from directory.models import Jurisdiction
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


class TooManyChecks(Exception):
    """The duplicate check was asked too often: it answers about people, so it is rate-limited."""


def _scope(actor: Actor):
    """Whose registrations a duplicate check looks at: the acting organisation's by default, or
    those of its city, region or country (HOMECOMING_DUPLICATE_SCOPE), never more."""
    organisation = actor.organisation
    level = settings.HOMECOMING_DUPLICATE_SCOPE
    if level == "organisation":
        return Participant.objects.filter(owner=organisation)
    area = next((j for j in organisation.jurisdiction.ancestors_and_self() if j.level == level), None)
    if area is None:
        return Participant.objects.filter(owner=organisation)
    below = [area.pk]
    frontier = [area.pk]
    while frontier:
        frontier = list(Jurisdiction.objects.filter(parent__in=frontier).values_list("pk", flat=True))
        below += frontier
    return Participant.objects.filter(owner__jurisdiction__in=below)


def _count_check(actor: Actor) -> None:
    key = f"duplicate-checks:{actor.user_id}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > settings.HOMECOMING_DUPLICATE_CHECKS_PER_HOUR:
        raise TooManyChecks


def find_duplicates(*, actor: Actor, members: list[dict]) -> list[dict]:
    """For each member that matches an identity registered in the actor's scope: which member,
    what matched, the codes the actor may open, and whether a match lies beyond them.

    A match the actor may not open is audited: the answer alone says that someone is registered.
    """
    _count_check(actor)
    visible = set(policy.participants_visible_to(actor.membership).values_list("pk", flat=True))
    scope = _scope(actor)
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
            matches = list(scope.filter(**lookup).values_list("pk", "code"))
            if not matches:
                continue
            hidden = [code for pk, code in matches if pk not in visible]
            if hidden:
                audit.record(
                    action=AuditAction.DUPLICATE_FOUND_ELSEWHERE,
                    actor=actor,
                    object_type="participant",
                    object_ref=hidden[0],
                    reason=f"member={index + 1} kind={kind} matches={len(hidden)}",
                )
            found.append(
                {
                    "member": index + 1,
                    "kind": kind,
                    "codes": [code for pk, code in matches if pk in visible],
                    "elsewhere": bool(hidden),
                }
            )
    return found


class ConsentRefused(ValueError):
    """A consent that no one may record: it would open health or history to the police."""


@transaction.atomic
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


@transaction.atomic
def withdraw_consent(*, actor: Actor, consent: Consent) -> None:
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit.for_participant(
        AuditAction.CONSENT_WITHDRAWN, consent.participant, actor=actor, reason=f"consent={consent.pk}"
    )


def reveal_identity(*, actor: Actor, participant: Participant, reason: str) -> None:
    """Records why an identity is shown; the page keeps it open for a few minutes in the session."""
    audit.for_participant(AuditAction.IDENTITY_REVEALED, participant, actor=actor, reason=reason)


@transaction.atomic
def change_photo(*, actor: Actor, participant: Participant, data: bytes, content_type: str) -> None:
    identity = participant.identity
    identity.photo, identity.photo_type = data, content_type
    identity.save(update_fields=["photo_sealed", "photo_type", "updated_at"])
    audit.for_participant(AuditAction.PHOTO_CHANGED, participant, actor=actor)
