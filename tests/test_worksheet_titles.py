"""The Title column of the editors' worksheet (issue 18): typed in, imported, kept.

A worksheet is written by the tool, filled as a person does it (a cell typed in openpyxl,
a Word table cell typed with python-docx, the file saved again by LibreOffice), imported
with `respond import`; what counts is what `clusters list --json` shows afterwards,
compared with what `cluster title` does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from .conftest import run_cli
from .test_editors_loop import _worksheet_project


def _clusters() -> dict[str, dict[str, Any]]:
    result = run_cli("clusters", "list", "--draft", "D1", "--json")
    assert result.exit_code == 0, result.output
    return {k["id"]: k for k in json.loads(result.stdout)}


def _type_into_xlsx(path: Path, cells: dict[str, dict[str, str | None]]) -> None:
    """Type values into the rows of the given ids, by column title, as Excel would."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Answers"]
    header = [c.value for c in ws[4]]
    col = {name: i for i, name in enumerate(header)}
    for row in ws.iter_rows(min_row=5):
        values = cells.get(str(row[0].value))
        for name, value in (values or {}).items():
            row[col[name]].value = value
    wb.save(path)


def _title_cell(path: Path, ident: str) -> Any:
    ws = openpyxl.load_workbook(path)["Answers"]
    header = [c.value for c in ws[4]]
    for row in ws.iter_rows(min_row=5, values_only=True):
        if row[0] == ident:
            return row[header.index("Title")]
    raise AssertionError(f"{ident} not in the worksheet")


def _largest(clusters: dict[str, dict[str, Any]]) -> str:
    return str(max(clusters.values(), key=lambda k: (k["size"], k["id"]))["id"])


def test_a_title_typed_into_the_xlsx_is_the_clusters_title_and_survives_reclustering(
    tmp_path: Path,
) -> None:
    _worksheet_project(tmp_path)
    before = _clusters()
    k = _largest(before)
    others = [c for c in before if c != k]
    sheet = tmp_path / "ws.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", sheet).exit_code == 0
    # The cell shows the title the cluster has now.
    assert _title_cell(sheet, k) == before[k]["title"]

    _type_into_xlsx(sheet, {k: {"Title": "  Market dialogue needs   worked examples "}})
    result = run_cli("respond", "import", sheet)
    assert result.exit_code == 0, result.output
    assert f"title {k}: Market dialogue needs worked examples" in result.stdout
    after = _clusters()
    assert after[k]["title"] == "Market dialogue needs worked examples"
    assert after[k]["title_by_editor"] is True
    # Untouched Title cells change nothing.
    for other in others:
        assert after[other]["title"] == before[other]["title"]
        assert after[other]["title_by_editor"] is False

    # Exactly what `cluster title` stores for the same text.
    if others:
        typed = run_cli("cluster", "title", others[0], "  Market dialogue needs   worked examples ")
        assert typed.exit_code == 0, typed.output
        by_command = _clusters()[others[0]]
        assert (by_command["title"], by_command["title_by_editor"]) == (
            after[k]["title"],
            after[k]["title_by_editor"],
        )

    # Kept across re-clustering, and shown in the next worksheet and the report.
    assert run_cli("cluster", "--draft", "D1").exit_code == 0
    assert _clusters()[k]["title"] == "Market dialogue needs worked examples"
    again = tmp_path / "again.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", again).exit_code == 0
    assert _title_cell(again, k) == "Market dialogue needs worked examples"
    out = tmp_path / "out"
    assert run_cli("render", "D1", "--out", out, "--format", "html").exit_code == 0
    assert "Market dialogue needs worked examples" in (out / "comment-response.html").read_text(
        encoding="utf-8"
    )


def test_a_worksheet_with_answers_only_leaves_every_title(tmp_path: Path) -> None:
    _worksheet_project(tmp_path)
    before = _clusters()
    k = _largest(before)
    sheet = tmp_path / "ws.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", sheet).exit_code == 0
    _type_into_xlsx(sheet, {k: {"Disposition": "Accepted", "Answer": "Examples are added."}})
    result = run_cli("respond", "import", sheet, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["titles"] == []
    assert _clusters() == before


def test_a_title_changed_since_the_worksheet_was_made_is_a_conflict(tmp_path: Path) -> None:
    _worksheet_project(tmp_path)
    k = _largest(_clusters())
    sheet = tmp_path / "ws.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", sheet).exit_code == 0
    assert run_cli("cluster", "title", k, "Examples of market dialogue").exit_code == 0
    _type_into_xlsx(
        sheet,
        {k: {"Title": "Good practice in market dialogue", "Disposition": "Accepted"}},
    )
    result = run_cli("respond", "import", sheet)
    assert result.exit_code == 1
    assert f"conflict {k}: its title changed since the worksheet was made" in result.stderr
    assert "Examples of market dialogue" in result.stderr
    # The title set by the command stands; the answer in the same row still applies.
    after = _clusters()[k]
    assert after["title"] == "Examples of market dialogue"
    status = json.loads(run_cli("respond", "history", k, "--json").stdout)
    assert status and status[-1]["new_disposition"] == "accepted"


