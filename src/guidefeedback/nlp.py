"""Language work: language detection, spaCy pipelines per language, text → terms.

spaCy is imported lazily inside functions so that commands which never analyse text start
fast (measured: importing spaCy costs about a second; see the Speed section of README.md).
"""

from __future__ import annotations

import importlib.util
import re
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

    Default: ``spacy.blank(lang)`` — tokenizer only; lemmas come from the lookup tables of
    ``spacy-lookups-data`` (see :func:`lemma_table`). With ``model`` an installed spaCy
    package is loaded (its vectors then serve :func:`vectors`); nothing is downloaded.
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


@cache
def lemma_table(lang: str) -> dict[str, str]:
    """The lookup lemmatiser's table for ``lang`` as a plain dict (empty if none ships).

    Looking lemmas up per distinct token is twice as fast as spaCy's lemmatizer
    component (performance.md) and gives the same lookup-mode lemmas.
    """
    try:
        from spacy.lookups import load_lookups

        table = load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")
    except (ValueError, KeyError, ImportError, OSError):
        return {}
    return _TableView(table)


class _TableView(dict):  # type: ignore[type-arg]
    """Lazy dict over a spaCy lookup Table: entries are fetched on first use and kept."""

    def __init__(self, table: object) -> None:
        super().__init__()
        self._table = table

    def __missing__(self, key: str) -> str:
        value = self._table.get(key)  # type: ignore[attr-defined]
        result = value if isinstance(value, str) else key
        self[key] = result
        return result


_KEEP_NUMBER = re.compile(r"^\d+(?:\.\d+)+$")


def terms(texts: list[str], langs: list[str], *, model: str | None = None) -> list[list[str]]:
    """Normalised terms per text: lower-case lemmas without stop words or punctuation.

    Section-like numbers ("3.2") are kept, other numbers dropped. Tokenising uses each
    language's blank spaCy tokenizer in batches (``tokenizer.pipe``); lemmas are looked
    up once per distinct token form.
    """
    out: list[list[str]] = [[] for _ in texts]
    by_lang: dict[str, list[int]] = {}
    for i, lang in enumerate(langs):
        by_lang.setdefault(lang or "en", []).append(i)
    for lang, indexes in by_lang.items():
        nlp = pipeline(lang, model)
        table = lemma_table(lang) if model is None else {}
        sw = stop_words(lang)
        cache_: dict[str, str | None] = {}
        tokenizer = nlp.tokenizer  # type: ignore[attr-defined]
        batch = [texts[i] for i in indexes]
        docs = tokenizer.pipe(batch, batch_size=1000) if model is None else nlp.pipe(batch)  # type: ignore[attr-defined]
        for i, doc in zip(indexes, docs, strict=True):
            result: list[str] = []
            for token in doc:
                form = token.text
                term = cache_.get(form, "")
                if term == "":
                    term = _normalise(form, table, sw, token if model else None)
                    cache_[form] = term
                if term:
                    result.append(term)
            out[i] = result
    return out


def _normalise(form: str, table: dict[str, str], sw: frozenset[str], token: object) -> str | None:
    lower = form.lower()
    if _KEEP_NUMBER.match(lower):
        return lower
    if not any(ch.isalpha() for ch in lower) or lower in sw or len(lower) < 2:
        return None
    if token is not None:
        lemma = str(getattr(token, "lemma_", "") or lower).lower()
    else:
        # A _TableView fills itself on lookup (dict.get would bypass __missing__).
        lemma = table[lower] if isinstance(table, _TableView) else table.get(lower, lower)
    return None if lemma in sw else lemma
