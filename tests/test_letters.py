"""Letters, PDF, OpenDocument and e-mail: the example letters read as expected, and what we
read agrees with independent readers (LibreOffice's own PDF and .odt export, pdftotext).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from guidefeedback.cli import cli
from guidefeedback.drafts import read_draft
from guidefeedback.errors import RefusedFile
from guidefeedback.intake import read_submission
from guidefeedback.intake.letter import Block, iso_date, place_in, read_letter, reference_in
from guidefeedback.intake.mail import clean_body
from guidefeedback.locate import Locator
from guidefeedback.model import CommentType, Submission

from .conftest import COMMENTS, DRAFTS

DATA = Path(__file__).resolve().parent / "data"
LIBREOFFICE_PDF = DATA / "norrbacka-kommun-remissvar-libreoffice.pdf"
LETTER_DOCX = COMMENTS / "sv" / "norrbacka-kommun-remissvar.docx"
EXPECTED: dict[str, dict[str, Any]] = {
    name: info
    for name, info in json.loads((COMMENTS / "expected.json").read_text(encoding="utf-8"))[
        "files"
    ].items()
    if "letter" in info
}
DRAFT_FILES = {
    "en-v1": DRAFTS / "innovation-procurement-guidance-v1.docx",
    "sv": DRAFTS / "innovationsupphandling-vagledning-sv.docx",
}


@pytest.fixture(scope="module")
def locators() -> dict[str, Locator]:
    return {key: Locator(read_draft(path).units) for key, path in DRAFT_FILES.items()}


def _shape(sub: Submission) -> list[tuple[list[str], str | None, str | None, str | None]]:
    """What a reader must agree on: each comment's paragraphs (a long comment is clustered
    paragraph by paragraph, so a line wrap read as a paragraph break matters) and the
    places it names."""
    return [
        (
            [" ".join(p.split()) for p in re.split(r"\n\s*\n", c.text)],
            c.section,
            c.page,
            c.table_ref,
        )
        for c in sub.comments
    ]


def test_every_letter_format_has_an_example() -> None:
    formats = {info["format"] for info in EXPECTED.values()}
    assert formats == {"letter-docx", "letter-pdf", "letter-odt", "letter-text", "eml"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_letter_details(name: str, locators: dict[str, Locator]) -> None:
    info = EXPECTED[name]
    letter = info["letter"]
    sub = read_submission(COMMENTS / name)
    assert sub.split.endswith(letter["split"]) or letter["split"] in sub.split
    assert sub.received == letter["date"]
    assert sub.reference == letter["reference"]
    assert sub.signatory == letter["signatory"]
    if "email" in letter:
        assert sub.email == letter["email"]
    locator = locators[info["draft"]]
    for position, reason in letter["unlocated"].items():
        loc = locator.locate(sub.comments[int(position) - 1])
        assert loc.unit_seq is None and reason in loc.reason, (position, loc)
    for position, page in letter["pages"].items():
        assert sub.comments[int(position) - 1].page == page
    with_proposal = {str(c.position) for c in sub.comments if c.proposed}
    assert with_proposal == set(letter["proposed"])
    for c in sub.comments:
        # The proposal is copied from the text, never invented.
        assert c.proposed is None or c.proposed in " ".join(c.text.split())
        # Letterhead, preamble and signature are not comments.
        assert letter["signatory"] is None or letter["signatory"] not in c.text
        assert "beretts tillfälle" not in c.text and "welcomes the opportunity" not in c.text


def test_pdf_and_docx_of_one_letter_give_the_same_comments() -> None:
    docx_sub = read_submission(LETTER_DOCX)
    ours = read_submission(COMMENTS / "sv" / "norrbacka-kommun-remissvar.pdf")
    libreoffice = read_submission(LIBREOFFICE_PDF)
    assert _shape(ours) == _shape(docx_sub)
    assert _shape(libreoffice) == _shape(docx_sub)
    for sub in (docx_sub, ours, libreoffice):
        assert (sub.organisation, sub.received, sub.reference, sub.signatory) == (
            "Norrbacka kommun",
            "2026-11-20",
            "KS 2026/0457",
            "Anna Lindqvist",
        )
    # LibreOffice's PDF runs over two pages; the part on page 2 says so.
    assert [c.source for c in libreoffice.comments][-1].endswith("page 2")


def _pdftotext(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return " ".join(done.stdout.replace("-\n", "").split())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
@pytest.mark.parametrize(
    "path",
    [
        LIBREOFFICE_PDF,
        COMMENTS / "sv" / "norrbacka-kommun-remissvar.pdf",
        COMMENTS / "en-v1" / "cleantech-suppliers-position-paper.pdf",
    ],
    ids=lambda p: p.name,
)
def test_pdftotext_finds_every_word_we_read(path: Path) -> None:
    poppler = _pdftotext(path)
    for comment in read_submission(path).comments:
        for sentence in re.split(r"(?<=[.!?])\s+", " ".join(comment.text.split())):
            assert sentence in poppler, sentence


@pytest.fixture(scope="module")
def libreoffice_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("soffice (LibreOffice) not installed")
    out = tmp_path_factory.mktemp("lo")
    profile = out / "profile"

    def convert(fmt: str, *files: Path) -> None:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(out),
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )

    convert(
        "odt",
        LETTER_DOCX,
        COMMENTS / "en-v1" / "procurement-agency-iso.docx",
        COMMENTS / "en-v1" / "innovation-agency-reviewed-draft.docx",
    )
    convert("pdf", LETTER_DOCX)
    convert("ods", COMMENTS / "en-v1" / "supplier-federation.xlsx")
    return out


@pytest.mark.libreoffice
def test_libreoffice_pdf_of_the_letter_reads_like_the_docx(libreoffice_out: Path) -> None:
    fresh = read_submission(libreoffice_out / "norrbacka-kommun-remissvar.pdf")
    assert _shape(fresh) == _shape(read_submission(LETTER_DOCX))


@pytest.mark.libreoffice
def test_libreoffice_odt_of_the_letter_reads_like_the_docx(libreoffice_out: Path) -> None:
    odt = read_submission(libreoffice_out / "norrbacka-kommun-remissvar.odt")
    assert odt.format == "letter-odt"
    assert _shape(odt) == _shape(read_submission(LETTER_DOCX))
    assert (odt.reference, odt.signatory) == ("KS 2026/0457", "Anna Lindqvist")


@pytest.mark.libreoffice
def test_odt_comment_form_reads_like_the_docx(libreoffice_out: Path) -> None:
    docx_sub = read_submission(COMMENTS / "en-v1" / "procurement-agency-iso.docx")
    odt = read_submission(libreoffice_out / "procurement-agency-iso.odt")
    assert odt.format == "odt-form-iso"
    assert odt.organisation == docx_sub.organisation
    assert [(c.section, c.text, c.proposed) for c in odt.comments] == [
        (c.section, c.text, c.proposed) for c in docx_sub.comments
    ]


@pytest.mark.libreoffice
def test_odt_annotations_are_review_comments(libreoffice_out: Path) -> None:
    docx_sub = read_submission(
        COMMENTS / "en-v1" / "innovation-agency-reviewed-draft.docx", organisation="NIA"
    )
    odt = read_submission(
        libreoffice_out / "innovation-agency-reviewed-draft.odt", organisation="NIA"
    )
    assert odt.format == "odt-review"
    word_comments = [c for c in docx_sub.comments if c.kind == "review_comment"]
    assert [c.text for c in odt.comments] == [c.text for c in word_comments]
    assert [c.author for c in odt.comments] == [c.author for c in word_comments]
    locator = Locator(read_draft(DRAFT_FILES["en-v1"]).units)
    assert [locator.locate(c).unit_seq for c in odt.comments] == [
        locator.locate(c).unit_seq for c in word_comments
    ]


@pytest.mark.libreoffice
def test_ods_sheet_reads_like_the_xlsx(libreoffice_out: Path) -> None:
    made = libreoffice_out / "supplier-federation.ods"
    if not made.exists():
        # soffice without its Calc part converts Word files but no spreadsheet.
        pytest.skip("LibreOffice Calc not installed (libreoffice-calc-nogui): no .ods made")
    xlsx = read_submission(COMMENTS / "en-v1" / "supplier-federation.xlsx")
    ods = read_submission(made)
    assert ods.format == "ods"
    assert [(c.section, c.type, c.text) for c in ods.comments] == [
        (c.section, c.type, c.text) for c in xlsx.comments
    ]


# -- e-mail ------------------------------------------------------------------------------


def test_the_email_attachment_is_the_letter_and_the_rest_is_dropped() -> None:
    sub = read_submission(COMMENTS / "sv" / "skogsbygdens-kommun-epost.eml")
    text = " ".join(c.text for c in sub.comments)
    assert "Bifogat finns" not in text  # the covering note
    assert "sekretess" not in text  # the disclaimer
    assert "Härmed översänds" not in text  # the quoted earlier message
    assert all(c.source.startswith("remissvar-KLK-2026-311.pdf: ") for c in sub.comments)
    assert sub.email == "karin.berg@skogsbygden.example.se"


def _mail(tmp_path: Path, body: str, *, html: str | None = None, attach: Any = None) -> Path:
    msg = EmailMessage()
    msg["From"] = "Per Holm <per.holm@lakeport.example.org>"
    msg["To"] = "consultation@agency.example.org"
    msg["Subject"] = "Comments on the draft guidance"
    msg["Date"] = "Mon, 30 Nov 2026 09:00:00 +0000"
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    if attach is not None:
        attach(msg)
    path = tmp_path / "mail.eml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


def test_email_body_is_a_letter_without_quotes_and_disclaimers(tmp_path: Path) -> None:
    body = (
        "Dear colleagues,\n\n"
        "The City of Lakeport welcomes the opportunity to comment on the draft.\n\n"
        "Section 3.3 should say that market dialogue must be documented so that every\n"
        "supplier is treated equally, whatever its size.\n\n"
        "On page 14 the text on joint procurement is unclear and should be reworded.\n\n"
        "Best regards,\nPer Holm\nCity of Lakeport\n\n"
        "This e-mail and any attachments are confidential and intended solely for the\n"
        "addressee.\n\n"
        "On Mon, 2 Nov 2026 at 10:00, Agency <consultation@agency.example.org> wrote:\n"
        "> Please send your comments by 30 November.\n"
    )
    sub = read_submission(_mail(tmp_path, body))
    assert sub.format == "eml"
    assert sub.organisation == "City of Lakeport"
    assert [(c.section, c.page) for c in sub.comments] == [("Section 3.3", None), (None, "14")]
    assert sub.comments[0].text.startswith("Section 3.3 should say")
    assert "whatever its size." in sub.comments[0].text  # wrapped lines joined again
    text = " ".join(c.text for c in sub.comments)
    assert "confidential" not in text and "Please send" not in text and "Per Holm" not in text
    assert (sub.email, sub.contact, sub.signatory) == (
        "per.holm@lakeport.example.org",
        "Per Holm",
        "Per Holm",
    )
    assert sub.received == "2026-11-30"


def test_html_only_email(tmp_path: Path) -> None:
    msg = EmailMessage()
    msg["From"] = "Region Norrsund <registrator@norrsund.example.se>"
    msg["Subject"] = "Remissvar"
    msg["Date"] = "Mon, 30 Nov 2026 09:00:00 +0000"
    msg.set_content(
        "<html><body><p>Region Norrsund</p><h2>Avsnitt 3.3 Marknadsdialog</h2>"
        "<p>Marknadsdialogen bör dokumenteras så att alla leverantörer behandlas lika.</p>"
        "<blockquote>Tidigare meddelande som citeras.</blockquote></body></html>",
        subtype="html",
    )
    path = tmp_path / "html.eml"
    path.write_bytes(msg.as_bytes(policy=SMTP))
    sub = read_submission(path)
    assert [(c.section, c.text) for c in sub.comments] == [
        (
            "Avsnitt 3.3",
            "Marknadsdialogen bör dokumenteras så att alla leverantörer behandlas lika.",
        )
    ]
    assert sub.organisation == "Region Norrsund"


def test_an_attached_comment_form_is_read_as_a_form(tmp_path: Path) -> None:
    form = COMMENTS / "en-v1" / "procurement-agency-iso.docx"

    def attach(msg: EmailMessage) -> None:
        msg.add_attachment(
            form.read_bytes(),
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
            filename=form.name,
        )
        msg.add_attachment(b"\x89PNG\r\n", maintype="image", subtype="png", filename="logo.png")

    path = _mail(tmp_path, "See the attached form.", attach=attach)
    sub = read_submission(path)
    direct = read_submission(form)
    assert [c.text for c in sub.comments] == [c.text for c in direct.comments]
    assert sub.organisation == direct.organisation
    assert any("logo.png" in p.message and "not read" in p.message for p in sub.problems)


def test_clean_body_drops_outlook_quotes() -> None:
    own, _ = clean_body(
        "Vi har inga fler synpunkter.\n\nFrån: Registrator\nSkickat: den 2 november 2026\n"
        "Till: Kommunen\nÄmne: Remiss\n\nHärmed översänds remissen."
    )
    assert own == "Vi har inga fler synpunkter."


def test_outlook_msg_is_refused_with_save_as_eml(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    ole += "__substg1.0_0037001F".encode("utf-16-le") + bytes(2000)
    path = tmp_path / "remissvar.msg"
    path.write_bytes(ole)
    with pytest.raises(RefusedFile, match=r"Outlook message \(\.msg\).*\.eml"):
        read_submission(path)


# -- the letter rules on their own ----------------------------------------------------------


def test_places_named_in_letters() -> None:
    assert place_in("Avsnitt 3.2 Utbildning").section == "Avsnitt 3.2"
    assert place_in("Synpunkter på avsnitt 4.1").section == "avsnitt 4.1"
    assert place_in("3.2 Title").section == "3.2"
    assert place_in("I kapitel 5 saknas").section == "kapitel 5"
    assert place_in("punkt 4.1 bör strykas").section == "punkt 4.1"
    assert place_in("Bilaga A saknar").section == "Bilaga A"
    assert place_in("see Annex A.").section == "Annex A"
    assert place_in("På s. 14 står").page == "14"
    assert place_in("on page 14 the").page == "14"
    assert place_in("Tabell 1 saknar").table == "Tabell 1"
    assert place_in("Table 1 lists").table == "Table 1"
    assert not place_in("Vi har inga synpunkter.")


def test_dates_and_references() -> None:
    assert iso_date("Stockholm den 15 december 2017") == "2017-12-15"
    assert iso_date("December 15, 2017") == "2017-12-15"
    assert iso_date("2017-12-15") == "2017-12-15"
    assert reference_in("Dnr 2017/1234") == "2017/1234"
    assert reference_in("Vår beteckning: RS 2026-0099") == "RS 2026-0099"
    assert reference_in("Er beteckning: Fi2017/04321") is None  # the ministry's, not theirs


def test_letter_without_structure_gives_one_comment_per_paragraph() -> None:
    blocks = [
        Block("Ålstads kommun", "p1"),
        Block("Kommunen anser att vägledningen är bra och tydlig i de flesta delar.", "p2"),
        Block("Kommunen saknar dock exempel från mindre kommuner i hela texten.", "p3"),
        Block("Med vänlig hälsning", "p4"),
        Block("Eva Ek", "p5"),
    ]
    letter = read_letter(blocks, default_language="sv")
    assert letter.split == "paragraphs"
    assert [c.text[:14] for c in letter.comments] == ["Kommunen anser", "Kommunen sakna"]
    assert (letter.organisation, letter.signatory) == ("Ålstads kommun", "Eva Ek")


def test_plain_text_remissvar_is_a_letter_not_a_one_column_table(tmp_path: Path) -> None:
    # "Yttrande över …" starts like the header "Yttrande" of a comment column: the
    # subject line below the letterhead must not turn the letter into a one-column sheet.
    path = tmp_path / "remissvar.txt"
    path.write_text(
        "Kommun 0007\n\nDnr KS 2026/0007\n\n2026-11-20\n\nYttrande över vägledningen\n\n"
        "Kommun 0007 har beretts tillfälle att yttra sig och lämnar följande synpunkter.\n\n"
        "Avsnitt 3.2 Utbildning\n\nUtbildningen behöver finansieras av staten enligt vår"
        " bedömning, och kommunerna behöver stöd.\n\nMed vänlig hälsning\n\nAnna Berg\n",
        encoding="utf-8",
    )
    sub = read_submission(path)
    assert sub.format == "letter-text"
    assert (sub.organisation, sub.reference, sub.signatory) == (
        "Kommun 0007",
        "KS 2026/0007",
        "Anna Berg",
    )
    assert [c.section for c in sub.comments] == ["Avsnitt 3.2"]
    # A one-column export with its own header wording stays a sheet.
    sheet = tmp_path / "export.csv"
    sheet.write_text(
        "Synpunkt\nVägledningen är bra men borde vara kortare eftersom få hinner läsa den.\n"
        "Avsnitt 3.2 saknar exempel från mindre kommuner och borde kompletteras med sådana.\n",
        encoding="utf-8",
    )
    assert read_submission(sheet).format == "csv"


def test_paragraphs_under_one_heading_make_one_comment() -> None:
    blocks = [
        Block("Remissvar: vägledningen", "p1"),
        Block("Allmänna synpunkter", "p2", heading=True),
        Block("Vägledningen är bra och tydlig för de flesta upphandlare i landet.", "p3"),
        Block("Den borde ändå vara kortare, eftersom få hinner läsa hela texten.", "p4"),
        Block("Avsnitt 3.2", "p5", heading=True),
        Block("Utbildningen behöver finansieras av staten enligt vår bedömning.", "p6"),
    ]
    letter = read_letter(blocks, default_language="sv")
    assert len(letter.comments) == 2
    assert letter.comments[0].text.count("\n\n") == 1
    general, placed = letter.comments
    # The general part is on the draft as a whole: no section of its own (a literal
    # "General" would be printed as a place), its heading kept as written.
    assert (general.section, general.type) == (None, CommentType.GENERAL)
    assert general.extra == {"heading": "Allmänna synpunkter"}
    assert placed.section == "Avsnitt 3.2"


# -- through the command line -----------------------------------------------------------------


def test_check_shows_how_a_letter_was_split(db_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["draft", "import", str(DRAFT_FILES["sv"])]).exit_code == 0
    result = runner.invoke(cli, ["check", str(LETTER_DOCX), "--draft", "D1"])
    out = result.output  # a Swedish letter on a Swedish draft is answered in Swedish
    assert "letter-docx, 6 synpunkter från Norrbacka kommun" in out
    assert "brev: uppdelat efter rubriker; daterat 2026-11-20; diarienummer KS 2026/0457" in out
    assert "undertecknat av Anna Lindqvist (en person: publiceras inte utan samtycke)" in out
    assert 'under "Avsnitt 3.2 Utbildning för upphandlare"  ->  3.2 (genom avsnitt)' in out
    assert 'under "Uppföljning och indikatorer"  ->  5¶4 (genom tabell)' in out
    assert "sidan 14 kan inte placeras: utkastets sidnummer är inte kända; ange avsnittet" in out
    assert "add the section" not in out
    assert runner.invoke(cli, ["draft", "import", str(DRAFT_FILES["en-v1"])]).exit_code == 0
    paper = COMMENTS / "en-v1" / "cleantech-suppliers-position-paper.pdf"
    out = runner.invoke(cli, ["check", str(paper), "--draft", "D2"]).output
    assert "letter: split at headings; dated 2026-11-25; reference ECSA/2026/114" in out
    assert 'under "Specific comments", page 1  ->  3.3 (by section)' in out
    result = runner.invoke(cli, ["check", str(LETTER_DOCX), "--draft", "D1", "--json"])
    data = json.loads(result.output)
    assert data["letter"]["signatory"] == "Anna Lindqvist"
    assert [c["locator"] for c in data["comments"]] == [None, "3.2", "4", "3.3", "5¶4", None]


def test_collected_letter_keeps_details_and_publishes_no_signatory(
    db_path: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    import sqlite3

    assert runner.invoke(cli, ["draft", "import", str(DRAFT_FILES["sv"])]).exit_code == 0
    eml = COMMENTS / "sv" / "skogsbygdens-kommun-epost.eml"
    result = runner.invoke(cli, ["collect", str(LETTER_DOCX), str(eml), "--draft", "D1"])
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(db_path)
    rows = con.execute(
        "select organisation, signatory, reference, received, email from submissions order by id"
    ).fetchall()
    con.close()
    assert rows == [
        ("Norrbacka kommun", "Anna Lindqvist", "KS 2026/0457", "2026-11-20", None),
        (
            "Skogsbygdens kommun",
            "Karin Berg",
            "KLK 2026/311",
            "2026-11-26",
            "karin.berg@skogsbygden.example.se",
        ),
    ]
    out = tmp_path / "out"
    result = runner.invoke(
        cli, ["render", "D1", "--out", str(out), "--format", "html,md,csv", "--publish"]
    )
    assert result.exit_code == 0, result.output
    published = " ".join(
        p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.is_file() and p.suffix in (".html", ".md", ".csv") and "NOT-FOR" not in p.name
    )
    assert "Norrbacka kommun" in published
    for private in ("Anna Lindqvist", "Karin Berg", "karin.berg@", "Erik Holm"):
        assert private not in published, private


def test_an_odt_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0"><office:body><office:text/></office:body></office:document-content>',
        )
    with pytest.raises(RefusedFile, match="no comment table found"):
        read_submission(path)


def _published_answer_letter(submission: Path, body: str, out: Path) -> str:
    """Collect one submission on the Swedish draft, render with --publish, and return the
    text of the answer letter to ``body`` (its words, one space apart)."""
    from .conftest import run_cli

    assert run_cli("draft", "import", DRAFT_FILES["sv"]).exit_code == 0
    assert run_cli("collect", submission, "--draft", "D1").exit_code == 0
    result = run_cli("render", "D1", "--out", out, "--format", "docx", "--publish")
    assert result.exit_code == 0, result.output
    (letter,) = [p for p in (out / "answers").glob("*.docx") if body in p.name]
    with zipfile.ZipFile(letter) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", xml).split())


def test_answer_letter_quotes_their_reference_and_not_their_signatory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    text = _published_answer_letter(LETTER_DOCX, "Norrbacka", out)
    # The body's own diarienummer from its letterhead, beside ours ("Er beteckning").
    assert "Er beteckning" in text and "KS 2026/0457" in text
    assert "Anna Lindqvist" not in text
    # Their "Allmänna synpunkter" is answered as a comment on the draft as a whole.
    assert "Er synpunkt på utkastet som helhet" in text
    assert "General" not in text
    # The report's table gives it no place either (its Avsnitt cell is empty, not "General").
    import docx

    rows = [
        [cell.text for cell in row.cells]
        for table in docx.Document(str(out / "comment-response.docx")).tables
        for row in table.rows
    ]
    header = next(r for r in rows if r[:4] == ["ID", "Organisation", "Typ", "Avsnitt"])
    general = next(r for r in rows if r[0] == "C1" and r[1] == "Norrbacka kommun")
    assert (general[2], general[header.index("Avsnitt")]) == ("ge", "")
    assert not any("General" in cell for r in rows for cell in r)


def test_an_email_naming_no_body_takes_the_body_its_domain_is_an_alias_of(
    db_path: Path, tmp_path: Path
) -> None:
    from guidefeedback.store import open_store

    from .conftest import run_cli

    message = EmailMessage()
    message["From"] = "Karin Berg <karin.berg@bygden.example.se>"
    message["To"] = "remiss@npa.example"
    message["Subject"] = "Synpunkter"
    message["Date"] = "Wed, 25 Nov 2026 10:00:00 +0100"
    message.set_content(
        "Hej,\n\nVi anser att avsnitt 3.2 bör förtydligas när det gäller utbildning.\n\n"
        "Med vänlig hälsning\nKarin\n"
    )
    eml = tmp_path / "synpunkter.eml"
    eml.write_bytes(message.as_bytes(policy=SMTP))
    assert run_cli("draft", "import", DRAFT_FILES["sv"]).exit_code == 0
    store = open_store(db_path)
    store.set_config_aliases({"Bygdens kommun": ("bygden.example.se",)})
    store.close()
    result = run_cli("collect", eml, "--draft", "D1")
    assert result.exit_code == 0, result.output
    comments = json.loads(run_cli("comments", "list", "--json").stdout)
    assert comments and {c["organisation"] for c in comments} == {"Bygdens kommun"}


def test_a_sheet_row_placed_on_general_is_answered_as_on_the_whole_draft(tmp_path: Path) -> None:
    sheet = tmp_path / "remissvar.csv"
    sheet.write_text(
        "Organisation;Avsnitt;Synpunkt\n"
        "Storvik kommun;Allmänt;Vägledningen behöver fler exempel från små kommuner.\n",
        encoding="utf-8",
    )
    text = _published_answer_letter(sheet, "Storvik", tmp_path / "out")
    assert "Er synpunkt på utkastet som helhet" in text
    assert "Allmänt" not in text
