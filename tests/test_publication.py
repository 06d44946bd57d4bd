"""A comment-response document an agency publishes as it is (issue 17).

Read back as an editor would: the Word document through LibreOffice and pdftotext (contents
with page numbers, "page X of Y"), its XML (no table wider than its page, rows that do not
split), every published file searched for the personal data a comment held, letters read
paragraph by paragraph.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from guidefeedback.ids import parse_draft
from guidefeedback.report import build, point_title
from guidefeedback.store import open_store

from .conftest import COMMENTS, DRAFTS, ROOT, run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example project (`make demo`'s) run once into a folder of its own."""
    project = tmp_path_factory.mktemp("example")
    shutil.copytree(DRAFTS, project / "drafts")
    shutil.copytree(COMMENTS, project / "comments")
    shutil.copy(ROOT / "guidefeedback.toml", project / "guidefeedback.toml")
    mp = pytest.MonkeyPatch()
    mp.setenv("GUIDEFEEDBACK_QUIET", "1")
    try:
        result = run_cli("run", project)
        assert result.exit_code == 0, result.output
        db = project / "out" / "guidefeedback.db"
        # An editor answers one point of each draft so letters and tables show answers.
        for draft in ("D1", "D3"):
            store = open_store(db)
            first = store.list_clusters(parse_draft(draft))[0].code
            store.close()
            answered = run_cli(
                "--db", db, "respond", "set", first, "-d", "accepted", "-a", "Texten ändras."
            )
            assert answered.exit_code == 0, answered.output
        rendered = run_cli("run", project)
        assert rendered.exit_code == 0, rendered.output
        yield project
    finally:
        mp.undo()


# -- the report: points, titles, quotes -------------------------------------------------


def test_each_point_quotes_the_units_its_comments_are_on(example: Path) -> None:
    store = open_store(example / "out" / "guidefeedback.db")
    try:
        report = build(store, "D1").report
        units = {u.seq: u for u in store.units(1)}
        placed = {c.code: c.unit_seq for c in store.list_comments(draft_id=1)}
    finally:
        store.close()
    points = [p for s in report.sections for p in s.points]
    assert len(points) > 10
    not_first = 0
    for point in points:
        seqs = sorted({s for c in point.comments if (s := placed[c.comment_code]) is not None})
        assert [q.text for q in point.quotes] == [units[s].text for s in seqs if units[s].text]
        assert [q.locator for q in point.quotes] == [units[s].locator for s in seqs]
        # A point about ¶2 does not quote ¶1 of its section.
        not_first += any(units[s].para > 1 for s in seqs)
        # Its title is a sentence of a comment, not the keyword label.
        title = point.cluster.title
        assert title and title != point.cluster.label
        assert " · " not in title
        words = set(re.findall(r"\w+", point.cluster.representative.casefold()))
        assert set(re.findall(r"\w+", title.casefold())) <= words, title
    assert not_first > 0


def test_point_title_prefers_the_stored_title_and_trims_at_a_clause() -> None:
    assert point_title("Market dialogue needs examples", "ignored") == (
        "Market dialogue needs examples"
    )
    long = (
        "The guidance should explain in much more detail how buyers can run a market dialogue,"
        " which documents they need and how long it takes, because most buyers have never done"
        " one. Second sentence."
    )
    title = point_title(None, long)
    assert title.endswith(" …") and len(title) <= 112
    assert long.startswith(title[:-2].rstrip())
    assert point_title(None, "Short. Second.") == "Short."


# -- the Word document: contents, page numbers, tables ----------------------------------


def _sections_and_tables(xml: bytes) -> list[tuple[int, Any]]:
    """Each table with the text width of the section it is in (read from the sectPr that
    closes that section: the next one in document order)."""
    root = etree.fromstring(xml)
    body = root.find(f"{W}body")
    assert body is not None
    pending: list[Any] = []
    out: list[tuple[int, Any]] = []
    for child in body:
        if child.tag == f"{W}tbl":
            pending.append(child)
            continue
        sect = child if child.tag == f"{W}sectPr" else child.find(f"{W}pPr/{W}sectPr")
        if sect is None:
            continue
        size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        assert size is not None and margins is not None

        def twips(element: Any, name: str) -> int:
            return int(element.get(f"{W}{name}") or 0)

        width = twips(size, "w") - twips(margins, "left") - twips(margins, "right")
        out.extend((width, t) for t in pending)
        pending = []
    assert not pending, "a table after the last section properties"
    return out


