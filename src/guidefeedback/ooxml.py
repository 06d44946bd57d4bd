"""Small named helpers over raw WordprocessingML (the XML inside a .docx).

python-docx hides most of the XML behind proxy classes, but it does not resolve automatic
numbering, it drops content-control text and tracked insertions from ``Paragraph.text``
while keeping hidden text, and it has no footnotes. Whatever we read from the raw XML goes
through the functions here, so the rules live in one place and no XPath is scattered
around the code base.

The text of a paragraph (what a reader sees in Word with "Simple Markup" showing, as one
line) is :mod:`.wordtext`'s walker; :func:`paragraph_text` and :func:`read_paragraph` are
its one-paragraph shorthand, with placeholders of content controls left out (the rule for
comment forms). Footnote and endnote references contribute no text;
:func:`read_paragraph` returns the footnote ids in the order they are referenced.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .wordtext import M_NS as M_NS
from .wordtext import MC_NS as MC_NS
from .wordtext import NSMAP as NSMAP
from .wordtext import R_NS as R_NS
from .wordtext import W_CUSTOM_XML as W_CUSTOM_XML
from .wordtext import W_ID as W_ID
from .wordtext import W_NS as W_NS
from .wordtext import W_P as W_P
from .wordtext import W_PPR as W_PPR
from .wordtext import W_R as W_R
from .wordtext import W_RPR as W_RPR
from .wordtext import W_SDT as W_SDT
from .wordtext import W_SDT_CONTENT as W_SDT_CONTENT
from .wordtext import W_SDT_PR as W_SDT_PR
from .wordtext import W_T as W_T
from .wordtext import W_TBL as W_TBL
from .wordtext import W_TC as W_TC
from .wordtext import W_TR as W_TR
from .wordtext import W_TYPE as W_TYPE
from .wordtext import W_VAL as W_VAL
from .wordtext import TextWalker
from .wordtext import is_on as is_on
from .wordtext import is_on_attr as is_on_attr
from .wordtext import normalise_space as normalise_space
from .wordtext import w as w

RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"

# Entities are never expanded and nothing is fetched: package parts are untrusted input.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
)


def parse_part(blob: bytes) -> etree._Element:
    """Parse one package part's XML without entities, DTDs or network access."""
    return etree.fromstring(blob, parser=_PARSER)


def as_element(xml: bytes | etree._Element | None) -> etree._Element | None:
    """Accept a part as bytes or as an already parsed element (``None`` stays ``None``)."""
    if xml is None or isinstance(xml, etree._Element):
        return xml
    return parse_part(xml)


def related_part_xml(part: Any, reltype: str) -> etree._Element | None:
    """The root element of the part that ``part`` relates to by ``reltype``, if any.

    ``part`` is a python-docx ``Part`` (e.g. ``document.part``). Unlike python-docx's own
    ``numbering_part`` and ``_styles_part`` properties this never creates a missing part.
    Parts python-docx knows (styles, numbering) are already parsed; others, such as
    footnotes, arrive as bytes and are parsed here.
    """
    for rel in part.rels.values():
        if rel.is_external or rel.reltype != reltype:
            continue
        target = rel.target_part
        element = getattr(target, "element", None)
        if isinstance(element, etree._Element):
            return element
        return parse_part(target.blob)
    return None


def int_val(element: etree._Element | None) -> int | None:
    """The ``w:val`` of ``element`` as an integer; ``None`` when absent or not a number."""
    if element is None:
        return None
    try:
        return int(element.get(W_VAL, ""))
    except ValueError:
        return None


def str_val(element: etree._Element | None) -> str | None:
    """The ``w:val`` of ``element``, or ``None`` when the element or attribute is absent."""
    return None if element is None else element.get(W_VAL)


# -- paragraphs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParagraphText:
    """A paragraph's text under the module's text policy, with its footnote references."""

    text: str
    footnote_ids: tuple[str, ...] = ()


def read_paragraph(p: etree._Element, *, placeholders: bool = False) -> ParagraphText:
    """The text of one ``w:p`` under the text policy, and its footnote ids."""
    scan = TextWalker(placeholders=placeholders).scan(p)
    notes = tuple(n.note_id for n in scan.notes() if n.kind == "footnote")
    return ParagraphText(scan.text(), notes)


def paragraph_text(p: etree._Element) -> str:
    """The text of one ``w:p`` under the text policy."""
    return TextWalker().scan(p).text()


def paragraph_style_id(p: etree._Element) -> str | None:
    """The ``w:pStyle`` of a paragraph, or ``None`` (the document's default style applies)."""
    ppr = p.find(W_PPR)
    if ppr is None:
        return None
    return str_val(ppr.find(w("pStyle")))


def paragraph_num_pr(p: etree._Element) -> tuple[int | None, int | None] | None:
    """``(numId, ilvl)`` set directly on a paragraph; ``None`` when it has no ``w:numPr``.

    Either value may be missing (``None``): a paragraph can set only ``ilvl`` and take
    ``numId`` from its style, or the other way round.
    """
    ppr = p.find(W_PPR)
    if ppr is None:
        return None
    num_pr = ppr.find(w("numPr"))
    if num_pr is None:
        return None
    return int_val(num_pr.find(w("numId"))), int_val(num_pr.find(w("ilvl")))


def paragraph_outline_level(p: etree._Element) -> int | None:
    """The ``w:outlineLvl`` set directly on a paragraph (0 = level 1, 9 = body text)."""
    ppr = p.find(W_PPR)
    if ppr is None:
        return None
    return int_val(ppr.find(w("outlineLvl")))


# -- block structure ------------------------------------------------------------------------


