"""Community perception surveys: rounds, paper entry, the tablet mode, and aggregate results.

Nothing here shows a respondent's row: the results page is built from aggregates only
(``results.py``), and no page has a field for a respondent's name, contact or free text.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.http import AppRequest
from community.models import SurveyResponse, SurveyRound
from community.surveys import actions, rules
from community.surveys.definitions import Survey, for_round, localised, shipped
from community.surveys.forms import PaperForm, RoundForm
from community.surveys.results import results_for, trend_for
from core import once
from core.http import NOT_CONFIRMED, confirmed
from instruments import steps


def _survey(round_: SurveyRound) -> Survey:
    survey = for_round(round_)
    if survey is None:
        raise Http404
    return survey


def _closed(request: AppRequest, round_: SurveyRound, survey: Survey, message: str = "") -> HttpResponse:
    """A round that takes no more answers: 409, with the reason."""
    message = message or _("This round is closed: it takes no more answers.")
    context = {"round": round_, "survey": survey, "message": message}
    return render(request, "community/surveys/closed.html", context, status=409)


@login_required
@require_GET
def survey_rounds(request: AppRequest) -> HttpResponse:
    access = rules.access_for(request)
    rounds = access.rounds().select_related("city", "organisation").annotate(respondents=Count("responses"))
    surveys = shipped()
    rows = [(round_, surveys.get(round_.survey)) for round_ in rounds.order_by("city__name", "-ends_on", "-pk")]
    context = {"access": access, "rows": rows, "unvalidated": [s for s in surveys.values() if not s.validated]}
    return render(request, "community/surveys/rounds.html", context)


@login_required
def survey_round_new(request: AppRequest) -> HttpResponse:
    access = rules.access_for(request)
    if not access.runs_rounds:
        raise Http404
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        round_ = actions.open_round(
            actor=request.actor,
            survey=form.chosen,
            organisation=access.membership.organisation,
            city=access.city,
            title=form.cleaned_data["title"],
            district=form.cleaned_data["district"],
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
        )
        return HttpResponseRedirect(reverse("survey_round", args=[round_.pk]))
    context = {"access": access, "form": form, "surveys": list(shipped().values())}
    return render(request, "community/surveys/new.html", context)


@login_required
@require_GET
def survey_round(request: AppRequest, round_id: int) -> HttpResponse:
    access = rules.access_for(request)
    round_ = rules.open_round(access, round_id)
    survey = _survey(round_)
    language = survey.display_language()
    context = {
        "round": round_,
        "survey": survey,
        "results": results_for(round_, survey, language),
        "trend": trend_for(round_),
        "runs": access.enters(round_),
    }
    return render(request, "community/surveys/round.html", context)


@login_required
@require_POST
def survey_round_close(request: AppRequest, round_id: int) -> HttpResponse:
    round_ = rules.open_round(rules.access_for(request), round_id, enter=True)
    if not confirmed(request):
        messages.error(request, NOT_CONFIRMED)
        return HttpResponseRedirect(reverse("survey_round", args=[round_.pk]))
    try:
        actions.close_round(actor=request.actor, round=round_)
    except actions.RoundClosed:
        return _closed(request, round_, _survey(round_), _("This round is already closed."))
    messages.success(request, _("The round is closed. Its results stay as they are."))
    return HttpResponseRedirect(reverse("survey_round", args=[round_.pk]))


def _saved_so_far(round_: SurveyRound) -> str:
    count = SurveyResponse.objects.filter(round=round_).count()
    return _("Answers saved: %(count)s so far.") % {"count": count}


@login_required
def survey_paper(request: AppRequest, round_id: int) -> HttpResponse:
    round_ = rules.open_round(rules.access_for(request), round_id, enter=True)
    survey = _survey(round_)
    if round_.status == SurveyRound.Status.CLOSED:
        return _closed(request, round_, survey)
    language = survey.display_language()
    form = PaperForm(request.POST or None, round=round_, survey=survey, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            actions.enter_response(
                actor=request.actor,
                round=round_,
                survey=survey,
                answers=form.answers(),
                collected_on=form.cleaned_data["collected_on"],
                mode=SurveyResponse.Mode.PAPER,
            )
        except actions.RoundClosed:
            return _closed(request, round_, survey)
        messages.success(request, _saved_so_far(round_))
        return HttpResponseRedirect(reverse("survey_paper", args=[round_.pk]))
    stem = localised(survey.stem, language) if survey.stem else ""
    context = {"round": round_, "survey": survey, "form": form, "stem": stem}
    return render(request, "community/surveys/paper.html", context)


def _tablet_refusal(request: AppRequest, round_: SurveyRound, survey: Survey) -> HttpResponse | None:
    if round_.status == SurveyRound.Status.CLOSED:
        return _closed(request, round_, survey)
    if not round_.starts_on <= timezone.localdate() <= round_.ends_on:
        return _closed(request, round_, survey, _("This round collects answers only between its dates."))
    return None


@login_required
def survey_tablet(request: AppRequest, round_id: int) -> HttpResponse:
    """One question per screen for a resident holding the tablet: the answers so far travel in the
    hidden fields of each step's form (instruments/steps.py) and are stored only on Submit."""
    round_ = rules.open_round(rules.access_for(request), round_id, enter=True)
    survey = _survey(round_)
    if refusal := _tablet_refusal(request, round_, survey):
        return refusal
    language = survey.display_language()
    if request.method == "POST":
        state = steps.read(survey, language, request.POST)
        outcome = steps.advance(state, request.POST)
    else:
        state, outcome = steps.Steps(survey, language), "show"
    done = reverse("survey_tablet_done", args=[round_.pk])
    if outcome == "save" and state.answers and once.saved(request, state.once) is None:
        try:
            actions.enter_response(
                actor=request.actor,
                round=round_,
                survey=survey,
                answers=state.all_answers(),
                collected_on=timezone.localdate(),
                mode=SurveyResponse.Mode.TABLET,
            )
        except actions.RoundClosed:
            return _closed(request, round_, survey)
        once.remember(request, state.once, done)
    if outcome == "save":  # an all-skipped form is thanked for too, and stores nothing
        return HttpResponseClientRedirect(done) if request.htmx else HttpResponseRedirect(done)
    context = {"round": round_, "survey": survey, "steps": state, "stopped": outcome == "stop"}
    template = "community/surveys/tablet.html"
    return render(request, f"{template}#card" if request.htmx else template, context)


@login_required
@require_GET
def survey_tablet_done(request: AppRequest, round_id: int) -> HttpResponse:
    """The thank-you screen: it shows nothing of the answers, and starts the next respondent."""
    round_ = rules.open_round(rules.access_for(request), round_id, enter=True)
    return render(request, "community/surveys/tablet_done.html", {"round": round_, "survey": _survey(round_)})
