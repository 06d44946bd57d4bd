"""The one WordprocessingML text walker, and the tag names every reader compares against.

Drafts (:mod:`.drafts` through :mod:`.ooxml`) and reviewed copies
(:mod:`.intake._review_xml`) read paragraph text through :class:`TextWalker`, so a rule
about what text a paragraph shows lives here and nowhere else. One walk of a ``w:p``
yields events in document order:

- :class:`Piece`: a bit of text with the innermost tracked change it belongs to, and two
  flags: ``current`` (part of the text with every change accepted, what Word shows with
  "Simple Markup") and ``old`` (part of the text with every change rejected);
- :class:`Marker`: a comment or move range boundary, where it stands;
- :class:`NoteRef`: a footnote or endnote reference, with the same two flags.

Text rules (both versions):

- ``w:t`` in ordinary runs, hyperlinks, smart tags, custom XML, bidi wrappers, simple
  fields and inline or nested content controls (``w:sdt``) is text. A content control
  showing its placeholder (``w:showingPlcHdr``) is left out unless the walker is made with
  ``placeholders=True``: on a comment form the placeholder is an instruction ("Click or tap
  here to enter text."), in a draft it is what the page shows (templates such as APA's
  put the title and every paragraph in placeholders), and LibreOffice shows it.
- Tracked insertions (``w:ins``) and moved-to text are current, not old; deletions
  (``w:del``, ``w:delText``) and moved-from text are old, not current.
- Hidden runs (``w:vanish`` set on the run) are not text; their field characters still
  count.
- Fields: the code (``w:instrText`` before ``separate``) is never text, the result is,
  nested fields included, except the results of fields that Word *generates* from the
  document itself: ``TOC``, ``INDEX`` and ``TOA``. Their result repeats headings and page
  numbers, so it is not content. With ``carry_fields=True`` (a body walk) such a field stays
  open from paragraph to paragraph until its ``end``, as a table of contents does; other
  field state restarts with every paragraph, so one unterminated field cannot swallow a
  document.
- ``w:tab``, ``w:ptab``, ``w:br``, ``w:cr`` become a space, ``w:noBreakHyphen`` ``-``;
  soft hyphens are dropped. ``w:sym`` in the Symbol font becomes its Unicode character
  (Greek letters and mathematical signs in standards); symbols in other fonts (Wingdings
  check marks, arrows) have no text and are dropped.
- Drawings, text boxes, VML shapes and embedded objects are not paragraph text (Word stores
  them twice, in ``mc:Choice`` and ``mc:Fallback``); math text (``m:t``) is.

Longer than our usual ~500 lines because one walker holds every WordprocessingML text rule, so drafts and review intake cannot drift apart again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"

NSMAP: Mapping[str, str] = {"w": W_NS, "r": R_NS, "mc": MC_NS, "m": M_NS}


def w(local: str) -> str:
    """The Clark name (``{namespace}local``) of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{local}"


# Tags compared in the hot loops, computed once and shared by every reader.
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
W_NAME = w("name")
W_AUTHOR = w("author")
W_DATE = w("date")
W_INS = w("ins")
W_DEL = w("del")
W_MOVE_FROM = w("moveFrom")
W_MOVE_TO = w("moveTo")
W_DEL_TEXT = w("delText")
W_INSTR_TEXT = w("instrText")
W_FLD_SIMPLE = w("fldSimple")
W_INSTR = w("instr")
W_FLD_CHAR = w("fldChar")
W_FLD_CHAR_TYPE = w("fldCharType")
W_VANISH = w("vanish")
W_SYM = w("sym")
W_FONT = w("font")
W_CHAR = w("char")
W_FOOTNOTE_REFERENCE = w("footnoteReference")
W_ENDNOTE_REFERENCE = w("endnoteReference")
W_COMMENT_REFERENCE = w("commentReference")
W_SHOWING_PLC_HDR = w("showingPlcHdr")
W_DOC_PART_OBJ = w("docPartObj")
W_DOC_PART_GALLERY = w("docPartGallery")
MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE = f"{{{MC_NS}}}Choice"
M_T = f"{{{M_NS}}}t"
_SPACE_LIKE = frozenset({w("tab"), w("ptab"), w("br"), w("cr")})
_NO_BREAK_HYPHEN = w("noBreakHyphen")
# Property containers and formatting changes (w:rPrChange, w:pPrChange sit inside these):
# never text, never a proposal.
_SKIP = frozenset({W_PPR, w("customXmlPr"), w("smartTagPr")})

