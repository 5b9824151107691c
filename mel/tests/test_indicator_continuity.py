"""Worked examples: transfers, first assessment, plan approval, reviews, referrals (2027Q1, two cities)."""

import datetime

import pytest

from casework.models import CaseReview, Plan
from directory.models import Organisation
from mel.indicators import CATALOGUE, measure, members
from mel.periods import Period
from mel.results import Dimension
from mel.tests.builders import assess, at, breakdown, ids, person, referral, tally, transfer

Q1 = Period.parse("2027Q1")
D = datetime.date


def jurisdictions(result):
    return [(t.key, t.count, t.eligible) for t in breakdown(result, Dimension.JURISDICTION).tallies]


@pytest.fixture
def owners(city_a, city_b):
    return [city_a.social.pk, city_b.social.pk]


def test_transfers_from_the_centre_accepted_within_14_days_of_those_decided_in_the_period(
    city_a, city_b, coordinator, owners
):
    centre = Organisation.objects.create(
        slug="centre", name="Centre", kind="rehabilitation_centre", jurisdiction=city_a.city.parent
    )
    a, b = city_a.social, city_b.social
    pa1, pa2 = person(a), person(a, sex="male", born=2016)
    pb1, pb2, pc = person(b), person(b), person(centre)
    transfer([pa1, pa2], centre, a, by=coordinator, sent=at(D(2027, 1, 1)), decided=at(D(2027, 1, 10)))
    transfer([pb1], centre, b, by=coordinator, sent=at(D(2027, 1, 1)), decided=at(D(2027, 1, 20)))  # 19 days
    transfer([pc], centre, a, by=coordinator, sent=at(D(2027, 1, 1)), decided=at(D(2027, 2, 1)), status="declined")
    transfer([pb2], centre, b, by=coordinator, sent=at(D(2027, 2, 1)), decided=at(D(2027, 2, 15)))  # exactly 14 days
    transfer([person(a)], centre, a, by=coordinator, sent=at(D(2027, 3, 30)), decided=at(D(2027, 4, 5)))  # later
    transfer([person(b)], a, b, by=coordinator, sent=at(D(2027, 1, 1)), decided=at(D(2027, 1, 2)))  # not the centre
    transfer(
        [person(city_a.cso)], centre, city_a.cso, by=coordinator, sent=at(D(2027, 1, 1)), decided=at(D(2027, 1, 2))
    )
    transfer([person(a)], centre, a, by=coordinator, sent=at(D(2027, 1, 1)), status="pending")
    indicator = CATALOGUE["HC-CON-01"]

    result = measure(indicator, owners=owners, period=Q1)

    assert (result.total.count, result.total.eligible) == (3, 5)
    assert jurisdictions(result) == [("almaty", 2, 3), ("shymkent", 1, 2)]
    assert ids(members(indicator, owners=owners, period=Q1)) == {pa1.pk, pa2.pk, pb2.pk}
    assert ids(members(indicator, owners=owners, period=Q1, part="eligible")) == {pa1.pk, pa2.pk, pb1.pk, pb2.pk, pc.pk}


def test_first_needs_assessment_within_14_days_of_those_whose_14th_day_fell_in_the_period(
    city_a, city_b, coordinator, owners
):
    a, b = city_a.social, city_b.social
    q1 = person(a, arrived=D(2027, 1, 1))
    assess(q1, {"housing": 2}, by=coordinator, on=D(2027, 1, 15))
    assess(q1, {"housing": 3}, by=coordinator, on=D(2027, 2, 1))
    q2 = person(a, arrived=D(2027, 1, 1))
    assess(q2, {"housing": 2}, by=coordinator, on=D(2027, 1, 16))
    q3 = person(a, arrived=D(2027, 3, 17))  # not assessed yet
    person(a, arrived=D(2027, 3, 18))  # 14th day after the period
    q5 = person(b, sex="male", born=2014, arrived=D(2026, 12, 18))
    assess(q5, {"housing": 2}, by=coordinator, on=D(2026, 12, 20))
    person(b, arrived=D(2026, 12, 17))  # 14th day before the period
    q7 = person(b, registered=D(2027, 2, 1))  # no arrival date: from registration
    assess(q7, {"housing": 2}, by=coordinator, on=D(2027, 2, 3))
    indicator = CATALOGUE["HC-CON-02"]

    result = measure(indicator, owners=owners, period=Q1)

    assert (result.total.count, result.total.eligible) == (3, 5)
    assert jurisdictions(result) == [("almaty", 1, 3), ("shymkent", 2, 2)]
    assert (tally(breakdown(result, Dimension.SEX), "male").count, result.total.no_data) == (1, 0)
    assert ids(members(indicator, owners=owners, period=Q1)) == {q1.pk, q5.pk, q7.pk}
    assert ids(members(indicator, owners=owners, period=Q1, part="eligible")) == {q1.pk, q2.pk, q3.pk, q5.pk, q7.pk}


