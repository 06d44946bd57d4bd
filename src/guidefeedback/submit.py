"""A network's joint answer: the coordinator's positions as plain data, ready to send upstream.

A coordinator (a national agency answering a drafting body) first collects and clusters
its own network's comments on the upstream draft and answers each cluster. Its
**positions** are then:

- every live cluster it answered *Accepted* or *Partially accepted*: the answer text is
  the joint comment (the representative member comment when the answer is empty), the
  members' proposed changes are merged (each distinct text once, in the order received);
- every comment answered Accepted / Partially accepted *on its own* whose cluster is not
  itself a position (an exception the coordinator carries upstream by itself).

Member comments that carry their own answer other than Accepted / Partially accepted do
not count as supporting their cluster's position.

Each position is placed where its members' comments are: the section most of them were
located in (ties: the earliest in the draft), a paragraph when all located comments in
that section point at the same unit ("Paragraph 4", "Table 1, row 2"); the other sections
the cluster touches are named in the text. Comments that were not located make a general
position. The type is the members' most common type (ties: te, ge, ed).

**Supporters** are the bodies behind the member comments: a joint submission's
co-signers, else the comment's organisation. A body is named only when its submission did
not answer "no" on its publication-consent line and it is not listed under
``not_named``; private individuals are never named. Unnamed bodies are counted ("and 12
others"); so are named ones beyond ``names``. The coordinator itself is not its own
supporter.

Everything here is pure: a :class:`~guidefeedback.report.Report`, the draft's units and
the submissions' consent in; a :class:`JointSubmission` out. The writers are
``render/submit_iso.py``, ``render/submit_letter.py`` and ``render/submit_form.py``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .errors import GuidefeedbackError

if TYPE_CHECKING:
    from .model import Unit
    from .records import StoredSubmission
    from .report import Report, ReportComment

POSITIONS = frozenset({"accepted", "partially"})
AS_CHOICES = ("iso", "remiss", "letter")
LANGS = ("en", "sv")
_TYPE_ORDER = ("te", "ge", "ed")
_TABLE_LABEL = re.compile(r"^\s*((?:table|tabell)\s+[0-9A-Z]+(?:\.\d+)?)", re.IGNORECASE)


class SubmitConfigError(GuidefeedbackError):
    """``[coordinator]`` or ``[submit]`` in guidefeedback.toml is missing or wrong."""


@cache
def words(lang: str) -> Mapping[str, Any]:
    """The joint submission's wording in ``lang`` (``data/submit.toml``), English fallback."""
    raw = tomllib.loads(
        resources.files("guidefeedback").joinpath("data/submit.toml").read_text("utf-8")
    )
    return dict(raw.get(lang, raw["en"]))


@dataclass(frozen=True, slots=True)
class Coordinator:
    """Who sends the joint answer: ``[coordinator]`` in guidefeedback.toml."""

    name: str
    code: str = ""
    address: str = ""
    city: str = ""
    reference: str = ""
    recipient: str = ""
    signatory: str = ""
    title: str = ""
    contact: str = ""
    email: str = ""
    decision: str = ""
    date: str = ""


@dataclass(frozen=True, slots=True)
class SubmitOptions:
    """``[submit]`` in guidefeedback.toml (the CLI options override it)."""

    as_: str = "iso"
    lang: str | None = None
    form: str = ""
    draft: str = ""
    output: str = ""
    supporters: bool = True
    names: int = 5
    not_named: tuple[str, ...] = ()
    document: str = ""
    project: str = ""

    def language(self) -> str:
        """The explicit language, else Swedish for a remissvar and English otherwise."""
        return self.lang or ("sv" if self.as_ == "remiss" else "en")


@dataclass(frozen=True, slots=True)
class JointComment:
    number: int
    section: str
    section_title: str
    paragraph: int | None
    table: str | None
    row: int | None
    type: str
    text: str
    also: tuple[str, ...]
    proposed: str
    named: tuple[str, ...]
    unnamed: int
    sources: tuple[str, ...]
    comment_ids: tuple[str, ...]

    @property
    def supporters(self) -> int:
        return len(self.named) + self.unnamed


@dataclass(frozen=True, slots=True)
class JointSubmission:
    draft: str
    title: str
    version: str
    lang: str
    date: dt.date
    coordinator: Coordinator
    options: SubmitOptions
    comments: tuple[JointComment, ...]
    members: int
    sections: tuple[tuple[str, str], ...] = field(default=())

    @property
    def words(self) -> Mapping[str, Any]:
        return words(self.lang)


# -- configuration --------------------------------------------------------------------


def _table(raw: Mapping[str, Any], name: str, where: str) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise SubmitConfigError(f"{where}: [{name}] must be a table")
    return value


def coordinator_from(raw: Mapping[str, Any], *, where: str) -> Coordinator:
    """``[coordinator]`` of a parsed guidefeedback.toml; ``name`` is required."""
    table = _table(raw, "coordinator", where)
    name = str(table.get("name") or "").strip()
    if not name:
        raise SubmitConfigError(
            f"{where}: add a [coordinator] table with at least name (and code, the MB/NC"
            " code) to say who sends the joint submission"
        )
    known = set(Coordinator.__dataclass_fields__)
    unknown = sorted(set(table) - known)
    if unknown:
        raise SubmitConfigError(f"{where}: [coordinator] has unknown key(s) {', '.join(unknown)}")
    values = {k: str(v).strip() for k, v in table.items()}
    return Coordinator(**values)