def iter_blocks(container: etree._Element) -> Iterator[etree._Element]:
    """The ``w:p`` and ``w:tbl`` children of a body or cell, in reading order.

    Block-level content controls (``w:sdt``) and custom XML wrappers are opened, which
    python-docx's ``iter_inner_content()`` does not do: comment forms and templates put
    whole paragraphs and tables inside them.
    """
    for child in container:
        tag = child.tag
        if tag in (W_P, W_TBL):
            yield child
        elif tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from iter_blocks(content)
        elif tag == W_CUSTOM_XML:
            yield from iter_blocks(child)


def table_rows(tbl: etree._Element) -> Iterator[etree._Element]:
    """The ``w:tr`` rows of a table, opening row-level content controls."""
    yield from _children_through_wrappers(tbl, W_TR)


def row_cells(tr: etree._Element) -> Iterator[etree._Element]:
    """The ``w:tc`` cells of a row as stored: a horizontally merged cell appears once."""
    yield from _children_through_wrappers(tr, W_TC)


def _children_through_wrappers(element: etree._Element, wanted: str) -> Iterator[etree._Element]:
    for child in element:
        tag = child.tag
        if tag == wanted:
            yield child
        elif tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _children_through_wrappers(content, wanted)
        elif tag == W_CUSTOM_XML:
            yield from _children_through_wrappers(child, wanted)


def is_merge_continuation(tc: etree._Element) -> bool:
    """Whether a cell continues a vertical merge from the row above (Word shows it empty)."""
    tc_pr = tc.find(w("tcPr"))
    if tc_pr is None:
        return False
    v_merge = tc_pr.find(w("vMerge"))
    return v_merge is not None and v_merge.get(W_VAL, "continue") == "continue"


# -- styles ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StyleDef:
    """One style as written in ``styles.xml``, without inheritance applied.

    ``name`` is the stored name (built-in styles keep their English names, lower-case for
    headings: ``heading 1``, whatever the user's Word language). ``num_id``/``ilvl`` come
    from the style's own ``w:pPr/w:numPr``; ``outline_level`` from its ``w:outlineLvl``.
    """

    style_id: str
    name: str
    type: str
    based_on: str | None = None
    num_id: int | None = None
    ilvl: int | None = None
    outline_level: int | None = None


@dataclass(frozen=True, slots=True)
class Styles:
    """The styles of a document by id, and the id of its default paragraph style."""

    by_id: Mapping[str, StyleDef]
    default_paragraph: str | None = None


NO_STYLES = Styles(by_id={})


def read_styles(xml: bytes | etree._Element | None) -> Styles:
    """Read ``word/styles.xml`` (bytes or parsed root; ``None`` when the part is missing)."""
    root = as_element(xml)
    if root is None:
        return NO_STYLES
    by_id: dict[str, StyleDef] = {}
    default: str | None = None
    for style in root.iterchildren(w("style")):
        style_id = style.get(w("styleId"))
        if not style_id:
            continue
        kind = style.get(W_TYPE, "paragraph")
        num_id = ilvl = outline = None
        ppr = style.find(W_PPR)
        if ppr is not None:
            num_pr = ppr.find(w("numPr"))
            if num_pr is not None:
                num_id = int_val(num_pr.find(w("numId")))
                ilvl = int_val(num_pr.find(w("ilvl")))
            outline = int_val(ppr.find(w("outlineLvl")))
        by_id[style_id] = StyleDef(
            style_id=style_id,
            name=str_val(style.find(w("name"))) or style_id,
            type=kind,
            based_on=str_val(style.find(w("basedOn"))),
            num_id=num_id,
            ilvl=ilvl,
            outline_level=outline,
        )
        if kind == "paragraph" and is_on_attr(style.get(w("default"))) and default is None:
            default = style_id
    return Styles(by_id=by_id, default_paragraph=default)


def style_chain(styles: Styles, style_id: str | None) -> tuple[StyleDef, ...]:
    """The style and the styles it is based on, nearest first (cycles are cut).

    ``None`` or an unknown id means the default paragraph style, as in Word.
    """
    if style_id is None or style_id not in styles.by_id:
        style_id = styles.default_paragraph
    chain: list[StyleDef] = []
    seen: set[str] = set()
    while style_id is not None and style_id not in seen:
        style = styles.by_id.get(style_id)
        if style is None:
            break
        seen.add(style_id)
        chain.append(style)
        style_id = style.based_on
    return tuple(chain)


# -- footnotes ------------------------------------------------------------------------------

_SEPARATOR_TYPES = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def read_footnotes(
    xml: bytes | etree._Element | None,
    *,
    kind: str = "footnote",
    placeholders: bool = False,
    accepted: bool = True,
) -> dict[str, str]:
    """Note id → text under the text policy, for ``word/footnotes.xml`` (or, with
    ``kind="endnote"``, ``word/endnotes.xml``).

    Separator notes (``w:type`` separator/continuationSeparator/continuationNotice,
    usually ids -1 and 0) are not content and are left out. A note's paragraphs are
    joined with a space; ``accepted`` chooses the text with tracked changes accepted or
    rejected.
    """
    root = as_element(xml)
    if root is None:
        return {}
    notes: dict[str, str] = {}
    walker = TextWalker(placeholders=placeholders)
    for note in root.iterchildren(w(kind)):
        note_id = note.get(W_ID)
        if note_id is None or note.get(W_TYPE) in _SEPARATOR_TYPES:
            continue
        texts = [walker.scan(p).text(accepted=accepted) for p in note.iter(W_P)]
        notes[note_id] = " ".join(t for t in texts if t)
    return notes
