"""The hub's actions: enrolling a member city, and receiving (or refusing) a city's signed report.

Receiving checks, in order: the size, the city's token, the envelope and its signature against the
city's keys valid now, the payload's schema and period, and the sequence number. Nothing is stored
on a refusal, and each refusal is audited with its reason (never the payload).
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from network.exchange import dsse
from network.hub import schema
from network.hub.models import MemberCity, MemberKey, ReceivedReport, token_hash
from network.library import shared

MAX_BODY = 2 * 1024 * 1024

# The HTTP status of each refusal: the sender's program reads the reason, a person the message.
STATUS = {
    "too_large": 413,
    "unknown_city": 401,
    "malformed": 400,
    "payload_type": 400,
    "unknown_key": 403,
    "bad_signature": 403,
    "schema": 400,
    "period": 400,
    "replayed": 409,
    "conflict": 409,
}


MESSAGES = {
    "too_large": gettext_lazy("The report is larger than the hub accepts (2 MB)."),
    "unknown_city": gettext_lazy("The token does not belong to an enrolled city."),
}


class EnrolmentError(ValueError):
    pass


@dataclass(frozen=True)
class Outcome:
    status: int
    stored: bool = False
    reason: str = ""
    message: str = ""
    report: ReceivedReport | None = None

    def as_json(self) -> dict:
        if self.reason:
            return {"refused": self.reason, "message": self.message}
        return {"stored": True} if self.status == 201 else {"stored": True, "already": True}


def public_key_from(text: str) -> Ed25519PublicKey:
    """A raw Ed25519 public key in base64 (what the city's key page shows)."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as error:
        raise EnrolmentError(_("This is not an Ed25519 public key in base64.")) from error


def normal_fingerprint(fingerprint: str) -> str:
    # Read out over the phone in groups: spaces, colons and case do not matter.
    return "".join(c for c in fingerprint.lower() if c in "0123456789abcdef")


def enrol(*, actor: Actor, name: str, slug: str, public_key: str, fingerprint: str, organisation=None):
    """The new member and its token, shown once. The fingerprint the city read out must match the
    key pasted here, or nothing is enrolled (a key swapped on the way is caught here)."""
    checked = checked_key(public_key, fingerprint)
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        member = MemberCity.objects.create(
            name=name, slug=slug, organisation=organisation, token_hash=token_hash(token)
        )
        MemberKey.objects.create(member=member, public_key=public_key.strip(), fingerprint=checked)
        audit.record(action=AuditAction.HUB_CITY_ENROLLED, actor=actor, object_type="member_city", object_ref=member.pk)
    return member, token


def checked_key(public_key: str, fingerprint: str) -> str:
    """The fingerprint of a key the administrator adds (a city's rotated key), if it matches what
    the city read out; EnrolmentError otherwise."""
    key = public_key_from(public_key)
    if normal_fingerprint(fingerprint) != dsse.fingerprint(key):
        raise EnrolmentError(_("The fingerprint does not match the public key: confirm it with the city again."))
    return dsse.fingerprint(key)


def member_changed(*, actor: Actor, member: MemberCity) -> None:
    """An administrator changed a member (its name, whether it is active, its keys)."""
    audit.record(action=AuditAction.HUB_CITY_CHANGED, actor=actor, object_type="member_city", object_ref=member.pk)


def change_member(*, actor: Actor, member: MemberCity, name: str, organisation, active: bool) -> None:
    """The administrator's page changed a member's name, organisation or whether it may send."""
    with transaction.atomic():
        member.name, member.organisation, member.active = name, organisation, active
        member.save(update_fields=["name", "organisation", "active"])
        member_changed(actor=actor, member=member)


def add_key(*, actor: Actor, member: MemberCity, public_key: str, fingerprint: str, valid_from, valid_until=None):
    """A city's rotated key, added once the fingerprint it read out matched (``checked_key``)."""
    with transaction.atomic():
        key = MemberKey.objects.create(
            member=member,
            public_key=public_key.strip(),
            fingerprint=checked_key(public_key, fingerprint),
            valid_from=valid_from,
            valid_until=valid_until,
        )
        member_changed(actor=actor, member=member)
    return key


def end_key(*, actor: Actor, key: MemberKey, valid_until) -> None:
    """A key stops being valid at ``valid_until`` (the overlap of a rotation; now, for a lost key)."""
    with transaction.atomic():
        key.valid_until = valid_until
        key.save(update_fields=["valid_until"])
        member_changed(actor=actor, member=key.member)


def member_for_token(token: str) -> MemberCity | None:
    if not token:
        return None
    return MemberCity.objects.filter(token_hash=token_hash(token), active=True).first()


def refuse(*, actor: Actor, member: MemberCity | None, reason: str, message: str = "") -> Outcome:
    """Nothing is stored; the audit row names the city (if known) and the reason, never the payload."""
    audit.record(
        action=AuditAction.HUB_REPORT_REFUSED,
        actor=actor,
        object_type="member_city",
        object_ref=member.pk if member else "",
        reason=reason,
    )
    return Outcome(status=STATUS[reason], reason=reason, message=str(message or MESSAGES.get(reason, "")))


def _verified(member: MemberCity, body: bytes) -> tuple[dict, dsse.Verified]:
    try:
        envelope = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise dsse.EnvelopeError("malformed", _("The body is not JSON.")) from error
    keys = {k.fingerprint: public_key_from(k.public_key) for k in member.keys_valid_at(timezone.now())}
    return envelope, dsse.verify(envelope, keys=keys)


def receive(*, actor: Actor, member: MemberCity | None, body: bytes) -> Outcome:
    """Check a city's envelope and store its report, or refuse it with a reason."""
    if len(body) > MAX_BODY:
        return refuse(actor=actor, member=member, reason="too_large")
    if member is None:
        return refuse(actor=actor, member=None, reason="unknown_city")
    try:
        envelope, verified = _verified(member, body)
        payload = json.loads(verified.payload)
        checked = schema.check(payload, slug=member.slug, today=timezone.localdate())
    except (dsse.EnvelopeError, schema.SchemaError) as error:
        return refuse(actor=actor, member=member, reason=error.reason, message=str(error))
    except (UnicodeDecodeError, ValueError):
        return refuse(actor=actor, member=member, reason="schema", message=_("The signed payload is not JSON."))
    return _store(actor, member, envelope, verified.keyid, payload, checked)


def _store(actor: Actor, member: MemberCity, envelope: dict, keyid: str, payload: dict, checked) -> Outcome:
    period = checked.period.code
    sequence = payload["sequence"]
    conflict = _("A different report was already received with this sequence number.")
    with transaction.atomic():
        # The member's row lock queues two deliveries of the same city, so the sequence check holds.
        MemberCity.objects.select_for_update().filter(pk=member.pk).first()
        same = ReceivedReport.objects.filter(member=member, sequence=sequence).first()
        if same is not None:
            if same.period == period and same.payload == payload:
                return Outcome(status=200, stored=True, report=same)
            return refuse(actor=actor, member=member, reason="conflict", message=conflict)
        highest = ReceivedReport.objects.filter(member=member).aggregate(n=Max("sequence"))["n"]
        if highest is not None and sequence < highest:
            replayed = _("The hub already holds a newer report from this city (sequence %(n)s).") % {"n": highest}
            return refuse(actor=actor, member=member, reason="replayed", message=replayed)
        try:
            with transaction.atomic():
                report = ReceivedReport.objects.create(
                    member=member, period=period, sequence=sequence, payload=payload, envelope=envelope, keyid=keyid
                )
        except IntegrityError:
            return refuse(actor=actor, member=member, reason="conflict", message=conflict)
        shared.store_received(member=member, practices=checked.practices)
        audit.record(
            action=AuditAction.HUB_REPORT_RECEIVED,
            actor=actor,
            organisation=member.organisation,
            object_type="received_report",
            object_ref=report.pk,
        )
    return Outcome(status=201, stored=True, report=report)