ChangeKind = Literal["ins", "del", "move_from", "move_to"]
CHANGE_KINDS: Mapping[str, ChangeKind] = {
    W_INS: "ins",
    W_DEL: "del",
    W_MOVE_FROM: "move_from",
    W_MOVE_TO: "move_to",
}
MarkerKind = Literal[
    "comment_start",
    "comment_end",
    "comment_ref",
    "move_from_start",
    "move_from_end",
    "move_to_start",
    "move_to_end",
]
MARKERS: Mapping[str, MarkerKind] = {
    w("commentRangeStart"): "comment_start",
    w("commentRangeEnd"): "comment_end",
    W_COMMENT_REFERENCE: "comment_ref",
    w("moveFromRangeStart"): "move_from_start",
    w("moveFromRangeEnd"): "move_from_end",
    w("moveToRangeStart"): "move_to_start",
    w("moveToRangeEnd"): "move_to_end",
}
GENERATED_FIELDS = frozenset({"TOC", "INDEX", "TOA"})
"""Fields whose result Word builds from the document itself: not content."""

_FALSE_VALUES = frozenset({"0", "false", "off"})
_SPACES = re.compile(r"\s+")


def is_on(toggle: etree._Element | None) -> bool:
    """Whether an on/off property such as ``<w:vanish/>`` or ``<w:isLgl w:val="0"/>`` is on."""
    if toggle is None:
        return False
    return toggle.get(W_VAL, "true").lower() not in _FALSE_VALUES


def is_on_attr(value: str | None) -> bool:
    """Whether an on/off attribute value (``w:default="1"``) is on; absent means off."""
    return value is not None and value.lower() not in _FALSE_VALUES


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace (tabs, breaks, no-break spaces) into one space."""
    return _SPACES.sub(" ", text).strip()


# -- symbols --------------------------------------------------------------------------------

# The Symbol font's code points (0x20–0xFF, stored by Word as F020–F0FF) that are letters
# or signs with a Unicode equivalent: Adobe's Symbol encoding.
_SYMBOL_FONT = " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼"
# 0xA1 onwards; a space where the glyph has no Unicode equivalent.
_SYMBOL_HIGH = (
    "ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…   ℵ   ⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇   ∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈   ∑           〉∫"
)


def symbol_text(sym: etree._Element) -> str:
    """The character a ``w:sym`` shows, when it has one (Symbol font); else ``""``."""
    font = (sym.get(W_FONT) or "").strip().lower()
    try:
        code = int(sym.get(W_CHAR) or "", 16)
    except ValueError:
        return ""
    if font != "symbol":
        return ""
    if code >= 0xF000:
        code -= 0xF000
    if 0x20 <= code < 0x20 + len(_SYMBOL_FONT):
        return _SYMBOL_FONT[code - 0x20]
    if 0xA1 <= code < 0xA1 + len(_SYMBOL_HIGH):
        return _SYMBOL_HIGH[code - 0xA1].strip()
    return ""


# -- events ---------------------------------------------------------------------------------


_NOTE_MARK_STYLES = frozenset({"footnotereference", "endnotereference"})


def _note_mark_style(rpr: etree._Element) -> bool:
    """Whether a run's character style is Word's footnote or endnote reference style."""
    style = rpr.find(w("rStyle"))
    return style is not None and style.get(w("val"), "").casefold() in _NOTE_MARK_STYLES


@dataclass(frozen=True, slots=True)
class Change:
    """One tracked-change element (``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``)."""

    kind: ChangeKind
    author: str
    date: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A bit of paragraph text with the innermost change it belongs to (``None``: unchanged).

    ``current``: part of the text with the changes accepted; ``old``: part of the text as
    it read before the tracked changes.
    """

    text: str
    change: Change | None
    current: bool
    old: bool


@dataclass(frozen=True, slots=True)
class Marker:
    """A comment or move range boundary; ``name`` is a move range's ``w:name``."""

    kind: MarkerKind
    marker_id: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote or endnote reference mark, in either version of the text."""

    kind: Literal["footnote", "endnote"]
    note_id: str
    current: bool
    old: bool


Event = Piece | Marker | NoteRef


@dataclass(frozen=True, slots=True)
class ParagraphScan:
    """A paragraph's events in order, and the tracked change on its paragraph mark."""

    events: tuple[Event, ...]
    mark_change: Change | None

    def text(self, *, accepted: bool = True) -> str:
        """The paragraph's text with every change accepted (or rejected), as one line."""
        return normalise_space(
            "".join(
                e.text
                for e in self.events
                if isinstance(e, Piece) and (e.current if accepted else e.old)
            )
        )

    def notes(self, *, accepted: bool = True) -> tuple[NoteRef, ...]:
        """The note references in that version of the text, in order."""
        return tuple(
            e for e in self.events if isinstance(e, NoteRef) and (e.current if accepted else e.old)
        )


