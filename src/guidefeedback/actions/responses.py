"""The editors' workflow over the store: set answers, worksheets out and in, status, history."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NotFound, RefusedFile
from ..ids import draft_code, parse_code
from ..responses import (
    Effective,
    Worksheet,
    WorksheetRow,
    effective_answer,
    parse_disposition,
    read_worksheet,
)
from ..safe_open import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from ..store import AnswerResult, Store


def _target(code: str) -> tuple[str, int]:
    code = code.strip().upper()
    if code.startswith("K"):
        return "cluster", parse_code(code, "K")
    if code.startswith("C"):
        return "comment", parse_code(code, "C")
    raise NotFound(f"{code}: expected a cluster (K7) or a comment (C345)")


def _draft_of_target(store: Store, target: str, target_id: int) -> int:
    if target == "cluster":
        return int(parse_code(store.cluster(target_id)["draft"], "D"))
    return int(parse_code(store.comment(target_id)["draft"], "D"))


def _code(target: str, target_id: int) -> str:
    return f"{'K' if target == 'cluster' else 'C'}{target_id}"


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
    from ..store import AnswerChange

    target, target_id = _target(code)
    draft_id = _draft_of_target(store, target, target_id)
    code_value = parse_disposition(disposition) if disposition is not None else None
    current = store.answers(draft_id).get((target, target_id), {})
    change = AnswerChange(
        target,
        target_id,
        code_value if disposition is not None else current.get("disposition"),
        answer if answer is not None else current.get("answer"),
        editor,
    )
    (result,) = store.set_answers(draft_id, [change], source="command line")
    if target == "comment" and result.status == "changed":
        store.resolve_flags(target_id)
    return result


def respond_history(store: Store, code: str) -> list[dict[str, Any]]:
    target, target_id = _target(code)
    _draft_of_target(store, target, target_id)
    return store.answer_history(target, target_id)


# -- worksheets -----------------------------------------------------------------------------


def _in_section(sections: list[str], wanted: str | None) -> bool:
    if not wanted:
        return True
    wanted = wanted.strip().rstrip(".")
    return any(s == wanted or s.startswith(wanted + ".") for s in sections)


def build_worksheet(
    store: Store,
    draft: str,
    *,
    section: str | None = None,
    unanswered: bool = False,
    lang: str = "en",
) -> Worksheet:
    """Clusters of a draft with their member comments, as rows for an editor."""
    draft_row = store.draft(parse_code(draft, "D"))
    draft_id = int(draft_row["id"])
    answers = store.answers(draft_id)
    membership = store.cluster_membership(draft_id)
    comments = {int(c["id"][1:]): c for c in store.list_comments(draft_id=draft_id)}
    rows: list[WorksheetRow] = []
    clustered: set[int] = set()
    for cluster in store.list_clusters(draft_id):
        cid = int(cluster["id"][1:])
        if not _in_section(cluster["sections"], section):
            continue
        own = answers.get(("cluster", cid), {})
        if unanswered and own.get("disposition"):
            continue
        members = sorted(c for c, k in membership.items() if k == cid)
        clustered.update(members)
        label = cluster["label"] or ""
        rep = cluster.get("representative_text") or ""
        rows.append(
            WorksheetRow(
                kind="cluster",
                id=f"K{cid}",
                cluster=f"K{cid}",
                sections=", ".join(cluster["sections"]),
                organisations="; ".join(cluster["organisations"]),
                text=f"{label} — {rep}" if rep else label,
                disposition=own.get("disposition") or "",
                answer=own.get("answer") or "",
                editor=own.get("editor") or "",
                revision=int(own.get("revision") or 0),
            )
        )
        rows.extend(_comment_row(comments[m], f"K{cid}", answers) for m in members if m in comments)
    # Comments not yet clustered (no `guidefeedback cluster` run) are answered one by one.
    for cid, comment in comments.items():
        if cid in clustered or cid in membership:
            continue
        if not _in_section([comment.get("section") or comment.get("section_ref") or ""], section):
            continue
        own = answers.get(("comment", cid), {})
        if unanswered and own.get("disposition"):
            continue
        rows.append(_comment_row(comment, "", answers))
    return Worksheet(
        draft=draft_code(draft_id),
        title=str(draft_row["title"]),
        made_at=datetime.now(UTC).isoformat(timespec="seconds"),
        lang=lang,
        rows=tuple(rows),
    )


def _comment_row(
    comment: dict[str, Any], cluster: str, answers: dict[tuple[str, int], dict[str, Any]]
) -> WorksheetRow:
    cid = int(comment["id"][1:])
    own = answers.get(("comment", cid), {})
    return WorksheetRow(
        kind="comment",
        id=comment["id"],
        cluster=cluster,
        sections=comment.get("locator") or comment.get("section_ref") or "",
        organisations=comment.get("organisation") or "",
        text=comment["text"],
        disposition=own.get("disposition") or "",
        answer=own.get("answer") or "",
        editor=own.get("editor") or "",
        revision=int(own.get("revision") or 0),
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
    from ..store import AnswerChange

    filled = read_worksheet(path, limits=limits)
    if not filled.draft:
        raise RefusedFile(path, "not a guidefeedback worksheet (its draft id is missing)")
    draft_id = parse_code(filled.draft, "D")
    store.draft(draft_id)
    live = {k for k, _ in store.current_clusters(draft_id)}
    known_comments = {int(c["id"][1:]) for c in store.list_comments(draft_id=draft_id)}
    changes: list[AnswerChange] = []
    conflicts: list[tuple[str, str]] = []
    problems = list(filled.problems)
    for row in filled.rows:
        if row.disposition is None and row.answer is None:
            continue
        try:
            target, target_id = _target(row.id)
        except (NotFound, ValueError):
            problems.append(f"{row.where}: {row.id!r} is not a cluster or comment id")
            continue
        if target == "cluster" and target_id not in live:
            conflicts.append(
                (
                    row.id,
                    f"cluster {row.id} no longer exists (merged or split after the worksheet"
                    " was made); answer its comments' new cluster instead",
                )
            )
            continue
        if target == "comment" and target_id not in known_comments:
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
        if r.status == "conflict":
            conflicts.append(
                (
                    _code(r.change.target, r.change.target_id),
                    f"answered since the worksheet was made (now {r.current_disposition or '-'}:"
                    f" {(r.current_answer or '')[:60]!r}); yours is kept in the history",
                )
            )
        if r.status == "changed" and r.change.target == "comment":
            store.resolve_flags(r.change.target_id)
    return ImportReport(
        file=path,
        draft=draft_code(draft_id),
        changed=tuple(r for r in results if r.status == "changed"),
        unchanged=sum(r.status == "unchanged" for r in results),
        conflicts=tuple(conflicts),
        problems=tuple(problems),
    )


# -- status ---------------------------------------------------------------------------------


def _chapter(section: str | None) -> str:
    if not section:
        return "(general)"
    return section.split(".")[0]


def respond_status(store: Store, draft: str) -> dict[str, Any]:
    """How much is answered, per section and per disposition, and what is still open."""
    draft_id = parse_code(draft, "D")
    store.draft(draft_id)
    answers = store.answers(draft_id)
    membership = store.cluster_membership(draft_id)
    clusters = store.list_clusters(draft_id)
    comments = store.list_comments(draft_id=draft_id)
    open_clusters = [
        k["id"]
        for k in clusters
        if not (answers.get(("cluster", int(k["id"][1:]))) or {}).get("disposition")
    ]
    per_section: dict[str, Counter[str]] = {}
    per_disposition: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    open_comments: list[str] = []
    for c in comments:
        cid = int(c["id"][1:])
        eff: Effective = effective_answer(cid, cluster_id=membership.get(cid), answers=answers)
        # Unlocated comments are "general" whatever section they named.
        section = _chapter(c.get("section"))
        bucket = per_section.setdefault(section, Counter())
        bucket["comments"] += 1
        if eff.disposition:
            bucket["answered"] += 1
            per_disposition[eff.disposition] += 1
            sources[eff.source or ""] += 1
        else:
            open_comments.append(c["id"])
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
            for k, v in sorted(per_section.items(), key=lambda kv: _section_key(kv[0]))
        },
        "by_disposition": dict(per_disposition.most_common()),
        "open_clusters": open_clusters,
        "open_comments": open_comments,
        "flagged": [
            {"comment": f"C{f['comment_id']}", "reason": f["reason"], "at": f["at"]} for f in flags
        ],
    }


def _section_key(section: str) -> tuple[int, str]:
    return (int(section), "") if section.isascii() and section.isdigit() else (10**6, section)
