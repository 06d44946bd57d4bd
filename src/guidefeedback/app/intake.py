"""Comment files checked and collected: the work behind ``check``, ``collect`` and
``comments``.

Heavy modules (python-docx, lxml readers) are imported inside the functions that need them
so ``guidefeedback --help`` and the listing commands stay fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import RefusedFile
from ..ids import parse_draft
from ..model import Location, Problem, Submission
from ..records import SubmissionAdded
from ..safe_open import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
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
    draft_row = store.draft(parse_draft(draft))
    units = store.units(draft_row.id)
    by_seq = {u.seq: u for u in units}
    from ..locate import Locator

    sub, locations = _read_and_locate(
        path,
        Locator(units),
        organisation=organisation,
        language=draft_row.language,
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
        if c.type is None and not c.kind.startswith("review") and c.kind != "tracked_change":
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
    from ..safe_open import sha256_file

    draft_row = store.draft(parse_draft(draft))
    draft_id = draft_row.id
    locator: Locator | None = None
    results: list[Collected] = []
    for path in paths:
        if on_file is not None:
            on_file(path)
        try:
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
            sub, locations = _read_and_locate(
                path,
                locator,
                organisation=(organisations or {}).get(path, organisation),
                language=draft_row.language,
                limits=limits,
            )
            content = path.read_bytes()
            if sub.sha256 != sha:
                raise RefusedFile(path, "the file changed while it was being read; try again")
            added = store.add_submission(draft_id, sub, locations, content=content)
            results.append(Collected(path, added, sub.organisation))
        except RefusedFile as exc:
            results.append(Collected(path, error=str(exc)))
        except OSError as exc:
            results.append(Collected(path, error=f"{path.name}: cannot read ({exc.strerror})"))
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
