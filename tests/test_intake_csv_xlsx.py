"""CSV and XLSX comment matrices, as Excel and other tools write them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from guidefeedback.errors import RefusedFile
from guidefeedback.intake import read_submission
from guidefeedback.intake.spreadsheet import cell_string, choose_delimiter
from guidefeedback.model import CommentType
from guidefeedback.safe_open import Limits


def _write(tmp_path: Path, data: bytes, name: str = "comments.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- CSV ----------------------------------------------------------------------------------------


def test_excel_csv_utf8_with_bom_and_embedded_newlines(tmp_path: Path) -> None:
    text = (
        "Clause,Type of comment,Comments,Proposed change\r\n"
        '3.2,te,"First line of the comment,\r\nsecond line with ""quotes""",Change it\r\n'
        "3.3,ed,Typo,\r\n"
        "\r\n"
        '4,ge,"Three\nlines\nhere",\r\n'
    )
    sub = read_submission(_write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8")))
    assert sub.format == "csv"
    assert sub.unrecognised_columns == ()
    got = [(c.source, c.section, c.type, c.text, c.proposed) for c in sub.comments]
    assert got == [
        (
            "line 2",
            "3.2",
            CommentType.TECHNICAL,
            'First line of the comment,\r\nsecond line with "quotes"',
            "Change it",
        ),
        ("line 4", "3.3", CommentType.EDITORIAL, "Typo", None),
        ("line 6", "4", CommentType.GENERAL, "Three\nlines\nhere", None),
    ]


def test_utf16_tab_separated(tmp_path: Path) -> None:
    text = "Avsnitt\tTyp av synpunkt\tSynpunkt\tFörslag till ändring\r\n"
    text += "3.1\tteknisk\tKravet på åtta veckor är för kort för små kommuner.\tTolv veckor.\r\n"
    sub = read_submission(_write(tmp_path, text.encode("utf-16")))  # BOM + LE on this host
    (comment,) = sub.comments
    assert (comment.section, comment.type, comment.proposed) == ("3.1", "te", "Tolv veckor.")
    assert comment.text.startswith("Kravet på åtta veckor")
    assert comment.language == "sv"


def test_cp1252_semicolon(tmp_path: Path) -> None:
    text = "Organisation;Avsnitt;Typ;Synpunkt\r\nÅkerö kommun;2;allmän;Bra förslag, men ändra rubriken.\r\n"
    text += "Åkerö kommun;3;redaktionell;Stavfel: ”häst”.\r\n"
    sub = read_submission(_write(tmp_path, text.encode("cp1252")))
    assert sub.organisation == "Åkerö kommun"
    assert [c.text for c in sub.comments] == [
        "Bra förslag, men ändra rubriken.",
        "Stavfel: ”häst”.",
    ]
    assert [c.source for c in sub.comments] == ["line 2", "line 3"]


def test_mixed_line_endings_and_pipes(tmp_path: Path) -> None:
    data = b"Section|Comment|Page\r\n1|one|3\n2|two|4\r3|three|5\r\n"
    sub = read_submission(_write(tmp_path, data))
    assert [(c.source, c.section, c.text, c.page) for c in sub.comments] == [
        ("line 2", "1", "one", "3"),
        ("line 3", "2", "two", "4"),
        ("line 4", "3", "three", "5"),
    ]


def test_delimiter_chosen_by_header_meaning() -> None:
    # A comma inside the semicolon-separated header must not fool the choice.
    assert choose_delimiter("Avsnitt;Synpunkt, motivering;Förslag\n1;a, b;c\n") == ";"
    assert choose_delimiter("Section\tComment\n1\tA, b, c, d\n") == "\t"
    assert choose_delimiter("Section,Comment\n1,x\n") == ","


def test_title_and_details_above_header(tmp_path: Path) -> None:
    text = (
        "Comments on D1;;\n"
        "Organisation:;Kommunförbundet;\n"
        "E-post:;info@example.se;\n"
        "Vi godkänner publicering: nej;;\n"
        ";;\n"
        "Avsnitt;Synpunkt;Förslag till ändring\n"
        "1;Text.;\n"
    )
    sub = read_submission(_write(tmp_path, text.encode("utf-8")))
    assert (sub.organisation, sub.email, sub.publish_names) == (
        "Kommunförbundet",
        "info@example.se",
        False,
    )
    assert [c.source for c in sub.comments] == ["line 7"]


def test_unterminated_quote_is_refused_with_line(tmp_path: Path) -> None:
    data = b'Section,Comment\n1,fine\n2,"never closed\n3,swallowed\n4,also swallowed\n'
    with pytest.raises(RefusedFile) as info:
        read_submission(_write(tmp_path, data))
    assert "unterminated quote" in str(info.value)
    assert "line 3" in str(info.value)


def test_long_field_gets_our_message(tmp_path: Path) -> None:
    data = b"Section,Comment\n1," + b"x" * 100_001 + b"\n"
    with pytest.raises(RefusedFile) as info:
        read_submission(_write(tmp_path, data))
    assert str(info.value) == ("comments.csv: comment in line 2 is longer than 100 000 characters")


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(RefusedFile):
        read_submission(_write(tmp_path, b"Section,Comment\n1,a\x00b\n"))


def test_no_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RefusedFile, match="no comment table found"):
        read_submission(_write(tmp_path, b"name,value\na,b\n"))


