"""A user's template runs in a child process with a time limit and a memory ceiling.

Jinja2's ``SandboxedEnvironment`` stops a template from reaching Python internals, but not
from looping for hours (two nested ``range(100000)`` loops) or allocating until the machine
swaps (``"x" * 10**10``). The mechanism, and why:

- ``os.fork()``: the child inherits the Report as it is, nothing is pickled, and when it
  is killed nothing of ours dies with it (no half-written output, no open transaction);
- ``resource.setrlimit(RLIMIT_AS)`` in the child only: its address space may grow by
  ``template_memory_bytes`` beyond what it inherited, and an allocation past that is a
  ``MemoryError`` in the child, reported as one line. A limit in our own process would
  also cap the rest of the render;
- a deadline kept by the parent, which kills the child with SIGKILL at
  ``template_seconds``: a signal-based timeout inside one process cannot interrupt a long
  C-level operation, and Jinja2 has no operation counter. ``RLIMIT_CPU`` is set as a
  second fence.

The rendered text comes back through a pipe. Where ``fork`` does not exist (Windows) the
template runs in-process with the sandbox only.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RefusedFile
from ..safe_open import DEFAULT_LIMITS

DEFAULT_SECONDS = DEFAULT_LIMITS.template_seconds
DEFAULT_MEMORY_BYTES = DEFAULT_LIMITS.template_memory_bytes


@dataclass(frozen=True, slots=True)
class TemplateLimits:
    seconds: float = DEFAULT_SECONDS
    memory_bytes: int = DEFAULT_MEMORY_BYTES


def template_limits() -> TemplateLimits:
    """The limits, from ``GUIDEFEEDBACK_TEMPLATE_SECONDS`` and
    ``GUIDEFEEDBACK_TEMPLATE_MEMORY_MB`` when set (a slow machine, a huge report)."""
    seconds, memory = DEFAULT_SECONDS, DEFAULT_MEMORY_BYTES
    with contextlib.suppress(ValueError):
        seconds = float(os.environ.get("GUIDEFEEDBACK_TEMPLATE_SECONDS", seconds))
    with contextlib.suppress(ValueError):
        memory = int(os.environ.get("GUIDEFEEDBACK_TEMPLATE_MEMORY_MB", 0)) * 1024**2 or memory
    return TemplateLimits(seconds, memory)


def describe_template_error(exc: BaseException) -> str:
    """A Jinja2 error in one line: what went wrong and where in the template."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError, UndefinedError

    if isinstance(exc, TemplateSyntaxError):
        where = f" at line {exc.lineno}" if exc.lineno else ""
        return f"template syntax error{where}: {exc.message}"
    if isinstance(exc, TemplateNotFound):
        return f"the template includes {exc.name!r}, which is not in the template folder"
    if isinstance(exc, SecurityError):
        return f"the template tried something the sandbox forbids ({exc})"
    if isinstance(exc, UndefinedError):
        return f"the template uses something the report does not have ({exc})"
    if isinstance(exc, MemoryError):
        return "the template needs more memory than the limit"
    if isinstance(exc, RecursionError):
        return "the template recurses too deeply"
    return f"the template failed ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})"


def _address_space() -> int | None:
    try:
        pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def _lower(which: int, value: int) -> None:
    """Set the soft limit to ``value`` unless a lower one is already in force (a limit
    can only be lowered; the hard limit is left as it is)."""
    import resource

    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    if soft == resource.RLIM_INFINITY or value < soft:
        resource.setrlimit(which, (value, hard))


def _child(render: Callable[[], str], limits: TemplateLimits, w: int) -> None:
    import resource

    try:
        used = _address_space()
        if used is not None:
            _lower(resource.RLIMIT_AS, used + limits.memory_bytes)
        _lower(resource.RLIMIT_CPU, int(limits.seconds) + 2)
        text = render()
        header: dict[str, Any] = {"ok": True}
        body = text.encode("utf-8", "surrogatepass")
    except MemoryError:
        header = {
            "ok": False,
            "error": f"the template needed more than {limits.memory_bytes // 1024**2} MiB of"
            " memory and was stopped",
        }
        body = b""
    except BaseException as exc:  # every failure goes back as one line
        header = {"ok": False, "error": describe_template_error(exc)}
        body = b""
    data = json.dumps(header).encode("utf-8") + b"\n" + body
    view = memoryview(data)
    while view:
        written = os.write(w, view[: 1 << 20])
        view = view[written:]


def run_template(render: Callable[[], str], template: Path, limits: TemplateLimits) -> str:
    """``render()`` in a forked child under ``limits``; its text, or a RefusedFile."""
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        try:
            return render()
        except Exception as exc:
            raise RefusedFile(template, describe_template_error(exc)) from exc
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, measured by the tests' outcomes
        os.close(r)
        code = 0
        try:
            _child(render, limits, w)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    chunks: list[bytes] = []
    deadline = time.monotonic() + limits.seconds
    killed = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                killed = True
                break
            ready, _, _ = select.select([r], [], [], min(left, 1.0))
            if not ready:
                continue
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(r)
        _, status = os.waitpid(pid, 0)
    if killed:
        raise RefusedFile(
            template,
            f"the template ran for more than {limits.seconds:.0f} s and was stopped"
            " (a loop that never ends?)",
        )
    data = b"".join(chunks)
    head, _, body = data.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        header = None
    if not isinstance(header, dict):
        reason = "the template was stopped"
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
            reason += " at its time limit"
        elif os.WIFSIGNALED(status):
            reason += f" by signal {os.WTERMSIG(status)} (out of memory?)"
        raise RefusedFile(template, reason)
    if not header.get("ok"):
        raise RefusedFile(template, str(header.get("error", "the template failed")))
    return body.decode("utf-8", "surrogatepass")
