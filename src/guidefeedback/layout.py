"""Pages and lines for a draft's units: lay it out with LibreOffice and read the PDF back.

A Word file has no pages or lines: they come from laying the text out. ISO comment sheets
and many submitters cite "page 14, line 12", so ``draft import --layout`` converts the
draft to PDF with ``soffice --headless`` (a private profile per run, so parallel runs do
not share one) and records for every unit where it is printed: the page and line where
it starts and where it ends, lines counted from 1 at the top of every page, as ISO ballot
drafts print them.

Reading the PDF: pypdfium2 (PDFium's Python binding; Apache-2.0/BSD-3-Clause, wheels
carry the library, nothing is downloaded at run time) gives the text segments of each page
with their boxes, in C: a 334-page PDF is read in about 3 s (LibreOffice's conversion of
the same draft takes about as long). Segments whose vertical extents overlap are one
printed line, as ``pdftotext -layout`` prints it; every line with text counts (a running
header counts too). Where the draft prints its own line numbers (Word's line numbering,
which ISO drafts switch on), those printed numbers are the lines.

Matching lines to units: the body units' texts are one stream (whitespace removed, case
and quote marks folded); each printed segment is looked for in order a little ahead of the
last match, so repeated phrases land on the right unit, and what is not in the stream
(running headers, page numbers, the table of contents) is passed over. Notes are printed at
the page foot apart from their paragraph and are not placed by line.
"""

from __future__ import annotations

import bisect
import dataclasses
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import GuidefeedbackError, RefusedFile
from .locate import normalise_text
from .model import Unit, UnitKind

SOFFICE_TIMEOUT_S = 300
_LOOKAHEAD = 4000
_SHORT_LOOKAHEAD = 300
_MIN_SEGMENT = 3
_LONG_SEGMENT = 12
_NOTES = (UnitKind.FOOTNOTE, UnitKind.ENDNOTE)


class LayoutUnavailable(GuidefeedbackError):
    """LibreOffice is not installed: ``--layout`` cannot be honoured (one line, exit 1 from
    ``run``; ``draft import --layout`` makes it a usage error, exit 2)."""


@dataclass(frozen=True, slots=True)
class PrintedLine:
    """One printed line: its page, its number on that page, and its segments' texts."""

    page: int
    line: int | None
    segments: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.segments)


def soffice() -> str:
    """The LibreOffice program, or :class:`LayoutUnavailable` saying how to get it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise LayoutUnavailable(
            "--layout needs LibreOffice (soffice) on PATH to lay the draft out;"
            " install it (apt-get install libreoffice-writer-nogui) or import without --layout"
        )
    return found


def to_pdf(path: Path, folder: Path) -> Path:
    """``path`` converted to PDF by LibreOffice into ``folder`` (which must exist)."""
    program = soffice()
    profile = folder / "profile"
    try:
        done = subprocess.run(
            [
                program,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(path),
            ],
            capture_output=True,
            timeout=SOFFICE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RefusedFile(path, f"LibreOffice did not lay it out in {SOFFICE_TIMEOUT_S} s") from exc
    pdf = folder / f"{path.stem}.pdf"
    if done.returncode != 0 or not pdf.exists():
        raise RefusedFile(path, "LibreOffice could not lay it out as PDF")
    return pdf


def printed_lines(pdf: Path) -> list[PrintedLine]:
    """Every printed line with text, page by page, top to bottom."""
    import pypdfium2 as pdfium

    out: list[PrintedLine] = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for page_no in range(len(document)):
            page = document[page_no]
            textpage = page.get_textpage()
            boxes: list[tuple[float, float, float, str]] = []
            for i in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(i)
                text = textpage.get_text_bounded(left, bottom, right, top).strip()
                if text:
                    boxes.append((top, bottom, left, text))
            out.extend(_lines(page_no + 1, boxes))
            textpage.close()
            page.close()
    finally:
        document.close()
    return out


def _lines(page: int, boxes: list[tuple[float, float, float, str]]) -> list[PrintedLine]:
    """Group text boxes whose vertical extents overlap by more than half into lines."""
    boxes.sort(key=lambda b: -b[0])
    rows: list[list[tuple[float, float, float, str]]] = []
    for box in boxes:
        top, bottom = box[0], box[1]
        if rows:
            row = rows[-1]
            r_top, r_bottom = row[0][0], row[0][1]
            overlap = min(top, r_top) - max(bottom, r_bottom)
            if overlap > 0.5 * min(top - bottom, r_top - r_bottom):
                row.append(box)
                continue
        rows.append([box])
    segmented = [tuple(b[3] for b in sorted(row, key=lambda b: b[2])) for row in rows]
    numbered = [len(seg) > 1 and seg[0].isdigit() for seg in segmented]
    if segmented and sum(numbered) * 2 >= len(segmented):
        # The draft prints its own line numbers (Word's line numbering, w:lnNumType):
        # they are the numbers people cite; a line without one (a title) has none.
        return [
            PrintedLine(page, int(seg[0]), seg[1:]) if is_numbered else PrintedLine(page, None, seg)
            for seg, is_numbered in zip(segmented, numbered, strict=True)
        ]
    return [PrintedLine(page, n, seg) for n, seg in enumerate(segmented, start=1)]


def _squash(text: str) -> str:
    return "".join(normalise_text(text).split())


def place_units(units: Sequence[Unit], lines: Sequence[PrintedLine]) -> list[Unit]:
    """``units`` with ``page``/``line``/``last_page``/``last_line`` from the printed lines."""
    body = [i for i, u in enumerate(units) if u.kind not in _NOTES]
    starts: list[int] = []
    pieces: list[str] = []
    offset = 0
    for i in body:
        starts.append(offset)
        piece = _squash(units[i].text.replace(" | ", " "))
        pieces.append(piece)
        offset += len(piece)
    stream = "".join(pieces)
    first: dict[int, tuple[int, int]] = {}
    last: dict[int, tuple[int, int]] = {}
    pointer = 0
    for printed in lines:
        for segment in printed.segments:
            wanted = _squash(segment)
            if len(wanted) < _MIN_SEGMENT or not any(c.isalpha() for c in wanted):
                # A list label, a page number, a note mark: found anywhere, proof of nothing.
                continue
            ahead = _LOOKAHEAD if len(wanted) >= _LONG_SEGMENT else _SHORT_LOOKAHEAD
            at = stream.find(wanted, pointer, pointer + ahead + len(wanted))
            if at < 0:
                continue
            start_k = bisect.bisect_right(starts, at) - 1
            end_k = bisect.bisect_right(starts, at + len(wanted) - 1) - 1
            if printed.line is None:
                pointer = at + len(wanted)
                continue
            where = (printed.page, printed.line)
            for k in range(start_k, end_k + 1):
                first.setdefault(body[k], where)
                last[body[k]] = where
            pointer = at + len(wanted)
    placed: list[Unit] = []
    for i, unit in enumerate(units):
        if i in first:
            (page, line), (last_page, last_line) = first[i], last[i]
            unit = dataclasses.replace(
                unit, page=page, line=line, last_page=last_page, last_line=last_line
            )
        placed.append(unit)
    return placed


def lay_out(path: Path, units: Sequence[Unit]) -> list[Unit]:
    """Convert ``path`` with LibreOffice and place ``units`` on its pages and lines."""
    with tempfile.TemporaryDirectory(prefix="guidefeedback-layout-") as tmp:
        pdf = to_pdf(path, Path(tmp))
        return place_units(units, printed_lines(pdf))
