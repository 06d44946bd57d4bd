"""A Word draft becomes addressable units: :func:`read_draft`.

The walk follows the body in reading order (block content controls opened) and turns each
non-empty paragraph, each table row and each footnote into a :class:`~.model.Unit`:

- **Headings** are paragraphs whose style (or its ``basedOn`` ancestors) is a built-in
  heading, or that carry an outline level. Their number is Word's automatic numbering as
  displayed (:mod:`.numbering`), without surrounding punctuation ("3.2", not "3.2."); a
  heading without automatic numbering keeps a number typed at its start ("3.2 Scope",
  "Annex A Glossary"). A heading without any number opens a section named by its title,
  so the paragraphs under "Foreword" get locators such as ``Foreword¶2``.
- **List items** are numbered or bulleted paragraphs that are not headings; the label
  ("a", "•") is kept in ``number``.
- **Table rows** carry the table's caption ("Table 1: …" just before or after the table,
  or a paragraph in the Caption style) or, without one, "Table n" by position. The cells of
  a row are joined with " | "; a horizontally merged cell counts once.
- **Footnotes** and **endnotes** follow the paragraph that first cites them and share its
  locator plus ``fn<n>`` or ``en<n>`` (n as Word numbers them: in order of first
  reference).
- **Named sections**: a heading without a number opens a section named by its title. A
  paragraph is such a heading when its style is a front/back-matter heading style without
  outline level (the ISO template's ``zzForeword``, ``Introduction``, ``zzBiblio``,
  ``ANNEX``…) or when it holds nothing but a section name ("Foreword", "Förord",
  "Sammanfattning", "Bilaga"); both lists are data (``data/named_sections.toml``). A cover
  page in a content control (Word's "Cover Pages" gallery) is the section "Cover page".
- **Generated text is not a unit**: the table of contents (a TOC field's result, or the
  "Table of Contents" content control around it), an index (INDEX) and a table of
  authorities (TOA) repeat headings and page numbers.

Text is read by :class:`~.wordtext.TextWalker` with content-control placeholders kept (a
template's placeholders are what the page shows). A draft that still holds tracked
changes is read with every change rejected (the text as it was sent out), or accepted with
``accept_changes=True``; a tracked paragraph mark is honoured both ways: a rejected
inserted mark (or an accepted deleted one) joins the paragraph with the next.

Paragraph numbers count the body units (paragraphs, list items, table rows) under the
nearest heading from 1, and a running number counts them over the whole draft. Title and
Subtitle paragraphs are ordinary paragraphs before the first heading (``¶1``): drafts put
their title there, and a submitter may well comment on it.

Numbering counters advance for every paragraph in document order, empty ones and those
inside tables included, because Word counts them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from . import ooxml, wordtext
from .model import DraftDoc, Unit, UnitKind
from .named_sections import heading_level_of_style, name_of, same_place
from .numbering import NumberingLimit, NumberingResolver, split_typed_number
from .ooxml import StyleDef
from .safe_open import DEFAULT_LIMITS, Limits, open_docx, sha256_file
from .wordtext import NoteRef, TextWalker

_HEADING_NAME = re.compile(
    r"^(?:heading|rubrik|überschrift|titre|kop|otsikko|overskrift)\s*([1-9])$", re.IGNORECASE
)
_TITLE_NAMES = frozenset({"title", "subtitle", "rubrik", "underrubrik"})
_CAPTION_NAMES = frozenset({"caption", "beskrivning", "bildtext"})
_CAPTION_TEXT = re.compile(
    r"^(?P<label>(?:table|tabell|tab\.|tabelle|tableau)\s+[0-9A-Z][0-9.]*)\b", re.IGNORECASE
)
_SECTION_TITLE_CHARS = 40


@dataclass(slots=True)
class _Cursor:
    """Where the walk is: the current section and the counters that make locators."""

    section: str = ""
    para: int = 0
    running: int = 0
    units: list[Unit] = field(default_factory=list)
    tables: int = 0
    note_numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    elements: dict[int, etree._Element] = field(default_factory=dict)

    def locator(self) -> str:
        return f"{self.section}¶{self.para}"

    def add(self, element: etree._Element | None = None, **kwargs: object) -> Unit:
        unit = Unit(seq=len(self.units) + 1, **kwargs)  # type: ignore[arg-type]
        self.units.append(unit)
        if element is not None:
            self.elements[unit.seq] = element
        return unit


_TOC_GALLERY = "table of contents"
_COVER_GALLERY = "cover pages"
COVER_PAGE = "Cover page"
_CHANGE_TAGS = (wordtext.W_INS, wordtext.W_DEL, wordtext.W_MOVE_FROM, wordtext.W_MOVE_TO)


class _DraftReader:
    def __init__(
        self,
        resolver: NumberingResolver,
        notes: dict[str, dict[str, str]],
        *,
        accept_changes: bool = False,
    ) -> None:
        self._resolver = resolver
        self._styles = resolver.styles
        self._notes = notes
        self._accept = accept_changes
        self._walker = TextWalker(placeholders=True, carry_fields=True)
        self._heading_level_cache: dict[str | None, int | None] = {}
        self.cursor = _Cursor()
        # Text of paragraphs whose mark goes away under the change policy: it joins the
        # next paragraph, as in Word.
        self._pending_text = ""
        self._pending_notes: tuple[NoteRef, ...] = ()
        self._in_cover = False

    # -- classification ----------------------------------------------------------------

    def _chain(self, style_id: str | None) -> tuple[StyleDef, ...]:
        return ooxml.style_chain(self._styles, style_id)

    def heading_level(self, p: etree._Element) -> int | None:
        """1-based heading level, from the paragraph's outline level or its style chain."""
        direct = ooxml.paragraph_outline_level(p)
        if direct is not None:
            return direct + 1 if 0 <= direct < 9 else None
        style_id = ooxml.paragraph_style_id(p)
        if style_id in self._heading_level_cache:
            return self._heading_level_cache[style_id]
        level: int | None = None
        for style in self._chain(style_id):
            match = _HEADING_NAME.match(style.name.strip())
            if match:
                level = int(match.group(1))
                break
            if style.outline_level is not None:
                level = style.outline_level + 1 if 0 <= style.outline_level < 9 else None
                break
            named = heading_level_of_style(style.name)
            if named is not None:
                level = named
                break
        self._heading_level_cache[style_id] = level
        return level

    def _style_names(self, p: etree._Element) -> tuple[str, ...]:
        return tuple(s.name.strip().lower() for s in self._chain(ooxml.paragraph_style_id(p)))

    def is_caption(self, p: etree._Element, text: str) -> str | None:
        """The table label ("Table 1") if ``p`` is a table caption, else ``None``."""
        match = _CAPTION_TEXT.match(text)
        if match:
            return ooxml.normalise_space(match.group("label")).rstrip(".")
        if _CAPTION_NAMES.intersection(self._style_names(p)) and text:
            return text
        return None

    # -- the walk -------------------------------------------------------------------------

    def walk(self, body: etree._Element) -> list[Unit]:
        blocks = list(self._blocks(body, cover=False))
        elements = [b for b, _ in blocks]
        for index, (block, cover) in enumerate(blocks):
            self._cover(cover)
            if block.tag == ooxml.W_TBL:
                self._table(block, self._caption_for(elements, index))
            else:
                self._paragraph(block)
        return self.cursor.units

    def _blocks(
        self, container: etree._Element, *, cover: bool
    ) -> Iterator[tuple[etree._Element, bool]]:
        """Paragraphs and tables in reading order, with whether they are on a cover page;
        a table of contents in its content control is left out."""
        for child in container:
            tag = child.tag
            if tag in (ooxml.W_P, ooxml.W_TBL):
                yield child, cover
            elif tag == ooxml.W_SDT:
                gallery = wordtext.sdt_gallery(child).strip().lower()
                if gallery == _TOC_GALLERY:
                    continue
                content = child.find(ooxml.W_SDT_CONTENT)
                if content is not None:
                    yield from self._blocks(content, cover=cover or gallery == _COVER_GALLERY)
            elif tag == ooxml.W_CUSTOM_XML:
                yield from self._blocks(child, cover=cover)

    def _cover(self, cover: bool) -> None:
        cur = self.cursor
        if cover and not self._in_cover:
            cur.section, cur.para = COVER_PAGE, 0
        elif self._in_cover and not cover and cur.section == COVER_PAGE:
            cur.section, cur.para = "", 0
        self._in_cover = cover

    def _caption_for(self, blocks: list[etree._Element], index: int) -> str | None:
        # Captions sit above tables in most guidance documents, below in some; the one
        # directly above wins.
        for neighbour in (index - 1, index + 1):
            if 0 <= neighbour < len(blocks) and blocks[neighbour].tag == ooxml.W_P:
                text = self._walker.scan(blocks[neighbour]).text(accepted=self._accept)
                label = self.is_caption(blocks[neighbour], text)
                if label is not None:
                    return text
        return None

    def _read(self, p: etree._Element) -> tuple[str, tuple[NoteRef, ...], bool]:
        """The paragraph's text and notes under the change policy, and whether its mark
        goes away (so that it joins the next paragraph)."""
        scan = self._walker.scan(p)
        mark = scan.mark_change
        joins = mark is not None and (
            mark.kind in ("del", "move_from") if self._accept else mark.kind in ("ins", "move_to")
        )
        return scan.text(accepted=self._accept), scan.notes(accepted=self._accept), joins

    def _paragraph(self, p: etree._Element) -> None:
        text, notes, joins = self._read(p)
        if joins:
            self._pending_text = (self._pending_text + " " + text).strip()
            self._pending_notes += notes
            return
        if self._pending_text:
            # The joined paragraphs run on without a break, as Word shows them.
            text = ooxml.normalise_space(self._pending_text + " " + text)
            notes = self._pending_notes + notes
            self._pending_text, self._pending_notes = "", ()
        label = self._resolver.label(p)
        level = self.heading_level(p)
        if level is None and label is None and name_of(text) is not None:
            level = 1
        cur = self.cursor
        if level is not None and text:
            number: str | None = None
            title = text
            if label is not None and not label.is_bullet:
                number = label.number or None
            else:
                typed, rest = split_typed_number(text)
                if typed is not None:
                    number, title = typed, rest or text
            cur.section = number if number else title[:_SECTION_TITLE_CHARS].rstrip()
            cur.para = 0
            cur.add(
                p,
                kind=UnitKind.HEADING,
                text=text,
                locator=cur.section,
                section=cur.section,
                level=level,
                number=number,
                style=ooxml.paragraph_style_id(p),
                heading_title=title,
                label=label.text if label is not None and number is not None else None,
            )
            self._notes_of(notes, cur.section, p)
            return
        if not text:
            return
        cur.para += 1
        cur.running += 1
        is_list = label is not None
        cur.add(
            p,
            kind=UnitKind.LIST_ITEM if is_list else UnitKind.PARAGRAPH,
            text=text,
            locator=cur.locator(),
            section=cur.section,
            para=cur.para,
            running=cur.running,
            number=label.number if label is not None else None,
            style=ooxml.paragraph_style_id(p),
            label=label.text if label is not None else None,
        )
        self._notes_of(notes, cur.locator(), p)

    def _table(self, tbl: etree._Element, caption: str | None) -> None:
        cur = self.cursor
        cur.tables += 1
        name = caption or f"Table {cur.tables}"
        row_notes: list[NoteRef] = []
        for row_no, tr in enumerate(ooxml.table_rows(tbl), start=1):
            cells: list[str] = []
            first: etree._Element | None = None
            for tc in ooxml.row_cells(tr):
                parts: list[str] = []
                for p in _paragraphs_in(tc):
                    self._resolver.label(p)
                    text, notes, _ = self._read(p)
                    row_notes.extend(notes)
                    if text:
                        parts.append(text)
                        if first is None:
                            first = p
                # A vertically merged cell shows its text once, in the first row.
                cells.append("" if ooxml.is_merge_continuation(tc) else " ".join(parts))
            if not any(cells):
                continue
            cur.para += 1
            cur.running += 1
            cur.add(
                first,
                kind=UnitKind.TABLE_ROW,
                text=" | ".join(cells),
                locator=cur.locator(),
                section=cur.section,
                para=cur.para,
                running=cur.running,
                table=name,
                row=row_no,
            )
            self._notes_of(tuple(row_notes), cur.locator(), first)
            row_notes.clear()

    def _notes_of(
        self, refs: tuple[NoteRef, ...], parent_locator: str, parent: etree._Element | None
    ) -> None:
        cur = self.cursor
        for ref in refs:
            key = (ref.kind, ref.note_id)
            texts = self._notes.get(ref.kind, {})
            if key in cur.note_numbers or ref.note_id not in texts:
                continue
            number = 1 + sum(1 for kind, _ in cur.note_numbers if kind == ref.kind)
            cur.note_numbers[key] = number
            text = texts[ref.note_id]
            if not text:
                continue
            mark = "fn" if ref.kind == "footnote" else "en"
            # A review comment on a note goes on the paragraph that cites it.
            cur.add(
                parent,
                kind=UnitKind.FOOTNOTE if ref.kind == "footnote" else UnitKind.ENDNOTE,
                text=text,
                locator=f"{parent_locator} {mark}{number}",
                section=cur.section,
                para=cur.para,
                number=str(number),
            )


