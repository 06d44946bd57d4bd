"""``render``: every output of a draft from one Report, replaced in the folder all at once.

Outputs are first written to a staging folder next to the target; only when every one of
them has been written are they moved into place (each move an atomic rename), so a failed
render leaves the previous outputs as they were.

A render replaces the whole *set* of files we wrote, not file by file: the folder's
manifest (``.guidefeedback-outputs``) lists what the previous render wrote, and whatever
of that this render did not write again is removed, so a ``--publish`` render over an
internal one leaves no internal matrix, review copy or letter behind. Files we did not
write (someone's notes in the folder) are never touched.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import incident
from ..atomic import atomic_output
from ..beside import run_beside, two_cores
from ..ids import parse_draft
from ..privacy import Masked
from ..publication import Publication

if TYPE_CHECKING:
    from ..store import Store

FORMATS = ("docx", "html", "md", "csv", "xlsx")
MASKED_FILE = "NOT-FOR-PUBLICATION-masked-items.csv"
PID_FILE = ".pid"
MANIFEST = ".guidefeedback-outputs"
# From this many comments a render writes its outputs in two processes (below it the
# second process costs more than it saves).
PARALLEL_FROM = 5000
# What renders wrote before there was a manifest: removed when no manifest says otherwise.
_KNOWN_OUTPUTS = (
    "comment-response.docx",
    "comment-response.html",
    "comment-response.md",
    "comment-matrix.csv",
    "comment-matrix.xlsx",
    "review-copy.docx",
    MASKED_FILE,
    "answers/*.docx",
)


@dataclass(frozen=True, slots=True)
class Rendered:
    folder: Path
    files: tuple[Path, ...]
    comments: int
    masked: int
    review_comments_placed: int


def render_outputs(
    store: Store,
    draft: str,
    out: Path,
    *,
    formats: Sequence[str] = FORMATS,
    lang: str | None = None,
    publish: bool = False,
    template_dir: Path | None = None,
    publication: Publication | None = None,
    parallel: bool | None = None,
) -> Rendered:
    """Every output of one draft; ``lang`` None means the draft's own language.

    ``parallel`` writes the HTML, Markdown and workbook in a second process while this
    one writes the Word outputs (None: when the report is large and two cores are ours).
    """
    from ..render import docx as word
    from ..render import review_copy, tables, web
    from ..report import build

    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(sorted(unknown))}")
    from ..responses import label_lang

    lang = label_lang(store.draft(parse_draft(draft)).language, lang)
    built = build(store, draft, publish=publish, lang=lang, publication=publication)
    report = built.report
    reference = _reference_docx(template_dir)
    out.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(out)
    staging = Path(tempfile.mkdtemp(prefix=".render-", dir=out))
    placed = 0
    try:
        # Inside the try: on a full disk even this write fails, and the folder must go.
        (staging / PID_FILE).write_text(str(os.getpid()))
        draft_bytes = (
            store.file_content(store.draft(parse_draft(draft)).sha256) if "docx" in formats else b""
        )
        placed_in: list[int] = []

        def word_outputs() -> None:
            with _user_reference(reference, template_dir):
                word.write_consolidated(
                    report, staging / "comment-response.docx", reference=reference
                )
                word.write_answer_letters(report, staging / "answers", reference=reference)
            placed_in.append(
                review_copy.write_review_copy(report, draft_bytes, staging / "review-copy.docx")
            )

        # The Word outputs in one list, the others in a second: on two cores a large
        # render writes both at once (see _run_side_by_side).
        first: list[Callable[[], None]] = []
        second: list[Callable[[], None]] = []
        if "docx" in formats:
            first.append(word_outputs)
        if "csv" in formats:
            first.append(lambda: tables.write_csv(report, staging / "comment-matrix.csv"))
        if "html" in formats:
            second.append(
                lambda: web.write_html(
                    report, staging / "comment-response.html", template_dir=template_dir
                )
            )
        if "md" in formats:
            second.append(
                lambda: web.write_markdown(
                    report, staging / "comment-response.md", template_dir=template_dir
                )
            )
        if "xlsx" in formats:
            second.append(lambda: tables.write_xlsx(report, staging / "comment-matrix.xlsx"))
        if parallel is None:
            parallel = len(report.comments) >= PARALLEL_FROM and two_cores()
        if parallel and first and second:
            _run_side_by_side(first, second)
        else:
            for job in (*first, *second):
                job()
        placed = sum(placed_in)
        if built.masked:
            _write_masked(built.masked, staging / MASKED_FILE)
        files = _move_into_place(staging, out)
        _remove_stale(out, files)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    # A long comment listed under each of its points is still one comment.
    comments = len({c.comment_code for c in report.comments})
    return Rendered(out, tuple(files), comments, len(built.masked), placed)


def _run_side_by_side(
    first: Sequence[Callable[[], None]], second: Sequence[Callable[[], None]]
) -> None:
    """Run ``second`` in a forked child while this process runs ``first``.

    The child inherits the Report (nothing is copied or pickled) and only writes files
    into the staging folder; it never touches the database. An error in either is raised
    here, after both have stopped, so the staging folder is removed with nothing of it
    in place.
    """

    def run_all(jobs: Sequence[Callable[[], None]]) -> None:
        for job in jobs:
            job()

    run_beside(
        lambda: run_all(first),
        lambda: run_all(second),
        what="the process writing HTML, Markdown and XLSX",
    )


def _remove_abandoned_staging(out: Path) -> None:
    """Staging folders left by a killed render: their process no longer runs."""
    for old in out.glob(".render-*"):
        try:
            pid = int((old / PID_FILE).read_text())
            os.kill(pid, 0)
        except (OSError, ValueError):
            shutil.rmtree(old, ignore_errors=True)


def _reference_docx(template_dir: Path | None) -> Path | None:
    from ..render.docx import REFERENCE_DOCX
    from ..render.web import templates_dir
    from ..safe_open import open_docx

    if template_dir is not None and (template_dir / REFERENCE_DOCX).is_file():
        # A user's reference document is untrusted like any .docx: checked before use.
        open_docx(template_dir / REFERENCE_DOCX)
        return template_dir / REFERENCE_DOCX
    if (templates_dir() / REFERENCE_DOCX).is_file():
        return templates_dir() / REFERENCE_DOCX
    return None


@contextlib.contextmanager
def _user_reference(reference: Path | None, template_dir: Path | None) -> Iterator[None]:
    """A user's reference.docx that opens but lacks what we build on (styles, sections,
    parts python-docx expects) is refused with one line naming it."""
    from ..errors import GuidefeedbackError, RefusedFile

    user = reference is not None and template_dir is not None and reference.parent == template_dir
    try:
        yield
    except GuidefeedbackError:
        raise
    except Exception as exc:
        if not user or reference is None or incident.is_disk_full(exc):
            raise
        raise RefusedFile(
            reference,
            f"cannot be used as the reference document ({type(exc).__name__}: {exc});"
            " save a plain Word document with the styles you want",
        ) from exc


def _write_masked(masked: Sequence[tuple[str, str, Masked]], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["comment", "field", "kind", "original"])
    for comment_id, field_name, item in masked:
        writer.writerow([comment_id, field_name, item.kind, item.original])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def _move_into_place(staging: Path, out: Path) -> list[Path]:
    moved: list[Path] = []
    for source in sorted(p for p in staging.rglob("*") if p.is_file() and p.name != PID_FILE):
        target = out / source.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        source.replace(target)
        moved.append(target)
    return moved


def _remove_stale(out: Path, written: Sequence[Path]) -> None:
    """Remove what an earlier render wrote and this one did not; then record this set."""
    manifest = out / MANIFEST
    now = {p.relative_to(out).as_posix() for p in written}
    before: set[str] = set()
    if manifest.is_file():
        before = {line for line in manifest.read_text("utf-8").splitlines() if line}
    else:
        for pattern in _KNOWN_OUTPUTS:
            before.update(p.relative_to(out).as_posix() for p in out.glob(pattern))
    for name in sorted(before - now):
        target = (out / name).resolve()
        # Only inside the output folder, whatever the manifest says.
        if out.resolve() in target.parents and target.is_file():
            target.unlink()
    for folder in {(out / n).parent for n in before - now}:
        if folder != out and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    with atomic_output(manifest) as tmp:
        tmp.write_text("".join(f"{n}\n" for n in sorted(now)), encoding="utf-8")
