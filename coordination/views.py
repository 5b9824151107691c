from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import policy
from accounts.http import AppRequest
from coordination import actions, drafts
from coordination import inbox as inbox_queries
from coordination.forms import (
    DeclineForm,
    ReferralForm,
    ServiceFilterForm,
    ServiceRecordForm,
    TransferDecisionForm,
    TransferForm,
)
from coordination.models import Referral, Service, Transfer
from coordination.shared import shared_record
from core.audit import AuditAction, for_participant
from core.categories import Category
from core.http import NOT_CONFIRMED, confirmed
from core.sections import case_url, confirm
from notices.models import Notice
from people.models import Consent, Participant

# --- Inbox, notices, directory -----------------------------------------------------------


# What a referral's row in the inbox shows, fetched with it.
REFERRAL_ROW = ("participant", "domain", "from_organisation")
# Rows per page of each of the inbox's referral lists.
INBOX_ROWS = 25


@login_required
def inbox(request: AppRequest) -> HttpResponse:
    membership = request.membership
    today = timezone.localdate()
    waiting = inbox_queries.referrals_waiting(membership).select_related(*REFERRAL_ROW)
    in_service = (
        policy.referrals_received(membership).filter(status=Referral.Status.ACCEPTED).select_related(*REFERRAL_ROW)
    )
    context = {
        "notices": request.user.notices.filter(read_at__isnull=True).select_related("participant")[:50],
        # Paged, each list by its own parameter: an organisation may hold thousands of each.
        "referrals_waiting": _inbox_page(request, waiting, "waiting"),
        "referrals_in_service": _inbox_page(request, in_service, "in_service"),
        "transfers_waiting": inbox_queries.transfers_waiting(membership).select_related("from_organisation"),
        "actions_due": inbox_queries.actions_due(membership)[:50],
        "reviews_due": inbox_queries.reviews_due(membership)[:50],
        "conferences": inbox_queries.conferences_coming(membership)[:20],
        "today": today,
    }
    return render(request, "coordination/inbox.html", context)


def _inbox_page(request: AppRequest, rows, parameter: str) -> Page:
    """One page of an inbox list, with the query string of the other lists' pages (``page.query``)."""
    page = Paginator(rows, INBOX_ROWS).get_page(request.GET.get(parameter))
    others = request.GET.copy()
    others.pop(parameter, None)
    page.query, page.parameter = others.urlencode(), parameter
    return page


@login_required
def inbox_count(request: AppRequest) -> HttpResponse:
    """The navigation's count, asked for by the page once it has loaded (app.js): counted on every
    full page, it was a fifth of a case worker's caseload request (issue 15)."""
    return render(request, "coordination/_inbox_count.html", {"count": inbox_queries.count(request)})


