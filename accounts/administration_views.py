"""The administrator's pages about people's accounts (issue 18 §12): users and their memberships,
the actions on an account (second factor, password, sessions, sharing beyond consent), and the
sign-in lockouts. Every view is ``administrator_only``; every change goes through accounts.actions.

An administrator alone never lets anyone see people: a case-facing membership, and a password or
second-factor reset of a case-facing user, wait for a second person (accounts/pending_changes).
"""

from allauth.mfa.utils import is_mfa_enabled
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.hashers import make_password
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts import actions
from accounts.administration_forms import MembershipForm, NewUserForm, PersonForm, SetPasswordForm, UserSearchForm
from accounts.http import AppRequest, administrator_only
from accounts.models import PendingChange, User
from core.http import NOT_CONFIRMED, confirmed
from directory.models import Membership

PER_PAGE = 25

# The admin's own words for a held change (its translations too).
HELD = gettext_lazy(
    "%(count)d change(s) wait for a second person's confirmation: another administrator, "
    "or a coordinator of the user's organisation."
)
HELD_MEMBERSHIP = gettext_lazy(
    "%(user)s as %(role)s in %(organisation)s waits for a second person's confirmation: "
    "another administrator, or a coordinator of that organisation."
)


def _user_page(user: User) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("administration_user", args=[user.pk]))


def _someone_else(request: AppRequest, user_id: int) -> User:
    """The user an action is about; never the administrator themself (their own account page
    does these, with their password or code asked again)."""
    user = get_object_or_404(User, pk=user_id)
    if user.pk == request.user.pk:
        raise Http404
    return user


@administrator_only
def users(request: AppRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    found = form.filter(User.objects.order_by("username"))
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"heading": gettext_lazy("Users"), "form": form, "page": page, "query": query.urlencode()}
    return render(request, "accounts/administration/users.html", context)


@administrator_only
def user_new(request: AppRequest) -> HttpResponse:
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = actions.create_user(actor=request.actor, user=form.save(commit=False), password=form.password())
        messages.success(request, _("User created. Add their memberships below."))
        return _user_page(user)
    context = {"heading": gettext_lazy("New user"), "form": form}
    return render(request, "accounts/administration/user_form.html", context)


