"""Generate the example letters in comments/: remissvar, a position paper, an e-mail.

Most bodies answer a consultation with a letter, not a form. This writes, deterministically
(same bytes on every run):

- ``sv/norrbacka-kommun-remissvar.docx``: a Swedish remissvar in Word (letterhead with
  diarienummer, "Yttrande över …", preamble, headings, signature with "Beslut i detta
  ärende har fattats av …");
- ``sv/norrbacka-kommun-remissvar.pdf``: the same letter as PDF (bold, larger headings);
- ``sv/region-vastkust-yttrande.odt``: an OpenDocument letter (LibreOffice) with numbered
  paragraphs;
- ``sv/skogsbygdens-kommun-epost.eml``: a two-line e-mail with the remissvar attached as
  PDF, a quoted earlier message and a disclaimer;
- ``en-v1/cleantech-suppliers-position-paper.pdf``: an English position paper with
  numbered paragraphs ("On page 14", "Table 1", "Annex A");
- ``en-v1/harbour-city-letter.txt``: a plain-text letter without any headings.

Their expected comments are merged into ``comments/expected.json`` (run after
``make_comments.py``, which rewrites that file). With ``--libreoffice`` the .docx letter
is also exported to PDF by LibreOffice into ``tests/data/`` (a real PDF writer's output,
committed so tests stay meaningful where ``soffice`` is absent).

    python scripts/make_letters.py [--out comments] [--libreoffice]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import docx  # noqa: E402
from tests.docx_builders import fix_zip_times  # noqa: E402

from _pdf import Para, write_pdf  # noqa: E402

# A letter is a list of (kind, text): "head" letterhead line, "subject", "p" paragraph,
# "h" heading, "n" numbered paragraph (numbered by the writer), "sig" signature line.
Letter = Sequence[tuple[str, str]]

NORRBACKA: Letter = [
    ("head", "Norrbacka kommun"),
    ("head", "Kommunstyrelsen"),
    ("head", "Box 123, 871 80 Norrbacka"),
    ("head", "2026-11-20"),
    ("head", "Dnr KS 2026/0457"),
    ("head", "Er beteckning: UHM 2026/118"),
    ("head", "Till: Upphandlingsmyndigheten"),
    ("subject", "Yttrande över Vägledning för innovationsupphandling"),
    (
        "p",
        "Norrbacka kommun har beretts tillfälle att yttra sig över rubricerad vägledning och"
        " lämnar följande synpunkter.",
    ),
    ("h", "Allmänna synpunkter"),
    (
        "p",
        "Kommunen välkomnar vägledningen. Den är tydlig och kommer att vara till hjälp för"
        " mindre kommuner som saknar egna specialister på innovationsupphandling.",
    ),
    (
        "p",
        "Vägledningen bör dock i högre grad beskriva hur små och medelstora företag kan delta,"
        " eftersom de ofta står för de nya lösningarna.",
    ),
    ("h", "Avsnitt 3.2 Utbildning för upphandlare"),
    (
        "p",
        "Utbildningsinsatserna beskrivs utan att det framgår vem som ska finansiera dem. För en"
        " kommun av Norrbackas storlek är det avgörande. Vi föreslår att vägledningen anger att"
        " staten bekostar grundutbildningen.",
    ),
    ("h", "Synpunkter på kapitel 4"),
    (
        "p",
        "Finansieringskapitlet tar bara upp investeringar. Driftkostnaderna under de första åren"
        " saknas helt, trots att de ofta avgör om en ny lösning kan införas.",
    ),
    ("h", "Specifika synpunkter"),
    ("h", "3.3 Marknadsdialog"),
    (
        "p",
        "Marknadsdialogen bör kunna genomföras gemensamt av flera kommuner. Det sparar tid både"
        " för kommunerna och för leverantörerna.",
    ),
    ("h", "Uppföljning och indikatorer"),
    (
        "p",
        "Indikatorerna i tabell 1 saknar utgångsvärden, vilket gör det omöjligt att följa"
        " utvecklingen. Vi föreslår att en kolumn för utgångsvärde läggs till.",
    ),
    ("h", "Övriga synpunkter"),
    (
        "p",
        "På s. 14 används begreppet innovationspartnerskap utan förklaring. Begreppet bör"
        " förklaras i ordlistan.",
    ),
    ("sig", "Norrbacka den 20 november 2026"),
    ("sig", "Kommunstyrelsen"),
    ("sig", "Anna Lindqvist"),
    ("sig", "Kommunstyrelsens ordförande"),
    (
        "sig",
        "Beslut i detta ärende har fattats av kommunstyrelsens ordförande Anna Lindqvist efter"
        " föredragning av upphandlingschef Erik Holm.",
    ),
]
NORRBACKA_EXPECTED: dict[str, Any] = {
    "organisation": "Norrbacka kommun",
    "comments": 6,
    "publish_names": None,
    "wrong_sections": [],
    "locators": {"2": "3.2", "3": "4", "4": "3.3", "5": "5¶4"},
    "draft": "sv",
    "signatories": [],
    "letter": {
        "date": "2026-11-20",
        "reference": "KS 2026/0457",
        "signatory": "Anna Lindqvist",
        "split": "headings",
        "unlocated": {"1": "general comment", "6": "page 14"},
        "pages": {"6": "14"},
        "proposed": ["2", "5"],
    },
}

VASTKUST: Letter = [
    ("head", "Region Västkust"),
    ("head", "Regionstyrelsen"),
    ("head", "Vår beteckning: RS 2026-0099"),
    ("head", "Göteborg 2026-11-24"),
    ("subject", "Remissvar: Vägledning för innovationsupphandling"),
    (
        "p",
        "Region Västkust har getts möjlighet att lämna synpunkter på vägledningen och lämnar"
        " följande yttrande.",
    ),
    (
        "n",
        "Regionen delar bedömningen i avsnitt 2.1 att politiska mål behövs, men målet om tre"
        " procent bör motiveras. Vi föreslår att vägledningen hänvisar till den analys som"
        " ligger bakom målet.",
    ),
    (
        "n",
        "Kapitel 6 om inköpsgrupper bör kompletteras med exempel på hur regioner och kommuner"
        " kan upphandla tillsammans över länsgränser.",
    ),
    (
        "n",
        "Marknadsdialogen i avsnitt 3.3 är viktig. Regionen vill att vägledningen betonar att"
        " dialogen ska dokumenteras så att alla leverantörer behandlas lika.",
    ),
    ("sig", "Med vänlig hälsning"),
    ("sig", "Karl Johansson"),
    ("sig", "Regionstyrelsens ordförande"),
]
VASTKUST_EXPECTED: dict[str, Any] = {
    "organisation": "Region Västkust",
    "comments": 3,
    "publish_names": None,
    "wrong_sections": [],
    "locators": {"1": "2.1", "2": "6", "3": "3.3"},
    "draft": "sv",
    "signatories": [],
    "letter": {
        "date": "2026-11-24",
        "reference": "RS 2026-0099",
        "signatory": "Karl Johansson",
        "split": "numbered paragraphs",
        "unlocated": {},
        "pages": {},
        "proposed": ["1", "2"],
    },
}

SKOGSBYGDEN: Letter = [
    ("head", "Skogsbygdens kommun"),
    ("head", "Kommunledningskontoret"),
    ("head", "Datum: 2026-11-26"),
    ("head", "Diarienummer: KLK 2026/311"),
    ("subject", "Remissvar över Vägledning för innovationsupphandling"),
    (
        "p",
        "Skogsbygdens kommun har beretts tillfälle att yttra sig och lämnar följande synpunkter.",
    ),
    ("h", "Kapitel 3 Kompetensuppbyggnad"),
    (
        "p",
        "Ett nationellt kompetenscentrum behövs, men det bör ha regionala noder så att även"
        " glesbygdskommuner får stöd på nära håll.",
    ),
    ("h", "Avsnitt 2.2 Handlingsplan"),
    (
        "p",
        "Kravet på en handlingsplan är rimligt. Mindre kommuner bör dock kunna ta fram en"
        " gemensam plan. Texten bör ersättas med en formulering som tillåter gemensamma planer.",
    ),
    ("sig", "Med vänlig hälsning"),
    ("sig", "Karin Berg"),
    ("sig", "Upphandlingsstrateg"),
]
SKOGSBYGDEN_EXPECTED: dict[str, Any] = {
    "organisation": "Skogsbygdens kommun",
    "comments": 2,
    "publish_names": None,
    "wrong_sections": [],
    "locators": {"1": "3", "2": "2.2"},
    "draft": "sv",
    "signatories": [],
    "letter": {
        "date": "2026-11-26",
        "reference": "KLK 2026/311",
        "signatory": "Karin Berg",
        "split": "headings",
        "unlocated": {},
        "pages": {},
        "proposed": ["2"],
        "email": "karin.berg@skogsbygden.example.se",
    },
}

CLEANTECH: Letter = [
    ("head", "European Cleantech Suppliers Association"),
    ("head", "Rue de l'Industrie 10, 1000 Brussels"),
    ("head", "Our ref: ECSA/2026/114"),
    ("head", "Brussels, 25 November 2026"),
    ("subject", "Position paper on the draft Guidance on innovation procurement"),
    (
        "p",
        "The European Cleantech Suppliers Association welcomes the opportunity to comment on the"
        " draft guidance and submits the following comments.",
    ),
    ("h", "General comments"),
    (
        "p",
        "Our members support the guidance. Suppliers of new technologies depend on public buyers"
        " who are willing to take a measured risk, and the guidance encourages exactly that.",
    ),
    ("h", "Specific comments"),
    (
        "n",
        "Section 3.3 on early market engagement should require buyers to publish a prior"
        " information notice before any dialogue. We propose that the notice is published at"
        " least 30 days before the first meeting.",
    ),
    (
        "n",
        "On page 14 the guidance states that joint procurement is always cheaper. This is not"
        " supported by evidence and should be reworded.",
    ),
    (
        "n",
        "Table 1 lists indicators without baselines. Without a baseline the share of innovation"
        " procurement cannot be followed over time.",
    ),
    (
        "n",
        "In section 6.2.1 the text on applicable law is too short. The paragraph should be"
        " replaced by a reference to the rules of the Directive on joint cross-border"
        " procurement.",
    ),
    (
        "n",
        "Annex A should define pre-commercial procurement and innovation partnership, which"
        " are used throughout the guidance but never defined.",
    ),
    ("sig", "Yours sincerely,"),
    ("sig", "Marie Laurent"),
    ("sig", "Secretary General"),
]
CLEANTECH_EXPECTED: dict[str, Any] = {
    "organisation": "European Cleantech Suppliers Association",
    "comments": 6,
    "publish_names": None,
    "wrong_sections": [],
    "locators": {"2": "3.3", "4": "5.1¶4", "5": "6.2.1", "6": "Annex A"},
    "draft": "en-v1",
    "signatories": [],
    "letter": {
        "date": "2026-11-25",
        "reference": "ECSA/2026/114",
        "signatory": "Marie Laurent",
        "split": "headings",
        "unlocated": {"1": "general comment", "3": "page 14"},
        "pages": {"3": "14"},
        "proposed": ["2", "3", "5"],
    },
}

HARBOUR_CITY = """Harbour City Council
Procurement Office
12 Quay Street, Harbour City

