"""Demo reports: for Almaty and Shymkent, an issued report for each of the last two complete
quarters, the more recent one corrected once (version 2, saying what changed), so that a new
user sees what an issued and a corrected report look like. Idempotent: what exists is kept."""

from __future__ import annotations

from django.utils import timezone

from core.actor import Actor
from directory.models import Jurisdiction, Membership, Role
from mel.periods import Period
from mel.reports import actions
from mel.reports.models import Report

CITIES = ("almaty", "shymkent")
WHAT_WORKED = (
    "Monthly case conferences with the schools and the employment centre shortened the wait for "
    "school places; the women's livelihood courses filled every place."
)
NEEDED = "Funding for two more case workers, and a faster route to restore identity documents."
CHANGES = "Late needs assessments of the quarter were entered after the first version; the figures now include them."


def _coordinator(city: Jurisdiction) -> Actor | None:
    membership = (
        Membership.objects.filter(
            role=Role.COORDINATOR, organisation__jurisdiction=city, user__username__endswith=".coordinator"
        )
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    return Actor.of(membership.user, membership) if membership is not None else None


def _issue(actor: Actor, report: Report) -> None:
    actions.issue(actor=actor, report=report, expected_version=report.version)


def seed_reports(today=None) -> int:
    """Issues what is missing; returns how many versions it issued."""
    latest = Period.containing(today or timezone.localdate(), "quarter").previous()
    issued = 0
    for slug in CITIES:
        city = Jurisdiction.objects.filter(slug=slug, level=Jurisdiction.Level.CITY).first()
        actor = city and _coordinator(city)
        if actor is None:
            continue
        for period, wanted in ((latest.previous(), 1), (latest, 2)):
            report = actions.start_report(actor=actor, city=city, period=period)
            while report.versions.count() < wanted:
                if report.versions.exists():
                    report = actions.start_correction(actor=actor, report=report, expected_version=report.version)
                report = actions.save_draft(
                    actor=actor,
                    report=report,
                    expected_version=report.version,
                    what_worked=WHAT_WORKED,
                    needed_from_government=NEEDED,
                    changes=CHANGES,
                )
                _issue(actor, report)
                report.refresh_from_db()
                issued += 1
    return issued
