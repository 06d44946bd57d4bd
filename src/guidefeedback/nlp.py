"""Language work: language detection, text → terms, spaCy pipelines when a model is named.

Terms are lower-case lemmas without stop words. By default words are found with one
regular expression and lemmatised with the lookup tables that ``spacy-lookups-data`` ships
(the same tables spaCy's lookup lemmatiser uses), with a short list of corrections
(:data:`LEMMA_FIXES`: forms such as "mål" and "lag" that the tables give the rarer of two
readings, so the noun would miss its other forms); spaCy itself is imported only when a
spaCy model is named. A blank spaCy pipeline's tokenizer splits exactly where the
expression does for the purpose of terms (on spaces, punctuation and hyphens; we drop
punctuation and numbers anyway), and importing spaCy costs about a second on its own.

The Swedish lookup table has 660 000 forms: reading its JSON takes a second, building a
spaCy ``Table`` from it two more. It is therefore copied once into an SQLite file in the
user's cache folder (``$XDG_CACHE_HOME/guidefeedback``, or ``~/.cache/guidefeedback``;
``GUIDEFEEDBACK_CACHE`` overrides) and only the distinct forms of the text at hand are
looked up, so the first use of a language costs a few milliseconds afterwards. When the
cache folder cannot be written the table is read into memory instead.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import sqlite3
from functools import cache
from pathlib import Path

from .errors import GuidefeedbackError

# Languages whose stop-word lists spaCy ships and that we try when detecting. Swedish and
# English first: they are the languages of our users; the rest let a Danish or German
# comment be recognised instead of being forced into one of the two.
DETECT_LANGUAGES: tuple[str, ...] = ("sv", "en", "da", "nb", "de", "fi", "fr", "nl", "es", "it")

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop-word list for ``lang`` (empty when spaCy has none).

    The list is read from ``spacy/lang/<lang>/stop_words.py`` without importing the
    language package: importing ``spacy.lang.fr`` compiles its tokenizer exceptions,
    which takes seconds, while the stop-word module is a plain set literal.
    """
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    for base in spec.submodule_search_locations:
        path = Path(base) / "lang" / lang / "stop_words.py"
        if path.is_file():
            namespace: dict[str, object] = {}
            exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
            words = namespace.get("STOP_WORDS", set())
            if isinstance(words, set | frozenset):
                return frozenset(str(w).lower() for w in words)
    return frozenset()


def detect_language(
    text: str,
    *,
    fallback: str = "en",
    candidates: tuple[str, ...] = DETECT_LANGUAGES,
    min_words: int = 4,
) -> str:
    """Guess the language of ``text`` from the share of each language's stop words.

    Stop words make up a third to a half of running text in every language we support,
    and their lists barely overlap between Swedish and English, so the highest share wins.
    A text with fewer than ``min_words`` words, or no stop word at all, is too short to
    tell and gets ``fallback`` (the caller passes the draft's language).
    """
    words = _WORD.findall(text.lower())
    if len(words) < min_words:
        return fallback
    index = _stop_word_index(candidates)
    hits = dict.fromkeys(candidates, 0)
    for word in words:
        for lang in index.get(word, ()):
            hits[lang] += 1
    best, best_hits = fallback, 0
    for lang in candidates:  # in order, so ties go to the first (Swedish, then English)
        if hits[lang] > best_hits:
            best, best_hits = lang, hits[lang]
    return best


