"""The administrator's organisations (issue 18 §12): listed, filtered and searched; added and
edited; deactivated, never deleted; an organisation's page lists its members and its services."""

import pytest
from django.urls import NoReverseMatch, reverse

from core.models import AuditEvent
from core.sections import admin_areas
from directory.models import Organisation


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    return client


def _data(organisation: Organisation, **changes) -> dict:
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "jurisdiction": organisation.jurisdiction_id,
        **({"is_active": "on"} if organisation.is_active else {}),
        **changes,
    }


def test_the_administrators_areas_include_organisations_jurisdictions_needs_domains_and_milestone_kinds():
    # The old admin's "holds only" test, for the new pages: what this part puts in the menu.
    names = {area.name for area in admin_areas()}
    assert {"organisations", "jurisdictions", "needs_domains", "milestone_kinds"} <= names


def test_the_list_filters_by_kind_activity_and_jurisdiction_and_searches(administrator_client, city_a, city_b):
    Organisation.objects.filter(pk=city_b.cso.pk).update(is_active=False)
    url = reverse("admin_organisations")
    csos = administrator_client.get(url, {"kind": "cso"}).content.decode()
    assert "Almaty CSO" in csos and "Shymkent CSO" in csos and "Shymkent Social Services" not in csos
    inactive = administrator_client.get(url, {"active": "no"}).content.decode()
    assert "Shymkent CSO" in inactive and "Almaty CSO" not in inactive
    in_b = administrator_client.get(url, {"jurisdiction": city_b.city.pk}).content.decode()
    assert "Shymkent Police" in in_b and "Almaty Police" not in in_b
    assert "Almaty Police" in administrator_client.get(url, {"q": "almaty-pol"}).content.decode()


def test_an_administrator_adds_an_organisation_and_it_is_audited(administrator_client, administrator, city_a):
    data = {"name": "Almaty School 5", "slug": "almaty-school-5", "kind": "school", "jurisdiction": city_a.city.pk}
    response = administrator_client.post(reverse("admin_organisation_new"), {**data, "is_active": "on"})
    school = Organisation.objects.get(slug="almaty-school-5")
    assert response["Location"] == reverse("admin_organisation", args=[school.pk])
    event = AuditEvent.objects.get(action="organisation.added")
    assert (event.actor, event.object_ref) == (administrator, str(school.pk))


def test_deactivating_an_organisation_keeps_it_and_says_so_in_the_audit_trail(administrator_client, city_a):
    cso = city_a.cso
    response = administrator_client.post(reverse("admin_organisation_edit", args=[cso.pk]), _data(cso, is_active=""))
    assert response.status_code == 302
    cso.refresh_from_db()
    assert not cso.is_active
    assert AuditEvent.objects.get(action="organisation.changed").reason == "fields=is_active"
    assert AuditEvent.objects.filter(action="organisation.deactivated", object_ref=str(cso.pk)).exists()
    administrator_client.post(reverse("admin_organisation_edit", args=[cso.pk]), _data(cso, is_active="on"))
    assert AuditEvent.objects.filter(action="organisation.reactivated", object_ref=str(cso.pk)).exists()


def test_an_organisation_is_never_deleted_there_is_no_way_to(administrator_client, city_a):
    with pytest.raises(NoReverseMatch):
        reverse("admin_organisation_delete", args=[city_a.cso.pk])
    page = administrator_client.get(reverse("admin_organisation", args=[city_a.cso.pk])).content.decode()
    assert "Delete" not in page


def test_a_short_name_already_taken_is_refused_by_name(administrator_client, city_a):
    response = administrator_client.post(reverse("admin_organisation_new"), _data(city_a.cso, name="Another"))
    assert response.status_code == 200
    assert "Organisation with this Short name already exists." in response.content.decode()


def test_the_organisations_page_lists_its_members_and_its_services(
    administrator_client, city_a, coordinator, case_worker
):
    from casework.models import NeedsDomain
    from coordination.models import Service

    Service.objects.create(
        organisation=city_a.social,
        domain=NeedsDomain.objects.get(code="housing"),
        description="Social housing advice",
        contact_point="Desk 3",
    )
    page = administrator_client.get(reverse("admin_organisation", args=[city_a.social.pk])).content.decode()
    assert "Social housing advice" in page and "Desk 3" in page
    assert coordinator.username in page and "Coordinator" in page
    assert case_worker.username in page and "Case worker" in page


def test_an_unknown_organisation_is_not_found(administrator_client, db):
    assert administrator_client.get(reverse("admin_organisation", args=[999_999])).status_code == 404


ODD_VALUES = ["²", "٣", "9" * 40, "", "abc", "[]", "x" * 10_000]


@pytest.mark.parametrize(
    ("route", "parameters"),
    [
        ("admin_organisations", ["q", "kind", "active", "jurisdiction", "page"]),
        ("admin_jurisdictions", ["q", "level", "page"]),
    ],
)
def test_odd_values_in_the_filters_are_a_calm_answer_never_a_server_error(
    administrator_client, city_a, route, parameters
):
    administrator_client.raise_request_exception = False
    answers = {
        (parameter, value[:5]): administrator_client.get(reverse(route), {parameter: value}).status_code
        for parameter in parameters
        for value in ODD_VALUES
    }
    assert {key: status for key, status in answers.items() if status not in (200, 400)} == {}
