"""Retention (homecoming/retention.py): who is anonymised, what is left of them, and what stays as it was.

The action takes ``today``: every test says which day it is, no clock is frozen globally. Records
made through the product's actions are dated now, so those tests run "more than a year later".
"""

import datetime

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from casework import actions as case_actions
from casework.models import Goal, NeedsDomain, Plan
from casework.tests import builders as case
from community.experiences.actions import record_civic, record_incident
from coordination import actions as coordination
from coordination.models import Transfer
from core import audit
from core.actor import Actor
from core.models import AuditEvent
from homecoming.retention import (
    ACTION_VERSIONS,
    HOUSEHOLD,
    HOUSEHOLD_CONFERENCES,
    IDENTITY,
    MARKER,
    PARTICIPANT,
    PARTS,
    PLAN_VERSIONS,
    RETAINED_FIELDS,
    TRANSFERS,
    apply_retention,
    cutoff,
    month_start,
)
from instruments.tests.builders import screening
from mel.reports.models import Report, ReportFile, ReportVersion
from mel.tests.builders import at, close, person
from notices.actions import notify
from notices.models import Notice
from people.actions import change_photo
from people.models import Household, Identity, Participant
from people.tests.builders import consent

D = datetime.date
TODAY = D(2025, 3, 15)  # a year before is 2024-03-15
SECRET = "Confided-"  # every free text written below starts with it


def run(*, today=TODAY, years=1, dry_run=False):
    return apply_retention(actor=Actor.for_system(), today=today, years=years, dry_run=dry_run)


def later() -> D:
    """More than a year after today: cases closed today are due (the records' real dates are now)."""
    return timezone.localdate() + datetime.timedelta(days=400)


def closed(owner, by, *, decided: D, reopened=None, arrived=None, household=None):
    participant = person(owner, arrived=arrived or D(2024, 1, 1), household=household)
    close(participant, by=by, decided=decided, reopened=reopened)
    if reopened is None:
        participant.status = Participant.Status.CLOSED
        participant.save(update_fields=["status"])
    return participant


def test_a_case_closed_more_than_the_retention_period_ago_is_anonymised_and_one_closed_less_is_not(city_a, case_worker):
    owner = city_a.social
    long_ago = closed(owner, case_worker, decided=D(2024, 3, 14))  # a year and a day
    not_yet = closed(owner, case_worker, decided=D(2024, 3, 16))  # a day short of a year
    exactly = closed(owner, case_worker, decided=D(2024, 3, 15))  # a year to the day is not more than a year
    active = person(owner, arrived=D(2023, 1, 1))
    reopened = closed(owner, case_worker, decided=D(2023, 6, 1), reopened=D(2023, 7, 1))
    closed_again = closed(owner, case_worker, decided=D(2023, 6, 1))  # reopened, then closed recently
    close(closed_again, by=case_worker, decided=D(2025, 1, 10))
    Participant.objects.filter(pk=closed_again.pk).update(status=Participant.Status.CLOSED)
    closed_again.closures.filter(decided_at__lt=at(D(2024, 1, 1))).update(reopened_at=at(D(2023, 7, 1)))

    result = run()

    assert result.counts["participants"] == 1
    assert set(Participant.objects.filter(anonymised_on=TODAY).values_list("pk", flat=True)) == {long_ago.pk}
    assert Participant.objects.get(pk=long_ago.pk).code != long_ago.code
    for kept in (not_yet, exactly, active, reopened, closed_again):
        assert Participant.objects.get(pk=kept.pk).code == kept.code


def test_the_retention_period_ends_at_the_first_instant_of_the_same_day_in_the_programmes_time_zone():
    assert cutoff(D(2025, 3, 15), 1) == at(D(2024, 3, 15), 0)
    assert cutoff(D(2028, 2, 29), 1) == at(D(2027, 2, 28), 0)
    assert cutoff(D(2035, 3, 15), 10) == at(D(2025, 3, 15), 0)


def test_a_second_run_finds_nobody_and_changes_nothing(city_a, case_worker):
    anonymised = closed(city_a.social, case_worker, decided=D(2024, 2, 10))
    run()
    code = Participant.objects.get(pk=anonymised.pk).code
    rows = AuditEvent.objects.count()

    again = run(today=TODAY + datetime.timedelta(days=31))

    assert again.counts["participants"] == 0 and again.counts["households"] == 0
    assert Participant.objects.get(pk=anonymised.pk).code == code
    assert Participant.objects.get(pk=anonymised.pk).anonymised_on == TODAY
    assert AuditEvent.objects.count() == rows + 1  # the run's own row, nothing about anyone


