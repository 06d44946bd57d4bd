"""Word's automatic numbering as :class:`NumberingResolver` replays it.

The first part tests the resolver and the number formats against the standard (ECMA-376
§17.9) on real .docx files built with :mod:`tests.docx_builders`. The second part builds
one file per numbering scheme, converts them all to text with LibreOffice in one call and
checks that every label we resolve is the label LibreOffice renders, paragraph by
paragraph; it is skipped, with the reason, where ``soffice`` is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from guidefeedback import ooxml
from guidefeedback.drafts import read_draft
from guidefeedback.model import UnitKind
from guidefeedback.numbering import (
    NumberingResolver,
    bullet_text,
    format_number,
    read_numbering,
    split_typed_number,
    strip_label,
    to_letters,
    to_ordinal,
    to_roman,
)

from . import docx_builders as b
from .docx_builders import Level

if TYPE_CHECKING:
    from docx.document import Document

Build = Callable[["Document"], None]

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "drafts"


def _resolve(d: Document) -> list[tuple[str | None, str]]:
    """(label as displayed, paragraph text) for every paragraph of the body, in order."""
    resolver = NumberingResolver(
        d.part.numbering_part.element,
        d.styles.element,
    )
    out: list[tuple[str | None, str]] = []
    for p in d.element.body.iter(ooxml.W_P):
        label = resolver.label(p)
        out.append((label.text if label is not None else None, ooxml.paragraph_text(p)))
    return out


def _labels(d: Document) -> list[str | None]:
    return [label for label, _ in _resolve(d)]


def _headings(d: Document, outline: list[tuple[int, str]], *, body: bool = True) -> None:
    for level, title in outline:
        d.add_heading(title, level)
        if body:
            d.add_paragraph(f"Text under {title}.")


OUTLINE = [
    (1, "Introduction"),
    (2, "Purpose"),
    (2, "Scope"),
    (3, "Detail"),
    (1, "Strategy"),
    (2, "Targets"),
    (3, "Annual targets"),
    (3, "Long-term targets"),
    (1, "Funding"),
]
OUTLINE_NUMBERS = ["1", "1.1", "1.2", "1.2.1", "2", "2.1", "2.1.1", "2.1.2", "3"]


def _list(d: Document, num_id: int, items: list[tuple[str, int]]) -> None:
    for text, ilvl in items:
        b.add_numbered_paragraph(d, text, num_id, ilvl)


# -- number formats -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (3, "decimal", "3"),
        (0, "decimal", "0"),
        (7, "decimalZero", "07"),
        (12, "decimalZero", "12"),
        (1, "lowerLetter", "a"),
        (26, "lowerLetter", "z"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "BB"),
        (53, "lowerLetter", "aaa"),
        (4, "upperRoman", "IV"),
        (1994, "upperRoman", "MCMXCIV"),
        (9, "lowerRoman", "ix"),
        (1, "ordinal", "1st"),
        (2, "ordinal", "2nd"),
        (3, "ordinal", "3rd"),
        (11, "ordinal", "11th"),
        (12, "ordinal", "12th"),
        (13, "ordinal", "13th"),
        (21, "ordinal", "21st"),
        (112, "ordinal", "112th"),
        (5, "none", ""),
        (5, "cardinalText", "5"),
        (5, "chineseCounting", "5"),
    ],
)
def test_format_number(value: int, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


def _roman_value(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for char, following in zip(text, [*text[1:], ""], strict=True):
        value = values[char]
        total += -value if following and values[following] > value else value
    return total


@given(st.integers(min_value=1, max_value=3999))
def test_roman_numerals_read_back(value: int) -> None:
    roman = to_roman(value)
    assert re.fullmatch(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})", roman)
    assert _roman_value(roman) == value


def test_out_of_range_numbers_stay_decimal() -> None:
    assert to_roman(0) == "0"
    assert to_roman(4000) == "4000"
    assert to_letters(0) == "0"


@given(st.integers(min_value=1, max_value=26 * 5))
def test_letters_repeat_one_letter(value: int) -> None:
    letters = to_letters(value)
    assert len(set(letters)) == 1
    assert len(letters) == (value - 1) // 26 + 1
    assert ord(letters[0]) - ord("a") == (value - 1) % 26


@given(st.integers(min_value=0, max_value=10_000))
def test_ordinal_suffix(value: int) -> None:
    ordinal = to_ordinal(value)
    assert ordinal.startswith(str(value))
    assert ordinal[len(str(value)) :] in {"st", "nd", "rd", "th"}


@pytest.mark.parametrize(
    ("lvl_text", "shown"),
    [
        ("\uf0b7", "•"),  # Symbol font bullet
        ("\uf0a7", "▪"),  # Wingdings square
        ("\uf0d8", "➢"),
        ("\uf0fc", "✓"),
        ("\uf0e0", "•"),  # any other private-use glyph
        ("o", "o"),  # Courier New "o", the second level of Word's bullet list
        ("\u2013", "\u2013"),
        ("• ", "•"),
    ],
)
def test_bullet_glyphs(lvl_text: str, shown: str) -> None:
    assert bullet_text(lvl_text) == shown


@pytest.mark.parametrize(
    ("label", "number"),
    [
        ("3.2.", "3.2"),
        ("a)", "a"),
        ("(iv)", "iv"),
        ("[3]", "3"),
        ("Article 4", "Article 4"),
        ("Art. 1 –", "Art. 1"),
        ("1. –", "1"),
        ("§ 3:", "§ 3"),
    ],
)
def test_strip_label(label: str, number: str) -> None:
    assert strip_label(label) == number


# -- the resolver ---------------------------------------------------------------------------


def test_decimal_headings_through_styles() -> None:
    d = b.new_document()
    b.number_headings(d)
    _headings(d, OUTLINE, body=False)
    assert _labels(d) == OUTLINE_NUMBERS


def test_trailing_dots_are_kept_in_the_label() -> None:
    d = b.new_document()
    b.number_headings(d, texts=("%1.", "%1.%2.", "%1.%2.%3."))
    _headings(d, OUTLINE[:4], body=False)
    assert _labels(d) == ["1.", "1.1.", "1.2.", "1.2.1."]


def test_words_in_the_level_text() -> None:
    d = b.new_document()
    b.number_headings(d, texts=("Chapter %1", "Article %2", "%1.%2.%3"))
    _headings(d, OUTLINE[:5], body=False)
    assert _labels(d) == ["Chapter 1", "Article 1", "Article 2", "1.2.1", "Chapter 2"]


def test_lower_letter_with_parenthesis() -> None:
    d = b.new_document()
    num = b.add_list(d, 60, [Level(0, fmt="lowerLetter", text="%1)")])
    _list(d, num, [("one", 0), ("two", 0), ("three", 0)])
    assert _labels(d) == ["a)", "b)", "c)"]


def test_upper_roman_then_decimal() -> None:
    d = b.new_document()
    b.number_headings(d, texts=("%1.", "%1.%2"), fmts=("upperRoman", "decimal"))
    _headings(d, [(1, "A"), (2, "B"), (1, "C"), (1, "D"), (1, "E"), (2, "F")], body=False)
    assert _labels(d) == ["I.", "I.1", "II.", "III.", "IV.", "IV.1"]


def test_decimal_zero_and_ordinal() -> None:
    d = b.new_document()
    b.add_list(d, 61, [Level(0, fmt="decimalZero", text="%1.", start=9)])
    b.add_list(d, 62, [Level(0, fmt="ordinal", text="%1", start=1)])
    _list(d, 61, [("nine", 0), ("ten", 0)])
    _list(d, 62, [("first", 0), ("second", 0), ("third", 0), ("fourth", 0)])
    assert _labels(d) == ["09.", "10.", "1st", "2nd", "3rd", "4th"]


def test_bullets_are_labels_but_not_numbers() -> None:
    d = b.new_document()
    num = b.add_list(
        d, 63, [Level(0, fmt="bullet", text="\uf0b7"), Level(1, fmt="bullet", text="")]
    )
    _list(d, num, [("dot", 0), ("empty bullet text", 1)])
    resolver = NumberingResolver(d.part.numbering_part.element, d.styles.element)
    first, second = (resolver.label(p) for p in d.element.body.iter(ooxml.W_P))
    assert first is not None
    assert (first.text, first.number, first.is_bullet) == ("•", "•", True)
    # A bullet level whose text is empty shows nothing, so the paragraph has no label.
    assert second is None


def test_python_docx_template_list_styles() -> None:
    d = b.new_document()
    d.add_paragraph("bulleted", style="List Bullet")
    d.add_paragraph("numbered one", style="List Number")
    d.add_paragraph("numbered two", style="List Number")
    assert _labels(d) == ["•", "1.", "2."]


def test_start_values() -> None:
    d = b.new_document()
    b.number_headings(d, starts=(3, 5, 1))
    _headings(d, OUTLINE[:5], body=False)
    assert _labels(d) == ["3", "3.5", "3.6", "3.6.1", "4"]


def test_missing_start_is_zero() -> None:
    d = b.new_document()
    num = b.add_list(d, 64, [Level(0, text="%1.", start=None)])
    _list(d, num, [("zero", 0), ("one", 0)])
    assert _labels(d) == ["0.", "1."]


def test_start_override_restarts_on_a_second_num() -> None:
    d = b.new_document()
    b.add_list(d, 65, [Level(0, fmt="lowerLetter", text="%1)")])
    b.add_num(d, 66, 65, start_overrides={0: 1})
    b.add_num(d, 67, 65, start_overrides={0: 4})
    _list(d, 65, [("a", 0), ("b", 0), ("c", 0)])
    b.add_numbered_paragraph(d, "restarted", 66)
    b.add_numbered_paragraph(d, "continues", 66)
    b.add_numbered_paragraph(d, "from four", 67)
    assert _labels(d) == ["a)", "b)", "c)", "a)", "b)", "d)"]


def test_start_override_restarts_once_then_shares_the_counters() -> None:
    # As LibreOffice renders it (compared below): back on the first num the shared
    # counter continues, and the restarted num does not restart a second time.
    d = b.new_document()
    b.add_list(d, 68, [Level(0)])
    b.add_num(d, 69, 68, start_overrides={0: 1})
    for num in (68, 68, 68, 69, 69, 68, 69):
        b.add_numbered_paragraph(d, f"num {num}", num)
    assert _labels(d) == ["1.", "2.", "3.", "1.", "2.", "3.", "4."]


def test_level_override_replaces_the_level_definition() -> None:
    # The overriding level's format and text apply; its start value does not restart the
    # shared counters (only w:startOverride does), as LibreOffice renders it.
    d = b.new_document()
    b.add_list(d, 70, [Level(0)])
    b.add_num(d, 71, 70, level_overrides=[Level(0, fmt="upperLetter", text="(%1)", start=7)])
    b.add_numbered_paragraph(d, "plain", 70)
    b.add_numbered_paragraph(d, "overridden", 71)
    b.add_numbered_paragraph(d, "plain again", 70)
    assert _labels(d) == ["1.", "(B)", "3."]


def test_list_counters_are_shared_across_nums_of_one_abstract() -> None:
    d = b.new_document()
    b.add_list(d, 72, [Level(0), Level(1, fmt="lowerLetter", text="%2)")])
    b.add_num(d, 73, 72)
    _list(d, 72, [("one", 0), ("sub", 1)])
    d.add_paragraph("interrupting paragraph")
    b.add_numbered_paragraph(d, "two via another num", 73, 0)
    b.add_numbered_paragraph(d, "sub via another num", 73, 1)
    b.add_numbered_paragraph(d, "three", 72, 0)
    assert _labels(d) == ["1.", "a)", None, "2.", "a)", "3."]


def test_lvl_restart_follows_the_standard() -> None:
    # Level 2 never restarts (0); level 3 restarts only after level 1 (1-based).
    d = b.new_document()
    num = b.add_list(
        d,
        74,
        [Level(0), Level(1, text="%1.%2", restart=0), Level(2, text="%1.%2.%3", restart=1)],
    )
    items = [("a", 0), ("b", 1), ("c", 2), ("d", 1), ("e", 2), ("f", 0), ("g", 1), ("h", 2)]
    _list(d, num, items)
    assert _labels(d) == ["1.", "1.1", "1.1.1", "1.2", "1.2.2", "2.", "2.3", "2.3.1"]


def test_is_legal_shows_higher_levels_in_arabic() -> None:
    d = b.new_document()
    legal = Level(1, text="%1.%2", legal=True)
    b.add_list(d, 75, [Level(0, fmt="upperRoman", text="%1."), legal])
    _list(d, 75, [("Costs", 0), ("Eligible costs", 1), ("Ineligible", 1), ("Audit", 0)])
    b.add_numbered_paragraph(d, "Audit trail", 75, 1)
    assert _labels(d) == ["I.", "1.1", "1.2", "II.", "2.1"]


def test_is_legal_keeps_decimal_zero() -> None:
    d = b.new_document()
    levels = [Level(0, fmt="decimalZero", text="%1"), Level(1, fmt="upperRoman", text="%1-%2")]
    b.add_list(d, 76, [*levels, Level(2, fmt="lowerLetter", text="%1.%2.%3", legal=True)])
    _list(d, 76, [("zero one", 0), ("roman", 1), ("legal", 2)])
    assert _labels(d) == ["01", "01-I", "01.1.1"]


def test_is_legal_off_value() -> None:
    xml = (
        f'<w:numbering xmlns:w="{ooxml.W_NS}"><w:abstractNum w:abstractNumId="1">'
        '<w:lvl w:ilvl="0"><w:isLgl w:val="0"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:isLgl/></w:lvl></w:abstractNum></w:numbering>'
    ).encode()
    levels = read_numbering(xml).abstracts[1].levels
    assert not levels[0].is_legal
    assert levels[1].is_legal
    assert levels[0].start == 0
    assert levels[0].fmt == "decimal"


def test_numbering_from_the_style_chain() -> None:
    d = b.new_document()
    b.number_headings(d)
    style = d.styles.add_style("Chapter Heading", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = d.styles["Heading 1"]
    sub = d.styles.add_style("Sub Chapter", WD_STYLE_TYPE.PARAGRAPH)
    sub.base_style = style
    d.add_heading("Ordinary", 1)
    d.add_paragraph("Custom style chapter", style="Chapter Heading")
    d.add_heading("Under it", 2)
    d.add_paragraph("Two steps down the chain", style="Sub Chapter")
    assert _labels(d) == ["1", "2", "2.1", "3"]


def test_level_from_the_lvl_pstyle_link_when_the_style_gives_only_num_id() -> None:
    d = b.new_document()
    b.number_headings(d, explicit_ilvl=False)
    _headings(d, OUTLINE, body=False)
    assert _labels(d) == OUTLINE_NUMBERS


def test_level_link_through_based_on() -> None:
    d = b.new_document()
    b.number_headings(d, explicit_ilvl=False)
    style = d.styles.add_style("Annex Heading 2", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = d.styles["Heading 2"]
    d.add_heading("One", 1)
    d.add_paragraph("Derived from heading 2", style="Annex Heading 2")
    assert _labels(d) == ["1", "1.1"]


def test_direct_ilvl_with_num_id_from_the_style() -> None:
    d = b.new_document()
    b.number_headings(d)
    d.add_heading("One", 1)
    b.set_numbering(d.add_heading("Level one, shown at level two", 1), None, 1)
    # A paragraph whose style has no numbering gets none from an ilvl alone.
    b.set_numbering(d.add_paragraph("Only ilvl"), None, 2)
    assert _labels(d) == ["1", "1.1", None]


def test_num_id_zero_removes_numbering() -> None:
    d = b.new_document()
    b.number_headings(d)
    d.add_heading("Numbered", 1)
    b.set_numbering(d.add_heading("Annex B Templates", 1), 0)
    d.add_heading("Still counting", 1)
    b.set_numbering(d.add_paragraph("List Number without numbering", style="List Number"), 0)
    assert _labels(d) == ["1", None, "2", None]


def test_a_heading_whose_numbering_is_removed_keeps_its_typed_number(tmp_path: Path) -> None:
    d = b.new_document()
    b.number_headings(d)
    _headings(d, [(1, "Numbered"), (2, "Numbered too")])
    b.set_numbering(d.add_heading("Annex B Templates", 1), 0)
    d.add_heading("Numbered after the annex", 1)
    units = read_draft(b.save(d, tmp_path / "annex.docx"), lang="en").units
    assert [u.number for u in units if u.kind is UnitKind.HEADING] == ["1", "1.1", "Annex B", "2"]


def test_undefined_num_and_level_give_no_label() -> None:
    d = b.new_document()
    num = b.add_list(d, 76, [Level(0)])
    b.add_numbered_paragraph(d, "no such num", 999)
    b.add_numbered_paragraph(d, "no such level", num, 5)
    b.add_numbered_paragraph(d, "level out of range", num, 12)
    assert _labels(d) == [None, None, None]


def test_heading_3_straight_after_heading_1() -> None:
    d = b.new_document()
    b.number_headings(d)
    _headings(d, [(1, "One"), (3, "Deep"), (3, "Deep again"), (2, "Back"), (1, "Two")])
    assert [label for label in _labels(d) if label] == ["1", "1.1.1", "1.1.2", "1.2", "2"]


def test_unused_higher_levels_count_from_their_start() -> None:
    # A list that starts at its third level: the first two levels count as used at their
    # start values even though "(a)" does not show them, as LibreOffice renders it.
    d = b.new_document()
    num = b.add_list(
        d, 77, [Level(0), Level(1, text="%2.", start=5), Level(2, fmt="lowerLetter", text="(%3)")]
    )
    _list(d, num, [("deep", 2), ("top", 0), ("deep again", 2), ("middle", 1)])
    assert _labels(d) == ["(a)", "2.", "(a)", "6."]


def test_empty_and_table_paragraphs_advance_the_counters() -> None:
    d = b.new_document()
    num = b.add_list(d, 78, [Level(0)])
    b.add_numbered_paragraph(d, "one", num)
    b.add_numbered_paragraph(d, "", num)
    table = b.add_table(d, [["cell", "other"]])
    b.set_numbering(table.cell(0, 0).paragraphs[0], num)
    b.add_numbered_paragraph(d, "four", num)
    assert _labels(d) == ["1.", "2.", "3.", None, "4."]


def test_num_style_link_to_a_list_style() -> None:
    d = b.new_document()
    num_style_link(d)
    assert _labels(d) == ["A.", "A.1", "B."]


def num_style_link(d: Document) -> None:
    """A num whose abstract links (w:numStyleLink) to a list style holding the levels."""
    b.add_abstract_numbering(
        d, 30, [Level(0, fmt="upperLetter", text="%1."), Level(1, text="%1.%2")]
    )
    b.add_num(d, 30, 30)
    d.styles.element.append(
        parse_xml(
            f'<w:style xmlns:w="{ooxml.W_NS}" w:type="numbering" w:styleId="MyList">'
            '<w:name w:val="My List"/><w:pPr><w:numPr><w:numId w:val="30"/></w:numPr></w:pPr>'
            "</w:style>"
        )
    )
    first_num = d.part.numbering_part.element.find(qn("w:num"))
    first_num.addprevious(
        parse_xml(
            f'<w:abstractNum xmlns:w="{ooxml.W_NS}" w:abstractNumId="31">'
            '<w:multiLevelType w:val="multilevel"/><w:numStyleLink w:val="MyList"/>'
            "</w:abstractNum>"
        )
    )
    b.add_num(d, 31, 31)
    _list(d, 31, [("via the list style", 0), ("its second level", 1)])
    b.add_numbered_paragraph(d, "the list style's own num", 30, 0)


def test_a_style_link_cycle_gives_no_label() -> None:
    d = b.new_document()
    d.styles.element.append(
        parse_xml(
            f'<w:style xmlns:w="{ooxml.W_NS}" w:type="numbering" w:styleId="Loop">'
            '<w:name w:val="Loop"/><w:pPr><w:numPr><w:numId w:val="32"/></w:numPr></w:pPr>'
            "</w:style>"
        )
    )
    d.part.numbering_part.element.find(qn("w:num")).addprevious(
        parse_xml(
            f'<w:abstractNum xmlns:w="{ooxml.W_NS}" w:abstractNumId="32">'
            '<w:numStyleLink w:val="Loop"/></w:abstractNum>'
        )
    )
    b.add_num(d, 32, 32)
    b.add_numbered_paragraph(d, "loops", 32)
    assert _labels(d) == [None]


def test_no_numbering_part() -> None:
    resolver = NumberingResolver(None, None)
    p = parse_xml(
        f'<w:p xmlns:w="{ooxml.W_NS}"><w:pPr><w:numPr><w:ilvl w:val="0"/>'
        '<w:numId w:val="1"/></w:numPr></w:pPr></w:p>'
    )
    assert resolver.numbering_of(p) == (1, 0)
    assert resolver.label(p) is None


# -- typed-in numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("3.2 Scope", "3.2", "Scope"),
        ("3.2. Scope", "3.2", "Scope"),
        ("3 Scope", "3", "Scope"),
        ("3. Scope", "3", "Scope"),
        ("3) Scope", "3", "Scope"),
        ("A.1 Templates", "A.1", "Templates"),
        ("Annex A Glossary", "Annex A", "Glossary"),
        ("Annex A: Glossary", "Annex A", "Glossary"),
        ("Bilaga 2 Mallar", "Bilaga 2", "Mallar"),
        ("Kapitel 3", "Kapitel 3", ""),
        ("Chapter 4 – Funding", "Chapter 4", "Funding"),
        ("Article 4.1 Definitions", "Article 4.1", "Definitions"),
        ("§ 14", "§ 14", ""),
        ("§14 Överklagande", "§ 14", "Överklagande"),
        ("IV. Costs", "IV", "Costs"),
        ("3.2.1", "3.2.1", ""),
    ],
)
def test_split_typed_number(text: str, number: str, rest: str) -> None:
    assert split_typed_number(text) == (number, rest)


@pytest.mark.parametrize(
    "text",
    [
        "2030 targets",
        "2025 budget",
        "12 steps",
        "1.5 million households",
        "Part of the plan",
        "Del i kedjan",
        "IV Costs",  # a Roman numeral needs its dot or parenthesis
        "IIII. Not Roman",
        "Introduction",
        "",
        "   ",
    ],
)
def test_split_typed_number_leaves_text_whole(text: str) -> None:
    assert split_typed_number(text) == (None, text)


# -- compared with LibreOffice --------------------------------------------------------------
#
# One .docx per scheme. LibreOffice's text export writes each paragraph on one line, list
# labels included, as "<indent><label> <text>": the indent is spaces for the paragraph's
# indentation, the label is the level text as displayed ("1.1", "a)", "Chapter 2"), then a
# single space whatever the level's suffix (tab, space). Table cells are one line each, in
# document order. Every bullet is written as "•", whatever its glyph, so bullets are
# compared as bullets only.


def decimal_styles(d: Document) -> None:
    b.number_headings(d)
    _headings(d, OUTLINE)


def trailing_dots(d: Document) -> None:
    b.number_headings(d, texts=("%1.", "%1.%2.", "%1.%2.%3."))
    _headings(d, OUTLINE)


def chapter_and_article(d: Document) -> None:
    b.number_headings(d, texts=("Chapter %1", "Article %2", "%1.%2.%3"))
    _headings(d, OUTLINE)


def roman_then_decimal(d: Document) -> None:
    b.number_headings(
        d, texts=("%1.", "%1.%2", "%1.%2.%3"), fmts=("upperRoman", "decimal", "lowerLetter")
    )
    _headings(d, OUTLINE)


def legal_over_roman(d: Document) -> None:
    b.number_headings(
        d, texts=("%1.", "%1.%2", "%1.%2.%3"), fmts=("upperRoman", "upperRoman", "lowerLetter")
    )
    heading_levels = d.part.numbering_part.element.find(qn("w:abstractNum"))
    for lvl in heading_levels.findall(qn("w:lvl"))[1:]:
        lvl.find(qn("w:lvlText")).addprevious(parse_xml(f'<w:isLgl xmlns:w="{ooxml.W_NS}"/>'))
    _headings(d, OUTLINE)


def lvl_restart(d: Document) -> None:
    num = b.add_list(
        d, 74, [Level(0), Level(1, text="%1.%2", restart=0), Level(2, text="%1.%2.%3", restart=1)]
    )
    _list(
        d,
        num,
        [(f"restart {c}", i) for c, i in zip("abcdefgh", [0, 1, 2, 1, 2, 0, 1, 2], strict=True)],
    )


def start_values(d: Document) -> None:
    b.number_headings(d, starts=(3, 5, 1))
    _headings(d, OUTLINE)


def start_override_restarts(d: Document) -> None:
    b.add_list(d, 65, [Level(0, fmt="lowerLetter", text="%1)")])
    b.add_num(d, 66, 65, start_overrides={0: 1})
    b.add_num(d, 67, 65, start_overrides={0: 4})
    nums = [65, 65, 65, 66, 66, 65, 66, 67, 67]
    for i, num in enumerate(nums):
        b.add_numbered_paragraph(d, f"item {i} of num {num}", num)
        if i == 2:
            d.add_paragraph("A paragraph between the lists.")


def lettered_list_in_body(d: Document) -> None:
    b.number_headings(d)
    letters = b.add_list(
        d, 71, [Level(0, fmt="lowerLetter", text="%1)"), Level(1, fmt="lowerRoman", text="(%2)")]
    )
    d.add_heading("Lists", 1)
    _list(
        d, letters, [("first", 0), ("second", 0), ("second i", 1), ("second ii", 1), ("third", 0)]
    )
    d.add_heading("More", 1)
    _list(d, letters, [("fourth continues", 0)])


def direct_numbering(d: Document) -> None:
    num = b.add_list(d, 70, [Level(0, text="%1."), Level(1, text="%1.%2")])
    for level, title in OUTLINE:
        if level < 3:
            b.set_numbering(d.add_heading(title, level), num, level - 1)
            d.add_paragraph(f"Body of {title}.")


def skipped_level(d: Document) -> None:
    b.number_headings(d)
    _headings(
        d, [(1, "One"), (3, "Deep straight away"), (3, "Deep again"), (2, "Back up"), (1, "Two")]
    )


def list_starting_deep(d: Document) -> None:
    num = b.add_list(
        d, 77, [Level(0), Level(1, text="%2.", start=5), Level(2, fmt="lowerLetter", text="(%3)")]
    )
    _list(d, num, [("deep", 2), ("top", 0), ("deep again", 2), ("middle", 1), ("second top", 0)])


def style_chain(d: Document) -> None:
    b.number_headings(d, explicit_ilvl=False)
    # Only the first level: LibreOffice 7.4 takes level 1 for any style that has a numId
    # but no ilvl, instead of the w:lvl linked to the style (tested above).
    styles = d.styles
    style = styles.add_style("Chapter Heading", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Heading 1"]
    sub = styles.add_style("Sub Chapter", WD_STYLE_TYPE.PARAGRAPH)
    sub.base_style = style
    d.add_heading("Ordinary", 1)
    d.add_paragraph("Custom style chapter", style="Chapter Heading")
    d.add_paragraph("Two steps down the chain", style="Sub Chapter")
    d.add_heading("Ordinary again", 1)


def explicit_levels_in_style_chain(d: Document) -> None:
    b.number_headings(d)
    styles = d.styles
    style = styles.add_style("Annex Heading 2", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Heading 2"]
    d.add_heading("One", 1)
    d.add_paragraph("Derived from heading 2", style="Annex Heading 2")
    d.add_heading("Heading 2 after it", 2)


def level_override(d: Document) -> None:
    b.add_list(d, 70, [Level(0)])
    override = Level(0, fmt="upperLetter", text="(%1)", start=7)
    b.add_num(d, 71, 70, level_overrides=[override])
    _list(d, 70, [("plain one", 0), ("plain two", 0)])
    _list(d, 71, [("overridden one", 0), ("overridden two", 0)])
    _list(d, 70, [("plain again", 0)])


def shared_counters(d: Document) -> None:
    b.add_list(d, 72, [Level(0), Level(1, fmt="lowerLetter", text="%2)")])
    b.add_num(d, 73, 72)
    _list(d, 72, [("one", 0), ("one a", 1)])
    d.add_paragraph("interrupting paragraph")
    _list(d, 73, [("two via another num", 0), ("two a via another num", 1)])
    _list(d, 72, [("three", 0)])


def formats(d: Document) -> None:
    cases = [
        ("decimalZero", 9),
        ("ordinal", 11),
        ("upperLetter", 26),
        ("lowerLetter", 52),
        ("lowerRoman", 3),
        ("upperRoman", 48),
        ("decimal", 0),
    ]
    for i, (fmt, start) in enumerate(cases):
        b.add_list(d, 80 + i, [Level(0, fmt=fmt, text="%1)", start=start)])
        _list(d, 80 + i, [(f"{fmt} one", 0), (f"{fmt} two", 0)])
    b.add_list(d, 95, [Level(0, text="(%1)", start=None)])
    _list(d, 95, [("no start one", 0), ("no start two", 0)])


def bullets(d: Document) -> None:
    for i, glyph in enumerate(["\uf0b7", "\uf0a7", "o", "\u2013"]):
        b.add_list(d, 60 + i, [Level(0, fmt="bullet", text=glyph)])
        b.add_numbered_paragraph(d, f"bullet {i}", 60 + i)
    d.add_paragraph("template bullet", style="List Bullet")
    d.add_paragraph("template number", style="List Number")


def removed_empty_and_tables(d: Document) -> None:
    b.number_headings(d)
    num = b.add_list(d, 78, [Level(0)])
    d.add_heading("Numbered", 1)
    b.set_numbering(d.add_heading("Annex B Templates", 1), 0)
    d.add_heading("Numbered after the annex", 1)
    _list(d, num, [("list one", 0), ("", 0), ("list three", 0)])
    table = b.add_table(d, [["numbered cell", "plain cell"], ["row two", "second"]])
    b.set_numbering(table.cell(0, 0).paragraphs[0], num)
    b.set_numbering(table.cell(1, 1).paragraphs[0], num)
    _list(d, num, [("after the table", 0)])
    b.set_numbering(d.add_paragraph("numbering removed", style="List Number"), 0)


SCHEMES: dict[str, Build] = {
    f.__name__: f
    for f in (
        decimal_styles,
        trailing_dots,
        chapter_and_article,
        roman_then_decimal,
        legal_over_roman,
        lvl_restart,
        start_values,
        start_override_restarts,
        lettered_list_in_body,
        direct_numbering,
        skipped_level,
        list_starting_deep,
        style_chain,
        explicit_levels_in_style_chain,
        shared_counters,
        level_override,
        formats,
        bullets,
        removed_empty_and_tables,
        num_style_link,
    )
}

# Schemes where LibreOffice knowingly differs from Word: tested against the standard above.
_LO_IGNORES: dict[str, tuple[tuple[int, int], str]] = {
    "legal_over_roman": ((24, 2), "LibreOffice before 24.2 ignores w:isLgl"),
    "lvl_restart": ((99, 0), "LibreOffice ignores w:lvlRestart"),
}

_LO_LINE = re.compile(r"^(?P<indent> *)(?P<rest>.*)$")


def _lo_version(soffice: str) -> tuple[int, int]:
    done = subprocess.run(
        [soffice, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    match = re.search(r"LibreOffice (\d+)\.(\d+)", done.stdout)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _build(name: str, folder: Path) -> Path:
    d = b.new_document()
    SCHEMES[name](d)
    return b.save(d, folder / f"{name}.docx")


class Rendered:
    """LibreOffice's text output for each converted file, and its version."""

    def __init__(self, version: tuple[int, int], files: dict[str, Path], txt: Path) -> None:
        self.version = version
        self.files = files
        self.lines = {
            name: (txt / f"{path.stem}.txt").read_text(encoding="utf-8-sig").splitlines()
            for name, path in files.items()
        }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH; install libreoffice-writer to compare")
    folder = tmp_path_factory.mktemp("lo_numbering")
    files = {name: _build(name, folder) for name in SCHEMES}
    for draft in sorted(DRAFTS.glob("*.docx")):
        copy = folder / f"draft-{draft.name}"
        copy.write_bytes(draft.read_bytes())
        files[f"draft:{draft.name}"] = copy
    txt = folder / "txt"
    profile = Path("/tmp") / f"lo_profile_{uuid.uuid4().hex}"
    try:
        done = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "txt:Text (encoded):UTF8",
                "--outdir",
                str(txt),
                *map(str, files.values()),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    missing = [p.name for p in files.values() if not (txt / f"{p.stem}.txt").exists()]
    assert done.returncode == 0 and not missing, (done.returncode, missing, done.stderr)
    return Rendered(_lo_version(soffice), files, txt)


