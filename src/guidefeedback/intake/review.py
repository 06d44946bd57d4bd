"""Word review comments and tracked changes in a reviewed copy of the draft.

Submitters often open the draft, select text and insert a comment, or switch on Track
Changes and edit. :func:`read_review` turns both into :class:`~guidefeedback.model.Comment`
objects in the order they appear in the document:

- **Review comments** (``word/comments.xml``): author, date and text; ``quoted`` is the
  exact text between ``w:commentRangeStart`` and ``w:commentRangeEnd`` (across runs and
  paragraphs, joined with a space; deleted text left out), ``anchor_text`` the whole
  paragraph where the range starts, so the locator finds the unit even when the quoted
  range is a single common word. A comment with a reference but no range anchors to the
  reference's paragraph. Replies (``commentsExtended.xml``: ``w15:paraIdParent`` naming
  the ``w14:paraId`` of the parent comment's last paragraph) get ``reply_to``; a comment
  marked done keeps ``extra["done"] = "1"``.
- **Tracked changes** (``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``): the changes of
  one author in one paragraph are one comment whose ``old_text`` is the paragraph as it
  was, ``proposed`` the paragraph as it would be, and ``text`` a short summary ('Replace
  "a" with "b"'). A paragraph inserted as a whole is 'Insert paragraph "…"', anchored to
  the paragraph before it. Formatting-only changes (``w:rPrChange``) are ignored.

The organisation cannot be known from a reviewed copy (authors are people); the caller
passes it (``collect --org``). The metadata returned names the most frequent author.
One pass over the body; no per-comment rescans.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from .. import ooxml
from ..model import Comment, CommentKind, Problem
from ..safe_open import DEFAULT_LIMITS, Limits, clean_xml_text

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
RT_COMMENTS_EXT = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"

_W = ooxml.w
_START, _END, _REF = _W("commentRangeStart"), _W("commentRangeEnd"), _W("commentReference")
_INS, _DEL, _MOVE_FROM, _MOVE_TO = _W("ins"), _W("del"), _W("moveFrom"), _W("moveTo")
_T, _DEL_TEXT = ooxml.W_T, _W("delText")
_AUTHOR, _DATE = _W("author"), _W("date")
_CHANGE_TAGS = frozenset({_INS, _DEL, _MOVE_FROM, _MOVE_TO})


@dataclass(slots=True)
class _Range:
    start_paragraph: str
    parts: list[str] = field(default_factory=list)
    order: int = 0
    closed: bool = False


def _part_element(doc: Any, reltype: str) -> etree._Element | None:
    try:
        return ooxml.related_part_xml(doc.part, reltype)
    except etree.XMLSyntaxError:
        return None


def _comment_texts(root: etree._Element | None) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    if root is None:
        return out
    for c in root.iterchildren(_W("comment")):
        cid = c.get(ooxml.W_ID)
        if cid is None:
            continue
        paragraphs = list(c.iter(ooxml.W_P))
        text = "\n".join(t for t in (ooxml.paragraph_text(p) for p in paragraphs) if t)
        last_para_id = paragraphs[-1].get(f"{{{W14}}}paraId") if paragraphs else None
        out[cid] = {
            "author": c.get(_AUTHOR, ""),
            "date": c.get(_DATE, ""),
            "initials": c.get(_W("initials"), ""),
            "text": text,
            "para_id": last_para_id or "",
        }
    return out


def _extended(root: etree._Element | None) -> dict[str, tuple[str | None, bool]]:
    """paraId → (parent paraId, done)."""
    out: dict[str, tuple[str | None, bool]] = {}
    if root is None:
        return out
    for ex in root.iter(f"{{{W15}}}commentEx"):
        pid = ex.get(f"{{{W15}}}paraId")
        if pid:
            out[pid] = (ex.get(f"{{{W15}}}paraIdParent"), ex.get(f"{{{W15}}}done") == "1")
    return out


def _change_text(element: etree._Element) -> str:
    parts: list[str] = []
    for node in element.iter(_T, _DEL_TEXT):
        parts.append(node.text or "")
    return ooxml.normalise_space("".join(parts))


def _old_text(p: etree._Element) -> str:
    """The paragraph as it was before the tracked changes: deletions kept, insertions not."""
    parts: list[str] = []
    for node in p.iter(_T, _DEL_TEXT):
        ancestor = node.getparent()
        inserted = False
        while ancestor is not None and ancestor is not p:
            if ancestor.tag in (_INS, _MOVE_TO):
                inserted = True
                break
            ancestor = ancestor.getparent()
        if not inserted:
            parts.append(node.text or "")
    return ooxml.normalise_space("".join(parts))


def _quote(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary(changes: list[tuple[str, str]]) -> str:
    """('del'|'ins'|'move', text) in order → 'Replace "a" with "b"; Insert "c"'."""
    out: list[str] = []
    i = 0
    while i < len(changes):
        kind, text = changes[i]
        if kind == "del" and i + 1 < len(changes) and changes[i + 1][0] == "ins":
            out.append(f'Replace "{_quote(text)}" with "{_quote(changes[i + 1][1])}"')
            i += 2
            continue
        verb = {"del": "Delete", "ins": "Insert", "move_from": "Move", "move_to": "Move here"}[kind]
        out.append(f'{verb} "{_quote(text)}"')
        i += 1
    return "; ".join(out)


def read_review(
    path: Path, doc: Any, *, limits: Limits = DEFAULT_LIMITS
) -> tuple[list[Comment], list[Problem], dict[str, str]]:
    """Review comments and tracked changes of an opened .docx (see the module docstring)."""
    texts = _comment_texts(_part_element(doc, RT_COMMENTS))
    extended = _extended(_part_element(doc, RT_COMMENTS_EXT))
    problems: list[Problem] = []
    ranges: dict[str, _Range] = {}
    order = 0
    # (order, kind, payload) for everything found, sorted at the end.
    found: list[tuple[int, str, dict[str, Any]]] = []
    previous_text = ""
    body = doc.element.body
    for p in body.iter(ooxml.W_P):
        paragraph_text = ooxml.paragraph_text(p)
        per_author: dict[str, list[tuple[str, str]]] = {}
        dates: dict[str, str] = {}
        change_order: dict[str, int] = {}
        for node in p.iter():
            tag = node.tag
            if tag == _START:
                cid = node.get(ooxml.W_ID, "")
                order += 1
                ranges[cid] = _Range(paragraph_text, order=order)
            elif tag == _END:
                cid = node.get(ooxml.W_ID, "")
                if cid in ranges:
                    ranges[cid].closed = True
            elif tag == _REF:
                cid = node.get(ooxml.W_ID, "")
                if cid not in ranges:
                    order += 1
                    ranges[cid] = _Range(paragraph_text, order=order, closed=True)
            elif tag == _T:
                parent = node.getparent()
                grand = parent.getparent() if parent is not None else None
                if grand is not None and grand.tag in (_DEL, _MOVE_FROM):
                    continue
                for r in ranges.values():
                    if not r.closed:
                        r.parts.append(node.text or "")
            elif tag in _CHANGE_TAGS and node.getparent() is not None:
                if node.getparent().tag in _CHANGE_TAGS or node.getparent().tag == ooxml.W_RPR:
                    continue
                text = _change_text(node)
                if not text:
                    continue
                author = node.get(_AUTHOR, "") or "unknown"
                kind = {_INS: "ins", _DEL: "del", _MOVE_FROM: "move_from", _MOVE_TO: "move_to"}[tag]
                per_author.setdefault(author, []).append((kind, text))
                dates.setdefault(author, node.get(_DATE, ""))
                if author not in change_order:
                    order += 1
                    change_order[author] = order
        for r in ranges.values():
            if not r.closed:
                r.parts.append(" ")
        if per_author:
            ppr = p.find(ooxml.W_PPR)
            rpr = ppr.find(ooxml.W_RPR) if ppr is not None else None
            mark_inserted = rpr is not None and rpr.find(_INS) is not None
            old = _old_text(p)
            for author, changes in per_author.items():
                whole = mark_inserted and not old and all(k == "ins" for k, _ in changes)
                found.append(
                    (
                        change_order[author],
                        "change",
                        {
                            "author": author,
                            "date": dates.get(author, ""),
                            "text": f'Insert paragraph "{_quote(paragraph_text, 200)}"'
                            if whole
                            else _summary(changes),
                            "old": previous_text if whole else old,
                            "new": paragraph_text,
                            "anchor": previous_text if whole else (old or paragraph_text),
                        },
                    )
                )
        if paragraph_text:
            previous_text = paragraph_text
    for cid, r in ranges.items():
        info = texts.get(cid)
        if info is None:
            problems.append(
                Problem(f"Word comment {cid}", "is referenced but missing from comments.xml")
            )
            continue
        if not r.closed:
            problems.append(
                Problem(f"Word comment {cid}", "its range has no end; anchored to its paragraph")
            )
        found.append(
            (
                r.order,
                "comment",
                {
                    "id": cid,
                    "quoted": ooxml.normalise_space("".join(r.parts)),
                    "anchor": r.start_paragraph,
                    **info,
                },
            )
        )
    # Comments that exist in comments.xml without any anchor in the body.
    for cid, info in texts.items():
        if cid not in ranges:
            order += 1
            found.append((order, "comment", {"id": cid, "quoted": "", "anchor": "", **info}))
    found.sort(key=lambda t: t[0])

    comments: list[Comment] = []
    position_of_para: dict[str, int] = {}
    pending_replies: list[tuple[int, str]] = []
    for _, kind, data in found:
        if kind == "comment":
            text, _ = clean_xml_text(data["text"])
            if not text.strip():
                problems.append(Problem(f"Word comment {data['id']}", "has no text"))
                continue
            position = len(comments) + 1
            parent_para, done = extended.get(data["para_id"], (None, False))
            comments.append(
                Comment(
                    position=position,
                    source=f"Word comment {data['id']}",
                    text=text,
                    kind=CommentKind.REVIEW_COMMENT,
                    author=data["author"] or None,
                    date=data["date"] or None,
                    quoted=data["quoted"] or None,
                    anchor_text=data["anchor"] or None,
                    extra={"done": "1"} if done else {},
                )
            )
            if data["para_id"]:
                position_of_para[data["para_id"]] = position
            if parent_para:
                pending_replies.append((position, parent_para))
        else:
            position = len(comments) + 1
            comments.append(
                Comment(
                    position=position,
                    source=f"tracked change {sum(c.kind is CommentKind.TRACKED_CHANGE for c in comments) + 1}",
                    text=data["text"],
                    kind=CommentKind.TRACKED_CHANGE,
                    author=data["author"],
                    date=data["date"] or None,
                    anchor_text=data["anchor"] or None,
                    old_text=data["old"] or None,
                    proposed=data["new"] or None,
                )
            )
    for position, parent_para in pending_replies:
        parent = position_of_para.get(parent_para)
        if parent is not None and parent != position:
            reply = comments[position - 1]
            source = comments[parent - 1]
            comments[position - 1] = Comment(
                **{
                    **{f: getattr(reply, f) for f in reply.__dataclass_fields__},
                    "reply_to": parent,
                    "quoted": reply.quoted or source.quoted,
                    "anchor_text": reply.anchor_text or source.anchor_text,
                }
            )
    authors = Counter(c.author for c in comments if c.author)
    metadata = {}
    if authors:
        metadata["author"] = authors.most_common(1)[0][0]
        metadata["authors"] = "; ".join(sorted(authors))
    return comments, problems, metadata
