import datetime

from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import policy
from access.actions import grant_emergency_access
from accounts.http import AppRequest
from core import audit
from core.audit import AuditAction
from core.categories import Category
from core.http import safe_next
from core.sections import back_to_section, case_url, confirm, render_section
from people import actions
from people.forms import (
    ConsentForm,
    EmergencyAccessForm,
    RevealForm,
    consent_prefill,
    read_photo,
)
from people.sections import revealed_until


def _session_has_second_factor(request: AppRequest) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


@login_required
@require_POST
def reveal_identity(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.IDENTITY)
    form = RevealForm(request.POST)
    if not _session_has_second_factor(request):
        messages.error(
            request, _("Showing an identity needs a second factor. Sign in again with your authenticator app.")
        )
    elif not form.is_valid():
        return render_section(request, opened, "identity", reveal_form=form)
    else:
        actions.reveal_identity(actor=request.actor, participant=opened.participant, reason=form.cleaned_data["reason"])
        until = timezone.now() + datetime.timedelta(minutes=settings.HOMECOMING_REVEAL_MINUTES)
        request.session["revealed"] = {
            **request.session.get("revealed", {}),
            opened.participant.code: until.timestamp(),
        }
    return back_to_section(request, opened, "identity")


@login_required
def identity_photo(request: AppRequest, code: str) -> HttpResponse:
    participant = policy.open_participant(request, code, Category.IDENTITY).participant
    identity = getattr(participant, "identity", None)
    if not revealed_until(request, participant) or identity is None or not identity.photo_sealed:
        raise Http404
    audit.for_participant(AuditAction.PHOTO_VIEWED, participant, actor=request.actor)
    return HttpResponse(identity.photo, content_type=identity.photo_type)


@login_required
@require_POST
def upload_photo(request: AppRequest, code: str) -> HttpResponse:
    participant = policy.open_participant(request, code, Category.IDENTITY, write=True).participant
    upload = request.FILES.get("photo")
    try:
        if upload is None:
            raise ValidationError(_("Choose a photo to upload."))
        data, content_type = read_photo(upload)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        actions.change_photo(actor=request.actor, participant=participant, data=data, content_type=content_type)
        confirm(request, "identity", _("Photo saved (encrypted)."))
    return HttpResponseRedirect(case_url(participant.code, "identity"))


@login_required
def consent_new(request: AppRequest, code: str) -> HttpResponse:
    """Records a consent. The form may come pre-filled (the organisation, purpose and categories a
    referral asks for) and with a ``next`` address on this site to go back to, recorded or not."""
    opened = policy.open_participant(request, code, need=lambda access: access.manages_consent)
    back = safe_next(request, request.POST.get("next") if request.method == "POST" else request.GET.get("next"))
    form = ConsentForm(request.POST or None, participant=opened.participant, initial=consent_prefill(request.GET))
    if request.method == "POST" and form.is_valid():
        actions.record_consent(actor=request.actor, participant=opened.participant, data=form.cleaned_data)
        confirm(request, "consent", _("Consent recorded."))
        return HttpResponseRedirect(back or case_url(opened.participant.code, "consent"))
    context = {"participant": opened.participant, "form": form, "next": back}
    return render(request, "people/consent_form.html", context)


@login_required
@require_POST
def consent_withdraw(request: AppRequest, code: str, consent_id: int) -> HttpResponse:
    opened = policy.open_participant(request, code, need=lambda access: access.manages_consent)
    consent = get_object_or_404(opened.participant.consents, pk=consent_id, withdrawn_at__isnull=True)
    actions.withdraw_consent(actor=request.actor, consent=consent)
    return back_to_section(request, opened, "consent", _("Consent withdrawn. It no longer allows any sharing."))


@login_required
def emergency_access(request: AppRequest) -> HttpResponse:
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
            return HttpResponseRedirect(case_url(participant.code))
        audit.record(
            action=AuditAction.EMERGENCY_ACCESS_REFUSED, actor=request.actor, object_type="participant", object_ref=code
        )
        form.add_error("code", _("No participant with this code can be opened in an emergency from your organisation."))
    return render(
        request,
        "access/emergency_access.html",
        {"form": form, "hours": settings.HOMECOMING_EMERGENCY_ACCESS_HOURS},
    )
