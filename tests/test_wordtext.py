"""The WordprocessingML text walker on the constructs Word writes into drafts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from docx.oxml import parse_xml

from guidefeedback import wordtext
from guidefeedback.drafts import read_draft

from . import docx_builders as b
from .conftest import run_cli

if TYPE_CHECKING:
    from docx.document import Document

_W = f'xmlns:w="{wordtext.W_NS}"'


def _body(document: Document, xml: str) -> None:
    """Append raw body XML (paragraphs, content controls) before the section properties."""
    body = document.element.body
    for element in parse_xml(f"<w:body {_W}>{xml}</w:body>"):
        body.sectPr.addprevious(element)


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _fld(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def _toc(entries: list[str]) -> str:
    """A TOC field over several paragraphs, as Word writes it."""
    code = '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z </w:instrText></w:r>'
    paragraphs = []
    for i, entry in enumerate(entries):
        start = _fld("begin") + code + _fld("separate") if i == 0 else ""
        end = _fld("end") if i == len(entries) - 1 else ""
        paragraphs.append(f"<w:p>{start}{_r(entry)}<w:r><w:tab/></w:r>{_r(str(i + 1))}{end}</w:p>")
    return "".join(paragraphs)


def test_table_of_contents_over_several_paragraphs_is_not_a_unit(tmp_path: Path) -> None:
    d = b.new_document()
    d.add_paragraph("Guidance on procurement", style="Title")
    _body(d, _toc(["1 Introduction", "2 Strategy", "3 Funding"]))
    d.add_heading("Introduction", 1)
    d.add_paragraph("The guidance starts here.")
    units = read_draft(b.save(d, tmp_path / "toc.docx")).units
    assert [u.text for u in units] == [
        "Guidance on procurement",
        "Introduction",
        "The guidance starts here.",
    ]
    assert units[2].running == 2


def test_contents_control_index_and_cover_page(tmp_path: Path) -> None:
    d = b.new_document()
    gallery = '<w:sdtPr><w:docPartObj><w:docPartGallery w:val="{}"/></w:docPartObj></w:sdtPr>'
    _body(
        d,
        f"<w:sdt>{gallery.format('Cover Pages')}<w:sdtContent>"
        f"<w:p>{_r('Swedish Agency for Public Procurement')}</w:p>"
        f"<w:p>{_r('Dnr 2024-123')}</w:p></w:sdtContent></w:sdt>"
        f"<w:sdt>{gallery.format('Table of Contents')}<w:sdtContent>"
        f"<w:p>{_r('Contents')}</w:p><w:p>{_r('Scope')}<w:r><w:tab/></w:r>{_r('3')}</w:p>"
        "</w:sdtContent></w:sdt>",
    )
    d.add_heading("Scope", 1)
    p = d.add_paragraph("See the index.")
    _body(
        d,
        f'<w:p><w:fldSimple w:instr=" INDEX \\e &quot;&#9;&quot; ">{_r("buyer, 3")}</w:fldSimple></w:p>',
    )
    units = read_draft(b.save(d, tmp_path / "cover.docx")).units
    assert [(u.locator, u.text) for u in units] == [
        ("Cover page¶1", "Swedish Agency for Public Procurement"),
        ("Cover page¶2", "Dnr 2024-123"),
        ("Scope", "Scope"),
        ("Scope¶1", p.text),
    ]


def test_nested_inline_controls_placeholders_smart_tags_and_hyperlinks(tmp_path: Path) -> None:
    d = b.new_document()
    _body(
        d,
        "<w:p>"
        + _r("Decided on ")
        + "<w:sdt><w:sdtPr><w:date/></w:sdtPr><w:sdtContent>"
        + "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + _r("[date]")
        + "</w:sdtContent></w:sdt></w:sdtContent></w:sdt>"
        + '<w:smartTag w:uri="u" w:element="place">'
        + _r(" in Stockholm")
        + "</w:smartTag>"
        + '<w:hyperlink w:anchor="a">'
        + _r(", see 3.2")
        + "</w:hyperlink></w:p>",
    )
    (unit,) = read_draft(b.save(d, tmp_path / "c.docx")).units
    # A draft shows its placeholders (LibreOffice does too); a form's are instructions.
    assert unit.text == "Decided on [date] in Stockholm, see 3.2"
    p = d.element.body[-2]
    assert wordtext.scan_paragraph(p).text() == "Decided on in Stockholm, see 3.2"


@pytest.mark.parametrize(("accept", "text"), [(False, "Buyers shall"), (True, "Buyers may")])
def test_tracked_changes_are_rejected_or_accepted(tmp_path: Path, accept: bool, text: str) -> None:
    d = b.new_document()
    p = d.add_paragraph("Buyers ")
    b.add_tracked_deletion(p, "shall")
    b.add_tracked_insertion(p, "may")
    draft = read_draft(b.save(d, tmp_path / "t.docx"), accept_changes=accept)
    assert [u.text for u in draft.units] == [text]
    assert draft.tracked_changes == 2


def test_draft_show_prints_list_numbers_as_word_shows_them(tmp_path: Path) -> None:
    d = b.new_document()
    b.number_headings(d)
    d.add_heading("Scope", 1)
    letters = b.add_list(d, 71, [b.Level(0, fmt="lowerLetter", text="%1)")])
    for item in ("first", "second"):
        b.set_numbering(d.add_paragraph(f"Item {item}"), letters, 0)
    run_cli("draft", "import", b.save(d, tmp_path / "l.docx"))
    shown = run_cli("draft", "show", "D1", "--all").output
    assert "a)" in shown and "b)" in shown and "•" not in shown
    assert any(line.startswith("1") and "Scope" in line for line in shown.splitlines())


def test_layout_without_libreoffice_says_it_needs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = b.new_document()
    d.add_paragraph("Text.")
    path = b.save(d, tmp_path / "x.docx")
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run_cli("draft", "import", path, "--layout")
    assert result.exit_code == 2
    assert "needs LibreOffice" in result.output
    assert run_cli("draft", "list").output.startswith("No drafts")
