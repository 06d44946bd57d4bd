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

from ..report import Report
from ..safe_open import atomic_output
from .wordml import word_text

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _initials(name: str) -> str:
    letters = [part[0] for part in name.replace("-", " ").split() if part[:1].isalpha()]
    return "".join(letters[:4]).upper() or "GF"


def write_review_copy(report: Report, draft_bytes: bytes, path: Path) -> int:
    """Write the review copy; returns how many comments were placed.

    The comments are written as XML directly: python-docx's ``add_comment`` looks for a
    free id by scanning every existing comment, which is quadratic for thousands of them.
    """
    import datetime as dt

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    from ..drafts import unit_paragraphs

    document: Any = docx.Document(io.BytesIO(draft_bytes))
    paragraphs = unit_paragraphs(document)
    comments_root = document.part._comments_part.element  # created if the draft has none
    taken = [int(c.get(qn("w:id"), "0")) for c in comments_root.findall(qn("w:comment"))]
    next_id = max(taken, default=-1) + 1
    w = report.words["report"]
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    placed = 0
    for c in report.comments:
        if c.unit_seq is None or c.unit_seq not in paragraphs:
            continue
        p = paragraphs[c.unit_seq]
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
        comments_root.append(
            parse_xml(
                f'<w:comment {_W} w:id="{cid}" w:author={quoteattr(author)}'
                f' w:initials={quoteattr(_initials(c.organisation))} w:date="{when}">{lines}</w:comment>'
            )
        )
        start = parse_xml(f'<w:commentRangeStart {_W} w:id="{cid}"/>')
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(parse_xml(f'<w:commentRangeEnd {_W} w:id="{cid}"/>'))
        p.append(
            parse_xml(
                f'<w:r {_W}><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                f'<w:commentReference w:id="{cid}"/></w:r>'
            )
        )
        placed += 1
    document.core_properties.comments = f"guidefeedback review copy of {report.draft}"
    with atomic_output(path) as tmp:
        document.save(str(tmp))
    return placed
