"""Clustering over the store: compute, keep cluster ids stable, replay the editors' edits,
and make answers follow their comments.

Cluster ids (``K7``) survive a re-run when the new cluster overlaps the old one most
(:func:`guidefeedback.analysis.match_clusters`). Editors' merges, moves and splits are
stored by the comment ids they involved, not by cluster id, and replayed after every
computation, so they hold whatever the algorithm proposes next time.

Answers follow their comments: a new cluster whose comments all came from clusters with one
and the same answer takes that answer over (recorded in the history as carried over); a
comment that lands in a cluster answered differently from its old one, or a new cluster
whose comments carried different answers, is flagged for the editors' review.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import GuidefeedbackError, NotFound
from ..ids import parse_code

if TYPE_CHECKING:
    from ..store import AnalysisSaved, Store


@dataclass(frozen=True, slots=True)
class ClusterRun:
    draft: str
    comments: int
    clusters: int
    campaigns: int
    saved: AnalysisSaved
    carried: int
    flagged: int
    seconds: float


def _items(store: Store, draft_id: int) -> list[Any]:
    from ..analysis import AnalysisItem

    language = str(store.draft(draft_id)["language"] or "en")
    return [
        AnalysisItem(
            key=int(r["id"]),
            text=str(r["text"] or ""),
            language=str(r["language"] or language),
            section=str(r["section"] or ""),
            organisations=tuple(r["organisations"]),
            type=r["type"],
        )
        for r in store.analysis_input(draft_id)
    ]


def _operations(store: Store, draft_id: int) -> list[Any]:
    from ..analysis import ManualOp

    return [
        ManualOp(
            op=str(e["op"]),
            keys=tuple(int(k) for k in e["comment_ids"]),
            targets=tuple(int(k) for k in e["target_ids"]),
        )
        for e in store.cluster_edits(draft_id)
    ]


def _records(clusters: Sequence[Any]) -> list[Any]:
    from ..store import ClusterRecord

    return [
        ClusterRecord(
            members=tuple(sorted(c.keys)),
            label=c.label,
            representative_id=c.representative,
            sections=tuple(c.sections),
            organisations=tuple(c.organisations),
            n_bodies=int(c.n_bodies),
            types=dict(c.types),
        )
        for c in clusters
    ]


def _prefer_answered(
    reuse: list[int | None],
    clusters: Sequence[Any],
    old_membership: dict[int, int],
    answers: dict[tuple[str, int], dict[str, Any]],
) -> list[int | None]:
    """When a new cluster continues an unanswered old one but also absorbed exactly one
    answered old cluster that nobody else continues (a merge), continue that one instead,
    so the answer stays with the merged comments."""

    def answered(k: int | None) -> bool:
        a = answers.get(("cluster", k)) if k is not None else None
        return bool(a and (a.get("disposition") or a.get("answer")))

    taken = {k for k in reuse if k is not None}
    out = list(reuse)
    for i, c in enumerate(clusters):
        if answered(out[i]):
            continue
        sources = {old_membership[m] for m in c.keys if m in old_membership} - {out[i]}
        candidates = [k for k in sources if k is not None and answered(k) and k not in taken]
        if len(candidates) == 1:
            if out[i] is not None:
                taken.discard(out[i])
            out[i] = candidates[0]
            taken.add(candidates[0])
    return out


def _save(
    store: Store,
    draft_id: int,
    clusters: Sequence[Any],
    campaigns: Sequence[Any] | None,
    *,
    threshold: float | None,
    model: str | None,
    seconds: float,
    comment_count: int,
) -> tuple[AnalysisSaved, int, int]:
    from ..analysis import match_clusters
    from ..store import AnswerChange, CampaignRecord

    old = store.current_clusters(draft_id)
    old_membership = store.cluster_membership(draft_id)
    answers = store.answers(draft_id)
    mapping = match_clusters([members for _, members in old], [frozenset(c.keys) for c in clusters])
    reuse = [old[mapping[i]][0] if i in mapping else None for i in range(len(clusters))]
    reuse = _prefer_answered(reuse, clusters, old_membership, answers)
    saved = store.save_analysis(
        draft_id,
        clusters=_records(clusters),
        reuse_ids=reuse,
        campaigns=None
        if campaigns is None
        else [
            CampaignRecord(tuple(sorted(c.keys)), bool(c.exact), int(c.n_bodies)) for c in campaigns
        ],
        threshold=threshold,
        model=model,
        seconds=seconds,
        comment_count=comment_count,
    )

    def answer_of(cluster_id: int | None) -> tuple[str | None, str | None] | None:
        if cluster_id is None:
            return None
        a = answers.get(("cluster", cluster_id))
        if not a or not (a.get("disposition") or a.get("answer")):
            return None
        return (a.get("disposition"), a.get("answer"))

    carry: list[AnswerChange] = []
    flags: list[tuple[int, str]] = []
    for cluster_id, record in zip(saved.cluster_ids, clusters, strict=True):
        members = sorted(record.keys)
        own = answer_of(cluster_id)
        # Members that came from another cluster which had an answer, with that answer.
        arrived: dict[int, tuple[int, tuple[str | None, str | None]]] = {}
        # Comments new to the clustering that join an answered cluster (issue 16): the
        # answer applies to them, but an editor must see that it fits.
        joined = [
            m
            for m in members
            if old_membership and m not in old_membership and ("comment", m) not in answers
        ]
        for m in members:
            previous = old_membership.get(m)
            if previous is None or previous == cluster_id or ("comment", m) in answers:
                continue
            was = answer_of(previous)
            if was is not None:
                arrived[m] = (previous, was)
        if own is not None:
            flags.extend((m, f"joined K{cluster_id} ({own[0] or '-'})") for m in joined)
        if not arrived:
            continue
        if own is None:
            distinct = {was for _, was in arrived.values()}
            if len(distinct) == 1 and 2 * len(arrived) >= len(members):
                # Most of the cluster brought one answer with it: the answer follows.
                disposition, text = next(iter(distinct))
                carry.append(
                    AnswerChange("cluster", cluster_id, disposition, text, "guidefeedback")
                )
                flags.extend((m, f"joined K{cluster_id} ({disposition or '-'})") for m in joined)
                continue
            for m, (previous, was) in arrived.items():
                flags.append(
                    (m, f"moved from K{previous} ({was[0] or '-'}) to K{cluster_id} (unanswered)")
                )
        else:
            for m, (previous, was) in arrived.items():
                if was != own:
                    flags.append(
                        (
                            m,
                            f"moved from K{previous} ({was[0] or '-'}) to K{cluster_id}"
                            f" ({own[0] or '-'})",
                        )
                    )
    if carry:
        store.set_answers(draft_id, carry, source="carried over after re-clustering")
    if flags:
        store.flag_comments(flags)
    return saved, len(carry), len(flags)


def run_clustering(
    store: Store,
    draft: str,
    *,
    threshold: float | None = None,
    model: str | None = None,
) -> ClusterRun:
    """Find campaigns and clusters of a draft's current comments and store them."""
    from .. import analysis

    draft_id = parse_code(draft, "D")
    started = time.perf_counter()
    items = _items(store, draft_id)
    campaigns = analysis.find_campaigns(items)
    kwargs: dict[str, Any] = {"model": model}
    if threshold is not None:
        kwargs["threshold"] = threshold
    clusters = analysis.cluster(items, **kwargs)
    clusters = analysis.apply_manual(clusters, _operations(store, draft_id), items=items)
    seconds = time.perf_counter() - started
    saved, carried, flagged = _save(
        store,
        draft_id,
        clusters,
        campaigns,
        threshold=threshold,
        model=model,
        seconds=seconds,
        comment_count=len(items),
    )
    return ClusterRun(
        f"D{draft_id}", len(items), len(clusters), len(campaigns), saved, carried, flagged, seconds
    )


