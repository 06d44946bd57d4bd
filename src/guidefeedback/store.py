"""The one SQLite file: schema, migrations, transactions and every query.

Only this module speaks SQL. Tables are created through sqlite-utils so that foreign keys are
declared and the file reads well in the ``sqlite-utils`` CLI or Datasette. The schema is an
ordered list of small named migrations (``sqlite_utils.Migrations``); after applying them we
also set ``PRAGMA user_version`` to their count, so any SQLite tool can see which schema a file
has, and a file written by a newer guidefeedback is refused instead of half-understood.

Durability rules (measured, see ``shared/reliability.md``): WAL, foreign keys on, a 30 s busy
timeout, and every import of a file — its record, its rows and the original bytes — in one
``BEGIN IMMEDIATE`` transaction, so a killed import leaves nothing of that file behind and a
second writer waits instead of failing with "database is locked".
"""

from __future__ import annotations

import base64
import hashlib
import importlib
import json
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import NotFound, StoreError
from .ids import draft_code, parse_code, unit_code
from .model import Comment, DraftDoc, Location, Submission, Unit, UnitKind


def _import_sqlite_utils() -> Any:
    """Import sqlite-utils without letting it import numpy and pandas.

    sqlite-utils imports both at import time (when installed) only to map their scalar
    types; that costs ~200 ms on every command, and we never store numpy values. Hiding
    them during the import keeps `guidefeedback draft list` fast; they import normally
    afterwards.
    """
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import numpy` fail
    try:
        return importlib.import_module("sqlite_utils")
    finally:
        for name in hidden:
            del sys.modules[name]


if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils import Migrations
else:
    sqlite_utils = _import_sqlite_utils()
    Migrations = sqlite_utils.Migrations

BUSY_TIMEOUT_MS = 30_000

migrations = Migrations("guidefeedback")


@migrations()
def m001_drafts(db: sqlite_utils.Database) -> None:
    db.table("files").create(
        {
            "sha256": str,
            "file_name": str,
            "size": int,
            "content": bytes,
            "stored_at": str,
        },
        pk="sha256",
    )
    db.table("drafts").create(
        {
            "id": int,
            "title": str,
            "doc_key": str,
            "version": str,
            "language": str,
            "sha256": str,
            "file_name": str,
            "unit_count": int,
            "imported_at": str,
        },
        pk="id",
        foreign_keys=[("sha256", "files", "sha256")],
        not_null={"title", "doc_key", "version", "sha256"},
    )
    db.table("drafts").create_index(["sha256"], unique=True)
    db.table("drafts").create_index(["doc_key", "version"], unique=True)
    db.table("units").create(
        {
            "id": int,
            "draft_id": int,
            "seq": int,
            "kind": str,
            "level": int,
            "number": str,
            "section": str,
            "para": int,
            "running": int,
            "locator": str,
            "heading_title": str,
            "table_ref": str,
            "row_no": int,
            "style": str,
            "text": str,
        },
        pk="id",
        foreign_keys=[("draft_id", "drafts", "id")],
        not_null={"draft_id", "seq", "kind", "locator", "text"},
    )
    db.table("units").create_index(["draft_id", "seq"], unique=True)
    db.table("units").create_index(["draft_id", "section"])


@migrations()
def m002_submissions(db: sqlite_utils.Database) -> None:
    db.table("submissions").create(
        {
            "id": int,
            "draft_id": int,
            "organisation": str,
            "contact": str,
            "email": str,
            "publish_names": int,
            "file_name": str,
            "sha256": str,
            "format": str,
            "received": str,
            "collected_at": str,
            "superseded_by": int,
            "comment_count": int,
            "problems": str,
            "unrecognised_columns": str,
        },
        pk="id",
        foreign_keys=[
            ("draft_id", "drafts", "id"),
            ("sha256", "files", "sha256"),
            ("superseded_by", "submissions", "id"),
        ],
        not_null={"draft_id", "sha256", "format"},
    )
    db.table("submissions").create_index(["draft_id", "sha256"], unique=True)
    db.table("submissions").create_index(["draft_id", "organisation"])
    db.table("signatories").create(
        {"submission_id": int, "position": int, "organisation": str},
        pk=("submission_id", "position"),
        foreign_keys=[("submission_id", "submissions", "id")],
    )
    db.table("comments").create(
        {
            "id": int,
            "submission_id": int,
            "draft_id": int,
            "position": int,
            "source": str,
            "kind": str,
            "type": str,
            "type_raw": str,
            "organisation": str,
            "author": str,
            "section_ref": str,
            "paragraph_ref": str,
            "line_ref": str,
            "page_ref": str,
            "table_ref": str,
            "quoted": str,
            "anchor_text": str,
            "text": str,
            "proposed": str,
            "old_text": str,
            "date": str,
            "reply_to": int,
            "language": str,
            "extra": str,
            "unit_id": int,
            "locate_method": str,
            "locate_reason": str,
        },
        pk="id",
        foreign_keys=[
            ("submission_id", "submissions", "id"),
            ("draft_id", "drafts", "id"),
            ("unit_id", "units", "id"),
            ("reply_to", "comments", "id"),
        ],
        not_null={"submission_id", "draft_id", "position", "kind", "text"},
    )
    db.table("comments").create_index(["submission_id", "position"], unique=True)
    db.table("comments").create_index(["draft_id"])
    db.table("comments").create_index(["unit_id"])
    db.table("comments").enable_fts(
        ["text", "proposed", "quoted", "organisation"],
        fts_version="FTS5",
        create_triggers=True,
        tokenize="unicode61 remove_diacritics 0",
    )


@migrations()
def m003_analysis(db: sqlite_utils.Database) -> None:
    """Clusters, campaigns and the editors' manual changes to clusters.

    Cluster ids (``K7``) are stable across re-runs: a recomputed cluster that overlaps an
    old one keeps its id (and so its answer); an old cluster with no successor is retired,
    not deleted, because answers and history point at it.
    """
    db.table("analysis_runs").create(
        {
            "id": int,
            "draft_id": int,
            "at": str,
            "threshold": float,
            "model": str,
            "comment_count": int,
            "cluster_count": int,
            "campaign_count": int,
            "seconds": float,
        },
        pk="id",
        foreign_keys=[("draft_id", "drafts", "id")],
    )
    db.table("clusters").create(
        {
            "id": int,
            "draft_id": int,
            "label": str,
            "representative_id": int,
            "size": int,
            "n_bodies": int,
            "sections": str,
            "organisations": str,
            "types": str,
            "created_run": int,
            "updated_run": int,
            "retired": int,
        },
        pk="id",
        foreign_keys=[
            ("draft_id", "drafts", "id"),
            ("representative_id", "comments", "id"),
            ("created_run", "analysis_runs", "id"),
            ("updated_run", "analysis_runs", "id"),
        ],
        not_null={"draft_id"},
        defaults={"retired": 0},
    )
    db.table("clusters").create_index(["draft_id", "retired"])
    db.table("cluster_members").create(
        {"comment_id": int, "cluster_id": int, "previous_cluster_id": int},
        pk="comment_id",
        foreign_keys=[
            ("comment_id", "comments", "id"),
            ("cluster_id", "clusters", "id"),
            ("previous_cluster_id", "clusters", "id"),
        ],
    )
    db.table("cluster_members").create_index(["cluster_id"])
    db.table("campaigns").create(
        {"id": int, "draft_id": int, "run_id": int, "exact": int, "size": int, "n_bodies": int},
        pk="id",
        foreign_keys=[("draft_id", "drafts", "id"), ("run_id", "analysis_runs", "id")],
    )
    db.table("campaign_members").create(
        {"comment_id": int, "campaign_id": int},
        pk="comment_id",
        foreign_keys=[("comment_id", "comments", "id"), ("campaign_id", "campaigns", "id")],
    )
    db.table("cluster_edits").create(
        {
            "id": int,
            "draft_id": int,
            "op": str,
            "comment_ids": str,
            "target_ids": str,
            "editor": str,
            "at": str,
        },
        pk="id",
        foreign_keys=[("draft_id", "drafts", "id")],
        not_null={"draft_id", "op", "comment_ids"},
    )


@migrations()
def m004_responses(db: sqlite_utils.Database) -> None:
    """The editors' answers, every change to them, and comments flagged for review.

    An answer belongs to a cluster (the normal case) or to one comment (an exception that
    overrides its cluster's). ``revision`` counts the changes to one answer so a worksheet
    can tell whether the answer changed after it was made.
    """
    db.table("answers").create(
        {
            "id": int,
            "draft_id": int,
            "target": str,
            "target_id": int,
            "disposition": str,
            "answer": str,
            "editor": str,
            "at": str,
            "revision": int,
        },
        pk="id",
        foreign_keys=[("draft_id", "drafts", "id")],
        not_null={"draft_id", "target", "target_id", "revision"},
    )
    db.table("answers").create_index(["target", "target_id"], unique=True)
    db.table("answer_history").create(
        {
            "id": int,
            "draft_id": int,
            "target": str,
            "target_id": int,
            "revision": int,
            "old_disposition": str,
            "old_answer": str,
            "new_disposition": str,
            "new_answer": str,
            "editor": str,
            "at": str,
            "source": str,
            "status": str,
        },
        pk="id",
        foreign_keys=[("draft_id", "drafts", "id")],
        not_null={"draft_id", "target", "target_id", "status"},
    )
    db.table("answer_history").create_index(["target", "target_id"])
    db.table("review_flags").create(
        {
            "id": int,
            "comment_id": int,
            "reason": str,
            "at": str,
            "resolved": int,
        },
        pk="id",
        foreign_keys=[("comment_id", "comments", "id")],
        defaults={"resolved": 0},
    )


ARCHIVE_FORMAT = "guidefeedback-archive/1"

# Every table that holds a draft's data, in an order that satisfies the foreign keys, with
# the condition that selects one draft's rows (``:d`` is the draft id).
ARCHIVE_TABLES: tuple[tuple[str, str], ...] = (
    (
        "files",
        "sha256 in (select sha256 from drafts where id = :d"
        " union select sha256 from submissions where draft_id = :d)",
    ),
    ("drafts", "id = :d"),
    ("units", "draft_id = :d"),
    ("submissions", "draft_id = :d"),
    ("signatories", "submission_id in (select id from submissions where draft_id = :d)"),
    ("comments", "draft_id = :d"),
    ("analysis_runs", "draft_id = :d"),
    ("clusters", "draft_id = :d"),
    ("cluster_members", "cluster_id in (select id from clusters where draft_id = :d)"),
    ("campaigns", "draft_id = :d"),
    ("campaign_members", "campaign_id in (select id from campaigns where draft_id = :d)"),
    ("cluster_edits", "draft_id = :d"),
    ("answers", "draft_id = :d"),
    ("answer_history", "draft_id = :d"),
    ("review_flags", "comment_id in (select id from comments where draft_id = :d)"),
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def doc_key(title: str) -> str:
    """The key that makes two files versions of one draft: the title, case- and space-folded."""
    return " ".join(title.casefold().split())


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
    """A computed cluster as the store keeps it (comment ids, not analysis keys)."""

    members: tuple[int, ...]
    label: str
    representative_id: int | None
    sections: tuple[str, ...]
    organisations: tuple[str, ...]
    n_bodies: int
    types: dict[str, int]


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

    target: str
    target_id: int
    disposition: str | None
    answer: str | None
    editor: str | None = None
    base_revision: int | None = None


@dataclass(frozen=True, slots=True)
class AnswerResult:
    change: AnswerChange
    status: str
    revision: int
    current_disposition: str | None = None
    current_answer: str | None = None


class Store:
    """A guidefeedback database. Open with :func:`open_store`."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self._unit_id_cache: dict[int, dict[int, int]] = {}

    # -- transactions -------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken IMMEDIATE so concurrent writers queue on the lock.

        A deferred transaction that reads first and writes later cannot wait for the lock in
        WAL mode (SQLite returns BUSY at once when its snapshot is stale); IMMEDIATE takes the
        write lock up front and honours the busy timeout.
        """
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    # -- drafts -------------------------------------------------------------------------

    def add_draft(self, doc: DraftDoc, *, content: bytes, version: str | None = None) -> DraftAdded:
        """Store a draft and its units in one transaction.

        The same bytes again change nothing. A new file whose title matches a stored draft is
        the next version of it: ``version`` when given, else one more than the highest
        numeric version so far. A ``version`` already taken by another file is refused.
        """
        key = doc_key(doc.title)
        with self.write() as conn:
            row = conn.execute(
                "select id, version, unit_count from drafts where sha256 = ?", [doc.sha256]
            ).fetchone()
            if row is not None:
                return DraftAdded(row[0], False, row[1], row[2])
            versions = [
                r[0] for r in conn.execute("select version from drafts where doc_key = ?", [key])
            ]
            if version is None:
                numeric = [int(v) for v in versions if v.isdigit()]
                version = str(max(numeric, default=0) + 1)
            elif version in versions:
                raise StoreError(
                    f"draft {doc.title!r} already has a version {version!r} from another file;"
                    " give a different --version"
                )
            self._put_file(conn, doc.sha256, doc.file_name, content)
            cur = conn.execute(
                "insert into drafts (title, doc_key, version, language, sha256, file_name,"
                " unit_count, imported_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    doc.title,
                    key,
                    version,
                    doc.language,
                    doc.sha256,
                    doc.file_name,
                    len(doc.units),
                    _now(),
                ],
            )
            draft_id = int(cur.lastrowid or 0)
            conn.executemany(
                "insert into units (draft_id, seq, kind, level, number, section, para, running,"
                " locator, heading_title, table_ref, row_no, style, text)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        draft_id,
                        u.seq,
                        str(u.kind),
                        u.level,
                        u.number,
                        u.section,
                        u.para,
                        u.running,
                        u.locator,
                        u.heading_title,
                        u.table,
                        u.row,
                        u.style,
                        u.text,
                    )
                    for u in doc.units
                ),
            )
        return DraftAdded(draft_id, True, version, len(doc.units))

    def _put_file(self, conn: sqlite3.Connection, sha256: str, name: str, content: bytes) -> None:
        conn.execute(
            "insert or ignore into files (sha256, file_name, size, content, stored_at)"
            " values (?, ?, ?, ?, ?)",
            [sha256, name, len(content), content, _now()],
        )

    def file_content(self, sha256: str) -> bytes:
        row = self.db.execute("select content from files where sha256 = ?", [sha256]).fetchone()
        if row is None:
            raise NotFound(f"no stored file with SHA-256 {sha256}")
        return bytes(row[0])

    def list_drafts(self) -> list[dict[str, Any]]:
        rows = self.db.execute_returning_dicts(
            "select d.id, d.title, d.version, d.language, d.file_name, d.unit_count,"
            " d.imported_at, d.sha256,"
            " (select count(*) from submissions s where s.draft_id = d.id"
            "  and s.superseded_by is null) as submissions,"
            " (select count(*) from comments c join submissions s on s.id = c.submission_id"
            "  where c.draft_id = d.id and s.superseded_by is null) as comments"
            " from drafts d order by d.id"
        )
        for row in rows:
            row["id"] = draft_code(row["id"])
        return rows

    def draft(self, code: str | int) -> dict[str, Any]:
        draft_id = code if isinstance(code, int) else parse_code(code, "D")
        rows = self.db.execute_returning_dicts(
            "select id, title, version, language, file_name, unit_count, imported_at, sha256"
            " from drafts where id = ?",
            [draft_id],
        )
        if not rows:
            raise NotFound(f"no draft {draft_code(draft_id)} in this database")
        return rows[0]

    def units(self, draft_id: int) -> list[Unit]:
        cur = self.db.execute(
            "select seq, kind, text, locator, section, para, running, level, number, style,"
            " table_ref, row_no, heading_title from units where draft_id = ? order by seq",
            [draft_id],
        )
        return [
            Unit(
                seq=r[0],
                kind=UnitKind(r[1]),
                text=r[2],
                locator=r[3],
                section=r[4] or "",
                para=r[5] or 0,
                running=r[6] or 0,
                level=r[7],
                number=r[8],
                style=r[9],
                table=r[10],
                row=r[11],
                heading_title=r[12],
            )
            for r in cur
        ]

    # -- submissions --------------------------------------------------------------------

    def find_draft_by_sha(self, sha256: str) -> dict[str, Any] | None:
        rows = self.db.execute_returning_dicts("select * from drafts where sha256 = ?", [sha256])
        return rows[0] if rows else None

    def find_submission_by_sha(self, draft_id: int, sha256: str) -> int | None:
        row = self.db.execute(
            "select id from submissions where draft_id = ? and sha256 = ?", [draft_id, sha256]
        ).fetchone()
        return None if row is None else int(row[0])

    def _unit_ids(self, conn: sqlite3.Connection, draft_id: int) -> dict[int, int]:
        """Unit seq → row id for a draft; cached, since a draft's units never change."""
        cached = self._unit_id_cache.get(draft_id)
        if cached is None:
            cached = dict(
                conn.execute("select seq, id from units where draft_id = ?", [draft_id]).fetchall()
            )
            if cached:
                self._unit_id_cache[draft_id] = cached
        return cached

    def add_submission(
        self,
        draft_id: int,
        sub: Submission,
        locations: Sequence[Location],
        *,
        content: bytes,
    ) -> SubmissionAdded:
        """Store one file's submission, its comments and the original bytes atomically.

        The same file for the same draft again changes nothing. A new file from an
        organisation that already has a current submission on this draft supersedes it: the
        old one is kept and points to the new one.
        """
        if len(locations) != len(sub.comments):
            raise ValueError("one Location per comment is required")
        with self.write() as conn:
            row = conn.execute(
                "select id, comment_count from submissions where draft_id = ? and sha256 = ?",
                [draft_id, sub.sha256],
            ).fetchone()
            if row is not None:
                located = conn.execute(
                    "select count(*) from comments where submission_id = ? and unit_id is not null",
                    [row[0]],
                ).fetchone()[0]
                return SubmissionAdded(int(row[0]), False, int(row[1]), int(located), ())
            unit_ids = self._unit_ids(conn, draft_id)
            self._put_file(conn, sub.sha256, sub.file_name, content)
            cur = conn.execute(
                "insert into submissions (draft_id, organisation, contact, email, publish_names,"
                " file_name, sha256, format, received, collected_at, comment_count, problems,"
                " unrecognised_columns) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    draft_id,
                    sub.organisation,
                    sub.contact,
                    sub.email,
                    None if sub.publish_names is None else int(sub.publish_names),
                    sub.file_name,
                    sub.sha256,
                    sub.format,
                    sub.received,
                    _now(),
                    len(sub.comments),
                    json.dumps([[p.where, p.message] for p in sub.problems], ensure_ascii=False),
                    json.dumps(list(sub.unrecognised_columns), ensure_ascii=False),
                ],
            )
            sub_id = int(cur.lastrowid or 0)
            conn.executemany(
                "insert into signatories (submission_id, position, organisation) values (?, ?, ?)",
                [(sub_id, i, name) for i, name in enumerate(sub.signatories, start=1)],
            )
            superseded: list[int] = []
            if sub.organisation:
                superseded = [
                    int(r[0])
                    for r in conn.execute(
                        "select id from submissions where draft_id = ? and id != ?"
                        " and superseded_by is null and organisation = ? collate nocase",
                        [draft_id, sub_id, sub.organisation],
                    )
                ]
                conn.executemany(
                    "update submissions set superseded_by = ? where id = ?",
                    [(sub_id, old) for old in superseded],
                )
            position_to_id: dict[int, int] = {}
            located = 0
            insert = (
                "insert into comments (submission_id, draft_id, position, source, kind, type,"
                " type_raw, organisation, author, section_ref, paragraph_ref, line_ref,"
                " page_ref, table_ref, quoted, anchor_text, text, proposed, old_text, date,"
                " reply_to, language, extra, unit_id, locate_method, locate_reason)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?, ?)"
            )
            pairs = list(zip(sub.comments, locations, strict=True))
            unit_of = [
                unit_ids.get(loc.unit_seq) if loc.unit_seq is not None else None for _, loc in pairs
            ]
            located = sum(u is not None for u in unit_of)
            if all(c.reply_to is None for c in sub.comments):
                # The common case (forms, CSV, XLSX): one executemany for the whole file.
                conn.executemany(
                    insert,
                    [
                        _comment_row(sub_id, draft_id, c, position_to_id, unit_id, loc)
                        for (c, loc), unit_id in zip(pairs, unit_of, strict=True)
                    ],
                )
            else:
                # Replies point at the row id of their parent, known only after its insert.
                for (comment, loc), unit_id in zip(pairs, unit_of, strict=True):
                    cur = conn.execute(
                        insert,
                        _comment_row(sub_id, draft_id, comment, position_to_id, unit_id, loc),
                    )
                    position_to_id[comment.position] = int(cur.lastrowid or 0)
        return SubmissionAdded(sub_id, True, len(sub.comments), located, tuple(superseded))

    def submission(self, submission_id: int) -> dict[str, Any]:
        rows = self.db.execute_returning_dicts(
            "select * from submissions where id = ?", [submission_id]
        )
        if not rows:
            raise NotFound(f"no submission S{submission_id} in this database")
        row = rows[0]
        row["signatories"] = [
            r[0]
            for r in self.db.execute(
                "select organisation from signatories where submission_id = ? order by position",
                [submission_id],
            )
        ]
        return row

    def list_submissions(self, draft_id: int | None = None) -> list[dict[str, Any]]:
        sql = (
            "select s.id, s.draft_id, s.organisation, s.format, s.file_name, s.comment_count,"
            " s.publish_names, s.contact, s.email,"
            " s.superseded_by, s.collected_at,"
            " (select group_concat(organisation, '; ') from signatories g"
            "  where g.submission_id = s.id) as signatories"
            " from submissions s"
        )
        params: list[Any] = []
        if draft_id is not None:
            sql += " where s.draft_id = ?"
            params.append(draft_id)
        return self.db.execute_returning_dicts(sql + " order by s.id", params)

    def list_comments(
        self,
        *,
        draft_id: int | None = None,
        organisation: str | None = None,
        section: str | None = None,
        include_superseded: bool = False,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Comments with their submission's organisation and their unit's locator.

        ``section`` matches the unit's section and its subsections (``3`` finds 3, 3.1, 3.2.4),
        falling back to the section the submitter wrote when the comment was not located.
        """
        where: list[str] = []
        params: list[Any] = []
        if draft_id is not None:
            where.append("c.draft_id = ?")
            params.append(draft_id)
        if not include_superseded:
            where.append("s.superseded_by is null")
        if organisation:
            where.append(
                "(coalesce(c.organisation, s.organisation) like ? or exists (select 1 from"
                " signatories g where g.submission_id = s.id and g.organisation like ?))"
            )
            params += [f"%{organisation}%", f"%{organisation}%"]
        if section:
            sec = section.strip().rstrip(".")
            where.append(
                "(coalesce(u.section, c.section_ref) = ? or coalesce(u.section, c.section_ref)"
                " like ?)"
            )
            params += [sec, f"{sec}.%"]
        sql = _COMMENT_SELECT + (" where " + " and ".join(where) if where else "")
        sql += " order by c.id"
        if limit is not None:
            sql += f" limit {int(limit)}"
        return [_comment_out(r) for r in self.db.execute_returning_dicts(sql, params)]

    def search_comments(
        self, query: str, *, draft_id: int | None = None, limit: int = 50
    ) -> list[dict[str, Any]]:
        """Full-text search over comment text, proposed change, quote and organisation.

        The query is quoted term by term (``Database.quote_fts``) so that a user's stray
        quote or operator cannot break the FTS5 syntax.
        """
        fts_query = self.db.quote_fts(query)
        sql = (
            _COMMENT_SELECT
            + " join comments_fts f on f.rowid = c.id where comments_fts match ?"
            + (" and c.draft_id = ?" if draft_id is not None else "")
            + " order by f.rank limit ?"
        )
        params: list[Any] = [fts_query]
        if draft_id is not None:
            params.append(draft_id)
        params.append(limit)
        return [_comment_out(r) for r in self.db.execute_returning_dicts(sql, params)]

    # -- analysis -------------------------------------------------------------------------

    def analysis_input(self, draft_id: int) -> list[dict[str, Any]]:
        """Current comments of a draft with everything clustering needs.

        ``organisations`` lists every body behind a comment: a joint submission's
        co-signers, else the row's or the submission's organisation.
        """
        rows = self.db.execute_returning_dicts(
            "select c.id, c.text, c.language, c.type, coalesce(u.section, c.section_ref, '')"
            " as section, coalesce(c.organisation, s.organisation) as organisation,"
            " (select group_concat(g.organisation, char(31)) from signatories g"
            "  where g.submission_id = s.id) as signatories"
            " from comments c join submissions s on s.id = c.submission_id"
            " left join units u on u.id = c.unit_id"
            " where c.draft_id = ? and s.superseded_by is null order by c.id",
            [draft_id],
        )
        for r in rows:
            names = r.pop("signatories")
            orgs = names.split("\x1f") if names else []
            if not orgs and r["organisation"]:
                orgs = [r["organisation"]]
            r["organisations"] = tuple(orgs)
        return rows

    def current_clusters(self, draft_id: int) -> list[tuple[int, frozenset[int]]]:
        """Live clusters of a draft as (cluster id, member comment ids)."""
        members: dict[int, set[int]] = {}
        for cluster_id, comment_id in self.db.execute(
            "select m.cluster_id, m.comment_id from cluster_members m"
            " join clusters k on k.id = m.cluster_id where k.draft_id = ? and k.retired = 0",
            [draft_id],
        ):
            members.setdefault(int(cluster_id), set()).add(int(comment_id))
        return [(k, frozenset(v)) for k, v in sorted(members.items())]

    def save_analysis(
        self,
        draft_id: int,
        *,
        clusters: Sequence[ClusterRecord],
        reuse_ids: Sequence[int | None],
        campaigns: Sequence[CampaignRecord] | None,
        threshold: float | None,
        model: str | None,
        seconds: float,
        comment_count: int,
    ) -> AnalysisSaved:
        """Replace a draft's clusters and campaigns in one transaction.

        ``reuse_ids[i]`` is the old cluster id that new cluster ``i`` continues (or None).
        Old clusters not continued are retired. Each member keeps the id of the cluster it
        was in before when that changed, so answers can be checked after re-clustering.
        """
        if len(reuse_ids) != len(clusters):
            raise ValueError("one reuse id per cluster is required")
        now = _now()
        with self.write() as conn:
            run_id = int(
                conn.execute(
                    "insert into analysis_runs (draft_id, at, threshold, model, comment_count,"
                    " cluster_count, campaign_count, seconds) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        draft_id,
                        now,
                        threshold,
                        model,
                        comment_count,
                        len(clusters),
                        None if campaigns is None else len(campaigns),
                        seconds,
                    ],
                ).lastrowid
                or 0
            )
            old_of_comment = dict(
                conn.execute(
                    "select m.comment_id, m.cluster_id from cluster_members m join clusters k"
                    " on k.id = m.cluster_id where k.draft_id = ?",
                    [draft_id],
                ).fetchall()
            )
            live = {
                int(r[0])
                for r in conn.execute(
                    "select id from clusters where draft_id = ? and retired = 0", [draft_id]
                )
            }
            ids: list[int] = []
            created = kept = 0
            for record, reuse in zip(clusters, reuse_ids, strict=True):
                values = [
                    record.label,
                    record.representative_id,
                    len(record.members),
                    record.n_bodies,
                    json.dumps(list(record.sections), ensure_ascii=False),
                    json.dumps(list(record.organisations), ensure_ascii=False),
                    json.dumps(record.types, ensure_ascii=False, sort_keys=True),
                    run_id,
                ]
                if reuse is not None and reuse in live:
                    conn.execute(
                        "update clusters set label = ?, representative_id = ?, size = ?,"
                        " n_bodies = ?, sections = ?, organisations = ?, types = ?,"
                        " updated_run = ?, retired = 0 where id = ?",
                        [*values, reuse],
                    )
                    live.discard(reuse)
                    ids.append(reuse)
                    kept += 1
                else:
                    cur = conn.execute(
                        "insert into clusters (label, representative_id, size, n_bodies,"
                        " sections, organisations, types, updated_run, created_run, draft_id,"
                        " retired) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                        [*values, run_id, draft_id],
                    )
                    ids.append(int(cur.lastrowid or 0))
                    created += 1
            conn.executemany("update clusters set retired = 1 where id = ?", [(k,) for k in live])
            conn.execute(
                "delete from cluster_members where cluster_id in"
                " (select id from clusters where draft_id = ?)",
                [draft_id],
            )
            moved: list[int] = []
            rows: list[tuple[int, int, int | None]] = []
            for cluster_id, record in zip(ids, clusters, strict=True):
                for comment_id in record.members:
                    before = old_of_comment.get(comment_id)
                    if before is not None and before != cluster_id:
                        moved.append(comment_id)
                    rows.append((comment_id, cluster_id, before))
            conn.executemany(
                "insert into cluster_members (comment_id, cluster_id, previous_cluster_id)"
                " values (?, ?, ?)",
                rows,
            )
            if campaigns is not None:
                conn.execute(
                    "delete from campaign_members where campaign_id in"
                    " (select id from campaigns where draft_id = ?)",
                    [draft_id],
                )
                conn.execute("delete from campaigns where draft_id = ?", [draft_id])
                for campaign in campaigns:
                    cur = conn.execute(
                        "insert into campaigns (draft_id, run_id, exact, size, n_bodies)"
                        " values (?, ?, ?, ?, ?)",
                        [
                            draft_id,
                            run_id,
                            int(campaign.exact),
                            len(campaign.members),
                            campaign.n_bodies,
                        ],
                    )
                    campaign_id = int(cur.lastrowid or 0)
                    conn.executemany(
                        "insert into campaign_members (comment_id, campaign_id) values (?, ?)",
                        [(c, campaign_id) for c in campaign.members],
                    )
        return AnalysisSaved(run_id, tuple(ids), created, kept, len(live), tuple(sorted(moved)))

    def add_cluster_edit(
        self,
        draft_id: int,
        op: str,
        comment_ids: Sequence[int],
        target_ids: Sequence[int] = (),
        *,
        editor: str | None = None,
    ) -> int:
        """Record an editor's change to the clusters, kept by comment ids to replay later."""
        with self.write() as conn:
            cur = conn.execute(
                "insert into cluster_edits (draft_id, op, comment_ids, target_ids, editor, at)"
                " values (?, ?, ?, ?, ?, ?)",
                [
                    draft_id,
                    op,
                    json.dumps(sorted(comment_ids)),
                    json.dumps(sorted(target_ids)),
                    editor,
                    _now(),
                ],
            )
            return int(cur.lastrowid or 0)

    def cluster_edits(self, draft_id: int) -> list[dict[str, Any]]:
        rows = self.db.execute_returning_dicts(
            "select * from cluster_edits where draft_id = ? order by id", [draft_id]
        )
        for r in rows:
            r["comment_ids"] = json.loads(r["comment_ids"])
            r["target_ids"] = json.loads(r["target_ids"] or "[]")
        return rows

    def list_clusters(
        self, draft_id: int, *, include_retired: bool = False
    ) -> list[dict[str, Any]]:
        sql = (
            "select k.*, c.text as representative_text, coalesce(c.organisation,"
            " s.organisation) as representative_organisation"
            " from clusters k left join comments c on c.id = k.representative_id"
            " left join submissions s on s.id = c.submission_id where k.draft_id = ?"
        )
        if not include_retired:
            sql += " and k.retired = 0"
        rows = self.db.execute_returning_dicts(sql + " order by k.size desc, k.id", [draft_id])
        return [_cluster_out(r) for r in rows]

    def cluster(self, cluster_id: int) -> dict[str, Any]:
        rows = self.db.execute_returning_dicts(
            "select k.*, c.text as representative_text, coalesce(c.organisation,"
            " s.organisation) as representative_organisation"
            " from clusters k left join comments c on c.id = k.representative_id"
            " left join submissions s on s.id = c.submission_id where k.id = ?",
            [cluster_id],
        )
        if not rows:
            raise NotFound(f"no cluster K{cluster_id} in this database")
        out = _cluster_out(rows[0])
        out["comments"] = [
            _comment_out(r)
            for r in self.db.execute_returning_dicts(
                _COMMENT_SELECT
                + " join cluster_members m on m.comment_id = c.id where m.cluster_id = ?"
                " order by c.id",
                [cluster_id],
            )
        ]
        return out

    def cluster_of_comment(self, comment_id: int) -> int | None:
        row = self.db.execute(
            "select cluster_id from cluster_members where comment_id = ?", [comment_id]
        ).fetchone()
        return None if row is None else int(row[0])

    def comment(self, comment_id: int) -> dict[str, Any]:
        rows = self.db.execute_returning_dicts(_COMMENT_SELECT + " where c.id = ?", [comment_id])
        if not rows:
            raise NotFound(f"no comment C{comment_id} in this database")
        return _comment_out(rows[0])

    # -- answers --------------------------------------------------------------------------

    def set_answers(
        self, draft_id: int, changes: Sequence[AnswerChange], *, source: str
    ) -> list[AnswerResult]:
        """Store answers in one transaction; never overwrite a newer answer blindly.

        Status per change: ``changed``, ``unchanged`` (same as stored), or ``conflict``
        (the stored answer moved past ``base_revision`` and differs): a conflict is kept in
        the history with status ``conflict`` and the stored answer stays as it is.
        """
        now = _now()
        results: list[AnswerResult] = []
        with self.write() as conn:
            for ch in changes:
                row = conn.execute(
                    "select disposition, answer, revision from answers"
                    " where target = ? and target_id = ?",
                    [ch.target, ch.target_id],
                ).fetchone()
                old_d, old_a, rev = (row[0], row[1], int(row[2])) if row else (None, None, 0)
                if (old_d, old_a) == (ch.disposition, ch.answer):
                    results.append(AnswerResult(ch, "unchanged", rev, old_d, old_a))
                    continue
                history = [
                    draft_id,
                    ch.target,
                    ch.target_id,
                    old_d,
                    old_a,
                    ch.disposition,
                    ch.answer,
                    ch.editor,
                    now,
                    source,
                ]
                if ch.base_revision is not None and ch.base_revision != rev:
                    conn.execute(
                        "insert into answer_history (draft_id, target, target_id, old_disposition,"
                        " old_answer, new_disposition, new_answer, editor, at, source, revision,"
                        " status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'conflict')",
                        [*history, rev],
                    )
                    results.append(AnswerResult(ch, "conflict", rev, old_d, old_a))
                    continue
                rev += 1
                if row is None:
                    conn.execute(
                        "insert into answers (draft_id, target, target_id, disposition, answer,"
                        " editor, at, revision) values (?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            draft_id,
                            ch.target,
                            ch.target_id,
                            ch.disposition,
                            ch.answer,
                            ch.editor,
                            now,
                            rev,
                        ],
                    )
                else:
                    conn.execute(
                        "update answers set disposition = ?, answer = ?, editor = ?, at = ?,"
                        " revision = ? where target = ? and target_id = ?",
                        [ch.disposition, ch.answer, ch.editor, now, rev, ch.target, ch.target_id],
                    )
                conn.execute(
                    "insert into answer_history (draft_id, target, target_id, old_disposition,"
                    " old_answer, new_disposition, new_answer, editor, at, source, revision,"
                    " status) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')",
                    [*history, rev],
                )
                results.append(AnswerResult(ch, "changed", rev, ch.disposition, ch.answer))
        return results

    def answers(self, draft_id: int) -> dict[tuple[str, int], dict[str, Any]]:
        """Every stored answer of a draft by (target, id)."""
        return {
            (r["target"], int(r["target_id"])): r
            for r in self.db.execute_returning_dicts(
                "select * from answers where draft_id = ?", [draft_id]
            )
        }

    def answer_history(self, target: str, target_id: int) -> list[dict[str, Any]]:
        return self.db.execute_returning_dicts(
            "select * from answer_history where target = ? and target_id = ? order by id",
            [target, target_id],
        )

    def flag_comments(self, flags: Sequence[tuple[int, str]]) -> None:
        """Mark comments for an editor's review (e.g. moved into a differently answered
        cluster); an open flag with the same reason is not repeated."""
        now = _now()
        with self.write() as conn:
            for comment_id, reason in flags:
                exists = conn.execute(
                    "select 1 from review_flags where comment_id = ? and reason = ?"
                    " and resolved = 0",
                    [comment_id, reason],
                ).fetchone()
                if exists is None:
                    conn.execute(
                        "insert into review_flags (comment_id, reason, at, resolved)"
                        " values (?, ?, ?, 0)",
                        [comment_id, reason, now],
                    )

    def open_flags(self, draft_id: int) -> list[dict[str, Any]]:
        return self.db.execute_returning_dicts(
            "select f.id, f.comment_id, f.reason, f.at from review_flags f"
            " join comments c on c.id = f.comment_id where c.draft_id = ? and f.resolved = 0"
            " order by f.id",
            [draft_id],
        )

    def resolve_flags(self, comment_id: int) -> None:
        with self.write() as conn:
            conn.execute("update review_flags set resolved = 1 where comment_id = ?", [comment_id])

    def cluster_membership(self, draft_id: int) -> dict[int, int]:
        """Comment id → live cluster id for a draft."""
        return {
            int(c): int(k)
            for c, k in self.db.execute(
                "select m.comment_id, m.cluster_id from cluster_members m join clusters k"
                " on k.id = m.cluster_id where k.draft_id = ? and k.retired = 0",
                [draft_id],
            )
        }

    def campaign_of_comments(self, draft_id: int) -> dict[int, int]:
        """Comment id → the id of the form-letter campaign it belongs to (report, issue 17)."""
        return {
            int(c): int(k)
            for c, k in self.db.execute(
                "select m.comment_id, m.campaign_id from campaign_members m join campaigns k"
                " on k.id = m.campaign_id where k.draft_id = ?",
                [draft_id],
            )
        }

    # -- archive ---------------------------------------------------------------------------

    def export_draft(self, draft_id: int) -> dict[str, Any]:
        """Every row that belongs to a draft, table by table, ids kept (see ARCHIVE_TABLES).

        Blobs (the original files) are base64 text so the archive is plain JSON.
        """
        self.draft(draft_id)
        tables: dict[str, list[dict[str, Any]]] = {}
        for table, where in ARCHIVE_TABLES:
            rows = self.db.execute_returning_dicts(
                f"select * from [{table}] where {where}", {"d": draft_id}
            )
            for row in rows:
                for key, value in row.items():
                    if isinstance(value, bytes):
                        row[key] = {"base64": base64.b64encode(value).decode("ascii")}
            tables[table] = rows
        return {
            "format": ARCHIVE_FORMAT,
            "schema": len(migrations._migrations),
            "exported_at": _now(),
            "draft": draft_code(draft_id),
            "tables": tables,
        }

    def import_archive(self, archive: dict[str, Any]) -> int:
        """Restore an exported draft with its ids, in one transaction; returns the draft id.

        Refused when the archive is of another format or a newer schema, or when any of its
        rows would collide with rows already here (restore into an empty database, or one
        that does not hold this draft).
        """
        if archive.get("format") != ARCHIVE_FORMAT:
            raise StoreError("not a guidefeedback archive")
        if int(archive.get("schema", 0)) > len(migrations._migrations):
            raise StoreError("the archive was written by a newer guidefeedback; upgrade first")
        tables = archive.get("tables")
        if not isinstance(tables, dict):
            raise StoreError("the archive has no tables")
        draft_id = parse_code(str(archive.get("draft", "")), "D")
        known = {t for t, _ in ARCHIVE_TABLES}
        with self.write() as conn:
            # A superseded submission points at a later one: check keys at commit time.
            conn.execute("pragma defer_foreign_keys = on")
            for table, _ in ARCHIVE_TABLES:
                columns = {r[1] for r in conn.execute(f"pragma table_info([{table}])")}
                for row in tables.get(table, []):
                    if not isinstance(row, dict) or not set(row) <= columns:
                        raise StoreError(f"archive table {table}: unexpected columns")
                    values = [
                        base64.b64decode(v["base64"]) if isinstance(v, dict) else v
                        for v in row.values()
                    ]
                    names = ", ".join(f"[{c}]" for c in row)
                    marks = ", ".join("?" for _ in row)
                    verb = "insert or ignore" if table == "files" else "insert"
                    try:
                        conn.execute(f"{verb} into [{table}] ({names}) values ({marks})", values)
                    except sqlite3.IntegrityError as exc:
                        raise StoreError(
                            f"archive row in {table} collides with this database ({exc});"
                            " restore into an empty database"
                        ) from exc
            extra = set(tables) - known
            if extra:
                raise StoreError(f"archive has unknown tables: {', '.join(sorted(extra))}")
        return draft_id

    # -- run state ------------------------------------------------------------------------

    def comment_fingerprint(self, draft_id: int) -> str:
        """A digest of which comments are current on a draft (changes when one arrives or
        a submission is superseded)."""
        digest = hashlib.sha256()
        for (cid,) in self.db.execute(
            "select c.id from comments c join submissions s on s.id = c.submission_id"
            " where c.draft_id = ? and s.superseded_by is null order by c.id",
            [draft_id],
        ):
            digest.update(f"{cid},".encode())
        return digest.hexdigest()

    def has_analysis(self, draft_id: int) -> bool:
        row = self.db.execute(
            "select 1 from analysis_runs where draft_id = ? limit 1", [draft_id]
        ).fetchone()
        return row is not None

    def state_fingerprint(self, draft_id: int) -> list[Any]:
        """Everything a rendered output depends on, as small comparable values."""
        one = self.db.execute
        return [
            self.comment_fingerprint(draft_id),
            one("select max(id) from analysis_runs where draft_id = ?", [draft_id]).fetchone()[0],
            one(
                "select count(*), coalesce(sum(revision), 0), max(at) from answers"
                " where draft_id = ?",
                [draft_id],
            ).fetchone(),
            one("select max(id) from cluster_edits where draft_id = ?", [draft_id]).fetchone()[0],
            one(
                "select count(*) from review_flags f join comments c on c.id = f.comment_id"
                " where c.draft_id = ? and f.resolved = 0",
                [draft_id],
            ).fetchone()[0],
        ]

    def counts(self) -> dict[str, int]:
        return {
            t: self.db[t].count
            for t in ("drafts", "units", "submissions", "comments", "files")
            if self.db[t].exists()
        }


_COMMENT_SELECT = (
    "select c.id, c.draft_id, c.submission_id, c.position, c.source, c.kind, c.type,"
    " c.type_raw, coalesce(c.organisation, s.organisation) as organisation, c.author,"
    " c.section_ref, c.paragraph_ref, c.line_ref, c.page_ref, c.table_ref, c.quoted,"
    " c.text, c.proposed, c.old_text, c.reply_to, c.language, c.extra, c.locate_method,"
    " c.locate_reason, u.seq as unit_seq, u.locator, u.section, s.superseded_by"
    " from comments c join submissions s on s.id = c.submission_id"
    " left join units u on u.id = c.unit_id"
)


def _comment_out(row: dict[str, Any]) -> dict[str, Any]:
    row["unit"] = None if row["unit_seq"] is None else unit_code(row["draft_id"], row["unit_seq"])
    row["id"] = f"C{row['id']}"
    row["draft"] = draft_code(row.pop("draft_id"))
    row["submission"] = f"S{row.pop('submission_id')}"
    row["extra"] = json.loads(row["extra"] or "{}")
    if row["reply_to"] is not None:
        row["reply_to"] = f"C{row['reply_to']}"
    return row


def _cluster_out(row: dict[str, Any]) -> dict[str, Any]:
    row["id"] = f"K{row['id']}"
    row["draft"] = draft_code(row.pop("draft_id"))
    for key in ("sections", "organisations"):
        row[key] = json.loads(row[key] or "[]")
    row["types"] = json.loads(row["types"] or "{}")
    row["retired"] = bool(row["retired"])
    if row.get("representative_id") is not None:
        row["representative"] = f"C{row.pop('representative_id')}"
    else:
        row.pop("representative_id", None)
        row["representative"] = None
    return row


def _comment_row(
    sub_id: int,
    draft_id: int,
    c: Comment,
    position_to_id: dict[int, int],
    unit_id: int | None,
    loc: Location,
) -> list[Any]:
    return [
        sub_id,
        draft_id,
        c.position,
        c.source,
        str(c.kind),
        None if c.type is None else str(c.type),
        c.type_raw,
        c.organisation,
        c.author,
        c.section,
        c.paragraph,
        c.line,
        c.page,
        c.table_ref,
        c.quoted,
        c.anchor_text,
        c.text,
        c.proposed,
        c.old_text,
        c.date,
        None if c.reply_to is None else position_to_id.get(c.reply_to),
        c.language,
        json.dumps(c.extra, ensure_ascii=False) if c.extra else None,
        unit_id,
        loc.method,
        loc.reason or None,
    ]


def default_db_path() -> Path:
    return Path("guidefeedback.db")


def open_store(path: Path | str | None = None, *, create: bool = True) -> Store:
    """Open (and create or migrate) a database file; ``":memory:"`` for tests."""
    if path is None:
        path = default_db_path()
    if str(path) == ":memory:":
        db = sqlite_utils.Database(memory=True)
        file_path: Path | None = None
    else:
        file_path = Path(path)
        if not create and not file_path.exists():
            raise StoreError(f"{file_path}: no such database (run 'guidefeedback draft import')")
        if file_path.exists() and file_path.stat().st_size > 0:
            with file_path.open("rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise StoreError(f"{file_path.name}: not a SQLite database")
        file_path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(file_path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db = sqlite_utils.Database(conn)
    db.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("pragma foreign_keys = on")
    if file_path is not None:
        db.execute("pragma journal_mode = wal")
        db.execute("pragma synchronous = normal")
    try:
        known = len(migrations._migrations)
        current = int(db.execute("pragma user_version").fetchone()[0])
        if current > known:
            raise StoreError(
                f"{file_path.name if file_path else 'database'}: written by a newer guidefeedback"
                f" (schema {current}, this one knows {known}); upgrade guidefeedback"
            )
        # user_version is set after the migrations ran: when it is current, nothing is
        # pending and the (slower) migrations table need not be read.
        if current < known and migrations.pending(db):
            migrations.apply(db)
            db.execute(f"pragma user_version = {known}")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot use this database ({exc})") from exc
    return Store(db, file_path)
