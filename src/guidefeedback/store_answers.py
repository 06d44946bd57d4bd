"""Store queries for the editors' answers, their full history, and comments flagged for review.

An answer belongs to a cluster (the normal case) or to one comment (an exception that
overrides its cluster's). ``revision`` counts the changes to one answer, so a worksheet can
tell whether the answer changed after it was made; a change made on an older revision is a
conflict, kept in the history and not applied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from .errors import NotFound
from .ids import AnswerTarget, target_code
from .records import (
    AnswerChange,
    AnswerResult,
    AnswerStatus,
    ConflictRecord,
    ConflictSide,
    HistoryEntry,
    HistoryStatus,
    ReviewFlag,
    StoredAnswer,
    WorksheetApplied,
    disposition_or_none,
)
from .store_base import StoreBase, now


def _answer(r: dict[str, Any]) -> StoredAnswer:
    return StoredAnswer(
        draft_id=int(r["draft_id"]),
        target=AnswerTarget(r["target"]),
        target_id=int(r["target_id"]),
        disposition=disposition_or_none(r["disposition"]),
        answer=r["answer"],
        editor=r["editor"],
        at=r["at"],
        revision=int(r["revision"]),
    )


def _history(r: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        id=int(r["id"]),
        draft_id=int(r["draft_id"]),
        target=AnswerTarget(r["target"]),
        target_id=int(r["target_id"]),
        revision=r["revision"],
        old_disposition=disposition_or_none(r["old_disposition"]),
        old_answer=r["old_answer"],
        new_disposition=disposition_or_none(r["new_disposition"]),
        new_answer=r["new_answer"],
        editor=r["editor"],
        at=r["at"],
        source=r["source"],
        status=HistoryStatus(r["status"]),
        base_revision=r.get("base_revision"),
        resolved_at=r.get("resolved_at"),
        resolution=r.get("resolution"),
    )


class AnswerQueries(StoreBase):
    def answers(self, draft_id: int) -> dict[tuple[AnswerTarget, int], StoredAnswer]:
        """Every stored answer of a draft by (target, id)."""
        found = (
            _answer(r) for r in self._rows("select * from answers where draft_id = ?", [draft_id])
        )
        return {(a.target, a.target_id): a for a in found}

    def answer_history(self, target: AnswerTarget, target_id: int) -> list[HistoryEntry]:
        return [
            _history(r)
            for r in self._rows(
                "select * from answer_history where target = ? and target_id = ? order by id",
                [str(target), target_id],
            )
        ]

    def open_flags(self, draft_id: int) -> list[ReviewFlag]:
        return [
            ReviewFlag(int(r["id"]), int(r["comment_id"]), r["reason"], r["at"])
            for r in self._rows(
                "select f.id, f.comment_id, f.reason, f.at from review_flags f"
                " join comments c on c.id = f.comment_id where c.draft_id = ? and f.resolved = 0"
                " order by f.id",
                [draft_id],
            )
        ]

    def set_answers(
        self,
        draft_id: int,
        changes: Sequence[AnswerChange],
        *,
        source: str,
        worksheet: WorksheetApplied | None = None,
        titles: Sequence[tuple[int, str | None]] = (),
    ) -> list[AnswerResult]:
        """Store answers in one transaction; never overwrite a newer answer blindly.

        Status per change: ``changed``; ``unchanged`` (same as stored); ``seen`` (this very
        answer was stored once after ``base_revision`` and changed since: a stale row of a
        worksheet applied before, not a conflict); ``conflict`` (the stored answer moved
        past ``base_revision`` and differs: kept in the history with status ``conflict``,
        the stored answer stays); ``known_conflict`` (that conflict is already recorded and
        is not recorded again). An applied change settles the target's open conflicts: it
        was made with the current answer in view. ``worksheet`` records the applied file
        in the same transaction, so a file is applied once or not at all; so are
        ``titles`` (cluster id, an editor's title or None), set as ``cluster title`` sets
        them (:meth:`set_cluster_title`).
        """
        at = now()
        results: list[AnswerResult] = []
        with self.write() as conn:
            for ch in changes:
                results.append(self._set_answer(conn, draft_id, ch, source=source, at=at))
            for cluster_id, title in titles:
                if title is None:
                    conn.execute(
                        "update clusters set title_by_editor = 0 where id = ? and retired = 0",
                        [cluster_id],
                    )
                else:
                    conn.execute(
                        "update clusters set title = ?, title_by_editor = 1"
                        " where id = ? and retired = 0",
                        [title, cluster_id],
                    )
            if worksheet is not None:
                conn.execute(
                    "insert or replace into worksheets (sha256, draft_id, file_name, applied_at,"
                    " editor, changed, conflicts, problems) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        worksheet.sha256,
                        draft_id,
                        worksheet.file_name,
                        at,
                        worksheet.editor,
                        sum(r.status is AnswerStatus.CHANGED for r in results) + len(titles),
                        sum(
                            r.status in (AnswerStatus.CONFLICT, AnswerStatus.KNOWN_CONFLICT)
                            for r in results
                        ),
                        worksheet.problems,
                    ],
                )
        return results

    def _set_answer(
        self, conn: sqlite3.Connection, draft_id: int, ch: AnswerChange, *, source: str, at: str
    ) -> AnswerResult:
        row = conn.execute(
            "select disposition, answer, revision from answers where target = ? and target_id = ?",
            [ch.target, ch.target_id],
        ).fetchone()
        old_d = disposition_or_none(row[0]) if row else None
        old_a, rev = (row[1], int(row[2])) if row else (None, 0)
        if (old_d, old_a) == (ch.disposition, ch.answer):
            return AnswerResult(ch, AnswerStatus.UNCHANGED, rev, old_d, old_a)
        history: list[object] = [
            draft_id,
            ch.target,
            ch.target_id,
            old_d,
            old_a,
            ch.disposition,
            ch.answer,
            ch.editor,
            at,
            source,
        ]
        if ch.base_revision is not None and ch.base_revision != rev:
            same = [ch.target, ch.target_id, ch.disposition or "", ch.answer or ""]
            stored_since = conn.execute(
                "select 1 from answer_history where target = ? and target_id = ?"
                " and coalesce(new_disposition, '') = ? and coalesce(new_answer, '') = ?"
                " and status in ('applied', 'resolved') and revision > ?",
                [*same, ch.base_revision],
            ).fetchone()
            if stored_since is not None:
                return AnswerResult(ch, AnswerStatus.SEEN, rev, old_d, old_a)
            recorded = conn.execute(
                "select 1 from answer_history where target = ? and target_id = ?"
                " and coalesce(new_disposition, '') = ? and coalesce(new_answer, '') = ?"
                " and status = 'conflict' and coalesce(base_revision, -1) = ?",
                [*same, ch.base_revision],
            ).fetchone()
            if recorded is not None:
                return AnswerResult(ch, AnswerStatus.KNOWN_CONFLICT, rev, old_d, old_a)
            conn.execute(
                "insert into answer_history (draft_id, target, target_id, old_disposition,"
                " old_answer, new_disposition, new_answer, editor, at, source, revision,"
                " base_revision, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [*history, rev, ch.base_revision, HistoryStatus.CONFLICT],
            )
            return AnswerResult(ch, AnswerStatus.CONFLICT, rev, old_d, old_a)
        rev += 1
        if row is None:
            conn.execute(
                "insert into answers (draft_id, target, target_id, disposition, answer,"
                " editor, at, revision) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [draft_id, ch.target, ch.target_id, ch.disposition, ch.answer, ch.editor, at, rev],
            )
        else:
            conn.execute(
                "update answers set disposition = ?, answer = ?, editor = ?, at = ?,"
                " revision = ? where target = ? and target_id = ?",
                [ch.disposition, ch.answer, ch.editor, at, rev, ch.target, ch.target_id],
            )
        status = HistoryStatus.RESOLVED if ch.resolves else HistoryStatus.APPLIED
        cur = conn.execute(
            "insert into answer_history (draft_id, target, target_id, old_disposition,"
            " old_answer, new_disposition, new_answer, editor, at, source, revision,"
            " base_revision, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [*history, rev, ch.base_revision, status],
        )
        conn.execute(
            "update answer_history set resolved_at = ?, resolution = ? where target = ?"
            " and target_id = ? and status = 'conflict' and resolved_at is null",
            [
                at,
                source if ch.resolves else f"answered again (history {cur.lastrowid})",
                ch.target,
                ch.target_id,
            ],
        )
        return AnswerResult(ch, AnswerStatus.CHANGED, rev, ch.disposition, ch.answer)

    def settle_conflicts(
        self,
        target: AnswerTarget,
        target_id: int,
        conflict_ids: Sequence[int],
        *,
        resolution: str,
        editor: str | None = None,
    ) -> None:
        """Mark conflicts settled keeping the stored answer (``--keep theirs``), with a
        ``resolved`` row in the history that says so."""
        at = now()
        with self.write() as conn:
            row = conn.execute(
                "select draft_id, disposition, answer, revision from answers"
                " where target = ? and target_id = ?",
                [target, target_id],
            ).fetchone()
            if row is None:
                raise NotFound(f"{target_code(target, target_id)} has no answer to keep")
            draft_id, disposition, answer, revision = row
            conn.execute(
                "insert into answer_history (draft_id, target, target_id, old_disposition,"
                " old_answer, new_disposition, new_answer, editor, at, source, revision,"
                " base_revision, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    draft_id, target, target_id, disposition, answer, disposition, answer,
                    editor, at, resolution, revision, revision, HistoryStatus.RESOLVED,
                ],
            )  # fmt: skip
            conn.executemany(
                "update answer_history set resolved_at = ?, resolution = ? where id = ?",
                [(at, resolution, i) for i in conflict_ids],
            )

    def open_conflicts(self, draft_id: int) -> list[ConflictRecord]:
        """Conflicts not settled yet, oldest first, with the stored answer they lost to."""
        rows = self.db.execute(
            "select h.id, h.target, h.target_id, h.new_disposition, h.new_answer, h.editor,"
            " h.at, h.source, h.base_revision, a.disposition, a.answer, a.editor, a.at,"
            " a.revision from answer_history h left join answers a on a.target = h.target"
            " and a.target_id = h.target_id where h.draft_id = ? and h.status = 'conflict'"
            " and h.resolved_at is null order by h.id",
            [draft_id],
        ).fetchall()
        return [
            ConflictRecord(
                id=int(r[0]),
                target=AnswerTarget(r[1]),
                target_id=int(r[2]),
                mine=ConflictSide(
                    disposition_or_none(r[3]),
                    r[4],
                    r[5],
                    str(r[6]),
                    None if r[8] is None else int(r[8]),
                ),
                theirs=ConflictSide(
                    disposition_or_none(r[9]), r[10], r[11], str(r[12] or ""), int(r[13] or 0)
                ),
                source=str(r[7] or ""),
            )
            for r in rows
        ]

    # -- the editors' loop: identity, worksheets, assignments, reviews ----------------------

    def database_id(self) -> str:
        """The random id this database was given when it was made."""
        row = self.db.execute("select value from meta where key = 'database_id'").fetchone()
        return str(row[0])

    def worksheet_applied(self, sha256: str) -> WorksheetApplied | None:
        row = self.db.execute(
            "select sha256, file_name, editor, problems, applied_at, draft_id from worksheets"
            " where sha256 = ?",
            [sha256],
        ).fetchone()
        if row is None:
            return None
        return WorksheetApplied(row[0], row[1], row[2], int(row[3] or 0), row[4], int(row[5]))

    def assign(self, draft_id: int, cluster_ids: Sequence[int], editor: str | None) -> None:
        """Give clusters to an editor (``None`` takes them back)."""
        at = now()
        with self.write() as conn:
            for cluster_id in cluster_ids:
                if editor is None:
                    conn.execute("delete from assignments where cluster_id = ?", [cluster_id])
                else:
                    conn.execute(
                        "insert or replace into assignments (cluster_id, draft_id, editor, at)"
                        " values (?, ?, ?, ?)",
                        [cluster_id, draft_id, editor, at],
                    )

    def assignments(self, draft_id: int) -> dict[int, str]:
        """Cluster id → editor, for live clusters of a draft."""
        return {
            int(k): str(e)
            for k, e in self.db.execute(
                "select a.cluster_id, a.editor from assignments a join clusters k"
                " on k.id = a.cluster_id where a.draft_id = ? and k.retired = 0",
                [draft_id],
            )
        }

    def acknowledge(
        self,
        draft_id: int,
        target: AnswerTarget,
        target_id: int,
        reason: str,
        editor: str | None,
    ) -> None:
        """An editor looked at a review item and kept the answer as it is."""
        with self.write() as conn:
            conn.execute(
                "insert into review_acks (draft_id, target, target_id, reason, editor, at)"
                " values (?, ?, ?, ?, ?, ?)",
                [draft_id, target, target_id, reason, editor, now()],
            )
            if target is AnswerTarget.COMMENT:
                conn.execute(
                    "update review_flags set resolved = 1 where comment_id = ? and reason = ?",
                    [target_id, reason],
                )

    def acknowledged(self, draft_id: int) -> frozenset[tuple[AnswerTarget, int, str]]:
        return frozenset(
            (AnswerTarget(t), int(i), str(r))
            for t, i, r in self.db.execute(
                "select target, target_id, reason from review_acks where draft_id = ?",
                [draft_id],
            )
        )

    def comment_languages(self, draft_id: int) -> dict[int, str]:
        """Comment id → its detected language, for current comments of a draft."""
        return {
            int(c): str(lang or "")
            for c, lang in self.db.execute(
                "select c.id, c.language from comments c join submissions s"
                " on s.id = c.submission_id where c.draft_id = ? and s.superseded_by is null",
                [draft_id],
            )
        }

    def campaign_sizes(self, draft_id: int) -> dict[int, tuple[int, int]]:
        """Comment id → (comments, bodies) of the form-letter campaign it belongs to."""
        return {
            int(c): (int(size), int(bodies or 0))
            for c, size, bodies in self.db.execute(
                "select m.comment_id, p.size, p.n_bodies from campaign_members m"
                " join campaigns p on p.id = m.campaign_id where p.draft_id = ?",
                [draft_id],
            )
        }

    def flag_comments(self, flags: Sequence[tuple[int, str]]) -> None:
        """Mark comments for an editor's review (e.g. moved into a differently answered
        cluster); an open flag with the same reason is not repeated."""
        at = now()
        with self.write() as conn:
            for comment_id, reason in flags:
                exists = conn.execute(
                    "select 1 from review_flags where comment_id = ? and reason = ?"
                    " and resolved = 0",
                    [comment_id, reason],
                ).fetchone()
                if exists is None:
                    conn.execute(
                        "insert into review_flags (comment_id, reason, at, resolved)"
                        " values (?, ?, ?, 0)",
                        [comment_id, reason, at],
                    )

    def resolve_flags(self, comment_id: int) -> None:
        with self.write() as conn:
            conn.execute("update review_flags set resolved = 1 where comment_id = ?", [comment_id])
