"""Plain data shared by every stage: frozen dataclasses and enums, no I/O.

Readers produce these, the store persists them, analysis and report consume them.
Identifiers a person says aloud (``D1``, ``S12``, ``C345``, ``K7``) are formatted by the
store from integer keys; inside a freshly read file nothing has an id yet, so units and
comments carry their 1-based position instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class UnitKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    FOOTNOTE = "footnote"
    ENDNOTE = "endnote"


@dataclass(frozen=True, slots=True)
class Unit:
    """One addressable piece of a draft, in reading order.

    ``section`` is the number of the enclosing heading (the heading's own number for a
    heading; ``""`` before the first numbered heading). ``para`` counts non-heading units
    within that section from 1 (0 for the heading itself); ``running`` counts non-heading
    body units across the whole draft (0 for headings). ``locator`` is what people cite:
    ``3.2`` for a heading, ``3.2¶4`` for the fourth paragraph under 3.2, ``¶4`` before the
    first heading, ``3.2¶4 fn2`` for a footnote referenced from that paragraph.
    """

    seq: int
    kind: UnitKind
    text: str
    locator: str
    section: str = ""
    para: int = 0
    running: int = 0
    level: int | None = None
    number: str | None = None
    style: str | None = None
    table: str | None = None
    row: int | None = None
    heading_title: str | None = None
    page: int | None = None
    line: int | None = None
    last_page: int | None = None
    last_line: int | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class DraftDoc:
    """A draft as read from one .docx file, before it is stored."""

    title: str
    language: str
    sha256: str
    file_name: str
    units: tuple[Unit, ...]
    size: int = 0
    tracked_changes: int = 0
    accepted_changes: bool = False


class CommentType(StrEnum):
    GENERAL = "ge"
    TECHNICAL = "te"
    EDITORIAL = "ed"


class CommentKind(StrEnum):
    """Where a comment came from inside its file."""

    FORM_ROW = "form_row"
    REVIEW_COMMENT = "review_comment"
    TRACKED_CHANGE = "tracked_change"
    LETTER_PART = "letter_part"


class Disposition(StrEnum):
    ACCEPTED = "accepted"
    PARTIALLY = "partially"
    NOTED = "noted"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment as the submitter wrote it, with the place it points at as given.

    Locator fields (``section``, ``paragraph``, ``line``, ``page``, ``table_ref``) are the
    raw strings from the file. ``anchor_text`` is text the comment is attached to in a
    reviewed copy of the draft (a Word comment's range, or the paragraph a tracked change is
    in); ``quoted`` is text the submitter quoted. ``extra`` keeps columns we did not
    recognise, by their header, so nothing the submitter wrote is dropped.
    """

    position: int
    source: str
    text: str
    kind: CommentKind = CommentKind.FORM_ROW
    type: CommentType | None = None
    type_raw: str = ""
    organisation: str | None = None
    author: str | None = None
    section: str | None = None
    paragraph: str | None = None
    line: str | None = None
    page: str | None = None
    table_ref: str | None = None
    quoted: str | None = None
    anchor_text: str | None = None
    proposed: str | None = None
    old_text: str | None = None
    date: str | None = None
    reply_to: int | None = None
    language: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one part of a file (a row, a comment) that did not stop the rest
    of it being read; a file that cannot be read at all is refused with ``RefusedFile``."""

    where: str
    message: str


@dataclass(frozen=True, slots=True)
class Submission:
    """One file from one submitter (or a joint file signed by several organisations)."""

    file_name: str
    sha256: str
    format: str
    comments: tuple[Comment, ...]
    organisation: str | None = None
    contact: str | None = None
    email: str | None = None
    signatories: tuple[str, ...] = ()
    publish_names: bool | None = None
    received: str | None = None
    problems: tuple[Problem, ...] = ()
    unrecognised_columns: tuple[str, ...] = ()
    columns_read: tuple[tuple[str, str | None], ...] = ()
    """Each header of the comment table(s) as written, with the column it was read as
    (``None``: kept as extra data); what ``check`` prints as the column map it used."""
    # From a letter's letterhead and signature: the person who signed it (personal data,
    # never published without consent) and the body's own reference number.
    signatory: str | None = None
    reference: str | None = None
    # How a letter was split into comments ("headings", "numbered paragraphs", …), for
    # ``check``; empty for forms and sheets.
    split: str = ""


class LocateMethod(StrEnum):
    """How a comment was placed on the draft (or why it has no place)."""

    ANCHOR = "anchor"  # the text a Word comment or tracked change is attached to
    QUOTE = "quote"  # text the submitter quoted, found in the draft
    SECTION_PARAGRAPH = "section+paragraph"
    SECTION = "section"
    TABLE = "table"
    FIGURE = "figure"  # a figure's caption
    LINE = "line"  # page and line of a laid-out draft; unplaceable without the layout
    GENERAL = "general"  # no place given, or none found (``reason`` says which)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a comment landed in the draft: a unit position, or ``None`` with a reason."""

    unit_seq: int | None
    method: LocateMethod
    reason: str = ""
