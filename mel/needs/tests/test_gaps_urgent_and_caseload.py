"""Worked examples of sections c and d: urgent needs with no open action (HC-UN-02 as published), and
the caseload per case worker against HOMECOMING_CASELOAD_STANDARD."""

import datetime

from django.test import override_settings

from casework.models import TeamMember
from conftest import make_user
from directory.models import Role
from mel.needs import gaps
from mel.periods import Period
from mel.tests.builders import assess, at, person

Q3 = Period.parse("2026Q3")
D = datetime.date
SETTLED = D(2025, 6, 1)


def test_urgent_needs_without_an_action_come_from_hc_un_02_by_domain_with_small_ones_hidden(city_a, coordinator):
    for _ in range(6):
        assess(person(city_a.social, arrived=SETTLED), {"housing": 1, "education": 2}, by=coordinator, on=D(2026, 8, 1))
    assess(person(city_a.social, arrived=SETTLED), {"education": 1, "safety": 2}, by=coordinator, on=D(2026, 8, 1))

    urgent = gaps.gaps(city_a.city, Q3).urgent

    shown = {each.key: each.total for each in urgent.lines}
    assert shown["safety"].reason == "primary"  # one pair
    assert shown["housing"].reason == "complementary"  # else the 1 would be 14 - 7 - 6
    assert shown["education"].value == 7
    assert shown["family"].value == 0
    assert urgent.total.total.value == 14


@override_settings(HOMECOMING_CASELOAD_STANDARD=6)
def test_caseload_shows_the_standard_and_how_many_case_workers_are_above_it_without_names(city_a, coordinator):
    loads = {"a.one": 8, "a.two": 7, "a.three": 3}
    for username, load in loads.items():
        worker = make_user(username, organisation=city_a.social, role=Role.CASE_WORKER)
        for _ in range(load):
            TeamMember.objects.create(
                participant=person(city_a.social, arrived=SETTLED),
                membership=worker.memberships.get(),
                is_lead=True,
                assigned_by=coordinator,
                assigned_at=at(SETTLED),
            )

    caseload = gaps.gaps(city_a.city, Q3).caseload

    assert (caseload.standard, caseload.above_standard) == (6, 2)
    assert caseload.data["case_workers"] == 3
    assert caseload.data["participants"] == 18
    assert caseload.data["median"] == 7.0
    assert {band["key"]: band["workers"] for band in caseload.data["bands"]}["6-10"] == 2
    assert "a.one" not in repr(caseload)
