"""Every output opened and read back: Word tables, headings, review comments, HTML, CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from lxml import etree

from guidefeedback.model import Comment, LocateMethod, Location, Submission
from guidefeedback.records import ClusterRecord, PartRef
from guidefeedback.store import open_store

from . import docx_builders as b
from .conftest import run_cli

HOSTILE = "<script>alert('x')</script> {{ 7*7 }} {% raw %} =HYPERLINK(\"http://evil\")"


def _draft_file(path: Path) -> Path:
    d = b.new_document()
    d.core_properties.title = "Guidance on buying innovation"
    b.number_headings(d)
    d.add_heading("Capacity", 1)
    d.add_paragraph("Buyers should talk to the market before they buy.")
    d.add_heading("Training", 2)
    d.add_paragraph("Every buyer needs training in innovation procurement.")
    d.add_heading("Funding", 1)
    d.add_paragraph("Funding comes from national and EU programmes.")
    return b.save(d, path)


def _project(tmp_path: Path, db_path: Path) -> dict[str, Any]:
    """A real imported draft, three submissions (one private, one joint), two clusters."""
    assert run_cli("draft", "import", _draft_file(tmp_path / "draft.docx")).exit_code == 0
    store = open_store(db_path)
    units = {u.locator: u.seq for u in store.units(1)}
    Row = tuple[str, str, int | None, str | None]
    submissions: list[tuple[str | None, bool, list[Row]]] = [
        (
            "Agency A",
            True,
            [
                ("Explain market dialogue with an example.", "1", units["1¶1"], "=1+1"),
                (HOSTILE, "1.1", units["1.1¶1"], None),
            ],
        ),
        (
            None,
            False,
            [("Call me on +46 70-123 45 67 or jane.doe@example.org.", "2", units["2¶1"], None)],
        ),
        ("Buyers' network", True, [("Training budgets are missing.", "1.1", units["1.1¶1"], None)]),
        ("Region B", False, [("A point about a section we cannot find.", "9.9", None, None)]),
    ]
    for n, (org, consent, rows) in enumerate(submissions, start=1):
        comments = tuple(
            Comment(i, f"line {i + 1}", text, section=section, author="Jane Doe", proposed=proposed)
            for i, (text, section, _, proposed) in enumerate(rows, start=1)
        )
        sub = Submission(
            f"{n}.csv",
            # The real digest of the stored bytes: an archive of this project is checked.
            hashlib.sha256(str(n).encode()).hexdigest(),
            "csv",
            comments,
            organisation=org,
            publish_names=consent,
            signatories=("Town X", "Town Y") if org == "Buyers' network" else (),
        )
        locations = [
            Location(seq, LocateMethod.SECTION)
            if seq
            else Location(None, LocateMethod.GENERAL, "no such section")
            for _, _, seq, _ in rows
        ]
        store.add_submission(1, sub, locations, content=str(n).encode())
    ids = [c.id for c in store.list_comments(draft_id=1)]
    saved = store.save_analysis(
        1,
        clusters=[
            ClusterRecord(
                (PartRef(ids[0]), PartRef(ids[1]), PartRef(ids[3])),
                "market dialogue training",
                ids[0],
                ("1", "1.1"),
                ("Agency A", "Buyers' network"),
                3,
                {"te": 3},
            ),
            ClusterRecord(
                (PartRef(ids[2]), PartRef(ids[4])), "funding", ids[2], ("2",), ("Region B",), 2, {}
            ),
        ],
        reuse_ids=[None, None],
        campaigns=[],
        threshold=0.5,
        model=None,
        seconds=0.0,
        comment_count=5,
    )
    store.close()
    k1 = saved.cluster_ids[0]
    assert (
        run_cli("respond", "set", f"K{k1}", "-d", "accepted", "-a", "We add an example.").exit_code
        == 0
    )
    return {"ids": ids, "k1": k1, "units": units}


@pytest.fixture
def rendered(tmp_path: Path, db_path: Path) -> tuple[Path, dict[str, Any]]:
    info = _project(tmp_path, db_path)
    out = tmp_path / "out"
    result = run_cli("render", "D1", "--out", out)
    assert result.exit_code == 0, result.output
    return out, info


def _cell_texts(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_docx_headings_and_tables_match_the_store(rendered: tuple[Path, dict[str, Any]]) -> None:
    out, info = rendered
    document = docx.Document(str(out / "comment-response.docx"))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and str(p.style.name).startswith("Heading")
    ]
    assert "1 Capacity" in headings and "1.1 Training" in headings and "2 Funding" in headings
    assert (
        headings.index("1 Capacity") < headings.index("1.1 Training") < headings.index("2 Funding")
    )
    appendix = _cell_texts(document.tables[-1])
    assert appendix[0][0] == "MB/NC"
    assert [row[5].split(":")[0] for row in appendix[1:]] == [f"C{i}" for i in info["ids"]]
    # Header rows repeat on every page.
    first_row = document.tables[-1].rows[0]._tr
    assert first_row.find(".//{*}tblHeader") is not None
    # The section tables hold exactly the comments located there.
    section_ids = {
        row[0]
        for table in document.tables[:-1]
        for row in _cell_texts(table)[1:]
        if row[0].startswith("C")
    }
    assert section_ids == {f"C{i}" for i in info["ids"]}
    body = "\n".join(p.text for p in document.paragraphs)
    # A point is headed by a sentence of its representative comment, not by its keywords.
    assert "Explain market dialogue with an example." in body
    assert "market dialogue training" not in body
    assert "Accepted. We add an example." in body
    # The private individual and Region B raised the second point: two bodies.
    assert "Raised by 2 bodies: Region B; Private individual" in body
    # The table of contents is written out, each entry's page a PAGEREF to its heading.
    xml = zipfile.ZipFile(out / "comment-response.docx").read("word/document.xml").decode()
    assert '<w:docPartGallery w:val="Table of Contents"/>' in xml
    bookmarks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"', xml))
    refs = re.findall(r"PAGEREF (_Toc\d+) \\h", xml)
    assert len(refs) >= 5 and set(refs) <= bookmarks
    assert "word/media/" in " ".join(zipfile.ZipFile(out / "comment-response.docx").namelist())


def test_review_copy_has_one_comment_per_located_comment(
    rendered: tuple[Path, dict[str, Any]],
) -> None:
    out, _ = rendered
    with zipfile.ZipFile(out / "review-copy.docx") as z:
        comments = etree.fromstring(z.read("word/comments.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    found = comments.findall(f"{w}comment")
    assert len(found) == 4  # the fifth comment was not located
    authors = sorted(str(c.get(f"{w}author")) for c in found)
    assert authors == ["Agency A", "Agency A", "Buyers' network", "Private individual"]
    # Each comment's range sits in the paragraph of its unit.
    for comment in found:
        cid = comment.get(f"{w}id")
        start = body.find(f".//{w}commentRangeStart[@{w}id='{cid}']")
        assert start is not None
        paragraph = start.getparent()
        assert paragraph is not None
        text = "".join(str(t) for t in paragraph.itertext())
        first = "".join(str(t) for t in comment.itertext())
        if "Training budgets" in first or "alert" in first:
            assert text.startswith("Every buyer needs training")
        elif "market dialogue" in first:
            assert text.startswith("Buyers should talk")


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_escaped_and_accessible(rendered: tuple[Path, dict[str, Any]]) -> None:
    out, _ = rendered
    html = (out / "comment-response.html").read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(html)
    assert "script" not in parser.tags
    assert HOSTILE in "".join(parser.text)  # shown as text, exactly
    assert '<html lang="en">' in html
    assert parser.tags.count("h1") == 1 and "caption" in parser.tags and "nav" in parser.tags
    md = (out / "comment-response.md").read_text(encoding="utf-8")
    assert "\\{\\{ 7\\*7 \\}\\}" in md and "<script>" not in md


def test_matrix_has_no_live_formula(rendered: tuple[Path, dict[str, Any]]) -> None:
    out, info = rendered
    raw = (out / "comment-matrix.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "MB/NC",
        "Line",
        "Clause/Subclause",
        "Paragraph/Figure/Table",
        "Type",
        "Comment",
        "Proposed change",
        "Observations of the secretariat",
    ]
    assert len(rows) == 1 + len(info["ids"])
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))
    assert "'=1+1" in rows[1]
    ws = openpyxl.load_workbook(out / "comment-matrix.xlsx").active
    assert ws is not None
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "'=1+1" in values
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_answer_letter_per_organisation(rendered: tuple[Path, dict[str, Any]]) -> None:
    out, _info = rendered
    letters = sorted(p.name for p in (out / "answers").iterdir())
    assert letters == [
        "Agency-A.docx",
        "Buyers-network.docx",
        "Private-individual.docx",
        "Region-B.docx",
    ]
    paragraphs = [p.text for p in docx.Document(str(out / "answers" / "Agency-A.docx")).paragraphs]
    text = "\n".join(paragraphs)
    # Per comment: the place in words, the comment, the decision and the answer.
    assert "Your comment on section 1, paragraph 1" in paragraphs
    assert "Explain market dialogue with an example." in paragraphs
    assert "Our decision: Accepted" in paragraphs and "Our answer: We add an example." in text
    # The recipient never saw our ids, and no generator line ends the letter.
    assert not re.search(r"\b[KCS]\d+\b", text) and "Generated by" not in text
    assert "Yours sincerely" in text


def test_publish_masks_personal_data_and_hides_names(tmp_path: Path, db_path: Path) -> None:
    _project(tmp_path, db_path)
    internal, public = tmp_path / "internal", tmp_path / "public"
    assert run_cli("render", "D1", "--out", internal, "--format", "html,csv").exit_code == 0
    assert (
        run_cli("render", "D1", "--out", public, "--publish", "--format", "html,csv").exit_code == 0
    )
    inside = (internal / "comment-response.html").read_text(encoding="utf-8")
    outside = (public / "comment-response.html").read_text(encoding="utf-8")
    assert "jane.doe@example.org" in inside and "+46 70-123 45 67" in inside
    assert "jane.doe@example.org" not in outside and "+46 70-123 45 67" not in outside
    assert "[e-mail removed]" in outside
    # Jane Doe agreed for Agency A only: her name is shown there and nowhere else.
    assert outside.count("Jane Doe") == 3  # Agency A (2 comments) and the joint network
    assert "Jane Doe" not in (public / "comment-matrix.csv").read_text(encoding="utf-8-sig")
    masked = (public / "NOT-FOR-PUBLICATION-masked-items.csv").read_text(encoding="utf-8-sig")
    assert "jane.doe@example.org" in masked


def test_swedish_labels(tmp_path: Path, db_path: Path) -> None:
    _project(tmp_path, db_path)
    out = tmp_path / "sv"
    assert run_cli("render", "D1", "--out", out, "--lang", "sv", "--format", "md").exit_code == 0
    md = (out / "comment-response.md").read_text(encoding="utf-8")
    assert md.startswith("# Remissammanställning")
    assert "**Beaktad.**" in md and "Synpunkter och ställningstaganden per kapitel" in md


def test_user_template_overrides_ours_in_the_sandbox(tmp_path: Path, db_path: Path) -> None:
    _project(tmp_path, db_path)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.md.j2").write_text(
        "Custom {{ report.title }} {{ report.comments | length }}\n", encoding="utf-8"
    )
    (mine / "report.html.j2").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8"
    )
    out = tmp_path / "o"
    ok = run_cli("render", "D1", "--out", out, "--format", "md", "--template-dir", mine)
    assert ok.exit_code == 0, ok.output
    assert (out / "comment-response.md").read_text() == "Custom Guidance on buying innovation 5\n"
    bad = run_cli("render", "D1", "--out", out, "--format", "html", "--template-dir", mine)
    assert bad.exit_code != 0
    assert not (out / "comment-response.html").exists()


def test_failed_render_keeps_previous_outputs(tmp_path: Path, db_path: Path) -> None:
    _project(tmp_path, db_path)
    out = tmp_path / "o"
    assert run_cli("render", "D1", "--out", out, "--format", "md").exit_code == 0
    before = (out / "comment-response.md").read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "report.md.j2").write_text("{{ no_such_variable.x }}", encoding="utf-8")
    assert run_cli(
        "render", "D1", "--out", out, "--format", "md", "--template-dir", broken
    ).exit_code
    assert (out / "comment-response.md").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".render-")]


@pytest.mark.libreoffice
def test_word_outputs_open_in_libreoffice(
    rendered: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out, _ = rendered
    pdf = tmp_path / "pdf"
    files = [
        out / "comment-response.docx",
        out / "review-copy.docx",
        out / "answers" / "Agency-A.docx",
    ]
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf),
            *map(str, files),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for f in files:
        produced = pdf / (f.stem + ".pdf")
        assert produced.exists() and produced.read_bytes().startswith(b"%PDF")
