"""Opening and closing rounds, entering answers: scores stored, audit rows with the round id only."""

import datetime

import pytest

from community.models import SurveyResponse, SurveyRound
from community.surveys import actions
from community.surveys.tests.helpers import END, START, make_round, respond, survey
from core.models import AuditEvent
from people.tests.builders import actor_of


def test_opening_a_round_stores_the_survey_version_and_writes_one_audit_row(coordinator, city_a):
    round_ = make_round(coordinator, district="Almaly")
    assert (round_.survey, round_.survey_version) == ("hc-acceptance-demo", "1")
    assert (round_.city, round_.organisation, round_.district) == (city_a.city, city_a.social, "Almaly")
    assert round_.status == SurveyRound.Status.OPEN
    event = AuditEvent.objects.get(action="survey.round_opened")
    assert (event.object_type, event.object_ref, event.actor) == ("survey_round", str(round_.pk), coordinator)


def test_a_round_that_ends_before_it_starts_is_refused(coordinator):
    with pytest.raises(ValueError):
        make_round(coordinator, starts_on=END, ends_on=START)


def test_entering_answers_stores_them_with_the_scores_and_audits_the_round_id_only(coordinator):
    round_ = make_round(coordinator)
    response = respond(round_, coordinator, {"a1": 5, "a2": 4, "a3": 2, "a4": 3, "a5": 5, "a6": 1, "a7": None, "a8": 4})
    response.refresh_from_db()
    assert response.answers == {"a1": 5, "a2": 4, "a3": 2, "a4": 3, "a5": 5, "a6": 1, "a8": 4}
    assert response.score == 75.0
    assert response.scores == {"acceptance": 75.0, "closeness": 81.25, "inclusion": 66.67}
    event = AuditEvent.objects.get(action="survey.response_entered")
    assert (event.object_type, event.object_ref, event.reason) == ("survey_round", str(round_.pk), "")


def test_a_scale_with_too_few_answers_is_left_out_of_the_stored_scores(coordinator):
    response = respond(make_round(coordinator), coordinator, {"a1": 5, "a3": 1, "a4": 5})
    response.refresh_from_db()
    assert (response.score, response.scores) == (None, {"closeness": 100.0})


@pytest.mark.parametrize(
    "answers",
    [{}, {"a1": None}, {"a1": 9}, {"zz": 3}],
    ids=["empty", "all skipped", "not an option", "unknown item"],
)
def test_answers_that_are_not_a_response_are_refused(coordinator, answers):
    round_ = make_round(coordinator)
    with pytest.raises(ValueError):
        respond(round_, coordinator, answers)
    assert not SurveyResponse.objects.exists()


def test_answers_collected_outside_the_rounds_dates_are_refused(coordinator):
    round_ = make_round(coordinator)
    with pytest.raises(ValueError):
        respond(round_, coordinator, {"a1": 3}, on=END + datetime.timedelta(days=1))


def test_closing_a_round_audits_it_and_a_closed_round_takes_no_answers_and_no_second_close(coordinator):
    round_ = make_round(coordinator)
    actions.close_round(actor=actor_of(coordinator), round=round_)
    assert SurveyRound.objects.get().status == SurveyRound.Status.CLOSED
    assert AuditEvent.objects.filter(action="survey.round_closed", object_ref=str(round_.pk)).count() == 1
    with pytest.raises(actions.RoundClosed):
        respond(round_, coordinator, {"a1": 3})
    with pytest.raises(actions.RoundClosed):
        actions.close_round(actor=actor_of(coordinator), round=round_)
    assert not SurveyResponse.objects.exists()


def test_a_round_closed_elsewhere_refuses_an_answer_from_a_page_opened_before(coordinator):
    round_ = make_round(coordinator)
    stale = SurveyRound.objects.get(pk=round_.pk)
    actions.close_round(actor=actor_of(coordinator), round=round_)
    with pytest.raises(actions.RoundClosed):
        actions.enter_response(
            actor=actor_of(coordinator),
            round=stale,
            survey=survey(),
            answers={"a1": 3},
            collected_on=START,
            mode="tablet",
        )
