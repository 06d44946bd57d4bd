"""The merged review copy: the draft with every located comment as a Word review comment.

The draft is the file we imported (kept byte for byte in the store), so this is our own
document, not a submitter's. Each comment is attached to the paragraph of its unit and
authored by its organisation, so editors see in Word's margin who said what where.
Comments that could not be located are not placed; the consolidated document lists them
under "General comments".
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..atomic import atomic_output
from ..report import Report
from .wordml import word_text

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _initials(name: str) -> str:
    letters = [part[0] for part in name.replace("-", " ").split() if part[:1].isalpha()]
    return "".join(letters[:4]).upper() or "GF"


def write_review_copy(report: Report, draft_bytes: bytes, path: Path) -> int:
    """Write the review copy; returns how many comments were placed.

    Only the range marks go into the document tree (three small elements per comment);
    the comments part is written as text straight into the saved package, since 100 000
    parsed ``w:comment`` elements cost more than the rest of the render together.
    """
    import datetime as dt
    import zipfile

    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    from ..drafts import unit_paragraphs

    document: Any = docx.Document(io.BytesIO(draft_bytes))
    paragraphs = unit_paragraphs(document)
    comments_part = document.part._comments_part  # created if the draft has none
    comments_root = comments_part.element
    existing = [etree.tostring(c, encoding="unicode") for c in comments_root]
    taken = [int(c.get(qn("w:id"), "0")) for c in comments_root.findall(qn("w:comment"))]
    next_id = max(taken, default=-1) + 1
    w = report.words["report"]
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    start_tag, end_tag = qn("w:commentRangeStart"), qn("w:commentRangeEnd")
    run_tag, rpr_tag, rstyle_tag = qn("w:r"), qn("w:rPr"), qn("w:rStyle")
    ref_tag, id_attr, val_attr = qn("w:commentReference"), qn("w:id"), qn("w:val")
    written: list[str] = []
    marks: dict[int, list[str]] = {}
    placed = 0
    for c in report.comments:
        if c.unit_seq is None or c.unit_seq not in paragraphs:
            continue
        body = f"{c.id} ({c.type or '-'}): {c.text}"
        if c.proposed:
            body += f"\n{w['proposed']}: {c.proposed}"
        if c.disposition:
            body += f"\n{w['response']}: {c.disposition_label}. {c.answer}".rstrip()
        cid = str(next_id)
        next_id += 1
        author = word_text(c.organisation)[:255]
        lines = "".join(
            f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:t xml:space="preserve">'
            f"{escape(word_text(line))}</w:t></w:r></w:p>"
            for line in body.split("\n")
        )
        written.append(
            f'<w:comment w:id="{cid}" w:author={quoteattr(author)}'
            f' w:initials={quoteattr(_initials(c.organisation))} w:date="{when}">{lines}</w:comment>'
        )
        marks.setdefault(c.unit_seq, []).append(cid)
        placed += 1
    # Marks are added paragraph by paragraph: looking up a paragraph's pPr once per
    # comment walks its growing list of children (quadratic at 100 000 comments).
    for seq, ids in marks.items():
        p = paragraphs[seq]
        first = p[0] if len(p) else None
        at = 1 if first is not None and first.tag == qn("w:pPr") else 0
        for offset, cid in enumerate(ids):
            p.insert(at + offset, p.makeelement(start_tag, {id_attr: cid}))
        for cid in ids:
            p.append(p.makeelement(end_tag, {id_attr: cid}))
            run = p.makeelement(run_tag, {})
            rpr = etree.SubElement(run, rpr_tag)
            etree.SubElement(rpr, rstyle_tag, {val_attr: "CommentReference"})
            etree.SubElement(run, ref_tag, {id_attr: cid})
            p.append(run)
    document.core_properties.comments = f"guidefeedback review copy of {report.draft}"
    saved = io.BytesIO()
    document.save(saved)
    member = str(comments_part.partname).lstrip("/")
    with (
        atomic_output(path) as tmp,
        zipfile.ZipFile(io.BytesIO(saved.getvalue())) as source,
        # Level 1 for the (large) comments part: much faster, only slightly larger.
        zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for info in source.infolist():
            if info.filename != member:
                out.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
        with out.open(member, "w", force_zip64=True) as part:
            part.write(
                (
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments {_W}>'
                ).encode()
            )
            chunk: list[str] = existing
            for text in written:
                chunk.append(text)
                if len(chunk) >= 2000:
                    part.write("".join(chunk).encode("utf-8"))
                    chunk = []
            chunk.append("</w:comments>")
            part.write("".join(chunk).encode("utf-8"))
    return placed
