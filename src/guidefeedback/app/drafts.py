"""Drafts: the work behind ``draft import``, ``draft show`` and ``draft diff``.

``draft diff`` aligns the units of two versions and, with ``--check``, lists accepted
comments whose paragraph the revision left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..ids import draft_code, parse_draft, unit_code
from ..model import Disposition
from ..records import DraftAdded
from ..responses import effective_answer
from ..safe_open import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from ..store import Store

ACCEPTING = frozenset({Disposition.ACCEPTED, Disposition.PARTIALLY})


@dataclass(frozen=True, slots=True)
class DraftImport:
    added: DraftAdded
    title: str
    language: str
    file: Path
    tracked_changes: int = 0
    accepted_changes: bool = False
    laid_out: bool = False

    @property
    def code(self) -> str:
        return draft_code(self.added.draft_id)


def import_draft(
    store: Store,
    path: Path,
    *,
    title: str | None = None,
    version: str | None = None,
    lang: str = "auto",
    limits: Limits = DEFAULT_LIMITS,
    accept_changes: bool = False,
    layout: bool = False,
) -> DraftImport:
    """Read a .docx draft and store it with its units (nothing happens for a known file).

    Tracked changes are rejected unless ``accept_changes``; ``layout`` lays the draft out
    with LibreOffice and records each unit's page and lines (:mod:`..layout`).
    """
    from ..drafts import read_draft
    from ..safe_open import check_size, sha256_file

    # A known file is recognised by its hash before any parsing: re-runs stay cheap. The
    # size check first refuses a FIFO or device, whose hashing would never end.
    check_size(path, limits)
    known = store.find_draft_by_sha(sha256_file(path))
    if known is not None:
        added = DraftAdded(known.id, False, known.version, known.unit_count)
        return DraftImport(added=added, title=known.title, language=known.language, file=path)
    doc = read_draft(path, lang=lang, title=title, limits=limits, accept_changes=accept_changes)
    if layout:
        from ..layout import lay_out

        doc = replace(doc, units=tuple(lay_out(path, doc.units)))
    content = path.read_bytes()
    added = store.add_draft(doc, content=content, version=version)
    return DraftImport(
        added=added,
        title=doc.title,
        language=doc.language,
        file=path,
        tracked_changes=doc.tracked_changes,
        accepted_changes=accept_changes,
        laid_out=layout,
    )


def draft_outline(store: Store, code: str, *, printed: bool = False) -> dict[str, Any]:
    """The draft's record with its units in reading order, as plain JSON-ready data.

    ``printed`` adds each unit's label as Word shows it and its page and lines (from
    ``--layout``), for ``draft show``'s text and ``--json --printed``.
    """
    draft = store.draft(parse_draft(code))
    out = draft.to_json()
    del out["submissions"], out["comments"]
    out["units"] = [
        {
            "id": unit_code(draft.id, u.seq),
            "seq": u.seq,
            "kind": str(u.kind),
            "level": u.level,
            "number": u.number,
            "section": u.section,
            "para": u.para,
            "running": u.running,
            "locator": u.locator,
            "table": u.table,
            "row": u.row,
            "title": u.heading_title,
            "text": u.text,
            **(
                {
                    "label": u.label,
                    "page": u.page,
                    "line": u.line,
                    "last_page": u.last_page,
                    "last_line": u.last_line,
                }
                if printed
                else {}
            ),
        }
        for u in store.units(draft.id)
    ]
    return out


def resolve_draft_id(store: Store, code: str) -> int:
    """The key of a draft that exists (``NotFound`` otherwise)."""
    return store.draft(parse_draft(code)).id


def draft_diff(store: Store, old: str, new: str, *, check: bool = False) -> dict[str, Any]:
    """Align the units of two drafts; with ``check``, list decisions the revision ignores."""
    from ..revisions import align, check_decisions, summary

    old_id, new_id = parse_draft(old), parse_draft(new)
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
        places = store.comment_places(old_id)
        accepted: dict[int, list[str]] = {}
        for c in store.list_comments(draft_id=old_id):
            if c.unit_seq is None:
                continue
            # A long comment in parts: accepted when any of its points is.
            kids: list[int | None] = [p.cluster_id for p in places.get(c.id, ())]
            kids = kids or [membership.get(c.id)]
            if any(
                effective_answer(c.id, cluster_id=k, answers=answers).disposition in ACCEPTING
                for k in kids
            ):
                accepted.setdefault(c.unit_seq, []).append(c.code)
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

    alignment = align(store.units(old_id), store.units(parse_draft(new)))
    return {
        a.old.seq: (a.new.locator if a.new else None, a.kind)
        for a in alignment
        if a.old is not None
    }
