"""The administrators' site: organisations, users and memberships, and nothing else.

It has its own AdminSite so that no app can expose case content here by registering
a model in Django's default admin; a test checks what is registered.
"""

import json
from functools import update_wrapper

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from directory.models import Membership, Role


def is_administrator(user) -> bool:
    return bool(
        user.is_active
        and user.is_authenticated
        and Membership.objects.active().filter(user=user, role=Role.ADMINISTRATOR).exists()
    )


class HomecomingAdminSite(admin.AdminSite):
    site_header = _("Homecoming administration")
    site_title = _("Homecoming administration")
    index_title = _("Organisations, users and memberships")
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args, **kwargs):
            # Signed-in people who are not administrators learn nothing about this site.
            if request.user.is_authenticated and not self.has_permission(request):
                raise Http404
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request: HttpRequest, extra_context=None):
        # Everyone signs in through the one sign-in flow, with its second factor and lockout.
        if request.user.is_authenticated:
            raise Http404
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")


class AdministratorOnly:
    """Model permissions follow the administrator role, not Django's per-model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.admin_site.has_permission(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.admin_site.has_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.admin_site.has_permission(request)


site = HomecomingAdminSite(name="admin")


# --- Registrations ----------------------------------------------------------------------

from axes.admin import AccessAttemptAdmin  # noqa: E402
from axes.models import AccessAttempt  # noqa: E402
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin  # noqa: E402
from django.contrib.auth.forms import AdminUserCreationForm  # noqa: E402

from accounts import actions as account_actions  # noqa: E402
from accounts.http import AppRequest  # noqa: E402
from accounts.models import PendingChange, User  # noqa: E402
from casework.models import MilestoneKind, NeedsDomain  # noqa: E402
from coordination.models import Service  # noqa: E402
from directory.models import Jurisdiction, Organisation  # noqa: E402
from instruments import actions as instrument_actions  # noqa: E402
from instruments.definitions import DefinitionError  # noqa: E402
from instruments.importing import DefinitionConfirmForm, DefinitionUploadForm  # noqa: E402
from instruments.models import ImportedDefinition  # noqa: E402


class MembershipInline(AdministratorOnly, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "discipline", "is_active"]
    autocomplete_fields = ["organisation"]


class HeldMemberships:
    """Memberships that would let someone see people are held for a second person's
    confirmation instead of saved (accounts.actions.request_membership); the others, and
    deactivations and deletions, are saved at once as before."""

    def save_formset(self, request: AppRequest, form, formset, change) -> None:
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        for membership in formset.save(commit=False):
            if account_actions.needs_second_person(membership):
                account_actions.request_membership(actor=request.actor, membership=membership)
                _drop_from_log(formset, membership)
                self.message_user(
                    request,
                    _(
                        "%(user)s as %(role)s in %(organisation)s waits for a second person's confirmation: "
                        "another administrator, or a coordinator of that organisation."
                    )
                    % {"user": membership.user, "role": membership.role_label, "organisation": membership.organisation},
                    messages.WARNING,
                )
            else:
                membership.save()
        for membership in formset.deleted_objects:
            membership.delete()
        formset.save_m2m()


def _drop_from_log(formset, membership: Membership) -> None:
    # Django's admin log should not say a held membership was added or changed.
    formset.new_objects = [m for m in formset.new_objects if m is not membership]
    formset.changed_objects = [(m, fields) for m, fields in formset.changed_objects if m is not membership]


class ServiceInline(AdministratorOnly, admin.TabularInline):
    """The organisation's entries in the practitioners' service directory."""

    model = Service
    extra = 0
    fields = ["domain", "description", "contact_point", "accepts_referrals", "is_active"]


@admin.register(Jurisdiction, site=site)
class JurisdictionAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation, site=site)
class OrganisationAdmin(HeldMemberships, AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "jurisdiction", "is_active"]
    list_filter = ["kind", "is_active", "jurisdiction"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ServiceInline, MembershipInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # organisations are deactivated, never deleted: the audit log refers to them


@admin.register(User, site=site)
class UserAdmin(HeldMemberships, AdministratorOnly, DjangoUserAdmin):
    add_form = AdminUserCreationForm
    list_display = ["username", "first_name", "last_name", "is_active", "last_login"]
    list_filter = ["is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email", "language"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]
    actions = ["remove_second_factor", "sign_out_everywhere", "allow_override_consent", "withdraw_override_consent"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # users are deactivated, never deleted: the audit log refers to them

    @admin.action(description=_("Remove second factor (lost device): the user enrols again at next sign-in"))
    def remove_second_factor(self, request: AppRequest, queryset) -> None:
        removed, held = 0, 0
        for user in queryset:
            if account_actions.is_case_facing(user):
                account_actions.request_second_factor_removal(actor=request.actor, user=user)
                held += 1
            else:
                account_actions.remove_second_factor(actor=request.actor, user=user)
                removed += 1
        if removed:
            self.message_user(request, _("Second factor removed for %(count)d user(s).") % {"count": removed})
        if held:
            self.message_user(request, _HELD % {"count": held}, messages.WARNING)

    def user_change_password(self, request: AppRequest, id, form_url=""):
        """A new password for someone else must be changed at their next sign-in; for a
        case-facing user it waits for a second person's confirmation."""
        user = self.get_object(request, unquote(id))
        if request.method != "POST" or user is None or user == request.user or not self.has_change_permission(request):
            return super().user_change_password(request, id, form_url)
        form = self.change_password_form(user, request.POST)
        if not form.is_valid() or not form.cleaned_data.get("set_usable_password", True):
            return super().user_change_password(request, id, form_url)
        back = HttpResponseRedirect(reverse("admin:accounts_user_change", args=[user.pk]))
        if account_actions.is_case_facing(user):
            account_actions.request_password_reset(
                actor=request.actor, user=user, password=form.cleaned_data["password1"]
            )
            self.message_user(request, _HELD % {"count": 1}, messages.WARNING)
            return back
        form.save(commit=False)
        account_actions.reset_password(actor=request.actor, user=user, password_hash=user.password)
        self.log_change(request, user, self.construct_change_message(request, form, None))
        self.message_user(request, _("Password changed: the user chooses a new one at next sign-in."))
        return back

    @admin.action(description=_("Allow sharing beyond consent on a recorded lawful basis"))
    def allow_override_consent(self, request: AppRequest, queryset) -> None:
        for user in queryset:
            account_actions.set_override_consent(actor=request.actor, user=user, allowed=True)
        self.message_user(request, _("%(count)d user(s) may now share beyond consent.") % {"count": queryset.count()})

    @admin.action(description=_("Withdraw sharing beyond consent"))
    def withdraw_override_consent(self, request: AppRequest, queryset) -> None:
        for user in queryset:
            account_actions.set_override_consent(actor=request.actor, user=user, allowed=False)
        self.message_user(
            request, _("%(count)d user(s) may no longer share beyond consent.") % {"count": queryset.count()}
        )

    @admin.action(description=_("Sign out on every device"))
    def sign_out_everywhere(self, request: AppRequest, queryset) -> None:
        for user in queryset:
            account_actions.sign_out_user_everywhere(actor=request.actor, user=user)
        self.message_user(request, _("Signed out %(count)d user(s) on every device.") % {"count": queryset.count()})


