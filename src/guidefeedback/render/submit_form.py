"""The form the drafting body sent, filled in place with the joint comments.

The received file is untrusted: it is sniffed and its zip checked by
:mod:`..safe_open`, and only the parts we change are parsed (without entities or DTDs).
The comment table and its columns are found with intake's header matching
(:func:`..intake.tables.find_header`), so a form is understood here exactly as ``check``
and ``collect`` understand it.

Word (.docx)
    The body table whose header names the most comment columns; when no body table has a
    header (the ISO template puts it in the page header), the page headers' tables are
    searched and the first body table with as many grid columns is the comment table.
    Blank rows the form offers after its last filled row are filled first; then rows are
    added as copies of the last data row (formatting kept, text replaced), or of the
    header row with its bold, shading and repeat-as-header removed when the form has no
    data row. Only ``word/document.xml`` is rewritten, and in it only that table's rows:
    every other part is copied byte for byte.

Excel (.xlsx)
    The sheet whose early rows hold the best header. Rows are written after the last
    non-empty row as inline strings (the shared-string table stays as it was; an inline
    string is never a formula), keeping a blank row's cell styles where the form has
    them. The sheet's ``<dimension>`` and an Excel table (``tableParts``) around the header
    grow to cover the new rows; every other part is copied byte for byte.

Values per column: the organisation column gets the coordinator's MB/NC code when its
header is the ISO wording ("MB/NC"), else its name; author/contact, e-mail and date come
from ``[coordinator]``; an id column is numbered; the type is written in the form's own
vocabulary (ge/te/ed for ISO, allmän/teknisk/redaktionell for a remiss form, General/…
otherwise); the comment cell holds the position and its supporters; the editors' answer
column and unknown columns stay empty.

Longer than our usual ~500 lines because filling a received form in place needs minimal edits of both WordprocessingML and SpreadsheetML, which share the row logic.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .. import ooxml
from ..atomic import atomic_output
from ..errors import RefusedFile
from ..intake.columns import match_header
from ..intake.tables import GridRow, Header, find_header, is_instruction_row
from ..responses import labels
from ..safe_open import (
    DEFAULT_LIMITS,
    Limits,
    check_zip,
    open_docx,
    open_xlsx,
    parse_xml,
    read_member,
    sniff,
)
from ..submit import JointComment, JointSubmission, clause_label, comment_cell, place_label
from .wordml import word_text

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NO_TABLE = (
    "no comment table found in the form: expected a header row naming columns such as"
    " Comment/Synpunkt and Clause/Avsnitt"
)


@dataclass(frozen=True, slots=True)
class _Target:
    """Where the joint comments go: the header's columns and the form's wording."""

    header: Header
    iso_organisation: bool
    type_words: str


_GLUED_MARK = re.compile(r"(?<=[^\W\d_])\d$")


def _target(header: Header) -> _Target:
    # A footnote number typed straight after a heading ("MB/NC1" in the ISO template) can
    # hide the column from the header vocabulary; read the heading without it.
    columns = list(header.columns)
    for i, (name, column) in enumerate(zip(header.names, columns, strict=True)):
        stripped = _GLUED_MARK.sub("", name.strip())
        if column is None and stripped != name.strip():
            hit = match_header(stripped)
            if hit is not None and hit[0] not in columns:
                columns[i] = hit[0]
    header = dataclasses.replace(header, columns=tuple(columns))
    iso_org = False
    for name, column in zip(header.names, header.columns, strict=True):
        if column == "organisation":
            hit = match_header(name) or match_header(_GLUED_MARK.sub("", name.strip()))
            iso_org = hit is not None and hit[1] == "iso"
    return _Target(header, iso_org, header.style)


def _type_word(code: str, style: str) -> str:
    if style == "iso":
        return code
    lang = "sv" if style == "remiss" else "en"
    return str(labels().get(lang, labels()["en"]).get("types", {}).get(code, code))


def row_values(sub: JointSubmission, joint: JointComment, target: _Target) -> list[str]:
    """The cells of one joint comment under the form's columns, in the form's order."""
    c = sub.coordinator
    header = target.header
    columns = list(header.columns)
    place = place_label(joint, sub.lang)
    has_paragraph = "paragraph" in columns
    values: list[str] = []
    for column in columns:
        value = ""
        if column == "organisation":
            value = (c.code or c.name) if target.iso_organisation else c.name
        elif column == "author":
            value = c.contact or c.signatory
        elif column == "email":
            value = c.email
        elif column == "date":
            value = sub.date.isoformat()
        elif column == "id":
            value = str(joint.number)
        elif column == "section":
            value = clause_label(joint, sub.lang)
        elif column == "paragraph" or (column == "table" and not has_paragraph):
            value = place
        elif column == "type":
            value = _type_word(joint.type, target.type_words)
        elif column == "text":
            value = comment_cell(joint, sub.lang, supporters=sub.options.supporters)
        elif column == "proposed":
            value = joint.proposed
        values.append(word_text(value))
    return values


def fill_form(
    sub: JointSubmission, form: Path, output: Path, *, limits: Limits = DEFAULT_LIMITS
) -> int:
    """Write ``form`` with the joint comments added to ``output``; the rows written."""
    kind = sniff(form, limits)
    # The whole package is checked as intake checks it (a DTD in any part, a damaged
    # part Word or Excel would choke on) before a byte of it is copied into our output.
    if kind == "docx":
        open_docx(form, limits)
        return _fill_docx(sub, form, output, limits)
    if kind == "xlsx":
        open_xlsx(form, limits).close()
        return _fill_xlsx(sub, form, output, limits)
    raise RefusedFile(form, "a received form must be a Word (.docx) or Excel (.xlsx) file")


def _rewrite_zip(
    form: Path, output: Path, zf: zipfile.ZipFile, changed: dict[str, bytes], limits: Limits
) -> None:
    """``form`` again with ``changed`` members replaced; every other member as it was."""
    with atomic_output(output) as tmp, zipfile.ZipFile(tmp, "w") as out:
        for info in zf.infolist():
            if info.filename in changed:
                data = changed[info.filename]
            else:
                data = read_member(zf, info.filename, limits, path=form) or b""
            out.writestr(copy.copy(info), data, compress_type=info.compress_type)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels(zf: zipfile.ZipFile, name: str, form: Path, limits: Limits) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target resolved against the part's folder)."""
    folder, _, base = name.rpartition("/")
    data = read_member(
        zf, f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels", limits, path=form
    )
    if data is None:
        return {}
    root = parse_xml(data, where=f"{name} relationships", path=form, limits=limits)
    out: dict[str, tuple[str, str]] = {}
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            parts = list((folder.split("/") if folder else []) + target.split("/"))
            stack: list[str] = []
            for p in parts:
                if p == "..":
                    if stack:
                        stack.pop()
                elif p and p != ".":
                    stack.append(p)
            resolved = "/".join(stack)
        out[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
    return out


# -- Word -----------------------------------------------------------------------------


def _grid(tbl: etree._Element) -> list[GridRow]:
    from ..intake.docx_form import table_grid

    return table_grid(tbl, 1)


def _width(tbl: etree._Element) -> int:
    grid = tbl.find(ooxml.w("tblGrid"))
    if grid is not None and len(grid):
        return len(grid.findall(ooxml.w("gridCol")))
    return max((len(r.cells) for r in _grid(tbl)), default=0)


def _find_docx_table(
    zf: zipfile.ZipFile, doc_name: str, body: etree._Element, form: Path, limits: Limits
) -> tuple[etree._Element, Header, int]:
    """The comment table, its header and the index of its first data row."""
    best: tuple[etree._Element, Header] | None = None
    tables = [b for b in ooxml.iter_blocks(body) if b.tag == ooxml.W_TBL]
    for tbl in tables:
        header = find_header(_grid(tbl))
        if header is not None and (best is None or header.score > best[1].score):
            best = (tbl, header)
    if best is not None:
        return best[0], best[1], best[1].index + 1
    # The ISO template: the headings are a table in the page header.
    for rel_type, part in _rels(zf, doc_name, form, limits).values():
        if rel_type != _HEADER_REL:
            continue
        data = read_member(zf, part, limits, path=form)
        if data is None:
            continue
        root = parse_xml(data, where=part, path=form, limits=limits)
        for htbl in (b for b in ooxml.iter_blocks(root) if b.tag == ooxml.W_TBL):
            header = find_header(_grid(htbl))
            if header is None:
                continue
            for tbl in tables:
                if _width(tbl) == header.width:
                    return tbl, header, 0
    raise RefusedFile(form, _NO_TABLE)


def _cells_by_column(tr: etree._Element) -> dict[int, etree._Element]:
    """Grid column → the cell that starts there (merge continuations left out)."""
    out: dict[int, etree._Element] = {}
    column = 0
    tr_pr = tr.find(ooxml.w("trPr"))
    if tr_pr is not None:
        column += ooxml.int_val(tr_pr.find(ooxml.w("gridBefore"))) or 0
    for tc in ooxml.row_cells(tr):
        tc_pr = tc.find(ooxml.w("tcPr"))
        span = (ooxml.int_val(tc_pr.find(ooxml.w("gridSpan"))) if tc_pr is not None else None) or 1
        if not ooxml.is_merge_continuation(tc):
            out[column] = tc
        column += span
    return out


def _set_cell_text(tc: etree._Element, text: str) -> None:
    """Replace a cell's paragraphs by ``text``, keeping the first paragraph's formatting."""
    paragraphs = tc.findall(ooxml.W_P)
    first = paragraphs[0] if paragraphs else None
    ppr = first.find(ooxml.W_PPR) if first is not None else None
    rpr = None
    if first is not None:
        run = first.find(f".//{ooxml.W_R}")
        if run is not None:
            rpr = run.find(ooxml.W_RPR)
        elif ppr is not None and ppr.find(ooxml.W_RPR) is not None:
            rpr = ppr.find(ooxml.W_RPR)
    for p in paragraphs:
        tc.remove(p)
    for line in text.split("\n") if text else [""]:
        p = etree.SubElement(tc, ooxml.W_P)
        if ppr is not None:
            p.append(copy.deepcopy(ppr))
        if line:
            r = etree.SubElement(p, ooxml.W_R)
            if rpr is not None:
                r.append(copy.deepcopy(rpr))
            t = etree.SubElement(r, ooxml.W_T)
            t.set(_XML_SPACE, "preserve")
            t.text = line


def _plain_copy(tr: etree._Element) -> etree._Element:
    """A copy of the header row to use as a data row: no bold, shading or header repeat."""
    row = copy.deepcopy(tr)
    for tag in ("tblHeader", "shd", "b", "bCs"):
        for element in list(row.iter(ooxml.w(tag))):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
    return row


def _fill_docx(sub: JointSubmission, form: Path, output: Path, limits: Limits) -> int:
    with check_zip(form, limits) as zf:
        doc_name = "word/document.xml"
        for rel_type, part in _rels(zf, "", form, limits).values():
            if rel_type == _OFFICE_DOC:
                doc_name = part
        data = read_member(zf, doc_name, limits, path=form)
        if data is None:
            raise RefusedFile(form, f"{doc_name} is missing; a damaged Word file")
        root = parse_xml(data, where=doc_name, path=form, limits=limits)
        body = root.find(ooxml.w("body"))
        if body is None:
            raise RefusedFile(form, f"{doc_name} has no body; a damaged Word file")
        tbl, header, start = _find_docx_table(zf, doc_name, body, form, limits)
        target = _target(header)
        trs = list(ooxml.table_rows(tbl))
        grid = _grid(tbl)
        last_filled = start - 1
        for index in range(start, len(grid)):
            row = grid[index]
            if row.is_empty() or (index == start and is_instruction_row(row, header)):
                continue
            last_filled = index
        blanks = [
            trs[i] for i in range(max(start, last_filled + 1), len(trs)) if grid[i].is_empty()
        ]
        if last_filled >= start:
            model = trs[last_filled]
            clean: Callable[[etree._Element], etree._Element] = copy.deepcopy
        elif blanks:
            model, clean = blanks[-1], copy.deepcopy
        elif start > 0:
            model, clean = trs[start - 1], _plain_copy
        else:
            raise RefusedFile(form, "the comment table has no row to copy")
        # New rows follow the last row written: a blank row of the form, or a copy.
        previous = trs[last_filled] if last_filled >= 0 else trs[-1]
        for joint in sub.comments:
            if blanks:
                tr = blanks.pop(0)
            else:
                tr = clean(model)
                previous.addnext(tr)
            previous = tr
            cells = _cells_by_column(tr)
            for column, value in enumerate(row_values(sub, joint, target)):
                tc = cells.get(column)
                if tc is not None:
                    _set_cell_text(tc, value)
        _rewrite_zip(form, output, zf, {doc_name: _serialise(root)}, limits)
    return len(sub.comments)


# -- Excel ----------------------------------------------------------------------------


def _s(tag: str) -> str:
    return f"{{{_SHEET_NS}}}{tag}"


_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell_value(c: etree._Element, shared: Sequence[str]) -> str:
    kind = c.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(_s("t")))
    v = c.find(_s("v"))
    if v is None or v.text is None:
        return ""
    if kind == "s":
        try:
            return shared[int(v.text)]
        except (ValueError, IndexError):
            return ""
    return v.text