def _paragraphs_in(tc: etree._Element) -> Iterator[etree._Element]:
    """Every paragraph inside a cell in document order, nested tables included."""
    for block in ooxml.iter_blocks(tc):
        if block.tag == ooxml.W_P:
            yield block
        else:
            for tr in ooxml.table_rows(block):
                for inner in ooxml.row_cells(tr):
                    yield from _paragraphs_in(inner)


def _reader_for(document: object, *, accept_changes: bool = False) -> _DraftReader:
    part = document.part  # type: ignore[attr-defined]
    numbering = ooxml.related_part_xml(part, ooxml.RT_NUMBERING)
    styles = ooxml.related_part_xml(part, ooxml.RT_STYLES)
    notes = {
        kind: ooxml.read_footnotes(
            ooxml.related_part_xml(part, reltype),
            kind=kind,
            placeholders=True,
            accepted=accept_changes,
        )
        for kind, reltype in (("footnote", ooxml.RT_FOOTNOTES), ("endnote", ooxml.RT_ENDNOTES))
    }
    return _DraftReader(NumberingResolver(numbering, styles), notes, accept_changes=accept_changes)


def tracked_changes(document: object) -> int:
    """How many tracked insertions, deletions and moves the body holds (paragraph marks
    included; formatting changes are not counted)."""
    body = document.element.body  # type: ignore[attr-defined]
    return sum(1 for _ in body.iter(*_CHANGE_TAGS))


