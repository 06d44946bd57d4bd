"""The joint submission in the ISO/IEC/CEN/CENELEC commenting template's own layout.

The official template (version 2012-03) is a landscape A4 page whose **page header** holds
the title, the Date / Document / Project boxes and the 8 column headings, so they repeat
on every page; the body holds one 8-column table of data rows only, and the page footer
explains the MB/NC and type codes. We build that layout ourselves with python-docx and
raw WordprocessingML (the template file is not copied): the same page size and margins,
the same column widths (in twentieths of a point, as the template has them), the same
headings. Footnote marks are the superscript characters ¹ and ² so that a reader that
matches headings by their words sees "MB/NC" and "Type of comment".

Each joint comment is one row: MB/NC the coordinator's code (its name when it has none),
Clause/Subclause the section ("General" for general comments), Paragraph/Figure/Table
("Paragraph 4", "Table 1, row 2"), the type code, the comment (the position, the other
sections it concerns, "Supported by: …"), the merged proposed change, and an empty
secretariat column.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..atomic import atomic_output
from ..submit import JointSubmission, clause_label, comment_cell, place_label
from .wordml import word_text

# Column widths of the template's grid (twips); together 15 876, the page's text width.
COLUMN_TWIPS = (606, 908, 1209, 1209, 1115, 4177, 4233, 2419)
_TOP_TWIPS = (7740, 2410, 3119, 2607)
PAGE_TWIPS = (16840, 11907)
MARGIN_TWIPS = 851
HEADINGS: tuple[tuple[str, ...], ...] = (
    ("MB/NC¹",),
    ("Line number", "(e.g. 17)"),
    ("Clause/ Subclause", "(e.g. 3.1)"),
    ("Paragraph/ Figure/ Table/", "(e.g. Table 1)"),
    ("Type of comment²",),
    ("Comments",),
    ("Proposed change",),
    ("Observations of the secretariat",),
)
FOOTNOTES = (
    "¹ MB = Member body / NC = National Committee (enter the ISO 3166 two-letter country"
    " code, e.g. CN for China; comments from the ISO/CS editing unit are identified by **)",
    "² Type of comment:   ge = general   te = technical   ed = editorial",
)
TEMPLATE_LINE = "ISO/IEC/CEN/CENELEC electronic balloting commenting template/version 2012-03"

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_BORDER = '<w:{side} w:val="single" w:sz="6" w:space="0" w:color="auto"/>'
_SIDES = ("top", "left", "bottom", "right")


def _run(text: str, *, bold: bool = False, size: int = 16, italic: bool = False) -> str:
    props = f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    if bold:
        props = "<w:b/><w:bCs/>" + props
    if italic:
        props = "<w:i/>" + props
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(word_text(text))}</w:t></w:r>'


def _para(
    runs: str, *, align: str | None = None, before: int = 60, after: int = 60, keep: bool = False
) -> str:
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    keep_xml = "<w:keepNext/>" if keep else ""
    return (
        f'<w:p><w:pPr>{keep_xml}<w:spacing w:before="{before}" w:after="{after}"'
        f' w:line="240" w:lineRule="auto"/>{jc}</w:pPr>{runs}</w:p>'
    )


def _cell(width: int, paragraphs: Sequence[str], *, borders: bool = True) -> str:
    edges = "".join(_BORDER.format(side=s) for s in _SIDES) if borders else ""
    if not borders:
        edges = "".join(f'<w:{s} w:val="nil"/>' for s in _SIDES)
    body = "".join(paragraphs) or _para("")
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:tcBorders>{edges}</w:tcBorders>'
        f"</w:tcPr>{body}</w:tc>"
    )


def _table(widths: Sequence[int], rows: Sequence[str], *, header_row: bool = False) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(_BORDER.format(side=s) for s in (*_SIDES, "insideH", "insideV"))
    return (
        f'<w:tbl {_W}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="99" w:type="dxa"/><w:right w:w="99" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _row(cells: Sequence[str], *, cant_split: bool = False) -> str:
    props = "<w:trPr><w:cantSplit/></w:trPr>" if cant_split else ""
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def _lines(text: str, *, size: int = 16, bold: bool = False, align: str | None = None) -> list[str]:
    return [_para(_run(line, size=size, bold=bold), align=align) for line in text.split("\n")]


def header_tables(sub: JointSubmission) -> tuple[str, str]:
    """The page header's two tables: title with Date/Document/Project, and the headings."""
    document = sub.title if not sub.version else f"{sub.title} ({sub.draft}, version {sub.version})"
    top = _row(
        [
            _cell(
                _TOP_TWIPS[0],
                [_para(_run(str(sub.words["iso_title"]), bold=True, size=24))],
                borders=False,
            ),
            _cell(_TOP_TWIPS[1], [_para(_run(f"Date: {sub.date.isoformat()}", size=16))]),
            _cell(_TOP_TWIPS[2], [_para(_run(f"Document: {document}", size=16))]),
            _cell(_TOP_TWIPS[3], [_para(_run(f"Project: {sub.options.project}", size=16))]),
        ]
    )
    heads = _row(
        [
            _cell(
                width,
                [
                    _para(_run(line, bold=i == 0, size=16 if i == 0 else 14), align="center")
                    for i, line in enumerate(lines)
                ],
            )
            for width, lines in zip(COLUMN_TWIPS, HEADINGS, strict=True)
        ]
    )
    return _table(_TOP_TWIPS, [top]), _table(COLUMN_TWIPS, [heads])


