import datetime

from django.urls import reverse
from django.utils import timezone

from access.models import EmergencyAccess
from core.models import AuditEvent
from notices.models import Notice


def _break_glass(client, code, reason="Admitted to hospital in our city"):
    return client.post(reverse("emergency_access"), {"code": code, "reason": reason})


def test_a_coordinator_of_another_city_breaks_the_glass(client, family, other_coordinator, coordinator):
    client.force_login(other_coordinator)
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 404
    response = _break_glass(client, family.mother.code.lower())
    assert response["Location"] == reverse("participant", args=[family.mother.code])
    page = client.get(reverse("participant", args=[family.mother.code]))
    assert page.status_code == 200
    assert "emergency access" in page.content.decode()
    assert AuditEvent.objects.filter(action="participant.viewed_in_emergency", actor=other_coordinator).exists()
    grant = EmergencyAccess.objects.get()
    assert grant.expires_at - grant.granted_at == datetime.timedelta(hours=3)
    event = AuditEvent.objects.get(action="emergency_access.granted")
    assert event.reason == "Admitted to hospital in our city"
    notice = Notice.objects.get(recipient=coordinator)
    assert notice.participant == family.mother
    client.force_login(coordinator)
    home = client.get(reverse("home")).content.decode()
    assert f"Emergency access to {family.mother.code} was opened" in home


def test_emergency_access_is_read_only_and_hides_identity(client, family, other_coordinator):
    client.force_login(other_coordinator)
    _break_glass(client, family.mother.code)
    assert client.post(reverse("reveal_identity", args=[family.mother.code]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("consent_new", args=[family.mother.code])).status_code == 404


def test_emergency_access_ends_when_it_expires(client, family, other_coordinator):
    client.force_login(other_coordinator)
    _break_glass(client, family.mother.code)
    EmergencyAccess.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(reverse("participant", args=[family.mother.code])).status_code == 404


def test_an_unknown_code_and_a_refused_one_get_the_same_answer(client, family, other_coordinator, coordinator):
    client.force_login(other_coordinator)
    unknown = _break_glass(client, "ZZZZ-ZZZZ")
    client.force_login(coordinator)  # the owner: nothing to break, so refused
    refused = _break_glass(client, family.mother.code)
    message = "No participant with this code can be opened in an emergency from your organisation."
    assert unknown.status_code == refused.status_code == 200
    assert message in unknown.content.decode() and message in refused.content.decode()
    assert not EmergencyAccess.objects.exists()
    assert AuditEvent.objects.filter(action="emergency_access.refused").count() == 2


def test_a_reason_is_required(client, family, other_coordinator):
    client.force_login(other_coordinator)
    response = _break_glass(client, family.mother.code, reason="")
    assert response.status_code == 200
    assert not EmergencyAccess.objects.exists()


def test_partners_and_specialists_cannot_break_the_glass(client, family, cso_partner, psychologist):
    for user in (cso_partner, psychologist):
        client.force_login(user)
        assert client.get(reverse("emergency_access")).status_code == 404
