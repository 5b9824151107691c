from django import forms
from django.utils.translation import gettext_lazy as _


class TeamForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("Practitioner"), queryset=None)
    is_lead = forms.BooleanField(label=_("Lead case worker"), required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = candidates
        self.fields["membership"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.username} · {m.role_label} · {m.organisation}"
        )

    def clean(self):
        data = super().clean()
        membership = data.get("membership")
        if data.get("is_lead") and membership and membership.role != "case_worker":
            self.add_error("is_lead", _("The lead is a case worker."))
        return data
