"""The pages' forms check what the API is sent, so both refuse the same things with the same words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from api.problems import Problem


def cleaned(form: forms.Form) -> dict:
    """The form's cleaned data, or a 422 naming each field that is wrong (nothing is written)."""
    if form.is_valid():
        return form.cleaned_data
    errors = [
        {"field": "" if name == forms.forms.NON_FIELD_ERRORS else name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]
    raise Problem(422, _("Some values are missing or not valid: see errors."), errors=errors)


def ids_of(model, codes: list[str], field: str) -> list[int]:
    """The ids of active records with these codes; a 422 naming the codes that are unknown."""
    found = dict(model.objects.filter(code__in=codes, is_active=True).values_list("code", "pk"))
    unknown = sorted(set(codes) - set(found))
    if unknown:
        message = _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise Problem(
            422, _("Some values are missing or not valid: see errors."), errors=[{"field": field, "message": message}]
        )
    return [found[code] for code in codes]
