"""Column headers, comment types and metadata labels matched by meaning.

The wordings live in ``headers.toml`` next to this file (read once with :mod:`tomllib`), so
another language is a data change. Everything here is pure: strings in, canonical names
out.

Matching rule for a header cell, first hit wins:

1. the normalised header equals a listed wording;
2. the header with its parenthesised parts dropped equals one ("Type of comment
   (ge/te/ed)" → "type of comment", "Comments (with justification)" → "comments");
3. the header starts with a listed wording of three or more letters, word by word, the
   longest such wording winning ("Proposed change by the commenter" → "proposed change").
   One-word wordings only count as a prefix for the columns that say where and what
   (text, proposed change, section, paragraph, type, line, page, quoted text): "Reviewer
   notes" is not the author column, "Comments on clause 4" is the comment text.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ..model import CommentType

COLUMNS: tuple[str, ...] = (
    "id",
    "organisation",
    "author",
    "email",
    "line",
    "line_end",
    "page",
    "section",
    "paragraph",
    "table",
    "type",
    "text",
    "proposed",
    "quoted",
    "response",
    "date",
)
STYLES: tuple[str, ...] = ("iso", "us", "remiss")
_ONE_WORD_PREFIX = frozenset(
    {"text", "proposed", "section", "paragraph", "type", "line", "page", "quoted"}
)

# Footnote marks that forms put on headers: "(1)", "[2]", "*", superscript digits. They
# are removed before NFKC, which would turn "¹" into an ordinary "1".
_FOOTNOTE = re.compile(r"\(\s*\d{1,2}\s*\)|\[\s*\d{1,2}\s*\]|[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)
_CHECKED = re.compile(r"(?:[☒☑✓✔✗✘■]|\[\s*x\s*\]|\(\s*x\s*\))\s*([^\W\d_]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The parsed ``headers.toml``: every wording already normalised."""

    columns: Mapping[str, tuple[str, str]]
    prefixes: tuple[tuple[tuple[str, ...], str, str], ...]
    prefixes_by_word: Mapping[str, tuple[tuple[tuple[str, ...], str, str], ...]]
    """The prefixes by their first word, longest first: a data cell tried as a header
    is compared with the few wordings that start like it, not with all of them."""
    types: Mapping[str, CommentType]
    metadata: Mapping[str, str]
    consent_yes: frozenset[str]
    consent_no: frozenset[str]


def normalise_header(text: str, *, drop_parentheses: bool = False) -> str:
    """Lower case, footnote marks removed, punctuation as spaces, whitespace collapsed."""
    text = _FOOTNOTE.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).lower()
    if drop_parentheses:
        text = _PARENTHESES.sub(" ", text)
    text = text.replace("#", " no ").replace("&", " and ")
    return " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split())


def _by_first_word(
    prefixes: list[tuple[tuple[str, ...], str, str]],
) -> dict[str, tuple[tuple[tuple[str, ...], str, str], ...]]:
    grouped: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for item in prefixes:  # already longest first; grouping keeps that order
        grouped.setdefault(item[0][0], []).append(item)
    return {word: tuple(items) for word, items in grouped.items()}


@cache
def vocabulary() -> Vocabulary:
    """Load and normalise ``headers.toml`` once per process."""
    raw = tomllib.loads(
        resources.files("guidefeedback.intake").joinpath("headers.toml").read_text("utf-8")
    )
    columns: dict[str, tuple[str, str]] = {}
    for canonical, by_style in raw["columns"].items():
        for style, wordings in by_style.items():
            for wording in wordings:
                key = normalise_header(wording)
                if key:
                    columns.setdefault(key, (canonical, style))
    prefixes = sorted(
        (
            (tuple(key.split()), canonical, style)
            for key, (canonical, style) in columns.items()
            if len(key) >= 3 and (" " in key or canonical in _ONE_WORD_PREFIX)
        ),
        key=lambda item: -len(" ".join(item[0])),
    )
    types: dict[str, CommentType] = {}
    for code, wordings in raw["types"].items():
        for wording in wordings:
            types.setdefault(normalise_header(wording), CommentType(code))
    metadata: dict[str, str] = {}
    for name, wordings in raw["metadata"].items():
        for wording in wordings:
            metadata.setdefault(normalise_header(wording), name)
    consent = raw["consent_values"]
    return Vocabulary(
        columns=columns,
        prefixes=tuple(prefixes),
        prefixes_by_word=_by_first_word(prefixes),
        types=types,
        metadata=metadata,
        consent_yes=frozenset(normalise_header(v) for v in consent["yes"]),
        consent_no=frozenset(normalise_header(v) for v in consent["no"]),
    )


