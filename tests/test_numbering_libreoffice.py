"""Heading and list numbers as we resolve them, compared with what LibreOffice renders.

Each scheme is a real .docx built with python-docx and raw numbering XML. All files are
converted to text in one LibreOffice call (`soffice --convert-to txt`), which writes each
numbered paragraph with its label in front; every numbered unit that `read_draft` returns
must show the same label. Skipped, with the reason, where LibreOffice is not installed.

Not compared here: ``w:lvlRestart`` and ``w:isLgl``, which LibreOffice 7.4 ignores, and a
heading style that carries only ``numId`` for a level below the first (the level then comes
from the ``w:lvl`` whose ``w:pStyle`` names the style, ECMA-376 §17.9.23; LibreOffice 7.4
uses level 1 instead). Those follow the standard and are tested without LibreOffice below.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.enum.style import WD_STYLE_TYPE

from guidefeedback.drafts import read_draft
from guidefeedback.model import UnitKind

from . import docx_builders as b

Build = Callable[[Any], None]


def _headings(d: Any, outline: list[tuple[int, str]]) -> None:
    for level, title in outline:
        d.add_heading(title, level)
        d.add_paragraph(f"Text under {title}.")


OUTLINE = [
    (1, "Introduction"),
    (2, "Purpose"),
    (2, "Scope"),
    (3, "Detail"),
    (1, "Strategy"),
    (2, "Targets"),
    (3, "Annual targets"),
    (3, "Long-term targets"),
    (1, "Funding"),
]


def decimal_styles(d: Any) -> None:
    b.number_headings(d)
    _headings(d, OUTLINE)


def trailing_dots(d: Any) -> None:
    b.number_headings(d, texts=("%1.", "%1.%2.", "%1.%2.%3."))
    _headings(d, OUTLINE)


def chapter_words(d: Any) -> None:
    b.number_headings(d, texts=("Chapter %1", "Article %1.%2", "%1.%2.%3"))
    _headings(d, OUTLINE)


def roman_then_decimal(d: Any) -> None:
    b.number_headings(
        d, texts=("%1.", "%1.%2", "%1.%2.%3"), fmts=("upperRoman", "decimal", "lowerLetter")
    )
    _headings(d, OUTLINE)


def start_values(d: Any) -> None:
    b.number_headings(d, starts=(3, 1, 1))
    _headings(d, OUTLINE)


def level_only_from_style_link(d: Any) -> None:
    b.number_headings(d, explicit_ilvl=False)
    _headings(d, OUTLINE)


def skipped_level(d: Any) -> None:
    b.number_headings(d)
    _headings(d, [(1, "One"), (3, "Deep straight away"), (2, "Back up"), (1, "Two")])


def direct_numbering(d: Any) -> None:
    num = b.add_list(d, 70, [b.Level(0, text="%1."), b.Level(1, text="%1.%2")])
    for level, title in OUTLINE:
        if level > 2:
            continue
        b.set_numbering(d.add_heading(title, level), num, level - 1)
        d.add_paragraph("Body.")


def lettered_lists_restart(d: Any) -> None:
    b.number_headings(d)
    letters = b.add_list(d, 71, [b.Level(0, fmt="lowerLetter", text="%1)")])
    d.add_heading("Lists", 1)
    for item in ("first", "second", "third"):
        b.set_numbering(d.add_paragraph(f"Item {item}"), letters, 0)
    d.add_paragraph("A paragraph between the lists.")
    b.add_num(d, 72, 71, start_overrides={0: 1})
    for item in ("again one", "again two"):
        b.set_numbering(d.add_paragraph(f"Item {item}"), 72, 0)
    d.add_heading("More", 1)


def based_on_style_chain(d: Any) -> None:
    b.number_headings(d)
    style = d.styles.add_style("Chapter Heading", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = d.styles["Heading 1"]
    d.add_heading("Ordinary", 1)
    d.add_paragraph("Body.")
    d.add_paragraph("Custom style chapter", style="Chapter Heading")
    d.add_heading("Sub of custom", 2)
    d.add_heading("Ordinary again", 1)


def numbering_removed(d: Any) -> None:
    b.number_headings(d)
    _headings(d, [(1, "Numbered"), (2, "Numbered too")])
    annex = d.add_heading("Annex B Templates", 1)
    b.set_numbering(annex, 0)
    d.add_heading("Numbered after the annex", 1)


SCHEMES: dict[str, Build] = {
    f.__name__: f
    for f in (
        decimal_styles,
        trailing_dots,
        chapter_words,
        roman_then_decimal,
        start_values,
        skipped_level,
        direct_numbering,
        lettered_lists_restart,
        based_on_style_chain,
        numbering_removed,
    )
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[str]]]:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui"
        )
    folder = tmp_path_factory.mktemp("numbering")
    files: dict[str, Path] = {}
    for name, build in SCHEMES.items():
        d = b.new_document()
        build(d)
        files[name] = b.save(d, folder / f"{name}.docx")
    out = folder / "txt"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(out),
            *map(str, files.values()),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {
        name: (path, (out / f"{name}.txt").read_text(encoding="utf-8-sig").splitlines())
        for name, path in files.items()
    }


@pytest.mark.libreoffice
@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_labels_match_libreoffice(scheme: str, rendered: dict[str, tuple[Path, list[str]]]) -> None:
    path, lines = rendered[scheme]
    units = [
        u
        for u in read_draft(path).units
        if u.kind in (UnitKind.HEADING, UnitKind.LIST_ITEM) and u.number
    ]
    assert units, "the scheme produced numbered units"
    for unit in units:
        title = unit.heading_title if unit.kind is UnitKind.HEADING else unit.text
        line = next((ln.strip() for ln in lines if ln.strip().endswith(str(title))), None)
        assert line is not None, f"{title!r} not in LibreOffice's text"
        shown = line[: -len(str(title))].strip()
        # LibreOffice writes the label as displayed ("1.", "a)", "Chapter 1"); our number
        # drops the punctuation around it, as citations do.
        assert shown.rstrip(".)").strip() == unit.number, (scheme, title, shown, unit.number)


def test_typed_in_annex_is_not_renumbered(tmp_path: Path) -> None:
    d = b.new_document()
    numbering_removed(d)
    units = read_draft(b.save(d, tmp_path / "n.docx")).units
    numbers = [u.number for u in units if u.kind is UnitKind.HEADING]
    assert numbers == ["1", "1.1", "Annex B", "2"]


def test_level_from_the_style_link_follows_the_standard(tmp_path: Path) -> None:
    d = b.new_document()
    level_only_from_style_link(d)
    units = read_draft(b.save(d, tmp_path / "link.docx")).units
    numbers = [u.number for u in units if u.kind is UnitKind.HEADING]
    assert numbers == ["1", "1.1", "1.2", "1.2.1", "2", "2.1", "2.1.1", "2.1.2", "3"]
