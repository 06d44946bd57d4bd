"""Small named helpers over raw WordprocessingML (the XML inside a .docx).

python-docx hides most of the XML behind proxy classes, but it does not resolve automatic
numbering, it drops content-control text and tracked insertions from ``Paragraph.text``
while keeping hidden text, and it has no footnotes. Whatever we read from the raw XML goes
through the functions here, so the rules live in one place and no XPath is scattered
around the code base.

Text policy (what :func:`paragraph_text` and :func:`read_paragraph` return): the text a
reader sees in Word with "Simple Markup" showing, as one line.

- ``w:t`` in ordinary runs, in tracked insertions (``w:ins``), moved-to text
  (``w:moveTo``), hyperlinks, smart tags, custom XML and content controls (``w:sdt``) is
  kept.
- Tracked deletions (``w:del``, ``w:delText``, ``w:delInstrText``) and moved-from text
  (``w:moveFrom``) are left out: they are no longer part of the draft.
- A content control that shows its placeholder ("Click or tap here to enter text.",
  ``w:showingPlcHdr``) contributes nothing: the placeholder is an instruction, not content.
- Hidden text (a run with ``w:vanish`` set directly on it) is left out. Hidden formatting
  that comes from a character style is not looked up.
- Fields: the result is kept and the field code (``w:instrText``, the part between
  ``begin`` and ``separate``) is left out, for complex fields (``w:fldChar``) and simple
  fields (``w:fldSimple``) alike, nested fields included. Field state restarts with every
  paragraph, which is enough for the fields drafts use (page refs, SEQ numbers, TOC).
- ``w:tab``, ``w:ptab``, ``w:br`` and ``w:cr`` become a space; a non-breaking hyphen becomes
  ``-``; soft hyphens and ``w:sym`` glyphs (symbol-font characters) are dropped.
- Text in drawings, text boxes, VML shapes and embedded objects is left out: it is not part
  of the paragraph's flow, and Word stores it twice (``mc:Choice`` and ``mc:Fallback``).
- Whitespace is collapsed to single spaces and trimmed.
- Footnote and endnote references contribute no text; :func:`read_paragraph` returns the
  footnote ids in the order they are referenced.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"

NSMAP: Mapping[str, str] = {"w": W_NS, "r": R_NS, "mc": MC_NS, "m": M_NS}

RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def w(local: str) -> str:
    """The Clark name (``{namespace}local``) of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{local}"


# Tags compared in the hot loops, computed once.
W_P = w("p")
W_R = w("r")
W_T = w("t")
W_TBL = w("tbl")
W_TR = w("tr")
W_TC = w("tc")
W_SDT = w("sdt")
W_SDT_PR = w("sdtPr")
W_SDT_CONTENT = w("sdtContent")
W_CUSTOM_XML = w("customXml")
W_PPR = w("pPr")
W_RPR = w("rPr")
W_VAL = w("val")
W_ID = w("id")
W_TYPE = w("type")
_W_INS = w("ins")
_W_MOVE_TO = w("moveTo")
_W_DEL = w("del")
_W_MOVE_FROM = w("moveFrom")
_W_VANISH = w("vanish")
_W_TAB = w("tab")
_W_PTAB = w("ptab")
_W_BR = w("br")
_W_CR = w("cr")
_W_NO_BREAK_HYPHEN = w("noBreakHyphen")
_W_FLD_CHAR = w("fldChar")
_W_FLD_CHAR_TYPE = w("fldCharType")
_W_FOOTNOTE_REFERENCE = w("footnoteReference")
_W_SHOWING_PLC_HDR = w("showingPlcHdr")
_W_CUSTOM_XML_PR = w("customXmlPr")
_W_SMART_TAG_PR = w("smartTagPr")
_MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
_MC_CHOICE = f"{{{MC_NS}}}Choice"
_M_T = f"{{{M_NS}}}t"

# Children of a paragraph (or of a container inside it) that never hold visible text.
_NO_TEXT_CONTAINERS = frozenset({W_PPR, _W_DEL, _W_MOVE_FROM, _W_CUSTOM_XML_PR, _W_SMART_TAG_PR})

_FALSE_VALUES = frozenset({"0", "false", "off"})
_SPACES = re.compile(r"\s+")

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


