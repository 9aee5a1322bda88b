"""Why a spreadsheet is refused: WorkbookError, and the messages its readers and guards give.

Each message is filled in when shown, so it follows the reader's language.
"""

from typing import cast

from django.utils.translation import gettext_lazy as _

from core.text import LazyText, lazy_percent


class WorkbookError(Exception):
    """A file that cannot be read: `message` is what the upload form shows, `code` names why."""

    def __init__(self, message: LazyText, code: str) -> None:
        super().__init__(message, code)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


def workbook_error(code: str, template: LazyText, **params: object) -> WorkbookError:
    """The message is filled in when shown, so it follows the reader's language."""
    return WorkbookError(cast(LazyText, lazy_percent(template, params)), code)


def unreadable() -> WorkbookError:
    template = _(
        # Translators: 无法把这个文件当作电子表格读取。
        # 请用Excel或WPS打开它，另存为.xlsx格式后重新上传。
        "The file could not be read as a spreadsheet. Open it in Excel or WPS, save it as .xlsx "
        "and upload it again."
    )
    return WorkbookError(template, "unreadable")


def not_spreadsheet() -> WorkbookError:
    template = _(
        # Translators: 这个文件不是电子表格。请上传Excel（.xlsx或.xls）、WPS表格、
        # OpenDocument（.ods）或CSV文件。
        "This file is not a spreadsheet. Upload an Excel (.xlsx or .xls), WPS, OpenDocument "
        "(.ods) or CSV file."
    )
    return WorkbookError(template, "not_spreadsheet")


def encrypted() -> WorkbookError:
    template = _(
        # Translators: 这个文件设置了密码。请去掉密码（或另存一份不加密的副本）后重新上传。
        "The file is protected with a password. Remove the password (or save a copy without "
        "one) and upload it again."
    )
    return WorkbookError(template, "encrypted")


def unsafe_xml() -> WorkbookError:
    template = _(
        # Translators: 这个文件含有文档类型声明（DOCTYPE或ENTITY），正常的电子表格不会有。
        # 为了安全，不读取该文件。
        "The file contains a document type declaration (DOCTYPE or ENTITY), which spreadsheets "
        "never have. For safety it is not read."
    )
    return WorkbookError(template, "unsafe_xml")


def too_many_cells(rows: int, columns: int, limit: int) -> WorkbookError:
    template = _(
        # Translators: 这个工作表有数据的区域达到%(rows)s行×%(columns)s列，超过了可读取的
        # %(limit)s个单元格。请删除数据下方或右侧远处多余的内容后再上传。
        "The used area of the sheet reaches %(rows)s rows by %(columns)s columns, more than the "
        "%(limit)s cells that can be read. Delete stray content far below or to the right of "
        "the data and upload the file again."
    )
    shown = {"rows": f"{rows:,}", "columns": f"{columns:,}", "limit": f"{limit:,}"}
    return workbook_error("too_many_cells", template, **shown)


def too_many_columns(count: int, limit: int) -> WorkbookError:
    # Translators: 这个工作表有%(count)d列，最多只能读取%(limit)d列。
    template = _("The sheet has %(count)d columns; at most %(limit)d can be read.")
    return workbook_error("too_many_columns", template, count=count, limit=limit)


def zip_bomb(limit: int) -> WorkbookError:
    template = _(
        # Translators: 这个文件解压后超过%(limit)s MB（或压缩比异常，像是“压缩炸弹”），
        # 无法安全读取。
        "The file unpacks to more than %(limit)s MB (or is compressed suspiciously well, like a "
        "zip bomb), so it cannot be read safely."
    )
    return workbook_error("zip_bomb", template, limit=f"{limit / 2**20:g}")
