"""The draft a blank form was made for, read back from the form itself.

``guidefeedback form`` writes the draft's id, title, language, SHA-256 and its section list
into every blank form (:mod:`guidefeedback.render.forms`): in the document or workbook
properties (``guidefeedback-draft=D1;sha256=…;lang=sv``) and as a reference table or sheet
("Sections of the draft" / "Utkastets avsnitt" with the columns Section/Heading or
Avsnitt/Rubrik). So a submitter who only has the form can ``check`` it without a database:
section numbers are checked against that list. Paragraph numbers are not in the form, so
they are checked only against the draft itself (``check --draft-file``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import ooxml
from ..model import Unit, UnitKind
from ..safe_open import DEFAULT_LIMITS, Limits, open_docx, open_xlsx, sniff
from .docx_form import cell_text

_SECTION_HEADERS = frozenset({("section", "heading"), ("avsnitt", "rubrik")})


@dataclass(frozen=True, slots=True)
class FormDraft:
    """What a blank form says about its draft."""

    code: str
    title: str
    sha256: str
    language: str
    sections: tuple[tuple[str, str], ...]

    def units(self) -> list[Unit]:
        """The sections as heading units, enough for :class:`~guidefeedback.locate.Locator`."""
        return [
            Unit(
                seq=i,
                kind=UnitKind.HEADING,
                text=title,
                locator=number,
                section=number,
                level=number.count(".") + 1,
                number=number,
                heading_title=title,
            )
            for i, (number, title) in enumerate(self.sections, start=1)
            if number
        ]


def parse_marker(text: str) -> dict[str, str]:
    """``guidefeedback-draft=D1;sha256=ab12;lang=sv`` → ``{"draft": "D1", …}``."""
    out: dict[str, str] = {}
    for part in (text or "").split(";"):
        key, sep, value = part.partition("=")
        if sep:
            out[key.strip().removeprefix("guidefeedback-")] = value.strip()
    return out


def _title(full: str) -> str:
    # "Comment form: Guidance on X" → "Guidance on X"
    return full.split(": ", 1)[1] if ": " in full else full


def read_form_draft(path: Path, limits: Limits = DEFAULT_LIMITS) -> FormDraft | None:
    """The draft a form made by ``guidefeedback form`` belongs to, or ``None``."""
    kind = sniff(path, limits)
    if kind == "docx":
        doc = open_docx(path, limits)
        marker = parse_marker(doc.core_properties.comments or "")
        if "draft" not in marker:
            return None
        sections: list[tuple[str, str]] = []
        for tbl in doc.element.body.iter(ooxml.W_TBL):
            rows = [[cell_text(tc) for tc in ooxml.row_cells(tr)] for tr in ooxml.table_rows(tbl)]
            if (
                rows
                and len(rows[0]) == 2
                and tuple(c.casefold() for c in rows[0]) in (_SECTION_HEADERS)
            ):
                sections = [(r[0], r[1]) for r in rows[1:] if len(r) == 2]
                break
        return FormDraft(
            code=marker["draft"],
            title=_title(doc.core_properties.title or ""),
            sha256=marker.get("sha256", ""),
            language=marker.get("lang", ""),
            sections=tuple(sections),
        )
    if kind == "xlsx":
        wb = open_xlsx(path, limits)
        try:
            marker = parse_marker(wb.properties.keywords or "")
            if "draft" not in marker:
                return None
            sections = []
            for ws in wb.worksheets:
                rows = [
                    ["" if v is None else str(v).strip() for v in row[:2]]
                    for row in ws.iter_rows(values_only=True)
                ]
                if (
                    rows
                    and len(rows[0]) == 2
                    and tuple(c.casefold() for c in rows[0]) in (_SECTION_HEADERS)
                ):
                    sections = [(r[0], r[1]) for r in rows[1:] if len(r) == 2 and r[0]]
                    break
            return FormDraft(
                code=marker["draft"],
                title=_title(wb.properties.title or ""),
                sha256=marker.get("sha256", ""),
                language=marker.get("lang", ""),
                sections=tuple(sections),
            )
        finally:
            wb.close()
    return None
