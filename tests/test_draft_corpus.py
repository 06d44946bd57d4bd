"""Draft import on Word documents this project did not write (../shared/corpus/drafts).

The oracle is an independent reader of the same file: LibreOffice's text export (all 27
files in one ``soffice`` call per session), pandoc's text with tracked changes accepted or
rejected, and ``pdftotext -layout`` of LibreOffice's PDF. Skipped, with the reason, where
the corpus or the program is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from guidefeedback import wordtext
from guidefeedback.drafts import read_draft
from guidefeedback.errors import RefusedFile
from guidefeedback.locate import Locator, normalise_text
from guidefeedback.model import Comment, Unit, UnitKind

from . import docx_builders as b
from .conftest import DRAFTS, ROOT, run_cli

CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_DRAFTS = sorted((CORPUS / "drafts").glob("*.docx"))
REVIEWED = CORPUS / "reviewed"
# Refused for a stated, correct reason: the file has two empty tables and nothing else.
REFUSED = {"pydocx__tbl-having-tables.docx": "the document has no text"}

needs_corpus = pytest.mark.skipif(
    not CORPUS_DRAFTS, reason="the corpus (../shared/corpus) is not next to the project"
)


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui"
        )
    return found


def _convert(folder: Path, target: str, files: list[Path]) -> Path:
    out = folder / target.split(":")[0]
    done = subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        timeout=400,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def lo_text(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """LibreOffice's text of every corpus draft, from one soffice call."""
    if not CORPUS_DRAFTS:
        pytest.skip("the corpus (../shared/corpus) is not next to the project")
    out = _convert(tmp_path_factory.mktemp("lo"), "txt:Text (encoded):UTF8", CORPUS_DRAFTS)
    return {
        f.name: (out / f"{f.stem}.txt").read_text(encoding="utf-8-sig").splitlines()
        for f in CORPUS_DRAFTS
    }


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_DRAFTS, ids=lambda p: p.name)
def test_every_corpus_draft_imports_or_is_refused_for_its_reason(path: Path) -> None:
    if path.name in REFUSED:
        with pytest.raises(RefusedFile, match=REFUSED[path.name]):
            read_draft(path)
        return
    draft = read_draft(path)
    assert draft.units
    assert all(u.text.strip() for u in draft.units)


# A line of a table of contents, list of figures or index: an entry and its page number
# after a tab, or the field's "nothing found" text.
_TOC_LINE = re.compile(r"\t\s*(?:\d+|[ivxlc]+)\s*$|^No table of (?:figures|contents) entries")
# A note reference mark that LibreOffice prints in the running text ("prostoy1").
_NOTE_MARK = re.compile(r"(?<=[^\s\d])(?:\d{1,2}|[ivx]{1,3})(?=\s|$)")


def _found(line: str, units: list[Unit], norms: list[str]) -> bool:
    wanted = normalise_text(line)
    if any(wanted in n for n in norms):
        return True
    # A numbered or bulleted paragraph: LibreOffice writes its label in front.
    for unit, norm in zip(units, norms, strict=True):
        if norm and wanted.endswith(norm):
            shown = wanted[: -len(norm)].strip()
            if unit.kind in (UnitKind.FOOTNOTE, UnitKind.ENDNOTE) and len(shown) <= 3:
                return True  # the note's own mark ("1", "*") before its text
            labels = {normalise_text(x) for x in (unit.number, unit.label) if x}
            if shown.rstrip(".)") in labels or shown in labels:
                return True
            # LibreOffice's text export writes its own bullet for each level (•, ◦, ▪)
            # whatever glyph the document's bullet has ("–", "o" in Courier New).
            bullet = unit.number is not None and not any(c.isalnum() for c in unit.number)
            if bullet and shown in ("•", "◦", "▪"):
                return True
    unmarked = normalise_text(_NOTE_MARK.sub("", line))
    if any(unmarked in n for n in norms):
        return True
    # A note mark after a space ("tilaka ior"): try the line without each short mark.
    squashed = ["".join(n.split()) for n in norms]
    flat = "".join(wanted.split())
    for mark in re.finditer(r"[ivx\d*]{1,3}", flat):
        without = flat[: mark.start()] + flat[mark.end() :]
        if any(without in n for n in squashed):
            return True
    return False


