"""What refuses a hostile or broken spreadsheet before (or while) a parser reads it.

The parsers (python-calamine, openpyxl) trust what a file declares: calamine reserves memory by
declared sizes and follows sector chains without looking for loops, and either aborts the whole
process or never finishes on a crafted file. So every file is measured here first, against
`Limits`: zip members inflated and counted (bombs), XML scanned for DOCTYPE/ENTITY, the extent
of every worksheet part and of an .ods worked out, the .xls container and records checked.

The .xls container (OLE2 compound file) is parsed by hand rather than with olefile, because the
guard must see the file exactly as calamine will, and olefile does not. Tried on olefile 0.47
in its strictest mode (raise_defects=DEFECT_INCORRECT), it accepts: a Workbook stream whose
sector chain loops (it reads as many sectors as the declared size asks and never notices the
loop, where calamine follows the chain for ever); a header declaring a million FAT sectors
(calamine reserves memory by that count); a directory entry, outside the directory's tree,
declaring a 2 GiB stream (calamine reserves every named entry's declared size). And it finds a
stream by walking the directory's red-black tree, where calamine takes the first entry of that
name in the directory's order, so the stream olefile hands over need not be the one calamine
reads. Keeping these limits with olefile would mean walking its internal FAT arrays again by
hand: the same parser, plus a dependency.
"""

import io
import os
import re
import struct
import sys
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from xml.parsers import expat

from defusedxml import ElementTree as SafeElementTree

from sheets.errors import (
    encrypted,
    not_spreadsheet,
    too_many_cells,
    unreadable,
    unsafe_xml,
    zip_bomb,
)

ZIP_SIGNATURE = b"PK\x03\x04"  # xlsx, ods
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # xls
_CHUNK = 1 << 20  # zip members are inflated and scanned one MiB at a time
_MAX_ZIP_MEMBERS = 10_000
_RATIO_LIMIT = 200  # a member that inflates more than 200:1 ...
_RATIO_MIN_BYTES = 10 * 2**20  # ... and to more than 10 MB is a zip bomb
_MAX_OPEN_TAG = 4 * 2**20  # no spreadsheet has an unclosed tag or a text run this long
_MAX_XLS_SHEETS = 1_000
_MAGIC_NOT_SPREADSHEET = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"%PDF",
    b"MZ",  # Windows executable
    b"\x7fELF",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"{\\rtf",
    b"%!PS",
)
# fmt: off
_NOT_SPREADSHEET_EXTENSIONS = frozenset({
    ".doc", ".docx", ".docm", ".dot", ".dotx", ".wps", ".pdf", ".ppt", ".pptx", ".png", ".jpg",
    ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".exe", ".dll", ".msi", ".apk", ".zip",
    ".rar", ".7z", ".gz", ".tar", ".mp3", ".mp4", ".avi", ".mov",
})
# fmt: on


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * 2**20
    max_unzipped_bytes: int = 200 * 2**20
    max_rows: int = 100_000
    max_columns: int = 200
    # python-calamine lays a sheet out as a dense rows × columns grid of 32-byte cells before
    # Python sees a row, and aborts the whole process when that allocation fails: a 5 KB xlsx
    # with values in A1 and XFD1048576 asks for 512 GiB. The used area is measured from the
    # file first and refused above this many cells (4,000,000 ≈ 122 MiB).
    max_cells: int = 4_000_000