def _members(store: Store, code: str) -> tuple[int, list[int]]:
    cluster_id = parse_code(code, "K")
    cluster = store.cluster(cluster_id)
    if cluster["retired"]:
        raise NotFound(f"{code} no longer exists (it was merged or split); see clusters list")
    return parse_code(cluster["draft"], "D"), [int(c["id"][1:]) for c in cluster["comments"]]


def edit_clusters(
    store: Store, op: str, codes: Sequence[str], *, editor: str | None = None
) -> ClusterRun:
    """Record an editor's merge, move or split, then apply it to the stored clusters.

    ``merge K3 K9 …`` puts the clusters' comments together; ``move C12 K4`` puts a comment
    with K4's; ``split K5`` makes every comment of K5 its own cluster.
    """
    from .. import analysis

    if op == "merge":
        if len(codes) < 2:
            raise GuidefeedbackError("merge needs two or more clusters, e.g. merge K3 K9")
        draft_id = -1
        keys: list[int] = []
        for code in codes:
            d, members = _members(store, code)
            if draft_id not in (-1, d):
                raise GuidefeedbackError("clusters of different drafts cannot be merged")
            draft_id = d
            keys.extend(members)
        store.add_cluster_edit(draft_id, "merge", keys, editor=editor)
    elif op == "move":
        if len(codes) != 2:
            raise GuidefeedbackError("move needs a comment and a cluster, e.g. move C12 K4")
        comment_id = parse_code(codes[0], "C")
        draft_id, targets = _members(store, codes[1])
        if comment_id in targets:
            raise GuidefeedbackError(f"{codes[0]} is already in {codes[1]}")
        if parse_code(store.comment(comment_id)["draft"], "D") != draft_id:
            raise GuidefeedbackError(f"{codes[0]} is not a comment on the draft of {codes[1]}")
        store.add_cluster_edit(draft_id, "move", [comment_id], targets, editor=editor)
    elif op == "split":
        if len(codes) != 1:
            raise GuidefeedbackError("split takes one cluster, e.g. split K5")
        draft_id, keys = _members(store, codes[0])
        if len(keys) < 2:
            raise GuidefeedbackError(f"{codes[0]} has one comment; nothing to split")
        store.add_cluster_edit(draft_id, "split", keys, editor=editor)
    else:
        raise GuidefeedbackError(f"unknown cluster edit {op!r}")
    # Apply to the clusters as they are (not a fresh computation, which could move other
    # comments); labels are recomputed for the clusters that changed.
    started = time.perf_counter()
    items = _items(store, draft_id)
    current = analysis.clusters_from_groups(
        items, [members for _, members in store.current_clusters(draft_id)]
    )
    edited = analysis.apply_manual(current, _operations(store, draft_id)[-1:], items=items)
    # Campaigns do not change with an edit: keep them (None).
    run = store.db.execute(
        "select threshold, model from analysis_runs where draft_id = ? order by id desc limit 1",
        [draft_id],
    ).fetchone()
    saved, carried, flagged = _save(
        store,
        draft_id,
        edited,
        None,
        threshold=run[0] if run else None,
        model=run[1] if run else None,
        seconds=time.perf_counter() - started,
        comment_count=len(items),
    )
    return ClusterRun(
        f"D{draft_id}",
        len(items),
        len(edited),
        0,
        saved,
        carried,
        flagged,
        time.perf_counter() - started,
    )
