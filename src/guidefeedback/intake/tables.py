"""A grid of cells → Comments: the part of intake shared by .docx tables, CSV and XLSX.

Each reader turns its file into blocks of :class:`GridRow` (a docx table, a sheet, the
whole CSV), with a ``where`` string per row ("table 2 row 5", "sheet 'Comments' row 7",
"line 12"). This module finds the header row by what its cells mean, skips instruction
rows, reads each data row into a :class:`~guidefeedback.model.Comment`, and collects the
problems. It also reads "Label: value" metadata (organisation, contact, consent …).

Longer than our usual ~500 lines because header matching, row reading and per-row problems of every comment table share one column model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import RefusedFile
from ..model import Comment, Problem
from ..nlp import detect_language
from ..safe_open import DEFAULT_LIMITS, Limits, clean_xml_text
from .columns import (
    STYLES,
    ColumnMap,
    display_header,
    match_header,
    match_metadata_label,
    normalise_header,
    parse_consent,
    parse_type,
)

MORE_TEXT = "text+"
"""A further comment-text column: its cells are appended to the comment text."""

HEADER_SCAN_ROWS = 15
"""How many rows from the top of a table or sheet may hold titles before the header."""

NO_TABLE_MESSAGE = (
    "no comment table found: expected a column such as Comment/Synpunkt; name the columns"
    " with --columns (e.g. --columns comment=data)"
)

# Cells of an instruction row under an ISO header: "(1)", "2", "MB = Member body",
# "ge = general, te = technical …", "Example: …".
_FOOTNOTE_CELL = re.compile(r"^[(\[]?\s*\d{1,2}\s*[)\]]?\.?$")
_DEFINITION = re.compile(r"(?:^|[\s,;(])[^\W\d_][\w/]{0,11}\s*=\s*\S", re.UNICODE)
_EXAMPLE = re.compile(r"^(?:example|exempel|e\.\s?g\.|t\.\s?ex\.)\b", re.IGNORECASE)
_TABLE_REF = re.compile(r"^\s*(?:table|tabell|tab\.|tbl\.?)\s*[0-9A-Z]", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-–—•*·▪◦]|\d{1,3}[.)]|[a-z][.)])\s+")


LANGUAGE_SAMPLE_CHARS = 5_000


def format_count(n: int) -> str:
    """100000 → "100 000" (the thin-space-free grouping both our languages read)."""
    return f"{n:,}".replace(",", " ")


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row of a table as text cells. ``carried`` marks cells whose text comes from a
    vertically merged cell above (Word shows them empty); they do not make a row non-empty.
    """

    where: str
    cells: tuple[str, ...]
    carried: frozenset[int] = frozenset()

    def is_empty(self) -> bool:
        return all(not cell.strip() for i, cell in enumerate(self.cells) if i not in self.carried)


@dataclass(frozen=True, slots=True)
class Header:
    """The header row of a block: which canonical column each cell index holds."""

    index: int
    columns: tuple[str | None, ...]
    names: tuple[str, ...]
    style: str
    score: int

    @property
    def width(self) -> int:
        return len(self.columns)


MIN_STYLE_VOTES = 2


def classify_header(cells: Sequence[str]) -> tuple[tuple[str | None, ...], str, int]:
    """Canonical column per cell (the first cell naming a column takes it), the form
    style most cells vote for, and the number of distinct columns recognised."""
    seen: set[str] = set()
    columns: list[str | None] = []
    votes = dict.fromkeys(STYLES, 0)
    for cell in cells:
        hit = match_header(cell) if cell.strip() else None
        if hit is not None and hit[0] == "text" and "text" in seen:
            # "Comment" and "Rationale"/"Justification" in separate columns: one text.
            columns.append(MORE_TEXT)
            continue
        if hit is None or hit[0] in seen:
            columns.append(None)
            continue
        canonical, style = hit
        seen.add(canonical)
        columns.append(canonical)
        if style in votes:
            votes[style] += 1
    # Ties go to ISO, the most widespread form, then US. One header of a style's own
    # wording is not enough to name it (the AOM form's lone "Clause" is no ISO form):
    # below two votes the table is a plain form, style "".
    style = max(STYLES, key=lambda s: (votes[s], -STYLES.index(s)))
    if votes[style] < MIN_STYLE_VOTES:
        style = ""
    # A comment-text column alone makes a comment table: survey exports often have
    # nothing else we know ("I agree!", "Comment"); rows without a place are general.
    score = len(seen) if "text" in seen else 0
    return tuple(columns), style, score


