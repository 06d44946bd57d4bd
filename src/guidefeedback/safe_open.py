"""Opening untrusted files: size and zip limits, XML without entities, format sniffing.

Every file a submitter sends is untrusted. The rules come from measurements on the
libraries we use (python-docx 1.2, lxml 6, openpyxl 3.1; the README's Guarantees and Limits
say what each rule promises):

- A Word or Excel file is a zip. python-docx inflates *every* part before parsing, so the
  zip is checked from its central directory before anything is inflated: member count,
  declared sizes, compression ratio, duplicate names (also case-insensitively: with
  duplicates the last copy silently wins), unsafe names, encrypted members, macros, the
  main content type.
- Reading a member goes through a bounded reader that stops at the declared size or the
  limit, whichever is smaller, so a zip that lies about its sizes cannot inflate further.
- Office never writes a DTD; a part whose prolog holds ``<!DOCTYPE`` is refused. The prolog
  is read by lxml itself (so UTF-16 parts and DTDs hidden after long comments are found),
  stopping at the first element. Parsing never resolves entities, loads DTDs or touches
  the network.
- Encrypted Office files and legacy .doc/.xls are OLE compound files; PDFs and other
  binaries are named as what they are, with what to do instead.
- Text is decoded by BOM, then UTF-16 by its NUL pattern, strict UTF-8, then cp1252
  (Excel's "CSV" on Windows).
- Outputs are written to a temporary file in the same folder, fsynced, then renamed.

Every refusal is a :class:`~guidefeedback.errors.RefusedFile`: one line naming the file,
what it is, and what to do.

Longer than our usual ~500 lines because every guard on untrusted bytes is in one module, so no reader can open a file without them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from lxml import etree

from .errors import RefusedFile
from .strict import is_strict, transitional_package

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Named limits for untrusted input (each one is listed in the README).

    - ``max_file_bytes``: the file as sent, any format (50 MiB);
    - ``max_inflated_bytes``: all zip members together, uncompressed, as the zip declares
      them (250 MiB);
    - ``max_member_bytes``: one zip member, uncompressed (100 MiB);
    - ``max_xml_part_bytes``: one XML part, uncompressed (64 MiB; lxml needs several times
      this in memory, and a long guidance draft's document.xml is a few MiB);
    - ``max_members``: members in one zip (2 000; Word writes a few dozen);
    - ``max_compression_ratio``: uncompressed/compressed for members over 1 MiB (200; XML
      compresses 10–30×, a zip bomb thousands of times);
    - ``max_rows``: comment rows in one file (200 000);
    - ``max_comment_chars``: one comment (100 000 characters);
    - ``max_csv_field_chars``: one CSV field before the CSV reader gives up (1 000 000
      characters; ten times a comment, so an over-long comment is still reported as such).
    - ``max_text_chars``: all text read from one file together (50 000 000 characters): an
      .xlsx can reference one long shared string from every row, so a 1 MB file could
      otherwise become gigabytes of comments;
    - ``max_sheet_cells``: cells with a value in one worksheet, counted as they are read,
      never taken from the sheet's claimed dimension (2 000 000);
    - ``max_columns``: the rightmost column holding a value (1 024; comment sheets use a
      few dozen, a stray value in column XFD would pad every row to 16 384 cells);
    - ``max_archive_bytes``: an archive for ``import-archive`` (512 MiB; it is parsed whole,
      which takes several times its size in memory).
    - ``max_list_number``: a list counter in a draft's automatic numbering (1 000 000; Word's
      dialog stops start values at 32 767);
    - ``max_list_format_chars``: one level's ``w:lvlText`` (255 characters; Word's are a few);
    - ``max_list_label_chars``: one formatted number (200 characters: letters repeat, so
      upperLetter 2·10⁹ would be 77 million Z);
    - ``template_seconds``, ``template_memory_bytes``: a user's template (``render
      --template-dir``) runs in a child process stopped after 120 s or above 2 GiB more
      address space (``GUIDEFEEDBACK_TEMPLATE_SECONDS`` / ``_MEMORY_MB`` override them).
    - ``max_pdf_pages``: pages in one PDF (1 000; a remissvar has 2–20);
    - ``max_pdf_objects``: objects in a PDF's cross-reference table (100 000; a 300-page
      report exported by Word or LibreOffice has a few thousand);
    - ``max_pdf_stream_bytes``: one PDF stream, inflated (64 MiB);
    - ``max_email_parts``: MIME parts in one e-mail, nested messages included (200);
    - ``max_email_depth``: messages attached inside messages (8 levels);
    - ``max_email_header_chars``: one header, unfolded (64 000 characters; RFC 5322 allows
      998 per line).
    """

    max_file_bytes: int = 50 * MiB
    max_inflated_bytes: int = 250 * MiB
    max_member_bytes: int = 100 * MiB
    max_xml_part_bytes: int = 64 * MiB
    max_members: int = 2_000
    max_compression_ratio: float = 200.0
    max_rows: int = 200_000
    max_comment_chars: int = 100_000
    max_csv_field_chars: int = 1_000_000
    max_text_chars: int = 50_000_000
    max_sheet_cells: int = 2_000_000
    max_columns: int = 1_024
    max_archive_bytes: int = 512 * MiB
    max_list_number: int = 1_000_000
    max_list_format_chars: int = 255
    max_list_label_chars: int = 200
    template_seconds: float = 120.0
    template_memory_bytes: int = 2048 * MiB
    max_pdf_pages: int = 1_000
    max_pdf_objects: int = 100_000
    max_pdf_stream_bytes: int = 64 * MiB
    max_email_parts: int = 200
    max_email_depth: int = 8
    max_email_header_chars: int = 64_000


