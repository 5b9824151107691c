import datetime

from allauth.account.decorators import reauthentication_required
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import actions
from accounts.forms import PendingChangeFilter, TokenForm
from accounts.http import AppRequest
from accounts.middleware import ACTIVE_MEMBERSHIP_KEY
from accounts.models import AccessToken, PendingChange
from core import audit
from core.audit import AuditAction
from directory.models import Role


def _safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switches the interface language; for a signed-in user the choice is remembered."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language."))
    response = HttpResponseRedirect(_safe_next(request, reverse("home")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    if request.user.is_authenticated and request.user.language != code:
        request.user.language = code
        request.user.save(update_fields=["language"])
    return response


@login_required
def choose_organisation(request: AppRequest) -> HttpResponse:
    """Lets a user with several memberships choose the one they act in."""
    if request.method == "POST":
        wanted = request.POST.get("membership", "")
        membership = next((m for m in request.memberships if str(m.pk) == wanted), None)
        if membership is None:
            messages.error(request, _("Please choose one of your organisations."))
        else:
            request.session[ACTIVE_MEMBERSHIP_KEY] = membership.pk
            audit.record(
                action=AuditAction.ORGANISATION_CHOSEN,
                actor=request.actor,
                organisation=membership.organisation,  # the chosen one: the actor's is the one before
                object_type="membership",
                object_ref=membership.pk,
            )
            return HttpResponseRedirect(_safe_next(request, reverse("home")))
    return render(
        request,
        "accounts/choose_organisation.html",
        {"next": _safe_next(request, reverse("home"))},
    )


@login_required
@require_POST
def sign_out_everywhere(request: AppRequest) -> HttpResponse:
    """Ends every session of this user, on every device, this one included."""
    actions.sign_out_everywhere(actor=request.actor)
    logout(request)
    messages.success(request, _("You are signed out on every device."))
    return HttpResponseRedirect(reverse("account_login"))


@login_required
def overview(request: AppRequest) -> HttpResponse:
    """The signed-in user's own account: organisations, second factor, password, sessions."""
    can_confirm = any(m.role in (Role.ADMINISTRATOR, Role.COORDINATOR) for m in request.memberships)
    context = {"mfa_enabled": is_mfa_enabled(request.user), "can_confirm_changes": can_confirm}
    return render(request, "accounts/overview.html", context)


@login_required
def pending_changes(request: AppRequest) -> HttpResponse:
    """Changes an administrator asked for that let someone see people: a second person
    (another administrator, or the organisation's coordinator) confirms or refuses them."""
    if not any(m.role in (Role.ADMINISTRATOR, Role.COORDINATOR) for m in request.memberships):
        raise Http404
    decidable = actions.decidable_by(request.user).select_related("user", "organisation", "requested_by")
    if request.method == "POST":
        wanted = request.POST.get("change", "")
        # Only ASCII digits, and not so many that the database refuses the number: else a 400.
        if not (wanted.isascii() and wanted.isdigit()) or len(wanted) > 9:
            raise BadRequest("change must name a change")
        change = get_object_or_404(decidable, pk=int(wanted))
        if request.POST.get("decision") == "confirm":
            actions.confirm_change(actor=request.actor, change=change)
            messages.success(request, _("Confirmed: the change is made, and the user is told at next sign-in."))
        else:
            actions.refuse_change(actor=request.actor, change=change)
            messages.success(request, _("Refused: nothing was changed."))
        return HttpResponseRedirect(reverse("pending_changes"))
    if request.membership is not None and request.membership.role == Role.ADMINISTRATOR:
        return _pending_changes_for_administrator(request, decidable)
    return render(request, "accounts/pending_changes.html", {"changes": decidable})


def _pending_changes_for_administrator(request: AppRequest, decidable) -> HttpResponse:
    """In the administration's frame (issue 18 §12): what waits for this administrator, and every
    change asked for, by outcome and kind (as the admin's list of them was)."""
    form = PendingChangeFilter(request.GET or None)
    every = PendingChange.objects.select_related("user", "organisation", "requested_by", "decided_by")
    page = Paginator(form.filter(every), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "heading": gettext_lazy("Changes waiting for confirmation"),
        "changes": decidable,
        "form": form,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "accounts/administration/pending_changes.html", context)


@login_required
@reauthentication_required(allow_get=True)  # seeing the list is free; making a token asks again
def access_tokens(request: AppRequest) -> HttpResponse:
    """The user's API tokens: made here (the secret is shown once, on this answer), revoked here."""
    default = timezone.localdate() + datetime.timedelta(days=90)
    form = TokenForm(request.POST or None, initial={"expires_on": default})
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = actions.create_token(actor=request.actor, **form.cleaned_data)
        except actions.TokenRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            form = TokenForm(initial={"expires_on": default})
    tokens = request.user.access_tokens.select_related("membership__organisation")
    context = {"form": form, "secret": secret, "tokens": tokens, "now": timezone.now()}
    return render(request, "accounts/tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def access_token_revoke(request: AppRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(AccessToken, pk=token_id, user=request.user)
    actions.revoke_token(actor=request.actor, token=token)
    messages.success(request, _("Token revoked: it no longer works."))
    return HttpResponseRedirect(reverse("access_tokens"))
