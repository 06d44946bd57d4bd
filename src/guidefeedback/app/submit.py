"""``submit``: the coordinator's joint answer on a draft, written in the form asked for.

Reads the coordinator's identity (``[coordinator]``) and defaults (``[submit]``) from a
guidefeedback.toml, builds the positions from the report of the draft (for publication:
personal data in the texts masked, as in every published output) and writes one of:

- ``iso``: the ISO/IEC/CEN commenting template's layout (:mod:`..render.submit_iso`);
- ``remiss`` / ``letter``: a Swedish remissvar or an English letter
  (:mod:`..render.submit_letter`);
- a received form filled in place (:mod:`..render.submit_form`), .docx or .xlsx.

The output is written atomically; the database is only read.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GuidefeedbackError
from ..ids import parse_draft
from ..submit import (
    Coordinator,
    JointSubmission,
    SubmitConfigError,
    SubmitOptions,
    build_submission,
    coordinator_from,
    options_from,
)

if TYPE_CHECKING:
    from ..store import Store

CONFIG_NAME = "guidefeedback.toml"


@dataclass(frozen=True, slots=True)
class Submitted:
    path: Path
    kind: str
    submission: JointSubmission
    rows_filled: int = 0


def find_config(*, explicit: Path | None, db_path: Path | None) -> Path:
    """``--config``, else guidefeedback.toml in the current folder, else next to the database."""
    if explicit is not None:
        if not explicit.is_file():
            raise SubmitConfigError(f"{explicit}: not found")
        return explicit
    candidates = [Path.cwd() / CONFIG_NAME]
    if db_path is not None:
        candidates.append(db_path.resolve().parent / CONFIG_NAME)
        candidates.append(db_path.resolve().parent.parent / CONFIG_NAME)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise SubmitConfigError(
        f"{CONFIG_NAME} not found (looked in the current folder and beside the database):"
        " pass --config with a file that has a [coordinator] table"
    )


def load_submit_config(path: Path) -> tuple[Coordinator, SubmitOptions]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SubmitConfigError(f"{path.name}: {exc}") from exc
    return coordinator_from(raw, where=path.name), options_from(raw, where=path.name)


def build_joint(
    store: Store, draft: str, *, coordinator: Coordinator, options: SubmitOptions
) -> JointSubmission:
    from ..report import build_report

    draft_id = parse_draft(draft)
    report = build_report(store, draft, publish=True, lang=options.language())
    return build_submission(
        report,
        store.units(draft_id),
        store.list_submissions(draft_id),
        coordinator=coordinator,
        options=options,
    )


def write_submission(
    store: Store,
    draft: str,
    output: Path,
    *,
    coordinator: Coordinator,
    options: SubmitOptions,
    form: Path | None = None,
) -> Submitted:
    """Write the joint submission on ``draft`` to ``output`` (see the module docstring)."""
    if form is not None:
        if output.suffix.lower() != form.suffix.lower():
            raise GuidefeedbackError(
                f"{output.name}: the filled form keeps its format; name the output"
                f" {output.stem}{form.suffix.lower()}"
            )
        if output.resolve() == form.resolve():
            raise GuidefeedbackError(
                f"{output.name}: write the filled form to a new file, not over the form received"
            )
    elif output.suffix.lower() != ".docx":
        raise GuidefeedbackError(f"{output.name}: the {options.as_} output is a .docx file")
    sub = build_joint(store, draft, coordinator=coordinator, options=options)
    if form is not None:
        from ..render.submit_form import fill_form

        filled = fill_form(sub, form, output)
        return Submitted(output, "form", sub, filled)
    if options.as_ == "iso":
        from ..render.submit_iso import write_iso

        write_iso(sub, output)
    else:
        from ..render.submit_letter import write_letter

        write_letter(sub, output)
    return Submitted(output, options.as_, sub, len(sub.comments))


def with_overrides(
    options: SubmitOptions, *, as_: str | None, lang: str | None, supporters: bool | None
) -> SubmitOptions:
    """The configuration's options with what the command line says on top."""
    changed = options
    if as_ is not None:
        # A different output kind takes its own default language unless one is given.
        changed = replace(
            changed, as_=as_, lang=lang or (options.lang if as_ == options.as_ else None)
        )
    if lang is not None:
        changed = replace(changed, lang=lang)
    if supporters is not None:
        changed = replace(changed, supporters=supporters)
    return changed


def submit_for_run(
    store: Store,
    config_file: Path,
    *,
    consultation: Sequence[tuple[Path, str]],
    output: Path,
    previous: dict[str, Any],
    fingerprint: Callable[[str], str],
    digest: str,
) -> list[Path]:
    """``run``'s optional step: with ``[submit]`` in the configuration, write the joint
    submission into ``output/<draft>/`` when its inputs changed since the last run.

    ``consultation`` pairs each draft file that has comments with its code; ``[submit]
    draft`` names one of those files (default: the first). Nothing is written while the
    coordinator has no positions yet. Returns the files written.
    """
    raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
    if "submit" not in raw or not consultation:
        return []
    coordinator = coordinator_from(raw, where=config_file.name)
    options = options_from(raw, where=config_file.name)
    root = config_file.parent
    code = consultation[0][1]
    if options.draft:
        wanted = (root / options.draft).resolve()
        matches = [c for f, c in consultation if f.resolve() == wanted]
        if not matches:
            raise SubmitConfigError(
                f"{config_file.name}: [submit] draft {options.draft!r} is not a [[drafts]]"
                " entry with comments"
            )
        code = matches[0]
    form = root / options.form if options.form else None
    if form is not None and not form.is_file():
        raise SubmitConfigError(f"{config_file.name}: [submit] form {options.form} not found")
    suffix = form.suffix.lower() if form is not None else ".docx"
    target = output / code / (options.output or f"joint-submission{suffix}")
    key = f"submit:{code}"
    state = {"fingerprint": fingerprint(code), "config": digest}
    if previous.get(key) == state and target.is_file():
        return []
    if not build_joint(store, code, coordinator=coordinator, options=options).comments:
        return []
    write_submission(store, code, target, coordinator=coordinator, options=options, form=form)
    previous[key] = state
    return [target]
