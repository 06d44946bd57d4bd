"""Letters in every format, and e-mails with their attachments, as one reading.

The dispatcher (:func:`guidefeedback.intake.read_submission`) calls :func:`read_letter_file`
for a PDF, an .odt without comment tables or annotations, a .docx without either, and a
plain-text file that is prose rather than a table; and :func:`read_email` for an .eml.
Each gives a :class:`LetterRead`: the comments, how the letter was split (for ``check``),
and the details from its letterhead and signature.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RefusedFile
from ..model import Comment, Problem, Submission
from ..safe_open import DEFAULT_LIMITS, Limits, decode_text, read_text_bytes
from .letter import Block, Letter, read_letter, text_blocks
from .tables import NO_TABLE_MESSAGE


@dataclass(frozen=True, slots=True)
class LetterRead:
    """A letter's comments and details, ready to become a submission."""

    format: str
    comments: tuple[Comment, ...]
    organisation: str | None = None
    signatory: str | None = None
    date: str | None = None
    reference: str | None = None
    email: str | None = None
    contact: str | None = None
    consent: bool | None = None
    split: str = ""
    problems: tuple[Problem, ...] = ()


def _from_letter(fmt: str, letter: Letter) -> LetterRead:
    meta = letter.metadata
    return LetterRead(
        format=fmt,
        comments=letter.comments,
        organisation=letter.organisation,
        signatory=letter.signatory,
        date=letter.date,
        reference=letter.reference,
        email=meta.email,
        contact=meta.contact,
        consent=meta.consent,
        split=letter.split,
        problems=letter.problems,
    )


def _refuse_empty(path: Path, what: str) -> None:
    raise RefusedFile(path, f"{NO_TABLE_MESSAGE}; {what}")