def test_tables_fit_their_pages_and_rows_do_not_split(example: Path) -> None:
    path = example / "out" / "D1" / "comment-response.docx"
    tables = _sections_and_tables(zipfile.ZipFile(path).read("word/document.xml"))
    assert len(tables) > 20
    widths_seen = set()
    for width, table in tables:
        grid = [int(g.get(f"{W}w")) for g in table.findall(f"{W}tblGrid/{W}gridCol")]
        assert sum(grid) <= width, (sum(grid), width)
        widths_seen.add(width)
        rows = table.findall(f"{W}tr")
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    # Upright pages for the sections, a landscape section for the ISO appendix.
    assert len(widths_seen) == 2
    appendix_width, _appendix = tables[-1]
    assert appendix_width == max(widths_seen)
    # Narrow columns for ids and types, the room for the comment.
    comment_table = next(t for _, t in tables if "Place" in "".join(t.itertext())[:80])
    grid = [int(g.get(f"{W}w")) for g in comment_table.findall(f"{W}tblGrid/{W}gridCol")]
    assert grid[0] < grid[4] and grid[2] < grid[4]


def test_word_document_reads_like_a_published_one(example: Path) -> None:
    path = example / "out" / "D1" / "comment-response.docx"
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    # Title page from [publication].
    assert "National Procurement Agency (example)" in text and "NPA 2026/1234" in text
    # No keyword label as the summary of a point; bodies counted, private ones too.
    assert "Raised by 0 bodies" not in text
    assert not re.search(r"\bK\d+: ", text)
    # Statistics as comment-response documents print them.
    assert re.search(r"\d+ comments from \d+ bodies; Accepted \d+, Partially accepted \d+,", text)
    # Appendix: disposition and answer are separate paragraphs of the cell.
    appendix = document.tables[-1]
    cell = next(
        r.cells[7] for r in appendix.rows[1:] if r.cells[7].paragraphs[0].text == "Accepted"
    )
    assert [p.text for p in cell.paragraphs][:2] == ["Accepted", "Texten ändras."]
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
        footer = z.read("word/footer1.xml").decode()
        header = z.read("word/header1.xml").decode()
    assert "PAGE" in footer and "NUMPAGES" in footer and "Page " in footer
    assert "Version 1" in header
    # The chart's text alternative.
    assert re.search(r'descr="Bar chart[^"]*\d+ comments from \d+ bodies', xml)


