import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from access.models import EmergencyAccess
from conftest import make_user
from core.models import AuditEvent
from directory.models import Role
from notices.models import Notice


@pytest.fixture
def colleague(city_a):
    """A case worker of the owning organisation in Almaty who is not on the family's team."""
    return make_user("a.colleague", organisation=city_a.social, role=Role.CASE_WORKER, totp=True)


def _break_glass(client, code, reason="Admitted to hospital in our city"):
    return client.post(reverse("emergency_access"), {"code": code, "reason": reason})


def test_a_case_worker_of_the_same_city_outside_the_team_breaks_the_glass(client, family, colleague, coordinator):
    client.force_login(colleague)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 404
    response = _break_glass(client, family.mother.code.lower())
    assert response["Location"] == reverse("participant", args=[family.mother.code])
    page = client.get(reverse("participant", args=[family.mother.code]))
    assert page.status_code == 200
    assert "emergency access" in page.content.decode()
    assert AuditEvent.objects.filter(action="participant.viewed_in_emergency", actor=colleague).exists()
    grant = EmergencyAccess.objects.get()
    assert grant.expires_at - grant.granted_at == datetime.timedelta(hours=3)
    event = AuditEvent.objects.get(action="emergency_access.granted")
    assert event.reason == "Admitted to hospital in our city"
    notice = Notice.objects.get(recipient=coordinator)
    assert notice.participant == family.mother
    client.force_login(coordinator)
    home = client.get(reverse("home")).content.decode()
    assert f"Emergency access to {family.mother.code} was opened" in home


def test_emergency_access_does_not_cross_cities(client, family, other_coordinator, other_case_worker):
    for user in (other_coordinator, other_case_worker):
        client.force_login(user)
        response = _break_glass(client, family.mother.code)
        assert "can be opened in an emergency" in response.content.decode()
        assert client.get(reverse("participant", args=[family.mother.code])).status_code == 404
    assert not EmergencyAccess.objects.exists()


def test_a_wider_emergency_level_reaches_the_whole_country(client, family, other_coordinator, settings):
    settings.HOMECOMING_EMERGENCY_ACCESS_LEVEL = "country"
    client.force_login(other_coordinator)
    _break_glass(client, family.mother.code)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 200


def test_emergency_access_is_read_only_and_hides_identity(client, family, colleague):
    client.force_login(colleague)
    _break_glass(client, family.mother.code)
    assert client.post(reverse("reveal_identity", args=[family.mother.code]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("consent_new", args=[family.mother.code])).status_code == 404


def test_emergency_access_ends_when_it_expires(client, family, colleague):
    client.force_login(colleague)
    _break_glass(client, family.mother.code)
    EmergencyAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 404


def test_an_unknown_code_and_a_refused_one_get_the_same_answer(client, family, colleague, coordinator):
    client.force_login(colleague)
    unknown = _break_glass(client, "ZZZZ-ZZZZ")
    client.force_login(coordinator)  # the owner: nothing to break, so refused
    refused = _break_glass(client, family.mother.code)
    message = "No participant with this code can be opened in an emergency from your organisation."
    assert unknown.status_code == refused.status_code == 200
    assert message in unknown.content.decode() and message in refused.content.decode()
    assert not EmergencyAccess.objects.exists()
    assert AuditEvent.objects.filter(action="emergency_access.refused").count() == 2


def test_a_reason_is_required(client, family, colleague):
    client.force_login(colleague)
    response = _break_glass(client, family.mother.code, reason="")
    assert response.status_code == 200
    assert not EmergencyAccess.objects.exists()


def test_partners_and_specialists_cannot_break_the_glass(client, family, cso_partner, psychologist):
    for user in (cso_partner, psychologist):
        client.force_login(user)
        assert client.get(reverse("emergency_access")).status_code == 404
