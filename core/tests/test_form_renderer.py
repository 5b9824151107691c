"""Our selects write their options themselves (core/forms.py FormRenderer): the markup must be
Django's own, but for "Choose…" in place of "---------"."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from core.forms import FormRenderer

pytestmark = pytest.mark.no_database


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "A & B"), ("7", "Seven")], required=False)
    numbers = forms.TypedChoiceField(choices=[(1, "One"), (2, "Two")], coerce=int)
    grouped = forms.ChoiceField(choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear")]), ("other", "Other")])
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")], required=False)
    attributes = forms.ChoiceField(
        choices=[("on", "On"), ("off", "Off")], widget=forms.Select(attrs={"class": "wide", "data-x": "1"})
    )


def _rendered(renderer, data) -> str:
    form = Everything(data, renderer=renderer)
    return re.sub(r"\s+", " ", "".join(str(form[name]) for name in form.fields))


@pytest.mark.parametrize(
    "data",
    [None, {"plain": "7", "numbers": "2", "grouped": "pear", "many": ["x", "z"], "attributes": "off"}],
    ids=["empty", "chosen"],
)
def test_our_selects_write_what_djangos_templates_write_but_choose(data):
    ours, djangos = _rendered(FormRenderer(), data), _rendered(DjangoTemplates(), data)
    assert ours == djangos.replace(">---------<", ">Choose…<")
    assert "Choose…" in ours and "A &amp; B" in ours
