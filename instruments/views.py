from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from access import policy
from accounts.http import AppRequest
from core import audit, once
from core.audit import AuditAction
from core.categories import Category
from core.sections import case_url
from instruments import actions, registry, steps
from instruments.definitions import localised
from instruments.forms import AdministrationForm
from instruments.models import Administration
from instruments.scoring import band_for, missing_rule


def _instrument(code: str):
    instrument = registry.current(code)
    if instrument is None:
        raise Http404
    return instrument


@login_required
def screening_new(request: AppRequest, code: str, instrument_code: str) -> HttpResponse:
    participant = policy.open_participant(request, code, Category.HEALTH, write=True).participant
    instrument = _instrument(instrument_code)
    if not instrument.fits_age(participant.age):
        youngest, oldest = instrument.age_range
        ages = {"name": instrument.name, "youngest": youngest, "oldest": oldest}
        if oldest is None:
            message = _("%(name)s is for ages %(youngest)s and over: it does not fit this participant's age.")
        else:
            message = _("%(name)s is for ages %(youngest)s to %(oldest)s: it does not fit this participant's age.")
        messages.error(request, message % ages)
        return HttpResponseRedirect(case_url(participant.code, "screenings"))
    language, fallback = instrument.display_language()
    if request.GET.get("mode") == "step":
        return _one_question_per_screen(request, participant, instrument, language, fallback)
    form = AdministrationForm(request.POST or None, instrument=instrument, language=language)
    form_token = once.read(request.POST)
    if request.method == "POST" and form.is_valid():
        if (url := once.saved(request, form_token)) is None:
            administration = actions.record_administration(
                actor=request.actor,
                participant=participant,
                instrument=instrument,
                answers=form.answers(),
                administered_on=form.cleaned_data["administered_on"],
                mode=form.cleaned_data["mode"],
            )
            url = reverse("screening", args=[participant.code, administration.pk])
            once.remember(request, form_token, url)
        return HttpResponseRedirect(url)
    context = {"participant": participant, "instrument": instrument, "form": form, "once": form_token}
    return render(request, "instruments/administer.html", context | {"language_fallback": fallback})


def _one_question_per_screen(request: AppRequest, participant, instrument, language: str, fallback: bool):
    """For a tablet or phone in session: one question per screen, the answers so far posted along."""
    state = steps.read(instrument, language, request.POST) if request.method == "POST" else None
    if state is None:
        state, outcome = steps.Steps(instrument, language), "show"
    else:
        outcome = steps.advance(state, request.POST)
    if outcome == "save":
        if (url := once.saved(request, state.once)) is None:
            administration = actions.record_administration(
                actor=request.actor,
                participant=participant,
                instrument=instrument,
                answers=state.all_answers(),
                administered_on=timezone.localdate(),
                mode=Administration.Mode.IN_SESSION,
            )
            # The device is still in the participant's hands: the result waits for the practitioner.
            url = reverse("screening_hand_back", args=[participant.code, administration.pk])
            once.remember(request, state.once, url)
        return HttpResponseClientRedirect(url) if request.htmx else HttpResponseRedirect(url)
    context = {
        "participant": participant,
        "instrument": instrument,
        "steps": state,
        "stopped": outcome == "stop",
        "language_fallback": fallback,
    }
    template = "instruments/administer_step.html"
    return render(request, f"{template}#card" if request.htmx else template, context)


@login_required
def screening_hand_back(request: AppRequest, code: str, administration_id: int) -> HttpResponse:
    """Where one question per screen ends, the device still in the participant's hands: thanks, and
    nothing of the result (no score, band, safety notice or answers, not even the participant's code).

    The practitioner's one tap posts here and goes on to the result page, which checks access again
    and records the health read. This page is opened under the same policy as the result page, so it
    says no more than that page would about whether the screening exists; it reads no health data,
    so it leaves no health read of its own."""
    participant = policy.open_participant(request, code, Category.HEALTH).participant
    if not Administration.objects.filter(participant=participant, pk=administration_id).exists():
        raise Http404
    if request.method == "POST":
        return HttpResponseRedirect(reverse("screening", args=[participant.code, administration_id]))
    return render(request, "instruments/hand_back.html")


def subscale_rows(instrument, administration, language: str) -> list[dict]:
    """Each subscale (e.g. the PCL-5's clusters) with its stored score and, where it has its own
    cut-offs, its screening band, labelled in ``language`` (a validated one, see Instrument.display_language)."""
    rows = []
    for subscale in instrument.subscales:
        value = administration.subscales.get(subscale["code"])
        band = band_for(subscale.get("bands", ()), value)
        rows.append(
            {
                "label": localised(subscale["label"], language),
                "score": value,
                "band": localised(band["label"], language) if band else "",
            }
        )
    return rows


def answered(instrument, administration, language: str) -> dict:
    """Each question with the answer given or none (skipped), and how the score stood in for skipped ones."""
    labels = {option["value"]: localised(option["label"], language) for option in instrument.options}
    rows = [
        {"number": item["id"], "text": localised(item["text"], language), "answer": labels.get(given)}
        for item in instrument.items
        for given in [administration.answers.get(item["id"])]
    ]
    skipped = sum(row["answer"] is None for row in rows)
    rule = missing_rule(instrument, answered=len(rows) - skipped, count=len(rows)) if skipped else None
    return {"rows": rows, "skipped": skipped, "count": len(rows), "rule": rule}


@login_required
def screening_detail(request: AppRequest, code: str, administration_id: int) -> HttpResponse:
    participant = policy.open_participant(request, code, Category.HEALTH).participant
    administration = get_object_or_404(Administration, participant=participant, pk=administration_id)
    audit.for_participant(
        AuditAction.HEALTH_VIEWED, participant, actor=request.actor, reason=f"administration={administration.pk}"
    )
    # The version it was scored with: an imported instrument may have had newer versions since.
    instrument = registry.for_administration(administration.instrument, administration.instrument_version)
    if instrument is None:
        raise Http404
    language = instrument.display_language()[0]
    band = administration.band
    return render(
        request,
        "instruments/result.html",
        {
            "participant": participant,
            "administration": administration,
            "instrument": instrument,
            "band_label": localised(band["label"], language) if band else "",
            "flag_labels": [
                localised(f["label"], language) for f in instrument.flags if f["code"] in administration.flags
            ],
            "subscales": subscale_rows(instrument, administration, language),
            "answers": answered(instrument, administration, language),
            "safety_protocol": settings.HOMECOMING_SAFETY_PROTOCOL,
        },
    )
