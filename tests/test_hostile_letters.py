"""Hostile PDFs, e-mails and OpenDocument files: one line, exit 1, database unchanged,
under 10 s and 500 MB.

Each file is made by the test. Each case runs ``guidefeedback collect`` in a child
process (so its memory is its own: peak RSS from ``os.wait4``), with an address-space
limit as a fence, and checks the one line on stderr, the exit code, the time, the peak
memory and that every table of the database holds what it held before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from .test_hostile import _state

GF = [sys.executable, "-m", "guidefeedback"]
MB = 1024 * 1024


def _pdf(objects: list[bytes], root: int = 1, *, trailer_extra: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(contents: int, parent: int = 2) -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>" % (parent, contents)
    )


def _text_pdf(text: bytes = b"A letter with some text in it.") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        _page(4),
        _stream(b"BT /F1 11 Tf 70 700 Td (" + text + b") Tj ET"),
        _FONT,
    ]


def encrypted_pdf(tmp: Path) -> Path:
    p = tmp / "secret.pdf"
    enc = (
        b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <"
        + b"ab" * 32
        + b"> /U <"
        + b"cd" * 32
        + b"> /P -44 >> /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] "
    )
    p.write_bytes(_pdf(_text_pdf(), trailer_extra=enc))
    return p


def inflating_pdf(tmp: Path) -> Path:
    """A content stream of 1 GiB of zeros, about 1 MiB compressed."""
    squeeze = zlib.compressobj(9)
    block = bytes(16 * MB)
    data = b"".join(squeeze.compress(block) for _ in range(64)) + squeeze.flush()
    objects = _text_pdf()
    objects[3] = _stream(data, b"/Filter /FlateDecode ")
    p = tmp / "bomb.pdf"
    p.write_bytes(_pdf(objects))
    return p


def loop_pdf(tmp: Path) -> Path:
    objects = _text_pdf()
    objects[2] = _page(6)
    objects += [b"7 0 R", b"6 0 R"]  # 6 → 7 → 6
    p = tmp / "loop.pdf"
    p.write_bytes(_pdf(objects))
    return p


def page_tree_loop_pdf(tmp: Path) -> Path:
    objects = _text_pdf()
    objects[1] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>"
    objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>")
    p = tmp / "tree-loop.pdf"
    p.write_bytes(_pdf(objects))
    return p


def many_pages_pdf(tmp: Path) -> Path:
    """100 000 pages in the page tree (all the same page object: a 1 MiB file)."""
    objects = _text_pdf()
    kids = b" ".join([b"3 0 R"] * 100_000)
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count 100000 >>"
    p = tmp / "pages.pdf"
    p.write_bytes(_pdf(objects))
    return p


def many_objects_pdf(tmp: Path) -> Path:
    """100 000 real page objects, each its own."""
    n = 100_000
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for i in range(n):
        kids.append(b"%d 0 R" % (i + 3))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % n
    p = tmp / "objects.pdf"
    p.write_bytes(_pdf(objects))
    return p


def bad_xref_pdf(tmp: Path) -> Path:
    data = bytearray(_pdf(_text_pdf()))
    start = data.index(b"xref\n")
    data[start : start + 40] = b"xref\n0 6\ngarbage garbage garbage garb\n"
    data = data.replace(b"startxref\n", b"startxref\n9")  # and the offset is wrong too
    p = tmp / "xref.pdf"
    p.write_bytes(bytes(data))
    return p


def scanned_pdf(tmp: Path) -> Path:
    image = _stream(
        b"\xff" * 300,
        b"/Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 ",
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        image,
    ]
    p = tmp / "scan.pdf"
    p.write_bytes(_pdf(objects))
    return p


_MAIL_HEAD = (
    "From: Anna <anna@example.se>\r\nTo: remiss@example.se\r\nSubject: Remissvar\r\n"
    "Date: Thu, 26 Nov 2026 14:05:00 +0100\r\nMIME-Version: 1.0\r\n"
)


def many_attachments_eml(tmp: Path) -> Path:
    parts = [
        _MAIL_HEAD + 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        "Content-Type: text/plain\r\n\r\nSee the attachments for our comments on the guidance.\r\n"
    ]
    for i in range(10_000):
        parts.append(
            f'--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="a{i}.txt"'
            "\r\n\r\nx\r\n"
        )
    parts.append("--b--\r\n")
    p = tmp / "attachments.eml"
    p.write_text("".join(parts), encoding="ascii")
    return p


def nested_eml(tmp: Path) -> Path:
    inner = "From: x@example.se\r\nSubject: innermost\r\n\r\nThe comment text of the innermost message.\r\n"
    for depth in range(100):
        inner = (
            f"From: level{depth}@example.se\r\nSubject: level {depth}\r\nMIME-Version: 1.0\r\n"
            f'Content-Type: multipart/mixed; boundary="b{depth}"\r\n\r\n--b{depth}\r\n'
            f"Content-Type: message/rfc822\r\n\r\n{inner}\r\n--b{depth}--\r\n"
        )
    p = tmp / "nested.eml"
    p.write_text(
        _MAIL_HEAD.replace("Subject: Remissvar", "Subject: top") + inner.split("\r\n", 1)[1],
        encoding="ascii",
    )
    return p


def gigabyte_base64_eml(tmp: Path) -> Path:
    """Headers and a base64 part that would decode to 1 GiB: a sparse 1.4 GB file."""
    p = tmp / "huge.eml"
    head = (
        _MAIL_HEAD + 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        'Content-Disposition: attachment; filename="remissvar.pdf"\r\n\r\n'
    ).encode("ascii")
    with p.open("wb") as fh:
        fh.write(head + b"QUFB" * 1024)
        fh.truncate(1024 * MB * 4 // 3 + len(head))
    return p


def long_header_eml(tmp: Path) -> Path:
    p = tmp / "header.eml"
    p.write_bytes(
        _MAIL_HEAD.encode("ascii") + b"X-Long: " + b"a" * (10 * MB) + b"\r\n\r\nHello.\r\n"
    )
    return p


def odt_bomb(tmp: Path) -> Path:
    import zipfile

    p = tmp / "bomb.odt"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        with zf.open("content.xml", "w", force_zip64=True) as fh:
            block = b" " * (16 * MB)
            for _ in range(16):
                fh.write(block)
    return p


CASES: list[tuple[Callable[[Path], Path], str]] = [
    (encrypted_pdf, "encrypted"),
    (inflating_pdf, "inflates to more than 64 MiB"),
    (loop_pdf, "reference loop"),
    (page_tree_loop_pdf, "reference loop"),
    (many_pages_pdf, "more than 1 000 pages"),
    (many_objects_pdf, "more than 100 000 objects"),
    (bad_xref_pdf, "cross-reference table is damaged"),
    (scanned_pdf, "no text layer: scanned?"),
    (many_attachments_eml, "more than 200 parts"),
    (nested_eml, "more than 8 deep"),
    (gigabyte_base64_eml, "the limit is 50 MiB"),
    (long_header_eml, "header is longer than 64 000 characters"),
    (odt_bomb, "zip bomb"),
]


# Runs the command with an address-space fence (a runaway read hits it instead of the
# machine; the test asserts far less) and prints its exit code and peak RSS in KiB.
_PROBE = """
import os, resource, subprocess, sys
def fence():
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    p = subprocess.Popen(sys.argv[3:], stdout=out, stderr=err, preexec_fn=fence)
    _, status, usage = os.wait4(p.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


@pytest.mark.slow
@pytest.mark.parametrize(("make", "reason"), CASES, ids=[c[0].__name__ for c in CASES])
def test_hostile_letter_is_refused(
    tmp_path: Path, make: Callable[[Path], Path], reason: str
) -> None:
    from click.testing import CliRunner

    from guidefeedback.cli import cli

    from . import docx_builders as b

    db = tmp_path / "gf.db"
    d = b.new_document()
    d.add_heading("Scope", 1)
    d.add_paragraph("Buyers should talk to the market.")
    env = {**os.environ, "GUIDEFEEDBACK_DB": str(db), "GUIDEFEEDBACK_QUIET": "1"}
    assert (
        CliRunner(env=env).invoke(cli, ["draft", "import", str(b.save(d, tmp_path / "d.docx"))])
    ).exit_code == 0
    bad = make(tmp_path)
    before = _state(db)
    started = time.monotonic()
    out_file, err_file = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    # A small launcher starts the command and reports its child's peak memory: a
    # process forked straight from pytest would count pytest's own pages as its own.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            _PROBE,
            str(out_file),
            str(err_file),
            *GF,
            "collect",
            str(bad),
            "--draft",
            "D1",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    code, peak_kib = (int(x) for x in probe.stdout.split())
    elapsed = time.monotonic() - started
    out, err = out_file.read_text(), err_file.read_text()
    assert code == 1, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    assert bad.name in lines[0] and reason in lines[0], lines[0]
    assert "Traceback" not in out + err
    assert _state(db) == before
    assert elapsed < 10, elapsed
    peak_mib = peak_kib / 1024  # KiB on Linux
    assert peak_mib < 500, peak_mib
