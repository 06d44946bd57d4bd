"""Store queries for the analysis: clusters, campaigns, the editors' cluster edits.

Cluster ids (``K7``) are stable across re-runs: a recomputed cluster that overlaps an old one
keeps its id (and so its answer); an old cluster with no successor is retired, not deleted,
because answers and history point at it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .errors import NotFound
from .ids import cluster_code
from .records import (
    AnalysisSaved,
    CampaignRecord,
    ClusterEdit,
    ClusterRecord,
    CommentForAnalysis,
    EditOp,
    StoredCluster,
    StoredComment,
    StoredVector,
)
from .store_base import (
    CLUSTER_SELECT,
    COMMENT_SELECT,
    cluster_from_row,
    comment_from_row,
    now,
)
from .store_orgs import OrgQueries


class AnalysisQueries(OrgQueries):
    def analysis_input(self, draft_id: int) -> list[CommentForAnalysis]:
        """Current comments of a draft with everything clustering needs."""
        out: list[CommentForAnalysis] = []
        identity = self.org_identity()
        for r in self._rows(
            "select c.id, c.text, c.language, c.type, coalesce(u.section, c.section_ref, '')"
            " as section, coalesce(c.organisation, s.organisation) as organisation,"
            " (select group_concat(g.organisation, char(31)) from signatories g"
            "  where g.submission_id = s.id) as signatories"
            " from comments c join submissions s on s.id = c.submission_id"
            " left join units u on u.id = c.unit_id"
            " where c.draft_id = ? and s.superseded_by is null order by c.id",
            [draft_id],
        ):
            names = r["signatories"]
            orgs = names.split("\x1f") if names else []
            if not orgs and r["organisation"]:
                orgs = [r["organisation"]]
            out.append(
                CommentForAnalysis(
                    id=int(r["id"]),
                    text=r["text"],
                    language=r["language"],
                    type=r["type"],
                    section=r["section"] or "",
                    organisation=r["organisation"],
                    # Bodies, not spellings: two names of one body count once.
                    organisations=identity.bodies(orgs),
                )
            )
        return out

    def last_run_settings(self, draft_id: int) -> tuple[float | None, str | None]:
        """The threshold and model of a draft's latest analysis run (None, None if none)."""
        row = self.db.execute(
            "select threshold, model from analysis_runs where draft_id = ? order by id desc"
            " limit 1",
            [draft_id],
        ).fetchone()
        return (None, None) if row is None else (row[0], row[1])

    def cluster_edits(self, draft_id: int) -> list[ClusterEdit]:
        return [
            ClusterEdit(
                id=int(r["id"]),
                draft_id=int(r["draft_id"]),
                op=EditOp(r["op"]),
                comment_ids=tuple(json.loads(r["comment_ids"])),
                target_ids=tuple(json.loads(r["target_ids"] or "[]")),
                editor=r["editor"],
                at=r["at"],
            )
            for r in self._rows(
                "select * from cluster_edits where draft_id = ? order by id", [draft_id]
            )
        ]

    def list_clusters(self, draft_id: int, *, include_retired: bool = False) -> list[StoredCluster]:
        sql = CLUSTER_SELECT + " where k.draft_id = ?"
        if not include_retired:
            sql += " and k.retired = 0"
        rows = self._rows(sql + " order by k.size desc, k.id", [draft_id])
        return [cluster_from_row(r) for r in rows]

    def cluster(self, cluster_id: int) -> StoredCluster:
        rows = self._rows(CLUSTER_SELECT + " where k.id = ?", [cluster_id])
        if not rows:
            raise NotFound(f"no cluster {cluster_code(cluster_id)} in this database")
        return cluster_from_row(rows[0])

    def cluster_comments(self, cluster_id: int) -> list[StoredComment]:
        """The comments of one cluster, in id order."""
        return [
            comment_from_row(r)
            for r in self._rows(
                COMMENT_SELECT
                + " join cluster_members m on m.comment_id = c.id where m.cluster_id = ?"
                " order by c.id",
                [cluster_id],
            )
        ]

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
        drop_editor_titles: frozenset[int] = frozenset(),
    ) -> AnalysisSaved:
        """Replace a draft's clusters and campaigns in one transaction.

        A continued cluster keeps a title an editor set, unless its id is in
        ``drop_editor_titles`` (it lost most of its comments, e.g. by a split); every
        other cluster gets the computed title.

        ``reuse_ids[i]`` is the old cluster id that new cluster ``i`` continues (or None).
        Old clusters not continued are retired. Each member keeps the id of the cluster it
        was in before when that changed, so answers can be checked after re-clustering.
        """
        if len(reuse_ids) != len(clusters):
            raise ValueError("one reuse id per cluster is required")
        at = now()
        with self.write() as conn:
            run_id = int(
                conn.execute(
                    "insert into analysis_runs (draft_id, at, threshold, model, comment_count,"
                    " cluster_count, campaign_count, seconds) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        draft_id,
                        at,
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
            editor_titled = {
                int(r[0])
                for r in conn.execute(
                    "select id from clusters where draft_id = ? and title_by_editor = 1",
                    [draft_id],
                )
            } - set(drop_editor_titles)
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
                    if reuse not in editor_titled:
                        conn.execute(
                            "update clusters set title = ?, title_by_editor = 0 where id = ?",
                            [record.title, reuse],
                        )
                    live.discard(reuse)
                    ids.append(reuse)
                    kept += 1
                else:
                    cur = conn.execute(
                        "insert into clusters (label, representative_id, size, n_bodies,"
                        " sections, organisations, types, updated_run, created_run, draft_id,"
                        " retired, title, title_by_editor)"
                        " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0)",
                        [*values, run_id, draft_id, record.title],
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

    def set_cluster_title(self, cluster_id: int, title: str | None) -> None:
        """An editor's title for a cluster (kept across re-clustering); None gives the
        computed title back at the next clustering."""
        with self.write() as conn:
            found = conn.execute(
                "select retired from clusters where id = ?", [cluster_id]
            ).fetchone()
            if found is None:
                raise NotFound(f"no cluster {cluster_code(cluster_id)} in this database")
            if found[0]:
                raise NotFound(
                    f"{cluster_code(cluster_id)} no longer exists (it was merged or split)"
                )
            if title is None:
                conn.execute("update clusters set title_by_editor = 0 where id = ?", [cluster_id])
            else:
                conn.execute(
                    "update clusters set title = ?, title_by_editor = 1 where id = ?",
                    [title, cluster_id],
                )

    def embeddings(self, model: str, comment_ids: Sequence[int]) -> dict[int, StoredVector]:
        """Stored vectors of ``model`` for these comments (with the text hash embedded)."""
        out: dict[int, StoredVector] = {}
        ids = list(comment_ids)
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            for comment_id, sha, dim, blob in self.db.execute(
                "select comment_id, text_sha256, dim, vector from embeddings"
                f" where model = ? and comment_id in ({marks})",
                [model, *chunk],
            ):
                out[int(comment_id)] = StoredVector(str(sha), int(dim), bytes(blob))
        return out

    def save_embeddings(self, model: str, vectors: Sequence[tuple[int, StoredVector]]) -> None:
        with self.write() as conn:
            conn.executemany(
                "insert or replace into embeddings (comment_id, model, text_sha256, dim, vector)"
                " values (?, ?, ?, ?, ?)",
                [(cid, model, v.text_sha256, v.dim, v.vector) for cid, v in vectors],
            )

    def add_cluster_edit(
        self,
        draft_id: int,
        op: EditOp,
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
                    now(),
                ],
            )
            return int(cur.lastrowid or 0)

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
        """Comment id → the id of the form-letter campaign it belongs to (the report)."""
        return {
            int(c): int(k)
            for c, k in self.db.execute(
                "select m.comment_id, m.campaign_id from campaign_members m join campaigns k"
                " on k.id = m.campaign_id where k.draft_id = ?",
                [draft_id],
            )
        }

    def has_analysis(self, draft_id: int) -> bool:
        row = self.db.execute(
            "select 1 from analysis_runs where draft_id = ? limit 1", [draft_id]
        ).fetchone()
        return row is not None
