"""Photos that staff upload (hazards, activities): checked by content, re-encoded, kept private.

`clean_photo` accepts only JPEG, PNG and WebP, recognised from the bytes (never from the file
name), turns the picture upright, shrinks very large photos and re-encodes them without any
metadata: no EXIF, no GPS position of the photographer, no XMP, no ICC profile, no comments.
It also makes a small JPEG thumbnail for lists.

Store the result in the default storage with the name from `photo_name`, and serve it only
through a view that checks the user's permission for the record the photo belongs to, never from
a public static or media URL: photos show people, venues and faces.
"""

import io
import uuid
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.text import LazyText, lazy_percent

MAX_UPLOAD_BYTES = 10 * 2**20
MAX_PIXELS = 40_000_000  # about a 7300 × 5500 photo; more is a decompression bomb or a scan
MAX_SIDE = 2560
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80

# Pillow's format name → (extension, content type). MPO is what Pillow calls the JPEGs that many
# phones and cameras write (a JPEG with a second, preview picture appended).
_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "MPO": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
_OPENERS = ("JPEG", "PNG", "WEBP")  # the plugins Pillow may try: no GIF, SVG, PDF, TIFF, …
_PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA"})


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    thumbnail: bytes  # always JPEG
    extension: str  # "jpg", "png" or "webp"
    width: int
    height: int
    content_type: str


def refusal(code: str, message: LazyText, name: str, **params: object) -> ValidationError:
    """The message is filled in when shown, so it follows the reader's language."""
    if params:
        message = cast(LazyText, lazy_percent(message, params))
    if name:
        # Translators: “%(name)s”：%(reason)s
        named = _("“%(name)s”: %(reason)s")
        message = cast(LazyText, lazy_percent(named, {"name": name, "reason": message}))
    return ValidationError(message, code=code)


