"""The access policy: the one place that decides who may see and change what (DESIGN.md §5).

Views never fetch a participant, referral, transfer or conference themselves; they call
the ``open_*`` functions here, which answer 404 both for "does not exist" and for "not
allowed", so that nobody can learn from the answer whether a record exists. One module
per kind of object; this package exports them all under one name, ``policy``.
"""

from access.policy.base import (
    MAY_BREAK_GLASS,
    READ,
    RECEIVES_REFERRALS,
    REFERS,
    REGISTERS,
    WORKS_ON_CASES,
    WRITE,
    Access,
    may_list_participants,
    may_register,
    membership_of,
    note_author_discipline,
    screens,
    team_place,
)
from access.policy.conferences import (
    OpenedConference,
    conferences_on_team,
    conferences_visible_to,
    open_conference,
    shared_with_invitee,
    sharing_open,
)
from access.policy.participants import (
    ConsentSpan,
    Opened,
    access_to,
    consented_categories,
    consented_for_referral,
    may_break_glass,
    notes_visible_to,
    open_participant,
    participant_for_emergency,
    participants_visible_to,
    referral_access_ends_by,
    referral_consent_spans,
    visible_among,
)
from access.policy.referrals import (
    OpenedReferral,
    may_override_consent,
    open_referral,
    referrals_received,
    referrals_sent,
    shared_by_referral,
)
from access.policy.transfers import (
    OpenedTransfer,
    handover_categories,
    open_transfer,
    transfers_visible_to,
)

__all__ = [
    "MAY_BREAK_GLASS",
    "READ",
    "RECEIVES_REFERRALS",
    "REFERS",
    "REGISTERS",
    "WORKS_ON_CASES",
    "WRITE",
    "Access",
    "ConsentSpan",
    "Opened",
    "OpenedConference",
    "OpenedReferral",
    "OpenedTransfer",
    "access_to",
    "conferences_on_team",
    "conferences_visible_to",
    "consented_categories",
    "consented_for_referral",
    "handover_categories",
    "may_break_glass",
    "may_list_participants",
    "may_override_consent",
    "may_register",
    "membership_of",
    "note_author_discipline",
    "notes_visible_to",
    "open_conference",
    "open_participant",
    "open_referral",
    "open_transfer",
    "participant_for_emergency",
    "participants_visible_to",
    "referral_access_ends_by",
    "referral_consent_spans",
    "referrals_received",
    "referrals_sent",
    "screens",
    "shared_by_referral",
    "shared_with_invitee",
    "sharing_open",
    "team_place",
    "transfers_visible_to",
    "visible_among",
]
