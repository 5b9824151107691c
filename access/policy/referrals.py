"""Referrals: the only way a partner meets a participant, and only with what consent allows."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from access.policy.base import RECEIVES_REFERRALS, Access, membership_of
from access.policy.participants import access_to, consented_for_referral, participants_visible_to
from coordination.models import Referral
from core.categories import TEAM_ONLY, Category
from people.models import never_shared_with


@dataclass(frozen=True)
class OpenedReferral:
    """A referral as the acting user sees it: from the sending case ("sender") or as its recipient."""

    referral: Referral
    side: str
    # For the recipient: the categories it may see now. For the sender: empty.
    shared: frozenset[str]
    # For the sender: their access to the participant. For the recipient: none.
    access: Access


def may_override_consent(request_or_membership) -> bool:
    """Sharing beyond consent on a lawful basis: coordinators by default, or a user given the permission."""
    membership = membership_of(request_or_membership)
    if membership is None:
        return False
    return membership.role in settings.HOMECOMING_OVERRIDE_CONSENT_ROLES or membership.user.has_perm(
        "coordination.override_consent"
    )


def shared_by_referral(referral: Referral) -> frozenset[str]:
    """What an open referral shares now: consent is re-read, so a withdrawal ends sharing at once."""
    if not referral.is_open:
        return frozenset()
    allowed = consented_for_referral(referral.participant, referral.to_organisation) | set(referral.override_categories)
    allowed -= never_shared_with(referral.to_organisation.kind)  # not even on a lawful basis
    allowed -= TEAM_ONLY  # stigma experienced stays with the case team, whatever the basis
    return frozenset(c for c in referral.categories if c in allowed)


def referrals_received(request_or_membership) -> QuerySet:
    """Referrals addressed to the acting user's organisation: the only way a partner meets a participant."""
    membership = membership_of(request_or_membership)
    if membership is None or membership.role not in RECEIVES_REFERRALS:
        return Referral.objects.none()
    return Referral.objects.filter(to_organisation=membership.organisation_id)


def referrals_sent(request_or_membership) -> QuerySet:
    """Referrals the acting organisation sent about participants the acting user may open."""
    membership = membership_of(request_or_membership)
    if membership is None:
        return Referral.objects.none()
    return Referral.objects.filter(
        from_organisation=membership.organisation_id, participant__in=participants_visible_to(membership)
    )


def open_referral(request_or_membership, referral_id: int) -> OpenedReferral:
    """A referral the acting user sent (on a case they work on) or received; else 404."""
    referral = (
        Referral.objects.select_related("participant__household", "to_organisation", "from_organisation", "domain")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    membership = membership_of(request_or_membership)
    receives = membership is not None and membership.role in RECEIVES_REFERRALS
    if receives and referral.to_organisation_id == membership.organisation_id:
        return OpenedReferral(referral, "recipient", shared_by_referral(referral), Access())
    access = access_to(membership, referral.participant)
    if access.can_read(Category.NEEDS_PLAN):
        return OpenedReferral(referral, "sender", frozenset(), access)
    raise Http404
