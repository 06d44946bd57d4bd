"""The policy for answers when the clusters change (responses.carry_over), on plain data."""

from __future__ import annotations

from guidefeedback.ids import AnswerTarget
from guidefeedback.model import Disposition
from guidefeedback.records import StoredAnswer
from guidefeedback.responses import CARRIED_BY, carry_over, prefer_answered


def _answer(target: AnswerTarget, key: int, d: Disposition, text: str) -> StoredAnswer:
    return StoredAnswer(1, target, key, d, text, "Anna", "2026-12-01T10:00:00+00:00", 1)


ACCEPT = _answer(AnswerTarget.CLUSTER, 1, Disposition.ACCEPTED, "Done in 3.2.")
REJECT = _answer(AnswerTarget.CLUSTER, 2, Disposition.REJECTED, "Out of our remit.")
ANSWERS = {(a.target, a.target_id): a for a in (ACCEPT, REJECT)}


def test_a_new_cluster_made_mostly_of_one_answered_cluster_takes_its_answer() -> None:
    # K1 (accepted) had comments 1, 2, 3; they now form K9 with one new comment 7.
    policy = carry_over([(9, frozenset({1, 2, 3, 7}))], {1: 1, 2: 1, 3: 1}, ANSWERS)
    (change,) = policy.changes
    assert (change.target, change.target_id) == (AnswerTarget.CLUSTER, 9)
    assert (change.disposition, change.answer, change.editor) == (
        Disposition.ACCEPTED,
        "Done in 3.2.",
        CARRIED_BY,
    )
    # Comment 7 is new: the answer reaches it too, and an editor is asked to check (issue 16).
    assert policy.flags == ((7, "joined K9 (accepted)"),)


def test_comments_arriving_with_different_answers_are_flagged_not_decided() -> None:
    policy = carry_over([(9, frozenset({1, 2}))], {1: 1, 2: 2}, ANSWERS)
    assert policy.changes == ()
    assert sorted(policy.flags) == [
        (1, "moved from K1 (accepted) to K9 (unanswered)"),
        (2, "moved from K2 (rejected) to K9 (unanswered)"),
    ]


def test_a_comment_moving_into_a_differently_answered_cluster_is_flagged() -> None:
    policy = carry_over([(2, frozenset({5, 6, 1}))], {1: 1, 5: 2, 6: 2}, ANSWERS)
    assert policy.changes == ()
    assert policy.flags == ((1, "moved from K1 (accepted) to K2 (rejected)"),)


def test_own_answers_and_unmoved_comments_are_left_alone() -> None:
    own = _answer(AnswerTarget.COMMENT, 1, Disposition.NOTED, "Thanks.")
    answers = {**ANSWERS, (own.target, own.target_id): own}
    policy = carry_over([(2, frozenset({1, 5})), (1, frozenset({3}))], {1: 1, 3: 1, 5: 2}, answers)
    assert policy == carry_over([], {}, answers)


def test_a_merge_keeps_the_answered_cluster_id() -> None:
    # K3 (unanswered) continued by the new cluster, which also absorbed K1 (answered).
    assert prefer_answered([3], [frozenset({1, 2, 8})], {1: 1, 2: 1, 8: 3}, ANSWERS) == [1]
    # Two answered candidates: no choice is made for the editors.
    assert prefer_answered([3], [frozenset({1, 5, 8})], {1: 1, 5: 2, 8: 3}, ANSWERS) == [3]
