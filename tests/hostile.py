"""Generators of hostile (and a few valid) input files, for any test to reuse.

Each ``make_xxx(tmp_path) -> Path`` writes one file into ``tmp_path`` and returns its path.
Files are built by the generator itself, never checked in, and big ones are written in
streaming chunks so no test holds them in memory. Names end in what a submitter would
have called the file (a .docm renamed .docx is ``macros.docx``), since only the content
may decide what a file is.
"""

from __future__ import annotations

import base64
import os
import struct
import zipfile
from pathlib import Path

import docx
import openpyxl

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f'xmlns:w="{W_NS}"'
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCM_TYPE = b"application/vnd.ms-word.document.macroEnabled.main+xml"
DOCX_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSM_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MiB = 1024 * 1024


# --- valid files ------------------------------------------------------------------------


def make_valid_docx(tmp_path: Path, name: str = "draft.docx") -> Path:
    """A plain python-docx document with a heading, a paragraph and a table."""
    d = docx.Document()
    d.add_heading("Scope", 1)
    d.add_paragraph("Buyers should talk to the market.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Section"
    table.cell(0, 1).text = "Comment"
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "Fine."
    p = tmp_path / name
    d.save(str(p))
    return p


def make_valid_xlsx(tmp_path: Path, name: str = "comments.xlsx") -> Path:
    """An openpyxl workbook with a header, one comment row and a formula."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Section", "Comment"])
    ws.append(["1", "Fine."])
    ws["C2"] = "=1+1"
    p = tmp_path / name
    wb.save(p)
    wb.close()
    return p


def _rewrite_zip(
    source: Path,
    target: Path,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """A copy of ``source`` with some members replaced and some added."""
    replace = replace or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for name, data in (add or {}).items():
            out.writestr(name, data)
    return target


def _docx_with_document(tmp_path: Path, name: str, document_xml: bytes) -> Path:
    """A real python-docx package whose word/document.xml is ``document_xml``."""
    source = make_valid_docx(tmp_path, f".{name}.source.docx")
    target = _rewrite_zip(source, tmp_path / name, replace={"word/document.xml": document_xml})
    source.unlink()
    return target


def _zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _content_types(main: bytes = DOCX_TYPE, part: str = "/word/document.xml") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="' + part.encode() + b'" ContentType="' + main + b'"/></Types>'
    )


# --- not what the name says ---------------------------------------------------------------


def make_not_a_zip(tmp_path: Path) -> Path:
    """Binary junk named .docx."""
    p = tmp_path / "letter.docx"
    p.write_bytes(b"\x89\x01\x02\x03\x04\x05\x06\x07 junk \x08\x0e\x0f" * 200)
    return p


def make_empty(tmp_path: Path) -> Path:
    p = tmp_path / "empty.docx"
    p.write_bytes(b"")
    return p


def make_png(tmp_path: Path) -> Path:
    """Another binary format (a PNG header and noise)."""
    p = tmp_path / "scan.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return p


def make_pdf(tmp_path: Path) -> Path:
    p = tmp_path / "comments.pdf"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer\n%%EOF\n")
    return p


def make_rtf(tmp_path: Path) -> Path:
    p = tmp_path / "letter.docx"
    p.write_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 Hello}\n")
    return p


def _ole(path: Path, stream_names: list[str]) -> Path:
    # Only the magic and the UTF-16LE directory names matter to sniffing; a real compound
    # file's layout is not needed to be refused.
    body = b"".join(n.encode("utf-16-le") + b"\0" * (64 - 2 * len(n)) for n in stream_names)
    path.write_bytes(OLE_MAGIC + b"\0" * 504 + body + b"\0" * 512)
    return path


def make_ole_encrypted(tmp_path: Path) -> Path:
    """An encrypted OOXML file: an OLE container with EncryptionInfo/EncryptedPackage."""
    return _ole(tmp_path / "secret.docx", ["Root Entry", "EncryptionInfo", "EncryptedPackage"])


def make_ole_legacy_doc(tmp_path: Path) -> Path:
    """A Word 97–2003 .doc renamed .docx."""
    return _ole(tmp_path / "old.docx", ["Root Entry", "WordDocument", "1Table"])


def make_ole_legacy_xls(tmp_path: Path) -> Path:
    return _ole(tmp_path / "old.xlsx", ["Root Entry", "Workbook"])


def make_ole_unknown(tmp_path: Path) -> Path:
    """OLE magic and nothing recognisable after it."""
    return _ole(tmp_path / "mystery.docx", ["Root Entry"])


# --- macros, wrong or missing parts -------------------------------------------------------


def make_docm(tmp_path: Path) -> Path:
    """A .docm renamed .docx: macro-enabled main content type and a vbaProject.bin."""
    source = make_valid_docx(tmp_path, ".docm-source.docx")
    with zipfile.ZipFile(source) as z:
        types = z.read("[Content_Types].xml").replace(DOCX_TYPE, DOCM_TYPE)
    p = _rewrite_zip(
        source,
        tmp_path / "macros.docx",
        replace={"[Content_Types].xml": types},
        add={"word/vbaProject.bin": b"\xcc" * 512},
    )
    source.unlink()
    return p


def make_docx_with_vba(tmp_path: Path) -> Path:
    """A plain .docx content type that still carries a vbaProject.bin part."""
    source = make_valid_docx(tmp_path, ".vba-source.docx")
    p = _rewrite_zip(source, tmp_path / "sneaky.docx", add={"word/vbaProject.bin": b"\xcc" * 512})
    source.unlink()
    return p


def make_xlsm(tmp_path: Path) -> Path:
    """A .xlsm renamed .xlsx."""
    source = make_valid_xlsx(tmp_path, ".xlsm-source.xlsx")
    with zipfile.ZipFile(source) as z:
        types = z.read("[Content_Types].xml").replace(XLSX_TYPE, XLSM_TYPE)
    p = _rewrite_zip(
        source,
        tmp_path / "macros.xlsx",
        replace={"[Content_Types].xml": types},
        add={"xl/vbaProject.bin": b"\xcc" * 512},
    )
    source.unlink()
    return p


def make_no_document(tmp_path: Path) -> Path:
    """A Word content type, but no word/document.xml."""
    return _zip(
        tmp_path / "hollow.docx",
        {"[Content_Types].xml": _content_types(), "word/styles.xml": f"<w:styles {W}/>"},
    )


def make_no_workbook(tmp_path: Path) -> Path:
    """An Excel content type, but no xl/workbook.xml."""
    return _zip(
        tmp_path / "hollow.xlsx",
        {
            "[Content_Types].xml": _content_types(XLSX_TYPE, "/xl/workbook.xml"),
            "xl/styles.xml": "<styleSheet/>",
        },
    )


def make_plain_zip(tmp_path: Path) -> Path:
    """A zip of unrelated files named .docx."""
    return _zip(tmp_path / "archive.docx", {"readme.txt": "hello", "data/a.csv": "a,b\n"})


# --- zip structure ------------------------------------------------------------------------


def make_zip_bomb(tmp_path: Path, megabytes: int = 300) -> Path:
    """~300 MB of zeros in word/document.xml, written in 1 MiB chunks (never held whole)."""
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _content_types())
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"\0" * MiB
            for _ in range(megabytes):
                fh.write(block)
    return p


def make_ratio_bomb(tmp_path: Path) -> Path:
    """A 20 MiB image part of zeros: under the size limits, but compressed ~1000 times."""
    source = make_valid_docx(tmp_path, ".ratio-source.docx")
    p = tmp_path / "picture.docx"
    _rewrite_zip(source, p)
    with zipfile.ZipFile(p, "a", zipfile.ZIP_DEFLATED) as z, z.open("word/media/a.png", "w") as fh:
        for _ in range(20):
            fh.write(b"\0" * MiB)
    source.unlink()
    return p


def make_many_members(tmp_path: Path, count: int = 5000) -> Path:
    p = tmp_path / "crowded.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", _content_types())
        z.writestr("word/document.xml", f"<w:document {W}/>")
        for i in range(count):
            z.writestr(f"word/media/x{i}.bin", b"x")
    return p


def make_huge_directory(tmp_path: Path) -> Path:
    """An end record that claims 65 000 members (and holds none)."""
    p = tmp_path / "directory.docx"
    p.write_bytes(
        b"PK\x03\x04"
        + b"\0" * 26
        + b"PK\x05\x06"
        + struct.pack("<HHHHIIH", 0, 0, 65_000, 65_000, 0, 0, 0)
    )
    return p


def make_zip64_many_members(tmp_path: Path, count: int = 70_000) -> Path:
    """More members than a plain end record can count: the count is in the zip64 record."""
    p = tmp_path / "crowded64.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", f"<w:document {W}/>")
        for i in range(count):
            z.writestr(f"m/{i}", b"")
    return p


def make_duplicate_members(tmp_path: Path) -> Path:
    """word/document.xml twice: zipfile lets the last copy win, Word may show the first."""
    p = tmp_path / "twice.docx"
    first = zipfile.ZipInfo("word/document.xml")
    second = zipfile.ZipInfo("word/dokument.xml")
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("[Content_Types].xml", _content_types())
        z.writestr(first, f"<w:document {W}/>")
        z.writestr(second, f"<w:document {W}><w:body/></w:document>")
    # zipfile warns when asked to write a duplicate name; write a near-name and patch it in
    # place (same length) so the test runs warning-free.
    data = p.read_bytes().replace(b"word/dokument.xml", b"word/document.xml")
    p.write_bytes(data)
    return p


def make_case_duplicates(tmp_path: Path) -> Path:
    return _zip(
        tmp_path / "case.docx",
        {
            "[Content_Types].xml": _content_types(),
            "word/document.xml": f"<w:document {W}/>",
            "Word/Document.xml": f"<w:document {W}/>",
        },
    )


TRAVERSAL_NAMES = ("../../etc/passwd", "/etc/passwd", "word\\..\\..\\evil.xml", "C:/evil.xml")


def make_traversal(tmp_path: Path, member: str = "../../etc/passwd") -> Path:
    """A member whose name escapes the folder it would be extracted to."""
    return _zip(
        tmp_path / "escape.docx",
        {
            "[Content_Types].xml": _content_types(),
            "word/document.xml": f"<w:document {W}/>",
            member: "root:x:0:0",
        },
    )


def _patch_central(path: Path, member: str, offset: int, fmt: str, value: int) -> None:
    """Overwrite one field of ``member``'s central directory entry (and local header)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    with zipfile.ZipFile(path) as z:
        header_offset = z.getinfo(member).header_offset
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len] == name:
            struct.pack_into(fmt, data, pos + offset, value)
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    else:
        raise AssertionError(f"{member} not in the central directory")
    # The local header's fields sit 2 bytes earlier (no "version made by" field).
    struct.pack_into(fmt, data, header_offset + offset - 2, value)
    path.write_bytes(bytes(data))


