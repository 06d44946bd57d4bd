"""A draft's whole record as one JSON file: the work behind ``export`` and ``import-archive``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import RefusedFile
from ..ids import parse_draft

if TYPE_CHECKING:
    from ..store import Store

MAX_ARCHIVE_BYTES = 4 * 1024**3


def export_archive(store: Store, draft: str, output: Path) -> dict[str, Any]:
    """Write a draft's archive to ``output`` and return it (for the summary line)."""
    from ..render.archive import write_archive

    archive = store.export_draft(parse_draft(draft))
    write_archive(archive, output)
    return archive


def import_archive(store: Store, file: Path) -> int:
    """Restore a draft from an archive file, keeping its ids; returns the draft id."""
    if file.stat().st_size > MAX_ARCHIVE_BYTES:
        raise RefusedFile(file, "larger than 4 GiB; not an archive we wrote")
    try:
        with file.open(encoding="utf-8") as fh:
            archive = json.load(fh)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RefusedFile(file, f"not a JSON archive ({exc})") from exc
    if not isinstance(archive, dict):
        raise RefusedFile(file, "not a guidefeedback archive")
    return store.import_archive(archive)
