"""The editors' workflow over the store: answers set and checked, worksheets out and in
(once per file), conflicts listed and settled, clusters assigned, review items, status and
history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import GuidefeedbackError, NotFound
from ..ids import (
    AnswerTarget,
    cluster_code,
    comment_code,
    draft_code,
    parse_cluster,
    parse_draft,
    parse_target,
    target_code,
)
from ..model import Disposition
from ..records import (
    AnswerChange,
    AnswerResult,
    AnswerStatus,
    ConflictRecord,
    HistoryEntry,
    StoredAnswer,
)
from ..responses import (
    Effective,
    answer_problem,
    describe_flag,
    describe_languages,
    effective_answer,
    label_lang,
    language_disagreement,
    language_reason,
    parse_disposition,
    words,
)
from ..sections import chapter_of, sort_key

if TYPE_CHECKING:
    from ..store import Store

Answers = dict[tuple[AnswerTarget, int], StoredAnswer]
SETTLED = "conflict settled: "


def draft_of_target(store: Store, target: AnswerTarget, target_id: int) -> int:
    if target is AnswerTarget.CLUSTER:
        return store.cluster(target_id).draft_id
    return store.comment(target_id).draft_id


def draft_lang(store: Store, draft_id: int, override: str | None = None) -> str:
    """The labels' language for a draft: ``--lang``, else the draft's own language."""
    return label_lang(store.draft(draft_id).language, override)


def exists_in(store: Store, draft_id: int) -> Callable[[str], bool]:
    """A ``code → bool`` test for this draft's live clusters and current comments."""
    clusters = {k for k, _ in store.current_clusters(draft_id)}
    comments = {c.id for c in store.list_comments(draft_id=draft_id)}

    def exists(code: str) -> bool:
        target, target_id = parse_target(code)
        return target_id in (clusters if target is AnswerTarget.CLUSTER else comments)

    return exists


def check_answer(
    store: Store, draft_id: int, code: str, d: Disposition | None, a: str | None
) -> None:
    problem = answer_problem(code, d, a, exists=exists_in(store, draft_id))
    if problem:
        raise GuidefeedbackError(f"{code}: {problem}; nothing stored")


# -- set and history ------------------------------------------------------------------------


def respond_set(
    store: Store,
    code: str,
    *,
    disposition: str | None,
    answer: str | None,
    editor: str | None = None,
) -> AnswerResult:
    """Answer one cluster or one comment; the old answer stays in the history.

    Raises :class:`GuidefeedbackError` when the answer breaks a rule (a rejection without a
    reason, a duplicate that names nothing)."""
    target, target_id = parse_target(code)
    draft_id = draft_of_target(store, target, target_id)
    current = store.answers(draft_id).get((target, target_id))
    change = AnswerChange(
        target,
        target_id,
        parse_disposition(disposition)
        if disposition is not None
        else (current.disposition if current else None),
        answer if answer is not None else (current.answer if current else None),
        editor,
    )
    check_answer(store, draft_id, target_code(target, target_id), change.disposition, change.answer)
    (result,) = store.set_answers(draft_id, [change], source="command line")
    if target is AnswerTarget.COMMENT and result.status is AnswerStatus.CHANGED:
        store.resolve_flags(target_id)
    return result


def respond_history(store: Store, code: str) -> list[HistoryEntry]:
    target, target_id = parse_target(code)
    draft_of_target(store, target, target_id)
    return store.answer_history(target, target_id)


def history_lang(store: Store, code: str, override: str | None = None) -> str:
    target, target_id = parse_target(code)
    return draft_lang(store, draft_of_target(store, target, target_id), override)


# -- conflicts ------------------------------------------------------------------------------


def respond_conflicts(store: Store, draft: str) -> list[ConflictRecord]:
    draft_id = parse_draft(draft)
    store.draft(draft_id)
    return store.open_conflicts(draft_id)