def _expected_line(label: str | None, text: str, is_bullet: bool) -> str:
    if label is None:
        return text
    return f"{'•' if is_bullet else label} {text}".strip()


def _skip_if_lo_differs(scheme: str, rendered: Rendered) -> None:
    if scheme in _LO_IGNORES:
        fixed_in, reason = _LO_IGNORES[scheme]
        if rendered.version < fixed_in:
            pytest.skip(f"{reason} (found {rendered.version[0]}.{rendered.version[1]})")


@pytest.mark.libreoffice
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_paragraph_reads_as_libreoffice_renders_it(scheme: str, rendered: Rendered) -> None:
    """Label and text of every paragraph, in order, equal LibreOffice's line for it."""
    _skip_if_lo_differs(scheme, rendered)
    _compare_lines(rendered.files[scheme], rendered.lines[scheme])


def _compare_lines(path: Path, lines: list[str]) -> None:
    """Every paragraph (table cells included) as label + text equals LibreOffice's line.

    LibreOffice writes a footnote's number where it is referenced; those numbers (Word's:
    in order of first reference) are taken out of its line before comparing.
    """
    document = docx.Document(str(path))
    resolver = NumberingResolver(document.part.numbering_part.element, document.styles.element)
    footnote_numbers: dict[str, int] = {}
    expected: list[str] = []
    shown: list[str] = []
    for p, line in zip(document.element.body.iter(ooxml.W_P), lines, strict=True):
        label = resolver.label(p)
        read = ooxml.read_paragraph(p)
        expected.append(
            _expected_line(
                label.text if label else None, read.text, label is not None and label.is_bullet
            )
        )
        line = line.strip()
        for note_id in read.footnote_ids:
            number = footnote_numbers.setdefault(note_id, len(footnote_numbers) + 1)
            line = re.sub(rf"(?<=\S){number}(?=\s|$)", "", line, count=1)
        shown.append(" ".join(line.split()))
    assert shown == expected


