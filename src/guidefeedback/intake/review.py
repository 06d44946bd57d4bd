"""Word review comments and tracked changes in a reviewed copy of the draft.

Submitters open the draft in Word and either select text and insert a comment, or switch
on Track Changes and edit. :func:`read_review` reads both, in one pass over the body, and
returns :class:`~guidefeedback.model.Comment` objects in the order they appear.

Review comments (``word/comments.xml``)
    ``text`` is the comment's paragraphs joined with newlines; ``author`` and ``date`` as
    written; ``source`` is ``Word comment <n>``, *n* counting Word comments in document
    order from 1 (what Word shows in the margin, not the internal id). ``quoted`` is the
    exact text between ``w:commentRangeStart`` and ``w:commentRangeEnd`` under ooxml's text
    policy (deleted text left out), pieces in different paragraphs or table cells joined
    with a space. ``anchor_text`` is the whole paragraph where the range starts
    (:func:`guidefeedback.ooxml.paragraph_text`), so the locator finds the unit even when
    the range is one common word. A comment with only a ``w:commentReference`` anchors to
    the reference's paragraph (``quoted`` is ``None``: nothing was selected).
    Replies: ``commentsExtended.xml`` links a reply (``w15:paraIdParent``) to the
    ``w14:paraId`` of its parent's last paragraph; the reply gets ``reply_to`` = the
    parent's position and the parent's ``quoted``/``anchor_text``. ``w15:done="1"`` (the
    thread was resolved) is kept as ``extra["done"] = "1"``; initials as
    ``extra["initials"]``. The organisation is left ``None``: comment authors are people,
    the caller knows the organisation (``--org``).

Tracked changes (``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``)
    All changes by one author in one paragraph are one comment (``source`` ``tracked
    change <n>``). ``old_text`` is the paragraph as it was (every change rejected),
    ``proposed`` the paragraph with *this author's* changes accepted and the others'
    rejected, so accepting one author's proposal never implies another's. ``text`` sums the
    edits up in order: adjacent deletion and insertion by the author become 'Replace "a"
    with "b"', others 'Delete "a"' / 'Insert "b"', joined with "; ". ``anchor_text`` is the
    paragraph's original text (what the draft says). A paragraph inserted as a whole
    (inserted paragraph mark, every piece inserted) is one 'Insert paragraph "…"' anchored
    to the previous paragraph's original text; a paragraph deleted as a whole is 'Delete
    paragraph "…"'. A move (``w:moveFrom``/``w:moveTo`` under a named move range) is one
    'Move "…"' comment anchored where the text was, with the text of the paragraph before
    its destination in ``extra["moved_after"]`` (it takes its position from whichever end
    comes first in the document). A tracked paragraph mark with no other change in the
    paragraph is a split ('Split the paragraph after "…"', an inserted mark) or a join
    ('Join "…" with the next paragraph', a deleted mark). Formatting changes
    (``w:rPrChange``, ``w:pPrChange``) are not proposals and are ignored.

Non-fatal problems: a comment without text (skipped), a range start without an end
(anchored to its paragraph), a comment marked in the body but missing from comments.xml,
a comment in comments.xml that is anchored nowhere (kept without a place), an unreadable
commentsExtended.xml (replies read as comments). Metadata: ``author`` is the most frequent
author, ``authors`` every distinct author in order of appearance.

Longer than our usual ~500 lines because review comments, replies, ranges and tracked changes are read in one pass over the document.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from .. import ooxml
from ..errors import RefusedFile
from ..model import Comment, CommentKind, Problem
from ..safe_open import DEFAULT_LIMITS, Limits
from . import _review_xml as rx

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["read_review"]

# Each fragment quoted in a summary is cut here: old_text/proposed keep the whole text.
_QUOTE_LIMIT = 200
# Orphan comments (anchored nowhere) sort after everything that has a place.
_NO_PLACE = 1 << 62


@dataclass(slots=True)
class _Anchor:
    """Where a Word comment sits in the body, as far as its markers tell."""

    seq: int
    paragraph: etree._Element | None = None
    start: int | None = None
    end: int | None = None
    has_start: bool = False
    has_end: bool = False


@dataclass(slots=True)
class _Edit:
    """Consecutive pieces of one kind by one author in one paragraph."""

    kind: str  # "ins" or "del" (a move without a named range counts as one of these)
    author: str
    date: str
    seq: int
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return ooxml.normalise_space("".join(self.parts))


@dataclass(slots=True)
class _Move:
    """One named move: where the text left and where it went."""

    seq: int
    author: str
    date: str
    from_parts: list[str] = field(default_factory=list)
    to_parts: list[str] = field(default_factory=list)
    source_old: str = ""
    source_new: str = ""
    has_source: bool = False
    moved_after: str = ""
    has_destination: bool = False


@dataclass(frozen=True, slots=True)
class _Found:
    """A comment-to-be, with its sort key; ``entry`` is set for Word comments."""

    seq: int
    comment: Comment
    entry: rx.CommentEntry | None = None


def _quote(text: str) -> str:
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


def _summary(edits: list[_Edit | None], author: str) -> str:
    """The author's edits, in order, as 'Replace "a" with "b"; Insert "c"'.

    ``edits`` is the paragraph's sequence of edits by everyone, ``None`` standing for
    unchanged text; a deletion and an insertion by the author with nothing between them
    are one replacement (Word writes a replacement as exactly that pair).
    """
    out: list[str] = []
    i = 0
    while i < len(edits):
        edit = edits[i]
        i += 1
        if edit is None or edit.author != author or not edit.text:
            continue
        nxt = edits[i] if i < len(edits) else None
        if nxt is not None and nxt.author == author and nxt.kind != edit.kind and nxt.text:
            old, new = (edit, nxt) if edit.kind == "del" else (nxt, edit)
            out.append(f'Replace "{_quote(old.text)}" with "{_quote(new.text)}"')
            i += 1
        elif edit.kind == "del":
            out.append(f'Delete "{_quote(edit.text)}"')
        else:
            out.append(f'Insert "{_quote(edit.text)}"')
    return "; ".join(out)


class _Reader:
    """One pass over the body: comment anchors, tracked changes, moves."""

    def __init__(self) -> None:
        self.seq = 0
        # The current text of the whole body, piece by piece, a space after every paragraph:
        # a comment range is a slice of it, so no range needs a rescan.
        self.pieces: list[str] = []
        self.anchors: dict[str, _Anchor] = {}
        self.awaiting_paragraph: list[_Anchor] = []
        self.open_moves: dict[str, dict[str, str]] = {"from": {}, "to": {}}
        self.moves: dict[str, _Move] = {}
        self.changes: list[_Found] = []
        self.previous_old = ""
        self.previous_new = ""

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def read_body(self, body: etree._Element) -> None:
        for item in rx.iter_body(body):
            if isinstance(item, rx.Marker):
                self.marker(item, None)
            else:
                self.paragraph(item)

    # -- markers ------------------------------------------------------------------------

    def marker(self, marker: rx.Marker, p: etree._Element | None) -> None:
        kind = marker.kind
        if kind.startswith("move_"):
            side = "from" if kind.startswith("move_from") else "to"
            if kind.endswith("_start"):
                self.open_moves[side][marker.marker_id] = marker.name or marker.marker_id
            else:
                self.open_moves[side].pop(marker.marker_id, None)
            return
        anchor = self.anchors.get(marker.marker_id)
        if anchor is None:
            anchor = _Anchor(seq=self.next_seq(), paragraph=p)
            self.anchors[marker.marker_id] = anchor
            if p is None and kind == "comment_start":
                # A start between paragraphs belongs to the paragraph that follows it.
                self.awaiting_paragraph.append(anchor)
        if kind == "comment_start":
            anchor.has_start = True
            anchor.start = len(self.pieces)
        elif kind == "comment_end":
            anchor.has_end = True
            anchor.end = len(self.pieces)
        if anchor.paragraph is None and p is not None and not anchor.has_start:
            anchor.paragraph = p

    # -- paragraphs ---------------------------------------------------------------------

    def paragraph(self, p: etree._Element) -> None:
        for anchor in self.awaiting_paragraph:
            anchor.paragraph = p
        self.awaiting_paragraph.clear()
        scan = rx.scan_paragraph(p)
        # (piece, its edit or None) in order, for this paragraph's old/new/per-author texts.
        pieces: list[tuple[rx.Piece, _Edit | None]] = []
        edits: list[_Edit | None] = []
        for event in scan.events:
            if isinstance(event, rx.Marker):
                self.marker(event, p)
                continue
            if isinstance(event, rx.NoteRef):
                continue
            if event.current:
                self.pieces.append(event.text)
            change = event.change
            if change is None:
                pieces.append((event, None))
                if edits and edits[-1] is not None:
                    edits.append(None)
                continue
            if self.moved(event, change):
                pieces.append((event, None))
                continue
            kind = "del" if change.kind in ("del", "move_from") else "ins"
            last = edits[-1] if edits else None
            if last is None or last.kind != kind or last.author != change.author:
                last = _Edit(kind, change.author, change.date, self.next_seq())
                edits.append(last)
            last.parts.append(event.text)
            pieces.append((event, last))
        self.pieces.append(" ")

        old = ooxml.normalise_space("".join(pc.text for pc, _ in pieces if pc.old))
        new = ooxml.normalise_space("".join(pc.text for pc, _ in pieces if pc.current))
        self.finish_moves(p, old, new)
        if any(e is not None for e in edits):
            self.tracked(scan, pieces, edits, old, new)
        elif scan.mark_change is not None and old and old == new:
            self.mark_only(scan.mark_change, old)
        if old:
            self.previous_old = old
        if new:
            self.previous_new = new

    def moved(self, piece: rx.Piece, change: rx.Change) -> bool:
        """Record a piece of a named move; False when it is not one (then it is an edit)."""
        if change.kind not in ("move_from", "move_to"):
            return False
        side = "from" if change.kind == "move_from" else "to"
        open_ranges = self.open_moves[side]
        if not open_ranges:
            # No named range around it (not what Word writes): an ordinary edit.
            return False
        name = next(reversed(open_ranges.values()))
        move = self.moves.get(name)
        if move is None:
            move = _Move(seq=self.next_seq(), author=change.author, date=change.date)
            self.moves[name] = move
        if side == "from":
            move.from_parts.append(piece.text)
        else:
            move.to_parts.append(piece.text)
        return True

    def finish_moves(self, p: etree._Element, old: str, new: str) -> None:
        """Note, for moves first seen in this paragraph, its texts and what precedes it."""
        for move in self.moves.values():
            if move.from_parts and not move.has_source:
                move.has_source = True
                move.source_old, move.source_new = old, new
            if move.to_parts and not move.has_destination:
                move.has_destination = True
                move.moved_after = self.previous_new

    def tracked(
        self,
        scan: rx.ParagraphScan,
        pieces: list[tuple[rx.Piece, _Edit | None]],
        edits: list[_Edit | None],
        old: str,
        new: str,
    ) -> None:
        real = [e for e in edits if e is not None]
        mark = scan.mark_change
        # The mark's change plus text on one side only: the paragraph came or went whole.
        mark_kind = "" if mark is None else mark.kind
        if mark is not None and mark_kind in ("ins", "move_to") and new and not old:
            text = f'Insert paragraph "{_quote(new)}"'
            self.whole(real, mark, text, anchor=self.previous_old, old=None, proposed=new)
            return
        if mark is not None and mark_kind in ("del", "move_from") and old and not new:
            text = f'Delete paragraph "{_quote(old)}"'
            self.whole(real, mark, text, anchor=old, old=old, proposed=None)
            return
        by_author: dict[str, list[_Edit]] = {}
        for edit in real:
            by_author.setdefault(edit.author, []).append(edit)
        for author, own in by_author.items():
            text = _summary(edits, author)
            if not text:
                # Only whitespace changed (a tab, a space): nothing a reader could answer.
                continue
            proposed = ooxml.normalise_space(
                "".join(
                    pc.text
                    for pc, edit in pieces
                    if (pc.current if edit is None or edit.author == author else pc.old)
                )
            )
            dates = [e.date for e in own if e.date]
            self.changes.append(
                _Found(
                    own[0].seq,
                    Comment(
                        position=0,
                        source="",
                        text=text,
                        kind=CommentKind.TRACKED_CHANGE,
                        author=author or None,
                        date=min(dates) if dates else None,
                        anchor_text=old or self.previous_old or None,
                        old_text=old or None,
                        proposed=proposed or None,
                    ),
                )
            )

    def mark_only(self, mark: rx.Change, text: str) -> None:
        """A tracked paragraph mark and no other change: a split or a join of paragraphs."""
        if mark.kind in ("ins", "move_to"):
            summary = f'Split the paragraph after "{_quote(text)}"'
        else:
            summary = f'Join "{_quote(text)}" with the next paragraph'
        self.changes.append(
            _Found(
                self.next_seq(),
                Comment(
                    position=0,
                    source="",
                    text=summary,
                    kind=CommentKind.TRACKED_CHANGE,
                    author=mark.author or None,
                    date=mark.date or None,
                    anchor_text=text,
                    old_text=text,
                    proposed=text,
                ),
            )
        )

    def whole(
        self,
        real: list[_Edit],
        mark: rx.Change,
        text: str,
        *,
        anchor: str,
        old: str | None,
        proposed: str | None,
    ) -> None:
        """One change for a paragraph inserted or deleted as a whole, by the mark's author."""
        author = mark.author or (real[0].author if real else "")
        seq = real[0].seq if real else self.next_seq()
        self.changes.append(
            _Found(
                seq,
                Comment(
                    position=0,
                    source="",
                    text=text,
                    kind=CommentKind.TRACKED_CHANGE,
                    author=author or None,
                    date=mark.date or (real[0].date if real else "") or None,
                    anchor_text=anchor or None,
                    old_text=old,
                    proposed=proposed,
                ),
            )
        )

    def move_changes(self) -> list[_Found]:
        out: list[_Found] = []
        for move in self.moves.values():
            moved = ooxml.normalise_space("".join(move.from_parts or move.to_parts))
            if not moved:
                continue
            extra = {"moved_after": move.moved_after} if move.moved_after else {}
            out.append(
                _Found(
                    move.seq,
                    Comment(
                        position=0,
                        source="",
                        text=f'Move "{_quote(moved)}"',
                        kind=CommentKind.TRACKED_CHANGE,
                        author=move.author or None,
                        date=move.date or None,
                        anchor_text=move.source_old or moved,
                        old_text=move.source_old or None,
                        proposed=move.source_new or None,
                        extra=extra,
                    ),
                )
            )
        return out

    def quoted(self, anchor: _Anchor) -> str | None:
        if anchor.start is None or anchor.end is None or anchor.end < anchor.start:
            return None
        return ooxml.normalise_space("".join(self.pieces[anchor.start : anchor.end])) or None