_MAX_HEADER_CHARS = 120
_GLUED_MARK = re.compile(r"(?<=[^\W\d_])\d(?![\w.])")


@lru_cache(maxsize=8192)
def match_header(text: str) -> tuple[str, str] | None:
    """``(canonical column, form style)`` for a header cell, or ``None`` when unknown.

    Cached: header candidates repeat across the thousands of files of a large
    consultation, and matching scans every synonym.
    """
    if len(text) > _MAX_HEADER_CHARS:
        # Data cells (whole comments) are tried as headers while the header row is
        # searched; no header is this long, so skip the synonym scan.
        return None
    vocab = vocabulary()
    full = normalise_header(text)
    if not full:
        return None
    hit = vocab.columns.get(full)
    if hit is not None:
        return hit
    short = normalise_header(text, drop_parentheses=True)
    hit = vocab.columns.get(short)
    if hit is not None:
        return hit
    words = tuple((short or full).split())
    for prefix, canonical, style in vocab.prefixes_by_word.get(words[0], ()) if words else ():
        if len(prefix) < len(words) and words[: len(prefix)] == prefix:
            return canonical, style
    unmarked = _GLUED_MARK.sub("", text)
    if unmarked != text:
        # The ISO template's "MB/NC1" and "Type of comment2": a footnote number typed
        # straight after the word (superscript in Word, plain digits in the text).
        return match_header(unmarked)
    return None


_GLUED_FOOTNOTE = re.compile(r"(?<=[^\W\d_])\d(?![\w.])|[¹²³⁴⁵⁶⁷⁸⁹⁰]+")


