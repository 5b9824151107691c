"""The mapping file as an administrator uploads it in the admin (the command reads the same file)."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from mel.dhis2.mapping import Mapping, MappingError, from_file
from mel.dhis2.models import Dhis2CategoryOptionCombo, Dhis2DataElement, Dhis2DataSet, Dhis2OrganisationUnit

MAX_BYTES = 1_000_000  # a whole country's mapping is a few tens of kilobytes


class MappingUploadForm(forms.Form):
    file = forms.FileField(label=_("Mapping file (JSON)"))

    mapping: Mapping

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 1 MB: it cannot be a mapping file."))
        try:
            data = json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise ValidationError(_("The file is not JSON text (UTF-8).")) from error
        try:
            self.mapping = from_file(data)
        except MappingError as error:
            raise ValidationError(error.problems) from error
        return upload


# --- The mapping's rows, one at a time, on the administrator's pages (issue 18 §12) ----------


class DataSetForm(forms.ModelForm):
    class Meta:
        model = Dhis2DataSet
        fields = ["code"]


class DataElementForm(forms.ModelForm):
    class Meta:
        model = Dhis2DataElement
        fields = ["indicator", "part", "dimension", "code"]


class CategoryOptionComboForm(forms.ModelForm):
    class Meta:
        model = Dhis2CategoryOptionCombo
        fields = ["dimension", "key", "code"]


class OrganisationUnitForm(forms.ModelForm):
    class Meta:
        model = Dhis2OrganisationUnit
        fields = ["jurisdiction", "code"]