def looks_like_letter(text: str) -> bool:
    """Prose rather than a table: not a header row of short cells with its delimiter on
    most lines, and some line of ten words or more, or 40 words in all without tabs."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return False
    for delimiter in (",", ";", "\t", "|"):
        # A header row of short cells, and the delimiter on most lines: a table whose
        # columns we did not recognise (the refusal says how to name them), not a letter.
        cells = lines[0].split(delimiter)
        if len(cells) < 2 or any(len(c.strip()) > 40 for c in cells):
            continue
        try:
            records = list(
                itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), 200)
            )
        except csv.Error:
            continue
        records = [r for r in records if any(f.strip() for f in r)]
        if sum(len(r) == len(cells) for r in records) >= 0.8 * len(records):
            return False
    if any(len(ln.split()) >= 10 and ln.count(",") < 5 and "\t" not in ln for ln in lines):
        return True
    return sum(len(ln.split()) for ln in lines) >= 40 and not any("\t" in ln for ln in lines)


def read_letter_file(
    path: Path,
    kind: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    default_language: str = "en",
    blocks: list[Block] | None = None,
) -> LetterRead:
    """A letter from a PDF, plain text, or blocks a .docx/.odt reader already made."""
    if blocks is None:
        if kind == "pdf":
            from .pdf import read_pdf_blocks

            blocks = read_pdf_blocks(path, limits)
        elif kind == "text":
            text, _ = decode_text(read_text_bytes(path, limits), path=path)
            blocks = text_blocks(text)
        else:  # pragma: no cover - the dispatcher passes blocks for docx/odt
            raise RefusedFile(path, f"not a letter format ({kind})")
    if not any(not b.where.startswith("table") and b.text.strip() for b in blocks):
        _refuse_empty(path, "and no letter text either (only tables)")
    letter = read_letter(blocks, default_language=default_language)
    _check_lengths(path, letter.comments, limits)
    if not letter.comments:
        _refuse_empty(path, "and no letter text either (only a letterhead or signature)")
    return _from_letter(f"letter-{kind}", letter)


def _check_lengths(path: Path, comments: tuple[Comment, ...], limits: Limits) -> None:
    for c in comments:
        if len(c.text) > limits.max_comment_chars:
            raise RefusedFile(
                path,
                f"the part {c.source} is longer than {limits.max_comment_chars:,} characters;"
                " add headings to the letter".replace(",", " "),
            )
        if len(comments) > limits.max_rows:
            raise RefusedFile(path, f"more than {limits.max_rows} parts; split the letter")


_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def _safe_name(name: str, index: int) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip(" ._") or f"attachment-{index}"
    return base[:120]


def read_email(
    path: Path,
    *,
    limits: Limits = DEFAULT_LIMITS,
    default_language: str = "en",
    read_attachment: Callable[[Path], Submission],
    data: bytes | None = None,
) -> LetterRead:
    """An e-mail's own text as a letter plus every readable attachment's comments."""
    from .mail import is_cover_note, read_eml

    mail = read_eml(path, limits, data=data)
    comments: list[Comment] = []
    problems: list[Problem] = []
    splits: list[str] = []
    found: list[Any] = []  # organisation, signatory, date, reference, consent per source
    if mail.attachments:
        with tempfile.TemporaryDirectory(prefix="guidefeedback-mail-") as tmp:
            for index, attachment in enumerate(mail.attachments, start=1):
                name = _safe_name(attachment.name, index)
                target = Path(tmp) / f"{index:03d}-{name}"
                target.write_bytes(attachment.data)
                try:
                    sub = read_attachment(target)
                except RefusedFile as exc:
                    problems.append(Problem("file", f"attachment {attachment.name}: {exc.reason}"))
                    continue
                offset = len(comments)
                for c in sub.comments:
                    comments.append(
                        dataclasses.replace(
                            c,
                            position=c.position + offset,
                            source=f"{attachment.name}: {c.source}",
                            reply_to=None if c.reply_to is None else c.reply_to + offset,
                        )
                    )
                problems.extend(
                    Problem(f"{attachment.name}: {p.where}", p.message) for p in sub.problems
                )
                how = f", split at {sub.split}" if sub.split else ""
                splits.append(f"attachment {attachment.name} ({sub.format}{how})")
                found.append(
                    (
                        sub.organisation,
                        sub.signatory,
                        sub.received,
                        sub.reference,
                        sub.publish_names,
                    )
                )
    problems.extend(Problem("file", f"attachment {s}; not read") for s in mail.skipped)

    body = read_letter([*mail.blocks, *mail.cover_blocks], default_language=default_language)
    own = body.comments
    if comments and is_cover_note(mail.blocks):
        splits.append("e-mail text: a covering note (no comments)")
        own = ()
    elif own:
        splits.append(f"e-mail text: {body.split}")
    offset = len(comments)
    comments.extend(
        dataclasses.replace(c, position=c.position + offset, source=f"e-mail: {c.source}")
        for c in own
    )
    found.append(
        (
            body.organisation if own else body.metadata.organisation,
            body.signatory,
            body.date,
            body.reference,
            body.metadata.consent,
        )
    )
    if not comments:
        _refuse_empty(path, "the e-mail has no text and no attachment with comments")

    def first(i: int) -> Any:
        return next((f[i] for f in found if f[i] is not None), None)

    organisation = first(0)
    if organisation is None and mail.sender_email and "@" in mail.sender_email:
        # Mapping the domain to an organisation is for the editors (--org, [files]).
        domain = mail.sender_email.split("@", 1)[1]
        problems.append(
            Problem(
                "file",
                f"no organisation named in the letter or its signature; the sender's domain"
                f" is {domain} (give the organisation with --org)",
            )
        )
    _check_lengths(path, tuple(comments), limits)
    return LetterRead(
        format="eml",
        comments=tuple(comments),
        organisation=organisation,
        signatory=first(1) or mail.sender_name,
        date=first(2) or mail.date,
        reference=first(3),
        email=mail.sender_email,
        contact=mail.sender_name,
        consent=first(4),
        split="; ".join(splits),
        problems=tuple(problems),
    )
