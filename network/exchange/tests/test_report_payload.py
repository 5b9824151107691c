"""The report's payload: a worked example, and a property over random city data that nothing in it
names or dates a person and no count below k is shown."""

import datetime
import re

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mel.indicators import CATALOGUE
from mel.periods import Period
from mel.tests.builders import person
from network.exchange.report import SCHEMA, build_payload, dumps, loads
from network.library.models import Practice
from network.library.shared import TEXTS
from network.library.tests.builders import make_practice

MADE_AT = datetime.datetime(2026, 10, 2, 9, 30, 5, 123456, tzinfo=datetime.UTC)
Q3 = Period.parse("2026Q3")
# Codes, keys and ranges ("hc-cov-01", "female", "12-17", "60+"), and period codes (2026, 2026Q3, 202607).
TOKEN = re.compile(r"^(?:[a-z0-9_+-]*|\d{4}(?:Q[1-4]|\d{2})?|HC-[A-Z]+-\d+)$")
# Anything that looks like a day, a time or a date written as digits.
FINER_THAN_A_MONTH = re.compile(r"\d{4}-\d{2}|\d{2}[./]\d{2}|\d{2}:\d{2}|^\d{7,}$")


def strings(node, path=""):
    """Every key and string value in the document, with where it is."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield f"{path}.{key}", key
            yield from strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, f"{path}[{index}]")


def figures(node):
    """Every figure (a dict with ``suppressed``) anywhere in the document."""
    if isinstance(node, dict):
        if "suppressed" in node:
            yield node
        for value in node.values():
            yield from figures(value)
    elif isinstance(node, list):
        for value in node:
            yield from figures(value)


# A shared practice's texts are prose, written and reviewed for publication: checked for codes only.
PROSE_FIELDS = "|".join(TEXTS)
PROSE = re.compile(rf"^\.practices\[\d+\]\.(?:(?:translations\[\d+\]\.)?(?:{PROSE_FIELDS})|organisation\.name)$")


def problems(document: dict, k: int, codes: set[str]) -> list[str]:
    found = []
    for where, text in strings(document):
        if text in codes:
            found.append(f"{where}: a participant's code")
        if where == ".made_at" or where in (".city.name", ".schema") or PROSE.match(where):
            continue
        if FINER_THAN_A_MONTH.search(text):
            found.append(f"{where}: a date finer than a month: {text!r}")
        if not TOKEN.match(text):
            found.append(f"{where}: free text: {text!r}")
    for figure in figures(document):
        for name in ("count", "eligible"):
            number = figure.get(name)
            if not figure["suppressed"] and number is not None and 0 < number < k:
                found.append(f"an unsuppressed {name} below k: {figure}")
    return found


def test_the_payload_holds_the_city_period_sequence_and_every_indicator_as_published(db, city_a):
    for _ in range(6):
        person(city_a.social, born=1990, arrived=datetime.date(2026, 5, 1))
    for _ in range(2):
        person(city_a.social, sex="male", born=2015, arrived=datetime.date(2026, 5, 1), role="son")
    payload = build_payload(city_a.city, Q3, 7, MADE_AT)
    document = loads(payload)
    assert payload == dumps(document)  # keys sorted, no spaces: the same bytes every time
    assert payload.startswith(b'{"city":{"name":"Almaty","slug":"almaty"},"indicators":[')
    assert {key: value for key, value in document.items() if key != "indicators"} == {
        "schema": SCHEMA,
        "city": {"slug": "almaty", "name": "Almaty"},
        "period": "2026Q3",
        "sequence": 7,
        "made_at": "2026-10-02T09:30:05Z",
        "k": 5,
        "practices": [],
    }
    assert [indicator["code"] for indicator in document["indicators"]] == list(CATALOGUE)
    active = document["indicators"][0]
    assert active["code"] == "HC-COV-01" and active["unit"] == "count"
    assert (active["total"]["count"], active["total"]["suppressed"]) == (8, False)
    by_sex = {f["key"]: f for f in active["breakdowns"][0]["figures"]}
    assert active["breakdowns"][0]["dimension"] == "sex"
    # Two boys: hidden (primary), and the women too, or 8 - 6 would give the boys away.
    assert (by_sex["male"]["count"], by_sex["male"]["reason"]) == (None, "primary")
    assert (by_sex["female"]["count"], by_sex["female"]["reason"]) == (None, "complementary")
    assert problems(document, 5, set()) == []


def test_the_city_published_and_shared_practices_travel_with_the_figures(db, city_a, network_editor, coordinator):
    published = dict(state=Practice.State.PUBLISHED, reviewer=coordinator)
    make_practice(
        network_editor, city_a.social, title="Shared", shared=True, started_on=datetime.date(2025, 3, 14), **published
    )
    make_practice(network_editor, city_a.social, title="Published, not shared", **published)
    make_practice(network_editor, city_a.social, title="A draft")
    document = loads(build_payload(city_a.city, Q3, 1, MADE_AT))
    assert [(p["title"], p["started"]) for p in document["practices"]] == [("Shared", "202503")]
    assert problems(document, 5, set()) == []


def test_the_check_finds_a_date_a_name_a_code_and_a_small_count():
    document = {
        "indicators": [
            {"key": "2026-07-14", "total": {"count": 3, "eligible": None, "suppressed": False}},
            {"key": "Aigerim Test", "total": {"count": None, "eligible": 2, "suppressed": True}},
            {"key": "k7qf-2m9d", "total": {"count": 0, "eligible": 4, "suppressed": False}},
        ]
    }
    assert problems(document, 5, {"k7qf-2m9d"}) == [
        ".indicators[0].key: a date finer than a month: '2026-07-14'",
        ".indicators[1].key: free text: 'Aigerim Test'",
        ".indicators[2].key: a participant's code",
        "an unsuppressed count below k: {'count': 3, 'eligible': None, 'suppressed': False}",
        "an unsuppressed eligible below k: {'count': 0, 'eligible': 4, 'suppressed': False}",
    ]


people = st.lists(
    st.tuples(
        st.sampled_from(["female", "male"]),
        st.integers(1960, 2024),
        st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 12, 31)),
        st.booleans(),  # owned by the CSO rather than social services
    ),
    max_size=14,
)


@pytest.mark.django_db
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=people, k=st.integers(3, 6))
def test_no_payload_names_dates_or_counts_below_k_any_participant(city_a, family, network_editor, coordinator, data, k):
    with transaction.atomic(), override_settings(HOMECOMING_MIN_CELL=k):
        made = [
            person(city_a.cso if cso else city_a.social, sex=sex, born=born, arrived=arrived, role="mother")
            for sex, born, arrived, cso in data
        ]
        codes = {p.code for p in made} | {p.household.code for p in made}
        codes |= {p.code for p in (family.mother, family.daughter, family.son)} | {family.household.code}
        make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator, shared=True)
        payload = build_payload(city_a.city, Q3, 1, MADE_AT)
        assert problems(loads(payload), k, codes) == []
        assert not any(code.encode() in payload for code in codes)
        transaction.set_rollback(True)
