"""Batch runs over a project folder described by ``guidefeedback.toml``.

A project folder holds ``drafts/``, ``comments/`` (one sub-folder per consultation draft),
``responses/`` (filled worksheets) and ``guidefeedback.toml``. :func:`run_project` does
every stage in order, each one idempotent on its own:

1. import the drafts listed in the configuration (a known file changes nothing);
2. collect new comment files (a file already collected is recognised by its SHA-256);
3. re-cluster a draft when its set of current comments changed since the last run;
4. apply filled worksheets found in ``responses/`` (unchanged answers stay unchanged);
5. render every output into ``out/`` when anything above changed, or the outputs or
   configuration differ from the last run.

What the last run saw is kept in ``out/.guidefeedback-run.json``: a fingerprint of the
database state per draft and of the configuration. A second run with nothing new
therefore does no work, says so, and leaves the database and the outputs byte for byte
as they were.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GuidefeedbackError, RefusedFile
from ..ids import parse_draft
from ..publication import Publication, publication_from
from ..safe_open import atomic_output

if TYPE_CHECKING:
    from ..store import Store

CONFIG_NAME = "guidefeedback.toml"
STATE_NAME = ".guidefeedback-run.json"
COMMENT_SUFFIXES = frozenset({".docx", ".xlsx", ".csv", ".txt", ".tsv"})
WORKSHEET_SUFFIXES = frozenset({".docx", ".xlsx"})

CONFIG_TEMPLATE = """\
# guidefeedback project: `guidefeedback run` reads this file.
[project]
name = "{name}"
database = "guidefeedback.db"     # relative to this folder
output = "out"                    # every rendered output goes here

# One [[drafts]] entry per draft file, oldest version first. `comments` is the folder of
# submissions on that version; a later version without comments is compared with the
# earlier one (draft diff) and the decisions are checked against it.
[[drafts]]
file = "drafts/draft-v1.docx"
version = "1"
language = "auto"                 # or "en", "sv", …
comments = "comments/draft-v1"

# [[drafts]]
# file = "drafts/draft-v2.docx"
# version = "2"

[analysis]
threshold = 0.2                   # minimum similarity to join a cluster (0–1)
model = ""                        # an installed spaCy model with vectors, e.g. "en_core_web_md"

[responses]
folder = "responses"              # filled worksheets to apply on every run

[render]
formats = ["docx", "html", "md", "csv", "xlsx"]
lang = "auto"                     # labels and letters: auto (the draft's language), en or sv
publish = false                   # true: mask personal data, names only with consent

# Who publishes: the title page of the comment-response document and the letters'
# sender block and signature (every key optional).
[publication]
title = ""                        # default: "Comment-response document: <draft title>"
body = ""                         # the publishing body, e.g. "National Procurement Agency"
unit = ""                         # department or unit
address = ""                      # postal address for the letters' sender block
reference = ""                    # your reference number (diarienummer)
date = ""                         # the document's date; default: the day it is rendered
contact = ""                      # e-mail or phone for questions
signatory = ""                    # who signs the answer letters
signatory_title = ""

