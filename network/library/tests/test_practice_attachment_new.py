from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from network.library.models import Attachment
from network.library.tests import files
from network.library.tests.builders import make_practice


def _upload(client, practice, name: str, data: bytes):
    return client.post(reverse("practice_attachment_new", args=[practice.pk]), {"file": SimpleUploadedFile(name, data)})


def test_the_editor_attaches_a_pdf(client, network_editor, city_a):
    practice = make_practice(network_editor, city_a.social)
    client.force_login(network_editor)
    assert client.get(reverse("practice_attachment_new", args=[practice.pk])).status_code == 200
    assert _upload(client, practice, "report.pdf", files.PDF).status_code == 302
    assert Attachment.objects.get().original_name == "report.pdf"


def test_a_renamed_program_is_refused(client, network_editor, city_a):
    practice = make_practice(network_editor, city_a.social)
    client.force_login(network_editor)
    response = _upload(client, practice, "report.pdf", files.EXE)
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not Attachment.objects.exists()


def test_a_pdf_with_javascript_a_docx_with_macros_and_a_large_file_are_refused(
    client, network_editor, city_a, settings
):
    practice = make_practice(network_editor, city_a.social)
    client.force_login(network_editor)
    _upload(client, practice, "a.pdf", files.PDF.replace(b"/Type", b"/JavaScript /Type"))
    _upload(client, practice, "b.docx", files.docx(macros=True))
    settings.HOMECOMING_ATTACHMENT_MAX_BYTES = 16
    _upload(client, practice, "c.png", files.PNG)
    assert not Attachment.objects.exists()


def test_a_reader_does_not_attach(client, network_editor, case_worker, city_a):
    practice = make_practice(network_editor, city_a.social)
    client.force_login(case_worker)
    assert _upload(client, practice, "report.pdf", files.PDF).status_code == 404
