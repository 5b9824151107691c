"""The mapping in the administrators' site: every change audited, with the row's model and id only."""

from django.urls import reverse

from core.models import AuditEvent
from mel.dhis2.models import Dhis2CategoryOptionCombo, Dhis2DataElement


def test_an_administrator_adding_a_data_element_is_audited(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:mel_dhis2dataelement_add"),
        {"indicator": "HC-COV-01", "part": "value", "dimension": "", "code": "HC_COV_01"},
    )
    assert response.status_code == 302
    element = Dhis2DataElement.objects.get()
    event = AuditEvent.objects.get(action="dhis2.mapping_changed")
    assert (event.object_type, event.object_ref, event.reason) == ("dhis2dataelement", str(element.pk), "")


def test_a_part_the_indicator_does_not_have_is_refused_in_the_admin(client, administrator):
    client.force_login(administrator)
    response = client.post(
        reverse("admin:mel_dhis2dataelement_add"),
        {"indicator": "HC-COV-01", "part": "numerator", "dimension": "", "code": "X"},
    )
    assert response.status_code == 200
    assert not Dhis2DataElement.objects.exists()
    assert not AuditEvent.objects.filter(action="dhis2.mapping_changed").exists()


def test_deleting_a_category_option_combo_is_audited(client, administrator):
    combo = Dhis2CategoryOptionCombo.objects.create(dimension="sex", key="female", code="SEX_F")
    client.force_login(administrator)
    response = client.post(reverse("admin:mel_dhis2categoryoptioncombo_delete", args=[combo.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Dhis2CategoryOptionCombo.objects.exists()
    event = AuditEvent.objects.get(action="dhis2.mapping_changed")
    assert event.object_ref == f"{combo.pk} deleted"


def test_a_coordinator_gets_not_found_from_the_mapping(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("admin:mel_dhis2dataelement_changelist")).status_code == 404