def read_upload(
    upload: UploadedFile | BinaryIO, name: str, limit: int, too_large: LazyText
) -> bytes:
    """The upload's bytes, read no further than `limit` + 1 of them; ValidationError when it
    cannot be read, is empty or is larger than `limit` (`too_large` takes %(limit)d, in MB)."""
    try:
        if upload.seekable():
            upload.seek(0)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = upload.read(min(left, 2**20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except Exception:  # a dropped connection, a closed temporary file, a wrong object
        # Translators: 无法读取文件，请重新上传。
        message = _("The file could not be read. Upload it again.")
        raise refusal("unreadable", message, name) from None
    data = b"".join(chunks)
    if not data:
        # Translators: 文件是空的。
        raise refusal("empty", _("The file is empty."), name)
    if len(data) > limit:
        raise refusal("too_large", too_large, name, limit=limit // 2**20)
    return data


def _open(data: bytes, name: str) -> Image.Image:
    """The picture in `data`, decoded, if it is a JPEG, PNG or WebP of a sensible size."""
    # Translators: 该文件不是JPEG、PNG或WebP格式的照片。
    not_photo = _("This file is not a JPEG, PNG or WebP photo.")
    try:
        with Image.open(io.BytesIO(data), formats=_OPENERS) as probe:
            probe.verify()  # checksums and structure, without decoding the pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name) from None
    except UnidentifiedImageError:  # no JPEG, PNG or WebP signature: text, GIF, PDF, SVG, …
        raise refusal("not_photo", not_photo, name) from None
    except Exception:  # a photo format, but broken
        raise _damaged(name) from None
    try:
        image = Image.open(io.BytesIO(data), formats=_OPENERS)
        if image.format not in _FORMATS:
            raise refusal("not_photo", not_photo, name)
        # Checked here, before decoding, rather than by lowering Pillow's process-wide
        # Image.MAX_IMAGE_PIXELS, which would change every other use of Pillow in the process.
        if image.width * image.height > MAX_PIXELS:
            raise _too_many_pixels(name)
        if image.format in ("JPEG", "MPO"):
            image.draft(None, (MAX_SIDE, MAX_SIDE))  # decode big JPEGs at 1/2, 1/4 or 1/8 size
        image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(name) from None
    except Exception:  # truncated, corrupt, or an unsupported variant
        raise _damaged(name) from None
    return image


def _too_many_pixels(name: str) -> ValidationError:
    # Translators: 照片超过%(limit)d百万像素，请上传较小的照片。
    message = _("This photo has more than %(limit)d million pixels. Upload a smaller one.")
    return refusal("too_many_pixels", message, name, limit=MAX_PIXELS // 1_000_000)


def _damaged(name: str) -> ValidationError:
    # Translators: 照片已损坏或不完整，请重新上传。
    message = _("This photo is damaged or incomplete. Upload it again.")
    return refusal("damaged", message, name)


def _has_alpha(image: Image.Image) -> bool:
    return "A" in image.getbands() or "transparency" in image.info


def _upright(image: Image.Image) -> Image.Image:
    """The picture turned as the camera's EXIF orientation says, as a new image."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # an unreadable EXIF block: keep the picture as it was taken
        return image.copy()


def _prepared(image: Image.Image, extension: str) -> Image.Image:
    """A mode the output format can hold, and smooth to resize."""
    if extension == "jpg":
        return image.convert("L" if image.mode in ("1", "L") else "RGB")
    if extension == "webp":
        return image.convert("RGBA" if _has_alpha(image) else "RGB")
    large = max(image.size) > MAX_SIDE
    if image.mode not in _PNG_MODES or (large and image.mode in ("1", "P")):
        return image.convert("RGBA" if _has_alpha(image) else "RGB")
    return image


def _without_metadata(image: Image.Image) -> Image.Image:
    """The same pixels with nothing else: EXIF, XMP, ICC, text chunks and comments all go."""
    transparency = image.info.get("transparency")
    image.info.clear()
    if transparency is not None:  # a PNG's transparent colour is part of the picture
        image.info["transparency"] = transparency
    return image


def _encoded(image: Image.Image, extension: str) -> bytes:
    out = io.BytesIO()
    if extension == "jpg":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif extension == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=JPEG_QUALITY)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    if _has_alpha(small):  # JPEG has no transparency: put the picture on white
        rgba = small.convert("RGBA")
        small = Image.new("RGB", rgba.size, "white")
        small.paste(rgba, mask=rgba.getchannel("A"))
    else:
        small = small.convert("RGB")
    out = io.BytesIO()
    small.save(out, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return out.getvalue()


def clean_photo(upload: UploadedFile | BinaryIO, *, name: str = "") -> CleanPhoto:
    """The upload as a safe, metadata-free photo and thumbnail, or ValidationError.

    `name` is the file's name as the user knows it, only to say which file a message is about;
    the format is always decided by the content.
    """
    # Translators: 文件超过%(limit)d MB，请上传较小的照片。
    too_large = _("The file is larger than %(limit)d MB. Upload a smaller photo.")
    data = read_upload(upload, name, MAX_UPLOAD_BYTES, too_large)
    image = _open(data, name)
    try:
        extension, content_type = _FORMATS[str(image.format)]
        picture = _prepared(_upright(image), extension)
        if max(picture.size) > MAX_SIDE:
            picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        picture = _without_metadata(picture)
        content = _encoded(picture, extension)
        thumbnail = _thumbnail(picture)
    except Exception:  # very unusual pixel data that Pillow cannot convert or encode
        raise _damaged(name) from None
    finally:
        image.close()
    return CleanPhoto(
        content=content,
        thumbnail=thumbnail,
        extension=extension,
        width=picture.width,
        height=picture.height,
        content_type=content_type,
    )


def photo_name(extension: str) -> str:
    """A storage name nobody can guess, such as photos/2026/11/<32 hex digits>.jpg."""
    if extension not in ("jpg", "png", "webp"):
        raise ValueError(f"not a photo extension: {extension!r}")
    return f"photos/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def store_photo(record: Any, upload: UploadedFile | BinaryIO) -> Any:
    """Check `upload` and save it, with its thumbnail, as the unsaved photo `record` (a Photo).

    Raises ValidationError (and saves nothing) when the upload is not a usable photo.
    """
    photo = clean_photo(upload, name=getattr(upload, "name", "") or "")
    name = photo_name(photo.extension)
    record.content_type = photo.content_type
    record.image.save(name, ContentFile(photo.content), save=False)
    record.thumbnail.save(
        name.replace(f".{photo.extension}", "-thumb.jpg"), ContentFile(photo.thumbnail), save=False
    )
    record.save()
    return record


def photo_response(photo: Any, size: str = "full") -> FileResponse:
    """The photo or its thumbnail, for a view that has already found it in the user's scope."""
    field = photo.thumbnail if size == "thumb" else photo.image
    content_type = "image/jpeg" if size == "thumb" else photo.content_type
    response = FileResponse(field.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
