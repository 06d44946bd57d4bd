"""What the store gives back and takes in: typed, frozen rows with integer keys.

Plain data with no SQL and no sqlite-utils, so every stage can import these types at the top
of a module without paying for the database machinery. Keys are integers; the codes a
person reads (``D1``, ``C345``, ``K7``) are made by :mod:`.ids` only where a row leaves the
program, and the JSON that ``--json`` prints is made here, in one place (``to_json``), so the
CLI, the archive and the tests agree on one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .ids import (
    AnswerTarget,
    cluster_code,
    comment_code,
    draft_code,
    part_code,
    submission_code,
    target_code,
    unit_code,
)
from .model import CommentKind, CommentType, Disposition


class EditOp(StrEnum):
    """An editor's change to the clusters, replayed after every re-clustering."""

    MERGE = "merge"
    MOVE = "move"
    SPLIT = "split"


class AnswerStatus(StrEnum):
    """What storing one answer did."""

    CHANGED = "changed"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    # This very answer was stored once after the worksheet's revision and changed since:
    # a stale row of a worksheet applied before, not a conflict.
    SEEN = "seen"
    # The same conflict is already recorded; it is not recorded again.
    KNOWN_CONFLICT = "known_conflict"


class HistoryStatus(StrEnum):
    """A history row is an applied change, a conflict that was kept but not applied, or
    the settling of conflicts (``respond resolve``)."""

    APPLIED = "applied"
    CONFLICT = "conflict"
    RESOLVED = "resolved"


def disposition_or_none(value: str | None) -> Disposition | None:
    return None if not value else Disposition(value)


# -- stored rows ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredDraft:
    id: int
    title: str
    version: str
    language: str
    file_name: str
    unit_count: int
    imported_at: str
    sha256: str
    submissions: int = 0
    comments: int = 0

    @property
    def code(self) -> str:
        return draft_code(self.id)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.code,
            "title": self.title,
            "version": self.version,
            "language": self.language,
            "file_name": self.file_name,
            "unit_count": self.unit_count,
            "imported_at": self.imported_at,
            "sha256": self.sha256,
            "submissions": self.submissions,
            "comments": self.comments,
        }


@dataclass(frozen=True, slots=True)
class StoredSubmission:
    id: int
    draft_id: int
    organisation: str | None
    format: str
    file_name: str
    sha256: str
    comment_count: int
    publish_names: bool | None
    contact: str | None
    email: str | None
    superseded_by: int | None
    collected_at: str
    received: str | None = None
    signatory: str | None = None  # the person who signed a letter: personal data
    reference: str | None = None  # the body's own reference number (diarienummer)
    signatories: tuple[str, ...] = ()
    problems: tuple[tuple[str, str], ...] = ()
    unrecognised_columns: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return submission_code(self.id)


@dataclass(frozen=True, slots=True)
class StoredComment:
    """A comment as stored, with its submission's organisation and its unit's place."""

    id: int
    draft_id: int
    submission_id: int
    position: int
    source: str
    kind: CommentKind
    text: str
    type: CommentType | None = None
    type_raw: str = ""
    organisation: str | None = None
    author: str | None = None
    section_ref: str | None = None
    paragraph_ref: str | None = None
    line_ref: str | None = None
    page_ref: str | None = None
    table_ref: str | None = None
    quoted: str | None = None
    proposed: str | None = None
    old_text: str | None = None
    reply_to: int | None = None
    language: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    locate_method: str | None = None
    locate_reason: str | None = None
    unit_seq: int | None = None
    locator: str | None = None
    section: str | None = None
    superseded_by: int | None = None

    @property
    def code(self) -> str:
        return comment_code(self.id)

    @property
    def unit(self) -> str | None:
        return None if self.unit_seq is None else unit_code(self.draft_id, self.unit_seq)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.code,
            "draft": draft_code(self.draft_id),
            "submission": submission_code(self.submission_id),
            "position": self.position,
            "source": self.source,
            "kind": self.kind,
            "type": self.type,
            "type_raw": self.type_raw,
            "organisation": self.organisation,
            "author": self.author,
            "section_ref": self.section_ref,
            "paragraph_ref": self.paragraph_ref,
            "line_ref": self.line_ref,
            "page_ref": self.page_ref,
            "table_ref": self.table_ref,
            "quoted": self.quoted,
            "text": self.text,
            "proposed": self.proposed,
            "old_text": self.old_text,
            "reply_to": None if self.reply_to is None else comment_code(self.reply_to),
            "language": self.language,
            "extra": dict(self.extra),
            "locate_method": self.locate_method,
            "locate_reason": self.locate_reason,
            "unit_seq": self.unit_seq,
            "unit": self.unit,
            "locator": self.locator,
            "section": self.section,
            "superseded_by": self.superseded_by,
        }


