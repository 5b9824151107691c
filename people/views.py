import datetime

from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import policy
from access.actions import grant_emergency_access
from core import audit
from core.audit import AuditAction
from core.categories import Category
from people import actions
from people.forms import (
    ConsentForm,
    EmergencyAccessForm,
    RevealForm,
    read_photo,
)
from people.models import Consent, Participant


def _revealed_until(request: HttpRequest, participant: Participant):
    until = request.session.get("revealed", {}).get(participant.code)
    if until and until > timezone.now().timestamp():
        return timezone.datetime.fromtimestamp(until, tz=timezone.get_current_timezone())
    return None


def identity_context(request: HttpRequest, participant: Participant, reveal_form=None) -> dict:
    """What the identity section shows: nothing but the reveal form until revealed."""
    access = participant.access
    revealed_until = _revealed_until(request, participant) if access.can_read(Category.IDENTITY) else None
    return {
        "participant": participant,
        "access": access,
        "revealed_until": revealed_until,
        "identity": participant.identity if revealed_until else None,
        "reveal_form": reveal_form or RevealForm(),
    }


def consent_context(participant: Participant) -> dict:
    # Prefetched onto the participant, so that the case page's timeline reads the same rows.
    prefetch_related_objects(
        [participant], Prefetch("consents", Consent.objects.select_related("recipient_organisation", "guardian"))
    )
    return {"participant": participant, "access": participant.access, "consents": participant.consents.all()}


def _session_has_second_factor(request: HttpRequest) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


@login_required
@require_POST
def reveal_identity(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.IDENTITY)
    form = RevealForm(request.POST)
    if not _session_has_second_factor(request):
        messages.error(
            request, _("Showing an identity needs a second factor. Sign in again with your authenticator app.")
        )
    elif not form.is_valid():
        return render(request, "people/_identity.html", identity_context(request, participant, form))
    else:
        actions.reveal_identity(actor=request.actor, participant=participant, reason=form.cleaned_data["reason"])
        until = timezone.now() + datetime.timedelta(minutes=settings.HOMECOMING_REVEAL_MINUTES)
        request.session["revealed"] = {**request.session.get("revealed", {}), participant.code: until.timestamp()}
    if request.htmx:
        return render(request, "people/_identity.html", identity_context(request, participant))
    return HttpResponseRedirect(reverse("participant", args=[participant.code]) + "#identity")


@login_required
def identity_photo(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.IDENTITY)
    identity = getattr(participant, "identity", None)
    if not _revealed_until(request, participant) or identity is None or not identity.photo_sealed:
        raise Http404
    audit.for_participant(AuditAction.PHOTO_VIEWED, participant, actor=request.actor)
    return HttpResponse(identity.photo, content_type=identity.photo_type)


@login_required
@require_POST
def upload_photo(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.IDENTITY, write=True)
    upload = request.FILES.get("photo")
    try:
        if upload is None:
            raise ValidationError(_("Choose a photo to upload."))
        data, content_type = read_photo(upload)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        actions.change_photo(actor=request.actor, participant=participant, data=data, content_type=content_type)
        messages.success(request, _("Photo saved (encrypted)."))
    return HttpResponseRedirect(reverse("participant", args=[participant.code]) + "#identity")


@login_required
def consent_new(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code)
    if not participant.access.manages_consent:
        raise Http404
    form = ConsentForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        actions.record_consent(actor=request.actor, participant=participant, data=form.cleaned_data)
        messages.success(request, _("Consent recorded."))
        return HttpResponseRedirect(reverse("participant", args=[participant.code]) + "#consent")
    return render(request, "people/consent_form.html", {"participant": participant, "form": form})


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, code: str, consent_id: int) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code)
    if not participant.access.manages_consent:
        raise Http404
    consent = get_object_or_404(participant.consents, pk=consent_id, withdrawn_at__isnull=True)
    actions.withdraw_consent(actor=request.actor, consent=consent)
    messages.success(request, _("Consent withdrawn. It no longer allows any sharing."))
    if request.htmx:
        return render(request, "people/_consent.html", consent_context(participant))
    return HttpResponseRedirect(reverse("participant", args=[participant.code]) + "#consent")


@login_required
def emergency_access(request: HttpRequest) -> HttpResponse:
    """Break the glass. The same answer whether the code does not exist or may not be opened."""
    membership = request.membership
    if membership is None or membership.role not in policy.MAY_BREAK_GLASS:
        raise Http404
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        participant = policy.participant_for_emergency(request, code)
        if participant is not None:
            grant = grant_emergency_access(
                actor=request.actor, participant=participant, reason=form.cleaned_data["reason"]
            )
            until = formats.time_format(timezone.localtime(grant.expires_at))
            messages.warning(
                request,
                _("Emergency access granted until %(time)s. The owning organisation's coordinators have been told.")
                % {"time": until},
            )
            return HttpResponseRedirect(reverse("participant", args=[participant.code]))
        audit.record(
            action=AuditAction.EMERGENCY_ACCESS_REFUSED, actor=request.actor, object_type="participant", object_ref=code
        )
        form.add_error("code", _("No participant with this code can be opened in an emergency from your organisation."))
    return render(
        request,
        "access/emergency_access.html",
        {"form": form, "hours": settings.HOMECOMING_EMERGENCY_ACCESS_HOURS},
    )
