"""Low-level Word parts for the example drafts: what python-docx cannot write by itself.

Named helpers for the raw WordprocessingML the generator needs, kept in one module:
numbering definitions (``w:abstractNum`` / ``w:num``), numbering linked to paragraph styles
or set on paragraphs, the footnotes part with Word's separator footnotes, table header rows,
document settings, and a byte-for-byte reproducible save.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

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
W_DECL = f'xmlns:w="{W_NS}"'
ZIP_TIME = (2026, 10, 1, 9, 0, 0)

# -- numbering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """One level of a list: ``text`` is Word's ``w:lvlText`` (``%1`` … ``%9`` are counters)."""

    ilvl: int
    fmt: str = "decimal"
    text: str = "%1."
    style: str | None = None
    indent: int | None = None
    hanging: int = 360
    font: str | None = None

    def xml(self) -> str:
        left = self.indent if self.indent is not None else 360 * (self.ilvl + 1)
        parts = [
            f'<w:lvl w:ilvl="{self.ilvl}">',
            '<w:start w:val="1"/>',
            f'<w:numFmt w:val="{self.fmt}"/>',
        ]
        if self.style is not None:
            parts.append(f"<w:pStyle w:val={quoteattr(self.style)}/>")
        parts.append(f"<w:lvlText w:val={quoteattr(self.text)}/>")
        parts.append('<w:lvlJc w:val="left"/>')
        parts.append(f'<w:pPr><w:ind w:left="{left}" w:hanging="{self.hanging}"/></w:pPr>')
        if self.font is not None:
            font = quoteattr(self.font)
            parts.append(
                f'<w:rPr><w:rFonts w:ascii={font} w:hAnsi={font} w:hint="default"/></w:rPr>'
            )
        parts.append("</w:lvl>")
        return "".join(parts)


def _numbering_root(document: Document) -> Any:
    return document.part.numbering_part.element


def add_abstract_num(
    document: Document, abstract_id: int, levels: Sequence[Level], *, kind: str = "multilevel"
) -> None:
    """Add a ``w:abstractNum``; Word wants every abstractNum before the first ``w:num``."""
    xml = (
        f'<w:abstractNum {W_DECL} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="{kind}"/>'
        + "".join(level.xml() for level in levels)
        + "</w:abstractNum>"
    )
    root = _numbering_root(document)
    element = parse_xml(xml)
    first_num = root.find(qn("w:num"))
    if first_num is None:
        root.append(element)
    else:
        first_num.addprevious(element)


def add_num(
    document: Document,
    num_id: int,
    abstract_id: int,
    *,
    restart: Mapping[int, int] | None = None,
) -> int:
    """Add a ``w:num`` for an abstract numbering; ``restart`` maps level → start override
    (what Word writes for "Restart numbering"). Returns ``num_id``."""
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        for ilvl, start in sorted((restart or {}).items())
    )
    _numbering_root(document).append(
        parse_xml(
            f'<w:num {W_DECL} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f"{overrides}</w:num>"
        )
    )
    return num_id


def add_list(
    document: Document, num_id: int, levels: Sequence[Level], *, kind: str = "multilevel"
) -> int:
    """An abstract numbering and one ``w:num`` for it (both with id ``num_id``)."""
    add_abstract_num(document, num_id, levels, kind=kind)
    return add_num(document, num_id, num_id)


def _numpr(num_id: int, ilvl: int | None) -> Any:
    level = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    return parse_xml(f'<w:numPr {W_DECL}>{level}<w:numId w:val="{num_id}"/></w:numPr>')


def link_style(document: Document, style_id: str, num_id: int, ilvl: int) -> None:
    """Put ``w:numPr`` into a paragraph style, as Word does for numbered heading styles."""
    style = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
    if style is None:
        raise KeyError(style_id)
    ppr = style.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    ppr.insert(0, _numpr(num_id, ilvl))