@dataclass(frozen=True, slots=True, order=True)
class PartRef:
    """One part of a comment; parts count from 1. Part 1 of a comment that was not split
    is the whole comment."""

    comment_id: int
    part: int = 1


@dataclass(frozen=True, slots=True)
class StoredPart:
    """A part of a comment the analysis split (a row of ``comment_parts``): its text as the
    analysis read it and its language. A comment without parts is one part, its text."""

    comment_id: int
    part: int
    text: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ClusterPart:
    """A member of a cluster: a whole comment (``of`` = 1) or part ``part`` of ``of`` of a
    comment that was split, with that part's text."""

    comment: StoredComment
    part: int
    of: int
    text: str

    @property
    def code(self) -> str:
        """``C12`` for a whole comment, ``C12.2`` for its second part."""
        return part_code(self.comment.id, self.part if self.of > 1 else None)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.comment.to_json(),
            "part": self.part if self.of > 1 else None,
            "parts": self.of,
            "part_id": self.code,
            "part_text": self.text,
        }


@dataclass(frozen=True, slots=True)
class CommentPlace:
    """Where one part of a comment is clustered (``of`` = 1: the whole comment)."""

    comment_id: int
    part: int
    of: int
    cluster_id: int
    text: str

    @property
    def code(self) -> str:
        return part_code(self.comment_id, self.part if self.of > 1 else None)


@dataclass(frozen=True, slots=True)
class StoredCluster:
    id: int
    draft_id: int
    label: str
    size: int
    n_bodies: int
    sections: tuple[str, ...]
    organisations: tuple[str, ...]
    types: dict[str, int]
    retired: bool
    representative_id: int | None = None
    representative_text: str | None = None
    representative_organisation: str | None = None
    created_run: int | None = None
    updated_run: int | None = None
    title: str = ""
    title_by_editor: bool = False
    # The part of the representative comment the cluster is about (None: the whole).
    representative_part: int | None = None

    @property
    def code(self) -> str:
        return cluster_code(self.id)

    def to_json(
        self, comments: tuple[StoredComment, ...] | tuple[ClusterPart, ...] | None = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.code,
            "draft": draft_code(self.draft_id),
            "title": self.title,
            "title_by_editor": self.title_by_editor,
            "label": self.label,
            "size": self.size,
            "n_bodies": self.n_bodies,
            "sections": list(self.sections),
            "organisations": list(self.organisations),
            "types": dict(self.types),
            "created_run": self.created_run,
            "updated_run": self.updated_run,
            "retired": self.retired,
            "representative": (
                None if self.representative_id is None else comment_code(self.representative_id)
            ),
            "representative_part": (
                None
                if self.representative_id is None or self.representative_part is None
                else part_code(self.representative_id, self.representative_part)
            ),
            "representative_text": self.representative_text,
            "representative_organisation": self.representative_organisation,
        }
        if comments is not None:
            out["comments"] = [c.to_json() for c in comments]
        return out


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    draft_id: int
    target: AnswerTarget
    target_id: int
    disposition: Disposition | None
    answer: str | None
    editor: str | None
    at: str | None
    revision: int


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    id: int
    draft_id: int
    target: AnswerTarget
    target_id: int
    revision: int | None
    old_disposition: Disposition | None
    old_answer: str | None
    new_disposition: Disposition | None
    new_answer: str | None
    editor: str | None
    at: str
    source: str | None
    status: HistoryStatus
    base_revision: int | None = None
    resolved_at: str | None = None
    resolution: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "target": target_code(self.target, self.target_id),
            "revision": self.revision,
            "old_disposition": self.old_disposition,
            "old_answer": self.old_answer,
            "new_disposition": self.new_disposition,
            "new_answer": self.new_answer,
            "editor": self.editor,
            "at": self.at,
            "source": self.source,
            "status": self.status,
            "base_revision": self.base_revision,
            "resolved_at": self.resolved_at,
            "resolution": self.resolution,
        }


