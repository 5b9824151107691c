"""The pages' forms check what the API is sent, so both refuse the same things with the same words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from api.problems import Problem


def cleaned(form: forms.Form, names: dict[str, str] | None = None) -> dict:
    """The form's cleaned data, or a 422 naming each field that is wrong (nothing is written);
    ``names`` renames the form's fields as the API calls them."""
    if form.is_valid():
        return form.cleaned_data
    names = {forms.forms.NON_FIELD_ERRORS: "", **(names or {})}
    errors = [
        {"field": names.get(name, name), "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]
    raise Problem(422, _("Some values are missing or not valid: see errors."), errors=errors)


def refuse_unknown(field: str, codes, known) -> None:
    """A 422 naming the codes of ``codes`` that are not in ``known``."""
    if unknown := sorted(set(codes) - set(known)):
        message = _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)}
        errors = [{"field": field, "message": message}]
        raise Problem(422, _("Some values are missing or not valid: see errors."), errors=errors)


def ids_of(model, codes: list[str], field: str) -> list[int]:
    """The ids of active records with these codes; a 422 naming the codes that are unknown."""
    found = dict(model.objects.filter(code__in=codes, is_active=True).values_list("code", "pk"))
    refuse_unknown(field, codes, found)
    return [found[code] for code in codes]
