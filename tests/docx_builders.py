"""Build real .docx files with python-docx plus the raw XML python-docx cannot write.

The one builder library of the project: the tests build their files with it, and the
example generators in ``scripts/`` (``make_drafts.py``, ``make_comments.py``) import it as
``tests.docx_builders``. Every helper works on a ``docx.Document`` (start with
:func:`new_document`) and writes what Word itself would write, so files built here open in
Word and LibreOffice. ``save(..., reproducible=True)`` gives the same bytes on every run
(fixed revision ids and zip times), which the committed examples rely on. Helpers: numbering
definitions (:class:`Level`,
:func:`add_abstract_numbering`, :func:`add_num`, :func:`add_list`), headings numbered through
their styles (:func:`number_headings`), numbered paragraphs (:func:`add_numbered_paragraph`),
footnotes (:func:`add_footnote`), tables with captions (:func:`add_table`), tracked changes
(:func:`add_tracked_insertion`, :func:`add_tracked_deletion`), hidden text, fields and content
controls, margin line numbers, the document language.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f'xmlns:w="{W_NS}"'
_DATE = "2025-01-15T10:00:00Z"
ZIP_TIME = (2026, 10, 1, 9, 0, 0)


def new_document() -> Document:
    """A fresh document from python-docx's default template (it has a numbering part
    with "List Bullet" and "List Number" already numbered through their styles)."""
    return docx.Document()


def save(document: Document, path: Path, *, reproducible: bool = False) -> Path:
    """Save and return ``path`` (handy in one-line fixtures); ``reproducible`` fixes the
    paragraph revision ids and the zip's member times so the bytes never change."""
    if reproducible:
        stable_rsids(document)
    document.save(str(path))
    if reproducible:
        fix_zip_times(path)
    return path


def stable_rsids(document: Document) -> None:
    """Fixed paragraph revision ids, so regenerating gives the same bytes."""
    for i, element in enumerate(document.element.body.iter(qn("w:p"))):
        element.set(qn("w:rsidR"), f"{i + 1:08X}")


def fix_zip_times(path: Path) -> None:
    """Rewrite a zip with fixed member times (and order) so the bytes are reproducible."""
    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info)) for info in src.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, data)
    path.write_bytes(buffer.getvalue())


