"""Form fields and widgets every app uses."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FormRenderer(DjangoTemplates):
    """Django's form templates, with two of our own everywhere: labels that say "(optional)" when
    a field may be left empty (forms that only filter set ``optional_unmarked``), and "Choose…"
    in place of the "---------" Django puts first in a select."""

    OURS = {
        "django/forms/label.html": "core/forms/label.html",
        "django/forms/widgets/select_option.html": "core/forms/select_option.html",
    }

    def get_template(self, template_name):
        return super().get_template(self.OURS.get(template_name, template_name))


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


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
