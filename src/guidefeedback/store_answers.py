"""Store queries for the editors' answers, their full history, and comments flagged for review.

An answer belongs to a cluster (the normal case) or to one comment (an exception that
overrides its cluster's). ``revision`` counts the changes to one answer, so a worksheet can
tell whether the answer changed after it was made; a change made on an older revision is a
conflict, kept in the history and not applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .ids import AnswerTarget
from .records import (
    AnswerChange,
    AnswerResult,
    AnswerStatus,
    HistoryEntry,
    HistoryStatus,
    ReviewFlag,
    StoredAnswer,
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
    )


class AnswerQueries(StoreBase):
    def answers(self, draft_id: int) -> dict[tuple[AnswerTarget, int], StoredAnswer]:
        """Every stored answer of a draft by (target, id)."""
        found = (
            _answer(r) for r in self.rows("select * from answers where draft_id = ?", [draft_id])
        )
        return {(a.target, a.target_id): a for a in found}

    def answer_history(self, target: AnswerTarget, target_id: int) -> list[HistoryEntry]:
        return [
            _history(r)
            for r in self.rows(
                "select * from answer_history where target = ? and target_id = ? order by id",
                [str(target), target_id],
            )
        ]

    def open_flags(self, draft_id: int) -> list[ReviewFlag]:
        return [
            ReviewFlag(int(r["id"]), int(r["comment_id"]), r["reason"], r["at"])
            for r in self.rows(
                "select f.id, f.comment_id, f.reason, f.at from review_flags f"
                " join comments c on c.id = f.comment_id where c.draft_id = ? and f.resolved = 0"
                " order by f.id",
                [draft_id],
            )
        ]

    def set_answers(
        self, draft_id: int, changes: Sequence[AnswerChange], *, source: str
    ) -> list[AnswerResult]:
        """Store answers in one transaction; never overwrite a newer answer blindly.

        Status per change: ``changed``, ``unchanged`` (same as stored), or ``conflict``
        (the stored answer moved past ``base_revision`` and differs): a conflict is kept in
        the history with status ``conflict`` and the stored answer stays as it is.
        """
        at = now()
        results: list[AnswerResult] = []
        with self.write() as conn:
            for ch in changes:
                row = conn.execute(
                    "select disposition, answer, revision from answers"
                    " where target = ? and target_id = ?",
                    [ch.target, ch.target_id],
                ).fetchone()
                old_d = disposition_or_none(row[0]) if row else None
                old_a, rev = (row[1], int(row[2])) if row else (None, 0)
                if (old_d, old_a) == (ch.disposition, ch.answer):
                    results.append(AnswerResult(ch, AnswerStatus.UNCHANGED, rev, old_d, old_a))
                    continue
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
                    conn.execute(
                        "insert into answer_history (draft_id, target, target_id, old_disposition,"
                        " old_answer, new_disposition, new_answer, editor, at, source, revision,"
                        " status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [*history, rev, HistoryStatus.CONFLICT],
                    )
                    results.append(AnswerResult(ch, AnswerStatus.CONFLICT, rev, old_d, old_a))
                    continue
                rev += 1
                if row is None:
                    conn.execute(
                        "insert into answers (draft_id, target, target_id, disposition, answer,"
                        " editor, at, revision) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            draft_id,
                            ch.target,
                            ch.target_id,
                            ch.disposition,
                            ch.answer,
                            ch.editor,
                            at,
                            rev,
                        ],
                    )
                else:
                    conn.execute(
                        "update answers set disposition = ?, answer = ?, editor = ?, at = ?,"
                        " revision = ? where target = ? and target_id = ?",
                        [ch.disposition, ch.answer, ch.editor, at, rev, ch.target, ch.target_id],
                    )
                conn.execute(
                    "insert into answer_history (draft_id, target, target_id, old_disposition,"
                    " old_answer, new_disposition, new_answer, editor, at, source, revision,"
                    " status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [*history, rev, HistoryStatus.APPLIED],
                )
                results.append(
                    AnswerResult(ch, AnswerStatus.CHANGED, rev, ch.disposition, ch.answer)
                )
        return results

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
