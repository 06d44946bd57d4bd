"""What every part of the store shares: the connection, write transactions, row readers.

The store is one class (:class:`~.store.Store`) assembled from query groups that each live in
their own module (``store_analysis``, ``store_answers``) so that none grows past a few hundred
lines; they all build on :class:`StoreBase`. Rows leave the store as the typed records of
:mod:`.records`; the dictionaries sqlite-utils returns never do.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .model import CommentKind, CommentType
from .records import StoredCluster, StoredComment

if TYPE_CHECKING:
    import sqlite_utils


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreBase:
    """The connection and its transactions; the query groups add the rest."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path
        self._unit_id_cache: dict[int, dict[int, int]] = {}

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

    def _rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Query rows as dictionaries, for the store's own converters only."""
        result: list[dict[str, Any]] = self.db.execute_returning_dicts(sql, params)
        return result


COMMENT_SELECT = (
    "select c.id, c.draft_id, c.submission_id, c.position, c.source, c.kind, c.type,"
    " c.type_raw, coalesce(c.organisation, s.organisation) as organisation, c.author,"
    " c.section_ref, c.paragraph_ref, c.line_ref, c.page_ref, c.table_ref, c.quoted,"
    " c.text, c.proposed, c.old_text, c.reply_to, c.language, c.extra, c.locate_method,"
    " c.locate_reason, u.seq as unit_seq, u.locator, u.section, s.superseded_by"
    " from comments c join submissions s on s.id = c.submission_id"
    " left join units u on u.id = c.unit_id"
)

# The representative text is the part the cluster is about when its comment was split.
CLUSTER_SELECT = (
    "select k.*, coalesce(p.text, c.text) as representative_text, coalesce(c.organisation,"
    " s.organisation) as representative_organisation"
    " from clusters k left join comments c on c.id = k.representative_id"
    " left join submissions s on s.id = c.submission_id"
    " left join comment_parts p on p.comment_id = k.representative_id"
    " and p.part = k.representative_part"
)


def comment_from_row(row: dict[str, Any]) -> StoredComment:
    return StoredComment(
        id=int(row["id"]),
        draft_id=int(row["draft_id"]),
        submission_id=int(row["submission_id"]),
        position=int(row["position"]),
        source=row["source"] or "",
        kind=CommentKind(row["kind"]),
        text=row["text"],
        type=CommentType(row["type"]) if row["type"] else None,
        type_raw=row["type_raw"] or "",
        organisation=row["organisation"],
        author=row["author"],
        section_ref=row["section_ref"],
        paragraph_ref=row["paragraph_ref"],
        line_ref=row["line_ref"],
        page_ref=row["page_ref"],
        table_ref=row["table_ref"],
        quoted=row["quoted"],
        proposed=row["proposed"],
        old_text=row["old_text"],
        reply_to=row["reply_to"],
        language=row["language"],
        extra=json.loads(row["extra"] or "{}"),
        locate_method=row["locate_method"],
        locate_reason=row["locate_reason"],
        unit_seq=row["unit_seq"],
        locator=row["locator"],
        section=row["section"],
        superseded_by=row["superseded_by"],
    )


def cluster_from_row(row: dict[str, Any]) -> StoredCluster:
    return StoredCluster(
        id=int(row["id"]),
        draft_id=int(row["draft_id"]),
        label=row["label"] or "",
        size=int(row["size"] or 0),
        n_bodies=int(row["n_bodies"] or 0),
        sections=tuple(json.loads(row["sections"] or "[]")),
        organisations=tuple(json.loads(row["organisations"] or "[]")),
        types=json.loads(row["types"] or "{}"),
        retired=bool(row["retired"]),
        representative_id=row["representative_id"],
        representative_text=row.get("representative_text"),
        representative_organisation=row.get("representative_organisation"),
        created_run=row["created_run"],
        updated_run=row["updated_run"],
        title=row.get("title") or "",
        title_by_editor=bool(row.get("title_by_editor")),
        representative_part=row.get("representative_part"),
    )
