"""The before-after panel, worked through: a school-enrolment practice started on 2026-05-10.

The quarter before the start is 2026Q1; on 2026-11-30 the latest complete quarter is 2026Q3.
City A's figures are stood in for by a fake ``measured`` (the indicators' own counting is
mel's, tested there): 12 of 20 children enrolled before, 3 of 4 after. With k = 5 the
second share rests on fewer than 5 children and is shown as suppressed, never as 3 of 4.
"""

import datetime

from mel.indicators import CATALOGUE
from mel.periods import Period
from mel.results import Measured, Tally
from mel.scope import organisations_in
from network.library import outcomes
from network.library.tests.builders import make_practice

TODAY = datetime.date(2026, 11, 30)
COUNTS = {"2026Q1": (12, 20), "2026Q3": (3, 4)}


def _fake(calls):
    def measured(indicator, *, owners, period, today=None):
        calls.append((indicator.code, tuple(sorted(owners)), period.code))
        count, eligible = COUNTS[period.code]
        total = Tally("", "", count=count, eligible=eligible)
        return Measured(indicator, period, total, (), ((period, total),))

    return measured


def test_the_periods_are_the_quarter_before_the_start_and_the_latest_complete_one():
    assert outcomes.periods(datetime.date(2026, 5, 10), TODAY) == (Period.quarter(2026, 1), Period.quarter(2026, 3))


def test_the_panel_shows_the_citys_suppressed_values_before_and_after(city_a, network_editor, monkeypatch, settings):
    settings.HOMECOMING_MIN_CELL = 5
    calls = []
    monkeypatch.setattr(outcomes.snapshots, "measured", _fake(calls))
    practice = make_practice(
        network_editor, city_a.social, indicators=["HC-OUT-02"], started_on=datetime.date(2026, 5, 10)
    )
    panel = outcomes.panel(practice, today=TODAY)
    assert (panel.before.code, panel.after.code) == ("2026Q1", "2026Q3")
    city = tuple(sorted(organisations_in(city_a.city)))
    assert calls == [("HC-OUT-02", city, "2026Q1"), ("HC-OUT-02", city, "2026Q3")]
    [row] = panel.rows
    assert row.indicator is CATALOGUE["HC-OUT-02"]
    assert row.before == "60% (12 of 20)" and not row.before_suppressed
    assert row.after_suppressed and "3" not in row.after


def test_no_panel_without_a_start_date_or_indicators(city_a, network_editor):
    assert outcomes.panel(make_practice(network_editor, city_a.social, indicators=["HC-OUT-02"])) is None
    assert outcomes.panel(make_practice(network_editor, city_a.social, started_on=TODAY)) is None


def test_the_practice_page_shows_the_panel_with_its_caution(client, city_a, network_editor, monkeypatch):
    monkeypatch.setattr(outcomes.snapshots, "measured", _fake([]))
    monkeypatch.setattr(outcomes.timezone, "localdate", lambda *args: TODAY)
    practice = make_practice(
        network_editor, city_a.social, indicators=["HC-OUT-02"], started_on=datetime.date(2026, 5, 10)
    )
    client.force_login(network_editor)
    response = client.get(f"/practices/{practice.pk}/")
    assert b'id="before-after"' in response.content
    assert "is not proof that the practice caused the change" in response.content.decode()
    assert "60% (12 of 20)" in response.content.decode()
