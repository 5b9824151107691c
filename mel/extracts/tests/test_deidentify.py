# ruff: noqa: RUF001, RUF003 (en dashes in the band labels)
"""The pure de-identification: pseudonyms, bands, months since arrival, k-anonymity."""

import datetime
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from mel.extracts.deidentify import QUASI_IDENTIFIERS, VARIABLES, Person, deidentify, months_between

END = datetime.date(2026, 3, 31)
ARRIVAL = datetime.date(2025, 11, 3)


def person(key, *, sex="female", birth_year=1990, size=2, city="Almaty", cohort=ARRIVAL, **series) -> Person:
    return Person(
        key=key,
        city=city,
        sex=sex,
        birth_year=birth_year,
        household_size=size,
        arrival=ARRIVAL,
        returned_on=ARRIVAL - datetime.timedelta(days=20),
        cohort_date=cohort,
        phase="reintegration",
        **series,
    )


def groups(extract):
    table = extract.tables[0]
    columns = [table.columns.index(name) for name in QUASI_IDENTIFIERS if name in table.columns]
    return Counter(tuple(row[i] for i in columns) for row in table.rows)


def test_the_same_people_get_different_pseudonyms_in_two_extracts():
    people = [person(i) for i in range(10)]
    first = deidentify(people, end=END, variables=list(VARIABLES), k=5)
    second = deidentify(people, end=END, variables=list(VARIABLES), k=5)
    names = {row[0] for row in first.tables[0].rows}
    assert len(names) == 10
    assert not names & {row[0] for row in second.tables[0].rows}


def test_birth_year_becomes_an_age_band_and_the_row_carries_no_key():
    people = [person(f"secret-key-{i}") for i in range(5)]
    extract = deidentify(people, end=END, variables=["sex", "age_band", "cohort"], k=5)
    table = extract.tables[0]
    assert table.columns == ["pseudonym", "city", "sex", "age_band", "cohort", "generalisation_step"]
    assert {tuple(row[1:]) for row in table.rows} == {("Almaty", "female", "30–44", "2025Q4", 0)}
    assert "secret-key" not in repr(extract)
    assert "1990" not in repr(extract)


def test_dates_become_months_since_arrival_in_the_time_series():
    needs = ((datetime.date(2026, 2, 2), "housing", 2),)
    milestones = (("school", datetime.date(2026, 1, 10), None),)
    screenings = ((datetime.date(2025, 12, 3), "phq9", 11.0),)
    referrals = ((datetime.date(2026, 3, 5), "health"), (datetime.date(2026, 3, 20), "health"))
    series = {"needs": needs, "milestones": milestones, "screenings": screenings, "referrals": referrals}
    people = [person(i, **series) for i in range(5)]
    tables = {t.name: t for t in deidentify(people, end=END, variables=list(VARIABLES), k=5).tables}
    assert {tuple(row[1:]) for row in tables["needs_ratings"].rows} == {(2, "housing", 2)}
    assert {tuple(row[1:]) for row in tables["milestones"].rows} == {("school", 2, None)}
    assert {tuple(row[1:]) for row in tables["screenings"].rows} == {(1, "phq9", 11.0)}
    assert {tuple(row[1:]) for row in tables["referrals"].rows} == {(4, "health", 2)}
    assert len(tables["referrals"].rows) == 5


def test_whole_months_count_complete_months_only():
    assert months_between(datetime.date(2025, 11, 3), datetime.date(2025, 12, 2)) == 0
    assert months_between(datetime.date(2025, 11, 3), datetime.date(2025, 12, 3)) == 1
    assert months_between(datetime.date(2025, 11, 3), datetime.date(2025, 10, 20)) == 0
    assert months_between(datetime.date(2025, 11, 3), datetime.date(2025, 9, 3)) == -2


def test_a_small_group_is_generalised_to_wider_age_bands_before_anything_is_withheld():
    # Five women aged 35 and five aged 25: too few apart at k=10, together in 18–44.
    people = [person(i, birth_year=1991) for i in range(5)] + [person(i + 5, birth_year=2001) for i in range(5)]
    extract = deidentify(people, end=END, variables=["sex", "age_band"], k=10)
    assert extract.withheld == 0 and extract.generalised == 10
    assert {row[3] for row in extract.tables[0].rows} == {"18–44"}


def test_a_group_that_stays_small_at_every_step_is_withheld_with_its_time_series():
    needs = ((datetime.date(2026, 2, 2), "housing", 2),)
    people = [person(i) for i in range(5)] + [person("lonely", sex="male", birth_year=1950, needs=needs)]
    extract = deidentify(people, end=END, variables=["sex", "age_band", "needs"], k=5)
    assert extract.withheld == 1 and extract.people == 6
    assert len(extract.tables[0].rows) == 5
    assert extract.tables[1].rows == []


def test_a_quasi_identifier_not_requested_is_no_column_and_no_part_of_the_check():
    people = [person(i, birth_year=1950 + i * 10) for i in range(5)]
    extract = deidentify(people, end=END, variables=["sex"], k=5)
    assert extract.withheld == 0 and extract.generalised == 0
    assert extract.quasi_identifiers == ["city", "sex"]


def test_the_cohort_year_replaces_the_quarter_when_the_quarters_are_too_small():
    people = [person(i, cohort=datetime.date(2025, 2 + 3 * (i % 2), 1)) for i in range(6)]
    extract = deidentify(people, end=END, variables=["cohort"], k=5)
    assert {row[2] for row in extract.tables[0].rows} == {"2025"}


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(2, 6), count=st.integers(0, 60))
def test_every_released_group_has_at_least_k_rows(seed, k, count):
    chance = random.Random(seed)
    people = [
        person(
            i,
            sex=chance.choice(["female", "male"]),
            birth_year=chance.randint(1950, 2024),
            size=chance.randint(1, 9),
            city=chance.choice(["Almaty", "Shymkent"]),
            cohort=chance.choice([None, datetime.date(2024, chance.randint(1, 12), 1)]),
        )
        for i in range(count)
    ]
    extract = deidentify(people, end=END, variables=list(VARIABLES), k=k)
    assert all(size >= k for size in groups(extract).values())
    assert len(extract.tables[0].rows) + extract.withheld == count
