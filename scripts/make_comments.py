"""Generate the example submissions in comments/ for the example drafts.

Sixteen files from fifteen bodies, in every format guidefeedback reads, written the way
Word, Excel and people write them (see comments/README.md for the list and the quirks).
The points overlap on purpose — several bodies raise the same issue in different words
and languages — there is a small form-letter campaign, and a few comments cite sections
that do not exist. ``comments/expected.json`` records what a reader must find.

Files for the English draft are in ``comments/en-v1/``, for the Swedish draft in
``comments/sv/``. Output is deterministic.

    python scripts/make_comments.py [--out comments]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import docx  # noqa: E402
import openpyxl  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: E402
from tests.docx_builders import fix_zip_times  # noqa: E402

from guidefeedback.render.forms import FORM_COLUMNS  # noqa: E402

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DRAFT_EN = ROOT / "drafts" / "innovation-procurement-guidance-v1.docx"
DATE = "2026-11-02T10:00:00Z"

ISO_HEADER = list(FORM_COLUMNS["iso"])  # the columns of our own ISO form
ISO_INSTRUCTIONS = ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"]

# -- comment texts (organisation → rows) ---------------------------------------------------
# Each row: section, paragraph, line, type, comment, proposed change.

PROCUREMENT_AGENCY = [
    (
        "1.1",
        "¶1",
        "12",
        "ge",
        "The guidance should state more clearly that it is not legally binding and that it complements the Commission's own guidance on innovation procurement.",
        'Add: "This guidance is not legally binding."',
    ),
    (
        "2.1",
        "¶2",
        "41",
        "te",
        "A target of 3 % of the procurement budget is not realistic for small contracting authorities, which may run only a handful of procurements a year.",
        "Allow small authorities to set targets as a number of projects.",
    ),
    (
        "3.3",
        "¶2",
        "",
        "te",
        "The text on preliminary market consultations should explain how buyers avoid giving one supplier an advantage. Buyers are unsure what they may say in one-to-one meetings.",
        "Add a checklist for equal treatment in market dialogue.",
    ),
    (
        "3.3",
        "",
        "",
        "ed",
        'In "It should start well before the tender, often six to twelve months before the publication of the contract notice" the time span is given without a source.',
        "",
    ),
    (
        "5.1",
        "Table 1",
        "",
        "te",
        'The indicators in Table 1 have no baselines: every row says "To be measured". Without a baseline the targets for 2030 cannot be followed up.',
        "Give a baseline year and a method for each indicator.",
    ),
    (
        "6.2.1",
        "¶1",
        "",
        "te",
        "It must be clearer which national law applies when authorities from several Member States procure jointly without a central purchasing body.",
        "Add an example of an agreement that names the applicable law.",
    ),
    (
        "3.7",
        "",
        "",
        "ed",
        "The reference to the Commission notice is outdated.",
        "Update the reference.",
    ),
]

INNOVATION_AGENCY_COMMENTS = [
    # (paragraph start to anchor on, anchored phrase, author, comment text)
    (
        "Public buyers need skills that go beyond procurement law",
        "intellectual property rights",
        "Karin Holm",
        "Training on intellectual property rights must include pre-commercial procurement, where the suppliers keep the rights.",
    ),
    (
        "Innovation procurement often costs more at the start",
        "costs more at the start",
        "Karin Holm",
        "Operating costs after the first purchase are missing. Many projects stop when the project funding ends because nobody budgeted for running the solution.",
    ),
    (
        "The indicators in Table 1 are a minimum.",
        "a minimum",
        "Johan Ek",
        "Indikatorerna behöver utgångsvärden, annars går det inte att följa upp målen.",
    ),
    (
        "A national or regional competence centre for innovation procurement",
        "competence centre",
        "Johan Ek",
        "Say that competence centres need funding for at least five years.",
    ),
]
INNOVATION_AGENCY_CHANGES = [
    # (paragraph start, deleted phrase, inserted phrase, author)
    (
        "Budgets should be available over several years",
        "from the first idea to the contract",
        "from the first idea to the end of the first years of operation",
        "Karin Holm",
    ),
    (
        "Auditors and legal services should be involved early",
        " rather than sanctioned afterwards",
        "",
        "Johan Ek",
    ),
]

MINISTRY = [
    (
        "1",
        "2",
        "3",
        "15",
        "18",
        "1.1",
        "General",
        "The definition of innovation procurement is too narrow. Service and organisational innovation should be covered explicitly, not only new products.",
        "Extend the definition in 1.1 and in Annex A.",
    ),
    (
        "2",
        "4",
        "6",
        "30",
        "34",
        "2.2",
        "Technical",
        "The action plan should be linked to the budget process, otherwise it will not be implemented.",
        "Require that the action plan is adopted together with the budget.",
    ),
    (
        "3",
        "9",
        "10",
        "70",
        "72",
        "4.3",
        "Technical",
        "The funding chapter forgets the operating and maintenance costs that follow an innovative purchase.",
        "Add a paragraph on planning operating costs from the start.",
    ),
    (
        "4",
        "13",
        "14",
        "101",
        "",
        "6.3",
        "Technical",
        "Clarify who owns intellectual property rights in pre-commercial procurement and what licences the buyers keep.",
        "",
    ),
    (
        "5",
        "",
        "",
        "",
        "",
        "8",
        "Editorial",
        "Chapter 8 should list the abbreviations used.",
        "Add a list of abbreviations.",
    ),
]

REGION_EN = [
    (
        "Region Norrsund",
        "Lena Strand",
        "3.3",
        "7",
        "88",
        "allmän",
        "Marknadsdialogen behöver beskrivas mer konkret. Många upphandlare vet inte vad de får säga till leverantörer före upphandlingen.",
        "Lägg till exempel på frågor som får ställas vid marknadsdialog.",
    ),
    (
        "Region Norrsund",
        "Lena Strand",
        "1.2",
        "2",
        "20",
        "teknisk",
        "Små och medelstora företag har svårt att delta i innovationsupphandlingar. Vägledningen bör beskriva hur upphandlingar kan delas upp i mindre delar.",
        "",
    ),
    (
        "Region Norrsund",
        "Lena Strand",
        "5.1",
        "11",
        "",
        "teknisk",
        "Tabell 1 saknar utgångsvärden. Ange hur indikatorerna ska mätas.",
        "",
    ),
    (
        "Region Norrsund",
        "Lena Strand",
        "4.1",
        "9",
        "",
        "teknisk",
        "Driftskostnaderna efter den första anskaffningen saknas i finansieringskapitlet.",
        "Komplettera med driftskostnader.",
    ),
    (
        "Region Norrsund",
        "Lena Strand",
        "2.1",
        "4",
        "",
        "redaktionell",
        '"A target without staff, budget and a mandate to take reasonable risks will not change how an organisation buys" – bra formulering, behåll.',
        "",
    ),
]

MUNICIPALITY_SV = [
    (
        "2.1",
        "3",
        "allmän",
        "Målet om 3 procent är inte realistiskt för en liten kommun som gör få upphandlingar per år.",
        "Låt små kommuner ange mål i antal projekt.",
    ),
    (
        "3.2",
        "4",
        "teknisk",
        "Utbildningen måste ha en egen budget. Annars prioriteras den bort.",
        "Skriv att utbildningsbudgeten ska skyddas i handlingsplanen.",
    ),
    ("3.3", "5", "teknisk", "Marknadsdialog bör beskrivas med exempel från kommuner.", ""),
    (
        "6",
        "6",
        "redaktionell",
        "Det bör framgå vilken lag som gäller vid gränsöverskridande samordnad upphandling.",
        "",
    ),
]

ASSOCIATION = [
    (
        "Federation of Innovative Suppliers",
        "3.3",
        "¶1",
        "te",
        "Suppliers need to hear about planned procurements early. Publish a pipeline of planned innovation procurements at least a year ahead.",
        "Require a published pipeline in the action plan.",
    ),
    (
        "Federation of Innovative Suppliers",
        "1.2",
        "¶2",
        "ge",
        "Start-ups and SMEs are mentioned, but the guidance says nothing about how they can actually win contracts: lots, lower turnover requirements and payment on time matter most.",
        "Add a section on SME access.",
    ),
    (
        "Federation of Innovative Suppliers",
        "6.3",
        "¶1",
        "te",
        "Intellectual property rights should stay with the suppliers in pre-commercial procurement, as the text says, but the licence terms for buyers must be limited to their own use.",
        "",
    ),
    (
        "Federation of Innovative Suppliers",
        "4.2",
        "",
        "te",
        "=Incentives for buyers should reward outcomes, not the number of procurements started.",
        "",
    ),
    (
        "Federation of Innovative Suppliers",
        "5.1",
        "Table 1",
        "te",
        "The indicator on SME suppliers should count subcontractors as well, otherwise it undercounts SMEs.",
        "Add subcontractors to the SME indicator.",
    ),
]

INSTITUTE = [
    (
        "Institute for Procurement Research",
        "1.3",
        "te",
        "Article 14 is cited for pre-commercial procurement.\nPlease also cite the Commission Communication so that readers find the conditions.",
        "",
    ),
    (
        "Institute for Procurement Research",
        "5.2",
        "te",
        "Procurement statistics rarely flag innovation procurement. A common definition and a field in the contract notice are needed to count it.",
        "Propose a field in the national notice database.",
    ),
    (
        "Institute for Procurement Research",
        "5.3",
        "ge",
        "Evaluations should be published, including failed projects.\n\nWe are glad to help: contact Dr Maria Lind, +46 70-123 45 67, maria.lind@example.se.",
        "",
    ),
    (
        "Institute for Procurement Research",
        "",
        "ge",
        "The guidance would benefit from case studies in every chapter.",
        "Add one short case per chapter.",
    ),
]

DIGITAL_AGENCY = [
    (
        "Agency for Digital Government",
        "3.4",
        "te",
        "Networks of buyers for digital services exist already; the guidance should point to them.",
        "Name the existing networks.",
    ),
    (
        "Agency for Digital Government",
        "6.1",
        "te",
        "Buyer groups for digital services need common requirements for interoperability and open standards.",
        "Mention open standards in 6.1.",
    ),
    (
        "Agency for Digital Government",
        "1.1",
        "ed",
        'Use "contracting authority" consistently instead of "public buyer" where the legal term is meant.',
        "",
    ),
]

MUNICIPALITY_CSV = [
    (
        "Västerlunds kommun",
        "2.1",
        "allmän",
        "Tre procent av inköpsbudgeten är för högt för små kommuner.",
        "Sänk målet eller gör det frivilligt.",
    ),
    (
        "Västerlunds kommun",
        "3.1",
        "teknisk",
        "Kompetenscentrum behöver långsiktig finansiering, inte korta projekt.",
        "",
    ),
    (
        "Västerlunds kommun",
        "6.2.1",
        "teknisk",
        "Vilken lag gäller när vi upphandlar tillsammans med en kommun i Norge?",
        "Ge ett exempel med ett land utanför EU.",
    ),
]

NETWORK = [
    (
        "3.4",
        "¶1",
        "te",
        "Networks of buyers should be funded nationally, not only encouraged.",
        "Fund a secretariat for each national network.",
    ),
    (
        "6.1",
        "¶2",
        "te",
        "Buyer groups need a model agreement on sharing costs and intellectual property rights.",
        "Publish a model agreement as an annex.",
    ),
    (
        "6.2.1",
        "",
        "te",
        "For joint cross-border procurement the guidance must say which national law applies to the contract itself, not only to the procedure.",
        "",
    ),
    (
        "4.1",
        "¶1",
        "ge",
        "Dedicated budgets must also cover operating costs in the first years.",
        "",
    ),
]
NETWORK_MEMBERS = [
    "Town of Bergvik",
    "City of Lakeport",
    "Eastshire County Council",
    "Northern Health Trust",
]

CAMPAIGN_ORGS = [
    "Solberga kommun",
    "Green Mobility Start-up Alliance",
    "Hälsoteknik i Norr AB",
    "Smart City Suppliers Ltd",
    "Fjällby kommun",
    "MedTech Newcomers Association",
]
CAMPAIGN_TEXT = (
    "As members of the regional innovation network we support the joint position on this "
    "draft: the guidance must give small suppliers a fair chance, require a dialogue with the "
    "market before every tender, and fund the training of public buyers. {org} asks the "
    "secretariat to reflect this in the final text."
)
CAMPAIGN_EDITS = [
    ("fair chance", "fair chance"),
    ("fair chance", "real chance"),
    ("before every tender", "before every large tender"),
    ("fund the training", "pay for the training"),
    ("fair chance", "fair chance"),
    ("joint position on this draft", "joint position on the draft guidance"),
]


# -- writers --------------------------------------------------------------------------------


def _doc(title: str) -> Any:
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = "Comment form"
    return document


def _save(document: Any, path: Path) -> None:
    """Save with fixed times (properties, comment dates, zip entries): same input, same bytes."""
    import datetime as dt

    fixed = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
    document.core_properties.created = fixed
    document.core_properties.modified = fixed
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/comments"):
            for comment in rel.target_part.element.iter(qn("w:comment")):
                comment.set(qn("w:date"), DATE)
    document.save(str(path))
    fix_zip_times(path)


def _repeat_header(row: Any) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {W} w:val="true"/>'))


def _table(document: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    _repeat_header(table.rows[0])
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def iso_form(path: Path) -> dict[str, Any]:
    document = _doc("Comments on the draft guidance on innovation procurement")
    document.add_heading("Comment form", 1)
    for line in (
        "Organisation: National Public Procurement Agency",
        "Contact: Anna Berg",
        "E-mail: anna.berg@example.org",
        "Date: 2026-11-02",
        "We agree that our name may be published: yes",
    ):
        document.add_paragraph(line)
    first, second = PROCUREMENT_AGENCY[:4], PROCUREMENT_AGENCY[4:]

    def rows(items: Sequence[tuple[str, ...]]) -> list[list[str]]:
        return [
            ["SE", line, sec, para, kind, text, proposed, ""]
            for sec, para, line, kind, text, proposed in items
        ]

    table = _table(document, ISO_HEADER, [ISO_INSTRUCTIONS, *rows(first), [""] * 8])
    # The MB/NC column is merged over the comment rows, as people do in Word.
    table.cell(2, 0).merge(table.cell(len(first) + 1, 0))
    table.cell(2, 0).text = "SE"
    document.add_page_break()
    _table(document, ISO_HEADER, rows(second))
    _save(document, path)
    return {
        "organisation": "National Public Procurement Agency",
        "format": "docx-form-iso",
        "comments": len(PROCUREMENT_AGENCY),
        "publish_names": True,
        "wrong_sections": ["3.7"],
        "locators": {"3": "3.3¶2", "4": "3.3¶1", "5": "5.1¶4"},
    }


def us_form(path: Path) -> dict[str, Any]:
    document = _doc("Comment resolution matrix")
    document.add_paragraph("Organization: Ministry of Enterprise and Innovation")
    document.add_paragraph("Publish names: no")
    header = [
        "Comment #",
        "Organization",
        "Commenter",
        "Type",
        "Page",
        "Starting Line",
        "Ending Line",
        "Section",
        "Comment (Include rationale)",
        "Suggested Change",
    ]
    rows = [
        [
            n,
            "Ministry of Enterprise and Innovation",
            "P. Nyman",
            kind,
            page,
            start,
            end,
            sec,
            text,
            change,
        ]
        for n, page, _, start, end, sec, kind, text, change in MINISTRY
    ]
    _table(document, header, rows)
    _save(document, path)
    return {
        "organisation": "Ministry of Enterprise and Innovation",
        "format": "docx-form-us",
        "comments": len(MINISTRY),
        "publish_names": False,
        "wrong_sections": ["8"],
        "locators": {"1": "1.1", "3": "4.3"},
    }


def remiss_form(path: Path, title: str, rows: Sequence[Sequence[str]], meta: Sequence[str]) -> None:
    document = _doc(title)
    document.add_heading("Remissvar", 1)
    for line in meta:
        document.add_paragraph(line)
    header = [
        "Organisation",
        "Kontaktperson",
        "Avsnitt",
        "Sida",
        "Rad",
        "Typ av synpunkt",
        "Synpunkt",
        "Förslag till ändring",
        "Svar/Kommentar",
    ]
    _table(document, header, [[*r, ""] for r in rows])
    _save(document, path)


def region_remiss(path: Path) -> dict[str, Any]:
    remiss_form(
        path,
        "Remissvar från Region Norrsund",
        [list(r) for r in REGION_EN],
        [
            "Organisation: Region Norrsund",
            "Kontaktperson: Lena Strand",
            "Datum: 2026-11-01",
            "Vi godkänner publicering: nej",
        ],
    )
    return {
        "organisation": "Region Norrsund",
        "format": "docx-form-remiss",
        "comments": len(REGION_EN),
        "publish_names": False,
        "wrong_sections": [],
        "locators": {"1": "3.3", "3": "5.1"},
    }


def municipality_remiss(path: Path) -> dict[str, Any]:
    rows = [
        ["Ålstads kommun", "Erik Sjö", sec, page, "", kind, text, change]
        for sec, page, kind, text, change in MUNICIPALITY_SV
    ]
    remiss_form(
        path,
        "Remissvar från Ålstads kommun",
        rows,
        [
            "Organisation: Ålstads kommun",
            "Kontaktperson: Erik Sjö",
            "Datum: 2026-10-30",
            "Vi godkänner publicering: ja",
        ],
    )
    return {
        "organisation": "Ålstads kommun",
        "format": "docx-form-remiss",
        "draft": "sv",
        "comments": len(MUNICIPALITY_SV),
        "publish_names": True,
        "wrong_sections": [],
        "locators": {"2": "3.2"},
    }


def _paragraph_starting(document: Any, start: str) -> Any:
    for paragraph in document.paragraphs:
        if paragraph.text.startswith(start):
            return paragraph
    raise KeyError(start)


def _isolate(paragraph: Any, phrase: str) -> Any:
    """Split the paragraph's first run so that ``phrase`` is a run of its own."""
    for run in paragraph.runs:
        if phrase in run.text:
            before, _, after = run.text.partition(phrase)
            run.text = before
            target = paragraph.add_run(phrase)
            run._r.addnext(target._r)
            if after:
                tail = paragraph.add_run(after)
                target._r.addnext(tail._r)
            return target
    raise KeyError(phrase)


