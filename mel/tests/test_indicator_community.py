"""Worked examples: the community and practitioner indicators of 2027Q1 (issue 12), two cities."""

import datetime
from decimal import Decimal

import pytest

from community.models import (
    Activity,
    Attendance,
    CivicParticipation,
    Course,
    StigmaIncident,
    SupportSession,
    SurveyResponse,
    SurveyRound,
    TrainingSession,
)
from mel import disclosure
from mel.indicators import CATALOGUE, measure, members
from mel.periods import Period
from mel.results import Dimension
from mel.tests.builders import breakdown, ids, person, tally

Q1 = Period.parse("2027Q1")
D = datetime.date
SETTLED = D(2026, 6, 1)


@pytest.fixture
def owners(city_a, city_b):
    return [o.pk for c in (city_a, city_b) for o in (c.social, c.cso, c.police)]


def activity(organisation, on, *, kind="dialogue", by, residents=0, young=0, teachers=0, participants=0, others=0):
    return Activity.objects.create(
        organisation=organisation,
        city=organisation.jurisdiction,
        kind=kind,
        title="Activity",
        held_on=on,
        residents=residents,
        young_people=young,
        teachers=teachers,
        participants=participants,
        others=others,
        created_by=by,
    )


@pytest.fixture
def activities(city_a, city_b, coordinator):
    activity(city_a.social, D(2027, 1, 10), by=coordinator, residents=30, young=5, participants=2)
    activity(city_a.cso, D(2027, 3, 31), kind="sports_culture", by=coordinator, young=12, teachers=3, others=1)
    activity(city_b.police, D(2027, 2, 1), kind="awareness_schools", by=coordinator, teachers=8, participants=1)
    activity(city_a.social, D(2026, 12, 31), by=coordinator, residents=100)  # the quarter before
    activity(city_b.social, D(2027, 4, 1), by=coordinator, residents=100)  # the quarter after


def test_community_activities_held_count_the_activities_of_the_period_by_city_and_type(activities, owners, city_a):
    result = measure(CATALOGUE["HC-COM-01"], owners=owners, period=Q1)

    assert result.total.count == 3
    cities = breakdown(result, Dimension.JURISDICTION)
    assert (tally(cities, city_a.city.slug).count, tally(cities, "shymkent").count) == (2, 1)
    kinds = breakdown(result, Dimension.ACTIVITY_KIND)
    assert [tally(kinds, k).count for k in ("dialogue", "sports_culture", "awareness_schools", "religious")] == [
        1,
        1,
        1,
        0,
    ]
    assert [t.count for _period, t in result.trend[-2:]] == [1, 3]


def test_people_reached_add_every_group_of_every_activity(activities, owners):
    result = measure(CATALOGUE["HC-COM-02"], owners=owners, period=Q1)

    # 30 + 5 + 2, 12 + 3 + 1, 8 + 1
    assert result.total.count == 37 + 16 + 9
    assert tally(breakdown(result, Dimension.ACTIVITY_KIND), "sports_culture").count == 16


def test_share_of_activities_with_participants_counts_activities_not_participants(activities, owners):
    result = measure(CATALOGUE["HC-COM-03"], owners=owners, period=Q1)

    assert (result.total.count, result.total.eligible) == (2, 3)


def test_activity_figures_open_no_list_of_people(activities, owners):
    indicator = CATALOGUE["HC-COM-01"]

    assert not indicator.opens_lists
    assert not members(indicator, owners=owners, period=Q1).exists()


def test_acceptance_score_is_the_mean_of_the_answers_collected_in_the_period(city_a, city_b, coordinator, owners):
    round_a = SurveyRound.objects.create(
        survey="hc-acceptance-demo",
        survey_version="1",
        organisation=city_a.cso,
        city=city_a.city,
        title="Spring",
        starts_on=D(2027, 1, 1),
        ends_on=D(2027, 4, 30),
        created_by=coordinator,
    )
    for on, score in ((D(2027, 1, 5), 50.0), (D(2027, 2, 5), 70.0), (D(2027, 3, 5), None), (D(2027, 4, 5), 10.0)):
        SurveyResponse.objects.create(round=round_a, collected_on=on, mode="paper", score=score)

    result = measure(CATALOGUE["HC-COM-04"], owners=owners, period=Q1)

    assert (result.total.value, result.total.count, result.total.no_data) == (60.0, 2, 1)


