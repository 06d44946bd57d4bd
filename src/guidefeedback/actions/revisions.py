"""Draft versions: ``draft diff`` and the check of decisions against the revision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..ids import draft_code, parse_code
from ..responses import effective_answer

if TYPE_CHECKING:
    from ..store import Store

ACCEPTING = frozenset({"accepted", "partially"})


def draft_diff(store: Store, old: str, new: str, *, check: bool = False) -> dict[str, Any]:
    """Align the units of two drafts; with ``check``, list decisions the revision ignores."""
    from ..revisions import align, check_decisions, summary

    old_id, new_id = parse_code(old, "D"), parse_code(new, "D")
    old_units, new_units = store.units(old_id), store.units(new_id)
    alignment = align(old_units, new_units)
    out: dict[str, Any] = {
        "old": draft_code(old_id),
        "new": draft_code(new_id),
        "summary": summary(alignment),
        "units": [
            {
                "kind": a.kind,
                "moved": a.moved,
                "similarity": round(a.similarity, 3),
                "old": a.old_locator or None,
                "new": a.new_locator or None,
                "old_text": a.old.text if a.old else None,
                "new_text": a.new.text if a.new else None,
            }
            for a in alignment
        ],
    }
    if check:
        answers = store.answers(old_id)
        membership = store.cluster_membership(old_id)
        accepted: dict[int, list[str]] = {}
        for c in store.list_comments(draft_id=old_id):
            if c.get("unit_seq") is None:
                continue
            cid = int(c["id"][1:])
            eff = effective_answer(cid, cluster_id=membership.get(cid), answers=answers)
            if eff.disposition in ACCEPTING:
                accepted.setdefault(int(c["unit_seq"]), []).append(c["id"])
        out["check"] = [
            {
                "kind": i.kind,
                "comment": i.comment,
                "old": i.old_locator or None,
                "new": i.new_locator or None,
                "text": i.text,
            }
            for i in check_decisions(alignment, accepted)
        ]
    return out


def map_to_version(store: Store, old_id: int, new: str) -> dict[int, tuple[str | None, str]]:
    """Old unit seq → (locator in the new version or None if removed, kind of change)."""
    from ..revisions import align

    alignment = align(store.units(old_id), store.units(parse_code(new, "D")))
    return {
        a.old.seq: (a.new.locator if a.new else None, a.kind)
        for a in alignment
        if a.old is not None
    }
