"""Form fields and widgets every app uses."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class FormRenderer(DjangoTemplates):
    """Django's form templates, with two changes everywhere: labels that say "(optional)" when a
    field may be left empty (forms that only filter set ``optional_unmarked``), and selects that
    say "Choose…" in place of the "---------" Django puts first. A select is written in Python
    rather than by a template per option (Django) or a template looping over them: the caseload's
    filter form has 45 options on every request of the list, and the template engine spent about a
    millisecond per select on them (issue 15). The markup is Django's own (test_form_renderer)."""

    OURS = {"django/forms/label.html": "core/forms/label.html"}

    def get_template(self, template_name):
        return super().get_template(self.OURS.get(template_name, template_name))

    def render(self, template_name, context, request=None):
        if template_name == "django/forms/widgets/select.html":
            return select_html(context["widget"])
        return super().render(template_name, context, request)


def _attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html: ``True`` writes the bare name, ``False`` leaves it out."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
        for name, value in attrs.items()
        if value is not False
    )


def select_html(widget: dict) -> str:
    """Django's widgets/select.html and select_option.html, written out. A ``Select``'s option has
    no attributes but ``selected`` (``option_inherits_attrs`` is off)."""
    parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
    choose = gettext("Choose…")
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            label = choose if option["label"] == "---------" else option["label"]
            selected = " selected" if option["attrs"].get("selected") else ""
            parts.append(format_html('\n  <option value="{}"{}>{}</option>', option["value"], selected, label))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))  # noqa: S308 (every part escaped by format_html above)


# A day after the 12th, so that the example shows which number is the day.
EXAMPLE_MOMENT = datetime.datetime(2026, 3, 27, 14, 30)


class TypedDateMixin:
    """A date typed the way the page's language writes it (27.03.2026; 27/03/2026 in English), with
    an example under the field. A browser's own date picker follows the browser's language, not
    the page's, so a Russian page on an English phone asked for 03/27/2026 (issue 18 §9). The field
    still accepts ISO dates (2026-03-27), which scripts and older bookmarks send."""

    input_type = "text"
    template_name = "core/forms/typed_date.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        if input_id := widget["attrs"].get("id"):
            described = widget["attrs"].get("aria-describedby", "")
            widget["attrs"]["aria-describedby"] = f"{described} {input_id}_format".strip()
            example = formats.localize_input(EXAMPLE_MOMENT, self.format or self.typed_format())
            widget["example"] = _("For example, %(example)s") % {"example": example}
        return context


class DateInput(TypedDateMixin, forms.DateInput):
    def typed_format(self) -> str:
        return formats.get_format("DATE_INPUT_FORMATS")[0]


class DateTimeInput(TypedDateMixin, forms.DateTimeInput):
    def typed_format(self) -> str:
        return formats.get_format("DATE_INPUT_FORMATS")[0] + " %H:%M"

    def format_value(self, value):
        return formats.localize_input(value, self.format or self.typed_format())


def not_in_the_future(day) -> None:
    if day > timezone.localdate():
        raise ValidationError(_("This date is in the future."))


class PastDateField(forms.DateField):
    """A date that has happened: a visit, a birth, a consent given."""

    widget = DateInput
    default_validators = [not_in_the_future]


class RecordsChoiceField(forms.ModelMultipleChoiceField):
    """Several records chosen by their numbers. Django looks each posted number up with an
    ``in`` query, which the database refuses (a 500) for a number too large for its integers:
    such a value is refused here as no record's."""

    def clean(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            if len(str(pk)) > 18:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)
