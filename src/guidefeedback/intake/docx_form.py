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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree

from .. import ooxml
from .tables import Collector, GridRow, Header, Metadata, find_header, metadata_lines_from_rows
from .tables import read_metadata as read_metadata_lines

_GRID_SPAN = ooxml.w("gridSpan")
_GRID_BEFORE = ooxml.w("gridBefore")
_TC_PR = ooxml.w("tcPr")
_TR_PR = ooxml.w("trPr")


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


def read_form_tables(body: etree._Element, collector: Collector) -> FormRead:
    """Read every comment table in ``body`` into ``collector``; details into metadata."""
    lines: list[str] = []
    table_no = 0
    previous: Header | None = None
    found = False
    for block in ooxml.iter_blocks(body):
        if block.tag == ooxml.W_P:
            lines.append(ooxml.paragraph_text(block))
            continue
        table_no += 1
        rows = table_grid(block, table_no)
        width = max((len(r.cells) for r in rows), default=0)
        header = find_header(rows)
        if header is not None:
            found = True
            lines.extend(metadata_lines_from_rows(rows[: header.index]))
            collector.read_block(rows[header.index + 1 :], header)
            previous = header
        elif previous is not None and width == previous.width:
            collector.read_block(rows, previous)
        else:
            previous = None
            lines.extend(metadata_lines_from_rows(rows))
        lines.append("")
    if not found:
        return FormRead(False, None, Metadata())
    votes = Counter(collector.styles)
    style = max(votes, key=lambda s: (votes[s], s == "iso")) if votes else None
    return FormRead(True, style, read_metadata_lines(lines))
