"""Resolve a comment's reference to a unit of the draft, or say why it cannot be resolved.

:class:`Locator` is built once per draft and answers :meth:`Locator.locate` for every
comment. Rules, first hit wins:

1. **anchor** — a review comment's anchored text (``Comment.anchor_text``): the unit
   containing it exactly (after normalising case, whitespace, quote marks and dashes),
   else the best fuzzy match.
2. **quote** — quoted text (``Comment.quoted``), the same way. When the comment also gives
   a section and the quote is found elsewhere, the quote wins and the reason says so
   ("section 3.7 given, quoted text found in 3.3¶2"). Among several exact hits the one in
   the given section, else the first, is taken.
3. **section+paragraph** / **section** — a section ("3.2", "§ 3.2", "Section 3.2",
   "Avsnitt 3.2", "3.2.", "Chapter 3", "kap. 3", "Annex A", "Bilaga A", or a heading's
   title for unnumbered headings) with an optional paragraph ("¶4", "para 4",
   "Paragraph 2", "stycke 2", "st. 2", "p. 3", "4", or a locator "3.2¶4") taken from the
   paragraph field or written after the section. Paragraphs count the body units under a
   heading from 1, as in the draft's locators. Without a paragraph, or with one the
   section does not have, the heading unit is the answer. A section not in the draft
   leaves the comment unlocated: "section 3.7 is not in the draft (nearest: 3.1–3.4)".
4. **table** — "Table 1"/"Tabell 1" (table field, or paragraph field such as
   "Table 1"): the table's row named by a "row 3"/"rad 3" in the paragraph field, else its
   first data row (the second row when it has several: the first is its header).
   **figure** — "Figure 3"/"Figur 3"/"Fig. 3": the figure's caption paragraph.
5. **line** — Word line numbers are not stored in the document: they come from laying it
   out. A draft imported with ``--layout`` knows where each unit is printed, so "page 3"
   with "line 12" is the unit printed there (a line alone, with a section, is looked for
   within that section; a page alone is the first unit printed on it; :mod:`.printed`). Without a layout, or off the printed pages, a comment that gives
   only a line (or page) number stays unlocated, with the reason "line 120 cannot be
   resolved: line numbers depend on the submitter's page layout; add the section number".
   Method ``line``.
6. **general** — nothing usable was given: ``unit_seq`` ``None`` with a reason.

Fuzzy matching uses :class:`difflib.SequenceMatcher` on a few candidate units chosen
through an inverted word index (the quote's rarest words), so it stays fast for 100 000
comments against thousands of units; results are cached per normalised quote.

Longer than our usual ~500 lines because every way a reference becomes a place is in one resolver, so the order of precedence reads in one function.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

from .model import Comment, CommentType, LocateMethod, Location, Unit, UnitKind
from .named_sections import same_place
from .printed import PrintedPlaces
from .sections import is_within

# Typographic variants that submitters (and Word's AutoFormat) use interchangeably.
_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "―": "-",
        "−": "-",
        "‐": "-",
        "‑": "-",
        "\u00ad": None,
        "\u200b": None,
        "\ufeff": None,
    }
)
_WORD = re.compile(r"\w+", re.UNICODE)
_EDGE = re.compile(r"^[\s\"'.…,;:()\[\]]+|[\s\"'.…,;:()\[\]]+$")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.+|…|\[\.\.\.\]|\[…\])\s*")

_PARA = re.compile(
    r"(?:¶\s*|\bpara(?:graph)?s?\b\.?\s*|\bstycke[nt]?\b\.?\s*|\bst\.\s*|\bp\.\s*|\bpkt\.?\s*)"
    r"(\d{1,6})",
    re.IGNORECASE,
)
_DOTTED = re.compile(r"^\s*(?:§\s*)?(?:\d{1,4}|[A-Z])(?:\.\d{1,4})+\.?\s*$")
_BARE_NUMBER = re.compile(r"^\s*(\d{1,6})\s*\.?\s*$")
_TABLE = re.compile(r"\b(?:table|tabell|tab\.?|tbl\.?)\s*([0-9]{1,4}|[A-Z](?:\.\d{1,4})?)\b", re.I)
_FIGURE = re.compile(
    r"\b(?:figure|figur|fig\.?|bild|diagram)\s*([0-9]{1,4}|[A-Z](?:\.\d{1,4})?)\b", re.I
)
_ROW = re.compile(r"\b(?:row|rad|line)\s*(\d{1,6})\b", re.IGNORECASE)
_SECTION_WORDS = re.compile(
    r"^(?:§+|sections?\b|sect\.|sec\.|avsnitt(?:et)?\b|avsn\.|sub-?clauses?\b|clauses?\b"
    r"|chapters?\b|ch\.|kapitel(?:et)?\b|kap\.|punkt(?:en)?\b|articles?\b|art\.|artikel\b"
    r"|paragraf(?:en)?\b|part\b|del\b)\s*",
    re.IGNORECASE,
)
_ANNEX_WORDS = re.compile(r"^(?:annex|appendix|bilaga|bilagan|app\.|bil\.)\s*", re.IGNORECASE)
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])(\d{1,4}),(\d{1,4})(?![\d,])")
_NUMBER = re.compile(r"^(?:[A-Z](?:\.\d{1,4})+|\d{1,4}(?:\.\d{1,4})*|[A-Z])(?![\w])")
_GENERAL = frozenset(
    {
        "general",
        "all",
        "whole document",
        "entire document",
        "document",
        "overall",
        "n/a",
        "na",
        "-",
        "--",
        "allmänt",
        "allmän",
        "generellt",
        "hela dokumentet",
        "hela remissen",
        "övergripande",
        "samtliga",
    }
)


def names_the_whole_draft(place: str) -> bool:
    """True when a submitter's place ("General", "Allmänt", "n/a") means the draft as a whole."""
    return bool(place.strip()) and section_key(place) in _GENERAL


