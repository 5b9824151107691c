"""Worked examples: the outcome milestones held at the end of 2027Q1, improvement in a needs domain,
and support 12 months after arrival (two cities)."""

import datetime

import pytest

from mel.indicators import CATALOGUE, measure, members
from mel.periods import Period
from mel.results import Dimension
from mel.tests.builders import assess, breakdown, close, ids, milestone, person, plan_goal, tally

Q1 = Period.parse("2027Q1")
D = datetime.date
SETTLED = D(2026, 6, 1)  # arrived well over 30 days before the end of the period


@pytest.fixture
def owners(city_a, city_b):
    return [city_a.social.pk, city_b.social.pk]


def share(tallied):
    return (tallied.count, tallied.eligible)


def test_documents_restored_counts_milestones_held_on_the_last_day(city_a, city_b, coordinator, owners):
    a, b = city_a.social, city_b.social
    o1 = person(a, arrived=SETTLED)
    milestone(o1, "documents_restored", by=coordinator, reached=D(2027, 1, 10))
    o2 = person(a, sex="male", born=2016, arrived=SETTLED)
    milestone(o2, "documents_restored", by=coordinator, reached=D(2026, 8, 1), lost=D(2027, 3, 31))  # lost that day
    o3 = person(b, arrived=SETTLED)
    milestone(o3, "documents_restored", by=coordinator, reached=D(2027, 4, 2))  # after the period
    o4 = person(b, arrived=D(2027, 3, 2))  # in the programme 29 days only
    milestone(o4, "documents_restored", by=coordinator, reached=D(2027, 3, 10))
    o5 = person(a, arrived=D(2027, 3, 1))  # exactly 30 days
    milestone(o5, "documents_restored", by=coordinator, reached=D(2027, 3, 31))
    o6 = person(a, arrived=SETTLED)
    milestone(o6, "documents_restored", by=coordinator, reached=D(2026, 9, 1))
    close(o6, by=coordinator, decided=D(2027, 2, 1))
    indicator = CATALOGUE["HC-OUT-01"]

    result = measure(indicator, owners=owners, period=Q1)

    assert share(result.total) == (2, 4)
    sex = breakdown(result, Dimension.SEX)
    assert (share(tally(sex, "female")), share(tally(sex, "male"))) == ((2, 3), (0, 1))
    assert ids(members(indicator, owners=owners, period=Q1)) == {o1.pk, o5.pk}
    assert ids(members(indicator, owners=owners, period=Q1, part="eligible")) == {o1.pk, o2.pk, o3.pk, o5.pk}


def test_children_of_school_age_enrolled_counts_children_aged_6_to_17(city_a, city_b, coordinator, owners):
    a, b = city_a.social, city_b.social
    c1 = person(a, born=2021, arrived=SETTLED, role="child")  # 6
    milestone(c1, "school_enrolled", by=coordinator, reached=D(2026, 9, 1))
    c2 = person(a, sex="male", born=2010, arrived=SETTLED, role="child")  # 17, not enrolled
    c3 = person(a, born=2009, arrived=SETTLED, role="child")  # 18
    milestone(c3, "school_enrolled", by=coordinator, reached=D(2026, 9, 1))
    person(a, born=2022, arrived=SETTLED, role="child")  # 5
    c5 = person(b, born=2015, arrived=SETTLED, role="child")  # 12, left school in February
    milestone(c5, "school_enrolled", by=coordinator, reached=D(2026, 9, 1), lost=D(2027, 2, 1))
    indicator = CATALOGUE["HC-OUT-02"]

    result = measure(indicator, owners=owners, period=Q1)

    assert share(result.total) == (1, 3)
    ages = breakdown(result, Dimension.AGE_BAND)
    assert (share(tally(ages, "5-11")), share(tally(ages, "12-17")), share(tally(ages, "18-29"))) == (
        (1, 1),
        (0, 2),
        (0, 0),
    )
    assert ids(members(indicator, owners=owners, period=Q1, part="eligible")) == {c1.pk, c2.pk, c5.pk}
    assert c3.pk not in ids(members(indicator, owners=owners, period=Q1, part="eligible"))