def _word_comments(
    reader: _Reader, entries: dict[str, rx.CommentEntry], problems: list[Problem]
) -> list[_Found]:
    found: list[_Found] = []
    for comment_id, anchor in reader.anchors.items():
        entry = entries.get(comment_id)
        if entry is None:
            problems.append(
                Problem(
                    f"Word comment id {comment_id}",
                    "is marked in the document but missing from comments.xml",
                )
            )
            continue
        anchor_text = ooxml.paragraph_text(anchor.paragraph) if anchor.paragraph is not None else ""
        quoted = reader.quoted(anchor) if anchor.has_start and anchor.has_end else None
        found.append(_Found(anchor.seq, _review_comment(entry, quoted, anchor_text), entry))
    for n, (comment_id, entry) in enumerate(entries.items()):
        if comment_id not in reader.anchors:
            found.append(_Found(_NO_PLACE + n, _review_comment(entry, None, ""), entry))
    return found


def _review_comment(entry: rx.CommentEntry, quoted: str | None, anchor_text: str) -> Comment:
    return Comment(
        position=0,
        source="",
        text=entry.text,
        kind=CommentKind.REVIEW_COMMENT,
        author=entry.author or None,
        date=entry.date or None,
        quoted=quoted,
        anchor_text=anchor_text or None,
        extra={"initials": entry.initials} if entry.initials else {},
    )