def mapped_header(cells: Sequence[str], columns: ColumnMap) -> tuple[tuple[str | None, ...], str]:
    """``classify_header`` with the user's map laid over it, or ``None`` columns when the
    row lacks a mapped header. What the user named wins over what a synonym guessed."""
    found = columns.locate(list(cells))
    if found is None:
        return (), ""
    guessed, style, _ = classify_header(cells)
    named = set(found.values())
    out: list[str | None] = []
    for index, guess in enumerate(guessed):
        if index in found:
            out.append(found[index])
        elif guess in named or (guess == MORE_TEXT and "text" in named):
            out.append(None)
        else:
            out.append(guess)
    return tuple(out), style


def find_header(
    rows: Sequence[GridRow],
    *,
    scan: int = HEADER_SCAN_ROWS,
    columns: ColumnMap | None = None,
) -> Header | None:
    """The row among the first ``scan`` whose cells name the most known columns.

    A header needs a comment-text column; the earliest row wins a tie (a repeated header
    further down is skipped as data). With a column map, the first row holding every
    mapped header is the header, and the map decides those columns.
    """
    if columns:
        for index, row in enumerate(rows[:scan]):
            if row.is_empty():
                continue
            mapped, style = mapped_header(row.cells, columns)
            if mapped and "text" in mapped:
                names = tuple(c.strip() for c in row.cells)
                score = len({c for c in mapped if c is not None})
                return Header(index, mapped, names, style, score)
    best: Header | None = None
    for index, row in enumerate(rows[:scan]):
        if row.is_empty():
            continue
        columns_found, style, score = classify_header(row.cells)
        if score and (best is None or score > best.score):
            names = tuple(c.strip() for c in row.cells)
            best = Header(index, columns_found, names, style, score)
    return best


def is_instruction_row(row: GridRow, header: Header) -> bool:
    """Footnote numbers, "ge = general …" legends, an example row, or the header again."""
    cells = [c.strip() for i, c in enumerate(row.cells) if c.strip() and i not in row.carried]
    if not cells:
        return False
    if classify_header(row.cells)[0] == header.columns:
        return True
    if _EXAMPLE.match(cells[0]):
        return True
    return all(_FOOTNOTE_CELL.match(c) or _DEFINITION.search(c) for c in cells)


def is_repeated_header(row: GridRow, header: Header) -> bool:
    columns, _, score = classify_header(row.cells)
    return score > 0 and columns == header.columns


@dataclass(slots=True)
class Metadata:
    """Submitter details read from "Label: value" lines or cells."""

    organisation: str | None = None
    contact: str | None = None
    email: str | None = None
    date: str | None = None
    signatories: list[str] = field(default_factory=list)
    consent: bool | None = None
    consent_seen: bool = False


def split_names(value: str) -> list[str]:
    """ "A; B;C" or a line of a list ("• A") → clean names, blanks dropped."""
    names = []
    for part in re.split(r"[;\n]", value):
        name = _BULLET.sub("", part).strip().strip(",.").strip()
        if name:
            names.append(name)
    return names


def _split_label(line: str) -> tuple[str, str] | None:
    for sep in (":", "："):
        label, found, value = line.partition(sep)
        if found and label.strip() and len(label) <= 80:
            return label.strip(), value.strip()
    return None


def read_metadata(lines: Iterable[str], meta: Metadata | None = None) -> Metadata:
    """Read "Organisation: X", "E-post: y", "Publish names: yes", signatory lists.

    A signatories label ("Submitted on behalf of:", "Gemensamt remissvar från:") takes the
    ';'-separated names after it, or, when nothing follows the colon, the lines below it up
    to an empty line or the next labelled line (a bulleted or plain list). The first value
    of each other field wins, so a later "Date:" in a footer does not overwrite one above.
    An empty string in ``lines`` stands for an empty paragraph.
    """
    meta = meta if meta is not None else Metadata()
    in_list = False
    for raw in lines:
        line = raw.strip()
        if not line:
            in_list = False
            continue
        split = _split_label(line)
        kind = match_metadata_label(split[0]) if split is not None else None
        if kind is None:
            if in_list and (len(line) > 120 or line.endswith(":")):
                # A sentence or a new heading, not a name: the list has ended.
                in_list = False
            elif in_list:
                meta.signatories.extend(n for n in split_names(line) if n not in meta.signatories)
            continue
        assert split is not None
        value = split[1]
        in_list = False
        if kind == "signatories":
            names = split_names(value)
            if names:
                meta.signatories.extend(n for n in names if n not in meta.signatories)
            else:
                in_list = True
        elif kind == "consent":
            if not meta.consent_seen or meta.consent is None:
                meta.consent = parse_consent(value)
                meta.consent_seen = True
        elif value:
            if kind == "organisation" and meta.organisation is None:
                meta.organisation = value
            elif kind == "contact" and meta.contact is None:
                meta.contact = value
            elif kind == "email" and meta.email is None:
                meta.email = value
            elif kind == "date" and meta.date is None:
                meta.date = value
    return meta


