"""Editor worksheets (.xlsx and .docx): what an editor decides from, and cells to answer in.

Rows are clusters (with their Title, which an editor may change: see
:func:`guidefeedback.app.worksheets.respond_import`) followed by their member comments (and any open conflict after the row
it concerns); ids (``K7``, ``C12``) and the revision of the answer the editor sees
(``Rev``) travel in the file so the import is exact and a stale worksheet is caught (see
:mod:`guidefeedback.responses`). The file also carries the database's identity and the
draft's SHA-256, so it cannot be applied to another database.

Excel: the header row and the ID column stay in view (frozen panes), text wraps, columns
have widths that suit their content, Disposition is a drop-down of the words in the
worksheet's language, and a hidden sheet holds the identity. Word: a landscape page with a
fixed-layout table whose columns are scaled to the text width, so nothing falls off the
page; the identity is a line of small print after the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..atomic import atomic_output
from ..responses import (
    COLUMNS,
    TITLE_META_PREFIX,
    WORKSHEET_META_SHEET,
    WORKSHEET_SHEET,
    Worksheet,
    column_titles,
    meta_line,
    title_fingerprint,
    titles_property,
    words,
)

# Excel widths in characters, per column.
XLSX_WIDTHS = {
    "id": 8,
    "kind": 10,
    "cluster": 8,
    "place": 11,
    "point_title": 36,
    "bodies": 26,
    "type": 12,
    "draft_text": 40,
    "text": 60,
    "proposed": 36,
    "disposition": 20,
    "answer": 50,
    "editor": 14,
    "revision": 5,
}
# Word: relative widths; the cluster column is left out (comments follow their cluster's
# shaded row). Chosen so the longest header word of either language ("Ställnings-
# tagande", "Handläggare") and the longest comment type fit on one line at 7 pt, even in
# the wide DejaVu Sans that LibreOffice falls back to without Calibri.
DOCX_COLUMNS = tuple(c for c in COLUMNS if c != "cluster")
DOCX_WEIGHTS = {
    "id": 1.25,
    "kind": 1.45,
    "place": 1.5,
    "point_title": 2.6,
    "bodies": 2.45,
    "type": 1.75,
    "draft_text": 2.5,
    "text": 3.6,
    "proposed": 2.5,
    "disposition": 3.0,
    "answer": 3.0,
    "editor": 2.05,
    "revision": 0.85,
}
CM = 567  # twips per centimetre
DOCX_MARGIN_CM = 1.27
DOCX_FONT_HALF_POINTS = 14
DOCX_CELL_MARGIN_TWIPS = 57


def write_worksheet(sheet: Worksheet, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _write_xlsx(sheet, path)
    elif suffix == ".docx":
        _write_docx(sheet, path)
    else:
        raise ValueError(f"{path.name}: a worksheet is .xlsx or .docx")


def _values(sheet: Worksheet, columns: tuple[str, ...]) -> list[list[object]]:
    w = words(sheet.lang)
    out: list[list[object]] = []
    for r in sheet.rows:
        shown: dict[str, object] = {
            "id": r.id,
            "kind": w["worksheet"][f"kind_{r.kind}"],
            "cluster": r.cluster,
            "place": r.place,
            "point_title": r.title,
            "bodies": r.bodies,
            "type": r.type,
            "draft_text": r.draft_text,
            "text": r.text,
            "proposed": r.proposed,
            "disposition": w["dispositions"].get(r.disposition, r.disposition)
            if r.disposition
            else "",
            "answer": r.answer,
            "editor": r.editor,
            "revision": "" if r.kind == "conflict" else r.revision,
        }
        out.append([shown[c] for c in columns])
    return out


def _fingerprints(sheet: Worksheet) -> dict[str, str]:
    """Per cluster row, the fingerprint of the title written: on import it tells an
    editor's change in the Title cell from one made with `cluster title` since."""
    return {r.id: title_fingerprint(r.title) for r in sheet.rows if r.kind == "cluster"}


def _title(sheet: Worksheet) -> str:
    w = words(sheet.lang)["worksheet"]
    title = f"{w['title']}: {sheet.draft} – {sheet.title}"
    if sheet.editor:
        title += " · " + str(w["for_editor"]).format(editor=sheet.editor)
    return title


