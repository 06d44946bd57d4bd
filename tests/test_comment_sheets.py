"""Comment sheets as they really arrive (issue 13): the official ISO template, the AOM form,
public comment exports with a column map, mixed encodings, forms checked without a
database, and a comments folder with files nothing can read.

The corpus files (../shared/corpus, see its README) were not written by this project; the
ISO template is filled cell by cell with python-docx as a person would, and once more saved
through LibreOffice.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import unicodedata
import uuid
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.shared import Cm

from guidefeedback.errors import RefusedFile
from guidefeedback.intake import read_submission
from guidefeedback.intake.columns import match_header, parse_column_map
from guidefeedback.model import CommentType

from .conftest import DRAFTS, ROOT, run_cli

CORPUS = ROOT.parent / "shared" / "corpus"
ISO = CORPUS / "forms" / "commenter__iso_comment_template_2012-03.docx"
AOM = CORPUS / "forms" / "aom__AOM_comments_template.docx"
AZ_CSV = CORPUS / "datasets" / "azredistrict__comments.csv"
AZ_XLSX = CORPUS / "datasets" / "azredistrict__comments.xlsx"
EN_DRAFT = DRAFTS / "innovation-procurement-guidance-v1.docx"
SV_DRAFT = DRAFTS / "innovationsupphandling-vagledning-sv.docx"


def corpus(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"the corpus file {path.name} is not here (../shared/corpus)")
    return path


ISO_ROWS = [
    ("SE", "17", "3.1", "Paragraph 2", "te", "The definition is too narrow.", "Add process."),
    ("SE", "", "4.2", "Table 1", "ed", "Typo in the table caption.", "Write 'procurement'."),
    ("SE", "40", "5", "", "ge", "The chapter repeats chapter 2.", "Merge chapters 2 and 5."),
    ("SE", "", "A.1", "Note 2", "te", "Annex A misses the thresholds.", "Add the thresholds."),
    ("SE", "88", "6.3", "", "ed", "Both 'tenderer' and 'bidder'.", "Use 'tenderer'."),
]


def fill_iso(target: Path) -> Path:
    """The real template with five rows typed into its body table, as a person would."""
    document = docx.Document(str(corpus(ISO)))
    table = document.tables[0]
    while len(table.rows) < len(ISO_ROWS):
        table.add_row()  # type: ignore[no-untyped-call]
    for row, values in zip(table.rows, ISO_ROWS, strict=False):
        for cell, value in zip(row.cells, values, strict=False):
            cell.text = value
    document.save(str(target))
    return target


def soffice_convert(source: Path, folder: Path, fmt: str) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH; install libreoffice-writer-nogui")
    profile = Path("/tmp") / f"lo_profile_{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return folder / f"{source.stem}.{fmt.split(':')[0]}"


def assert_iso_rows(path: Path) -> None:
    sub = read_submission(path)
    assert sub.format == "docx-form-iso"
    assert sub.organisation == "SE"  # the body, from the MB/NC column
    assert len(sub.comments) == 5
    for comment, (_mb, line, clause, para, kind, text, proposed) in zip(
        sub.comments, ISO_ROWS, strict=True
    ):
        assert comment.section == clause
        assert comment.type == CommentType(kind)
        assert comment.text == text
        assert comment.proposed == proposed
        assert (comment.line or "") == line
        assert (comment.paragraph or "") == para
    # The headers came from the page header: nothing is an unknown column.
    assert sub.unrecognised_columns == ()
    columns = dict(sub.columns_read)
    assert columns["Comments"] == "text"
    assert columns["Proposed change"] == "proposed"


def test_blank_iso_template_is_a_form_not_a_refusal() -> None:
    sub = read_submission(corpus(ISO))
    assert sub.format == "docx-form-iso"
    assert sub.comments == ()
    assert [p.message for p in sub.problems] == ["the comment table has no comments"]


def test_iso_template_filled_with_five_rows(tmp_path: Path) -> None:
    assert_iso_rows(fill_iso(tmp_path / "iso-filled.docx"))


@pytest.mark.libreoffice
def test_iso_template_after_a_libreoffice_round_trip(tmp_path: Path) -> None:
    filled = fill_iso(tmp_path / "iso-filled.docx")
    out = tmp_path / "lo"
    out.mkdir()
    saved = soffice_convert(filled, out, "docx")
    # LibreOffice really rewrote it (its own generator), and kept the page-header table.
    with zipfile.ZipFile(saved) as z:
        assert "LibreOffice" in z.read("docProps/app.xml").decode()
        assert any(n.startswith("word/header") for n in z.namelist())
    assert_iso_rows(saved)
    # An independent reader sees the same comment texts in the body.
    text = soffice_convert(saved, out, "txt:Text").read_text(encoding="utf-8-sig")
    for row in ISO_ROWS:
        assert row[5] in text


def _numbered_header_form(path: Path) -> Path:
    """The numbered variant (header3.xml of the template): a number row 1–7 above the
    headings, in the page header, and a body table of data rows on the same grid."""
    document = docx.Document()
    section = document.sections[0]
    names = ["MB", "Clause/Subclause", "Paragraph", "Type of comment", "Comment", "Proposed change"]
    widths = [Cm(1.5), Cm(3), Cm(2.5), Cm(2), Cm(8), Cm(6)]
    head = section.header.add_table(rows=2, cols=len(names), width=sum(widths, Cm(0)))
    body = document.add_table(rows=2, cols=len(names))
    for table in (head, body):
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        grid = table._tbl.tblGrid
        for col, width in zip(grid.gridCol_lst, widths, strict=True):
            col.w = width
    for i, name in enumerate(names):
        head.rows[0].cells[i].text = str(i + 1)
        head.rows[1].cells[i].text = name
    for cell, value in zip(
        body.rows[0].cells, ["NBN", "3.2", "2", "te", "Unclear scope.", "Define it."], strict=True
    ):
        cell.text = value
    document.save(str(path))
    return path


def test_numbered_page_header_variant(tmp_path: Path) -> None:
    sub = read_submission(_numbered_header_form(tmp_path / "numbered.docx"))
    assert [(c.organisation or sub.organisation, c.section, c.text) for c in sub.comments] == [
        ("NBN", "3.2", "Unclear scope.")
    ]
    assert sub.comments[0].proposed == "Define it."


def test_page_header_with_another_grid_is_not_borrowed(tmp_path: Path) -> None:
    path = _numbered_header_form(tmp_path / "numbered.docx")
    document = docx.Document(str(path))
    grid = document.tables[0]._tbl.tblGrid
    # Same number of columns, very different widths: not the same form.
    for col, width in zip(
        grid.gridCol_lst, [Cm(8), Cm(1), Cm(1), Cm(1), Cm(1), Cm(11)], strict=True
    ):
        col.w = width
    document.save(str(path))
    with pytest.raises(RefusedFile, match="no comment table found"):
        read_submission(path)


def test_aom_form_proposed_change_and_source(tmp_path: Path) -> None:
    document = docx.Document(str(corpus(AOM)))
    table = document.tables[0]
    values = ["te", "Apple", "7.3.2", "Box order", "The box order is ambiguous.", "Say 'in order'."]
    for cell, value in zip(table.rows[1].cells, values, strict=True):
        cell.text = value
    document.save(str(tmp_path / "aom.docx"))
    sub = read_submission(tmp_path / "aom.docx")
    (comment,) = sub.comments
    assert comment.proposed == "Say 'in order'."
    assert sub.organisation == "Apple"  # "Source" is the submitting body
    assert comment.section == "7.3.2"
    assert comment.type == CommentType.TECHNICAL
    assert comment.extra == {"Title (only for GitHub issues)": "Box order"}


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Suggestion / Recommendation", "proposed"),
        ("Suggested resolution", "proposed"),
        ("Proposed resolution", "proposed"),
        ("Source", "organisation"),
        ("Submitter", "organisation"),
        ("Remark", "text"),
        ("Kommentar", "text"),
        ("Förslag", "proposed"),
        ("Motivering", "text"),
        ("MB/NC1", "organisation"),
        ("Type of comment2", "type"),
    ],
)
def test_header_synonyms(header: str, column: str) -> None:
    hit = match_header(header)
    assert hit is not None and hit[0] == column


def test_a_comment_column_alone_is_a_comment_table(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("Comment\nfoo bar\n", encoding="utf-8")
    sub = read_submission(tmp_path / "c.csv")
    assert [c.text for c in sub.comments] == ["foo bar"]
    survey = tmp_path / "survey.csv"
    survey.write_text("I agree!,Comment\nyes,Good guidance\nno,Too long\n", encoding="utf-8")
    sub = read_submission(survey)
    assert [(c.text, c.extra) for c in sub.comments] == [
        ("Good guidance", {"I agree!": "yes"}),
        ("Too long", {"I agree!": "no"}),
    ]


def test_azredistrict_needs_and_takes_a_column_map(tmp_path: Path) -> None:
    path = corpus(AZ_CSV)
    with pytest.raises(RefusedFile, match=r"'data', 'label'.*--columns"):
        read_submission(path)
    sub = read_submission(path, columns=parse_column_map("comment=data"))
    with path.open(encoding="utf-8", newline="") as fh:
        expected = [r["data"].strip() for r in csv.DictReader(fh) if r["data"].strip()]
    assert len(expected) == 694
    assert [c.text for c in sub.comments] == expected
    assert all("label" in c.extra for c in sub.comments)


def test_azredistrict_xlsx_with_the_same_map() -> None:
    sub = read_submission(corpus(AZ_XLSX), columns=parse_column_map("comment=data"))
    wb = openpyxl.load_workbook(AZ_XLSX, read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    header = [str(v).strip() for v in rows[0]]
    expected = [str(r[header.index("data")]).strip() for r in rows[1:] if r[header.index("data")]]
    assert len(sub.comments) == len(expected) == 694


def test_collect_with_columns_on_the_command_line(tmp_path: Path) -> None:
    assert run_cli("draft", "import", str(EN_DRAFT)).exit_code == 0
    result = run_cli("collect", str(corpus(AZ_CSV)), "--draft", "D1", "--columns", "comment=data")
    assert result.exit_code == 0, result.output
    assert "694 comments" in result.output
    bad = run_cli("collect", str(AZ_CSV), "--draft", "D1", "--columns", "kommentt=x")
    assert bad.exit_code == 2
    assert "unknown column 'kommentt'" in bad.output


def test_column_map_overrides_a_guess_and_names_the_organisation(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Source,Clause,Comment,Notes\nRegion Norrsund,3.2,Too vague,internal\n"
        "Åre kommun,4,Add examples,x\n",
        encoding="utf-8",
    )
    sub = read_submission(
        path, columns=parse_column_map("comment=Notes,organisation=Source,section=Clause")
    )
    assert [(c.organisation, c.section, c.text) for c in sub.comments] == [
        ("Region Norrsund", "3.2", "internal"),
        ("Åre kommun", "4", "x"),
    ]
    assert ("Comment", None) in sub.columns_read  # kept as extra data, not the text
    assert sub.comments[0].extra == {"Comment": "Too vague"}


def test_mixed_encoding_csv_is_read_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b"Organisation,Section,Comment\n"
        + "Malmö stad,3.1,Bra förslag\n".encode()
        + "Göteborgs stad,3.2,Otydligt om värde\n".encode("cp1252")
        + "Örebro kommun,3.3,Saknar källor\n".encode()
    )
    sub = read_submission(path)
    assert [c.organisation for c in sub.comments] == [
        "Malmö stad",
        "Göteborgs stad",
        "Örebro kommun",
    ]
    assert [c.text for c in sub.comments][1] == "Otydligt om värde"
    assert not any("Ã" in (c.text + (c.organisation or "")) for c in sub.comments)
    assert [(p.where, "Windows-1252" in p.message) for p in sub.problems] == [("line 3", True)]


def test_rows_naming_organisations_are_not_unknown(tmp_path: Path) -> None:
    assert run_cli("draft", "import", str(EN_DRAFT)).exit_code == 0
    path = tmp_path / "many.csv"
    path.write_text(
        "Organisation,Section,Comment\nA kommun,1,One\nB region,2,Two\n", encoding="utf-8"
    )
    result = run_cli("collect", str(path), "--draft", "D1")
    assert "2 organisations named in its rows" in result.output
    assert "unknown organisation" not in result.output


# -- check ------------------------------------------------------------------------------


def _blank_form(tmp_path: Path, draft: Path, suffix: str) -> Path:
    assert run_cli("draft", "import", str(draft)).exit_code == 0
    form = tmp_path / f"form{suffix}"
    result = run_cli("form", "D1", "-o", str(form))
    assert result.exit_code == 0, result.output
    return form


def _fill_docx_form(form: Path, rows: list[list[str]]) -> None:
    document = docx.Document(str(form))
    table = next(t for t in document.tables if len(t.columns) == 8)
    for row, values in zip(table.rows[1:], rows, strict=False):
        for cell, value in zip(row.cells, values, strict=False):
            cell.text = value
    document.save(str(form))


def test_check_without_a_database_uses_the_forms_sections(tmp_path: Path, db_path: Path) -> None:
    form = _blank_form(tmp_path, EN_DRAFT, ".docx")
    _fill_docx_form(
        form,
        [
            ["", "", "3,2", "", "te", "Decimal comma section.", "", ""],
            ["", "", "", "", "ge", "The whole guidance is too long.", "", ""],
            ["", "", "9.9", "", "te", "No such section.", "", ""],
        ],
    )
    db_path.unlink()
    result = run_cli("check", str(form), "--json")
    assert not db_path.exists()  # no database was needed, none was made
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert "sections listed in the form for D1" in report["against"]
    first, general, missing = report["comments"]
    assert first["locator"] == "3.2" and first["problems"] == []
    assert general["problems"] == [] and general["notes"]  # general: said, not a problem
    assert missing["problems"] and "9.9 is not in the draft" in missing["problems"][0]
    assert {"header": "Comments", "column": "text"} in report["columns"]


def test_check_prints_the_column_map_and_accepts_a_general_comment(tmp_path: Path) -> None:
    form = _blank_form(tmp_path, EN_DRAFT, ".docx")
    _fill_docx_form(form, [["", "", "", "", "ge", "Well written overall.", "", ""]])
    result = run_cli("check", str(form))
    assert result.exit_code == 0, result.output
    assert "Clause/Subclause → section" in result.output
    assert "OK: no problems found" in result.output


def test_check_against_a_draft_file(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text("Section,Type,Comment\n3.2,te,Fine\n7.7,te,Nowhere\n", encoding="utf-8")
    result = run_cli("check", str(sheet), "--draft-file", str(EN_DRAFT), "--json")
    report = json.loads(result.output)
    assert report["comments"][0]["locator"] == "3.2"
    assert "7.7 is not in the draft" in report["comments"][1]["problems"][0]
    no_draft = run_cli("check", str(sheet))
    assert no_draft.exit_code == 1
    assert "--draft-file" in no_draft.output


def test_check_answers_a_swedish_form_in_swedish(tmp_path: Path) -> None:
    form = _blank_form(tmp_path, SV_DRAFT, ".docx")
    _fill_docx_form(form, [["Åre kommun", "", "9.9", "", "teknisk", "Finns inte.", "", ""]])
    result = run_cli("check", str(form))
    assert result.exit_code == 1
    assert "avsnitt 9.9 finns inte i utkastet" in result.output
    assert "problem att se över" in result.output
    assert "not in the draft" not in result.output


def test_table_in_the_clause_column_is_reported_consistently(tmp_path: Path) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text("Clause,Type,Comment\nTable 1,te,About the table\n", encoding="utf-8")
    result = run_cli("check", str(sheet), "--draft-file", str(EN_DRAFT), "--json")
    (comment,) = json.loads(result.output)["comments"]
    # Either placed on the table, or not placed and said so; never both.
    if comment["locator"]:
        assert not any("not in the draft" in p for p in comment["problems"])
    else:
        assert any("Table 1 is not in the draft" in p for p in comment["problems"])
    assert not any("section Table 1" in p for p in comment["problems"])


def test_xlsx_form_has_submitter_contact_and_consent(tmp_path: Path) -> None:
    form = _blank_form(tmp_path, EN_DRAFT, ".xlsx")
    wb = openpyxl.load_workbook(form)
    ws = wb.worksheets[0]
    labels = {str(ws.cell(row=r, column=1).value): r for r in range(1, 15)}
    for label in (
        "Organisation:",
        "Contact:",
        "E-mail:",
        "We agree that our name may be published:",
    ):
        assert label in labels
    ws.cell(row=labels["Organisation:"], column=2).value = "Region Norrsund"
    ws.cell(row=labels["Contact:"], column=2).value = "Eva Ek"
    ws.cell(row=labels["E-mail:"], column=2).value = "eva@norrsund.se"
    ws.cell(row=labels["We agree that our name may be published:"], column=2).value = "yes"
    header = next(r for r in range(1, 20) if ws.cell(row=r, column=6).value == "Comments")
    for col, value in enumerate(["", "", "3.2", "", "te", "Clearer scope."], start=1):
        ws.cell(row=header + 1, column=col).value = value
    wb.save(form)
    sub = read_submission(form)
    assert (sub.organisation, sub.contact, sub.email, sub.publish_names) == (
        "Region Norrsund",
        "Eva Ek",
        "eva@norrsund.se",
        True,
    )
    result = run_cli("check", str(form), "--json")
    assert json.loads(result.output)["comments"][0]["locator"] == "3.2"


# -- run: nothing skipped silently ---------------------------------------------------------


def test_run_lists_every_file_it_cannot_read(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert run_cli("init", str(project)).exit_code == 0
    shutil.copy(EN_DRAFT, project / "drafts" / "draft-v1.docx")
    folder = project / "comments" / "draft-v1"
    (folder / "ok.csv").write_text("Section,Comment\n3.2,Fine\n", encoding="utf-8")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with zipfile.ZipFile(folder / "notes.pages", "w") as z:
        z.writestr("Index/Document.iwa", "x")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as z:
        z.writestr("a.txt", "x")
    (folder / "empty.docx").write_bytes(b"")
    result = run_cli("run", str(project), "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    refused = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in summary["files_refused"]}
    assert set(refused) == {"old.doc", "notes.pages", "bundle.zip", "empty.docx"}
    assert "save it as .docx" in refused["old.doc"]
    assert "Pages" in refused["notes.pages"]
    assert "unpack it" in refused["bundle.zip"]
    assert "empty" in refused["empty.docx"]
    assert summary["submissions_collected"] == 1
    # The text summary lists them too, and a second run says so again (still exit 1).
    again = run_cli("run", str(project))
    assert again.exit_code == 1
    for name in refused:
        assert name in again.stderr


@pytest.mark.libreoffice
def test_collect_converts_a_legacy_doc_when_asked(tmp_path: Path) -> None:
    assert run_cli("draft", "import", str(EN_DRAFT)).exit_code == 0
    filled = fill_iso(tmp_path / "iso.docx")
    out = tmp_path / "doc"
    out.mkdir()
    legacy = soffice_convert(filled, out, "doc")
    refused = run_cli("collect", str(legacy), "--draft", "D1")
    assert refused.exit_code == 1
    assert "save it as .docx" in refused.output
    done = run_cli("collect", str(legacy), "--draft", "D1", "--convert-legacy", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)[0]["comments"] == 5


def test_project_columns_per_folder(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert run_cli("init", str(project)).exit_code == 0
    shutil.copy(EN_DRAFT, project / "drafts" / "draft-v1.docx")
    shutil.copy(corpus(AZ_CSV), project / "comments" / "draft-v1" / "az.csv")
    config = project / "guidefeedback.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '\n[columns]\n"comments/draft-v1" = { comment = "data" }\n',
        encoding="utf-8",
    )
    result = run_cli("run", str(project), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["comments_collected"] == 694


def test_nfd_text_in_a_column_map_header(tmp_path: Path) -> None:
    path = tmp_path / "sv.csv"
    header = unicodedata.normalize("NFD", "Synpunkt från kommunen")
    path.write_text(f"{header}\nBra\n", encoding="utf-8")
    sub = read_submission(path, columns=parse_column_map({"comment": "Synpunkt från kommunen"}))
    assert [c.text for c in sub.comments] == ["Bra"]
