"""Places a draft names instead of numbering: "Foreword", "Inledning", "Annex", "Cover page".

The names and the heading styles that carry no outline level are data
(``data/named_sections.toml``), read once. :func:`heading_level_of_style` tells the draft
reader that a paragraph in the ISO template's ``zzForeword`` style is a heading;
:func:`name_of` that a paragraph holding only "Förord" is one; :func:`same_place` which
other names a comment may use for it, in English or Swedish.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

_EDGE = " .:;,\t"


def fold(text: str) -> str:
    """A name as compared: NFKC, case-folded, single spaces, edge punctuation dropped."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split()).strip(_EDGE)


@dataclass(frozen=True, slots=True)
class NamedSections:
    """The data file, folded for look-up."""

    style_levels: dict[str, int]
    groups: dict[str, tuple[str, ...]]
    """folded name → every folded name of the same place (itself included)."""


@cache
def vocabulary() -> NamedSections:
    """Load ``data/named_sections.toml`` once per process."""
    text = resources.files("guidefeedback").joinpath("data/named_sections.toml").read_text("utf-8")
    raw: dict[str, Any] = tomllib.loads(text)
    styles = {fold(name): int(level) for name, level in raw.get("styles", {}).items()}
    groups: dict[str, tuple[str, ...]] = {}
    for entry in raw.get("section", []):
        names = tuple(fold(n) for n in entry["names"])
        for name in names:
            groups[name] = names
    return NamedSections(styles, groups)


def heading_level_of_style(style_name: str) -> int | None:
    """The heading level a named front/back-matter style gives, or ``None``."""
    return vocabulary().style_levels.get(fold(style_name))


def name_of(text: str) -> str | None:
    """``text`` itself when it is nothing but a section name ("Foreword", "Förord:")."""
    if len(text) > 40:
        return None
    return text.strip(_EDGE) if fold(text) in vocabulary().groups else None


def same_place(key: str) -> tuple[str, ...]:
    """Every folded name of the place ``key`` names (``()`` when it is no known name)."""
    return vocabulary().groups.get(fold(key), ())
