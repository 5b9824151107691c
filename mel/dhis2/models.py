"""Models of mel.dhis2; mel/models.py imports them so that Django finds them.

The mapping from Homecoming's indicators to a DHIS2 instance's metadata, by code (``idScheme=code``):

- ``Dhis2DataSet``: the one data set the values are reported in;
- ``Dhis2DataElement``: per indicator and figure part (a count, a share's numerator and denominator,
  a mean and the people it rests on), the data element. ``dimension`` left empty serves the total
  and every disaggregation; a row for one dimension (or "total") takes precedence, for DHIS2
  instances where each disaggregation is a data element of its own category combination;
- ``Dhis2CategoryOptionCombo``: per disaggregation key (sex = female, age band = 5-11, ...) the
  category option combination, shared by every indicator (DHIS2 shares them across data elements
  of the same category combination); the total is dimension "total", key "", usually "default";
- ``Dhis2OrganisationUnit``: per city, the organisation unit.

Codes only: the mapping never holds a name or free text, so neither does the file it makes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mel.dhis2.rules import (
    COC_DIMENSIONS,
    CODE_MESSAGE,
    CODE_PATTERN,
    ELEMENT_DIMENSIONS,
    Part,
    combo_problems,
    element_problems,
    indicator_choices,
)

__all__ = ["Dhis2CategoryOptionCombo", "Dhis2DataElement", "Dhis2DataSet", "Dhis2OrganisationUnit"]

code_validator = RegexValidator(CODE_PATTERN, CODE_MESSAGE)


def code_field() -> models.CharField:
    return models.CharField(_("DHIS2 code"), max_length=50, validators=[code_validator])


class Dhis2DataSet(models.Model):
    code = code_field()
    # Always True and unique: there is one data set.
    single = models.BooleanField(default=True, editable=False, unique=True)

    class Meta:
        verbose_name = _("DHIS2 data set")
        verbose_name_plural = _("DHIS2 data set")

    def __str__(self) -> str:
        return self.code


class Dhis2DataElement(models.Model):
    indicator = models.CharField(_("indicator"), max_length=20, choices=indicator_choices)
    part = models.CharField(_("part"), max_length=16, choices=Part.choices)
    dimension = models.CharField(_("disaggregation"), max_length=24, blank=True, choices=ELEMENT_DIMENSIONS)
    code = code_field()

    class Meta:
        verbose_name = _("DHIS2 data element")
        verbose_name_plural = _("DHIS2 data elements")
        ordering = ["indicator", "part", "dimension"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "part", "dimension"], name="dhis2_element_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.part} {self.dimension}".strip()

    def clean(self) -> None:
        problems = element_problems(self.indicator, self.part, self.dimension)
        if problems:
            raise ValidationError(problems)


class Dhis2CategoryOptionCombo(models.Model):
    dimension = models.CharField(_("disaggregation"), max_length=24, choices=COC_DIMENSIONS)
    key = models.CharField(
        _("category key"),
        max_length=40,
        blank=True,
        help_text=_('As Homecoming writes it: "female", "5-11", "2026Q3"; empty for the total.'),
    )
    code = code_field()

    class Meta:
        verbose_name = _("DHIS2 category option combination")
        verbose_name_plural = _("DHIS2 category option combinations")
        ordering = ["dimension", "key"]
        constraints = [models.UniqueConstraint(fields=["dimension", "key"], name="dhis2_combo_once")]

    def __str__(self) -> str:
        return f"{self.dimension} {self.key}".strip()

    def clean(self) -> None:
        problems = combo_problems(self.dimension, self.key)
        if problems:
            raise ValidationError(problems)


class Dhis2OrganisationUnit(models.Model):
    jurisdiction = models.OneToOneField(
        "directory.Jurisdiction",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "city"},
    )
    code = code_field()

    class Meta:
        verbose_name = _("DHIS2 organisation unit")
        verbose_name_plural = _("DHIS2 organisation units")

    def __str__(self) -> str:
        return self.code
