"""Batch runs: `init`, `run` on the example project (twice), and the planted revision."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from guidefeedback.drafts import read_draft
from guidefeedback.revisions import align

from .conftest import COMMENTS, DRAFTS, ROOT, run_cli


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file's digest under a folder, the database as the content of its tables."""
    out: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.endswith(("-wal", "-shm")):
            continue
        if path.suffix == ".db":
            con = sqlite3.connect(path)
            try:
                tables = [
                    r[0] for r in con.execute("select name from sqlite_master where type='table'")
                ]
                rows = {t: con.execute(f"select * from [{t}]").fetchall() for t in tables}
            finally:
                con.close()
            out[str(path.relative_to(folder))] = hashlib.sha256(repr(rows).encode()).hexdigest()
        else:
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def test_init_writes_a_project(tmp_path: Path) -> None:
    result = run_cli("init", tmp_path / "p", "--name", "My consultation")
    assert result.exit_code == 0, result.output
    config = (tmp_path / "p" / "guidefeedback.toml").read_text(encoding="utf-8")
    assert 'name = "My consultation"' in config
    assert (tmp_path / "p" / "comments" / "draft-v1").is_dir()
    again = run_cli("init", tmp_path / "p")
    assert again.exit_code == 1 and "already exists" in again.stderr
    missing = run_cli("run", tmp_path / "p")
    assert missing.exit_code == 1 and "draft-v1.docx not found" in missing.stderr


def test_example_project_runs_twice_and_the_second_run_changes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "example"
    shutil.copytree(DRAFTS, project / "drafts")
    shutil.copytree(COMMENTS, project / "comments")
    shutil.copy(ROOT / "guidefeedback.toml", project / "guidefeedback.toml")
    first = run_cli("run", project, "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["drafts_imported"] == ["D1", "D2", "D3"]
    assert summary["submissions_collected"] == 22 and summary["clustered"] == ["D1", "D3"]
    assert summary["rendered"] == ["D1", "D3"]
    assert (project / "out" / "D1" / "comment-response.docx").is_file()
    assert (project / "out" / "revision-D1-D2.json").is_file()
    assert "## Accepted comments" in (project / "out" / "revision-D1-D2.md").read_text()
    before = _snapshot(project / "out")
    second = run_cli("run", project)
    assert second.exit_code == 0
    assert "Nothing new" in second.stdout
    assert _snapshot(project / "out") == before
    # One new submission: collected, re-clustered and re-rendered.
    (project / "comments" / "en-v1" / "late.csv").write_text(
        "Organisation,Section,Type,Comment\nLate Agency,3.3,te,Market dialogue needs examples.\n",
        encoding="utf-8",
    )
    third = json.loads(run_cli("run", project, "--json").stdout)
    assert third["submissions_collected"] == 1
    assert third["clustered"] == ["D1"] and third["rendered"] == ["D1"]


def test_planted_revision_is_aligned() -> None:
    old = read_draft(DRAFTS / "innovation-procurement-guidance-v1.docx").units
    new = read_draft(DRAFTS / "innovation-procurement-guidance-v2.docx").units
    pairs = {(a.kind, a.old_locator or None, a.new_locator or None) for a in align(old, new)}
    planted = json.loads((DRAFTS / "v2-changes.json").read_text(encoding="utf-8"))
    kinds = {"reworded": "changed", "moved": "moved", "removed": "removed", "added": "added"}
    for change in planted:
        if change["kind"] == "renumbered":
            assert ("renumbered", change["v1_locator"], change["v2_locator"]) in pairs, change
        else:
            want = (kinds[change["kind"]], change["v1_locator"], change["v2_locator"])
            assert want in pairs, change