def test_plan_approved_within_30_days_counts_the_first_approval_even_after_a_later_edit(
    city_a, city_b, coordinator, owners
):
    a, b = city_a.social, city_b.social
    r1 = person(a, arrived=D(2027, 1, 1))
    plan = Plan.objects.create(participant=r1, approved_at=at(D(2027, 1, 31)), approved_by=coordinator)
    plan.approved_at, plan.approved_by = None, None  # edited since: waiting for a new approval
    plan.save()
    r2 = person(a, arrived=D(2027, 1, 1))
    Plan.objects.create(participant=r2, approved_at=at(D(2027, 2, 1)), approved_by=coordinator)
    r3 = person(a, arrived=D(2027, 1, 15))  # no plan
    person(a, arrived=D(2027, 3, 5))  # 30th day after the period
    r5 = person(b, arrived=D(2026, 12, 10))
    Plan.objects.create(participant=r5, approved_at=at(D(2026, 12, 20)), approved_by=coordinator)
    indicator = CATALOGUE["HC-CON-03"]

    result = measure(indicator, owners=owners, period=Q1)

    assert (result.total.count, result.total.eligible) == (2, 4)
    assert jurisdictions(result) == [("almaty", 1, 3), ("shymkent", 1, 1)]
    assert ids(members(indicator, owners=owners, period=Q1)) == {r1.pk, r5.pk}
    assert ids(members(indicator, owners=owners, period=Q1, part="eligible")) == {r1.pk, r2.pk, r3.pk, r5.pk}


def test_reviews_held_on_time_of_those_whose_7_day_grace_ended_in_the_period(city_a, city_b, coordinator, owners):
    a, b = city_a.social, city_b.social
    s1, s2, s3 = person(a), person(a), person(b)

    def review(who, scheduled, held=None):
        CaseReview.objects.create(participant=who, scheduled_on=scheduled, held_on=held, recorded_by=coordinator)

    review(s1, D(2027, 1, 10), D(2027, 1, 17))  # on the last day of the grace
    review(s2, D(2027, 1, 10), D(2027, 1, 18))  # a day late
    review(s2, D(2027, 2, 1))  # not held
    review(s2, D(2027, 3, 25))  # grace ends after the period
    review(s3, D(2026, 12, 25), D(2026, 12, 24))  # held early
    review(s3, D(2027, 3, 24), D(2027, 3, 31))
    review(person(city_a.cso), D(2027, 1, 10), D(2027, 1, 10))  # outside the scope
    indicator = CATALOGUE["HC-CON-04"]

    result = measure(indicator, owners=owners, period=Q1)

    assert (result.total.count, result.total.eligible) == (3, 5)
    assert jurisdictions(result) == [("almaty", 1, 3), ("shymkent", 2, 2)]
    assert ids(members(indicator, owners=owners, period=Q1)) == {s1.pk, s3.pk}
    assert ids(members(indicator, owners=owners, period=Q1, part="eligible")) == {s1.pk, s2.pk, s3.pk}


@pytest.fixture
def referrals(city_a, city_b, coordinator):
    a, b, partner = city_a.social, city_b.social, city_a.cso
    pa, pb = person(a), person(b, sex="male", born=1985)
    accepted, done, revoked, expired = "accepted", "done", "revoked", "expired"

    def sent(who, day, *events):
        return referral(who, partner, by=coordinator, sent=day, events=events)

    made = {
        "f1": sent(pa, D(2026, 12, 1), (D(2026, 12, 20), accepted), (D(2027, 1, 10), done)),
        "f2": sent(pa, D(2027, 1, 1), (D(2027, 1, 5), accepted), (D(2027, 2, 1), revoked)),
        "f3": sent(pa, D(2027, 1, 3), (D(2027, 1, 5), accepted)),
        "f4": sent(pa, D(2027, 1, 3), (D(2027, 1, 10), "declined")),
        "f5": sent(pb, D(2027, 1, 22), (D(2027, 2, 1), accepted), (D(2027, 3, 31), expired)),
        "f6": sent(pb, D(2027, 1, 31), (D(2027, 2, 1), accepted), (D(2027, 4, 1), done)),
        "f7": sent(pb, D(2027, 2, 27), (D(2027, 3, 1), accepted), (D(2027, 3, 15), done)),
    }
    return pa, pb, made


def test_referrals_completed_of_the_accepted_referrals_that_ended_in_the_period(referrals, owners):
    pa, pb, _made = referrals
    indicator = CATALOGUE["HC-CON-05"]

    result = measure(indicator, owners=owners, period=Q1)

    # Ended in the period after acceptance: f1 (done), f2 (revoked), f5 (expired), f7 (done).
    assert (result.total.count, result.total.eligible) == (2, 4)
    assert jurisdictions(result) == [("almaty", 1, 2), ("shymkent", 1, 2)]
    assert ids(members(indicator, owners=owners, period=Q1)) == {pa.pk, pb.pk}


def test_median_days_from_referral_to_acceptance_counts_calendar_days(referrals, owners):
    pa, _pb, _made = referrals
    indicator = CATALOGUE["HC-CON-06"]

    result = measure(indicator, owners=owners, period=Q1)

    # Accepted in the period: f2 4 days, f3 2, f5 10, f6 1, f7 2 (sent at noon, accepted at nine).
    assert (result.total.value, result.total.count) == (2.0, 5)
    cities = breakdown(result, Dimension.JURISDICTION)
    assert (tally(cities, "almaty").value, tally(cities, "almaty").count) == (3.0, 2)
    assert (tally(cities, "shymkent").value, tally(cities, "shymkent").count) == (2.0, 3)
    assert result.trend[-2][1].value == 19.0  # 2026Q4: f1 only
    assert ids(members(indicator, owners=owners, period=Q1, dimension=Dimension.JURISDICTION, key="almaty")) == {pa.pk}
