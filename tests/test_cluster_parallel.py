"""A large clustering run finds campaigns in a second process while this one makes terms.

The threshold (``PARALLEL_FROM`` comments) keeps small runs in one process, so these tests
ask for the second process on the example project and compare the clusters both ways.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guidefeedback import analysis
from guidefeedback.app.clusters import run_clustering
from guidefeedback.store import open_store

from .conftest import DRAFTS, ROOT, run_cli


def _example_project() -> None:
    assert (
        run_cli("draft", "import", DRAFTS / "innovation-procurement-guidance-v1.docx").exit_code
        == 0
    )
    comments = sorted((ROOT / "comments" / "en-v1").iterdir())
    assert run_cli("collect", *comments, "--draft", "D1").exit_code in (0, 1)


def _memberships(db_path: Path) -> set[frozenset[object]]:
    return {members for _, members in open_store(db_path).current_clusters(1)}


def test_two_processes_cluster_as_one_does(db_path: Path) -> None:
    _example_project()
    store = open_store(db_path)
    one = run_clustering(store, "D1", parallel=False)
    first = _memberships(db_path)
    two = run_clustering(open_store(db_path), "D1", parallel=True)
    assert two.campaigns == one.campaigns >= 1
    assert two.clusters == one.clusters
    # The second run keeps every cluster of the first and moves nothing.
    assert two.saved.kept == len(first) and not two.saved.moved_comments
    assert _memberships(db_path) == first


def test_an_error_finding_campaigns_fails_the_run_and_keeps_the_clusters(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _example_project()
    run_clustering(open_store(db_path), "D1", parallel=False)
    before = _memberships(db_path)

    def broken(*args: object, **kwargs: object) -> list[analysis.Campaign]:
        raise MemoryError("no memory for the shingles")

    # Inherited by the forked child: finding campaigns fails there.
    monkeypatch.setattr(analysis, "find_campaigns", broken)
    with pytest.raises(MemoryError, match="no memory for the shingles"):
        run_clustering(open_store(db_path), "D1", parallel=True)
    assert _memberships(db_path) == before
