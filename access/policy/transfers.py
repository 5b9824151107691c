"""Transfers: seen by the coordinators of the sending and the receiving organisation."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from access.policy.base import READ, membership_of
from access.policy.participants import access_to, consented_categories
from coordination.models import Transfer
from core.categories import Category
from directory.models import Role
from people.models import Consent


@dataclass(frozen=True)
class OpenedTransfer:
    transfer: Transfer
    side: str  # "sender" or "recipient"


def transfers_visible_to(request_or_membership) -> QuerySet:
    """Transfers the acting coordinator sends or receives."""
    membership = membership_of(request_or_membership)
    if membership is None or membership.role != Role.COORDINATOR:
        return Transfer.objects.none()
    org = membership.organisation_id
    return Transfer.objects.filter(Q(from_organisation=org) | Q(to_organisation=org))


def open_transfer(request_or_membership, transfer_id: int) -> OpenedTransfer:
    """A transfer the acting coordinator sends or receives; else 404."""
    transfer = (
        transfers_visible_to(request_or_membership)
        .select_related("from_organisation__jurisdiction", "to_organisation__jurisdiction", "household")
        .filter(pk=transfer_id)
        .first()
    )
    if transfer is None:
        raise Http404
    organisation = membership_of(request_or_membership).organisation_id
    return OpenedTransfer(transfer, "recipient" if transfer.to_organisation_id == organisation else "sender")


def handover_categories(transfer: Transfer, participant, reader) -> frozenset[str]:
    """What a handover summary shows its reader: the case in outline, and the latest screenings
    only where the participant consented to share health data for the transfer AND the reader's
    own place may read health. Transfers are read by coordinators, whose place reads no health,
    so consent alone never shows them screenings."""
    categories = {Category.SUMMARY, Category.NEEDS_PLAN}
    purposes = (Consent.Purpose.TRANSFER, Consent.Purpose.COORDINATION)
    if Category.HEALTH in consented_categories(participant, transfer.to_organisation, purposes):
        categories.add(Category.HEALTH)
    # On the receiving side the reader will hold the case as its coordinator; on the sending
    # side, whatever their place on it is now.
    membership = membership_of(reader)
    receiving = membership is not None and membership.organisation_id == transfer.to_organisation_id
    readable = READ["coordinator"] if receiving else access_to(membership, participant).read
    return frozenset(categories & readable)