def options_from(raw: Mapping[str, Any], *, where: str) -> SubmitOptions:
    """``[submit]`` of a parsed guidefeedback.toml (every key optional)."""
    table = dict(_table(raw, "submit", where))
    if "as" in table:
        table["as_"] = table.pop("as")
    known = set(SubmitOptions.__dataclass_fields__)
    unknown = sorted(set(table) - known)
    if unknown:
        raise SubmitConfigError(f"{where}: [submit] has unknown key(s) {', '.join(unknown)}")
    as_ = str(table.get("as_", "iso"))
    if as_ not in AS_CHOICES:
        raise SubmitConfigError(f"{where}: [submit] as must be one of {', '.join(AS_CHOICES)}")
    lang = table.get("lang")
    if lang is not None and str(lang) not in LANGS:
        raise SubmitConfigError(f"{where}: [submit] lang must be one of {', '.join(LANGS)}")
    names = table.get("names", 5)
    if not isinstance(names, int) or isinstance(names, bool) or names < 0:
        raise SubmitConfigError(f"{where}: [submit] names must be a whole number, 0 or more")
    not_named = table.get("not_named", [])
    if not isinstance(not_named, list):
        raise SubmitConfigError(f"{where}: [submit] not_named must be a list of organisations")
    return SubmitOptions(
        as_=as_,
        lang=str(lang) if lang is not None else None,
        form=str(table.get("form", "")),
        draft=str(table.get("draft", "")),
        output=str(table.get("output", "")),
        supporters=bool(table.get("supporters", True)),
        names=names,
        not_named=tuple(str(n) for n in not_named),
        document=str(table.get("document", "")),
        project=str(table.get("project", "")),
    )


# -- building the positions ------------------------------------------------------------


def _type_codes(report: Report) -> dict[str, str]:
    """Report comments carry type *labels* in the report's language; back to codes."""
    from .responses import labels

    table = labels().get(report.lang, labels()["en"]).get("types", {})
    return {str(label): str(code) for code, label in table.items()}


