"""HTML and Markdown from Jinja2 templates, autoescaped and sandboxed.

Our templates live in the top-level ``templates/`` folder, shipped inside the wheel as
``guidefeedback/templates``. A user's ``--template-dir`` is searched first, file by file
(a ``ChoiceLoader``), and every template is rendered in Jinja2's ``SandboxedEnvironment``
so a template cannot reach Python internals. Comment text is always data: autoescaped in
HTML, escaped for Markdown by :func:`md_text` (so a comment's ``[link](javascript:…)`` or
``{{ }}`` stays literal text), never template source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from ..atomic import atomic_output
from ..report import Report, summary_line

MAX_OUTPUT_CHARS = 200 * 1024 * 1024


def templates_dir() -> Path:
    """Our template folder: the wheel's copy, or the repository's in an editable install."""
    packaged = resources.files("guidefeedback").joinpath("templates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
_MD_RULE = re.compile(r"^([-=]+)")


def md_text(value: object) -> str:
    """Text for a Markdown table cell or paragraph: markup characters escaped, one line."""
    text = "" if value is None else str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if text[:1] in ("-", "="):
        text = _MD_RULE.sub(r"\\\1", text)
    return " ".join(text.replace("\r", " ").split("\n")).replace("  ", " ")


def environment(template_dir: Path | None, *, html: bool, trusted: bool = False) -> Any:
    """The Jinja2 environment: sandboxed, unless ``trusted`` (our own templates only, with
    no user folder: the sandbox checks every attribute a template reads, which at 100 000
    comments was a third of the HTML and Markdown render)."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    if trusted and template_dir is not None:
        raise ValueError("a user's template folder is never trusted")
    loaders = []
    if template_dir is not None:
        loaders.append(FileSystemLoader(str(template_dir)))
    loaders.append(FileSystemLoader(str(templates_dir())))
    kind = Environment if trusted else SandboxedEnvironment
    env = kind(
        loader=ChoiceLoader(loaders),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_text
    return env


def _chunks(report: Report, name: str) -> Iterator[str]:
    """One of our templates rendered as a stream (Jinja2's ``generate``), bounded in size.

    What a template sees is the Report and our words: under ``--publish`` the Report holds
    only masked values (see :mod:`..report`), so there is nothing else to reach."""
    env = environment(None, html=name.endswith(".html.j2"), trusted=True)
    template = env.get_template(name)
    total = 0
    for chunk in template.generate(**_context(report)):
        total += len(chunk)
        if total > MAX_OUTPUT_CHARS:
            raise ValueError(f"the template produced more than {MAX_OUTPUT_CHARS:,} characters")
        yield chunk


def _context(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "w": report.words["report"],
        "words": report.words,
        "summary": summary_line(report),
    }


def render_text(report: Report, name: str, *, template_dir: Path | None) -> str:
    """The template ``name`` rendered over the report.

    With a user's ``template_dir`` it runs in a child process with a time limit and a
    memory ceiling (see :mod:`.sandbox`), and every template problem is one line naming
    the template; our own templates run in-process, as a stream (:func:`_chunks`).
    """

    def render() -> str:
        env = environment(template_dir, html=name.endswith(".html.j2"))
        template = env.get_template(name)
        out = str(template.render(**_context(report)))
        if len(out) > MAX_OUTPUT_CHARS:
            raise ValueError(f"the template produced more than {MAX_OUTPUT_CHARS:,} characters")
        return out

    if template_dir is None:
        return "".join(_chunks(report, name))
    from .sandbox import run_template, template_limits

    user_template = template_dir / name
    shown = user_template if user_template.is_file() else template_dir
    return run_template(render, shown, template_limits())


def _write(report: Report, name: str, path: Path, template_dir: Path | None) -> None:
    if template_dir is not None:
        text = render_text(report, name, template_dir=template_dir)
        with atomic_output(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
        return
    with atomic_output(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
        buffer: list[str] = []
        size = 0
        for chunk in _chunks(report, name):
            buffer.append(chunk)
            size += len(chunk)
            if size > 1 << 20:
                out.write("".join(buffer))
                buffer, size = [], 0
        out.write("".join(buffer))


def write_html(report: Report, path: Path, *, template_dir: Path | None = None) -> None:
    _write(report, "report.html.j2", path, template_dir)


def write_markdown(report: Report, path: Path, *, template_dir: Path | None = None) -> None:
    _write(report, "report.md.j2", path, template_dir)