# -- numbering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One list level: ``text`` is Word's level text, ``%1`` … ``%9`` being the counters.

    ``style`` links the level to a paragraph style id (``w:pStyle``), ``restart`` is
    ``w:lvlRestart`` (``None``: not written), ``legal`` writes ``w:isLgl``, and
    ``start=None`` leaves ``w:start`` out. ``indent`` (twips; default 360 per level),
    ``hanging`` and ``font`` (a bullet's symbol font) shape how the label is laid out.
    """

    ilvl: int
    fmt: str = "decimal"
    text: str = "%1."
    start: int | None = 1
    style: str | None = None
    restart: int | None = None
    legal: bool = False
    indent: int | None = None
    hanging: int = 360
    font: str | None = None

    def xml(self) -> str:
        parts = [f'<w:lvl w:ilvl="{self.ilvl}">']
        if self.start is not None:
            parts.append(f'<w:start w:val="{self.start}"/>')
        parts.append(f'<w:numFmt w:val="{self.fmt}"/>')
        if self.restart is not None:
            parts.append(f'<w:lvlRestart w:val="{self.restart}"/>')
        if self.style is not None:
            parts.append(f"<w:pStyle w:val={quoteattr(self.style)}/>")
        if self.legal:
            parts.append("<w:isLgl/>")
        parts.append(f"<w:lvlText w:val={quoteattr(self.text)}/>")
        indent = self.indent if self.indent is not None else 360 * (self.ilvl + 1)
        parts.append('<w:lvlJc w:val="left"/>')
        parts.append(f'<w:pPr><w:ind w:left="{indent}" w:hanging="{self.hanging}"/></w:pPr>')
        if self.font is not None:
            font = quoteattr(self.font)
            parts.append(
                f'<w:rPr><w:rFonts w:ascii={font} w:hAnsi={font} w:hint="default"/></w:rPr>'
            )
        parts.append("</w:lvl>")
        return "".join(parts)


def add_abstract_numbering(
    document: Document, abstract_id: int, levels: Sequence[Level], *, kind: str = "multilevel"
) -> None:
    """Add a ``w:abstractNum`` (Word requires them before every ``w:num``)."""
    xml = (
        f'<w:abstractNum {_W} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="{kind}"/>' + "".join(level.xml() for level in levels)
    ) + "</w:abstractNum>"
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    element = parse_xml(xml)
    if first_num is None:
        numbering.append(element)
    else:
        first_num.addprevious(element)


def add_num(
    document: Document,
    num_id: int,
    abstract_id: int,
    *,
    start_overrides: Mapping[int, int] | None = None,
    level_overrides: Sequence[Level] = (),
) -> int:
    """Add a ``w:num`` instance of an abstract numbering, with optional overrides.

    ``start_overrides`` maps a level to a ``w:startOverride`` (how Word writes "Restart
    numbering"); ``level_overrides`` replace whole level definitions for this num.
    """
    overrides = dict.fromkeys(
        sorted({*(start_overrides or {}), *(lvl.ilvl for lvl in level_overrides)}), ""
    )
    for ilvl in overrides:
        inner = ""
        if start_overrides and ilvl in start_overrides:
            inner += f'<w:startOverride w:val="{start_overrides[ilvl]}"/>'
        inner += "".join(lvl.xml() for lvl in level_overrides if lvl.ilvl == ilvl)
        overrides[ilvl] = f'<w:lvlOverride w:ilvl="{ilvl}">{inner}</w:lvlOverride>'
    xml = (
        f'<w:num {_W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        + "".join(overrides.values())
        + "</w:num>"
    )
    document.part.numbering_part.element.append(parse_xml(xml))
    return num_id


def add_list(
    document: Document, num_id: int, levels: Sequence[Level], *, kind: str = "multilevel"
) -> int:
    """An abstract numbering plus one num for it (abstract id = ``num_id``); returns num_id."""
    add_abstract_numbering(document, num_id, levels, kind=kind)
    add_num(document, num_id, num_id)
    return num_id


def link_style_to_numbering(
    document: Document, style_id: str, num_id: int, ilvl: int | None = None
) -> None:
    """Put ``w:numPr`` in a paragraph style, as Word does for numbered heading styles.

    With ``ilvl=None`` only ``numId`` is written (Word does this for level 0; the level
    then comes from the ``w:lvl`` whose ``w:pStyle`` names the style).
    """
    style = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
    if style is None:
        raise KeyError(style_id)
    ppr = style.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    level = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    ppr.insert(0, parse_xml(f'<w:numPr {_W}>{level}<w:numId w:val="{num_id}"/></w:numPr>'))


def number_headings(
    document: Document,
    *,
    num_id: int = 50,
    texts: Sequence[str] = ("%1", "%1.%2", "%1.%2.%3"),
    fmts: Sequence[str] = ("decimal", "decimal", "decimal"),
    starts: Sequence[int] | None = None,
    explicit_ilvl: bool = True,
) -> int:
    """Multilevel numbering linked to Heading 1, 2, 3 … (one level per entry of ``texts``).

    ``starts`` defaults to 1 for every level. Returns the num id. ``explicit_ilvl=False`` writes only ``numId`` into the heading
    styles, leaving the level to the ``w:pStyle`` links.
    """
    starts = (1,) * len(texts) if starts is None else starts
    levels = [
        Level(ilvl=i, fmt=fmt, text=text, start=start, style=f"Heading{i + 1}")
        for i, (text, fmt, start) in enumerate(zip(texts, fmts, starts, strict=True))
    ]
    add_list(document, num_id, levels)
    for i in range(len(levels)):
        link_style_to_numbering(document, f"Heading{i + 1}", num_id, i if explicit_ilvl else None)
    return num_id


def set_numbering(paragraph: Paragraph, num_id: int | None, ilvl: int | None = 0) -> Paragraph:
    """Write ``w:numPr`` directly on a paragraph (``num_id=0`` removes numbering)."""
    ppr = paragraph._p.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    inner = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    if num_id is not None:
        inner += f'<w:numId w:val="{num_id}"/>'
    element = parse_xml(f"<w:numPr {_W}>{inner}</w:numPr>")
    style = ppr.find(qn("w:pStyle"))
    if style is None:
        ppr.insert(0, element)
    else:
        style.addnext(element)
    return paragraph


def add_numbered_paragraph(
    document: Document, text: str, num_id: int, ilvl: int = 0, *, style: str | None = None
) -> Paragraph:
    """A paragraph numbered directly (``w:numPr`` in its own properties)."""
    return set_numbering(document.add_paragraph(text, style=style), num_id, ilvl)


# -- runs: tracked changes, hidden text, fields, content controls ----------------------------


def _run_xml(text: str, *, tag: str = "w:t", rpr: str = "") -> str:
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr_xml}<{tag} xml:space="preserve">{escape(text)}</{tag}></w:r>'


def _append(paragraph: Paragraph, xml: str) -> None:
    paragraph._p.append(parse_xml(xml))


def add_tracked_insertion(paragraph: Paragraph, text: str, *, author: str = "Reviewer") -> None:
    """Append text as a tracked insertion (``w:ins``)."""
    _append(
        paragraph,
        f'<w:ins {_W} w:id="901" w:author={quoteattr(author)} w:date="{_DATE}">'
        f"{_run_xml(text)}</w:ins>",
    )


def add_tracked_deletion(paragraph: Paragraph, text: str, *, author: str = "Reviewer") -> None:
    """Append text as a tracked deletion (``w:del`` with ``w:delText``)."""
    _append(
        paragraph,
        f'<w:del {_W} w:id="902" w:author={quoteattr(author)} w:date="{_DATE}">'
        f"{_run_xml(text, tag='w:delText')}</w:del>",
    )


def add_hidden_run(paragraph: Paragraph, text: str) -> None:
    """Append a run formatted as hidden text (``w:vanish``)."""
    _append(
        paragraph,
        f'<w:r {_W}><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>',
    )


def add_field(paragraph: Paragraph, instruction: str, result: str) -> None:
    """Append a complex field (``w:fldChar`` begin/separate/end) showing ``result``."""
    for xml in (
        f'<w:r {_W}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {_W}><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>',
        f'<w:r {_W}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {_W}><w:t xml:space="preserve">{escape(result)}</w:t></w:r>',
        f'<w:r {_W}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        _append(paragraph, xml)


def add_content_control(paragraph: Paragraph, text: str, *, placeholder: bool = False) -> None:
    """Append an inline content control (``w:sdt``) holding ``text``.

    ``placeholder=True`` marks the text as the control's placeholder prompt
    (``w:showingPlcHdr``), as Word does for an unfilled form field.
    """
    flag = "<w:showingPlcHdr/>" if placeholder else ""
    _append(
        paragraph,
        f'<w:sdt {_W}><w:sdtPr><w:alias w:val="Field"/>{flag}</w:sdtPr>'
        f"<w:sdtContent>{_run_xml(text)}</w:sdtContent></w:sdt>",
    )


def add_block_content_control(document: Document, text: str) -> None:
    """A whole paragraph wrapped in a block-level content control (python-docx skips it)."""
    body = document.element.body
    sdt = parse_xml(
        f'<w:sdt {_W}><w:sdtPr><w:alias w:val="Block"/></w:sdtPr><w:sdtContent>'
        f"<w:p>{_run_xml(text)}</w:p></w:sdtContent></w:sdt>"
    )
    if body.sectPr is not None:
        body.sectPr.addprevious(sdt)
    else:
        body.append(sdt)


# -- footnotes ------------------------------------------------------------------------------

_FOOTNOTES_XML = (
    f"<w:footnotes {_W}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)
_FOOTNOTE_STYLES = (
    f'<w:style {_W} w:type="paragraph" w:styleId="FootnoteText">'
    '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
    '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>',
    f'<w:style {_W} w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>',
)


def _footnotes_root(document: Document) -> Any:
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return rel.target_part.element
    part = XmlPart(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        parse_xml(_FOOTNOTES_XML),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    styles = document.styles.element
    for xml in _FOOTNOTE_STYLES:
        styles.append(parse_xml(xml))
    return part.element


def add_footnote(document: Document, paragraph: Paragraph, text: str) -> int:
    """Add a footnote with ``text`` and reference it at the end of ``paragraph``.

    Creates ``word/footnotes.xml`` (with Word's two separator footnotes, ids -1 and 0) and
    the footnote styles on first use. Returns the footnote id (1, 2, … in order of creation;
    the number Word displays is the order of reference, which may differ).
    """
    root = _footnotes_root(document)
    ids = [int(n.get(qn("w:id"))) for n in root.findall(qn("w:footnote"))]
    note_id = max([0, *ids]) + 1
    root.append(
        parse_xml(
            f'<w:footnote {_W} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/>'
            '</w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/>'
            f"</w:r>{_run_xml(' ' + text)}</w:p></w:footnote>"
        )
    )
    _append(
        paragraph,
        f'<w:r {_W}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        f'<w:footnoteReference w:id="{note_id}"/></w:r>',
    )
    return note_id


# -- sections and settings ------------------------------------------------------------------


def add_line_numbers(document: Document) -> None:
    """Line numbers in the margin restarting on each page, as consultation drafts have."""
    sect_pr = document.sections[0]._sectPr
    sect_pr.append(parse_xml(f'<w:lnNumType {_W} w:countBy="1" w:restart="newPage"/>'))


def suppress_line_numbers(paragraph: Paragraph) -> None:
    """Leave one paragraph out of the margin line numbers (titles, captions, table text)."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f"<w:suppressLineNumbers {_W}/>"))


def page_break_before(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


def set_language(document: Document, lang: str) -> None:
    """Default proofing language of the document (``w:lang`` in the document defaults)."""
    rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang {_W} w:val="{lang}" w:eastAsia="en-US" w:bidi="ar-SA"/>'))


# -- tables ---------------------------------------------------------------------------------


def add_caption(document: Document, text: str) -> Paragraph:
    """A paragraph in the built-in Caption style."""
    return document.add_paragraph(text, style="Caption")


def add_table(
    document: Document,
    rows: Sequence[Sequence[str]],
    *,
    caption: str | None = None,
    caption_below: bool = False,
    style: str | None = None,
    header: bool = False,
) -> Table:
    """A table with one string per cell, optionally with a Caption-style paragraph.

    The caption goes above the table unless ``caption_below`` is set. ``header`` makes the
    first row a bold header that repeats on every page (``w:tblHeader``) and sets the cells
    compact and out of the margin line numbers, as a published draft's tables are. Merge
    cells afterwards with python-docx (``table.cell(r, c).merge(table.cell(r2, c2))``).
    """
    if caption is not None and not caption_below:
        add_caption(document, caption)
    width = max(len(r) for r in rows)
    table: Table = document.add_table(rows=len(rows), cols=width)
    if style is not None:
        table.style = style
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            if not header:
                continue
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = 0
                paragraph.paragraph_format.line_spacing = 1.0
                suppress_line_numbers(paragraph)
                if r == 0:
                    for run in paragraph.runs:
                        run.bold = True
    if header:
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {_W} w:val="true"/>'))
    if caption is not None and caption_below:
        add_caption(document, caption)
    return table