def make_lying_sizes(tmp_path: Path) -> Path:
    """word/document.xml declares 1 000 bytes but inflates to ~4 MB."""
    body = b"<w:p><w:r><w:t>text</w:t></w:r></w:p>" * 100_000
    xml = f"<w:document {W}><w:body>".encode() + body + b"</w:body></w:document>"
    p = _docx_with_document(tmp_path, "liar.docx", xml)
    _patch_central(p, "word/document.xml", 24, "<I", 1000)
    return p


def make_encrypted_member(tmp_path: Path) -> Path:
    """A zip whose document part has the "encrypted" flag (zip passwords, not Office's)."""
    p = make_valid_docx(tmp_path, "locked.docx")
    with zipfile.ZipFile(p) as z:
        flags = z.getinfo("word/document.xml").flag_bits
    _patch_central(p, "word/document.xml", 8, "<H", flags | 0x1)
    return p


# --- XML --------------------------------------------------------------------------------


def make_external_entity(tmp_path: Path) -> Path:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<w:document "
        + W.encode()
        + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _docx_with_document(tmp_path, "xxe.docx", xml)


def billion_laughs_xml() -> bytes:
    entities = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><w:document {W}><w:body><w:p><w:r>'
        "<w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def make_billion_laughs(tmp_path: Path) -> Path:
    return _docx_with_document(tmp_path, "laughs.docx", billion_laughs_xml())


