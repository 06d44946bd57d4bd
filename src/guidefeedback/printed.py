"""Where units are printed: "page 3, line 12" → a unit of a draft imported with ``--layout``.

:class:`PrintedPlaces` indexes the page/line spans that :mod:`.layout` stored on the units
and answers the locator's question. A page without a line is the first unit printed on
that page; a line without a page is looked for on the pages of the section the comment
names (ISO sheets give clause and line), else it cannot be placed: lines restart on every
page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .model import Unit

_FIRST_INT = re.compile(r"\d{1,6}")

Span = tuple[tuple[int, int], tuple[int, int], int]


class PrintedPlaces:
    """The printed spans of a draft's units (empty when it was not laid out)."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.spans: list[Span] = [
            ((u.page, u.line), (u.last_page or u.page, u.last_line or u.line), i)
            for i, u in enumerate(units)
            if u.page is not None and u.line is not None
        ]

    def __bool__(self) -> bool:
        return bool(self.spans)

    def at(
        self, page_raw: str, line_raw: str, inside: Callable[[int], bool] | None = None
    ) -> int | None:
        """The index of the unit printed at the page and line given as written, or None.

        ``inside`` limits the answer to the units of one section (and, without a page,
        says which pages to look on).
        """
        page_match = _FIRST_INT.search(page_raw)
        line_match = _FIRST_INT.search(line_raw)
        spans = [s for s in self.spans if inside is None or inside(s[2])]
        if not spans or (page_match is None and line_match is None):
            return None
        if line_match is None:
            page = int(page_match.group(0)) if page_match else 0
            return next((i for start, end, i in spans if start[0] <= page <= end[0]), None)
        line = int(line_match.group(0))
        if page_match is not None:
            pages = [int(page_match.group(0))]
        elif inside is not None:
            pages = sorted({p for start, end, _ in spans for p in range(start[0], end[0] + 1)})
        else:
            return None
        for page in pages:
            for start, end, i in spans:
                if start <= (page, line) <= end:
                    return i
        return None
