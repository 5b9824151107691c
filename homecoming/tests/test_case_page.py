"""The case page is put together from the sections each app declares (core/sections.py)."""

import datetime
import re

from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from access.actions import grant_emergency_access
from casework.tests import builders as case
from conftest import make_user, register_family
from coordination.actions import propose_transfer
from core import sections
from core.models import AuditEvent
from directory.models import Role
from people.tests.builders import actor_of

HX = {"HX-Request": "true"}


def test_the_case_page_shows_each_section_the_reader_sees_in_page_order(client, family, case_worker):
    client.force_login(case_worker)
    response = client.get(reverse("participant", args=[family.mother.code]))
    names = [section.name for section in response.context["sections"]]
    assert names[:3] == ["summary", "phases", "needs"]
    page = response.content.decode()
    positions = [page.index(f'id="{name}"') for name in names]
    assert positions == sorted(positions)
    assert "audit" not in names  # only the coordinator sees the audit trail


def test_a_section_swap_builds_only_its_own_section(client, family, case_worker):
    client.force_login(case_worker)
    response = client.get(reverse("participant_section", args=[family.mother.code, "notes"]), headers=HX)
    assert response.status_code == 200
    assert "notes" in response.context
    assert "timeline" not in response.context and "consents" not in response.context and "plan" not in response.context


def test_an_unknown_section_is_not_found(client, family, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("participant_section", args=[family.mother.code, "nothing"])).status_code == 404


def test_a_swapped_in_screenings_section_is_audited_as_a_health_read(client, family, psychologist, coordinator):
    client.force_login(psychologist)
    response = client.get(reverse("participant_section", args=[family.mother.code, "screenings"]), headers=HX)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="health.viewed", actor=psychologist).count() == 1
    client.force_login(coordinator)  # reads no health data
    assert client.get(reverse("participant_section", args=[family.mother.code, "screenings"])).status_code == 404


def test_a_new_app_adds_a_section_without_editing_the_page(client, family, case_worker, monkeypatch):
    extra = sections.CaseSection(
        "extra", "casework/_timeline.html", lambda request, opened: {"timeline": []}, order=5, swappable=False
    )
    monkeypatch.setitem(sections._case_sections, "extra", extra)
    client.force_login(case_worker)
    response = client.get(reverse("participant", args=[family.mother.code]))
    assert response.context["sections"][0] == extra


def test_a_new_app_adds_a_home_panel_without_editing_the_page(client, case_worker, monkeypatch):
    panel = sections.HomePanel(
        "extra",
        "Extra work",
        lambda request: [sections.row("Something waits", "/somewhere/")],
        roles=frozenset({"case_worker"}),
    )
    monkeypatch.setitem(sections._home_panels, "extra", panel)
    client.force_login(case_worker)
    page = client.get(reverse("home")).content.decode()
    assert 'id="panel-extra">Extra work</h2>' in page and 'href="/somewhere/"' in page


# --- Section links, what waits for the reader, confirmations next to their section (issue 18) ---


def _section_links(page: str) -> list[str]:
    """The targets of the wide screen's section links, in order."""
    links = page.split('<ul class="section-links">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="#([a-z]+)"', links)


def _waiting(page: str) -> str:
    """The box of what waits for the reader, or "" when there is none."""
    return (
        page.split('<section class="panel decisions"', 1)[1].split("</section>", 1)[0] if "decisions-h" in page else ""
    )


def test_the_section_links_name_only_the_sections_the_reader_sees(
    client, family, case_worker, coordinator, psychologist
):
    seen = {}
    for user in (case_worker, coordinator, psychologist):
        client.force_login(user)
        response = client.get(reverse("participant", args=[family.mother.code]))
        page = response.content.decode()
        links = _section_links(page)
        assert links == [section.name for section in response.context["sections"]]
        # The phone's menu holds the same links.
        assert (
            re.findall(r'href="#([a-z]+)"', page.split('class="section-menu"', 1)[1].split("</details>", 1)[0]) == links
        )
        seen[user.username] = set(links)
    coordinator_links, case_worker_links, psychologist_links = (
        seen[user.username] for user in (coordinator, case_worker, psychologist)
    )
    assert "audit" in coordinator_links and "audit" not in case_worker_links | psychologist_links
    assert "screenings" in case_worker_links & psychologist_links and "screenings" not in coordinator_links
    assert "stigma" not in coordinator_links and "stigma" in case_worker_links


def test_a_plan_to_approve_waits_at_the_top_for_the_coordinator_only(client, family, case_worker, coordinator):
    url = reverse("participant", args=[family.mother.code])
    case.goal(family.mother, "housing", "A warm flat of our own", by=case_worker)
    client.force_login(case_worker)
    assert _waiting(client.get(url).content.decode()) == ""
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    waiting = _waiting(page)
    assert f'href="{url}#plan">The plan waits for your approval.' in waiting
    assert page.index("decisions-h") < page.index('class="section-nav"') < page.index('id="summary"')
    case.approve(family.mother, by=coordinator)
    assert _waiting(client.get(url).content.decode()) == ""


