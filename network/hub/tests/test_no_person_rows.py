import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from network.hub.models import ReceivedReport
from network.hub.tests.helpers import enrolled, envelope_bytes, hidden, payload, share

pytestmark = pytest.mark.django_db

PERSON_LEVEL_APPS = ["people", "casework", "instruments", "coordination", "community"]
# Vocabularies their migrations seed (the names of needs domains and milestone kinds): no person in them.
VOCABULARIES = {"casework.NeedsDomain", "casework.MilestoneKind"}


def rows_by_model() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for label in PERSON_LEVEL_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in VOCABULARIES
    }


def test_after_receiving_reports_the_hub_holds_no_person_level_row(client, hub):
    for sequence, name in enumerate(["Aktau", "Shymkent"], start=1):
        _member, token, key = enrolled(name, name.lower())
        figures = [share("HC-OUT-02", 8, 10), hidden("HC-COV-01", "count")]
        body = envelope_bytes(payload(name.lower(), sequence=sequence, indicators=figures), key)
        response = client.post(
            reverse("hub_receive"), body, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 201
    assert ReceivedReport.objects.count() == 2
    assert len(rows_by_model()) > 20
    assert {label: n for label, n in rows_by_model().items() if n} == {}


def test_the_hub_demo_holds_no_person_level_row_and_only_the_hub_staff(hub):
    call_command("seed_demo", stdout=io.StringIO())
    assert {label: n for label, n in rows_by_model().items() if n} == {}
    assert sorted(User.objects.values_list("username", flat=True)) == ["hub.admin", "hub.editor", "hub.me"]
    assert ReceivedReport.objects.count() == 6
