"""Editor worksheets: written out for a draft (or one editor's clusters), read back and
applied once per file, with conflicts kept and foreign worksheets refused.

The work behind ``respond worksheet`` and ``respond import``; set, history, conflicts,
assignments, review and status are in :mod:`.responses`.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    parse_draft,
    parse_part,
    parse_target,
    target_code,
)
from ..model import UnitKind
from ..records import (
    AnswerChange,
    AnswerResult,
    AnswerStatus,
    CommentPlace,
    ConflictRecord,
    StoredAnswer,
    StoredComment,
    WorksheetApplied,
)
from ..responses import (
    FilledWorksheet,
    Worksheet,
    WorksheetRow,
    answer_problem,
    count,
    describe_flag,
    disposition_label,
    label_lang,
    normal_title,
    part_label,
    read_worksheet,
    title_fingerprint,
    words,
)
from ..safe_open import DEFAULT_LIMITS, Limits
from ..sections import within_any

if TYPE_CHECKING:
    from ..store import Store

from .responses import exists_in


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
    places = store.comment_places(draft_id)
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

    def part_row(comment: StoredComment, cluster: str, own: Sequence[CommentPlace]) -> WorksheetRow:
        """The parts of a long comment that are in this cluster (issue 18). Their answer is
        the cluster's, so the row has no answer cells of its own (``respond set C12``
        answers the whole comment)."""
        label = part_label([p.part for p in own], own[0].of, lang)
        text = f"({label})\n" + "\n\n".join(p.text for p in own)
        if comment.id in flags:
            text = f"[{ws_words['review']}: {'; '.join(flags[comment.id])}]\n{text}"
        return WorksheetRow(
            kind="comment",
            id=own[0].code,
            cluster=cluster,
            place=comment.locator or comment.section_ref or "",
            bodies=bodies_of(comment),
            type=str(type_names.get(comment.type, comment.type or "")) if comment.type else "",
            draft_text="",
            text=text,
            proposed=comment.proposed or "",
            **_answer_cells(None),
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
    by_cluster: dict[int, dict[int, list[CommentPlace]]] = {}
    for comment_id, spots in places.items():
        if comment_id in comments:
            for p in spots:
                by_cluster.setdefault(p.cluster_id, {}).setdefault(comment_id, []).append(p)
    for cluster in store.list_clusters(draft_id):
        # Comments with a part in this cluster (for a whole comment, the comment).
        in_cluster = by_cluster.get(cluster.id, {})
        members = sorted(in_cluster)
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
                title=cluster.title or "",
            )
        )
        rows.extend(conflict_rows(AnswerTarget.CLUSTER, cluster.id, cluster.code))
        for m in members:
            if in_cluster[m][0].of > 1:
                rows.append(part_row(comments[m], cluster.code, in_cluster[m]))
                continue
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
    # Clusters whose title the worksheet set (its Title cells), as (code, title or None).
    titles: tuple[tuple[str, str | None], ...] = ()


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
    exists = exists_in(store, draft_id)
    changes: list[AnswerChange] = []
    conflicts: list[tuple[str, str]] = []
    problems = list(filled.problems)
    titles = _title_changes(store, filled, live, conflicts, problems)
    for row in filled.rows:
        if row.disposition is None and row.answer is None:
            continue
        try:
            target, target_id = parse_target(row.id)
        except (NotFound, ValueError):
            problems.append(f"{row.where}: {_not_an_id(row.id)}")
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
        draft_id,
        changes,
        source=f"worksheet {path.name}",
        worksheet=record,
        titles=[(cluster_id, title) for cluster_id, title in titles],
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
        titles=tuple((cluster_code(k), t) for k, t in titles),
    )


def _title_changes(
    store: Store,
    filled: FilledWorksheet,
    live: set[int],
    conflicts: list[tuple[str, str]],
    problems: list[str],
) -> list[tuple[int, str | None]]:
    """The Title cells an editor changed, as ``cluster title`` would set them.

    A cell left as written changes nothing, nor does one that already holds the current
    title. A changed cell applies when the title is still the one the worksheet was
    written with (its fingerprint travels in the file); when ``cluster title`` (or a
    re-clustering) changed it since, it is a conflict, listed and not applied. An
    emptied cell gives the computed title back, as ``cluster title K3 --clear``.
    """
    from .clusters import checked_title

    out: list[tuple[int, str | None]] = []
    for row in filled.rows:
        if row.title is None:
            continue
        try:
            target, target_id = parse_target(row.id)
        except (NotFound, ValueError):
            continue  # reported with the row's answer, if it has one
        written = filled.titles.get(row.id)
        if target is not AnswerTarget.CLUSTER:
            if normal_title(row.title):
                problems.append(f"{row.where} ({row.id}): a title belongs on a cluster row")
            continue
        cell = normal_title(row.title)
        if written is not None and title_fingerprint(cell) == written:
            continue
        if target_id not in live:
            conflicts.append(
                (
                    row.id,
                    f"cluster {row.id} no longer exists (merged or split after the worksheet"
                    " was made); its new title is not applied",
                )
            )
            continue
        current = store.cluster(target_id)
        now_title = normal_title(current.title)
        if cell == now_title or (not cell and not current.title_by_editor):
            continue
        if written is None:
            problems.append(
                f"{row.where} ({row.id}): the worksheet does not record the title it was"
                f' written with; set it with `guidefeedback cluster title {row.id} "…"`'
            )
            continue
        if title_fingerprint(now_title) != written:
            conflicts.append(
                (
                    row.id,
                    f"its title changed since the worksheet was made (now {now_title!r});"
                    f" yours ({cell!r}) is not applied: set it with `guidefeedback cluster"
                    f' title {row.id} "…"` if it should stand',
                )
            )
            continue
        if not cell:
            out.append((target_id, None))
            continue
        try:
            # The same checks as `cluster title`; written with the answers, at once.
            out.append((target_id, checked_title(cell)))
        except GuidefeedbackError as exc:
            problems.append(f"{row.where} ({row.id}): {exc}; title not applied")
    return out


def _not_an_id(code: str) -> str:
    """Why a row's id cannot be answered: a part of a long comment takes its cluster's
    answer; anything else is no id of ours."""
    try:
        comment_id, part = parse_part(code)
    except NotFound:
        part = None
    if part is None:
        return f"{code!r} is not a cluster or comment id"
    comment = comment_code(comment_id)
    return (
        f"{code} is part {part} of comment {comment}, which takes the answer of its"
        f" cluster; answer the cluster, or the whole comment with"
        f" `guidefeedback respond set {comment}`; row not applied"
    )
