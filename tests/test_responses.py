"""The editors' workflow: answers, inheritance, worksheets round trip, conflicts, history."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest

from guidefeedback.model import (
    Comment,
    DraftDoc,
    LocateMethod,
    Location,
    Submission,
    Unit,
    UnitKind,
)
from guidefeedback.records import ClusterRecord, PartRef
from guidefeedback.responses import parse_disposition
from guidefeedback.store import Store, open_store

from .conftest import run_cli


def _project(db_path: Path) -> tuple[list[int], list[int]]:
    """A draft, two submissions with three comments each, and two clusters.

    Returns (cluster ids, comment ids).
    """
    store = open_store(db_path)
    units = (
        Unit(1, UnitKind.HEADING, "Capacity", "3", section="3", level=1, number="3"),
        Unit(2, UnitKind.PARAGRAPH, "Buyers should talk to the market.", "3¶1", "3", 1, 1),
        Unit(3, UnitKind.HEADING, "Funding", "4", section="4", level=1, number="4"),
        Unit(4, UnitKind.PARAGRAPH, "Funding comes from many sources.", "4¶1", "4", 1, 2),
    )
    draft = store.add_draft(
        DraftDoc("Guidance", "en", "d" * 64, "g.docx", units), content=b"draft"
    ).draft_id
    for n, org in enumerate(("Agency A", "Region B"), start=1):
        comments = (
            Comment(1, "row 1", f"{org}: explain market dialogue better", section="3"),
            Comment(2, "row 2", f"{org}: market dialogue needs examples", section="3"),
            Comment(3, "row 3", f"{org}: operating costs are missing", section="4"),
        )
        sub = Submission(f"{n}.csv", str(n) * 64, "csv", comments, organisation=org)
        locations = [
            Location(2, LocateMethod.SECTION),
            Location(2, LocateMethod.SECTION),
            Location(4, LocateMethod.SECTION),
        ]
        store.add_submission(draft, sub, locations, content=str(n).encode())
    ids = [c.id for c in store.list_comments(draft_id=draft)]
    dialogue = tuple(ids[i] for i in (0, 1, 3, 4))
    funding = (ids[2], ids[5])
    saved = _save(store, draft, [dialogue, funding], [None, None])
    store.close()
    return list(saved), ids


def _save(
    store: Store, draft: int, groups: list[tuple[int, ...]], reuse: list[int | None]
) -> tuple[int, ...]:
    records = [
        ClusterRecord(
            tuple(PartRef(c) for c in g),
            f"label {i}",
            g[0],
            (str(3 + i),),
            ("Agency A",),
            1,
            {"te": len(g)},
        )
        for i, g in enumerate(groups)
    ]
    return store.save_analysis(
        draft,
        clusters=records,
        reuse_ids=reuse,
        campaigns=[],
        threshold=0.5,
        model=None,
        seconds=0.1,
        comment_count=sum(len(g) for g in groups),
    ).cluster_ids


def test_parse_disposition_english_and_swedish() -> None:
    assert parse_disposition("Accepted") == "accepted"
    assert parse_disposition("delvis beaktad") == "partially"
    assert parse_disposition(" Not  accepted ") == "rejected"
    assert parse_disposition("Ej beaktad") == "rejected"
    assert parse_disposition("") is None
    with pytest.raises(ValueError, match="unknown disposition"):
        parse_disposition("maybe")


def test_set_inherit_override_and_history(db_path: Path) -> None:
    (k1, k2), ids = _project(db_path)
    assert (
        run_cli("respond", "set", f"K{k1}", "-d", "accepted", "-a", "We add examples.").exit_code
        == 0
    )
    status = json.loads(run_cli("respond", "status", "D1", "--json").stdout)
    assert status["clusters"] == {"total": 2, "answered": 1}
    assert status["comments"]["answered"] == 4
    assert status["comments"]["by_cluster_answer"] == 4
    assert status["open_clusters"] == [f"K{k2}"]
    # One comment answered on its own overrides its cluster's answer.
    assert run_cli("respond", "set", f"C{ids[0]}", "-d", "noted", "-a", "See 3.3.").exit_code == 0
    status = json.loads(run_cli("respond", "status", "D1", "--json").stdout)
    assert status["comments"]["by_own_answer"] == 1
    assert status["by_disposition"] == {"accepted": 3, "noted": 1}
    run_cli("respond", "set", f"K{k1}", "-d", "partially", "--editor", "Eva")
    history = json.loads(run_cli("respond", "history", f"K{k1}", "--json").stdout)
    assert [(h["old_disposition"], h["new_disposition"]) for h in history] == [
        (None, "accepted"),
        ("accepted", "partially"),
    ]
    assert history[1]["new_answer"] == "We add examples."
    assert history[1]["editor"] == "Eva"


def _fill_xlsx(path: Path, answers: dict[str, tuple[str, str]]) -> None:
    """Fill a worksheet the way a person does in Excel: type into the cells, save."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Answers"]
    header = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == "ID")
    col = {name: i + 1 for i, name in enumerate(header)}
    for number, row in enumerate(ws.iter_rows(min_row=1), start=1):
        ident = row[0].value
        if isinstance(ident, str) and ident in answers:
            disposition, answer = answers[ident]
            ws.cell(row=number, column=col["Disposition"], value=disposition)
            ws.cell(row=number, column=col["Answer"], value=answer)
    wb.save(path)


