"""Opening untrusted files: size and zip limits, XML without entities, format sniffing.

Every file a submitter sends is untrusted. The rules come from measurements on the
libraries we use (see ``shared/reliability.md``):

- A Word or Excel file is a zip. python-docx inflates *every* part before parsing, so the
  zip is checked from its central directory before anything is inflated: member count,
  declared sizes, compression ratio, duplicate names (also case-insensitively: with
  duplicates the last copy silently wins), unsafe names, macros, the main content type.
- Reading a member goes through a bounded reader that stops at the declared size or the
  limit, whichever is smaller, so a zip that lies about its sizes cannot inflate further.
- Office never writes a DTD; a part that contains ``<!DOCTYPE`` is refused. Parsing never
  resolves entities, loads DTDs or touches the network.
- Encrypted Office files and legacy .doc/.xls are OLE compound files; PDFs and other
  binaries are named as what they are, with what to do instead.
- Text is decoded by BOM, then strict UTF-8, then cp1252 (Excel's "CSV" on Windows).
- Outputs are written to a temporary file in the same folder, fsynced, then renamed.

Every refusal is a :class:`~guidefeedback.errors.RefusedFile`: one line naming the file,
what it is, and what to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from .errors import RefusedFile

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


@dataclass(frozen=True, slots=True)
class Limits:
    """Named limits for untrusted input (all documented in the README).

    - ``max_file_bytes``: the file as sent (50 MiB);
    - ``max_inflated_bytes``: all zip members together, uncompressed (250 MiB);
    - ``max_member_bytes``: one zip member, uncompressed (100 MiB);
    - ``max_members``: members in one zip (2 000; Word writes a few dozen);
    - ``max_compression_ratio``: uncompressed/compressed for members over 1 MiB (200; XML
      compresses 10–30×, a zip bomb thousands of times);
    - ``max_rows``: comment rows in one file (200 000);
    - ``max_comment_chars``: one comment (100 000 characters).
    """

    max_file_bytes: int = 50 * 1024 * 1024
    max_inflated_bytes: int = 250 * 1024 * 1024
    max_member_bytes: int = 100 * 1024 * 1024
    max_members: int = 2_000
    max_compression_ratio: float = 200.0
    max_rows: int = 200_000
    max_comment_chars: int = 100_000


DEFAULT_LIMITS = Limits()

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RATIO_FLOOR = 1024 * 1024
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)

_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_size(path: Path, limits: Limits) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RefusedFile(path, f"cannot be read ({exc.strerror})") from exc
    if size == 0:
        raise RefusedFile(path, "the file is empty")
    if size > limits.max_file_bytes:
        raise RefusedFile(
            path,
            f"the file is {size / 1048576:.0f} MiB; the limit is"
            f" {limits.max_file_bytes / 1048576:.0f} MiB",
        )
    return size


def _head(path: Path, n: int = 4096) -> bytes:
    with path.open("rb") as fh:
        return fh.read(n)


def _ole_kind(path: Path) -> str:
    """What an OLE compound file most likely is, from names in its directory."""
    with path.open("rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    if (
        "EncryptionInfo".encode("utf-16-le") in data
        or "EncryptedPackage".encode("utf-16-le") in data
    ):
        return (
            "a password-protected (encrypted) Office file; save it without a password as"
            " .docx or .xlsx and send it again"
        )
    if "WordDocument".encode("utf-16-le") in data:
        return "a legacy Word .doc file; open it in Word and save it as .docx"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "a legacy Excel .xls file; save it as .xlsx"
    return "an old-style Office file (OLE), not .docx/.xlsx; save it as .docx or .xlsx"


def _content_type_main(zf: zipfile.ZipFile, path: Path, limits: Limits) -> str | None:
    data = read_member(zf, "[Content_Types].xml", limits, path=path)
    if data is None:
        return None
    root = parse_xml(data, where=f"{path.name} [Content_Types].xml", path=path)
    for child in root:
        part = child.get("PartName", "")
        kind = child.get("ContentType", "")
        if part.lower() in ("/word/document.xml", "/xl/workbook.xml") or kind in (
            _DOCX_MAIN,
            _DOCM_MAIN,
            _DOTX_MAIN,
            _XLSX_MAIN,
            _XLSM_MAIN,
        ):
            return kind
    return None


def check_zip(path: Path, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open a zip and check it from its central directory, inflating nothing.

    Returns the open ``ZipFile`` (the caller closes it).
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise RefusedFile(path, f"a damaged zip/Office file ({exc})") from exc
    try:
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            raise RefusedFile(
                path,
                f"the zip has {len(infos)} members; Office files have far fewer (limit"
                f" {limits.max_members})",
            )
        seen: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            folded = name.casefold()
            if folded in seen:
                raise RefusedFile(path, f"the zip holds {name!r} twice; a damaged or tampered file")
            seen.add(folded)
            if (
                name.startswith(("/", "\\"))
                or "\\" in name
                or re.match(r"^[A-Za-z]:", name)
                or any(part == ".." for part in name.split("/"))
            ):
                raise RefusedFile(path, f"the zip has an unsafe member name {name!r}")
            if info.file_size > limits.max_member_bytes:
                raise RefusedFile(
                    path,
                    f"{name} would inflate to {info.file_size / 1048576:.0f} MiB (limit"
                    f" {limits.max_member_bytes / 1048576:.0f} MiB): a zip bomb or an oversized"
                    " file",
                )
            if (
                info.file_size > _RATIO_FLOOR
                and info.file_size > limits.max_compression_ratio * max(info.compress_size, 1)
            ):
                raise RefusedFile(
                    path,
                    f"{name} is compressed {info.file_size / max(info.compress_size, 1):.0f}"
                    " times; this looks like a zip bomb",
                )
            total += info.file_size
            if "vbaproject" in folded:
                raise RefusedFile(
                    path, "contains macros (vbaProject.bin); save it as a plain .docx/.xlsx"
                )
        if total > limits.max_inflated_bytes:
            raise RefusedFile(
                path,
                f"the zip would inflate to {total / 1048576:.0f} MiB (limit"
                f" {limits.max_inflated_bytes / 1048576:.0f} MiB)",
            )
    except BaseException:
        zf.close()
        raise
    return zf


def read_member(
    zf: zipfile.ZipFile, name: str, limits: Limits = DEFAULT_LIMITS, *, path: Path | None = None
) -> bytes | None:
    """A member's bytes, never more than its declared size or the member limit."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    cap = min(info.file_size, limits.max_member_bytes)
    where = path or Path(zf.filename or "file")
    try:
        with zf.open(info) as fh:
            data = fh.read(cap + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
        raise RefusedFile(where, f"{name} cannot be read ({exc})") from exc
    if len(data) > cap:
        raise RefusedFile(where, f"{name} is larger than the zip says; a tampered file")
    return data


def _refuse_dtds(zf: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    for info in zf.infolist():
        lower = info.filename.lower()
        if not (lower.endswith(".xml") or lower.endswith(".rels")):
            continue
        try:
            with zf.open(info) as fh:
                head = fh.read(min(info.file_size, 8192))
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError) as exc:
            raise RefusedFile(path, f"{info.filename} cannot be read ({exc})") from exc
        if _DOCTYPE.search(head):
            raise RefusedFile(
                path,
                f"{info.filename} contains a DTD (<!DOCTYPE>), which Office files never have",
            )


def parse_xml(data: bytes, *, where: str, path: Path | None = None) -> etree._Element:
    """Parse untrusted XML: no entities, no DTD, no network; errors become RefusedFile."""
    if _DOCTYPE.search(data[:8192]):
        raise RefusedFile(path or Path(where), f"{where} contains a DTD (<!DOCTYPE>)")
    try:
        return etree.fromstring(data, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise RefusedFile(path or Path(where), f"{where} is not well-formed XML ({exc})") from exc


def sniff(path: Path, limits: Limits = DEFAULT_LIMITS) -> str:
    """ "docx", "xlsx" or "csv" from the content; anything else is refused with its name."""
    _check_size(path, limits)
    head = _head(path)
    if head.startswith(_OLE_MAGIC):
        raise RefusedFile(path, _ole_kind(path))
    if head.startswith(b"%PDF"):
        raise RefusedFile(path, "a PDF; send the .docx or the comment form instead")
    if head.startswith(_EMPTY_ZIP):
        raise RefusedFile(path, "an empty zip archive, not a Word or Excel file")
    if head.startswith(_ZIP_MAGIC):
        with check_zip(path, limits) as zf:
            main = _content_type_main(zf, path, limits)
            names = {n.casefold() for n in zf.namelist()}
        if main in (_DOCM_MAIN,):
            raise RefusedFile(path, "a macro-enabled Word file (.docm); save it as .docx")
        if main in (_XLSM_MAIN,):
            raise RefusedFile(path, "a macro-enabled Excel file (.xlsm); save it as .xlsx")
        if "word/document.xml" in names and main in (_DOCX_MAIN, _DOTX_MAIN, None):
            return "docx"
        if "xl/workbook.xml" in names and main in (_XLSX_MAIN, None):
            return "xlsx"
        if main == _DOCX_MAIN:
            raise RefusedFile(path, "a Word file without word/document.xml; a damaged file")
        raise RefusedFile(
            path, "a zip file that is neither a Word (.docx) nor an Excel (.xlsx) file"
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")) or _looks_like_text(head):
        return "csv"
    if head.startswith((b"{\\rtf",)):
        raise RefusedFile(path, "an RTF file; save it as .docx")
    raise RefusedFile(path, "not a Word, Excel or CSV file (unknown binary content)")


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if _utf16_without_bom(head) is not None:
        return True
    if b"\x00" in head:
        # NUL bytes: decode_text gives the precise reason; sniff calls it text so the
        # CSV reader reports "contains NUL bytes" instead of "unknown binary".
        printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in head)  # rare path
        return printable > 0.7 * len(head)
    # Stray control characters happen in real CSVs (pasted from other programs); binary
    # formats are full of them.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls <= len(head) // 10


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _checked_package(path: Path, limits: Limits, kind: str) -> None:
    """Sniff, check the zip and refuse DTDs before a library opens the package."""
    found = sniff(path, limits)
    if found != kind:
        names = {"docx": "a Word document", "xlsx": "an Excel workbook", "csv": "a text/CSV file"}
        raise RefusedFile(path, f"{names[found]}, not {names[kind]}")
    with check_zip(path, limits) as zf:
        _refuse_dtds(zf, path, limits)


def open_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> DocxDocument:
    """Check the package without inflating it, then open it with python-docx."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _checked_package(path, limits, "docx")
    try:
        return docx.Document(str(path))
    except etree.XMLSyntaxError as exc:
        raise RefusedFile(path, f"the document's XML cannot be read ({_short(exc)})") from exc
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise RefusedFile(path, f"not a readable Word document ({_short(exc)})") from exc


def open_xlsx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Any:
    """An openpyxl workbook, read-only: formulas never evaluated, external links ignored."""
    import openpyxl

    _checked_package(path, limits, "xlsx")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds; all mean "cannot read this"
        raise RefusedFile(path, f"not a readable Excel workbook ({_short(exc)})") from exc


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def read_text_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a CSV or other text file, refusing files over ``max_file_bytes``."""
    _check_size(path, limits)
    return path.read_bytes()


# cp1252 leaves five bytes undefined; text with them is in no encoding Excel writes.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode_text(data: bytes, *, path: Path) -> tuple[str, str]:
    """(text, encoding) of a text file: BOM, UTF-16 without BOM, UTF-8, then cp1252."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise RefusedFile(path, f"broken {encoding} text at byte {exc.start}") from exc
    bomless = _utf16_without_bom(data)
    if bomless is not None:
        try:
            return data.decode(bomless), bomless
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise RefusedFile(path, "contains NUL bytes: not a text or CSV file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _CP1252_UNDEFINED.intersection(data):
        raise RefusedFile(path, "unknown text encoding; save it as CSV UTF-8 and send it again")
    return data.decode("cp1252"), "cp1252"


_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_xml_text(text: str) -> tuple[str, int]:
    """Text without the characters XML 1.0 forbids, and how many were removed."""
    cleaned, count = _ILLEGAL_XML.subn("", text)
    return cleaned, count


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path``; on success it replaces ``path`` atomically.

    On an exception the temporary file is removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    # mkstemp makes the file private (0600); outputs get the usual permissions instead.
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o666 & ~umask)
    try:
        yield tmp
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
