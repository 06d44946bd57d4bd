"""Shared fixtures: every test gets its own database and no progress output."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

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


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    yield CliRunner()


def invoke(runner: CliRunner, *args: str | Path) -> object:
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
