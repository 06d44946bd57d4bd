"""locate.Locator: every method, the reasons it gives, and that it never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guidefeedback.locate import Locator, normalise_text, parse_paragraph, section_key
from guidefeedback.model import Comment, CommentKind, CommentType, Unit, UnitKind

H, P, T = UnitKind.HEADING, UnitKind.PARAGRAPH, UnitKind.TABLE_ROW


def _draft() -> list[Unit]:
    spec: list[tuple[UnitKind, str, str, int, str | None, int | None]] = [
        (P, "Foreword", "This foreword is not part of the guidance.", 1, None, None),
        (H, "1", "1 Scope", 0, None, None),
        (P, "1", "This guidance applies to all agencies that publish drafts.", 1, None, None),
        (H, "3", "3 Requirements", 0, None, None),
        (H, "3.1", "3.1 General", 0, None, None),
        (P, "3.1", "Agencies should consult widely before adopting guidance.", 1, None, None),
        (H, "3.2", "3.2 Consultation", 0, None, None),
        (P, "3.2", "The consultation period is at least eight weeks.", 1, None, None),
        (P, "3.2", "Comments are collected on a standard form.", 2, None, None),
        (P, "3.2", "Late comments may be considered at the editor's discretion.", 3, None, None),
        (P, "3.2", "Each comment receives a written response – accepted or not.", 4, None, None),
        (H, "3.3", "3.3 Review", 0, None, None),
        (P, "3.3", "Reviews happen after publication.", 1, None, None),
        (
            P,
            "3.3",
            "The risk assessment shall be reviewed every two years by the responsible"
            ' authority and the "review log" kept for ten years.',
            2,
            None,
            None,
        ),
        (H, "3.4", "3.4 Limits", 0, None, None),
        (T, "3.4", "Parameter | Limit", 1, "Table 1 – Limits", 1),
        (T, "3.4", "Noise | 55 dB", 2, "Table 1 – Limits", 2),
        (T, "3.4", "Dust | 10 µg", 3, "Table 1 – Limits", 3),
        (H, "Annex A", "Annex A Glossary", 0, None, None),
        (P, "Annex A", "A term is a word with a defined meaning.", 1, None, None),
    ]
    units = []
    for seq, (kind, section, text, para, table, row) in enumerate(spec, start=1):
        heading = kind == H
        locator = section if heading else f"{section}¶{para}"
        units.append(
            Unit(
                seq=seq,
                kind=kind,
                text=text,
                locator=locator,
                section=section,
                para=para,
                number=section if heading else None,
                table=table,
                row=row,
            )
        )
    return units


UNITS = _draft()
BY_LOCATOR = {u.locator: u.seq for u in UNITS}


@pytest.fixture(scope="module")
def locator() -> Locator:
    return Locator(UNITS)


def _c(**kw: object) -> Comment:
    return Comment(position=1, source="test", text=str(kw.pop("text", "A comment.")), **kw)  # type: ignore[arg-type]


def test_anchor_exact_and_fuzzy(locator: Locator) -> None:
    loc = locator.locate(
        _c(kind=CommentKind.REVIEW_COMMENT, anchor_text="collected on a standard form")
    )
    assert (loc.unit_seq, loc.method) == (BY_LOCATOR["3.2¶2"], "anchor")
    loc = locator.locate(_c(anchor_text="Comments are colected on a standrd form"))
    assert (loc.unit_seq, loc.method) == (BY_LOCATOR["3.2¶2"], "anchor")


def test_anchor_that_is_gone_falls_back_to_section(locator: Locator) -> None:
    loc = locator.locate(_c(anchor_text="zebra quantum xylophone", section="3.3"))
    assert (loc.unit_seq, loc.method) == (BY_LOCATOR["3.3"], "section")
    assert "no longer in the draft" in loc.reason


@pytest.mark.parametrize(
    "quoted",
    [
        "reviewed every two years",
        "“The risk assessment shall be reviewed every two years”",
        "THE RISK   ASSESSMENT\nshall be reviewed",
        "the ‘review log’ kept",
        '"review log" kept for ten years.',
        "… reviewed every two years …",
    ],
)
def test_quote_exact_after_normalisation(locator: Locator, quoted: str) -> None:
    loc = locator.locate(_c(quoted=quoted))
    assert (loc.unit_seq, loc.method, loc.reason) == (BY_LOCATOR["3.3¶2"], "quote", "")


@pytest.mark.parametrize(
    "quoted",
    [
        "The risk asessment shal be reveiwed every two yeers",  # typos
        "written response - accepted or not",  # hyphen for en dash
        "written response — accepted or not",  # em dash
        "risk assessment shall be reviewed every 2 years by the responsible authority",
    ],
)
def test_quote_fuzzy(locator: Locator, quoted: str) -> None:
    loc = locator.locate(_c(quoted=quoted))
    assert loc.method == "quote"
    assert loc.unit_seq in (BY_LOCATOR["3.3¶2"], BY_LOCATOR["3.2¶4"])
    expected = "3.2¶4" if "accepted" in quoted else "3.3¶2"
    assert loc.unit_seq == BY_LOCATOR[expected]


def test_wrong_section_with_matching_quote(locator: Locator) -> None:
    loc = locator.locate(_c(section="3.7", quoted="shall be reviewed every two years"))
    assert (loc.unit_seq, loc.method) == (BY_LOCATOR["3.3¶2"], "quote")
    assert loc.reason == "section 3.7 given, quoted text found in 3.3¶2"


def test_quote_in_given_section_has_no_reason(locator: Locator) -> None:
    loc = locator.locate(_c(section="3.3", quoted="shall be reviewed"))
    assert (loc.unit_seq, loc.reason) == (BY_LOCATOR["3.3¶2"], "")


def test_quote_not_found_falls_back_to_section(locator: Locator) -> None:
    loc = locator.locate(_c(section="3.2", paragraph="2", quoted="zebra quantum xylophone"))
    assert (loc.unit_seq, loc.method) == (BY_LOCATOR["3.2¶2"], "section+paragraph")
    assert "quoted text not found" in loc.reason


@pytest.mark.parametrize(
    ("section", "paragraph"),
    [
        ("3.2", "¶4"),
        ("3.2", "para 4"),
        ("3.2", "para. 4"),
        ("§ 3.2", "Paragraph 4"),
        ("Avsnitt 3.2", "stycke 4"),
        ("avsnitt 3.2", "st. 4"),
        ("3.2.", "p. 4"),
        ("Section 3.2", "4"),
        ("3.2¶4", None),
        ("3.2, para 4", None),
        ("Avsnitt 3.2 stycke 4", None),
        (None, "3.2¶4"),
    ],
)
def test_section_and_paragraph(
    locator: Locator, section: str | None, paragraph: str | None
) -> None:
    loc = locator.locate(_c(section=section, paragraph=paragraph))
    assert (loc.unit_seq, loc.method, loc.reason) == (
        BY_LOCATOR["3.2¶4"],
        "section+paragraph",
        "",
    )


@pytest.mark.parametrize(
    ("section", "target"),
    [
        ("3.2", "3.2"),
        ("§ 3.2", "3.2"),
        ("Section 3.2", "3.2"),
        ("Avsnitt 3.2", "3.2"),
        ("3.2.", "3.2"),
        ("3.2 Consultation", "3.2"),
        ("Chapter 3", "3"),
        ("kap. 3", "3"),
        ("Kapitel 3", "3"),
        ("Annex A", "Annex A"),
        ("Bilaga A", "Annex A"),
        ("A", "Annex A"),
        ("Foreword", None),
    ],
)
def test_section_alone_is_its_heading(locator: Locator, section: str, target: str | None) -> None:
    loc = locator.locate(_c(section=section))
    if target is None:
        # "Foreword" has body text but no heading unit in this draft.
        assert loc.unit_seq is None
        return
    assert (loc.unit_seq, loc.method, loc.reason) == (BY_LOCATOR[target], "section", "")


def test_dotted_number_in_paragraph_column_is_a_section(locator: Locator) -> None:
    loc = locator.locate(_c(paragraph="3.3"))
    assert (loc.unit_seq, loc.method) == (BY_LOCATOR["3.3"], "section")
    loc = locator.locate(_c(paragraph="3.9"))
    assert loc.reason == "section 3.9 is not in the draft (nearest: 3.1–3.4)"


def test_paragraph_past_the_end_gives_heading_and_reason(locator: Locator) -> None:
    loc = locator.locate(_c(section="3.2", paragraph="¶9"))
    assert (loc.unit_seq, loc.method) == (BY_LOCATOR["3.2"], "section")
    assert loc.reason == "section 3.2 has no paragraph 9 (it has 4); located at the section heading"


def test_unknown_section_names_nearest(locator: Locator) -> None:
    loc = locator.locate(_c(section="3.7"))
    assert loc.unit_seq is None
    assert loc.reason == "section 3.7 is not in the draft (nearest: 3.1–3.4)"
    loc = locator.locate(_c(section="9"))
    assert loc.reason == "section 9 is not in the draft (nearest: 1–3)"


@pytest.mark.parametrize(
    ("fields", "row"),
    [
        ({"table_ref": "Table 1"}, 2),
        ({"paragraph": "Table 1"}, 2),
        ({"table_ref": "Tabell 1"}, 2),
        ({"paragraph": "Table 1, row 3"}, 3),
        ({"table_ref": "Table 1", "paragraph": "rad 3"}, 3),
    ],
)
def test_table(locator: Locator, fields: dict[str, str], row: int) -> None:
    loc = locator.locate(_c(**fields))
    assert (loc.unit_seq, loc.method) == (BY_LOCATOR[f"3.4¶{row}"], "table")


def test_unknown_table(locator: Locator) -> None:
    loc = locator.locate(_c(table_ref="Table 9"))
    assert loc.unit_seq is None
    assert "Table 9 is not in the draft" in loc.reason


def test_line_only_is_not_resolved(locator: Locator) -> None:
    loc = locator.locate(_c(line="120"))
    assert (loc.unit_seq, loc.method) == (None, "line")
    assert loc.reason == (
        "line 120 cannot be resolved: line numbers depend on the submitter's page layout;"
        " add the section number"
    )
    # With a section or a quote the line number is not needed.
    assert locator.locate(_c(line="120", section="3.3")).unit_seq == BY_LOCATOR["3.3"]
    loc = locator.locate(_c(line="120", quoted="eight weeks"))
    assert loc.unit_seq == BY_LOCATOR["3.2¶1"]


def test_general(locator: Locator) -> None:
    loc = locator.locate(_c())
    assert (loc.unit_seq, loc.method) == (None, "general")
    assert loc.reason == "no section, paragraph, table or quoted text given"
    loc = locator.locate(_c(type=CommentType.GENERAL))
    assert loc.reason == "general comment"
    for word in ("General", "Allmänt", "n/a", "-"):
        loc = locator.locate(_c(section=word))
        assert (loc.unit_seq, loc.method, loc.reason) == (None, "general", "general comment")


def test_helpers() -> None:
    assert section_key("§ 3.2.") == "3.2"
    assert section_key("Bilaga A") == "annex a"
    assert section_key("Chapter 3") == "3"
    assert parse_paragraph("Paragraph 2") == 2
    assert parse_paragraph("Table 1") is None
    assert parse_paragraph("Figure 2") is None
    assert normalise_text("“A” – b\u00a0 C") == '"a" - b c'


def test_empty_draft() -> None:
    loc = Locator([]).locate(_c(section="3.2", quoted="text", line="4"))
    assert loc.unit_seq is None


_text = st.text(max_size=60) | st.sampled_from(["3.2", "¶4", "Table 1", "§", "…", "p.", ""])


@settings(max_examples=300, deadline=None)
@given(
    section=st.none() | _text,
    paragraph=st.none() | _text,
    line=st.none() | _text,
    table_ref=st.none() | _text,
    quoted=st.none() | _text,
    anchor=st.none() | _text,
)
def test_locate_never_raises(
    section: str | None,
    paragraph: str | None,
    line: str | None,
    table_ref: str | None,
    quoted: str | None,
    anchor: str | None,
) -> None:
    loc = Locator(UNITS).locate(
        _c(
            section=section,
            paragraph=paragraph,
            line=line,
            table_ref=table_ref,
            quoted=quoted,
            anchor_text=anchor,
        )
    )
    assert loc.unit_seq is None or loc.unit_seq in BY_LOCATOR.values()
    assert loc.method in {
        "anchor",
        "quote",
        "section+paragraph",
        "section",
        "table",
        "line",
        "general",
    }


def test_fast_for_many_comments_against_a_large_draft() -> None:
    words = [f"w{i}" for i in range(5000)]
    units = [
        Unit(
            seq=i + 1,
            kind=P,
            text=" ".join(words[(i * 7 + k * 13) % 5000] for k in range(40)) + " the and of",
            locator=f"{i // 20}¶{i % 20 + 1}",
            section=str(i // 20),
            para=i % 20 + 1,
        )
        for i in range(2000)
    ]
    locator = Locator(units)
    comments = []
    for i in range(3000):
        target = units[(i * 37) % 2000].text.split()
        quote = " ".join(target[5:15])
        if i % 2:
            quote = quote.replace("w1", "w7x", 1) + " typo"  # force the fuzzy path
        comments.append(_c(quoted=quote, section=str(i % 120)))
    located = [locator.locate(c) for c in comments]
    assert sum(1 for loc in located if loc.method == "quote") > 2500
