"""QA findings on comment-sheet intake and ``check``: header wordings a drafting team
uses, optional columns, paragraph checks without the draft, the column map as printed,
and format names. Real corpus forms where the finding came from them."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from guidefeedback.intake import read_submission
from guidefeedback.intake.columns import display_header, match_header

from .conftest import DRAFTS, ROOT, run_cli

CORPUS = ROOT.parent / "shared" / "corpus"
ISO = CORPUS / "forms" / "commenter__iso_comment_template_2012-03.docx"
AOM = CORPUS / "forms" / "aom__AOM_comments_template.docx"
AZ_CSV = CORPUS / "datasets" / "azredistrict__comments.csv"
EN_DRAFT = DRAFTS / "innovation-procurement-guidance-v1.docx"


def corpus(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"the corpus file {path.name} is not here (../shared/corpus)")
    return path


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Respondent", "organisation"),
        ("Responding organisation", "organisation"),
        ("Respondent organisation", "organisation"),
        ("Body", "organisation"),
        ("Stakeholder", "organisation"),
        ("Remissinstans", "organisation"),
        ("Avsändare", "organisation"),
        ("Drafting team reply", "response"),
        ("Response", "response"),
        ("Reply", "response"),
        ("Secretariat response", "response"),
        ("Issue raised", "text"),
        ("Chapter / section", "section"),
        ("No.", "id"),
        ("Suggested wording", "proposed"),
    ],
)
def test_drafting_team_wordings(header: str, column: str) -> None:
    hit = match_header(header)
    assert hit is not None and hit[0] == column, (header, hit)


def _table_docx(path: Path, rows: list[list[str]]) -> Path:
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(str(path))
    return path


def test_respondent_form_read_with_its_organisation(tmp_path: Path) -> None:
    path = _table_docx(
        tmp_path / "respondent.docx",
        [
            ["No.", "Respondent", "Chapter / section", "Issue raised", "Suggested wording",
             "Drafting team reply"],
            ["1", "Region Norrsund", "3.2", "The threshold is unclear.", "State it.", ""],
        ],
    )  # fmt: skip
    sub = read_submission(path)
    assert sub.organisation == "Region Norrsund"
    assert [c.text for c in sub.comments] == ["The threshold is unclear."]
    assert sub.comments[0].section == "3.2"
    assert sub.unrecognised_columns == ()


def test_aom_form_is_a_plain_docx_form_and_its_title_column_is_a_note(tmp_path: Path) -> None:
    document = docx.Document(str(corpus(AOM)))
    table = next(t for t in document.tables if "Comment" in [c.text for c in t.rows[0].cells])
    names = [c.text for c in table.rows[0].cells]
    row = table.rows[1] if len(table.rows) > 1 else table.add_row()  # type: ignore[no-untyped-call]
    values = {"Type": "te", "Source": "Region Norrsund", "Clause": "3.2", "Comment": "Unclear."}
    for cell, name in zip(row.cells, names, strict=True):
        cell.text = next((v for k, v in values.items() if name.startswith(k)), "")
    filled = tmp_path / "aom-filled.docx"
    document.save(str(filled))
    result = run_cli("check", filled, "--draft-file", EN_DRAFT)
    assert result.exit_code == 0, result.output
    assert ": docx-form, 1 comment from Region Norrsund" in result.output
    assert "note: columns not recognised (kept as extra data): 'Title (only for GitHub" in (
        result.output
    )
    assert "problem:" not in result.output
    assert "OK: no problems found" in result.output


def test_csv_extra_column_after_a_column_map_is_not_a_problem(tmp_path: Path) -> None:
    sheet = tmp_path / "c.csv"
    sheet.write_text("data,label\nThe whole guidance is too long.,x\n", encoding="utf-8")
    result = run_cli(
        "check", sheet, "--draft-file", EN_DRAFT, "--columns", "comment=data", "--json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["problems"] == []
    assert any("'label'" in n for n in report["notes"])


def test_iso_column_map_is_printed_on_one_line_per_header() -> None:
    result = run_cli("check", corpus(ISO), "--draft-file", EN_DRAFT)
    line = next(x for x in result.output.splitlines() if x.startswith("  columns:"))
    assert "MB/NC → organisation" in line
    assert "Line number (e.g. 17) → line" in line
    assert "Type of comment → type" in line
    assert "MB/NC1" not in result.output and "comment2" not in result.output
    assert result.output.count("\n(e.g.") == 0
    assert display_header("Paragraph/ Figure/ Table/\n(e.g. Table 1)") == (
        "Paragraph/ Figure/ Table/ (e.g. Table 1)"
    )
    assert len(display_header("x" * 100)) == 40


def test_unknown_comment_type_said_once(tmp_path: Path) -> None:
    sheet = tmp_path / "t.csv"
    sheet.write_text("Section,Type,Comment\n3.2,xx,Fine\n", encoding="utf-8")
    result = run_cli("check", sheet, "--draft-file", EN_DRAFT)
    assert result.exit_code == 1
    assert result.output.count("unknown comment type 'xx'") == 1, result.output


def test_paragraphs_without_the_draft_are_a_note_not_a_problem(tmp_path: Path) -> None:
    assert run_cli("draft", "import", EN_DRAFT).exit_code == 0
    form = tmp_path / "form.docx"
    assert run_cli("form", "D1", "-o", form).exit_code == 0
    document = docx.Document(str(form))
    table = next(t for t in document.tables if len(t.columns) == 8)
    for row, values in zip(
        table.rows[1:],
        [
            ["", "", "3.2", "Paragraph 2", "te", "About the second paragraph.", "", ""],
            ["", "", "3.1", "¶2", "ed", "A typo.", "", ""],
        ],
        strict=False,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(str(form))
    result = run_cli("check", form)
    assert result.exit_code == 0, result.output
    assert "section heading" not in result.output
    assert result.output.count("paragraph numbers were not checked") == 1
    with_draft = run_cli("check", form, "--draft-file", EN_DRAFT, "--json")
    report = json.loads(with_draft.stdout)
    assert [c["locator"] for c in report["comments"]] == ["3.2¶2", "3.1¶2"], report


def test_sheet_without_organisation_column_is_said_plainly(tmp_path: Path) -> None:
    az = corpus(AZ_CSV)
    checked = run_cli("check", az, "--columns", "comment=data", "--draft-file", EN_DRAFT)
    assert checked.exit_code == 0, checked.output
    assert "csv, 694 comments, no organisation column" in checked.output
    assert run_cli("draft", "import", EN_DRAFT).exit_code == 0
    collected = run_cli("collect", az, "--draft", "D1", "--columns", "comment=data")
    assert collected.exit_code == 0, collected.output
    assert "694 comments, no organisation column" in collected.stdout
    assert "unknown organisation" not in collected.stdout
    one = tmp_path / "one.csv"
    one.write_text("Organisation,Section,Comment\nA kommun,3.2,One\n", encoding="utf-8")
    assert run_cli("collect", one, "--draft", "D1").exit_code == 0
    orgs = run_cli("orgs", "list")
    assert "A kommun: 1 submission, 1 comment\n" in orgs.stdout
    assert "694 comments with no organisation" in orgs.stdout
    assert "(1 body)" in orgs.stderr
    as_json = json.loads(run_cli("orgs", "list", "--json").stdout)
    assert as_json["comments_without_organisation"] == 694


def test_draft_list_counts_in_the_singular(tmp_path: Path) -> None:
    assert run_cli("draft", "import", EN_DRAFT).exit_code == 0
    one = tmp_path / "one.csv"
    one.write_text("Organisation,Section,Comment\nA kommun,3.2,One\n", encoding="utf-8")
    assert run_cli("collect", one, "--draft", "D1").exit_code == 0
    listing = run_cli("draft", "list").stdout
    assert " 1 submission " in listing and " 1 comment " in listing
    assert "1 submissions" not in listing and "1 comments" not in listing
