"""Identifiers a person can say aloud: ``D1`` drafts, ``S12`` submissions, ``C345`` comments,
``K7`` clusters, ``D1.U17`` units. Kept apart from the store so the CLI can parse them
without importing SQLite machinery."""

from __future__ import annotations

from .errors import NotFound


def draft_code(draft_id: int) -> str:
    return f"D{draft_id}"


def unit_code(draft_id: int, seq: int) -> str:
    return f"D{draft_id}.U{seq}"


def parse_code(code: str, prefix: str) -> int:
    """``"D3"`` → 3 for prefix ``"D"``; a bare number is accepted too."""
    text = code.strip()
    if text[:1].upper() == prefix:
        text = text[1:]
    if not (text.isascii() and text.isdigit()):
        raise NotFound(f"{code!r} is not a {prefix} id (expected e.g. {prefix}1)")
    return int(text)
