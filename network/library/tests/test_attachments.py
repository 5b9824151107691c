import pytest

from network.library.attachments import Refused, check
from network.library.models import Attachment
from network.library.tests import files


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (files.PDF, Attachment.ContentType.PDF),
        (files.PNG, Attachment.ContentType.PNG),
        (files.JPEG, Attachment.ContentType.JPEG),
        (files.docx(), Attachment.ContentType.DOCX),
    ],
)
def test_the_type_is_read_from_the_content(data, content_type):
    assert check(data) == content_type


@pytest.mark.parametrize(
    "data", [files.EXE, files.plain_zip(), b"plain text", b"<html><script>alert(1)</script></html>"]
)
def test_anything_else_is_refused_whatever_its_name(data):
    with pytest.raises(Refused):
        check(data)


def test_a_docx_with_macros_is_refused():
    with pytest.raises(Refused, match="macros"):
        check(files.docx(macros=True))


@pytest.mark.parametrize("name", [b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/J#61vaScript"])
def test_a_pdf_that_could_run_or_carry_something_is_refused(name):
    with pytest.raises(Refused):
        check(files.PDF.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S " + name + b" >>"))


def test_a_pdf_mentioning_json_is_not_mistaken_for_script():
    assert check(files.PDF.replace(b"/Type", b"/JSON /Type")) == Attachment.ContentType.PDF


def test_a_file_over_the_limit_is_refused(settings):
    settings.HOMECOMING_ATTACHMENT_MAX_BYTES = 64
    with pytest.raises(Refused, match="larger"):
        check(files.PNG + b"\x00" * 64)


def test_an_empty_file_is_refused():
    with pytest.raises(Refused):
        check(b"")
