"""The consolidated comment-response document and the per-organisation answers, in Word.

Styles come from a reference document (``templates/reference.docx``, replaceable through
``--template-dir``): we open it, empty its body and write into it, so headings, tables and
fonts look the way the publishing body's own documents do. Outputs are built from our own
template, never by re-saving a submitter's file (which would carry their metadata).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..report import Report, ReportComment
from ..safe_open import atomic_output
from .tables import matrix_header
from .wordml import (
    add_field,
    add_table,
    body_append,
    paragraph,
    update_fields_on_open,
    word_text,
)

REFERENCE_DOCX = "reference.docx"


def _document(reference: Path | None) -> Any:
    import docx

    doc = docx.Document(str(reference)) if reference is not None else docx.Document()
    body = doc.element.body
    # Keep the final section properties (page size, margins); drop the sample content.
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue
        body.remove(child)
    return doc


# Style ids of the built-in styles (the same in every language version of Word).
_STYLE_IDS = {"Title": "Title", "Subtitle": "Subtitle", "Quote": "Quote"}


def _heading(doc: Any, text: str, level: int) -> None:
    body_append(doc, paragraph(text, style_id=f"Heading{min(max(level, 1), 9)}"))


def _para(doc: Any, text: str, style: str | None = None) -> Any:
    return body_append(doc, paragraph(text, style_id=_STYLE_IDS.get(style or "")))


def _stats_table(
    doc: Any, title: str, first: str, count: str, rows: Sequence[tuple[str, int]]
) -> None:
    _heading(doc, title, 2)
    add_table(doc, [first, count], [[k, n] for k, n in rows], widths_cm=(11, 3))


def _chart_png(report: Report, path: Path) -> bool:
    """A bar chart of comments by chapter and by disposition; False without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    w = report.words["report"]
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.2), dpi=110)
    for ax, key, title in (
        (axes[0], "section", w["by_section"]),
        (axes[1], "disposition", w["by_disposition"]),
    ):
        data = report.stats[key]
        ax.bar([str(k) for k, _ in data], [n for _, n in data], color="#3b6ea5")
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=7)
        for label in ax.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
    return True


def _comment_rows(comments: Sequence[ReportComment]) -> list[list[str]]:
    return [
        [
            c.id,
            c.organisation + (f" ({c.person})" if c.person else ""),
            c.type,
            c.place,
            c.text + (f"\n\n→ {c.proposed}" if c.proposed else ""),
            (c.disposition_label + ("\n" if c.answer else "") + c.answer).strip(),
        ]
        for c in comments
    ]


def write_consolidated(report: Report, path: Path, *, reference: Path | None) -> None:
    from docx.shared import Cm

    w = report.words["report"]
    doc = _document(reference)
    doc.core_properties.title = f"{w['title']}: {report.title}"
    doc.core_properties.author = "guidefeedback"
    doc.core_properties.comments = ""
    _para(doc, f"{w['title']}: {report.title}", "Title")
    _para(doc, w["subtitle"], "Subtitle")
    _para(
        doc,
        w["generated"].format(
            date=report.generated_at[:10], draft=report.draft, version=report.version
        ),
    )
    _heading(doc, w["contents"], 1)
    from docx.text.paragraph import Paragraph

    toc = body_append(doc, paragraph(""))
    add_field(Paragraph(toc, doc._body), 'TOC \\o "1-3" \\h \\z \\u', w["contents"] + " …")
    update_fields_on_open(doc)

    _heading(doc, w["introduction"], 1)
    _para(doc, w["intro_text"])
    submissions = {c.submission for c in report.comments}
    _para(
        doc,
        w["received"].format(
            comments=len(report.comments),
            organisations=len(report.organisations),
            submissions=len(submissions),
        ),
    )
    if report.publish:
        _para(doc, w["masked_note"])

    _heading(doc, w["statistics"], 1)
    chart = path.with_name(path.stem + ".chart.png")
    try:
        if report.comments and _chart_png(report, chart):
            doc.add_picture(str(chart), width=Cm(16))
    finally:
        chart.unlink(missing_ok=True)
    _stats_table(
        doc, w["by_organisation"], w["organisation"], w["count"], report.stats["organisation"]
    )
    _stats_table(doc, w["by_type"], w["type"], w["count"], report.stats["type"])
    _stats_table(doc, w["by_section"], w["chapter"], w["count"], report.stats["section"])
    _stats_table(
        doc, w["by_disposition"], w["disposition"], w["count"], report.stats["disposition"]
    )

    header = [w["id"], w["organisation"], w["type"], w["place"], w["comment"], w["answer"]]
    widths = (1.4, 3.2, 1.8, 2.0, 8.0, 7.0)
    if report.general:
        _heading(doc, w["general"], 1)
        _para(doc, w["general_text"])
        add_table(doc, header, _comment_rows(report.general), widths_cm=widths)
    for section in report.sections:
        if not section.comments and section.level > 1:
            continue
        title = f"{section.number} {section.title}".strip()
        _heading(doc, title, min(section.level, 3))
        if not section.comments:
            continue
        if section.excerpt:
            _para(doc, f"{w['section_excerpt']}: “{section.excerpt}”", "Quote")
        for cluster in section.clusters:
            raised = (
                w["supporters_one"]
                if cluster.n_bodies == 1
                else w["supporters"].format(bodies=cluster.n_bodies)
            )
            supporters = f" — {raised}: " + "; ".join(cluster.organisations)
            body_append(
                doc,
                paragraph("", runs=((f"{cluster.id}: {cluster.label}", True), (supporters, False))),
            )
            answer = (
                f"{cluster.disposition_label}. {cluster.answer}".strip()
                if cluster.disposition
                else w["no_response"]
            )
            _para(doc, f"{w['response']}: {answer}")
        add_table(doc, header, _comment_rows(section.comments), widths_cm=widths)

    _heading(doc, w["appendix"], 1)
    appendix_header = matrix_header(report)[:8]
    add_table(
        doc,
        appendix_header,
        [
            [
                c.organisation,
                c.line_ref,
                c.section_ref or c.section,
                c.paragraph_ref or c.locator,
                c.type,
                f"{c.id}: {c.text}",
                c.proposed,
                (c.disposition_label + " " + c.answer).strip(),
            ]
            for c in report.comments
        ],
        widths_cm=(2.6, 1.2, 1.6, 1.8, 1.6, 7.0, 4.5, 5.0),
        font_half_points=16,
    )
    _landscape_last_section(doc)
    with atomic_output(path) as tmp:
        doc.save(str(tmp))