2 December 2026

Dear colleagues,

Harbour City Council thanks the Agency for the opportunity to comment on the draft
guidance.

We would like the guidance to say more about how small councils can share a competence
centre. Few councils can afford their own, and a shared centre would spread the cost.

The targets in section 2.1 are ambitious. A council with a small procurement budget may
reach three per cent with a single contract, which says little about its practice.

Buyer groups, as described in section 6.1, work well for councils of our size. We would
welcome model agreements for them.

Kind regards,

Tom Fletcher
Head of Procurement
"""
HARBOUR_EXPECTED: dict[str, Any] = {
    "organisation": "Harbour City Council",
    "comments": 3,
    "publish_names": None,
    "wrong_sections": [],
    "locators": {"2": "2.1", "3": "6.1"},
    "draft": "en-v1",
    "signatories": [],
    "letter": {
        "date": "2026-12-02",
        "reference": None,
        "signatory": "Tom Fletcher",
        "split": "paragraphs",
        "unlocated": {"1": "no section"},
        "pages": {},
        "proposed": [],
    },
}

FIXED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def _numbered(letter: Letter) -> list[tuple[str, str]]:
    """ "n" paragraphs with their numbers written out (PDF, plain text)."""
    out, n = [], 0
    for kind, text in letter:
        if kind == "n":
            n += 1
            out.append(("p", f"{n}. {text}"))
        else:
            out.append((kind, text))
    return out


def write_docx(letter: Letter, path: Path, title: str) -> None:
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Registrator"
    document.core_properties.created = FIXED
    document.core_properties.modified = FIXED
    for kind, text in letter:
        if kind == "h":
            document.add_heading(text, level=2)
        elif kind == "subject":
            document.add_heading(text, level=1)
        elif kind == "n":
            document.add_paragraph(text, style="List Number")
        else:
            document.add_paragraph(text)
    document.save(str(path))
    fix_zip_times(path)


def write_letter_pdf(letter: Letter, title: str) -> bytes:
    paras = []
    for kind, text in _numbered(letter):
        if kind == "subject":
            paras.append(Para(text, bold=True, size=14, space_after=12))
        elif kind == "h":
            paras.append(Para(text, bold=True, size=12.5, space_after=6))
        elif kind in ("head", "sig"):
            paras.append(Para(text, size=11, space_after=2))
        else:
            paras.append(Para(text))
    return write_pdf(paras, title=title)


_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)


def _x(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_odt(letter: Letter, path: Path) -> None:
    """An .odt as LibreOffice writes one: headings as text:h, a numbered list as text:list."""
    body: list[str] = []
    in_list = False
    for kind, text in letter:
        if kind == "n":
            if not in_list:
                body.append('<text:list text:style-name="Numbering_20_123">')
                in_list = True
            body.append(
                f'<text:list-item><text:p text:style-name="P2">{_x(text)}</text:p></text:list-item>'
            )
            continue
        if in_list:
            body.append("</text:list>")
            in_list = False
        if kind == "subject":
            body.append(
                f'<text:h text:style-name="Heading_20_1" text:outline-level="1">{_x(text)}</text:h>'
            )
        elif kind == "h":
            body.append(
                f'<text:h text:style-name="Heading_20_2" text:outline-level="2">{_x(text)}</text:h>'
            )
        else:
            body.append(f'<text:p text:style-name="Standard">{_x(text)}</text:p>')
    if in_list:
        body.append("</text:list>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODT_NS} office:version="1.3">'
        '<office:automatic-styles><style:style style:name="P2" style:family="paragraph"'
        ' style:parent-style-name="List_20_Paragraph"/></office:automatic-styles>'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body></office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_ODT_NS} office:version="1.3">'
        '<office:styles><style:style style:name="Standard" style:family="paragraph"/>'
        '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph">'
        '<style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>'
        '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph">'
        '<style:text-properties fo:font-size="13pt" fo:font-weight="bold"/></style:style>'
        "</office:styles></office:document-styles>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest'
        ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    stamp = (2026, 11, 24, 9, 0, 0)
    with zipfile.ZipFile(path, "w") as zf:
        # The mimetype comes first and stored, as the OpenDocument package format requires.
        zf.writestr(zipfile.ZipInfo("mimetype", stamp), "application/vnd.oasis.opendocument.text")
        for name, data in (
            ("content.xml", content),
            ("styles.xml", styles),
            ("META-INF/manifest.xml", manifest),
        ):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def write_eml(path: Path, attachment: bytes) -> None:
    msg = EmailMessage()
    msg["From"] = "Karin Berg <karin.berg@skogsbygden.example.se>"
    msg["To"] = "remiss@upphandlingsmyndigheten.example.se"
    msg["Subject"] = "SV: Remiss: Vägledning för innovationsupphandling"
    msg["Date"] = "Thu, 26 Nov 2026 14:05:00 +0100"
    msg["Message-ID"] = "<remissvar-311@skogsbygden.example.se>"
    msg.set_content(
        "Hej,\n\n"
        "Bifogat finns Skogsbygdens kommuns remissvar över vägledningen.\n\n"
        "Med vänlig hälsning\n"
        "Karin Berg\n"
        "Upphandlingsstrateg, Skogsbygdens kommun\n"
        "karin.berg@skogsbygden.example.se\n\n"
        "Detta e-postmeddelande kan innehålla information som omfattas av sekretess. Om du"
        " inte är rätt mottagare, radera meddelandet och meddela avsändaren.\n\n"
        "Från: Upphandlingsmyndigheten <remiss@upphandlingsmyndigheten.example.se>\n"
        "Skickat: den 2 november 2026 10:00\n"
        "Till: Skogsbygdens kommun\n"
        "Ämne: Remiss: Vägledning för innovationsupphandling\n\n"
        "> Härmed översänds remissen. Svar senast den 30 november 2026.\n"
    )
    msg.add_attachment(
        attachment, maintype="application", subtype="pdf", filename="remissvar-KLK-2026-311.pdf"
    )
    # A fixed boundary: the same input gives the same bytes.
    msg.set_boundary("==guidefeedback-example-boundary==")
    path.write_bytes(msg.as_bytes(policy=SMTP))


def _libreoffice_pdf(docx_path: Path, target: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("make_letters: --libreoffice needs soffice on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(tmp) / (docx_path.stem + ".pdf"), target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "comments")
    parser.add_argument("--libreoffice", action="store_true")
    args = parser.parse_args()
    out: Path = args.out
    (out / "sv").mkdir(parents=True, exist_ok=True)
    (out / "en-v1").mkdir(parents=True, exist_ok=True)
    title = "Yttrande över Vägledning för innovationsupphandling"
    files: dict[str, dict[str, Any]] = {}

    docx_path = out / "sv" / "norrbacka-kommun-remissvar.docx"
    write_docx(NORRBACKA, docx_path, title)
    files["sv/norrbacka-kommun-remissvar.docx"] = {**NORRBACKA_EXPECTED, "format": "letter-docx"}
    (out / "sv" / "norrbacka-kommun-remissvar.pdf").write_bytes(write_letter_pdf(NORRBACKA, title))
    files["sv/norrbacka-kommun-remissvar.pdf"] = {**NORRBACKA_EXPECTED, "format": "letter-pdf"}

    write_odt(VASTKUST, out / "sv" / "region-vastkust-yttrande.odt")
    files["sv/region-vastkust-yttrande.odt"] = {**VASTKUST_EXPECTED, "format": "letter-odt"}

    write_eml(
        out / "sv" / "skogsbygdens-kommun-epost.eml", write_letter_pdf(SKOGSBYGDEN, "Remissvar")
    )
    files["sv/skogsbygdens-kommun-epost.eml"] = {**SKOGSBYGDEN_EXPECTED, "format": "eml"}

    (out / "en-v1" / "cleantech-suppliers-position-paper.pdf").write_bytes(
        write_letter_pdf(CLEANTECH, "Position paper")
    )
    files["en-v1/cleantech-suppliers-position-paper.pdf"] = {
        **CLEANTECH_EXPECTED,
        "format": "letter-pdf",
    }

    (out / "en-v1" / "harbour-city-letter.txt").write_text(HARBOUR_CITY, encoding="utf-8")
    files["en-v1/harbour-city-letter.txt"] = {**HARBOUR_EXPECTED, "format": "letter-text"}

    if args.libreoffice:
        _libreoffice_pdf(
            docx_path, ROOT / "tests" / "data" / "norrbacka-kommun-remissvar-libreoffice.pdf"
        )

    expected_path = out / "expected.json"
    expected = (
        json.loads(expected_path.read_text(encoding="utf-8")) if expected_path.exists() else {}
    )
    merged = {k: v for k, v in expected.get("files", {}).items() if k not in files}
    merged.update(files)
    expected_path.write_text(
        json.dumps({"files": merged}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(files)} letters in {out}")


if __name__ == "__main__":
    main()
