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
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def word_text(text: object) -> str:
    """A string Word can hold: XML-illegal characters dropped, ``None`` as empty."""
    if text is None:
        return ""
    text = str(text)
    # Printable text holds none of them (they are control, non- and surrogate characters).
    if text.isprintable():
        return text
    return _ILLEGAL.sub("", text)


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


# -- WordprocessingML as text, for documents written as a stream (see package.py) ---------

Cell = str | Sequence[tuple[str, bool]]
"""A table cell: text (a new paragraph per line) or paragraphs as (text, bold)."""


def x_text(text: object) -> str:
    return escape(word_text(text))


_RPR: dict[tuple[bool, bool, int | None], str] = {}
_T_OPEN = '<w:t xml:space="preserve">'
_LINE_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


def _rpr(bold: bool, italic: bool, size: int | None) -> str:
    key = (bold, italic, size)
    found = _RPR.get(key)
    if found is None:
        props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
        if size:
            props += f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        found = _RPR[key] = f"<w:rPr>{props}</w:rPr>" if props else ""
    return found


def x_run(
    text: object, *, bold: bool = False, italic: bool = False, size: int | None = None
) -> str:
    """A run; each line break of ``text`` a ``w:br``. Written for speed (a national
    consultation's document has millions of runs): the text is escaped once, whole."""
    escaped = word_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    inner = _T_OPEN + escaped.replace("\n", _LINE_BREAK) + "</w:t>"
    return f"<w:r>{_rpr(bold, italic, size)}{inner}</w:r>"


