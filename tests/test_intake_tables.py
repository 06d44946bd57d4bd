"""Comment-form tables in .docx files, header matching and the type/consent vocabulary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document

from guidefeedback.errors import RefusedFile
from guidefeedback.intake import read_submission
from guidefeedback.intake.columns import match_header, parse_consent, parse_type
from guidefeedback.model import CommentType
from guidefeedback.safe_open import Limits

ISO = [
    "MB/NC(1)",
    "Line number (2)",
    "Clause/Subclause (3)",
    "Paragraph/Figure/Table (4)",
    "Type of comment (ge/te/ed)",
    "Comments/justification",
    "Proposed change",
    "Observations of the secretariat",
]


def _table(doc: Document, rows: list[list[str]]) -> Any:
    table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def _save(doc: Document, tmp_path: Path, name: str = "form.docx") -> Path:
    path = tmp_path / name
    doc.save(str(path))
    return path


# -- vocabulary ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("MB/NC(1)", "organisation"),
        ("Line number ¹", "line"),
        ("Clause/Subclause", "section"),
        ("clause / subclause", "section"),
        ("Paragraph/Figure/Table", "paragraph"),
        ("Type of comment (ge/te/ed)", "type"),
        ("Comments", "text"),
        ("Comments/justification", "text"),
        ("Comment (with rationale)", "text"),
        ("Proposed change", "proposed"),
        ("Proposed change by the MB", "proposed"),
        ("Suggested change", "proposed"),
        ("Observations of the secretariat", "response"),
        ("Comment #", "id"),
        ("Starting line", "line"),
        ("Ending line", "line_end"),
        ("Page", "page"),
        ("Commenter", "author"),
        ("Existing text", "quoted"),
        ("Organisation", "organisation"),
        ("Kontaktperson", "author"),
        ("Avsnitt", "section"),
        ("Stycke", "paragraph"),
        ("Sida", "page"),
        ("Rad", "line"),
        ("Typ av synpunkt", "type"),
        ("Synpunkt", "text"),
        ("Förslag till ändring", "proposed"),
        ("Svar/Kommentar", "response"),
        ("Befintlig text", "quoted"),
        ("  SYNPUNKT  ", "text"),
    ],
)
def test_header_synonyms(header: str, column: str) -> None:
    hit = match_header(header)
    assert hit is not None and hit[0] == column


@pytest.mark.parametrize("header", ["Favourite colour", "", "   ", "(1)"])
def test_unknown_headers(header: str) -> None:
    assert match_header(header) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ge", CommentType.GENERAL),
        ("TE", CommentType.TECHNICAL),
        ("ed", CommentType.EDITORIAL),
        ("General", CommentType.GENERAL),
        ("Technical", CommentType.TECHNICAL),
        ("Editorial", CommentType.EDITORIAL),
        ("allmän", CommentType.GENERAL),
        ("Teknisk", CommentType.TECHNICAL),
        ("redaktionell", CommentType.EDITORIAL),
        ("Critical", CommentType.TECHNICAL),
        ("Substantive", CommentType.TECHNICAL),
        ("Administrative", CommentType.EDITORIAL),
        ("te/ed", CommentType.TECHNICAL),
        ("ed.", CommentType.EDITORIAL),
        ("a technical issue", CommentType.TECHNICAL),
        ("xx", None),
        ("", None),
    ],
)
def test_comment_types(raw: str, expected: CommentType | None) -> None:
    assert parse_type(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yes", True),
        ("Yes, we agree", True),
        ("Ja", True),
        ("no", False),
        ("Nej", False),
        ("We do not agree", False),
        ("yes/no", None),
        ("ja/nej", None),
        ("", None),
        ("☒ Yes ☐ No", True),
        ("☐ Yes ☒ No", False),
        ("[x] nej", False),
    ],
)
def test_consent_values(value: str, expected: bool | None) -> None:
    assert parse_consent(value) is expected


# -- ISO form ------------------------------------------------------------------------------------


def _iso_form(tmp_path: Path) -> Path:
    doc = docx.Document()
    doc.add_heading("Comment form", level=1)
    doc.add_paragraph("Organisation: Nordic Standards Network")
    doc.add_paragraph("Contact: Jane Doe")
    doc.add_paragraph("E-mail: jane.doe@example.org")
    doc.add_paragraph("Date: 2025-03-01")
    doc.add_paragraph("We agree that our name may be published: yes")
    doc.add_paragraph("Submitted on behalf of:")
    doc.add_paragraph("Agency One", style="List Bullet")
    doc.add_paragraph("Agency Two", style="List Bullet")
    doc.add_paragraph("")
    table = _table(
        doc,
        [
            ISO,
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
            ["MB = Member body", "", "", "", "ge = general, te = technical, ed = editorial"],
            ["SE", "17", "3.2", "¶4", "te", "The period is too short.", "Eight weeks.", ""],
            ["", "25", "3.3", "Table 1", "ed", "Typo in the table.", "", ""],
            ["", "", "", "", "", "", "", ""],
            ["", "30", "4", "", "xx", "Unknown type here.", "", ""],
            ["", "31", "4.1", "", "ge", "", "", ""],
        ],
    )
    # One SE cell merged down over the three rows below it, as Word users do.
    table.cell(3, 0).merge(table.cell(6, 0))
    # Comment and proposed change merged into one wide cell in row 7: text is not doubled.
    merged = table.cell(7, 5).merge(table.cell(7, 6))
    merged.text = "Merged cell comment."
    doc.add_paragraph("")
    # The table continues after a page break without a repeated header.
    _table(doc, [["SE", "40", "5", "para 2", "te", "Continued comment.", "Change it.", ""]])
    doc.add_paragraph("")
    # ... and once more with its header repeated.
    _table(doc, [ISO, ["SE", "41", "5.1", "", "ge", "Last comment.", "", ""]])
    return _save(doc, tmp_path)


def test_iso_form(tmp_path: Path) -> None:
    sub = read_submission(_iso_form(tmp_path), received=None)
    assert sub.format == "docx-form-iso"
    assert sub.organisation == "Nordic Standards Network"
    assert sub.contact == "Jane Doe"
    assert sub.email == "jane.doe@example.org"
    assert sub.received == "2025-03-01"
    assert sub.publish_names is True
    assert sub.signatories == ("Agency One", "Agency Two")
    assert len(sub.sha256) == 64
    got = [
        (c.position, c.source, c.organisation, c.line, c.section, c.paragraph, c.type, c.text)
        for c in sub.comments
    ]
    te, ed, ge = CommentType.TECHNICAL, CommentType.EDITORIAL, CommentType.GENERAL
    assert got == [
        (1, "table 1 row 4", None, "17", "3.2", "¶4", te, "The period is too short."),
        (2, "table 1 row 5", None, "25", "3.3", "Table 1", ed, "Typo in the table."),
        (3, "table 1 row 7", None, "30", "4", None, None, "Unknown type here."),
        (4, "table 1 row 8", None, "31", "4.1", None, ge, "Merged cell comment."),
        (5, "table 2 row 1", None, "40", "5", "para 2", te, "Continued comment."),
        (6, "table 3 row 2", None, "41", "5.1", None, ge, "Last comment."),
    ]
    # The member-body code is kept with each comment, not taken for an organisation.
    assert [c.extra.get("MB/NC") for c in sub.comments] == ["SE", "SE", "SE", None, "SE", "SE"]
    first, second = sub.comments[0], sub.comments[1]
    assert first.proposed == "Eight weeks."
    assert first.type_raw == "te"
    assert first.language == "en"
    assert second.table_ref == "Table 1"
    assert second.proposed is None
    assert sub.comments[3].proposed is None
    assert sub.comments[2].type_raw == "xx"
    problems = {(p.where, p.message.split(" (")[0]) for p in sub.problems}
    assert problems == {("table 1 row 7", "unknown comment type 'xx'")}
    assert sub.unrecognised_columns == ()


def test_argument_organisation_wins(tmp_path: Path) -> None:
    sub = read_submission(_iso_form(tmp_path), organisation="Given Org", received="2025-04-02")
    assert sub.organisation == "Given Org"
    assert sub.received == "2025-04-02"


def test_missing_text_and_unrecognised_columns(tmp_path: Path) -> None:
    doc = docx.Document()
    _table(
        doc,
        [
            ["Section", "Comment", "Favourite colour"],
            ["3.1", "Fine comment.", "blue"],
            ["3.2", "", "red"],
            ["", "", ""],
        ],
    )
    sub = read_submission(_save(doc, tmp_path))
    # "Section" and "Comment" are everyday words, not a US federal matrix.
    assert sub.format == "docx-form"
    assert [c.text for c in sub.comments] == ["Fine comment."]
    assert sub.comments[0].extra == {"Favourite colour": "blue"}
    assert sub.unrecognised_columns == ("Favourite colour",)
    assert ("table 1 row 3", "no comment text") in {(p.where, p.message) for p in sub.problems}
    assert any("Favourite colour" in p.message for p in sub.problems if p.where == "columns")


def test_us_form_line_range_and_swedish_language(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("Publish names: no")
    _table(
        doc,
        [
            ["Comment #", "Organization", "Commenter", "Type", "Page", "Starting line",
             "Ending line", "Section", "Comment (with rationale)", "Suggested change"],
            ["1", "NIST", "J. Smith", "Critical", "4", "120", "125", "2.1",
             "The definition is ambiguous and should be clarified.", "Define it."],
            ["2", "NIST", "J. Smith", "administrative", "5", "130", "130", "2.2",
             "Det här avsnittet är otydligt och bör skrivas om helt.", ""],
        ],
    )  # fmt: skip
    sub = read_submission(_save(doc, tmp_path))
    assert sub.format == "docx-form-us"
    assert sub.organisation == "NIST"
    assert sub.contact == "J. Smith"
    assert sub.publish_names is False
    one, two = sub.comments
    assert (one.line, one.page, one.type, one.author) == ("120–125", "4", "te", "J. Smith")
    assert one.extra == {"Comment #": "1"}
    assert (two.line, two.type, two.language) == ("130", "ed", "sv")


def test_remiss_form_with_joint_submission(tmp_path: Path) -> None:
    doc = docx.Document()
    doc.add_paragraph("Myndighet: Miljönätverket")
    doc.add_paragraph("Kontaktperson: Anna Andersson")
    doc.add_paragraph("E-post: anna@example.se")
    doc.add_paragraph("Gemensamt remissvar från: Kommun A; Kommun B; Region C")
    doc.add_paragraph("Namn får publiceras: ja")
    _table(
        doc,
        [
            ["Avsnitt", "Stycke", "Typ av synpunkt", "Synpunkt", "Förslag till ändring",
             "Svar/Kommentar"],
            ["Avsnitt 3.2", "stycke 2", "redaktionell", "Stavfel i andra meningen.", "Rätta.",
             ""],
            ["3.4", "", "allmän", "Vi stöder förslaget men saknar en konsekvensanalys.", "",
             "Beaktad"],
        ],
    )  # fmt: skip
    sub = read_submission(_save(doc, tmp_path), default_language="sv")
    assert sub.format == "docx-form-remiss"
    assert sub.organisation == "Miljönätverket"
    assert sub.signatories == ("Kommun A", "Kommun B", "Region C")
    assert (sub.contact, sub.email, sub.publish_names) == (
        "Anna Andersson",
        "anna@example.se",
        True,
    )
    first, second = sub.comments
    assert (first.section, first.paragraph, first.type) == ("Avsnitt 3.2", "stycke 2", "ed")
    assert first.language == "sv"
    assert second.type == CommentType.GENERAL
    assert second.extra == {"Svar/Kommentar": "Beaktad"}


def test_signatories_from_organisation_cells(tmp_path: Path) -> None:
    doc = docx.Document()
    _table(
        doc,
        [
            ["Organisation", "Section", "Comment"],
            ["Alpha Agency; Beta Board", "1", "Joint comment one."],
            ["Alpha Agency; Beta Board", "2", "Joint comment two."],
        ],
    )
    sub = read_submission(_save(doc, tmp_path))
    assert sub.signatories == ("Alpha Agency", "Beta Board")
    assert sub.organisation == "Alpha Agency"


def test_details_table_above_form(tmp_path: Path) -> None:
    doc = docx.Document()
    _table(doc, [["Organisation:", "Table Org"], ["Contact", "Tom"]])
    doc.add_paragraph("")
    _table(doc, [["Clause", "Comments"], ["1", "Text."]])
    sub = read_submission(_save(doc, tmp_path))
    assert (sub.organisation, sub.contact) == ("Table Org", "Tom")
    assert sub.comments[0].source == "table 2 row 2"


def test_no_comment_table_is_refused(tmp_path: Path) -> None:
    doc = docx.Document()
    _table(doc, [["Name", "Value"], ["a", "b"]])
    with pytest.raises(RefusedFile, match="no comment table found: expected a column such as"):
        read_submission(_save(doc, tmp_path))


def test_prose_without_comment_table_is_a_letter(tmp_path: Path) -> None:
    # Before letters were read this was refused; now the text is kept, table and all.
    doc = docx.Document()
    doc.add_paragraph("Dear editors, we have no comments.")
    _table(doc, [["Name", "Value"], ["a", "b"]])
    sub = read_submission(_save(doc, tmp_path))
    assert sub.format == "letter-docx"
    assert [c.text for c in sub.comments] == [
        "Dear editors, we have no comments.\n\nName | Value\n\na | b"
    ]


def test_long_comment_is_fatal(tmp_path: Path) -> None:
    doc = docx.Document()
    _table(doc, [["Section", "Comment"], ["1", "x" * 60]])
    with pytest.raises(RefusedFile) as info:
        read_submission(_save(doc, tmp_path), limits=Limits(max_comment_chars=50))
    assert str(info.value) == "form.docx: comment in table 1 row 2 is longer than 50 characters"


def test_too_many_rows_is_fatal(tmp_path: Path) -> None:
    doc = docx.Document()
    _table(doc, [["Section", "Comment"], ["1", "a"], ["2", "b"], ["3", "c"]])
    with pytest.raises(RefusedFile, match="more than 2 rows"):
        read_submission(_save(doc, tmp_path), limits=Limits(max_rows=2))


def test_header_below_title_rows_in_table(tmp_path: Path) -> None:
    doc = docx.Document()
    table = _table(
        doc,
        [
            ["Comments on draft guidance", "", ""],
            ["Organisation: Row Org", "", ""],
            ["Avsnitt", "Synpunkt", "Förslag"],
            ["2", "En synpunkt.", "Ett förslag."],
        ],
    )
    table.cell(0, 0).merge(table.cell(0, 2))
    sub = read_submission(_save(doc, tmp_path))
    assert sub.organisation == "Row Org"
    assert [(c.section, c.text, c.proposed) for c in sub.comments] == [
        ("2", "En synpunkt.", "Ett förslag.")
    ]


# -- the blank form we generate, filled in ------------------------------------------------------

OUTLINE: dict[str, Any] = {
    "id": "D1",
    "title": "Guidance on consultation",
    "version": "1",
    "sha256": "ab" * 32,
    "units": [
        {"kind": "heading", "level": 1, "number": "1", "text": "Scope"},
        {"kind": "heading", "level": 2, "number": "3.2", "text": "Consultation"},
    ],
}


@pytest.mark.parametrize("style", ["iso", "remiss"])
def test_blank_docx_form_round_trip(tmp_path: Path, style: str) -> None:
    from guidefeedback.render.forms import write_blank_form

    path = tmp_path / f"blank-{style}.docx"
    write_blank_form(OUTLINE, path, style=style)
    doc = docx.Document(str(path))
    for p in doc.paragraphs:
        if p.text.startswith(("Organisation:",)):
            p.text = "Organisation: Round Trip Agency"
        elif p.text.startswith(("Contact:", "Kontaktperson:")):
            p.text = p.text.strip() + " Rita Round"
        elif p.text.startswith(("E-mail:", "E-post:")):
            p.text = p.text.strip() + " rita@example.org"
        elif "yes/no" in p.text or "ja/nej" in p.text:
            p.text = p.text.replace("yes/no", "no").replace("ja/nej", "nej")
    table = doc.tables[0]
    kind = "te" if style == "iso" else "teknisk"
    values = ["RTA", "12", "3.2", "¶1", kind, "Please extend the period.", "Ten weeks.", ""]
    for cell, value in zip(table.rows[1].cells, values, strict=True):
        cell.text = value
    table.rows[2].cells[5].text = "Second comment without a place."
    filled = tmp_path / f"filled-{style}.docx"
    doc.save(str(filled))

    sub = read_submission(filled)
    assert sub.format == f"docx-form-{style}"
    assert sub.organisation == "Round Trip Agency"
    assert (sub.contact, sub.email, sub.publish_names) == (
        "Rita Round",
        "rita@example.org",
        False,
    )
    assert sub.unrecognised_columns == ()
    first = sub.comments[0]
    assert first.extra.get("MB/NC") == "RTA"
    assert (first.organisation, first.line, first.section, first.paragraph) == (
        None,
        "12",
        "3.2",
        "¶1",
    )
    assert (first.type, first.text, first.proposed) == (
        CommentType.TECHNICAL,
        "Please extend the period.",
        "Ten weeks.",
    )
    assert [c.source for c in sub.comments] == ["table 1 row 2", "table 1 row 3"]
    assert sub.problems == ()


def test_blank_form_unfilled_has_no_consent(tmp_path: Path) -> None:
    from guidefeedback.render.forms import write_blank_form

    path = tmp_path / "blank.docx"
    write_blank_form(OUTLINE, path, style="iso")
    doc = docx.Document(str(path))
    doc.tables[0].rows[1].cells[5].text = "Only a comment."
    doc.save(str(path))
    sub = read_submission(path)
    assert sub.publish_names is None
    assert sub.organisation is None
    assert [c.text for c in sub.comments] == ["Only a comment."]


def test_separate_justification_column_joins_the_text(tmp_path: Path) -> None:
    doc = docx.Document()
    _table(
        doc,
        [
            ["Item", "Type", "Page", "Paragraph", "Comment", "Rationale", "Suggested change"],
            ["1", "S", "3", "2.1", "Define the term.", "It is used in two senses.", "Add it."],
        ],
    )
    sub = read_submission(_save(doc, tmp_path))
    (comment,) = sub.comments
    assert comment.text == "Define the term.\n\nIt is used in two senses."
    assert (comment.type, comment.page, comment.paragraph) == ("te", "3", "2.1")
    assert sub.unrecognised_columns == ()
