"""The one SQLite file: opening it, and the queries on drafts, submissions and comments.

Only the store speaks SQL (this module, :mod:`.store_base`, :mod:`.store_analysis`,
:mod:`.store_answers`, :mod:`.store_orgs`; the schema is in :mod:`.migrations`). Tables are created through sqlite-utils so that foreign keys are
declared and the file reads well in the ``sqlite-utils`` CLI or Datasette. The schema is an
ordered list of small named migrations (``sqlite_utils.Migrations``); after applying them we
also set ``PRAGMA user_version`` to their count, so any SQLite tool can see which schema a file
has, and a file written by a newer guidefeedback is refused instead of half-understood.

Durability rules (measured on sqlite-utils 4.2; README, Guarantees): WAL, foreign keys on, a 30 s busy
timeout, and every import of a file — its record, its rows and the original bytes — in one
``BEGIN IMMEDIATE`` transaction, so a killed import leaves nothing of that file behind and a
second writer waits instead of failing with "database is locked".

Longer than our usual ~500 lines because it holds the queries on drafts, submissions and comments; clusters, answers and organisations have their own query modules.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import NotFound, StoreError
from .ids import comment_code, draft_code, submission_code
from .migrations import SCHEMA_VERSION, migrations
from .model import Comment, DraftDoc, Location, Submission, Unit, UnitKind
from .orgs import org_key
from .records import (
    ArchiveSchema,
    ArchiveTable,
    DraftAdded,
    StoredComment,
    StoredDraft,
    StoredSubmission,
    SubmissionAdded,
)
from .sections import SectionNumber
from .store_analysis import AnalysisQueries
from .store_answers import AnswerQueries
from .store_base import COMMENT_SELECT, comment_from_row, now
from .store_orgs import OrgQueries

if TYPE_CHECKING:
    import sqlite_utils
else:
    from ._sqlite import sqlite_utils

BUSY_TIMEOUT_MS = 30_000

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
    ("comment_parts", "comment_id in (select id from comments where draft_id = :d)"),
    ("embeddings", "comment_id in (select id from comments where draft_id = :d)"),
    ("analysis_runs", "draft_id = :d"),
    ("clusters", "draft_id = :d"),
    ("cluster_members", "cluster_id in (select id from clusters where draft_id = :d)"),
    ("campaigns", "draft_id = :d"),
    ("campaign_members", "campaign_id in (select id from campaigns where draft_id = :d)"),
    ("cluster_edits", "draft_id = :d"),
    ("answers", "draft_id = :d"),
    ("answer_history", "draft_id = :d"),
    ("review_flags", "comment_id in (select id from comments where draft_id = :d)"),
    ("worksheets", "draft_id = :d"),
    ("assignments", "draft_id = :d"),
    ("review_acks", "draft_id = :d"),
)


def doc_key(title: str) -> str:
    """The key that makes two files versions of one draft: the title, case- and space-folded."""
    return " ".join(title.casefold().split())


_DRAFT_SELECT = (
    "select id, title, version, language, file_name, unit_count, imported_at, sha256 from drafts"
)

_SUBMISSION_SELECT = (
    "select s.*, (select group_concat(organisation, char(31)) from signatories g"
    "  where g.submission_id = s.id) as signatory_names from submissions s"
)


def _draft(r: dict[str, Any]) -> StoredDraft:
    return StoredDraft(
        id=int(r["id"]),
        title=r["title"],
        version=r["version"],
        language=r["language"] or "",
        file_name=r["file_name"] or "",
        unit_count=int(r["unit_count"] or 0),
        imported_at=r["imported_at"] or "",
        sha256=r["sha256"],
        submissions=int(r.get("submissions") or 0),
        comments=int(r.get("comments") or 0),
    )


def _submission(r: dict[str, Any]) -> StoredSubmission:
    names = r["signatory_names"]
    return StoredSubmission(
        id=int(r["id"]),
        draft_id=int(r["draft_id"]),
        organisation=r["organisation"],
        format=r["format"],
        file_name=r["file_name"] or "",
        sha256=r["sha256"],
        comment_count=int(r["comment_count"] or 0),
        publish_names=None if r["publish_names"] is None else bool(r["publish_names"]),
        contact=r["contact"],
        email=r["email"],
        superseded_by=r["superseded_by"],
        collected_at=r["collected_at"] or "",
        received=r["received"],
        signatory=r.get("signatory"),
        reference=r.get("reference"),
        signatories=tuple(names.split("\x1f")) if names else (),
        problems=tuple((str(w), str(m)) for w, m in json.loads(r["problems"] or "[]")),
        unrecognised_columns=tuple(json.loads(r["unrecognised_columns"] or "[]")),
    )


class Store(AnalysisQueries, AnswerQueries, OrgQueries):
    """A guidefeedback database. Open with :func:`open_store`.

    Drafts, submissions and comments are queried here; the analysis and the answers have
    their own query modules (:mod:`.store_analysis`, :mod:`.store_answers`).
    """

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
                numeric = [int(v) for v in versions if v.isascii() and v.isdigit()]
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
                    now(),
                ],
            )
            draft_id = int(cur.lastrowid or 0)
            conn.executemany(
                "insert into units (draft_id, seq, kind, level, number, section, para, running,"
                " locator, heading_title, table_ref, row_no, style, text, page, line, last_page,"
                " last_line, label)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                        u.page,
                        u.line,
                        u.last_page,
                        u.last_line,
                        u.label,
                    )
                    for u in doc.units
                ),
            )
        return DraftAdded(draft_id, True, version, len(doc.units))

    def _put_file(self, conn: sqlite3.Connection, sha256: str, name: str, content: bytes) -> None:
        conn.execute(
            "insert or ignore into files (sha256, file_name, size, content, stored_at)"
            " values (?, ?, ?, ?, ?)",
            [sha256, name, len(content), content, now()],
        )

    def file_content(self, sha256: str) -> bytes:
        row = self.db.execute("select content from files where sha256 = ?", [sha256]).fetchone()
        if row is None:
            raise NotFound(f"no stored file with SHA-256 {sha256}")
        return bytes(row[0])

    def list_drafts(self) -> list[StoredDraft]:
        return [
            _draft(r)
            for r in self._rows(
                "select d.id, d.title, d.version, d.language, d.file_name, d.unit_count,"
                " d.imported_at, d.sha256,"
                " (select count(*) from submissions s where s.draft_id = d.id"
                "  and s.superseded_by is null) as submissions,"
                " (select count(*) from comments c join submissions s on s.id = c.submission_id"
                "  where c.draft_id = d.id and s.superseded_by is null) as comments"
                " from drafts d order by d.id"
            )
        ]

    def draft(self, draft_id: int) -> StoredDraft:
        rows = self._rows(_DRAFT_SELECT + " where id = ?", [draft_id])
        if not rows:
            raise NotFound(f"no draft {draft_code(draft_id)} in {self.path or 'this database'}")
        return _draft(rows[0])

    def find_draft_by_sha(self, sha256: str) -> StoredDraft | None:
        rows = self._rows(_DRAFT_SELECT + " where sha256 = ?", [sha256])
        return _draft(rows[0]) if rows else None

    def submission(self, submission_id: int) -> StoredSubmission:
        rows = self._rows(_SUBMISSION_SELECT + " where s.id = ?", [submission_id])
        if not rows:
            raise NotFound(f"no submission {submission_code(submission_id)} in this database")
        return _submission(rows[0])

    def list_submissions(self, draft_id: int | None = None) -> list[StoredSubmission]:
        sql = _SUBMISSION_SELECT
        params: list[Any] = []
        if draft_id is not None:
            sql += " where s.draft_id = ?"
            params.append(draft_id)
        return [_submission(r) for r in self._rows(sql + " order by s.id", params)]

    def list_comments(
        self,
        *,
        draft_id: int | None = None,
        organisation: str | None = None,
        section: str | None = None,
        include_superseded: bool = False,
        limit: int | None = None,
    ) -> list[StoredComment]:
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
            sec = SectionNumber.parse(section).text
            where.append(
                "(coalesce(u.section, c.section_ref) = ? or coalesce(u.section, c.section_ref)"
                " like ?)"
            )
            params += [sec, f"{sec}.%"]
        sql = COMMENT_SELECT + (" where " + " and ".join(where) if where else "")
        sql += " order by c.id"
        if limit is not None:
            sql += f" limit {int(limit)}"
        return [comment_from_row(r) for r in self._rows(sql, params)]

    def search_comments(
        self, query: str, *, draft_id: int | None = None, limit: int = 50
    ) -> list[StoredComment]:
        """Full-text search over comment text, proposed change, quote and organisation.

        The query is quoted term by term (``Database.quote_fts``) so that a user's stray
        quote or operator cannot break the FTS5 syntax.
        """
        fts_query = self.db.quote_fts(query)
        sql = (
            COMMENT_SELECT
            + " join comments_fts f on f.rowid = c.id where comments_fts match ?"
            + (" and c.draft_id = ?" if draft_id is not None else "")
            + " order by f.rank limit ?"
        )
        params: list[Any] = [fts_query]
        if draft_id is not None:
            params.append(draft_id)
        params.append(limit)
        return [comment_from_row(r) for r in self._rows(sql, params)]

    def comment(self, comment_id: int) -> StoredComment:
        rows = self._rows(COMMENT_SELECT + " where c.id = ?", [comment_id])
        if not rows:
            raise NotFound(f"no comment {comment_code(comment_id)} in this database")
        return comment_from_row(rows[0])

    def units(self, draft_id: int) -> list[Unit]:
        cur = self.db.execute(
            "select seq, kind, text, locator, section, para, running, level, number, style,"
            " table_ref, row_no, heading_title, page, line, last_page, last_line, label"
            " from units where draft_id = ? order by seq",
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
                page=r[13],
                line=r[14],
                last_page=r[15],
                last_line=r[16],
                label=r[17],
            )
            for r in cur
        ]

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
                " unrecognised_columns, org_key, signatory, reference)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    now(),
                    len(sub.comments),
                    json.dumps([[p.where, p.message] for p in sub.problems], ensure_ascii=False),
                    json.dumps(list(sub.unrecognised_columns), ensure_ascii=False),
                    org_key(sub.organisation) if sub.organisation else None,
                    sub.signatory,
                    sub.reference,
                ],
            )
            sub_id = int(cur.lastrowid or 0)
            conn.executemany(
                "insert into signatories (submission_id, position, organisation) values (?, ?, ?)",
                [(sub_id, i, name) for i, name in enumerate(sub.signatories, start=1)],
            )
            superseded: list[int] = []
            if sub.organisation:
                # The same body under any of its names: "Åre kommun" in NFC or NFD, "UHM"
                # once merged into "Upphandlingsmyndigheten".
                keys = self.body_keys(conn, org_key(sub.organisation))
                marks = ", ".join("?" for _ in keys)
                superseded = [
                    int(r[0])
                    for r in conn.execute(
                        "select id from submissions where draft_id = ? and id != ?"
                        f" and superseded_by is null and org_key in ({marks})",
                        [draft_id, sub_id, *keys],
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

    # -- archive (the format and its checks live in archive.py) ---------------------------

    def schema_version(self) -> int:
        return SCHEMA_VERSION

    def archive_schema(self) -> dict[str, ArchiveSchema]:
        """Columns, types and foreign keys of every table an archive may hold."""
        schemas: dict[str, ArchiveSchema] = {}
        for table, _ in ARCHIVE_TABLES:
            info = self.db.execute(f"pragma table_info([{table}])").fetchall()
            fks = self.db.execute(f"pragma foreign_key_list([{table}])").fetchall()
            schemas[table] = ArchiveSchema(
                name=table,
                columns=tuple(str(r[1]) for r in info),
                types=tuple(str(r[2]).upper() for r in info),
                primary_key=tuple(str(r[1]) for r in sorted(info, key=lambda r: r[5]) if r[5]),
                foreign_keys=tuple((str(f[3]), str(f[2]), str(f[4] or "id")) for f in fks),
            )
        return schemas

    def export_rows(self, draft_id: int) -> list[ArchiveTable]:
        """Every row that belongs to a draft, table by table, ids kept (see ARCHIVE_TABLES)."""
        self.draft(draft_id)
        out: list[ArchiveTable] = []
        for table, where in ARCHIVE_TABLES:
            cursor = self.db.execute(f"select * from [{table}] where {where}", {"d": draft_id})
            columns = tuple(str(d[0]) for d in cursor.description)
            out.append(ArchiveTable(table, columns, tuple(tuple(r) for r in cursor.fetchall())))
        return out

    def existing_keys(self, table: str, column: str, values: Sequence[Any]) -> list[Any]:
        """Which of ``values`` are already in ``table.column`` (for collision checks)."""
        found: list[Any] = []
        items = list(values)
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            found.extend(
                r[0]
                for r in self.db.execute(
                    f"select [{column}] from [{table}] where [{column}] in ({marks})", chunk
                )
            )
        return found

    def insert_archive(self, tables: Sequence[ArchiveTable]) -> None:
        """Insert checked archive rows in one transaction; files already here are kept."""
        with self.write() as conn:
            # A superseded submission points at a later one: check keys at commit time.
            conn.execute("pragma defer_foreign_keys = on")
            for t in tables:
                if not t.rows:
                    continue
                names = ", ".join(f"[{c}]" for c in t.columns)
                marks = ", ".join("?" for _ in t.columns)
                verb = "insert or ignore" if t.name == "files" else "insert"
                try:
                    conn.executemany(
                        f"{verb} into [{t.name}] ({names}) values ({marks})", list(t.rows)
                    )
                except sqlite3.IntegrityError as exc:
                    raise StoreError(
                        f"archive rows in {t.name} collide with this database ({exc});"
                        " nothing was changed"
                    ) from exc
            broken = conn.execute("pragma foreign_key_check").fetchone()
            if broken is not None:
                # Checked here, inside the transaction, so it rolls back: a failed COMMIT
                # would leave the transaction open.
                raise StoreError(
                    f"archive row {broken[1]} in {broken[0]} points at a missing"
                    f" {broken[2]} row; nothing was changed"
                )
            # Archives written before org_key existed: compute it for their submissions.
            for sid, name in conn.execute(
                "select id, organisation from submissions where org_key is null"
                " and organisation is not null"
            ).fetchall():
                conn.execute(
                    "update submissions set org_key = ? where id = ?", [org_key(name), sid]
                )

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
            one("select count(*), group_concat(key || '=' || name) from org_aliases").fetchone(),
        ]

    def counts(self) -> dict[str, int]:
        return {
            t: self.db[t].count
            for t in ("drafts", "units", "submissions", "comments", "files")
            if self.db[t].exists()
        }


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
            # A database is found, not invented: a typo in --db or the wrong folder must
            # not leave an empty file behind and then report "no draft D1".
            raise StoreError(
                f"no database at {file_path.absolute()}; run `guidefeedback init` or pass --db"
            )
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
        known = SCHEMA_VERSION
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
