"""The store: migrations, idempotent imports, supersession, transactions, search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from guidefeedback.errors import StoreError
from guidefeedback.migrations import SCHEMA_VERSION
from guidefeedback.model import (
    Comment,
    DraftDoc,
    LocateMethod,
    Location,
    Submission,
    Unit,
    UnitKind,
)
from guidefeedback.store import open_store


def _draft(sha: str = "a" * 64, title: str = "Guidance on X") -> DraftDoc:
    units = (
        Unit(1, UnitKind.HEADING, "Introduction", "1", section="1", level=1, number="1"),
        Unit(2, UnitKind.PARAGRAPH, "Buyers should talk to the market.", "1¶1", "1", 1, 1),
        Unit(3, UnitKind.HEADING, "Funding", "2", section="2", level=1, number="2"),
        Unit(4, UnitKind.PARAGRAPH, "Funding comes from many sources.", "2¶1", "2", 1, 2),
    )
    return DraftDoc(title=title, language="en", sha256=sha, file_name="x.docx", units=units)


def _submission(sha: str, org: str = "Agency A", n: int = 2) -> Submission:
    comments = tuple(
        Comment(i, f"table 1 row {i + 1}", f"Comment {i} about SMEs", section="2")
        for i in range(1, n + 1)
    )
    return Submission(
        file_name=f"{sha[:4]}.docx",
        sha256=sha,
        format="docx-form-iso",
        comments=comments,
        organisation=org,
        signatories=(org, "Partner B"),
    )


def test_schema_version_and_pragmas(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    assert store.db.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("pragma foreign_keys").fetchone()[0] == 1
    fks = {fk.other_table for fk in store.db.table("comments").foreign_keys}
    assert {"submissions", "drafts", "units"} <= fks
    store.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("pragma user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer guidefeedback"):
        open_store(path)


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_text("hello")
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(path)


def test_same_draft_twice_changes_nothing_and_versions_follow_title(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    first = store.add_draft(_draft(), content=b"one")
    again = store.add_draft(_draft(), content=b"one")
    assert first.created and not again.created and again.draft_id == first.draft_id
    second = store.add_draft(_draft(sha="b" * 64, title="guidance  on x"), content=b"two")
    assert second.created and second.version == "2"
    with pytest.raises(StoreError, match="already has a version '2'"):
        store.add_draft(_draft(sha="c" * 64), content=b"three", version="2")
    assert store.counts()["drafts"] == 2
    assert [u.locator for u in store.units(first.draft_id)] == ["1", "1¶1", "2", "2¶1"]


def test_submission_supersedes_and_keeps_the_old_one(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    d = store.add_draft(_draft(), content=b"d").draft_id
    locs = [
        Location(4, LocateMethod.SECTION),
        Location(None, LocateMethod.GENERAL, "section 9 not in draft"),
    ]
    s1 = store.add_submission(d, _submission("1" * 64), locs, content=b"f1")
    assert s1.created and s1.located == 1
    same = store.add_submission(d, _submission("1" * 64), locs, content=b"f1")
    assert not same.created and same.submission_id == s1.submission_id
    s2 = store.add_submission(d, _submission("2" * 64, n=1), locs[:1], content=b"f2")
    assert s2.superseded == (s1.submission_id,)
    current = store.list_comments(draft_id=d)
    assert [c.submission_id for c in current] == [s2.submission_id]
    everything = store.list_comments(draft_id=d, include_superseded=True)
    assert len(everything) == 3
    assert store.submission(s1.submission_id).superseded_by == s2.submission_id
    assert store.submission(s2.submission_id).signatories == ("Agency A", "Partner B")
    assert store.file_content("1" * 64) == b"f1"


def test_failed_import_leaves_nothing(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    d = store.add_draft(_draft(), content=b"d").draft_id
    before = store.counts()
    with pytest.raises(ValueError):
        store.add_submission(
            d, _submission("3" * 64), [Location(2, LocateMethod.SECTION)], content=b"x"
        )
    assert store.counts() == before


def test_section_filter_and_search(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    d = store.add_draft(_draft(), content=b"d").draft_id
    store.add_submission(
        d,
        _submission("4" * 64),
        [Location(4, LocateMethod.SECTION), Location(2, LocateMethod.QUOTE)],
        content=b"x",
    )
    assert [c.locator for c in store.list_comments(section="2")] == ["2¶1"]
    assert [c.locator for c in store.list_comments(section="1")] == ["1¶1"]
    hits = store.search_comments('SMEs "unbalanced')
    assert len(hits) == 0 or all("SMEs" in h.text for h in hits)
    assert len(store.search_comments("SMEs")) == 2
    assert store.list_comments(organisation="partner b")