def x_par(
    content: str | Sequence[tuple[str, bool]] = "",
    *,
    style: str | None = None,
    keep_next: bool = False,
    raw: str = "",
    size: int | None = None,
    ppr_extra: str = "",
    italic: bool = False,
) -> str:
    """A paragraph; ``content`` is text or (text, bold) runs; ``raw`` is appended as is."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if keep_next:
        ppr += "<w:keepNext/>"
    ppr += ppr_extra
    runs = (
        x_run(content, size=size, italic=italic)
        if isinstance(content, str) and content
        else ""
        if isinstance(content, str)
        else "".join(x_run(t, bold=b, size=size, italic=italic) for t, b in content if t)
    )
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{runs}{raw}</w:p>"


def x_field(instruction: str, cached: str = "", *, size: int | None = None) -> str:
    """A complex field (PAGE, NUMPAGES, PAGEREF …) with its cached result."""
    rpr = f'<w:rPr><w:sz w:val="{size}"/></w:rPr>' if size else ""
    return (
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>{escape(cached)}</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

# Estimated glyph widths, in ems, for sizing columns: a proportional sans-serif (Calibri,
# Carlito, Arial) averages about 0.5 em; a column must hold its longest word, so that
# estimate is generous (0.6 em, bold 0.66 em) to keep "Kommunförbundet" on one line.
_AVG_EM = 0.5
_WORD_EM = 0.6
_BOLD_EM = 0.75
CELL_PADDING = 2 * 108 + 40  # Word's default left and right cell margins, plus the borders
# Line-break opportunities: spaces, and after a slash ("Paragraph/Figure/Table").
_WORD = re.compile(r"[^\s/]+/?")


def _longest_word(text: str) -> int:
    """The length of the longest of ``_WORD``'s matches in ``text``, without running the
    expression over the whole of a long comment."""
    best = 0
    for token in text.split():
        if len(token) <= best:
            continue
        # A slash is a break opportunity: "Paragraph/Figure" is two words.
        parts = _WORD.findall(token) if "/" in token else (token,)
        best = max(best, *map(len, parts), 0)
    return best


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    available: int,
    *,
    font_half_points: int = 18,
    sample: int = 300,
) -> list[int]:
    """Column widths in twips from the content, summing to at most ``available``.

    Each column gets at least its longest word (so words never break) and then a share of
    the remaining width in proportion to how much text it holds: ids and types stay
    narrow, comment and response columns get the room. Short cells (names, places, ids:
    where a broken word would show) are measured in every row; long texts only in an
    evenly spaced sample of ``sample`` rows, which has the table's shape.
    """
    em = font_half_points * 10  # twips per em: half-points × 10
    n = len(header)
    step = max(1, len(rows) // sample)
    longest_word = [0.0] * n
    longest = [0.0] * n
    total = [0.0] * n
    for i, title in enumerate(header):
        words = [len(m) for m in _WORD.findall(title)] or [0]
        longest_word[i] = max(words) * _BOLD_EM
        longest[i] = len(title) * _BOLD_EM
    seen: list[set[str]] = [set() for _ in range(n)]
    for r, row in enumerate(rows):
        in_sample = r % step == 0
        for i, cell in enumerate(row[:n]):
            text = cell if isinstance(cell, str) else "\n".join(t for t, _ in cell)
            if not text or (len(text) > 60 and not in_sample):
                continue
            if in_sample:
                total[i] += len(text) * _AVG_EM
            if text in seen[i]:
                continue
            if len(text) <= 60:
                seen[i].add(text)
            for line in text.split("\n"):
                longest[i] = max(longest[i], len(line) * _AVG_EM)
            word = _longest_word(text)
            if word:
                longest_word[i] = max(longest_word[i], word * _WORD_EM)
    # A single very long "word" (a URL) must not take the table: it may break.
    cap = available * 0.35
    need = [min(cap, lw * em) + CELL_PADDING for lw in longest_word]
    natural = [max(need[i], longest[i] * em + CELL_PADDING) for i in range(n)]
    if sum(need) >= available:
        scale = available / sum(need)
        return [int(x * scale) for x in need]
    if sum(natural) <= available:
        spare = available - sum(natural)
        weights = [natural[i] for i in range(n)]
        return [int(natural[i] + spare * weights[i] / sum(weights)) for i in range(n)]
    widths = list(need)
    # Water-filling: the spare width goes to the columns in proportion to their text,
    # never beyond what a column needs to show its longest line on one line.
    growing = {i for i in range(n) if natural[i] > widths[i]}
    spare = available - sum(widths)
    while spare > 1 and growing:
        weight = sum(max(total[i], 1.0) for i in growing)
        done = set()
        used = 0.0
        for i in growing:
            share = spare * max(total[i], 1.0) / weight
            grant = min(share, natural[i] - widths[i])
            widths[i] += grant
            used += grant
            if widths[i] >= natural[i] - 1:
                done.add(i)
        spare -= used
        growing -= done
        if not done:
            break
    return [int(x) for x in widths]


def x_cell(
    value: Cell, width: int, *, size: int | None, bold: bool = False, shade: str = ""
) -> str:
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if shade:
        tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    if isinstance(value, str):
        paras = [(line, bold) for line in word_text(value).split("\n")] if value else [("", bold)]
    else:
        paras = list(value) or [("", bold)]
    spacing = '<w:spacing w:before="0" w:after="40" w:line="240" w:lineRule="auto"/>'
    body = "".join(
        f"<w:p><w:pPr>{spacing}</w:pPr>{x_run(t, bold=b, size=size) if t else ''}</w:p>"
        for t, b in paras
    )
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{body}</w:tc>"


_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


def x_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    widths: Sequence[int],
    *,
    font_half_points: int = 18,
    style: str = "TableGrid",
) -> Iterable[str]:
    """A table as a stream of XML chunks: fixed layout with the given grid, the header row
    repeated on every page, and no row split across a page (``w:cantSplit``)."""
    total = sum(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    yield (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{total}" w:type="dxa"/>'
        f'<w:tblBorders>{_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar>"
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
    )
    yield (
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        + "".join(
            x_cell(h, w, size=font_half_points, bold=True, shade="E7E6E6")
            for h, w in zip(header, widths, strict=True)
        )
        + "</w:tr>"
    )
    for row in rows:
        yield (
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + "".join(x_cell(v, w, size=font_half_points) for v, w in zip(row, widths, strict=True))
            + "</w:tr>"
        )
    yield "</w:tbl>"


def x_image(rid: str, width_emu: int, height_emu: int, *, name: str, description: str) -> str:
    """An inline picture; ``description`` is its text alternative (read by screen readers)."""
    d = escape(description, {'"': "&quot;"})
    n = escape(name, {'"': "&quot;"})
    return (
        '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{width_emu}" cy="{height_emu}"/>'
        f'<wp:docPr id="1" name="{n}" descr="{d}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="{n}" descr="{d}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/>'
        '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{width_emu}" cy="{height_emu}"/></a:xfrm><a:prstGeom prst="rect">'
        "<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"
        "</wp:inline></w:drawing></w:r>"
    )


def x_page_of_footer(page_of: str) -> str:
    """A right-aligned footer paragraph "Page X of Y" from the words' ``page_of`` pattern
    (``"Page {page} of {pages}"``, ``"Sida {page} av {pages}"``), both numbers as fields."""
    before, rest = page_of.split("{page}", 1)
    middle, after = rest.split("{pages}", 1)
    return (
        '<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="right"/></w:pPr>'
        + (x_run(before, size=16) if before else "")
        + x_field("PAGE", "1", size=16)
        + x_run(middle, size=16)
        + x_field("NUMPAGES", "1", size=16)
        + (x_run(after, size=16) if after else "")
        + "</w:p>"
    )
