"""Draft import from real .docx files: units, locators, numbers, tables, footnotes, CLI."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from guidefeedback.drafts import read_draft
from guidefeedback.model import UnitKind

from . import docx_builders as b
from .conftest import run_cli


def _guidance(path: Path, *, title: str = "Guidance on testing") -> Path:
    """A small draft with automatic heading numbers, a list, a table and two footnotes."""
    d = b.new_document()
    d.core_properties.title = title
    d.add_paragraph(title, style="Title")
    d.add_paragraph("Draft for consultation.")
    b.number_headings(d)
    d.add_heading("Introduction", 1)
    first = d.add_paragraph("This guidance explains how to test procurement.")
    b.add_footnote(d, first, "Directive 2014/24/EU.")
    d.add_paragraph("It is written for public buyers.")
    d.add_heading("Scope", 2)
    d.add_paragraph("The scope covers all contracting authorities.")
    d.add_paragraph("Buyers of services", style="List Bullet")
    d.add_paragraph("Buyers of works", style="List Bullet")
    d.add_heading("Strategy", 1)
    d.add_heading("Targets", 2)
    d.add_heading("Detailed targets", 3)
    later = d.add_paragraph("Targets should be measurable.")
    b.add_footnote(d, later, "See Table 1.")
    b.add_table(
        d,
        [["Indicator", "Baseline", "Target"], ["Share of budget", "1 %", "3 %"]],
        caption="Table 1: Indicators",
    )
    d.add_paragraph("After the table.")
    annex = d.add_heading("Annex A Glossary", 1)
    b.set_numbering(annex, 0)
    d.add_paragraph("Innovation: a new or improved product.")
    return b.save(d, path)


def test_units_in_reading_order_with_locators(tmp_path: Path) -> None:
    doc = read_draft(_guidance(tmp_path / "g.docx"))
    rows = [(u.kind.value, u.number, u.locator) for u in doc.units]
    assert rows == [
        ("paragraph", None, "¶1"),
        ("paragraph", None, "¶2"),
        ("heading", "1", "1"),
        ("paragraph", None, "1¶1"),
        ("footnote", "1", "1¶1 fn1"),
        ("paragraph", None, "1¶2"),
        ("heading", "1.1", "1.1"),
        ("paragraph", None, "1.1¶1"),
        ("list_item", "•", "1.1¶2"),
        ("list_item", "•", "1.1¶3"),
        ("heading", "2", "2"),
        ("heading", "2.1", "2.1"),
        ("heading", "2.1.1", "2.1.1"),
        ("paragraph", None, "2.1.1¶1"),
        ("footnote", "2", "2.1.1¶1 fn2"),
        ("paragraph", None, "2.1.1¶2"),
        ("table_row", None, "2.1.1¶3"),
        ("table_row", None, "2.1.1¶4"),
        ("paragraph", None, "2.1.1¶5"),
        ("heading", "Annex A", "Annex A"),
        ("paragraph", None, "Annex A¶1"),
    ]
    assert [u.seq for u in doc.units] == list(range(1, len(doc.units) + 1))
    assert doc.title == "Guidance on testing"
    assert doc.language == "en"
    assert len(doc.sha256) == 64


def test_headings_levels_titles_and_running_numbers(tmp_path: Path) -> None:
    doc = read_draft(_guidance(tmp_path / "g.docx"))
    headings = [u for u in doc.units if u.kind is UnitKind.HEADING]
    assert [(h.level, h.heading_title) for h in headings] == [
        (1, "Introduction"),
        (2, "Scope"),
        (1, "Strategy"),
        (2, "Targets"),
        (3, "Detailed targets"),
        (1, "Glossary"),
    ]
    body = [u for u in doc.units if u.kind not in (UnitKind.HEADING, UnitKind.FOOTNOTE)]
    assert [u.running for u in body] == list(range(1, len(body) + 1))


def test_table_rows_carry_caption_and_cells(tmp_path: Path) -> None:
    doc = read_draft(_guidance(tmp_path / "g.docx"))
    rows = [u for u in doc.units if u.kind is UnitKind.TABLE_ROW]
    assert [(r.table, r.row, r.text) for r in rows] == [
        ("Table 1: Indicators", 1, "Indicator | Baseline | Target"),
        ("Table 1: Indicators", 2, "Share of budget | 1 % | 3 %"),
    ]
    footnotes = [u.text for u in doc.units if u.kind is UnitKind.FOOTNOTE]
    assert footnotes == ["Directive 2014/24/EU.", "See Table 1."]


def test_merged_cells_count_once(tmp_path: Path) -> None:
    d = b.new_document()
    d.add_heading("Data", 1)
    table = b.add_table(d, [["A", "B", "C"], ["x", "y", "z"], ["p", "q", "r"]])
    table.cell(1, 0).merge(table.cell(1, 1))
    table.cell(1, 2).merge(table.cell(2, 2))
    doc = read_draft(b.save(d, tmp_path / "m.docx"))
    rows = [u.text for u in doc.units if u.kind is UnitKind.TABLE_ROW]
    assert rows[0] == "A | B | C"
    assert rows[1].split(" | ")[0].split() == ["x", "y"]
    assert rows[1].count("|") == 1
    assert rows[2].endswith("q | ")


def test_typed_in_numbers_are_recognised(tmp_path: Path) -> None:
    d = b.new_document()
    for text, level in (
        ("1 Introduction", 1),
        ("1.1 Purpose", 2),
        ("2. Strategy", 1),
        ("Annex B Templates", 1),
    ):
        d.add_heading(text, level)
        d.add_paragraph(f"Text under {text}.")
    d.add_heading("2030 targets", 1)
    d.add_paragraph("Numbers that are years are not section numbers.")
    doc = read_draft(b.save(d, tmp_path / "t.docx"))
    headings = [(u.number, u.heading_title) for u in doc.units if u.kind is UnitKind.HEADING]
    assert headings == [
        ("1", "Introduction"),
        ("1.1", "Purpose"),
        ("2", "Strategy"),
        ("Annex B", "Templates"),
        (None, "2030 targets"),
    ]
    last = doc.units[-1]
    assert last.locator == "2030 targets¶1"


def test_heading_numbers_from_style_with_trailing_dot(tmp_path: Path) -> None:
    d = b.new_document()
    b.number_headings(d, texts=("%1.", "%1.%2."), fmts=("decimal", "decimal"), starts=(1, 1))
    for title, level in (("One", 1), ("One one", 2), ("One two", 2), ("Two", 1), ("Two one", 2)):
        d.add_heading(title, level)
    doc = read_draft(b.save(d, tmp_path / "n.docx"))
    assert [u.number for u in doc.units] == ["1", "1.1", "1.2", "2", "2.1"]


def test_swedish_draft_language_detected(tmp_path: Path) -> None:
    d = b.new_document()
    d.add_heading("Inledning", 1)
    d.add_paragraph(
        "Den här vägledningen beskriver hur offentliga organisationer kan använda "
        "upphandling för att främja innovation och hur de bör arbeta med marknadsdialog."
    )
    doc = read_draft(b.save(d, tmp_path / "sv.docx"))
    assert doc.language == "sv"


# -- command line --------------------------------------------------------------------------


def test_cli_import_show_json(tmp_path: Path) -> None:
    path = _guidance(tmp_path / "g.docx")
    result = run_cli("draft", "import", path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "D1"
    shown = json.loads(run_cli("draft", "show", "D1", "--json").stdout)
    units = shown["units"]
    assert units[2] == {
        "id": "D1.U3",
        "seq": 3,
        "kind": "heading",
        "level": 1,
        "number": "1",
        "section": "1",
        "para": 0,
        "running": 0,
        "locator": "1",
        "table": None,
        "row": None,
        "title": "Introduction",
        "text": "Introduction",
    }
    assert {u["kind"] for u in units} == {
        "heading",
        "paragraph",
        "list_item",
        "table_row",
        "footnote",
    }
    outline = run_cli("draft", "show", "D1").stdout
    assert "2.1.1    Detailed targets" in outline
    assert "Annex A  Glossary" in outline
    full = run_cli("draft", "show", "D1", "--all").stdout
    assert "2.1.1¶3" in full


def test_cli_reimport_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    path = _guidance(tmp_path / "g.docx")
    assert run_cli("draft", "import", path).exit_code == 0
    before = _dump(db_path)
    again = run_cli("draft", "import", path)
    assert again.exit_code == 0
    assert "already imported; nothing changed" in again.stdout
    assert _dump(db_path) == before


def test_cli_new_version_of_same_title(tmp_path: Path) -> None:
    run_cli("draft", "import", _guidance(tmp_path / "v1.docx"))
    d2 = _guidance(tmp_path / "v2.docx")
    # A different file (other bytes) with the same title is the next version.
    with zipfile.ZipFile(d2, "a") as z:
        z.writestr("docProps/custom-note.txt", "v2")
    result = run_cli("draft", "import", d2, "--version", "2.0", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(run_cli("draft", "list", "--json").stdout)
    assert [(r["id"], r["version"], r["title"]) for r in listed] == [
        ("D1", "1", "Guidance on testing"),
        ("D2", "2.0", "Guidance on testing"),
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not a zip file at all", "not"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "Office"),
    ],
)
def test_cli_refuses_unreadable_files(
    tmp_path: Path, db_path: Path, content: bytes, reason: str
) -> None:
    run_cli("draft", "import", _guidance(tmp_path / "ok.docx"))
    before = _dump(db_path)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    result = run_cli("draft", "import", bad)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "bad.docx" in lines[0] and reason in lines[0]
    assert _dump(db_path) == before


def test_cli_refuses_zip_without_document(tmp_path: Path, db_path: Path) -> None:
    bad = tmp_path / "empty.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    result = run_cli("draft", "import", bad)
    assert result.exit_code == 1
    assert "empty.docx" in result.stderr
    assert not db_path.exists() or _dump(db_path)["drafts"] == []


def _dump(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(db_path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select name from sqlite_master where type='table'"
                " and name not like 'sqlite_%' and instr(name, '_fts') = 0"
            )
        ]
        return {t: sorted(con.execute(f"select * from [{t}]").fetchall()) for t in tables}
    finally:
        con.close()
