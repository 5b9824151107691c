"""The administrator's pages for needs domains and milestone kinds (issue 18 §12): configuration,
never case content. Listed in their order, added, edited, retired (never deleted), reordered by
their order numbers."""

from dataclasses import dataclass

from django import forms
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.http import AppRequest, administrator_only
from casework import actions
from casework.forms import MilestoneKindForm, NeedsDomainForm
from casework.models import MilestoneKind, NeedsDomain
from core.administration import changed_fields, form_page, list_page


class NoFilter(forms.Form):
    """The lists are short and kept in their order: nothing to narrow by, only pages."""

    def narrow(self, rows):
        return rows


@dataclass(frozen=True)
class Reference:
    model: type[Model]
    form: type[forms.ModelForm]
    list_url: str
    item_url: str
    heading: str
    add_heading: str
    edit_heading: str
    back_label: str


DOMAINS = Reference(
    NeedsDomain,
    NeedsDomainForm,
    "admin_needs_domains",
    "admin_needs_domain",
    _("Needs domains"),
    _("Add a needs domain"),
    _("Edit a needs domain"),
    _("All needs domains"),
)
KINDS = Reference(
    MilestoneKind,
    MilestoneKindForm,
    "admin_milestone_kinds",
    "admin_milestone_kind",
    _("Milestone kinds"),
    _("Add a milestone kind"),
    _("Edit a milestone kind"),
    _("All milestone kinds"),
)


def _list(request: AppRequest, reference: Reference) -> HttpResponse:
    return list_page(
        request,
        template="casework/administration/list.html",
        heading=reference.heading,
        form=NoFilter(),
        rows=reference.model.objects.order_by("order", "code"),
        reference=reference,
        add_url=reverse(f"{reference.item_url}_new"),
        shows_optional=reference.model is NeedsDomain,
    )


def _form(request: AppRequest, reference: Reference, pk: int | None) -> HttpResponse:
    item = get_object_or_404(reference.model, pk=pk) if pk else None
    form = reference.form(request.POST or None, instance=item)
    return form_page(
        request,
        form=form,
        template="core/administration_form.html",
        heading=reference.edit_heading if item else reference.add_heading,
        save=lambda form: actions.save_reference(
            actor=request.actor, item=form.save(commit=False), changed=changed_fields(form)
        ),
        done=lambda saved: reverse(reference.list_url),
        message=_("Saved."),
        back_url=reverse(reference.list_url),
        back_label=reference.back_label,
    )


@administrator_only
@require_GET
def needs_domains(request: AppRequest) -> HttpResponse:
    return _list(request, DOMAINS)


@administrator_only
def needs_domain_form(request: AppRequest, domain_id: int | None = None) -> HttpResponse:
    return _form(request, DOMAINS, domain_id)


@administrator_only
@require_GET
def milestone_kinds(request: AppRequest) -> HttpResponse:
    return _list(request, KINDS)


@administrator_only
def milestone_kind_form(request: AppRequest, kind_id: int | None = None) -> HttpResponse:
    return _form(request, KINDS, kind_id)