@dataclass(frozen=True, slots=True)
class ReviewFlag:
    id: int
    comment_id: int
    reason: str
    at: str


@dataclass(frozen=True, slots=True)
class ClusterEdit:
    """An editor's merge, move or split, by what it involved: whole comments
    (``comment_ids``, all their parts; every edit made before comments had parts) and
    single parts of split comments (``parts``); likewise the target of a move."""

    id: int
    draft_id: int
    op: EditOp
    comment_ids: tuple[int, ...]
    target_ids: tuple[int, ...]
    editor: str | None
    at: str
    parts: tuple[PartRef, ...] = ()
    target_parts: tuple[PartRef, ...] = ()


@dataclass(frozen=True, slots=True)
class CommentForAnalysis:
    """A current comment with what clustering needs; ``organisations`` lists every body
    behind it (a joint submission's co-signers, else the row's or submission's body)."""

    id: int
    text: str
    language: str | None
    type: str | None
    section: str
    organisation: str | None
    organisations: tuple[str, ...]


# -- results of writes ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DraftAdded:
    draft_id: int
    created: bool
    version: str
    unit_count: int


@dataclass(frozen=True, slots=True)
class SubmissionAdded:
    submission_id: int
    created: bool
    comment_count: int
    located: int
    superseded: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    """A computed cluster as the store keeps it: its members are parts of comments (part 1
    of a comment that was not split is the comment), not analysis keys."""

    members: tuple[PartRef, ...]
    label: str
    representative_id: int | None
    sections: tuple[str, ...]
    organisations: tuple[str, ...]
    n_bodies: int
    types: dict[str, int]
    title: str = ""
    representative_part: int | None = None


@dataclass(frozen=True, slots=True)
class StoredVector:
    """One comment's embedding: the hash of the text embedded, dimensions, float32 bytes."""

    text_sha256: str
    dim: int
    vector: bytes


@dataclass(frozen=True, slots=True)
class CampaignRecord:
    members: tuple[int, ...]
    exact: bool
    n_bodies: int


@dataclass(frozen=True, slots=True)
class AnalysisSaved:
    run_id: int
    cluster_ids: tuple[int, ...]
    created: int
    kept: int
    retired: int
    moved_comments: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class AnswerChange:
    """One answer to store. ``base_revision`` is the revision the editor saw (a worksheet's);
    ``None`` means "whatever is there now" (the ``respond set`` command)."""

    target: AnswerTarget
    target_id: int
    disposition: Disposition | None
    answer: str | None
    editor: str | None = None
    base_revision: int | None = None
    # Settles the target's open conflicts (``respond resolve``): recorded as ``resolved``.
    resolves: bool = False


@dataclass(frozen=True, slots=True)
class AnswerResult:
    change: AnswerChange
    status: AnswerStatus
    revision: int
    current_disposition: Disposition | None = None
    current_answer: str | None = None


# -- the editors' loop ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorksheetApplied:
    """A worksheet file applied to this database, by its SHA-256."""

    sha256: str
    file_name: str
    editor: str | None
    problems: int
    applied_at: str | None = None
    draft_id: int | None = None


@dataclass(frozen=True, slots=True)
class ConflictSide:
    """One side of a conflict: an answer, who gave it and when."""

    disposition: Disposition | None
    answer: str | None
    editor: str | None
    at: str
    revision: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "disposition": self.disposition,
            "answer": self.answer,
            "editor": self.editor,
            "at": self.at,
            "revision": self.revision,
        }


@dataclass(frozen=True, slots=True)
class ConflictRecord:
    """A worksheet row that was not applied because the answer had moved on: ``mine`` is
    the row's answer (its revision: the one the worksheet showed), ``theirs`` the answer
    stored now."""

    id: int
    target: AnswerTarget
    target_id: int
    mine: ConflictSide
    theirs: ConflictSide
    source: str

    @property
    def code(self) -> str:
        return target_code(self.target, self.target_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.code,
            "conflict": self.id,
            "source": self.source,
            "mine": self.mine.to_json(),
            "theirs": self.theirs.to_json(),
        }


@dataclass(frozen=True, slots=True)
class ArchiveSchema:
    """One table as an archive sees it: columns with declared types, key, foreign keys
    (column, referenced table, referenced column)."""

    name: str
    columns: tuple[str, ...]
    types: tuple[str, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True, slots=True)
class ArchiveTable:
    """Rows of one table, in column order (blobs as bytes)."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
