"""Following a draft through its versions: align units, then check decisions against edits.

Alignment pairs each unit of the old version with at most one unit of the new version:

1. identical text (whitespace- and case-folded) pairs first; where a text occurs several
   times, occurrences pair in reading order;
2. the rest pair by similarity (difflib's ratio over the word sequence, at least
   :data:`CHANGED_MIN_RATIO`), best pairs first, among candidates that share rare words,
   so the cost stays near linear in the number of units.

Each pair is then classified by comparing where the unit sits, by the *title* of its
heading rather than its number (numbers change when a section is inserted):

- ``unchanged``: same text, same heading title, same number;
- ``renumbered``: same text, same heading title, a different section number;
- ``moved``: the heading title differs (the text now lives in another section);
- ``changed``: the text differs (it may also have moved: ``moved`` is then set too);
- ``removed`` / ``added``: no partner.

Headings align among themselves (by title, then by similarity), body units among body
units. Footnotes are compared like paragraphs.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .model import Unit, UnitKind
from .sections import SectionNumber

CHANGED_MIN_RATIO = 0.6
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Aligned:
    kind: str
    old: Unit | None
    new: Unit | None
    similarity: float = 1.0
    moved: bool = False

    @property
    def old_locator(self) -> str:
        return self.old.locator if self.old else ""

    @property
    def new_locator(self) -> str:
        return self.new.locator if self.new else ""


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _heading_titles(units: Sequence[Unit]) -> dict[int, str]:
    """Unit seq → the title of the heading it sits under (folded), for move detection."""
    current = ""
    out: dict[int, str] = {}
    for u in units:
        if u.kind is UnitKind.HEADING:
            current = _norm(u.heading_title or u.text)
        out[u.seq] = current
    return out


def _pair_exact(old: Sequence[Unit], new: Sequence[Unit]) -> list[tuple[Unit, Unit]]:
    by_text: dict[str, list[Unit]] = defaultdict(list)
    for u in new:
        by_text[_norm(u.text)].append(u)
    pairs: list[tuple[Unit, Unit]] = []
    for u in old:
        bucket = by_text.get(_norm(u.text))
        if bucket:
            pairs.append((u, bucket.pop(0)))
    return pairs


def _pair_similar(
    old: Sequence[Unit], new: Sequence[Unit], *, max_candidates: int = 8
) -> list[tuple[Unit, Unit, float]]:
    if not old or not new:
        return []
    df: dict[str, int] = defaultdict(int)
    new_words = {u.seq: _words(u.text) for u in new}
    for words in new_words.values():
        for w in set(words):
            df[w] += 1
    index: dict[str, list[Unit]] = defaultdict(list)
    for u in new:
        for w in set(new_words[u.seq]):
            index[w].append(u)
    scored: list[tuple[float, int, int, Unit, Unit]] = []
    for u in old:
        words = _words(u.text)
        votes: dict[int, float] = defaultdict(float)
        for w in set(words):
            posting = index.get(w)
            if posting and len(posting) <= 50:
                for cand in posting:
                    votes[cand.seq] += 1.0 / df[w]
        best = sorted(votes, key=lambda s: -votes[s])[:max_candidates]
        by_seq = {c.seq: c for c in new if c.seq in best}
        for seq in best:
            cand = by_seq[seq]
            ratio = difflib.SequenceMatcher(None, words, new_words[seq], autojunk=False).ratio()
            if ratio >= CHANGED_MIN_RATIO:
                scored.append((ratio, u.seq, seq, u, cand))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs: list[tuple[Unit, Unit, float]] = []
    for ratio, o, n, ou, nu in scored:
        if o in used_old or n in used_new:
            continue
        used_old.add(o)
        used_new.add(n)
        pairs.append((ou, nu, ratio))
    return pairs


def align(old_units: Sequence[Unit], new_units: Sequence[Unit]) -> list[Aligned]:
    """Every unit of both versions, paired and classified, in the old version's order
    (added units follow, in the new version's order)."""
    old_titles = _heading_titles(old_units)
    new_titles = _heading_titles(new_units)
    result: dict[int, Aligned] = {}
    matched_new: set[int] = set()
    for group in (True, False):
        olds = [u for u in old_units if (u.kind is UnitKind.HEADING) == group]
        news = [u for u in new_units if (u.kind is UnitKind.HEADING) == group]
        if group:
            # Headings pair by title first: "Funding" stays "Funding" when renumbered.
            exact = _pair_by(olds, news, key=lambda u: _norm(u.heading_title or u.text))
        else:
            exact = _pair_exact(olds, news)
        done_old = {o.seq for o, _ in exact}
        done_new = {n.seq for _, n in exact}
        similar = _pair_similar(
            [u for u in olds if u.seq not in done_old], [u for u in news if u.seq not in done_new]
        )
        for o, n in exact:
            same = _norm(o.text) == _norm(n.text)
            result[o.seq] = _classify(o, n, 1.0, old_titles, new_titles, same_text=same)
            matched_new.add(n.seq)
        for o, n, ratio in similar:
            result[o.seq] = _classify(o, n, ratio, old_titles, new_titles, same_text=False)
            matched_new.add(n.seq)
    ordered = [result.get(u.seq) or Aligned("removed", u, None, 0.0) for u in old_units]
    ordered.extend(Aligned("added", None, u, 0.0) for u in new_units if u.seq not in matched_new)
    return ordered


def _pair_by(
    old: Sequence[Unit], new: Sequence[Unit], *, key: Callable[[Unit], str]
) -> list[tuple[Unit, Unit]]:
    buckets: dict[str, list[Unit]] = defaultdict(list)
    for u in new:
        buckets[key(u)].append(u)
    pairs: list[tuple[Unit, Unit]] = []
    for u in old:
        bucket = buckets.get(key(u))
        if bucket:
            pairs.append((u, bucket.pop(0)))
    return pairs


def _classify(
    old: Unit,
    new: Unit,
    ratio: float,
    old_titles: dict[int, str],
    new_titles: dict[int, str],
    *,
    same_text: bool,
) -> Aligned:
    if old.kind is UnitKind.HEADING:
        if not same_text and _norm(old.heading_title or "") != _norm(new.heading_title or ""):
            return Aligned("changed", old, new, ratio)
        return Aligned("renumbered" if old.section != new.section else "unchanged", old, new)
    moved = old_titles.get(old.seq, "") != new_titles.get(new.seq, "")
    if not same_text:
        return Aligned("changed", old, new, ratio, moved)
    if moved:
        return Aligned("moved", old, new, 1.0, True)
    if old.section != new.section:
        return Aligned("renumbered", old, new)
    return Aligned("unchanged", old, new)


def summary(alignment: Iterable[Aligned]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for a in alignment:
        counts[a.kind] += 1
        if a.kind == "changed" and a.moved:
            counts["changed_and_moved"] += 1
    return dict(counts)


# -- decisions against the revision ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Inconsistency:
    kind: str
    comment: str | None
    old_locator: str
    new_locator: str
    text: str


def check_decisions(
    alignment: Sequence[Aligned],
    accepted_by_unit: dict[int, list[str]],
) -> list[Inconsistency]:
    """Where decisions and edits disagree.

    ``accepted_by_unit`` maps an old unit seq to the comments on it whose disposition is
    accepted or partially accepted. Listed: an accepted comment whose unit did not change
    (``accepted_unchanged``), and a changed, added or removed body unit that no accepted
    comment asked for (``unrequested_change``). Renumbering and moves alone are not edits.
    """
    out: list[Inconsistency] = []
    # A comment located on a heading is about its whole section: the section changed when
    # any body unit in it (or its subsections) changed, was added or removed.
    changed_sections: set[str] = set()
    for a in alignment:
        if a.kind in ("changed", "added", "removed"):
            for unit in (a.old, a.new):
                if unit is not None and unit.kind is not UnitKind.HEADING and unit.section:
                    changed_sections.update(SectionNumber.parse(unit.section).ancestors())
    for a in alignment:
        if a.old is not None and a.old.seq in accepted_by_unit:
            section_changed = a.old.kind is UnitKind.HEADING and (
                a.old.section in changed_sections
                or (a.new is not None and a.new.section in changed_sections)
            )
            if a.kind in ("unchanged", "renumbered", "moved") and not section_changed:
                for comment in accepted_by_unit[a.old.seq]:
                    out.append(
                        Inconsistency(
                            "accepted_unchanged",
                            comment,
                            a.old_locator,
                            a.new_locator,
                            a.old.text,
                        )
                    )
            continue
        unit = a.new or a.old
        if unit is None or unit.kind is UnitKind.HEADING:
            continue
        if a.kind in ("changed", "added", "removed"):
            out.append(
                Inconsistency("unrequested_change", None, a.old_locator, a.new_locator, unit.text)
            )
    return out
