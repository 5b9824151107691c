"""The case page is put together from the sections each app declares (core/sections.py)."""

from django.urls import reverse

from core import sections
from core.models import AuditEvent

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
