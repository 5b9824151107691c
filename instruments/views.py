from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language

from access import audit, policy
from access.categories import Category
from instruments import actions
from instruments.definitions import shipped
from instruments.forms import AdministrationForm
from instruments.models import Administration
from instruments.trends import trend


def _instrument(code: str):
    instrument = shipped().get(code)
    if instrument is None:
        raise Http404
    return instrument


def _language(instrument) -> tuple[str, bool]:
    """The user's language if a validated translation exists, else English (and say so)."""
    language = (get_language() or "en")[:2]
    if language in instrument.validated_languages():
        return language, False
    return "en", language != "en"


def screenings_context(request: HttpRequest, participant) -> dict:
    """The case page's screenings section: health data, so every read is audited."""
    if not participant.access.can_read(Category.HEALTH):
        return {}
    audit.for_participant("health.viewed", participant, request=request, reason="screenings")
    instruments = shipped()
    administrations = list(participant.administrations.order_by("administered_on", "pk"))
    trends = [
        t
        for code, instrument in sorted(instruments.items())
        if (t := trend(instrument, [a for a in administrations if a.instrument == code]))
    ]
    return {
        "screening_trends": trends,
        "screening_instruments": sorted(instruments.values(), key=lambda i: i.code)
        if participant.access.can_write(Category.HEALTH)
        else [],
    }


@login_required
def screening_new(request: HttpRequest, code: str, instrument_code: str) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.HEALTH, write=True)
    instrument = _instrument(instrument_code)
    language, fallback = _language(instrument)
    form = AdministrationForm(request.POST or None, instrument=instrument, language=language)
    if request.method == "POST" and form.is_valid():
        administration = actions.record_administration(
            request=request,
            participant=participant,
            instrument=instrument,
            answers=form.answers(),
            administered_on=form.cleaned_data["administered_on"],
            mode=form.cleaned_data["mode"],
        )
        return HttpResponseRedirect(reverse("screening", args=[participant.code, administration.pk]))
    return render(
        request,
        "instruments/administer.html",
        {"participant": participant, "instrument": instrument, "form": form, "language_fallback": fallback},
    )


@login_required
def screening_detail(request: HttpRequest, code: str, administration_id: int) -> HttpResponse:
    participant = policy.get_participant_for_user(request, code, Category.HEALTH)
    administration = get_object_or_404(Administration, participant=participant, pk=administration_id)
    audit.for_participant("health.viewed", participant, request=request, reason=f"administration={administration.pk}")
    instrument = _instrument(administration.instrument)
    return render(
        request,
        "instruments/result.html",
        {
            "participant": participant,
            "administration": administration,
            "instrument": instrument,
            "flag_labels": [f["label"]["en"] for f in instrument.flags if f["code"] in administration.flags],
            "safety_protocol": settings.HOMECOMING_SAFETY_PROTOCOL,
        },
    )
