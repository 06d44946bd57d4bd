"""Two jobs at once on two cores: one in a forked child process, one in this process.

Used where a large run has two independent halves: the render writes the Word outputs
while a child writes HTML, Markdown and XLSX; clustering counts the terms of every
comment while a child finds the campaigns. A fork (not a spawned interpreter) because the
child needs the parent's data as it is — 100 000 comments or a built report — and copying
them through a pipe would cost what the second core saves; only the child's result (small:
campaigns, or nothing) comes back, pickled through a pipe.

The child never touches the database or the output folder's final files: callers give it
pure work or work inside a staging folder. An error in either job is raised here after
both have stopped, so callers clean up as after any error. Where ``fork`` is not offered
(Windows) or only one core is usable, :func:`two_cores` is false and callers run both jobs
here, one after the other.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

Here = TypeVar("Here")
There = TypeVar("There")


def two_cores() -> bool:
    """A second core is usable and processes can be forked."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2


def run_beside(
    here: Callable[[], Here], there: Callable[[], There], *, what: str
) -> tuple[Here, There]:
    """Run ``there`` in a forked child while this process runs ``here``; both results.

    ``what`` names the child's work in the error raised when the child dies without a
    word (killed, out of memory): "the process finding campaigns stopped (exit code -9)".
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)

    def child() -> None:
        try:
            result = there()
        except BaseException as exc:
            try:
                writer.send((False, exc))
            except Exception:
                writer.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        else:
            writer.send((True, result))
        finally:
            writer.close()

    process = context.Process(target=child, daemon=True)
    process.start()
    writer.close()
    try:
        mine = here()
    except BaseException:
        process.terminate()
        process.join()
        reader.close()
        raise
    try:
        ok, theirs = reader.recv()
    except EOFError:
        process.join()
        ok, theirs = False, RuntimeError(f"{what} stopped (exit code {process.exitcode})")
    finally:
        reader.close()
    process.join()
    if not ok:
        raise theirs
    return mine, theirs