def _shared_strings(zf: zipfile.ZipFile, part: str | None, form: Path, limits: Limits) -> list[str]:
    if part is None:
        return []
    data = read_member(zf, part, limits, path=form)
    if data is None:
        return []
    root = parse_xml(data, where=part, path=form, limits=limits)
    return ["".join(t.text or "" for t in si.iter(_s("t"))) for si in root.iter(_s("si"))]


def _sheet_grid(
    root: etree._Element, shared: Sequence[str], title: str, rows: int
) -> list[GridRow]:
    out: list[GridRow] = []
    data = root.find(_s("sheetData"))
    if data is None:
        return out
    for row in data.iter(_s("row")):
        number = int(row.get("r", len(out) + 1))
        if number > rows:
            break
        while len(out) < number - 1:
            out.append(GridRow(f"sheet {title!r} row {len(out) + 1}", ()))
        cells: list[str] = []
        for c in row.iter(_s("c")):
            match = _REF.match(c.get("r", ""))
            index = _column_index(match.group(1)) if match else len(cells)
            while len(cells) < index:
                cells.append("")
            cells.append(_cell_value(c, shared))
        out.append(GridRow(f"sheet {title!r} row {number}", tuple(cells)))
    return out


def _fill_xlsx(sub: JointSubmission, form: Path, output: Path, limits: Limits) -> int:
    from ..intake.tables import HEADER_SCAN_ROWS

    with check_zip(form, limits) as zf:
        book = "xl/workbook.xml"
        for rel_type, part in _rels(zf, "", form, limits).values():
            if rel_type == _OFFICE_DOC:
                book = part
        book_rels = _rels(zf, book, form, limits)
        shared_part = next((p for t, p in book_rels.values() if t.endswith("/sharedStrings")), None)
        shared = _shared_strings(zf, shared_part, form, limits)
        data = read_member(zf, book, limits, path=form)
        if data is None:
            raise RefusedFile(form, f"{book} is missing; a damaged Excel file")
        workbook = parse_xml(data, where=book, path=form, limits=limits)
        best: tuple[str, etree._Element, Header] | None = None
        for sheet in workbook.iter(_s("sheet")):
            rel = book_rels.get(sheet.get(_R_ID, ""))
            if rel is None:
                continue
            part = rel[1]
            raw = read_member(zf, part, limits, path=form)
            if raw is None:
                continue
            root = parse_xml(raw, where=part, path=form, limits=limits)
            header = find_header(_sheet_grid(root, shared, sheet.get("name", ""), HEADER_SCAN_ROWS))
            if header is not None and (best is None or header.score > best[2].score):
                best = (part, root, header)
        if best is None:
            raise RefusedFile(form, _NO_TABLE)
        part, root, header = best
        target = _target(header)
        header_row = header.index + 1
        sheet_data = root.find(_s("sheetData"))
        assert sheet_data is not None  # a header was found in it
        rows = {int(r.get("r", "0")): r for r in sheet_data.findall(_s("row"))}
        last = header_row
        for number, row in rows.items():
            if number > header_row and any(
                _cell_value(c, shared).strip() for c in row.iter(_s("c"))
            ):
                last = max(last, number)
        styles = _styles_below(rows, header_row, last)
        first = last + 1
        width = header.width
        for offset, joint in enumerate(sub.comments):
            number = first + offset
            existing = rows.get(number)
            if existing is not None:
                row = existing
            else:
                row = etree.Element(_s("row"), r=str(number))
                later = [n for n in rows if n > number]
                if later:
                    rows[min(later)].addprevious(row)
                else:
                    sheet_data.append(row)
                rows[number] = row
            for column, value in enumerate(row_values(sub, joint, target)):
                _put_inline(row, column, number, value, styles.get(column))
        new_last = first + len(sub.comments) - 1
        _grow_dimension(root, new_last, width)
        changed = {part: _serialise(root)}
        changed.update(_grow_tables(zf, part, form, limits, header_row, new_last))
        _rewrite_zip(form, output, zf, changed, limits)
    return len(sub.comments)


