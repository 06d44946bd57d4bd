"""The schema: an ordered list of small named migrations, applied when a store opens.

Each step is a function ``mNNN_name``; the order of :data:`STEPS` is the order they run in,
and its length is the schema version written to ``PRAGMA user_version`` (so any SQLite tool
can see which schema a file has, and a file from a newer guidefeedback is refused). We keep
our own list of names rather than reading sqlite-utils' private ``Migrations._migrations``.
A new schema change is a new function appended at the end; an existing step never changes,
because databases in the field have already run it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils
else:
    from ._sqlite import sqlite_utils

Step = Callable[["sqlite_utils.Database"], None]

migrations = sqlite_utils.Migrations("guidefeedback")


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


def m005_unit_layout(db: sqlite_utils.Database) -> None:
    """Where each unit is printed (``draft import --layout``) and its label as Word shows it.

    ``page``/``line`` to ``last_page``/``last_line``: lines count from 1 on every page;
    all null when the draft was not laid out. ``label``: the automatic number or bullet as
    displayed ("3.2.", "a)", "•").
    """
    db.table("units").add_column("page", int)
    db.table("units").add_column("line", int)
    db.table("units").add_column("last_page", int)
    db.table("units").add_column("last_line", int)
    db.table("units").add_column("label", str)


def m006_organisation_identity(db: sqlite_utils.Database) -> None:
    """One body, one identity (see :mod:`guidefeedback.orgs`).

    ``submissions.org_key`` is the comparison key of the organisation as written (NFC,
    invisible characters removed, case-folded), indexed so that supersession by the same
    body stays an index lookup at 100 000 submissions. ``org_aliases`` maps the key of a
    name to the name shown for its body: from ``[organisations]`` in guidefeedback.toml
    (``source = 'config'``, replaced on every run) or from ``orgs merge``.
    """
    from .orgs import org_key

    db.table("submissions").add_column("org_key", str)
    for sid, name in db.execute("select id, organisation from submissions").fetchall():
        db.execute(
            "update submissions set org_key = ? where id = ?",
            [org_key(name) if name else None, sid],
        )
    db.table("submissions").create_index(["draft_id", "org_key"])
    db.table("org_aliases").create(
        {"key": str, "name": str, "source": str, "at": str},
        pk="key",
        not_null={"name", "source"},
    )


def m007_editors_loop(db: sqlite_utils.Database) -> None:
    """The editors' loop: this database's identity, the worksheets already applied, how
    conflicts were settled, clusters assigned to editors, review items looked at.

    ``meta.database_id`` is a random id made once, when the database is created (or
    upgraded to this schema); every worksheet carries it, so one made from another
    database is refused instead of landing on unrelated clusters.
    """
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("meta").insert({"key": "database_id", "value": secrets.token_hex(16)})
    db.table("worksheets").create(
        {
            "sha256": str,
            "draft_id": int,
            "file_name": str,
            "applied_at": str,
            "editor": str,
            "changed": int,
            "conflicts": int,
            "problems": int,
        },
        pk="sha256",
        foreign_keys=[("draft_id", "drafts", "id")],
        not_null={"draft_id"},
    )
    history = db.table("answer_history")
    history.add_column("base_revision", int)
    history.add_column("resolved_at", str)
    history.add_column("resolution", str)
    db.table("assignments").create(
        {"cluster_id": int, "draft_id": int, "editor": str, "at": str},
        pk="cluster_id",
        foreign_keys=[("cluster_id", "clusters", "id"), ("draft_id", "drafts", "id")],
        not_null={"draft_id", "editor"},
    )
    db.table("review_acks").create(
        {
            "id": int,
            "draft_id": int,
            "target": str,
            "target_id": int,
            "reason": str,
            "editor": str,
            "at": str,
        },
        pk="id",
        foreign_keys=[("draft_id", "drafts", "id")],
        not_null={"draft_id", "target", "target_id", "reason"},
    )


def m008_cluster_titles(db: sqlite_utils.Database) -> None:
    """Readable cluster titles, whether an editor set them, and stored sentence embeddings.

    ``title_by_editor`` = 1 keeps an editor's title across re-clustering. ``embeddings``
    holds one vector per comment and model, keyed by the SHA-256 of the text embedded, so
    a re-run embeds only new or changed comments.
    """
    clusters = db.table("clusters")
    clusters.add_column("title", str)
    clusters.add_column("title_by_editor", int, not_null_default=0)
    db.table("embeddings").create(
        {"comment_id": int, "model": str, "text_sha256": str, "dim": int, "vector": bytes},
        pk=("comment_id", "model"),
        foreign_keys=[("comment_id", "comments", "id")],
    )


def m009_letter_details(db: sqlite_utils.Database) -> None:
    """What a letter's letterhead and signature give (issue 14): the person who signed it
    (personal data: never published without consent) and the body's own reference number
    (diarienummer). The letter's date goes into ``received`` as before."""
    db.table("submissions").add_column("signatory", str)
    db.table("submissions").add_column("reference", str)


def m010_comment_parts(db: sqlite_utils.Database) -> None:
    """Long comments split into parts that can join different clusters (issue 18).

    ``comment_parts`` holds one row per part of a comment the analysis split (two parts or
    more), with the part's text as the analysis read it and its language; a comment
    without rows is one part, its whole text (so an ordinary comment costs no row, and a
    database from before this step needs no rows). The comment's own text is never
    changed. ``cluster_members`` is keyed by (comment, part): every existing row is part 1
    of its comment, i.e. the whole comment, so clusters, answers and history stay as they
    were. ``clusters.representative_part`` names the part of the representative comment
    the cluster is about; ``embeddings`` are stored per part (an existing vector is that
    of part 1, the whole comment).
    """
    db.table("comment_parts").create(
        {"comment_id": int, "part": int, "text": str, "language": str},
        pk=("comment_id", "part"),
        foreign_keys=[("comment_id", "comments", "id")],
        not_null={"text"},
    )
    members = db.table("cluster_members")
    members.add_column("part", int, not_null_default=1)
    members.transform(pk=("comment_id", "part"))
    if not any(ix.columns == ["cluster_id"] for ix in members.indexes):
        members.create_index(["cluster_id"])
    db.table("clusters").add_column("representative_part", int)
    embeddings = db.table("embeddings")
    embeddings.add_column("part", int, not_null_default=1)
    embeddings.transform(pk=("comment_id", "part", "model"))


# The schema, in order. Appending here is the only way the schema changes.
STEPS: tuple[Step, ...] = (
    m001_drafts,
    m002_submissions,
    m003_analysis,
    m004_responses,
    m005_unit_layout,
    m006_organisation_identity,
    m007_editors_loop,
    m008_cluster_titles,
    m009_letter_details,
    m010_comment_parts,
)

for _step in STEPS:
    migrations(name=_step.__name__)(_step)

SCHEMA_VERSION = len(STEPS)
