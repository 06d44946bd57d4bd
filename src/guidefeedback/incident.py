"""The last line of defence: an unexpected exception becomes one line and a log file.

Every refusal we foresee is a :class:`~guidefeedback.errors.GuidefeedbackError` with its
own wording. Anything else is a bug, or a library failing in a way we did not foresee; the
user still gets one line, never a traceback: ``FILE: could not be read (internal error:
…); nothing was changed; details in LOG``. The traceback goes to a log file whose path
that line prints, so the bug can be reported.

"Nothing was changed" holds because every write is one transaction that rolls back on
any exception, and every output is written to a temporary file or staging folder that is
removed on failure.

Which file was being read is tracked with a context variable that the readers set
(:func:`reading`); without one the line names the command. A full disk (``ENOSPC``, or
SQLite's "database or disk is full") is not a bug: it is reported as "no space left on
DEVICE" without a log file, since there would be no room for one.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import sqlite3
import tempfile
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

_FILE_ATTR = "_guidefeedback_file"
_current: contextvars.ContextVar[Path | None] = contextvars.ContextVar("reading", default=None)


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """Mark ``path`` as the file being read, for the one-line report of a crash."""
    token = _current.set(path)
    try:
        yield
    except BaseException as exc:
        # The handler runs after this block has exited: the exception carries the file.
        attach(exc, path)
        raise
    finally:
        _current.reset(token)


def attach(exc: BaseException, path: Path) -> None:
    """Record on ``exc`` that it was raised while ``path`` was read (innermost wins)."""
    if getattr(exc, _FILE_ATTR, None) is None:
        with contextlib.suppress(AttributeError, TypeError):
            setattr(exc, _FILE_ATTR, path)


def file_of(exc: BaseException) -> Path | None:
    """The file being read when ``exc`` was raised, if a reader said so."""
    found = getattr(exc, _FILE_ATTR, None)
    return found if isinstance(found, Path) else current_file()


def current_file() -> Path | None:
    return _current.get()


def log_dir() -> Path:
    """Where internal-error logs go: ``$GUIDEFEEDBACK_LOG_DIR``, else the user's state
    folder (``$XDG_STATE_HOME/guidefeedback``, ``~/.local/state/guidefeedback``)."""
    explicit = os.environ.get("GUIDEFEEDBACK_LOG_DIR")
    if explicit:
        return Path(explicit)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "guidefeedback"


def _write_log(exc: BaseException, command: str) -> Path | None:
    text = (
        f"guidefeedback {command}\n{datetime.now(UTC).isoformat()}\n"
        f"file: {file_of(exc)}\n\n" + "".join(traceback.format_exception(exc))
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for folder in (log_dir(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"guidefeedback-internal-error-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def device_of(path: Path) -> str:
    """The mount point holding ``path`` (what a person calls the disk that is full)."""
    probe = path.resolve() if path.exists() else path.resolve().parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    while not os.path.ismount(probe) and probe != probe.parent:
        probe = probe.parent
    return str(probe)


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(exc, sqlite3.OperationalError) and "disk is full" in str(exc)


def _disk_full_path(exc: BaseException, fallback: Path | None) -> Path:
    if isinstance(exc, OSError) and exc.filename:
        return Path(str(exc.filename))
    return fallback or Path.cwd()


def one_line(exc: BaseException, *, command: str, database: Path | None = None) -> str:
    """The single line a user sees for an exception we did not foresee."""
    subject = file_of(exc)
    if is_disk_full(exc):
        where = _disk_full_path(exc, database)
        name = subject.name if subject is not None else (where.name or str(where))
        return f"{name}: no space left on {device_of(where)}; nothing was changed"
    what = f"{subject.name}: could not be read" if subject else f"guidefeedback {command}: failed"
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    log = _write_log(exc, command)
    details = f"; details in {log}" if log is not None else ""
    return f"{what} (internal error: {detail}); nothing was changed{details}"