def test_an_emptied_title_cell_gives_the_computed_title_back(tmp_path: Path) -> None:
    _worksheet_project(tmp_path)
    k = _largest(_clusters())
    assert run_cli("cluster", "title", k, "An editor's title").exit_code == 0
    sheet = tmp_path / "ws.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", sheet).exit_code == 0
    assert _title_cell(sheet, k) == "An editor's title"
    _type_into_xlsx(sheet, {k: {"Title": None}})
    assert run_cli("respond", "import", sheet).exit_code == 0
    assert _clusters()[k]["title_by_editor"] is False
    assert run_cli("cluster", "--draft", "D1").exit_code == 0
    assert _clusters()[k]["title"] != "An editor's title"


def test_a_title_on_a_comment_row_is_reported_not_applied(tmp_path: Path) -> None:
    _worksheet_project(tmp_path)
    before = _clusters()
    sheet = tmp_path / "ws.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", sheet).exit_code == 0
    _type_into_xlsx(sheet, {"C1": {"Title": "Not a cluster"}})
    result = run_cli("respond", "import", sheet)
    assert result.exit_code == 1
    assert "(C1): a title belongs on a cluster row" in result.stderr
    assert _clusters() == before


def _fill_docx_title(path: Path, ident: str, title: str) -> None:
    document = docx.Document(str(path))
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    for row in table.rows[1:]:
        if row.cells[0].text == ident:
            row.cells[header.index("Title")].text = title
    document.save(str(path))


def test_a_title_typed_into_the_docx_worksheet_is_the_clusters_title(tmp_path: Path) -> None:
    _worksheet_project(tmp_path)
    k = _largest(_clusters())
    sheet = tmp_path / "ws.docx"
    assert run_cli("respond", "worksheet", "D1", "-o", sheet).exit_code == 0
    _fill_docx_title(sheet, k, "Municipal examples of market dialogue")
    result = run_cli("respond", "import", sheet)
    assert result.exit_code == 0, result.output
    after = _clusters()[k]
    assert after["title"] == "Municipal examples of market dialogue"
    assert after["title_by_editor"] is True


@pytest.mark.libreoffice
def test_a_docx_worksheet_saved_by_libreoffice_keeps_what_tells_changes_apart(
    tmp_path: Path,
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    _worksheet_project(tmp_path)
    clusters = _clusters()
    k = _largest(clusters)
    sheet = tmp_path / "ws.docx"
    assert run_cli("respond", "worksheet", "D1", "-o", sheet).exit_code == 0
    _fill_docx_title(sheet, k, "Examples from small municipalities")
    saved_dir = tmp_path / "saved"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(saved_dir),
            str(sheet),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    saved = saved_dir / "ws.docx"
    assert done.returncode == 0 and saved.is_file(), done.stderr
    result = run_cli("respond", "import", saved)
    assert result.exit_code == 0, result.output
    after = _clusters()
    assert after[k]["title"] == "Examples from small municipalities"
    # The other cells came back as written: nothing else changed.
    for other, before in clusters.items():
        if other != k:
            assert after[other]["title"] == before["title"]


def test_a_docx_worksheet_of_a_whole_consultation_records_every_title(tmp_path: Path) -> None:
    """The example consultation has some thirty clusters: their title fingerprints pass the
    255 characters python-docx allows a document property, and are all kept."""
    from .conftest import COMMENTS, DRAFTS

    draft = DRAFTS / "innovation-procurement-guidance-v1.docx"
    assert run_cli("draft", "import", draft).exit_code == 0
    files = sorted((COMMENTS / "en-v1").iterdir())
    assert run_cli("collect", *files, "--draft", "D1").exit_code in (0, 1)
    assert run_cli("cluster", "--draft", "D1").exit_code == 0
    clusters = _clusters()
    assert len(clusters) > 20
    sheet = tmp_path / "ws.docx"
    written = run_cli("respond", "worksheet", "D1", "-o", sheet)
    assert written.exit_code == 0, written.output
    recorded = docx.Document(str(sheet)).core_properties.comments
    assert len(recorded) > 255 and all(f"{k}=" in recorded for k in clusters)
    k = _largest(clusters)
    _fill_docx_title(sheet, k, "Operating costs after the first purchase")
    result = run_cli("respond", "import", sheet)
    assert result.exit_code == 0, result.output
    after = _clusters()
    assert after[k]["title"] == "Operating costs after the first purchase"
    assert all(after[o]["title"] == clusters[o]["title"] for o in clusters if o != k)
