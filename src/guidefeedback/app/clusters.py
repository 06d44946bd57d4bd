"""Clustering over the store: compute, keep cluster ids stable, replay the editors' edits,
and make answers follow their comments.

Cluster ids (``K7``) survive a re-run when the new cluster overlaps the old one most
(:func:`guidefeedback.analysis.match_clusters`). Editors' merges, moves and splits are
stored by the comment ids they involved, not by cluster id, and replayed after every
computation, so they hold whatever the algorithm proposes next time.

Answers follow their comments by the policy in :func:`guidefeedback.responses.carry_over`.

Clustering runs on parts of comments (:mod:`guidefeedback.parts`): a long comment that makes
several points is split and each part may join a different cluster. An edit names whole
comments (``move C12 K4``: all its parts) or single parts (``move C12.2 K4``); an edit kept
from before comments had parts names whole comments and is replayed as such.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..beside import run_beside, two_cores
from ..errors import GuidefeedbackError, NotFound
from ..ids import cluster_code, draft_code, parse_cluster, parse_draft, parse_part, part_code
from ..parts import PartItems, comment_of, part_key, ref_of
from ..records import (
    AnalysisSaved,
    CampaignRecord,
    ClusterPart,
    ClusterRecord,
    EditOp,
    PartRef,
    StoredPart,
)
from ..responses import carry_over, normal_title, prefer_answered

if TYPE_CHECKING:
    from ..analysis import AnalysisItem, Campaign, Cluster, ManualOp
    from ..store import Store

# From this many comments (on two cores) campaigns are found beside the terms; below it
# the fork costs more than it saves.
PARALLEL_FROM = 5_000


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
    # Comments split into parts, and their parts (clustered one by one).
    split_comments: int = 0
    parts: int = 0
    # The first comment split, and its number of parts (to name them in the summary).
    first_split: tuple[int, int] | None = None


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


def _keys(
    comment_ids: Sequence[int], refs: Sequence[PartRef], counts: dict[int, int]
) -> tuple[int, ...]:
    """The part keys of an edit: every part of a whole comment, and the parts named that
    the comment still has (a comment no longer current is dropped by the analysis)."""
    keys = [part_key(c, n) for c in comment_ids for n in range(1, counts.get(c, 1) + 1)]
    keys += [part_key(r.comment_id, r.part) for r in refs if r.part <= counts.get(r.comment_id, 0)]
    return tuple(keys)


def _operations(store: Store, draft_id: int, parts: PartItems) -> list[ManualOp]:
    from ..analysis import ManualOp

    return [
        ManualOp(
            op=str(e.op),
            keys=_keys(e.comment_ids, e.parts, parts.counts),
            targets=_keys(e.target_ids, e.target_parts, parts.counts),
        )
        for e in store.cluster_edits(draft_id)
    ]


def _records(clusters: Sequence[Cluster], counts: dict[int, int]) -> list[ClusterRecord]:
    out = []
    for c in clusters:
        rep = ref_of(c.representative)
        out.append(
            ClusterRecord(
                members=tuple(sorted(ref_of(k) for k in c.keys)),
                label=c.label,
                representative_id=rep.comment_id,
                sections=tuple(c.sections),
                organisations=tuple(c.organisations),
                n_bodies=int(c.n_bodies),
                types=dict(c.types),
                title=c.title,
                representative_part=rep.part if counts.get(rep.comment_id, 1) > 1 else None,
            )
        )
    return out


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
    counts: dict[int, int],
    parts: Sequence[StoredPart] | None,
) -> tuple[AnalysisSaved, int, int]:
    from ..analysis import match_clusters

    # Everything below works on part keys: a part of a comment is what sits in a cluster.
    # One read of the old membership serves both views (100 000 rows at the largest).
    old_sets: dict[int, set[int]] = {}
    old_membership: dict[int, int] = {}
    for k, comment_id, part in store.live_members(draft_id):
        key = part_key(comment_id, part)
        old_sets.setdefault(k, set()).add(key)
        old_membership[key] = k
    old = [(k, frozenset(keys)) for k, keys in sorted(old_sets.items())]
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
        clusters=_records(clusters, counts),
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
        parts=parts,
    )

    policy = carry_over(
        [(k, frozenset(c.keys)) for k, c in zip(saved.cluster_ids, clusters, strict=True)],
        old_membership,
        answers,
        comment_of=comment_of,
    )
    if policy.changes:
        store.set_answers(draft_id, policy.changes, source="carried over after re-clustering")
    # Two parts of one comment that went the same way are one thing to look at.
    flags = list(dict.fromkeys(policy.flags))
    if flags:
        store.flag_comments(flags)
    return saved, len(policy.changes), len(flags)


def run_clustering(
    store: Store,
    draft: str,
    *,
    threshold: float | None = None,
    model: str | None = None,
    split: bool = True,
    parallel: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ClusterRun:
    """Find campaigns and clusters of a draft's current comments and store them.

    Long comments are split into parts that are clustered one by one (``split=False``
    keeps every comment whole); campaigns are found among whole comments. From
    :data:`PARALLEL_FROM` comments on two cores (or with ``parallel=True``) a forked child
    finds the campaigns while this process makes every part's terms; the clusters are the
    same either way.
    ``model="e5"`` uses the optional sentence-embedding model; vectors are stored and
    reused, so only new or changed parts are embedded (``progress(done, total)`` is told
    how far the embedding is).
    """
    from .. import analysis
    from ..parts import cluster_parts, split_items

    draft_id = parse_draft(draft)
    started = time.perf_counter()
    items = _items(store, draft_id)
    parts = split_items(items, split=split)
    embeddings: dict[int, Any] | None = None
    embedded = 0
    semantic = model == analysis.SEMANTIC_MODEL
    if parallel is None:
        parallel = len(items) >= PARALLEL_FROM and two_cores()
    documents: dict[int, str] | None = None
    if parallel:
        term_model = None if semantic else model

        def terms_first() -> dict[int, str]:
            made = analysis.documents(parts.items, term_model)
            analysis.warm_up(len(parts.items))
            return made

        documents, campaigns = run_beside(
            terms_first,
            lambda: analysis.find_campaigns(items),
            what="the process finding campaigns",
        )
    else:
        campaigns = analysis.find_campaigns(items)
    if semantic:
        embeddings, embedded = _embeddings(store, parts.items, progress)
    chosen = threshold
    if chosen is None:
        chosen = analysis.SEMANTIC_THRESHOLD if semantic else analysis.DEFAULT_THRESHOLD
    clusters = cluster_parts(
        items,
        parts,
        threshold=chosen,
        model=model,
        campaigns=campaigns,
        embeddings=embeddings,
        documents=documents,
    )
    without = tuple(sorted({comment_of(k) for c in clusters if c.without_terms for k in c.keys}))
    clusters = analysis.apply_manual(
        clusters, _operations(store, draft_id, parts), items=parts.items
    )
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
        counts=parts.counts,
        parts=parts.parts,
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
        split_comments=sum(1 for n in parts.counts.values() if n > 1),
        parts=len(parts.parts),
        first_split=min(((c, n) for c, n in parts.counts.items() if n > 1), default=None),
    )


def _embeddings(
    store: Store,
    items: Sequence[AnalysisItem],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[int, Any], int]:
    """Every part's vector (``items`` are parts): stored ones reused when the text is
    unchanged, the rest embedded now and stored."""
    import hashlib

    import numpy as np

    from .. import semantic
    from ..records import StoredVector

    name = semantic.MODEL_ID
    stored = store.embeddings(name, sorted({comment_of(it.key) for it in items}))
    out: dict[int, Any] = {}
    missing: list[tuple[int, str, str]] = []
    for it in items:
        sha = hashlib.sha256(it.text.encode("utf-8")).hexdigest()
        have = stored.get(ref_of(it.key))
        if have is not None and have.text_sha256 == sha:
            out[it.key] = np.frombuffer(have.vector, dtype=np.float32)
        else:
            missing.append((it.key, sha, it.text))
    if missing:
        vectors = semantic.embed([text for _, _, text in missing], progress=progress)
        rows = []
        for (key, sha, _), vector in zip(missing, vectors, strict=True):
            v = np.asarray(vector, dtype=np.float32)
            out[key] = v
            rows.append((ref_of(key), StoredVector(sha, int(v.shape[0]), v.tobytes())))
        store.save_embeddings(name, rows)
    return out, len(missing)


def _as_stored(
    store: Store,
    draft_id: int,
    stored: Sequence[tuple[int, frozenset[PartRef]]],
    clusters: list[Cluster],
) -> list[Cluster]:
    """The stored clusters with the label, title and representative they were saved with
    (described again without the clustering's vectors, they would change for no reason an
    editor could see); ``stored`` is ``store.current_clusters``, ``clusters`` the same
    groups described."""
    import dataclasses

    id_of = {frozenset(part_key(r.comment_id, r.part) for r in members): k for k, members in stored}
    by_id = {c.id: c for c in store.list_clusters(draft_id)}
    out: list[Cluster] = []
    for c in clusters:
        k = id_of.get(frozenset(c.keys))
        was = by_id.get(k) if k is not None else None
        if was is None or was.representative_id is None:
            out.append(c)
            continue
        out.append(
            dataclasses.replace(
                c,
                label=was.label,
                title=was.title,
                representative=part_key(was.representative_id, was.representative_part or 1),
            )
        )
    return out


def checked_title(title: str | None) -> str | None:
    """An editor's title as it is stored (white space runs as one space), or None to give
    the computed one back; refused when empty or too long. The worksheet's Title column
    goes through this too."""
    text = normal_title(title)
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


def _members(store: Store, code: str) -> tuple[int, list[ClusterPart]]:
    cluster = store.cluster(parse_cluster(code))
    if cluster.retired:
        raise NotFound(f"{code} no longer exists (it was merged or split); see clusters list")
    return cluster.draft_id, store.cluster_parts(cluster.id)


def _named(members: Sequence[ClusterPart]) -> tuple[list[int], list[PartRef]]:
    """Members as an edit stores them: a comment all of whose parts are among them is
    named whole (so the edit still holds if the comment is split differently later),
    otherwise each part is named."""
    by_comment: dict[int, list[ClusterPart]] = {}
    for m in members:
        by_comment.setdefault(m.comment.id, []).append(m)
    whole: list[int] = []
    parts: list[PartRef] = []
    for comment_id, own in by_comment.items():
        if len(own) >= own[0].of:
            whole.append(comment_id)
        else:
            parts.extend(PartRef(comment_id, m.part) for m in own)
    return whole, parts


def edit_clusters(
    store: Store, op: EditOp | str, codes: Sequence[str], *, editor: str | None = None
) -> ClusterRun:
    """Record an editor's merge, move or split, then apply it to the stored clusters.

    ``merge K3 K9 …`` puts the clusters' comments together; ``move C12 K4`` puts a comment
    (all its parts) with K4's, ``move C12.2 K4`` only its second part; ``split K5`` makes
    every comment (or part) of K5 its own cluster.
    """
    from .. import analysis
    from ..parts import items_from_parts

    try:
        op = EditOp(op)
    except ValueError:
        raise GuidefeedbackError(f"unknown cluster edit {op!r}") from None
    if op is EditOp.MERGE:
        if len(codes) < 2:
            raise GuidefeedbackError("merge needs two or more clusters, e.g. merge K3 K9")
        if len({parse_cluster(c) for c in codes}) < 2:
            raise GuidefeedbackError(f"{codes[0]} is named twice; merge needs two clusters")
        draft_id = -1
        members: list[ClusterPart] = []
        for code in codes:
            d, own = _members(store, code)
            if draft_id not in (-1, d):
                raise GuidefeedbackError("clusters of different drafts cannot be merged")
            draft_id = d
            members.extend(own)
        whole, refs = _named(members)
        store.add_cluster_edit(draft_id, op, whole, editor=editor, parts=refs)
    elif op is EditOp.MOVE:
        if len(codes) != 2:
            raise GuidefeedbackError("move needs a comment and a cluster, e.g. move C12 K4")
        comment_id, part = parse_part(codes[0])
        draft_id, targets = _members(store, codes[1])
        if store.comment(comment_id).draft_id != draft_id:
            raise GuidefeedbackError(f"{codes[0]} is not a comment on the draft of {codes[1]}")
        count = sum(1 for p in store.comment_parts(draft_id) if p.comment_id == comment_id)
        if part is not None and part > max(count, 1):
            raise GuidefeedbackError(
                f"{part_code(comment_id, None)} has no part {part}"
                + (f" (it is in {count} parts)" if count > 1 else " (it is not split into parts)")
            )
        if part is not None and count < 2:
            part = None  # C12.1 of a comment that was not split is the comment
        here = {(m.comment.id, m.part) for m in targets}
        moving = (
            [(comment_id, part)]
            if part is not None
            else [(comment_id, n) for n in range(1, max(count, 1) + 1)]
        )
        if all(m in here for m in moving):
            raise GuidefeedbackError(f"{codes[0]} is already in {codes[1]}")
        target_whole, target_parts = _named(targets)
        store.add_cluster_edit(
            draft_id,
            op,
            [comment_id] if part is None else [],
            target_whole,
            editor=editor,
            parts=[PartRef(comment_id, part)] if part is not None else [],
            target_parts=target_parts,
        )
    else:
        if len(codes) != 1:
            raise GuidefeedbackError("split takes one cluster, e.g. split K5")
        draft_id, members = _members(store, codes[0])
        if len(members) < 2:
            raise GuidefeedbackError(f"{codes[0]} has one comment; nothing to split")
        whole, refs = _named(members)
        store.add_cluster_edit(draft_id, op, whole, editor=editor, parts=refs)
    # Apply to the clusters as they are (not a fresh computation, which could move other
    # comments), on the parts as they were stored; labels are recomputed for the clusters
    # that changed.
    started = time.perf_counter()
    items = _items(store, draft_id)
    parts = items_from_parts(items, store.comment_parts(draft_id))
    stored = store.current_clusters(draft_id)
    current = _as_stored(
        store,
        draft_id,
        stored,
        analysis.clusters_from_groups(
            parts.items,
            [[part_key(r.comment_id, r.part) for r in sorted(members)] for _, members in stored],
        ),
    )
    # apply_manual keeps the clusters the edit does not touch as they are given.
    edited = analysis.apply_manual(
        current, _operations(store, draft_id, parts)[-1:], items=parts.items
    )
    # Campaigns do not change with an edit: keep them (None); so do the parts.
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
        counts=parts.counts,
        parts=None,
    )
    return ClusterRun(
        draft_code(draft_id),
        len(items),
        len(edited),
        # The campaigns found by the last clustering stand.
        len(set(store.campaign_of_comments(draft_id).values())),
        saved,
        carried,
        flagged,
        time.perf_counter() - started,
    )