def respond_resolve(
    store: Store,
    code: str,
    *,
    keep: str,
    disposition: str | None = None,
    editor: str | None = None,
) -> AnswerResult | None:
    """Settle the open conflicts on one cluster or comment, recorded in the history.

    ``keep`` is ``theirs`` (the answer stored now stays), ``mine`` (the worksheet's answer
    that was not applied; with several, ``editor`` picks whose) or a new answer text
    (with ``disposition``, else the stored disposition). Returns the stored change, or
    None when the stored answer was kept.
    """
    en = words("en")["status"]
    target, target_id = parse_target(code)
    draft_id = draft_of_target(store, target, target_id)
    ident = target_code(target, target_id)
    open_here = [
        c for c in store.open_conflicts(draft_id) if (c.target, c.target_id) == (target, target_id)
    ]
    if not open_here:
        raise GuidefeedbackError(f"{ident}: no open conflict to settle")
    new_disposition: Disposition | None
    if keep == "theirs":
        store.settle_conflicts(
            target,
            target_id,
            [c.id for c in open_here],
            resolution=SETTLED + str(en["keep_theirs"]),
            editor=editor,
        )
        return None
    if keep == "mine":
        candidates = [c for c in open_here if editor is None or c.mine.editor == editor]
        proposals = {(c.mine.disposition, c.mine.answer) for c in candidates}
        if not proposals:
            raise GuidefeedbackError(f"{ident}: no open conflict from {editor}")
        if len(proposals) > 1:
            who = ", ".join(sorted({c.mine.editor or "-" for c in candidates}))
            raise GuidefeedbackError(
                f"{ident}: several worksheets conflict ({who}); pass --editor NAME to choose"
            )
        new_disposition, new_answer = proposals.pop()
        how = str(en["keep_mine"])
        by = editor or candidates[0].mine.editor
    else:
        new_answer = keep
        stored = store.answers(draft_id).get((target, target_id))
        new_disposition = (
            parse_disposition(disposition)
            if disposition
            else (stored.disposition if stored else None)
        )
        how = str(en["keep_new"])
        by = editor
    check_answer(store, draft_id, ident, new_disposition, new_answer)
    current = store.answers(draft_id).get((target, target_id))
    if current is not None and (current.disposition, current.answer) == (
        new_disposition,
        new_answer,
    ):
        store.settle_conflicts(
            target, target_id, [c.id for c in open_here], resolution=SETTLED + how, editor=by
        )
        return None
    change = AnswerChange(target, target_id, new_disposition, new_answer, by, resolves=True)
    (result,) = store.set_answers(draft_id, [change], source=SETTLED + how)
    return result


# -- assignments ----------------------------------------------------------------------------


def respond_assign(store: Store, codes: Sequence[str], *, editor: str | None) -> list[str]:
    """Give clusters to an editor (``None`` takes them back); returns the clusters."""
    by_draft: dict[int, list[int]] = {}
    for code in codes:
        cluster = store.cluster(parse_cluster(code))
        if cluster.retired:
            raise NotFound(f"{cluster.code} no longer exists (it was merged or split)")
        by_draft.setdefault(cluster.draft_id, []).append(cluster.id)
    for draft_id, ids in by_draft.items():
        store.assign(draft_id, ids, editor)
    return [cluster_code(k) for ids in by_draft.values() for k in ids]


# -- review ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """Something an editor must look at before the answers are final."""

    target: AnswerTarget
    id: str
    reason: str
    text: str
    cluster: str | None
    at: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "target": self.target,
            "comment": self.id if self.target is AnswerTarget.COMMENT else None,
            "cluster": self.cluster,
            "reason": self.reason,
            "description": self.text,
            "at": self.at,
        }


def review_items(store: Store, draft_id: int, *, lang: str = "en") -> list[ReviewItem]:
    """Open review items of a draft: stored flags (a comment that joined or moved into a
    differently answered cluster) and clusters whose comments in different languages got
    different answers; items an editor acknowledged are left out."""
    answers = store.answers(draft_id)
    membership = store.cluster_membership(draft_id)
    acked = store.acknowledged(draft_id)
    items: list[ReviewItem] = []
    for f in store.open_flags(draft_id):
        if (AnswerTarget.COMMENT, f.comment_id, f.reason) in acked:
            continue
        k = membership.get(f.comment_id)
        items.append(
            ReviewItem(
                AnswerTarget.COMMENT,
                comment_code(f.comment_id),
                f.reason,
                describe_flag(f.reason, lang),
                None if k is None else cluster_code(k),
                f.at,
            )
        )
    languages = store.comment_languages(draft_id)
    members: dict[int, list[tuple[str, str | None]]] = {}
    # Every part of a long comment is a member of its own cluster.
    for ref, kid in store.part_membership(draft_id).items():
        eff = effective_answer(ref.comment_id, cluster_id=kid, answers=answers)
        members.setdefault(kid, []).append(
            (
                languages.get(ref.comment_id, ""),
                None if eff.disposition is None else str(eff.disposition),
            )
        )
    for kid, pairs in sorted(members.items()):
        per_lang = language_disagreement(pairs)
        if per_lang is None:
            continue
        reason = language_reason(per_lang)
        if (AnswerTarget.CLUSTER, kid, reason) in acked:
            continue
        code = cluster_code(kid)
        items.append(
            ReviewItem(
                AnswerTarget.CLUSTER, code, reason, describe_languages(code, per_lang, lang),
                code, None,
            )
        )  # fmt: skip
    return items