# The titles and column lines printed above generated tables (of contents, figures,
# tables): LibreOffice prints them, but they belong to the generated table, no place.
_TOC_APPARATUS = {
    "pandoc__0_level_headers.docx": {
        "CONTENTS",
        "Section\tPage",
        "FIGURES",
        "Figure\tPage",
        "TABLES",
        "Table\tPage",
    }
}


@pytest.mark.libreoffice
@pytest.mark.parametrize("path", CORPUS_DRAFTS, ids=lambda p: p.name)
def test_every_libreoffice_line_is_in_the_units(path: Path, lo_text: dict[str, list[str]]) -> None:
    if path.name in REFUSED:
        pytest.skip(f"refused: {REFUSED[path.name]}")
    units = list(read_draft(path).units)
    norms = [normalise_text(u.text) for u in units]
    apparatus = _TOC_APPARATUS.get(path.name, set())
    missing = [
        line
        for line in lo_text[path.name]
        if line.strip()
        and not _TOC_LINE.search(line)
        and line.strip() not in apparatus
        and not _found(line, units, norms)
    ]
    assert not missing, missing


@pytest.mark.libreoffice
@pytest.mark.parametrize("path", CORPUS_DRAFTS, ids=lambda p: p.name)
def test_heading_numbers_equal_libreoffices(path: Path, lo_text: dict[str, list[str]]) -> None:
    if path.name in REFUSED:
        pytest.skip(f"refused: {REFUSED[path.name]}")
    lines = [ln.strip() for ln in lo_text[path.name] if not _TOC_LINE.search(ln)]
    for unit in read_draft(path).units:
        if unit.kind is not UnitKind.HEADING or not unit.number or not unit.label:
            continue
        title = str(unit.heading_title)
        shown = next((ln[: -len(title)].strip() for ln in lines if ln.endswith(title)), None)
        assert shown is not None, f"{title!r} not in LibreOffice's text"
        assert shown.rstrip(".)").strip() == unit.number, (title, shown, unit.number)


# -- particular files -------------------------------------------------------------------------


@needs_corpus
def test_apa_template_title_and_every_paragraph() -> None:
    draft = read_draft(CORPUS / "drafts" / "uniword__word-template-apa-style-paper.docx")
    texts = [u.text for u in draft.units]
    assert draft.title == "[Title Here, up to 12 Words, on One to Two Lines]"
    for expected in (
        "[Include any grant/funding information and a complete correspondence address.]",
        "Keywords: [Tap here to add keywords.]",
        "[Heading 1]",
    ):
        assert expected in texts
    run_in = next(t for t in texts if t.startswith("[Heading 3]."))
    assert "[Include a period at the end of a run-in heading." in run_in
    # The table of contents is not content: no unit is a contents line.
    assert not any(re.search(r"\s\d$", t) and t.startswith("References") for t in texts)
    assert [u.locator for u in draft.units if u.kind is UnitKind.HEADING][:2] == [
        "Abstract",
        "[Title Here, up to 12 Words, on One to T",
    ]


@pytest.mark.libreoffice
@needs_corpus
def test_strict_file_imports_like_its_transitional_twin(tmp_path: Path) -> None:
    strict = CORPUS / "drafts" / "mammoth__strict-format.docx"
    assert b"purl.oclc.org/ooxml" in zipfile.ZipFile(strict).read("_rels/.rels")
    twin = _convert(tmp_path, "docx:MS Word 2007 XML", [strict]) / strict.name
    ours = [(u.kind, u.text, u.locator) for u in read_draft(strict).units]
    assert ours == [(u.kind, u.text, u.locator) for u in read_draft(twin).units]
    assert ours == [(UnitKind.PARAGRAPH, "Test", "¶1")]


@needs_corpus
def test_endnotes_are_units_beside_footnotes() -> None:
    notes = read_draft(CORPUS / "drafts" / "pandoc__notes.docx").units
    assert [(u.kind, u.locator, u.text) for u in notes if u.kind is not UnitKind.PARAGRAPH][1:] == [
        (UnitKind.FOOTNOTE, "A footnote¶1 fn1", "My note."),
        (UnitKind.ENDNOTE, "A footnote¶1 en1", "This is an endnote at the end of the document."),
    ]
    poi = read_draft(CORPUS / "drafts" / "poi__endnotes.docx").units
    assert [u.locator for u in poi if u.kind is UnitKind.ENDNOTE] == ["¶8 en1"]