def change_of(element: etree._Element, kind: ChangeKind) -> Change:
    """The :class:`Change` recorded on a change element."""
    return Change(kind, element.get(W_AUTHOR, "").strip(), element.get(W_DATE, "").strip())


def marker_of(element: etree._Element) -> Marker | None:
    """The :class:`Marker` for a range element, or ``None`` for anything else."""
    kind = MARKERS.get(element.tag) if isinstance(element.tag, str) else None
    if kind is None:
        return None
    return Marker(kind, element.get(W_ID, ""), element.get(W_NAME, ""))


def mark_change(p: etree._Element) -> Change | None:
    """The tracked insertion or deletion of a paragraph's mark (its ``w:pPr/w:rPr``)."""
    ppr = p.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    if rpr is None:
        return None
    for child in rpr:
        kind = CHANGE_KINDS.get(child.tag) if isinstance(child.tag, str) else None
        if kind is not None:
            return change_of(child, kind)
    return None


def sdt_gallery(sdt: etree._Element) -> str:
    """The building-block gallery of a content control ("Table of Contents", "Cover Pages")."""
    pr = sdt.find(W_SDT_PR)
    obj = pr.find(W_DOC_PART_OBJ) if pr is not None else None
    gallery = obj.find(W_DOC_PART_GALLERY) if obj is not None else None
    return "" if gallery is None else gallery.get(W_VAL, "")


def _field_name(instruction: str) -> str:
    parts = instruction.split()
    return parts[0].upper() if parts else ""


class _Field:
    """One open complex field: in its code until ``separate``; generated or not."""

    __slots__ = ("code", "generated", "instr")

    def __init__(self) -> None:
        self.code = True
        self.generated = False
        self.instr: list[str] = []

    @property
    def hides(self) -> bool:
        return self.code or self.generated


