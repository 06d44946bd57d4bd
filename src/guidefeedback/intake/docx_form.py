"""Comment-form tables in a .docx (ISO/IEC/CEN, US federal, Swedish remiss).

Tables are read from the raw WordprocessingML through :mod:`guidefeedback.ooxml`, not
through python-docx's ``Table.cell()``, because python-docx repeats a horizontally merged
cell's text in every grid column it covers and has no idea of Word's text policy (content
controls, tracked insertions, hidden text). The rules:

- A cell's text is its paragraphs under the ooxml text policy, joined with newlines
  (nested tables included, in reading order).
- A cell spanning several grid columns (``w:gridSpan``) gives its text to its first
  column; the columns it covers are empty. ``w:gridBefore`` leaves its columns empty.
- A cell continuing a vertical merge (``w:vMerge`` without ``restart``) carries the text
  of the cell above it down (e.g. one organisation cell merged over all rows); carried
  text does not make an otherwise empty row a comment.
- Every table is checked for a header (see :mod:`.tables`); a table without one that has
  the same number of columns as the form table just before it is that table's
  continuation (a table split over pages, with or without its header repeated).
- Submitter details are read from the paragraphs of a document that has a form table,
  and from rows of other small tables ("Organisation | Agency X"), as "Label: value".
- **Headers in the page header.** The official ISO/IEC/CEN/CENELEC template (2012-03)
  puts its column headings (MB/NC, Line number, Clause/Subclause …) in a table in the
  *page header* (``word/header*.xml``, repeated on every page); the body holds a table
  of data rows only. A body table without a header row of its own, and not continuing
  the table before it, takes its columns from a page-header table of the same number of
  grid columns whose column widths line up (within 10 % of the table width: LibreOffice
  rescales the grid slightly when it saves the file again). The numbered variant, with a
  row "1 2 3 … 7" above the headings, is the same case: the number row is not a header.
  Every page header the document's sections name (default, first page, even pages) is
  tried, in that order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree

from .. import ooxml
from .tables import Collector, GridRow, Header, Metadata, metadata_lines_from_rows
from .tables import read_metadata as read_metadata_lines

_GRID_SPAN = ooxml.w("gridSpan")
_GRID_BEFORE = ooxml.w("gridBefore")
_TC_PR = ooxml.w("tcPr")
_TR_PR = ooxml.w("trPr")
_TBL_GRID = ooxml.w("tblGrid")
_GRID_COL = ooxml.w("gridCol")
_W_W = ooxml.w("w")
_SECT_PR = ooxml.w("sectPr")
_HEADER_REF = ooxml.w("headerReference")
_R_ID = f"{{{ooxml.R_NS}}}id"
_HEADER_ORDER = ("default", "first", "even")
GRID_TOLERANCE = 0.10
"""How far (share of the table's width) page-header and body columns may be apart."""


@dataclass(frozen=True, slots=True)
class PageHeaderTable:
    """A comment-table header found in a page header, with its column widths."""

    header: Header
    widths: tuple[int, ...]
    lines: tuple[str, ...]


def grid_widths(tbl: etree._Element) -> tuple[int, ...]:
    """The table's grid column widths in twips (0 where Word left one out)."""
    grid = tbl.find(_TBL_GRID)
    if grid is None:
        return ()
    widths: list[int] = []
    for col in grid.findall(_GRID_COL):
        try:
            widths.append(max(0, int(float(col.get(_W_W) or 0))))
        except ValueError:
            widths.append(0)
    return tuple(widths)


def grids_line_up(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Same number of columns, and every column edge within the tolerance."""
    if len(a) != len(b) or not a:
        return False
    total = max(sum(a), sum(b))
    if total <= 0 or 0 in a or 0 in b:
        return True  # no widths to compare: the column count has to do
    edge_a = edge_b = 0
    for x, y in zip(a, b, strict=True):
        edge_a += x
        edge_b += y
        if abs(edge_a - edge_b) > GRID_TOLERANCE * total:
            return False
    return True


def page_header_tables(doc: object, collector: Collector) -> list[PageHeaderTable]:
    """Comment-table headers in the page headers the document's sections use."""
    part = getattr(doc, "part", None)
    element = getattr(doc, "element", None)
    if part is None or element is None:
        return []
    refs: list[tuple[int, str]] = []
    for sect in element.iter(_SECT_PR):
        for ref in sect.findall(_HEADER_REF):
            kind = ref.get(ooxml.W_TYPE) or "default"
            rid = ref.get(_R_ID)
            if rid and (kind, rid) not in [(k, r) for k, r in refs]:
                order = _HEADER_ORDER.index(kind) if kind in _HEADER_ORDER else 3
                refs.append((order, rid))
    found: list[PageHeaderTable] = []
    seen: set[str] = set()
    related = getattr(part, "related_parts", {})
    for _, rid in sorted(refs):
        if rid in seen or rid not in related:
            continue
        seen.add(rid)
        blob = getattr(related[rid], "blob", None)
        if not isinstance(blob, bytes):
            continue
        try:
            root = ooxml.parse_part(blob)
        except etree.LxmlError:
            continue
        for number, tbl in enumerate(root.iter(ooxml.W_TBL), start=1):
            rows = table_grid(tbl, number)
            header = collector.find_header(rows)
            if header is not None:
                lines = tuple(metadata_lines_from_rows(rows[: header.index]))
                found.append(PageHeaderTable(header, grid_widths(tbl), lines))
    return found


@dataclass(frozen=True, slots=True)
class FormRead:
    """What the form part of a .docx gave: whether a form table was found, its style."""

    found: bool
    style: str | None
    metadata: Metadata


def cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs (nested tables included) as lines, empty paragraphs dropped."""
    lines: list[str] = []
    for block in ooxml.iter_blocks(tc):
        if block.tag == ooxml.W_P:
            text = ooxml.paragraph_text(block)
            if text:
                lines.append(text)
        else:
            for tr in ooxml.table_rows(block):
                parts = [cell_text(inner) for inner in ooxml.row_cells(tr)]
                line = " | ".join(p for p in parts if p)
                if line:
                    lines.append(line)
    return "\n".join(lines)


def table_grid(tbl: etree._Element, table_no: int) -> list[GridRow]:
    """The table's rows laid out on its grid (see the module docstring for merges)."""
    rows: list[GridRow] = []
    above: list[str] = []
    for row_no, tr in enumerate(ooxml.table_rows(tbl), start=1):
        cells: list[str] = []
        carried: set[int] = set()
        tr_pr = tr.find(_TR_PR)
        before = ooxml.int_val(tr_pr.find(_GRID_BEFORE)) if tr_pr is not None else None
        cells.extend([""] * max(0, min(before or 0, 64)))
        for tc in ooxml.row_cells(tr):
            tc_pr = tc.find(_TC_PR)
            span = ooxml.int_val(tc_pr.find(_GRID_SPAN)) if tc_pr is not None else None
            column = len(cells)
            if ooxml.is_merge_continuation(tc):
                value = above[column] if column < len(above) else ""
                if value:
                    carried.add(column)
            else:
                value = cell_text(tc)
            cells.append(value)
            # A merged cell's text belongs to its first grid column only.
            cells.extend([""] * max(0, min((span or 1) - 1, 64)))
        rows.append(GridRow(f"table {table_no} row {row_no}", tuple(cells), frozenset(carried)))
        above = cells
    return rows


def read_form_tables(
    body: etree._Element,
    collector: Collector,
    page_headers: list[PageHeaderTable] | None = None,
) -> FormRead:
    """Read every comment table in ``body`` into ``collector``; details into metadata.

    ``page_headers`` are the headers found in the page headers (see the module
    docstring), for body tables that have none of their own.
    """
    lines: list[str] = []
    table_no = 0
    previous: Header | None = None
    found = False
    used_page_header: set[int] = set()
    for block in ooxml.iter_blocks(body):
        if block.tag == ooxml.W_P:
            lines.append(ooxml.paragraph_text(block))
            continue
        table_no += 1
        rows = table_grid(block, table_no)
        width = max((len(r.cells) for r in rows), default=0)
        header = collector.find_header(rows)
        from_page = _page_header_for(block, width, page_headers or [])
        if header is not None:
            found = True
            lines.extend(metadata_lines_from_rows(rows[: header.index]))
            collector.read_block(rows[header.index + 1 :], header)
            previous = header
        elif previous is not None and width == previous.width:
            collector.read_block(rows, previous)
        elif from_page is not None:
            found = True
            index, page = from_page
            if index not in used_page_header:
                used_page_header.add(index)
                lines.extend(page.lines)
            collector.read_block(rows, page.header)
            previous = page.header
        else:
            previous = None
            lines.extend(metadata_lines_from_rows(rows))
        lines.append("")
    if not found:
        return FormRead(False, None, Metadata())
    votes = Counter(s for s in collector.styles if s)
    style = max(votes, key=lambda s: (votes[s], s == "iso")) if votes else ""
    return FormRead(True, style, read_metadata_lines(lines))


def _page_header_for(
    tbl: etree._Element, width: int, page_headers: list[PageHeaderTable]
) -> tuple[int, PageHeaderTable] | None:
    widths = grid_widths(tbl)
    for index, page in enumerate(page_headers):
        if page.header.width != width:
            continue
        if not widths or not page.widths or grids_line_up(widths, page.widths):
            return index, page
    return None
