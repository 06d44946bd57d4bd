"""The joint submission as a letter: a Swedish remissvar or its English equivalent.

The parts, in the order a civil servant writes them (see ``shared/formats.md``):

- letterhead: the coordinator, its address, the date, its reference (diarienummer) and
  the recipient;
- the title ("Yttrande över …" / "Comments on …") and the preamble ("X har beretts
  tillfälle att yttra sig över … och lämnar följande synpunkter");
- "Allmänna synpunkter" / "General remarks": the general positions, or one sentence
  saying how many sections the comments concern;
- one heading per section commented on, in the draft's order ("Avsnitt 3.2 Titel" /
  "Section 3.2 Title"), with each joint comment under it as a paragraph, then the other
  sections it concerns, "Förslag till ändring:" / "Proposed change:" and the supporters;
- the signature: place and date, name, title and, when configured, the decision line
  ("Beslut i detta ärende har fattats av …").

Headings use Word's Heading styles, so the letter has an outline and a letter reader
splits it at the same headings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..atomic import atomic_output
from ..submit import JointComment, JointSubmission, also_line, long_date, supporters_line
from .wordml import word_text


def _heading(joint: JointComment, w: Any) -> str:
    if joint.section_title:
        return str(w["section_heading"]).format(number=joint.section, title=joint.section_title)
    return str(w["section_heading_untitled"]).format(number=joint.section)


def _comment(doc: Any, joint: JointComment, sub: JointSubmission) -> None:
    from docx.shared import Pt

    w = sub.words
    for line in joint.text.split("\n"):
        if line.strip():
            doc.add_paragraph(word_text(line))
    also = also_line(joint, sub.lang)
    if also:
        doc.add_paragraph(also)
    if joint.proposed:
        para = doc.add_paragraph()
        para.add_run(str(w["proposed"])).bold = True
        lines = joint.proposed.split("\n")
        para.add_run(" " + word_text(lines[0]))
        for extra in lines[1:]:
            para.add_run().add_break()
            para.add_run(word_text(extra))
    if sub.options.supporters:
        line = supporters_line(joint, sub.lang)
        if line:
            run = doc.add_paragraph().add_run(line)
            run.italic = True
            run.font.size = Pt(10)


def write_letter(sub: JointSubmission, path: Path, *, reference: Path | None = None) -> None:
    """Write ``sub`` as a letter (.docx) in ``sub.lang`` to ``path``, atomically.

    Styles come from ``reference`` (our ``templates/reference.docx`` by default, as for
    every Word output), its sample content dropped.
    """
    from docx.shared import Cm, Pt

    from .docx import REFERENCE_DOCX, _document
    from .web import templates_dir

    if reference is None and (templates_dir() / REFERENCE_DOCX).is_file():
        reference = templates_dir() / REFERENCE_DOCX
    w = sub.words
    c = sub.coordinator
    doc = _document(reference)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.0)
    title = str(w["title"]).format(title=sub.title)
    doc.core_properties.title = title
    doc.core_properties.author = c.name
    doc.core_properties.language = "sv-SE" if sub.lang == "sv" else "en-GB"

    head = doc.add_paragraph()
    name_run = head.add_run(word_text(c.name))
    name_run.bold = True
    name_run.font.size = Pt(14)
    details = [
        c.address,
        str(w["letter_date"]).format(iso=sub.date.isoformat(), long=long_date(sub.date, sub.lang)),
    ]
    if c.reference:
        details.append(str(w["reference"]).format(reference=c.reference))
    if c.recipient:
        details.append(str(w["recipient"]).format(recipient=c.recipient))
    for line in details:
        if line:
            doc.add_paragraph(word_text(line)).paragraph_format.space_after = Pt(0)

    doc.add_heading(word_text(title), level=1)
    # The English letter names the version ("… (version 1)"); a remissvar names the
    # remiss by its title only, as Swedish bodies do.
    version = f" (version {sub.version})" if sub.version and sub.lang == "en" else ""
    what = f"{sub.title}{version}"
    members = sub.members
    key = "preamble_one" if members == 1 else "preamble"
    doc.add_paragraph(word_text(str(w[key]).format(name=c.name, title=what, members=members)))

    general = [j for j in sub.comments if not j.section]
    specific = [j for j in sub.comments if j.section]
    doc.add_heading(str(w["general_heading"]), level=2)
    for joint in general:
        _comment(doc, joint, sub)
    if not general:
        n = len(sub.sections)
        sentence = w["general_none_one"] if n == 1 else str(w["general_none"]).format(n=n)
        doc.add_paragraph(str(sentence))
    current: str | None = None
    for joint in specific:
        if joint.section != current:
            doc.add_heading(word_text(_heading(joint, w)), level=2)
            current = joint.section
        _comment(doc, joint, sub)

    closing = doc.add_paragraph()
    closing.paragraph_format.space_before = Pt(18)
    place = c.city or ""
    date_text = long_date(sub.date, sub.lang)
    closing.add_run(str(w["date_line"]).format(city=place, date=date_text) if place else date_text)
    if w["closing"]:
        doc.add_paragraph(str(w["closing"]))
    signature = doc.add_paragraph()
    signature.paragraph_format.space_before = Pt(30)
    signature.add_run(word_text(c.signatory or c.name))
    if c.title:
        doc.add_paragraph(word_text(c.title))
    if c.signatory and c.signatory != c.name:
        doc.add_paragraph(word_text(c.name))
    if c.decision:
        doc.add_paragraph(word_text(c.decision)).paragraph_format.space_before = Pt(12)
    with atomic_output(path) as tmp:
        doc.save(str(tmp))
