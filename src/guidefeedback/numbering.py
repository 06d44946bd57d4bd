"""Word's automatic numbering: the label Word displays in front of each paragraph.

python-docx does not resolve numbering, yet headings like "3.2" or list items like "a)"
exist only as numbering definitions (``word/numbering.xml``) applied to paragraphs
directly or through their style (``word/styles.xml``). :class:`NumberingResolver` replays
Word's counters over the paragraphs in document order and formats the labels.

How the counters work here (checked against LibreOffice 7.4's rendering of the same files
where it implements the feature; see tests/test_numbering.py):

- A paragraph's numbering is its own ``w:numPr``, else its style's (following ``basedOn``);
  ``numId`` 0 removes numbering. When the numbering comes from a style, the level is the
  ``w:lvl`` of the list whose ``w:pStyle`` names that style (ECMA-376 §17.9.23), else the
  style's ``ilvl``, else 0.
- Counters belong to the abstract numbering definition, so every ``w:num`` pointing at the
  same ``w:abstractNum`` continues the same sequence. A ``w:num`` with ``w:startOverride``
  restarts the overridden levels the first time a paragraph uses that ``w:num``; after
  that it shares the counters again.
- Numbering a paragraph at level *n* resets the deeper levels, except where ``w:lvlRestart``
  says otherwise (0: never restart; *k*: restart only when a level at or above *k* is
  used). LibreOffice 7.4 ignores ``w:lvlRestart``; we follow the standard.
- A level that has not been used yet (a heading 3 straight after a heading 1, or a list
  that starts at level 2) counts as used at its start value as soon as a deeper level is
  used, whether the deeper label shows it or not, as LibreOffice does: "1.1.1", not
  "1.0.1", and a heading 2 after it is "1.2"; "(a)" at level 3 followed by a level-1
  item "%1." gives "2.".
- ``w:isLgl`` shows every number in the level's text in Arabic numerals (LibreOffice
  supports it from 24.2).
- Formats: decimal, decimalZero, lower/upperLetter (… y, z, aa, bb), lower/upperRoman,
  ordinal (1st), bullet, none. Every other format (cardinalText, chineseCounting, …) falls
  back to decimal; the label is then what a reader would cite, not the exact glyphs.

Longer than our usual ~500 lines because Word's numbering (abstract and concrete lists, overrides, style links, counters, formats) is one state machine.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from . import ooxml
from .ooxml import Styles, int_val, is_on, str_val, w
from .safe_open import DEFAULT_LIMITS, grouped

MAX_LEVELS = 9
# Bounds on list numbers (safe_open.Limits), far above anything Word prints, so a hostile
# numbering.xml cannot make one label gigabytes long: "%1" repeated 300 000 times, a
# 4 000-digit start, an upperLetter list starting at 2·10⁹ (letters repeat: 77 million Z).
MAX_LIST_NUMBER = DEFAULT_LIMITS.max_list_number
MAX_LVL_TEXT_CHARS = DEFAULT_LIMITS.max_list_format_chars
MAX_LABEL_CHARS = DEFAULT_LIMITS.max_list_label_chars


class NumberingLimit(ValueError):
    """A list number Word would never print; the message names the paragraph."""


_W_ABSTRACT_NUM = w("abstractNum")
_W_ABSTRACT_NUM_ID = w("abstractNumId")
_W_NUM = w("num")
_W_NUM_ID = w("numId")
_W_LVL = w("lvl")
_W_ILVL = w("ilvl")
_W_LVL_OVERRIDE = w("lvlOverride")


@dataclass(frozen=True, slots=True)
class NumberLabel:
    """The number Word shows in front of one paragraph.

    ``text`` is exactly as displayed ("3.2.", "a)", "Article 4", "•"); ``number`` drops
    surrounding punctuation ("3.2", "a", "Article 4"). Bullets have ``is_bullet`` set and
    ``number == text``.
    """

    text: str
    number: str
    ilvl: int
    num_id: int
    is_bullet: bool = False


@dataclass(frozen=True, slots=True)
class LevelDef:
    """One ``w:lvl`` of a numbering definition.

    ``restart`` is ``w:lvlRestart`` (``None`` when absent: restart after any higher level).
    A missing ``w:start`` is 0, as the standard says.
    """

    ilvl: int
    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    is_legal: bool = False
    style_id: str | None = None


@dataclass(frozen=True, slots=True)
class AbstractNumDef:
    """A ``w:abstractNum``: its levels, or a link to a numbering style that holds them."""

    abstract_id: int
    levels: Mapping[int, LevelDef]
    num_style_link: str | None = None


@dataclass(frozen=True, slots=True)
class NumDef:
    """A ``w:num``: the abstract definition it uses and its per-level overrides."""

    num_id: int
    abstract_id: int
    start_overrides: Mapping[int, int]
    level_overrides: Mapping[int, LevelDef]


@dataclass(frozen=True, slots=True)
class NumberingDefs:
    """Everything in ``word/numbering.xml`` that affects the displayed labels."""

    abstracts: Mapping[int, AbstractNumDef]
    nums: Mapping[int, NumDef]


NO_NUMBERING = NumberingDefs(abstracts={}, nums={})


def read_numbering(xml: bytes | etree._Element | None) -> NumberingDefs:
    """Read ``word/numbering.xml`` (bytes or parsed root; ``None`` when missing)."""
    root = ooxml.as_element(xml)
    if root is None:
        return NO_NUMBERING
    abstracts: dict[int, AbstractNumDef] = {}
    for element in root.iterchildren(_W_ABSTRACT_NUM):
        abstract_id = _int_attr(element, _W_ABSTRACT_NUM_ID)
        if abstract_id is None:
            continue
        levels: dict[int, LevelDef] = {}
        for lvl in element.iterchildren(_W_LVL):
            level = _read_level(lvl)
            if level is not None:
                levels[level.ilvl] = level
        abstracts[abstract_id] = AbstractNumDef(
            abstract_id=abstract_id,
            levels=levels,
            num_style_link=str_val(element.find(w("numStyleLink"))),
        )
    nums: dict[int, NumDef] = {}
    for element in root.iterchildren(_W_NUM):
        num_id = _int_attr(element, _W_NUM_ID)
        abstract_ref = int_val(element.find(_W_ABSTRACT_NUM_ID))
        if num_id is None or abstract_ref is None:
            continue
        starts: dict[int, int] = {}
        overrides: dict[int, LevelDef] = {}
        for override in element.iterchildren(_W_LVL_OVERRIDE):
            ilvl = _int_attr(override, _W_ILVL)
            if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                continue
            start = int_val(override.find(w("startOverride")))
            if start is not None:
                starts[ilvl] = start
            replaced = override.find(_W_LVL)
            level = _read_level(replaced) if replaced is not None else None
            if level is not None:
                overrides[ilvl] = dataclasses.replace(level, ilvl=ilvl)
        nums[num_id] = NumDef(num_id, abstract_ref, starts, overrides)
    return NumberingDefs(abstracts=abstracts, nums=nums)


def _int_attr(element: etree._Element, name: str) -> int | None:
    try:
        return int(element.get(name, ""))
    except ValueError:
        return None


def _read_level(lvl: etree._Element) -> LevelDef | None:
    ilvl = _int_attr(lvl, _W_ILVL)
    if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
        return None
    start = int_val(lvl.find(w("start")))
    return LevelDef(
        ilvl=ilvl,
        start=start if start is not None else 0,
        fmt=str_val(lvl.find(w("numFmt"))) or "decimal",
        text=str_val(lvl.find(w("lvlText"))) or "",
        restart=int_val(lvl.find(w("lvlRestart"))),
        is_legal=is_on(lvl.find(w("isLgl"))),
        style_id=str_val(lvl.find(w("pStyle"))),
    )


# -- formatting numbers ---------------------------------------------------------------------

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def to_roman(value: int) -> str:
    """Lower-case Roman numeral for 1–3999; other values stay decimal."""
    if not 0 < value < 4000:
        return str(value)
    parts: list[str] = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        parts.append(letters * count)
    return "".join(parts)


def to_letters(value: int) -> str:
    """Word's alphabetic numbering: a … z, then aa … zz, aaa … (the letter repeats)."""
    if value < 1:
        return str(value)
    repeat, index = divmod(value - 1, 26)
    return chr(ord("a") + index) * (repeat + 1)