def _landscape_last_section(doc: Any) -> None:
    """Comment tables are wide; the document is landscape A4 like most CRDs."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section = doc.sections[-1]
    if section.orientation != WD_ORIENT.LANDSCAPE:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))


def safe_file_name(name: str) -> str:
    """An organisation name as a file name: letters, digits and dashes only."""
    cleaned = re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-")
    return cleaned[:80] or "organisation"


_ORG = "\ue000ORG"
_INTRO = "\ue000INTRO"


def write_answer_letters(report: Report, folder: Path, *, reference: Path | None) -> list[Path]:
    """One document per organisation: its comments and what was done with them.

    A large consultation has thousands of organisations. Opening and saving a python-docx
    document costs tens of milliseconds, so the letter is built once as a template and
    each organisation's letter only replaces ``word/document.xml`` in a copy of its zip.
    """
    import copy
    import io
    import zipfile

    from lxml import etree

    from .wordml import table_rows

    w = report.words["report"]
    doc = _document(reference)
    doc.core_properties.title = w["answer_title"]
    doc.core_properties.author = "guidefeedback"
    _para(doc, w["answer_title"], "Title")
    _para(doc, _ORG, "Subtitle")
    _para(doc, _INTRO)
    header = [w["id"], w["place"], w["comment"], w["disposition"], w["answer"]]
    widths = (1.4, 2.0, 7.5, 2.5, 6.0)
    add_table(doc, header, [], widths_cm=widths)
    _para(
        doc,
        w["generated"].format(
            date=report.generated_at[:10], draft=report.draft, version=report.version
        ),
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    # The static parts are compressed once into a base zip; each letter copies it and
    # appends its own word/document.xml.
    base = io.BytesIO()
    document_xml = b""
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as template,
        zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in template.infolist():
            data = template.read(info)
            if info.filename == "word/document.xml":
                document_xml = data
            else:
                out.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    base_bytes = base.getvalue()
    template_root = etree.fromstring(document_xml)
    by_id = {c.id: c for c in report.comments}
    written: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    t_tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
    tbl_tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"
    for org in report.organisations:
        root = copy.deepcopy(template_root)
        intro = w["answer_intro"].format(title=report.title, organisation=org.name)
        for t in root.iter(t_tag):
            if t.text == _ORG:
                t.text = word_text(org.name)
            elif t.text == _INTRO:
                t.text = word_text(intro)
        table = next(root.iter(tbl_tag))
        values = [
            [c.id, c.place, c.text, c.disposition_label, c.answer]
            for c in (by_id.get(i) for i in org.comment_ids)
            if c is not None
        ]
        for tr in table_rows(values, widths):
            table.append(tr)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        stem = safe_file_name(org.name)
        while stem in used:
            stem += "-2"
        used.add(stem)
        target = folder / f"{stem}.docx"
        with atomic_output(target) as tmp:
            tmp.write_bytes(base_bytes)
            with zipfile.ZipFile(tmp, "a", zipfile.ZIP_DEFLATED) as out:
                out.writestr("word/document.xml", xml)
        written.append(target)
    return written
