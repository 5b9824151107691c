"""The mapping on the administrator's pages: every change audited, with the row's model and id only."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from mel.dhis2.models import Dhis2CategoryOptionCombo, Dhis2DataElement, Dhis2DataSet, Dhis2OrganisationUnit


def test_an_administrator_adding_a_data_element_is_audited(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin_dhis2_elements_new"),
        {"indicator": "HC-COV-01", "part": "value", "dimension": "", "code": "HC_COV_01"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin_dhis2_elements")
    element = Dhis2DataElement.objects.get()
    event = AuditEvent.objects.get(action="dhis2.mapping_changed")
    assert (event.object_type, event.object_ref, event.reason) == ("dhis2dataelement", str(element.pk), "")
    listing = client.get(reverse("admin_dhis2_elements"), {"q": "HC_COV"}).content.decode()
    assert "HC_COV_01" in listing


def test_a_part_the_indicator_does_not_have_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin_dhis2_elements_new"),
        {"indicator": "HC-COV-01", "part": "numerator", "dimension": "", "code": "X"},
    )
    assert response.status_code == 200 and "<title>Error:" in response.content.decode()
    assert not Dhis2DataElement.objects.exists()
    assert not AuditEvent.objects.filter(action="dhis2.mapping_changed").exists()


def test_changing_an_organisation_unit_is_audited(client, administrator, city_a):
    unit = Dhis2OrganisationUnit.objects.create(jurisdiction=city_a.city, code="OU_A")
    client.force_login(administrator)
    url = reverse("admin_dhis2_units_edit", args=[unit.pk])
    assert client.post(url, {"jurisdiction": city_a.city.pk, "code": "OU_ALMATY"}).status_code == 302
    unit.refresh_from_db()
    assert unit.code == "OU_ALMATY"
    assert AuditEvent.objects.get(action="dhis2.mapping_changed").object_ref == str(unit.pk)


def test_deleting_a_category_option_combo_is_audited(client, administrator):
    combo = Dhis2CategoryOptionCombo.objects.create(dimension="sex", key="female", code="SEX_F")
    client.force_login(administrator)
    url = reverse("admin_dhis2_combos_delete", args=[combo.pk])
    assert client.post(url).status_code == 302  # not confirmed: nothing happens
    assert Dhis2CategoryOptionCombo.objects.exists()
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    assert not Dhis2CategoryOptionCombo.objects.exists()
    event = AuditEvent.objects.get(action="dhis2.mapping_changed")
    assert event.object_ref == f"{combo.pk} deleted"


def test_there_is_one_data_set_and_its_code_is_changed_in_place(client, administrator):
    client.force_login(administrator)
    assert client.post(reverse("admin_dhis2_data_set_new"), {"code": "HC_DS"}).status_code == 302
    data_set = Dhis2DataSet.objects.get()
    assert client.get(reverse("admin_dhis2_data_set_new"))["Location"] == reverse("admin_dhis2_data_set")
    client.post(reverse("admin_dhis2_data_set_edit", args=[data_set.pk]), {"code": "HC_DS2"})
    assert list(Dhis2DataSet.objects.values_list("code", flat=True)) == ["HC_DS2"]
    assert AuditEvent.objects.filter(action="dhis2.mapping_changed", object_type="dhis2dataset").count() == 2


@pytest.mark.parametrize("persona", ["coordinator", "me_officer"])
def test_no_one_but_an_administrator_reaches_the_mapping(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("admin_dhis2_elements")).status_code == 404
    assert client.post(reverse("admin_dhis2_elements_new"), {"code": "X"}).status_code == 404
    assert not Dhis2DataElement.objects.exists()


def test_a_hub_has_no_dhis2_mapping(client, administrator, settings):
    settings.HOMECOMING_ROLE = "hub"
    client.force_login(administrator)
    assert client.get(reverse("admin_dhis2_mapping")).status_code == 404
    assert reverse("admin_dhis2_mapping") not in client.get(reverse("home")).content.decode()


def test_the_lists_narrow_by_part_and_disaggregation_and_odd_values_are_ignored(client, administrator):
    Dhis2DataElement.objects.create(indicator="HC-COV-01", part="value", dimension="", code="HC_ALL")
    Dhis2DataElement.objects.create(indicator="HC-COV-01", part="value", dimension="sex", code="HC_SEX")
    client.force_login(administrator)
    narrowed = client.get(reverse("admin_dhis2_elements"), {"dimension": "sex"}).content.decode()
    assert "HC_SEX" in narrowed and "HC_ALL" not in narrowed
    for odd in ("²", "[]", "x" * 10_000, ""):
        response = client.get(reverse("admin_dhis2_elements"), {"part": odd, "dimension": odd, "q": odd, "page": odd})
        assert response.status_code == 200
    combos = client.get(reverse("admin_dhis2_combos"), {"dimension": "[]", "page": "9" * 40})
    assert combos.status_code == 200