def _styles_below(rows: dict[int, etree._Element], header_row: int, last: int) -> dict[int, str]:
    """Cell styles per column from the form's first row under the header (blank or not)."""
    for number in sorted(n for n in rows if n > header_row):
        found: dict[int, str] = {}
        for c in rows[number].iter(_s("c")):
            match = _REF.match(c.get("r", ""))
            if match and c.get("s"):
                found[_column_index(match.group(1))] = str(c.get("s"))
        if found:
            return found
    return {}


def _put_inline(
    row: etree._Element, column: int, number: int, value: str, style: str | None
) -> None:
    if not value and style is None:
        return
    ref = f"{_column_letters(column)}{number}"
    cells = row.findall(_s("c"))
    cell = next((c for c in cells if c.get("r") == ref), None)
    if cell is None:
        cell = etree.Element(_s("c"), r=ref)
        if style:
            cell.set("s", style)
        later = [
            c
            for c in cells
            if (m := _REF.match(c.get("r", ""))) and _column_index(m.group(1)) > column
        ]
        if later:
            later[0].addprevious(cell)
        else:
            row.append(cell)
    if not value:
        # An empty cell keeps (or takes) the row's style, so borders run on unbroken.
        return
    for child in list(cell):
        cell.remove(child)
    cell.set("t", "inlineStr")
    inline = etree.SubElement(cell, _s("is"))
    t = etree.SubElement(inline, _s("t"))
    t.set(_XML_SPACE, "preserve")
    t.text = value