def data_rows(sub: JointSubmission) -> list[str]:
    """One ``w:tr`` per joint comment, in the template's column order."""
    lang = sub.lang
    code = sub.coordinator.code or sub.coordinator.name
    rows: list[str] = []
    for joint in sub.comments:
        values = (
            code,
            "",
            clause_label(joint, lang),
            place_label(joint, lang),
            joint.type,
            comment_cell(joint, lang, supporters=sub.options.supporters),
            joint.proposed,
            "",
        )
        rows.append(
            _row(
                [
                    _cell(width, _lines(value) if value else [])
                    for width, value in zip(COLUMN_TWIPS, values, strict=True)
                ]
            )
        )
    return rows


def write_iso(sub: JointSubmission, path: Path) -> None:
    """Write ``sub`` as a filled commenting template (.docx) to ``path``, atomically."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.shared import Pt, Twips

    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Twips(PAGE_TWIPS[0]), Twips(PAGE_TWIPS[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN_TWIPS))
    section.header_distance = section.footer_distance = Twips(567)
    doc.core_properties.title = f"{sub.words['iso_title']}: {sub.title}"
    doc.core_properties.author = sub.coordinator.name
    doc.core_properties.comments = f"guidefeedback joint submission on {sub.draft}"

    header = section.header
    header.is_linked_to_previous = False
    container: Any = header._element
    for old in list(container):
        container.remove(old)
    top, heads = header_tables(sub)
    container.append(parse_xml(top))
    container.append(parse_xml(f"<w:p {_W}/>"))
    container.append(parse_xml(heads))
    container.append(parse_xml(f"<w:p {_W}/>"))

    footer = section.footer
    footer.is_linked_to_previous = False
    for note in FOOTNOTES:
        footer.add_paragraph().add_run(note).font.size = Pt(7)
    pages = footer.add_paragraph()
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _page_of(pages)
    footer.add_paragraph().add_run(TEMPLATE_LINE).italic = True

    body: Any = doc.element.body
    # The body is the data table and nothing else, as in the template.
    for old in [e for e in body if e.tag.endswith("}p")]:
        body.remove(old)
    table = parse_xml(_table(COLUMN_TWIPS, data_rows(sub) or [_empty_row()]))
    body.insert(0, table)
    body.insert(1, parse_xml(f"<w:p {_W}/>"))
    with atomic_output(path) as tmp:
        doc.save(str(tmp))


def _empty_row() -> str:
    return _row([_cell(w, []) for w in COLUMN_TWIPS])


def _page_of(paragraph: Any) -> None:
    from .wordml import add_field

    paragraph.add_run("page ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES", "1")
