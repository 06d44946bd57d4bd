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

from ..report import Report
from ..safe_open import atomic_output
from .wordml import word_text


def _initials(name: str) -> str:
    letters = [part[0] for part in name.replace("-", " ").split() if part[:1].isalpha()]
    return "".join(letters[:4]).upper() or "GF"


def write_review_copy(report: Report, draft_bytes: bytes, path: Path) -> int:
    """Write the review copy; returns how many comments were placed."""
    import docx
    from docx.text.paragraph import Paragraph

    from ..drafts import unit_paragraphs

    document: Any = docx.Document(io.BytesIO(draft_bytes))
    paragraphs = unit_paragraphs(document)
    w = report.words["report"]
    placed = 0
    for c in report.comments:
        if c.unit_seq is None or c.unit_seq not in paragraphs:
            continue
        paragraph = Paragraph(paragraphs[c.unit_seq], document.part)  # type: ignore[arg-type]
        runs = paragraph.runs or [paragraph.add_run("")]
        body = f"{c.id} ({c.type or '-'}): {c.text}"
        if c.proposed:
            body += f"\n{w['proposed']}: {c.proposed}"
        if c.disposition:
            body += f"\n{w['response']}: {c.disposition_label}. {c.answer}".rstrip()
        document.add_comment(
            runs,
            text=word_text(body),
            author=word_text(c.organisation)[:255],
            initials=_initials(c.organisation),
        )
        placed += 1
    document.core_properties.comments = f"guidefeedback review copy of {report.draft}"
    with atomic_output(path) as tmp:
        document.save(str(tmp))
    return placed