def test_a_household_keeps_its_code_until_every_member_is_anonymised(city_a, case_worker):
    mother = closed(city_a.social, case_worker, decided=D(2024, 1, 10))
    household = mother.household
    son = closed(city_a.social, case_worker, decided=D(2024, 6, 10), household=household)

    run()
    assert Household.objects.get(pk=household.pk).code == household.code

    result = run(today=D(2025, 7, 1))

    assert result.counts["households"] == 1
    assert Household.objects.get(pk=household.pk).code != household.code
    assert Household.objects.get(pk=household.pk).created_at == month_start(household.created_at)
    assert not Household.history.model.objects.filter(id=household.pk).exists()
    assert Participant.objects.get(pk=son.pk).anonymised_on == D(2025, 7, 1)


# --- A whole case, recorded through the product's actions -----------------------------------------


def whole_case(family, case_worker, cso_partner):
    """Every kind of record a case can have, each with free text, for the mother; the children closed
    too, so that the household goes with them."""
    mother, actor = family.mother, Actor.of(case_worker, case_worker.memberships.get())
    receiving = Actor.of(cso_partner, cso_partner.memberships.get())
    partner = receiving.organisation
    today = timezone.localdate()
    domain = NeedsDomain.objects.get(code="livelihood")
    case.phase(mother, "reintegration", by=case_worker, note=f"{SECRET}phase")
    case_actions.record_assessment(
        actor=actor,
        participant=mother,
        assessed_on=today,
        ratings=[(domain, 2, f"{SECRET}strengths", f"{SECRET}rating note")],
    )
    note = case.note(mother, f"{SECRET}note", by=case_worker)
    case_actions.edit_note(
        actor=actor, note=note, data={**note.__dict__, "text": f"{SECRET}edited", "domains": []}, expected_version=1
    )
    goal = case.goal(mother, domain, f"{SECRET}goal", by=case_worker)
    case.action(goal, f"{SECRET}action", by=case_worker, responsible_organisation=partner, due_on=today)
    case.approve(mother, by=case_worker)
    review = case.review(mother, by=case_worker)
    case_actions.record_review(actor=actor, review=review, held_on=today, outcome=f"{SECRET}review")
    case.milestone(mother, "stable_housing", by=case_worker, note=f"{SECRET}milestone")
    screening(mother, by=case_worker)
    consent(mother, partner, ["livelihood"], recorded_by=case_worker)
    referral = coordination.send_referral(
        actor=actor,
        participant=mother,
        to_organisation=partner,
        domain=domain,
        what=f"{SECRET}referral",
        urgency="routine",
        categories=["livelihood"],
    )
    coordination.answer_referral(actor=receiving, referral=referral, accept=True)
    coordination.record_service(actor=receiving, referral=referral, given_on=today, description=f"{SECRET}service")
    conference = coordination.schedule_conference(
        actor=actor,
        participant=mother,
        whole_household=True,
        scheduled_at=timezone.now(),
        place=f"{SECRET}place",
        organisations=[partner],
    )
    coordination.record_conference(
        actor=actor, conference=conference, status="held", summary=f"{SECRET}summary", attendance={}
    )
    coordination.record_decision(
        actor=actor,
        conference=conference,
        participant=mother,
        goal=goal,
        text=f"{SECRET}decision",
        responsible_organisation=partner,
        due_on=today,
    )
    record_incident(
        actor=actor,
        participant=mother,
        occurred_on=today,
        setting="school",
        what_happened=f"{SECRET}happened",
        what_was_done=f"{SECRET}done",
    )
    record_civic(actor=actor, participant=mother, kind="volunteering", started_on=today, note=f"{SECRET}civic")
    from access.actions import grant_emergency_access

    grant_emergency_access(actor=actor, participant=mother, reason=f"{SECRET}emergency")
    change_photo(actor=actor, participant=mother, data=b"\x89PNG a face", content_type="image/png")
    coordination.propose_transfer(
        actor=actor,
        participants=[family.mother, family.daughter, family.son],
        household=family.household,
        to_organisation=partner,
        handover_note=f"{SECRET}handover",
    )
    notify([case_worker], kind=Notice.Kind.REFERRAL, data={"referral": referral.pk, "status": "accepted"})
    for participant in (family.mother, family.daughter, family.son):
        closure = case_actions.request_closure(actor=actor, participant=participant, reason="goals_met")
        case_actions.decide_closure(actor=Actor.for_system(), closure=closure, approve=True)