def test_control_characters_are_cleaned_and_counted(tmp_path: Path) -> None:
    data = b"Section,Comment\n1,bad\x0bchar\x1f here\n"
    sub = read_submission(_write(tmp_path, data))
    assert sub.comments[0].text == "badchar here"
    (problem,) = sub.problems
    assert problem.where == "line 2" and "removed 2 character" in problem.message


def test_too_many_rows(tmp_path: Path) -> None:
    data = b"Section,Comment\n" + b"".join(b"%d,c\n" % i for i in range(5))
    with pytest.raises(RefusedFile, match="more than 3 rows"):
        read_submission(_write(tmp_path, data), limits=Limits(max_rows=3))


# -- XLSX ---------------------------------------------------------------------------------------


def _xlsx(tmp_path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = Workbook()
    first = True
    for title, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = title
        first = False
        for row in rows:
            ws.append(row)
    path = tmp_path / "comments.xlsx"
    wb.save(str(path))
    return path


def test_xlsx_header_on_row_three_and_number_cells(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        {
            "Read me": [["Fill in the sheet called Comments."]],
            "Comments": [
                ["Comments on the draft guidance"],
                [],
                ["MB/NC", "Line number", "Clause/Subclause", "Type of comment", "Comments",
                 "Proposed change", "Reviewer notes"],
                ["SE", 17, 3.2, "te", "Too short.", "Longer.", "keep"],
                ["SE", 18.0, 3, "ed", "Typo.", None, None],
                ["SE", 19, 3.10, "ge", "=1+1", "Keep row.", None],
                [None, None, None, None, None, None, None],
                ["SE", 20, "3.10", "te", dt.datetime(2025, 3, 1), None, None],
            ],
        },
    )  # fmt: skip
    sub = read_submission(path)
    assert sub.format == "xlsx"
    assert sub.organisation == "SE"
    got = [(c.source, c.line, c.section, c.type) for c in sub.comments]
    assert got == [
        ("sheet 'Comments' row 4", "17", "3.2", "te"),
        ("sheet 'Comments' row 5", "18", "3", "ed"),
        # The number 3.10 is 3.1 to Excel: a known limitation, documented.
        ("sheet 'Comments' row 6", "19", "3.1", "ge"),
        ("sheet 'Comments' row 8", "20", "3.10", "te"),
    ]
    # openpyxl writes "=1+1" as a formula: never evaluated, and with no cached value it
    # reads as empty, so that row has no comment text (the proposed change keeps it).
    assert (sub.comments[2].text, sub.comments[2].proposed) == ("", "Keep row.")
    assert ("sheet 'Comments' row 6", "no comment text") in {
        (p.where, p.message) for p in sub.problems
    }
    assert sub.comments[3].text == "2025-03-01"
    assert sub.comments[0].extra == {"Reviewer notes": "keep"}
    assert sub.unrecognised_columns == ("Reviewer notes",)


def test_xlsx_without_header_is_refused(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, {"Sheet": [["a", "b"], ["c", "d"]]})
    with pytest.raises(RefusedFile, match="no comment table found"):
        read_submission(path)


def test_cell_string() -> None:
    assert cell_string(3.2) == "3.2"
    assert cell_string(3.0) == "3"
    assert cell_string(7) == "7"
    assert cell_string(None) == ""
    assert cell_string(True) == "TRUE"
    assert cell_string(dt.datetime(2025, 1, 2, 13, 5)) == "2025-01-02 13:05"
    assert cell_string(dt.date(2025, 1, 2)) == "2025-01-02"


OUTLINE: dict[str, Any] = {
    "id": "D1",
    "title": "Guidance on consultation",
    "version": "1",
    "sha256": "cd" * 32,
    "units": [{"kind": "heading", "level": 1, "number": "3.10", "text": "Tenth"}],
}


@pytest.mark.parametrize("style", ["iso", "remiss"])
def test_blank_xlsx_form_round_trip(tmp_path: Path, style: str) -> None:
    from guidefeedback.render.forms import write_blank_form

    path = tmp_path / "blank.xlsx"
    write_blank_form(OUTLINE, path, style=style)
    wb = load_workbook(str(path))
    ws = wb.worksheets[0]
    header_row = next(
        r for r in range(1, 15) if ws.cell(row=r, column=1).value in ("MB/NC", "Organisation")
    )
    kind = "ed" if style == "iso" else "redaktionell"
    values: list[str | int | None] = [
        "Form Org",
        12,
        "3.10",
        "¶2",
        kind,
        "Spelling.",
        "Spell it right.",
        None,
    ]
    for col, value in enumerate(values, start=1):
        ws.cell(row=header_row + 1, column=col, value=value)
    wb.save(str(path))
    sub = read_submission(path)
    assert sub.format == "xlsx"
    assert sub.unrecognised_columns == ()
    (comment,) = sub.comments
    assert (comment.organisation, comment.line, comment.section, comment.paragraph) == (
        "Form Org",
        "12",
        "3.10",
        "¶2",
    )
    assert (comment.type, comment.text, comment.proposed) == (
        CommentType.EDITORIAL,
        "Spelling.",
        "Spell it right.",
    )
    assert comment.source == f"sheet {ws.title!r} row {header_row + 1}"
    assert sub.problems == ()