class TextWalker:
    """Walks paragraphs under the text rules of the module docstring.

    Make one per body walk (``carry_fields=True`` lets a table of contents span
    paragraphs) or use :func:`scan_paragraph` for a paragraph on its own.
    """

    __slots__ = ("_current", "_events", "_old", "carry_fields", "placeholders")

    def __init__(self, *, placeholders: bool = False, carry_fields: bool = False) -> None:
        self.placeholders = placeholders
        self.carry_fields = carry_fields
        # One stack of open fields per version of the text: the current text only sees
        # field characters outside deletions, the old text only those outside insertions.
        self._current: list[_Field] = []
        self._old: list[_Field] = []
        self._events: list[Event] = []

    def scan(self, p: etree._Element) -> ParagraphScan:
        """Walk one ``w:p``; field state is kept for the next paragraph only if generated."""
        self._events = []
        if not self.carry_fields:
            self._current.clear()
            self._old.clear()
        self._walk(p, None, inserted=False, deleted=False)
        if self.carry_fields:
            # Only a generated result (a table of contents) runs over paragraphs.
            self._current[:] = [f for f in self._current if f.generated]
            self._old[:] = [f for f in self._old if f.generated]
        return ParagraphScan(tuple(self._events), mark_change(p))

    def _walk(
        self,
        element: etree._Element,
        change: Change | None,
        *,
        inserted: bool,
        deleted: bool,
    ) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W_R:
                self._run(child, change, inserted=inserted, deleted=deleted)
                continue
            kind = CHANGE_KINDS.get(tag)
            if kind is not None:
                self._walk(
                    child,
                    change_of(child, kind),
                    inserted=inserted or kind in ("ins", "move_to"),
                    deleted=deleted or kind in ("del", "move_from"),
                )
                continue
            marker = MARKERS.get(tag)
            if marker is not None:
                self._events.append(Marker(marker, child.get(W_ID, ""), child.get(W_NAME, "")))
            elif tag == W_SDT:
                pr = child.find(W_SDT_PR)
                if not self.placeholders and pr is not None and is_on(pr.find(W_SHOWING_PLC_HDR)):
                    continue
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self._walk(content, change, inserted=inserted, deleted=deleted)
            elif tag == MC_ALTERNATE:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self._walk(choice, change, inserted=inserted, deleted=deleted)
            elif tag == M_T:
                self._emit(child.text or "", change, inserted=inserted, deleted=deleted)
            elif tag == W_FLD_SIMPLE and _field_name(child.get(W_INSTR, "")) in GENERATED_FIELDS:
                continue
            else:
                # Hyperlinks, smart tags, simple fields, custom XML, bidi wrappers, math:
                # their runs are ordinary text.
                self._walk(child, change, inserted=inserted, deleted=deleted)

    def _emit(
        self,
        text: str,
        change: Change | None,
        *,
        inserted: bool,
        deleted: bool,
        current_code: bool = False,
        old_code: bool = False,
    ) -> None:
        current = not deleted and not current_code
        old = not inserted and not old_code
        if text and (current or old):
            self._events.append(Piece(text, change, current, old))

    def _run(
        self,
        run: etree._Element,
        change: Change | None,
        *,
        inserted: bool,
        deleted: bool,
    ) -> None:
        rpr = run.find(W_RPR)
        hidden = rpr is not None and is_on(rpr.find(W_VANISH))
        typed_mark = rpr is not None and _note_mark_style(rpr)
        for child in run:
            tag = child.tag
            is_del_text = False
            if tag in (W_T, W_DEL_TEXT):
                # w:t counts wherever it is; w:delText only as original text (Word writes
                # it inside deletions, where the current text never looks).
                text = child.text or ""
                is_del_text = tag == W_DEL_TEXT
            elif tag in _SPACE_LIKE:
                text = " "
            elif tag == _NO_BREAK_HYPHEN:
                text = "-"
            elif tag == W_SYM:
                text = symbol_text(child)
            elif tag == W_FLD_CHAR:
                self._field_char(child.get(W_FLD_CHAR_TYPE), inserted=inserted, deleted=deleted)
                continue
            elif tag == W_INSTR_TEXT or tag == w("delInstrText"):
                self._instruction(child.text or "", inserted=inserted, deleted=deleted)
                continue
            elif tag in (W_FOOTNOTE_REFERENCE, W_ENDNOTE_REFERENCE):
                note_id = child.get(W_ID)
                if note_id is not None:
                    note_kind: Literal["footnote", "endnote"] = (
                        "footnote" if tag == W_FOOTNOTE_REFERENCE else "endnote"
                    )
                    self._events.append(
                        NoteRef(
                            note_kind,
                            note_id,
                            current=not deleted and not _hides(self._current),
                            old=not inserted and not _hides(self._old),
                        )
                    )
                continue
            elif tag == W_COMMENT_REFERENCE:
                # The reference mark lives in a run of its own; it anchors a comment that
                # has no range.
                self._events.append(Marker("comment_ref", child.get(W_ID, "")))
                continue
            else:
                # Soft hyphens, drawings, footnoteRef marks …: no text.
                continue
            if hidden:
                continue
            if typed_mark and len(text.strip()) <= 3 and not any(c.isalpha() for c in text):
                # A note mark typed by hand in the "Footnote Reference" character style
                # (templates do this): a mark, not words of the heading or paragraph, or
                # "[Heading 2]¹" would be titled and cited as "[Heading 2]1".
                continue
            self._emit(
                text,
                change,
                inserted=inserted,
                deleted=deleted or is_del_text,
                current_code=_hides(self._current),
                old_code=_hides(self._old),
            )

    def _stacks(self, *, inserted: bool, deleted: bool) -> list[list[_Field]]:
        stacks = []
        if not deleted:
            stacks.append(self._current)
        if not inserted:
            stacks.append(self._old)
        return stacks

    def _field_char(self, kind: str | None, *, inserted: bool, deleted: bool) -> None:
        for stack in self._stacks(inserted=inserted, deleted=deleted):
            if kind == "begin":
                stack.append(_Field())
            elif kind == "separate" and stack:
                field = stack[-1]
                field.code = False
                field.generated = _field_name("".join(field.instr)) in GENERATED_FIELDS
            elif kind == "end" and stack:
                stack.pop()

    def _instruction(self, text: str, *, inserted: bool, deleted: bool) -> None:
        for stack in self._stacks(inserted=inserted, deleted=deleted):
            if stack and stack[-1].code:
                stack[-1].instr.append(text)


def _hides(stack: list[_Field]) -> bool:
    return any(f.hides for f in stack)


def scan_paragraph(p: etree._Element, *, placeholders: bool = False) -> ParagraphScan:
    """Walk one ``w:p`` on its own (field state starts fresh)."""
    return TextWalker(placeholders=placeholders).scan(p)