def set_numbering(paragraph: Paragraph, num_id: int, ilvl: int = 0) -> Paragraph:
    """Write ``w:numPr`` on the paragraph itself (``num_id=0`` switches numbering off)."""
    ppr = paragraph._p.get_or_add_pPr()
    for old in ppr.findall(qn("w:numPr")):
        ppr.remove(old)
    element = _numpr(num_id, ilvl)
    style = ppr.find(qn("w:pStyle"))
    if style is None:
        ppr.insert(0, element)
    else:
        style.addnext(element)
    return paragraph


# -- footnotes ------------------------------------------------------------------------------

_FOOTNOTES = (
    f"<w:footnotes {W_DECL}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)
_SETTINGS_FOOTNOTES = (
    f'<w:footnotePr {W_DECL}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
)


def _footnotes_root(document: Document) -> Any:
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            return rel.target_part.element
    part = XmlPart(
        PackURI("/word/footnotes.xml"),
        CT.WML_FOOTNOTES,
        parse_xml(_FOOTNOTES),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    _add_footnote_styles(document)
    return part.element


def _add_footnote_styles(document: Document) -> None:
    styles = document.styles.element
    styles.append(
        parse_xml(
            f'<w:style {W_DECL} w:type="paragraph" w:styleId="FootnoteText">'
            '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
            '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            '<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>'
        )
    )
    styles.append(
        parse_xml(
            f'<w:style {W_DECL} w:type="character" w:styleId="FootnoteReference">'
            '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/>'
            '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
        )
    )


def _text_run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def add_footnote(document: Document, paragraph: Paragraph, text: str) -> int:
    """Add a footnote and its reference mark at the current end of ``paragraph``.

    The first call creates ``word/footnotes.xml`` with the separator and continuation
    separator footnotes (ids -1 and 0), its relationship and its content type.
    """
    root = _footnotes_root(document)
    ids = [int(n.get(qn("w:id"))) for n in root.findall(qn("w:footnote"))]
    note_id = max([0, *ids]) + 1
    root.append(
        parse_xml(
            f'<w:footnote {W_DECL} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/>'
            '</w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/>'
            f"</w:r>{_text_run(' ' + text)}</w:p></w:footnote>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:r {W_DECL}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>'
        )
    )
    return note_id


# -- sections, tables, settings -------------------------------------------------------------


def add_line_numbers(document: Document) -> None:
    """Line numbers in the margin restarting on each page, as consultation drafts have."""
    sect_pr = document.sections[0]._sectPr
    sect_pr.append(parse_xml(f'<w:lnNumType {W_DECL} w:countBy="1" w:restart="newPage"/>'))


def suppress_line_numbers(paragraph: Paragraph) -> None:
    """Leave one paragraph out of the margin line numbers (titles, captions, table text)."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f"<w:suppressLineNumbers {W_DECL}/>"))


def page_break_before(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.page_break_before = True


def add_table(document: Document, rows: Sequence[Sequence[str]], *, style: str) -> Table:
    """A table with a bold header row that repeats on every page (``w:tblHeader``)."""
    width = max(len(r) for r in rows)
    table: Table = document.add_table(rows=len(rows), cols=width)
    table.style = style
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = 0
                paragraph.paragraph_format.line_spacing = 1.0
                suppress_line_numbers(paragraph)
                if r == 0:
                    for run in paragraph.runs:
                        run.bold = True
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(parse_xml(f'<w:tblHeader {W_DECL} w:val="true"/>'))
    return table


def set_language(document: Document, lang: str) -> None:
    """Default proofing language of the document (``w:lang`` in the document defaults)."""
    rpr = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang {W_DECL} w:val="{lang}" w:eastAsia="en-US" w:bidi="ar-SA"/>'))


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


def save(document: Document, path: Path) -> Path:
    stable_rsids(document)
    document.save(str(path))
    fix_zip_times(path)
    return path