DEFAULT_LIMITS = Limits()

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_MAGIC = b"%PDF-"
# Members below this size are never bombs, whatever their ratio: an empty XML part of a few
# KiB of spaces compresses a thousand times.
_RATIO_FLOOR = 1 * MiB
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_CHUNK = 64 * 1024
# Compression methods zipfile can inflate; anything else (AES, method 99, …) Office never
# writes and zipfile would fail on with NotImplementedError.
_INFLATABLE = frozenset(
    (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
)
_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    RuntimeError,
    ValueError,
    NotImplementedError,
)

_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOTM_MAIN = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_XLTX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
_XLTM_MAIN = "application/vnd.ms-excel.template.macroEnabled.main+xml"
_MAIN_TYPES = frozenset(
    (_DOCX_MAIN, _DOCM_MAIN, _DOTX_MAIN, _DOTM_MAIN, _XLSX_MAIN, _XLSM_MAIN, _XLTX_MAIN, _XLTM_MAIN)
)

_DTD_REASON = "contains a DTD (<!DOCTYPE>), which Office files never have"


def _parser() -> etree.XMLParser:
    # A new parser per call: lxml parsers are not safe to share between threads.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def sha256_file(path: Path) -> str:
    """The file's SHA-256 in hex, read in blocks (files are identified by it)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def grouped(n: int) -> str:
    """100000 → "100 000": counts in messages, grouped as both our languages read them."""
    return f"{n:,}".replace(",", " ")


def _mib(n: float) -> str:
    """A size in the unit a person reads: MiB, else KiB, else bytes."""
    if n >= MiB:
        return f"{n / MiB:.0f} MiB"
    if n >= 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n:.0f} bytes"


def check_size(path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    """The file's size; refuses a missing, empty or over-large file."""
    try:
        st = path.stat()
    except OSError as exc:
        raise RefusedFile(path, f"cannot be read ({exc.strerror})") from exc
    if not stat.S_ISREG(st.st_mode):
        # A FIFO, device or socket: reading one may never end (a FIFO, /dev/zero).
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO, device or socket"
        raise RefusedFile(path, f"{kind}, not a file; not read")
    size = st.st_size
    if size == 0:
        raise RefusedFile(path, "the file is empty; send the file again")
    if size > limits.max_file_bytes:
        raise RefusedFile(
            path, f"the file is {_mib(size)}; the limit is {_mib(limits.max_file_bytes)}"
        )
    return size


def _head(path: Path, n: int = 4096) -> bytes:
    with path.open("rb") as fh:
        return fh.read(n)


