"""What an attachment may be: its type read from its content, never from its name (issue 13 §1).

PDF, DOCX, PNG and JPEG only, at most HOMECOMING_ATTACHMENT_MAX_BYTES, and nothing executable:
a DOCX with macros (``vbaProject.bin``) or a PDF that can run script, launch a program or carry
embedded files is refused. These are checks on the bytes, not a virus scan.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from network.library.models import Attachment

# Names a PDF uses for actions that run something or carry files. The delimiter check keeps
# "/JSON" or "/Launcher" text from matching; hex-escaped names (/J#61vaScript) are decoded first.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|EmbeddedFiles)(?![A-Za-z0-9])")
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


class Refused(ValueError):
    """An upload that is not accepted, with the reason a person can read."""


def content_type_of(data: bytes) -> str:
    """The attachment's type from its first bytes and structure; ``Refused`` for anything else."""
    if data.startswith(b"%PDF-"):
        return Attachment.ContentType.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Attachment.ContentType.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return Attachment.ContentType.JPEG
    if data.startswith(b"PK\x03\x04"):
        names = _zip_names(data)
        if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
            return Attachment.ContentType.DOCX
    raise Refused(_("Only PDF, DOCX, PNG and JPEG files are accepted."))


def _zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return []


def check(data: bytes) -> str:
    """The content type of an acceptable attachment; ``Refused`` with the reason otherwise."""
    limit = settings.HOMECOMING_ATTACHMENT_MAX_BYTES
    if len(data) > limit:
        raise Refused(_("The file is larger than %(megabytes)s MB.") % {"megabytes": limit // (1024 * 1024) or 1})
    if not data:
        raise Refused(_("The file is empty."))
    content_type = content_type_of(data)
    if content_type == Attachment.ContentType.DOCX and any(
        name.lower().endswith("vbaproject.bin") for name in _zip_names(data)
    ):
        raise Refused(_("The document contains macros; save it without them."))
    if content_type == Attachment.ContentType.PDF:
        decoded = _PDF_HEX_ESCAPE.sub(lambda found: bytes.fromhex(found.group(1).decode()), data)
        if _PDF_ACTIVE.search(decoded):
            raise Refused(_("The PDF contains scripts, launch actions or embedded files; print it to a plain PDF."))
    return content_type
