"""The example-draft generator (scripts/make_drafts.py) runs and writes well-formed Word files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_drafts.py"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NAMES = (
    "innovation-procurement-guidance-v1.docx",
    "innovationsupphandling-vagledning-sv.docx",
    "innovation-procurement-guidance-v2.docx",
)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("drafts")
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(folder)],
        check=True,
        capture_output=True,
        cwd=str(folder),
    )
    return folder


def _xml(path: Path, member: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(member))


def _texts(path: Path, style_prefix: str) -> list[str]:
    body = _xml(path, "word/document.xml")
    found = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").startswith(style_prefix):
            found.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return found


def test_writes_every_file(out: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == sorted([*NAMES, "v2-changes.json"])


@pytest.mark.parametrize("name", NAMES)
def test_well_formed_package(out: Path, name: str) -> None:
    path = out / name
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        members = set(archive.namelist())
        content_types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert {"word/document.xml", "word/numbering.xml", "word/footnotes.xml"} <= members
    assert "/word/footnotes.xml" in content_types
    assert "footnotes.xml" in rels
    for member in ("word/document.xml", "word/numbering.xml", "word/footnotes.xml"):
        _xml(path, member)  # parses
    notes = _xml(path, "word/footnotes.xml").findall(f"{W}footnote")
    assert [n.get(f"{W}type") for n in notes[:2]] == ["separator", "continuationSeparator"]
    refs = _xml(path, "word/document.xml").iter(f"{W}footnoteReference")
    assert {r.get(f"{W}id") for r in refs} == {n.get(f"{W}id") for n in notes[2:]}


def test_english_v1_outline_and_numbering(out: Path) -> None:
    path = out / NAMES[0]
    heading1 = _texts(path, "Heading1")
    assert heading1[:2] == ["Introduction", "A strategic framework for innovation procurement"]
    assert heading1[-1] == "Annex A Glossary"
    assert len(heading1) == 7
    assert "Joint cross-border procurement" in _texts(path, "Heading2")
    assert _texts(path, "Heading3") == ["Applicable law", "Governance of joint procurement"]
    assert _texts(path, "Title") == ["Guidance on innovation procurement"]
    assert "Table 1: Suggested indicators for innovation procurement" in _texts(path, "Caption")
    numbering = etree.tostring(_xml(path, "word/numbering.xml")).decode()
    for text in ('w:val="%1"', 'w:val="%1.%2"', 'w:val="%1.%2.%3"', 'w:val="%1)"'):
        assert text in numbering
    assert 'w:val="lowerLetter"' in numbering and 'w:val="bullet"' in numbering
    styles = etree.tostring(_xml(path, "word/styles.xml")).decode()
    assert re.search(r'w:styleId="Heading1".*?<w:numPr>', styles, re.S)
    notes = _xml(path, "word/footnotes.xml").findall(f"{W}footnote")
    assert len(notes) - 2 >= 5
    with zipfile.ZipFile(path) as archive:
        core = archive.read("docProps/core.xml").decode()
    assert "Guidance secretariat" in core and "Guidance on innovation procurement" in core


def test_swedish_headings_numbered_directly(out: Path) -> None:
    path = out / NAMES[1]
    assert _texts(path, "Heading1")[0] == "Inledning"
    assert "Tabell 1: Indikatorer" in _texts(path, "Caption")
    body = _xml(path, "word/document.xml")
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").startswith("Heading"):
            assert p.find(f"{W}pPr/{W}numPr") is not None
    numbering = etree.tostring(_xml(path, "word/numbering.xml")).decode()
    assert 'w:val="%1."' in numbering


def test_v2_changes_listed(out: Path) -> None:
    path = out / NAMES[2]
    assert _texts(path, "Heading1")[2] == "Defining needs and outcomes"
    changes = json.loads((out / "v2-changes.json").read_text(encoding="utf-8"))
    kinds = [c["kind"] for c in changes]
    assert kinds.count("reworded") == 3
    assert {"moved", "removed", "added", "renumbered"} <= set(kinds)
    moved = next(c for c in changes if c["kind"] == "moved")
    assert moved["v1_locator"].startswith("3.3¶") and moved["v2_locator"].startswith("2.2¶")


def test_deterministic(out: Path, tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path)], check=True, capture_output=True
    )
    for name in NAMES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes()


def test_committed_drafts_are_current(out: Path) -> None:
    """drafts/ holds what the script writes (run `python scripts/make_drafts.py` after edits)."""
    # Compared member by member, uncompressed: the committed files must say the same, even
    # where another zlib would compress them to other bytes.
    import zipfile

    for name in NAMES:
        with zipfile.ZipFile(ROOT / "drafts" / name) as a, zipfile.ZipFile(out / name) as b:
            assert a.namelist() == b.namelist(), name
            for member in a.namelist():
                assert a.read(member) == b.read(member), (name, member)
    committed = (ROOT / "drafts" / "v2-changes.json").read_text(encoding="utf-8")
    assert committed == (out / "v2-changes.json").read_text(encoding="utf-8")