def _ole_kind(path: Path) -> str:
    """What an OLE compound file most likely is, from names in its directory.

    Best effort: the directory holds stream names in UTF-16LE; an encrypted OOXML file has
    "EncryptionInfo"/"EncryptedPackage" streams, Word 97 a "WordDocument", Excel a "Workbook".
    """
    with path.open("rb") as fh:
        data = fh.read(4 * MiB)

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("__substg1.0_") or has("__properties_version1.0"):
        return (
            "an Outlook message (.msg); in Outlook choose File > Save As and save it as .eml"
            " (or forward it), then send that"
        )
    if has("EncryptionInfo") or has("EncryptedPackage"):
        return (
            "a password-protected Office file; save it without a password as .docx/.xlsx"
            " and send it again"
        )
    if has("WordDocument"):
        return "a legacy Word .doc file; open it in Word and save it as .docx"
    if has("Workbook") or has("Book"):
        return "a legacy Excel .xls file; open it in Excel and save it as .xlsx"
    return "a legacy Office file (.doc/.xls); save it as .docx/.xlsx"


def _unsafe_name(name: str) -> bool:
    return (
        name.startswith(("/", "\\"))
        or "\\" in name
        or "\x00" in name
        or re.match(r"^[A-Za-z]:", name) is not None
        or any(part == ".." for part in name.split("/"))
    )


