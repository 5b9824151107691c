"""The Outcomes section of the case page and the milestones on the timeline."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.actions import edit_milestone
from casework.tests import builders as case
from people.tests.builders import actor_of

DAY = datetime.date(2026, 2, 1)


def test_the_section_lists_kind_dates_who_recorded_and_note(client, family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY, note="Bakery")
    edit_milestone(
        actor=actor_of(case_worker),
        milestone=milestone,
        expected_version=1,
        reached_on=DAY,
        lost_on=datetime.date(2026, 4, 1),
        note="Bakery",
    )
    case.milestone(family.mother, "stable_housing", by=case_worker, reached_on=DAY)
    client.force_login(case_worker)
    section = reverse("participant_section", args=[family.mother.code, "outcomes"])
    response = client.get(section, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel section" id="outcomes"') and "<html" not in html
    # Opened on its own (no script, a new tab): the same section in a whole page, with the way to the case.
    whole = client.get(section).content.decode()
    assert (
        "<html" in whole
        and 'id="outcomes"' in whole
        and f'href="/participants/{family.mother.code}/#outcomes"' in whole
    )
    assert "In employment" in html and "Stable housing" in html and "Bakery" in html
    assert "a.caseworker" in html
    assert [m.kind.code for m in response.context["milestones"]] == ["employed", "stable_housing"]
    assert html.count(">Edit<") == 2


def test_the_timeline_shows_when_a_milestone_was_reached_and_when_it_ended(client, family, case_worker):
    milestone = case.milestone(family.mother, "employed", by=case_worker, reached_on=DAY)
    edit_milestone(
        actor=actor_of(case_worker),
        milestone=milestone,
        expected_version=1,
        reached_on=DAY,
        lost_on=datetime.date(2026, 4, 1),
        note="",
    )
    client.force_login(case_worker)
    entries = client.get(reverse("participant", args=[family.mother.code])).context["timeline"]
    shown = [(e.on, e.what, e.detail) for e in entries if e.what.startswith("Milestone")]
    assert shown == [
        (datetime.date(2026, 4, 1), "Milestone ended", "In employment"),
        (DAY, "Milestone reached", "In employment"),
    ]


def test_the_timeline_leaves_out_the_milestones_the_reader_may_not_see(client, family, case_worker, psychologist):
    case.milestone(family.mother, "documents_restored", by=case_worker, reached_on=DAY)
    client.force_login(psychologist)
    entries = client.get(reverse("participant", args=[family.mother.code])).context["timeline"]
    assert not [e for e in entries if e.what.startswith("Milestone")]


def test_the_page_reads_the_milestones_once_for_the_section_and_the_timeline(client, family, case_worker):
    client.force_login(case_worker)
    for kind in ("employed", "stable_housing", "allowances"):
        case.milestone(family.mother, kind, by=case_worker, reached_on=DAY)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("participant", args=[family.mother.code]))
    assert sum('"casework_milestone"' in q["sql"] and "FROM" in q["sql"] for q in queries.captured_queries) == 1


def test_no_milestone_is_said_plainly(client, family, psychologist):
    client.force_login(psychologist)
    html = client.get(reverse("participant_section", args=[family.mother.code, "outcomes"])).content.decode()
    assert "No milestone you can read." in html
