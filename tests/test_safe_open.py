"""safe_open's building blocks: text decoding, XML cleaning, atomic output, sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guidefeedback.errors import RefusedFile
from guidefeedback.safe_open import atomic_output, clean_xml_text, decode_text, sniff

TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=200,
)


@given(TEXT)
def test_decode_round_trips_the_encodings_excel_writes(text: str) -> None:
    where = Path("x.csv")
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"), path=where)[0] == text
    assert decode_text(text.encode("utf-16"), path=where)[0] == text
    assert decode_text(text.encode("utf-8"), path=where)[0] == text


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖéü ;,\n", min_size=1, max_size=200))
def test_cp1252_is_read_when_not_utf8(text: str) -> None:
    data = text.encode("cp1252")
    decoded, encoding = decode_text(data, path=Path("x.csv"))
    assert decoded == text
    assert encoding in ("utf-8", "cp1252")


@given(st.text(max_size=300))
def test_clean_xml_text_leaves_only_xml_characters(text: str) -> None:
    cleaned, removed = clean_xml_text(text)
    assert len(cleaned) + removed == len(text)
    for char in cleaned:
        code = ord(char)
        assert (
            code in (9, 10, 13)
            or 0x20 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or code > 0xFFFF
        )


def test_nul_bytes_and_unknown_encodings_are_refused() -> None:
    with pytest.raises(RefusedFile, match="NUL bytes"):
        decode_text(b"a,b\n\x00\x00x,y\n" + b"z" * 10, path=Path("n.csv"))
    with pytest.raises(RefusedFile, match="unknown text encoding"):
        decode_text(b"abc \x81\x8d\xff", path=Path("e.csv"))


def test_atomic_output_keeps_the_old_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("writer failed")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    with atomic_output(target) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"


def test_sniff_reads_content_not_names(tmp_path: Path) -> None:
    csv_named_docx = tmp_path / "comments.docx"
    csv_named_docx.write_text("Section,Comment\n1,Fine\n", encoding="utf-8")
    assert sniff(csv_named_docx) == "csv"
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(RefusedFile, match="empty"):
        sniff(empty)