def test_acceptance_score_below_k_answers_is_hidden_from_aggregate_readers(city_a, coordinator, owners):
    round_a = SurveyRound.objects.create(
        survey="hc-acceptance-demo",
        survey_version="1",
        organisation=city_a.social,
        city=city_a.city,
        title="Small",
        starts_on=D(2027, 1, 1),
        ends_on=D(2027, 3, 31),
        created_by=coordinator,
    )
    for score in (40.0, 60.0, 80.0):
        SurveyResponse.objects.create(round=round_a, collected_on=D(2027, 2, 1), mode="tablet", score=score)

    published = disclosure.publish(measure(CATALOGUE["HC-COM-04"], owners=owners, period=Q1), k=5, exact=False)

    assert published.total.suppressed
    assert published.total.value is None


def incident(participant, on, setting, *, by):
    return StigmaIncident.objects.create(participant=participant, occurred_on=on, setting=setting, recorded_by=by)


def test_stigma_experienced_counts_incidents_of_the_period_by_setting(city_a, city_b, coordinator, owners):
    mother = person(city_a.social, arrived=SETTLED)
    son = person(city_a.social, sex="male", born=2017, arrived=SETTLED, household=mother.household, role="child")
    other = person(city_b.social, arrived=SETTLED)
    incident(son, D(2027, 1, 20), "school", by=coordinator)
    incident(son, D(2027, 2, 20), "school", by=coordinator)
    incident(mother, D(2027, 3, 1), "employment", by=coordinator)
    incident(other, D(2027, 3, 2), "neighbourhood", by=coordinator)
    incident(other, D(2026, 12, 2), "neighbourhood", by=coordinator)  # before the period

    result = measure(CATALOGUE["HC-COM-05"], owners=owners, period=Q1)

    assert result.total.count == 4
    settings = breakdown(result, Dimension.SETTING)
    assert [tally(settings, s).count for s in ("school", "employment", "neighbourhood", "service")] == [2, 1, 1, 0]
    assert tally(breakdown(result, Dimension.SEX), "male").count == 2


def test_stigma_figures_are_aggregates_even_for_the_coordinator_and_open_no_list(city_a, coordinator, owners):
    indicator = CATALOGUE["HC-COM-05"]
    incident(person(city_a.social, arrived=SETTLED), D(2027, 1, 20), "school", by=coordinator)

    assert indicator.aggregate_only
    assert not members(indicator, owners=owners, period=Q1).exists()


def civic(participant, started, ended=None, *, by):
    return CivicParticipation.objects.create(
        participant=participant, kind="volunteering", started_on=started, ended_on=ended, recorded_by=by
    )


def test_civic_participation_is_the_share_of_settled_participants_taking_part_in_the_period(
    city_a, coordinator, owners
):
    p1 = person(city_a.social, arrived=SETTLED)
    civic(p1, D(2027, 2, 14), by=coordinator)  # one day in the period
    p2 = person(city_a.social, arrived=SETTLED)
    civic(p2, D(2026, 10, 1), D(2027, 1, 1), by=coordinator)  # ended on the first day
    p3 = person(city_a.social, arrived=SETTLED)
    civic(p3, D(2026, 10, 1), D(2026, 12, 31), by=coordinator)  # ended the day before
    p4 = person(city_a.social, arrived=SETTLED)
    civic(p4, D(2026, 11, 1), by=coordinator)  # a single day before the period
    p5 = person(city_a.social, arrived=D(2027, 3, 15))  # not settled yet
    civic(p5, D(2027, 3, 20), by=coordinator)
    p6 = person(city_a.social, arrived=SETTLED)
    civic(p6, D(2027, 3, 1), D(2027, 6, 1), by=coordinator)  # ongoing at the end
    indicator = CATALOGUE["HC-COM-06"]

    result = measure(indicator, owners=owners, period=Q1)

    assert (result.total.count, result.total.eligible) == (3, 5)
    assert ids(members(indicator, owners=owners, period=Q1)) == {p1.pk, p2.pk, p6.pk}


