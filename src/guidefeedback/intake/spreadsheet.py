"""Comment matrices as CSV and XLSX.

CSV
    The bytes are decoded by :func:`guidefeedback.safe_open.decode_text` (UTF-8 with or
    without BOM, UTF-16 with BOM, cp1252; NUL bytes refused). The delimiter is the one of
    ``,`` ``;`` tab ``|`` that splits a header row into the most recognisable columns:
    ``csv.Sniffer`` guesses ``,`` for tab- and semicolon-separated files. Records are read
    with ``strict=True`` so an unterminated quote is refused with the line where its record
    starts instead of silently swallowing the rest of the file. Quoted fields may hold
    newlines; ``\\r\\n``, ``\\n`` and ``\\r`` line ends may be mixed. A row's ``where`` is
    the line its record starts on ("line 12").

XLSX
    Opened read-only through :func:`guidefeedback.safe_open.open_xlsx` with cached values
    (formulas are never evaluated; a formula without a cached value reads as empty). Every
    sheet is checked for a header in its first rows and every sheet that has one is read.
    Values become strings: integers without ".0" (a section typed as the number 3 is "3"),
    other numbers in their shortest form (3.2 → "3.2"). A known Excel limitation: a section
    typed as the *number* 3.10 is stored as 3.1 and arrives as "3.1"; our blank form
    formats the section column as text to prevent this. Dates become ISO dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path

from ..errors import RefusedFile
from ..model import Problem
from ..safe_open import Limits, TextBudget, decode_text, open_xlsx, read_text_bytes, sheet_rows
from .tables import (
    HEADER_SCAN_ROWS,
    NO_TABLE_MESSAGE,
    Collector,
    GridRow,
    Metadata,
    classify_header,
    metadata_lines_from_rows,
    read_metadata,
)

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
_PREVIEW_CHARS = 256 * 1024


def _raise_field_limit(limit: int) -> None:
    # The csv module refuses fields over 131 072 characters with its own message; raise
    # its limit so an over-long comment reaches our length check and our wording.
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def choose_delimiter(text: str) -> str:
    """The delimiter under which some early row reads as the best comment-table header."""
    preview = text[:_PREVIEW_CHARS]
    best, best_score = DELIMITERS[0], -1
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(preview, newline=""), delimiter=delimiter)
        score = 0
        try:
            for record in islice(reader, HEADER_SCAN_ROWS):
                _, _, row_score = classify_header(record)
                score = max(score, row_score * 100 + min(len(record), 99) * (row_score > 0))
        except csv.Error:
            pass
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_rows(text: str, delimiter: str, path: Path) -> Iterator[GridRow]:
    """Records as rows named by their starting line; malformed quoting is refused."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" in str(exc) or "EOF" in str(exc):
                raise RefusedFile(
                    path,
                    f"unterminated quote in the record starting at line {start}:"
                    " a quoted field is never closed",
                ) from exc
            raise RefusedFile(path, f"line {start}: malformed CSV ({exc})") from exc
        yield GridRow(f"line {start}", tuple(record))
        start = reader.line_num + 1


# A UTF-8 multi-byte sequence: a lead byte and its continuation bytes. cp1252 text of
# Swedish or German words ("Malmö" = 4D 61 6C 6D F6) practically never forms one.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def decode_lines(data: bytes, *, path: Path) -> tuple[str, str, list[int]]:
    """(text, encoding, lines read as cp1252) of a CSV file.

    :func:`~guidefeedback.safe_open.decode_text` decides for the whole file. A file that
    is not valid UTF-8 as a whole but holds UTF-8 sequences is a *mixed* file: rows pasted
    from two programs. Decoding all of it as cp1252 would turn every UTF-8 "ö" into
    "Ã¶", so each line is decoded on its own instead (UTF-8 when it is valid UTF-8,
    else cp1252) and the cp1252 lines are returned, to be reported row by row.
    """
    text, encoding = decode_text(data, path=path)
    if encoding != "cp1252" or not _UTF8_SEQUENCE.search(data):
        return text, encoding, []
    out: list[str] = []
    legacy: list[int] = []
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("cp1252", errors="replace"))
            legacy.append(number)
    return "".join(out), "utf-8+cp1252", legacy


def read_csv(path: Path, collector: Collector) -> Metadata:
    """Read a CSV comment matrix into ``collector``; returns details above the header."""
    limits = collector.limits
    text, _encoding, legacy = decode_lines(read_text_bytes(path, limits), path=path)
    for number in legacy:
        collector.problems.append(
            Problem(
                f"line {number}",
                "this line is not UTF-8 like the rest of the file: read as Windows-1252"
                " (cp1252); check its accented letters",
            )
        )
    _raise_field_limit(max(limits.max_comment_chars * 4, limits.max_file_bytes) + 1)
    rows = csv_rows(text, choose_delimiter(text), path)
    head = list(islice(rows, HEADER_SCAN_ROWS))
    header = collector.find_header(head)
    if header is None:
        raise RefusedFile(path, no_header_message(head, collector))
    meta = read_metadata(metadata_lines_from_rows(head[: header.index]))
    collector.read_block(chain(head[header.index + 1 :], rows), header)
    return meta


def cell_string(value: object) -> str:
    """A cell value as the text a person sees (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _sheet_rows(ws: object, path: Path, limits: Limits, budget: TextBudget) -> Iterator[GridRow]:
    # The cells the sheet really holds, sparsely, never its claimed <dimension> (a wrong
    # one would cut columns off, a huge one pads every row); see safe_open.sheet_rows.
    title = getattr(ws, "title", "sheet")
    for number, values in sheet_rows(ws, path, limits, budget):
        yield GridRow(f"sheet {title!r} row {number}", tuple(cell_string(v) for v in values))


def read_xlsx(path: Path, collector: Collector) -> Metadata:
    """Read every sheet of a workbook that has a comment-table header into ``collector``."""
    wb = open_xlsx(path, collector.limits)
    meta = Metadata()
    found = False
    budget = TextBudget(path, collector.limits)
    first_row: GridRow | None = None
    try:
        for ws in wb.worksheets:
            rows = _sheet_rows(ws, path, collector.limits, budget)
            head = list(islice(rows, HEADER_SCAN_ROWS))
            header = collector.find_header(head)
            if header is None:
                if first_row is None:
                    first_row = next((r for r in head if not r.is_empty()), None)
                continue
            found = True
            meta = read_metadata(metadata_lines_from_rows(head[: header.index]), meta)
            collector.read_block(chain(head[header.index + 1 :], rows), header)
    finally:
        wb.close()
    if not found:
        raise RefusedFile(path, no_header_message([first_row] if first_row else [], collector))
    return meta


def no_header_message(head: list[GridRow], collector: Collector) -> str:
    """Why no header was found, naming the file's own first row so the user can write a
    column map for it."""
    first = next((r for r in head if not r.is_empty()), None)
    if first is None:
        return NO_TABLE_MESSAGE
    cells = ", ".join(repr(c.strip()) for c in first.cells[:12] if c.strip())
    if collector.columns:
        return (
            f"no comment table found: the column map {collector.columns.describe()!r} does"
            f" not match the file's columns ({cells}); a comment column is needed"
        )
    return (
        f"no comment table found: no comment column among the columns {cells}; say which"
        " is which with --columns, e.g. --columns comment=NAME"
    )