def reviewed_copy(path: Path) -> dict[str, Any]:
    """The draft with Word comments and tracked changes, as a national agency sends it."""
    document = docx.Document(str(DRAFT_EN))
    for start, phrase, author, text in INNOVATION_AGENCY_COMMENTS:
        paragraph = _paragraph_starting(document, start)
        run = _isolate(paragraph, phrase)
        initials = "".join(p[0] for p in author.split())
        document.add_comment([run], text=text, author=author, initials=initials)
    # One comment anchored across two paragraphs (3.3¶1 to 3.3¶2).
    first = _paragraph_starting(document, "Early market engagement lets the buyer learn")
    second = _paragraph_starting(document, "Preliminary market consultations under Article 40")
    document.add_comment(
        [first.runs[0], second.runs[0]],
        text="Both paragraphs should say that market dialogue is also open to SMEs that have never sold to the public sector.",
        author="Karin Holm",
        initials="KH",
    )
    for n, (start, deleted, inserted, author) in enumerate(INNOVATION_AGENCY_CHANGES, start=1):
        paragraph = _paragraph_starting(document, start)
        run = _isolate(paragraph, deleted)
        r = run._r
        deletion = parse_xml(
            f'<w:del {W} w:id="{900 + n}" w:author="{author}" w:date="{DATE}"><w:r><w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'
        )
        r.addprevious(deletion)
        if inserted:
            insertion = parse_xml(
                f'<w:ins {W} w:id="{950 + n}" w:author="{author}" w:date="{DATE}"><w:r><w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'
            )
            deletion.addnext(insertion)
        r.getparent().remove(r)
    document.core_properties.author = "Karin Holm"
    document.core_properties.last_modified_by = "Johan Ek"
    _save(document, path)
    return {
        "organisation": None,
        "org_argument": "National Innovation Agency",
        "format": "docx-review",
        "comments": len(INNOVATION_AGENCY_COMMENTS) + 1 + len(INNOVATION_AGENCY_CHANGES),
        "publish_names": None,
        "wrong_sections": [],
        "locators": {"1": "2.3¶3", "3": "3.2¶1", "4": "3.3¶1"},
    }