def make_dtd_after_comment(tmp_path: Path) -> Path:
    """A DTD after 20 KB of comment that itself contains a fake element start."""
    xml = (
        b'<?xml version="1.0"?><!-- <w:document> '
        + b"padding " * 2500
        + b'--><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document '
        + W.encode()
        + b"><w:body/></w:document>"
    )
    return _docx_with_document(tmp_path, "hidden-dtd.docx", xml)


def make_utf16_dtd(tmp_path: Path) -> Path:
    """document.xml in UTF-16 with a DTD: a byte search for "<!DOCTYPE" misses it."""
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "y">]>'
        f"<w:document {W}><w:body/></w:document>"
    ).encode("utf-16")
    return _docx_with_document(tmp_path, "wide-dtd.docx", xml)


def make_dtd_in_other_part(tmp_path: Path) -> Path:
    """The DTD is in a part with no .xml name (parts are parsed by content type)."""
    source = make_valid_docx(tmp_path, ".other-source.docx")
    p = _rewrite_zip(
        source,
        tmp_path / "custom.docx",
        add={"customXml/item1.dat": b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://e/x"><x/>'},
    )
    source.unlink()
    return p


def deep_xml(depth: int = 10_000) -> bytes:
    inner = "<w:tbl><w:tr><w:tc>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth
    return f"<w:document {W}><w:body>{inner}</w:body></w:document>".encode()


def make_deep_nesting(tmp_path: Path, depth: int = 10_000) -> Path:
    """Tables nested 10 000 deep in document.xml (libxml2 stops at 256 levels)."""
    return _docx_with_document(tmp_path, "deep.docx", deep_xml(depth))


def make_huge_text_node(tmp_path: Path) -> Path:
    """One 12 MB text node (libxml2 refuses text nodes over 10 MB without huge_tree).

    The text is random base64, so the compression ratio stays normal and only the XML
    limit catches it.
    """
    text = base64.b64encode(os.urandom(9 * MiB))
    xml = (
        f"<w:document {W}><w:body><w:p><w:r><w:t>".encode()
        + text
        + b"</w:t></w:r></w:p></w:body></w:document>"
    )
    return _docx_with_document(tmp_path, "long-run.docx", xml)


# --- text ---------------------------------------------------------------------------------

CSV_TEXT = "Avsnitt;Synpunkt\n3.2;Upphandlingen bör göras om – “snarast”.\n"


def make_csv_with_nul(tmp_path: Path) -> Path:
    p = tmp_path / "nul.csv"
    p.write_bytes(b"Section,Comment\n1,fine\n2,bad\x00 byte here and there\n" * 3)
    return p


def make_csv_unknown_encoding(tmp_path: Path) -> Path:
    """Not UTF-8, and bytes cp1252 leaves undefined."""
    p = tmp_path / "weird.csv"
    p.write_bytes("Section;Comment\n1;Upphandling ".encode("cp1252") + b"\x81\x8d\x9d\n")
    return p


def make_csv_huge_field(tmp_path: Path, megabytes: int = 10) -> Path:
    """One quoted field of 10 MB; decoding must cope, readers apply their own limits."""
    p = tmp_path / "long.csv"
    with p.open("wb") as fh:
        fh.write(b'Section,Comment\n1,"')
        for _ in range(megabytes):
            fh.write(b"x" * MiB)
        fh.write(b'"\n')
    return p


def make_csv_utf8_bom(tmp_path: Path) -> Path:
    """Excel's "CSV UTF-8": a BOM before the first header."""
    p = tmp_path / "excel-utf8.csv"
    p.write_bytes(CSV_TEXT.encode("utf-8-sig"))
    return p


def make_csv_utf16_le(tmp_path: Path) -> Path:
    """Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated."""
    p = tmp_path / "excel-unicode.csv"
    p.write_bytes(b"\xff\xfe" + CSV_TEXT.replace(";", "\t").encode("utf-16-le"))
    return p


def make_csv_utf16_le_no_bom(tmp_path: Path) -> Path:
    p = tmp_path / "no-bom.csv"
    p.write_bytes(CSV_TEXT.encode("utf-16-le"))
    return p


def make_csv_cp1252(tmp_path: Path) -> Path:
    """Excel's plain "CSV" on a Swedish Windows: cp1252 (curly quotes and the en dash)."""
    p = tmp_path / "excel-ansi.csv"
    p.write_bytes(CSV_TEXT.encode("cp1252"))
    return p


def make_csv_control_chars(tmp_path: Path) -> Path:
    """Characters XML cannot hold (bell, form feed, vertical tab) pasted into a comment."""
    p = tmp_path / "ctrl.csv"
    p.write_bytes(b"Section,Comment\n1,Bell\x07 and form\x0c feed\x0b\n")
    return p


# --- amplification: small files that expand -------------------------------------------------

_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _raw_xlsx(path: Path, sheet_xml: bytes, shared: list[str] | None = None) -> Path:
    """A minimal .xlsx written member by member (as a hostile tool would), one sheet."""
    from xml.sax.saxutils import escape

    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="' + XLSX_TYPE.decode() + '"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_SHEET_NS}" xmlns:r="{_REL_NS}">'
        '<sheets><sheet name="Comments" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    strings = "".join(f"<si><t>{escape(s)}</t></si>" for s in (shared or []))
    shared_xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_SHEET_NS}" count="{len(shared or [])}"'
        f' uniqueCount="{len(shared or [])}">{strings}</sst>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        z.writestr("xl/sharedStrings.xml", shared_xml)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def _sheet(rows: str, dimension: str = "") -> bytes:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_SHEET_NS}">{dim}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def _header_row() -> str:
    return '<row r="1"><c r="A1" t="inlineStr"><is><t>Section</t></is></c><c r="B1" t="inlineStr"><is><t>Comment</t></is></c></row>'