# Files that do not name their organisation (a reviewed copy of the draft):
# [files]
# "comments/draft-v1/reviewed-copy.docx" = {{ organisation = "National Agency X" }}
"""


class ConfigError(GuidefeedbackError):
    """guidefeedback.toml is missing or wrong (one line, naming the file and the key)."""


@dataclass(frozen=True, slots=True)
class DraftEntry:
    file: Path
    version: str | None
    language: str
    comments: Path | None


@dataclass(frozen=True, slots=True)
class Config:
    root: Path
    name: str
    database: Path
    output: Path
    drafts: tuple[DraftEntry, ...]
    threshold: float | None
    model: str | None
    responses: Path
    formats: tuple[str, ...]
    lang: str
    publish: bool
    digest: str
    organisations: dict[str, str] = field(default_factory=dict)
    publication: Publication = field(default_factory=Publication)


def init_project(folder: Path, *, name: str | None = None) -> list[Path]:
    """Create a project folder with a commented configuration and empty sub-folders."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / CONFIG_NAME
    if config.exists():
        raise ConfigError(f"{config}: already exists; edit it instead")
    made: list[Path] = []
    for sub in ("drafts", "comments/draft-v1", "responses"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        made.append(folder / sub)
    text = CONFIG_TEMPLATE.format(name=(name or folder.resolve().name).replace('"', "'"))
    with atomic_output(config) as tmp:
        tmp.write_text(text, encoding="utf-8")
    made.append(config)
    return made


def load_config(folder: Path) -> Config:
    path = folder / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(f"{path}: not found; create a project with 'guidefeedback init'")
    raw_bytes = path.read_bytes()
    try:
        raw = tomllib.loads(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name}: {exc}") from exc

    def section(name: str) -> dict[str, Any]:
        value = raw.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{path.name}: [{name}] must be a table")
        return value

    project, analysis, responses, render = (
        section("project"),
        section("analysis"),
        section("responses"),
        section("render"),
    )
    entries = raw.get("drafts", [])
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path.name}: add at least one [[drafts]] entry with a file")
    drafts: list[DraftEntry] = []
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not entry.get("file"):
            raise ConfigError(f"{path.name}: [[drafts]] entry {i} has no file")
        comments = entry.get("comments")
        drafts.append(
            DraftEntry(
                file=folder / str(entry["file"]),
                version=str(entry["version"]) if entry.get("version") is not None else None,
                language=str(entry.get("language", "auto")),
                comments=folder / str(comments) if comments else None,
            )
        )
    formats = render.get("formats", ["docx", "html", "md", "csv", "xlsx"])
    if not isinstance(formats, list):
        raise ConfigError(f"{path.name}: [render] formats must be a list")
    threshold = analysis.get("threshold")
    files = section("files")
    organisations: dict[str, str] = {}
    for name, value in files.items():
        if not isinstance(value, dict) or not value.get("organisation"):
            raise ConfigError(f"{path.name}: [files] {name!r} needs an organisation")
        organisations[(folder / name).resolve().as_posix()] = str(value["organisation"])
    return Config(
        root=folder,
        name=str(project.get("name", folder.name)),
        database=folder / str(project.get("database", "guidefeedback.db")),
        output=folder / str(project.get("output", "out")),
        drafts=tuple(drafts),
        threshold=float(threshold) if threshold is not None else None,
        model=str(analysis.get("model") or "") or None,
        responses=folder / str(responses.get("folder", "responses")),
        formats=tuple(str(f) for f in formats),
        lang=str(render.get("lang", "auto")),
        publish=bool(render.get("publish", False)),
        digest=hashlib.sha256(raw_bytes).hexdigest(),
        organisations=organisations,
        publication=publication_from(section("publication"), source=path.name),
    )


@dataclass(slots=True)
class RunSummary:
    drafts_imported: list[str] = field(default_factory=list)
    submissions_collected: int = 0
    comments_collected: int = 0
    files_refused: list[str] = field(default_factory=list)
    clustered: list[str] = field(default_factory=list)
    answers_changed: int = 0
    conflicts: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)
    nothing_new: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "drafts_imported": self.drafts_imported,
            "submissions_collected": self.submissions_collected,
            "comments_collected": self.comments_collected,
            "files_refused": self.files_refused,
            "clustered": self.clustered,
            "answers_changed": self.answers_changed,
            "conflicts": self.conflicts,
            "rendered": self.rendered,
            "revisions": self.revisions,
            "nothing_new": self.nothing_new,
        }


def _files(folder: Path | None, suffixes: frozenset[str]) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith((".", "~$"))
    )


def _fingerprint(store: Store, draft_id: int) -> str:
    return hashlib.sha256(json.dumps(store.state_fingerprint(draft_id)).encode()).hexdigest()


def plan_size(folder: Path) -> int:
    """How many steps a run of ``folder`` takes at most (for a progress bar): a draft, a
    comment file, a clustering, a worksheet and a render each count one."""
    config = load_config(folder)
    consultations = [e for e in config.drafts if e.comments is not None]
    return (
        len(config.drafts)
        + sum(len(_files(e.comments, COMMENT_SUFFIXES)) for e in consultations)
        + 2 * len(consultations)
        + len(_files(config.responses, WORKSHEET_SUFFIXES))
    )


