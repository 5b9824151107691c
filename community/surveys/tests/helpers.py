"""Rounds and responses for the survey tests, made through the actions the pages use."""

import datetime

from community.models import SurveyResponse, SurveyRound
from community.surveys import actions
from community.surveys.definitions import shipped
from people.tests.builders import actor_of

DEMO = "hc-acceptance-demo"
START = datetime.date(2026, 3, 1)
END = datetime.date(2026, 3, 31)


def survey():
    return shipped()[DEMO]


def make_round(by, *, title="Spring baseline", starts_on=START, ends_on=END, district="") -> SurveyRound:
    """A round of the demo survey, run by the organisation of ``by`` in its city."""
    actor = actor_of(by)
    organisation = actor.membership.organisation
    return actions.open_round(
        actor=actor,
        survey=survey(),
        organisation=organisation,
        city=organisation.jurisdiction,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        district=district,
    )


def respond(round_, by, answers: dict, *, mode="paper", on=None) -> SurveyResponse:
    return actions.enter_response(
        actor=actor_of(by),
        round=round_,
        survey=survey(),
        answers=answers,
        collected_on=on or round_.starts_on,
        mode=mode,
    )


def all_the_same(value: int) -> dict:
    return dict.fromkeys(survey().item_ids, value)


def respond_many(round_, by, count: int, value: int = 4) -> None:
    for _ in range(count):
        respond(round_, by, all_the_same(value))
