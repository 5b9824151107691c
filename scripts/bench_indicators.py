#!/usr/bin/env python3
"""How long the indicator catalogue takes at national scale: generated data, every indicator timed.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python scripts/bench_indicators.py --participants 100000
    python scripts/with_postgres.py python scripts/bench_indicators.py --participants 100000

Migrates the (empty, throwaway) database it is given, fills it with generated participants of two
cities and their case facts (phases, assessments, plans, actions, reviews, milestones, screenings,
referrals) written in bulk — not through the actions: this measures reading, not writing — then
computes the whole dashboard (every indicator, its breakdowns and an eight-period trend) for a
city's M&E officer and for the national programme, and prints seconds and queries per indicator.
Nothing here is a test: the figures are for the README and the product owner.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homecoming.settings")
os.environ.setdefault("HOMECOMING_DEBUG", "true")
os.environ.setdefault("HOMECOMING_SECRET_KEY", "bench-only-secret-key-0123456789abcdef0123456789")

BATCH = 5000


def generate(participants: int, seed: int = 7) -> list[int]:
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from casework.models import (
        Action,
        CaseReview,
        Goal,
        Milestone,
        MilestoneKind,
        NeedsAssessment,
        NeedsDomain,
        NeedsRating,
        PhaseRecord,
        Plan,
    )
    from coordination.models import Referral, ReferralEvent
    from directory.models import Jurisdiction, Organisation
    from instruments.models import Administration
    from people.models import Household, Participant

    rng = random.Random(seed)  # noqa: S311  (synthetic data)
    today = timezone.localdate()
    user = User.objects.create_user(username="bench")
    country = Jurisdiction.objects.create(slug="bench-kz", name="Country", level="country")
    owners, partners = [], []
    for name in ("north", "south"):
        region = Jurisdiction.objects.create(slug=f"bench-{name}-r", name=name, level="region", parent=country)
        city = Jurisdiction.objects.create(slug=f"bench-{name}", name=name, level="city", parent=region)
        owners.append(
            Organisation.objects.create(
                slug=f"bench-{name}-social", name=name, kind="social_services", jurisdiction=city
            )
        )
        partners.append(Organisation.objects.create(slug=f"bench-{name}-cso", name=name, kind="cso", jurisdiction=city))
    partner_of = {owner.pk: partner for owner, partner in zip(owners, partners, strict=True)}
    domains = list(NeedsDomain.objects.filter(is_active=True))
    kinds = list(MilestoneKind.objects.all())

    def bulk(model, rows):
        for start in range(0, len(rows), BATCH):
            model.objects.bulk_create(rows[start : start + BATCH])

    households = []
    for index in range(participants // 3):
        households.append(Household(owner=owners[index % 2], created_at=timezone.now()))
    bulk(Household, households)
    households = list(Household.objects.order_by("pk"))
    people = []
    for index in range(participants):
        household = households[index % len(households)]
        returned = today - datetime.timedelta(days=rng.randint(10, 2500))
        child = index % 3 != 0
        people.append(
            Participant(
                household=household,
                household_role="child" if child else "mother",
                sex=rng.choice(["female", "male"]) if child else "female",
                birth_year=today.year - (rng.randint(1, 17) if child else rng.randint(20, 50)),
                owner_id=household.owner_id,
                returned_on=returned,
                arrived_on=returned + datetime.timedelta(days=rng.randint(20, 60)),
                created_at=timezone.now(),
            )
        )
    bulk(Participant, people)
    people = list(Participant.objects.order_by("pk").values_list("pk", "arrived_on", "owner_id", "household_role"))

    phases, assessments, plans, reviews, milestones, screenings, referrals = [], [], [], [], [], [], []
    for pk, arrived, owner_id, role in people:
        phases.append(PhaseRecord(participant_id=pk, phase="reintegration", started_on=arrived, recorded_by=user))
        for round_number in range(rng.randint(0, 3)):
            assessments.append(
                NeedsAssessment(
                    participant_id=pk,
                    assessed_on=arrived + datetime.timedelta(days=10 + 90 * round_number),
                    assessed_by=user,
                )
            )
        plans.append(
            Plan(
                participant_id=pk,
                approved_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 900)),
                review_on=arrived + datetime.timedelta(days=180),
            )
        )
        reviews.append(
            CaseReview(
                participant_id=pk,
                scheduled_on=arrived + datetime.timedelta(days=90),
                held_on=arrived + datetime.timedelta(days=rng.randint(80, 120)),
                recorded_by=user,
            )
        )
        for kind in rng.sample(kinds, 3):
            reached = arrived + datetime.timedelta(days=rng.randint(30, 400))
            milestones.append(Milestone(participant_id=pk, kind=kind, reached_on=reached, recorded_by=user))
        if role == "mother":
            for instrument in ("phq9", "gad7"):
                for round_number in range(rng.randint(1, 3)):
                    screenings.append(
                        Administration(
                            participant_id=pk,
                            instrument=instrument,
                            instrument_version="1",
                            administered_on=arrived + datetime.timedelta(days=20 + 90 * round_number),
                            mode="in_session",
                            total=rng.randint(0, 21),
                            administered_by=user,
                        )
                    )
            if rng.random() < 0.5:
                referrals.append(
                    Referral(
                        participant_id=pk,
                        from_organisation_id=owner_id,
                        to_organisation=partner_of[owner_id],
                        domain=rng.choice(domains),
                        request="generated",
                        status=rng.choice(["sent", "accepted", "completed", "declined"]),
                        respond_by=arrived + datetime.timedelta(days=14),
                        expires_on=arrived + datetime.timedelta(days=90),
                        created_by=user,
                        created_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 900)),
                    )
                )
    for model, rows in (
        (PhaseRecord, phases),
        (NeedsAssessment, assessments),
        (Plan, plans),
        (CaseReview, reviews),
        (Milestone, milestones),
        (Administration, screenings),
        (Referral, referrals),
    ):
        bulk(model, rows)
    ratings = [
        NeedsRating(assessment_id=pk, domain=domain, rating=rng.randint(1, 5))
        for pk in NeedsAssessment.objects.values_list("pk", flat=True)
        for domain in rng.sample(domains, 4)
    ]
    bulk(NeedsRating, ratings)
    goals = [
        Goal(plan_id=pk, domain=rng.choice(domains), what_matters="generated")
        for pk in Plan.objects.values_list("pk", flat=True)
    ]
    bulk(Goal, goals)
    actions = []
    for pk, owner_id in Goal.objects.values_list("pk", "plan__participant__owner_id"):
        status = rng.choice(["planned", "in_progress", "done", "blocked"])
        actions.append(
            Action(
                goal_id=pk,
                description="generated",
                responsible_organisation_id=owner_id,
                status=status,
                blocked_reason="no_funding" if status == "blocked" else "",
                due_on=today + datetime.timedelta(days=rng.randint(-200, 200)),
            )
        )
    bulk(Action, actions)
    # The indicators read plans and actions as they stood at a period's end from their history, which
    # bulk_create does not write: a version when each was created and, for an action, one when its
    # status last changed, both in the past, as the actions would have written them.
    plan_versions = [
        Plan.history.model(**_fields(plan), history_date=plan.approved_at, history_type="+")
        for plan in Plan.objects.exclude(approved_at=None)
    ]
    bulk(Plan.history.model, plan_versions)
    action_versions = []
    for action in Action.objects.all():
        created = timezone.now() - datetime.timedelta(days=rng.randint(100, 900))
        changed = created + datetime.timedelta(days=rng.randint(1, 90))
        first = Action.history.model(**_fields(action), history_date=created, history_type="+")
        first.status, first.blocked_reason = Action.Status.PLANNED, ""
        action_versions.append(first)
        action_versions.append(Action.history.model(**_fields(action), history_date=changed, history_type="~"))
    bulk(Action.history.model, action_versions)
    events = [
        ReferralEvent(
            referral_id=pk, status="accepted", at=created + datetime.timedelta(days=rng.randint(0, 30)), by=user
        )
        for pk, created, status in Referral.objects.values_list("pk", "created_at", "status")
        if status in ("accepted", "completed")
    ]
    bulk(ReferralEvent, events)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: without statistics the planner guesses a handful of
        # rows per table and picks nested loops it would never pick on a live database.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return [o.pk for o in owners]


def _fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def time_dashboard(owners: list[int], label: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from mel.indicators import CATALOGUE, measure
    from mel.periods import Period

    period = Period.containing(timezone.localdate()).previous()
    total_seconds, total_queries = 0.0, 0
    for code, indicator in CATALOGUE.items():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            measure(indicator, owners=owners, period=period, trend=8)
            seconds = time.perf_counter() - started
        total_seconds += seconds
        total_queries += len(queries)
        print(f"  {label:<9} {code:<14} {seconds * 1000:8.0f} ms  {len(queries):3d} queries")
    print(f"  {label:<9} {'ALL':<14} {total_seconds * 1000:8.0f} ms  {total_queries:3d} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    owners = generate(args.participants)
    print(f"{connection.vendor}: generated {args.participants} participants in {time.perf_counter() - started:.0f} s")
    time_dashboard(owners[:1], "city")
    time_dashboard(owners, "national")


if __name__ == "__main__":
    main()