def refuse_other_formats(data: bytes, filename: str) -> None:
    """Refuse a file that is neither zip nor OLE2 and is not text either: pictures, PDFs,
    programs, archives, Excel 2.x-4.x sheets, or a name that says it is no spreadsheet."""
    if data.startswith(_MAGIC_NOT_SPREADSHEET) or data.startswith(OLE_SIGNATURE[:4]):
        raise not_spreadsheet()
    if data[:2] in (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08"):
        raise unreadable()  # Excel 2.x-4.x worksheets: a bare BIFF stream, too old to read
    extension = os.path.splitext(filename)[1].lower()
    if extension in _NOT_SPREADSHEET_EXTENSIONS:
        raise not_spreadsheet()


# ---------------------------------------------------------------------------------------------
# xlsx and ods (zip): every member inflated and scanned before any parser sees it


@dataclass
class ZipCheck:
    """What the scan of an xlsx or ods found: its kind and the extent of each worksheet part."""

    kind: str  # "xlsx" or "ods"
    parts: dict[str, "PartStats"] = field(default_factory=dict)  # XML part under xl/ → cells
    sheets: dict[str, str] = field(default_factory=dict)  # sheet name → its worksheet part

    def extent(self, sheet: str) -> "PartStats":
        """The cells of a sheet's part; for a sheet whose part is not known, the largest
        extent of all parts."""
        part = self.sheets.get(sheet)
        if part and part in self.parts:
            return self.parts[part]
        every = PartStats()
        for stats in self.parts.values():
            if stats.cells:
                every.merge(stats)
        return every


def check_zip(data: bytes, limits: Limits) -> ZipCheck:
    """Open an xlsx or ods and scan every member of it; anything else in a zip is refused."""
    archive, kind = _open_zip(data, limits)
    scan = ZipScan(data, limits, kind)
    scan.run(archive.infolist())
    sheets = _sheet_parts(archive) if kind == "xlsx" else {}
    return ZipCheck(kind, scan.parts, sheets)


def check_extent(stats: "PartStats", limits: Limits) -> bool:
    """Refuse a worksheet part that would make calamine lay out more than max_cells; False
    when its cells omit their positions (calamine would count along: openpyxl reads it)."""
    if stats.cells > limits.max_cells:
        raise too_many_cells(stats.rows, stats.columns, limits.max_cells)
    if not stats.positioned:
        return False
    if stats.rows * stats.columns > limits.max_cells:
        raise too_many_cells(stats.rows, stats.columns, limits.max_cells)
    return True


@dataclass
class PartStats:
    """What an XML part would ask of calamine if read as a worksheet: cells and their extent.

    The first pass only counts and searches (C speed, no object per cell): when every cell tag
    is a plain `<c r="A1" t="s">` with one reference of one letter and at most five digits, the
    extent is at most 99,999 × 26. Otherwise a second pass reads every r attribute in the part
    (quick-xml accepts a second r, even without a space before it, and calamine uses it).
    """

    cells: int = 0  # cell start tags
    plain: int = 0  # of which start `<c r="`
    unusual: bool = False  # <c> with other spacing, or prefixed <x:c>
    small: bool = True  # every reference within A1:Z99999
    exact: bool = False
    cells_with_ref: int = 0  # exact pass: cells whose r attribute was read
    odd_refs: int = 0  # exact pass: r attributes whose value is not a plain A1 reference
    max_row: int = 0
    max_col: int = 0

    @property
    def positioned(self) -> bool:
        """Every cell states its position (else calamine counts along, and openpyxl reads it)."""
        if self.exact:
            return self.cells_with_ref == self.cells and not self.odd_refs
        return self.plain == self.cells and not self.unusual

    @property
    def rows(self) -> int:
        return self.max_row if self.exact else 99_999 if self.small else 1_048_576

    @property
    def columns(self) -> int:
        return self.max_col if self.exact else 26 if self.small else 16_384

    def merge(self, other: "PartStats") -> None:
        """Grow to cover `other` too (for a sheet whose part is not known)."""
        positioned = self.positioned and other.positioned
        self.exact = True
        self.cells = max(self.cells, other.cells)
        self.cells_with_ref = self.cells if positioned else -1
        self.max_row = max(self.max_row, other.rows)
        self.max_col = max(self.max_col, other.columns)


_UNSAFE_MARKUP = re.compile(rb"<!(?!--|\[CDATA\[)")
_ODD_CELL = re.compile(rb"<c[\t\n\r>/]")
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
# A cell start tag that is not `<c r="A1"` (one letter, at most five digits) followed only by
# other plainly quoted, space-separated attributes.
_NOT_PLAIN_SMALL = re.compile(
    rb'<c (?!r="[A-Za-z][0-9]{1,5}"(?:[ \t\r\n]+(?!r=)[A-Za-z:]+="[^"<>]*")*[ \t\r\n]*/?>)'
)
# Exact pass: every r attribute anywhere (rows' too: a bound may be loose, never short).
_R_ATTRIBUTE = re.compile(rb"[\s\"']r\s*=")
_ANY_REF = re.compile(rb"[\s\"']r\s*=\s*[\"']([A-Za-z]{0,9})([0-9]{1,12})[\"']")
# Any layout: the r attribute of a cell start tag, skipping other attributes whole (so that a
# quoted value cannot hide a reference).
_CELL_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?c"
    rb"(?:\s+(?!r\s*=)[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*"
    rb"\s+r\s*=\s*[\"']([A-Za-z]{0,9})([0-9]{1,12})[\"']"
)
_CELL_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return max(number, 1)


