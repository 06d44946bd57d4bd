"""Generate the example drafts in drafts/ from scripts/draft_content.py.

- ``innovation-procurement-guidance-v1.docx``: the English consultation draft. Heading
  numbers are Word's automatic numbering (Heading 1–3 linked to one multilevel list),
  with bullet and lettered lists, footnotes, a captioned table, line numbers in the
  margin (as consultation drafts have) and each chapter on a new page.
- ``innovationsupphandling-vagledning-sv.docx``: a shorter Swedish draft whose heading
  numbers are set on the paragraphs themselves, level 1 shown as "1." — a second scheme.
- ``innovation-procurement-guidance-v2.docx``: the revised English draft (a new chapter
  2, so later chapters are renumbered; paragraphs reworded, moved, removed, added), with
  the planted changes listed in ``v2-changes.json``.

The numbering and footnote XML comes from the test helpers (tests/docx_builders.py), the
same code the tests use to build Word files. Output is deterministic.

    python scripts/make_drafts.py [--out drafts]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx.enum.text import WD_BREAK  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402
from tests import docx_builders as b  # noqa: E402

from draft_content import EN_V1, EN_V1_REWORD_OLD, EN_V2, EN_V2_REWORD_NEW, SV  # noqa: E402

FOOTNOTE = re.compile(r"\[\[fn: (.*?)\]\]")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FIXED = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)


def _setup(document: Any, title: str, *, lang: str) -> None:
    core = document.core_properties
    core.title = title
    core.author = "Guidance secretariat"
    core.last_modified_by = "Guidance secretariat"
    core.created = FIXED
    core.modified = FIXED
    core.revision = 1
    core.language = lang
    normal = document.styles["Normal"]
    normal.font.size = Pt(12)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(8)
    # Line numbers in the margin, restarting on each page, as consultation drafts have.
    sect_pr = document.sections[0]._sectPr
    sect_pr.append(parse_xml(f'<w:lnNumType {W} w:countBy="1" w:restart="newPage"/>'))


def _lists(document: Any) -> tuple[int, int]:
    bullets = b.add_list(
        document,
        60,
        [b.Level(ilvl=0, fmt="bullet", text="\uf0b7"), b.Level(ilvl=1, fmt="bullet", text="o")],
    )
    letters = b.add_list(document, 61, [b.Level(ilvl=0, fmt="lowerLetter", text="%1)")])
    return bullets, letters


def _paragraph(document: Any, text: str, *, style: str | None = None) -> Any:
    parts = FOOTNOTE.split(text)
    paragraph = document.add_paragraph(parts[0], style=style)
    for i in range(1, len(parts), 2):
        b.add_footnote(document, paragraph, parts[i])
        if parts[i + 1]:
            paragraph.add_run(parts[i + 1])
    return paragraph


def build(
    blocks: list[tuple[object, ...]],
    path: Path,
    *,
    title: str,
    subtitle: str,
    lang: str,
    scheme: str,
) -> None:
    document = b.new_document()
    _setup(document, title, lang=lang)
    if scheme == "styles":
        b.number_headings(document, num_id=50)
        heading_num = None
    else:
        heading_num = b.add_list(
            document,
            50,
            [
                b.Level(ilvl=0, text="%1."),
                b.Level(ilvl=1, text="%1.%2"),
                b.Level(ilvl=2, text="%1.%2.%3"),
            ],
        )
    bullets, letters = _lists(document)
    document.add_paragraph(title, style="Title")
    document.add_paragraph(subtitle, style="Subtitle")
    letter_num = letters
    chapters = 0
    for block in blocks:
        kind = block[0]
        if kind == "h":
            level, text = int(block[1]), str(block[2])  # type: ignore[call-overload]
            if level == 1 and chapters:
                document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
            if level == 1:
                chapters += 1
            heading = document.add_heading(text, level)
            if text.startswith("Annex"):
                b.set_numbering(heading, 0)
            elif heading_num is not None:
                b.set_numbering(heading, heading_num, level - 1)
        elif kind == "p":
            _paragraph(document, str(block[1]))
        elif kind == "bullets":
            for item in block[1]:  # type: ignore[attr-defined]
                b.set_numbering(document.add_paragraph(item, style="List Paragraph"), bullets, 0)
        elif kind == "letters":
            # Each lettered list restarts at a): a new w:num with a start override.
            letter_num += 100
            b.add_num(document, letter_num, letters, start_overrides={0: 1})
            for item in block[1]:  # type: ignore[attr-defined]
                b.set_numbering(document.add_paragraph(item, style="List Paragraph"), letter_num, 0)
        elif kind == "table":
            caption, rows = str(block[1]), block[2]
            table = b.add_table(document, rows, caption=caption)  # type: ignore[arg-type]
            table.style = "Table Grid"
            header = table.rows[0]._tr.get_or_add_trPr()
            header.append(parse_xml(f'<w:tblHeader {W} w:val="true"/>'))
            for cell in table.rows[0].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    # Fixed ids so repeated runs produce the same bytes (python-docx stamps nothing random).
    for i, element in enumerate(document.element.body.iter(qn("w:p"))):
        element.set(qn("w:rsidR"), f"{i:08X}")
    b.save(document, path)
    fix_zip_times(path)


def fix_zip_times(path: Path) -> None:
    """Rewrite the zip with fixed member times so a regenerated file has the same bytes."""
    import io
    import zipfile

    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info)) for info in src.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            out.writestr(zipfile.ZipInfo(name, date_time=(2026, 10, 1, 9, 0, 0)), data)
    path.write_bytes(buffer.getvalue())


def v2_changes() -> list[dict[str, str | None]]:
    """The planted changes between v1 and v2, with locators computed from the content."""
    old = _locators(EN_V1, shift_from=None)
    new = _locators(EN_V2, shift_from=None)

    def find(table: dict[str, str], start: str) -> str | None:
        return next((loc for text, loc in table.items() if text.startswith(start)), None)

    changes: list[dict[str, str | None]] = []
    for before, after in zip(EN_V1_REWORD_OLD, EN_V2_REWORD_NEW, strict=True):
        changes.append(
            {
                "kind": "reworded",
                "v1_locator": old[before],
                "v2_locator": new[after],
                "v1_snippet": before[:60],
                "v2_snippet": after[:60],
            }
        )
    moved = "A well-prepared market dialogue"
    changes.append(
        {
            "kind": "moved",
            "v1_locator": find(old, moved),
            "v2_locator": find(new, moved),
            "v1_snippet": moved,
            "v2_snippet": moved,
        }
    )
    removed = "Auditors and legal services"
    changes.append(
        {
            "kind": "removed",
            "v1_locator": find(old, removed),
            "v2_locator": None,
            "v1_snippet": removed,
            "v2_snippet": None,
        }
    )
    for added in (
        "Every innovation procurement starts from a need",
        "Specifications that describe the required outcome",
        "Buyers should publish a short summary",
    ):
        changes.append(
            {
                "kind": "added",
                "v1_locator": None,
                "v2_locator": find(new, added),
                "v1_snippet": None,
                "v2_snippet": added,
            }
        )
    changes.append(
        {
            "kind": "renumbered",
            "v1_locator": "3",
            "v2_locator": "4",
            "v1_snippet": "Capacity building",
            "v2_snippet": "Capacity building",
        }
    )
    return changes


def _locators(blocks: list[tuple[object, ...]], shift_from: str | None) -> dict[str, str]:
    """Paragraph text → locator ("3.2¶4"), counting as the draft reader does."""
    counters = [0, 0, 0]
    section = ""
    para = 0
    out: dict[str, str] = {}
    for block in blocks:
        if block[0] == "h":
            level, text = int(block[1]), str(block[2])  # type: ignore[call-overload]
            if text.startswith("Annex"):
                section = "Annex A"
            else:
                counters[level - 1] += 1
                for deeper in range(level, 3):
                    counters[deeper] = 0
                section = ".".join(str(c if c else 1) for c in counters[:level])
            para = 0
        elif block[0] == "p":
            para += 1
            out[FOOTNOTE.sub("", str(block[1]))] = f"{section}¶{para}"
            out[str(block[1])] = f"{section}¶{para}"
        elif block[0] in ("bullets", "letters"):
            para += len(block[1])  # type: ignore[arg-type]
        elif block[0] == "table":
            para += 1 + len(block[2])  # type: ignore[arg-type]  # the caption and each row
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "drafts")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    build(
        EN_V1,
        out / "innovation-procurement-guidance-v1.docx",
        title="Guidance on innovation procurement",
        subtitle="Draft for consultation – version 1.0",
        lang="en-GB",
        scheme="styles",
    )
    build(
        SV,
        out / "innovationsupphandling-vagledning-sv.docx",
        title="Vägledning för innovationsupphandling",
        subtitle="Remissversion",
        lang="sv-SE",
        scheme="direct",
    )
    build(
        EN_V2,
        out / "innovation-procurement-guidance-v2.docx",
        title="Guidance on innovation procurement",
        subtitle="Draft for consultation – version 2.0",
        lang="en-GB",
        scheme="styles",
    )
    (out / "v2-changes.json").write_text(
        json.dumps(v2_changes(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    for path in sorted(out.glob("*.docx")):
        print(path)


if __name__ == "__main__":
    main()
