"""Domain exceptions. The CLI turns each into one line and exit code 1, once, at its edge."""

from __future__ import annotations

from pathlib import Path


class GuidefeedbackError(Exception):
    """Base class: ``str(exc)`` is the one line a user sees."""


class RefusedFile(GuidefeedbackError):
    """An untrusted file we will not read, with the reason in plain words."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class NotFound(GuidefeedbackError):
    """A draft, submission, comment or cluster id that is not in the store."""


class StoreError(GuidefeedbackError):
    """The database file cannot be used (not SQLite, newer schema than this program)."""