@pytest.mark.libreoffice
def test_libreoffice_shows_contents_with_page_numbers(example: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed")
    source = example / "out" / "D1" / "comment-response.docx"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "comment-response.pdf"
    pages = (
        subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
        .stdout.decode("utf-8")
        .split("\f")
    )
    pages = [p for p in pages if p.strip()]
    n = len(pages)
    assert n > 8
    # "Page X of Y" on every page after the title page.
    for i, page in enumerate(pages[1:], start=2):
        assert f"Page {i} of {n}" in page
    # The contents: entries with dot leaders and the page each heading is really on.
    entries = re.findall(r"^\s*(\S.*?)\.{4,}\s*(\d+)\s*$", pages[1], flags=re.MULTILINE)
    assert len(entries) > 15
    checked = 0
    for title, number in entries:
        at = int(number)
        assert 2 <= at <= n
        lines = [line.strip() for line in pages[at - 1].splitlines()]
        if title.strip() in lines:
            checked += 1
    assert checked >= len(entries) - 2  # a heading may wrap onto two lines


# -- privacy through every path ---------------------------------------------------------

EMAIL = "anna.berg@exempel.se"
PHONE = "070-123 45 67"


def _private_project(tmp_path: Path) -> None:
    from . import docx_builders as b

    d = b.new_document()
    d.core_properties.title = "Vägledning om upphandling"
    b.number_headings(d)
    d.add_heading("Dialog", 1)
    d.add_paragraph("Upphandlare bör föra dialog med marknaden innan de upphandlar.")
    d.add_paragraph("Dialogen ska dokumenteras.")
    assert run_cli("draft", "import", b.save(d, tmp_path / "draft.docx")).exit_code == 0
    # Two private individuals (no organisation) send the same short comment: their
    # e-mail address and phone number, nothing else.
    files = []
    for n, extra in enumerate(("", "Tack för möjligheten att lämna synpunkter.\n")):
        private = tmp_path / f"private{n}.csv"
        private.write_text(
            f'Organisation,Section,Type,Comment\n,1,ge,"{EMAIL} {PHONE}"\n'
            + (f",1,ed,{extra}" if extra else ""),
            encoding="utf-8",
        )
        files.append(private)
    bodies = tmp_path / "bodies.csv"
    bodies.write_text(
        "Organisation,Section,Type,Comment\n"
        "Kommun A,1,te,Dialogen bör dokumenteras enligt en mall.\n"
        "Region B,1,te,Dokumentera dialogen med en mall.\n",
        encoding="utf-8",
    )
    files.append(bodies)
    assert run_cli("collect", *files, "--draft", "D1").exit_code == 0
    assert run_cli("cluster", "--draft", "D1").exit_code == 0


def _all_text(folder: Path) -> dict[str, str]:
    """Every file's text; for a zip (docx, xlsx) every member's."""
    out: dict[str, str] = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as z:
                for name in z.namelist():
                    out[f"{path.name}:{name}"] = z.read(name).decode("utf-8", "replace")
        else:
            out[path.name] = data.decode("utf-8", "replace")
    return out


def test_personal_data_reaches_no_published_file(tmp_path: Path) -> None:
    _private_project(tmp_path)
    internal, public = tmp_path / "internal", tmp_path / "public"
    assert run_cli("render", "D1", "--out", internal).exit_code == 0
    assert EMAIL in "".join(_all_text(internal).values())
    assert run_cli("render", "D1", "--out", public, "--publish").exit_code == 0
    texts = _all_text(public)
    assert any(name.startswith("comment-response.docx") for name in texts)
    for name, text in texts.items():
        if name.startswith("NOT-FOR-PUBLICATION"):
            assert EMAIL in text  # the list for a person to review, never published
            continue
        for piece in (EMAIL, "anna.berg", "exempel.se", PHONE, "123 45 67", "1234567"):
            assert piece not in text, (name, piece)
        assert not re.search(r"\b070\b", text), name
    html = texts["comment-response.html"]
    assert "[e-post borttagen]" in html and "[telefon borttagen]" in html


def test_a_user_template_gets_only_masked_values(tmp_path: Path) -> None:
    _private_project(tmp_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.md.j2").write_text(
        "{% for c in report.comments %}{{ c.text }}|{{ c.person }}|{{ c.organisation }}\n"
        "{% endfor %}{% for k in report.clusters %}{{ k.label }}|{{ k.title }}|"
        "{{ k.representative }}|{{ k.keywords | join(',') }}\n{% endfor %}"
        "{% for s in report.sections %}{% for p in s.points %}{% for c in p.comments %}"
        "{{ c.text }}{% endfor %}{% endfor %}{% endfor %}"
        "{{ report.masked | default('no originals here') }}",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    result = run_cli(
        "render", "D1", "--out", out, "--format", "md", "--publish", "--template-dir", mine
    )
    assert result.exit_code == 0, result.output
    text = (out / "comment-response.md").read_text(encoding="utf-8")
    assert "no originals here" in text and "[e-post borttagen]" in text
    for piece in (EMAIL, "anna.berg", "exempel.se", PHONE, "45 67"):
        assert piece not in text


def test_publish_over_an_internal_render_leaves_no_internal_file(tmp_path: Path) -> None:
    _private_project(tmp_path)
    out = tmp_path / "out"
    assert run_cli("render", "D1", "--out", out).exit_code == 0
    internal = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
    assert Path("review-copy.docx") in internal and any(p.parts[0] == "answers" for p in internal)
    (out / "notes.txt").write_text("an editor's own notes", encoding="utf-8")
    published = run_cli("render", "D1", "--out", out, "--publish", "--format", "html,md")
    assert published.exit_code == 0, published.output
    written = {Path(line).relative_to(out) for line in published.stdout.split()}
    left = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
    assert left - written == {Path("notes.txt"), Path(".guidefeedback-outputs")}
    assert not (out / "answers").exists()
    # Internal again over the published set: the review list goes too.
    assert (out / "NOT-FOR-PUBLICATION-masked-items.csv").is_file()
    assert run_cli("render", "D1", "--out", out, "--format", "md").exit_code == 0
    assert not (out / "NOT-FOR-PUBLICATION-masked-items.csv").exists()
    assert not (out / "comment-response.html").exists()
    assert (out / "notes.txt").is_file()


def test_publish_over_a_folder_from_before_manifests(tmp_path: Path) -> None:
    _private_project(tmp_path)
    out = tmp_path / "out"
    assert run_cli("render", "D1", "--out", out).exit_code == 0
    (out / ".guidefeedback-outputs").unlink()
    assert run_cli("render", "D1", "--out", out, "--publish", "--format", "md").exit_code == 0
    left = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert left == sorted(
        [".guidefeedback-outputs", "NOT-FOR-PUBLICATION-masked-items.csv", "comment-response.md"]
    )


# -- answer letters ---------------------------------------------------------------------


def test_swedish_letters_a_registry_would_send(example: Path) -> None:
    folder = example / "out" / "D3" / "answers"
    letters = sorted(folder.glob("*.docx"))
    assert letters
    seen_answer = False
    for path in letters:
        document = docx.Document(str(path))
        text = "\n".join(p.text for p in document.paragraphs)
        assert "National Procurement Agency (example)" in text  # sender block
        assert "Box 1234, 100 00 Stockholm" in text
        assert "Vår beteckning: NPA 2026/1234" in text
        assert re.search(r"Datum: \d{4}-\d{2}-\d{2}", text)
        assert "Era synpunkter på utkastet" in text  # subject
        assert "Er synpunkt på avsnitt" in text or "utkastet som helhet" in text
        assert "Med vänlig hälsning" in text and "Anna Lind" in text
        # No internal ids, no generator line, nothing in English.
        assert not re.search(r"\b[KCS]\d+\b", text), text
        assert "Generated by" not in text and "Your comment" not in text
        seen_answer |= "Vårt ställningstagande: Beaktad" in text and "Texten ändras." in text
    assert seen_answer


def test_private_individuals_are_bodies(tmp_path: Path) -> None:
    _private_project(tmp_path)
    out = tmp_path / "o"
    assert run_cli("render", "D1", "--out", out, "--publish", "--format", "docx").exit_code == 0
    text = "\n".join(p.text for p in docx.Document(str(out / "comment-response.docx")).paragraphs)
    assert "0 remissinstanser" not in text
    assert "Privatperson" in text
    # Two private individuals, two letters.
    assert len(list((out / "answers").glob("Privatperson*.docx"))) == 2


def test_places_in_letters_read_as_words_in_both_languages() -> None:
    from guidefeedback.render.letters import place_in_words
    from guidefeedback.responses import labels

    en, sv = labels()["en"]["letter"], labels()["sv"]["letter"]
    assert place_in_words("3.2¶4 fn2", en) == "section 3.2, paragraph 4, footnote 2"
    assert place_in_words("3.2", sv) == "avsnitt 3.2"
    assert place_in_words("A.1¶2", sv) == "avsnitt A.1, stycke 2"
    # A general comment has no place (readers store none): the draft as a whole.
    assert place_in_words("", sv) == "utkastet som helhet"
    assert place_in_words("", en) == "the draft as a whole"
    # A named part of the draft reads as its name.
    assert place_in_words("Förord", sv) == "Förord"
