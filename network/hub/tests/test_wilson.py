import pytest

from network.hub.comparison import wilson


def test_eight_of_ten_gives_the_textbook_wilson_interval():
    low, high = wilson(8, 10)
    assert (round(low, 4), round(high, 4)) == (0.4902, 0.9433)


def test_a_large_city_with_the_same_share_has_a_narrower_interval():
    small, large = wilson(8, 10), wilson(800, 1000)
    assert large[1] - large[0] < small[1] - small[0]
    assert large[0] < 0.8 < large[1]


@pytest.mark.parametrize("count, eligible", [(0, 7), (7, 7)])
def test_the_interval_stays_between_nought_and_one_at_the_edges(count, eligible):
    low, high = wilson(count, eligible)
    assert 0.0 <= low < high <= 1.0


def test_without_anyone_eligible_there_is_no_interval():
    assert wilson(0, 0) is None
