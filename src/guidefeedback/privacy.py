"""Personal data in published output: what is masked, and a list of it for a person to review.

Published output (``render --publish``) shows organisations, never a private individual's
name, e-mail address or phone number unless the submitter agreed. Inside comment text we
mask what a pattern can find: e-mail addresses, phone numbers (Swedish and international
forms) and Swedish personal identity numbers. Patterns miss things ("Dr Smith" is not a
pattern), so every masked item is listed in a review file kept out of the published set.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Personal identity numbers: YYMMDD-NNNN, YYYYMMDD-NNNN, with -, + or nothing between.
_PERSONNUMMER = re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+]?\d{4}(?!\d)")
# Phone numbers: an optional +country code or leading 0, then 7+ digits with spaces, dashes,
# dots or one bracketed area code between them. Section numbers ("3.2.1") and years are too
# short to match.
_PHONE = re.compile(
    r"(?<![\w.])(?:\+\d{1,3}[\s.-]?|\(\d{1,4}\)\s?|0)\d{1,4}(?:[\s.-]?\d{2,4}){2,4}(?![\w.])"
)


@dataclass(frozen=True, slots=True)
class Masked:
    kind: str
    original: str


def has_contact(text: str) -> bool:
    """Whether the text gives an e-mail address or a phone number."""
    return bool(_EMAIL.search(text) or _PHONE.search(text))


def mask_text(text: str | None, *, lang: str = "en") -> tuple[str | None, list[Masked]]:
    """Text with personal data replaced by a bracketed note, and what was replaced."""
    if not text:
        return text, []
    found: list[Masked] = []
    notes = {
        "en": {"email": "[e-mail removed]", "phone": "[phone removed]", "pin": "[ID removed]"},
        "sv": {
            "email": "[e-post borttagen]",
            "phone": "[telefon borttagen]",
            "pin": "[personnummer borttaget]",
        },
    }.get(lang, {"email": "[e-mail removed]", "phone": "[phone removed]", "pin": "[ID removed]"})

    def replace(kind: str) -> Callable[[re.Match[str]], str]:
        def sub(match: re.Match[str]) -> str:
            found.append(Masked(kind, match.group(0)))
            return notes[kind]

        return sub

    out = _EMAIL.sub(replace("email"), text)
    out = _PERSONNUMMER.sub(replace("pin"), out)
    out = _PHONE.sub(replace("phone"), out)
    return out, found


_DIGIT_OR_AT = re.compile(r"[\d@]")


class _Masker:
    """Masks every string of a view model once (answers repeat: each distinct text once)."""

    def __init__(self, lang: str, sink: list[tuple[str, str, Masked]]) -> None:
        self.lang = lang
        self.sink = sink
        self.cache: dict[str, tuple[str, list[Masked]]] = {}
        self.originals: set[str] = set()

    def text(self, owner: str, name: str, value: str) -> str:
        if not value:
            return value
        hit = self.cache.get(value)
        if hit is None:
            out, found = mask_text(value, lang=self.lang)
            hit = (out or "", found)
            self.cache[value] = hit
            self.originals.update(m.original.casefold() for m in found)
        self.sink.extend((owner, name, m) for m in hit[1])
        return hit[0]

    def keyword(self, owner: str, value: str) -> str | None:
        """A keyword is a fragment of a comment: a piece of something masked is dropped."""
        masked = self.text(owner, "keywords", value)
        folded = value.casefold()
        if masked != value or _DIGIT_OR_AT.search(value):
            return None
        if any(folded in original for original in self.originals):
            return None
        return masked

    def walk(self, obj: Any, owner: str) -> Any:
        if isinstance(obj, str):
            return self.text(owner, "", obj)
        if isinstance(obj, tuple):
            return tuple(self.walk(x, owner) for x in obj)
        if isinstance(obj, list):
            return [self.walk(x, owner) for x in obj]
        if isinstance(obj, dict):
            return {k: self.walk(v, owner) for k, v in obj.items()}
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            skip: frozenset[str] = getattr(obj, "NOT_MASKED", frozenset())
            me = str(getattr(obj, "id", "") or owner)
            changes: dict[str, Any] = {}
            for f in dataclasses.fields(obj):
                value = getattr(obj, f.name)
                if f.name in skip or value is None or isinstance(value, bool | int | float):
                    continue
                if isinstance(value, str):
                    new: Any = self.text(me, f.name, value)
                elif f.name == "keywords":
                    new = value  # after every text is masked, see mask_view
                else:
                    new = self.walk(value, me)
                if new is not value and new != value:
                    changes[f.name] = new
            return dataclasses.replace(obj, **changes) if changes else obj
        return obj


def mask_view(view: T, *, lang: str, sink: list[tuple[str, str, Masked]]) -> T:
    """A copy of a view model (nested frozen dataclasses, tuples, dicts) with personal data
    masked in every string, except fields a class lists in ``NOT_MASKED`` (ids and codes we
    make, the draft's own text). Keywords made from a masked item are dropped and the
    cluster label rebuilt from what is left. Each masked item goes to ``sink``."""
    masker = _Masker(lang, sink)
    masked = masker.walk(view, "")
    result: T = _drop_keywords(masked, masker)
    return result


def _drop_keywords(obj: Any, masker: _Masker) -> Any:
    if isinstance(obj, tuple):
        return tuple(_drop_keywords(x, masker) for x in obj)
    if isinstance(obj, list):
        return [_drop_keywords(x, masker) for x in obj]
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name == "keywords" and isinstance(value, tuple):
            owner = str(getattr(obj, "id", ""))
            kept = tuple(k for k in (masker.keyword(owner, str(v)) for v in value) if k)
            changes["keywords"] = kept
            if hasattr(obj, "label"):
                changes["label"] = " · ".join(kept)
        elif isinstance(value, tuple | list) or dataclasses.is_dataclass(value):
            new = _drop_keywords(value, masker)
            if new != value:
                changes[f.name] = new
    return dataclasses.replace(obj, **changes) if changes else obj