FUZZY_THRESHOLD = 0.75
"""Share of the quote's characters that must be found, in order, in the unit."""
_CANDIDATES = 8
_GOOD_ENOUGH = 0.9
_RARE_WORDS = 6
_MAX_FUZZY_CHARS = 600
_CACHE_LIMIT = 50_000


def normalise_text(text: str) -> str:
    """Case, quote marks, dashes, soft hyphens and whitespace folded for comparison."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return " ".join(text.split())


def _clean_quote(text: str) -> str:
    return _EDGE.sub("", normalise_text(text))


def section_key(raw: str) -> str:
    """The comparable key of a section reference: "§ 3.2." → "3.2", "Bilaga A" → "annex a",
    "Chapter 3" → "3", "Foreword" → "foreword"."""
    text = " ".join(unicodedata.normalize("NFKC", raw).split()).strip(" .:,;()[]")
    # "3,2": a decimal comma, as Swedish (and much of Europe) writes section 3.2.
    text = _DECIMAL_COMMA.sub(r"\1.\2", text)
    for _ in range(3):
        stripped = _SECTION_WORDS.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped.strip(" .:,;")
    annex = _ANNEX_WORDS.match(text)
    if annex:
        rest = text[annex.end() :].strip(" .:,;")
        number = _NUMBER.match(rest)
        return "annex " + (number.group(0) if number else rest).casefold()
    number = _NUMBER.match(text)
    if number:
        return number.group(0).rstrip(".").casefold()
    return normalise_text(text)


def parse_paragraph(raw: str | None) -> int | None:
    """ "¶4", "para 4", "Paragraph 2", "stycke 2", "p. 3", "4" → the paragraph number."""
    if not raw:
        return None
    text = unicodedata.normalize("NFKC", raw)
    if _TABLE.search(text) or re.search(r"\b(?:fig(?:ure)?|figur)\b", text, re.I):
        return None
    match = _PARA.search(text) or _BARE_NUMBER.match(text)
    return int(match.group(1)) if match else None


def _split_place(raw: str) -> tuple[str, int | None]:
    """ "3.2¶4", "3.2, para 4", "Avsnitt 3.2 stycke 2" → ("3.2 …", 4)."""
    text = unicodedata.normalize("NFKC", raw)
    match = _PARA.search(text)
    if match is None:
        return text, None
    return (text[: match.start()] + " " + text[match.end() :]).strip(" ,;"), int(match.group(1))


def _natural(key: str) -> tuple[tuple[int, int | str], ...]:
    return tuple(
        (0, int(p)) if p.isascii() and p.isdigit() else (1, p) for p in re.split(r"[.\s]", key) if p
    )


class Locator:
    """Resolves comments to units of one draft (build once, call :meth:`locate` often)."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units: tuple[Unit, ...] = tuple(units)
        self._norm: list[str] = [normalise_text(u.text) for u in self.units]
        self._index: dict[str, list[int]] = {}
        for i, text in enumerate(self._norm):
            for word in set(_WORD.findall(text)):
                self._index.setdefault(word, []).append(i)
        self._headings: dict[str, int] = {}
        self._title_headings: dict[str, int] = {}
        self._labels: dict[str, str] = {}
        self._paras: dict[tuple[str, int], int] = {}
        self._tables: dict[str, list[int]] = {}
        self._figures: dict[str, int] = {}
        self._printed = PrintedPlaces(self.units)
        for i, unit in enumerate(self.units):
            if unit.kind in (UnitKind.PARAGRAPH, UnitKind.HEADING):
                figure = _FIGURE.match(unit.text)
                if figure is not None:
                    key = f"figure {figure.group(1).casefold()}"
                    # A caption (Caption style) beats a paragraph that starts "Figure 3 shows".
                    if key not in self._figures or "caption" in (unit.style or "").casefold():
                        self._figures[key] = i
            key = section_key(unit.section) if unit.section else ""
            if unit.kind == UnitKind.HEADING:
                if key and key not in self._headings:
                    self._headings[key] = i
                    self._labels[key] = unit.section
                # A letter's heading may name a section by its title alone
                # ("Uppföljning och indikatorer"); the number's key wins a clash.
                title = normalise_text(unit.heading_title or "")
                if title and not _NUMBER.match(title):
                    self._title_headings.setdefault(title, i)
            elif unit.kind != UnitKind.FOOTNOTE and unit.para:
                self._paras.setdefault((key, unit.para), i)
            if unit.table and unit.kind == UnitKind.TABLE_ROW:
                match = _TABLE.search(unit.table)
                if match:
                    self._tables.setdefault(f"table {match.group(1).casefold()}", []).append(i)
        self._cache: dict[str, tuple[int, ...]] = {}

    # -- public ---------------------------------------------------------------------------

    def locate(self, comment: Comment) -> Location:
        """Where ``comment`` points in the draft (see the module docstring for the rules)."""
        comment = _printed_place_written_out(comment)
        section_raw = (comment.section or "").strip()
        para = parse_paragraph(comment.paragraph)
        key: str | None = None
        if section_raw:
            place, embedded = _split_place(section_raw)
            para = para if para is not None else embedded
            key = section_key(place) if place.strip() else None
        elif comment.paragraph and _NUMBER.match(comment.paragraph.strip()):
            # A locator written in the paragraph column ("3.2¶4"), or a dotted number
            # there and no section (the DoD matrix's "Paragraph" column holds "2.1").
            place, embedded = _split_place(comment.paragraph)
            if embedded is not None and place.strip():
                key, para = section_key(place), embedded
            elif _DOTTED.match(comment.paragraph):
                key, para, section_raw = section_key(place), None, comment.paragraph.strip()
        heading = self._heading(key) if key else None
        notes: list[str] = []

        if comment.anchor_text and comment.anchor_text.strip():
            hit = self._find_text(comment.anchor_text, prefer=heading, anchor=True)
            if hit is not None:
                return Location(self.units[hit].seq, LocateMethod.ANCHOR)
            notes.append("the commented text is no longer in the draft")

        if comment.quoted and comment.quoted.strip():
            hit = self._find_text(comment.quoted, prefer=heading)
            if hit is not None:
                reason = ""
                if section_raw and not self._within(hit, heading):
                    reason = (
                        f"section {section_raw} given, quoted text found in"
                        f" {self.units[hit].locator}"
                    )
                return Location(self.units[hit].seq, LocateMethod.QUOTE, reason)
            notes.append("quoted text not found in the draft")
        else:
            # Submitters often quote the draft inside the comment itself: In "…", …
            for quote in quotes_in(comment.text):
                hit = self._find_text(quote, prefer=heading)
                if hit is not None and (heading is None or self._within(hit, heading)):
                    return Location(self.units[hit].seq, LocateMethod.QUOTE)

        if heading is not None and para is None:
            table = self._table(comment)
            if table is not None and self._within(table, heading):
                return Location(self.units[table].seq, LocateMethod.TABLE, _join(notes))

        if key and key in _GENERAL:
            return Location(None, LocateMethod.GENERAL, _join(["general comment", *notes]))
        if key:
            if heading is None:
                notes.insert(0, f"section {section_raw} is not in the draft{self._nearest(key)}")
            else:
                found_key = section_key(self.units[heading].section)
                if para is not None:
                    unit = self._paras.get((found_key, para))
                    if unit is not None:
                        return Location(
                            self.units[unit].seq, LocateMethod.SECTION_PARAGRAPH, _join(notes)
                        )
                    count = sum(1 for (k, _) in self._paras if k == found_key)
                    notes.append(
                        f"section {section_raw} has no paragraph {para}"
                        f" (it has {count}); located at the section heading"
                    )
                printed = self._printed.at(
                    comment.page or "", comment.line or "", lambda i: self._within(i, heading)
                )
                if printed is not None and para is None:
                    return Location(self.units[printed].seq, LocateMethod.LINE, _join(notes))
                return Location(self.units[heading].seq, LocateMethod.SECTION, _join(notes))

        table = self._table(comment)
        if table is not None:
            return Location(self.units[table].seq, LocateMethod.TABLE, _join(notes))
        if comment.table_ref and _TABLE.search(comment.table_ref):
            notes.append(f"{comment.table_ref.strip()} is not in the draft")
        figure = self._figure(comment)
        if figure is not None:
            return Location(self.units[figure].seq, LocateMethod.FIGURE, _join(notes))

        where = (comment.line or "").strip()
        page = (comment.page or "").strip()
        printed = self._printed.at(page, where)
        if printed is not None:
            return Location(self.units[printed].seq, LocateMethod.LINE, _join(notes))
        if where or page:
            if page and not self._printed:
                what = f"page {page}, line {where}" if where else f"page {page}"
                notes.append(
                    f"{what} cannot be resolved: the draft was imported without its printed"
                    " layout; import it with draft import --layout"
                )
            elif page:
                what = f"page {page}, line {where}" if where else f"page {page}"
                notes.append(f"{what} cannot be resolved: nothing of the draft is printed there")
            else:
                notes.append(
                    f"line {where} cannot be resolved: line numbers depend on the submitter's"
                    " page layout; add the section number"
                )
            return Location(None, LocateMethod.LINE, _join(notes))
        given = (comment.paragraph or "").strip()
        if not notes and given:
            notes.append(f"paragraph {given} names no place in the draft")
        if not notes:
            notes.append(
                "general comment"
                if comment.type == CommentType.GENERAL
                else "no section, paragraph, table or quoted text given"
            )
        return Location(None, LocateMethod.GENERAL, _join(notes))

    # -- sections and tables ----------------------------------------------------------------

    def _heading(self, key: str) -> int | None:
        hit = self._headings.get(key)
        if hit is None:
            # "Förord" on a Swedish sheet is the English draft's "Foreword", and so on.
            hit = next((self._headings[k] for k in same_place(key) if k in self._headings), None)
        if hit is None:
            hit = self._title_headings.get(key)
        if hit is None and re.fullmatch(r"[a-z](?:\.\d+)*", key):
            hit = self._headings.get(f"annex {key}")
        if hit is None and key.startswith("annex "):
            hit = self._headings.get(key[len("annex ") :])
        return hit

    def _within(self, index: int, heading: int | None) -> bool:
        if heading is None:
            return False
        # A quote in 3.2.1 is within a comment on "3.2": subsections belong to it.
        own = section_key(self.units[index].section)
        given = section_key(self.units[heading].section)
        return is_within(own, given)

    def _nearest(self, key: str) -> str:
        numbered = [k for k in self._headings if re.fullmatch(r"[0-9a-z]+(?:\.\d+)*", k)]
        if not numbered:
            return ""
        parent = key.rsplit(".", 1)[0] if "." in key else ""
        depth = key.count(".")
        siblings = [
            k
            for k in numbered
            if k.count(".") == depth and (k.rsplit(".", 1)[0] if "." in k else "") == parent
        ]
        pool = siblings or [k for k in numbered if "." not in k] or numbered
        pool.sort(key=_natural)
        labels = [self._labels[k] for k in (pool[0], pool[-1])]
        return (
            f" (nearest: {labels[0]})" if len(pool) == 1 else f" (nearest: {labels[0]}–{labels[1]})"
        )

    def _table(self, comment: Comment) -> int | None:
        for raw in (comment.table_ref, comment.paragraph, comment.section):
            if not raw:
                continue
            match = _TABLE.search(unicodedata.normalize("NFKC", raw))
            if match is None:
                continue
            rows = self._tables.get(f"table {match.group(1).casefold()}")
            if not rows:
                return None
            wanted = None
            for text in (comment.paragraph, comment.table_ref):
                row = _ROW.search(text or "")
                if row:
                    wanted = int(row.group(1))
                    break
            if wanted is not None:
                for i in rows:
                    if self.units[i].row == wanted:
                        return i
            return rows[1] if len(rows) > 1 else rows[0]
        return None

    def _figure(self, comment: Comment) -> int | None:
        for raw in (comment.table_ref, comment.paragraph, comment.section):
            match = _FIGURE.search(unicodedata.normalize("NFKC", raw or ""))
            if match is not None:
                return self._figures.get(f"figure {match.group(1).casefold()}")
        return None

    # -- quoted and anchored text -----------------------------------------------------------

    def _find_text(self, raw: str, *, prefer: int | None, anchor: bool = False) -> int | None:
        quote = _clean_quote(raw)
        if not quote:
            return None
        hits = self._cached(quote)
        if not hits and anchor and len(quote) > 80:
            # A range over several paragraphs starts in the first one.
            head = quote[:80].rsplit(" ", 1)[0]
            hits = self._cached(head)
        if not hits:
            return None
        for i in hits:
            if self._within(i, prefer):
                return i
        return hits[0]

    def _cached(self, quote: str) -> tuple[int, ...]:
        hits = self._cache.get(quote)
        if hits is None:
            hits = self._search(quote)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[quote] = hits
        return hits

    def _search(self, quote: str) -> tuple[int, ...]:
        """Exact hits in document order, else the single best fuzzy hit, else nothing."""
        parts = [p for p in _ELLIPSIS.split(quote) if p.strip()]
        longest = max(parts, key=len) if parts else quote
        words = _WORD.findall(longest)
        # The first and last words of a selection may be cut; the inner ones are whole.
        inner = words[1:-1] if len(words) >= 3 else []
        if inner and all(w in self._index for w in inner):
            inner.sort(key=lambda w: len(self._index[w]))
            pool: list[int] | set[int] = self._index[inner[0]]
            if len(inner) > 1:
                pool = set(pool).intersection(self._index[inner[1]])
            candidates: Sequence[int] = sorted(pool)
        elif inner:
            candidates = []
        else:
            candidates = range(len(self.units))
        exact = tuple(i for i in candidates if longest in self._norm[i])
        if exact:
            return exact
        best = self._fuzzy(quote)
        return () if best is None else (best,)

    def _fuzzy(self, quote: str) -> int | None:
        quote = quote[:_MAX_FUZZY_CHARS]
        words = [w for w in set(_WORD.findall(quote)) if w in self._index]
        if not words:
            return None
        words.sort(key=lambda w: (len(self._index[w]), w))
        rare = words[:_RARE_WORDS]
        counts: Counter[int] = Counter()
        for word in rare:
            counts.update(self._index[word])
        ranked = counts.most_common(_CANDIDATES)
        # Only units holding nearly as many of the rare words as the best one are worth
        # the character comparison, which is what costs time.
        floor = ranked[0][1] - 1 if ranked[0][1] > 1 else 1
        best, best_score = None, FUZZY_THRESHOLD
        for i, hits in ranked:
            if hits < floor:
                break
            score = _partial_score(quote, self._norm[i], rare)
            if score > best_score:
                best, best_score = i, score
                if score >= _GOOD_ENOUGH:
                    break
        return best


