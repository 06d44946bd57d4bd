"""Identifiers a person can say aloud, formatted and parsed in one place.

``D1`` drafts, ``D1.U17`` units, ``S12`` submissions, ``C345`` comments, ``C345.2`` the
second part of a long comment that was split into parts, ``K7`` clusters.
The database keys are plain integers; a code exists only at the edges (CLI arguments, JSON,
worksheets, reports), so every conversion goes through these functions and nothing else
slices a code. Numbers are ASCII digits only: ``str.isdigit`` also accepts "²" or "٣",
which ``int()`` then turns into a key nobody typed.
"""

from __future__ import annotations

import re
from enum import StrEnum

from .errors import NotFound


class Prefix(StrEnum):
    DRAFT = "D"
    SUBMISSION = "S"
    COMMENT = "C"
    CLUSTER = "K"


class AnswerTarget(StrEnum):
    """What an answer belongs to: a cluster (the normal case) or one comment."""

    CLUSTER = "cluster"
    COMMENT = "comment"


_ASCII_NUMBER = re.compile(r"[0-9]+")
_UNIT = re.compile(r"D([0-9]+)\.U([0-9]+)", re.IGNORECASE)
_PART = re.compile(r"C?([0-9]+)(?:\.([0-9]+))?", re.IGNORECASE)


def code(prefix: Prefix, key: int) -> str:
    return f"{prefix}{key}"


def draft_code(draft_id: int) -> str:
    return code(Prefix.DRAFT, draft_id)


def submission_code(submission_id: int) -> str:
    return code(Prefix.SUBMISSION, submission_id)


def comment_code(comment_id: int) -> str:
    return code(Prefix.COMMENT, comment_id)


def cluster_code(cluster_id: int) -> str:
    return code(Prefix.CLUSTER, cluster_id)


def unit_code(draft_id: int, seq: int) -> str:
    return f"D{draft_id}.U{seq}"


def is_number(text: str) -> bool:
    """True for a non-empty run of ASCII digits (not "²", not "٣", not "")."""
    return _ASCII_NUMBER.fullmatch(text) is not None


def parse_code(text: str, prefix: Prefix | str) -> int:
    """``"D3"`` → 3 for prefix ``"D"``; a bare number is accepted too."""
    value = text.strip()
    if value[:1].upper() == str(prefix):
        value = value[len(prefix) :]
    if not is_number(value):
        raise NotFound(f"{text!r} is not a {prefix} id (expected e.g. {prefix}1)")
    return int(value)


def parse_draft(text: str) -> int:
    return parse_code(text, Prefix.DRAFT)


def parse_submission(text: str) -> int:
    return parse_code(text, Prefix.SUBMISSION)


def parse_comment(text: str) -> int:
    return parse_code(text, Prefix.COMMENT)


def parse_cluster(text: str) -> int:
    return parse_code(text, Prefix.CLUSTER)


def part_code(comment_id: int, part: int | None) -> str:
    """``C12.2`` for part 2 of comment 12; ``C12`` for the whole comment (``part`` None)."""
    return comment_code(comment_id) if part is None else f"{comment_code(comment_id)}.{part}"


def parse_part(text: str) -> tuple[int, int | None]:
    """``"C12.2"`` → (12, 2); ``"C12"`` → (12, None), the whole comment. Parts count from 1."""
    match = _PART.fullmatch(text.strip())
    if match is None or (match.group(2) is not None and int(match.group(2)) < 1):
        raise NotFound(
            f"{text!r} is not a comment or a part of one (expected e.g. C12, or C12.2 for its"
            " second part)"
        )
    return int(match.group(1)), None if match.group(2) is None else int(match.group(2))


def parse_unit(text: str) -> tuple[int, int]:
    """``"D1.U17"`` → (1, 17)."""
    match = _UNIT.fullmatch(text.strip())
    if match is None:
        raise NotFound(f"{text!r} is not a unit id (expected e.g. D1.U17)")
    return int(match.group(1)), int(match.group(2))


def parse_target(text: str) -> tuple[AnswerTarget, int]:
    """An answer's target: ``K7`` a cluster, ``C345`` a comment."""
    value = text.strip().upper()
    if value.startswith(Prefix.CLUSTER):
        return AnswerTarget.CLUSTER, parse_cluster(value)
    if value.startswith(Prefix.COMMENT):
        return AnswerTarget.COMMENT, parse_comment(value)
    raise NotFound(f"{text}: expected a cluster (K7) or a comment (C345)")


def target_code(target: AnswerTarget | str, target_id: int) -> str:
    if AnswerTarget(target) is AnswerTarget.CLUSTER:
        return cluster_code(target_id)
    return comment_code(target_id)
