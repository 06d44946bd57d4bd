"""The comment matrix as CSV and XLSX: ISO column order plus our ids, cluster and decision.

Comments are stored exactly as written; only here, on the way out, is a cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab, CR or
NUL) neutralised by a leading apostrophe, the convention Excel itself shows for text.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..atomic import atomic_output
from ..report import Report
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


_FORMULA_CHARS = frozenset(_FORMULA_START)


def matrix_rows(report: Report) -> list[list[str]]:
    # neutralise() inlined: 12 cells × 100 000 comments, and most cells are plain text.
    return [
        [
            "'" + v if v[:1] in _FORMULA_CHARS else v
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


_XLSX_WIDTHS = (24, 6, 10, 14, 12, 70, 45, 50, 8, 12, 8, 16)
_XLSX_STATIC = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'
    ),
    # Style 1: bold header; style 2: wrapped text aligned to the top.
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="3">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        '<alignment wrapText="1" vertical="top"/></xf></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def write_xlsx(report: Report, path: Path) -> None:
    """The matrix as a workbook, written as a stream of SpreadsheetML.

    openpyxl spent most of a 100 000-comment render styling cells one by one; the sheet
    is a plain grid, so it is written directly: every cell an inline string (a value
    starting with ``=`` is text, never a formula), one wrapped style, the header bold and
    frozen. openpyxl reads it back (the tests do)."""
    import zipfile
    from datetime import UTC, datetime
    from xml.sax.saxutils import escape

    title = f"{report.words['report']['title']}: {report.title}"
    sheet = escape(report.words["report"]["comments"][:31], {'"': "&quot;"})
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>guidefeedback</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        "</cp:coreProperties>"
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(_XLSX_WIDTHS, start=1)
    )
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
        ' activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f"<cols>{cols}</cols><sheetData>"
    )
    letters = [_column(i) for i in range(len(_XLSX_WIDTHS))]

    def row(n: int, values: list[str], style: int) -> str:
        cells = "".join(
            f'<c r="{letters[i]}{n}" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(word_text(v))}</t></is></c>"
            for i, v in enumerate(values)
            if v
        )
        return f'<row r="{n}">{cells}</row>'

    with (
        atomic_output(path) as tmp,
        # Level 1, as for the Word document: much faster, only slightly larger.
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z,
    ):
        for name, text in _XLSX_STATIC.items():
            z.writestr(name, text)
        z.writestr("docProps/core.xml", core)
        z.writestr("xl/workbook.xml", workbook)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            buffer = [head, row(1, matrix_header(report), 1)]
            for n, values in enumerate(matrix_rows(report), start=2):
                buffer.append(row(n, values, 2))
                if len(buffer) >= 2000:
                    member.write("".join(buffer).encode("utf-8"))
                    buffer = []
            buffer.append("</sheetData></worksheet>")
            member.write("".join(buffer).encode("utf-8"))
