"""Who publishes: the ``[publication]`` table of guidefeedback.toml.

The comment-response document's title page and the answer letters' sender block and
signature come from here, so a registry can send the letters as they are::

    [publication]
    title = "Comments on the guidance on innovation procurement"   # title page
    body = "National Procurement Agency"                           # the publishing body
    unit = "Department of Guidance"                                # optional
    address = "Box 123, 100 00 Stockholm"                          # sender block
    reference = "NPA 2026/123"                                     # our reference number
    date = "2026-12-01"                                            # default: render date
    contact = "guidance@npa.example, +46 8 123 45 00"              # the body's own contact
    signatory = "Anna Lind"                                        # who signs the letters
    signatory_title = "Head of Guidance"

Everything is optional: a missing value is simply not printed. These are the publishing
body's own details, printed as written (they are not submitters' personal data and are
not masked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import GuidefeedbackError


class PublicationConfigError(GuidefeedbackError):
    """``[publication]`` holds something that is not text (one line, naming the key)."""


@dataclass(frozen=True, slots=True)
class Publication:
    title: str = ""
    body: str = ""
    unit: str = ""
    address: str = ""
    reference: str = ""
    date: str = ""
    contact: str = ""
    signatory: str = ""
    signatory_title: str = ""


def publication_from(table: Mapping[str, Any] | None, *, source: str) -> Publication:
    """A :class:`Publication` from the ``[publication]`` table (``[letters]`` keys merged in)."""
    if not table:
        return Publication()
    known = {f.name for f in fields(Publication)}
    values: dict[str, str] = {}
    for key, value in table.items():
        if key not in known:
            raise PublicationConfigError(
                f"{source}: [publication] has an unknown key {key!r};"
                f" known keys: {', '.join(sorted(known))}"
            )
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise PublicationConfigError(f"{source}: [publication] {key} must be text")
        values[key] = str(value).strip()
    return Publication(**values)


def load_publication(config: Path | None) -> Publication:
    """``[publication]`` of a guidefeedback.toml, or an empty one when there is no file."""
    import tomllib

    if config is None or not config.is_file():
        return Publication()
    try:
        raw = tomllib.loads(config.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PublicationConfigError(f"{config}: {exc}") from exc
    table = raw.get("publication")
    if table is not None and not isinstance(table, dict):
        raise PublicationConfigError(f"{config}: [publication] must be a table")
    return publication_from(table, source=config.name)
