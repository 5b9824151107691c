"""``manage.py refresh_indicators``: every dashboard reader's scope recomputed, late entries included."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import make_user
from directory.models import Organisation, Role
from mel import indicators, snapshots
from mel.indicators import CATALOGUE
from mel.models import Snapshot
from mel.periods import Period
from mel.tests.builders import person


@pytest.fixture
def one_indicator(monkeypatch):
    """The command recomputes the whole catalogue; one indicator is enough to see which scopes and periods."""
    monkeypatch.setattr(indicators, "CATALOGUE", {"HC-COV-01": CATALOGUE["HC-COV-01"]})


def test_every_readers_scope_gets_the_last_finished_month_quarter_and_year(
    city_a, city_b, me_officer, coordinator, one_indicator, capsys
):
    national = Organisation.objects.create(
        slug="agency", name="National agency", kind="national_agency", jurisdiction=city_a.city.parent.parent
    )
    make_user("national.me", organisation=national, role=Role.ME_OFFICER)
    person(city_a.social, born=1990, arrived=datetime.date(2026, 1, 10))

    call_command("refresh_indicators")

    kept = set(Snapshot.objects.values_list("owners", "period").distinct())
    today = timezone.localdate()
    latest = {Period.containing(today, kind).previous().code for kind in ("month", "quarter", "year")}
    city_a_all = ",".join(str(pk) for pk in sorted([city_a.social.pk, city_a.cso.pk, city_a.police.pk]))
    everything = ",".join(str(pk) for pk in sorted(Organisation.objects.values_list("pk", flat=True)))
    assert {owners for owners, _period in kept} == {str(city_a.social.pk), city_a_all, everything, _city(city_b)}
    assert {period for _owners, period in kept} == latest
    assert "12 indicator figures recomputed for 4 readers' scopes" in capsys.readouterr().out


def test_a_period_kept_on_request_is_recomputed_with_what_was_entered_since(city_a, coordinator, one_indicator):
    old = Period.parse("2025Q2")
    owners = [city_a.social.pk]
    snapshots.measured(CATALOGUE["HC-COV-01"], owners=owners, period=old)
    person(city_a.social, born=1990, arrived=datetime.date(2025, 4, 2))

    call_command("refresh_indicators", days=100_000)

    kept = Snapshot.objects.get(owners=str(city_a.social.pk), indicator="HC-COV-01", period="2025Q2")
    assert kept.measured["total"][2] == 1


def _city(city) -> str:
    return ",".join(str(pk) for pk in sorted([city.social.pk, city.cso.pk, city.police.pk]))
