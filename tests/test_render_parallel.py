"""A large render writes its outputs in two processes: the same files, errors still one line.

The threshold (``PARALLEL_FROM`` comments) keeps small renders in one process, so these
tests ask for the second process on a small project and compare what both ways wrote.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from guidefeedback.app.render import render_outputs
from guidefeedback.render import web
from guidefeedback.store import open_store

from .test_editors_loop import _worksheet_project

# The time of writing (review comments' dates, "generated at"): the only thing that may differ.
_STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|\+00:00)")


def _contents(folder: Path) -> dict[str, object]:
    """Every output's content; the packages by member, times of writing left out."""
    out: dict[str, object] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if path.suffix in (".docx", ".xlsx"):
            with zipfile.ZipFile(path) as z:
                out[name] = {m: _STAMP.sub(b"T", z.read(m)) for m in z.namelist()}
        else:
            out[name] = _STAMP.sub(b"T", path.read_bytes())
    return out


def test_two_processes_write_what_one_writes(tmp_path: Path, db_path: Path) -> None:
    _worksheet_project(tmp_path)
    store = open_store(db_path)
    one, two = tmp_path / "one", tmp_path / "two"
    a = render_outputs(store, "D1", one, parallel=False)
    b = render_outputs(store, "D1", two, parallel=True)
    assert [p.name for p in a.files] == [p.name for p in b.files]
    assert {"comment-response.html", "comment-response.md", "comment-matrix.xlsx"} <= {
        p.name for p in b.files
    }
    assert a.review_comments_placed == b.review_comments_placed > 0
    assert _contents(one) == _contents(two)


def test_an_error_in_the_second_process_fails_the_render_and_leaves_the_folder(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _worksheet_project(tmp_path)
    store = open_store(db_path)
    out = tmp_path / "out"
    render_outputs(store, "D1", out, parallel=False)
    before = _contents(out)

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("the template produced more than 209,715,200 characters")

    # Inherited by the forked child: the HTML writer fails there.
    monkeypatch.setattr(web, "write_html", broken)
    with pytest.raises(ValueError, match="more than 209,715,200 characters"):
        render_outputs(store, "D1", out, parallel=True)
    assert _contents(out) == before
    assert not list(out.glob(".render-*"))