@administrator_only
def user_detail(request: AppRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    context = {
        "heading": user.get_full_name() or user.username,
        "shown": user,
        "itself": user.pk == request.user.pk,
        "memberships": user.memberships.select_related("organisation").order_by("-is_active", "organisation__name"),
        "mfa_enabled": is_mfa_enabled(user),
        "shares_beyond_consent": user.user_permissions.filter(codename="override_consent").exists(),
        "waiting": user.pending_changes.filter(outcome=PendingChange.Outcome.PENDING).select_related("organisation"),
    }
    return render(request, "accounts/administration/user.html", context)


@administrator_only
def user_edit(request: AppRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    form = PersonForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        actions.change_person(actor=request.actor, user=form.save(commit=False), fields=form.changed_data)
        messages.success(request, _("Saved."))
        return _user_page(user)
    heading = gettext_lazy("Change %(user)s") % {"user": user.username}
    context = {"heading": heading, "form": form, "shown": user}
    return render(request, "accounts/administration/user_form.html", context)


@administrator_only
@require_POST
def user_set_active(request: AppRequest, user_id: int, active: bool) -> HttpResponse:
    user = _someone_else(request, user_id)
    if not confirmed(request):
        messages.error(request, NOT_CONFIRMED)
        return _user_page(user)
    held = actions.set_active(actor=request.actor, user=user, active=active)
    messages.success(request, _("The account is active again.") if active else _("The account is deactivated."))
    if held:
        waiting = ngettext(
            "%(count)s membership that lets this person see people waits for a second person to confirm it.",
            "%(count)s memberships that let this person see people wait for a second person to confirm them.",
            held,
        )
        messages.warning(request, waiting % {"count": held})
    return _user_page(user)


@administrator_only
def membership_new(request: AppRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    form = MembershipForm(request.POST or None, instance=Membership(user=user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = actions.membership_to_add(user, data["organisation"], data["role"], data["discipline"])
        if actions.add_membership(actor=request.actor, membership=membership) is actions.MembershipOutcome.HELD:
            names = {"user": user, "role": membership.role_label, "organisation": membership.organisation}
            messages.warning(request, HELD_MEMBERSHIP % names)
        else:
            messages.success(request, _("Membership saved."))
        return _user_page(user)
    heading = gettext_lazy("New membership for %(user)s") % {"user": user.username}
    context = {"heading": heading, "form": form, "shown": user}
    return render(request, "accounts/administration/user_form.html", context)


@administrator_only
@require_POST
def membership_deactivate(request: AppRequest, user_id: int, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id, user_id=user_id)
    if not confirmed(request):
        messages.error(request, NOT_CONFIRMED)
    else:
        actions.deactivate_membership(actor=request.actor, membership=membership)
        messages.success(request, _("Membership deactivated."))
    return _user_page(membership.user)


@administrator_only
@require_POST
def second_factor_remove(request: AppRequest, user_id: int) -> HttpResponse:
    user = _someone_else(request, user_id)
    if not confirmed(request):
        messages.error(request, NOT_CONFIRMED)
    elif actions.is_case_facing(user):
        actions.request_second_factor_removal(actor=request.actor, user=user)
        messages.warning(request, HELD % {"count": 1})
    else:
        actions.remove_second_factor(actor=request.actor, user=user)
        messages.success(request, _("Second factor removed: they set one up again at their next sign-in."))
    return _user_page(user)


@administrator_only
def password_set(request: AppRequest, user_id: int) -> HttpResponse:
    user = _someone_else(request, user_id)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password1"]
        if actions.is_case_facing(user):
            actions.request_password_reset(actor=request.actor, user=user, password=password)
            messages.warning(request, HELD % {"count": 1})
        else:
            actions.reset_password(actor=request.actor, user=user, password_hash=make_password(password))
            messages.success(request, _("Password changed: the user chooses a new one at next sign-in."))
        return _user_page(user)
    heading = gettext_lazy("New password for %(user)s") % {"user": user.username}
    context = {"heading": heading, "form": form, "shown": user, "case_facing": actions.is_case_facing(user)}
    return render(request, "accounts/administration/password.html", context)


@administrator_only
@require_POST
def sign_out(request: AppRequest, user_id: int) -> HttpResponse:
    user = _someone_else(request, user_id)
    if not confirmed(request):
        messages.error(request, NOT_CONFIRMED)
    else:
        actions.sign_out_user_everywhere(actor=request.actor, user=user)
        messages.success(request, _("Signed out on every device."))
    return _user_page(user)


@administrator_only
@require_POST
def override_consent(request: AppRequest, user_id: int, allowed: bool) -> HttpResponse:
    user = get_object_or_404(User, pk=user_id)
    if not confirmed(request):
        messages.error(request, NOT_CONFIRMED)
    else:
        actions.set_override_consent(actor=request.actor, user=user, allowed=allowed)
        done = _("They may now share beyond consent.") if allowed else _("They may no longer share beyond consent.")
        messages.success(request, done)
    return _user_page(user)


@administrator_only
def lockouts(request: AppRequest) -> HttpResponse:
    """Failed sign-ins counted by axes: who, from where, how many, when; never what was typed."""
    text = request.GET.get("q", "").strip()[:150]
    attempts = AccessAttempt.objects.only("username", "ip_address", "failures_since_start", "attempt_time")
    if text:
        attempts = attempts.filter(Q(username__icontains=text) | Q(ip_address__startswith=text))
    page = Paginator(attempts.order_by("-attempt_time", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "heading": gettext_lazy("Sign-in lockouts"),
        "page": page,
        "q": text,
        "query": urlencode({"q": text}),
        "limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "accounts/administration/lockouts.html", context)


@administrator_only
@require_POST
def lockout_clear(request: AppRequest, attempt_id: int) -> HttpResponse:
    attempt = get_object_or_404(AccessAttempt, pk=attempt_id)
    if not confirmed(request):
        messages.error(request, NOT_CONFIRMED)
    else:
        actions.unlock(actor=request.actor, attempt=attempt)
        messages.success(request, _("Unlocked: they may try to sign in again."))
    return HttpResponseRedirect(reverse("administration_lockouts"))
