"""Codes a person reads, and section numbers: one module each, and what they promise."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidefeedback.errors import NotFound
from guidefeedback.ids import (
    AnswerTarget,
    Prefix,
    cluster_code,
    comment_code,
    draft_code,
    parse_cluster,
    parse_code,
    parse_draft,
    parse_part,
    parse_target,
    parse_unit,
    part_code,
    submission_code,
    target_code,
    unit_code,
)
from guidefeedback.sections import SectionNumber, chapter_of, is_within, sort_key, within_any


@given(st.integers(min_value=1, max_value=10**12), st.sampled_from(list(Prefix)))
def test_every_code_parses_back_to_its_key(key: int, prefix: Prefix) -> None:
    code = f"{prefix}{key}"
    assert parse_code(code, prefix) == key
    assert parse_code(code.lower(), prefix) == key
    assert parse_code(str(key), prefix) == key


def test_formatters_agree_with_the_parsers() -> None:
    assert (draft_code(3), submission_code(12), comment_code(345), cluster_code(7)) == (
        "D3",
        "S12",
        "C345",
        "K7",
    )
    assert unit_code(1, 17) == "D1.U17" and parse_unit("d1.u17") == (1, 17)
    assert parse_target("k7") == (AnswerTarget.CLUSTER, 7)
    assert parse_target(" C345 ") == (AnswerTarget.COMMENT, 345)
    assert target_code(AnswerTarget.CLUSTER, 7) == "K7" and target_code("comment", 5) == "C5"


@pytest.mark.parametrize("text", ["D²", "D٣", "D", "", "D-1", "D1.5", "K1", "D 1x", "१"])
def test_only_ascii_digits_make_a_draft_code(text: str) -> None:
    # str.isdigit() accepts "²" and "٣", which int() would turn into a key nobody typed.
    with pytest.raises(NotFound):
        parse_draft(text)


@given(st.integers(min_value=1, max_value=10**12), st.none() | st.integers(1, 10**6))
def test_every_part_code_parses_back(comment: int, part: int | None) -> None:
    code = part_code(comment, part)
    assert parse_part(code) == (comment, part)
    assert parse_part(f" {code.lower()} ") == (comment, part)
    assert parse_part(code[1:]) == (comment, part)


@pytest.mark.parametrize(
    "text", ["C12.0", "C12.", "C.2", "C12.²", "C12.2.1", "K12.2", "C12 .2", ""]
)
def test_a_part_code_is_a_comment_and_a_part_from_one(text: str) -> None:
    with pytest.raises(NotFound, match=r"C12\.2"):
        parse_part(text)


def test_part_codes_read_as_a_person_says_them() -> None:
    assert part_code(12, 2) == "C12.2" and part_code(12, None) == "C12"
    assert parse_part("c12.2") == (12, 2) and parse_part("C12") == (12, None)


def test_a_target_must_be_a_cluster_or_a_comment() -> None:
    with pytest.raises(NotFound, match="expected a cluster"):
        parse_target("D1")
    with pytest.raises(NotFound):
        parse_cluster("K²")


def test_sections_sort_as_a_document_reads() -> None:
    given = ["10", "2.10", "", "A.1", "2.1", "1", "2", "A", "2.9.1"]
    assert sorted(given, key=sort_key) == ["1", "2", "2.1", "2.9.1", "2.10", "10", "A", "A.1", ""]


def test_containment_and_chapter() -> None:
    assert is_within("3.2.1", "3.2") and is_within("3.2", "3.2") and is_within("3.2.", "3")
    assert not is_within("3.20", "3.2") and not is_within("3", "3.2") and not is_within("3", "")
    assert chapter_of("3.2.1") == "3" and chapter_of("") == "" and chapter_of("A.2") == "A"
    assert SectionNumber.parse("3.2.1").ancestors() == ("3", "3.2", "3.2.1")
    assert within_any(["1.1", "4.2"], "4") and not within_any(["1.1"], "4")
    assert within_any([], None)
