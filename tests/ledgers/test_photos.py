"""Uploaded photos: only real JPEG, PNG and WebP; upright, small, and without any metadata."""

import io
import random
import re
import struct
import time
import zlib
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image, ImageCms, PngImagePlugin

from core.uploads.photos import MAX_PIXELS, MAX_UPLOAD_BYTES, CleanPhoto, clean_photo, photo_name

GPS_IFD = 0x8825
ORIENTATION = 0x0112
SECRET = b"Secret-Place-39.9"  # what must not survive in any metadata


def encoded(image: Image.Image, fmt: str, **params: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Acme"  # Make
    exif[0x0131] = SECRET.decode()  # Software
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (39.0, 54.0, 26.0), 3: "E", 4: (116.0, 23.0, 29.0)}
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def two_colours(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: shows which way a picture was turned."""
    image = Image.new(mode, size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    return image


def clean(data: bytes, name: str = "") -> CleanPhoto:
    return clean_photo(io.BytesIO(data), name=name)


def refusal(data: bytes, name: str = "") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        clean(data, name)
    return caught.value


def english(error: ValidationError) -> list[str]:
    with translation.override("en"):
        return error.messages


def assert_no_metadata(data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(GPS_IFD) == {}
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Comment"):
        assert key not in image.info
    assert SECRET not in data
    assert b"Acme" not in data
    assert b"xmpmeta" not in data


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a huge size but holds almost no data: a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


# Metadata


def test_jpeg_loses_exif_gps_xmp_icc_and_comment() -> None:
    source = encoded(
        Image.new("RGB", (300, 200), "green"),
        "JPEG",
        exif=camera_exif(),
        xmp=b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>",
        icc_profile=srgb_profile(),
        comment=SECRET,
    )
    before = Image.open(io.BytesIO(source))
    assert before.getexif().get_ifd(GPS_IFD)[1] == "N"  # the test photo does carry a position
    assert SECRET in source

    photo = clean(source)

    assert (photo.extension, photo.content_type) == ("jpg", "image/jpeg")
    assert Image.open(io.BytesIO(photo.content)).format == "JPEG"
    assert_no_metadata(photo.content)
    assert_no_metadata(photo.thumbnail)


def test_orientation_is_applied_then_dropped() -> None:
    source = encoded(two_colours((200, 100)), "JPEG", exif=camera_exif(orientation=6))

    photo = clean(source)

    assert (photo.width, photo.height) == (100, 200)
    result = Image.open(io.BytesIO(photo.content)).convert("RGB")
    assert result.size == (100, 200)
    # Orientation 6 means "turn 90° clockwise to view": the red left half ends up on top.
    red, _green, blue = result.getpixel((50, 20))  # type: ignore[misc]
    assert red > 200 and blue < 60
    red, _green, blue = result.getpixel((50, 180))  # type: ignore[misc]
    assert blue > 200 and red < 60
    assert ORIENTATION not in Image.open(io.BytesIO(photo.content)).getexif()


def test_png_stays_png_with_its_transparency_and_without_text_chunks() -> None:
    image = Image.new("RGBA", (120, 80), (255, 0, 0, 0))
    image.paste((0, 0, 255, 255), (60, 0, 120, 80))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET.decode())
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>" + SECRET.decode() + "</x:xmpmeta>")
    source = encoded(image, "PNG", pnginfo=info, exif=camera_exif(), icc_profile=srgb_profile())
    assert SECRET in source

    photo = clean(source)

    assert (photo.extension, photo.content_type) == ("png", "image/png")
    result = Image.open(io.BytesIO(photo.content))
    assert result.format == "PNG"
    assert result.mode == "RGBA"
    assert result.getpixel((10, 10))[3] == 0  # type: ignore[index]
    assert result.getpixel((100, 10)) == (0, 0, 255, 255)
    assert_no_metadata(photo.content)
    assert Image.open(io.BytesIO(photo.thumbnail)).format == "JPEG"


def test_palette_png_keeps_its_transparent_colour() -> None:
    image = Image.new("P", (40, 40), 0)
    image.putpalette([255, 255, 255, 200, 0, 0] + [0] * 762)
    image.paste(1, (20, 0, 40, 40))
    source = encoded(image, "PNG", transparency=0)

    result = Image.open(io.BytesIO(clean(source).content))

    assert result.format == "PNG"
    assert result.convert("RGBA").getpixel((5, 5))[3] == 0  # type: ignore[index]
    assert result.convert("RGBA").getpixel((30, 5)) == (200, 0, 0, 255)


def test_webp_is_accepted_and_stays_webp_without_metadata() -> None:
    source = encoded(
        Image.new("RGB", (200, 150), "orange"),
        "WEBP",
        exif=camera_exif(),
        icc_profile=srgb_profile(),
    )
    assert "exif" in Image.open(io.BytesIO(source)).info

    photo = clean(source)

    assert (photo.extension, photo.content_type) == ("webp", "image/webp")
    assert Image.open(io.BytesIO(photo.content)).format == "WEBP"
    assert_no_metadata(photo.content)


def test_phone_jpeg_with_a_second_picture_is_a_jpeg() -> None:
    # Pillow calls these MPO; many phones and cameras write them.
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(
        out, "MPO", save_all=True, append_images=[Image.new("RGB", (64, 48), "blue")]
    )
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"

    photo = clean(out.getvalue())

    assert photo.extension == "jpg"
    assert Image.open(io.BytesIO(photo.content)).format == "JPEG"


def test_cmyk_and_grey_jpegs_come_out_as_jpegs() -> None:
    assert (
        Image.open(io.BytesIO(clean(encoded(Image.new("CMYK", (50, 50)), "JPEG")).content)).mode
        == "RGB"
    )
    assert (
        Image.open(io.BytesIO(clean(encoded(Image.new("L", (50, 50)), "JPEG")).content)).mode == "L"
    )


def test_sixteen_bit_png_is_accepted() -> None:
    photo = clean(encoded(Image.new("I;16", (50, 40), 1000), "PNG"))
    assert (photo.extension, photo.width, photo.height) == ("png", 50, 40)


# Size


def test_large_photo_is_shrunk_to_2560_on_the_long_side() -> None:
    source = encoded(two_colours((4000, 3000)), "JPEG", quality=60)

    photo = clean(source)

    assert (photo.width, photo.height) == (2560, 1920)
    assert Image.open(io.BytesIO(photo.content)).size == (2560, 1920)


def test_tall_png_is_shrunk_and_stays_png() -> None:
    photo = clean(encoded(Image.new("RGB", (1000, 3000), "white"), "PNG"))
    assert (photo.extension, photo.width, photo.height) == ("png", 853, 2560)


def test_small_photo_keeps_its_size() -> None:
    photo = clean(encoded(Image.new("RGB", (640, 480), "white"), "JPEG"))
    assert (photo.width, photo.height) == (640, 480)


@pytest.mark.parametrize("size", [(4000, 3000), (300, 2000), (640, 480), (100, 50)])
def test_thumbnail_is_a_jpeg_of_at_most_320_pixels(size: tuple[int, int]) -> None:
    photo = clean(encoded(Image.new("RGB", size, "white"), "PNG"))
    thumbnail = Image.open(io.BytesIO(photo.thumbnail))
    assert thumbnail.format == "JPEG"
    assert max(thumbnail.size) <= 320
    assert max(thumbnail.size) == min(320, max(size))


def test_transparent_png_thumbnail_is_on_white() -> None:
    photo = clean(encoded(Image.new("RGBA", (100, 100), (0, 0, 0, 0)), "PNG"))
    assert Image.open(io.BytesIO(photo.thumbnail)).getpixel((50, 50)) == (255, 255, 255)


def test_file_over_10_mb_is_refused_with_the_limit() -> None:
    error = refusal(b"\xff\xd8\xff" + b"\x00" * MAX_UPLOAD_BYTES)
    assert error.code == "too_large"
    assert english(error) == ["The file is larger than 10 MB. Upload a smaller photo."]


def test_reading_stops_just_past_the_limit() -> None:
    class Endless(io.RawIOBase):
        given = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            size = min(len(buffer), 65536)
            buffer[:size] = b"\x00" * size
            self.given += size
            return size

    stream = Endless()
    with pytest.raises(ValidationError) as caught:
        clean_photo(stream)  # type: ignore[arg-type]
    assert caught.value.code == "too_large"
    assert stream.given <= MAX_UPLOAD_BYTES + 65536


def test_decompression_bomb_is_refused_quickly() -> None:
    started = time.monotonic()
    error = refusal(png_header_only(100_000, 100_000))
    assert error.code == "too_many_pixels"
    assert time.monotonic() - started < 2
    assert english(error) == ["This photo has more than 40 million pixels. Upload a smaller one."]


def test_photo_just_over_the_pixel_limit_is_refused_before_decoding() -> None:
    # 49 million pixels: below Pillow's own warning threshold, above ours.
    assert MAX_PIXELS < 7000 * 7000
    assert refusal(png_header_only(7000, 7000)).code == "too_many_pixels"


def test_pillow_limit_is_left_as_it_was() -> None:
    before = Image.MAX_IMAGE_PIXELS
    clean(encoded(Image.new("RGB", (10, 10)), "PNG"))
    assert before == Image.MAX_IMAGE_PIXELS


# Not a photo


def test_text_file_named_photo_jpg_is_refused() -> None:
    error = refusal(b"This is not a photo at all.\n" * 20, name="photo.jpg")
    assert error.code == "not_photo"
    assert english(error) == ["“photo.jpg”: This file is not a JPEG, PNG or WebP photo."]


def test_message_without_a_name() -> None:
    error = refusal(b"plain text")
    assert english(error) == ["This file is not a JPEG, PNG or WebP photo."]


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "PDF", "ICO", "PPM"])
def test_other_image_formats_are_refused(fmt: str) -> None:
    source = encoded(Image.new("RGB", (64, 64), "red"), fmt)
    assert refusal(source, name="photo.jpg").code == "not_photo"


def test_svg_is_refused() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script/></svg>'
    assert refusal(svg, name="photo.svg").code == "not_photo"


def test_html_pretending_to_be_a_jpeg_is_refused() -> None:
    assert refusal(b"\xff\xd8\xff<html><script>alert(1)</script>").code in {"not_photo", "damaged"}


def test_empty_file_is_refused() -> None:
    error = refusal(b"")
    assert error.code == "empty"
    assert english(error) == ["The file is empty."]


def test_message_follows_the_language_it_is_shown_in() -> None:
    with translation.override("en"):
        error = refusal(b"", name="照片.jpg")
    with translation.override("zh-hans"):
        assert "文件是空的。" in error.messages[0]
    assert english(error) == ["“照片.jpg”: The file is empty."]


def test_unreadable_upload_is_refused() -> None:
    stream = io.BytesIO(b"data")
    stream.close()
    with pytest.raises(ValidationError) as caught:
        clean_photo(stream)
    assert caught.value.code == "unreadable"


def test_truncated_jpeg_is_refused() -> None:
    source = encoded(Image.effect_noise((400, 300), 64).convert("RGB"), "JPEG")
    assert refusal(source[: len(source) // 2]).code in {"damaged", "not_photo"}


def test_png_with_a_broken_checksum_is_damaged_not_foreign() -> None:
    source = bytearray(encoded(Image.new("RGB", (40, 30), "red"), "PNG"))
    source[-13] ^= 0xFF  # the last byte of the IDAT chunk's CRC, just before IEND
    assert refusal(bytes(source)).code == "damaged"


# Uploads


def test_django_upload_is_read_from_the_start() -> None:
    upload = SimpleUploadedFile("IMG_0001.JPG", encoded(Image.new("RGB", (30, 20)), "JPEG"))
    upload.read()  # a form field may already have read it

    photo = clean_photo(upload, name=upload.name or "")

    assert (photo.width, photo.height, photo.extension) == (30, 20, "jpg")


def test_extension_comes_from_the_content_not_the_name() -> None:
    upload = SimpleUploadedFile("photo.jpg", encoded(Image.new("RGB", (30, 20)), "PNG"))
    assert clean_photo(upload, name="photo.jpg").extension == "png"


# Fuzz


def assert_clean_or_refused(data: bytes) -> None:
    try:
        photo = clean(data)
    except ValidationError as error:
        assert error.code in {"not_photo", "damaged", "too_many_pixels", "empty"}
    else:
        assert photo.extension in {"jpg", "png", "webp"}
        assert Image.open(io.BytesIO(photo.content)).size == (photo.width, photo.height)


def test_fuzz_random_bytes() -> None:
    rng = random.Random(20261101)
    for _ in range(300):
        prefix = rng.choice(
            [b"", b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00\x00\x00WEBPVP8 "]
        )
        assert_clean_or_refused(prefix + rng.randbytes(rng.randrange(0, 2000)))


@pytest.mark.filterwarnings("ignore:(Truncated File Read|Corrupt EXIF data):UserWarning")
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_fuzz_truncated_photos(fmt: str) -> None:
    source = encoded(Image.effect_noise((96, 64), 50).convert("RGB"), fmt, exif=camera_exif(6))
    for end in range(0, len(source), max(1, len(source) // 150)):
        assert_clean_or_refused(source[:end])


@pytest.mark.filterwarnings("ignore:(Truncated File Read|Corrupt EXIF data):UserWarning")
@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_fuzz_damaged_photos(fmt: str) -> None:
    source = encoded(Image.effect_noise((96, 64), 50).convert("RGB"), fmt, exif=camera_exif(6))
    rng = random.Random(fmt)
    for _ in range(200):
        damaged = bytearray(source)
        for _ in range(rng.randrange(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        assert_clean_or_refused(bytes(damaged))


# Names


def test_photo_name_is_dated_and_unguessable() -> None:
    today = timezone.localdate()
    names = {photo_name("jpg") for _ in range(100)}
    assert len(names) == 100
    for name in names:
        assert re.fullmatch(rf"photos/{today:%Y}/{today:%m}/[0-9a-f]{{32}}\.jpg", name)
    assert photo_name("webp").endswith(".webp")


def test_photo_name_refuses_other_extensions() -> None:
    with pytest.raises(ValueError):
        photo_name("html")