@needs_corpus
def test_table_caption_with_seq_field_is_a_place() -> None:
    units = read_draft(CORPUS / "drafts" / "pandoc__table_captions_with_field.docx").units
    located = Locator(units).locate(Comment(1, "row 1", "Wrong figure.", table_ref="Table 1"))
    assert located.method == "table"
    unit = next(u for u in units if u.seq == located.unit_seq)
    assert unit.table is not None and unit.table.startswith("Table 1")


# -- tracked changes --------------------------------------------------------------------------


def _pandoc(path: Path, how: str) -> list[str]:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed")
    done = subprocess.run(
        ["pandoc", f"--track-changes={how}", "-t", "plain", "--wrap=none", str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return [p.strip() for p in done.stdout.split("\n\n") if p.strip()]


@needs_corpus
@pytest.mark.parametrize("accept", [False, True], ids=["rejected", "accepted"])
def test_paragraph_marks_of_tracked_changes_are_honoured(accept: bool) -> None:
    path = REVIEWED / "pandoc__paragraph_insertion_deletion.docx"
    draft = read_draft(path, accept_changes=accept)
    assert draft.tracked_changes > 0
    assert [u.text for u in draft.units] == _pandoc(path, "accept" if accept else "reject")


@needs_corpus
def test_import_says_the_draft_holds_tracked_changes(tmp_path: Path) -> None:
    path = REVIEWED / "pandoc__track_changes_deletion.docx"
    out = run_cli("draft", "import", path).output
    assert "still holds" in out and "tracked changes" in out and "--accept-changes" in out
    shown = run_cli("draft", "show", "D1", "--all", "--json").output
    assert _pandoc(path, "reject")[0] in shown


@needs_corpus
def test_reviewed_copy_imported_as_its_own_draft_gets_a_hint(tmp_path: Path) -> None:
    path = REVIEWED / "pandoc__track_changes_deletion.docx"
    run_cli("draft", "import", path, "--accept-changes")
    out = run_cli("check", path, "--draft", "D1").output
    assert 'Delete "n excessively modified"' in out
    assert "this file is the one draft D1 was imported from" in out
    # Imported as sent out (changes rejected), the same copy's deletion is located.
    other = tmp_path / "other.db"
    run_cli("draft", "import", path, db=other)
    located = run_cli("check", path, "--draft", "D1", db=other)
    assert "not located" not in located.output


@needs_corpus
def test_tracked_paragraph_split_and_join_are_review_comments() -> None:
    path = REVIEWED / "pandoc__paragraph_insertion_deletion.docx"
    run_cli("draft", "import", path)
    out = run_cli("check", path, "--draft", "D1").output
    assert 'Split the paragraph after "This is a"' in out
    assert 'Join "split" with the next paragraph' in out
    assert "not located" not in out


# -- named places -----------------------------------------------------------------------------


def _iso_style_draft(path: Path) -> Path:
    """An ISO-style draft with the ISO STD template's front-matter style names, which have
    no outline level (zzForeword, Introduction), then numbered clauses."""
    d = b.new_document()
    for name in ("zzForeword", "Introduction"):
        style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.font.bold = True
    b.number_headings(d)
    d.add_paragraph("ISO/DIS 12345 Procurement — Guidance", style="Title")
    d.add_paragraph("Foreword", style="zzForeword")
    d.add_paragraph("ISO (the International Organization for Standardization) is a federation.")
    d.add_paragraph("This document was prepared by Technical Committee ISO/TC 999.")
    d.add_paragraph("Introduction", style="Introduction")
    d.add_paragraph("Public buyers need a shared way of describing innovation procurement.")
    d.add_heading("Scope", 1)
    d.add_paragraph("This document gives guidance on innovation procurement.")
    d.add_paragraph("Sammanfattning")
    d.add_paragraph("Vägledningen beskriver innovationsupphandling.")
    return b.save(d, path)


def test_foreword_and_introduction_comments_are_placed(tmp_path: Path) -> None:
    units = read_draft(_iso_style_draft(tmp_path / "iso.docx")).units
    locator = Locator(units)
    by_seq = {u.seq: u for u in units}

    def place(section: str, paragraph: str | None = None) -> str:
        found = locator.locate(Comment(1, "r", "A comment.", section=section, paragraph=paragraph))
        assert found.unit_seq is not None, found.reason
        return by_seq[found.unit_seq].locator

    assert place("Foreword") == "Foreword"
    assert place("Foreword", "2") == "Foreword¶2"
    assert place("Förord") == "Foreword"
    assert place("Introduction", "¶1") == "Introduction¶1"
    assert place("Inledning") == "Introduction"
    assert place("Sammanfattning", "1") == "Sammanfattning¶1"
    assert place("1") == "1"
    assert [u.locator for u in units if u.kind is UnitKind.HEADING] == [
        "Foreword",
        "Introduction",
        "1",
        "Sammanfattning",
    ]


def test_figure_caption_is_a_place(tmp_path: Path) -> None:
    d = b.new_document()
    d.add_heading("Results", 1)
    d.add_paragraph("The chart shows spending.")
    b.add_caption(d, "Figure 3 Spending by region")
    units = read_draft(b.save(d, tmp_path / "f.docx")).units
    found = Locator(units).locate(Comment(1, "r", "Unclear axis.", paragraph="Figur 3"))
    assert found.method == "figure"
    assert next(u for u in units if u.seq == found.unit_seq).text == "Figure 3 Spending by region"


def test_symbol_font_characters_are_text() -> None:
    p = docx.oxml.parse_xml(
        f'<w:p xmlns:w="{wordtext.W_NS}"><w:r><w:t xml:space="preserve">angle </w:t>'
        '<w:sym w:font="Symbol" w:char="F061"/><w:t xml:space="preserve"> ≤ </w:t>'
        '<w:sym w:font="Symbol" w:char="F0B0"/></w:r></w:p>'
    )
    assert wordtext.scan_paragraph(p).text() == "angle α ≤ °"


# -- layout -----------------------------------------------------------------------------------


@pytest.mark.libreoffice
def test_page_and_line_comment_lands_where_libreoffice_prints_it(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    draft = DRAFTS / "innovation-procurement-guidance-v1.docx"
    imported = run_cli("draft", "import", draft, "--layout")
    assert imported.exit_code == 0, imported.output
    pdf = _convert(tmp_path, "pdf", [draft]) / f"{draft.stem}.pdf"
    page3 = subprocess.run(
        ["pdftotext", "-layout", "-f", "3", "-l", "3", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    printed = next(m.group(1) for m in re.finditer(r"^\s*12\s+(\S.*)$", page3, re.M))

    from guidefeedback.store import open_store

    units = open_store(Path(os.environ["GUIDEFEEDBACK_DB"])).units(1)
    assert any(u.page for u in units)
    found = Locator(units).locate(Comment(1, "r", "Too vague.", page="3", line="12"))
    assert found.method == "line", found.reason
    unit = next(u for u in units if u.seq == found.unit_seq)
    assert "".join(normalise_text(printed).split()) in "".join(normalise_text(unit.text).split())


@pytest.mark.libreoffice
def test_lines_are_counted_per_page_when_the_draft_prints_no_numbers(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    d = b.new_document()
    d.add_heading("Scope", 1)
    for n in range(1, 60):
        d.add_paragraph(f"Paragraph {n} of the draft says something about procurement.")
    path = b.save(d, tmp_path / "plain.docx")
    assert run_cli("draft", "import", path, "--layout").exit_code == 0
    pdf = _convert(tmp_path, "pdf", [path]) / "plain.pdf"
    page2 = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fifth = [ln.strip() for ln in page2.splitlines() if ln.strip()][4]

    from guidefeedback.store import open_store

    units = open_store(Path(os.environ["GUIDEFEEDBACK_DB"])).units(1)
    found = Locator(units).locate(Comment(1, "r", "Unclear.", page="2", line="5"))
    assert found.method == "line", found.reason
    assert next(u for u in units if u.seq == found.unit_seq).text == fifth


@needs_corpus
@pytest.mark.libreoffice
def test_apa_template_units_get_the_page_libreoffice_prints_them_on(tmp_path: Path) -> None:
    """The table of contents (page 2) repeats every heading and "table of contents" recurs
    in the body: no unit may be placed on it, and every heading gets its page."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    draft = CORPUS / "drafts" / "uniword__word-template-apa-style-paper.docx"
    imported = run_cli("draft", "import", draft, "--layout")
    assert imported.exit_code == 0, imported.output
    pdf = _convert(tmp_path, "pdf", [draft]) / f"{draft.stem}.pdf"

    def page_text(page: int) -> str:
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return "".join(normalise_text(text).split())

    from guidefeedback.store import open_store

    units = open_store(Path(os.environ["GUIDEFEEDBACK_DB"])).units(1)
    pages: dict[int, str] = {}
    for unit in units:
        if unit.page is None:
            continue
        on_page = pages.setdefault(unit.page, page_text(unit.page))
        if " | " in unit.text:
            # A table row: pdftotext -layout prints wrapped cells side by side, line by
            # line ("Column Column" above "Head Head"), so each word is looked for.
            for word in normalise_text(unit.text.replace(" | ", " ")).split():
                assert word in on_page, (unit.seq, unit.text, unit.page, word)
            continue
        squashed = "".join(normalise_text(unit.text).split())
        # A note's reference mark is printed raised, where pdftotext puts it elsewhere.
        squashed = re.sub(r"^\d+(?=\D)", "", squashed)
        assert squashed[:25] in on_page, (unit.seq, unit.text, unit.page)
    by_text = {u.text: u.page for u in units if u.kind.value == "heading"}
    assert by_text["Abstract"] == 3
    # The typed note mark after "[Heading 2]" is no part of its title.
    assert by_text["[Heading 2]"] == 4
    assert all(page is not None for page in by_text.values()), by_text
    assert not any(u.page == 2 for u in units)


@needs_corpus
def test_table_of_contents_title_is_no_place_and_names_no_draft() -> None:
    """pandoc's 0_level_headers: "CONTENTS" (Title style) and its "Section  Page" line sit
    above the TOC field; LibreOffice prints them, but they are the generated table's."""
    draft = CORPUS / "drafts" / "pandoc__0_level_headers.docx"
    imported = run_cli("draft", "import", draft)
    assert imported.exit_code == 0, imported.output
    assert "CONTENTS" not in imported.output
    from guidefeedback.store import open_store

    units = open_store(Path(os.environ["GUIDEFEEDBACK_DB"])).units(1)
    texts = [u.text for u in units]
    assert "CONTENTS" not in texts and "Section Page" not in texts
    heading = next(u for u in units if u.kind is UnitKind.HEADING)
    assert heading.heading_title == "Introduction"


@needs_corpus
def test_show_keeps_columns_aligned_with_long_locators() -> None:
    draft = CORPUS / "drafts" / "uniword__word-template-apa-style-paper.docx"
    assert run_cli("draft", "import", draft).exit_code == 0
    shown = run_cli("draft", "show", "D1", "--all")
    assert shown.exit_code == 0, shown.output
    rows = [ln for ln in shown.output.splitlines() if ln.startswith("    ") and "¶" in ln]
    marks = {ln.index(" ¶  ") for ln in rows if " ¶  " in ln}
    assert len(marks) == 1, rows
    # A cut locator keeps its paragraph number.
    assert any("…¶1" in ln for ln in rows), rows


@needs_corpus
@pytest.mark.libreoffice
def test_page_and_line_written_in_the_paragraph_column_are_read(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    draft = CORPUS / "drafts" / "uniword__word-template-apa-style-paper.docx"
    from guidefeedback.drafts import read_draft
    from guidefeedback.store import open_store

    plain = Locator(read_draft(draft).units)
    said = plain.locate(Comment(1, "r", "Unclear.", paragraph="page 4, line 12"))
    assert said.unit_seq is None
    assert "imported without its printed layout" in said.reason
    assert "no section, paragraph" not in said.reason

    assert run_cli("draft", "import", draft, "--layout").exit_code == 0
    pdf = _convert(tmp_path, "pdf", [draft]) / f"{draft.stem}.pdf"
    page4 = subprocess.run(
        ["pdftotext", "-layout", "-f", "4", "-l", "4", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    printed = [ln.strip() for ln in page4.splitlines() if ln.strip()][11]
    units = open_store(Path(os.environ["GUIDEFEEDBACK_DB"])).units(1)
    located = Locator(units)
    for comment in (
        Comment(1, "r", "Unclear.", paragraph="page 4, line 12"),
        Comment(1, "r", "Unclear.", section="p. 4, l. 12"),
        Comment(1, "r", "Unclear.", page="4", line="12"),
    ):
        found = located.locate(comment)
        assert found.method == "line", found.reason
        unit = next(u for u in units if u.seq == found.unit_seq)
        squashed = "".join(normalise_text(printed).split())
        # The note mark typed after the heading ("[Heading 2]1") is printed raised on
        # the same line; it is no part of the heading's text.
        squashed = re.sub(r"(?<=\D)\d+$", "", squashed)
        assert squashed in "".join(normalise_text(unit.text).split())
    odd = located.locate(Comment(1, "r", "Unclear.", paragraph="the second bullet"))
    assert odd.reason == "paragraph the second bullet names no place in the draft"
