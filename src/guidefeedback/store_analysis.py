"""Store queries for the analysis: clusters, campaigns, the editors' cluster edits.

Cluster ids (``K7``) are stable across re-runs: a recomputed cluster that overlaps an old one
keeps its id (and so its answer); an old cluster with no successor is retired, not deleted,
because answers and history point at it.

Members of a cluster are parts of comments (:class:`~guidefeedback.records.PartRef`): a long
comment the analysis split has its parts in ``comment_parts`` and each part may be in a
different cluster; a comment without part rows is one part, part 1, its whole text.
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
    ClusterPart,
    ClusterRecord,
    CommentForAnalysis,
    CommentPlace,
    EditOp,
    PartRef,
    StoredCluster,
    StoredComment,
    StoredPart,
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

# A member of a cluster (``m``, a row of cluster_members) of comment ``c``: the text of its
# part (the whole comment's text when it was not split) and how many parts the comment has.
_PART_COLUMNS = (
    "coalesce(p.text, c.text) as part_text,"
    " (select count(*) from comment_parts q where q.comment_id = c.id) as part_count"
)
_PART_JOIN = " left join comment_parts p on p.comment_id = c.id and p.part = m.part"


class AnalysisQueries(OrgQueries):
    def analysis_input(self, draft_id: int) -> list[CommentForAnalysis]:
        """Current comments of a draft with everything clustering needs."""
        out: list[CommentForAnalysis] = []
        identity = self.org_identity()
        # Bodies, not spellings: two names of one body count once. Many comments share a
        # submission's names, so each distinct list is resolved once.
        bodies: dict[tuple[str | None, str | None], tuple[str, ...]] = {}
        rows = self.db.execute(
            "select c.id, c.text, c.language, c.type, coalesce(u.section, c.section_ref, ''),"
            " coalesce(c.organisation, s.organisation),"
            " (select group_concat(g.organisation, char(31)) from signatories g"
            "  where g.submission_id = s.id)"
            " from comments c join submissions s on s.id = c.submission_id"
            " left join units u on u.id = c.unit_id"
            " where c.draft_id = ? and s.superseded_by is null order by c.id",
            [draft_id],
        )
        for comment_id, text, language, kind, section, organisation, names in rows:
            found = bodies.get((names, organisation))
            if found is None:
                orgs = names.split("\x1f") if names else []
                if not orgs and organisation:
                    orgs = [organisation]
                found = bodies[(names, organisation)] = identity.bodies(orgs)
            out.append(
                CommentForAnalysis(
                    id=int(comment_id),
                    text=text,
                    language=language,
                    type=kind,
                    section=section or "",
                    organisation=organisation,
                    organisations=found,
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
        """The editors' edits in order. The JSON lists hold a comment id for a whole comment
        (every edit made before comments had parts) and ``[comment id, part]`` for a part."""
        out: list[ClusterEdit] = []
        for r in self._rows(
            "select * from cluster_edits where draft_id = ? order by id", [draft_id]
        ):
            comments, parts = _refs(json.loads(r["comment_ids"]))
            targets, target_parts = _refs(json.loads(r["target_ids"] or "[]"))
            out.append(
                ClusterEdit(
                    id=int(r["id"]),
                    draft_id=int(r["draft_id"]),
                    op=EditOp(r["op"]),
                    comment_ids=comments,
                    target_ids=targets,
                    editor=r["editor"],
                    at=r["at"],
                    parts=parts,
                    target_parts=target_parts,
                )
            )
        return out

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

    def cluster_parts(self, cluster_id: int) -> list[ClusterPart]:
        """The members of one cluster: whole comments and parts of split comments, with
        each part's text, in comment and part order."""
        return [
            ClusterPart(
                comment_from_row(r),
                int(r["m_part"]),
                max(1, int(r["part_count"] or 0)),
                r["part_text"],
            )
            for r in self._rows(
                COMMENT_SELECT.replace(" from ", f", m.part as m_part, {_PART_COLUMNS} from ", 1)
                + " join cluster_members m on m.comment_id = c.id"
                + _PART_JOIN
                + " where m.cluster_id = ? order by c.id, m.part",
                [cluster_id],
            )
        ]

    def current_clusters(self, draft_id: int) -> list[tuple[int, frozenset[PartRef]]]:
        """Live clusters of a draft as (cluster id, member parts)."""
        members: dict[int, set[PartRef]] = {}
        for cluster_id, comment_id, part in self.live_members(draft_id):
            members.setdefault(cluster_id, set()).add(PartRef(comment_id, part))
        return [(k, frozenset(v)) for k, v in sorted(members.items())]

    def comment_parts(self, draft_id: int) -> list[StoredPart]:
        """The parts of the draft's comments that the analysis split, in order."""
        return [
            StoredPart(int(c), int(n), str(t), lang)
            for c, n, t, lang in self.db.execute(
                "select p.comment_id, p.part, p.text, p.language from comment_parts p"
                " join comments c on c.id = p.comment_id where c.draft_id = ?"
                " order by p.comment_id, p.part",
                [draft_id],
            )
        ]

    def comment_places(self, draft_id: int) -> dict[int, tuple[CommentPlace, ...]]:
        """Comment id → where each of its parts is clustered (live clusters), in part
        order; a comment that was not split has one place, its whole text."""
        out: dict[int, list[CommentPlace]] = {}
        for comment_id, part, cluster_id, text, of in self.db.execute(
            f"select m.comment_id, m.part, m.cluster_id, {_PART_COLUMNS}"
            " from cluster_members m join clusters k on k.id = m.cluster_id"
            " join comments c on c.id = m.comment_id"
            + _PART_JOIN
            + " where k.draft_id = ? and k.retired = 0 order by m.comment_id, m.part",
            [draft_id],
        ):
            out.setdefault(int(comment_id), []).append(
                CommentPlace(int(comment_id), int(part), max(1, int(of)), int(cluster_id), text)
            )
        return {k: tuple(v) for k, v in out.items()}

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
        parts: Sequence[StoredPart] | None = None,
    ) -> AnalysisSaved:
        """Replace a draft's clusters and campaigns (and, when ``parts`` is given, the
        parts of its split comments) in one transaction.

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
            # Keyed by plain (comment, part) pairs: 100 000 PartRef objects cost a second.
            old_of_part = {
                (int(c), int(n)): int(k)
                for c, n, k in conn.execute(
                    "select m.comment_id, m.part, m.cluster_id from cluster_members m join"
                    " clusters k on k.id = m.cluster_id where k.draft_id = ?",
                    [draft_id],
                )
            }
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
                    record.representative_part,
                    # Each comment counts once in a cluster, however many of its parts.
                    len({m.comment_id for m in record.members}),
                    record.n_bodies,
                    json.dumps(list(record.sections), ensure_ascii=False),
                    json.dumps(list(record.organisations), ensure_ascii=False),
                    json.dumps(record.types, ensure_ascii=False, sort_keys=True),
                    run_id,
                ]
                if reuse is not None and reuse in live:
                    conn.execute(
                        "update clusters set label = ?, representative_id = ?,"
                        " representative_part = ?, size = ?, n_bodies = ?, sections = ?, organisations = ?, types = ?,"
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
                        "insert into clusters (label, representative_id, representative_part,"
                        " size, n_bodies, sections, organisations, types, updated_run,"
                        " created_run, draft_id, retired, title, title_by_editor)"
                        " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 0)",
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
            if parts is not None:
                conn.execute(
                    "delete from comment_parts where comment_id in"
                    " (select id from comments where draft_id = ?)",
                    [draft_id],
                )
                conn.executemany(
                    "insert into comment_parts (comment_id, part, text, language)"
                    " values (?, ?, ?, ?)",
                    [(p.comment_id, p.part, p.text, p.language) for p in parts],
                )
            moved: set[int] = set()
            rows: list[tuple[int, int, int, int | None]] = []
            for cluster_id, record in zip(ids, clusters, strict=True):
                for ref in record.members:
                    before = old_of_part.get((ref.comment_id, ref.part))
                    if before is not None and before != cluster_id:
                        moved.add(ref.comment_id)
                    rows.append((ref.comment_id, ref.part, cluster_id, before))
            conn.executemany(
                "insert into cluster_members (comment_id, part, cluster_id, previous_cluster_id)"
                " values (?, ?, ?, ?)",
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

    def embeddings(self, model: str, comment_ids: Sequence[int]) -> dict[PartRef, StoredVector]:
        """Stored vectors of ``model`` for every part of these comments (with the hash of
        the text embedded)."""
        out: dict[PartRef, StoredVector] = {}
        ids = list(comment_ids)
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            marks = ",".join("?" * len(chunk))
            for comment_id, part, sha, dim, blob in self.db.execute(
                "select comment_id, part, text_sha256, dim, vector from embeddings"
                f" where model = ? and comment_id in ({marks})",
                [model, *chunk],
            ):
                out[PartRef(int(comment_id), int(part))] = StoredVector(
                    str(sha), int(dim), bytes(blob)
                )
        return out

    def save_embeddings(self, model: str, vectors: Sequence[tuple[PartRef, StoredVector]]) -> None:
        with self.write() as conn:
            conn.executemany(
                "insert or replace into embeddings"
                " (comment_id, part, model, text_sha256, dim, vector) values (?, ?, ?, ?, ?, ?)",
                [(r.comment_id, r.part, model, v.text_sha256, v.dim, v.vector) for r, v in vectors],
            )

    def add_cluster_edit(
        self,
        draft_id: int,
        op: EditOp,
        comment_ids: Sequence[int],
        target_ids: Sequence[int] = (),
        *,
        editor: str | None = None,
        parts: Sequence[PartRef] = (),
        target_parts: Sequence[PartRef] = (),
    ) -> int:
        """Record an editor's change to the clusters, kept by comment ids (whole comments)
        and parts (``[comment id, part]``) to replay later."""
        with self.write() as conn:
            cur = conn.execute(
                "insert into cluster_edits (draft_id, op, comment_ids, target_ids, editor, at)"
                " values (?, ?, ?, ?, ?, ?)",
                [
                    draft_id,
                    op,
                    json.dumps(_ref_list(comment_ids, parts)),
                    json.dumps(_ref_list(target_ids, target_parts)),
                    editor,
                    now(),
                ],
            )
            return int(cur.lastrowid or 0)

    def cluster_membership(self, draft_id: int) -> dict[int, int]:
        """Comment id → live cluster id for a draft; for a comment split into parts, the
        cluster of its first part (see :meth:`comment_places` for all of them)."""
        return {
            int(c): int(k)
            for c, k in self.db.execute(
                "select m.comment_id, m.cluster_id from cluster_members m join clusters k"
                " on k.id = m.cluster_id where k.draft_id = ? and k.retired = 0"
                " order by m.comment_id, m.part desc",
                [draft_id],
            )
        }

    def live_members(self, draft_id: int) -> list[tuple[int, int, int]]:
        """Every member of the draft's live clusters as (cluster id, comment id, part): the
        plain rows, for a caller that indexes 100 000 of them."""
        return [
            (int(k), int(c), int(n))
            for k, c, n in self.db.execute(
                "select m.cluster_id, m.comment_id, m.part from cluster_members m join"
                " clusters k on k.id = m.cluster_id where k.draft_id = ? and k.retired = 0",
                [draft_id],
            )
        ]

    def part_membership(self, draft_id: int) -> dict[PartRef, int]:
        """Each clustered part of the draft's comments → its live cluster id."""
        return {PartRef(c, n): k for k, c, n in self.live_members(draft_id)}

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


def _refs(values: list[object]) -> tuple[tuple[int, ...], tuple[PartRef, ...]]:
    """Whole comments (ints) and parts (``[comment, part]``) of a stored edit."""
    comments: list[int] = []
    parts: list[PartRef] = []
    for v in values:
        if isinstance(v, list) and len(v) == 2:
            parts.append(PartRef(int(v[0]), int(v[1])))
        elif isinstance(v, int):
            comments.append(v)
    return tuple(comments), tuple(parts)


def _ref_list(comment_ids: Sequence[int], parts: Sequence[PartRef]) -> list[object]:
    return [*sorted(comment_ids), *([p.comment_id, p.part] for p in sorted(parts))]
