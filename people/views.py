from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access import audit, policy
from access.categories import Category
from people import actions
from people.forms import (
    ConsentForm,
    HouseholdForm,
    MemberFormSet,
    RevealForm,
    member_formset_class,
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


@login_required
def register_household(request: HttpRequest) -> HttpResponse:
    if not policy.may_register(request):
        raise Http404
    duplicates = []
    if request.method == "POST":
        household_form = HouseholdForm(request.POST)
        formset = MemberFormSet(request.POST, prefix="member")
        if household_form.is_valid() and formset.is_valid():
            members = [f.cleaned_data for f in formset.forms if f.cleaned_data]
            duplicates = _describe_duplicates(request, actions.possible_duplicates(members))
            if duplicates and not household_form.cleaned_data["confirm_duplicates"]:
                messages.warning(request, _("Some members may already be registered. Please check before going on."))
            else:
                household = actions.register_household(
                    request=request,
                    address=household_form.cleaned_data["address"],
                    returned_on=household_form.cleaned_data["returned_on"],
                    arrived_on=household_form.cleaned_data["arrived_on"],
                    members=members,
                )
                messages.success(request, _("Household %(code)s registered.") % {"code": household.code})
                first = household.members.order_by("birth_year").first()
                return HttpResponseRedirect(reverse("participant", args=[first.code]))
    else:
        household_form = HouseholdForm()
        # Empty member forms to start with (a mother and two children by default); the page's
        # "Add a member" button adds more without a round trip.
        wanted = request.GET.get("members", "3")
        count = min(max(int(wanted), 1), MemberFormSet.max_num) if wanted.isdigit() else 3
        formset = member_formset_class(extra=count - 1)(prefix="member")
    return render(
        request,
        "people/register.html",
        {"household_form": household_form, "formset": formset, "duplicates": duplicates},
    )


def _describe_duplicates(request: HttpRequest, found) -> list[dict]:
    """What the registering user may be told: codes they may open, else only that a match exists."""
    visible = set(policy.participants_visible_to(request).values_list("pk", flat=True))
    described = []
    for index, kind, matches in found:
        described.append(
            {
                "member": index + 1,
                "kind": kind,
                "codes": [p.code for p in matches if p.pk in visible],
                "elsewhere": any(p.pk not in visible for p in matches),
            }
        )
    return described


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
        actions.reveal_identity(
            request=request,
            participant=participant,
            reason=form.cleaned_data["reason"],
            minutes=settings.HOMECOMING_REVEAL_MINUTES,
        )
    if request.htmx:
        return render(request, "people/_identity.html", identity_context(request, participant))
    return HttpResponseRedirect(reverse("participant", args=[participant.code]) + "#identity")


@login_required
def identity_photo(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.IDENTITY)
    identity = getattr(participant, "identity", None)
    if not _revealed_until(request, participant) or identity is None or not identity.photo_sealed:
        raise Http404
    audit.for_participant("identity.photo_viewed", participant, request=request)
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
        identity = participant.identity
        identity.photo, identity.photo_type = data, content_type
        identity.save(update_fields=["photo_sealed", "photo_type", "updated_at"])
        audit.for_participant("identity.photo_changed", participant, request=request)
        messages.success(request, _("Photo saved (encrypted)."))
    return HttpResponseRedirect(reverse("participant", args=[participant.code]) + "#identity")


@login_required
def consent_new(request: HttpRequest, code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code)
    if not participant.access.manages_consent:
        raise Http404
    form = ConsentForm(request.POST or None, participant=participant)
    if request.method == "POST" and form.is_valid():
        actions.record_consent(request=request, participant=participant, data=form.cleaned_data)
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
    actions.withdraw_consent(request=request, consent=consent)
    messages.success(request, _("Consent withdrawn. It no longer allows any sharing."))
    if request.htmx:
        return render(request, "people/_consent.html", consent_context(participant))
    return HttpResponseRedirect(reverse("participant", args=[participant.code]) + "#consent")
