"""The changes waiting for a second person, as an administration area: in the administration's
frame for an administrator, with every change asked for; as before for a coordinator.
(Ported from the Django admin's tests: accounts/tests/test_second_person.py.)"""

from django.urls import reverse

from accounts.models import PendingChange
from directory.models import Role

URL = reverse("pending_changes")


def _ask(client, user, organisation, role):
    url = reverse("administration_membership_new", args=[user.pk])
    client.post(url, {"organisation": organisation.pk, "role": role, "discipline": ""})
    return PendingChange.objects.latest("pk")


def test_an_administrator_sees_every_change_asked_for_by_outcome(
    client, administrator, coordinator, city_a, me_officer
):
    client.force_login(administrator)
    refused = _ask(client, me_officer, city_a.social, Role.CASE_WORKER)
    waiting = _ask(client, me_officer, city_a.cso, Role.PARTNER)
    client.force_login(coordinator)
    client.post(URL, {"change": refused.pk, "decision": "refuse"})
    assert client.get(URL).templates[0].name == "accounts/pending_changes.html"  # a coordinator's page as before
    client.force_login(administrator)
    assert set(client.get(URL).context["page"]) == {refused, waiting}
    assert list(client.get(URL, {"outcome": "refused"}).context["page"]) == [refused]
    assert list(client.get(URL, {"outcome": "nonsense", "page": "x"}).context["page"]) == [waiting, refused]


def test_the_administration_menu_leads_to_the_changes(client, administrator):
    client.force_login(administrator)
    page = client.get(reverse("administration_users")).content.decode()
    assert f'href="{URL}"' in page
