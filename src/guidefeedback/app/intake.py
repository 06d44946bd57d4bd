"""Comment files checked and collected: the work behind ``check``, ``collect`` and
``comments``.

Heavy modules (python-docx, lxml readers) are imported inside the functions that need them
so ``guidefeedback --help`` and the listing commands stay fast.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import incident
from ..errors import RefusedFile
from ..ids import draft_code, parse_draft
from ..incident import reading
from ..model import Location, Problem, Submission, Unit
from ..records import StoredDraft, SubmissionAdded
from ..safe_open import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from ..intake.columns import ColumnMap
    from ..locate import Locator
    from ..store import Store

# -- comments -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckedComment:
    position: int
    source: str
    organisation: str | None
    type: str | None
    section: str | None
    text: str
    location: Location
    locator: str | None
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()
    """What the submitter should know but need not fix ("general comment")."""


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``check`` tells a submitter: every row as understood, and every problem.

    ``against`` says what the sections were checked against ("D1 in the database", the
    section list the form carries, or a draft file); ``columns`` is the column map used:
    each header of the file as written with the column it was read as (``None``: kept as
    extra data). ``language`` is the language of the form ("sv" for a Swedish form).
    """

    file: Path
    submission: Submission
    comments: tuple[CheckedComment, ...]
    problems: tuple[Problem, ...]
    against: str = ""
    columns: tuple[tuple[str, str | None], ...] = ()
    language: str = "en"
    notes: tuple[str, ...] = ()
    """What the submitter should know about the whole file but need not fix: columns
    kept as extra data, paragraphs that cannot be checked without the draft."""

    @property
    def ok(self) -> bool:
        return not self.problems and all(not c.problems for c in self.comments)


def _read_and_locate(
    path: Path,
    locator: Locator,
    *,
    organisation: str | None,
    language: str,
    limits: Limits,
    columns: ColumnMap | None = None,
) -> tuple[Submission, list[Location]]:
    from ..intake import read_submission

    sub = read_submission(
        path,
        organisation=organisation,
        limits=limits,
        default_language=language,
        columns=columns,
    )
    return sub, [locator.locate(c) for c in sub.comments]


def _check_target(
    store: Store | None,
    path: Path,
    *,
    draft: str | None,
    draft_file: Path | None,
    limits: Limits,
) -> tuple[list[Unit], str, str, bool]:
    """(units, language, description, paragraphs known) of the draft to check against."""
    if draft is not None:
        if store is None:
            raise RefusedFile(path, f"--draft {draft} needs a database (see --db)")
        draft_row = store.draft(parse_draft(draft))
        return (
            store.units(draft_row.id),
            draft_row.language or "en",
            f"{draft_code(draft_row.id)} ({draft_row.title}) in the database",
            True,
        )
    if draft_file is not None:
        from ..drafts import read_draft

        doc = read_draft(draft_file, limits=limits)
        return list(doc.units), doc.language, f"the draft {draft_file.name} ({doc.title})", True
    from ..intake.form_draft import read_form_draft

    form = read_form_draft(path, limits)
    if form is None or not form.sections:
        raise RefusedFile(
            path,
            "the file does not say which draft it is about (it is not a form made by"
            " 'guidefeedback form'); give --draft-file DRAFT.docx, or --draft D1 with a database",
        )
    return (
        form.units(),
        form.language or "en",
        f"the {len(form.sections)} sections listed in the form for {form.code} ({form.title})",
        False,
    )


PARAGRAPHS_UNCHECKED = (
    "paragraph numbers were not checked: the form lists the draft's sections, not its"
    " paragraphs (give --draft-file or --draft to check them)"
)


