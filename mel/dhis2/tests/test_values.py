"""DHIS2 value strings: unlocalised numbers, never an exponent or a "-0"."""

import pytest

from mel.dhis2.export import _decimal, _integer


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (2.5, "2.5"),
        (-1.254, "-1.25"),
        (-0.001, "0"),
        (0.0, "0"),
        (12.0, "12"),
        (1e-7, "0"),
        (1234567.891, "1234567.89"),
    ],
)
def test_a_mean_or_median_is_written_with_at_most_two_decimals(number, text):
    assert _decimal(number) == text


def test_a_count_is_written_as_an_integer_and_nothing_stays_nothing():
    assert (_integer(7), _integer(0), _integer(None), _decimal(None)) == ("7", "0", None, None)
