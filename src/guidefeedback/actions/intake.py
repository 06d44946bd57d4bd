"""Each CLI command's work as one keyword-only function over the store and plain data.

The CLI parses arguments, calls one of these, and prints what comes back; tests and other
programs call them directly. Heavy modules (python-docx, spaCy, scikit-learn) are imported
inside the functions that need them so ``guidefeedback --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import RefusedFile
from ..ids import draft_code, parse_code
from ..model import Location, Problem, Submission
from ..safe_open import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from ..locate import Locator
    from ..store import DraftAdded, Store, SubmissionAdded

# -- drafts ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DraftImport:
    added: DraftAdded
    title: str
    language: str
    file: Path

    @property
    def code(self) -> str:
        return draft_code(self.added.draft_id)


def import_draft(
    store: Store,
    path: Path,
    *,
    title: str | None = None,
    version: str | None = None,
    lang: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
) -> DraftImport:
    """Read a .docx draft and store it with its units (nothing happens for a known file)."""
    from ..drafts import read_draft
    from ..safe_open import sha256_file
    from ..store import DraftAdded

    # A known file is recognised by its hash before any parsing: re-runs stay cheap.
    known = store.find_draft_by_sha(sha256_file(path))
    if known is not None:
        added = DraftAdded(int(known["id"]), False, str(known["version"]), int(known["unit_count"]))
        return DraftImport(
            added=added, title=str(known["title"]), language=str(known["language"]), file=path
        )
    doc = read_draft(path, lang=lang, title=title, limits=limits)
    content = path.read_bytes()
    added = store.add_draft(doc, content=content, version=version)
    return DraftImport(added=added, title=doc.title, language=doc.language, file=path)


def draft_outline(store: Store, code: str) -> dict[str, Any]:
    """The draft's record with its units in reading order, as plain JSON-ready data."""
    draft = store.draft(code)
    units = store.units(int(draft["id"]))
    draft_id = int(draft["id"])
    draft["id"] = draft_code(draft_id)
    draft["units"] = [
        {
            "id": f"D{draft_id}.U{u.seq}",
            "seq": u.seq,
            "kind": str(u.kind),
            "level": u.level,
            "number": u.number,
            "section": u.section,
            "para": u.para,
            "running": u.running,
            "locator": u.locator,
            "table": u.table,
            "row": u.row,
            "title": u.heading_title,
            "text": u.text,
        }
        for u in units
    ]
    return draft


def resolve_draft_id(store: Store, code: str) -> int:
    return int(store.draft(parse_code(code, "D"))["id"])


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


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What ``check`` tells a submitter: every row as understood, and every problem."""

    file: Path
    submission: Submission
    comments: tuple[CheckedComment, ...]
    problems: tuple[Problem, ...]

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
) -> tuple[Submission, list[Location]]:
    from ..intake import read_submission

    sub = read_submission(path, organisation=organisation, limits=limits, default_language=language)
    return sub, [locator.locate(c) for c in sub.comments]


def check_file(
    store: Store,
    path: Path,
    *,
    draft: str,
    organisation: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> CheckReport:
    """Read and locate a submission without storing anything."""
    draft_row = store.draft(parse_code(draft, "D"))
    units = store.units(int(draft_row["id"]))
    by_seq = {u.seq: u for u in units}
    from ..locate import Locator

    sub, locations = _read_and_locate(
        path,
        Locator(units),
        organisation=organisation,
        language=draft_row["language"],
        limits=limits,
    )
    per_row: dict[str, list[str]] = {}
    file_problems: list[Problem] = []
    for p in sub.problems:
        if p.where.startswith(("table", "sheet", "line", "row", "Word comment", "tracked")):
            per_row.setdefault(p.where, []).append(p.message)
        else:
            file_problems.append(p)
    checked: list[CheckedComment] = []
    for c, loc in zip(sub.comments, locations, strict=True):
        problems = list(per_row.pop(c.source, []))
        if loc.unit_seq is None:
            problems.append(f"not located: {loc.reason}" if loc.reason else "not located")
        elif loc.reason:
            problems.append(loc.reason)
        if c.type is None and c.kind not in ("review_comment", "tracked_change", "letter_part"):
            problems.append(
                f"unknown comment type {c.type_raw!r}" if c.type_raw else "no comment type"
            )
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
            )
        )
    # Problems on rows that produced no comment (e.g. a row with no comment text).
    for where, messages in per_row.items():
        file_problems.extend(Problem(where, m) for m in messages)
    return CheckReport(path, sub, tuple(checked), tuple(file_problems))


@dataclass(frozen=True, slots=True)
class Collected:
    file: Path
    added: SubmissionAdded | None = None
    organisation: str | None = None
    error: str | None = None
    unlocated_reasons: tuple[str, ...] = field(default=())


def collect_files(
    store: Store,
    paths: Sequence[Path],
    *,
    draft: str,
    organisation: str | None = None,
    organisations: Mapping[Path, str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    on_file: Callable[[Path], None] | None = None,
) -> list[Collected]:
    """Store each file as one submission, each in its own transaction.

    A refused file is reported with its reason and leaves the database as it was; the
    other files are still collected.
    """
    from ..safe_open import check_size, sha256_file

    draft_id = resolve_draft_id(store, draft)
    draft_row = store.draft(draft_id)
    locator: Locator | None = None
    results: list[Collected] = []
    for path in paths:
        if on_file is not None:
            on_file(path)
        try:
            # An oversized file is refused before it is hashed (hashing 1 GB takes seconds).
            check_size(path, limits)
            sha = sha256_file(path)
            known = store.find_submission_by_sha(draft_id, sha)
            if known is not None:
                from ..store import SubmissionAdded

                row = store.submission(known)
                results.append(
                    Collected(
                        path,
                        SubmissionAdded(known, False, int(row["comment_count"]), 0, ()),
                        row["organisation"],
                    )
                )
                continue
            if locator is None:
                # Built once per run: indexing a 300-page draft for every file made
                # collecting thousands of small files slow.
                from ..locate import Locator

                locator = Locator(store.units(draft_id))
            sub, locations = _read_and_locate(
                path,
                locator,
                organisation=(organisations or {}).get(path, organisation),
                language=draft_row["language"],
                limits=limits,
            )
            content = path.read_bytes()
            if sub.sha256 != sha:
                raise RefusedFile(path, "the file changed while it was being read; try again")
            added = store.add_submission(draft_id, sub, locations, content=content)
            results.append(
                Collected(
                    path,
                    added,
                    sub.organisation,
                    unlocated_reasons=tuple(
                        loc.reason for loc in locations if loc.unit_seq is None and loc.reason
                    ),
                )
            )
        except RefusedFile as exc:
            results.append(Collected(path, error=str(exc)))
        except OSError as exc:
            results.append(Collected(path, error=f"{path.name}: cannot read ({exc.strerror})"))
    return results