_RANGE = re.compile(r"^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$")


def _grown(ref: str, last_row: int, width: int | None = None) -> str:
    match = _RANGE.match(ref)
    if match is None:
        return ref
    c1, r1, c2, r2 = match.groups()
    c2, r2 = c2 or c1, r2 or r1
    if width is not None and _column_index(c2) < width - 1:
        c2 = _column_letters(width - 1)
    return f"{c1}{r1}:{c2}{max(int(r2), last_row)}"


def _grow_dimension(root: etree._Element, last_row: int, width: int) -> None:
    dimension = root.find(_s("dimension"))
    if dimension is not None and dimension.get("ref"):
        dimension.set("ref", _grown(str(dimension.get("ref")), last_row, width))


def _grow_tables(
    zf: zipfile.ZipFile, sheet: str, form: Path, limits: Limits, header_row: int, last_row: int
) -> dict[str, bytes]:
    """An Excel table whose header row is the form's header grows to the new last row."""
    changed: dict[str, bytes] = {}
    for rel_type, part in _rels(zf, sheet, form, limits).values():
        if not rel_type.endswith("/table"):
            continue
        data = read_member(zf, part, limits, path=form)
        if data is None:
            continue
        root = parse_xml(data, where=part, path=form, limits=limits)
        match = _RANGE.match(root.get("ref", ""))
        if match is None or int(match.group(2)) != header_row:
            continue
        root.set("ref", _grown(str(root.get("ref")), last_row))
        auto = root.find(_s("autoFilter"))
        if auto is not None and auto.get("ref"):
            auto.set("ref", _grown(str(auto.get("ref")), last_row))
        changed[part] = _serialise(root)
    return changed
