"""A very small PDF writer for example letters and benchmarks: same bytes on every run.

Text only: Helvetica and Helvetica-Bold (the standard fonts every reader has) in
WinAnsiEncoding, so Swedish letters (å, ä, ö, é) need no embedded font. Paragraphs are
wrapped by character count, pages numbered "1 (3)" in the footer as Swedish letters are.
Content streams are Flate-compressed like those of real PDF writers.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

PAGE_W, PAGE_H = 595, 842  # A4 in points
MARGIN_X, TOP, BOTTOM = 70, 780, 80


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    bold: bool = False
    size: float = 11.0
    space_after: float = 10.0


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


# Helvetica's advance widths (per 1 000 units of the font size, from its AFM metrics),
# so lines are filled as a word processor fills them; bold is about 5 % wider.
_WIDTHS = dict(
    zip(
        " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;-()/'\"%",
        [
            278,
            556,
            556,
            500,
            556,
            556,
            278,
            556,
            556,
            222,
            222,
            500,
            222,
            833,
            556,
            556,
            556,
            556,
            333,
            500,
            278,
            556,
            500,
            722,
            500,
            500,
            500,
            667,
            667,
            722,
            722,
            667,
            611,
            778,
            722,
            278,
            500,
            667,
            556,
            833,
            722,
            778,
            667,
            778,
            722,
            667,
            611,
            722,
            667,
            944,
            667,
            667,
            611,
            *[556] * 10,
            278,
            278,
            278,
            278,
            333,
            333,
            333,
            278,
            191,
            355,
            889,
        ],
        strict=True,
    )
)
_WIDTHS.update({"å": 556, "ä": 556, "ö": 556, "é": 556, "Å": 667, "Ä": 667, "Ö": 778, "É": 667})
TEXT_WIDTH = PAGE_W - 2 * MARGIN_X


def text_width(text: str, size: float, bold: bool = False) -> float:
    units = sum(_WIDTHS.get(ch, 556) for ch in text)
    return units * size / 1000 * (1.05 if bold else 1.0)


def _wrap(text: str, size: float, bold: bool) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > TEXT_WIDTH:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _layout(paras: Sequence[Para]) -> list[list[tuple[float, float, Para, str]]]:
    pages: list[list[tuple[float, float, Para, str]]] = [[]]
    y: float = TOP
    for para in paras:
        lines = _wrap(para.text, para.size, para.bold) or [""]
        leading = para.size * 1.3
        if y - leading * min(len(lines), 2) < BOTTOM:
            pages.append([])
            y = TOP
        for line in lines:
            if y < BOTTOM:
                pages.append([])
                y = TOP
            pages[-1].append((MARGIN_X, y, para, line))
            y -= leading
        y -= para.space_after
    return pages


def write_pdf(paras: Sequence[Para], *, title: str = "") -> bytes:
    """The PDF bytes for ``paras`` (deterministic: no dates, a fixed document id)."""
    pages = _layout(paras)
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    kids: list[int] = []
    for number, page in enumerate(pages, start=1):
        ops = []
        for x, y, para, line in page:
            name = b"/F2" if para.bold else b"/F1"
            ops.append(
                b"BT "
                + name
                + b" %.1f Tf %.1f %.1f Td (" % (para.size, x, y)
                + _escape(line)
                + b") Tj ET"
            )
        footer = f"{number} ({len(pages)})"
        ops.append(
            b"BT /F1 9 Tf %.1f 40 Td (" % (PAGE_W - MARGIN_X - 30) + _escape(footer) + b") Tj ET"
        )
        data = zlib.compress(b"\n".join(ops), 9)
        content = add(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
        )
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R"
                b" /Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
                % (pages_id, PAGE_W, PAGE_H, content, font, bold)
            )
        )
    info = add(b"<< /Title (" + _escape(title) + b") /Producer (guidefeedback examples) >>")
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (
        b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R"
        b" /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\n"
        b"startxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, info, xref)
    )
    return bytes(out)