def metadata_lines_from_rows(rows: Iterable[GridRow]) -> list[str]:
    """Rows above a header (or a two-column details table) as "Label: value" lines."""
    lines: list[str] = []
    for row in rows:
        cells = [c.strip() for c in row.cells if c.strip()]
        if not cells:
            lines.append("")
            continue
        first = cells[0]
        if len(cells) >= 2 and (first.endswith((":", "：")) or match_metadata_label(first)):
            lines.append(f"{first.rstrip(':：')}: {' '.join(cells[1:])}")
        else:
            lines.append(" ".join(cells))
    return lines


@dataclass(slots=True)
class Collector:
    """Reads data rows of every block of one file into comments and problems."""

    path: Path
    limits: Limits = DEFAULT_LIMITS
    default_language: str = "en"
    comments: list[Comment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unrecognised: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    rows_read: int = 0
    text_chars: int = 0
    styles: list[str] = field(default_factory=list)
    columns: ColumnMap = field(default_factory=lambda: ColumnMap(()))
    headers: list[Header] = field(default_factory=list)

    def find_header(self, rows: Sequence[GridRow]) -> Header | None:
        """:func:`find_header` with this file's column map."""
        return find_header(rows, columns=self.columns)

    def columns_read(self) -> tuple[tuple[str, str | None], ...]:
        """Every header cell of the file's comment tables with the column it was read as."""
        seen: dict[str, str | None] = {}
        for header in self.headers:
            for name, column in zip(header.names, header.columns, strict=False):
                if name and name not in seen:
                    seen[name] = "text" if column == MORE_TEXT else column
        return tuple(seen.items())

    def column_map_problems(self) -> list[Problem]:
        """A mapped header that no table of the file has is worth a line."""
        if not self.columns:
            return []
        used = {normalise_header(n) for h in self.headers for n in h.names}
        missing = [h for _, h in self.columns.pairs if normalise_header(h) not in used]
        if not missing:
            return []
        return [
            Problem(
                "columns",
                "column map: no column headed " + ", ".join(repr(m) for m in missing),
            )
        ]

    def read_block(self, rows: Iterable[GridRow], header: Header) -> None:
        """Read ``rows`` (the rows below the header) as data under ``header``.

        Instruction rows directly under the header and repeats of the header anywhere
        (a table split over pages) are skipped, as are empty rows.
        """
        self.styles.append(header.style)
        self.headers.append(header)
        for index, name in enumerate(header.names):
            if header.columns[index] is None and name and name not in self.unrecognised:
                self.unrecognised.append(name)
        just_below = True
        for row in rows:
            if row.is_empty():
                continue
            if just_below and is_instruction_row(row, header):
                continue
            just_below = False
            if is_repeated_header(row, header):
                continue
            self.rows_read += 1
            # A limit on the file's total text, not only on each comment: an .xlsx can
            # point every row at one long shared string (see Limits.max_text_chars).
            self.text_chars += sum(map(len, row.cells))
            if self.text_chars > self.limits.max_text_chars:
                raise RefusedFile(
                    self.path,
                    f"more than {format_count(self.limits.max_text_chars)} characters of"
                    f" comments (at {row.where}); split the file",
                )
            if self.rows_read > self.limits.max_rows:
                raise RefusedFile(
                    self.path,
                    f"more than {format_count(self.limits.max_rows)} rows"
                    f" (at {row.where}); split the file",
                )
            self._read_row(row, header)

    def _read_row(self, row: GridRow, header: Header) -> None:
        values: dict[str, str] = {}
        extra: dict[str, str] = {}
        cleaned = 0
        for index, raw in enumerate(row.cells):
            if len(raw) > self.limits.max_comment_chars:
                raise RefusedFile(
                    self.path,
                    f"comment in {row.where} is longer than"
                    f" {format_count(self.limits.max_comment_chars)} characters",
                )
            text, removed = clean_xml_text(raw)
            cleaned += removed
            text = text.strip()
            canonical = header.columns[index] if index < header.width else None
            name = header.names[index] if index < header.width else ""
            if canonical is None or canonical in ("id", "email", "response"):
                # Nothing the submitter wrote is dropped: unknown columns, their own
                # numbering, e-mail addresses and a pre-filled answer stay in ``extra``.
                if text:
                    extra[name or f"column {index + 1}"] = text
                if canonical is None and index >= header.width and text:
                    key = f"column {index + 1}"
                    if key not in self.unrecognised:
                        self.unrecognised.append(key)
            if canonical == MORE_TEXT:
                if text:
                    values["text"] = f"{values['text']}\n\n{text}" if "text" in values else text
            elif canonical is not None and text:
                values[canonical] = text
        if cleaned:
            self.problems.append(
                Problem(
                    row.where,
                    f"removed {cleaned} character(s) that documents cannot contain"
                    " (control characters)",
                )
            )
        text = values.get("text", "")
        proposed = values.get("proposed")
        if not text:
            self.problems.append(Problem(row.where, "no comment text"))
            if not proposed and not values.get("quoted"):
                return
        type_raw = values.get("type", "")
        ctype = parse_type(type_raw) if type_raw else None
        if type_raw and ctype is None:
            self.problems.append(
                Problem(
                    row.where,
                    f"unknown comment type {type_raw!r} (expected ge/te/ed,"
                    " general/technical/editorial or allmän/teknisk/redaktionell)",
                )
            )
        line = values.get("line")
        line_end = values.get("line_end")
        if line_end and line_end != line:
            line = f"{line}–{line_end}" if line else line_end
        paragraph = values.get("paragraph")
        table_ref = values.get("table")
        section = values.get("section")
        if table_ref is None and paragraph and _TABLE_REF.match(paragraph):
            table_ref = paragraph
        if section and _TABLE_REF.match(section):
            # "Table 1" typed in the Clause column names a table, not a section: it is
            # placed on the table and never reported as a missing section. The text as
            # written stays in the section field's place, in ``extra``.
            table_ref = table_ref or section
            extra.setdefault(header_name(header, "section"), section)
            section = None
        organisation = values.get("organisation")
        if organisation:
            self.organisations.append(organisation)
        author = values.get("author")
        if author:
            self.authors.append(author)
        email = values.get("email")
        if email:
            self.emails.append(email)
        self.comments.append(
            Comment(
                position=len(self.comments) + 1,
                source=row.where,
                text=text,
                type=ctype,
                type_raw=type_raw,
                organisation=organisation,
                author=author,
                section=section,
                paragraph=paragraph,
                line=line,
                page=values.get("page"),
                table_ref=table_ref,
                quoted=values.get("quoted"),
                proposed=proposed,
                date=values.get("date"),
                language=detect_language(
                    # A sample tells the language; the whole of a 100 000-character
                    # comment on every row made a hostile file slow (about 24 ms each).
                    (text or proposed or "")[:LANGUAGE_SAMPLE_CHARS],
                    fallback=self.default_language,
                ),
                extra=extra,
            )
        )

    def file_problems(self) -> list[Problem]:
        """Row problems plus the one-per-file list of unrecognised columns."""
        problems = list(self.problems) + self.column_map_problems()
        if self.unrecognised:
            problems.append(
                Problem(
                    "columns",
                    "columns not recognised (kept as extra data): "
                    + ", ".join(repr(display_header(c)) for c in self.unrecognised),
                )
            )
        return problems


def header_name(header: Header, canonical: str) -> str:
    """The header cell as written for a canonical column ("Clause/Subclause")."""
    for name, column in zip(header.names, header.columns, strict=False):
        if column == canonical and name:
            return name
    return canonical


def agreed(values: Sequence[str]) -> str | None:
    """The one value every row gives (case- and space-insensitively), else ``None``."""
    if not values:
        return None
    keys = {" ".join(v.split()).casefold() for v in values}
    return values[0] if len(keys) == 1 else None
