"""Changes to practices, each audited (ids only) and each keeping the search index in step."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from network.library import attachments, search
from network.library.models import Attachment, Practice, PracticeTranslation

OBJECT_TYPE = "practice"


class StaleVersion(Exception):
    """Someone else saved the practice after this edit began."""


class NotAllowed(Exception):
    """The practice is not in a state that allows this step, or the reviewer wrote it."""


def _record(action: AuditAction, practice: Practice, actor: Actor, reason: str = "") -> None:
    audit.record(action=action, actor=actor, object_type=OBJECT_TYPE, object_ref=practice.pk, reason=reason)


@transaction.atomic
def draft_practice(*, actor: Actor, city, organisation, fields: dict) -> Practice:
    practice = Practice(city=city, organisation=organisation, drafted_by=actor.user, **fields)
    practice.full_clean()
    practice.save()
    search.index(practice)
    _record(AuditAction.PRACTICE_DRAFTED, practice, actor)
    return practice


@transaction.atomic
def edit_practice(*, actor: Actor, practice: Practice, version: int, fields: dict) -> Practice:
    """Saves the edit only if nobody saved the practice since ``version`` was read."""
    for name, value in fields.items():
        setattr(practice, name, value)
    practice.full_clean()
    practice.version = version + 1
    # The version check and the write are one statement, so two editors cannot both win.
    updated = Practice.objects.filter(pk=practice.pk, version=version, state=Practice.State.DRAFT).update(
        **{name: getattr(practice, name) for name in fields}, version=version + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleVersion
    search.index(practice)
    _record(AuditAction.PRACTICE_EDITED, practice, actor)
    return practice


def _move(practice: Practice, expected: str, state: str, **changes) -> None:
    updated = Practice.objects.filter(pk=practice.pk, state=expected).update(
        state=state, version=practice.version + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise NotAllowed
    practice.refresh_from_db()


@transaction.atomic
def submit_practice(*, actor: Actor, practice: Practice) -> None:
    _move(practice, Practice.State.DRAFT, Practice.State.IN_REVIEW, return_reason="")
    _record(AuditAction.PRACTICE_SUBMITTED, practice, actor)


@transaction.atomic
def approve_practice(*, actor: Actor, practice: Practice) -> None:
    if actor.user_id is None or actor.user_id == practice.drafted_by_id:
        raise NotAllowed  # a practice is never reviewed by its author
    now = timezone.now()
    _move(
        practice,
        Practice.State.IN_REVIEW,
        Practice.State.PUBLISHED,
        reviewed_by=actor.user,
        published_at=now,
        last_reviewed_on=timezone.localdate(now),
    )
    _record(AuditAction.PRACTICE_PUBLISHED, practice, actor)


@transaction.atomic
def return_practice(*, actor: Actor, practice: Practice, reason: str) -> None:
    if actor.user_id is None or actor.user_id == practice.drafted_by_id:
        raise NotAllowed
    _move(practice, Practice.State.IN_REVIEW, Practice.State.DRAFT, return_reason=reason)
    _record(AuditAction.PRACTICE_RETURNED, practice, actor, reason)


@transaction.atomic
def share_practice(*, actor: Actor, practice: Practice, shared: bool) -> None:
    updated = Practice.objects.filter(pk=practice.pk, state=Practice.State.PUBLISHED).update(
        shared_with_network=shared, updated_at=timezone.now()
    )
    if not updated:
        raise NotAllowed
    practice.refresh_from_db()
    _record(AuditAction.PRACTICE_SHARED if shared else AuditAction.PRACTICE_UNSHARED, practice, actor)


@transaction.atomic
def withdraw_practice(*, actor: Actor, practice: Practice, reason: str) -> None:
    if practice.state == Practice.State.WITHDRAWN:
        raise NotAllowed
    _move(practice, practice.state, Practice.State.WITHDRAWN, shared_with_network=False)
    _record(AuditAction.PRACTICE_WITHDRAWN, practice, actor, reason)


@transaction.atomic
def add_attachment(*, actor: Actor, practice: Practice, name: str, data: bytes) -> Attachment:
    """Stores the file if its content passes ``attachments.check``; ``attachments.Refused`` otherwise."""
    content_type = attachments.check(data)
    # The stored name is a digest: the uploader's name is kept as text only, never as a path.
    stored = hashlib.sha256(data).hexdigest()[:32]
    attachment = Attachment(
        practice=practice,
        original_name=(name or str(_("attachment")))[-200:],
        content_type=content_type,
        size=len(data),
        added_by=actor.user,
    )
    attachment.file.save(stored, ContentFile(data), save=False)
    attachment.save()
    audit.record(
        action=AuditAction.PRACTICE_ATTACHMENT_ADDED,
        actor=actor,
        object_type="practice_attachment",
        object_ref=attachment.pk,
    )
    return attachment


@transaction.atomic
def translate_practice(*, actor: Actor, practice: Practice, language: str, fields: dict) -> PracticeTranslation:
    """Adds or replaces the practice's text in another language; the search finds it at once."""
    translation, _created = PracticeTranslation.objects.update_or_create(
        practice=practice, language=language, defaults=fields
    )
    search.index(practice)
    _record(AuditAction.PRACTICE_EDITED, practice, actor, reason=f"translation {language}")
    return translation


def reindex(practice: Practice) -> None:
    """After its translations change (the demo, the administration pages): the search reads them at once."""
    search.index(practice)
