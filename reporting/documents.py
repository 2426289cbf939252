"""The documents attached to reports, of every kind: what a document may be, checked by its content."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# What an official post-activity document may be, by extension, with the first bytes such a file
# starts with: a renamed executable is refused even if its name ends in .pdf.
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".doc": (OLE,),
    ".docx": (ZIP,),
    ".xls": (OLE,),
    ".xlsx": (ZIP,),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


# The type a document is served as, by its checked extension: never the type the browser claimed
# when uploading it, which a person could set to text/html and have the file run as a page.
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
UNKNOWN_TYPE = "application/octet-stream"


def detected_content_type(name, head):
    """The type of a document named `name` whose first bytes are `head`, if they agree; else octet-stream."""
    extension = Path(name).suffix.lower()
    if any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES.get(extension, ())):
        return DOCUMENT_TYPES[extension]
    return UNKNOWN_TYPE


def validate_document(uploaded):
    """Refuse a file that is not a PDF, Word, Excel or image file, or that is over the size limit."""
    limit = settings.REPORT_DOCUMENT_MAX_BYTES
    extension = Path(uploaded.name).suffix.lower()
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationError(
            _("“%(name)s” is not a PDF, Word, Excel or image file; those are the documents a report can carry."),
            params={"name": uploaded.name},
        )
    if uploaded.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; documents can be at most %(limit)s."),
            params={"name": uploaded.name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)},
        )
    if uploaded.size == 0:
        raise ValidationError(_("“%(name)s” is empty."), params={"name": uploaded.name})
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if not any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(
            _("“%(name)s” does not look like a %(kind)s file inside; it may be damaged or renamed."),
            params={"name": uploaded.name, "kind": extension.lstrip(".").upper()},
        )
