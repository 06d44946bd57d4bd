"""Intake: one submission file (any format we read) → a :class:`~guidefeedback.model.Submission`.

:func:`read_submission` chooses the reader by the file's content
(:func:`guidefeedback.safe_open.sniff`), never by its name:

- ``.docx``: comment-form tables (:mod:`.docx_form`) *and* Word review comments and
  tracked changes (:mod:`.review`); a file may be a form, a reviewed copy of the draft,
  or both. Format ``docx-form-iso`` / ``-us`` / ``-remiss`` where the headers are that
  style's own wordings, plain ``docx-form`` otherwise (e.g. the AOM template),
  ``docx-review`` when it holds only review content.
- CSV and XLSX comment matrices (:mod:`.spreadsheet`), formats ``csv`` and ``xlsx``.
- Letters (:mod:`.letter`, :mod:`.letters`): a PDF (``letter-pdf``), a .docx with
  neither form tables nor review content (``letter-docx``), an .odt likewise
  (``letter-odt``; its tables and annotations otherwise, :mod:`.odf`), and a text file
  that is prose rather than a table (``letter-text``). An .eml (``eml``, :mod:`.mail`)
  is a letter plus its attachments, each read as a file of its own. .ods sheets are
  read like .xlsx (``ods``).

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
from ..safe_open import DEFAULT_LIMITS, Limits, open_docx, sha256_file, sniff_submission
from .columns import ColumnMap
from .letters import LetterRead, looks_like_letter, read_email, read_letter_file
from .refusals import explained
from .tables import NO_TABLE_MESSAGE, Collector, Metadata, agreed, split_names

__all__ = ["read_submission"]


@dataclasses.dataclass(frozen=True, slots=True)
class _Review:
    comments: tuple[Comment, ...] = ()
    problems: tuple[Problem, ...] = ()
    metadata: dict[str, str] = dataclasses.field(default_factory=dict)


def _read_docx(
    path: Path, collector: Collector, limits: Limits
) -> tuple[str, Metadata, _Review, LetterRead | None]:
    from .docx_form import page_header_tables, read_form_tables

    doc = open_docx(path, limits)
    form = read_form_tables(doc.element.body, collector, page_header_tables(doc, collector))
    # Imported here: the review reader is only needed for .docx files.
    from .review import read_review

    comments, problems, metadata = read_review(path, doc, limits=limits)
    review = _Review(tuple(comments), tuple(problems), dict(metadata))
    if not form.found and not review.comments:
        from .docx_letter import docx_letter_blocks

        try:
            letter = read_letter_file(
                path,
                "docx",
                limits=limits,
                default_language=collector.default_language,
                blocks=docx_letter_blocks(doc),
            )
        except RefusedFile:
            raise RefusedFile(
                path,
                NO_TABLE_MESSAGE
                + "; the document has no Word comments or tracked changes, and no letter text",
            ) from None
        return letter.format, Metadata(), review, letter
    if form.found:
        # Named by its columns only where they are really ISO, remiss or US federal ones.
        fmt = f"docx-form-{form.style}" if form.style else "docx-form"
    else:
        fmt = "docx-review"
    return fmt, form.metadata, review, None


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
        kind = sniff_submission(path, limits)
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
    letter: LetterRead | None = None
    meta = Metadata()
    if kind == "docx":
        fmt, meta, review, letter = _read_docx(path, collector, limits)
    elif kind == "xlsx":
        from .spreadsheet import read_xlsx

        fmt, meta = "xlsx", read_xlsx(path, collector)
    elif kind == "csv":
        from .spreadsheet import read_csv

        try:
            fmt, meta = "csv", read_csv(path, collector)
        except RefusedFile as exc:
            if not exc.reason.startswith("no comment table found") or not _prose(path, limits):
                raise
            letter = read_letter_file(
                path, "text", limits=limits, default_language=default_language
            )
            fmt = letter.format
        else:
            if _subject_line_as_header(collector) and _prose(path, limits):
                letter = read_letter_file(
                    path, "text", limits=limits, default_language=default_language
                )
                fmt = letter.format
    elif kind == "pdf":
        letter = read_letter_file(path, "pdf", limits=limits, default_language=default_language)
        fmt = letter.format
    elif kind in ("odt", "ods"):
        fmt, meta, review, letter = _read_odf(path, kind, collector, limits)
    elif kind == "eml":
        letter = read_email(
            path,
            limits=limits,
            default_language=default_language,
            read_attachment=lambda p: read_submission(
                p, limits=limits, default_language=default_language
            ),
        )
        fmt = letter.format
    else:  # pragma: no cover - sniff_submission only answers the kinds above
        raise RefusedFile(path, f"unsupported file type {kind!r}")
    if letter is not None:
        return _letter_submission(path, sha, letter, organisation, received, review)

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


def _subject_line_as_header(collector: Collector) -> bool:
    """A plain-text letter read as a one-column table: its subject line ("Yttrande över
    vägledningen", "Synpunkter på …") starts like a comment-column header, below the
    letterhead. A real one-column export has its header first, and a header's own
    wording ("Synpunkt", "Comment"), not a line that only begins with one."""
    from .columns import normalise_header, vocabulary

    if collector.columns or len(collector.headers) != 1:
        return False
    header = collector.headers[0]
    return (
        header.width == 1
        and header.index > 0
        and normalise_header(header.names[0]) not in vocabulary().columns
    )


def _prose(path: Path, limits: Limits) -> bool:
    from ..safe_open import decode_text, read_text_bytes

    text, _ = decode_text(read_text_bytes(path, limits), path=path)
    return looks_like_letter(text)


def _read_odf(
    path: Path, kind: str, collector: Collector, limits: Limits
) -> tuple[str, Metadata, _Review, LetterRead | None]:
    """An .ods is a sheet; an .odt is a form (tables), a reviewed copy (annotations),
    both, or else a letter."""
    from .odf import read_ods, read_odt

    if kind == "ods":
        return "ods", read_ods(path, collector, limits), _Review(), None
    odt = read_odt(path, collector, limits)
    review = _Review(odt.annotations)
    if odt.form_found:
        votes = [s for s in collector.styles if s]
        style = max(set(votes), key=votes.count) if votes else "iso"
        return f"odt-form-{style}", odt.metadata, review, None
    if review.comments:
        return "odt-review", odt.metadata, review, None
    letter = read_letter_file(
        path,
        "odt",
        limits=limits,
        default_language=collector.default_language,
        blocks=list(odt.blocks),
    )
    return letter.format, Metadata(), review, letter


def _letter_submission(
    path: Path,
    sha: str,
    letter: LetterRead,
    organisation: str | None,
    received: str | None,
    review: _Review,
) -> Submission:
    comments = list(letter.comments)
    offset = len(comments)
    comments.extend(
        dataclasses.replace(
            c,
            position=c.position + offset,
            reply_to=None if c.reply_to is None else c.reply_to + offset,
        )
        for c in review.comments
    )
    return Submission(
        file_name=path.name,
        sha256=sha,
        format=letter.format,
        comments=tuple(comments),
        organisation=organisation or letter.organisation,
        contact=letter.contact,
        email=letter.email,
        publish_names=letter.consent,
        received=received or letter.date,
        problems=letter.problems,
        signatory=letter.signatory,
        reference=letter.reference,
        split=letter.split,
    )


_BODY_CODE = re.compile(r"^[A-Z]{2,4}$")


def _code_to_extra(comment: Comment, organisation: str) -> Comment:
    """A row's "SE" or "NBN" in the MB/NC column is a member-body code, not another
    organisation: when the file names its organisation, the code is kept in ``extra``."""
    value = (comment.organisation or "").strip()
    if not value or value == organisation or not _BODY_CODE.match(value):
        return comment
    return dataclasses.replace(comment, organisation=None, extra={**comment.extra, "MB/NC": value})
