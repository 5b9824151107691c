from django.urls import reverse

from network.library.models import Practice
from network.library.tests.builders import make_practice, practice_fields


def _body(practice, **changes) -> dict:
    fields = practice_fields(
        language="en", status="inspiring", evidence_strength="practitioner_account", version=practice.version
    )
    return {**fields, **changes}


def test_the_editor_changes_a_draft(client, network_editor, city_a):
    practice = make_practice(network_editor, city_a.social)
    client.force_login(network_editor)
    assert client.get(reverse("practice_edit", args=[practice.pk])).status_code == 200
    response = client.post(reverse("practice_edit", args=[practice.pk]), _body(practice, title="Renamed"))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.title, practice.version) == ("Renamed", 2)


def test_an_edit_begun_before_another_is_refused_with_409(client, network_editor, city_a):
    practice = make_practice(network_editor, city_a.social)
    client.force_login(network_editor)
    client.post(reverse("practice_edit", args=[practice.pk]), _body(practice, title="First"))
    response = client.post(reverse("practice_edit", args=[practice.pk]), _body(practice, title="Second"))
    assert response.status_code == 409
    assert Practice.objects.get(pk=practice.pk).title == "First"


def test_a_published_practice_is_not_edited(client, network_editor, coordinator, city_a):
    practice = make_practice(network_editor, city_a.social, state=Practice.State.PUBLISHED, reviewer=coordinator)
    client.force_login(network_editor)
    assert client.get(reverse("practice_edit", args=[practice.pk])).status_code == 404
