"""Clustering over the store: compute, keep cluster ids stable, replay the editors' edits,
and make answers follow their comments.

Cluster ids (``K7``) survive a re-run when the new cluster overlaps the old one most
(:func:`guidefeedback.analysis.match_clusters`). Editors' merges, moves and splits are
stored by the comment ids they involved, not by cluster id, and replayed after every
computation, so they hold whatever the algorithm proposes next time.

Answers follow their comments by the policy in :func:`guidefeedback.responses.carry_over`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import GuidefeedbackError, NotFound
from ..ids import draft_code, parse_cluster, parse_comment, parse_draft
from ..records import AnalysisSaved, CampaignRecord, ClusterRecord, EditOp
from ..responses import carry_over, prefer_answered

if TYPE_CHECKING:
    from ..analysis import AnalysisItem, Campaign, Cluster, ManualOp
    from ..store import Store


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


def _items(store: Store, draft_id: int) -> list[AnalysisItem]:
    from ..analysis import AnalysisItem

    language = store.draft(draft_id).language or "en"
    return [
        AnalysisItem(
            key=r.id,
            text=r.text or "",
            language=r.language or language,
            section=r.section,
            organisations=r.organisations,
            type=r.type,
        )
        for r in store.analysis_input(draft_id)
    ]


def _operations(store: Store, draft_id: int) -> list[ManualOp]:
    from ..analysis import ManualOp

    return [
        ManualOp(op=str(e.op), keys=e.comment_ids, targets=e.target_ids)
        for e in store.cluster_edits(draft_id)
    ]


def _records(clusters: Sequence[Cluster]) -> list[ClusterRecord]:
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


def _save(
    store: Store,
    draft_id: int,
    clusters: Sequence[Cluster],
    campaigns: Sequence[Campaign] | None,
    *,
    threshold: float | None,
    model: str | None,
    seconds: float,
    comment_count: int,
) -> tuple[AnalysisSaved, int, int]:
    from ..analysis import match_clusters

    old = store.current_clusters(draft_id)
    old_membership = store.cluster_membership(draft_id)
    answers = store.answers(draft_id)
    mapping = match_clusters([members for _, members in old], [frozenset(c.keys) for c in clusters])
    reuse = [old[mapping[i]][0] if i in mapping else None for i in range(len(clusters))]
    reuse = prefer_answered(reuse, [frozenset(c.keys) for c in clusters], old_membership, answers)
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

    policy = carry_over(
        [(k, frozenset(c.keys)) for k, c in zip(saved.cluster_ids, clusters, strict=True)],
        old_membership,
        answers,
    )
    if policy.changes:
        store.set_answers(draft_id, policy.changes, source="carried over after re-clustering")
    if policy.flags:
        store.flag_comments(policy.flags)
    return saved, len(policy.changes), len(policy.flags)


def run_clustering(
    store: Store,
    draft: str,
    *,
    threshold: float | None = None,
    model: str | None = None,
) -> ClusterRun:
    """Find campaigns and clusters of a draft's current comments and store them."""
    from .. import analysis

    draft_id = parse_draft(draft)
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
        draft_code(draft_id),
        len(items),
        len(clusters),
        len(campaigns),
        saved,
        carried,
        flagged,
        seconds,
    )


def _members(store: Store, code: str) -> tuple[int, list[int]]:
    cluster = store.cluster(parse_cluster(code))
    if cluster.retired:
        raise NotFound(f"{code} no longer exists (it was merged or split); see clusters list")
    return cluster.draft_id, [c.id for c in store.cluster_comments(cluster.id)]


def edit_clusters(
    store: Store, op: EditOp | str, codes: Sequence[str], *, editor: str | None = None
) -> ClusterRun:
    """Record an editor's merge, move or split, then apply it to the stored clusters.

    ``merge K3 K9 …`` puts the clusters' comments together; ``move C12 K4`` puts a comment
    with K4's; ``split K5`` makes every comment of K5 its own cluster.
    """
    from .. import analysis

    try:
        op = EditOp(op)
    except ValueError:
        raise GuidefeedbackError(f"unknown cluster edit {op!r}") from None
    if op is EditOp.MERGE:
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
        store.add_cluster_edit(draft_id, op, keys, editor=editor)
    elif op is EditOp.MOVE:
        if len(codes) != 2:
            raise GuidefeedbackError("move needs a comment and a cluster, e.g. move C12 K4")
        comment_id = parse_comment(codes[0])
        draft_id, targets = _members(store, codes[1])
        if comment_id in targets:
            raise GuidefeedbackError(f"{codes[0]} is already in {codes[1]}")
        if store.comment(comment_id).draft_id != draft_id:
            raise GuidefeedbackError(f"{codes[0]} is not a comment on the draft of {codes[1]}")
        store.add_cluster_edit(draft_id, op, [comment_id], targets, editor=editor)
    else:
        if len(codes) != 1:
            raise GuidefeedbackError("split takes one cluster, e.g. split K5")
        draft_id, keys = _members(store, codes[0])
        if len(keys) < 2:
            raise GuidefeedbackError(f"{codes[0]} has one comment; nothing to split")
        store.add_cluster_edit(draft_id, op, keys, editor=editor)
    # Apply to the clusters as they are (not a fresh computation, which could move other
    # comments); labels are recomputed for the clusters that changed.
    started = time.perf_counter()
    items = _items(store, draft_id)
    current = analysis.clusters_from_groups(
        items, [members for _, members in store.current_clusters(draft_id)]
    )
    edited = analysis.apply_manual(current, _operations(store, draft_id)[-1:], items=items)
    # Campaigns do not change with an edit: keep them (None).
    threshold, model = store.last_run_settings(draft_id)
    saved, carried, flagged = _save(
        store,
        draft_id,
        edited,
        None,
        threshold=threshold,
        model=model,
        seconds=time.perf_counter() - started,
        comment_count=len(items),
    )
    return ClusterRun(
        draft_code(draft_id),
        len(items),
        len(edited),
        0,
        saved,
        carried,
        flagged,
        time.perf_counter() - started,
    )
