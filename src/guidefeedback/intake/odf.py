"""OpenDocument submissions: .odt (comment tables, annotations, letters) and .ods sheets.

Plain lxml on ``content.xml`` (and ``styles.xml`` for style names), read through
:func:`guidefeedback.safe_open.open_odf` with the same zip and XML guards as Office
files. odfpy was not needed: it builds its own DOM of the whole package and adds no
rule we use, while the few elements that matter are clearer as XPath-free loops.

- **Tables** (``table:table``) are grids: repeated columns and rows
  (``number-columns-repeated``/``number-rows-repeated``, which LibreOffice writes for
  empty space, up to a million) are expanded only while they hold text, and a covered
  (merged) cell is empty. Each table or sheet goes through the same header rules as
  .docx tables and .xlsx sheets (:mod:`.tables`).
- **Annotations** (``office:annotation``, LibreOffice's comments) are review comments:
  author (``dc:creator``), date, text, and the text between the annotation and its
  ``office:annotation-end`` (else its paragraph) as the anchor for locating.
- **Letters**: everything else is a letter (:mod:`.letter`): ``text:h`` and paragraphs
  in a heading style or bold are headings, items of a ``text:list`` are numbered
  paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..model import Comment, CommentKind
from ..nlp import detect_language
from ..safe_open import DEFAULT_LIMITS, Limits, open_odf
from .letter import Block
from .tables import Collector, GridRow, Header, Metadata, find_header, metadata_lines_from_rows
from .tables import read_metadata as read_metadata_lines

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
DC = "http://purl.org/dc/elements/1.1/"


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


_H = _q(TEXT, "h")
_P = _q(TEXT, "p")
_LIST = _q(TEXT, "list")
_LIST_ITEM = _q(TEXT, "list-item")
_SECTION = _q(TEXT, "section")
_TABLE = _q(TABLE, "table")
_ROW = _q(TABLE, "table-row")
_CELL = _q(TABLE, "table-cell")
_COVERED = _q(TABLE, "covered-table-cell")
_ANNOTATION = _q(OFFICE, "annotation")
_ANNOTATION_END = _q(OFFICE, "annotation-end")
_NOTE = _q(TEXT, "note")
_SPACE = _q(TEXT, "s")
_TAB = _q(TEXT, "tab")
_BREAK = _q(TEXT, "line-break")
_SKIP = frozenset({_ANNOTATION, _NOTE, _q(TEXT, "tracked-changes"), _q(TEXT, "deletion")})
_MAX_REPEAT = 200
"""Repeated empty cells or rows beyond this are not expanded (they hold nothing)."""


def text_of(element: etree._Element) -> str:
    """An element's text as shown: ``text:s`` spaces, tabs, line breaks; annotations,
    footnotes and tracked deletions left out."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            if tag in _SKIP:
                pass
            elif tag == _SPACE:
                count = child.get(_q(TEXT, "c"), "1")
                parts.append(" " * min(int(count) if count.isdigit() else 1, 100))
            elif tag in (_TAB, _BREAK):
                parts.append(" ")
            elif isinstance(tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


@dataclass(slots=True)
class _Styles:
    """Paragraph styles: parent chain, display names, bold."""

    parent: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    bold: set[str] = field(default_factory=set)

    def add(self, root: etree._Element | None) -> None:
        if root is None:
            return
        for style in root.iter(_q(STYLE, "style")):
            name = style.get(_q(STYLE, "name"), "")
            parent = style.get(_q(STYLE, "parent-style-name"))
            if parent:
                self.parent[name] = parent
            self.names[name] = style.get(_q(STYLE, "display-name")) or name.replace("_20_", " ")
            props = style.find(_q(STYLE, "text-properties"))
            if props is not None and props.get(_q(FO, "font-weight")) in (
                "bold",
                "700",
                "800",
                "900",
            ):
                self.bold.add(name)

    def heading(self, name: str | None) -> bool:
        seen: set[str] = set()
        while name and name not in seen:
            seen.add(name)
            display = self.names.get(name, name).casefold()
            if display.startswith(("heading", "title", "rubrik", "titel")) or name in self.bold:
                return True
            name = self.parent.get(name)
        return False


def _grid(table: etree._Element, where: str) -> list[GridRow]:
    rows: list[GridRow] = []
    number = 0
    for tr in table.iter(_ROW):
        cells: list[str] = []
        for cell in tr:
            if cell.tag not in (_CELL, _COVERED):
                continue
            value = (
                ""
                if cell.tag == _COVERED
                else "\n".join(text_of(p) for p in cell.iter(_P, _H) if text_of(p).strip())
            )
            repeat = cell.get(_q(TABLE, "number-columns-repeated"), "1")
            times = int(repeat) if repeat.isdigit() else 1
            cells.extend([value] * (min(times, _MAX_REPEAT) if value else min(times, 1)))
        while cells and not cells[-1].strip():
            cells.pop()
        repeat = tr.get(_q(TABLE, "number-rows-repeated"), "1")
        times = int(repeat) if repeat.isdigit() else 1
        for _ in range(min(times, _MAX_REPEAT) if cells else 1):
            number += 1
            rows.append(GridRow(f"{where} row {number}", tuple(cells)))
    return rows


def _read_grids(
    grids: list[tuple[str, list[GridRow]]], collector: Collector
) -> tuple[bool, Metadata]:
    """Every grid with a header into ``collector``; a headerless grid as wide as the
    previous form table continues it (a table split over pages)."""
    meta = Metadata()
    found = False
    previous: Header | None = None
    for _, rows in grids:
        header = find_header(rows)
        width = max((len(r.cells) for r in rows), default=0)
        if header is not None:
            found = True
            meta = read_metadata_lines(metadata_lines_from_rows(rows[: header.index]), meta)
            collector.read_block(rows[header.index + 1 :], header)
            previous = header
        elif previous is not None and width == previous.width:
            collector.read_block(rows, previous)
        else:
            previous = None
            meta = read_metadata_lines(metadata_lines_from_rows(rows), meta)
    return found, meta


@dataclass(frozen=True, slots=True)
class OdtRead:
    """What an .odt gave: form tables read into the collector, annotations, letter blocks."""

    form_found: bool
    metadata: Metadata
    annotations: tuple[Comment, ...]
    blocks: tuple[Block, ...]


def _body(root: etree._Element, kind: str) -> etree._Element | None:
    body = root.find(_q(OFFICE, "body"))
    return body.find(_q(OFFICE, kind)) if body is not None else None


def _walk_blocks(
    node: etree._Element,
    styles: _Styles,
    out: list[Block],
    grids: list[tuple[str, list[GridRow]]],
    in_list: bool = False,
) -> None:
    for child in node:
        tag = child.tag
        if tag in (_H, _P):
            text = " ".join(text_of(child).split())
            if text:
                heading = tag == _H or styles.heading(child.get(_q(TEXT, "style-name")))
                out.append(
                    Block(
                        text,
                        f"paragraph {len(out) + 1}",
                        heading=heading,
                        numbered=in_list and not heading,
                    )
                )
        elif tag == _LIST:
            _walk_blocks(child, styles, out, grids, in_list=True)
        elif tag in (_LIST_ITEM, _SECTION, _q(TEXT, "list-header")):
            _walk_blocks(child, styles, out, grids, in_list=in_list)
        elif tag == _TABLE:
            number = len(grids) + 1
            rows = _grid(child, f"table {number}")
            grids.append((f"table {number}", rows))
            for row in rows:
                text = " | ".join(c for c in row.cells if c.strip())
                if text:
                    out.append(Block(text, row.where))


def _annotations(text_root: etree._Element, default_language: str) -> list[Comment]:
    comments: list[Comment] = []
    ends = {e.get(_q(OFFICE, "name")): e for e in text_root.iter(_ANNOTATION_END)}
    for position, note in enumerate(text_root.iter(_ANNOTATION), start=1):
        body = "\n".join(" ".join(text_of(p).split()) for p in note.iter(_P) if text_of(p).strip())
        if not body:
            continue
        creator = note.find(_q(DC, "creator"))
        date = note.find(_q(DC, "date"))
        anchor = _anchor(note, ends.get(note.get(_q(OFFICE, "name"))))
        comments.append(
            Comment(
                position=len(comments) + 1,
                source=f"annotation {position}",
                text=body,
                kind=CommentKind.REVIEW_COMMENT,
                author=(creator.text or "").strip() or None if creator is not None else None,
                date=(date.text or "").strip()[:10] or None if date is not None else None,
                anchor_text=anchor,
                language=detect_language(body, fallback=default_language),
            )
        )
    return comments


def _paragraph_of(node: etree._Element | None) -> etree._Element | None:
    while node is not None and node.tag not in (_P, _H):
        node = node.getparent()
    return node


def _anchor(note: etree._Element, end: etree._Element | None) -> str | None:
    """The annotated text: with an end marker, the text between the two (whole
    paragraphs when it spans several); else the annotation's paragraph."""
    first = _paragraph_of(note)
    if first is None:
        return None
    last = _paragraph_of(end) if end is not None else None
    if last is first and end is not None:
        # Text between the marks inside one paragraph: cut the paragraph's text at them.
        marked = etree.fromstring(etree.tostring(first))
        for child in marked.iter(_ANNOTATION, _ANNOTATION_END):
            child.tail = ("\ue000" if child.tag == _ANNOTATION else "\ue001") + (child.tail or "")
        text = text_of(marked)
        if "\ue000" in text and "\ue001" in text:
            inner = text.split("\ue000", 1)[1].split("\ue001", 1)[0]
            inner = " ".join(inner.split())
            if len(inner.split()) >= 8:
                return inner
            # A few words ("competence centre") recur all over a draft: the paragraph
            # they are in is what places the comment, as for Word comments.
        return " ".join(text.replace("\ue000", "").replace("\ue001", "").split()) or None
    paragraphs = [first]
    if last is not None:
        node = first.getnext()
        while node is not None and len(paragraphs) < 50:
            if node.tag in (_P, _H):
                paragraphs.append(node)
            if node is last:
                break
            node = node.getnext()
    text = " ".join(" ".join(text_of(p).split()) for p in paragraphs)
    return text or None


def read_odt(path: Path, collector: Collector, limits: Limits = DEFAULT_LIMITS) -> OdtRead:
    """Read an .odt: comment tables into ``collector``, annotations, and letter blocks."""
    root, style_root = open_odf(path, limits)
    styles = _Styles()
    styles.add(style_root)
    styles.add(root)
    text_root = _body(root, "text")
    if text_root is None:
        return OdtRead(False, Metadata(), (), ())
    blocks: list[Block] = []
    grids: list[tuple[str, list[GridRow]]] = []
    _walk_blocks(text_root, styles, blocks, grids)
    found, meta = _read_grids(grids, collector)
    if found:
        lines = [b.text for b in blocks if not b.where.startswith("table")]
        meta = read_metadata_lines(lines, meta)
    return OdtRead(
        found, meta, tuple(_annotations(text_root, collector.default_language)), tuple(blocks)
    )


def _sheets(root: etree._Element) -> Iterator[tuple[str, list[GridRow]]]:
    sheet_root = _body(root, "spreadsheet")
    if sheet_root is None:
        return
    for table in sheet_root.iter(_TABLE):
        name = table.get(_q(TABLE, "name"), "Sheet")
        yield name, _grid(table, f"sheet {name!r}")


def read_ods(path: Path, collector: Collector, limits: Limits = DEFAULT_LIMITS) -> Metadata:
    """Read every sheet of an .ods with a comment-table header into ``collector``."""
    from ..errors import RefusedFile
    from .tables import NO_TABLE_MESSAGE

    root, _ = open_odf(path, limits)
    meta = Metadata()
    found = False
    for _, rows in _sheets(root):
        header = find_header(rows)
        if header is None:
            continue
        found = True
        meta = read_metadata_lines(metadata_lines_from_rows(rows[: header.index]), meta)
        collector.read_block(rows[header.index + 1 :], header)
    if not found:
        raise RefusedFile(path, NO_TABLE_MESSAGE)
    return meta
