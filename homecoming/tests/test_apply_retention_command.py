"""``manage.py apply_retention [--dry-run]``: the setting, today's date, counts only on the output."""

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from mel.tests.builders import close, person
from people.models import Participant

D = datetime.date
ROOT = Path(__file__).resolve().parents[2]


def closed_long_ago(owner, by) -> Participant:
    participant = person(owner, arrived=D(2023, 11, 1))
    close(participant, by=by, decided=D(2024, 2, 10))
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.CLOSED)
    return participant


def command(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_prints_counts_only_and_changes_nothing(city_a, case_worker, settings, monkeypatch):
    settings.HOMECOMING_RETENTION_YEARS = 2
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 3, 15))
    participant = closed_long_ago(city_a.social, case_worker)

    printed = command("--dry-run")

    assert printed.startswith("Dry run: nothing was changed. Cases closed more than 2 years ago would give:")
    assert "  participants=1\n" in printed and "  households=1\n" in printed and "  closures=1\n" in printed
    assert participant.code not in printed and participant.household.code not in printed
    assert Participant.objects.get(pk=participant.pk).code == participant.code


def test_the_run_reads_the_retention_period_and_today_and_prints_the_same_counts(
    city_a, case_worker, settings, monkeypatch
):
    settings.HOMECOMING_RETENTION_YEARS = 2
    participant = closed_long_ago(city_a.social, case_worker)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 2, 10))  # two years to the day
    assert "  participants=0\n" in command()

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 2, 11))
    printed = command()

    assert "  participants=1\n" in printed and printed.endswith("1 participants anonymised.\n")
    anonymised = Participant.objects.get(pk=participant.pk)
    assert anonymised.anonymised_on == D(2026, 2, 11) and anonymised.code not in printed


def test_a_retention_period_that_is_not_a_whole_number_of_years_stops_the_settings_naming_it():
    env = {**os.environ, "HOMECOMING_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "homecoming.settings"}
    for wrong in ("0", "ten"):
        result = subprocess.run(
            [sys.executable, "-c", "import homecoming.settings"],
            cwd=ROOT,
            env={**env, "HOMECOMING_RETENTION_YEARS": wrong},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode != 0
        assert "ImproperlyConfigured: HOMECOMING_RETENTION_YEARS must be" in result.stderr