def _distinct(texts: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for text in texts:
        key = " ".join(text.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(text.strip())
    return out


@dataclass(slots=True)
class _Position:
    texts: list[str]
    members: list[ReportComment]
    source: str


def build_submission(
    report: Report,
    units: Sequence[Unit],
    members: Sequence[StoredSubmission],
    *,
    coordinator: Coordinator,
    options: SubmitOptions,
    today: dt.date | None = None,
) -> JointSubmission:
    """The coordinator's positions on ``report``'s draft (see the module docstring)."""
    lang = options.language()
    by_sub = {m.code: m for m in members}
    by_id = {c.id: c for c in report.comments}
    by_seq = {u.seq: u for u in units}
    order = {u.section: i for i, u in enumerate(units) if u.kind == "heading"}
    titles = {u.section: (u.heading_title or u.text) for u in units if u.kind == "heading"}
    codes = _type_codes(report)

    positions: list[_Position] = []
    in_position: set[str] = set()
    for k in report.clusters:
        if k.disposition not in POSITIONS:
            continue
        backing = [
            by_id[c]
            for c in k.comment_ids
            if c in by_id
            and (by_id[c].answer_source != "comment" or by_id[c].disposition in POSITIONS)
        ]
        if not backing:
            continue
        text = k.answer.strip() or k.representative.strip() or backing[0].text
        positions.append(_Position([text], backing, k.id))
        in_position.add(k.id)
    for c in report.comments:
        if c.answer_source == "comment" and c.disposition in POSITIONS:
            if c.cluster and c.cluster in in_position:
                continue
            positions.append(_Position([c.answer.strip() or c.text], [c], c.id))

    coordinator_key = coordinator.name.casefold()
    not_named = {n.casefold() for n in options.not_named}
    private = str(report.words.get("report", {}).get("private_individual", ""))

    def bodies(c: ReportComment) -> list[tuple[str, bool]]:
        """(key, nameable) per body behind a comment."""
        member = by_sub.get(c.submission)
        consent = member.publish_names if member is not None else None
        if member is not None and member.signatories:
            names = list(member.signatories)
        elif c.organisation and c.organisation != private:
            names = [c.organisation]
        else:
            return [(f"private:{c.submission}", False)]
        return [
            (n, consent is not False and n.casefold() not in not_named)
            for n in names
            if n.casefold() != coordinator_key
        ]

    built: list[tuple[tuple[int, int, int], JointComment]] = []
    for pos in positions:
        located = [by_seq[c.unit_seq] for c in pos.members if c.unit_seq in by_seq]
        sections = Counter(u.section for u in located if u.section in order)
        section = min(sections, key=lambda s: (-sections[s], order[s])) if sections else ""
        here = {u.seq for u in located if u.section == section and u.kind != "heading"}
        paragraph = table = row = None
        if len(here) == 1 and all(u.section != section or u.kind != "heading" for u in located):
            unit = by_seq[next(iter(here))]
            label = _TABLE_LABEL.match(unit.table or "") if unit.kind == "table_row" else None
            if label is not None and unit.row is not None:
                table, row = label.group(1), unit.row
            else:
                paragraph = unit.para
        also = tuple(sorted((s for s in sections if s != section), key=lambda s: order[s]))
        types = Counter(codes.get(c.type, c.type) for c in pos.members if c.type)
        if types:
            ctype = min(types, key=lambda t: (-types[t], _type_index(t)))
        else:
            ctype = "te" if section else "ge"
        counts: Counter[str] = Counter()
        nameable: dict[str, str] = {}
        hidden: set[str] = set()
        first_seen: dict[str, int] = {}
        for c in pos.members:
            for key, ok in bodies(c):
                fold = key.casefold()
                counts[fold] += 1
                first_seen.setdefault(fold, len(first_seen))
                if ok and fold not in hidden:
                    nameable.setdefault(fold, key)
                else:
                    hidden.add(fold)
                    nameable.pop(fold, None)
        ranked = sorted(nameable, key=lambda f: (-counts[f], first_seen[f]))
        shown = ranked[: options.names]
        unnamed = len(counts) - len(shown)
        proposed = "\n".join(_distinct([c.proposed for c in pos.members if c.proposed]))
        joint = JointComment(
            number=0,
            section=section,
            section_title=titles.get(section, ""),
            paragraph=paragraph,
            table=table,
            row=row,
            type=ctype,
            text=pos.texts[0],
            also=also,
            proposed=proposed,
            named=tuple(nameable[f] for f in shown),
            unnamed=unnamed,
            sources=(pos.source,),
            comment_ids=tuple(c.id for c in pos.members),
        )
        where = order.get(section, -1)
        built.append(((where, paragraph or (row or 0), len(built)), joint))
    built.sort(key=lambda item: item[0])
    numbered = tuple(_renumber(j, i) for i, (_, j) in enumerate(built, start=1))

    everyone = {key.casefold() for c in report.comments for key, _ in bodies(c)}
    date = today or (
        dt.date.fromisoformat(coordinator.date) if coordinator.date else dt.date.today()
    )
    sections_used = tuple(
        dict.fromkeys((j.section, j.section_title) for j in numbered if j.section)
    )
    return JointSubmission(
        draft=report.draft,
        title=options.document or report.title,
        version=report.version,
        lang=lang,
        date=date,
        coordinator=coordinator,
        options=options,
        comments=numbered,
        members=len(everyone),
        sections=sections_used,
    )


def _type_index(code: str) -> int:
    return _TYPE_ORDER.index(code) if code in _TYPE_ORDER else len(_TYPE_ORDER)


def _renumber(joint: JointComment, number: int) -> JointComment:
    from dataclasses import replace

    return replace(joint, number=number)


# -- wording shared by the writers -----------------------------------------------------


def join_names(names: Sequence[str], lang: str) -> str:
    """ "A", "A and B", "A, B and C" in the language's manner (no serial comma)."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {words(lang)['and']} {names[-1]}"


def supporters_line(joint: JointComment, lang: str) -> str:
    """ "Supported by: Region X, Y kommun and 12 others." (``""`` without supporters)."""
    w = words(lang)
    if joint.supporters == 0:
        return ""
    if not joint.named:
        if joint.unnamed == 1:
            return str(w["supported_by_count_one"])
        return str(w["supported_by_count"]).format(n=joint.unnamed)
    parts = list(joint.named)
    if joint.unnamed == 1:
        parts.append(str(w["one_other"]))
    elif joint.unnamed > 1:
        parts.append(str(w["others"]).format(n=joint.unnamed))
    return str(w["supported_by"]).format(names=join_names(parts, lang))


def also_line(joint: JointComment, lang: str) -> str:
    if not joint.also:
        return ""
    w = words(lang)
    key = "also" if len(joint.also) == 1 else "also_many"
    return str(w[key]).format(sections=join_names(list(joint.also), lang))


def place_label(joint: JointComment, lang: str) -> str:
    """The Paragraph/Figure/Table cell: "Paragraph 4", "Table 1, row 2" or ``""``."""
    w = words(lang)
    if joint.table and joint.row is not None:
        return str(w["table_row"]).format(table=joint.table, n=joint.row)
    if joint.paragraph:
        return str(w["paragraph"]).format(n=joint.paragraph)
    return ""


def clause_label(joint: JointComment, lang: str) -> str:
    return joint.section or str(words(lang)["general"])


def comment_cell(joint: JointComment, lang: str, *, supporters: bool) -> str:
    """The comment as one cell: the position, other sections it concerns, its supporters."""
    parts = [joint.text, also_line(joint, lang)]
    if supporters:
        parts.append(supporters_line(joint, lang))
    return "\n".join(p for p in parts if p)


def long_date(day: dt.date, lang: str) -> str:
    w = words(lang)
    return str(w["date_format"]).format(
        day=day.day, month=w["months"][day.month - 1], year=day.year
    )
