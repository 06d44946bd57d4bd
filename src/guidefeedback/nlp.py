"""Language work: language detection, spaCy pipelines per language, text → terms.

spaCy is imported lazily inside functions so that commands which never analyse text start
fast (see ../shared/performance.md).
"""

from __future__ import annotations

import importlib
import re
from functools import cache

# Languages whose stop-word lists spaCy ships and that we try when detecting. Swedish and
# English first: they are the languages of our users; the rest let a Danish or German
# comment be recognised instead of being forced into one of the two.
DETECT_LANGUAGES: tuple[str, ...] = ("sv", "en", "da", "nb", "de", "fi", "fr", "nl", "es", "it")

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@cache
def stop_words(lang: str) -> frozenset[str]:
    """spaCy's stop-word list for ``lang`` (empty when spaCy has none)."""
    try:
        module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(w.lower() for w in module.STOP_WORDS)


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
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < min_words:
        return fallback
    best, best_hits = fallback, 0
    for lang in candidates:
        sw = stop_words(lang)
        hits = sum(1 for w in words if w in sw)
        if hits > best_hits:
            best, best_hits = lang, hits
    return best
