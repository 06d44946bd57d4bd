"""The wording of ``guidefeedback check`` in English and Swedish, as data.

The readers and the locator word their messages in English (they are also stored and
logged); a Swedish form is answered in Swedish. ``data/check_messages.toml`` holds the
fixed lines and, for the readers' messages, a pattern per message with its Swedish
template. A message without a pattern stays in English rather than being guessed at.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def _catalogue() -> dict[str, Any]:
    text = resources.files("guidefeedback.data").joinpath("check_messages.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    raw["compiled"] = [(re.compile(m["en"]), m["sv"]) for m in raw.get("message", [])]
    return raw


def fixed(lang: str, key: str, **fields: object) -> str:
    """One of check's own lines in ``lang`` ("en" or "sv")."""
    table = _catalogue()["fixed"]
    words = table.get(lang, table["en"])
    return str(words.get(key, table["en"][key])).format(**fields)


def translate(message: str, lang: str) -> str:
    """A reader's English message in ``lang``; parts joined with "; " one by one."""
    if lang != "sv":
        return message
    return "; ".join(_one(part) for part in message.split("; "))


def _one(part: str) -> str:
    for pattern, template in _catalogue()["compiled"]:
        match = pattern.match(part)
        if match:
            # A group may itself be a message ("not located: section 3.7 is not in …").
            groups = [_one(g) if g else "" for g in match.groups()]
            return str(template).format("", *groups)
    return part