def _partial_score(quote: str, text: str, rare: Sequence[str]) -> float:
    """Share of ``quote``'s characters found in order in ``text`` (or in a window of it
    around one of the quote's rare words), counting only matching runs of 3+ characters."""
    min_run = 2 if len(quote) < 20 else 3
    if len(text) <= len(quote) + 40:
        return _matched(quote, text, min_run)
    best = 0.0
    tried: set[int] = set()
    for word in rare[:3]:
        at = text.find(word)
        if at < 0:
            continue
        start = max(0, at - max(0, quote.find(word)) - 20)
        if start in tried:
            continue
        tried.add(start)
        best = max(best, _matched(quote, text[start : start + len(quote) + 40], min_run))
        if best >= _GOOD_ENOUGH:
            break
    return best


def _matched(quote: str, window: str, min_run: int) -> float:
    matcher = SequenceMatcher(None, quote, window, autojunk=False)
    # quick_ratio is an upper bound; skip the expensive block search when it cannot pass.
    if matcher.quick_ratio() * (len(quote) + len(window)) / 2 < FUZZY_THRESHOLD * len(quote):
        return 0.0
    blocks = matcher.get_matching_blocks()
    return sum(b.size for b in blocks if b.size >= min_run) / len(quote)


_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]{20,600})[\"“”„«»]")