def network_form(path: Path) -> dict[str, Any]:
    """The joint submission: our own blank form (guidefeedback form), filled in Word."""
    from guidefeedback.drafts import read_draft
    from guidefeedback.render.forms import write_blank_form

    doc = read_draft(DRAFT_EN)
    outline = {
        "id": "D1",
        "title": doc.title,
        "version": "1",
        "sha256": doc.sha256,
        "units": [
            {
                "kind": str(u.kind),
                "number": u.number,
                "title": u.heading_title,
                "text": u.text,
                "level": u.level,
            }
            for u in doc.units
        ],
    }
    write_blank_form(outline, path, style="iso")
    document = docx.Document(str(path))
    values = {
        "Organisation:": "Nordic Buyers' Network",
        "Contact:": "Ola Dahl",
        "E-mail:": "secretariat@buyers-network.example.org",
        "Date:": "2026-11-03",
    }
    for paragraph in document.paragraphs:
        for label, value in values.items():
            if paragraph.text.strip() == label:
                paragraph.add_run(value)
        if paragraph.text.startswith("We agree that our name may be published"):
            for run in paragraph.runs:
                run.text = run.text.replace("yes/no", "yes")
    intro = document.paragraphs[1]
    lines = ["Submitted on behalf of:", *NETWORK_MEMBERS]
    anchor = intro
    for text in lines:
        new = document.add_paragraph(text)
        anchor._p.addnext(new._p)
        anchor = new
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    for i, (sec, para, kind, text, proposed) in enumerate(NETWORK, start=1):
        cells = table.rows[i].cells
        row = {
            "MB/NC": "NBN",
            "Clause/Subclause": sec,
            "Paragraph/Figure/Table": para,
            "Type of comment": kind,
            "Comments": text,
            "Proposed change": proposed,
        }
        for name, value in row.items():
            cells[header.index(name)].text = value
    _save(document, path)
    return {
        "organisation": "Nordic Buyers' Network",
        "signatories": NETWORK_MEMBERS,
        "format": "docx-form-iso",
        "comments": len(NETWORK),
        "publish_names": True,
        "wrong_sections": [],
        "locators": {"1": "3.4¶1"},
    }


