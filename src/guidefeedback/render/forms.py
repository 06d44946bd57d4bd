"""Blank comment forms for submitters (.docx and .xlsx), tied to one draft.

The form carries the draft's id, title and SHA-256 prefix so a returned form can be matched to
the draft it was made for, the submitter's details with a publication-consent line, the
comment table with the columns our intake reader recognises, and the draft's sections for
reference (in Excel also as a drop-down on the section column).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..atomic import atomic_output

# Column headers per style, in the order submitters know them. Intake matches headers by
# meaning (intake/headers), so these are simply the canonical wording of each form.
FORM_COLUMNS: Mapping[str, Sequence[str]] = {
    "iso": (
        "MB/NC",
        "Line number",
        "Clause/Subclause",
        "Paragraph/Figure/Table",
        "Type of comment",
        "Comments",
        "Proposed change",
        "Observations of the secretariat",
    ),
    "remiss": (
        "Organisation",
        "Rad",
        "Avsnitt",
        "Stycke",
        "Typ av synpunkt",
        "Synpunkt",
        "Förslag till ändring",
        "Svar/Kommentar",
    ),
}

_TEXT: Mapping[str, Mapping[str, str]] = {
    "iso": {
        "title": "Comment form",
        "draft": "Draft",
        "fields": "Organisation:|Contact:|E-mail:|Date:|We agree that our name may be published: yes/no",
        "instructions": (
            "Fill in one row per comment. Clause/Subclause is the section number as shown in"
            " the draft (e.g. 3.2); Paragraph/Figure/Table is e.g. ¶4 or Table 1. Type of"
            " comment: ge = general, te = technical, ed = editorial. Leave the last column"
            " empty: the secretariat answers there. Add rows as needed."
        ),
        "types": "ge,te,ed",
        "consent_choices": "yes,no",
        "sections": "Sections of the draft",
        "number": "Section",
        "heading": "Heading",
        "sheet": "Comments",
        "check": "Check the filled form with: guidefeedback check FORM --draft {draft}",
    },
    "remiss": {
        "title": "Remissvar – synpunktsformulär",
        "draft": "Remissutkast",
        "fields": "Organisation:|Kontaktperson:|E-post:|Datum:|Vi godkänner publicering: ja/nej",
        "instructions": (
            "En synpunkt per rad. Avsnitt anges som i utkastet (t.ex. 3.2); Stycke t.ex. ¶4"
            " eller Tabell 1. Typ av synpunkt: allmän, teknisk eller redaktionell. Lämna"
            " sista kolumnen tom: där svarar sekretariatet. Lägg till rader vid behov."
        ),
        "types": "allmän,teknisk,redaktionell",
        "consent_choices": "ja,nej",
        "sections": "Utkastets avsnitt",
        "number": "Avsnitt",
        "heading": "Rubrik",
        "sheet": "Synpunkter",
        "check": "Kontrollera formuläret med: guidefeedback check FORMULÄR --draft {draft}",
    },
}

BLANK_ROWS = 12


def _sections(outline: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [
        (u["number"] or "", u["text"])
        for u in outline["units"]
        if u["kind"] == "heading" and (u["level"] or 1) <= 3
    ]


def write_blank_form(outline: Mapping[str, Any], path: Path, *, style: str = "iso") -> None:
    """Write a blank form for the draft ``outline`` (as from ``actions.draft_outline``)."""
    if style not in FORM_COLUMNS:
        raise ValueError(f"unknown form style {style!r}")
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(outline, path, style)
    else:
        _write_docx(outline, path, style)


def _draft_line(outline: Mapping[str, Any], style: str) -> str:
    t = _TEXT[style]
    return (
        f"{t['draft']}: {outline['id']} – {outline['title']} (version {outline['version']},"
        f" SHA-256 {outline['sha256'][:12]})"
    )


def _write_docx(outline: Mapping[str, Any], path: Path, style: str) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    t = _TEXT[style]
    doc = docx.Document()
    section = doc.sections[0]
    # Comment tables are wide: landscape, as every ISO/remiss form is.
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    doc.core_properties.title = f"{t['title']}: {outline['title']}"
    doc.core_properties.author = "guidefeedback"
    doc.core_properties.comments = _marker(outline, style)
    doc.add_heading(f"{t['title']}: {outline['title']}", level=1)
    doc.add_paragraph(_draft_line(outline, style))
    for label in t["fields"].split("|"):
        doc.add_paragraph(label + " ")
    doc.add_paragraph(t["instructions"])
    columns = FORM_COLUMNS[style]
    table = doc.add_table(rows=1 + BLANK_ROWS, cols=len(columns))
    table.style = "Table Grid"
    header = table.rows[0]
    # Repeat the header row on every page so a long form stays readable when printed.
    tr_pr = header._tr.get_or_add_trPr()
    tbl_header = OxmlElement("w:tblHeader")
    tbl_header.set(qn("w:val"), "true")
    tr_pr.append(tbl_header)
    for cell, name in zip(header.cells, columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        run.font.size = Pt(9)
    doc.add_paragraph(t["check"].format(draft=outline["id"]))
    doc.add_heading(t["sections"], level=2)
    ref = doc.add_table(rows=1, cols=2)
    ref.style = "Table Grid"
    ref.rows[0].cells[0].text = t["number"]
    ref.rows[0].cells[1].text = t["heading"]
    for number, heading in _sections(outline):
        cells = ref.add_row().cells
        cells[0].text = number
        cells[1].text = heading
    with atomic_output(path) as tmp:
        doc.save(str(tmp))


def _write_xlsx(outline: Mapping[str, Any], path: Path, style: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    t = _TEXT[style]
    columns = FORM_COLUMNS[style]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t["sheet"]
    ws.append([f"{t['title']}: {outline['title']}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_draft_line(outline, style)])
    ws.append([t["instructions"]])
    ws.append([])
    # The submitter's details, as on the .docx form: label in A, the answer in B. The
    # reader takes "Label:" rows above the header as the submission's details.
    consent_row = 0
    for label in t["fields"].split("|"):
        name, _, choices = label.partition(": ")
        ws.append([name.rstrip(":") + ":", ""])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        if choices:
            consent_row = ws.max_row
    consent = DataValidation(type="list", formula1=f'"{t["consent_choices"]}"', allow_blank=True)
    consent.add(f"B{consent_row}")
    ws.add_data_validation(consent)
    ws.append([])
    ws.append(list(columns))
    header_row = ws.max_row
    for heading in ws[header_row]:
        heading.font = Font(bold=True)
        heading.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = f"A{header_row + 1}"
    widths = {"Comments": 60, "Synpunkt": 60, "Proposed change": 45, "Förslag till ändring": 45}
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(name, 16)
    last = header_row + 500
    type_col = get_column_letter(columns.index(_type_column(style)) + 1)
    types = DataValidation(type="list", formula1=f'"{t["types"]}"', allow_blank=True)
    types.add(f"{type_col}{header_row + 1}:{type_col}{last}")
    ws.add_data_validation(types)
    ref = wb.create_sheet(t["sections"][:31])
    ref.append([t["number"], t["heading"]])
    for number, title in _sections(outline):
        # Section numbers as text: "3.10" must not become the number 3.1.
        ref.append([number, title])
    for row in ref.iter_rows(min_row=2, max_col=1):
        for cell in row:
            cell.number_format = "@"
    ref.column_dimensions["B"].width = 70
    n = len(_sections(outline))
    if n:
        section_col = get_column_letter(columns.index(_section_column(style)) + 1)
        quoted = ref.title.replace("'", "''")
        sections = DataValidation(
            type="list", formula1=f"='{quoted}'!$A$2:$A${n + 1}", allow_blank=True
        )
        sections.error = "Pick a section of the draft"
        sections.showErrorMessage = False
        sections.add(f"{section_col}{header_row + 1}:{section_col}{last}")
        ws.add_data_validation(sections)
        for r in range(header_row + 1, last + 1):
            ws.cell(row=r, column=columns.index(_section_column(style)) + 1).number_format = "@"
    wb.properties.title = f"{t['title']}: {outline['title']}"
    wb.properties.keywords = _marker(outline, style)
    with atomic_output(path) as tmp:
        wb.save(str(tmp))


def _marker(outline: Mapping[str, Any], style: str) -> str:
    """What ``check`` reads back to know the draft without a database
    (:mod:`guidefeedback.intake.form_draft`)."""
    lang = "sv" if style == "remiss" else "en"
    return f"guidefeedback-draft={outline['id']};sha256={outline['sha256']};lang={lang}"


def _type_column(style: str) -> str:
    return "Type of comment" if style == "iso" else "Typ av synpunkt"


def _section_column(style: str) -> str:
    return "Clause/Subclause" if style == "iso" else "Avsnitt"
