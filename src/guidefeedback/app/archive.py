"""A draft's whole record as one JSON file: the work behind ``export`` and ``import-archive``.

The format and every check of an archive live in :mod:`guidefeedback.archive`; the file
is written by :mod:`guidefeedback.render.archive`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..ids import parse_draft

if TYPE_CHECKING:
    from ..store import Store


def export_archive(store: Store, draft: str, output: Path) -> dict[str, Any]:
    """Write a draft's archive to ``output`` and return it (for the summary line)."""
    from ..archive import export_archive as build
    from ..render.archive import write_archive

    archive = build(store, parse_draft(draft))
    write_archive(archive, output)
    return archive


def import_archive(store: Store, file: Path) -> int:
    """Check an archive file whole, then restore it keeping its ids; returns the draft id.

    A bad archive is refused whole with one line (see :mod:`guidefeedback.archive`).
    """
    from ..archive import import_archive as restore

    return restore(store, file)
