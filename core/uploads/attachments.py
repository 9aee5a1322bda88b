"""Files kept with a record (sign-in sheets, slides, plans): checked by content, kept private.

`clean_attachment` recognises a file from its bytes, never from its name: a PDF (`%PDF-`), an
Office or WPS document of the old binary kind (an OLE2 compound file, told apart by the streams
it holds: WordDocument, Workbook, PowerPoint Document), an Office Open XML document (a zip with
`[Content_Types].xml` and a word/, xl/ or ppt/ part), or a JPEG, PNG or WebP photo (through
core.uploads.photos, which re-encodes it without its metadata). Macro-enabled documents are refused.
The largest accepted size is settings.ATTACHMENT_MAX_MB.

Store with `store_attachment` (a name nobody can guess, in the default storage: a folder, an NFS
mount or object storage; the original file name kept for the download) and serve with
`attachment_response` from a view that has already found the attachment in the user's scope.
The record is the app's own model (`StoredAttachment` says which fields it needs); what it is
attached to is the app's business.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads.photos import clean_photo, read_upload, refusal

PDF = "application/pdf"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"


def _stream(name: str) -> bytes:
    """An OLE2 directory entry's name as it is stored: UTF-16 little-endian."""
    return name.encode("utf-16-le")


# Old binary Office (and WPS, which writes the same containers): the stream that says what the
# document is → the extensions of that family (the first is the default) and the content type.
OLE2_FAMILIES = [
    (_stream("WordDocument"), ("doc", "wps"), "application/msword"),
    (_stream("Workbook"), ("xls", "et"), "application/vnd.ms-excel"),
    (_stream("Book"), ("xls", "et"), "application/vnd.ms-excel"),
    (_stream("PowerPoint Document"), ("ppt", "dps"), "application/vnd.ms-powerpoint"),
]
OLE2_MACROS = _stream("_VBA_PROJECT")
OOXML = "application/vnd.openxmlformats-officedocument."
OOXML_FAMILIES = {
    "word/": ("docx", OOXML + "wordprocessingml.document"),
    "xl/": ("xlsx", OOXML + "spreadsheetml.sheet"),
    "ppt/": ("pptx", OOXML + "presentationml.presentation"),
}
PHOTO_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")
SAME_EXTENSION = {"jpeg": "jpg"}
NAME_LENGTH = 200


class StoredAttachment(Protocol):
    """The fields of a model that keeps attachments (a FileField `file` and what it holds)."""

    file: Any
    original_name: str
    content_type: str
    size: int

    def save(self) -> None: ...


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    content: bytes  # what is stored: the upload itself, or a photo re-encoded without metadata


def max_bytes() -> int:
    return int(settings.ATTACHMENT_MAX_MB) * 2**20


def _unsupported(name: str) -> ValidationError:
    # Translators: 仅接受PDF、图片（JPEG、PNG、WebP）和Office/WPS文档（Word、Excel、PPT）。
    message = _(
        "Only PDF files, photos (JPEG, PNG, WebP) and Office or WPS documents "
        "(Word, Excel, PowerPoint) are accepted."
    )
    return refusal("unsupported", message, name)


def _macros(name: str) -> ValidationError:
    # Translators: 含宏的文档不予接受，请另存为不含宏的格式后上传。
    message = _("Documents with macros are not accepted. Save it without macros and upload it.")
    return refusal("macros", message, name)


def _suffix(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return SAME_EXTENSION.get(suffix, suffix)


def _ole2(data: bytes, name: str) -> CheckedFile:
    if OLE2_MACROS in data:
        raise _macros(name)
    for marker, extensions, content_type in OLE2_FAMILIES:
        if marker in data:
            # A WPS file and a Microsoft one of the same family look alike: keep the user's.
            extension = _suffix(name) if _suffix(name) in extensions else extensions[0]
            return CheckedFile(content_type, extension, data)
    raise _unsupported(name)  # an encrypted document, a Visio drawing, an .msi …


def _ooxml(data: bytes, name: str) -> CheckedFile:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()  # the central directory only: nothing is inflated
    except Exception:
        raise _unsupported(name) from None
    if "[Content_Types].xml" not in names:
        raise _unsupported(name)  # a plain zip, an .odt, an .apk …
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise _macros(name)
    for folder, (extension, content_type) in OOXML_FAMILIES.items():
        if any(n.startswith(folder) for n in names):
            return CheckedFile(content_type, extension, data)
    raise _unsupported(name)


def _photo(data: bytes, name: str) -> CheckedFile:
    photo = clean_photo(io.BytesIO(data), name=name)
    return CheckedFile(photo.content_type, photo.extension, photo.content)


def check_attachment(upload: UploadedFile | BinaryIO, *, name: str = "") -> CheckedFile:
    """The upload, recognised from its content, or ValidationError saying why it is refused.

    `name` is the file's name as the user knows it: for messages, and to tell a WPS document
    from a Microsoft one of the same family; it never decides whether a file is accepted.
    """
    # Translators: 文件超过%(limit)d MB，请上传较小的文件。
    too_large = _("The file is larger than %(limit)d MB. Upload a smaller file.")
    data = read_upload(upload, name, max_bytes(), too_large)
    if b"%PDF-" in data[:1024]:  # readers accept the header anywhere in the first kilobyte
        return CheckedFile(PDF, "pdf", data)
    if data.startswith(OLE2_SIGNATURE):
        return _ole2(data, name)
    if data.startswith(ZIP_SIGNATURE):
        return _ooxml(data, name)
    if data.startswith(PHOTO_MAGIC):
        return _photo(data, name)
    raise _unsupported(name)


def clean_attachment(upload: UploadedFile | BinaryIO, *, name: str = "") -> tuple[str, str]:
    """(content type, extension) of an acceptable upload, or ValidationError: for forms."""
    checked = check_attachment(upload, name=name or getattr(upload, "name", "") or "")
    return checked.content_type, checked.extension


def attachment_name(extension: str) -> str:
    """A storage name nobody can guess, such as attachments/2026/11/<32 hex digits>.pdf."""
    if not re.fullmatch(r"[a-z]{2,4}", extension):
        raise ValueError(f"not an attachment extension: {extension!r}")
    return f"attachments/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def download_name(original: str, extension: str) -> str:
    """The user's file name without folders or control characters, ending in what it is."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", original.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    stem = name.rsplit(".", 1)[0] if "." in name else name
    if not stem:
        # Translators: 附件 (the name of a downloaded file whose own name was empty)
        stem = str(_("attachment"))
    if not name.startswith(stem) or _suffix(name) != extension:
        name = f"{stem}.{extension}"
    if len(name) > NAME_LENGTH:
        name = f"{stem[: NAME_LENGTH - len(extension) - 1]}.{extension}"
    return str(name)


def store_attachment(record: StoredAttachment, upload: UploadedFile | BinaryIO) -> Any:
    """Check `upload` and save it as the unsaved attachment `record` (what it belongs to and who
    uploaded it already set). Raises ValidationError, and saves nothing, when it is refused."""
    original = getattr(upload, "name", "") or ""
    checked = check_attachment(upload, name=original)
    record.content_type = checked.content_type
    record.size = len(checked.content)
    record.original_name = download_name(original, checked.extension)
    record.file.save(attachment_name(checked.extension), ContentFile(checked.content), save=False)
    record.save()
    return record


def attachment_response(attachment: StoredAttachment, *, inline: bool = False) -> FileResponse:
    """The file under its original name, for a view that has already found it in scope.
    Downloaded by default; `inline` shows PDFs and photos in the browser."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not inline,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
