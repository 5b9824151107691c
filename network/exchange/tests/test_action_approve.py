"""Approval: a coordinator of the city who did not build the report; it is signed at approval."""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import PermissionDenied, ValidationError

from core.actor import Actor
from core.models import AuditEvent
from network.exchange import actions, dsse, keys
from network.exchange.models import NetworkReport
from network.exchange.tests.helpers import actor, built


@pytest.fixture
def signing_key(db):
    return keys.generate(actor=Actor.for_system())


def test_a_coordinator_approves_and_signs_exactly_the_previewed_bytes(
    db, city_a, network_editor, coordinator, signing_key
):
    report = actions.approve(actor=actor(coordinator), report=built(network_editor, city_a.city))
    assert report.status == NetworkReport.Status.APPROVED and report.approved_by == coordinator
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(signing_key.public_key))
    verified = dsse.verify(report.envelope, keys={signing_key.fingerprint: public})
    assert verified.payload == bytes(report.payload)
    assert AuditEvent.objects.filter(action="network_report.approved", object_ref__startswith=f"{report.pk} ").exists()


def test_the_builder_cannot_approve_their_own_report(db, city_a, coordinator, signing_key):
    report = built(coordinator, city_a.city)
    with pytest.raises(ValidationError, match="not the one who built it"):
        actions.approve(actor=actor(coordinator), report=report)
    report.refresh_from_db()
    assert report.status == NetworkReport.Status.DRAFT and report.envelope is None


@pytest.mark.parametrize("persona", ["network_editor", "me_officer", "other_coordinator"])
def test_only_a_coordinator_of_the_city_approves(db, city_a, coordinator, persona, request, signing_key):
    report = built(coordinator, city_a.city)
    with pytest.raises(PermissionDenied):
        actions.approve(actor=actor(request.getfixturevalue(persona)), report=report)


def test_the_system_never_approves(db, city_a, network_editor, signing_key):
    with pytest.raises(PermissionDenied):
        actions.approve(actor=Actor.for_system(), report=built(network_editor, city_a.city))


def test_a_report_is_approved_once(db, city_a, network_editor, coordinator, signing_key):
    report = actions.approve(actor=actor(coordinator), report=built(network_editor, city_a.city))
    with pytest.raises(ValidationError):
        actions.approve(actor=actor(coordinator), report=report)


def test_without_a_signing_key_approval_says_how_to_make_one(db, city_a, network_editor, coordinator):
    with pytest.raises(ValidationError, match="generate_network_key"):
        actions.approve(actor=actor(coordinator), report=built(network_editor, city_a.city))
