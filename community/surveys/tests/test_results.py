"""A round's results: aggregates only, nothing below k respondents, small option counts hidden and
at least one more beside each so that none can be worked out from the number of respondents."""

import pytest

from community.surveys import actions
from community.surveys.results import COMPLEMENTARY, PRIMARY, protect_item, results_for, trend_for
from community.surveys.tests.helpers import all_the_same, make_round, respond, respond_many, survey
from people.tests.builders import actor_of

K = 5


def _results(round_):
    return results_for(round_, survey(), "en", k=K)


def _hidden_sum_is_wide_enough(counts, reasons) -> bool:
    """What a reader knows of the hidden counts: their sum (respondents minus the shown ones). Each
    hidden count could be anything from 0 to that sum: protected when that is k or more values."""
    hidden = [count for count, reason in zip(counts, reasons, strict=True) if reason]
    return not hidden or (len(hidden) >= 2 and sum(hidden) >= K)


def test_below_k_respondents_only_their_number_is_given(coordinator):
    round_ = make_round(coordinator)
    respond_many(round_, coordinator, K - 1)
    results = _results(round_)
    assert not results.shown and results.respondents == K - 1
    assert results.headline is None and results.items == () and results.scales == ()


def test_from_k_respondents_the_means_are_shown_with_one_decimal(coordinator):
    round_ = make_round(coordinator)
    respond_many(round_, coordinator, 3, value=4)  # a3 a6 a8 reversed: 4,4,2,4,4,2,4,2 -> 3.25 -> 56.25
    respond_many(round_, coordinator, 2, value=5)  # 5,5,1,5,5,1,5,1 -> 3.5 -> 62.5
    results = _results(round_)
    assert results.shown and results.respondents == 5
    assert results.headline.mean == round((3 * 56.25 + 2 * 62.5) / 5, 1) == 58.8
    assert [scale.name for scale in results.scales] == ["Closeness in daily life", "Support for inclusion"]


def test_a_mean_resting_on_fewer_than_k_scored_respondents_is_not_shown(coordinator):
    round_ = make_round(coordinator)
    respond_many(round_, coordinator, K - 1)
    respond(round_, coordinator, {"a1": 5})  # too few items for any scale
    results = _results(round_)
    assert results.shown
    assert results.headline.mean is None and results.headline.scored == K - 1


def test_an_option_chosen_by_fewer_than_k_is_hidden_and_so_is_one_more_of_the_item(coordinator):
    round_ = make_round(coordinator)
    respond_many(round_, coordinator, 8, value=4)
    respond_many(round_, coordinator, 6, value=5)
    respond(round_, coordinator, all_the_same(2))
    results = _results(round_)
    first = results.items[0]
    assert [cell.label for cell in first.cells] == [
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
        "No answer",
    ]
    shown = [(cell.count, cell.share, cell.hidden) for cell in first.cells]
    # "Disagree" (1) hidden; the smallest other non-zero count (strongly agree, 6) hidden beside it.
    assert shown == [
        (0, 0.0, ""),
        (None, None, PRIMARY),
        (0, 0.0, ""),
        (8, 53.3, ""),
        (None, None, COMPLEMENTARY),
        (0, 0.0, ""),
    ]


def test_no_answer_is_a_count_like_the_options(coordinator):
    round_ = make_round(coordinator)
    respond_many(round_, coordinator, 10, value=3)
    for _ in range(2):
        respond(round_, coordinator, {"a2": 3})
    first = _results(round_).items[0]
    assert first.cells[-1].hidden == PRIMARY  # two without an answer to a1
    assert first.cells[2].hidden == COMPLEMENTARY


@pytest.mark.parametrize(
    "counts",
    [
        [0, 1, 0, 8, 6, 0],
        [1, 1, 0, 0, 20, 0],
        [2, 2, 2, 2, 2, 2],
        [4, 0, 0, 0, 0, 1],
        [1, 0, 0, 0, 0, 4],
        [0, 0, 3, 0, 50, 0],
        [5, 5, 5, 5, 5, 0],
        [0, 0, 0, 0, 12, 0],
        [1, 3, 9, 40, 12, 0],
    ],
)
def test_no_hidden_count_of_an_item_can_be_worked_out(counts):
    reasons = protect_item(counts, K)
    assert all(reasons[i] == PRIMARY for i, count in enumerate(counts) if 0 < count < K)
    assert _hidden_sum_is_wide_enough(counts, reasons), reasons


def test_counts_of_k_or_more_and_zeros_alone_are_all_shown():
    assert protect_item([5, 0, 7, 30, 0, 9], K) == [""] * 6


def test_the_page_data_holds_no_respondent_row(coordinator):
    round_ = make_round(coordinator)
    respond_many(round_, coordinator, K)
    text = repr(_results(round_))
    assert "answers" not in text and "collected_on" not in text


def test_the_trend_lists_closed_rounds_of_the_city_from_k_respondents_oldest_first(coordinator, other_coordinator):
    import datetime

    spring = make_round(coordinator, title="Spring")
    autumn = make_round(
        coordinator, title="Autumn", starts_on=datetime.date(2026, 10, 1), ends_on=datetime.date(2026, 10, 31)
    )
    small = make_round(coordinator, title="Small")
    still_open = make_round(coordinator, title="Open")
    elsewhere = make_round(other_coordinator, title="Elsewhere")
    respond_many(spring, coordinator, K, value=4)
    respond_many(autumn, coordinator, K, value=5)
    respond_many(small, coordinator, K - 1)
    respond_many(still_open, coordinator, K)
    respond_many(elsewhere, other_coordinator, K)
    for round_, by in (
        (spring, coordinator),
        (autumn, coordinator),
        (small, coordinator),
        (elsewhere, other_coordinator),
    ):
        actions.close_round(actor=actor_of(by), round=round_)
    trend = trend_for(still_open, k=K)
    assert [(point.round.title, point.respondents, point.mean) for point in trend] == [
        ("Spring", K, 56.2),
        ("Autumn", K, 62.5),
    ]
