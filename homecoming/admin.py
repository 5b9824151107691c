"""The administrators' site: organisations, users and memberships, and nothing else.

It has its own AdminSite so that no app can expose case content here by registering
a model in Django's default admin; a test checks what is registered.
"""

from functools import update_wrapper

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponseRedirect
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

from allauth.mfa.models import Authenticator  # noqa: E402
from axes.admin import AccessAttemptAdmin  # noqa: E402
from axes.models import AccessAttempt  # noqa: E402
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin  # noqa: E402
from django.contrib.auth.forms import AdminUserCreationForm  # noqa: E402

from access import audit  # noqa: E402
from accounts.models import User  # noqa: E402
from casework.models import NeedsDomain  # noqa: E402
from directory.models import Jurisdiction, Organisation  # noqa: E402


class MembershipInline(AdministratorOnly, admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "discipline", "is_active"]
    autocomplete_fields = ["organisation"]


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
    inlines = [MembershipInline]

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
    actions = ["remove_second_factor", "sign_out_everywhere"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # users are deactivated, never deleted: the audit log refers to them

    @admin.action(description=_("Remove second factor (lost device): the user enrols again at next sign-in"))
    def remove_second_factor(self, request, queryset) -> None:
        for user in queryset:
            Authenticator.objects.filter(user=user).delete()
            user.session_epoch += 1
            user.save(update_fields=["session_epoch"])
            audit.record(action="mfa.reset_by_administrator", object_type="user", object_ref=user.pk, request=request)
        self.message_user(request, _("Second factor removed for %(count)d user(s).") % {"count": queryset.count()})

    @admin.action(description=_("Sign out on every device"))
    def sign_out_everywhere(self, request, queryset) -> None:
        for user in queryset:
            user.session_epoch += 1
            user.save(update_fields=["session_epoch"])
            audit.record(
                action="auth.signed_out_by_administrator", object_type="user", object_ref=user.pk, request=request
            )
        self.message_user(request, _("Signed out %(count)d user(s) on every device.") % {"count": queryset.count()})


@admin.register(NeedsDomain, site=site)
class NeedsDomainAdmin(AdministratorOnly, admin.ModelAdmin):
    """Configuration, not case content: the domains needs are rated in."""

    list_display = ["code", "name_en", "name_ru", "name_kk", "applies_to", "is_optional", "is_active", "order"]
    list_editable = ["order", "is_active"]
    prepopulated_fields = {"code": ["name_en"]}

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # ratings refer to it: retire a domain by marking it not in use


@admin.register(AccessAttempt, site=site)
class LockoutAdmin(AdministratorOnly, AccessAttemptAdmin):
    """Failed sign-ins and lockouts; deleting an entry unlocks the account."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # recorded by the sign-in, never made by hand
