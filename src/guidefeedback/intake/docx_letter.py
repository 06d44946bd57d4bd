"""A Word letter (.docx without a comment table or review content) → letter blocks.

Paragraphs in body order; a heading is a paragraph whose style is a heading or title
(also in Swedish: "Rubrik"), whose outline level is set, or whose text is all bold. A
paragraph with Word numbering (``w:numPr`` on it or on its style) is a numbered
paragraph. Table rows become blocks of their own (cells joined with " | "), so a small
table inside a letter is not lost.
"""

from __future__ import annotations

from typing import Any

from ..ooxml import W_NS
from .letter import Block

W = "{" + W_NS + "}"
_HEADING_STYLES = ("heading", "title", "rubrik", "titel", "überschrift", "subtitle")


def _style_chain(doc: Any, style_id: str | None) -> list[Any]:
    chain = []
    seen: set[str] = set()
    styles = doc.styles.element
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = next(
            (s for s in styles.iterchildren(f"{W}style") if s.get(f"{W}styleId") == style_id),
            None,
        )
        if style is None:
            break
        chain.append(style)
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
    return chain


def docx_letter_blocks(doc: Any) -> list[Block]:
    """The blocks of a python-docx document, in body order."""
    blocks: list[Block] = []
    cache: dict[str | None, tuple[bool, bool]] = {}
    count = 0
    for child in doc.element.body.iterchildren():
        if child.tag == f"{W}p":
            text = _text(child)
            if not text.strip():
                continue
            count += 1
            ppr = child.find(f"{W}pPr")
            style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
            style_id = style_el.get(f"{W}val") if style_el is not None else None
            if style_id not in cache:
                chain = _style_chain(doc, style_id)
                names = [
                    (s.find(f"{W}name").get(f"{W}val") if s.find(f"{W}name") is not None else "")
                    for s in chain
                ]
                is_heading = any(
                    n.casefold().startswith(_HEADING_STYLES) for n in [*names, style_id or ""]
                ) or any(s.find(f"{W}pPr/{W}outlineLvl") is not None for s in chain)
                numbered = any(s.find(f"{W}pPr/{W}numPr") is not None for s in chain)
                cache[style_id] = (is_heading, numbered)
            is_heading, numbered = cache[style_id]
            if ppr is not None:
                outline = ppr.find(f"{W}outlineLvl")
                if outline is not None and outline.get(f"{W}val") not in (None, "9"):
                    is_heading = True
                num = ppr.find(f"{W}numPr")
                if num is not None:
                    num_id = num.find(f"{W}numId")
                    numbered = num_id is None or num_id.get(f"{W}val") != "0"
            blocks.append(
                Block(
                    text,
                    f"paragraph {count}",
                    heading=is_heading or _all_bold(child),
                    numbered=numbered and not is_heading,
                )
            )
        elif child.tag == f"{W}tbl":
            for r, tr in enumerate(child.iter(f"{W}tr"), start=1):
                cells = [_text(tc).strip() for tc in tr.iterchildren(f"{W}tc")]
                text = " | ".join(c for c in cells if c)
                if text:
                    count += 1
                    blocks.append(Block(text, f"table row {r}"))
    return blocks


def _text(element: Any) -> str:
    parts: list[str] = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}delText"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag in (f"{W}tab", f"{W}br"):
            parts.append(" ")
    return "".join(parts)


def _all_bold(p: Any) -> bool:
    runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
    if not runs:
        return False
    for r in runs:
        b = r.find(f"{W}rPr/{W}b")
        if b is None or b.get(f"{W}val") in ("0", "false"):
            return False
    return True
