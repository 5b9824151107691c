"""Opening and closing survey rounds, and entering one resident's answers.

Each writes its own audit row: the round's id only, never an answer, so that the audit trail
cannot be read back into responses.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from community.models import SurveyResponse, SurveyRound
from community.surveys.definitions import Survey
from core import audit
from core.actor import Actor
from core.audit import AuditAction
from directory.models import Jurisdiction, Organisation


class RoundClosed(Exception):
    """The round is closed: it takes no more answers, and cannot be closed again."""


def open_round(
    *,
    actor: Actor,
    survey: Survey,
    organisation: Organisation,
    city: Jurisdiction,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    district: str = "",
) -> SurveyRound:
    if ends_on < starts_on:
        raise ValueError("A round ends on or after the day it starts.")
    with transaction.atomic():
        round_ = SurveyRound.objects.create(
            survey=survey.code,
            survey_version=survey.version,
            organisation=organisation,
            city=city,
            district=district.strip(),
            title=title.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor.user,
        )
        audit.record(
            action=AuditAction.SURVEY_ROUND_OPENED, actor=actor, object_type="survey_round", object_ref=round_.pk
        )
    return round_


def close_round(*, actor: Actor, round: SurveyRound) -> SurveyRound:
    with transaction.atomic():
        locked = SurveyRound.objects.select_for_update().get(pk=round.pk)
        if locked.status == SurveyRound.Status.CLOSED:
            raise RoundClosed
        locked.status = SurveyRound.Status.CLOSED
        locked.save(update_fields=["status"])
        audit.record(
            action=AuditAction.SURVEY_ROUND_CLOSED, actor=actor, object_type="survey_round", object_ref=locked.pk
        )
    round.status = locked.status
    return locked


def enter_response(
    *,
    actor: Actor,
    round: SurveyRound,
    survey: Survey,
    answers: dict[str, int | None],
    collected_on: datetime.date,
    mode: str,
) -> SurveyResponse:
    """Stores one resident's answers with the scores the survey's rules give them.

    ``answers`` maps item ids to option values; skipped items are None or left out. Unknown
    items, values that are not answer options, a day outside the round and an empty form are
    refused (ValueError): the forms check them first, so this only guards the other callers.
    """
    kept = {item_id: value for item_id, value in answers.items() if value is not None}
    if set(kept) - set(survey.item_ids) or set(kept.values()) - set(survey.option_values):
        raise ValueError("Answers name an item or a value the survey does not have.")
    if not kept:
        raise ValueError("An empty form is not a response.")
    if not round.starts_on <= collected_on <= round.ends_on:
        raise ValueError("Answers are collected within the round's dates.")
    if mode not in SurveyResponse.Mode.values:
        raise ValueError(f"Unknown mode {mode!r}.")
    headline, scores = survey.score(kept)
    with transaction.atomic():
        # The lock orders this answer against a close that happens at the same moment.
        if SurveyRound.objects.select_for_update().get(pk=round.pk).status == SurveyRound.Status.CLOSED:
            raise RoundClosed
        response = SurveyResponse.objects.create(
            round=round,
            collected_on=collected_on,
            mode=mode,
            answers={item_id: kept[item_id] for item_id in survey.item_ids if item_id in kept},
            score=headline,
            # Only the scales that could be scored: a JSON null would read as 0 in SQLite's averages.
            scores={scale: value for scale, value in scores.items() if value is not None},
        )
        audit.record(
            action=AuditAction.SURVEY_RESPONSE_ENTERED, actor=actor, object_type="survey_round", object_ref=round.pk
        )
    return response
