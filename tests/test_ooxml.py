"""The text policy and block walk of :mod:`guidefeedback.ooxml`, on real .docx files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest
from docx.oxml import parse_xml
from lxml import etree

from guidefeedback import ooxml

from . import docx_builders as b

if TYPE_CHECKING:
    from docx.document import Document

_W = f'xmlns:w="{ooxml.W_NS}"'


def _p(inner: str) -> etree._Element:
    """A ``w:p`` from its inner XML (runs and containers)."""
    element: etree._Element = parse_xml(f"<w:p {_W}>{inner}</w:p>")
    return element


def _run(text: str, rpr: str = "") -> str:
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _reopened(d: Document, tmp_path: Path) -> Document:
    """Save and reopen, so the XML is what a reader of the file sees."""
    return docx.Document(str(b.save(d, tmp_path / "t.docx")))


def _body_texts(d: Document) -> list[str]:
    body = d.element.body
    return [ooxml.paragraph_text(p) for p in ooxml.iter_blocks(body) if p.tag == ooxml.W_P]


def test_tracked_insertions_kept_and_deletions_dropped(tmp_path: Path) -> None:
    d = b.new_document()
    p = d.add_paragraph("Buyers should ")
    b.add_tracked_deletion(p, "never ")
    b.add_tracked_insertion(p, "always ")
    p.add_run("consult the market.")
    assert _body_texts(_reopened(d, tmp_path)) == ["Buyers should always consult the market."]


def test_moves_follow_the_new_position() -> None:
    p = _p(
        f'<w:moveFrom w:id="1" w:author="A" w:date="2025-01-01T00:00:00Z">{_run("old place ")}'
        f"</w:moveFrom>{_run('kept ')}"
        f'<w:moveTo w:id="2" w:author="A" w:date="2025-01-01T00:00:00Z">{_run("new place")}'
        "</w:moveTo>"
    )
    assert ooxml.paragraph_text(p) == "kept new place"


def test_deleted_field_code_and_deleted_paragraph_mark_add_nothing() -> None:
    p = _p(
        '<w:pPr><w:rPr><w:del w:id="3" w:author="A" w:date="2025-01-01T00:00:00Z"/></w:rPr></w:pPr>'
        f"{_run('text')}<w:r><w:delInstrText> PAGE </w:delInstrText></w:r>"
    )
    assert ooxml.paragraph_text(p) == "text"


def test_hidden_text_is_dropped(tmp_path: Path) -> None:
    d = b.new_document()
    p = d.add_paragraph("Visible")
    b.add_hidden_run(p, " secret note")
    p.add_run(" text.")
    off = d.add_paragraph("Shown")
    off._p.append(parse_xml(f'<w:r {_W}><w:rPr><w:vanish w:val="0"/></w:rPr><w:t> too</w:t></w:r>'))
    assert _body_texts(_reopened(d, tmp_path)) == ["Visible text.", "Shown too"]


def test_field_codes_dropped_and_results_kept(tmp_path: Path) -> None:
    d = b.new_document()
    p = d.add_paragraph("See page ")
    b.add_field(p, "PAGEREF _Toc123 \\h", "12")
    p.add_run(" and table ")
    b.add_field(p, "SEQ Table \\* ARABIC", "3")
    p.add_run(".")
    simple = d.add_paragraph("Author: ")
    simple._p.append(
        parse_xml(
            f'<w:fldSimple {_W} w:instr=" AUTHOR "><w:r><w:t>Agency</w:t></w:r></w:fldSimple>'
        )
    )
    assert _body_texts(_reopened(d, tmp_path)) == ["See page 12 and table 3.", "Author: Agency"]


def test_nested_fields_keep_only_the_outer_result() -> None:
    def fld(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    code = '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
    p = _p(
        fld("begin")
        + code
        + fld("begin")
        + '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        + fld("separate")
        + _run("inner result in code")
        + fld("end")
        + fld("separate")
        + _run("outer result")
        + fld("end")
        + _run(" after")
    )
    assert ooxml.paragraph_text(p) == "outer result after"


def test_content_control_text_kept_and_placeholders_dropped(tmp_path: Path) -> None:
    d = b.new_document()
    p = d.add_paragraph("Organisation: ")
    b.add_content_control(p, "Swedish Competition Authority")
    q = d.add_paragraph("Contact: ")
    b.add_content_control(q, "Click or tap here to enter text.", placeholder=True)
    assert _body_texts(_reopened(d, tmp_path)) == [
        "Organisation: Swedish Competition Authority",
        "Contact:",
    ]


def test_tabs_and_breaks_become_spaces() -> None:
    p = _p(
        "<w:r><w:t>Step</w:t><w:tab/><w:t>one</w:t><w:br/><w:t>line</w:t><w:cr/><w:t>two</w:t>"
        '<w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/><w:t>end</w:t></w:r>'
        '<w:r><w:t xml:space="preserve">  many   spaces\u00a0here </w:t></w:r>'
    )
    assert ooxml.paragraph_text(p) == "Step one line two end many spaces here"


def test_hyphens_and_symbols() -> None:
    p = _p(
        "<w:r><w:t>e</w:t><w:noBreakHyphen/><w:t>procurement co</w:t><w:softHyphen/>"
        '<w:t>operation</w:t><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
    )
    assert ooxml.paragraph_text(p) == "e-procurement cooperation"


def test_hyperlinks_and_smart_tags_keep_their_text() -> None:
    p = _p(
        f'<w:hyperlink w:anchor="x">{_run("linked")}</w:hyperlink>'
        f'<w:smartTag w:uri="u" w:element="place"><w:smartTagPr/>{_run(" Stockholm")}</w:smartTag>'
    )
    assert ooxml.paragraph_text(p) == "linked Stockholm"


def test_drawings_and_text_boxes_are_left_out() -> None:
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    p = _p(
        f'{_run("Caption text")}<w:r><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps">'
        "<w:drawing/></mc:Choice><mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent></w:r>"
    )
    assert ooxml.paragraph_text(p) == "Caption text"


def test_footnote_ids_are_returned_in_reference_order(tmp_path: Path) -> None:
    d = b.new_document()
    p = d.add_paragraph("Claim.")
    first = b.add_footnote(d, p, "First source.")
    p.add_run(" Another claim.")
    second = b.add_footnote(d, p, "Second source.")
    reopened = _reopened(d, tmp_path)
    body = reopened.element.body
    read = ooxml.read_paragraph(next(ooxml.iter_blocks(body)))
    assert read == ooxml.ParagraphText("Claim. Another claim.", (str(first), str(second)))
    part = reopened.part
    notes = ooxml.read_footnotes(ooxml.related_part_xml(part, ooxml.RT_FOOTNOTES))
    assert notes == {str(first): "First source.", str(second): "Second source."}


def test_footnotes_without_part_and_separators() -> None:
    assert ooxml.read_footnotes(None) == {}
    xml = (
        f'<w:footnotes {_W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
        '</w:r></w:p></w:footnote><w:footnote w:id="5"><w:p><w:r><w:t>One.</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>Two.</w:t></w:r></w:p></w:footnote></w:footnotes>"
    ).encode()
    assert ooxml.read_footnotes(xml) == {"5": "One. Two."}


def test_iter_blocks_opens_block_content_controls(tmp_path: Path) -> None:
    d = b.new_document()
    d.add_paragraph("Before")
    b.add_block_content_control(d, "Inside the control")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "cell"
    d.add_paragraph("After")
    body = _reopened(d, tmp_path).element.body
    nested = parse_xml(
        f'<w:sdt {_W}><w:sdtContent><w:customXml w:element="x"><w:p>{_run("Deep")}</w:p>'
        f"</w:customXml><w:sdt><w:sdtContent><w:p>{_run('Deeper')}</w:p></w:sdtContent></w:sdt>"
        "</w:sdtContent></w:sdt>"
    )
    body.sectPr.addprevious(nested)
    blocks = list(ooxml.iter_blocks(body))
    assert [blk.tag for blk in blocks] == [ooxml.W_P, ooxml.W_P, ooxml.W_TBL, ooxml.W_P] + [
        ooxml.W_P
    ] * 2
    texts = [ooxml.paragraph_text(blk) for blk in blocks if blk.tag == ooxml.W_P]
    assert texts == ["Before", "Inside the control", "After", "Deep", "Deeper"]


def test_merged_cells(tmp_path: Path) -> None:
    d = b.new_document()
    table = b.add_table(d, [["Topic", "Comment", "Page"], ["Scope", "", "3"], ["", "", "4"]])
    table.cell(0, 1).merge(table.cell(0, 2))  # horizontal: one w:tc with gridSpan
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical: w:vMerge restart + continue
    body = _reopened(d, tmp_path).element.body
    tbl = next(blk for blk in ooxml.iter_blocks(body) if blk.tag == ooxml.W_TBL)
    rows = list(ooxml.table_rows(tbl))
    cells = [list(ooxml.row_cells(tr)) for tr in rows]
    assert [len(r) for r in cells] == [2, 3, 3]
    assert [ooxml.is_merge_continuation(tc) for tc in cells[1]] == [False, False, False]
    assert [ooxml.is_merge_continuation(tc) for tc in cells[2]] == [True, False, False]
    first_cell_texts = [[ooxml.paragraph_text(p) for p in tc.iter(ooxml.W_P)] for tc in cells[0]]
    assert first_cell_texts[0] == ["Topic"]
    assert " ".join(t for t in first_cell_texts[1] if t) == "Comment Page"


def test_rows_inside_row_level_content_controls() -> None:
    tbl = parse_xml(
        f"<w:tbl {_W}><w:tr><w:tc><w:p/></w:tc></w:tr><w:sdt><w:sdtContent>"
        "<w:tr><w:tc><w:p/></w:tc><w:sdt><w:sdtContent><w:tc><w:p/></w:tc></w:sdtContent></w:sdt>"
        "</w:tr></w:sdtContent></w:sdt></w:tbl>"
    )
    rows = list(ooxml.table_rows(tbl))
    assert len(rows) == 2
    assert [len(list(ooxml.row_cells(tr))) for tr in rows] == [1, 2]


def test_styles_and_paragraph_properties(tmp_path: Path) -> None:
    d = b.new_document()
    b.number_headings(d)
    p = d.add_heading("Numbered", 2)
    b.set_numbering(p, 50, 1)
    reopened = _reopened(d, tmp_path)
    styles = ooxml.read_styles(reopened.styles.element)
    heading = styles.by_id["Heading2"]
    assert (heading.name, heading.num_id, heading.ilvl, heading.based_on) == (
        "heading 2",
        50,
        1,
        "Normal",
    )
    assert heading.outline_level == 1
    assert styles.default_paragraph == "Normal"
    chain = [s.style_id for s in ooxml.style_chain(styles, "Heading2")]
    assert chain[0] == "Heading2" and chain[-1] == "Normal"
    element = next(ooxml.iter_blocks(reopened.element.body))
    assert ooxml.paragraph_style_id(element) == "Heading2"
    assert ooxml.paragraph_num_pr(element) == (50, 1)
    assert ooxml.paragraph_outline_level(element) is None


@pytest.mark.parametrize(
    ("xml", "on"),
    [
        ("<w:b/>", True),
        ('<w:b w:val="1"/>', True),
        ('<w:b w:val="true"/>', True),
        ('<w:b w:val="0"/>', False),
        ('<w:b w:val="false"/>', False),
        ('<w:b w:val="off"/>', False),
    ],
)
def test_on_off_properties(xml: str, on: bool) -> None:
    assert ooxml.is_on(parse_xml(xml.replace("<w:b", f"<w:b {_W}"))) is on
    assert ooxml.is_on(None) is False


def test_parse_part_refuses_entities() -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x "expanded">]>'
        b'<w:p xmlns:w="' + ooxml.W_NS.encode() + b'"><w:r><w:t>&x;</w:t></w:r></w:p>'
    )
    p = ooxml.parse_part(evil)
    assert "expanded" not in ooxml.paragraph_text(p)