def units_from_document(document: object, *, accept_changes: bool = False) -> list[Unit]:
    """The units of an opened python-docx ``Document`` (no file checks; see read_draft)."""
    reader = _reader_for(document, accept_changes=accept_changes)
    return reader.walk(document.element.body)  # type: ignore[attr-defined]


def unit_paragraphs(document: object) -> dict[int, etree._Element]:
    """Unit seq → the ``w:p`` that shows it (a table row's first paragraph with text, a
    footnote's citing paragraph): where a merged review copy anchors comments."""
    reader = _reader_for(document)
    reader.walk(document.element.body)  # type: ignore[attr-defined]
    return reader.cursor.elements


def _title_of(document: object, units: list[Unit], path: Path) -> str:
    core = document.core_properties  # type: ignore[attr-defined]
    title = ooxml.normalise_space(core.title or "")
    if title:
        return title
    for unit in units:
        if unit.style and unit.style.lower() == "title":
            return unit.text
    contents = same_place("contents")
    for unit in units:
        # A table of contents' own heading ("Contents") names no draft.
        if unit.kind is UnitKind.HEADING and unit.text.casefold() not in contents:
            return unit.heading_title or unit.text
    return path.stem


def _language_of(units: list[Unit]) -> str:
    from .nlp import detect_language

    sample = " ".join(u.text for u in units if u.kind is not UnitKind.HEADING)
    return detect_language(sample[:20_000], fallback="en")