def every_text_in_the_database(*, but=(AuditEvent,)) -> str:
    """Every value of every row of every table, as text (the audit log keeps its rows, old codes and all)."""
    found = []
    for model in apps.get_models():
        if model in but or model._meta.proxy:
            continue
        found += [repr(row) for row in model.objects.values_list()]
    return "\n".join(found)


def anonymised_rows(family):
    """(part, queryset) of every record of the family that retention anonymises."""
    ids = [family.mother.pk, family.daughter.pk, family.son.pk]
    plans = Plan.objects.filter(participant__in=ids)
    goals = Goal.objects.filter(plan__in=plans)
    found = [(part, part.rows(ids)) for part in (PARTICIPANT, IDENTITY, *PARTS)]
    found += [
        (HOUSEHOLD, HOUSEHOLD.rows([family.household.pk])),
        (HOUSEHOLD_CONFERENCES, HOUSEHOLD_CONFERENCES.rows([family.household.pk])),
        (TRANSFERS, Transfer.objects.filter(household=family.household)),
        (PLAN_VERSIONS, PLAN_VERSIONS.rows(ids)),
        (ACTION_VERSIONS, ACTION_VERSIONS.model.objects.filter(goal__in=goals)),
    ]
    return found


def every_row(*only) -> dict:
    """Every row of every table (or of ``only`` these models), by model: to compare before and after."""
    return {model: list(model.objects.order_by("pk").values_list()) for model in only or apps.get_models()}


