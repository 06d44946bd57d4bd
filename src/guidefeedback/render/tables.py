"""The comment matrix as CSV and XLSX: ISO column order plus our ids, cluster and decision.

Comments are stored exactly as written; only here, on the way out, is a cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab, CR or
NUL) neutralised by a leading apostrophe, the convention Excel itself shows for text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..report import Report
from ..safe_open import atomic_output
from .wordml import word_text

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def matrix_header(report: Report) -> list[str]:
    w = report.words["report"]
    return [
        w["mb"],
        w["line"],
        w["clause"],
        w["paragraph"],
        w["type"],
        w["comment"],
        w["proposed"],
        w["observations"],
        w["id"],
        w["place"],
        w["cluster_col"],
        w["disposition"],
    ]


def matrix_rows(report: Report) -> list[list[str]]:
    return [
        [
            neutralise(v)
            for v in (
                c.organisation,
                c.line_ref,
                c.section_ref or c.section,
                c.paragraph_ref,
                c.type,
                c.text,
                c.proposed,
                c.answer,
                c.id,
                c.locator,
                c.cluster,
                c.disposition_label,
            )
        ]
        for c in report.comments
    ]


def write_csv(report: Report, path: Path) -> None:
    """UTF-8 with a BOM and CRLF, which Excel opens with the right characters."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(matrix_header(report))
    writer.writerows(matrix_rows(report))
    with atomic_output(path) as tmp:
        tmp.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def write_xlsx(report: Report, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(report.words["report"]["comments"][:31])
    ws.freeze_panes = "A2"
    for letter, width in zip(
        "ABCDEFGHIJKL", (24, 6, 10, 14, 12, 70, 45, 50, 8, 12, 8, 16), strict=True
    ):
        ws.column_dimensions[letter].width = width
    from openpyxl.cell import WriteOnlyCell

    header = []
    for title in matrix_header(report):
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in matrix_rows(report):
        cells = []
        for value in row:
            # Text cells, explicitly: openpyxl would otherwise turn "=…" into a formula.
            cell = WriteOnlyCell(ws, value=word_text(value))
            cell.data_type = "s"
            cell.alignment = wrap
            cells.append(cell)
        ws.append(cells)
    wb.properties.title = f"{report.words['report']['title']}: {report.title}"
    wb.properties.creator = "guidefeedback"
    with atomic_output(path) as tmp:
        wb.save(str(tmp))