def read_draft(
    path: Path,
    *,
    lang: str = "auto",
    title: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    accept_changes: bool = False,
) -> DraftDoc:
    """Read a .docx draft into units in reading order (the file is checked first).

    ``lang`` "auto" detects the language from the body text; ``title`` overrides the
    title found in the document. Tracked changes are rejected (the text as sent out)
    unless ``accept_changes``; ``DraftDoc.tracked_changes`` says how many there were.
    """
    document = open_docx(path, limits)
    try:
        units = units_from_document(document, accept_changes=accept_changes)
        changes = tracked_changes(document)
    except NumberingLimit as exc:
        from .errors import RefusedFile

        raise RefusedFile(path, str(exc)) from exc
    except (etree.LxmlError, ValueError) as exc:
        from .errors import RefusedFile

        raise RefusedFile(path, f"the document's XML cannot be read ({exc})") from exc
    if not units:
        from .errors import RefusedFile

        raise RefusedFile(path, "the document has no text")
    return DraftDoc(
        title=title or _title_of(document, units, path),
        language=_language_of(units) if lang == "auto" else lang,
        sha256=sha256_file(path),
        file_name=path.name,
        units=tuple(units),
        size=path.stat().st_size,
        tracked_changes=changes,
        accepted_changes=accept_changes,
    )