def _count_cells(part: bytes, stats: PartStats) -> None:
    """First pass over a piece of a part: counts and searches only."""
    stats.cells += part.count(b"<c ")
    stats.plain += part.count(b'<c r="')
    if not stats.unusual and (
        _ODD_CELL.search(part) or (b":c" in part and _PREFIXED_CELL.search(part))
    ):
        stats.unusual = True
    if stats.small and _NOT_PLAIN_SMALL.search(part):
        stats.small = False


def _read_refs(part: bytes, stats: PartStats) -> None:
    """Exact pass: every r attribute, for a part whose first-pass bound was too loose."""
    stats.cells += len(_CELL_OPEN.findall(part))
    stats.cells_with_ref += len(_CELL_REF.findall(part))
    refs = _ANY_REF.findall(part)
    stats.odd_refs += len(_R_ATTRIBUTE.findall(part)) - len(refs)
    if refs:
        stats.max_col = max(stats.max_col, *map(_column_number, set(map(itemgetter(0), refs))))
        stats.max_row = max(stats.max_row, *map(int, set(map(itemgetter(1), refs))))


class OdsExtent:
    """Streams content.xml through expat, adding up the area calamine will lay out.

    calamine reads every table of an .ods when it opens it and repeats each non-empty cell
    and row as often as number-columns-repeated / number-rows-repeated say.
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0
        self.in_cell = 0
        self.row = self.repeat = self.col = self.width = 0
        self.table_rows = self.table_width = 0
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.StartDoctypeDeclHandler = self.refuse
        self.parser.EntityDeclHandler = self.refuse

    def refuse(self, *args: object) -> None:
        raise unsafe_xml()

    def feed(self, part: bytes, final: bool = False) -> None:
        self.parser.Parse(part, final)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name in ("table:table-cell", "table:covered-table-cell"):
            if self.in_cell:
                self.in_cell += 1
                return
            self.in_cell = 1
            self.col += max(int(attrs.get("table:number-columns-repeated", "1")), 1)
            if "office:value-type" in attrs or "table:formula" in attrs:
                self.width = self.col
        elif self.in_cell:
            return
        elif name == "table:table-row":
            self.repeat = max(int(attrs.get("table:number-rows-repeated", "1")), 1)
            self.col = self.width = 0
        elif name == "table:table":
            self.row = self.table_rows = self.table_width = 0

    def end(self, name: str) -> None:
        if name in ("table:table-cell", "table:covered-table-cell"):
            self.in_cell -= 1
        elif self.in_cell:
            return
        elif name == "table:table-row":
            if self.width:
                self.table_rows = self.row + self.repeat
                self.table_width = max(self.table_width, self.width)
                if self.total + self.table_rows * self.table_width > self.limits.max_cells:
                    raise too_many_cells(self.table_rows, self.table_width, self.limits.max_cells)
            self.row += self.repeat
        elif name == "table:table":
            self.total += self.table_rows * self.table_width


def _inflate(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes as any unzipper will see them, whatever sizes the directory declares."""
    offset = info.header_offset
    if data[offset : offset + 4] != b"PK\x03\x04":
        raise unreadable()
    name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_length + extra_length
    raw = memoryview(data)[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for position in range(0, len(raw), _CHUNK):
            yield bytes(raw[position : position + _CHUNK])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    position = 0
    while not inflater.eof:
        if inflater.unconsumed_tail:
            piece = inflater.unconsumed_tail
        elif position < len(raw):
            piece = bytes(raw[position : position + _CHUNK])
            position += _CHUNK
        else:
            piece = b""
        out = inflater.decompress(piece, _CHUNK)
        if out:
            yield out
        elif not piece:
            break


class ZipScan:
    """Inflates every member once, counting real bytes, and scans the XML ones as they stream.

    A member is XML when its name says so or its content starts with "<": a worksheet part can
    be named anything in the relationships. Cells are counted in every XML part under xl/.
    """

    def __init__(self, data: bytes, limits: Limits, kind: str) -> None:
        self.data = data
        self.limits = limits
        self.kind = kind
        self.inflated = 0
        self.parts: dict[str, PartStats] = {}

    def run(self, infos: list[zipfile.ZipInfo]) -> None:
        for info in infos:
            if not info.is_dir():
                self.member(info)

    def member(self, info: zipfile.ZipInfo) -> None:
        limits = self.limits
        name = info.filename
        xml = name.lower().endswith((".xml", ".rels", ".vml"))
        stats: PartStats | None = None
        ods: OdsExtent | None = None
        size = 0
        carry = b""
        first = True
        for chunk in _inflate(self.data, info):
            size += len(chunk)
            self.inflated += len(chunk)
            if self.inflated > limits.max_unzipped_bytes:
                raise zip_bomb(limits.max_unzipped_bytes)
            if size > _RATIO_MIN_BYTES and size > _RATIO_LIMIT * max(info.compress_size, 1):
                raise zip_bomb(limits.max_unzipped_bytes)
            if first:
                first = False
                start = chunk[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
                xml = xml or start.startswith(b"<")
                if xml and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4]):
                    raise unreadable()  # UTF-16/32 parts: no spreadsheet program writes them
                if xml and self.kind == "xlsx" and name.startswith("xl/"):
                    stats = self.parts.setdefault(name, PartStats())
                if xml and self.kind == "ods" and name == "content.xml":
                    ods = OdsExtent(limits)
            if not xml:
                continue
            buffer = carry + chunk if carry else chunk
            cut = buffer.rfind(b">") + 1
            if not cut:
                carry = buffer
                if len(carry) > _MAX_OPEN_TAG:
                    raise unreadable()
                continue
            self.part(buffer[:cut], stats, ods)
            carry = buffer[cut:]
        if xml:
            self.part(carry, stats, ods)
            if ods is not None:
                ods.feed(b"", final=True)
        loose = stats is not None and (not stats.positioned or not stats.small)
        if stats is not None and stats.cells and loose:
            self.exact(info, stats)

    def exact(self, info: zipfile.ZipInfo, stats: PartStats) -> None:
        """Second pass: read every cell reference of a part whose first-pass bound was loose."""
        stats.exact = True
        stats.cells = stats.cells_with_ref = stats.odd_refs = stats.max_row = stats.max_col = 0
        carry = b""
        for chunk in _inflate(self.data, info):
            buffer = carry + chunk if carry else chunk
            cut = buffer.rfind(b">") + 1
            _read_refs(buffer[:cut], stats)
            carry = buffer[cut:]
        _read_refs(carry, stats)

    def part(self, part: bytes, stats: PartStats | None, ods: OdsExtent | None) -> None:
        if _UNSAFE_MARKUP.search(part):
            raise unsafe_xml()
        if stats is not None:
            _count_cells(part, stats)
        if ods is not None:
            ods.feed(part)


