"""Worked examples: actions blocked at the end of 2027Q1 (as they stood then), and urgent needs without an
open action (two cities)."""

import datetime

import pytest

from mel.indicators import CATALOGUE, measure, members
from mel.periods import Period
from mel.results import Dimension
from mel.tests.builders import action_history, assess, breakdown, close, ids, person, plan_goal, tally

Q1 = Period.parse("2027Q1")
D = datetime.date
SETTLED = D(2026, 6, 1)


@pytest.fixture
def owners(city_a, city_b):
    return [city_a.social.pk, city_b.social.pk]


def test_actions_blocked_counts_actions_as_they_stood_on_the_last_day_by_reason(city_a, city_b, coordinator, owners):
    a, b = city_a.social, city_b.social
    x_a, x_b, x_closed = person(a, arrived=SETTLED), person(b, arrived=SETTLED), person(a, arrived=SETTLED)
    housing, work = plan_goal(x_a, "housing"), plan_goal(x_a, "livelihood")
    action_history(housing, a, [(D(2027, 1, 5), "planned", ""), (D(2027, 2, 1), "blocked", "no_funding")])
    action_history(housing, a, [(D(2027, 1, 10), "blocked", "no_provider"), (D(2027, 3, 15), "done", "")])
    # Blocked at the end of March, done since: it counts for the period.
    action_history(work, a, [(D(2027, 2, 1), "blocked", "no_provider"), (D(2027, 4, 2), "done", "")])
    action_history(work, a, [(D(2027, 1, 1), "planned", ""), (D(2027, 4, 5), "blocked", "waiting_documents")])
    action_history(plan_goal(x_b, "safety"), b, [(D(2027, 3, 31), "blocked", "other")], hour=23)
    action_history(plan_goal(x_closed, "housing"), a, [(D(2027, 1, 5), "blocked", "no_funding")])
    close(x_closed, by=coordinator, decided=D(2027, 2, 1))
    indicator = CATALOGUE["HC-UN-01"]

    result = measure(indicator, owners=owners, period=Q1)

    assert result.total.count == 3
    reasons = breakdown(result, Dimension.REASON)
    assert [(t.key, t.count) for t in reasons.tallies] == [
        ("no_provider", 1),
        ("no_funding", 1),
        ("waiting_documents", 0),
        ("not_ready", 0),
        ("other", 1),
    ]
    assert reasons.additive
    assert ids(members(indicator, owners=owners, period=Q1)) == {x_a.pk, x_b.pk}
    assert ids(members(indicator, owners=owners, period=Q1, dimension=Dimension.REASON, key="other")) == {x_b.pk}
    assert result.trend[-2][1].count == 0  # at the end of 2026 nothing was blocked yet


def test_urgent_needs_without_an_open_action_count_domain_pairs_of_the_latest_assessment(
    city_a, city_b, coordinator, owners
):
    a, b = city_a.social, city_b.social
    m1, m2, m3 = person(a, arrived=SETTLED), person(a, arrived=SETTLED), person(b, sex="male", arrived=SETTLED)
    assess(m1, {"legal_status": 1}, by=coordinator, on=D(2026, 10, 1))  # an older assessment does not count
    assess(m1, {"housing": 1, "education": 2, "safety": 4}, by=coordinator, on=D(2027, 2, 1))
    action_history(plan_goal(m1, "housing"), a, [(D(2027, 2, 5), "planned", "")])
    assess(m2, {"housing": 2}, by=coordinator, on=D(2027, 3, 1))
    assess(m2, {"housing": 1, "safety": 1}, by=coordinator, on=D(2027, 4, 10))  # after the period
    action_history(plan_goal(m2, "housing"), a, [(D(2027, 1, 5), "planned", ""), (D(2027, 2, 15), "done", "")])
    assess(m3, {"safety": 1, "family": 2}, by=coordinator, on=D(2027, 1, 1))
    action_history(plan_goal(m3, "safety"), b, [(D(2027, 1, 5), "blocked", "no_provider")])
    action_history(plan_goal(m3, "family"), b, [(D(2027, 4, 2), "planned", "")])  # opened after the period
    m4 = person(b, arrived=SETTLED)
    assess(m4, {"housing": 1}, by=coordinator, on=D(2027, 1, 1))
    close(m4, by=coordinator, decided=D(2027, 3, 1))
    indicator = CATALOGUE["HC-UN-02"]

    result = measure(indicator, owners=owners, period=Q1)

    assert result.total.count == 3
    domains = breakdown(result, Dimension.DOMAIN)
    assert domains.additive
    assert [tally(domains, k).count for k in ("education", "housing", "family", "safety", "legal_status")] == [
        1,
        1,
        1,
        0,
        0,
    ]
    sex = breakdown(result, Dimension.SEX)
    assert (tally(sex, "female").count, tally(sex, "male").count) == (2, 1)
    assert ids(members(indicator, owners=owners, period=Q1)) == {m1.pk, m2.pk, m3.pk}
    assert ids(members(indicator, owners=owners, period=Q1, dimension=Dimension.DOMAIN, key="housing")) == {m2.pk}