def test_a_closure_request_waits_for_the_coordinator_and_an_overdue_review_for_the_team(
    client, family, case_worker, coordinator, psychologist, me_officer
):
    url = reverse("participant", args=[family.mother.code])
    case.review(family.mother, by=case_worker, scheduled_on=timezone.localdate() - datetime.timedelta(days=3))
    case.review(family.mother, by=case_worker, scheduled_on=timezone.localdate() + datetime.timedelta(days=3))
    case.closure(family.mother, "goals_met", by=case_worker)
    overdue = "is overdue: record its outcome."
    client.force_login(coordinator)
    waiting = _waiting(client.get(url).content.decode())
    assert "A request to close the case waits for your decision." in waiting and f'href="{url}#reviews"' in waiting
    assert waiting.count(overdue) == 1  # the coordinator may record it too; the review to come is not due
    for user in (case_worker, psychologist):
        client.force_login(user)
        waiting = _waiting(client.get(url).content.decode())
        assert waiting.count(overdue) == 1 and "close the case" not in waiting


def test_a_transfer_to_the_readers_organisation_waits_for_its_coordinator(
    client, city_a, city_b, coordinator, other_coordinator
):
    elsewhere = register_family(city_b.social, assigned_by=other_coordinator, prefix="B ")
    transfer = propose_transfer(
        actor=actor_of(other_coordinator),
        participants=[elsewhere.mother],
        household=None,
        to_organisation=city_a.social,
        handover_note="Moving",
    )
    url = reverse("participant", args=[elsewhere.mother.code])
    client.force_login(other_coordinator)  # the sender: nothing to decide
    assert "transfer" not in _waiting(client.get(url).content.decode())
    # The receiving coordinator reads the case only by breaking the glass.
    grant_emergency_access(actor=actor_of(coordinator), participant=elsewhere.mother, reason="Call at night")
    client.force_login(coordinator)
    waiting = _waiting(client.get(url).content.decode())
    assert f'href="{reverse("transfer", args=[transfer.pk])}">A transfer to your organisation waits' in waiting


def test_what_waits_costs_the_case_page_no_query(client, family, case_worker, coordinator, monkeypatch):
    """The lines are read from what the sections fetched: the page runs the same queries without them."""
    url = reverse("participant", args=[family.mother.code])
    case.goal(family.mother, "housing", "A warm flat of our own", by=case_worker)
    case.review(family.mother, by=case_worker, scheduled_on=timezone.localdate() - datetime.timedelta(days=1))
    case.closure(family.mother, "goals_met", by=case_worker)
    client.force_login(coordinator)
    client.get(url)
    with CaptureQueriesContext(connection) as with_lines:
        response = client.get(url)
    assert len(response.context["decisions"]) == 3
    monkeypatch.setattr(sections, "case_decisions", lambda *args: [])
    with CaptureQueriesContext(connection) as without:
        response = client.get(url)
    assert response.context["decisions"] == []
    assert len(with_lines) == len(without)


def test_a_confirmation_after_a_redirect_shows_above_its_section_not_at_the_top(
    client, family, case_worker, coordinator
):
    case.goal(family.mother, "housing", "A warm flat of our own", by=case_worker)
    client.force_login(coordinator)
    response = client.post(reverse("plan_approve", args=[family.mother.code]), {"plan_version": 2})
    assert response.status_code == 302 and response["Location"].endswith("#plan")
    page = client.get(response["Location"]).content.decode()
    confirmation = page.index('<div class="confirmation" role="status" tabindex="-1" data-section="plan">')
    assert page.index("Plan approved.") > confirmation
    # Just above the plan: nothing between them but the message itself.
    between = page[confirmation : page.index('id="plan"')]
    assert between.count("<section") == 1 and "</section>" not in between
    assert page.count("Plan approved.") == 1 and page.index('id="summary"') < confirmation
    # Shown once: not again on the next page.
    assert "Plan approved." not in client.get(reverse("participant", args=[family.mother.code])).content.decode()


def test_a_message_that_concerns_no_section_stays_at_the_top_of_the_case_page(client, family, city_a):
    colleague = make_user("a.colleague", organisation=city_a.social, role=Role.CASE_WORKER, totp=True)
    client.force_login(colleague)
    response = client.post(reverse("emergency_access"), {"code": family.mother.code, "reason": "Admitted to hospital"})
    page = client.get(response["Location"]).content.decode()
    assert "confirmation" not in page
    assert (
        page.index('<div role="status"><ul class="messages">')
        < page.index("Emergency access granted")
        < page.index("<h1>")
    )


def test_a_confirmation_for_a_section_the_reader_does_not_see_goes_to_the_top(rf):
    request = rf.get("/")
    request.session = {}
    request._messages = default_storage(request)
    shown = [sections.case_section(name) for name in ("summary", "plan")]
    sections.confirm(request, "plan", "Plan approved.")
    sections.confirm(request, "audit", "Seen by the coordinator only")  # a section this reader does not see
    messages.info(request, "Signed in again")
    by_section, others = sections.confirmations(request, shown)
    assert {name: [str(m) for m in placed] for name, placed in by_section.items()} == {"plan": ["Plan approved."]}
    assert [str(m) for m in others] == ["Seen by the coordinator only", "Signed in again"]
