"""Needs domains and milestone kinds, kept by the administrator (issue 18 §12): listed in their
order with their names in the three languages, added, edited, reordered and retired (never
deleted); a code is fixed once anything refers to it; every change audited."""

import datetime

import pytest
from django.urls import reverse

from casework.models import MilestoneKind, NeedsDomain
from core.models import AuditEvent


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    return client


def _body(item, **changes) -> dict:
    fields = ["code", "name_en", "name_ru", "name_kk", "category", "applies_to", "order"]
    body = {name: getattr(item, name) for name in fields}
    flags = {"is_active": item.is_active, **({"is_optional": item.is_optional} if hasattr(item, "is_optional") else {})}
    body |= {name: "on" for name, on in flags.items() if on}
    return body | changes


def test_the_list_shows_every_domain_in_order_with_its_three_names(administrator_client):
    page = administrator_client.get(reverse("admin_needs_domains")).content.decode()
    housing = NeedsDomain.objects.get(code="housing")
    assert housing.name_en in page and housing.name_ru in page and housing.name_kk in page


def test_an_administrator_adds_a_needs_domain_and_it_is_audited(administrator_client, administrator):
    body = {
        "code": "digital",
        "name_en": "Digital skills",
        "name_ru": "Цифровые навыки",
        "name_kk": "Цифрлық дағдылар",
        "category": "needs_plan",
        "applies_to": "both",
        "is_active": "on",
        "order": "95",
    }
    assert administrator_client.post(reverse("admin_needs_domain_new"), body).status_code == 302
    domain = NeedsDomain.objects.get(code="digital")
    assert (domain.name_kk, domain.order, domain.is_optional) == ("Цифрлық дағдылар", 95, False)
    event = AuditEvent.objects.get(action="needs_domain.added")
    assert (event.actor, event.object_ref) == (administrator, str(domain.pk))


def test_retiring_a_domain_keeps_it_and_says_so_in_the_audit_trail(administrator_client):
    housing = NeedsDomain.objects.get(code="housing")
    body = _body(housing)
    del body["is_active"]
    assert administrator_client.post(reverse("admin_needs_domain", args=[housing.pk]), body).status_code == 302
    housing.refresh_from_db()
    assert not housing.is_active
    assert AuditEvent.objects.get(action="needs_domain.retired").reason == "fields=is_active"


def test_reordering_a_milestone_kind_is_audited_as_a_change(administrator_client):
    employed = MilestoneKind.objects.get(code="employed")
    response = administrator_client.post(
        reverse("admin_milestone_kind", args=[employed.pk]), _body(employed, order="1")
    )
    assert response.status_code == 302
    employed.refresh_from_db()
    assert employed.order == 1
    assert AuditEvent.objects.get(action="milestone_kind.changed").reason == "fields=order"


def test_the_code_of_a_kind_nothing_refers_to_may_still_be_corrected(administrator_client):
    employed = MilestoneKind.objects.get(code="employed")
    administrator_client.post(reverse("admin_milestone_kind", args=[employed.pk]), _body(employed, code="in_work"))
    employed.refresh_from_db()
    assert employed.code == "in_work"


def test_the_code_of_a_kind_milestones_refer_to_is_fixed(administrator_client, family, case_worker):
    from casework.tests import builders

    builders.milestone(family.mother, "employed", by=case_worker, reached_on=datetime.date(2026, 1, 5))
    employed = MilestoneKind.objects.get(code="employed")
    url = reverse("admin_milestone_kind", args=[employed.pk])
    assert "Records refer to this code" in administrator_client.get(url).content.decode()
    administrator_client.post(url, _body(employed, code="in_work", name_en="In work"))
    employed.refresh_from_db()
    assert (employed.code, employed.name_en) == ("employed", "In work")


def test_the_code_of_a_domain_a_service_refers_to_is_fixed(administrator_client, city_a):
    from coordination.models import Service

    housing = NeedsDomain.objects.get(code="housing")
    Service.objects.create(organisation=city_a.cso, domain=housing, description="Advice", contact_point="Desk")
    administrator_client.post(reverse("admin_needs_domain", args=[housing.pk]), _body(housing, code="homes"))
    housing.refresh_from_db()
    assert housing.code == "housing"


def test_a_code_already_taken_is_refused(administrator_client):
    housing = NeedsDomain.objects.get(code="housing")
    response = administrator_client.post(reverse("admin_needs_domain_new"), _body(housing, name_en="Again"))
    assert response.status_code == 200
    assert NeedsDomain.objects.filter(code="housing").count() == 1
    assert not AuditEvent.objects.filter(action__startswith="needs_domain.").exists()


@pytest.mark.parametrize("route", ["admin_needs_domains", "admin_milestone_kinds", "admin_milestone_kind_new"])
def test_a_coordinator_finds_nothing_there(client, coordinator, route):
    client.force_login(coordinator)
    assert client.get(reverse(route)).status_code == 404


@pytest.mark.parametrize("route", ["admin_needs_domains", "admin_milestone_kinds"])
def test_an_odd_page_number_still_shows_a_page(administrator_client, route):
    for value in ["²", "9" * 40, "abc", "x" * 10_000]:
        assert administrator_client.get(reverse(route), {"page": value}).status_code == 200