def to_ordinal(value: int) -> str:
    """English ordinal as Word writes it for ``numFmt="ordinal"``: 1st, 2nd, 3rd, 11th."""
    teens = 10 <= value % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def _digits(value: int) -> str:
    """A number for a message: in full when short, else by its length."""
    if abs(value) < 10**12:
        return str(value)
    return f"a {grouped(len(str(abs(value))))}-digit number"


def format_number(value: int, fmt: str) -> str:
    """One counter value in a ``w:numFmt`` format (unknown formats fall back to decimal)."""
    if fmt == "decimal":
        return str(value)
    if fmt == "decimalZero":
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    if fmt == "lowerLetter":
        return to_letters(value)
    if fmt == "upperLetter":
        return to_letters(value).upper()
    if fmt == "lowerRoman":
        return to_roman(value)
    if fmt == "upperRoman":
        return to_roman(value).upper()
    if fmt == "ordinal":
        return to_ordinal(value)
    if fmt == "none":
        return ""
    return str(value)


# Bullets are usually private-use code points of the Symbol or Wingdings fonts; these
# are the ones Word's bullet gallery uses, shown as the Unicode character they look like.
_SYMBOL_FONT_BULLETS: Mapping[str, str] = {
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "\uf0d8": "➢",
    "\uf076": "❖",
    "\uf0fc": "✓",
    "\uf0a8": "□",
    "\uf06f": "o",
    "\uf02d": "-",
}


