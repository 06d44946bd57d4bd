"""Outputs written atomically: a temporary file in the same folder, fsync, then ``os.replace``.

Killing ``Document.save()`` while it wrote to the final path once left a corrupt file in place
of the previous good one; with this, a reader sees the old file or the new one, never half.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk. Best effort: some
    # file systems (and Windows) cannot open a folder for fsync.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path``; on success it replaces ``path`` atomically.

    The body writes the temporary file (any library, by path). On success it is fsynced
    and renamed over ``path``; on an exception it is removed and ``path`` is left as it
    was. A kill mid-write leaves only a hidden ``.name.*.tmp`` beside the old file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        # mkstemp makes the file private (0600); outputs get the usual permissions instead.
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        yield tmp
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)
        _fsync_dir(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_output`."""
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` through :func:`atomic_output`."""
    atomic_write_bytes(path, text.encode("utf-8"))