@pytest.fixture
def trainings(city_a, city_b, coordinator):
    course = Course.objects.create(organisation=city_a.social, title="Trauma", topic="trauma", hours=Decimal("16"))
    first = TrainingSession.objects.create(
        course=course,
        organisation=city_a.social,
        trainer_organisation=city_a.cso,
        city=city_a.city,
        held_on=D(2027, 2, 1),
        hours=Decimal("7.5"),
        created_by=coordinator,
    )
    Attendance.objects.create(session=first, organisation_kind="school", discipline="teacher", count=4)
    Attendance.objects.create(session=first, organisation_kind="social_services", discipline="social_worker", count=2)
    Attendance.objects.create(
        session=first, organisation_kind="social_services", discipline="psychologist", count=1, user=coordinator
    )
    second = TrainingSession.objects.create(
        course=course,
        organisation=city_b.social,
        trainer_organisation=city_b.social,
        city=city_b.city,
        held_on=D(2027, 3, 3),
        hours=Decimal("2"),
        created_by=coordinator,
    )
    Attendance.objects.create(session=second, organisation_kind="police", discipline="police", count=3)
    earlier = TrainingSession.objects.create(
        course=course,
        organisation=city_a.social,
        trainer_organisation=city_a.cso,
        city=city_a.city,
        held_on=D(2026, 12, 1),
        hours=Decimal("16"),
        created_by=coordinator,
    )
    Attendance.objects.create(session=earlier, organisation_kind="school", discipline="teacher", count=9)


def test_practitioners_trained_count_attendances_by_discipline_and_kind_of_organisation(trainings, owners, city_a):
    result = measure(CATALOGUE["HC-PRA-01"], owners=owners, period=Q1)

    assert result.total.count == 10
    disciplines = breakdown(result, Dimension.DISCIPLINE)
    assert [tally(disciplines, d).count for d in ("teacher", "social_worker", "psychologist", "police")] == [4, 2, 1, 3]
    assert tally(breakdown(result, Dimension.ORGANISATION_KIND), "social_services").count == 3
    assert tally(breakdown(result, Dimension.JURISDICTION), city_a.city.slug).count == 7


def test_training_hours_are_hours_times_attendance_rounded_to_whole_hours(trainings, owners):
    result = measure(CATALOGUE["HC-PRA-02"], owners=owners, period=Q1)

    # Each group: 4 * 7.5 = 30, 2 * 7.5 = 15, 1 * 7.5 = 7.5 -> 8 (half up), 3 * 2 = 6.
    assert result.total.count == 30 + 15 + 8 + 6
    assert tally(breakdown(result, Dimension.DISCIPLINE), "teacher").count == 30
    assert tally(breakdown(result, Dimension.DISCIPLINE), "psychologist").count == 8


def test_support_hours_add_the_sessions_hours_not_times_attendance(city_a, city_b, coordinator, owners):
    for organisation, kind, on, hours in (
        (city_a.social, "supervision", D(2027, 1, 15), "1.5"),
        (city_a.social, "supervision", D(2027, 2, 15), "1.5"),
        (city_b.social, "peer_support", D(2027, 3, 15), "2"),
        (city_b.social, "debriefing", D(2027, 4, 1), "1"),  # after the period
    ):
        SupportSession.objects.create(
            organisation=organisation, kind=kind, held_on=on, hours=Decimal(hours), created_by=coordinator
        )

    result = measure(CATALOGUE["HC-PRA-03"], owners=owners, period=Q1)

    # 1.5 -> 2 twice (half up, session by session), and 2.
    assert result.total.count == 6
    assert tally(breakdown(result, Dimension.SUPPORT_KIND), "supervision").count == 4
