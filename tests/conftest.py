"""Shared fixtures: every test gets its own database and no progress output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from guidefeedback.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "drafts"
COMMENTS = ROOT / "comments"


@pytest.fixture(autouse=True)
def _own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "test.db"
    monkeypatch.setenv("GUIDEFEEDBACK_DB", str(db))
    monkeypatch.setenv("GUIDEFEEDBACK_QUIET", "1")
    return db


@pytest.fixture
def db_path(_own_database: Path) -> Path:
    return _own_database


def run_cli(*args: str | Path, db: Path | None = None, input: str | None = None) -> Result:
    """Run one guidefeedback command as a user would (stdout and stderr kept apart).

    Exceptions are caught as Click does for a user, so a test sees the exit code and the
    one-line message; ``result.exception`` shows an internal error. ``db`` is passed as
    ``--db`` (otherwise the test's own database from ``GUIDEFEEDBACK_DB`` is used);
    ``input`` is what the user types at the prompts.
    """
    argv = [str(a) for a in args]
    if db is not None:
        argv = ["--db", str(db), *argv]
    return CliRunner().invoke(cli, argv, input=input)


@pytest.fixture
def run() -> Callable[..., Result]:
    """The CLI runner as a fixture, for tests that prefer fixtures to imports."""
    return run_cli
