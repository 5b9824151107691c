"""The administrator's forms for the directory (issue 18 §12): jurisdictions and organisations,
and the filters of their lists."""

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from directory.models import Jurisdiction, Organisation


class JurisdictionForm(forms.ModelForm):
    class Meta:
        model = Jurisdiction
        fields = ["name", "name_ru", "name_kk", "slug", "level", "parent"]
        help_texts = {"slug": _("Letters, digits and hyphens; used in addresses and files, e.g. almaty.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Countries and regions only: a city is part of a region, a region of a country.
        parents = Jurisdiction.objects.exclude(level=Jurisdiction.Level.CITY).order_by("level", "name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents

    def clean_level(self) -> str:
        level = self.cleaned_data["level"]
        if self.instance.pk and level != self.instance.level and self.instance.children.exists():
            raise forms.ValidationError(_("Other jurisdictions are part of this one: its level cannot change."))
        return level


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "jurisdiction", "is_active"]
        help_texts = {
            "slug": _("Letters, digits and hyphens, e.g. almaty-social."),
            "is_active": _("An organisation is never deleted: one no longer working is made inactive."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = Jurisdiction.objects.order_by("name")


class JurisdictionFilterForm(forms.Form):
    optional_unmarked = True  # every field of a filter may be empty: saying so would be noise

    q = forms.CharField(label=_("Name or short name"), max_length=100, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("any")), *Jurisdiction.Level.choices], required=False)

    def narrow(self, jurisdictions: QuerySet[Jurisdiction]) -> QuerySet[Jurisdiction]:
        data = self.cleaned_data
        if data["q"]:
            q = data["q"]
            jurisdictions = jurisdictions.filter(
                Q(name__icontains=q) | Q(name_ru__icontains=q) | Q(name_kk__icontains=q) | Q(slug__icontains=q)
            )
        if data["level"]:
            jurisdictions = jurisdictions.filter(level=data["level"])
        return jurisdictions


class OrganisationFilterForm(forms.Form):
    optional_unmarked = True

    q = forms.CharField(label=_("Name or short name"), max_length=100, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("any")), *Organisation.Kind.choices], required=False)
    active = forms.ChoiceField(
        label=_("Active"), choices=[("", _("any")), ("yes", _("active")), ("no", _("inactive"))], required=False
    )
    jurisdiction = forms.ModelChoiceField(
        label=_("Jurisdiction"), queryset=Jurisdiction.objects.order_by("name"), required=False, empty_label=_("any")
    )

    def narrow(self, organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
        data = self.cleaned_data
        if data["q"]:
            organisations = organisations.filter(Q(name__icontains=data["q"]) | Q(slug__icontains=data["q"]))
        if data["kind"]:
            organisations = organisations.filter(kind=data["kind"])
        if data["active"]:
            organisations = organisations.filter(is_active=data["active"] == "yes")
        if data["jurisdiction"]:
            organisations = organisations.filter(jurisdiction=data["jurisdiction"])
        return organisations