@login_required
@require_POST
def mark_notice_read(request: AppRequest, notice_id: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=notice_id, recipient=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return HttpResponseRedirect(reverse("inbox"))


@login_required
def service_directory(request: AppRequest) -> HttpResponse:
    """Where to refer: organisations' services by city and needs domain. Holds no participant data."""
    if request.membership is None:
        raise Http404
    form = ServiceFilterForm(request.GET or None)
    services = Service.objects.filter(is_active=True, organisation__is_active=True).select_related(
        "organisation__jurisdiction", "domain"
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["city"]:
            services = services.filter(organisation__jurisdiction=data["city"])
        if data["domain"]:
            services = services.filter(domain=data["domain"])
        if data["kind"]:
            services = services.filter(organisation__kind=data["kind"])
    page = Paginator(services, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "coordination/services.html", {"form": form, "page": page, "query": query.urlencode()})


# --- Referrals ---------------------------------------------------------------------------


@login_required
def referral_new(request: AppRequest, code: str) -> HttpResponse:
    """The referral form. Besides sending, a post may ask to show what consent allows for the
    organisation chosen (``action=show``, the same as the htmx swap, for browsers without
    JavaScript), or to record consent first (``action=record_consent``): the draft is kept in
    the session and the form comes back with it once consent is recorded or the user cancels."""
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, need=lambda access: access.refers)
    participant = opened.participant
    action = request.POST.get("action", "send") if request.method == "POST" else ""
    token = drafts.valid_token(request.POST.get("draft") or request.GET.get("draft"))
    if action == "record_consent":
        return _record_consent_first(request, opened, token)
    status = 200
    if action == "send":
        form = _referral_form(request, participant, data=request.POST)
        if form.is_valid():
            referral, status = _send(request, form, participant)
            if referral is not None:
                drafts.drop(request.session, token)
                messages.success(request, _("Referral sent."))
                return HttpResponseRedirect(reverse("referral", args=[referral.pk]))
    elif action:  # "show" (or anything else): redrawn with what was typed, nothing checked yet
        form = _referral_form(request, participant, initial=drafts.from_post(request.POST))
    elif token:
        form = _restored_form(request, participant, token)
    else:
        initial = {
            "to_organisation": request.GET.get("to_organisation", ""),
            "domain": request.GET.get("domain", ""),
            "categories": request.GET.getlist("categories"),
        }
        form = _referral_form(request, participant, initial=initial)
    context = {
        "participant": participant,
        "access": opened.access,
        "form": form,
        "draft": token,
    }
    if request.htmx and request.method == "GET":
        return render(request, "coordination/referral_form.html#categories", context)
    return render(request, "coordination/referral_form.html", context, status=status)


def _referral_form(request: AppRequest, participant, *, data=None, initial=None) -> ReferralForm:
    form = ReferralForm(data, initial=initial or {}, participant=participant, membership=request.membership)
    if not form.is_bound:
        # Ticks that cannot stay (not a referral category, or never shared with this kind) are dropped.
        form.initial["categories"] = form.tickable(form.initial.get("categories") or ())
    return form


def _send(request: AppRequest, form: ReferralForm, participant) -> tuple[Referral | None, int]:
    """Sends the referral of a valid form: the referral, or None and the status of the refusal."""
    data = form.cleaned_data
    try:
        referral = actions.send_referral(
            actor=request.actor,
            participant=participant,
            to_organisation=data["to_organisation"],
            domain=data["domain"],
            what=data["what"],
            urgency=data["urgency"],
            categories=data["categories"],
            lawful_basis=data.get("lawful_basis", ""),
            expires_on=data["expires_on"],
        )
    except actions.ConsentMissing as refused:
        return None, _refused(request, form, refused)
    return referral, 200


def _restored_form(request: AppRequest, participant, token: str) -> ReferralForm:
    """The form as it was when the user went to record consent, with what consent now allows ticked."""
    entry = drafts.load(request.session, token, code=participant.code)
    if entry is None:
        messages.warning(request, _("The referral you started could not be found (it is kept for a day). Start again."))
        return _referral_form(request, participant)
    form = _referral_form(request, participant, initial=dict(entry["fields"]))
    form.initial["categories"] = form.tickable(drafts.categories_to_tick(entry, form.consented()))
    return form


def _record_consent_first(request: AppRequest, opened: policy.Opened, token: str) -> HttpResponse:
    """Keeps what was typed and sends the user to the consent form for the organisation chosen,
    the categories ticked without consent already ticked there; back here afterwards."""
    participant = opened.participant
    if not opened.access.manages_consent:
        raise PermissionDenied
    draft = drafts.from_post(request.POST)
    form = _referral_form(request, participant, initial=draft)
    organisation = form.organisation
    if organisation is None:
        messages.error(request, _("Choose the organisation to refer to first: consent is recorded for it."))
        context = {"participant": participant, "access": opened.access, "form": form, "draft": token}
        return render(request, "coordination/referral_form.html", context)
    token = drafts.save(request.session, code=participant.code, draft=draft, consented=form.consented(), token=token)
    back = f"{reverse('referral_new', args=[participant.code])}?{urlencode({'draft': token})}"
    missing = set(form.missing())
    query = {
        "recipient_organisation": organisation.pk,
        "purpose": Consent.Purpose.REFERRAL,
        "categories": [c for c in draft["categories"] if c in missing],
        "next": back,
    }
    return HttpResponseRedirect(f"{reverse('consent_new', args=[participant.code])}?{urlencode(query, doseq=True)}")


def _refused(request: AppRequest, form: ReferralForm, refused: actions.ConsentMissing) -> int:
    """Says on the form why sharing beyond consent was refused; the status code of the answer."""
    labels = ", ".join(str(Category(c).label) for c in refused.categories)
    if policy.may_override_consent(request):
        form.add_error("lawful_basis", _("Choose the lawful basis for sharing beyond consent: %s.") % labels)
        return 200
    form.add_error(
        "categories",
        _("Not covered by the participant's consent for this organisation: %s. Record consent first.") % labels,
    )
    return 403


def _referral_page(
    request: AppRequest, opened: policy.OpenedReferral, *, service_form=None, status: int = 200
) -> HttpResponse:
    """The referral, and for the receiving organisation what is shared now (every read audited)."""
    referral = opened.referral
    context = {
        "referral": referral,
        "side": opened.side,
        "events": referral.events.select_related("organisation"),
        "services_given": referral.services_given.all(),
    }
    if opened.side == "recipient":
        if referral.is_open:
            why = f"referral={referral.pk}"
            for_participant(AuditAction.REFERRAL_VIEWED, referral.participant, actor=request.actor, reason=why)
            context["record"] = shared_record(referral.participant, opened.shared, actor=request.actor, why=why)
        context["decline_form"] = DeclineForm()
        context["service_form"] = service_form or ServiceRecordForm()
    else:
        context["access"] = opened.access
        context["may_revoke"] = referral.is_open and opened.access.refers
    return render(request, "coordination/referral.html", context, status=status)


@login_required
def referral_detail(request: AppRequest, referral_id: int) -> HttpResponse:
    return _referral_page(request, policy.open_referral(request, referral_id))


def _recipient_referral(request: AppRequest, referral_id: int, *statuses) -> policy.OpenedReferral:
    """A referral the acting organisation received, still open and in one of these statuses:
    404 to anyone else, 403 when it has moved on; checked before any form is read."""
    opened = policy.open_referral(request, referral_id)
    if opened.side != "recipient":
        raise Http404
    if opened.referral.status not in statuses or not opened.referral.is_open:
        raise PermissionDenied
    return opened


def _back_to(referral: Referral, message: str, request: AppRequest) -> HttpResponse:
    messages.success(request, message)
    return HttpResponseRedirect(reverse("referral", args=[referral.pk]))


def _not_confirmed(referral: Referral, request: AppRequest) -> HttpResponse:
    """An irreversible step posted without its confirmation (a form from before it asked, a script)."""
    messages.error(request, NOT_CONFIRMED)
    return HttpResponseRedirect(reverse("referral", args=[referral.pk]))


@login_required
@require_POST
def referral_answer(request: AppRequest, referral_id: int) -> HttpResponse:
    referral = _recipient_referral(request, referral_id, Referral.Status.SENT).referral
    if request.POST.get("decision") == "accept":
        actions.answer_referral(actor=request.actor, referral=referral, accept=True)
        return _back_to(referral, _("Referral accepted."), request)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you decline."))
        return HttpResponseRedirect(reverse("referral", args=[referral.pk]))
    actions.answer_referral(actor=request.actor, referral=referral, accept=False, reason=form.cleaned_data["reason"])
    return _back_to(referral, _("Referral declined. The referring case worker has been told."), request)


@login_required
@require_POST
def referral_service(request: AppRequest, referral_id: int) -> HttpResponse:
    opened = _recipient_referral(request, referral_id, Referral.Status.ACCEPTED)
    form = ServiceRecordForm(request.POST)
    if not form.is_valid():
        return _referral_page(request, opened, service_form=form, status=400)
    actions.record_service(actor=request.actor, referral=opened.referral, **form.cleaned_data)
    return _back_to(opened.referral, _("Service recorded."), request)


@login_required
@require_POST
def referral_done(request: AppRequest, referral_id: int) -> HttpResponse:
    referral = _recipient_referral(request, referral_id, Referral.Status.ACCEPTED).referral
    if not confirmed(request):
        return _not_confirmed(referral, request)
    actions.complete_referral(actor=request.actor, referral=referral)
    return _back_to(referral, _("Referral marked done. Your access to the participant's data has ended."), request)


@login_required
@require_POST
def referral_revoke(request: AppRequest, referral_id: int) -> HttpResponse:
    opened = policy.open_referral(request, referral_id)
    if opened.side != "sender" or not opened.access.refers:
        raise Http404
    if not opened.referral.is_open:
        raise PermissionDenied
    if not confirmed(request):
        return _not_confirmed(opened.referral, request)
    actions.revoke_referral(actor=request.actor, referral=opened.referral)
    return _back_to(
        opened.referral, _("Referral revoked. The organisation no longer sees the participant's data."), request
    )


# --- Transfers ---------------------------------------------------------------------------


@login_required
def transfer_new(request: AppRequest, code: str) -> HttpResponse:
    opened = policy.open_participant(request, code, Category.NEEDS_PLAN, need=lambda access: access.manages_team)
    participant = opened.participant
    pending = Transfer.objects.filter(participants=participant, status=Transfer.Status.PENDING).first()
    form = TransferForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and pending is None and form.is_valid():
        data = form.cleaned_data
        household = participant.household if data["whole_household"] else None
        members = (
            list(
                policy.visible_among(
                    request,
                    Participant.objects.filter(household=participant.household, owner=request.membership.organisation),
                )
            )
            if household
            else [participant]
        )
        busy = Transfer.objects.filter(participants__in=members, status=Transfer.Status.PENDING).exists()
        if busy:
            form.add_error(None, _("A member of the household already has a transfer waiting for an answer."))
        else:
            transfer = actions.propose_transfer(
                actor=request.actor,
                participants=members,
                household=household,
                to_organisation=data["to_organisation"],
                handover_note=data["handover_note"],
            )
            messages.success(request, _("Transfer proposed. The receiving coordinators have been told."))
            return HttpResponseRedirect(reverse("transfer", args=[transfer.pk]))
    context = {"participant": participant, "access": opened.access, "form": form, "pending": pending}
    return render(request, "coordination/transfer_form.html", context)


def _handover(request: AppRequest, transfer: Transfer) -> list[dict]:
    participants = transfer.participants.select_related("household")
    return [
        shared_record(
            participant,
            policy.handover_categories(transfer, participant, request),
            actor=request.actor,
            why=f"transfer={transfer.pk}",
        )
        for participant in participants.order_by("birth_year")
    ]


@login_required
def transfer_detail(request: AppRequest, transfer_id: int) -> HttpResponse:
    opened = policy.open_transfer(request, transfer_id)
    transfer = opened.transfer
    context = {"transfer": transfer, "side": opened.side, "decision_form": TransferDecisionForm()}
    if transfer.status == Transfer.Status.PENDING:
        context["handover"] = _handover(request, transfer)
    return render(request, "coordination/transfer.html", context)


def _pending_transfer(request: AppRequest, transfer_id: int, side: str) -> Transfer:
    """A pending transfer seen from this side: 404 to anyone else, 403 once decided; checked
    before any form is read."""
    opened = policy.open_transfer(request, transfer_id)
    if opened.side != side:
        raise Http404
    if opened.transfer.status != Transfer.Status.PENDING:
        raise PermissionDenied
    return opened.transfer


@login_required
@require_POST
def transfer_decide(request: AppRequest, transfer_id: int) -> HttpResponse:
    transfer = _pending_transfer(request, transfer_id, "recipient")
    form = TransferDecisionForm(request.POST)
    if not form.is_valid():
        context = {
            "transfer": transfer,
            "side": "recipient",
            "decision_form": form,
            "handover": _handover(request, transfer),
        }
        return render(request, "coordination/transfer.html", context, status=400)
    if form.cleaned_data["decision"] == "accept":
        actions.accept_transfer(actor=request.actor, transfer=transfer)
        # Shown above the case team, where the redirect leads: the next step is there.
        confirm(request, "team", _("Transfer accepted: the case is now your organisation's. Assign a case worker."))
        first = transfer.participants.order_by("birth_year").first()
        return HttpResponseRedirect(case_url(first.code, "team"))
    actions.decline_transfer(actor=request.actor, transfer=transfer, reason=form.cleaned_data["reason"])
    messages.success(request, _("Transfer declined. Nothing has changed for the case."))
    return HttpResponseRedirect(reverse("inbox"))


@login_required
@require_POST
def transfer_cancel(request: AppRequest, transfer_id: int) -> HttpResponse:
    transfer = _pending_transfer(request, transfer_id, "sender")
    actions.cancel_transfer(actor=request.actor, transfer=transfer)
    messages.success(request, _("Transfer cancelled."))
    return HttpResponseRedirect(reverse("transfer", args=[transfer.pk]))
