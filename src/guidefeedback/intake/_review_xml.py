"""Raw WordprocessingML for review content: comment parts, and body events in order.

:mod:`guidefeedback.wordtext` owns the text walk: :func:`scan_paragraph` is its walker
over one paragraph, whose events (:class:`Piece`, :class:`Marker`, :class:`NoteRef`) say
*where* a comment range starts and ends and *who* inserted or deleted each piece; the
current text is exactly :func:`guidefeedback.ooxml.paragraph_text`, the old text the mirror
(deletions kept, insertions left out). :func:`iter_body` yields paragraphs and the range
markers that Word may put between paragraphs, in reading order (tables and content
controls opened).

Nothing here decides what a comment is; :mod:`.review` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .. import ooxml
from .. import wordtext as wt
from ..safe_open import parse_xml
from ..wordtext import Change as Change
from ..wordtext import ChangeKind as ChangeKind
from ..wordtext import Event as Event
from ..wordtext import Marker as Marker
from ..wordtext import MarkerKind as MarkerKind
from ..wordtext import NoteRef as NoteRef
from ..wordtext import ParagraphScan as ParagraphScan
from ..wordtext import Piece as Piece
from ..wordtext import marker_of as marker_of

RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
RT_COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
COMMENTS_PARTNAME = "/word/comments.xml"
COMMENTS_EXTENDED_PARTNAME = "/word/commentsExtended.xml"

W_COMMENT = wt.w("comment")
W_INITIALS = wt.w("initials")
W14_PARA_ID = f"{{{wt.W14_NS}}}paraId"
W15_COMMENT_EX = f"{{{wt.W15_NS}}}commentEx"
W15_PARA_ID = f"{{{wt.W15_NS}}}paraId"
W15_PARA_ID_PARENT = f"{{{wt.W15_NS}}}paraIdParent"
W15_DONE = f"{{{wt.W15_NS}}}done"

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
            author=comment.get(wt.W_AUTHOR, "").strip(),
            initials=comment.get(W_INITIALS, "").strip(),
            date=comment.get(wt.W_DATE, "").strip(),
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
        elif tag in wt.CHANGE_KINDS:
            # Block-level w:ins/w:del (e.g. around a whole table's rows in some producers):
            # their paragraphs still carry their own run-level changes.
            yield from iter_body(child)
        else:
            marker = marker_of(child)
            if marker is not None:
                yield marker


def scan_paragraph(p: etree._Element) -> ParagraphScan:
    """Walk one ``w:p`` once; see the module docstring."""
    return wt.scan_paragraph(p)