def is_on(toggle: etree._Element | None) -> bool:
    """Whether an on/off property such as ``<w:vanish/>`` or ``<w:isLgl w:val="0"/>`` is on."""
    if toggle is None:
        return False
    return toggle.get(W_VAL, "true").lower() not in _FALSE_VALUES


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


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace (tabs, breaks, no-break spaces) into one space."""
    return _SPACES.sub(" ", text).strip()


# -- paragraphs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParagraphText:
    """A paragraph's text under the module's text policy, with its footnote references."""

    text: str
    footnote_ids: tuple[str, ...] = ()


class _Walk:
    """Mutable state of one paragraph walk: output pieces, open fields, footnote refs."""

    __slots__ = ("fields", "notes", "out")

    def __init__(self) -> None:
        self.out: list[str] = []
        # One entry per open complex field: True while inside its code (before
        # ``separate``), False while inside its result.
        self.fields: list[bool] = []
        self.notes: list[str] = []


def read_paragraph(p: etree._Element) -> ParagraphText:
    """The text of one ``w:p`` under the module's text policy, and its footnote ids."""
    walk = _Walk()
    _walk_container(p, walk)
    return ParagraphText(normalise_space("".join(walk.out)), tuple(walk.notes))


def paragraph_text(p: etree._Element) -> str:
    """The text of one ``w:p`` under the module's text policy."""
    return read_paragraph(p).text


def _walk_container(element: etree._Element, walk: _Walk) -> None:
    for child in element:
        tag = child.tag
        if tag == W_R:
            _walk_run(child, walk)
        elif tag in _NO_TEXT_CONTAINERS or not isinstance(tag, str):
            continue
        elif tag == W_SDT:
            if _shows_placeholder(child):
                continue
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                _walk_container(content, walk)
        elif tag == _MC_ALTERNATE:
            choice = child.find(_MC_CHOICE)
            if choice is not None:
                _walk_container(choice, walk)
        elif tag == _M_T:
            walk.out.append(child.text or "")
        else:
            # w:ins, w:moveTo, w:hyperlink, w:smartTag, w:fldSimple, w:customXml, w:dir,
            # w:bdo and math containers: their runs are ordinary text.
            _walk_container(child, walk)


def _walk_run(run: etree._Element, walk: _Walk) -> None:
    rpr = run.find(W_RPR)
    hidden = rpr is not None and is_on(rpr.find(_W_VANISH))
    out = walk.out
    fields = walk.fields
    for child in run:
        tag = child.tag
        if tag == W_T:
            if not hidden and True not in fields:
                out.append(child.text or "")
        elif tag == _W_FLD_CHAR:
            kind = child.get(_W_FLD_CHAR_TYPE)
            if kind == "begin":
                fields.append(True)
            elif kind == "separate" and fields:
                fields[-1] = False
            elif kind == "end" and fields:
                fields.pop()
        elif tag in (_W_TAB, _W_PTAB, _W_BR, _W_CR):
            if not hidden and True not in fields:
                out.append(" ")
        elif tag == _W_NO_BREAK_HYPHEN:
            if not hidden and True not in fields:
                out.append("-")
        elif tag == _W_FOOTNOTE_REFERENCE:
            note_id = child.get(W_ID)
            if note_id is not None:
                walk.notes.append(note_id)
        # Everything else (w:instrText, w:delText, w:softHyphen, w:sym, w:drawing, w:pict,
        # w:object, mc:AlternateContent, w:footnoteRef, w:commentReference …) adds nothing.


def _shows_placeholder(sdt: etree._Element) -> bool:
    pr = sdt.find(W_SDT_PR)
    return pr is not None and is_on(pr.find(_W_SHOWING_PLC_HDR))


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


def is_on_attr(value: str | None) -> bool:
    """Whether an on/off attribute value (``w:default="1"``) is on; absent means off."""
    return value is not None and value.lower() not in _FALSE_VALUES


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


def read_footnotes(xml: bytes | etree._Element | None) -> dict[str, str]:
    """Footnote id → text under the text policy, for ``word/footnotes.xml``.

    Separator footnotes (``w:type`` separator/continuationSeparator/continuationNotice,
    usually ids -1 and 0) are not content and are left out. A footnote's paragraphs are
    joined with a space.
    """
    root = as_element(xml)
    if root is None:
        return {}
    notes: dict[str, str] = {}
    for note in root.iterchildren(w("footnote")):
        note_id = note.get(W_ID)
        if note_id is None or note.get(W_TYPE) in _SEPARATOR_TYPES:
            continue
        texts = [paragraph_text(p) for p in note.iter(W_P)]
        notes[note_id] = " ".join(t for t in texts if t)
    return notes