_HELD = _(
    "%(count)d change(s) wait for a second person's confirmation: another administrator, "
    "or a coordinator of the user's organisation."
)


@admin.register(PendingChange, site=site)
class PendingChangeAdmin(AdministratorOnly, admin.ModelAdmin):
    """Changes that let someone see people, waiting for a second person. Never edited here:
    confirmed or refused (an action), by someone other than who asked and whom it is for."""

    list_display = [
        "kind",
        "user",
        "organisation",
        "role_label",
        "requested_by",
        "requested_at",
        "outcome",
        "decided_by",
    ]
    list_filter = ["outcome", "kind"]
    fields = [
        "kind",
        "user",
        "organisation",
        "role",
        "discipline",
        "requested_by",
        "requested_at",
        "outcome",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    actions = ["confirm", "refuse"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("role"))
    def role_label(self, obj: PendingChange) -> str:
        return obj.role_label

    def _decide(self, request: AppRequest, queryset, decide) -> None:
        allowed = account_actions.decidable_by(request.user).filter(pk__in=queryset.values("pk"))
        for change in allowed:
            decide(actor=request.actor, change=change)
        skipped = queryset.count() - len(allowed)
        self.message_user(request, _("%(count)d change(s) decided.") % {"count": len(allowed)})
        if skipped:
            self.message_user(
                request,
                _("%(count)d change(s) left as they were: already decided, asked for by you, or about you.")
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Confirm (a second person)"))
    def confirm(self, request: AppRequest, queryset) -> None:
        self._decide(request, queryset, account_actions.confirm_change)

    @admin.action(description=_("Refuse"))
    def refuse(self, request: AppRequest, queryset) -> None:
        self._decide(request, queryset, account_actions.refuse_change)


@admin.register(NeedsDomain, site=site)
class NeedsDomainAdmin(AdministratorOnly, admin.ModelAdmin):
    """Configuration, not case content: the domains needs are rated in."""

    list_display = [
        "code",
        "name_en",
        "name_ru",
        "name_kk",
        "category",
        "applies_to",
        "is_optional",
        "is_active",
        "order",
    ]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"code": ["name_en"]}

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # ratings refer to it: retire a domain by marking it not in use


@admin.register(MilestoneKind, site=site)
class MilestoneKindAdmin(AdministratorOnly, admin.ModelAdmin):
    """Configuration, not case content: the outcomes milestones are recorded as."""

    list_display = ["code", "name_en", "name_ru", "name_kk", "category", "applies_to", "is_active", "order"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"code": ["name_en"]}

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # milestones and indicators refer to it: retire a kind by marking it not in use


@admin.register(AccessAttempt, site=site)
class LockoutAdmin(AdministratorOnly, AccessAttemptAdmin):
    """Failed sign-ins and lockouts; deleting an entry unlocks the account."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # recorded by the sign-in, never made by hand


@admin.register(ImportedDefinition, site=site)
class ImportedDefinitionAdmin(AdministratorOnly, admin.ModelAdmin):
    """Instruments imported from a definition file: the definitions only, never an administration.

    Adding is an upload checked whole (every problem named, nothing half-imported), then a
    confirmation that the licence, shown from the file, allows use. A definition is never
    edited or deleted: past screenings are shown with the version they were scored with.
    """

    list_display = ["code", "version", "instrument_name", "is_active", "imported_by", "imported_at"]
    list_filter = ["is_active"]
    search_fields = ["code"]
    fields = [
        "code",
        "version",
        "instrument_name",
        "respondent",
        "item_count",
        "validated_languages",
        "licence",
        "imported_by",
        "imported_at",
        "is_active",
    ]
    readonly_fields = [field for field in fields if field != "is_active"]

    @admin.display(description=_("name"))
    def instrument_name(self, obj: ImportedDefinition) -> str:
        return obj.name

    @admin.display(description=_("respondent"))
    def respondent(self, obj: ImportedDefinition) -> str:
        return str(obj.definition.get("respondent", ""))

    @admin.display(description=_("items"))
    def item_count(self, obj: ImportedDefinition) -> int:
        return len(obj.definition.get("items", []))

    @admin.display(description=_("validated languages"))
    def validated_languages(self, obj: ImportedDefinition) -> str:
        languages = obj.definition.get("languages", {})
        return ", ".join(code for code, language in languages.items() if language.get("validated"))

    @admin.display(description=_("licence"))
    def licence(self, obj: ImportedDefinition) -> str:
        return str(obj.definition.get("licence", {}).get("text", ""))

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # past screenings refer to the version: withdraw it from new screenings instead

    def save_model(self, request: AppRequest, obj, form, change) -> None:
        # Only "offered for new screenings" can change, and the change is audited.
        if change and "is_active" in form.changed_data:
            instrument_actions.set_definition_active(actor=request.actor, imported=obj, active=obj.is_active)

    def add_view(self, request: AppRequest, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        upload, confirm, instrument = None, None, None
        if request.method == "POST" and "definition" in request.POST:
            confirm = DefinitionConfirmForm(request.POST)
            if confirm.is_valid():
                try:
                    imported = instrument_actions.import_definition(actor=request.actor, instrument=confirm.instrument)
                except DefinitionError as error:
                    confirm.add_error("definition", error.problems)
                    del confirm.instrument
                else:
                    self.log_addition(request, imported, [{"added": {}}])
                    self.message_user(
                        request,
                        _("%(name)s, version %(version)s, was imported and can now be used for screenings.")
                        % {"name": confirm.instrument.name, "version": imported.version},
                    )
                    return HttpResponseRedirect(reverse("admin:instruments_importeddefinition_changelist"))
            instrument = getattr(confirm, "instrument", None)
        elif request.method == "POST":
            upload = DefinitionUploadForm(request.POST, request.FILES)
            if upload.is_valid():
                instrument = upload.instrument
                confirm = DefinitionConfirmForm(initial={"definition": upload.signed_definition()})
        if instrument is None:
            upload = upload or DefinitionUploadForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import an instrument"),
            "upload": upload,
            "confirm": confirm,
            "instrument": instrument,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/instruments/importeddefinition/import.html", context)


# --- The DHIS2 mapping (mel.dhis2): codes only, every change audited --------------------------

from mel.dhis2 import actions as dhis2_actions  # noqa: E402
from mel.dhis2.forms import MappingUploadForm  # noqa: E402
from mel.dhis2.mapping import Mapping as Dhis2Mapping  # noqa: E402
from mel.dhis2.models import (  # noqa: E402
    Dhis2CategoryOptionCombo,
    Dhis2DataElement,
    Dhis2DataSet,
    Dhis2OrganisationUnit,
)


class AuditedMapping(AdministratorOnly):
    """Each saved or deleted mapping row writes a DHIS2_MAPPING_CHANGED row: its model and id."""

    def save_model(self, request: AppRequest, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        dhis2_actions.mapping_changed(actor=request.actor, row=obj)

    def delete_model(self, request: AppRequest, obj) -> None:
        dhis2_actions.mapping_changed(actor=request.actor, row=obj, deleted=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request: AppRequest, queryset) -> None:
        for obj in queryset:
            dhis2_actions.mapping_changed(actor=request.actor, row=obj, deleted=True)
        super().delete_queryset(request, queryset)


@admin.register(Dhis2DataSet, site=site)
class Dhis2DataSetAdmin(AuditedMapping, admin.ModelAdmin):
    """The data set, and the whole mapping as one JSON file: exported, or imported (checked whole
    first; a refused file changes nothing), as ``manage.py dhis2_mapping`` does."""

    list_display = ["code"]
    change_list_template = "admin/mel/dhis2dataset/change_list.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("mapping.json", wrap(self.export_mapping), name="mel_dhis2dataset_export"),
            path("import/", wrap(self.import_mapping), name="mel_dhis2dataset_import"),
            *super().get_urls(),
        ]

    def export_mapping(self, request: AppRequest) -> HttpResponse:
        body = json.dumps(Dhis2Mapping.load().as_file(), ensure_ascii=False, indent=2) + "\n"
        response = HttpResponse(body, content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="dhis2-mapping.json"'
        return response

    def import_mapping(self, request: AppRequest) -> HttpResponse:
        form = MappingUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            dhis2_actions.import_mapping(actor=request.actor, mapping=form.mapping)
            self.message_user(request, _("The mapping was imported and replaces the one before."))
            return HttpResponseRedirect(reverse("admin:mel_dhis2dataset_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import the DHIS2 mapping"),
            "form": form,
        }
        status = 400 if form.errors else 200
        return TemplateResponse(request, "admin/mel/dhis2dataset/import.html", context, status=status)

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request) and not Dhis2DataSet.objects.exists()  # there is one


@admin.register(Dhis2DataElement, site=site)
class Dhis2DataElementAdmin(AuditedMapping, admin.ModelAdmin):
    list_display = ["indicator", "part", "dimension", "code"]
    list_filter = ["part", "dimension"]
    search_fields = ["indicator", "code"]


@admin.register(Dhis2CategoryOptionCombo, site=site)
class Dhis2CategoryOptionComboAdmin(AuditedMapping, admin.ModelAdmin):
    list_display = ["dimension", "key", "code"]
    list_filter = ["dimension"]
    search_fields = ["key", "code"]


@admin.register(Dhis2OrganisationUnit, site=site)
class Dhis2OrganisationUnitAdmin(AuditedMapping, admin.ModelAdmin):
    list_display = ["jurisdiction", "code"]


from django import forms  # noqa: E402
from django.conf import settings  # noqa: E402

from network.hub import actions as hub_actions  # noqa: E402
from network.hub.models import MemberCity, MemberKey  # noqa: E402


class MemberKeyForm(forms.ModelForm):
    """A city's rotated key: the fingerprint it read out must match the key pasted here."""

    class Meta:
        model = MemberKey
        fields = ["public_key", "fingerprint", "valid_from", "valid_until"]

    def clean(self) -> dict:
        data = super().clean()
        if "public_key" in data and "fingerprint" in data:
            try:
                data["fingerprint"] = hub_actions.checked_key(data["public_key"], data["fingerprint"])
            except hub_actions.EnrolmentError as error:
                self.add_error("fingerprint", str(error))
        return data


class MemberKeyInline(AdministratorOnly, admin.TabularInline):
    model = MemberKey
    form = MemberKeyForm
    extra = 0


@admin.register(MemberCity, site=site)
class MemberCityAdmin(AdministratorOnly, admin.ModelAdmin):
    """On a hub: a member's name, whether it may send, and its keys (a rotated key is added here,
    the old one given an end). Members are enrolled on the hub's own page, which shows the token
    once; they are never deleted, since their reports stay."""

    list_display = ["name", "slug", "active", "enrolled_at"]
    fields = ["name", "slug", "organisation", "active"]
    readonly_fields = ["slug"]
    inlines = [MemberKeyInline]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return settings.HOMECOMING_ROLE == "hub" and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return settings.HOMECOMING_ROLE == "hub" and super().has_view_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return settings.HOMECOMING_ROLE == "hub" and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_related(self, request: AppRequest, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        hub_actions.member_changed(actor=request.actor, member=form.instance)
