"""The editors' loop on the second run and the tenth, with several editors (issue 16).

Worksheets are filled the way a person does it (cell by cell in openpyxl, text typed into
Word table cells with python-docx) or saved by LibreOffice; every assertion reads what the
tool stored or wrote back.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from lxml import etree

from guidefeedback.ids import AnswerTarget
from guidefeedback.store import open_store

from .conftest import DRAFTS, run_cli
from .test_responses import _fill_xlsx, _project, _touch_xlsx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DRAFT_EN = DRAFTS / "innovation-procurement-guidance-v1.docx"
DRAFT_SV = DRAFTS / "innovationsupphandling-vagledning-sv.docx"


def _twips(element: Any, attribute: str = "w") -> int:
    """A WordprocessingML measure (``w:w``, ``w:left`` …) of an element that must exist."""
    assert element is not None
    value = element.get(f"{W}{attribute}")
    assert value is not None, attribute
    return int(value)


def _page_text_width(root: Any) -> int:
    size, margins = root.find(f".//{W}pgSz"), root.find(f".//{W}pgMar")
    return _twips(size) - _twips(margins, "left") - _twips(margins, "right")


def _json(*args: str | Path) -> Any:
    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _csv(path: Path, org: str, rows: list[tuple[str, str]]) -> Path:
    lines = ["Organisation,Section,Type,Comment,Proposed change"]
    lines += [f'{org},{section},te,"{text}",' for section, text in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- a project run again and again ------------------------------------------------------


def _project_folder(tmp_path: Path) -> Path:
    project = tmp_path / "consultation"
    assert run_cli("init", project).exit_code == 0
    shutil.copy(DRAFT_EN, project / "drafts" / "draft-v1.docx")
    comments = project / "comments" / "draft-v1"
    _csv(
        comments / "agency.csv",
        "Agency A",
        [
            ("3.1", "Market dialogue needs more examples of good practice."),
            ("5.2", "Procurement statistics should count innovation procurement."),
        ],
    )
    _csv(
        comments / "region.csv",
        "Region B",
        [
            ("3.1", "The market dialogue section needs more examples of good practice."),
            ("5.2", "Statistics should count innovation procurement in every notice."),
        ],
    )
    return project


def _history(db: Path) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "select target, target_id, new_disposition, new_answer, status from answer_history"
            " order by id"
        ).fetchall()
    finally:
        con.close()


def test_two_worksheets_in_responses_and_three_runs(tmp_path: Path) -> None:
    project = _project_folder(tmp_path)
    db = project / "guidefeedback.db"
    first = run_cli("run", project)
    assert first.exit_code == 0, first.output
    clusters = [k["id"] for k in _json("--db", db, "clusters", "list", "--draft", "D1")]
    assert len(clusters) >= 2
    k1, k2 = clusters[:2]
    anna, olle = project / "responses" / "anna.xlsx", project / "responses" / "olle.xlsx"
    for sheet in (anna, olle):
        made = run_cli("--db", db, "respond", "worksheet", "D1", "-o", sheet)
        assert made.exit_code == 0, made.output
    _fill_xlsx(anna, {k1: ("Accepted", "Two examples are added."), k2: ("Noted", "Agreed.")})
    _fill_xlsx(olle, {k1: ("Not accepted", "Examples date quickly.")})

    second = run_cli("run", project)
    assert second.exit_code == 1
    assert f"Conflict: olle.xlsx (D1): {k1} answered since" in second.stderr
    assert "respond resolve" in second.stderr
    after_second = _history(db)
    assert [(h[2], h[4]) for h in after_second] == [
        ("accepted", "applied"),
        ("noted", "applied"),
        ("rejected", "conflict"),
    ]

    third = run_cli("run", project)
    assert third.exit_code == 0, third.output
    assert third.stdout.startswith("Nothing new")
    assert _history(db) == after_second

    # An answer set on the command line does not turn the worksheets into conflicts.
    assert run_cli("--db", db, "respond", "set", k2, "-d", "accepted").exit_code == 0
    fourth = run_cli("run", project)
    assert fourth.exit_code == 0, fourth.output
    assert "Conflict" not in fourth.stderr
    # An editor saves her worksheet again (other bytes, same answers): still no conflict.
    _touch_xlsx(anna)
    fifth = run_cli("run", project)
    assert fifth.exit_code == 0, fifth.output
    assert len(_history(db)) == len(after_second) + 1
    conflicts = _json("--db", db, "respond", "conflicts", "D1")
    assert [c["id"] for c in conflicts] == [k1]


# -- two editors, a conflict, its resolution -------------------------------------------


def test_two_editors_a_conflict_and_its_resolution(tmp_path: Path, db_path: Path) -> None:
    (k1, k2), _ = _project(db_path)
    assert run_cli("respond", "assign", f"K{k1}", "--editor", "Anna").exit_code == 0
    assert run_cli("respond", "assign", f"K{k2}", "--editor", "Olle").exit_code == 0
    anna, olle = tmp_path / "anna.xlsx", tmp_path / "olle.docx"
    assert run_cli("respond", "worksheet", "D1", "-o", anna, "--editor", "Anna").exit_code == 0
    assert run_cli("respond", "worksheet", "D1", "-o", olle).exit_code == 0
    ids = [r[0] for r in openpyxl.load_workbook(anna)["Answers"].iter_rows(min_row=5)]
    assert f"K{k1}" in [c.value for c in ids] and f"K{k2}" not in [c.value for c in ids]

    _fill_xlsx(anna, {f"K{k1}": ("Accepted", "Examples are added.")})
    assert run_cli("respond", "import", anna).exit_code == 0
    document = docx.Document(str(olle))
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    for row in table.rows[1:]:
        if row.cells[0].text == f"K{k1}":
            row.cells[header.index("Disposition")].text = "Not accepted"
            row.cells[header.index("Answer")].text = "Examples date quickly."
            row.cells[header.index("Editor")].text = "Olle"
    document.save(str(olle))
    clash = run_cli("respond", "import", olle)
    assert clash.exit_code == 1
    assert f"conflict K{k1}" in clash.stderr

    (conflict,) = _json("respond", "conflicts", "D1")
    assert conflict["id"] == f"K{k1}"
    assert conflict["mine"]["editor"] == "Olle"
    assert conflict["mine"]["answer"] == "Examples date quickly."
    assert conflict["theirs"]["editor"] == "Anna"
    assert conflict["theirs"]["disposition"] == "accepted"
    assert conflict["mine"]["at"] and conflict["theirs"]["at"]
    status = _json("respond", "status", "D1")
    assert status["open"]["conflicts"] == 1
    assert {e["editor"]: e["answered"] for e in status["by_editor"]} == {"Anna": 1, "Olle": 0}

    # A worksheet made now shows the open conflict in its own row, which import ignores.
    again = tmp_path / "again.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", again).exit_code == 0
    rows = list(openpyxl.load_workbook(again)["Answers"].iter_rows(min_row=5, values_only=True))
    conflict_rows = [r for r in rows if r[1] == "conflict"]
    assert len(conflict_rows) == 1 and conflict_rows[0][0] == f"K{k1}"
    assert "Examples date quickly." in str(conflict_rows[0][8])  # the Comment column

    settled = run_cli(
        "respond", "resolve", f"K{k1}", "--keep", "Examples are added; they are dated.",
        "--editor", "Anna",
    )  # fmt: skip
    assert settled.exit_code == 0, settled.output
    history = _json("respond", "history", f"K{k1}")
    assert [(h["editor"], h["status"]) for h in history] == [
        ("Anna", "applied"),
        ("Olle", "conflict"),
        ("Anna", "resolved"),
    ]
    assert history[2]["new_answer"] == "Examples are added; they are dated."
    assert history[1]["resolved_at"]
    assert _json("respond", "conflicts", "D1") == []
    shown = run_cli("respond", "history", f"K{k1}")
    assert "[conflict, not applied]" in shown.stdout and "[conflict settled]" in shown.stdout
    # The same worksheets imported again change and record nothing.
    before = _json("respond", "history", f"K{k1}")
    assert "already applied" in run_cli("respond", "import", anna, olle).stdout
    assert _json("respond", "history", f"K{k1}") == before
    assert run_cli("respond", "resolve", f"K{k1}", "--keep", "theirs").exit_code == 1


def test_keep_theirs_and_keep_mine(tmp_path: Path, db_path: Path) -> None:
    (k1, k2), _ = _project(db_path)
    sheets = {name: tmp_path / f"{name}.xlsx" for name in ("eva", "olle", "anna")}
    for sheet in sheets.values():
        run_cli("respond", "worksheet", "D1", "-o", sheet)
    _fill_xlsx(sheets["eva"], {f"K{k1}": ("Accepted", "Eva"), f"K{k2}": ("Noted", "Eva")})
    _fill_xlsx(sheets["olle"], {f"K{k1}": ("Noted", "Olle"), f"K{k2}": ("Noted", "Olle")})
    _fill_xlsx(sheets["anna"], {f"K{k1}": ("Noted", "Anna")})
    assert run_cli("respond", "import", sheets["eva"], "--editor", "Eva").exit_code == 0
    assert run_cli("respond", "import", sheets["olle"], "--editor", "Olle").exit_code == 1
    assert run_cli("respond", "import", sheets["anna"], "--editor", "Anna").exit_code == 1
    # Two worksheets lost on K1: "mine" must say whose.
    ambiguous = run_cli("respond", "resolve", f"K{k1}", "--keep", "mine")
    assert ambiguous.exit_code == 1 and "--editor" in ambiguous.stderr
    assert (
        run_cli("respond", "resolve", f"K{k1}", "--keep", "mine", "--editor", "Olle").exit_code == 0
    )
    assert run_cli("respond", "resolve", f"K{k2}", "--keep", "theirs").exit_code == 0
    answers = {
        a["id"]: (a["disposition"], a["answer"])
        for a in _json("respond", "status", "D1")["conflicts"]
    }
    assert answers == {}
    k1_history = _json("respond", "history", f"K{k1}")
    assert k1_history[-1]["new_answer"] == "Olle" and k1_history[-1]["status"] == "resolved"
    k2_history = _json("respond", "history", f"K{k2}")
    assert k2_history[-1]["new_answer"] == "Eva" and k2_history[-1]["status"] == "resolved"


# -- identity ---------------------------------------------------------------------------


def test_a_worksheet_from_another_database_is_refused(tmp_path: Path, db_path: Path) -> None:
    (k1, _), _ = _project(db_path)
    sheet = tmp_path / "ws.xlsx"
    run_cli("respond", "worksheet", "D1", "-o", sheet)
    _fill_xlsx(sheet, {f"K{k1}": ("Accepted", "From elsewhere")})
    other = tmp_path / "other.db"
    _project(other)  # the same ids, drafts and files: only the identity differs
    refused = run_cli("--db", other, "respond", "import", sheet)
    assert refused.exit_code == 1
    assert "ws.xlsx: made from another database" in refused.stderr
    assert _history(other) == []
    # The worksheet names the database and the draft's SHA-256 it was made from.
    meta = {
        str(k): v
        for k, v, *_ in openpyxl.load_workbook(sheet)["guidefeedback"].iter_rows(values_only=True)
    }
    store = open_store(db_path)
    assert meta["database"] == store.database_id()
    assert meta["draft_sha256"] == store.draft(1).sha256
    store.close()
    assert run_cli("respond", "import", sheet).exit_code == 0


def test_a_worksheet_without_identity_is_refused(tmp_path: Path, db_path: Path) -> None:
    (_k1, _), _ = _project(db_path)
    sheet = tmp_path / "ws.xlsx"
    run_cli("respond", "worksheet", "D1", "-o", sheet)
    wb = openpyxl.load_workbook(sheet)
    meta = wb["guidefeedback"]
    for row in meta.iter_rows():
        if row[0].value == "database":
            row[1].value = None
    wb.save(sheet)
    refused = run_cli("respond", "import", sheet)
    assert refused.exit_code == 1
    assert "does not say which database" in refused.stderr


# -- rules on answers -------------------------------------------------------------------


def test_answer_rules_on_the_command_line(db_path: Path) -> None:
    (k1, k2), ids = _project(db_path)
    bare = run_cli("respond", "set", f"K{k1}", "-d", "Not accepted")
    assert bare.exit_code == 1
    assert "needs an answer that gives the reason" in bare.stderr
    for word in ("Partially accepted", "Out of scope", "Ej beaktad"):
        assert run_cli("respond", "set", f"K{k1}", "-d", word).exit_code == 1
    assert run_cli("respond", "set", f"K{k1}", "-d", "Accepted").exit_code == 0
    assert run_cli("respond", "set", f"K{k2}", "-d", "Noted").exit_code == 0
    nameless = run_cli("respond", "set", f"C{ids[5]}", "-d", "Duplicate", "-a", "Said before.")
    assert nameless.exit_code == 1 and "must name what it duplicates" in nameless.stderr
    unknown = run_cli("respond", "set", f"C{ids[5]}", "-d", "Duplicate", "-a", "See K999.")
    assert unknown.exit_code == 1 and "K999, which is not in this draft" in unknown.stderr
    named = run_cli(
        "respond", "set", f"C{ids[5]}", "-d", "Duplicate", "-a", f"Duplicate of C{ids[2]}."
    )
    assert named.exit_code == 0, named.output
    assert [h["new_disposition"] for h in _json("respond", "history", f"K{k1}")] == ["accepted"]


def test_a_bad_row_is_reported_with_its_number_and_the_rest_applies(
    tmp_path: Path, db_path: Path
) -> None:
    (k1, k2), _ = _project(db_path)
    sheet = tmp_path / "ws.xlsx"
    run_cli("respond", "worksheet", "D1", "-o", sheet)
    _fill_xlsx(sheet, {f"K{k1}": ("Not accepted", ""), f"K{k2}": ("Noted", "Thank you.")})
    row = next(
        r[0].row
        for r in openpyxl.load_workbook(sheet)["Answers"].iter_rows()
        if r[0].value == f"K{k1}"
    )
    result = run_cli("respond", "import", sheet)
    assert result.exit_code == 1
    assert f"sheet 'Answers' row {row} (K{k1}):" in result.stderr
    assert "needs an answer that gives the reason; row not applied" in result.stderr
    assert "1 answer changed" in result.stdout
    status = _json("respond", "status", "D1")
    assert status["open_clusters"] == [f"K{k1}"]


# -- review items ------------------------------------------------------------------------


def test_a_new_comment_joining_an_answered_cluster_is_one_open_item(
    tmp_path: Path, db_path: Path
) -> None:
    assert run_cli("draft", "import", DRAFT_EN).exit_code == 0
    first = _csv(
        tmp_path / "agency.csv",
        "Agency A",
        [
            ("3.1", "Market dialogue needs more examples of good practice."),
            ("5.2", "Procurement statistics should count innovation procurement."),
        ],
    )
    second = _csv(
        tmp_path / "region.csv",
        "Region B",
        [
            ("3.1", "The market dialogue needs more examples of good practice."),
            ("5.2", "Statistics should count innovation procurement in every notice."),
        ],
    )
    assert run_cli("collect", first, second, "--draft", "D1").exit_code == 0
    assert run_cli("cluster", "--draft", "D1").exit_code == 0
    for k in _json("respond", "status", "D1")["open_clusters"]:
        assert run_cli("respond", "set", k, "-d", "Accepted", "-a", "Agreed.").exit_code == 0
    assert _json("respond", "status", "D1")["open"]["total"] == 0

    late = _csv(
        tmp_path / "late.csv",
        "Municipality C",
        [("3.1", "Market dialogue needs more examples of good practice, please.")],
    )
    assert run_cli("collect", late, "--draft", "D1").exit_code == 0
    assert run_cli("cluster", "--draft", "D1").exit_code == 0
    status = _json("respond", "status", "D1")
    assert status["open"]["total"] == 1
    (flag,) = status["flagged"]
    newest = max(int(c["id"][1:]) for c in _json("comments", "list", "--draft", "D1"))
    assert flag["id"] == f"C{newest}"
    assert flag["reason"].startswith("joined K")
    text = run_cli("respond", "status", "D1").stdout
    assert "Open: 1 item (1 comment flagged for review)" in text
    assert "after it was answered (Accepted)" in text

    # `respond review` walks it; keeping the answer closes the item.
    walked = run_cli("respond", "review", "D1", input="k\n")
    assert walked.exit_code == 0, walked.output
    assert f"[1/1] C{newest}:" in walked.stdout
    assert "Municipality C" in walked.stdout and "Agreed." in walked.stdout
    assert _json("respond", "status", "D1")["open"]["total"] == 0
    assert run_cli("respond", "review", "D1").stdout.strip() == "D1: nothing to review"


def test_contradictory_answers_across_languages_are_flagged(db_path: Path) -> None:
    (k1, _), ids = _project(db_path)
    con = sqlite3.connect(db_path)
    # Region B wrote in Swedish (in the real world the analysis detects it).
    con.execute("update comments set language = 'sv' where id in (?, ?)", [ids[3], ids[4]])
    con.execute("update comments set language = 'en' where language is null or id < ?", [ids[3]])
    con.commit()
    con.close()
    assert (
        run_cli("respond", "set", f"K{k1}", "-d", "Accepted", "-a", "Examples added.").exit_code
        == 0
    )
    assert _json("respond", "review", "D1") == []
    rejected = run_cli("respond", "set", f"C{ids[3]}", "-d", "Ej beaktad", "-a", "Redan i 3.2.")
    assert rejected.exit_code == 0
    items = _json("respond", "review", "D1")
    assert [(i["id"], i["target"]) for i in items] == [(f"K{k1}", "cluster")]
    assert "Not accepted" in items[0]["description"] and "Accepted" in items[0]["description"]
    assert _json("respond", "status", "D1")["open"]["review"] == 1
    assert run_cli("respond", "review", "D1", "--keep", f"K{k1}").exit_code == 0
    assert _json("respond", "review", "D1") == []
    # Another change to the answers raises it again.
    run_cli("respond", "set", f"C{ids[4]}", "-d", "Noted", "-a", "Noterat.")
    assert [i["id"] for i in _json("respond", "review", "D1")] == [f"K{k1}"]


# -- several editors ------------------------------------------------------------------------


def test_status_per_editor_in_swedish_words(tmp_path: Path, db_path: Path) -> None:
    (k1, _k2), _ = _project(db_path)
    run_cli("respond", "assign", f"K{k1}", "--editor", "Anna")
    run_cli("respond", "set", f"K{k1}", "-d", "Delvis beaktad", "-a", "Vi förtydligar.")
    text = run_cli("respond", "status", "D1", "--lang", "sv").stdout
    assert "D1: 1 av 2 kluster besvarade" in text
    assert "4 av 6 synpunkter besvarade" in text
    assert "Öppet: 1 ärende (1 obesvarat kluster)" in text
    assert "Delvis beaktad" in text and "partially" not in text
    assert "Anna: 1 av 1 kluster besvarade" in text
    assert "(ingen handläggare): 0 av 1 kluster besvarade" in text
    english = run_cli("respond", "status", "D1").stdout
    assert "D1: 1 of 2 clusters answered; 4 of 6 comments answered" in english
    assert "Open: 1 item (1 unanswered cluster)" in english
    assert "Partially accepted" in english and "(s)" not in english
    history = run_cli("respond", "history", f"K{k1}", "--lang", "sv").stdout
    assert "kommandoraden" in history and "- → Delvis beaktad" in history


# -- worksheets an editor can decide from ---------------------------------------------------


def _worksheet_project(tmp_path: Path) -> None:
    assert run_cli("draft", "import", DRAFT_EN).exit_code == 0
    sheet = _csv(
        tmp_path / "agency.csv",
        "Agency A",
        [
            ("3.1", "Market dialogue needs more examples of good practice."),
            ("5.2", "Procurement statistics should count innovation procurement."),
        ],
    )
    text = sheet.read_text(encoding="utf-8").replace(
        'good practice.",', 'good practice.","Add two examples from municipalities."'
    )
    sheet.write_text(text, encoding="utf-8")
    other = _csv(
        tmp_path / "region.csv",
        "Region B",
        [("3.1", "The market dialogue needs more examples of good practice.")],
    )
    assert run_cli("collect", sheet, other, "--draft", "D1").exit_code == 0
    assert run_cli("cluster", "--draft", "D1").exit_code == 0


def test_the_xlsx_worksheet_has_what_an_editor_decides_from(tmp_path: Path) -> None:
    _worksheet_project(tmp_path)
    path = tmp_path / "ws.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", path).exit_code == 0
    ws = openpyxl.load_workbook(path)["Answers"]
    header = [c.value for c in ws[4]]
    assert header == [
        "ID", "Kind", "Cluster", "Place", "Title", "Bodies", "Type", "Draft text", "Comment",
        "Proposed change", "Disposition", "Answer", "Editor", "Rev",
    ]  # fmt: skip
    col = {name: i for i, name in enumerate(header)}
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    dialogue = next(r for r in rows if r[1] == "cluster" and "3.1" in str(r[col["Place"]]))
    assert "2 bodies: Agency A; Region B" in str(dialogue[col["Bodies"]])
    assert str(dialogue[col["Draft text"]]).startswith("3.1: Competence centres. ")
    assert dialogue[col["Type"]] == "Technical"
    comment = next(r for r in rows if r[1] == "comment" and r[col["Proposed change"]])
    assert comment[col["Proposed change"]] == "Add two examples from municipalities."
    assert comment[col["Type"]] == "Technical" and str(comment[col["Place"]]).startswith("3.1")
    assert ws.freeze_panes == "B5"
    assert ws.column_dimensions["I"].width >= 50  # the Comment column
    assert ws["H5"].alignment.wrap_text
    (validation,) = ws.data_validations.dataValidation
    assert str(validation.sqref).startswith("K5:K")  # Disposition
    assert validation.formula1.startswith('"Accepted,Partially accepted,')


def test_the_docx_worksheet_grid_fits_the_landscape_page(tmp_path: Path) -> None:
    _worksheet_project(tmp_path)
    path = tmp_path / "ws.docx"
    assert run_cli("respond", "worksheet", "D1", "-o", path).exit_code == 0
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    size = root.find(f".//{W}sectPr/{W}pgSz")
    assert size is not None and size.get(f"{W}orient") == "landscape"
    assert _twips(size, "w") > _twips(size, "h")
    text_width = _page_text_width(root)
    (table,) = root.iter(f"{W}tbl")
    grid = [_twips(g) for g in table.iter(f"{W}gridCol")]
    assert len(grid) == 13
    assert sum(grid) <= text_width
    layout = table.find(f"{W}tblPr/{W}tblLayout")
    assert layout is not None and layout.get(f"{W}type") == "fixed"
    assert _twips(table.find(f"{W}tblPr/{W}tblW")) <= text_width
    for tr in table.iter(f"{W}tr"):
        cells = [_twips(tc.find(f"{W}tcPr/{W}tcW")) for tc in tr.iter(f"{W}tc")]
        assert sum(cells) <= text_width


def _soffice() -> str:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    program = Path(soffice).resolve().parent
    if not list(program.glob("libsclo.so")) and not list(program.glob("*sc*.dll")):
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    return soffice


def _libreoffice_save(source: Path, out: Path, profile: Path, fmt: str) -> Path:
    done = subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    saved = out / f"{source.stem}.{fmt.split(':')[0]}"
    assert saved.is_file(), done.stdout
    return saved


@pytest.mark.libreoffice
def test_worksheets_saved_by_libreoffice_import_with_the_same_answers(
    tmp_path: Path, db_path: Path
) -> None:
    _soffice()
    (k1, k2), ids = _project(db_path)
    xlsx, word = tmp_path / "filled.xlsx", tmp_path / "filled.docx"
    run_cli("respond", "worksheet", "D1", "-o", xlsx)
    run_cli("respond", "worksheet", "D1", "-o", word, "--lang", "sv")
    answers = {
        f"K{k1}": ("Partially accepted", "Examples are added; “dialogue” is defined."),
        f"C{ids[5]}": ("Not accepted", "Operating costs are in 4.2 already."),
    }
    _fill_xlsx(xlsx, answers)
    document = docx.Document(str(word))
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    for row in table.rows[1:]:
        if row.cells[0].text == f"K{k2}":
            row.cells[header.index("Ställningstagande")].text = "Noterad"
            row.cells[header.index("Svar")].text = "Tas upp i nästa version."
    document.save(str(word))
    saved = tmp_path / "lo"
    lo_xlsx = _libreoffice_save(xlsx, saved, tmp_path / "profile", "xlsx")
    lo_docx = _libreoffice_save(word, saved, tmp_path / "profile", "docx")
    # LibreOffice rewrote the files (different bytes), and they still read back exactly.
    assert lo_xlsx.read_bytes() != xlsx.read_bytes()
    result = run_cli("respond", "import", lo_xlsx, lo_docx, "--json")
    assert result.exit_code == 0, result.output
    changed = {c["id"]: c["disposition"] for r in json.loads(result.stdout) for c in r["changed"]}
    assert changed == {f"K{k1}": "partially", f"C{ids[5]}": "rejected", f"K{k2}": "noted"}
    store = open_store(db_path)
    stored = store.answers(1)
    store.close()
    assert stored[AnswerTarget.CLUSTER, k1].answer == "Examples are added; “dialogue” is defined."
    assert stored[AnswerTarget.COMMENT, ids[5]].answer == "Operating costs are in 4.2 already."
    assert stored[AnswerTarget.CLUSTER, k2].answer == "Tas upp i nästa version."
    # The LibreOffice .docx still has a grid that fits its page.
    with zipfile.ZipFile(lo_docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    grid = [_twips(g) for g in next(root.iter(f"{W}tbl")).iter(f"{W}gridCol")]
    assert sum(grid) <= _page_text_width(root) + 20  # LibreOffice rounds each column to whole units


# -- a database is found, not invented ------------------------------------------------------


def test_a_command_in_an_empty_folder_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    monkeypatch.delenv("GUIDEFEEDBACK_DB")
    for args in (
        ("respond", "status", "D1"),
        ("draft", "list"),
        ("clusters", "list", "--draft", "D1"),
    ):
        result = run_cli(*args)
        assert result.exit_code == 1, args
        assert (
            f"no database at {empty / 'guidefeedback.db'}; run `guidefeedback init` or pass --db"
            in result.stderr
        )
    typo = run_cli("--db", tmp_path / "typo" / "work.db", "respond", "status", "D1")
    assert typo.exit_code == 1 and str(tmp_path / "typo" / "work.db") in typo.stderr
    assert list(empty.iterdir()) == [] and not (tmp_path / "typo").exists()


def test_inside_a_project_its_database_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "p"
    assert run_cli("init", project).exit_code == 0
    shutil.copy(DRAFT_EN, project / "drafts" / "draft-v1.docx")
    monkeypatch.delenv("GUIDEFEEDBACK_DB")
    monkeypatch.chdir(project / "comments" / "draft-v1")
    assert run_cli("draft", "import", project / "drafts" / "draft-v1.docx").exit_code == 0
    assert (project / "guidefeedback.db").is_file()
    assert not (project / "comments" / "draft-v1" / "guidefeedback.db").exists()
    monkeypatch.chdir(project / "responses")
    listed = _json("draft", "list")
    assert [d["id"] for d in listed] == ["D1"]


# -- language per draft ----------------------------------------------------------------------


def test_a_swedish_draft_gets_swedish_labels_unless_told(tmp_path: Path) -> None:
    assert run_cli("draft", "import", DRAFT_SV).exit_code == 0
    sheet = tmp_path / "ws.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", sheet).exit_code == 0
    ws = openpyxl.load_workbook(sheet)["Answers"]
    assert [c.value for c in ws[4]][:4] == ["ID", "Rad", "Kluster", "Avsnitt"]
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1.startswith('"Beaktad,Delvis beaktad,Noterad,Ej beaktad')
    english = tmp_path / "en.xlsx"
    assert run_cli("respond", "worksheet", "D1", "-o", english, "--lang", "en").exit_code == 0
    assert openpyxl.load_workbook(english)["Answers"]["B4"].value == "Kind"
    out = tmp_path / "out"
    assert run_cli("render", "D1", "--out", out, "--format", "md").exit_code == 0
    assert "Remissammanställning" in (out / "comment-response.md").read_text(encoding="utf-8")