def check_zip(path: Path, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open a zip and check it from its central directory, inflating nothing.

    Checks member count, unsafe and duplicate names, encryption, compression method and
    declared sizes and ratios. Macros are checked by :func:`sniff` (after the content type,
    so a .docm is named as one). Returns the open ``ZipFile``; the caller closes it.
    """
    declared = _declared_member_count(path)
    if declared is not None and declared > limits.max_members:
        _refuse_member_count(path, declared, limits)
    try:
        zf = zipfile.ZipFile(path)
    except _READ_ERRORS as exc:
        raise RefusedFile(
            path, f"a damaged zip/Office file ({_short(exc)}); save it again and resend it"
        ) from exc
    try:
        _check_infos(zf.infolist(), path, limits)
    except BaseException:
        zf.close()
        raise
    return zf


def _declared_member_count(path: Path) -> int | None:
    """The member count the zip's end record declares, read without zipfile.

    zipfile builds a ZipInfo for every central directory entry before we can count them:
    a 50 MiB directory of a million empty entries costs hundreds of MiB. The end record
    (and its zip64 twin) states the count up front. ``None`` when there is no record;
    zipfile then reports the damage.
    """
    with path.open("rb") as fh:
        size = fh.seek(0, os.SEEK_END)
        tail_start = max(0, size - (22 + 65_535))  # the record plus the longest comment
        fh.seek(tail_start)
        tail = fh.read()
        at = tail.rfind(b"PK\x05\x06")
        if at == -1 or len(tail) < at + 22:
            return None
        count: int = struct.unpack_from("<H", tail, at + 10)[0]
        locator = at - 20
        if count == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
            # zip64: the locator points at the zip64 end record holding an 8-byte count.
            (offset,) = struct.unpack_from("<Q", tail, locator + 8)
            if offset + 56 > size:
                return None
            fh.seek(offset)
            record = fh.read(56)
            if record[:4] != b"PK\x06\x06":
                return None
            count = struct.unpack_from("<Q", record, 32)[0]
        return count


def _refuse_member_count(path: Path, count: int, limits: Limits) -> NoReturn:
    raise RefusedFile(
        path,
        f"the zip has {count:,} members; Office files have far fewer (limit"
        f" {limits.max_members:,})".replace(",", " "),
    )


def _check_infos(infos: list[zipfile.ZipInfo], path: Path, limits: Limits) -> None:
    if len(infos) > limits.max_members:
        _refuse_member_count(path, len(infos), limits)
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        folded = name.casefold()
        if folded in seen:
            raise RefusedFile(path, f"the zip holds {name!r} twice; a damaged or tampered file")
        seen.add(folded)
        if _unsafe_name(name):
            raise RefusedFile(path, f"the zip has an unsafe member name {name!r}; a tampered file")
        if info.flag_bits & 0x1:
            raise RefusedFile(
                path, f"{name} is password-protected; save the file without a password"
            )
        if info.compress_type not in _INFLATABLE:
            raise RefusedFile(
                path, f"{name} uses a compression Office never writes; save the file again"
            )
        if info.file_size > limits.max_member_bytes:
            raise RefusedFile(
                path,
                f"{name} would inflate to {_mib(info.file_size)} (limit"
                f" {_mib(limits.max_member_bytes)}): a zip bomb or an oversized file",
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise RefusedFile(
                path, f"{name} is compressed {ratio:.0f} times; this looks like a zip bomb"
            )
        if folded.endswith((".xml", ".rels")) and info.file_size > limits.max_xml_part_bytes:
            raise RefusedFile(
                path,
                f"{name} is {_mib(info.file_size)} of XML (limit"
                f" {_mib(limits.max_xml_part_bytes)}); too large to read safely",
            )
        total += info.file_size
    if total > limits.max_inflated_bytes:
        raise RefusedFile(
            path,
            f"the zip would inflate to {_mib(total)} (limit {_mib(limits.max_inflated_bytes)}):"
            " a zip bomb or an oversized file",
        )


def _bounded_chunks(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, where: Path
) -> Iterator[bytes]:
    """A member's bytes in chunks, refusing it once more than ``cap`` bytes come out.

    zipfile already stops at the declared size; the cap is a second fence that does not
    depend on zipfile's internals, and it enforces the limit on a member whose declared
    size passed the checks.
    """
    read = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(min(_CHUNK, cap + 1 - read)):
                read += len(chunk)
                if read > cap:
                    raise RefusedFile(
                        where,
                        f"{info.filename} is larger than the zip says or than the limit;"
                        " a tampered or oversized file",
                    )
                yield chunk
    except _READ_ERRORS as exc:
        raise RefusedFile(
            where, f"{info.filename} cannot be read ({_short(exc)}); a damaged file"
        ) from exc


def read_member(
    source: Path | zipfile.ZipFile,
    name: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    path: Path | None = None,
) -> bytes | None:
    """A member's bytes (``None`` if absent), never more than its declared size or the limit.

    ``source`` is an open ``ZipFile`` (from :func:`check_zip`) or a path, which is checked
    with :func:`check_zip` first. XML members are capped at ``max_xml_part_bytes``.
    """
    if isinstance(source, zipfile.ZipFile):
        return _read_member(source, name, limits, path or Path(str(source.filename or "file")))
    with check_zip(source, limits) as zf:
        return _read_member(zf, name, limits, path or source)


def _read_member(zf: zipfile.ZipFile, name: str, limits: Limits, where: Path) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    cap = min(info.file_size, limits.max_member_bytes)
    if name.casefold().endswith((".xml", ".rels")):
        cap = min(cap, limits.max_xml_part_bytes)
    return b"".join(_bounded_chunks(zf, info, cap, where))


class _StopScan(Exception):
    """Raised from the prolog scanner's target to stop lxml at the first element."""


class _PrologTarget:
    """An lxml parser target that notes a DOCTYPE and stops at the root element."""

    def __init__(self) -> None:
        self.found_dtd = False

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        self.found_dtd = True
        raise _StopScan

    def start(self, tag: str | bytes, attrib: dict[Any, Any], nsmap: Any = None) -> None:
        raise _StopScan

    def end(self, tag: str | bytes) -> None:
        pass

    def data(self, data: str | bytes) -> None:
        pass

    def comment(self, text: str | bytes) -> None:
        pass

    def close(self) -> None:
        pass


def _has_doctype(chunks: Iterator[bytes]) -> bool:
    """True if the XML's prolog declares a DTD; reads only up to the first element.

    lxml reads the prolog, so a DTD after long comments or in a UTF-16 part is found. Bytes
    that are not XML at all (images) stop at once and count as no DTD: they are no XML
    parser's input.
    """
    target = _PrologTarget()
    parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True, load_dtd=False)
    try:
        for chunk in chunks:
            parser.feed(chunk)
        parser.close()
    except _StopScan:
        pass
    except etree.XMLSyntaxError:
        pass
    return target.found_dtd