def _write_xlsx(sheet: Worksheet, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    w = words(sheet.lang)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = WORKSHEET_SHEET
    last = get_column_letter(len(COLUMNS))
    ws.append([_title(sheet)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([w["worksheet"]["instructions"]])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 45
    ws.append([])
    header_row = 4
    ws.append(column_titles(sheet.lang))
    for heading in ws[header_row]:
        heading.font = Font(bold=True)
        heading.fill = PatternFill("solid", fgColor="D9D9D9")
        heading.alignment = Alignment(wrap_text=True, vertical="top")
    # The header and the ID column stay in view while the editor scrolls.
    ws.freeze_panes = f"B{header_row + 1}"
    fills = {
        "cluster": PatternFill("solid", fgColor="E8EEF7"),
        "conflict": PatternFill("solid", fgColor="F8D7DA"),
    }
    top = Alignment(wrap_text=True, vertical="top")
    for values, data in zip(_values(sheet, COLUMNS), sheet.rows, strict=True):
        ws.append(values)
        row = ws[ws.max_row]
        for cell in row:
            cell.alignment = top
            if isinstance(cell.value, str) and cell.value.startswith("="):
                # Text, never a formula: an answer that starts with "=" stays text.
                cell.data_type = "s"
        fill = fills.get(data.kind)
        if fill is not None:
            for cell in row:
                cell.fill = fill
                if data.kind == "cluster":
                    cell.font = Font(bold=True)
    for i, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = XLSX_WIDTHS[column]
    end = max(ws.max_row, header_row + 1)
    choices = ",".join(w["dispositions"].values())
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    validation.error = "Pick a disposition from the list"
    validation.errorTitle = str(w["worksheet"]["disposition"])
    disposition = get_column_letter(COLUMNS.index("disposition") + 1)
    validation.add(f"{disposition}{header_row + 1}:{disposition}{end}")
    ws.add_data_validation(validation)
    ws.auto_filter.ref = f"A{header_row}:{last}{end}"
    meta = wb.create_sheet(WORKSHEET_META_SHEET)
    for key, value in (
        ("draft", sheet.draft),
        ("draft_sha256", sheet.draft_sha256),
        ("database", sheet.database),
        ("made_at", sheet.made_at),
        ("lang", sheet.lang),
        ("editor", sheet.editor or ""),
        ("rows", len(sheet.rows)),
    ):
        meta.append([key, value])
    for code, fingerprint in _fingerprints(sheet).items():
        meta.append([f"{TITLE_META_PREFIX}{code}", fingerprint])
    meta.sheet_state = "hidden"
    with atomic_output(path) as tmp:
        wb.save(str(tmp))


def docx_widths_twips(text_width_twips: int) -> list[int]:
    """Column widths that add up to no more than the text width."""
    total = sum(DOCX_WEIGHTS.values())
    return [int(DOCX_WEIGHTS[c] / total * text_width_twips) for c in DOCX_COLUMNS]


def _fix_table_width(table: Any, widths: list[int]) -> None:
    """A fixed layout at exactly the grid's width, with narrow cell margins, so neither
    Word nor LibreOffice widens the table past the page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(widths)))
    tbl_w.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(DOCX_CELL_MARGIN_TWIPS))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tbl_pr.append(margins)
    # The schema wants tblPr's children in order: style, …, tblW, …, tblLayout, tblCellMar,
    # tblLook. Re-append tblLook last if python-docx wrote one.
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        tbl_pr.remove(look)
        tbl_pr.append(look)


def _shade(tr: Any, colour: str, *, bold: bool) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for tc in tr.findall(qn("w:tc")):
        tc_pr = tc.find(qn("w:tcPr"))
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), colour)
        tc_pr.append(shd)
        if bold:
            for rpr in tc.iter(qn("w:rPr")):
                rpr.insert(0, OxmlElement("w:b"))


def _write_docx(sheet: Worksheet, path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from .wordml import add_table

    w = words(sheet.lang)
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    # A4 landscape whatever python-docx's default page is.
    page_width, margin = Cm(29.7), Cm(DOCX_MARGIN_CM)
    section.page_width, section.page_height = page_width, Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, margin)
    text_width = (int(page_width) - 2 * int(margin)) // 635  # EMU → twips
    widths = docx_widths_twips(text_width)
    doc.add_heading(_title(sheet), level=1)
    doc.add_paragraph(w["worksheet"]["instructions"])
    doc.add_paragraph(", ".join(str(v) for v in w["dispositions"].values()))
    # Rows built as XML in one go (python-docx cell by cell is slow for big worksheets).
    table = add_table(
        doc,
        column_titles(sheet.lang, DOCX_COLUMNS),
        [["" if v is None else str(v) for v in row] for row in _values(sheet, DOCX_COLUMNS)],
        widths_cm=[wd / CM for wd in widths],
        font_half_points=DOCX_FONT_HALF_POINTS,
    )
    _fix_table_width(table, widths)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(width))
    trs = table._tbl.findall(qn("w:tr"))
    for tr, data in zip(trs[1:], sheet.rows, strict=True):
        if data.kind == "cluster":
            _shade(tr, "E8EEF7", bold=True)
        elif data.kind == "conflict":
            _shade(tr, "F8D7DA", bold=False)
    meta = doc.add_paragraph(meta_line(sheet))
    meta.runs[0].font.size = Pt(6)
    # Out of sight in the document's properties (Word and LibreOffice keep them on save).
    # python-docx refuses a property of more than 255 characters, which OOXML does not
    # limit and 20 clusters' fingerprints pass; the element is written directly.
    description = doc.core_properties._element.get_or_add_description()
    description.text = titles_property(_fingerprints(sheet))
    with atomic_output(path) as tmp:
        doc.save(str(tmp))