def read_review(
    path: Path, doc: Document, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[Comment], list[Problem], dict[str, str]]:
    """Review comments and tracked changes of a reviewed copy (see the module docstring).

    ``doc`` was opened by :func:`guidefeedback.safe_open.open_docx`. Returns the comments
    in document order (positions from 1), non-fatal problems, and author metadata. Raises
    :class:`~guidefeedback.errors.RefusedFile` past ``limits.max_rows`` comments or for a
    comment longer than ``limits.max_comment_chars``.
    """
    problems: list[Problem] = []
    document_part = doc.part
    entries = rx.read_comments(rx.part_root(document_part, rx.RT_COMMENTS, rx.COMMENTS_PARTNAME))
    try:
        extended = rx.read_comments_extended(
            rx.part_root(document_part, rx.RT_COMMENTS_EXTENDED, rx.COMMENTS_EXTENDED_PARTNAME)
        )
    except RefusedFile as exc:
        # Only reply links and "done" flags live there; the comments themselves are intact.
        extended = {}
        problems.append(Problem("file", f"replies not linked: {exc.reason}"))

    reader = _Reader()
    reader.read_body(doc.element.body)
    found = _word_comments(reader, entries, problems)
    found.extend(reader.changes)
    found.extend(reader.move_changes())
    found.sort(key=lambda f: f.seq)
    if len(found) > limits.max_rows:
        raise RefusedFile(path, f"more than {limits.max_rows:,} review comments and changes")

    comments: list[Comment] = []
    position_of_para: dict[str, int] = {}
    replies: list[tuple[int, str]] = []
    word_n = change_n = 0
    for item in found:
        comment = item.comment
        entry = item.entry
        if entry is None:
            change_n += 1
            comments.append(
                dataclasses.replace(
                    comment, position=len(comments) + 1, source=f"tracked change {change_n}"
                )
            )
            continue
        word_n += 1
        source = f"Word comment {word_n}"
        anchor = reader.anchors.get(entry.comment_id)
        if anchor is not None and anchor.has_start and not anchor.has_end:
            problems.append(Problem(source, "its range has no end; anchored to its paragraph"))
        if len(comment.text) > limits.max_comment_chars:
            raise RefusedFile(
                path, f"{source} is longer than {limits.max_comment_chars:,} characters"
            )
        if not comment.text.strip():
            problems.append(Problem(source, "has no text"))
            continue
        ex = extended.get(entry.para_id or "")
        extra = dict(comment.extra)
        if ex is not None and ex.done:
            extra["done"] = "1"
        position = len(comments) + 1
        if anchor is None and (ex is None or ex.parent_para_id is None):
            problems.append(Problem(source, "is not anchored to any text; kept without a place"))
        comments.append(dataclasses.replace(comment, position=position, source=source, extra=extra))
        if entry.para_id:
            position_of_para[entry.para_id] = position
        if ex is not None and ex.parent_para_id:
            replies.append((position, ex.parent_para_id))

    for position, parent_para in replies:
        parent = position_of_para.get(parent_para)
        if parent is None or parent == position:
            continue
        # A reply is about what its parent is about: same place, same quotation.
        thread = comments[parent - 1]
        comments[position - 1] = dataclasses.replace(
            comments[position - 1],
            reply_to=parent,
            quoted=thread.quoted,
            anchor_text=thread.anchor_text,
        )

    authors = Counter(c.author for c in comments if c.author)
    metadata: dict[str, str] = {}
    if authors:
        # most_common keeps first-seen order among equal counts, so ties go to the author
        # who appears first in the document.
        metadata["author"] = authors.most_common(1)[0][0]
        metadata["authors"] = "; ".join(authors)
    return comments, problems, metadata
