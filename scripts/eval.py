"""`make eval`: score clustering and campaign detection on eval/labelled.jsonl.

Clustering against the topic labels: adjusted Rand index and V-measure (scikit-learn).
Campaign detection: pairwise precision, recall and F1 (a pair of comments is positive when
both belong to the same campaign). Prints the scores for the default threshold and a
sweep, so the default can be checked honestly.

    python scripts/eval.py [--file eval/labelled.jsonl] [--sweep]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def pair_scores(truth: Sequence[set[int]], found: Sequence[set[int]]) -> tuple[float, float, float]:
    def pairs(groups: Sequence[set[int]]) -> set[tuple[int, int]]:
        return {p for g in groups for p in combinations(sorted(g), 2)}

    t, f = pairs(truth), pairs(found)
    precision = len(t & f) / len(f) if f else 1.0
    recall = len(t & f) / len(t) if t else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(rows: list[dict[str, object]], threshold: float) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score, v_measure_score

    from guidefeedback.analysis import AnalysisItem, cluster, find_campaigns

    items = [
        AnalysisItem(
            key=int(r["key"]),  # type: ignore[call-overload]
            text=str(r["text"]),
            language=str(r["language"]),
            section=str(r["section"]),
            organisations=(str(r["organisation"]),),
        )
        for r in rows
    ]
    started = time.perf_counter()
    campaigns = find_campaigns(items)
    clusters = cluster(items, threshold=threshold, campaigns=campaigns)
    seconds = time.perf_counter() - started
    label = {k: i for i, c in enumerate(clusters) for k in c.keys}
    keys = [int(r["key"]) for r in rows]  # type: ignore[call-overload]
    topics = [str(r["topic"]) for r in rows]
    predicted = [label[k] for k in keys]
    truth_campaigns: dict[str, set[int]] = {}
    for r in rows:
        if r["campaign"]:
            truth_campaigns.setdefault(str(r["campaign"]), set()).add(int(r["key"]))  # type: ignore[call-overload]
    p, rcl, f1 = pair_scores(list(truth_campaigns.values()), [set(c.keys) for c in campaigns])
    return {
        "threshold": threshold,
        "ari": adjusted_rand_score(topics, predicted),
        "v_measure": v_measure_score(topics, predicted),
        "clusters": len(clusters),
        "topics": len(set(topics)),
        "campaign_precision": p,
        "campaign_recall": rcl,
        "campaign_f1": f1,
        "seconds": seconds,
    }


def main() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from guidefeedback.analysis import DEFAULT_THRESHOLD

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, default=ROOT / "eval" / "labelled.jsonl")
    parser.add_argument("--sweep", action="store_true", help="also try other thresholds")
    args = parser.parse_args()
    rows = load(args.file)
    langs = {str(r["language"]) for r in rows}
    print(f"{len(rows)} comments ({', '.join(sorted(langs))}) in {args.file.name}")
    thresholds = [DEFAULT_THRESHOLD]
    if args.sweep:
        thresholds = sorted({0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, DEFAULT_THRESHOLD})
    print("threshold  ARI    V-measure  clusters/topics  campaign P / R / F1   seconds")
    for t in thresholds:
        s = score(rows, t)
        mark = "  (default)" if t == DEFAULT_THRESHOLD else ""
        print(
            f"{t:<9.2f}  {s['ari']:.3f}  {s['v_measure']:.3f}      {s['clusters']:>3.0f}/{s['topics']:<3.0f}"
            f"          {s['campaign_precision']:.2f} / {s['campaign_recall']:.2f} /"
            f" {s['campaign_f1']:.2f}    {s['seconds']:.1f}{mark}"
        )


if __name__ == "__main__":
    main()
