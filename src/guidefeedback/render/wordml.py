"""Building Word content quickly and safely: big tables, fields, text that Word accepts.

python-docx adds table rows through proxies that re-scan the table for every cell; a
10 000-row comment table then takes minutes. :func:`add_table` builds the rows as plain
lxml elements instead (one ``w:tr`` per row, cell widths set once), which is what Word
itself writes. Every text goes through :func:`word_text` so characters that XML forbids
never reach python-docx (it would raise ``ValueError`` mid-document).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def word_text(text: object) -> str:
    """A string Word can hold: XML-illegal characters dropped, ``None`` as empty."""
    if text is None:
        return ""
    return _ILLEGAL.sub("", str(text))


def _run(text: str, *, bold: bool = False, size_half_points: int | None = None) -> Any:
    r = OxmlElement("w:r")
    if bold or size_half_points:
        rpr = OxmlElement("w:rPr")
        if bold:
            rpr.append(OxmlElement("w:b"))
        if size_half_points:
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), str(size_half_points))
            rpr.append(sz)
        r.append(rpr)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i:
            r.append(OxmlElement("w:br"))
        t = OxmlElement("w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = line
        r.append(t)
    return r


def _cell(text: str, width_twips: int, *, bold: bool, size: int | None) -> Any:
    tc = OxmlElement("w:tc")
    tcpr = OxmlElement("w:tcPr")
    tcw = OxmlElement("w:tcW")
    tcw.set(qn("w:w"), str(width_twips))
    tcw.set(qn("w:type"), "dxa")
    tcpr.append(tcw)
    tc.append(tcpr)
    p = OxmlElement("w:p")
    if text:
        p.append(_run(text, bold=bold, size_half_points=size))
    tc.append(p)
    return tc


def add_table(
    document: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    widths_cm: Sequence[float],
    style: str = "Table Grid",
    font_half_points: int | None = 18,
) -> Any:
    """A table with a header row repeated on every page and ``rows`` below it.

    Returns the python-docx ``Table``. Widths are in centimetres per column.
    """
    table = document.add_table(rows=0, cols=len(header))
    # A user's reference.docx may lack the style; the table then keeps the default look.
    with contextlib.suppress(KeyError):
        table.style = style
    tbl = table._tbl
    widths = [int(w * 567) for w in widths_cm]
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(width))
    tr = OxmlElement("w:tr")
    trpr = OxmlElement("w:trPr")
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    tr.append(trpr)
    for text, width in zip(header, widths, strict=True):
        tr.append(_cell(word_text(text), width, bold=True, size=font_half_points))
    tbl.append(tr)
    for tr in table_rows(rows, widths_cm, font_half_points=font_half_points):
        tbl.append(tr)
    return table


_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def table_rows(
    rows: Sequence[Sequence[object]],
    widths_cm: Sequence[float],
    *,
    font_half_points: int | None = 18,
) -> list[Any]:
    """Many ``w:tr`` at once: written as one XML string and parsed once, which is several
    times faster than building each element through python-docx for big comment tables."""
    from docx.oxml import parse_xml

    if not rows:
        return []
    size = f'<w:rPr><w:sz w:val="{font_half_points}"/></w:rPr>' if font_half_points else ""
    widths = [int(w * 567) for w in widths_cm]
    parts: list[str] = [f"<w:tbl {_W_NS}>"]
    for values in rows:
        parts.append("<w:tr>")
        for value, width in zip(values, widths, strict=True):
            parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p>')
            text = word_text(value)
            if text:
                runs = "<w:br/>".join(
                    f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in text.split("\n")
                )
                parts.append(f"<w:r>{size}{runs}</w:r>")
            parts.append("</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return list(parse_xml("".join(parts)))


def add_field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A complex field (e.g. ``TOC \\o "1-3" \\h``) that Word fills in when it opens."""
    p = paragraph._p
    for kind in ("begin", None, "separate", "text", "end"):
        r = OxmlElement("w:r")
        if kind == "begin" or kind == "separate" or kind == "end":
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                fld.set(qn("w:dirty"), "true")
            r.append(fld)
        elif kind is None:
            instr = OxmlElement("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = f" {instruction} "
            r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = placeholder
            r.append(t)
        p.append(r)


def update_fields_on_open(document: Any) -> None:
    """Ask Word to refresh fields (the table of contents) when the file is opened."""
    settings = document.settings.element
    existing = settings.find(qn("w:updateFields"))
    if existing is None:
        existing = OxmlElement("w:updateFields")
        settings.append(existing)
    existing.set(qn("w:val"), "true")


def body_append(document: Any, element: Any) -> Any:
    """Append a block element to the body, before the final section properties."""
    body = document.element.body
    last = body[-1] if len(body) else None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(element)
    else:
        body.append(element)
    return element


def paragraph(
    text: str,
    *,
    style_id: str | None = None,
    bold: bool = False,
    runs: Sequence[tuple[str, bool]] = (),
) -> Any:
    """A ``w:p`` with a style id and text, built directly.

    python-docx resolves a style *name* to its id by scanning styles.xml for every
    paragraph (milliseconds each); we know the ids of our reference document.
    """
    p = OxmlElement("w:p")
    if style_id:
        ppr = OxmlElement("w:pPr")
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), style_id)
        ppr.append(pstyle)
        p.append(ppr)
    for piece, piece_bold in runs or ((text, bold),):
        if piece:
            p.append(_run(word_text(piece), bold=piece_bold))
    return p