def association_xlsx(path: Path) -> dict[str, Any]:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Comments"
    ws.append(["Comments from the Federation of Innovative Suppliers on the draft guidance"])
    ws.append(["One row per comment. Type: ge, te or ed."])
    ws.append(["Organisation", "Section", "Paragraph", "Type", "Comment", "Proposed change"])
    for row in ASSOCIATION:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            cell.data_type = "s"  # typed as text: the "=" comment is not a formula
    validation = DataValidation(type="list", formula1='"ge,te,ed"', allow_blank=True)
    validation.add("D4:D200")
    ws.add_data_validation(validation)
    wb.properties.creator = "Federation of Innovative Suppliers"
    import datetime as dt

    wb.properties.created = wb.properties.modified = dt.datetime(2026, 11, 2, 10, 0)
    wb.save(path)
    _fix_xlsx_modified(path)
    fix_zip_times(path)
    return {
        "organisation": "Federation of Innovative Suppliers",
        "format": "xlsx",
        "comments": len(ASSOCIATION),
        "publish_names": None,
        "wrong_sections": [],
        "locators": {"1": "3.3¶1"},
    }


def _fix_xlsx_modified(path: Path) -> None:
    """openpyxl stamps the save time into docProps/core.xml; pin it for reproducibility."""
    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2026-11-02T10:00:00Z\g<2>",
                    data,
                )
            out.writestr(name, data)


