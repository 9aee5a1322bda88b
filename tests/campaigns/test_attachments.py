"""Activity attachments: recognised by content, size-limited, stored privately under the
user's file name."""

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from campaigns.models import Activity, ActivityAttachment, AttachmentKind
from core.uploads.attachments import (
    attachment_response,
    check_attachment,
    clean_attachment,
    download_name,
    store_attachment,
)
from ledgers.models import Community

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def pdf() -> bytes:
    """A real one-page PDF (Pillow writes it)."""
    out = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(out, "PDF")
    return out.getvalue()


def docx(*, macros: bool = False) -> bytes:
    """A minimal but real Word document: the parts Word itself needs."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>签到表</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00" * 16)
    return out.getvalue()


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "民族"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ole2(stream: str, extra: str = "") -> bytes:
    """The start of an old binary Office file holding a stream of the given name."""
    names = stream.encode("utf-16-le") + extra.encode("utf-16-le")
    return OLE2 + b"\x00" * 504 + names + b"\x00" * 1024


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x0131] = "Secret-Camera"
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "JPEG", exif=exif)
    return out.getvalue()


def refusal(data: bytes, name: str) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        clean_attachment(upload(data, name))
    return refused.value


def test_a_text_file_named_pdf_is_refused() -> None:
    error = refusal(b"just some notes\n" * 20, "签到表.pdf")
    assert error.code == "unsupported"
    assert "签到表.pdf" in str(error.message)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "slides.pptx"),
        (b"MZ\x90\x00" + b"\x00" * 100, "setup.doc"),  # a Windows program
        (b"PK\x03\x04" + b"\x00" * 100, "archive.docx"),  # a broken zip
        (b"GIF89a" + b"\x00" * 100, "photo.jpg"),
    ],
)
def test_other_files_are_refused_whatever_their_name(data: bytes, name: str) -> None:
    assert refusal(data, name).code == "unsupported"


def test_a_plain_zip_is_not_an_office_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refusal(out.getvalue(), "材料.docx").code == "unsupported"


def test_documents_with_macros_are_refused() -> None:
    assert refusal(docx(macros=True), "宣讲稿.docm").code == "macros"
    assert refusal(ole2("WordDocument", "_VBA_PROJECT"), "宣讲稿.doc").code == "macros"


def test_an_empty_file_is_refused() -> None:
    assert refusal(b"", "签到表.pdf").code == "empty"


def test_a_file_over_the_limit_is_refused(settings: Any) -> None:
    settings.ATTACHMENT_MAX_MB = 1
    big = pdf() + b"\x00" * 2**20
    error = refusal(big, "课件.pdf")
    assert error.code == "too_large"
    assert "1 MB" in str(error.message)
    settings.ATTACHMENT_MAX_MB = 2
    assert clean_attachment(upload(big, "课件.pdf")) == ("application/pdf", "pdf")


def test_real_documents_are_recognised_by_content_not_name() -> None:
    assert clean_attachment(upload(pdf(), "签到表.pdf")) == ("application/pdf", "pdf")
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert clean_attachment(upload(docx(), "讲稿.docx")) == (word, "docx")
    assert clean_attachment(upload(docx(), "讲稿")) == (word, "docx")
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert clean_attachment(upload(xlsx(), "签到表.pdf")) == (sheet, "xlsx")


def test_old_office_and_wps_files_are_told_apart_by_their_streams() -> None:
    assert clean_attachment(upload(ole2("WordDocument"), "通知.doc"))[1] == "doc"
    assert clean_attachment(upload(ole2("WordDocument"), "通知.wps"))[1] == "wps"
    assert clean_attachment(upload(ole2("WordDocument"), "通知.xls"))[1] == "doc"
    assert clean_attachment(upload(ole2("Workbook"), "名单.et"))[1] == "et"
    assert clean_attachment(upload(ole2("PowerPoint Document"), "课件.ppt")) == (
        "application/vnd.ms-powerpoint",
        "ppt",
    )
    assert refusal(ole2("EncryptedPackage"), "加密.docx").code == "unsupported"


def test_photos_go_through_the_photo_checks_and_lose_their_metadata() -> None:
    checked = check_attachment(upload(jpeg_with_exif(), "现场.jpeg"), name="现场.jpeg")
    assert (checked.content_type, checked.extension) == ("image/jpeg", "jpg")
    assert b"Secret-Camera" not in checked.content
    broken = jpeg_with_exif()[:200]
    assert refusal(broken, "现场.jpg").code == "damaged"


def test_download_names_keep_the_user_s_name_and_say_what_the_file_is() -> None:
    assert download_name("C:\\Users\\马\\签到表.PDF", "pdf") == "签到表.PDF"
    assert download_name("../../etc/签到表.pdf", "docx") == "签到表.docx"
    assert download_name("现场.jpeg", "jpg") == "现场.jpeg"
    with translation.override("en"):
        assert download_name("", "pdf") == "attachment.pdf"
        assert download_name(".pdf", "pdf") == "attachment.pdf"
    assert download_name("bad\x00name\n.pdf", "pdf") == "badname.pdf"
    long = download_name("长" * 300 + ".pdf", "pdf")
    assert len(long) == 200 and long.endswith(".pdf")


def test_a_stored_attachment_has_an_unguessable_name_and_downloads_as_uploaded(
    accounts: dict[str, User], miaochuan: Community
) -> None:
    lecture = Activity.objects.create(
        community=miaochuan, kind="policy_lecture", title="宣讲", place_text="会议室"
    )
    record = ActivityAttachment(
        activity=lecture, kind=AttachmentKind.SIGN_IN, uploaded_by=accounts["staff_mc"]
    )
    store_attachment(record, upload(docx(), "5月12日宣讲签到表.docx"))

    record.refresh_from_db()
    assert record.original_name == "5月12日宣讲签到表.docx"
    assert record.size == len(docx())
    stored = str(record.file.name)
    assert "签到表" not in stored
    assert stored.startswith(f"attachments/{timezone.localdate():%Y/%m}/")
    response = attachment_response(record)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''5%E6%9C%8812" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == record.file.open("rb").read()  # type: ignore[arg-type]


def test_a_refused_file_stores_nothing(accounts: dict[str, User], miaochuan: Community) -> None:
    lecture = Activity.objects.create(
        community=miaochuan, kind="policy_lecture", title="宣讲", place_text="会议室"
    )
    record = ActivityAttachment(activity=lecture, uploaded_by=accounts["staff_mc"])
    with pytest.raises(ValidationError):
        store_attachment(record, upload(b"not a pdf", "签到表.pdf"))
    assert not ActivityAttachment.objects.exists()
