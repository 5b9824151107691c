"""The error summary at the top of a page with an invalid form (the GOV.UK pattern): one line per
problem, naming its field and linking to it, so that a message under the fifth field of a long
form is seen and reached from the top."""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Problem:
    target: str  # the id of the field to go to; "" for a problem of the whole form
    text: str


def _first_choice(field) -> str:
    """Radio buttons and check boxes have no one element to label: the summary links to the first."""
    subwidgets = field.subwidgets
    return subwidgets[0].id_for_label if subwidgets else field.auto_id or ""


def _of_form(form: BaseForm, row: str = "") -> list[Problem]:
    problems = [Problem(target="", text=f"{row}{error}") for error in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name not in form.fields:
            continue  # the whole form's errors, listed above
        field = form[name]
        target = "" if field.is_hidden else field.id_for_label or _first_choice(field)
        label = str(field.label or name).rstrip(":")
        problems += [Problem(target=target, text=f"{row}{label}: {error}") for error in errors]
    return problems


def _of_formset(formset: BaseFormSet) -> list[Problem]:
    problems = [Problem(target="", text=str(error)) for error in ErrorList(formset.non_form_errors())]
    row_label = getattr(formset, "row_label", None) or _("Row %(number)s")
    for number, form in enumerate(formset.forms, start=1):
        if form.is_bound and form.errors:
            problems += _of_form(form, row=f"{row_label % {'number': number}}, ")
    return problems


@register.simple_tag(takes_context=True)
def form_problems(context) -> list[Problem]:
    """Every problem of the bound, invalid forms and formsets the page shows, in the order they came."""
    problems, seen = [], set()
    for value in context.flatten().values():
        if id(value) in seen or not getattr(value, "is_bound", False):
            continue
        seen.add(id(value))
        if isinstance(value, BaseFormSet):
            problems += _of_formset(value)
        elif isinstance(value, BaseForm) and value.errors:
            problems += _of_form(value)
    return problems