def bullet_text(lvl_text: str) -> str:
    """The bullet as a reader sees it: symbol-font glyphs mapped, other characters kept."""
    chars = []
    for char in lvl_text:
        if char in _SYMBOL_FONT_BULLETS:
            chars.append(_SYMBOL_FONT_BULLETS[char])
        elif "\ue000" <= char <= "\uf8ff":
            chars.append("•")
        else:
            chars.append(char)
    return "".join(chars).strip()


_LEADING_PUNCT = "([{"
_TRAILING_PUNCT = ".)]}:\u2013\u2014"


def strip_label(text: str) -> str:
    """A label without the punctuation around it: "3.2." → "3.2", "(iv)" → "iv"."""
    return text.strip().rstrip(_TRAILING_PUNCT + " ").lstrip(_LEADING_PUNCT + " ").strip()


# -- the resolver ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True, slots=True)
class _ListView:
    """The levels a ``w:num`` shows, and the key of the counters it shares."""

    counter_key: int
    levels: Mapping[int, LevelDef]


class NumberingResolver:
    """Replays Word's list counters over a document's paragraphs, in document order.

    Build it once per document from the numbering and styles parts, then call
    :meth:`label` for every paragraph in the order they appear, empty ones and table-cell
    paragraphs included (they advance the counters in Word too). It is stateful: calling
    it out of order gives different numbers.
    """

    def __init__(
        self,
        numbering: bytes | etree._Element | NumberingDefs | None,
        styles: bytes | etree._Element | Styles | None,
    ) -> None:
        self._defs = (
            numbering if isinstance(numbering, NumberingDefs) else read_numbering(numbering)
        )
        self._styles = styles if isinstance(styles, Styles) else ooxml.read_styles(styles)
        self._counters: dict[int, list[int | None]] = {}
        self._used_nums: set[int] = set()
        self._views: dict[int, _ListView | None] = {}
        self._style_numbering: dict[str | None, tuple[int | None, int | None, tuple[str, ...]]] = {}
        self._paragraphs = 0

    @property
    def styles(self) -> Styles:
        """The document's styles as read for numbering (drafts reuse them)."""
        return self._styles

    def numbering_of(self, p: etree._Element) -> tuple[int, int] | None:
        """``(numId, ilvl)`` in effect for a paragraph, or ``None`` if it is not numbered."""
        style_num, style_ilvl, chain_ids = self._numbering_from_style(ooxml.paragraph_style_id(p))
        direct = ooxml.paragraph_num_pr(p)
        num_id = style_num
        ilvl: int | None = None
        if direct is not None:
            direct_num, ilvl = direct
            if direct_num is not None:
                num_id = direct_num
        if num_id is None or num_id == 0:
            return None
        if ilvl is None:
            ilvl = self._level_linked_to_style(num_id, chain_ids)
        if ilvl is None:
            ilvl = style_ilvl if style_ilvl is not None else 0
        if not 0 <= ilvl < MAX_LEVELS:
            return None
        return num_id, ilvl

    def label(self, p: etree._Element) -> NumberLabel | None:
        """Advance the counters for ``p`` and return its label (``None`` if unnumbered).

        Raises :class:`NumberingLimit` (naming the paragraph's position in document order)
        for a number past ``MAX_LIST_NUMBER`` or a label format past its bounds.
        """
        self._paragraphs += 1
        found = self.numbering_of(p)
        if found is None:
            return None
        num_id, ilvl = found
        try:
            return self.advance(num_id, ilvl)
        except NumberingLimit as exc:
            raise NumberingLimit(f"paragraph {self._paragraphs}: {exc}") from None

    def advance(self, num_id: int, ilvl: int) -> NumberLabel | None:
        """Count one paragraph numbered ``(num_id, ilvl)`` and return its label."""
        view = self._view(num_id)
        if view is None:
            return None
        level = view.levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(view.counter_key, [None] * MAX_LEVELS)
        if num_id not in self._used_nums:
            self._used_nums.add(num_id)
            num = self._defs.nums.get(num_id)
            if num is not None:
                for overridden in num.start_overrides:
                    counters[overridden] = None
        # Higher levels not used yet count as used at their start value, shown or not
        # (as LibreOffice and Word do): "(a)" at level 3 and then a level-1 item is "2.".
        for higher in range(ilvl):
            if counters[higher] is None:
                higher_level = view.levels.get(higher)
                counters[higher] = higher_level.start if higher_level is not None else 0
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            deeper_level = view.levels.get(deeper)
            restart = deeper_level.restart if deeper_level is not None else None
            # lvlRestart is 1-based: "restart after level k is used" means ilvl < k.
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        text = self._render(view, counters, level)
        if not text:
            return None
        is_bullet = level.fmt == "bullet"
        number = text if is_bullet else strip_label(text)
        return NumberLabel(text=text, number=number, ilvl=ilvl, num_id=num_id, is_bullet=is_bullet)

    def _render(self, view: _ListView, counters: list[int | None], level: LevelDef) -> str:
        if len(level.text) > MAX_LVL_TEXT_CHARS:
            raise NumberingLimit(
                f"its list label format is {grouped(len(level.text))} characters long (Word's are a"
                f" few; limit {MAX_LVL_TEXT_CHARS}); a damaged or hostile file"
            )
        if level.fmt == "bullet":
            return bullet_text(level.text)

        def substitute(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            shown = view.levels.get(index)
            if shown is None:
                return ""
            value = counters[index]
            if value is None:
                # An unused higher level shows its start value and, as in LibreOffice,
                # counts as used from then on: H1, H3, H2 → "1", "1.1.1", "1.2".
                value = shown.start
                counters[index] = value
            fmt = shown.fmt
            if level.is_legal and fmt not in ("decimalZero", "none"):
                fmt = "decimal"
            if abs(value) > MAX_LIST_NUMBER:
                raise NumberingLimit(
                    f"its list number is {_digits(value)}, which Word never prints"
                    f" (limit {grouped(MAX_LIST_NUMBER)}); a damaged or hostile file"
                )
            shown_text = format_number(value, fmt)
            if len(shown_text) > MAX_LABEL_CHARS:
                raise NumberingLimit(
                    f"its list number {value} in {fmt} would be {grouped(len(shown_text))} characters"
                    f" long (limit {MAX_LABEL_CHARS}); a damaged or hostile file"
                )
            return shown_text

        return _PLACEHOLDER.sub(substitute, level.text).strip()

    def _view(self, num_id: int) -> _ListView | None:
        if num_id in self._views:
            return self._views[num_id]
        view = self._build_view(num_id)
        self._views[num_id] = view
        return view

    def _build_view(self, num_id: int) -> _ListView | None:
        num = self._defs.nums.get(num_id)
        if num is None:
            return None
        abstract = self._resolve_abstract(num.abstract_id)
        if abstract is None:
            return None
        levels = dict(abstract.levels)
        for ilvl, override in num.level_overrides.items():
            levels[ilvl] = override
        for ilvl, start in num.start_overrides.items():
            base = levels.get(ilvl)
            if base is not None:
                levels[ilvl] = dataclasses.replace(base, start=start)
        return _ListView(counter_key=abstract.abstract_id, levels=levels)

    def _resolve_abstract(self, abstract_id: int) -> AbstractNumDef | None:
        """Follow ``w:numStyleLink`` (a list style) to the definition holding the levels."""
        seen: set[int] = set()
        abstract = self._defs.abstracts.get(abstract_id)
        while abstract is not None and abstract.num_style_link is not None:
            if abstract.abstract_id in seen:
                return None
            seen.add(abstract.abstract_id)
            style = self._styles.by_id.get(abstract.num_style_link)
            linked_num = self._defs.nums.get(style.num_id) if style and style.num_id else None
            if linked_num is None:
                return abstract if abstract.levels else None
            abstract = self._defs.abstracts.get(linked_num.abstract_id)
        return abstract

    def _numbering_from_style(
        self, style_id: str | None
    ) -> tuple[int | None, int | None, tuple[str, ...]]:
        """(numId, ilvl, ids of the style chain) that a paragraph style gives, cached."""
        cached = self._style_numbering.get(style_id)
        if cached is not None:
            return cached
        chain = ooxml.style_chain(self._styles, style_id)
        num_id: int | None = None
        ilvl: int | None = None
        for style in chain:
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = style.ilvl
        result = (num_id, ilvl, tuple(s.style_id for s in chain))
        self._style_numbering[style_id] = result
        return result

    def _level_linked_to_style(self, num_id: int, chain_ids: tuple[str, ...]) -> int | None:
        if not chain_ids:
            return None
        view = self._view(num_id)
        if view is None:
            return None
        for style_id in chain_ids:
            for level in view.levels.values():
                if level.style_id == style_id:
                    return level.ilvl
        return None


# -- typed-in numbers -----------------------------------------------------------------------

# Words that introduce a numbered part in English and Swedish headings, matched without
# regard to case. The number keeps its word ("Annex 2" is not section 2).
_KEYWORDS = (
    "chapter|section|part|article|annex|appendix|attachment|schedule|clause"
    "|kapitel|avsnitt|del|artikel|bilaga|punkt"
)
# The number itself is case-sensitive so that "Part of …" or "Del i …" are not numbers.
_PART_NUMBER = r"(?:\d{1,3}(?:\.\d{1,3})*|[A-Z](?:\.\d{1,3})*|[IVXLC]+)"
_KEYWORD_NUMBER = re.compile(
    rf"^(?P<number>(?i:{_KEYWORDS})\s+{_PART_NUMBER}|§\s*\d{{1,3}}[a-z]?)(?![\w.]*\w)"
    r"[\s.:)\u2013\u2014-]*(?P<rest>.*)$",
    re.DOTALL,
)
_DOTTED_NUMBER = re.compile(
    r"^(?P<number>(?:\d{1,3}|[A-Z])(?:\.\d{1,3})+)(?P<dot>\.?)(?:\s+(?P<rest>.*))?$", re.DOTALL
)
_SMALL_INTEGER = re.compile(r"^(?P<number>\d{1,2})(?P<dot>[.)]?)(?:\s+(?P<rest>.*))?$", re.DOTALL)
_ROMAN_NUMBER = re.compile(r"^(?P<number>[IVXLC]{1,7})[.)]\s+(?P<rest>\S.*)$", re.DOTALL)
_VALID_ROMAN = re.compile(r"^C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")


def split_typed_number(text: str) -> tuple[str | None, str]:
    """Split a number typed at the start of a heading from its title.

    Returns ``(number, rest)``, or ``(None, text)`` when the heading does not start with a
    section number. The rule, chosen so that years and quantities are not numbers:

    - a word that introduces a part, then its number: "Chapter 3", "Kapitel 3",
      "Annex A", "Bilaga 2", "Article 4.1", "§ 14" (the number keeps its word; "§14"
      becomes "§ 14");
    - a dotted number with one to three digits per part, optionally starting with a
      capital letter: "3.2 Scope", "3.2. Scope", "3.2.1", "A.1 Templates";
    - a one- or two-digit integer: "3 Scope", "3. Scope", "3) Scope";
    - a Roman numeral followed by a dot or parenthesis and a title: "IV. Costs".

    A dotted or plain number must end the heading, end with "." or ")", or be followed by
    a title that does not start with a lower-case letter. So "2030 targets" and "2025
    budget" (four digits), "12 steps" and "1.5 million households" (lower-case
    continuation) keep their text whole.
    """
    stripped = text.strip()
    if not stripped:
        return None, text
    match = _KEYWORD_NUMBER.match(stripped)
    if match:
        number = ooxml.normalise_space(match.group("number"))
        if number.startswith("§"):
            number = "§ " + number.removeprefix("§").lstrip()
        return number, match.group("rest").strip()
    match = _DOTTED_NUMBER.match(stripped) or _SMALL_INTEGER.match(stripped)
    if match:
        rest = (match.group("rest") or "").strip()
        if match.group("dot") or not rest or not rest[0].islower():
            return match.group("number"), rest
        return None, text
    match = _ROMAN_NUMBER.match(stripped)
    if match and _VALID_ROMAN.match(match.group("number")):
        return match.group("number"), match.group("rest").strip()
    return None, text
