"""The editors' workflow over the store: answers set and checked, worksheets out and in
(once per file), conflicts listed and settled, clusters assigned, review items, status and
history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GuidefeedbackError, NotFound, RefusedFile
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
from ..model import Disposition, UnitKind
from ..records import (
    AnswerChange,
    AnswerResult,
    AnswerStatus,
    ConflictRecord,
    HistoryEntry,
    StoredAnswer,
    StoredComment,
    WorksheetApplied,
)
from ..responses import (
    Effective,
    Worksheet,
    WorksheetRow,
    answer_problem,
    count,
    describe_flag,
    describe_languages,
    disposition_label,
    effective_answer,
    label_lang,
    language_disagreement,
    language_reason,
    parse_disposition,
    read_worksheet,
    words,
)
from ..safe_open import DEFAULT_LIMITS, Limits
from ..sections import chapter_of, sort_key, within_any

if TYPE_CHECKING:
    from ..store import Store

Answers = dict[tuple[AnswerTarget, int], StoredAnswer]
SETTLED = "conflict settled: "


def _draft_of_target(store: Store, target: AnswerTarget, target_id: int) -> int:
    if target is AnswerTarget.CLUSTER:
        return store.cluster(target_id).draft_id
    return store.comment(target_id).draft_id


def draft_lang(store: Store, draft_id: int, override: str | None = None) -> str:
    """The labels' language for a draft: ``--lang``, else the draft's own language."""
    return label_lang(store.draft(draft_id).language, override)


def _exists_in(store: Store, draft_id: int) -> Callable[[str], bool]:
    """A ``code → bool`` test for this draft's live clusters and current comments."""
    clusters = {k for k, _ in store.current_clusters(draft_id)}
    comments = {c.id for c in store.list_comments(draft_id=draft_id)}

    def exists(code: str) -> bool:
        target, target_id = parse_target(code)
        return target_id in (clusters if target is AnswerTarget.CLUSTER else comments)

    return exists


def _check(store: Store, draft_id: int, code: str, d: Disposition | None, a: str | None) -> None:
    problem = answer_problem(code, d, a, exists=_exists_in(store, draft_id))
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
    _check(store, draft_id, target_code(target, target_id), change.disposition, change.answer)
    (result,) = store.set_answers(draft_id, [change], source="command line")
    if target is AnswerTarget.COMMENT and result.status is AnswerStatus.CHANGED:
        store.resolve_flags(target_id)
    return result


def respond_history(store: Store, code: str) -> list[HistoryEntry]:
    target, target_id = parse_target(code)
    _draft_of_target(store, target, target_id)
    return store.answer_history(target, target_id)


def history_lang(store: Store, code: str, override: str | None = None) -> str:
    target, target_id = parse_target(code)
    return draft_lang(store, _draft_of_target(store, target, target_id), override)


# -- worksheets -----------------------------------------------------------------------------


def _shorten(text: str, width: int) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _names(names: Sequence[str], lang: str, limit: int = 8) -> str:
    shown = "; ".join(names[:limit])
    if len(names) > limit:
        shown += " " + str(words(lang)["worksheet"]["more"]).format(n=len(names) - limit)
    return shown