def _csv_text(header: Sequence[str], rows: Sequence[Sequence[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def institute_csv(path: Path) -> dict[str, Any]:
    text = _csv_text(
        ["Organisation", "Section", "Type", "Comment", "Proposed change"], INSTITUTE, ","
    )
    path.write_bytes(text.encode("utf-8-sig"))  # Excel's "CSV UTF-8": with a BOM
    return {
        "organisation": "Institute for Procurement Research",
        "format": "csv",
        "comments": len(INSTITUTE),
        "publish_names": None,
        "wrong_sections": [],
        "locators": {"2": "5.2"},
    }


def municipality_csv(path: Path) -> dict[str, Any]:
    text = _csv_text(
        ["Organisation", "Avsnitt", "Typ av synpunkt", "Synpunkt", "Förslag till ändring"],
        MUNICIPALITY_CSV,
        ";",
    )
    path.write_bytes(text.encode("cp1252"))  # Swedish Excel's default "CSV"
    return {
        "organisation": "Västerlunds kommun",
        "format": "csv",
        "comments": len(MUNICIPALITY_CSV),
        "publish_names": None,
        "wrong_sections": [],
        "locators": {"3": "6.2.1"},
    }


def digital_csv(path: Path) -> dict[str, Any]:
    text = _csv_text(
        ["Organisation", "Section", "Type", "Comment", "Suggested change"], DIGITAL_AGENCY, "\t"
    )
    path.write_bytes(text.encode("utf-16"))  # Excel "Unicode text": UTF-16 LE with BOM, tabs
    return {
        "organisation": "Agency for Digital Government",
        "format": "csv",
        "comments": len(DIGITAL_AGENCY),
        "publish_names": None,
        "wrong_sections": [],
        "locators": {"2": "6.1"},
    }


def campaign(folder: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for n, (org, (old, new)) in enumerate(zip(CAMPAIGN_ORGS, CAMPAIGN_EDITS, strict=True), start=1):
        text = CAMPAIGN_TEXT.format(org=org).replace(old, new)
        name = f"campaign-{n:02d}.csv"
        content = _csv_text(
            ["Organisation", "Section", "Type", "Comment"], [[org, "3.3", "ge", text]], ","
        )
        (folder / name).write_bytes(content.encode("utf-8"))
        out[name] = {
            "organisation": org,
            "format": "csv",
            "comments": 1,
            "publish_names": None,
            "wrong_sections": [],
            "campaign": True,
            "locators": {"1": "3.3"},
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "comments")
    args = parser.parse_args()
    out: Path = args.out
    en, sv = out / "en-v1", out / "sv"
    for folder in (en, sv):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    expected: dict[str, dict[str, Any]] = {}
    writers = [
        ("en-v1/procurement-agency-iso.docx", iso_form),
        ("en-v1/ministry-us-matrix.docx", us_form),
        ("en-v1/region-norrsund-remiss.docx", region_remiss),
        ("en-v1/innovation-agency-reviewed-draft.docx", reviewed_copy),
        ("en-v1/buyers-network-joint.docx", network_form),
        ("en-v1/supplier-federation.xlsx", association_xlsx),
        ("en-v1/procurement-research-institute.csv", institute_csv),
        ("en-v1/vasterlund-kommun.csv", municipality_csv),
        ("en-v1/digital-government-agency.txt", digital_csv),
        ("sv/alstad-kommun-remiss.docx", municipality_remiss),
    ]
    for name, write in writers:
        info = write(out / name)
        info.setdefault("draft", "en-v1")
        info.setdefault("signatories", [])
        expected[name] = info
    for name, info in campaign(en).items():
        info["draft"] = "en-v1"
        info["signatories"] = []
        expected[f"en-v1/{name}"] = info
    (out / "expected.json").write_text(
        json.dumps({"files": expected}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    total = sum(i["comments"] for i in expected.values())
    print(f"{len(expected)} files, {total} comments in {out}")


if __name__ == "__main__":
    main()