def run_project(
    folder: Path,
    *,
    strict: bool = False,
    on_step: Callable[[str, int], None] | None = None,
) -> RunSummary:
    """One batch run over a project folder (see the module docstring).

    ``on_step(label, steps)`` is told what starts and how many steps of
    :func:`plan_size` it covers.
    """
    from ..render.revision import write_revision_check
    from ..store import open_store
    from .clusters import run_clustering
    from .drafts import draft_diff, import_draft
    from .intake import collect_files
    from .render import render_outputs
    from .responses import respond_import

    def step(message: str, steps: int = 1) -> None:
        if on_step is not None:
            on_step(message, steps)

    config = load_config(folder)
    summary = RunSummary()
    state_path = config.output / STATE_NAME
    previous: dict[str, Any] = {}
    if state_path.is_file():
        try:
            previous = json.loads(state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
    store = open_store(config.database)
    try:
        codes: list[tuple[DraftEntry, str]] = []
        for entry in config.drafts:
            step(f"draft {entry.file.name}")
            if not entry.file.is_file():
                raise ConfigError(f"{CONFIG_NAME}: draft file {entry.file} not found")
            result = import_draft(store, entry.file, version=entry.version, lang=entry.language)
            if result.added.created:
                summary.drafts_imported.append(result.code)
            codes.append((entry, result.code))
        for entry, code in codes:
            files = _files(entry.comments, COMMENT_SUFFIXES)
            if not files:
                continue
            step(f"collect {code}", len(files))
            # A reviewed copy of the draft names no organisation; [files] in the
            # configuration does.
            named = {
                f: config.organisations[f.resolve().as_posix()]
                for f in files
                if f.resolve().as_posix() in config.organisations
            }
            for collected in collect_files(store, files, draft=code, organisations=named):
                if collected.error:
                    summary.files_refused.append(collected.error)
                    if strict:
                        raise RefusedFile(collected.file, collected.error.split(": ", 1)[-1])
                elif collected.added is not None and collected.added.created:
                    summary.submissions_collected += 1
                    summary.comments_collected += collected.added.comment_count
        consultation = [(e, c) for e, c in codes if e.comments is not None]
        for _, code in consultation:
            key = f"comments:{code}"
            comments_now = store.comment_fingerprint(parse_draft(code))
            if previous.get(key) != comments_now or not store.has_analysis(parse_draft(code)):
                step(f"cluster {code}")
                run_clustering(store, code, threshold=config.threshold, model=config.model)
                summary.clustered.append(code)
            previous[key] = comments_now
        for sheet in _files(config.responses, WORKSHEET_SUFFIXES):
            step(f"responses {sheet.name}")
            try:
                report = respond_import(store, sheet)
            except RefusedFile as exc:
                summary.files_refused.append(str(exc))
                if strict:
                    raise
                continue
            summary.answers_changed += len(report.changed)
            summary.conflicts.extend(f"{sheet.name}: {i} {why}" for i, why in report.conflicts)
        # Each later version is compared with the version before it.
        for (old_entry, old), (_, new) in itertools.pairwise(codes):
            if old_entry.comments is None:
                continue
            diff = draft_diff(store, old, new, check=True)
            summary.revisions.append(
                {"old": old, "new": new, "summary": diff["summary"], "check": diff["check"]}
            )
            write_revision_check(diff, config.output)
        for _, code in consultation:
            fingerprint = _fingerprint(store, parse_draft(code))
            out = config.output / code
            key = f"render:{code}"
            wanted = {"fingerprint": fingerprint, "config": config.digest}
            if previous.get(key) == wanted and out.is_dir() and any(out.iterdir()):
                continue
            step(f"render {code}")
            render_outputs(
                store,
                code,
                out,
                formats=config.formats,
                lang=config.lang,
                publish=config.publish,
                publication=config.publication,
            )
            summary.rendered.append(code)
            previous[key] = wanted
    finally:
        store.close()
    summary.nothing_new = not (
        summary.drafts_imported
        or summary.submissions_collected
        or summary.clustered
        or summary.answers_changed
        or summary.rendered
    )
    if not summary.nothing_new or not state_path.exists():
        config.output.mkdir(parents=True, exist_ok=True)
        with atomic_output(state_path) as tmp:
            tmp.write_text(json.dumps(previous, indent=1, sort_keys=True), encoding="utf-8")
    return summary
