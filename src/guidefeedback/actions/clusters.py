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
    threshold: float | None = None
    threshold_chosen: bool = False
    without_terms: tuple[int, ...] = ()
    model: str | None = None
    embedded: int = 0


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
            title=str(c.title),
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
    # An editor's title describes the comments it was given to: it stays with a cluster
    # that keeps at least half of them, and a cluster split apart gets computed titles.
    old_members = dict(old)
    drop_titles = frozenset(
        k
        for k, c in zip(reuse, clusters, strict=True)
        if k is not None and 2 * len(old_members.get(k, frozenset()) & set(c.keys))
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
        for m in members:
            previous = old_membership.get(m)
            if previous is None or previous == cluster_id or ("comment", m) in answers:
                continue
            was = answer_of(previous)
            if was is not None:
                arrived[m] = (previous, was)
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
    """Find campaigns and clusters of a draft's current comments and store them.

    ``model="e5"`` uses the optional sentence-embedding model; vectors are stored and
    reused, so only new or changed comments are embedded.
    """
    from .. import analysis

    draft_id = parse_code(draft, "D")
    started = time.perf_counter()
    items = _items(store, draft_id)
    campaigns = analysis.find_campaigns(items)
    embeddings, embedded = None, 0
    if model == analysis.SEMANTIC_MODEL:
        embeddings, embedded = _embeddings(store, items)
    chosen = threshold
    if chosen is None:
        semantic = model == analysis.SEMANTIC_MODEL
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
        f"D{draft_id}",
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


def _embeddings(store: Store, items: Sequence[Any]) -> tuple[dict[int, Any], int]:
    """Every comment's vector: stored ones reused when the text is unchanged, the rest
    embedded now and stored."""
    import hashlib

    import numpy as np

    from .. import semantic
    from ..store import StoredVector

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


def set_title(store: Store, cluster: str, title: str | None) -> str:
    """An editor's title for a cluster (None or empty: give the computed one back)."""
    cluster_id = parse_code(cluster, "K")
    text = " ".join((title or "").split())
    if title is not None and not text:
        raise GuidefeedbackError("the title is empty; give a sentence, or --clear")
    if len(text) > 300:
        raise GuidefeedbackError(f"the title has {len(text)} characters; keep it under 300")
    store.set_cluster_title(cluster_id, text or None)
    return f"K{cluster_id}"


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
