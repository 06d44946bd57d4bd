"""Generate the example drafts in drafts/ from the text in scripts/draft_content.py.

- ``innovation-procurement-guidance-v1.docx``: the English consultation draft. Heading
  numbers are Word's automatic numbering (Heading 1–3 styles linked to one multilevel
  list, "1", "1.1", "1.1.1"); bullet lists through the List Bullet style, lettered lists
  "a)" set on the paragraphs, footnotes, a captioned table, line numbers in the margin and
  each chapter on a new page. "Annex A Glossary" is a Heading 1 with numbering switched off.
- ``innovationsupphandling-vagledning-sv.docx``: a shorter Swedish draft whose heading
  numbers are set on the heading paragraphs themselves ("1." and "1.1") — a second scheme.
- ``innovation-procurement-guidance-v2.docx``: the revised English draft (a new chapter 3,
  so later chapters are renumbered; paragraphs reworded, moved, removed and added), with
  the planted changes listed in ``v2-changes.json``.

Output is deterministic: fixed dates and ids, no randomness, fixed zip member times.

    python scripts/make_drafts.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (HERE, ROOT):  # draft_content.py here; the builder library in tests/
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import docx  # noqa: E402
from docx.shared import Pt  # noqa: E402
from tests import docx_builders as parts  # noqa: E402

from draft_content import (  # noqa: E402
    EN_V1,
    EN_V1_REWORD_OLD,
    EN_V2,
    EN_V2_ADDED,
    EN_V2_MOVED,
    EN_V2_NEW_CHAPTER,
    EN_V2_REMOVED,
    EN_V2_REWORD_NEW,
    SV,
    Block,
)

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph

FOOTNOTE = re.compile(r"\[\[fn: (.*?)\]\]")
CREATED = dt.datetime(2026, 9, 15, 9, 0, tzinfo=dt.UTC)
MODIFIED = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
AUTHOR = "Guidance secretariat"

HEADING_NUM = 50  # the multilevel list of the headings
BULLET_NUM = 60  # bullets, through the List Bullet style
LETTER_ABSTRACT = 61  # lettered lists a), b), c); each list gets its own w:num

V1_NAME = "innovation-procurement-guidance-v1.docx"
SV_NAME = "innovationsupphandling-vagledning-sv.docx"
V2_NAME = "innovation-procurement-guidance-v2.docx"


def plain(text: str) -> str:
    """Paragraph text as a reader sees it: footnote markers removed."""
    return FOOTNOTE.sub("", text)


def _setup(document: Document, title: str, *, lang: str) -> None:
    core = document.core_properties
    core.title = title
    core.subject = "Draft guidance for consultation"
    core.author = AUTHOR
    core.last_modified_by = AUTHOR
    core.created = CREATED
    core.modified = MODIFIED
    core.last_printed = MODIFIED
    core.revision = 1
    core.language = lang
    core.keywords = "innovation procurement; public procurement; consultation"
    parts.set_language(document, lang)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.space_after = Pt(8)
    parts.add_line_numbers(document)


def _numbering(document: Document, *, scheme: str) -> int:
    """Numbering definitions; returns the num id used on heading paragraphs (0 for styles)."""
    if scheme == "styles":
        levels = [
            parts.Level(
                ilvl=i,
                text=text,
                style=f"Heading{i + 1}",
                indent=432 + 144 * i,
                hanging=432 + 144 * i,
            )
            for i, text in enumerate(("%1", "%1.%2", "%1.%2.%3"))
        ]
        parts.add_list(document, HEADING_NUM, levels)
        for i in range(3):
            parts.link_style_to_numbering(document, f"Heading{i + 1}", HEADING_NUM, i)
        heading_num = 0
    else:
        levels = [
            parts.Level(ilvl=0, text="%1.", indent=432, hanging=432),
            parts.Level(ilvl=1, text="%1.%2", indent=576, hanging=576),
        ]
        heading_num = parts.add_list(document, HEADING_NUM, levels)
    bullet_levels = [
        parts.Level(ilvl=0, fmt="bullet", text="\uf0b7", style="ListBullet", font="Symbol"),
        parts.Level(ilvl=1, fmt="bullet", text="o", indent=1080, font="Courier New"),
    ]
    parts.add_list(document, BULLET_NUM, bullet_levels, kind="hybridMultilevel")
    parts.link_style_to_numbering(document, "ListBullet", BULLET_NUM, 0)
    parts.add_abstract_numbering(
        document,
        LETTER_ABSTRACT,
        [parts.Level(ilvl=0, fmt="lowerLetter", text="%1)"), parts.Level(ilvl=1, text="%2.")],
        kind="hybridMultilevel",
    )
    return heading_num


def _paragraph(document: Document, text: str, *, style: str | None = None) -> Paragraph:
    pieces = FOOTNOTE.split(text)
    paragraph = document.add_paragraph(pieces[0], style=style)
    for i in range(1, len(pieces), 2):
        parts.add_footnote(document, paragraph, pieces[i])
        if pieces[i + 1]:
            paragraph.add_run(pieces[i + 1])
    return paragraph


def build(
    blocks: Sequence[Block],
    path: Path,
    *,
    title: str,
    subtitle: str,
    lang: str,
    scheme: str,
    chapter_breaks: bool = True,
) -> Path:
    """Write one draft. ``scheme`` is "styles" (numbering through the heading styles) or
    "direct" (numbering set on each heading paragraph)."""
    document = docx.Document()
    _setup(document, title, lang=lang)
    heading_num = _numbering(document, scheme=scheme)
    for paragraph in (
        document.add_paragraph(title, style="Title"),
        document.add_paragraph(subtitle, style="Subtitle"),
    ):
        parts.suppress_line_numbers(paragraph)
    next_letter_num = 100
    chapters = 0
    for block in blocks:
        kind = block[0]
        if kind == "h":
            level, text = int(str(block[1])), str(block[2])
            heading = document.add_heading(text, level)
            if level == 1:
                if chapters and chapter_breaks:
                    parts.page_break_before(heading)
                chapters += 1
            if text.startswith(("Annex", "Bilaga")):
                parts.set_numbering(heading, 0, 0)
            elif heading_num:
                parts.set_numbering(heading, heading_num, level - 1)
        elif kind == "p":
            _paragraph(document, str(block[1]))
        elif kind == "bullets":
            for item in _items(block[1]):
                _paragraph(document, item, style="List Bullet")
        elif kind == "letters":
            # Every lettered list starts again at a): its own w:num with a start override.
            num_id = parts.add_num(
                document, next_letter_num, LETTER_ABSTRACT, start_overrides={0: 1}
            )
            next_letter_num += 1
            for item in _items(block[1]):
                parts.set_numbering(_paragraph(document, item, style="List Paragraph"), num_id, 0)
        elif kind == "table":
            caption = document.add_paragraph(str(block[1]), style="Caption")
            caption.paragraph_format.keep_with_next = True
            parts.add_table(document, _rows(block[2]), style="Table Grid", header=True)
            document.add_paragraph().paragraph_format.space_after = Pt(0)
        else:
            raise ValueError(f"unknown block {kind!r}")
    return parts.save(document, path, reproducible=True)


def _items(value: object) -> list[str]:
    assert isinstance(value, list)
    return [str(v) for v in value]


def _rows(value: object) -> list[list[str]]:
    assert isinstance(value, list)
    return [[str(c) for c in row] for row in value]


# -- locators and the planted v2 changes ---------------------------------------------------


def locators(blocks: Sequence[Block]) -> dict[str, str]:
    """Plain paragraph text → locator ("3.2¶4"), counting as the draft reader does: every
    body paragraph, list item, table caption and table row under a heading, from 1."""
    counters = [0, 0, 0]
    section = ""
    n = 0
    out: dict[str, str] = {}
    for block in blocks:
        if block[0] == "h":
            level, text = int(str(block[1])), str(block[2])
            if text.startswith(("Annex", "Bilaga")):
                section = " ".join(text.split()[:2])
            else:
                counters[level - 1] += 1
                counters[level:] = [0] * (3 - level)
                section = ".".join(str(c) for c in counters[:level])
            n = 0
        elif block[0] == "p":
            n += 1
            out.setdefault(plain(str(block[1])), f"{section}¶{n}")
        elif block[0] in ("bullets", "letters"):
            for item in _items(block[1]):
                n += 1
                out.setdefault(plain(item), f"{section}¶{n}")
        elif block[0] == "table":
            n += 1
            out.setdefault(str(block[1]), f"{section}¶{n}")
            for row in _rows(block[2]):
                n += 1
                out.setdefault(" | ".join(row), f"{section}¶{n}")
    return out


def headings(blocks: Sequence[Block]) -> dict[str, str]:
    """Heading title → its number ("Annex A" for the annex)."""
    counters = [0, 0, 0]
    out: dict[str, str] = {}
    for block in blocks:
        if block[0] != "h":
            continue
        level, text = int(str(block[1])), str(block[2])
        if text.startswith(("Annex", "Bilaga")):
            out[text] = " ".join(text.split()[:2])
            continue
        counters[level - 1] += 1
        counters[level:] = [0] * (3 - level)
        out[text] = ".".join(str(c) for c in counters[:level])
    return out


def _find(table: dict[str, str], start: str) -> str:
    matches = [loc for text, loc in table.items() if text.startswith(start)]
    if len(matches) != 1:
        raise ValueError(f"{len(matches)} paragraphs start with {start!r}")
    return matches[0]


def v2_changes() -> list[dict[str, str | None]]:
    """The planted changes between v1 and v2, with locators computed from the content."""
    old, new = locators(EN_V1), locators(EN_V2)
    changes: list[dict[str, str | None]] = []

    def add(kind: str, v1: str | None, v2: str | None, s1: str | None, s2: str | None) -> None:
        changes.append(
            {"kind": kind, "v1_locator": v1, "v2_locator": v2, "v1_snippet": s1, "v2_snippet": s2}
        )

    for before, after in zip(EN_V1_REWORD_OLD, EN_V2_REWORD_NEW, strict=True):
        add(
            "reworded", old[plain(before)], new[plain(after)], plain(before)[:80], plain(after)[:80]
        )
    add("moved", _find(old, EN_V2_MOVED), _find(new, EN_V2_MOVED), EN_V2_MOVED, EN_V2_MOVED)
    add("removed", _find(old, EN_V2_REMOVED), None, EN_V2_REMOVED, None)
    add("added", None, _find(new, EN_V2_ADDED), None, EN_V2_ADDED)
    for text in locators(EN_V2_NEW_CHAPTER):  # the whole new chapter is added text
        add("added", None, new[text], None, text[:80])
    old_h, new_h = headings(EN_V1), headings(EN_V2)
    for title, number in old_h.items():
        if title in new_h and new_h[title] != number:
            add("renumbered", number, new_h[title], title, title)
    return changes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "drafts", help="output folder (default: drafts/)"
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    written = [
        build(
            EN_V1,
            out / V1_NAME,
            title="Guidance on innovation procurement",
            subtitle="Draft for consultation – version 1.0",
            lang="en-GB",
            scheme="styles",
        ),
        build(
            SV,
            out / SV_NAME,
            title="Vägledning för innovationsupphandling",
            subtitle="Remissversion – version 1.0",
            lang="sv-SE",
            scheme="direct",
            chapter_breaks=False,
        ),
        build(
            EN_V2,
            out / V2_NAME,
            title="Guidance on innovation procurement",
            subtitle="Draft for consultation – version 2.0",
            lang="en-GB",
            scheme="styles",
        ),
    ]
    changes = out / "v2-changes.json"
    changes.write_text(json.dumps(v2_changes(), ensure_ascii=False, indent=1) + "\n", "utf-8")
    for path in [*written, changes]:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
