"""Section numbers as a type: "3.2.1" sorts after "3.2" and before "3.10", is inside "3" and
"3.2", and belongs to chapter "3".

Every rule about section numbers lives here, so the report, the worksheets, the status,
the analysis, the locator and the revision check order and group sections the same way.
A number is its dotted parts as written ("3", "2", "1"; "A", "1" for an annex); parts that
are ASCII digits compare as numbers, other parts (annex letters) as text after them. The
empty section is the draft's general part, before any numbered heading; it sorts last.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ids import is_number

_TRIM = " .:;,"


@dataclass(frozen=True, slots=True)
class SectionNumber:
    """A dotted section number; ``SectionNumber.parse("3.2.")`` is 3.2."""

    parts: tuple[str, ...]

    @classmethod
    def parse(cls, text: str | None) -> SectionNumber:
        value = (text or "").strip().strip(_TRIM)
        if not value:
            return cls(())
        return cls(tuple(p.strip() for p in value.split(".") if p.strip()))

    @property
    def text(self) -> str:
        return ".".join(self.parts)

    @property
    def is_general(self) -> bool:
        return not self.parts

    @property
    def depth(self) -> int:
        return len(self.parts)

    @property
    def chapter(self) -> str:
        """The top-level number: "3" for 3.2.1, "" for the general part."""
        return self.parts[0] if self.parts else ""

    def ancestors(self) -> tuple[str, ...]:
        """This section and every section that contains it: 3.2.1 → ("3", "3.2", "3.2.1")."""
        return tuple(".".join(self.parts[:i]) for i in range(1, len(self.parts) + 1))

    def is_within(self, other: SectionNumber | str) -> bool:
        """True when this section is ``other`` or one of its subsections (3.2.1 in 3.2)."""
        outer = other if isinstance(other, SectionNumber) else SectionNumber.parse(other)
        return bool(outer.parts) and self.parts[: len(outer.parts)] == outer.parts

    def sort_key(self) -> tuple[tuple[int, int, str], ...]:
        if not self.parts:
            return ((2, 0, ""),)
        return tuple((0, int(p), "") if is_number(p) else (1, 0, p.casefold()) for p in self.parts)

    def __str__(self) -> str:
        return self.text


def sort_key(section: str | None) -> tuple[tuple[int, int, str], ...]:
    """The order of sections in a document: 1, 2, 2.1, 2.10, 10, A, A.1, then general."""
    return SectionNumber.parse(section).sort_key()


def chapter_of(section: str | None) -> str:
    return SectionNumber.parse(section).chapter


def is_within(section: str | None, outer: str | None) -> bool:
    """``section`` is ``outer`` or inside it; an empty ``outer`` contains nothing."""
    return SectionNumber.parse(section).is_within(SectionNumber.parse(outer))


def within_any(sections: tuple[str, ...] | list[str], wanted: str | None) -> bool:
    """True when no section is wanted, or one of ``sections`` is inside ``wanted``."""
    if not wanted:
        return True
    return any(is_within(s, wanted) for s in sections)