def test_reunified_counts_only_those_known_to_have_come_without_family(city_a, city_b, coordinator, owners):
    a, b = city_a.social, city_b.social
    u1 = person(a, arrived=SETTLED)
    milestone(u1, "reunified", by=coordinator, reached=D(2027, 1, 1))
    u2 = person(a, arrived=SETTLED)
    plan_goal(u2, "family")
    u3 = person(b, arrived=SETTLED)
    milestone(u3, "reunified", by=coordinator, reached=D(2026, 9, 1), lost=D(2027, 1, 1))
    person(b, arrived=SETTLED)  # nothing says the family is apart
    u5 = person(b, arrived=SETTLED)
    milestone(u5, "reunified", by=coordinator, reached=D(2027, 4, 5))  # not known yet at the end of March
    plan_goal(u5, "housing")
    indicator = CATALOGUE["HC-OUT-03"]

    result = measure(indicator, owners=owners, period=Q1)

    assert share(result.total) == (1, 3)
    cities = breakdown(result, Dimension.JURISDICTION)
    assert (share(tally(cities, "almaty")), share(tally(cities, "shymkent"))) == ((1, 2), (0, 1))
    assert ids(members(indicator, owners=owners, period=Q1, part="eligible")) == {u1.pk, u2.pk, u3.pk}


@pytest.mark.parametrize(
    ("code", "kind"),
    [("HC-OUT-04", "stable_housing"), ("HC-OUT-06", "allowances"), ("HC-OUT-07", "community_life")],
)
def test_household_and_community_outcomes_count_milestones_held_at_the_end(
    code, kind, city_a, city_b, coordinator, owners
):
    a, b = city_a.social, city_b.social
    yes_a = person(a, arrived=SETTLED)
    milestone(yes_a, kind, by=coordinator, reached=D(2026, 12, 1))
    person(a, sex="male", born=2012, arrived=SETTLED)
    yes_b = person(b, arrived=SETTLED)
    milestone(yes_b, kind, by=coordinator, reached=D(2026, 12, 1), lost=D(2027, 4, 1))  # lost after the period
    late = person(b, arrived=D(2027, 3, 15))
    milestone(late, kind, by=coordinator, reached=D(2027, 3, 20))
    other = person(city_a.cso, arrived=SETTLED)
    milestone(other, kind, by=coordinator, reached=D(2026, 12, 1))
    indicator = CATALOGUE[code]

    result = measure(indicator, owners=owners, period=Q1)

    assert share(result.total) == (2, 3)
    cities = breakdown(result, Dimension.JURISDICTION)
    assert (share(tally(cities, "almaty")), share(tally(cities, "shymkent"))) == ((1, 2), (1, 1))
    assert ids(members(indicator, owners=owners, period=Q1)) == {yes_a.pk, yes_b.pk}


def test_women_in_employment_training_or_self_employment_count_once_each(city_a, city_b, coordinator, owners):
    a, b = city_a.social, city_b.social
    w1 = person(a, arrived=SETTLED)
    milestone(w1, "employed", by=coordinator, reached=D(2026, 10, 1))
    milestone(w1, "training", by=coordinator, reached=D(2026, 8, 1))
    w2 = person(a, arrived=SETTLED)
    milestone(w2, "training", by=coordinator, reached=D(2027, 1, 5))
    w3 = person(b, arrived=SETTLED)
    milestone(w3, "self_employed", by=coordinator, reached=D(2026, 7, 1), lost=D(2027, 1, 1))
    w4 = person(b, born=2010, arrived=SETTLED, role="child")  # 17
    milestone(w4, "employed", by=coordinator, reached=D(2026, 10, 1))
    w5 = person(b, sex="male", arrived=SETTLED, role="other_adult")
    milestone(w5, "employed", by=coordinator, reached=D(2026, 10, 1))
    w6 = person(b, born=1950, arrived=SETTLED, role="grandparent")
    indicator = CATALOGUE["HC-OUT-05"]

    result = measure(indicator, owners=owners, period=Q1)

    assert share(result.total) == (2, 4)
    assert Dimension.SEX not in indicator.dimensions
    ages = breakdown(result, Dimension.AGE_BAND)
    assert (share(tally(ages, "30-44")), share(tally(ages, "60+"))) == ((2, 3), (0, 1))
    assert ids(members(indicator, owners=owners, period=Q1, part="eligible")) == {w1.pk, w2.pk, w3.pk, w6.pk}