def check_file(
    store: Store | None,
    path: Path,
    *,
    draft: str | None = None,
    draft_file: Path | None = None,
    organisation: str | None = None,
    columns: ColumnMap | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> CheckReport:
    """Read and locate a submission without storing anything.

    The draft is ``draft`` in ``store``, else the draft file ``draft_file``, else the
    section list the form itself carries (a form written by ``guidefeedback form``): a
    submitter needs no database to check a filled form.
    """
    from ..locate import Locator

    units, language, against, paragraphs_known = _check_target(
        store, path, draft=draft, draft_file=draft_file, limits=limits
    )
    by_seq = {u.seq: u for u in units}
    sub, locations = _read_and_locate(
        path,
        Locator(units),
        organisation=organisation,
        language=language,
        limits=limits,
        columns=columns,
    )
    if draft is not None and store is not None:
        locations = _same_file_hint(sub, locations, store.draft(parse_draft(draft)))
    used = sub.columns_read
    has_type_column = any(canonical == "type" for _, canonical in used) or not used
    per_row: dict[str, list[str]] = {}
    file_problems: list[Problem] = []
    file_notes: list[str] = []
    for p in sub.problems:
        if p.where == "columns" and p.message.startswith("columns not recognised"):
            # An optional column we do not know is kept as extra data: nothing to fix.
            file_notes.append(p.message)
        elif p.where.startswith(("table", "sheet", "line", "row", "Word comment", "tracked")):
            per_row.setdefault(p.where, []).append(p.message)
        else:
            file_problems.append(p)
    checked: list[CheckedComment] = []
    unchecked_paragraphs = False
    for c, loc in zip(sub.comments, locations, strict=True):
        problems = list(per_row.pop(c.source, []))
        notes: list[str] = []
        reason = loc.reason
        if not paragraphs_known and reason and "has no paragraph" in reason:
            # The form lists sections, not paragraphs: ¶ numbers cannot be checked, which
            # is said once for the file, not as a problem on every row.
            reason = "; ".join(
                r
                for r in reason.split("; ")
                if "has no paragraph" not in r and r != "located at the section heading"
            )
            unchecked_paragraphs = True
        gave_place = any(
            (v or "").strip()
            for v in (c.section, c.paragraph, c.table_ref, c.quoted, c.line, c.page)
        )
        if loc.method == "general" and (not gave_place or reason.startswith("general comment")):
            # A row without a place is a general comment: worth saying, nothing to fix.
            notes.append(reason or "general comment")
        elif loc.unit_seq is None:
            problems.append(f"not located: {reason}" if reason else "not located")
        elif reason:
            problems.append(reason)
        if c.type is None and c.kind == "form_row":
            if c.type_raw:
                if not any(m.startswith("unknown comment type") for m in problems):
                    # The reader may already have said so, with the expected values.
                    problems.append(f"unknown comment type {c.type_raw!r}")
            elif has_type_column:
                problems.append("no comment type")
        unit = by_seq.get(loc.unit_seq) if loc.unit_seq is not None else None
        checked.append(
            CheckedComment(
                position=c.position,
                source=c.source,
                organisation=c.organisation or sub.organisation,
                type=None if c.type is None else str(c.type),
                section=c.section,
                text=c.text,
                location=loc,
                locator=unit.locator if unit else None,
                problems=tuple(problems),
                notes=tuple(notes),
            )
        )
    # Problems on rows that produced no comment (e.g. a row with no comment text).
    for where, messages in per_row.items():
        file_problems.extend(Problem(where, m) for m in messages)
    if unchecked_paragraphs:
        file_notes.append(PARAGRAPHS_UNCHECKED)
    swedish = sub.format.endswith("remiss") or language == "sv"
    return CheckReport(
        path,
        sub,
        tuple(checked),
        tuple(file_problems),
        against=against,
        columns=tuple(used),
        language="sv" if swedish else "en",
        notes=tuple(file_notes),
    )


def _same_file_hint(
    sub: Submission, locations: list[Location], draft_row: StoredDraft
) -> list[Location]:
    """A reviewed copy that is the very file the draft was imported from: its changes are
    part of the draft, so say that instead of "not located"."""
    if sub.sha256 != draft_row.sha256:
        return locations
    hint = (
        f"this file is the one draft {draft_code(draft_row.id)} was imported from,"
        " so its tracked changes are part of the draft; import the draft as it was sent"
        " out and collect this copy against it"
    )
    return [
        Location(loc.unit_seq, loc.method, hint) if loc.unit_seq is None else loc
        for loc in locations
    ]


@dataclass(frozen=True, slots=True)
class Collected:
    file: Path
    added: SubmissionAdded | None = None
    organisation: str | None = None
    error: str | None = None
    row_organisations: tuple[str, ...] = ()
    """The organisations the rows name, when the file names none for all of them."""
    no_organisation_column: bool = False
    """A sheet whose columns hold no organisation, and no organisation was given."""


def collect_files(
    store: Store,
    paths: Sequence[Path],
    *,
    draft: str,
    organisation: str | None = None,
    organisations: Mapping[Path, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    on_file: Callable[[Path], None] | None = None,
    columns: ColumnMap | None = None,
    column_maps: Mapping[Path, ColumnMap] | None = None,
    convert_legacy: bool = False,
) -> list[Collected]:
    """Store each file as one submission, each in its own transaction.

    A refused file is reported with its reason and leaves the database as it was; the
    other files are still collected. ``columns`` is the column map for every file,
    ``column_maps`` one per file (a project's ``[columns]`` per comments folder).
    ``convert_legacy`` converts a legacy .doc/.xls with LibreOffice and reads the result
    (the original file is what is stored).
    """
    from ..safe_open import check_size, sha256_file

    draft_row = store.draft(parse_draft(draft))
    draft_id = draft_row.id
    locator: Locator | None = None
    results: list[Collected] = []
    stopped: str | None = None
    for path in paths:
        if on_file is not None:
            on_file(path)
        if stopped is not None:
            results.append(Collected(path, error=f"{path.name}: not read ({stopped})"))
            continue
        try:
            with reading(path):
                # A FIFO or device would never finish hashing: the size check refuses
                # anything that is not a regular file, and over-large files, first.
                check_size(path, limits)
                sha = sha256_file(path)
            known = store.find_submission_by_sha(draft_id, sha)
            if known is not None:
                row = store.submission(known)
                results.append(
                    Collected(
                        path,
                        SubmissionAdded(known, False, row.comment_count, 0, ()),
                        row.organisation,
                    )
                )
                continue
            if locator is None:
                # Built once per run: indexing a 300-page draft for every file made
                # collecting thousands of small files slow.
                from ..locate import Locator

                locator = Locator(store.units(draft_id))
            with reading(path):
                options: dict[str, Any] = {
                    "organisation": (organisations or {}).get(path, organisation),
                    "language": draft_row.language,
                    "limits": limits,
                    "columns": (column_maps or {}).get(path, columns),
                }
                try:
                    sub, locations = _read_and_locate(path, locator, **options)
                except RefusedFile as refused:
                    from ..intake.refusals import converted, is_legacy

                    if not (convert_legacy and is_legacy(refused)):
                        raise
                    with converted(path, refused) as new:
                        sub, locations = _read_and_locate(new, locator, **options)
                    note = Problem(
                        "file", f"converted from {path.suffix or 'a legacy file'} by LibreOffice"
                    )
                    sub = dataclasses.replace(
                        sub, file_name=path.name, sha256=sha, problems=(*sub.problems, note)
                    )
                sub = organisation_from_domain(sub, store)
                locations = _same_file_hint(sub, locations, draft_row)
                content = path.read_bytes()
                if sub.sha256 != sha:
                    raise RefusedFile(path, "the file changed while it was being read; try again")
                added = store.add_submission(draft_id, sub, locations, content=content)
            results.append(
                Collected(
                    path,
                    added,
                    sub.organisation,
                    row_organisations=tuple(
                        dict.fromkeys(c.organisation for c in sub.comments if c.organisation)
                    )
                    if sub.organisation is None
                    else (),
                    no_organisation_column=sub.organisation is None
                    and bool(sub.columns_read)
                    and all(column != "organisation" for _, column in sub.columns_read),
                )
            )
        except RefusedFile as exc:
            results.append(Collected(path, error=str(exc)))
        except Exception as exc:  # one file's failure never stops the others
            if incident.is_disk_full(exc):
                # The files after this one would fail the same way: one line says so.
                incident.attach(exc, path)
                line = incident.one_line(exc, command="collect", database=store.path)
                stopped = "no space left on the device"
                results.append(
                    Collected(path, error=line.replace("nothing was changed", "not stored"))
                )
            elif isinstance(exc, OSError) and exc.strerror:
                results.append(Collected(path, error=f"{path.name}: cannot read ({exc.strerror})"))
            else:
                incident.attach(exc, path)
                results.append(Collected(path, error=incident.one_line(exc, command="collect")))
    return results


def write_form(
    store: Store, draft: str, output: Path, *, style: str | None = None
) -> tuple[dict[str, Any], str]:
    """Write a blank comment form for a draft (.docx or .xlsx); the style defaults to the
    draft's language (Swedish remiss form for Swedish drafts, ISO otherwise)."""
    from ..render.forms import write_blank_form
    from .drafts import draft_outline

    outline = draft_outline(store, draft)
    chosen = style or ("remiss" if outline["language"] == "sv" else "iso")
    write_blank_form(outline, output, style=chosen)
    return outline, chosen


def organisation_from_domain(sub: Submission, store: Store) -> Submission:
    """A submission that names no organisation (an e-mail whose letter and signature name
    none) takes the one its sender's domain is an alias of (``[organisations]`` in
    guidefeedback.toml: ``"Skogsbygdens kommun" = ["skogsbygden.se"]``); otherwise it is
    left as it is, with the reader's problem line that names the domain."""
    if sub.organisation or not sub.email or "@" not in sub.email:
        return sub
    from ..orgs import org_key

    domain = sub.email.rsplit("@", 1)[1].strip().rstrip(">").casefold()
    names = {a.key: a.name for a in store.org_aliases()}
    name = names.get(org_key(domain))
    if name is None:
        return sub
    kept = tuple(p for p in sub.problems if domain not in p.message)
    return dataclasses.replace(sub, organisation=name, problems=kept)
