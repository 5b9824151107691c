"""The administrators' site: organisations, users and memberships, and nothing else.

It has its own AdminSite so that no app can expose case content here by registering
a model in Django's default admin; a test checks what is registered.
"""

from functools import update_wrapper

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
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
from accounts.models import User  # noqa: E402
from casework.models import NeedsDomain  # noqa: E402
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
class OrganisationAdmin(AdministratorOnly, admin.ModelAdmin):
    list_display = ["name", "kind", "jurisdiction", "is_active"]
    list_filter = ["kind", "is_active", "jurisdiction"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ServiceInline, MembershipInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # organisations are deactivated, never deleted: the audit log refers to them


@admin.register(User, site=site)
class UserAdmin(AdministratorOnly, DjangoUserAdmin):
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
        for user in queryset:
            account_actions.remove_second_factor(actor=request.actor, user=user)
        self.message_user(request, _("Second factor removed for %(count)d user(s).") % {"count": queryset.count()})

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