@cache
def _stop_word_index(candidates: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Stop word → the candidate languages that list it (one lookup per word)."""
    index: dict[str, list[str]] = {}
    for lang in candidates:
        for word in stop_words(lang):
            index.setdefault(word, []).append(lang)
    return {word: tuple(langs) for word, langs in index.items()}


# -- pipelines and terms -----------------------------------------------------------------


class ModelNotInstalled(GuidefeedbackError):
    """A spaCy model was named that is not installed (we never download one)."""


@cache
def pipeline(lang: str, model: str | None = None) -> object:
    """One spaCy pipeline per language (or named model), built once and reused.

    With ``model`` an installed spaCy package is loaded; nothing is downloaded. Without,
    ``spacy.blank(lang)`` (a tokenizer only); :func:`terms` does not need it.
    """
    import spacy

    if model:
        try:
            return spacy.load(model)
        except OSError as exc:
            raise ModelNotInstalled(
                f"spaCy model {model!r} is not installed; install it with pip or leave --model out"
            ) from exc
    try:
        return spacy.blank(lang)
    except (ImportError, KeyError):
        return spacy.blank("xx")


_TOKEN = re.compile(r"\d+(?:\.\d+)+|[^\W\d_]+|%", re.UNICODE)
# Addresses say who or where, not what: an e-mail address or a link alone is no point.
_ADDRESS = re.compile(r"\S+@\S+\.\w+|(?:https?://|www\.)\S+", re.IGNORECASE)


def _lookups_file(lang: str) -> Path | None:
    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or not spec.submodule_search_locations:
        return None
    for base in spec.submodule_search_locations:
        path = Path(base) / "data" / f"{lang}_lemma_lookup.json.gz"
        if path.is_file():
            return path
    return None


def cache_dir() -> Path:
    """Where derived tables are kept between runs (never the user's data)."""
    configured = os.environ.get("GUIDEFEEDBACK_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "guidefeedback"


class Lemmas:
    """Form → lemma for one language, looked up in batches of distinct forms."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._memory: dict[str, str] | None = None
        self._db: sqlite3.Connection | None = None
        source = _lookups_file(lang)
        if source is None:
            self._memory = {}
            return
        stat = source.stat()
        target = cache_dir() / f"lemmas-{lang}-{stat.st_size}-{int(stat.st_mtime)}.sqlite"
        try:
            if not target.is_file():
                _build_cache(source, target)
            self._db = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
        except (OSError, sqlite3.Error):
            self._memory = _read_table(source)

    def lookup(self, forms: set[str]) -> dict[str, str]:
        """The lemma of every form that the table knows (others are their own lemma)."""
        if self._memory is not None:
            return {f: self._memory[f] for f in forms if f in self._memory}
        assert self._db is not None
        found: dict[str, str] = {}
        ordered = sorted(forms)
        for i in range(0, len(ordered), 900):
            chunk = ordered[i : i + 900]
            marks = ",".join("?" * len(chunk))
            found.update(
                self._db.execute(
                    f"select form, lemma from lemmas where form in ({marks})", chunk
                ).fetchall()
            )
        return found


def _read_table(source: Path) -> dict[str, str]:
    with gzip.open(source, "rb") as fh:
        data = json.loads(fh.read())
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}


def _build_cache(source: Path, target: Path) -> None:
    """Write the table to ``target`` atomically (another process may build it too)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        db = sqlite3.connect(partial)
        try:
            db.execute("create table lemmas (form text primary key, lemma text) without rowid")
            db.executemany(
                "insert or ignore into lemmas values (?, ?)", _read_table(source).items()
            )
            db.commit()
        finally:
            db.close()
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


@cache
def lemmas(lang: str) -> Lemmas:
    return Lemmas(lang)


_KEEP_NUMBER = re.compile(r"^\d+(?:\.\d+)+$")
# "%" is a word: "a target of 3 %" and "tre procent" say the same thing.
PERCENT = {"en": "percent", "sv": "procent"}
# Forms whose lookup lemma is the rarer of two readings, so that the form no longer meets
# its other inflections nor its entry in data/term_map.toml: the tables of
# spacy-lookups-data give one lemma per form, whatever the context, and read "mål" (goal,
# like "målet") as "måla" (to paint), "lag" (law) as "laga" (to mend), "risk" as "riska",
# "pris" as "prisa" (to praise), "skydda" as "sky" (to shun), "väg" as "väga" (to weigh),
# "number" as "numb". In consultation comments these are the readings. Found by looking
# up the keys of the term map (a key the table maps away never matches) and the Swedish
# words of the labelled sets whose form is itself a lemma of other forms ("risk" is the
# lemma of "risken"); forms whose other reading is the right one ("korta", "öppna",
# "saknas") are left to the table.
LEMMA_FIXES: dict[str, dict[str, str]] = {
    "sv": {
        "mål": "mål",
        "lag": "lag",
        "lagar": "lag",
        "land": "land",
        "länder": "land",
        "stöd": "stöd",
        "gräns": "gräns",
        "pengar": "pengar",
        "visa": "visa",
        "visar": "visa",
        "företag": "företag",
        "upphandlar": "upphandla",
        "risk": "risk",
        "förfarande": "förfarande",
        "pris": "pris",
        "vård": "vård",
        "film": "film",
        "språk": "språk",
        "bred": "bred",
        "buller": "buller",
        "misstag": "misstag",
        "regel": "regel",
        "roll": "roll",
        "sida": "sida",
        "sikt": "sikt",
        "skydda": "skydda",
        "test": "test",
        "väg": "väg",
        "yttrande": "yttrande",
    },
    "en": {"number": "number"},
}
_CHUNK = 4096


def terms(texts: list[str], langs: list[str], *, model: str | None = None) -> list[list[str]]:
    """Normalised terms per text: lower-case lemmas without stop words or punctuation.

    Section-like numbers ("3.2") are kept, other numbers dropped; "%" is the language's
    word for per cent (:data:`PERCENT`). Lemmas are looked up once per distinct form and
    language, the few the lookup table gets wrong corrected (:data:`LEMMA_FIXES`). With
    ``model`` the named spaCy model tokenises and lemmatises instead.
    """
    if model:
        return _model_terms(texts, langs, model)
    out: list[list[str]] = [[] for _ in texts]
    by_lang: dict[str, list[int]] = {}
    for i, lang in enumerate(langs):
        by_lang.setdefault(lang or "en", []).append(i)
    for lang, indexes in by_lang.items():
        sw = stop_words(lang)
        table = lemmas(lang)
        fixes = LEMMA_FIXES.get(lang, {})
        normal: dict[str, str | None] = {"%": PERCENT.get(lang)}
        lookup = normal.__getitem__
        # A chunk at a time: the tokens of 100 000 comments held at once as strings
        # would take half a gigabyte; the normal form of each distinct form is kept.
        for begin in range(0, len(indexes), _CHUNK):
            chunk = indexes[begin : begin + _CHUNK]
            tokens = [_TOKEN.findall(_without_addresses(texts[i].lower())) for i in chunk]
            forms = {t for ts in tokens for t in ts if t not in normal}
            found = table.lookup({f for f in forms if f not in sw and len(f) > 1})
            for form in forms:
                if _KEEP_NUMBER.match(form):
                    normal[form] = form
                elif form in sw or len(form) < 2:
                    normal[form] = None
                else:
                    lemma = fixes.get(form) or found.get(form, form)
                    normal[form] = None if lemma in sw else lemma
            for i, ts in zip(chunk, tokens, strict=True):
                out[i] = [t for t in map(lookup, ts) if t]
    return out


def _without_addresses(lower: str) -> str:
    # Every address has an "@", "http" or "www."; most comments have none, and the
    # expression costs a scan from every position.
    if "@" in lower or "http" in lower or "www." in lower:
        return _ADDRESS.sub(" ", lower)
    return lower


def _model_terms(texts: list[str], langs: list[str], model: str) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in texts]
    by_lang: dict[str, list[int]] = {}
    for i, lang in enumerate(langs):
        by_lang.setdefault(lang or "en", []).append(i)
    for lang, indexes in by_lang.items():
        nlp = pipeline(lang, model)
        sw = stop_words(lang)
        docs = nlp.pipe([texts[i] for i in indexes])  # type: ignore[attr-defined]
        for i, doc in zip(indexes, docs, strict=True):
            out[i] = [t for t in (_normalise(tok.text, sw, tok) for tok in doc) if t]
    return out


def _normalise(form: str, sw: frozenset[str], token: object) -> str | None:
    lower = form.lower()
    if _KEEP_NUMBER.match(lower):
        return lower
    if not any(ch.isalpha() for ch in lower) or lower in sw or len(lower) < 2:
        return None
    lemma = str(getattr(token, "lemma_", "") or lower).lower()
    return None if lemma in sw else lemma
