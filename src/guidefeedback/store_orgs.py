"""Store queries for organisation identity: aliases, spellings, merging bodies.

Names stay as written in ``submissions``, ``signatories`` and ``comments``; what counts
bodies compares them through :class:`~guidefeedback.orgs.Identity` (the comparison key,
and the ``org_aliases`` table). ``submissions.org_key`` holds the key of the organisation
as written, indexed, so that supersession by one body is an index lookup.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from .errors import StoreError
from .orgs import Identity, MergeResult, OrgAlias, OrgUse, clean_name, org_key
from .store_base import StoreBase, now


class OrgQueries(StoreBase):
    """Organisation identity: aliases, the spellings in use, merging."""

    def org_aliases(self) -> list[OrgAlias]:
        """Every alias: the key of a name → the name shown for its body."""
        return [
            OrgAlias(str(k), str(n), str(s))
            for k, n, s in self.db.execute(
                "select key, name, source from org_aliases order by name, key"
            )
        ]

    def org_identity(self) -> Identity:
        """Aliases and the first spelling of every name, in the order they arrived."""
        aliases = {a.key: a.name for a in self.org_aliases()}
        names = (
            str(r[0])
            for r in self.db.execute(
                "select organisation from (select min(id) as first, organisation from"
                " submissions where organisation is not null group by organisation"
                " union all select min(submission_id) * 1.0 + 0.5, organisation from"
                " signatories where organisation is not null group by organisation"
                " union all select min(submission_id) * 1.0 + 0.7, organisation from comments"
                " where organisation is not null group by organisation) order by first"
            )
        )
        return Identity.build(aliases, names)

    def body_keys(self, conn: sqlite3.Connection, key: str) -> list[str]:
        """Every key that names the same body as ``key`` (itself, and its aliases)."""
        target = conn.execute("select name from org_aliases where key = ?", [key]).fetchone()
        name_key = org_key(str(target[0])) if target else key
        keys = {key, name_key}
        for alias_key, name in conn.execute("select key, name from org_aliases").fetchall():
            if org_key(str(name)) == name_key:
                keys.add(str(alias_key))
        return sorted(keys)

    def organisation_uses(self) -> list[OrgUse]:
        """Every spelling of an organisation name with its submissions and comments.

        A submission's organisation, its co-signers and the organisations its rows name
        each count; superseded submissions count too (they are kept).
        """
        uses: dict[str, dict[str, Any]] = {}

        def add(name: str, subs: int, comments: int, emails: str | None) -> None:
            entry = uses.setdefault(name, {"subs": 0, "comments": 0, "emails": []})
            entry["subs"] += subs
            entry["comments"] += comments
            for email in (emails or "").split("\x1f"):
                if email and email not in entry["emails"]:
                    entry["emails"].append(email)

        for name, subs, comments, emails in self.db.execute(
            "select organisation, count(*), sum(comment_count), group_concat(email, char(31))"
            " from submissions where organisation is not null group by organisation"
        ):
            add(str(name), int(subs), int(comments or 0), emails)
        for name, subs in self.db.execute(
            "select g.organisation, count(distinct g.submission_id) from signatories g"
            " join submissions s on s.id = g.submission_id"
            " where g.organisation is not null and (s.organisation is null"
            " or s.organisation != g.organisation) group by g.organisation"
        ):
            add(str(name), int(subs), 0, None)
        for name, subs, comments in self.db.execute(
            "select c.organisation, count(distinct c.submission_id), count(*) from comments c"
            " join submissions s on s.id = c.submission_id where c.organisation is not null"
            " and (s.organisation is null or s.organisation != c.organisation)"
            " group by c.organisation"
        ):
            add(str(name), int(subs), int(comments), None)
        return [
            OrgUse(name, v["subs"], v["comments"], tuple(v["emails"])) for name, v in uses.items()
        ]

    def comments_without_organisation(self) -> int:
        """Comments whose row and submission name no organisation (a sheet without an
        organisation column, collected without --org); superseded ones count too."""
        row = self.db.execute(
            "select count(*) from comments c join submissions s on s.id = c.submission_id"
            " where c.organisation is null and s.organisation is null"
        ).fetchone()
        return int(row[0])

    def merge_organisations(self, names: Sequence[str], into: str) -> MergeResult:
        """Make ``names`` one body shown as ``into``, in one transaction.

        Aliases are stored for every name (and for ``into`` itself); on every draft the
        body's older current submissions are superseded by its newest one, as if they had
        arrived under one name; the clusters' and campaigns' bodies are counted again.
        """
        target = clean_name(into)
        if not target:
            raise StoreError("--into needs a name")
        with self.write() as conn:
            self._put_aliases(conn, [target, *names], target, "merge")
            superseded = self._supersede_by_body(conn)
            updated = self._recount_bodies(conn)
        merged = tuple(n for n in names if org_key(n) != org_key(target))
        return MergeResult(target, merged, tuple(superseded), updated)

    def set_config_aliases(self, aliases: dict[str, tuple[str, ...]]) -> bool:
        """Replace the aliases from guidefeedback.toml; ``True`` when anything changed
        (supersession and body counts are then brought up to date)."""
        wanted = {}
        for name, others in aliases.items():
            target = clean_name(name)
            for other in (name, *others):
                if clean_name(other):
                    wanted[org_key(other)] = target
        stored = {
            str(k): str(n)
            for k, n in self.db.execute("select key, name from org_aliases where source = 'config'")
        }
        if stored == wanted:
            return False
        with self.write() as conn:
            conn.execute("delete from org_aliases where source = 'config'")
            conn.executemany(
                "insert or replace into org_aliases (key, name, source, at)"
                " values (?, ?, 'config', ?)",
                [(k, n, now()) for k, n in wanted.items()],
            )
            self._supersede_by_body(conn)
            self._recount_bodies(conn)
        return True

    def _put_aliases(
        self, conn: sqlite3.Connection, names: Sequence[str], target: str, source: str
    ) -> None:
        keys = {org_key(n) for n in names if clean_name(n)}
        # Names already merged into one of these bodies follow it into the new one.
        for key, name in conn.execute("select key, name from org_aliases").fetchall():
            if org_key(str(name)) in keys:
                keys.add(str(key))
        conn.executemany(
            "insert or replace into org_aliases (key, name, source, at) values (?, ?, ?, ?)",
            [(k, target, source, now()) for k in sorted(keys)],
        )

    def _supersede_by_body(self, conn: sqlite3.Connection) -> list[tuple[int, int]]:
        identity = self.org_identity()
        newest: dict[tuple[int, str], int] = {}
        rows = conn.execute(
            "select id, draft_id, organisation from submissions where superseded_by is null"
            " and organisation is not null order by id"
        ).fetchall()
        for sid, draft_id, name in rows:
            newest[(int(draft_id), identity.key(str(name)))] = int(sid)
        pairs: list[tuple[int, int]] = []
        for sid, draft_id, name in rows:
            latest = newest[(int(draft_id), identity.key(str(name)))]
            if latest != int(sid):
                pairs.append((int(sid), latest))
        conn.executemany(
            "update submissions set superseded_by = ? where id = ?",
            [(new, old) for old, new in pairs],
        )
        return pairs

    def _recount_bodies(self, conn: sqlite3.Connection) -> int:
        """Organisations and n_bodies of every live cluster and campaign, by identity."""
        identity = self.org_identity()  # the same connection: sees this transaction
        bodies_of: dict[int, list[str]] = {}
        for cid, org, signatories in conn.execute(
            "select c.id, coalesce(c.organisation, s.organisation),"
            " (select group_concat(g.organisation, char(31)) from signatories g"
            "  where g.submission_id = s.id)"
            " from comments c join submissions s on s.id = c.submission_id"
        ):
            names = str(signatories).split("\x1f") if signatories else []
            bodies_of[int(cid)] = names or ([str(org)] if org else [])
        updated = 0
        for table, member_table, key in (
            ("clusters", "cluster_members", "cluster_id"),
            ("campaigns", "campaign_members", "campaign_id"),
        ):
            members: dict[int, list[int]] = {}
            for group_id, comment_id in conn.execute(
                f"select {key}, comment_id from {member_table} order by comment_id"
            ):
                members.setdefault(int(group_id), []).append(int(comment_id))
            for group_id, comment_ids in members.items():
                bodies = identity.bodies(n for c in comment_ids for n in bodies_of.get(c, []))
                if table == "clusters":
                    conn.execute(
                        "update clusters set organisations = ?, n_bodies = ? where id = ?",
                        [json.dumps(list(bodies), ensure_ascii=False), len(bodies), group_id],
                    )
                    updated += 1
                else:
                    conn.execute(
                        "update campaigns set n_bodies = ? where id = ?", [len(bodies), group_id]
                    )
        return updated
