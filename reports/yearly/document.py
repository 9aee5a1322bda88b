"""The yearly statistics as files: a Word document (.docx, python-docx), what an experience
report cites, laid out as offices lay out their papers (GB/T 9704: A4, its margins, 仿宋 text
under a centred 小标宋 title, the page number in the footer), one numbered item a statement,
each with what it counts; and a one-sheet workbook of them, printed as the county workbook's
sheets are (reports.county.writer)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import IO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reports.county.writer import Col, CountyBook
from reports.yearly.statements import Sentence

TITLE_FONT = "方正小标宋简体"  # the title face of official papers; Word falls back if missing
TEXT_FONT = "仿宋_GB2312"
NOTE_GREY = RGBColor(0x59, 0x59, 0x59)


def _font(run: Run, face: str, size: float, bold: bool = False) -> Run:
    """`run` in `face` for Chinese and Latin alike (Word keeps a separate East Asian face)."""
    run.font.name = face
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), face)
    return run


def write_docx(
    handle: IO[bytes], title: str, unit: str, made_on: date, sentences: Sequence[Sentence]
) -> None:
    """The statements of `sentences` under `title`, signed by `unit` on `made_on`."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _page_numbers(section.footer.paragraphs[0])

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.space_after = Pt(12)
    _font(heading.add_run(title), TITLE_FONT, 22)

    signed = document.add_paragraph()
    signed.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signed.paragraph_format.space_after = Pt(18)
    line = _("Reporting unit: %(unit)s    Date: %(date)s") % {
        "unit": unit,
        "date": f"{made_on.year}年{made_on.month}月{made_on.day}日",
    }
    _font(signed.add_run(line), TEXT_FONT, 12)

    if not sentences:
        _font(document.add_paragraph().add_run(_("Nothing to report.")), TEXT_FONT, 16)
    for number, sentence in enumerate(sentences, 1):
        item = document.add_paragraph()
        item.paragraph_format.first_line_indent = Pt(32)  # two characters of 三号
        item.paragraph_format.line_spacing = Pt(28)
        item.paragraph_format.space_after = Pt(0)
        _font(item.add_run(f"{number}. {sentence.label}："), TEXT_FONT, 16, bold=True)
        _font(item.add_run(sentence.text), TEXT_FONT, 16)
        note = document.add_paragraph()
        note.paragraph_format.first_line_indent = Pt(32)
        note.paragraph_format.space_after = Pt(8)
        _font(note.add_run(sentence.note), TEXT_FONT, 10.5).font.color.rgb = NOTE_GREY
    document.save(handle)


def _page_numbers(paragraph: Paragraph) -> None:
    """第 X 页, X a PAGE field: Word fills it in on every page."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _placeholder, after = _("Page %(page)s").partition("%(page)s")
    _font(paragraph.add_run(before), TEXT_FONT, 14)
    _field(paragraph, "PAGE", "1")
    _font(paragraph.add_run(after), TEXT_FONT, 14)


def _field(paragraph: Paragraph, code: str, shown: str) -> None:
    """A field (`code`, e.g. PAGE) showing `shown` until Word updates it."""
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, shown)):
        run = _font(paragraph.add_run(), TEXT_FONT, 14)
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            run._element.append(mark)
        elif text == shown:
            run.text = text
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    _font(paragraph.add_run(), TEXT_FONT, 14)._element.append(end)


YEARLY_COLUMNS = [
    Col("项目", lambda s: s.label),
    Col("数量", lambda s: float(s.number) if s.number is not None else None),
    Col("说明", lambda s: f"{s.text}{s.note}"),
]


def write_xlsx(
    handle: IO[bytes],
    title: str,
    unit: str,
    made_on: date,
    sentences: Sequence[Sentence],
    sheet_name: str = "年度工作统计",
) -> None:
    """The statements as one sheet (项目, 数量, 说明), titled, to sign and stamp, printed as
    the county workbook's sheets are."""
    book = CountyBook(handle, unit, made_on)
    try:
        book.sheet(sheet_name, title, YEARLY_COLUMNS, sentences, "", total_row=False)
    except BaseException:
        book.abort()
        raise
    book.close()
