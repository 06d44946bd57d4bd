"""Raw WordprocessingML for review content: comment parts, and body events in order.

:mod:`guidefeedback.ooxml` owns the text policy but returns whole-paragraph strings; a
reviewed copy needs more: *where* in the text a comment range starts and ends, and *who*
inserted or deleted each piece. :func:`scan_paragraph` walks a paragraph once and returns
its content as a flat list of :class:`Piece` and :class:`Marker` events, applying the same
text policy as :func:`guidefeedback.ooxml.paragraph_text` to the current text (a test
checks the two agree) and the mirror policy to the original text: deletions kept,
insertions left out. :func:`iter_body` yields paragraphs and the range markers that Word
may put between paragraphs, in reading order (tables and content controls opened).

Nothing here decides what a comment is; :mod:`.review` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from lxml import etree

from .. import ooxml
from ..safe_open import parse_xml

W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
COMMENTS_PARTNAME = "/word/comments.xml"
COMMENTS_EXTENDED_PARTNAME = "/word/commentsExtended.xml"

_w = ooxml.w
W_COMMENT = _w("comment")
W_AUTHOR = _w("author")
W_DATE = _w("date")
W_INITIALS = _w("initials")
W_NAME = _w("name")
W14_PARA_ID = f"{{{W14_NS}}}paraId"
W15_COMMENT_EX = f"{{{W15_NS}}}commentEx"
W15_PARA_ID = f"{{{W15_NS}}}paraId"
W15_PARA_ID_PARENT = f"{{{W15_NS}}}paraIdParent"
W15_DONE = f"{{{W15_NS}}}done"

_INS, _DEL, _MOVE_FROM, _MOVE_TO = _w("ins"), _w("del"), _w("moveFrom"), _w("moveTo")
_DEL_TEXT = _w("delText")
_COMMENT_REFERENCE = _w("commentReference")
_VANISH = _w("vanish")
_FLD_CHAR, _FLD_CHAR_TYPE = _w("fldChar"), _w("fldCharType")
_SPACE_LIKE = frozenset({_w("tab"), _w("ptab"), _w("br"), _w("cr")})
_NO_BREAK_HYPHEN = _w("noBreakHyphen")
_SHOWING_PLC_HDR = _w("showingPlcHdr")
_MC_ALTERNATE = f"{{{ooxml.MC_NS}}}AlternateContent"
_MC_CHOICE = f"{{{ooxml.MC_NS}}}Choice"
_M_T = f"{{{ooxml.M_NS}}}t"
# Property containers and formatting changes (w:rPrChange, w:pPrChange sit inside these):
# never text, never a proposal.
_SKIP = frozenset({ooxml.W_PPR, _w("customXmlPr"), _w("smartTagPr")})

ChangeKind = Literal["ins", "del", "move_from", "move_to"]
_CHANGE_KINDS: dict[str, ChangeKind] = {
    _INS: "ins",
    _DEL: "del",
    _MOVE_FROM: "move_from",
    _MOVE_TO: "move_to",
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
_MARKERS: dict[str, MarkerKind] = {
    _w("commentRangeStart"): "comment_start",
    _w("commentRangeEnd"): "comment_end",
    _w("commentReference"): "comment_ref",
    _w("moveFromRangeStart"): "move_from_start",
    _w("moveFromRangeEnd"): "move_from_end",
    _w("moveToRangeStart"): "move_to_start",
    _w("moveToRangeEnd"): "move_to_end",
}


# -- comment parts ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommentEntry:
    """One ``w:comment`` of ``comments.xml``; ``para_id`` is its last paragraph's paraId."""

    comment_id: str
    author: str
    initials: str
    date: str
    text: str
    para_id: str | None


@dataclass(frozen=True, slots=True)
class CommentEx:
    """One ``w15:commentEx``: the parent comment's paraId (a reply) and the done flag."""

    parent_para_id: str | None
    done: bool


def part_root(document_part: Any, reltype: str, partname: str) -> etree._Element | None:
    """The parsed root of the part the document relates to by ``reltype`` (else by name).

    Parts python-docx knows (comments) are already parsed with its entity-free parser;
    unknown ones (commentsExtended) arrive as bytes and go through ``safe_open.parse_xml``,
    which refuses DTDs and turns broken XML into :class:`~guidefeedback.errors.RefusedFile`.
    """
    target = None
    for rel in document_part.rels.values():
        if not rel.is_external and rel.reltype == reltype:
            target = rel.target_part
            break
    if target is None:
        # A producer that forgot the relationship: Word would not show the part, but the
        # name is fixed by convention and the text is still the submitter's.
        target = next(
            (p for p in document_part.package.iter_parts() if str(p.partname) == partname),
            None,
        )
    if target is None:
        return None
    element = getattr(target, "element", None)
    if isinstance(element, etree._Element):
        return element
    blob: bytes = target.blob
    return parse_xml(blob, where=partname.lstrip("/"))