@pytest.fixture
def assessed(city_a, city_b, coordinator):
    a, b = city_a.social, city_b.social
    names = ("i1", "i2", "i3", "i4", "i5", "i6")
    people = {name: person(a if name in ("i1", "i2", "i3") else b, arrived=SETTLED) for name in names}
    i1, i2, i3, i4, _i5, i6 = people.values()
    assess(i1, {"housing": 2, "education": 3}, by=coordinator, on=D(2026, 10, 1))
    assess(i1, {"housing": 3, "education": 3}, by=coordinator, on=D(2027, 2, 1))
    assess(i2, {"housing": 2}, by=coordinator, on=D(2026, 10, 1))
    assess(i2, {"housing": 2, "education": 1}, by=coordinator, on=D(2027, 2, 1))
    assess(i2, {"education": 2}, by=coordinator, on=D(2027, 3, 1))
    assess(i3, {"housing": 3}, by=coordinator, on=D(2026, 10, 1))
    assess(i3, {"housing": 2}, by=coordinator, on=D(2027, 2, 1))
    assess(i4, {"housing": 2}, by=coordinator, on=D(2027, 2, 1))
    assess(i6, {"housing": 1}, by=coordinator, on=D(2026, 10, 1))
    assess(i6, {"housing": 5}, by=coordinator, on=D(2027, 4, 10))  # after the period
    return people


def test_improvement_in_a_needs_domain_counts_people_with_two_assessments_and_the_others_as_no_data(assessed, owners):
    indicator = CATALOGUE["HC-OUT-08"]

    result = measure(indicator, owners=owners, period=Q1)

    assert (result.total.count, result.total.eligible, result.total.no_data) == (2, 3, 3)
    cities = breakdown(result, Dimension.JURISDICTION)
    assert (tally(cities, "almaty").count, tally(cities, "almaty").eligible, tally(cities, "shymkent").no_data) == (
        2,
        3,
        3,
    )
    assert ids(members(indicator, owners=owners, period=Q1)) == {assessed["i1"].pk, assessed["i2"].pk}
    assert ids(members(indicator, owners=owners, period=Q1, part="no_data")) == {
        assessed[k].pk for k in ("i4", "i5", "i6")
    }


def test_improvement_by_domain_counts_a_person_in_each_domain_and_does_not_add_up(assessed, owners):
    indicator = CATALOGUE["HC-OUT-08"]

    domains = breakdown(measure(indicator, owners=owners, period=Q1), Dimension.DOMAIN)

    assert domains.additive is False
    housing, education = tally(domains, "housing"), tally(domains, "education")
    assert (housing.count, housing.eligible, housing.no_data) == (1, 3, 2)
    assert (education.count, education.eligible, education.no_data) == (1, 2, 0)
    assert tally(domains, "safety").eligible == 0
    assert [t.key for t in domains.tallies][:2] == ["identity_documents", "physical_health"]
    chosen = members(indicator, owners=owners, period=Q1, dimension=Dimension.DOMAIN, key="education")
    assert ids(chosen) == {assessed["i2"].pk}


def test_still_supported_12_months_after_arrival(city_a, city_b, coordinator, owners):
    a, b = city_a.social, city_b.social
    k1 = person(a, arrived=D(2026, 1, 1))
    k2 = person(a, arrived=D(2026, 2, 1))
    close(k2, by=coordinator, decided=D(2026, 6, 1))
    k3 = person(a, arrived=D(2026, 2, 1))
    close(k3, by=coordinator, decided=D(2026, 10, 1), reason="goals_met")
    k4 = person(a, arrived=D(2026, 3, 31))
    close(k4, by=coordinator, decided=D(2026, 5, 1), reopened=D(2026, 7, 1))
    k5 = person(a, arrived=D(2026, 1, 15))
    close(k5, by=coordinator, decided=D(2027, 2, 1))  # after its 365th day
    person(a, arrived=D(2026, 4, 1))  # 365th day after the period
    person(a, arrived=D(2025, 12, 31))  # 365th day before the period
    k8 = person(b, arrived=D(2026, 3, 1))
    close(k8, by=coordinator, decided=D(2026, 3, 10), reopened=D(2027, 3, 10))  # reopened too late
    indicator = CATALOGUE["HC-OUT-09"]

    result = measure(indicator, owners=owners, period=Q1)

    assert share(result.total) == (4, 6)
    cities = breakdown(result, Dimension.JURISDICTION)
    assert (share(tally(cities, "almaty")), share(tally(cities, "shymkent"))) == ((4, 5), (0, 1))
    assert ids(members(indicator, owners=owners, period=Q1)) == {k1.pk, k3.pk, k4.pk, k5.pk}