def display_header(text: str, width: int = 40) -> str:
    """A header cell as one short line for messages: line breaks flattened, footnote
    marks typed after a word dropped ("MB/NC1" → "MB/NC"), long headers cut with "…"."""
    flat = " ".join(_GLUED_FOOTNOTE.sub("", text).split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def parse_type(raw: str) -> CommentType | None:
    """The comment type a cell names ("te", "Technical", "redaktionell", "C"), else ``None``.

    Values naming two types ("te/ed") take the first. Inside longer values single letters
    are not read as types ("a technical issue" is technical, not administrative).
    """
    vocab = vocabulary()
    key = normalise_header(raw)
    if not key:
        return None
    hit = vocab.types.get(key) or vocab.types.get(normalise_header(raw, drop_parentheses=True))
    if hit is not None:
        return hit
    for word in key.split():
        if len(word) > 1 and word in vocab.types:
            return vocab.types[word]
    return None


def match_metadata_label(label: str) -> str | None:
    """The metadata field ("organisation", "contact", "email", "date", "signatories",
    "consent") that a label such as "Organisation:" or "E-post" names, else ``None``."""
    vocab = vocabulary()
    key = normalise_header(label)
    hit = vocab.metadata.get(key)
    if hit is None:
        hit = vocab.metadata.get(normalise_header(label, drop_parentheses=True))
    return hit


def parse_consent(value: str) -> bool | None:
    """``True``/``False`` for an answered consent line, ``None`` when left open.

    "yes", "Ja", "☒ Yes ☐ No" and "[x] nej" are answers; the unanswered choice the blank
    form prints ("yes/no", "ja/nej") and an empty value are not.
    """
    vocab = vocabulary()
    checked = [normalise_header(m.group(1)) for m in _CHECKED.finditer(value)]
    for word in checked:
        if word in vocab.consent_yes:
            return True
        if word in vocab.consent_no:
            return False
    key = normalise_header(value)
    if not key:
        return None
    if key in vocab.consent_yes:
        return True
    if key in vocab.consent_no:
        return False
    padded = f" {key} "
    # Negative phrases first: "we do not agree" contains the positive "agree".
    if any(f" {phrase} " in padded for phrase in vocab.consent_no if " " in phrase):
        return False
    words = key.split()
    has_yes = any(w in vocab.consent_yes for w in words)
    has_no = any(w in vocab.consent_no for w in words)
    if has_yes and has_no:
        return None
    if words[0] in vocab.consent_yes:
        return True
    if words[0] in vocab.consent_no:
        return False
    return None


# -- the user's column map ---------------------------------------------------------------------

# Names a user may write on the left of ``--columns comment=data``: the canonical column
# names and the everyday words for them, in English and Swedish.
_MAP_KEYS: Mapping[str, str] = {
    **{name: name for name in COLUMNS},
    "comment": "text",
    "comments": "text",
    "synpunkt": "text",
    "kommentar": "text",
    "organization": "organisation",
    "org": "organisation",
    "body": "organisation",
    "organisation_name": "organisation",
    "remissinstans": "organisation",
    "name": "author",
    "contact": "author",
    "e-mail": "email",
    "clause": "section",
    "avsnitt": "section",
    "para": "paragraph",
    "stycke": "paragraph",
    "typ": "type",
    "proposal": "proposed",
    "proposed_change": "proposed",
    "change": "proposed",
    "förslag": "proposed",
    "quote": "quoted",
    "rad": "line",
    "sida": "page",
    "datum": "date",
}


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which header in the file holds which column, as the user said it.

    ``pairs`` are ``(canonical column, header as written by the user)``. A header matches
    a cell when both normalise to the same words (case, punctuation and spacing do not
    matter), so ``comment=data`` finds a column headed "Data" or "DATA".
    """

    pairs: tuple[tuple[str, str], ...]

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def describe(self) -> str:
        return ", ".join(f"{canonical}={header}" for canonical, header in self.pairs)

    def locate(self, cells: tuple[str, ...] | list[str]) -> dict[int, str] | None:
        """Cell index → canonical column when every mapped header is in ``cells``."""
        keys = [normalise_header(c) for c in cells]
        found: dict[int, str] = {}
        for canonical, header in self.pairs:
            wanted = normalise_header(header)
            try:
                index = keys.index(wanted)
            except ValueError:
                return None
            found[index] = canonical
        return found


def parse_column_map(spec: str | Mapping[str, str] | None) -> ColumnMap:
    """``"comment=data,organisation=Source"`` (or the same as a mapping) → a ColumnMap.

    Raises ``ValueError`` with a one-line message naming the wrong part.
    """
    if not spec:
        return ColumnMap(())
    if isinstance(spec, str):
        items: list[tuple[str, str]] = []
        for part in spec.split(","):
            if not part.strip():
                continue
            key, sep, header = part.partition("=")
            if not sep or not key.strip() or not header.strip():
                raise ValueError(f"{part.strip()!r} is not NAME=HEADER (e.g. comment=data)")
            items.append((key.strip(), header.strip()))
    else:
        items = [(str(k), str(v)) for k, v in spec.items()]
    pairs: list[tuple[str, str]] = []
    for key, header in items:
        canonical = _MAP_KEYS.get(key.casefold().replace(" ", "_"))
        if canonical is None:
            raise ValueError(
                f"unknown column {key!r}; use one of comment, organisation, section,"
                " paragraph, type, proposed, line, page, author, email, quoted, table, date, id"
            )
        if any(c == canonical for c, _ in pairs):
            raise ValueError(f"column {key!r} is given twice")
        pairs.append((canonical, header))
    return ColumnMap(tuple(pairs))