def read_comments(root: etree._Element | None) -> dict[str, CommentEntry]:
    """Comment id → entry, in the order of ``comments.xml``.

    The text is each paragraph under the text policy, empty paragraphs dropped, joined with
    newlines (a comment's paragraphs are the submitter's own line breaks).
    """
    out: dict[str, CommentEntry] = {}
    if root is None:
        return out
    for comment in root.iterchildren(W_COMMENT):
        comment_id = comment.get(ooxml.W_ID)
        if comment_id is None:
            continue
        paragraphs = list(comment.iter(ooxml.W_P))
        texts = (ooxml.paragraph_text(p) for p in paragraphs)
        out[comment_id] = CommentEntry(
            comment_id=comment_id,
            author=comment.get(W_AUTHOR, "").strip(),
            initials=comment.get(W_INITIALS, "").strip(),
            date=comment.get(W_DATE, "").strip(),
            text="\n".join(t for t in texts if t),
            para_id=paragraphs[-1].get(W14_PARA_ID) if paragraphs else None,
        )
    return out


def read_comments_extended(root: etree._Element | None) -> dict[str, CommentEx]:
    """paraId → :class:`CommentEx` from ``commentsExtended.xml``."""
    out: dict[str, CommentEx] = {}
    if root is None:
        return out
    for ex in root.iter(W15_COMMENT_EX):
        para_id = ex.get(W15_PARA_ID)
        if para_id:
            out[para_id] = CommentEx(ex.get(W15_PARA_ID_PARENT) or None, ex.get(W15_DONE) == "1")
    return out


# -- body events --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One tracked-change element (``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``)."""

    kind: ChangeKind
    author: str
    date: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A bit of paragraph text with the innermost change it belongs to (``None``: unchanged).

    ``current``: part of the text as it reads now (the ooxml policy); ``old``: part of the
    text as it read before the tracked changes.
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


Event = Piece | Marker


@dataclass(frozen=True, slots=True)
class ParagraphScan:
    """A paragraph's events in order, and the tracked change on its paragraph mark."""

    events: tuple[Event, ...]
    mark_change: Change | None


def _change(element: etree._Element, kind: ChangeKind) -> Change:
    return Change(kind, element.get(W_AUTHOR, "").strip(), element.get(W_DATE, "").strip())


def marker_of(element: etree._Element) -> Marker | None:
    """The :class:`Marker` for a range element, or ``None`` for anything else."""
    kind = _MARKERS.get(element.tag) if isinstance(element.tag, str) else None
    if kind is None:
        return None
    return Marker(kind, element.get(ooxml.W_ID, ""), element.get(W_NAME, ""))


def iter_body(container: etree._Element) -> Iterator[etree._Element | Marker]:
    """Paragraphs (``w:p``) and between-paragraph markers of a body, in reading order.

    Tables, rows, cells, block content controls and custom XML are opened; a marker that
    Word placed between paragraphs (or between rows or cells) comes out where it stands.
    """
    for child in container:
        tag = child.tag
        if tag == ooxml.W_P:
            yield child
        elif tag in (ooxml.W_TBL, ooxml.W_TR, ooxml.W_TC, ooxml.W_CUSTOM_XML):
            yield from iter_body(child)
        elif tag == ooxml.W_SDT:
            content = child.find(ooxml.W_SDT_CONTENT)
            if content is not None:
                yield from iter_body(content)
        elif tag in _CHANGE_KINDS:
            # Block-level w:ins/w:del (e.g. around a whole table's rows in some producers):
            # their paragraphs still carry their own run-level changes.
            yield from iter_body(child)
        else:
            marker = marker_of(child)
            if marker is not None:
                yield marker


class _Scan:
    """State of one paragraph walk: events, and field stacks for both versions of the text.

    Fields nest; each stack entry is True while inside the field code (before
    ``separate``). The current text only sees field characters outside deletions (as
    ooxml, which skips deletions entirely); the old text only sees those outside insertions.
    """

    __slots__ = ("events", "fields_current", "fields_old")

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.fields_current: list[bool] = []
        self.fields_old: list[bool] = []