@pytest.mark.libreoffice
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_read_draft_numbers_match_libreoffice(scheme: str, rendered: Rendered) -> None:
    """Each heading's and list item's ``number`` is LibreOffice's label without its dots."""
    _skip_if_lo_differs(scheme, rendered)
    _compare_units(rendered.files[scheme], rendered.lines[scheme])


def _compare_units(path: Path, lines: list[str]) -> int:
    """Walk the units and LO's lines together; return how many numbered units matched."""
    units = [
        u
        for u in read_draft(path, lang="en").units
        if u.kind in (UnitKind.HEADING, UnitKind.LIST_ITEM)
    ]
    assert units
    position = 0
    compared = 0
    for unit in units:
        # The paragraph's line is the next one that ends with its text (LibreOffice adds
        # footnote numbers after the text, so allow trailing digits).
        for index in range(position, len(lines)):
            line = lines[index].strip()
            match = re.fullmatch(rf"(?P<label>.*?) ?{re.escape(unit.text)}[\d ]*", line)
            if match:
                position = index + 1
                break
        else:
            pytest.fail(f"{unit.locator} {unit.text!r} is not in LibreOffice's text")
        label = match.group("label").strip()
        if not label:
            # Not numbered in LibreOffice: a heading may still carry a number typed into
            # its text ("Annex A Glossary"), which read_draft keeps.
            assert unit.kind is UnitKind.HEADING, (unit.locator, unit.text)
            assert unit.number is None or unit.text.startswith(unit.number.split()[0]), unit
            continue
        if label == "•":
            assert unit.number is not None and unit.number == bullet_text(unit.number), unit
        else:
            assert (unit.number or "") == strip_label(label), (unit.locator, unit.text, label)
        compared += 1
    return compared


def _draft_names() -> list[str]:
    return sorted(p.name for p in DRAFTS.glob("*.docx"))


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", _draft_names())
def test_sample_drafts_match_libreoffice(name: str, rendered: Rendered) -> None:
    """The drafts in ``drafts/``: every paragraph, heading and list item as LibreOffice
    shows it, and read_draft's numbers."""
    path, lines = rendered.files[f"draft:{name}"], rendered.lines[f"draft:{name}"]
    _compare_lines(path, lines)
    assert _compare_units(path, lines) > 0