def test_a_dry_run_changes_nothing_and_the_run_then_leaves_no_identity_text_exact_date_or_old_code(
    family, case_worker, cso_partner, client, coordinator
):
    whole_case(family, case_worker, cso_partner)
    old_codes = [family.household.code, family.mother.code, family.daughter.code, family.son.code]
    assert SECRET in every_text_in_the_database()
    before, notices = every_row(), Notice.objects.count()

    dry = run(today=later(), dry_run=True)

    assert every_row() == before
    result = run(today=later())
    assert result.counts == dry.counts
    assert (result.counts["participants"], result.counts["households"], result.counts["photos"]) == (3, 1, 1)
    assert result.counts["notes"] == 1 and result.counts["figures_kept"] > 0
    assert result.counts["notices_deleted"] == notices > 0 and not Notice.objects.exists()  # all were about the family
    everything = every_text_in_the_database()
    assert SECRET not in everything
    assert not any(code in everything for code in old_codes)
    for identity in Identity.objects.filter(participant__household=family.household):
        assert identity.full_name == identity.document_number == identity.phone == identity.address == ""
        assert identity.date_of_birth is None and identity.photo == b"" and identity.photo_type == ""
        assert identity.name_dob_index == identity.document_index == ""
    seen = set()
    for part, rows in anonymised_rows(family):
        for row in rows.values(*part.dates, *part.blank, *part.marked):
            seen.add(part.key)
            assert all(row[name] == month_start(row[name]) for name in part.dates), (part.key, row)
            assert all(row[name] == "" for name in part.blank), (part.key, row)
            assert all(row[name] == MARKER for name in part.marked), (part.key, row)
    assert seen == {part.key for part, _rows in anonymised_rows(family)}  # the whole case had every kind
    history = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    left = {model.__name__ for model in history if model.objects.exists()}
    assert left == {"HistoricalPlan", "HistoricalAction"}  # the versions the indicators read, scrubbed above
    assert audit.verify(full=True).problem is None

    client.force_login(coordinator)
    code = Participant.objects.get(pk=family.mother.pk).code
    for url in (
        reverse("participant", args=[code]),
        reverse("participant_list"),
        reverse("indicator", args=["HC-COV-01"]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert SECRET not in page.content.decode() and not any(old in page.content.decode() for old in old_codes)
    assert code in client.get(reverse("participant_list")).content.decode()
    assert "anonymised after the retention period" in client.get(reverse("participant", args=[code])).content.decode()


def test_each_anonymised_participant_and_household_is_audited_under_its_new_code_and_old_rows_stay(city_a, case_worker):
    mother = closed(city_a.social, case_worker, decided=D(2024, 2, 10))
    old = mother.code
    earlier = audit.for_participant(audit.AuditAction.CLOSURE_APPROVED, mother, actor=Actor.for_system())

    run()

    mother.refresh_from_db()
    applied = AuditEvent.objects.filter(action=audit.AuditAction.RETENTION_APPLIED)
    assert list(applied.values_list("object_type", "object_ref")) == [
        ("household", mother.household.code),
        ("participant", mother.code),
    ]
    assert applied.get(object_type="participant").reason == "participants=1 households=1 closures=1 history_deleted=4"
    run_row = AuditEvent.objects.get(action=audit.AuditAction.RETENTION_RUN)
    assert run_row.reason.startswith("years=1 participants=1 households=1")
    # The chain is not rewritten: the earlier row keeps the old code, which now names nobody.
    assert AuditEvent.objects.get(pk=earlier.pk).object_ref == old != mother.code
    assert not Participant.objects.filter(code=old).exists()
    assert audit.verify(full=True).problem is None


def test_issued_reports_and_their_files_stay_as_they_were(city_a, coordinator):
    report = Report.objects.create(city=city_a.city, period="2024Q1", what_worked="x", created_by=coordinator)
    version = ReportVersion.objects.create(
        report=report, number=1, issued_by=coordinator, content={"HC-COV-01": 1}, content_hash="0" * 64
    )
    ReportFile.objects.create(version=version, kind="pdf", language="en", body=b"%PDF frozen")
    closed(city_a.social, coordinator, decided=D(2024, 2, 10))
    before = every_row(Report, ReportVersion, ReportFile)

    run()

    assert every_row(Report, ReportVersion, ReportFile) == before


# --- Nothing escapes: every field of every record of a case is named ------------------------------

# Text fields that hold codes, not words: kept like choices.
CODE_TEXT = {("Administration", "instrument"), ("Administration", "instrument_version")}
CODE_TEXT |= {("ContactNote", "author_discipline"), ("ReferralEvent", "reason")}  # a discipline, a decline reason


EVERY_PART = (PARTICIPANT, IDENTITY, HOUSEHOLD, HOUSEHOLD_CONFERENCES, TRANSFERS, *PARTS)


def _named(model) -> set[str]:
    parts = [p for p in EVERY_PART if p.model is model]
    lookups = {p.to_participant.split("__")[0] for p in parts}
    return {name for p in parts for name in (*p.dates, *p.blank, *p.marked)} | lookups


def test_every_field_of_every_record_that_hangs_off_a_participant_is_anonymised_or_kept_on_purpose():
    covered = {p.model for p in EVERY_PART}
    # Models that hang off a participant or a household, directly or through another such model.
    hanging, todo = set(), [Participant, Household]
    while todo:
        model = todo.pop()
        for relation in model._meta.related_objects:
            other = relation.related_model
            if other not in hanging and not other.__name__.startswith("Historical"):
                hanging.add(other)
                todo.append(other)
    forward = [(m, f) for m in apps.get_models() for f in m._meta.get_fields() if f.is_relation and not f.auto_created]
    hidden = [m for m, f in forward if f.related_model in (Participant, Household)]
    hanging |= {m for m in hidden if not m.__name__.startswith("Historical")}
    # Notices are deleted; an invitation names an organisation and whether it came; AuditEvent is append-only.
    assert hanging - covered - {Notice, Transfer.participants.through, Household, Participant} == {
        apps.get_model("coordination", "Invitation")
    }
    for model in covered:
        kept = set(RETAINED_FIELDS.get(model, ()))
        for field in model._meta.get_fields():
            if (field.auto_created and not field.concrete) or field.primary_key:
                continue
            name = field.name
            if isinstance(field, models.DateField) and (model, name) != (Participant, "anonymised_on"):
                assert name in _named(model), f"{model.__name__}.{name}: an exact date not moved"
            elif isinstance(field, models.CharField | models.TextField) and not field.choices:
                if (model.__name__, name) in CODE_TEXT or name == "code":
                    continue
                assert name in _named(model) - kept, f"{model.__name__}.{name}: free text not emptied"
            else:
                assert name in _named(model) | kept, f"{model.__name__}.{name}: neither anonymised nor kept"