def _touch_xlsx(path: Path) -> None:
    """Save a worksheet again with a note in its title row: other bytes, same answers."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Answers"]
    ws["A1"] = f"{ws['A1'].value} (checked)"
    wb.save(path)


def test_xlsx_worksheet_round_trip(tmp_path: Path, db_path: Path) -> None:
    (k1, k2), _ = _project(db_path)
    sheet = tmp_path / "ws.xlsx"
    result = run_cli("respond", "worksheet", "D1", "-o", sheet)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(sheet)["Answers"]
    ids = [r[0] for r in ws.iter_rows(min_row=5, values_only=True)]
    assert ids[0] == f"K{k1}" and len(ids) == 2 + 6
    assert ws.data_validations.dataValidation[0].formula1.startswith('"Accepted,')
    _fill_xlsx(
        sheet,
        {f"K{k1}": ("Accepted", "We add two examples."), f"K{k2}": ("Noted", "Out of budget.")},
    )
    imported = run_cli("respond", "import", sheet)
    assert imported.exit_code == 0, imported.output
    assert "2 answers changed" in imported.stdout
    status = json.loads(run_cli("respond", "status", "D1", "--json").stdout)
    assert status["comments"] == {
        "total": 6,
        "answered": 6,
        "by_own_answer": 0,
        "by_cluster_answer": 6,
    }
    # Importing the same worksheet again changes nothing and records nothing.
    history = run_cli("respond", "history", f"K{k1}", "--json").stdout
    again = run_cli("respond", "import", sheet)
    assert again.exit_code == 0
    assert "already applied; nothing changed" in again.stdout
    assert run_cli("respond", "history", f"K{k1}", "--json").stdout == history
    # The same answers in a file saved again (other bytes) are unchanged, not conflicts.
    _touch_xlsx(sheet)
    resaved = run_cli("respond", "import", sheet)
    assert "0 answers changed, 2 unchanged, 0 conflicts" in resaved.stdout


def test_two_worksheets_conflict_and_nothing_is_lost(tmp_path: Path, db_path: Path) -> None:
    (k1, _), _ = _project(db_path)
    first, second = tmp_path / "eva.xlsx", tmp_path / "olle.xlsx"
    run_cli("respond", "worksheet", "D1", "-o", first)
    run_cli("respond", "worksheet", "D1", "-o", second)
    _fill_xlsx(first, {f"K{k1}": ("Accepted", "Eva's answer")})
    _fill_xlsx(second, {f"K{k1}": ("Not accepted", "Olle's answer")})
    assert run_cli("respond", "import", first).exit_code == 0
    result = run_cli("respond", "import", second)
    assert result.exit_code == 1
    assert f"conflict K{k1}" in result.stderr
    history = json.loads(run_cli("respond", "history", f"K{k1}", "--json").stdout)
    assert [(h["new_answer"], h["status"]) for h in history] == [
        ("Eva's answer", "applied"),
        ("Olle's answer", "conflict"),
    ]
    status = json.loads(run_cli("respond", "status", "D1", "--json").stdout)
    assert status["by_disposition"] == {"accepted": 4}


def test_worksheet_for_merged_cluster_is_a_conflict(tmp_path: Path, db_path: Path) -> None:
    (k1, k2), ids = _project(db_path)
    sheet = tmp_path / "ws.xlsx"
    run_cli("respond", "worksheet", "D1", "-o", sheet)
    store = open_store(db_path)
    _save(store, 1, [tuple(ids)], [k1])  # K2 merged into K1 after the worksheet was made
    store.close()
    _fill_xlsx(sheet, {f"K{k2}": ("Accepted", "Too late")})
    result = run_cli("respond", "import", sheet)
    assert result.exit_code == 1
    assert f"cluster K{k2} no longer exists" in result.stderr


def test_docx_worksheet_round_trip_in_swedish(tmp_path: Path, db_path: Path) -> None:
    (k1, k2), _ = _project(db_path)
    sheet = tmp_path / "ws.docx"
    assert run_cli("respond", "worksheet", "D1", "-o", sheet, "--lang", "sv").exit_code == 0
    document = docx.Document(str(sheet))
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[:3] == ["ID", "Rad", "Avsnitt"] and "Ställningstagande" in header
    for row in table.rows[1:]:
        if row.cells[0].text == f"K{k1}":
            row.cells[header.index("Ställningstagande")].text = "Delvis beaktad"
            row.cells[header.index("Svar")].text = "Vi förtydligar avsnittet."
    document.save(str(sheet))
    result = run_cli("respond", "import", sheet, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[0]
    assert report["changed"] == [{"id": f"K{k1}", "disposition": "partially", "revision": 1}]
    unanswered = tmp_path / "open.xlsx"
    run_cli("respond", "worksheet", "D1", "-o", unanswered, "--unanswered")
    ws = openpyxl.load_workbook(unanswered)["Answers"]
    clusters = [r[0] for r in ws.iter_rows(min_row=5, values_only=True) if r[1] == "cluster"]
    assert clusters == [f"K{k2}"]


def test_section_worksheets_import_in_any_order(tmp_path: Path, db_path: Path) -> None:
    (k1, k2), _ = _project(db_path)
    capacity, funding = tmp_path / "chapter3.xlsx", tmp_path / "chapter4.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", capacity, "--section", "3").exit_code == 0
    assert run_cli("respond", "worksheet", "D1", "-o", funding, "--section", "4").exit_code == 0
    ids3 = [
        r[0]
        for r in openpyxl.load_workbook(capacity)["Answers"].iter_rows(min_row=5, values_only=True)
    ]
    assert f"K{k1}" in ids3 and f"K{k2}" not in ids3
    _fill_xlsx(capacity, {f"K{k1}": ("Accepted", "Chapter 3 answer")})
    _fill_xlsx(funding, {f"K{k2}": ("Noted", "Chapter 4 answer")})
    # The later worksheet first: no conflicts either way.
    assert run_cli("respond", "import", funding).exit_code == 0
    assert run_cli("respond", "import", capacity).exit_code == 0
    status = json.loads(run_cli("respond", "status", "D1", "--json").stdout)
    assert status["clusters"] == {"total": 2, "answered": 2}
