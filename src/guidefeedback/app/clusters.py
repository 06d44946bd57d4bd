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
from ..ids import cluster_code, draft_code, parse_cluster, parse_comment, parse_draft
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
    threshold: float | None = None
    threshold_chosen: bool = False
    without_terms: tuple[int, ...] = ()
    model: str | None = None
    embedded: int = 0


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
            title=c.title,
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
    # An editor's title describes the comments it was given to: it stays with a cluster
    # that keeps at least half of them, and the clusters of a split get computed titles.
    old_members = dict(old)
    drop_titles = frozenset(
        k
        for k, c in zip(reuse, clusters, strict=True)
        if k is not None
        and 2 * len(old_members.get(k, frozenset()) & set(c.keys))
        < len(old_members.get(k, frozenset()))
    )
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
        drop_editor_titles=drop_titles,
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
    """Find campaigns and clusters of a draft's current comments and store them.

    ``model="e5"`` uses the optional sentence-embedding model; vectors are stored and
    reused, so only new or changed comments are embedded.
    """
    from .. import analysis

    draft_id = parse_draft(draft)
    started = time.perf_counter()
    items = _items(store, draft_id)
    campaigns = analysis.find_campaigns(items)
    embeddings: dict[int, Any] | None = None
    embedded = 0
    semantic = model == analysis.SEMANTIC_MODEL
    if semantic:
        embeddings, embedded = _embeddings(store, items)
    chosen = threshold
    if chosen is None:
        chosen = analysis.SEMANTIC_THRESHOLD if semantic else analysis.DEFAULT_THRESHOLD
    clusters = analysis.cluster(
        items, threshold=chosen, model=model, campaigns=campaigns, embeddings=embeddings
    )
    without = tuple(k for c in clusters if c.without_terms for k in c.keys)
    clusters = analysis.apply_manual(clusters, _operations(store, draft_id), items=items)
    seconds = time.perf_counter() - started
    saved, carried, flagged = _save(
        store,
        draft_id,
        clusters,
        campaigns,
        threshold=chosen,
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
        threshold=chosen,
        threshold_chosen=threshold is None,
        without_terms=without,
        model=model,
        embedded=embedded,
    )


def _embeddings(store: Store, items: Sequence[AnalysisItem]) -> tuple[dict[int, Any], int]:
    """Every comment's vector: stored ones reused when the text is unchanged, the rest
    embedded now and stored."""
    import hashlib

    import numpy as np

    from .. import semantic
    from ..records import StoredVector

    name = semantic.MODEL_ID
    stored = store.embeddings(name, [it.key for it in items])
    out: dict[int, Any] = {}
    missing: list[tuple[int, str, str]] = []
    for it in items:
        sha = hashlib.sha256(it.text.encode("utf-8")).hexdigest()
        have = stored.get(it.key)
        if have is not None and have.text_sha256 == sha:
            out[it.key] = np.frombuffer(have.vector, dtype=np.float32)
        else:
            missing.append((it.key, sha, it.text))
    if missing:
        vectors = semantic.embed([text for _, _, text in missing])
        rows = []
        for (key, sha, _), vector in zip(missing, vectors, strict=True):
            v = np.asarray(vector, dtype=np.float32)
            out[key] = v
            rows.append((key, StoredVector(sha, int(v.shape[0]), v.tobytes())))
        store.save_embeddings(name, rows)
    return out, len(missing)


def checked_title(title: str | None) -> str | None:
    """An editor's title as it is stored (white space runs as one space), or None to give
    the computed one back; refused when empty or too long. The worksheet's Title column
    goes through this too."""
    text = " ".join((title or "").split())
    if title is not None and not text:
        raise GuidefeedbackError("the title is empty; give a sentence, or --clear")
    if len(text) > 300:
        raise GuidefeedbackError(f"the title has {len(text)} characters; keep it under 300")
    return text or None


def set_title(store: Store, cluster: str, title: str | None) -> str:
    """An editor's title for a cluster (None: give the computed one back)."""
    cluster_id = parse_cluster(cluster)
    store.set_cluster_title(cluster_id, checked_title(title))
    return cluster_code(cluster_id)


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