def make_shared_string_amplifier(tmp_path: Path, rows: int = 60_000) -> Path:
    """One 99 000-character shared string referenced from every one of 60 000 rows: under
    1 MB on disk, 5.9 billion characters once read."""
    body = _header_row() + "".join(
        f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="B{n}" t="s"><v>0</v></c></row>'
        for n in range(2, rows + 2)
    )
    return _raw_xlsx(tmp_path / "echo.xlsx", _sheet(body), shared=["word " * 19_800])


def make_far_column(tmp_path: Path, rows: int = 4_000) -> Path:
    """A value in column XFD (the last of 16 384) on every row."""
    body = _header_row() + "".join(
        f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="B{n}" t="inlineStr"><is><t>Comment {n}</t></is></c>'
        f'<c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'
        for n in range(2, rows + 2)
    )
    return _raw_xlsx(tmp_path / "wide.xlsx", _sheet(body))


def make_invalid_cell_reference(tmp_path: Path) -> Path:
    """Cell references that are no cell: "B0" and "!!"."""
    body = (
        _header_row()
        + '<row r="2"><c r="A2"><v>1</v></c><c r="!!" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    return _raw_xlsx(tmp_path / "badref.xlsx", _sheet(body))


def make_claimed_dimension(tmp_path: Path, source: Path) -> Path:
    """``source`` (an .xlsx) with every sheet claiming the whole grid A1:XFD1048576."""
    import re

    target = tmp_path / f"claims-{source.name}"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(
                    rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD1048576"/>', data
                )
                if b"<dimension" not in data:
                    data = data.replace(
                        b"<sheetData", b'<dimension ref="A1:XFD1048576"/><sheetData', 1
                    )
            out.writestr(info.filename, data)
    return target


def make_sparse_file(path: Path, size: int = 2 * 1024**3) -> Path:
    """A file of ``size`` bytes that takes no disk space (a hole)."""
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def make_media_member(
    tmp_path: Path, *, method: int | None = None, encrypted: bool = False
) -> Path:
    """A valid .docx with one media part that is password-protected or uses a compression
    method Office never writes (Deflate64 is method 9)."""
    p = make_valid_docx(tmp_path, "picture.docx")
    with zipfile.ZipFile(p, "a", zipfile.ZIP_STORED) as z:
        z.writestr("word/media/image1.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    if method is not None:
        _patch_central(p, "word/media/image1.png", 10, "<H", method)
    if encrypted:
        _patch_central(p, "word/media/image1.png", 8, "<H", 0x1)
    return p