def _types(types: dict[str, int], lang: str) -> str:
    names = words(lang).get("types", {})
    if not types:
        return ""
    if len(types) == 1:
        only = next(iter(types))
        return str(names.get(only, only))
    return ", ".join(
        f"{names.get(t, t)} {n}" for t, n in sorted(types.items(), key=lambda kv: -kv[1])
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


def build_worksheet(
    store: Store,
    draft: str,
    *,
    section: str | None = None,
    unanswered: bool = False,
    lang: str | None = None,
    editor: str | None = None,
) -> Worksheet:
    """Clusters of a draft with their member comments, as rows an editor can decide from.

    Per cluster: the label and representative comment, the bodies behind it (with the
    size of a form-letter campaign among them), the draft paragraphs concerned, the
    comment types. Per comment: its type, place, text and proposed change. Open conflicts
    follow the row they concern. ``editor`` keeps only the clusters assigned to them.
    """
    draft_id = parse_draft(draft)
    draft_row = store.draft(draft_id)
    lang = label_lang(draft_row.language, lang)
    ws_words = words(lang)["worksheet"]
    type_names = words(lang).get("types", {})
    answers = store.answers(draft_id)
    membership = store.cluster_membership(draft_id)
    comments = {c.id: c for c in store.list_comments(draft_id=draft_id)}
    units = {u.seq: u for u in store.units(draft_id)}
    campaigns = store.campaign_sizes(draft_id)
    assigned = store.assignments(draft_id)
    conflicts: dict[tuple[AnswerTarget, int], list[ConflictRecord]] = {}
    for conflict in store.open_conflicts(draft_id):
        conflicts.setdefault((conflict.target, conflict.target_id), []).append(conflict)
    flags: dict[int, list[str]] = {}
    for f in store.open_flags(draft_id):
        flags.setdefault(f.comment_id, []).append(describe_flag(f.reason, lang))

    def conflict_rows(target: AnswerTarget, target_id: int, cluster: str) -> list[WorksheetRow]:
        out = []
        code = target_code(target, target_id)
        for c in conflicts.get((target, target_id), []):
            text = str(ws_words["conflict_text"]).format(
                disposition=disposition_label(c.mine.disposition, lang) or "-",
                answer=c.mine.answer or "",
                editor=c.mine.editor or "-",
                at=c.mine.at,
                id=code,
            )
            out.append(
                WorksheetRow(
                    "conflict", code, cluster, "", "", "", "", text, "", "", "",
                    c.mine.editor or "", c.mine.revision or 0,
                )
            )  # fmt: skip
        return out

    def bodies_of(comment: StoredComment) -> str:
        org = comment.organisation or ""
        campaign = campaigns.get(comment.id)
        if campaign and campaign[0] > 1:
            note = str(ws_words["campaign_comment"]).format(
                comments=count(campaign[0], "letter", lang), bodies=count(campaign[1], "body", lang)
            )
            return f"{org} ({note})" if org else note
        return org

    def comment_row(comment: StoredComment, cluster: str, draft_text: str) -> WorksheetRow:
        text = comment.text
        if comment.id in flags:
            text = f"[{ws_words['review']}: {'; '.join(flags[comment.id])}]\n{text}"
        return WorksheetRow(
            kind="comment",
            id=comment.code,
            cluster=cluster,
            place=comment.locator or comment.section_ref or "",
            bodies=bodies_of(comment),
            type=str(type_names.get(comment.type, comment.type or "")) if comment.type else "",
            draft_text=draft_text,
            text=text,
            proposed=comment.proposed or "",
            **_answer_cells(answers.get((AnswerTarget.COMMENT, comment.id))),
        )

    def paragraphs(seqs: Sequence[int], limit: int = 3) -> str:
        shown = []
        for seq in list(dict.fromkeys(s for s in seqs if s in units))[:limit]:
            unit = units[seq]
            text = unit.text
            if unit.kind == UnitKind.HEADING:
                # A comment on a whole section: its heading and the text it opens with.
                following = units.get(seq + 1)
                if following is not None and following.kind != UnitKind.HEADING:
                    text = f"{unit.text}. {following.text}"
            shown.append(f"{unit.locator}: {_shorten(text, 280)}")
        return "\n".join(shown)

    rows: list[WorksheetRow] = []
    clustered: set[int] = set()
    for cluster in store.list_clusters(draft_id):
        members = sorted(c for c, k in membership.items() if k == cluster.id and c in comments)
        clustered.update(members)
        if not within_any(cluster.sections, section):
            continue
        if editor is not None and assigned.get(cluster.id) != editor:
            continue
        own = answers.get((AnswerTarget.CLUSTER, cluster.id))
        has_conflict = (AnswerTarget.CLUSTER, cluster.id) in conflicts
        if unanswered and own is not None and own.disposition and not has_conflict:
            continue
        rep = cluster.representative_text or ""
        names = list(cluster.organisations)
        bodies = str(ws_words["bodies_cluster"]).format(
            bodies=count(cluster.n_bodies or len(names), "body", lang), names=_names(names, lang)
        )
        in_campaign = [campaigns[m] for m in members if m in campaigns and campaigns[m][0] > 1]
        if in_campaign:
            size, n_bodies = max(in_campaign)
            bodies += "\n" + str(ws_words["campaign"]).format(
                comments=count(size, "letter", lang), bodies=count(n_bodies, "body", lang)
            )
        seqs = [u for m in members if (u := comments[m].unit_seq) is not None]
        cells = _answer_cells(own)
        cells["editor"] = assigned.get(cluster.id) or cells["editor"]
        rows.append(
            WorksheetRow(
                kind="cluster",
                id=cluster.code,
                cluster=cluster.code,
                place=", ".join(cluster.sections),
                bodies=bodies,
                type=_types(dict(cluster.types), lang),
                draft_text=paragraphs(seqs),
                text=f"{cluster.label} — {rep}" if rep else cluster.label,
                proposed="",
                **cells,
            )
        )
        rows.extend(conflict_rows(AnswerTarget.CLUSTER, cluster.id, cluster.code))
        for m in members:
            rows.append(comment_row(comments[m], cluster.code, ""))
            rows.extend(conflict_rows(AnswerTarget.COMMENT, m, cluster.code))
    # Comments not yet clustered (no `guidefeedback cluster` run) are answered one by one.
    if editor is None:
        for cid, comment in comments.items():
            if cid in clustered or cid in membership:
                continue
            if not within_any([comment.section or comment.section_ref or ""], section):
                continue
            own = answers.get((AnswerTarget.COMMENT, cid))
            if unanswered and own is not None and own.disposition:
                continue
            seq = comment.unit_seq
            rows.append(comment_row(comment, "", paragraphs([seq] if seq is not None else [])))
            rows.extend(conflict_rows(AnswerTarget.COMMENT, cid, ""))
    return Worksheet(
        draft=draft_code(draft_id),
        title=draft_row.title,
        made_at=datetime.now(UTC).isoformat(timespec="seconds"),
        lang=lang,
        rows=tuple(rows),
        database=store.database_id(),
        draft_sha256=draft_row.sha256,
        editor=editor,
    )


def respond_worksheet(
    store: Store,
    draft: str,
    path: Path,
    *,
    section: str | None = None,
    unanswered: bool = False,
    lang: str | None = None,
    editor: str | None = None,
) -> Worksheet:
    from ..render.worksheet import write_worksheet

    sheet = build_worksheet(
        store, draft, section=section, unanswered=unanswered, lang=lang, editor=editor
    )
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
    already_applied: bool = False
    known_conflicts: tuple[str, ...] = field(default=())


def _refuse_foreign(store: Store, path: Path, database: str | None) -> None:
    if database is None:
        raise RefusedFile(
            path,
            "the worksheet does not say which database it was made from (an older"
            " guidefeedback wrote it); make a new one with `guidefeedback respond worksheet`",
        )
    if database != store.database_id():
        raise RefusedFile(
            path,
            "made from another database (its identity differs from this one's); its ids"
            " would land on unrelated clusters. Import it into the database it came from",
        )


def respond_import(
    store: Store,
    path: Path,
    *,
    editor: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportReport:
    """Apply a filled worksheet once; conflicting rows are listed and left as they are.

    A file already applied (same SHA-256) changes nothing and records nothing. A worksheet
    made from another database or for another draft file is refused. A row that breaks an
    answer rule is reported with its row number and skipped; the rest applies.
    """
    filled = read_worksheet(path, limits=limits)
    if not filled.draft:
        raise RefusedFile(path, "not a guidefeedback worksheet (its draft id is missing)")
    _refuse_foreign(store, path, filled.database)
    draft_id = parse_draft(filled.draft)
    try:
        draft_row = store.draft(draft_id)
    except NotFound as exc:
        raise RefusedFile(path, f"made for draft {filled.draft}, which is not here") from exc
    if filled.draft_sha256 != draft_row.sha256:
        raise RefusedFile(
            path,
            f"made for another file of draft {filled.draft} (the draft's SHA-256 differs);"
            " make a new worksheet",
        )
    if store.worksheet_applied(filled.sha256) is not None:
        return ImportReport(path, draft_code(draft_id), (), 0, (), (), already_applied=True)
    live = {k for k, _ in store.current_clusters(draft_id)}
    exists = _exists_in(store, draft_id)
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
        if target is AnswerTarget.COMMENT and not exists(row.id):
            problems.append(f"{row.where}: comment {row.id} is not in draft {filled.draft}")
            continue
        problem = answer_problem(row.id, row.disposition, row.answer, exists=exists)
        if problem:
            problems.append(f"{row.where} ({row.id}): {problem}; row not applied")
            continue
        changes.append(
            AnswerChange(
                target,
                target_id,
                row.disposition,
                row.answer,
                editor or row.editor or filled.editor,
                row.revision if row.revision is not None else 0,
            )
        )
    record = WorksheetApplied(filled.sha256, path.name, editor or filled.editor, len(problems))
    results = store.set_answers(
        draft_id, changes, source=f"worksheet {path.name}", worksheet=record
    )
    known: list[str] = []
    for r in results:
        code = target_code(r.change.target, r.change.target_id)
        if r.status is AnswerStatus.CONFLICT:
            conflicts.append(
                (
                    code,
                    "answered since the worksheet was made (now"
                    f" {disposition_label(r.current_disposition) or '-'}:"
                    f" {(r.current_answer or '')[:60]!r}); yours is kept in the history",
                )
            )
        elif r.status is AnswerStatus.KNOWN_CONFLICT:
            known.append(code)
        if r.status is AnswerStatus.CHANGED and r.change.target is AnswerTarget.COMMENT:
            store.resolve_flags(r.change.target_id)
    return ImportReport(
        file=path,
        draft=draft_code(draft_id),
        changed=tuple(r for r in results if r.status is AnswerStatus.CHANGED),
        unchanged=sum(r.status in (AnswerStatus.UNCHANGED, AnswerStatus.SEEN) for r in results),
        conflicts=tuple(conflicts),
        problems=tuple(problems),
        known_conflicts=tuple(known),
    )


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
    draft_id = _draft_of_target(store, target, target_id)
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
    _check(store, draft_id, ident, new_disposition, new_answer)
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
    for cid, kid in membership.items():
        eff = effective_answer(cid, cluster_id=kid, answers=answers)
        members.setdefault(kid, []).append(
            (languages.get(cid, ""), None if eff.disposition is None else str(eff.disposition))
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
    for c in comments:
        eff: Effective = effective_answer(c.id, cluster_id=membership.get(c.id), answers=answers)
        # Unlocated comments are "general" whatever section they named.
        section = chapter_of(c.section) or GENERAL_CHAPTER
        bucket = per_section.setdefault(section, Counter())
        bucket["comments"] += 1
        if eff.disposition:
            bucket["answered"] += 1
            per_disposition[str(eff.disposition)] += 1
            sources[eff.source or ""] += 1
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
        "flagged": [i.to_json() for i in items],
        "conflicts": [c.to_json() for c in conflicts],
    }
