"""Worked examples of section a: actions blocked on the last day of 2026Q3, by reason and by how long
they have waited since the current blocked stretch began (read from the actions' history)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mel.disclosure import Entry, Family, Grid, ProtectedFamily, ProtectedGrid
from mel.needs import gaps
from mel.periods import Period
from mel.scope import organisations_in
from mel.tests.builders import action_history, person, plan_goal
from mel.tests.lp_audit import audit_family

Q3 = Period.parse("2026Q3")  # ends 2026-09-30
D = datetime.date
SETTLED = D(2025, 6, 1)
END = D(2026, 9, 30)


def blocked_for(goal, owner, days_waiting: int, reason: str = "no_funding"):
    """An action planned long ago and blocked ``days_waiting`` days before the end of the quarter."""
    return action_history(
        goal, owner, [(D(2025, 7, 1), "planned", ""), (END - datetime.timedelta(days=days_waiting), "blocked", reason)]
    )


def line(section, key):
    return next(each for each in section.lines if each.key == key)


def values(numbers):
    return [n.value for n in numbers]


@pytest.fixture
def owners(city_a):
    return organisations_in(city_a.city)


def test_six_actions_blocked_for_lack_of_funding_two_of_them_for_100_days_fall_in_their_bands(city_a, owners):
    social = city_a.social
    goal = plan_goal(person(social, arrived=SETTLED), "housing")
    for days in (3, 10, 20, 29, 100, 100):
        blocked_for(goal, social, days)

    counts = gaps.blocked_counts(owners, Q3, END)

    assert counts["no_funding"] == [4, 0, 2, 0]
    assert counts["no_provider"] == [0, 0, 0, 0]


def test_waiting_counts_from_the_start_of_the_current_blocked_stretch_not_from_an_earlier_one(city_a, owners):
    social = city_a.social
    goal = plan_goal(person(social, arrived=SETTLED), "housing")
    # Blocked a year ago, unblocked, blocked again 40 days before the end (its reason changed since).
    action_history(
        goal,
        social,
        [
            (D(2025, 9, 1), "blocked", "no_provider"),
            (D(2026, 1, 10), "in_progress", ""),
            (END - datetime.timedelta(days=40), "blocked", "no_provider"),
            (END - datetime.timedelta(days=5), "blocked", "waiting_documents"),
        ],
    )
    # Blocked for 200 days without a break; unblocked after the quarter ended: it still counts.
    action_history(goal, social, [(D(2026, 3, 14), "blocked", "other"), (D(2026, 10, 5), "done", "")])
    # Blocked and done within the quarter: not blocked on its last day.
    action_history(goal, social, [(D(2026, 7, 1), "blocked", "other"), (D(2026, 8, 1), "done", "")])

    counts = gaps.blocked_counts(owners, Q3, END)

    assert counts["waiting_documents"] == [0, 1, 0, 0]
    assert counts["other"] == [0, 0, 0, 1]
    assert counts["no_provider"] == [0, 0, 0, 0]


def test_the_bands_edges_are_whole_days_29_30_89_90_179_180(city_a, owners):
    social = city_a.social
    goal = plan_goal(person(social, arrived=SETTLED), "housing")
    for days in (0, 29, 30, 89, 90, 179, 180, 400):
        blocked_for(goal, social, days, "no_provider")

    assert gaps.blocked_counts(owners, Q3, END)["no_provider"] == [2, 2, 2, 2]


def test_only_the_citys_organisations_and_active_participants_count(city_a, city_b, coordinator, owners):
    from mel.tests.builders import close

    blocked_for(plan_goal(person(city_b.social, arrived=SETTLED), "housing"), city_b.social, 10)
    closed = person(city_a.social, arrived=SETTLED)
    blocked_for(plan_goal(closed, "housing"), city_a.social, 10)
    close(closed, by=coordinator, decided=D(2026, 8, 1))
    blocked_for(plan_goal(person(city_a.cso, arrived=SETTLED), "housing"), city_a.cso, 10)

    assert gaps.blocked_counts(owners, Q3, END)["no_funding"] == [1, 0, 0, 0]


def test_small_cells_are_hidden_and_enough_others_that_none_can_be_worked_out(city_a, owners):
    social = city_a.social
    goal = plan_goal(person(social, arrived=SETTLED), "housing")
    for days in (3, 10, 20, 29, 100, 100):
        blocked_for(goal, social, days)
    for days in (5, 200):
        blocked_for(goal, social, days, "no_provider")
    for days in (1, 2, 3, 4, 5):
        blocked_for(goal, social, days, "other")

    section = gaps.gaps(city_a.city, Q3, today=D(2026, 11, 30)).blocked

    funding, provider, other = (line(section, key) for key in ("no_funding", "no_provider", "other"))
    # By reason as on the dashboard (HC-UN-01): the 2 is hidden, and the 5 with it, else 13 - 6 - 5 = 2.
    assert (funding.total.value, provider.total.reason, other.total.reason) == (6, "primary", "complementary")
    assert section.total.total.value == 13
    # By waiting time: [4, 0, 2, 0] hides the 4 and the 2 (which add up to 6, k or more).
    assert [(n.value, n.reason) for n in funding.cells] == [(None, "primary"), (0, ""), (None, "primary"), (0, "")]
    # A hidden count hides at least one of its bands: here [1, 0, 0, 1] and [5, 0, 0, 0].
    assert values(provider.cells) == [None, 0, 0, None]
    assert values(other.cells) == [None, 0, 0, 0]
    # The attacker's linear programme cannot narrow any hidden band to fewer than k values.
    counts = gaps.blocked_counts(owners, Q3, END)
    for each in section.lines:
        assert audit_family(*band_line(counts[each.key], each), 5) == [], each.key


def band_line(bands: list[int], shown) -> tuple[Family, ProtectedFamily]:
    """One reason's bands as the attacker sees them: a line of four parts and the reason's count."""

    def entry(number):
        return Entry(number.value, number.reason)

    family = Family((Grid(tuple((n,) for n in bands)),), (sum(bands),))
    cells = tuple((entry(n),) for n in shown.cells)
    grid = ProtectedGrid(cells, tuple(entry(n) for n in shown.cells))
    return family, ProtectedFamily((grid,), (entry(shown.total),), entry(shown.total))


def test_numbers_of_k_or_more_are_all_shown_with_their_totals(city_a):
    social = city_a.social
    goal = plan_goal(person(social, arrived=SETTLED), "housing")
    for days in (1, 2, 3, 4, 5, 100, 101, 102, 103, 104):
        blocked_for(goal, social, days)

    section = gaps.gaps(city_a.city, Q3, today=D(2026, 11, 30)).blocked

    assert values(line(section, "no_funding").cells) == [5, 0, 5, 0]
    assert line(section, "no_funding").total.value == 10
    assert section.total.cells == ()  # no total per band: it would tie the reasons' hidden bands together
    assert section.total.total.value == 10


def test_waiting_is_counted_to_today_while_the_period_runs(city_a, owners):
    social = city_a.social
    today = datetime.date.today()
    goal = plan_goal(person(social, arrived=SETTLED), "housing")
    action_history(goal, social, [(today - datetime.timedelta(days=35), "blocked", "no_funding")])
    current = Period.containing(today)

    assert gaps.waited_until(current, today) == today
    assert gaps.blocked_counts(owners, current, today)["no_funding"] == [0, 1, 0, 0]


def test_counting_takes_the_same_number_of_queries_for_two_actions_or_twenty(city_a, owners):
    social = city_a.social
    goal = plan_goal(person(social, arrived=SETTLED), "housing")
    for days in (3, 100):
        blocked_for(goal, social, days)
    gaps.gaps(city_a.city, Q3, today=D(2026, 11, 30))  # the finished period's indicator snapshots are kept
    with CaptureQueriesContext(connection) as few:
        gaps.gaps(city_a.city, Q3, today=D(2026, 11, 30))
    for days in range(18):
        blocked_for(goal, social, days * 11, ("no_funding", "no_provider", "other")[days % 3])
    gaps.gaps(city_a.city, Q3, today=D(2026, 11, 30))
    with CaptureQueriesContext(connection) as many:
        gaps.gaps(city_a.city, Q3, today=D(2026, 11, 30))

    assert len(many) == len(few)
