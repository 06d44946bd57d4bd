"""Backup and restore: export a draft, import it into an empty database, lose nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import Result

from guidefeedback.store import ARCHIVE_TABLES

from .conftest import run_cli
from .test_render import _project


def _run(db: Path, *args: str | Path) -> Result:
    return run_cli(*args, db=db)


def _rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = sqlite3.connect(db)
    try:
        return {
            table: sorted(con.execute(f"select * from [{table}]").fetchall(), key=repr)
            for table, _ in ARCHIVE_TABLES
        }
    finally:
        con.close()


def test_round_trip_loses_nothing(tmp_path: Path, db_path: Path) -> None:
    info = _project(tmp_path, db_path)
    _run(db_path, "respond", "set", f"K{info['k1']}", "-d", "partially", "-a", "Second thoughts.")
    archive = tmp_path / "d1.json"
    result = _run(db_path, "export", "D1", "-o", archive)
    assert result.exit_code == 0, result.output
    data = json.loads(archive.read_text(encoding="utf-8"))
    assert data["format"] == "guidefeedback-archive/1"
    assert len(data["tables"]["answer_history"]) == 2
    fresh = tmp_path / "fresh.db"
    restored = _run(fresh, "import-archive", archive)
    assert restored.exit_code == 0, restored.output
    assert _rows(fresh) == _rows(db_path)
    # The restored database works: search and history answer as before.
    found = _run(fresh, "comments", "search", "budgets", "--json")
    assert [c["id"] for c in json.loads(found.stdout)] == [
        c["id"] for c in json.loads(_run(db_path, "comments", "search", "budgets", "--json").stdout)
    ]
    assert len(json.loads(found.stdout)) == 1
    history = json.loads(_run(fresh, "respond", "history", f"K{info['k1']}", "--json").stdout)
    assert [h["new_disposition"] for h in history] == ["accepted", "partially"]


def test_restore_refuses_collisions_and_changes_nothing(tmp_path: Path, db_path: Path) -> None:
    _project(tmp_path, db_path)
    archive = tmp_path / "d1.json"
    _run(db_path, "export", "D1", "-o", archive)
    before = _rows(db_path)
    again = _run(db_path, "import-archive", archive)
    assert again.exit_code == 1
    assert "restore into an empty database" in again.stderr
    assert _rows(db_path) == before


def test_not_an_archive(tmp_path: Path, db_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    result = _run(db_path, "import-archive", bad)
    assert result.exit_code == 1
    assert "not a guidefeedback archive" in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"\xff\xfe{")
    result = _run(db_path, "import-archive", broken)
    assert result.exit_code == 1 and "broken.json" in result.stderr
