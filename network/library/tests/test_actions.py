import pytest

from conftest import make_user
from core.actor import Actor
from core.models import AuditEvent
from directory.models import Role
from network.library import actions
from network.library.models import Attachment, Practice
from network.library.tests import files
from network.library.tests.builders import make_practice


def _actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="practice.").order_by("pk").values_list("action", flat=True)
    )


def test_the_full_workflow_is_audited_by_ids(city_a, network_editor, coordinator):
    practice = make_practice(network_editor, city_a.social)
    actions.submit_practice(actor=Actor.of(network_editor), practice=practice)
    actions.approve_practice(actor=Actor.of(coordinator), practice=practice)
    actions.share_practice(actor=Actor.of(coordinator), practice=practice, shared=True)
    practice.refresh_from_db()
    assert practice.state == Practice.State.PUBLISHED
    assert practice.reviewed_by == coordinator
    assert practice.shared_with_network
    assert practice.last_reviewed_on is not None
    assert _actions() == ["practice.drafted", "practice.submitted", "practice.published", "practice.shared"]
    assert set(AuditEvent.objects.filter(action__startswith="practice.").values_list("object_ref", flat=True)) == {
        str(practice.pk)
    }


def test_the_author_cannot_approve_their_own_practice(city_a, network_editor):
    practice = make_practice(network_editor, city_a.social)
    actions.submit_practice(actor=Actor.of(network_editor), practice=practice)
    with pytest.raises(actions.NotAllowed):
        actions.approve_practice(actor=Actor.of(network_editor), practice=practice)
    practice.refresh_from_db()
    assert practice.state == Practice.State.IN_REVIEW


def test_a_second_network_editor_may_approve(city_a, network_editor):
    second = make_user("a.editor2", organisation=city_a.social, role=Role.NETWORK_EDITOR)
    practice = make_practice(network_editor, city_a.social)
    actions.submit_practice(actor=Actor.of(network_editor), practice=practice)
    actions.approve_practice(actor=Actor.of(second), practice=practice)
    assert practice.state == Practice.State.PUBLISHED


def test_sending_back_keeps_the_reason(city_a, network_editor, coordinator):
    practice = make_practice(network_editor, city_a.social)
    actions.submit_practice(actor=Actor.of(network_editor), practice=practice)
    actions.return_practice(actor=Actor.of(coordinator), practice=practice, reason="Add the costs.")
    assert practice.state == Practice.State.DRAFT
    assert practice.return_reason == "Add the costs."
    assert AuditEvent.objects.filter(action="practice.returned", reason="Add the costs.").exists()


def test_a_draft_cannot_be_shared_or_approved(city_a, network_editor, coordinator):
    practice = make_practice(network_editor, city_a.social)
    with pytest.raises(actions.NotAllowed):
        actions.share_practice(actor=Actor.of(coordinator), practice=practice, shared=True)
    with pytest.raises(actions.NotAllowed):
        actions.approve_practice(actor=Actor.of(coordinator), practice=practice)


def test_an_edit_from_an_old_version_loses(city_a, network_editor):
    practice = make_practice(network_editor, city_a.social)
    old = practice.version
    actions.edit_practice(actor=Actor.of(network_editor), practice=practice, version=old, fields={"title": "First"})
    stale = Practice.objects.get(pk=practice.pk)
    with pytest.raises(actions.StaleVersion):
        actions.edit_practice(actor=Actor.of(network_editor), practice=stale, version=old, fields={"title": "Second"})
    assert Practice.objects.get(pk=practice.pk).title == "First"


def test_withdrawing_stops_sharing(city_a, network_editor, coordinator):
    practice = make_practice(
        network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator, shared=True
    )
    actions.withdraw_practice(actor=Actor.of(coordinator), practice=practice, reason="Outdated.")
    assert practice.state == Practice.State.WITHDRAWN
    assert not practice.shared_with_network


def test_an_attachment_is_stored_under_a_digest_name(city_a, network_editor):
    practice = make_practice(network_editor, city_a.social)
    attachment = actions.add_attachment(
        actor=Actor.of(network_editor), practice=practice, name="../../report.pdf", data=files.PDF
    )
    assert attachment.content_type == Attachment.ContentType.PDF
    assert attachment.file.name.startswith("practices/")
    assert ".." not in attachment.file.name
    assert attachment.file.read() == files.PDF
    assert _actions()[-1] == "practice.attachment_added"
