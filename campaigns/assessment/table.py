"""测评指标自评表 as an .xlsx: the tree with points, self-scores and explanations, the totals and
the signature lines, on A4 (the evidence pack's workbook, campaigns.evidence.workbook). Chinese:
it is a document filed with the inspectors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from campaigns.assessment.tree import Assessment, Row
from campaigns.evidence.workbook import SummaryBook

HEADERS = ["序号", "测评指标", "分值", "佐证材料要求", "自评分", "佐证材料", "自评说明"]


def title(assessment: Assessment) -> str:
    return f"{assessment.area}{assessment.year}年民族团结进步创建测评指标自评表"


def download_name(assessment: Assessment) -> str:
    return f"测评指标自评表_{assessment.area}_{assessment.year}.xlsx"


def number(value: Decimal | None) -> Any:
    return "" if value is None else float(value)


def line(row: Row) -> list[object]:
    indent = "　" * (row.depth - 1)
    evidence = "\n".join(str(link) for link in row.evidence)
    return [
        row.indicator.number,
        f"{indent}{row.indicator.name}",
        number(row.points),
        row.indicator.evidence_required,
        number(row.score),
        evidence,
        row.remark,
    ]


def write_table(path: str | os.PathLike[str], assessment: Assessment) -> None:
    book = SummaryBook(path)
    try:

        def lines() -> Iterator[list[object]]:
            for row in assessment.rows:
                yield line(row)

        def totals() -> list[object]:
            return [
                "合计",
                assessment.score_text,
                float(assessment.total_points),
                "",
                float(assessment.total_score),
                "",
                "填报人：　　　　审核人：　　　　日期：　　年　月　日（盖章）",
            ]

        book.table("自评表", title(assessment), HEADERS, lines(), totals)
    finally:
        book.close()
