from django.urls import reverse

from core.actor import Actor
from network.library import actions
from network.library.models import Practice
from network.library.tests import files
from network.library.tests.builders import make_practice


def test_a_reader_downloads_an_attachment_as_a_file_never_rendered(
    client, network_editor, coordinator, case_worker, city_a
):
    practice = make_practice(network_editor, city_a.social)
    attachment = actions.add_attachment(actor=Actor.of(network_editor), practice=practice, name="r.pdf", data=files.PDF)
    Practice.objects.filter(pk=practice.pk).update(state=Practice.State.PUBLISHED, reviewed_by=coordinator)
    client.force_login(case_worker)
    response = client.get(reverse("practice_attachment", args=[practice.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == files.PDF


def test_an_attachment_of_a_draft_is_404_for_a_reader(client, network_editor, case_worker, city_a):
    practice = make_practice(network_editor, city_a.social)
    attachment = actions.add_attachment(actor=Actor.of(network_editor), practice=practice, name="r.pdf", data=files.PDF)
    client.force_login(case_worker)
    assert client.get(reverse("practice_attachment", args=[practice.pk, attachment.pk])).status_code == 404
