"""A project folder is a boundary: what ``run`` reads and writes stays inside it.

- A comment file or worksheet is read only when it is a regular file inside the folder
  after every symlink is resolved. A link that leads outside is refused with its target
  named (a link is how a file from elsewhere would be read and stored without anyone
  choosing to); FIFOs, devices and sockets are listed as refused, never opened (reading
  ``/dev/zero`` or a FIFO never ends).
- The database and output paths named in ``guidefeedback.toml`` must resolve inside the
  folder: a configuration someone sent along must not make ``run`` write elsewhere. A
  path the user types on the command line is theirs to choose and is not checked here.
- ``run`` holds a lock file in the folder (:func:`project_lock`) so that two runs at once
  queue instead of racing; see its docstring.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import GuidefeedbackError

LOCK_NAME = ".guidefeedback.lock"
LOCK_WAIT_SECONDS = 600.0


@dataclass(frozen=True, slots=True)
class Listing:
    """The files to read in a folder, and one line for each entry refused."""

    files: tuple[Path, ...]
    refused: tuple[str, ...]


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symlink resolved, is within ``root`` (also resolved)."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _kind(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def list_files(
    folder: Path | None,
    root: Path,
    suffixes: frozenset[str] | None = None,
    *,
    shown_from: Path | None = None,
) -> Listing:
    """Regular files under ``folder`` (with one of ``suffixes``, or all), in name order.

    Links are followed only to targets inside ``root``; a link out, a link to a folder
    and every special file are refused with a line. Office's lock files (``~$name.docx``,
    written while the file is open) are listed with that reason. Hidden files and folders
    (``.name``, such as ``.DS_Store``) are the operating system's, not the user's, and are
    passed over. Symlinked folders are not descended into.
    """
    if folder is None or not folder.is_dir():
        return Listing((), ())
    base = shown_from or root
    files: list[Path] = []
    refused: list[str] = []

    def shown(p: Path) -> str:
        try:
            return p.relative_to(base).as_posix()
        except ValueError:
            return str(p)

    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        for name in sorted([*filenames, *(d for d in dirnames if (here / d).is_symlink())]):
            p = here / name
            if name.startswith("."):
                continue
            if name.startswith("~$"):
                refused.append(
                    f"{shown(p)}: an Office lock file (the document is open in Word or Excel);"
                    " not collected"
                )
                continue
            try:
                st = p.lstat()
            except OSError as exc:
                refused.append(f"{shown(p)}: cannot be read ({exc.strerror})")
                continue
            if stat.S_ISLNK(st.st_mode):
                target = Path(os.path.realpath(p))
                if not inside(p, root):
                    refused.append(
                        f"{shown(p)}: a link to {target}, outside the project folder; copy the"
                        " file into the folder instead"
                    )
                    continue
                try:
                    st = p.stat()
                except OSError:
                    refused.append(f"{shown(p)}: a link to {target}, which does not exist")
                    continue
                if stat.S_ISDIR(st.st_mode):
                    refused.append(f"{shown(p)}: a link to a folder ({target}); not followed")
                    continue
            special = _kind(st.st_mode)
            if special is not None:
                refused.append(f"{shown(p)}: {special}, not a file; not read")
                continue
            if not stat.S_ISREG(st.st_mode):
                continue
            if suffixes is not None and p.suffix.lower() not in suffixes:
                continue
            files.append(p)
    return Listing(tuple(files), tuple(refused))


# -- the run lock ---------------------------------------------------------------------------


class LockTimeout(GuidefeedbackError):
    """Another run held the project for longer than we wait."""


def _holder(lock: Path) -> int | None:
    try:
        text = lock.read_text(encoding="ascii").strip()
        return int(text) if text.isascii() and text.isdigit() else None
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def project_lock(
    folder: Path,
    *,
    wait: float = LOCK_WAIT_SECONDS,
    on_wait: Callable[[int | None], None] | None = None,
) -> Iterator[None]:
    """Hold the project's run lock: ``FOLDER/.guidefeedback.lock`` with our pid in it.

    Mechanism: ``fcntl.flock`` on the lock file. The kernel releases the lock when its
    holder exits, however it exits (a kill included), so a lock can never stay stale; the
    pid written in the file is only for telling the user who holds it, and a pid that no
    longer runs is reported as a stale lock being taken over. A second run waits
    (``on_wait`` is told the holder's pid once) and then does its own run, which finds
    the first run's work done ("Nothing new"); past ``wait`` seconds it stops with one
    line. SQLite's own locking still guards the database against other commands.
    Where ``fcntl`` does not exist (Windows), runs are not serialised.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    lock = folder / LOCK_NAME
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
            holder = _holder(lock)
            if not told and on_wait is not None:
                on_wait(holder if holder is None or _alive(holder) else None)
                told = True
            if time.monotonic() > deadline:
                raise LockTimeout(
                    f"{folder}: another run (pid {holder or 'unknown'}) has been working on"
                    f" this project for over {wait:.0f} s; try again when it has finished"
                )
            time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