def _open_zip(data: bytes, limits: Limits) -> tuple[zipfile.ZipFile, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise unreadable() from None
    infos = archive.infolist()
    if len(infos) > _MAX_ZIP_MEMBERS:
        raise zip_bomb(limits.max_unzipped_bytes)
    declared = 0
    names: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x1:
            raise encrypted()
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise unreadable()
        name = info.filename
        if name in names or "\\" in name or name.startswith("/") or ".." in name.split("/"):
            raise unreadable()  # no spreadsheet program writes such names; parsers differ on them
        names.add(name)
        declared += info.file_size
        if info.file_size > _RATIO_MIN_BYTES and info.file_size > _RATIO_LIMIT * max(
            info.compress_size, 1
        ):
            raise zip_bomb(limits.max_unzipped_bytes)
    if declared > limits.max_unzipped_bytes:
        raise zip_bomb(limits.max_unzipped_bytes)
    if "xl/workbook.xml" in names:
        return archive, "xlsx"
    if "mimetype" in names:
        mimetype = archive.getinfo("mimetype")
        if mimetype.file_size < 200:
            content = archive.read(mimetype).strip()
            if content == b"application/vnd.oasis.opendocument.spreadsheet":
                return archive, "ods"
    if "xl/workbook.bin" in names:
        raise unreadable()  # .xlsb: Excel can save it as .xlsx
    raise not_spreadsheet()


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part, for the plain relative targets Excel and WPS write.

    A sheet missing here is checked against the largest extent of all parts instead.
    """
    try:
        book = SafeElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = SafeElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:
        return {}
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels.iter()
        if rel.tag.rsplit("}", 1)[-1] == "Relationship"
    }
    parts = {}
    for sheet in book.iter():
        if sheet.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
        target = targets.get(rid) or ""
        if target.startswith("/xl/"):
            target = target[4:]
        elif target.startswith(("/", "xl/")):
            continue
        if re.fullmatch(r"[\w.-]+(/[\w.-]+)*", target) and ".." not in target.split("/"):
            parts[sheet.get("name", "")] = "xl/" + target
    return parts


# ---------------------------------------------------------------------------------------------
# .xls: an OLE2 compound file holding a BIFF stream, checked before calamine sees it

_OLE_END_OF_CHAIN = 0xFFFFFFFE
_OLE_FREE_SECTOR = 0xFFFFFFFF
_OLE_ENTRY = 128  # bytes of a directory entry
_MINI_SECTOR = 64
_MINI_STREAM_CUTOFF = 4096  # smaller streams live in the mini stream
_BIFF_CELLS = frozenset({0x0006, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD})  # row, column first
_BIFF_MULRK = 0x00BD
_BIFF_DIMENSIONS = 0x0200
_BIFF_BOUNDSHEET = 0x0085
_BIFF_SST = 0x00FC
_BIFF_FILEPASS = 0x002F
_BIFF_EOF = 0x000A
_RECORD = struct.Struct("<HH")
_RECORD_CELL = struct.Struct("<HHHH")


def _u32_array(blob: bytes | bytearray) -> "array[int]":
    values = array("I")
    values.frombytes(blob[: len(blob) - len(blob) % 4])
    if sys.byteorder == "big":
        values.byteswap()
    return values


class _Compound:
    """An OLE2 compound file as calamine reads it, with every count and chain it trusts checked.

    calamine reserves memory by sizes read from the header and the directory, and follows
    sector chains without looking for loops; a crafted file either aborts the process or
    never finishes. Anything out of range or looping is refused here (WorkbookError
    "unreadable").
    """

    def __init__(self, data: bytes) -> None:
        if len(data) < 512:
            raise unreadable()
        byte_order, sector_shift, mini_shift = struct.unpack_from("<HHH", data, 28)
        if byte_order != 0xFFFE or sector_shift not in (9, 12) or mini_shift != 6:
            raise unreadable()
        self.data = data
        self.view = memoryview(data)
        self.size = size = 1 << sector_shift
        counts = struct.unpack_from("<9I", data, 40)
        dir_count, fat_count, self.dir_start = counts[:3]
        self.minifat_start, minifat_count, self.difat_start, difat_count = counts[5:9]
        self.sectors = max((len(data) - size + size - 1) // size, 0)
        if max(dir_count, fat_count, minifat_count, difat_count) > self.sectors:
            raise unreadable()
        self.fat = self._fat()

    def sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise unreadable()
        start = (number + 1) * self.size
        return self.data[start : start + self.size].ljust(self.size, b"\x00")

    def joined(self, numbers: list[int]) -> bytearray:
        """The sectors of a chain that `follow` has checked, one after the other."""
        out = bytearray()
        for number in numbers:
            start = (number + 1) * self.size
            out += self.view[start : start + self.size]
        return out.ljust(len(numbers) * self.size, b"\x00")

    def _fat(self) -> "array[int]":
        """The sector allocation table, its sectors listed by the header and the DIFAT chain."""
        difat = list(struct.unpack_from("<109I", self.data, 76))
        seen: set[int] = set()
        number = self.difat_start
        while number not in (_OLE_END_OF_CHAIN, _OLE_FREE_SECTOR):
            if number in seen:
                raise unreadable()
            seen.add(number)
            links = _u32_array(self.sector(number))
            difat.extend(links[:-1])
            number = links[-1]
        fat_sectors = [number for number in difat if number < 0xFFFFFFFA]
        if len(fat_sectors) > self.sectors:
            raise unreadable()
        return _u32_array(b"".join(self.sector(number) for number in fat_sectors))

    @staticmethod
    def follow(start: int, table: "array[int]", limit: int) -> list[int]:
        """A chain of sectors to its end: any link out of range or back into it is refused."""
        numbers: list[int] = []
        visited: set[int] = set()
        number = start
        while number != _OLE_END_OF_CHAIN:
            if number >= len(table) or number >= limit or number in visited:
                raise unreadable()
            visited.add(number)
            numbers.append(number)
            number = table[number]
        return numbers

    def directory(self) -> list[bytes]:
        directory = bytes(self.joined(self.follow(self.dir_start, self.fat, self.sectors)))
        last = len(directory) - _OLE_ENTRY + 1
        entries = [directory[i : i + _OLE_ENTRY] for i in range(0, last, _OLE_ENTRY)]
        if not entries:
            raise unreadable()
        return entries

    def entry_size(self, entry: bytes) -> int:
        value = struct.unpack_from("<Q" if self.size != 512 else "<I", entry, 120)[0]
        if value > len(self.data):
            raise unreadable()
        return int(value)

    def mini_stream(self, root: bytes) -> tuple[bytes, "array[int]"]:
        """The root entry's mini stream and the mini sectors' allocation table."""
        root_start = struct.unpack_from("<I", root, 116)[0]
        root_size = self.entry_size(root)
        mini_stream = b""
        if root_start != _OLE_END_OF_CHAIN:
            mini_stream = bytes(self.joined(self.follow(root_start, self.fat, self.sectors)))
            mini_stream = mini_stream[:root_size]
        minifat = array("I")
        if self.minifat_start != _OLE_END_OF_CHAIN:
            chain = self.follow(self.minifat_start, self.fat, self.sectors)
            minifat = _u32_array(self.joined(chain))
        return mini_stream, minifat

    def stream(self, entry: bytes, mini_stream: bytes, minifat: "array[int]") -> bytes | bytearray:
        start = struct.unpack_from("<I", entry, 116)[0]
        length = self.entry_size(entry)
        if length < _MINI_STREAM_CUTOFF:
            small = len(mini_stream) // _MINI_SECTOR
            pieces = [
                mini_stream[n * _MINI_SECTOR : (n + 1) * _MINI_SECTOR]
                for n in self.follow(start, minifat, small)
            ]
            return b"".join(pieces)[:length]
        stream = self.joined(self.follow(start, self.fat, self.sectors))
        del stream[length:]
        return stream


def _entry_name(entry: bytes) -> str:
    return entry[:64].decode("utf-16-le", "ignore").split("\x00", 1)[0]


def xls_workbook_stream(data: bytes) -> bytes | bytearray:
    """The Workbook stream of an .xls, found as calamine finds it: the first directory entry
    of that name, in the directory's order (not by walking its tree)."""
    compound = _Compound(data)
    entries = compound.directory()
    names = [_entry_name(entry) for entry in entries]
    for entry, name in zip(entries, names, strict=True):
        if name:
            compound.entry_size(entry)  # calamine reserves a stream's declared size before reading
    mini_stream, minifat = compound.mini_stream(entries[0])
    for wanted in ("Workbook", "Book"):
        if wanted in names:
            return compound.stream(entries[names.index(wanted)], mini_stream, minifat)
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise encrypted()  # an .xlsx saved with a password
    raise not_spreadsheet()  # .doc, .ppt, .msi …


def check_xls(data: bytes, limits: Limits) -> None:
    """Refuse an .xls whose container or records would make calamine loop, abort or reserve
    more than limits.max_cells."""
    stream = xls_workbook_stream(data)
    _check_biff(stream, limits)


def _biff_sheets(stream: bytes | bytearray) -> list[int]:
    """Where each sheet's records start, from the workbook's globals; refuses what calamine
    would reserve too much for (a huge shared-string count) and encrypted workbooks."""
    end = len(stream)
    sheets: list[int] = []
    position = 0
    while position + 4 <= end:
        kind, length = _RECORD.unpack_from(stream, position)
        body = position + 4
        position = body + length
        if kind == _BIFF_BOUNDSHEET and length >= 4:
            sheets.append(struct.unpack_from("<I", stream, body)[0])
        elif kind == _BIFF_SST and length >= 8:  # calamine reserves the declared count
            count = struct.unpack_from("<i", stream, body + 4)[0]
            if count < 0 or count > end // 3 + 1:
                raise unreadable()
        elif kind == _BIFF_FILEPASS:
            raise encrypted()
        elif kind == _BIFF_EOF:
            break
    if len(sheets) > _MAX_XLS_SHEETS:
        raise unreadable()
    return sheets


class _RecordBudget:
    """Records visited over all sheets: overlapping sheets would otherwise loop."""

    def __init__(self, stream: bytes | bytearray) -> None:
        self.left = 2 * (len(stream) // 4 + 1)

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise unreadable()


def _sheet_extent(
    stream: bytes | bytearray, start: int, budget: _RecordBudget, limits: Limits
) -> tuple[int, int]:
    """The last row and column (0-based; -1 when empty) a sheet's cell records reach."""
    end = len(stream)
    max_row = max_col = -1
    position = start
    while position + 4 <= end:
        budget.spend()
        kind, length = _RECORD.unpack_from(stream, position)
        body = position + 4
        position = body + length
        if position > end:
            break
        if kind in _BIFF_CELLS and length >= 4:
            _, _, row, col = _RECORD_CELL.unpack_from(stream, body - 4)
        elif kind == _BIFF_MULRK and length >= 6:
            row = struct.unpack_from("<H", stream, body)[0]
            col = struct.unpack_from("<H", stream, position - 2)[0]
        elif kind == _BIFF_DIMENSIONS and length in (10, 14):
            _check_dimensions(stream[body:position], limits)
            continue
        elif kind == _BIFF_EOF:
            break
        else:
            continue
        max_row = max(max_row, row)
        max_col = max(max_col, col)
    return max_row, max_col


def _check_biff(stream: bytes | bytearray, limits: Limits) -> None:
    """Refuse the records that make calamine reserve or lay out more than max_cells."""
    budget = _RecordBudget(stream)
    total = 0
    for start in dict.fromkeys(_biff_sheets(stream)):
        max_row, max_col = _sheet_extent(stream, start, budget, limits)
        if max_row >= 0:
            total += (max_row + 1) * (max_col + 1)
            if total > limits.max_cells:
                raise too_many_cells(max_row + 1, max_col + 1, limits.max_cells)


def _check_dimensions(record: bytes | bytearray, limits: Limits) -> None:
    """calamine reserves rows × columns cells from DIMENSIONS, with u32 arithmetic that wraps."""
    if len(record) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", record)
    else:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", record)
    if last_row >= 1 and last_col >= 1:
        rows = (last_row - 1 - first_row + 1) % 2**32
        cols = (last_col - 1 - first_col + 1) % 2**32
    else:
        rows = cols = 1
    if rows > 65_536 or cols > 256:
        raise unreadable()  # beyond what any .xls can hold: a damaged or crafted file
    if rows * cols > limits.max_cells:
        raise too_many_cells(rows, cols, limits.max_cells)