def quotes_in(text: str) -> list[str]:
    """Passages of four words or more quoted inside a comment's text."""
    return [m.group(1) for m in _QUOTED.finditer(text or "") if len(m.group(1).split()) >= 4]


def _join(notes: Sequence[str]) -> str:
    return "; ".join(n for n in notes if n)


# "page 3, line 12", "p. 3 l. 12", "sidan 3, rad 12" written in the paragraph or section
# column: the printed place, read as the Page and Line columns would be.
_PAGE_LINE = re.compile(
    r"^\s*(?P<word>page|p\.?|pg\.?|sida|sidan|s\.)\s*(?P<page>\d{1,5})"
    r"(?:\s*[,;/]?\s*(?:line|lines|l\.?|ln\.?|rad|raderna|r\.)\s*(?P<line>\d{1,6}))?"
    r"(?:\s*[-–]\s*\d{1,6})?\s*\.?\s*$",
    re.I,
)


def _printed_place_written_out(comment: Comment) -> Comment:
    """``comment`` with a printed place written in its paragraph or section column moved to
    its page and line (where those are empty)."""
    if (comment.page or "").strip() or (comment.line or "").strip():
        return comment
    match = _PAGE_LINE.match(comment.paragraph or "")
    if match is not None and not _bare_page(match):
        return dataclasses.replace(
            comment, paragraph=None, page=match.group("page"), line=match.group("line")
        )
    match = _PAGE_LINE.match(comment.section or "")
    if match is not None and not _bare_page(match):
        return dataclasses.replace(
            comment, section=None, page=match.group("page"), line=match.group("line")
        )
    return comment


def _bare_page(match: re.Match[str]) -> bool:
    # "p. 4" alone in a paragraph column is paragraph 4 more often than page 4; only a
    # spelled-out "page 4" or an abbreviation with its line ("p. 4, l. 12") is a page.
    return match.group("word").casefold().rstrip(".") in ("p", "s", "pg") and not match.group(
        "line"
    )
