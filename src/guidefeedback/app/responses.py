"""The editors' workflow over the store: set answers, worksheets out and in, status, history."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NotFound, RefusedFile
from ..ids import (
    AnswerTarget,
    comment_code,
    draft_code,
    parse_draft,
    parse_target,
    target_code,
)
from ..records import (
    AnswerChange,
    AnswerResult,
    AnswerStatus,
    HistoryEntry,
    StoredAnswer,
    StoredComment,
)
from ..responses import (
    Effective,
    Worksheet,
    WorksheetRow,
    effective_answer,
    parse_disposition,
    read_worksheet,
)
from ..safe_open import DEFAULT_LIMITS, Limits
from ..sections import chapter_of, sort_key, within_any

if TYPE_CHECKING:
    from ..store import Store

Answers = dict[tuple[AnswerTarget, int], StoredAnswer]


def _draft_of_target(store: Store, target: AnswerTarget, target_id: int) -> int:
    if target is AnswerTarget.CLUSTER:
        return store.cluster(target_id).draft_id
    return store.comment(target_id).draft_id


# -- set and history ------------------------------------------------------------------------


def respond_set(
    store: Store,
    code: str,
    *,
    disposition: str | None,
    answer: str | None,
    editor: str | None = None,
) -> AnswerResult:
    """Answer one cluster or one comment; the old answer stays in the history."""
    target, target_id = parse_target(code)
    draft_id = _draft_of_target(store, target, target_id)
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
    (result,) = store.set_answers(draft_id, [change], source="command line")
    if target is AnswerTarget.COMMENT and result.status is AnswerStatus.CHANGED:
        store.resolve_flags(target_id)
    return result


def respond_history(store: Store, code: str) -> list[HistoryEntry]:
    target, target_id = parse_target(code)
    _draft_of_target(store, target, target_id)
    return store.answer_history(target, target_id)


# -- worksheets -----------------------------------------------------------------------------


def build_worksheet(
    store: Store,
    draft: str,
    *,
    section: str | None = None,
    unanswered: bool = False,
    lang: str = "en",
) -> Worksheet:
    """Clusters of a draft with their member comments, as rows for an editor."""
    draft_row = store.draft(parse_draft(draft))
    draft_id = draft_row.id
    answers = store.answers(draft_id)
    membership = store.cluster_membership(draft_id)
    comments = {c.id: c for c in store.list_comments(draft_id=draft_id)}
    rows: list[WorksheetRow] = []
    clustered: set[int] = set()
    for cluster in store.list_clusters(draft_id):
        if not within_any(cluster.sections, section):
            continue
        own = answers.get((AnswerTarget.CLUSTER, cluster.id))
        if unanswered and own is not None and own.disposition:
            continue
        members = sorted(c for c, k in membership.items() if k == cluster.id)
        clustered.update(members)
        label = cluster.label
        rep = cluster.representative_text or ""
        rows.append(
            WorksheetRow(
                kind="cluster",
                id=cluster.code,
                cluster=cluster.code,
                sections=", ".join(cluster.sections),
                organisations="; ".join(cluster.organisations),
                text=f"{label} — {rep}" if rep else label,
                **_answer_cells(own),
            )
        )
        rows.extend(
            _comment_row(comments[m], cluster.code, answers) for m in members if m in comments
        )
    # Comments not yet clustered (no `guidefeedback cluster` run) are answered one by one.
    for cid, comment in comments.items():
        if cid in clustered or cid in membership:
            continue
        if not within_any([comment.section or comment.section_ref or ""], section):
            continue
        own = answers.get((AnswerTarget.COMMENT, cid))
        if unanswered and own is not None and own.disposition:
            continue
        rows.append(_comment_row(comment, "", answers))
    return Worksheet(
        draft=draft_code(draft_id),
        title=draft_row.title,
        made_at=datetime.now(UTC).isoformat(timespec="seconds"),
        lang=lang,
        rows=tuple(rows),
    )


def _answer_cells(own: StoredAnswer | None) -> dict[str, Any]:
    """The disposition, answer, editor and revision cells of a worksheet row."""
    if own is None:
        return {"disposition": "", "answer": "", "editor": "", "revision": 0}
    return {
        "disposition": str(own.disposition or ""),
        "answer": own.answer or "",
        "editor": own.editor or "",
        "revision": own.revision,
    }


def _comment_row(comment: StoredComment, cluster: str, answers: Answers) -> WorksheetRow:
    own = answers.get((AnswerTarget.COMMENT, comment.id))
    return WorksheetRow(
        kind="comment",
        id=comment.code,
        cluster=cluster,
        sections=comment.locator or comment.section_ref or "",
        organisations=comment.organisation or "",
        text=comment.text,
        **_answer_cells(own),
    )


def respond_worksheet(
    store: Store,
    draft: str,
    path: Path,
    *,
    section: str | None = None,
    unanswered: bool = False,
    lang: str = "en",
) -> Worksheet:
    from ..render.worksheet import write_worksheet

    sheet = build_worksheet(store, draft, section=section, unanswered=unanswered, lang=lang)
    write_worksheet(sheet, path)
    return sheet


@dataclass(frozen=True, slots=True)
class ImportReport:
    file: Path
    draft: str
    changed: tuple[AnswerResult, ...]
    unchanged: int
    conflicts: tuple[tuple[str, str], ...]
    problems: tuple[str, ...]


def respond_import(
    store: Store,
    path: Path,
    *,
    editor: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportReport:
    """Apply a filled worksheet; conflicting rows are listed and left as they are."""
    filled = read_worksheet(path, limits=limits)
    if filled.draft is None:
        raise RefusedFile(path, "not a guidefeedback worksheet (its draft id is missing)")
    draft_id = parse_draft(filled.draft)
    store.draft(draft_id)
    live = {k for k, _ in store.current_clusters(draft_id)}
    known_comments = {c.id for c in store.list_comments(draft_id=draft_id)}
    changes: list[AnswerChange] = []
    conflicts: list[tuple[str, str]] = []
    problems = list(filled.problems)
    for row in filled.rows:
        if row.disposition is None and row.answer is None:
            continue
        try:
            target, target_id = parse_target(row.id)
        except (NotFound, ValueError):
            problems.append(f"{row.where}: {row.id!r} is not a cluster or comment id")
            continue
        if target is AnswerTarget.CLUSTER and target_id not in live:
            conflicts.append(
                (
                    row.id,
                    f"cluster {row.id} no longer exists (merged or split after the worksheet"
                    " was made); answer its comments' new cluster instead",
                )
            )
            continue
        if target is AnswerTarget.COMMENT and target_id not in known_comments:
            problems.append(f"{row.where}: comment {row.id} is not in draft {filled.draft}")
            continue
        changes.append(
            AnswerChange(
                target,
                target_id,
                row.disposition,
                row.answer,
                editor or row.editor,
                row.revision if row.revision is not None else 0,
            )
        )
    results = store.set_answers(draft_id, changes, source=f"worksheet {path.name}")
    for r in results:
        if r.status is AnswerStatus.CONFLICT:
            conflicts.append(
                (
                    target_code(r.change.target, r.change.target_id),
                    f"answered since the worksheet was made (now {r.current_disposition or '-'}:"
                    f" {(r.current_answer or '')[:60]!r}); yours is kept in the history",
                )
            )
        if r.status is AnswerStatus.CHANGED and r.change.target is AnswerTarget.COMMENT:
            store.resolve_flags(r.change.target_id)
    return ImportReport(
        file=path,
        draft=draft_code(draft_id),
        changed=tuple(r for r in results if r.status is AnswerStatus.CHANGED),
        unchanged=sum(r.status is AnswerStatus.UNCHANGED for r in results),
        conflicts=tuple(conflicts),
        problems=tuple(problems),
    )


# -- status ---------------------------------------------------------------------------------


GENERAL_CHAPTER = "(general)"


def respond_status(store: Store, draft: str) -> dict[str, Any]:
    """How much is answered, per section and per disposition, and what is still open."""
    draft_id = parse_draft(draft)
    store.draft(draft_id)
    answers = store.answers(draft_id)
    membership = store.cluster_membership(draft_id)
    clusters = store.list_clusters(draft_id)
    comments = store.list_comments(draft_id=draft_id)
    open_clusters = [
        k.code
        for k in clusters
        if not ((a := answers.get((AnswerTarget.CLUSTER, k.id))) and a.disposition)
    ]
    per_section: dict[str, Counter[str]] = {}
    per_disposition: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    open_comments: list[str] = []
    for c in comments:
        eff: Effective = effective_answer(c.id, cluster_id=membership.get(c.id), answers=answers)
        # Unlocated comments are "general" whatever section they named.
        section = chapter_of(c.section) or GENERAL_CHAPTER
        bucket = per_section.setdefault(section, Counter())
        bucket["comments"] += 1
        if eff.disposition:
            bucket["answered"] += 1
            per_disposition[eff.disposition] += 1
            sources[eff.source or ""] += 1
        else:
            open_comments.append(c.code)
    flags = store.open_flags(draft_id)
    return {
        "draft": draft_code(draft_id),
        "clusters": {"total": len(clusters), "answered": len(clusters) - len(open_clusters)},
        "comments": {
            "total": len(comments),
            "answered": len(comments) - len(open_comments),
            "by_own_answer": sources.get("comment", 0),
            "by_cluster_answer": sources.get("cluster", 0),
        },
        "by_section": {
            k: {"comments": v["comments"], "answered": v["answered"]}
            for k, v in sorted(
                per_section.items(),
                key=lambda kv: sort_key("" if kv[0] == GENERAL_CHAPTER else kv[0]),
            )
        },
        "by_disposition": {str(k): v for k, v in per_disposition.most_common()},
        "open_clusters": open_clusters,
        "open_comments": open_comments,
        "flagged": [
            {"comment": comment_code(f.comment_id), "reason": f.reason, "at": f.at} for f in flags
        ],
    }
