"""The administrator's pages for jurisdictions, organisations and their entries in the service
directory (issue 18 §12).

They live here rather than in ``directory`` (which holds the models, forms and actions): the pages
need the administrator's guard from ``accounts`` and an organisation's page lists its services
(``coordination.Service``), and only an app at this layer may import both.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.http import AppRequest, administrator_only
from coordination import actions
from coordination.forms import ServiceForm
from coordination.models import Service
from core.administration import changed_fields, form_page, list_page
from directory import actions as directory
from directory.forms import JurisdictionFilterForm, JurisdictionForm, OrganisationFilterForm, OrganisationForm
from directory.models import Jurisdiction, Membership, Organisation

SAVED = _("Saved.")


# --- Jurisdictions ----------------------------------------------------------------------------


@administrator_only
@require_GET
def jurisdictions(request: AppRequest) -> HttpResponse:
    return list_page(
        request,
        template="coordination/administration/jurisdictions.html",
        heading=_("Jurisdictions"),
        form=JurisdictionFilterForm(request.GET or None),
        rows=Jurisdiction.objects.select_related("parent").order_by("level", "name"),
    )


@administrator_only
def jurisdiction_form(request: AppRequest, jurisdiction_id: int | None = None) -> HttpResponse:
    jurisdiction = get_object_or_404(Jurisdiction, pk=jurisdiction_id) if jurisdiction_id else None
    form = JurisdictionForm(request.POST or None, instance=jurisdiction)
    return form_page(
        request,
        form=form,
        template="core/administration_form.html",
        heading=_("Edit a jurisdiction") if jurisdiction else _("Add a jurisdiction"),
        save=lambda form: directory.save_jurisdiction(
            actor=request.actor, jurisdiction=form.save(commit=False), changed=changed_fields(form)
        ),
        done=lambda saved: reverse("admin_jurisdictions"),
        message=SAVED,
        back_url=reverse("admin_jurisdictions"),
        back_label=_("All jurisdictions"),
    )


# --- Organisations ----------------------------------------------------------------------------


@administrator_only
@require_GET
def organisations(request: AppRequest) -> HttpResponse:
    return list_page(
        request,
        template="coordination/administration/organisations.html",
        heading=_("Organisations"),
        form=OrganisationFilterForm(request.GET or None),
        rows=Organisation.objects.select_related("jurisdiction").order_by("name"),
    )


@administrator_only
@require_GET
def organisation(request: AppRequest, organisation_id: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("jurisdiction"), pk=organisation_id)
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-is_active", "user__last_name", "user__first_name", "user__username")
    )
    context = {
        "heading": organisation.name,
        "organisation": organisation,
        "members": [(m, reverse("administration_user", args=[m.user_id])) for m in members],
        "services": Service.objects.filter(organisation=organisation)
        .select_related("domain")
        .order_by("-is_active", "domain__order", "pk"),
    }
    return render(request, "coordination/administration/organisation.html", context)


@administrator_only
def organisation_form(request: AppRequest, organisation_id: int | None = None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_id) if organisation_id else None
    form = OrganisationForm(request.POST or None, instance=organisation)
    back = reverse("admin_organisation", args=[organisation.pk]) if organisation else reverse("admin_organisations")
    return form_page(
        request,
        form=form,
        template="core/administration_form.html",
        heading=_("Edit an organisation") if organisation else _("Add an organisation"),
        save=lambda form: directory.save_organisation(
            actor=request.actor, organisation=form.save(commit=False), changed=changed_fields(form)
        ),
        done=lambda saved: reverse("admin_organisation", args=[saved.pk]),
        message=SAVED,
        back_url=back,
        back_label=_("Back to the organisation") if organisation else _("All organisations"),
    )


# --- An organisation's entries in the service directory ----------------------------------------


@administrator_only
def service_form(request: AppRequest, organisation_id: int, service_id: int | None = None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    service = get_object_or_404(Service, pk=service_id, organisation=organisation) if service_id else None
    form = ServiceForm(request.POST or None, instance=service or Service(organisation=organisation))
    back = reverse("admin_organisation", args=[organisation.pk])
    return form_page(
        request,
        form=form,
        template="core/administration_form.html",
        heading=_("Edit a service of %(organisation)s") % {"organisation": organisation.name}
        if service
        else _("Add a service of %(organisation)s") % {"organisation": organisation.name},
        save=lambda form: actions.save_service(
            actor=request.actor, service=form.save(commit=False), changed=changed_fields(form)
        ),
        done=lambda saved: f"{back}#services",
        message=SAVED,
        back_url=back,
        back_label=_("Back to the organisation"),
    )
