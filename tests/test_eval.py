"""Every labelled set in eval/: clustering and campaign detection stay above their floors.

`make eval` prints the scores per set and the worst set (see eval/README.md for the
figures when this was written); the floors sit a little below so a regression fails.
The three-point set is scored per part, with long comments split into their parts as
`guidefeedback cluster` does.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("gf_eval", ROOT / "scripts" / "eval.py")
assert spec is not None and spec.loader is not None
gf_eval = importlib.util.module_from_spec(spec)
sys.modules["gf_eval"] = gf_eval
spec.loader.exec_module(gf_eval)

# set: (ARI floor, language-mixing floor)
FLOORS = {
    "labelled.jsonl": (0.97, 0.9),
    "sv15.jsonl": (0.97, 0.9),
    "small-points.jsonl": (0.84, 0.9),
    "three-points.jsonl": (0.90, 0.9),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_on_each_labelled_set(name: str) -> None:
    rows = gf_eval.load(ROOT / "eval" / name)
    assert {r["language"] for r in rows} == {"en", "sv"}
    scores = gf_eval.score(rows, None, split=True)
    ari, mixing = FLOORS[name]
    assert scores["ari"] >= ari, scores
    assert scores["mixing"] >= mixing, scores
    assert scores["v_measure"] >= 0.9, scores
    assert scores["campaign_f1"] >= 0.95, scores


def test_sets_have_their_shapes() -> None:
    sv15 = gf_eval.load(ROOT / "eval" / "sv15.jsonl")
    share = sum(r["language"] == "sv" for r in sv15) / len(sv15)
    assert 0.1 <= share <= 0.2
    small = gf_eval.load(ROOT / "eval" / "small-points.jsonl")
    sizes: dict[str, int] = {}
    for r in small:
        if not r["campaign"]:
            sizes[r["topic"]] = sizes.get(r["topic"], 0) + 1
    assert len(sizes) >= 30 and set(sizes.values()) <= {2, 3, 4}
    long = gf_eval.load(ROOT / "eval" / "three-points.jsonl")
    assert all(len(r["parts"]) == 3 for r in long)
    assert all(len({p["topic"] for p in r["parts"]}) == 3 for r in long)
    scores = gf_eval.score(long, None, split=False)
    assert scores["campaign_f1"] >= 0.95  # long comments are not taken for form letters
    # Whole, a three-point comment can only be in one cluster: splitting is what scores.
    assert scores["ari"] < 0.3 < gf_eval.score(long, None, split=True)["ari"]


def test_held_out_sets_are_drawn_from_another_seed(tmp_path: Path) -> None:
    files = gf_eval.held_out(7, tmp_path)
    assert [f.name for f in files] == list(gf_eval.SETS)
    for f in files:
        assert f.read_bytes() != (ROOT / "eval" / f.name).read_bytes()
    # Same shapes: a point of the small-points set still has 2-4 comments.
    small = gf_eval.load(tmp_path / "small-points.jsonl")
    sizes: dict[str, int] = {}
    for r in small:
        if not r["campaign"]:
            sizes[r["topic"]] = sizes.get(r["topic"], 0) + 1
    assert set(sizes.values()) <= {2, 3, 4}
    # The method generalises beyond the sets it was measured on, if less well.
    scores = gf_eval.score(gf_eval.load(tmp_path / "labelled.jsonl"), None, split=True)
    assert scores["ari"] >= 0.9 and scores["mixing"] >= 0.9, scores


def test_language_mixing_measure() -> None:
    topics = ["a", "a", "a", "b", "b"]
    langs = ["en", "sv", "en", "en", "sv"]
    assert gf_eval.language_mixing(topics, langs, [1, 1, 1, 2, 3]) == 0.5
    assert gf_eval.language_mixing(topics, langs, [1, 1, 2, 3, 3]) == 1.0
