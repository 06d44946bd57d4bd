"""Answer letters: what a registry sends each body that commented, ready to send.

Each letter has the sender block of the publishing body (``[publication]`` in
guidefeedback.toml), the addressee, the date, both reference numbers (ours, and theirs when
the submission gave one), a subject, and per comment the place it concerns in words, the
comment, the decision and the answer; then a closing, the signatory and their title. It
is written in the output language, which follows the draft's (a Swedish draft gets Swedish
letters). Internal ids (clusters, comments) never appear: the recipient never saw them.

A large consultation has thousands of bodies, so the static parts of the package are
compressed once (:class:`.package.Package`) and each letter adds only its own
``word/document.xml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..locate import names_the_whole_draft
from ..report import Report, ReportCluster, ReportComment, ReportOrganisation
from .package import Package
from .wordml import x_page_of_footer, x_par

_LOCATOR = re.compile(r"^(?P<section>[^¶\s]*)(?:¶(?P<para>\d+))?(?:\s*fn(?P<fn>\d+))?$")
# A numbered section ("3.2", "A.1"); anything else is a named one ("Foreword", "Förord").
_NUMBERED = re.compile(r"^(?:\d+|[A-Z])(?:\.\d+)*\.?$")


def place_in_words(locator: str, words: dict[str, Any]) -> str:
    """``3.2¶4 fn2`` → "section 3.2, paragraph 4, footnote 2"; nothing → the whole draft."""
    if not locator:
        return str(words["whole_draft"])
    m = _LOCATOR.match(locator.strip())
    if m is None or (m.group("section") and not _NUMBERED.match(m.group("section"))):
        # A named part of the draft ("Foreword", "Inledning ¶2") reads as its name.
        return locator
    section, para, fn = m.group("section"), m.group("para"), m.group("fn")
    if section and para:
        text = words["section_paragraph"].format(section=section, paragraph=para)
    elif section:
        text = words["section"].format(section=section)
    elif para:
        text = words["paragraph"].format(paragraph=para)
    else:
        return locator
    return str(text) + (str(words["footnote"].format(footnote=fn)) if fn else "")


def _cited_place(c: ReportComment) -> str:
    """The place a letter names: the located unit, else what the submitter wrote, unless
    that ("General", "Allmänt") means the whole draft."""
    if c.locator:
        return c.locator
    return "" if names_the_whole_draft(c.place) else c.place


def safe_file_name(name: str) -> str:
    """An organisation name as a file name: letters, digits and dashes only."""
    cleaned = re.sub(r"[^\w]+", "-", name, flags=re.UNICODE).strip("-")
    return cleaned[:80] or "organisation"


def _letter_body(
    report: Report,
    org: ReportOrganisation,
    comments: list[ReportComment],
    clusters: dict[str, ReportCluster],
) -> Iterator[str]:
    w = report.words["letter"]
    pub = report.publication
    for line, bold in (
        (pub.body, True),
        (pub.unit, False),
        (pub.address, False),
        (pub.contact, False),
    ):
        if line:
            yield x_par([(line, bold)], ppr_extra='<w:spacing w:after="0"/>')
    yield x_par("")
    for label, value in (
        (w["date"], report.date),
        (w["our_reference"], pub.reference),
        (w["your_reference"], org.reference),
    ):
        if value:
            yield x_par(
                [(f"{label}: ", True), (value, False)], ppr_extra='<w:spacing w:after="0"/>'
            )
    yield x_par("")
    yield x_par([(org.name, True)], ppr_extra='<w:spacing w:after="0"/>')
    if org.contact:
        yield x_par(
            w["attention"].format(contact=org.contact), ppr_extra='<w:spacing w:after="0"/>'
        )
    yield x_par("", ppr_extra='<w:spacing w:after="240"/>')
    yield x_par(w["subject"].format(title=report.title), style="Heading1")
    if org.received:
        yield x_par(w["your_submission"].format(received=org.received))
    yield x_par(w["intro"].format(title=report.title))
    for c in comments:
        yield x_par(
            w["comment_on"].format(place=place_in_words(_cited_place(c), w)),
            style="Heading2",
        )
        if c.part_label:  # a part of a long comment: say which (issue 18)
            yield x_par(f"({c.part_label})", italic=True)
        yield x_par(c.text, style="Quote")
        if c.proposed:
            yield x_par([(f"{w['proposed']}: ", True), (c.proposed, False)])
        if c.disposition:
            yield x_par([(f"{w['decision']}: ", True), (c.disposition_label, False)])
            if c.answer:
                yield x_par([(f"{w['answer']}: ", True), (c.answer, False)])
            cluster = clusters.get(c.cluster)
            if c.answer_source == "cluster" and cluster is not None and cluster.n_bodies > 1:
                yield x_par(w["also_raised"], italic=True)
        else:
            yield x_par(w["no_answer"])
    yield x_par(w["closing"], ppr_extra='<w:spacing w:before="240"/>')
    if pub.contact:
        yield x_par(w["questions"].format(contact=pub.contact))
    # The closing and the signature stay on one page (a name alone atop page 2 reads badly).
    yield x_par(w["regards"], keep_next=True, ppr_extra='<w:spacing w:before="240" w:after="480"/>')
    signature = [
        (line, bold)
        for line, bold in ((pub.signatory, True), (pub.signatory_title, False), (pub.body, False))
        if line
    ]
    for i, (line, bold) in enumerate(signature):
        yield x_par(
            [(line, bold)],
            keep_next=i < len(signature) - 1,
            ppr_extra='<w:spacing w:after="0"/>',
        )


def write_answer_letters(report: Report, folder: Path, *, reference: Path | None) -> list[Path]:
    """One letter per body (each private individual their own), in ``folder`` (a staging
    folder: render moves it into place only when every output is written)."""
    w = report.words["letter"]
    pub = report.publication
    footer = x_page_of_footer(report.words["report"]["page_of"])
    header_line = " · ".join(x for x in (pub.body, pub.reference, report.date) if x)
    header = x_par(header_line, style="Header", size=16)
    package = Package(
        reference,
        title=w["subject"].format(title=report.title),
        language=report.lang,
        header_xml=header,
        footer_xml=footer,
    )
    setup = package.setup.oriented(False)
    by_id = {c.id: c for c in report.comments}
    clusters = {k.id: k for k in report.clusters}
    written: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for org in report.organisations:
        comments = [by_id[i] for i in org.comment_ids if i in by_id]
        body = [*_letter_body(report, org, comments, clusters), setup.sect_pr()]
        stem = safe_file_name(org.name)
        candidate, n = stem, 1
        while candidate.casefold() in used:
            n += 1
            candidate = f"{stem}-{n}"
        used.add(candidate.casefold())
        target = folder / f"{candidate}.docx"
        # Letters are written into render's staging folder, which is the atomic unit (it
        # is moved into place whole or not at all): two fsyncs per letter would cost more
        # than the letters themselves for thousands of bodies.
        target.write_bytes(package.to_bytes(body))
        written.append(target)
    return written