def acknowledge(store: Store, draft: str, code: str, *, editor: str | None = None) -> int:
    """Mark the open review items of one comment or cluster as looked at (the answer
    stays); returns how many."""
    draft_id = parse_draft(draft)
    wanted = code.strip().upper()
    found = [i for i in review_items(store, draft_id) if i.id == wanted]
    if not found:
        raise NotFound(f"{wanted}: nothing to review on {draft_code(draft_id)}")
    for item in found:
        target, target_id = parse_target(item.id)
        store.acknowledge(draft_id, target, target_id, item.reason, editor)
    return len(found)


# -- status ---------------------------------------------------------------------------------


GENERAL_CHAPTER = "(general)"


def respond_status(store: Store, draft: str, *, lang: str | None = None) -> dict[str, Any]:
    """What is answered, per chapter, disposition and editor, and what is still open:
    unanswered clusters (and comments outside any cluster), review items and conflicts."""
    draft_id = parse_draft(draft)
    lang = draft_lang(store, draft_id, lang)
    answers = store.answers(draft_id)
    membership = store.cluster_membership(draft_id)
    places = store.comment_places(draft_id)
    clusters = store.list_clusters(draft_id)
    comments = store.list_comments(draft_id=draft_id)
    assigned = store.assignments(draft_id)

    def answered(kid: int) -> bool:
        a = answers.get((AnswerTarget.CLUSTER, kid))
        return a is not None and a.disposition is not None

    open_clusters = [k.code for k in clusters if not answered(k.id)]
    per_section: dict[str, Counter[str]] = {}
    per_disposition: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    open_comments: list[str] = []
    loose: list[str] = []
    split: list[dict[str, Any]] = []
    for c in comments:
        # A long comment split into parts has one answer per cluster its parts are in: it
        # is answered when every part is; each part's point counts in the dispositions.
        own = places.get(c.id, ())
        kids: list[int | None] = list(dict.fromkeys(p.cluster_id for p in own))
        kids = kids or [membership.get(c.id)]
        effs: list[Effective] = [
            effective_answer(c.id, cluster_id=kid, answers=answers) for kid in kids
        ]
        if own and own[0].of > 1:
            by_part = {p.part: p for p in own}
            split.append(
                {
                    "comment": c.code,
                    "parts": [
                        {
                            "part": p.code,
                            "cluster": cluster_code(p.cluster_id),
                            "disposition": None if e.disposition is None else str(e.disposition),
                            "text": p.text,
                        }
                        for n in sorted(by_part)
                        for p in [by_part[n]]
                        for e in [effective_answer(c.id, cluster_id=p.cluster_id, answers=answers)]
                    ],
                }
            )
        # Unlocated comments are "general" whatever section they named.
        section = chapter_of(c.section) or GENERAL_CHAPTER
        bucket = per_section.setdefault(section, Counter())
        bucket["comments"] += 1
        for eff in effs:
            if eff.disposition:
                per_disposition[str(eff.disposition)] += 1
                sources[eff.source or ""] += 1
        if all(eff.disposition for eff in effs):
            bucket["answered"] += 1
        else:
            open_comments.append(c.code)
            if c.id not in membership:
                loose.append(c.code)
    per_editor: dict[str, Counter[str]] = {}
    for k in clusters:
        bucket = per_editor.setdefault(assigned.get(k.id, ""), Counter())
        bucket["clusters"] += 1
        bucket["answered"] += answered(k.id)
    items = review_items(store, draft_id, lang=lang)
    conflicts = store.open_conflicts(draft_id)
    return {
        "draft": draft_code(draft_id),
        "lang": lang,
        "clusters": {"total": len(clusters), "answered": len(clusters) - len(open_clusters)},
        "comments": {
            "total": len(comments),
            "answered": len(comments) - len(open_comments),
            "by_own_answer": sources.get("comment", 0),
            "by_cluster_answer": sources.get("cluster", 0),
        },
        "open": {
            "total": len(open_clusters) + len(loose) + len(items) + len(conflicts),
            "clusters": len(open_clusters),
            "comments_outside_clusters": len(loose),
            "review": len(items),
            "conflicts": len(conflicts),
        },
        "by_section": {
            k: {"comments": v["comments"], "answered": v["answered"]}
            for k, v in sorted(
                per_section.items(),
                key=lambda kv: sort_key("" if kv[0] == GENERAL_CHAPTER else kv[0]),
            )
        },
        "by_disposition": dict(per_disposition.most_common()),
        "by_editor": [
            {"editor": name or None, "clusters": v["clusters"], "answered": v["answered"]}
            for name, v in sorted(per_editor.items(), key=lambda kv: (kv[0] == "", kv[0]))
        ],
        "open_clusters": open_clusters,
        "open_comments": open_comments,
        # Each long comment split into parts: every part's cluster and disposition.
        "split_comments": split,
        "flagged": [i.to_json() for i in items],
        "conflicts": [c.to_json() for c in conflicts],
    }
