"""Intake: one submission file (any format we read) → a :class:`~guidefeedback.model.Submission`.

:func:`read_submission` chooses the reader by the file's content
(:func:`guidefeedback.safe_open.sniff`), never by its name:

- ``.docx``: comment-form tables (:mod:`.docx_form`) *and* Word review comments and
  tracked changes (:mod:`.review`); a file may be a form, a reviewed copy of the draft,
  or both. Format ``docx-form-iso`` / ``-us`` / ``-remiss`` by the form's headers,
  ``docx-review`` when it holds only review content.
- CSV and XLSX comment matrices (:mod:`.spreadsheet`), formats ``csv`` and ``xlsx``.

Submission details, in order of precedence:

- **organisation**: the ``organisation`` argument; else an "Organisation:" /
  "Organization:" / "Myndighet:" / "Remissinstans:" line; else the organisation column
  when every row gives the same value; else the first co-signer; else the review
  comments' author metadata is *not* used (a person is not an organisation).
- **signatories** (a joint submission): names after "Submitted on behalf of:",
  "Joint submission by:", "Co-signed by:", "Gemensamt remissvar från:", "Undertecknat
  av:" (';'-separated, or a list in the following paragraphs), plus every name in an
  organisation cell that holds several ';'-separated names. All co-signers are recorded;
  the organisation is then the network or lead named in "Organisation:", else the first
  co-signer.
- **publish_names**: a consent line ("We agree that our name may be published: yes",
  "Publish names: no", "Vi godkänner publicering: ja", "Namn får publiceras: nej");
  ``None`` when absent or left as the form's "yes/no".
- **contact/email**: "Contact:"/"Kontaktperson:", "E-mail:"/"E-post:" lines, else the
  author/e-mail column when every row agrees.
- **received**: the ``received`` argument, else a "Date:"/"Datum:" line.

Fatal problems raise :class:`~guidefeedback.errors.RefusedFile` with one line; the rest
are returned in ``Submission.problems``.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..errors import RefusedFile
from ..model import Comment, Problem, Submission
from ..nlp import detect_language
from ..safe_open import DEFAULT_LIMITS, Limits, open_docx, sha256_file, sniff
from .columns import ColumnMap
from .refusals import explained
from .tables import NO_TABLE_MESSAGE, Collector, Metadata, agreed, split_names

__all__ = ["read_submission"]


@dataclasses.dataclass(frozen=True, slots=True)
class _Review:
    comments: tuple[Comment, ...] = ()
    problems: tuple[Problem, ...] = ()
    metadata: dict[str, str] = dataclasses.field(default_factory=dict)


def _read_docx(path: Path, collector: Collector, limits: Limits) -> tuple[str, Metadata, _Review]:
    from .docx_form import page_header_tables, read_form_tables

    doc = open_docx(path, limits)
    form = read_form_tables(doc.element.body, collector, page_header_tables(doc, collector))
    # Imported here: the review reader is only needed for .docx files.
    from .review import read_review

    comments, problems, metadata = read_review(path, doc, limits=limits)
    review = _Review(tuple(comments), tuple(problems), dict(metadata))
    if not form.found and not review.comments:
        raise RefusedFile(
            path, NO_TABLE_MESSAGE + "; the document has no Word comments or tracked changes either"
        )
    fmt = f"docx-form-{form.style}" if form.found and form.style else "docx-review"
    return fmt, form.metadata, review


def read_submission(
    path: Path,
    *,
    organisation: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    default_language: str = "en",
    received: str | None = None,
    columns: ColumnMap | None = None,
) -> Submission:
    """Read one submission file; raise ``RefusedFile`` for a file we will not read.

    ``columns`` is the user's column map (``--columns comment=data``): the headers it
    names decide those columns in every table or sheet that has them.
    """
    path = Path(path)
    try:
        kind = sniff(path, limits)
    except RefusedFile as exc:
        raise explained(exc) from exc
    sha = sha256_file(path)
    collector = Collector(
        path=path,
        limits=limits,
        default_language=default_language,
        columns=columns or ColumnMap(()),
    )
    review = _Review()
    if kind == "docx":
        fmt, meta, review = _read_docx(path, collector, limits)
    elif kind == "xlsx":
        from .spreadsheet import read_xlsx

        fmt, meta = "xlsx", read_xlsx(path, collector)
    elif kind == "csv":
        from .spreadsheet import read_csv

        fmt, meta = "csv", read_csv(path, collector)
    else:  # pragma: no cover - sniff only answers the three kinds above
        raise RefusedFile(path, f"unsupported file type {kind!r}")

    comments = list(collector.comments)
    offset = len(comments)
    for c in review.comments:
        # Review comments follow the form rows; their reply links move with them.
        comments.append(
            dataclasses.replace(
                c,
                position=c.position + offset,
                reply_to=None if c.reply_to is None else c.reply_to + offset,
                language=c.language or detect_language(c.text, fallback=default_language),
            )
        )

    problems = collector.file_problems() + list(review.problems)
    if not comments:
        problems.append(Problem("file", "the comment table has no comments"))

    signatories = list(meta.signatories)
    for value in collector.organisations:
        names = split_names(value) if ";" in value else []
        signatories.extend(n for n in names if n not in signatories)
    column_org = agreed(collector.organisations)
    if column_org is not None and ";" in column_org:
        column_org = None
    org = organisation or meta.organisation or column_org
    if org is None and signatories:
        org = signatories[0]
    if org is not None:
        comments = [_code_to_extra(c, org) for c in comments]
    return Submission(
        file_name=path.name,
        sha256=sha,
        format=fmt,
        comments=tuple(comments),
        organisation=org,
        contact=meta.contact or agreed(collector.authors) or review.metadata.get("author"),
        email=meta.email or agreed(collector.emails),
        signatories=tuple(signatories),
        publish_names=meta.consent,
        received=received or meta.date,
        problems=tuple(problems),
        unrecognised_columns=tuple(collector.unrecognised),
        columns_read=collector.columns_read(),
    )


_BODY_CODE = re.compile(r"^[A-Z]{2,4}$")


def _code_to_extra(comment: Comment, organisation: str) -> Comment:
    """A row's "SE" or "NBN" in the MB/NC column is a member-body code, not another
    organisation: when the file names its organisation, the code is kept in ``extra``."""
    value = (comment.organisation or "").strip()
    if not value or value == organisation or not _BODY_CODE.match(value):
        return comment
    return dataclasses.replace(comment, organisation=None, extra={**comment.extra, "MB/NC": value})
