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
from importlib import resources
from pathlib import Path
from typing import Any

from ..report import Report
from ..safe_open import atomic_output

MAX_OUTPUT_CHARS = 200 * 1024 * 1024


def templates_dir() -> Path:
    """Our template folder: the wheel's copy, or the repository's in an editable install."""
    packaged = resources.files("guidefeedback").joinpath("templates")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md_text(value: object) -> str:
    """Text for a Markdown table cell or paragraph: markup characters escaped, one line."""
    text = "" if value is None else str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^([-=]+)", r"\\\1", text)
    return " ".join(text.replace("\r", " ").split("\n")).replace("  ", " ")


def environment(template_dir: Path | None, *, html: bool) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loaders = []
    if template_dir is not None:
        loaders.append(FileSystemLoader(str(template_dir)))
    loaders.append(FileSystemLoader(str(templates_dir())))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_text
    return env


def render_text(report: Report, name: str, *, template_dir: Path | None) -> str:
    """The template ``name`` rendered over the report.

    With a user's ``template_dir`` it runs in a child process with a time limit and a
    memory ceiling (see :mod:`.sandbox`), and every template problem is one line naming
    the template; our own templates run in-process.
    """

    def render() -> str:
        env = environment(template_dir, html=name.endswith(".html.j2"))
        template = env.get_template(name)
        out = str(template.render(report=report, w=report.words["report"], words=report.words))
        if len(out) > MAX_OUTPUT_CHARS:
            raise ValueError(f"the template produced more than {MAX_OUTPUT_CHARS:,} characters")
        return out

    if template_dir is None:
        return render()
    from .sandbox import run_template, template_limits

    user_template = template_dir / name
    shown = user_template if user_template.is_file() else template_dir
    return run_template(render, shown, template_limits())


def write_html(report: Report, path: Path, *, template_dir: Path | None = None) -> None:
    text = render_text(report, "report.html.j2", template_dir=template_dir)
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_markdown(report: Report, path: Path, *, template_dir: Path | None = None) -> None:
    text = render_text(report, "report.md.j2", template_dir=template_dir)
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
