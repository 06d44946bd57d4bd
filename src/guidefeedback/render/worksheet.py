"""Editor worksheets (.xlsx and .docx): clusters and comments with cells to answer in.

Rows are clusters followed by their member comments; ids (``K7``, ``C12``) and the
revision of the answer the editor sees (``Rev``) travel in the file so the import is exact
and a stale worksheet is caught (see :mod:`guidefeedback.responses`). In Excel the
disposition column is a drop-down of the words in the worksheet's language; a hidden sheet
holds the draft id and when the worksheet was made.
"""

from __future__ import annotations

from pathlib import Path

from ..responses import (
    WORKSHEET_META_SHEET,
    WORKSHEET_SHEET,
    Worksheet,
    column_titles,
    labels,
)
from ..safe_open import atomic_output


def write_worksheet(sheet: Worksheet, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _write_xlsx(sheet, path)
    elif suffix == ".docx":
        _write_docx(sheet, path)
    else:
        raise ValueError(f"{path.name}: a worksheet is .xlsx or .docx")


def _row_values(sheet: Worksheet) -> list[list[object]]:
    words = labels().get(sheet.lang, labels()["en"])
    out: list[list[object]] = []
    for r in sheet.rows:
        kind = words["worksheet"]["kind_cluster" if r.kind == "cluster" else "kind_comment"]
        disposition = (
            words["dispositions"].get(r.disposition, r.disposition) if r.disposition else ""
        )
        out.append(
            [
                r.id,
                kind,
                r.cluster,
                r.sections,
                r.organisations,
                r.text,
                disposition,
                r.answer,
                r.editor,
                r.revision,
            ]
        )
    return out


def _text_cell(value: object) -> object:
    """Text that Excel would take for a formula is written as a literal string."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _write_xlsx(sheet: Worksheet, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    words = labels().get(sheet.lang, labels()["en"])
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = WORKSHEET_SHEET
    ws.append([f"{words['worksheet']['title']}: {sheet.draft} – {sheet.title}"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([words["worksheet"]["instructions"]])
    ws.append([])
    header_row = 4
    ws.append(column_titles(sheet.lang))
    for heading in ws[header_row]:
        heading.font = Font(bold=True)
    ws.freeze_panes = "B5"
    shade = PatternFill("solid", fgColor="E8EEF7")
    for values, data in zip(_row_values(sheet), sheet.rows, strict=True):
        ws.append([_text_cell(v) for v in values])
        if data.kind == "cluster":
            for shaded in ws[ws.max_row]:
                shaded.fill = shade
                shaded.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJ", (8, 10, 9, 12, 30, 70, 20, 60, 14, 6), strict=True):
        ws.column_dimensions[letter].width = width
    for wrapped in ws.iter_rows(min_row=header_row + 1, min_col=5, max_col=8):
        for cell in wrapped:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    choices = ",".join(words["dispositions"].values())
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    validation.error = "Pick a disposition from the list"
    validation.add(f"G{header_row + 1}:G{max(ws.max_row, header_row + 1)}")
    ws.add_data_validation(validation)
    meta = wb.create_sheet(WORKSHEET_META_SHEET)
    for key, value in (
        ("draft", sheet.draft),
        ("made_at", sheet.made_at),
        ("lang", sheet.lang),
        ("rows", len(sheet.rows)),
    ):
        meta.append([key, value])
    meta.sheet_state = "hidden"
    with atomic_output(path) as tmp:
        wb.save(str(tmp))


def _write_docx(sheet: Worksheet, path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    from .wordml import add_table

    words = labels().get(sheet.lang, labels()["en"])
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    doc.add_heading(f"{words['worksheet']['title']}: {sheet.draft} – {sheet.title}", level=1)
    doc.add_paragraph(words["worksheet"]["instructions"])
    doc.add_paragraph(
        ", ".join(f"{v}" for v in words["dispositions"].values()),
    )
    # Rows built as XML in one go (python-docx cell by cell is slow for big worksheets).
    add_table(
        doc,
        column_titles(sheet.lang),
        [["" if v is None else str(v) for v in row] for row in _row_values(sheet)],
        widths_cm=(1.4, 1.5, 1.4, 2.0, 3.5, 8.0, 2.5, 5.5, 1.8, 0.9),
        font_half_points=16,
    )
    meta = doc.add_paragraph(
        f"guidefeedback: draft={sheet.draft}; made_at={sheet.made_at}; lang={sheet.lang}"
    )
    meta.runs[0].font.size = Pt(6)
    with atomic_output(path) as tmp:
        doc.save(str(tmp))
