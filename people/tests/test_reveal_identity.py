import time

from django.urls import reverse

from accounts.tests.helpers import sign_in
from core.models import AuditEvent


def _reveal(client, participant, reason="Home visit tomorrow"):
    return client.post(reverse("reveal_identity", args=[participant.code]), {"reason": reason})


def test_the_identity_is_hidden_until_revealed(client, family, case_worker):
    sign_in(client, case_worker)
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "Zhanar Example-Mother" not in page
    assert "Show identity" in page


def test_revealing_with_a_second_factor_and_a_reason_shows_and_audits(client, family, case_worker):
    sign_in(client, case_worker)
    response = _reveal(client, family.mother)
    assert response.status_code == 302
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "Zhanar Example-Mother" in page
    assert "N12345678" in page
    event = AuditEvent.objects.get(action="identity.revealed")
    assert (event.actor, event.object_ref, event.reason) == (case_worker, family.mother.code, "Home visit tomorrow")
    # Only this participant is revealed.
    other = client.get(reverse("participant", args=[family.son.code])).content.decode()
    assert "Yusuf Example-Son" not in other


def test_the_htmx_reveal_swaps_only_the_identity_section(client, family, case_worker):
    sign_in(client, case_worker)
    response = client.post(
        reverse("reveal_identity", args=[family.mother.code]), {"reason": "Check"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="panel section" id="identity"')
    assert "Zhanar Example-Mother" in html


def test_revealing_without_a_second_factor_in_the_session_is_refused(client, family, case_worker):
    client.force_login(case_worker)  # signed in, but no second factor in this session
    _reveal(client, family.mother)
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "Zhanar Example-Mother" not in page
    assert "needs a second factor" in page
    assert not AuditEvent.objects.filter(action="identity.revealed").exists()


def test_revealing_needs_a_reason(client, family, case_worker):
    sign_in(client, case_worker)
    response = _reveal(client, family.mother, reason="")
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="identity.revealed").exists()


def test_the_reveal_expires_after_a_few_minutes(client, family, case_worker, settings):
    sign_in(client, case_worker)
    _reveal(client, family.mother)
    session = client.session
    session["revealed"] = {family.mother.code: time.time() - 1}
    session.save()
    page = client.get(reverse("participant", args=[family.mother.code])).content.decode()
    assert "Zhanar Example-Mother" not in page


def test_a_psychologist_on_the_team_cannot_reveal(client, family, psychologist):
    client.force_login(psychologist)
    assert _reveal(client, family.mother).status_code == 404


def test_the_photo_is_stored_encrypted_and_shown_only_while_revealed(client, family, case_worker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, case_worker)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    upload = SimpleUploadedFile("face.png", png, content_type="image/png")
    client.post(reverse("upload_photo", args=[family.mother.code]), {"photo": upload})
    family.mother.identity.refresh_from_db()
    assert png not in family.mother.identity.photo_sealed.encode()
    url = reverse("identity_photo", args=[family.mother.code])
    assert client.get(url).status_code == 404
    _reveal(client, family.mother)
    response = client.get(url)
    assert response.content == png
    assert response["Content-Type"] == "image/png"
    assert AuditEvent.objects.filter(action="identity.photo_viewed").exists()


def test_a_file_that_is_not_an_image_is_refused(client, family, case_worker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    sign_in(client, case_worker)
    upload = SimpleUploadedFile("face.png", b"<script>", content_type="image/png")
    response = client.post(reverse("upload_photo", args=[family.mother.code]), {"photo": upload}, follow=True)
    assert "must be a JPEG or PNG" in response.content.decode()
    family.mother.identity.refresh_from_db()
    assert family.mother.identity.photo_sealed == ""
