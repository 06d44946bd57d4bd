"""Crash safety: a process killed half-way through an import or a render loses nothing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .test_render import _project

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")


def _wait_for(marker: Path, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            out = proc.stderr.read().decode() if proc.stderr else ""
            raise AssertionError(f"child exited early: {out}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("child never reached the kill point")
        time.sleep(0.02)


def _kill_at_marker(script: str, marker: Path) -> None:
    with subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE) as proc:
        _wait_for(marker, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _integrity(db: Path) -> tuple[str, int, int]:
    con = sqlite3.connect(db)
    try:
        check = con.execute("pragma integrity_check").fetchone()[0]
        drafts = con.execute("select count(*) from drafts").fetchone()[0]
        units = con.execute("select count(*) from units").fetchone()[0]
        return check, drafts, units
    finally:
        con.close()


def test_killed_draft_import_leaves_all_or_nothing(tmp_path: Path) -> None:
    db, marker = tmp_path / "k.db", tmp_path / "halfway"
    # The child stores a draft whose units pause half-way through the insert, inside the
    # real transaction, and signal the parent to kill it there.
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from guidefeedback.model import DraftDoc, Unit, UnitKind
        from guidefeedback.store import open_store

        class Slow(tuple):
            def __iter__(self):
                for i, unit in enumerate(tuple.__iter__(self)):
                    if i == 500:
                        Path({str(marker)!r}).touch()
                        time.sleep(60)
                    yield unit

        units = Slow(Unit(i, UnitKind.PARAGRAPH, f"text {{i}}", f"¶{{i}}", "", i, i)
                     for i in range(1, 1001))
        store = open_store({str(db)!r})
        store.add_draft(DraftDoc("Big", "en", "b" * 64, "big.docx", units), content=b"x")
        """
    )
    _kill_at_marker(script, marker)
    assert _integrity(db) == ("ok", 0, 0)
    # Re-running completes the import: nothing half-done blocks it.
    from guidefeedback.model import DraftDoc, Unit, UnitKind
    from guidefeedback.store import open_store

    store = open_store(db)
    units = tuple(Unit(i, UnitKind.PARAGRAPH, f"t{i}", f"¶{i}", "", i, i) for i in range(1, 11))
    added = store.add_draft(DraftDoc("Big", "en", "b" * 64, "big.docx", units), content=b"x")
    store.close()
    assert added.created
    assert _integrity(db) == ("ok", 1, 10)


def test_killed_render_keeps_previous_outputs(tmp_path: Path, db_path: Path) -> None:
    _project(tmp_path, db_path)
    out, marker = tmp_path / "out", tmp_path / "halfway"
    from click.testing import CliRunner

    from guidefeedback.cli import cli

    first = CliRunner().invoke(cli, ["render", "D1", "--out", str(out)])
    assert first.exit_code == 0, first.output
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        import guidefeedback.render.tables as tables
        from guidefeedback.app.render import render_outputs
        from guidefeedback.store import open_store

        real = tables.write_csv
        def slow(report, path):
            real(report, path)
            Path({str(marker)!r}).touch()
            time.sleep(60)
        tables.write_csv = slow
        render_outputs(open_store({str(db_path)!r}), "D1", Path({str(out)!r}), lang="sv")
        """
    )
    _kill_at_marker(script, marker)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and ".render-" not in str(p)}
    assert after == before
    # The next render clears the abandoned staging folder and completes.
    assert CliRunner().invoke(cli, ["render", "D1", "--out", str(out)]).exit_code == 0
    assert not [p for p in out.iterdir() if p.name.startswith(".render-")]
    check, drafts, _ = _integrity(db_path)
    assert (check, drafts) == ("ok", 1)
