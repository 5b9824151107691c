import pytest
from django.template import Context, Template
from django.utils import translation

from core import audit
from core.actor import Actor
from core.audit import AuditAction
from core.models import AuditEvent


def _label(action: AuditAction, language: str) -> str:
    with translation.override(language):
        return str(action.label)


def test_every_audit_action_has_a_label_that_is_not_its_code():
    unlabelled = [action.value for action in AuditAction if _label(action, "en") in ("", action.value)]
    assert unlabelled == []


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_audit_action_label_is_translated_in_the_compiled_catalogue(language):
    untranslated = [
        f"{action.value}: {_label(action, 'en')}"
        for action in AuditAction
        if _label(action, language) == _label(action, "en")
    ]
    assert untranslated == []


def test_an_unknown_action_is_refused_before_anything_reaches_the_audit_trail(db):
    with pytest.raises(ValueError):
        audit.record(
            action="screening.safety_flagg", actor=Actor.for_system(), object_type="participant", object_ref="X"
        )
    assert not AuditEvent.objects.exists()


def test_the_audit_trail_shows_a_safety_flag_by_its_label_not_its_code():
    template = Template("{% load audit %}{{ action|action_label }}")
    with translation.override("en"):
        shown = template.render(Context({"action": "screening.safety_flag"}))
    assert shown == "Safety notice raised by a screening"


def test_the_audit_trail_shows_a_code_no_longer_in_use_as_it_was_stored():
    template = Template("{% load audit %}{{ action|action_label }}")
    assert template.render(Context({"action": "retired.action"})) == "retired.action"
