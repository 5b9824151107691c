"""Who does what with a city's practices (issue 13 §1). Anything else answers 404.

- A city's network editors draft and edit its practices, and submit them for review.
- A second network editor of the city (never the author) or a coordinator of the city reviews:
  approve (published) or send back to draft with a reason.
- Every member of the city's organisations reads its published practices; editors and
  coordinators also see those not yet published (and withdrawn ones).
- A city's network editors add and correct a practice's translations, also once it is published.
- A network editor or a coordinator of the city shares a published practice with the network,
  and withdraws a practice.
- On the hub, everyone signed in reads the practices the member cities share, and nobody writes:
  a city changes its practice at home, and its next report brings the change.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from access.policy import membership_of
from directory.models import Jurisdiction, Membership, Role
from directory.tree import home_city
from network.library.models import Practice


@dataclass(frozen=True)
class LibraryAccess:
    membership: Membership
    city: Jurisdiction | None  # None on the hub, which reads every member city's shared practices

    @property
    def on_hub(self) -> bool:
        return self.city is None

    @property
    def is_editor(self) -> bool:
        return not self.on_hub and self.membership.role == Role.NETWORK_EDITOR

    @property
    def is_coordinator(self) -> bool:
        return not self.on_hub and self.membership.role == Role.COORDINATOR

    @property
    def sees_unpublished(self) -> bool:
        return self.is_editor or self.is_coordinator

    def practices(self) -> QuerySet[Practice]:
        """The practices this reader may open."""
        if self.on_hub:
            # Copies of what the member cities share; the hub writes none of its own.
            return Practice.objects.filter(received_from__isnull=False, state=Practice.State.PUBLISHED)
        mine = Practice.objects.filter(city=self.city)
        if self.sees_unpublished:
            # A coordinator has nothing to do with another's draft until it is submitted.
            return mine if self.is_editor else mine.exclude(state=Practice.State.DRAFT)
        return mine.filter(state=Practice.State.PUBLISHED)

    def may_edit(self, practice: Practice) -> bool:
        return self.is_editor and practice.state == Practice.State.DRAFT

    def may_submit(self, practice: Practice) -> bool:
        return self.may_edit(practice)

    def may_review(self, practice: Practice) -> bool:
        return (
            practice.state == Practice.State.IN_REVIEW
            and self.sees_unpublished
            and practice.drafted_by_id != self.membership.user_id
        )

    def may_share(self, practice: Practice) -> bool:
        return self.sees_unpublished and practice.state == Practice.State.PUBLISHED

    def may_withdraw(self, practice: Practice) -> bool:
        return (self.sees_unpublished and practice.state in {Practice.State.IN_REVIEW, Practice.State.PUBLISHED}) or (
            self.is_editor and practice.state == Practice.State.DRAFT
        )

    def may_translate(self, practice: Practice) -> bool:
        # A translation may follow publication (the Kazakh text a year later): each save is audited.
        return self.is_editor and practice.state != Practice.State.WITHDRAWN

    def may_attach(self, practice: Practice) -> bool:
        return self.is_editor and practice.state in {Practice.State.DRAFT, Practice.State.IN_REVIEW}


def library_access(request_or_membership) -> LibraryAccess:
    """The reader's access to their city's library; 404 for someone who belongs to no city."""
    membership = membership_of(request_or_membership)
    if membership is None:
        raise Http404
    if settings.HOMECOMING_ROLE == "hub":
        return LibraryAccess(membership, None)
    city = home_city(membership.organisation.jurisdiction)
    if city is None:
        raise Http404
    return LibraryAccess(membership, city)


def drafting_access(request_or_membership) -> LibraryAccess:
    access = library_access(request_or_membership)
    if not access.is_editor:
        raise Http404
    return access


def open_practice(access: LibraryAccess, practice_id: int) -> Practice:
    practice = access.practices().filter(pk=practice_id).select_related("city", "organisation").first()
    if practice is None:
        raise Http404
    return practice


def permitted(request, practice_id: int, step: str) -> Practice:
    """The practice, if the reader may take this step on it (``LibraryAccess.may_<step>``); 404 otherwise."""
    access = library_access(request)
    practice = open_practice(access, practice_id)
    if not getattr(access, f"may_{step}")(practice):
        raise Http404
    return practice