def scan_paragraph(p: etree._Element) -> ParagraphScan:
    """Walk one ``w:p`` once; see the module docstring."""
    scan = _Scan()
    _walk(p, scan, None, inserted=False, deleted=False)
    mark_change = None
    ppr = p.find(ooxml.W_PPR)
    rpr = ppr.find(ooxml.W_RPR) if ppr is not None else None
    if rpr is not None:
        for child in rpr:
            kind = _CHANGE_KINDS.get(child.tag) if isinstance(child.tag, str) else None
            if kind is not None:
                mark_change = _change(child, kind)
                break
    return ParagraphScan(tuple(scan.events), mark_change)


def _walk(
    element: etree._Element,
    scan: _Scan,
    change: Change | None,
    *,
    inserted: bool,
    deleted: bool,
) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == ooxml.W_R:
            _run(child, scan, change, inserted=inserted, deleted=deleted)
            continue
        kind = _CHANGE_KINDS.get(tag)
        if kind is not None:
            _walk(
                child,
                scan,
                _change(child, kind),
                inserted=inserted or kind in ("ins", "move_to"),
                deleted=deleted or kind in ("del", "move_from"),
            )
            continue
        marker = _MARKERS.get(tag)
        if marker is not None:
            scan.events.append(Marker(marker, child.get(ooxml.W_ID, ""), child.get(W_NAME, "")))
        elif tag == ooxml.W_SDT:
            pr = child.find(ooxml.W_SDT_PR)
            if pr is not None and ooxml.is_on(pr.find(_SHOWING_PLC_HDR)):
                continue
            content = child.find(ooxml.W_SDT_CONTENT)
            if content is not None:
                _walk(content, scan, change, inserted=inserted, deleted=deleted)
        elif tag == _MC_ALTERNATE:
            choice = child.find(_MC_CHOICE)
            if choice is not None:
                _walk(choice, scan, change, inserted=inserted, deleted=deleted)
        elif tag == _M_T:
            _emit(scan, child.text or "", change, inserted=inserted, deleted=deleted)
        else:
            # Hyperlinks, smart tags, simple fields, custom XML, bidi wrappers, math: their
            # runs are ordinary text (the same list as ooxml's walk).
            _walk(child, scan, change, inserted=inserted, deleted=deleted)


def _emit(
    scan: _Scan,
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
        scan.events.append(Piece(text, change, current, old))


def _run(
    run: etree._Element,
    scan: _Scan,
    change: Change | None,
    *,
    inserted: bool,
    deleted: bool,
) -> None:
    rpr = run.find(ooxml.W_RPR)
    # Hidden text is not part of either version, but its field characters still open and
    # close fields, exactly as in ooxml's walk.
    hidden = rpr is not None and ooxml.is_on(rpr.find(_VANISH))
    for child in run:
        tag = child.tag
        if tag == ooxml.W_T or tag == _DEL_TEXT:
            # w:t counts wherever it is; w:delText only as original text (Word writes it
            # inside deletions, where the current text never looks).
            text = child.text or ""
            is_del_text = tag == _DEL_TEXT
        elif tag in _SPACE_LIKE:
            text, is_del_text = " ", False
        elif tag == _NO_BREAK_HYPHEN:
            text, is_del_text = "-", False
        elif tag == _FLD_CHAR:
            _field_char(scan, child.get(_FLD_CHAR_TYPE), inserted=inserted, deleted=deleted)
            continue
        elif tag == _COMMENT_REFERENCE:
            # The reference mark lives in a run of its own; it anchors a comment that has
            # no range.
            scan.events.append(Marker("comment_ref", child.get(ooxml.W_ID, "")))
            continue
        else:
            # w:instrText, w:delInstrText, soft hyphens, symbols, drawings, references …
            continue
        if hidden:
            continue
        _emit(
            scan,
            text,
            change,
            inserted=inserted,
            deleted=deleted or is_del_text,
            current_code=True in scan.fields_current,
            old_code=True in scan.fields_old,
        )


def _field_char(scan: _Scan, kind: str | None, *, inserted: bool, deleted: bool) -> None:
    stacks = []
    if not deleted:
        stacks.append(scan.fields_current)
    if not inserted:
        stacks.append(scan.fields_old)
    for stack in stacks:
        if kind == "begin":
            stack.append(True)
        elif kind == "separate" and stack:
            stack[-1] = False
        elif kind == "end" and stack:
            stack.pop()