def _refuse_dtds(zf: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    """Refuse the package if any member's prolog holds a DTD.

    Every member is scanned, not only ``.xml``/``.rels``: python-docx and openpyxl parse
    parts by content type, so an XML part may have any name. Binary members stop at their
    first bytes.
    """
    for info in zf.infolist():
        if info.is_dir() or info.file_size == 0:
            continue
        cap = min(info.file_size, limits.max_member_bytes)
        if _has_doctype(_bounded_chunks(zf, info, cap, path)):
            raise RefusedFile(path, f"{info.filename} {_DTD_REASON}")


def parse_xml(
    data: bytes, *, where: str, path: Path | None = None, limits: Limits = DEFAULT_LIMITS
) -> etree._Element:
    """Parse untrusted XML: no entities, no DTD, no network, no huge trees.

    Problems raise :class:`RefusedFile` (so callers need no second error type): for
    ``path`` when given, else for ``where``; the reason names ``where`` (the file and/or
    part, e.g. ``"word/comments.xml"``). Nesting deeper than libxml2's 256 levels and text
    nodes over 10 MB are refused as limits, not tracebacks.
    """
    refused = path or Path(where)
    if len(data) > limits.max_xml_part_bytes:
        raise RefusedFile(
            refused,
            f"{where} is {_mib(len(data))} of XML (limit {_mib(limits.max_xml_part_bytes)})",
        )
    if _DOCTYPE.search(data[:_CHUNK]) or _has_doctype(iter((data,))):
        raise RefusedFile(refused, f"{where} {_DTD_REASON}")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise RefusedFile(
            refused, f"{where} {_xml_problem(exc)}; a damaged or hostile file"
        ) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise RefusedFile(refused, f"{where} {_DTD_REASON}")
    return root


def _xml_problem(exc: BaseException) -> str:
    """An lxml error in plain words ("is …"/"has …"): the two limits by name, else
    libxml2's own message."""
    text = str(exc)
    if "Excessive depth" in text or ("depth" in text.lower() and "nest" in text.lower()):
        return "is nested more than 256 levels deep, which Office never writes"
    if "Text node too long" in text or "huge text node" in text or "xmlSAX2Characters" in text:
        return "has a text node over 10 MB, which Office never writes"
    if "Resource limit exceeded" in text or "XML_PARSE_HUGE" in text:
        return f"exceeds a limit of the XML parser ({_short(exc)})"
    return f"is not well-formed XML ({_short(exc)})"


def _zip_kind(zf: zipfile.ZipFile, path: Path, limits: Limits) -> str:
    """docx or xlsx from the main content type; macro files and others are refused."""
    data = _read_member(zf, "[Content_Types].xml", limits, path)
    main: str | None = None
    if data is not None:
        root = parse_xml(data, where="[Content_Types].xml", path=path, limits=limits)
        for child in root:
            kind = child.get("ContentType", "")
            if kind in _MAIN_TYPES:
                main = kind
                break
    if main in (_DOCM_MAIN, _DOTM_MAIN):
        raise RefusedFile(path, "a macro-enabled Word file (.docm); save it as .docx")
    if main in (_XLSM_MAIN, _XLTM_MAIN):
        raise RefusedFile(path, "a macro-enabled Excel file (.xlsm); save it as .xlsx")
    names = {n.casefold() for n in zf.namelist()}
    if any(n.rsplit("/", 1)[-1].startswith("vbaproject") for n in names):
        raise RefusedFile(
            path, "contains macros (vbaProject.bin); save it as a plain .docx/.xlsx without macros"
        )
    if main in (_DOCX_MAIN, _DOTX_MAIN):
        if "word/document.xml" not in names:
            raise RefusedFile(
                path, "a Word file without word/document.xml; a damaged file, save it again"
            )
        return "docx"
    if main in (_XLSX_MAIN, _XLTX_MAIN):
        if "xl/workbook.xml" not in names:
            raise RefusedFile(
                path, "an Excel file without xl/workbook.xml; a damaged file, save it again"
            )
        return "xlsx"
    # No main content type (a hand-made or damaged package): go by the main part's name,
    # and let the library report what else is missing.
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise RefusedFile(path, "a zip file that is neither a Word (.docx) nor an Excel (.xlsx) file")


def _sniff(path: Path, limits: Limits) -> tuple[str, zipfile.ZipFile | None]:
    """The kind, and for docx/xlsx the checked, open zip (the caller closes it)."""
    check_size(path, limits)
    head = _head(path)
    if head.startswith(_OLE_MAGIC):
        raise RefusedFile(path, _ole_kind(path))
    if head.startswith(_PDF_MAGIC):
        raise RefusedFile(path, "a PDF; send the .docx or the comment form instead")
    if head.startswith(_EMPTY_ZIP):
        raise RefusedFile(path, "an empty zip archive, not a Word or Excel file")
    if head.startswith(_ZIP_MAGIC):
        zf = check_zip(path, limits)
        try:
            return _zip_kind(zf, path, limits), zf
        except BaseException:
            zf.close()
            raise
    if head.startswith(b"{\\rtf"):
        raise RefusedFile(path, "an RTF file; open it in Word and save it as .docx")
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")) or _looks_like_text(head):
        return "csv", None
    raise RefusedFile(
        path, "not a Word, Excel or CSV file (unknown binary content); send a .docx, .xlsx or .csv"
    )


def sniff(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """ "docx", "xlsx" or "csv" from the content, never the name; anything else is refused.

    For a zip this includes :func:`check_zip` and the macro check, not the DTD scan (which
    inflates each part's prolog; :func:`open_docx` and :func:`open_xlsx` do it).
    """
    kind, zf = _sniff(path, limits)
    if zf is not None:
        zf.close()
    return kind


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_like_text(head: bytes) -> bool:
    if _utf16_without_bom(head) is not None:
        return True
    if b"\x00" in head:
        # Mostly printable with a few NULs: call it text so decode_text gives the precise
        # reason ("contains NUL bytes") instead of "unknown binary".
        printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in head)
        return printable > 0.7 * len(head)
    # Stray control characters happen in real CSVs (pasted from other programs); binary
    # formats are full of them.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls <= len(head) // 10


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 by its pattern: text in Latin scripts has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _checked_package(path: Path, limits: Limits, kind: str) -> None:
    """Sniff, check the zip and refuse DTDs before a library opens the package."""
    found, zf = _sniff(path, limits)
    if zf is None:
        names = {"docx": "a Word document", "xlsx": "an Excel workbook"}
        raise RefusedFile(path, f"not a Word or Excel file (it reads as text); send {names[kind]}")
    with zf:
        if found != kind:
            names = {"docx": "a Word document", "xlsx": "an Excel workbook"}
            raise RefusedFile(path, f"{names[found]}, not {names[kind]}")
        _refuse_dtds(zf, path, limits)


def open_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> DocxDocument:
    """Check the package without inflating it, then open it with python-docx.

    Size, sniff, zip check, macro and DTD checks come first; whatever python-docx or lxml
    raises on a damaged package becomes a :class:`RefusedFile`.
    """
    import docx

    _checked_package(path, limits, "docx")
    try:
        with zipfile.ZipFile(path) as zf:
            strict = is_strict(zf)
        # Word's Strict Open XML format: the same parts under other namespace names.
        return docx.Document(transitional_package(path) if strict else str(path))
    except etree.LxmlError as exc:
        raise RefusedFile(
            path,
            f"the document's XML cannot be read: it {_xml_problem(exc)}; a damaged or hostile file",
        ) from exc
    except RecursionError as exc:
        raise RefusedFile(path, "the document is nested too deeply to read") from exc
    except Exception as exc:
        # python-docx raises PackageNotFoundError, KeyError, ValueError, AttributeError and
        # more on malformed packages; each means the same to the user.
        raise RefusedFile(
            path, f"not a readable Word document ({_short(exc)}); open it in Word and save it again"
        ) from exc


def open_xlsx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Any:
    """An openpyxl workbook, read-only: formulas never evaluated, external links ignored.

    The same checks as :func:`open_docx` first. The workbook keeps the file open: call
    ``close()`` on it. Worksheets are read lazily, so a damaged sheet can still fail while
    rows are iterated.
    """
    from openpyxl.reader.excel import ExcelReader

    _checked_package(path, limits, "xlsx")
    try:
        reader = ExcelReader(str(path), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:
        raise RefusedFile(path, f"not a readable Excel workbook ({_short(exc)})") from exc
    try:
        # load_workbook() does the same two steps but leaves the zip open when read() fails.
        reader.read()
    except Exception as exc:  # openpyxl raises many kinds; all mean "cannot read this"
        reader.archive.close()
        raise RefusedFile(
            path, f"not a readable Excel workbook ({_short(exc)}); save it again in Excel"
        ) from exc
    return reader.wb


class TextBudget:
    """All text read from one file, counted against ``max_text_chars``.

    Limits on one cell or one comment do not bound a file: an .xlsx stores a long text
    once and may reference it from every row.
    """

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.limit = limits.max_text_chars
        self.used = 0

    def add(self, chars: int, where: str) -> None:
        self.used += chars
        if self.used > self.limit:
            raise RefusedFile(
                self.path,
                f"more than {grouped(self.limit)} characters of text (at {where}); a file"
                " that small cannot hold that much unless it repeats itself; split it",
            )


def sheet_rows(
    ws: Any, path: Path, limits: Limits = DEFAULT_LIMITS, budget: TextBudget | None = None
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, values) for every row of a read-only worksheet that holds a value.

    Read from the cells the sheet really holds, never from its claimed ``<dimension>``,
    and sparsely: empty rows are not produced and a row is as long as its last value
    (openpyxl pads every row to the widest one, so one value in column XFD makes every
    row 16 384 cells). Limits: ``max_sheet_cells`` values per sheet, ``max_columns``, and
    the file's :class:`TextBudget`. A damaged sheet (invalid cell references, broken XML)
    is a :class:`RefusedFile`.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import WorkSheetParser

    title = str(getattr(ws, "title", "sheet"))
    wb = ws.parent
    cells = 0
    try:
        with ws._get_source() as src:
            parser = WorkSheetParser(
                src,
                ws._shared_strings,
                data_only=wb.data_only,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            for number, row in parser.parse():
                found = [(c["column"], c["value"]) for c in row if c["value"] is not None]
                if not found:
                    continue
                where = f"sheet {title!r} row {number}"
                cells += len(found)
                if cells > limits.max_sheet_cells:
                    raise RefusedFile(
                        path,
                        f"more than {grouped(limits.max_sheet_cells)} cells with values in"
                        f" sheet {title!r}; split the file",
                    )
                last = max(column for column, _ in found)
                if number < 1 or min(column for column, _ in found) < 1:
                    raise RefusedFile(path, f"{where} has an invalid cell reference")
                if last > limits.max_columns:
                    raise RefusedFile(
                        path,
                        f"{where} has a value in column {get_column_letter(last)}; comment"
                        f" sheets have at most {limits.max_columns} columns",
                    )
                values: list[Any] = [None] * last
                chars = 0
                for column, value in found:
                    values[column - 1] = value
                    if isinstance(value, str):
                        chars += len(value)
                if budget is not None:
                    budget.add(chars, where)
                yield number, tuple(values)
    except RefusedFile:
        raise
    except Exception as exc:  # openpyxl and lxml raise many kinds; all mean "damaged"
        raise RefusedFile(
            path, f"sheet {title!r} cannot be read ({_short(exc)}); save it again in Excel"
        ) from exc


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def read_text_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a CSV or other text file, refusing files over ``max_file_bytes``."""
    check_size(path, limits)
    with path.open("rb") as fh:
        # Read one byte past the limit: a file that grew since stat() is still refused.
        data = fh.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise RefusedFile(path, f"the file is over the limit of {_mib(limits.max_file_bytes)}")
    return data


# cp1252 leaves five bytes undefined; text with them is in no encoding Excel writes.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode_text(data: bytes, *, path: Path) -> tuple[str, str]:
    """(text, encoding) of a text file: BOM, UTF-16 without BOM, UTF-8, then cp1252.

    The BOM is removed. The encoding is the codec name used (``utf-8-sig``, ``utf-16``,
    ``utf-16-le``, ``utf-16-be``, ``utf-8`` or ``cp1252``).
    """
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise RefusedFile(
                    path,
                    f"broken {encoding} text at byte {exc.start}; save it again as CSV UTF-8",
                ) from exc
    bomless = _utf16_without_bom(data)
    if bomless is not None:
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(bomless), bomless
    if b"\x00" in data:
        raise RefusedFile(path, "contains NUL bytes: not a text file; send it as CSV UTF-8")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _CP1252_UNDEFINED.intersection(data):
        raise RefusedFile(path, "unknown text encoding; save it as CSV UTF-8 and send it again")
    return data.decode("cp1252"), "cp1252"


# XML 1.0 allows tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000 up; everything
# else here is what python-docx refuses to write (lone surrogates included).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_xml_text(text: str) -> tuple[str, int]:
    """Text without the characters XML 1.0 forbids, and how many were removed.

    One C-speed regex pass; text with nothing to clean is returned as the same object.
    """
    if _ILLEGAL_XML.search(text) is None:
        return text, 0
    return _ILLEGAL_XML.subn("", text)


# -- letters, OpenDocument and e-mail (issue 14) ----------------------------------------------

_ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_MAIL_HEADER = re.compile(
    rb"^(?:(?:Return-Path|Received|From|To|Date|Subject|Message-ID|MIME-Version|Delivered-To"
    rb"|X-[\w-]+|Content-Type|Reply-To|Cc|Sender|DKIM-Signature|ARC-[\w-]+)[ \t]*:)",
    re.IGNORECASE,
)


def _looks_like_email(head: bytes) -> bool:
    """An RFC 5322 message: it starts with header fields, among them From and one of
    Date/Subject/MIME-Version/Received, before the first empty line."""
    if not _MAIL_HEADER.match(head):
        return False
    block = head.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    names = {
        line.split(b":", 1)[0].strip().lower()
        for line in block.splitlines()
        if line[:1] not in (b" ", b"\t") and b":" in line
    }
    return b"from" in names and bool(names & {b"date", b"subject", b"mime-version", b"received"})


def sniff_submission(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """What a submission file is, from its content: "pdf", "odt", "ods", "eml", else what
    :func:`sniff` says ("docx", "xlsx", "csv"). A file ``sniff`` refuses stays refused.

    For an OpenDocument zip the same central-directory checks as for Office files run
    first (:func:`check_zip`); its ``mimetype`` member names the kind.
    """
    check_size(path, limits)
    head = _head(path)
    if head.startswith(_PDF_MAGIC) or (b"%PDF-" in head[:1024] and not head.startswith(_ZIP_MAGIC)):
        return "pdf"
    if head.startswith(_ZIP_MAGIC):
        with check_zip(path, limits) as zf:
            mimetype = _read_member(zf, "mimetype", limits, path)
        if mimetype is not None:
            kind = _ODF_TYPES.get(mimetype.strip().decode("ascii", "replace"))
            if kind is not None:
                return kind
            if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                raise RefusedFile(
                    path,
                    "an OpenDocument file that is neither a text (.odt) nor a spreadsheet (.ods)",
                )
    if _looks_like_email(head.lstrip(b"\r\n")):
        return "eml"
    return sniff(path, limits)


def open_odf(
    path: Path, limits: Limits = DEFAULT_LIMITS
) -> tuple[etree._Element, etree._Element | None]:
    """An OpenDocument file's ``content.xml`` and ``styles.xml`` roots, parsed like an
    Office part: the zip checked from its directory, DTDs refused in every member, reads
    bounded, no entities or network."""
    with check_zip(path, limits) as zf:
        _refuse_dtds(zf, path, limits)
        names = {n.casefold() for n in zf.namelist()}
        if any(n.startswith("basic/") or n.startswith("scripts/") for n in names):
            raise RefusedFile(path, "contains macros (Basic/ scripts); save it without macros")
        content = _read_member(zf, "content.xml", limits, path)
        styles = _read_member(zf, "styles.xml", limits, path)
    if content is None:
        raise RefusedFile(path, "an OpenDocument file without content.xml; a damaged file")
    root = parse_xml(content, where="content.xml", path=path, limits=limits)
    style_root = parse_xml(styles, where="styles.xml", path=path, limits=limits) if styles else None
    return root, style_root
