"""Dispositions and answers: vocabulary, inheritance, worksheets in and out.

An answer belongs to a cluster (the normal case) or to one comment (an exception); a
comment without its own answer takes its cluster's, and every report says which.

Worksheets carry, per row, the id (``K7``/``C12``) and the revision of the answer the
editor saw (``Rev``). On import a row whose stored answer has moved past that revision and
differs is a conflict: it is listed, kept in the history, and not applied. A cluster that
no longer exists (merged or split after the worksheet was made) is a conflict too. Rows
the editor left empty change nothing, so several editors' worksheets for different
sections import cleanly in any order.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import RefusedFile
from .ids import AnswerTarget, cluster_code
from .model import Disposition
from .records import AnswerChange, StoredAnswer
from .safe_open import DEFAULT_LIMITS, Limits

WORKSHEET_META_SHEET = "guidefeedback"
WORKSHEET_SHEET = "Answers"


@cache
def labels() -> Mapping[str, Any]:
    """The display words per language (``data/labels.toml``)."""
    text = resources.files("guidefeedback").joinpath("data/labels.toml").read_text("utf-8")
    return tomllib.loads(text)


def disposition_label(code: Disposition | str | None, lang: str = "en") -> str:
    if not code:
        return ""
    table = labels().get(lang, labels()["en"])["dispositions"]
    return str(table.get(str(code), str(code)))


@cache
def _disposition_lookup() -> dict[str, Disposition]:
    lookup: dict[str, Disposition] = {}
    data = labels()
    for code in Disposition:
        lookup[code.value] = code
        lookup[code.value.replace("_", " ")] = code
    for lang, table in data.items():
        if lang == "aliases":
            continue
        for code_text, word in table.get("dispositions", {}).items():
            lookup[str(word).casefold()] = Disposition(code_text)
    for code_text, words in data["aliases"]["dispositions"].items():
        for word in words:
            lookup[str(word).casefold()] = Disposition(code_text)
    return lookup


def parse_disposition(text: str | None) -> Disposition | None:
    """A disposition code from what an editor typed (English or Swedish); None if empty.

    Raises ValueError for words we do not know, so a typo is reported, not stored.
    """
    if text is None:
        return None
    key = " ".join(str(text).split()).casefold().rstrip(".")
    if not key:
        return None
    found = _disposition_lookup().get(key)
    if found is None:
        known = ", ".join(d.value for d in Disposition)
        raise ValueError(f"unknown disposition {text!r} (use one of: {known})")
    return found


# -- effective answers ------------------------------------------------------------------


class AnswerSource(StrEnum):
    """Where a comment's answer comes from."""

    COMMENT = "comment"
    CLUSTER = "cluster"


@dataclass(frozen=True, slots=True)
class Effective:
    """The answer a comment gets and where it comes from (``None`` when unanswered)."""

    disposition: Disposition | None
    answer: str | None
    source: AnswerSource | None
    cluster_id: int | None


def is_answered(answer: StoredAnswer | None) -> bool:
    return answer is not None and bool(answer.disposition or answer.answer)


def effective_answer(
    comment_id: int,
    *,
    cluster_id: int | None,
    answers: Mapping[tuple[AnswerTarget, int], StoredAnswer],
) -> Effective:
    own = answers.get((AnswerTarget.COMMENT, comment_id))
    if own is not None and is_answered(own):
        return Effective(own.disposition, own.answer, AnswerSource.COMMENT, cluster_id)
    if cluster_id is not None:
        shared = answers.get((AnswerTarget.CLUSTER, cluster_id))
        if shared is not None and is_answered(shared):
            return Effective(shared.disposition, shared.answer, AnswerSource.CLUSTER, cluster_id)
    return Effective(None, None, None, cluster_id)


# -- answers after re-clustering ----------------------------------------------------------

Answers = Mapping[tuple[AnswerTarget, int], StoredAnswer]
CARRIED_BY = "guidefeedback"


@dataclass(frozen=True, slots=True)
class CarryOver:
    """What re-clustering does to answers: answers that follow their comments into a new
    cluster, and comments an editor must look at again (comment id, reason)."""

    changes: tuple[AnswerChange, ...]
    flags: tuple[tuple[int, str], ...]


def prefer_answered(
    reuse: Sequence[int | None],
    members: Sequence[frozenset[int]],
    old_membership: Mapping[int, int],
    answers: Answers,
) -> list[int | None]:
    """Which old cluster id each new cluster continues, preferring an answered one.

    When a new cluster continues an unanswered old one but also absorbed exactly one
    answered old cluster that nobody else continues (a merge), it continues that one
    instead, so the answer stays with the merged comments.
    """

    def answered(k: int | None) -> bool:
        return k is not None and is_answered(answers.get((AnswerTarget.CLUSTER, k)))

    taken = {k for k in reuse if k is not None}
    out = list(reuse)
    for i, keys in enumerate(members):
        if answered(out[i]):
            continue
        sources = {old_membership[m] for m in keys if m in old_membership} - {out[i]}
        candidates = [k for k in sources if answered(k) and k not in taken]
        if len(candidates) == 1:
            if out[i] is not None:
                taken.discard(out[i])
            out[i] = candidates[0]
            taken.add(candidates[0])
    return out


def carry_over(
    cluster_members: Sequence[tuple[int, frozenset[int]]],
    old_membership: Mapping[int, int],
    answers: Answers,
) -> CarryOver:
    """The policy for answers after the clusters changed (``cluster_members``: each new
    cluster's id and comment ids; ``old_membership``: comment → cluster before).

    - A new, unanswered cluster most of whose comments came from clusters with one and the
      same answer takes that answer over (the history says it was carried over).
    - A comment that arrived from an answered cluster into an unanswered one (that did not
      take the answer over) or into a cluster answered differently is flagged for review.
    - Comments with an answer of their own are not affected.
    """

    def answer_of(cluster_id: int | None) -> tuple[Disposition | None, str | None] | None:
        if cluster_id is None:
            return None
        a = answers.get((AnswerTarget.CLUSTER, cluster_id))
        if a is None or not is_answered(a):
            return None
        return (a.disposition, a.answer)

    def word(d: Disposition | None) -> str:
        return d.value if d else "-"

    carry: list[AnswerChange] = []
    flags: list[tuple[int, str]] = []
    for cluster_id, keys in cluster_members:
        members = sorted(keys)
        own = answer_of(cluster_id)
        arrived: dict[int, tuple[int, tuple[Disposition | None, str | None]]] = {}
        for m in members:
            previous = old_membership.get(m)
            if previous is None or previous == cluster_id or (AnswerTarget.COMMENT, m) in answers:
                continue
            was = answer_of(previous)
            if was is not None:
                arrived[m] = (previous, was)
        if not arrived:
            continue
        here = cluster_code(cluster_id)
        if own is None:
            distinct = {was for _, was in arrived.values()}
            if len(distinct) == 1 and 2 * len(arrived) >= len(members):
                disposition, text = next(iter(distinct))
                carry.append(
                    AnswerChange(AnswerTarget.CLUSTER, cluster_id, disposition, text, CARRIED_BY)
                )
                continue
            for m, (previous, was) in arrived.items():
                flags.append(
                    (
                        m,
                        f"moved from {cluster_code(previous)} ({word(was[0])}) to {here} (unanswered)",
                    )
                )
        else:
            for m, (previous, was) in arrived.items():
                if was != own:
                    flags.append(
                        (
                            m,
                            f"moved from {cluster_code(previous)} ({word(was[0])}) to {here}"
                            f" ({word(own[0])})",
                        )
                    )
    return CarryOver(tuple(carry), tuple(flags))


# -- worksheets -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorksheetRow:
    """One row of an editor worksheet: a cluster, or one of its member comments."""

    kind: str
    id: str
    cluster: str
    sections: str
    organisations: str
    text: str
    disposition: str
    answer: str
    editor: str
    revision: int


@dataclass(frozen=True, slots=True)
class Worksheet:
    draft: str
    title: str
    made_at: str
    lang: str
    rows: tuple[WorksheetRow, ...]


@dataclass(frozen=True, slots=True)
class FilledRow:
    """A row read back from a filled worksheet."""

    id: str
    revision: int | None
    disposition: Disposition | None
    answer: str | None
    editor: str | None
    where: str


@dataclass(frozen=True, slots=True)
class FilledWorksheet:
    draft: str | None
    made_at: str | None
    rows: tuple[FilledRow, ...]
    problems: tuple[str, ...]


COLUMNS = (
    "id",
    "kind",
    "cluster",
    "sections",
    "organisations",
    "text",
    "disposition",
    "answer",
    "editor",
    "revision",
)


def column_titles(lang: str) -> list[str]:
    table = labels().get(lang, labels()["en"])["worksheet"]
    return [str(table[c]) for c in COLUMNS]


def _header_index(cells: Sequence[str]) -> dict[str, int] | None:
    """Column positions from a header row in any language we ship."""
    wanted: dict[str, str] = {}
    for lang, table in labels().items():
        if lang == "aliases" or "worksheet" not in table:
            continue
        for col in COLUMNS:
            wanted[str(table["worksheet"][col]).casefold()] = col
    index: dict[str, int] = {}
    for i, cell in enumerate(cells):
        found = wanted.get(" ".join(str(cell or "").split()).casefold())
        if found is not None and found not in index:
            index[found] = i
    if {"id", "disposition", "answer"} <= index.keys():
        return index
    return None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows_from_grid(
    grid: Sequence[Sequence[object]], where_prefix: str
) -> tuple[list[FilledRow], list[str]]:
    rows: list[FilledRow] = []
    problems: list[str] = []
    index: dict[str, int] | None = None
    for number, raw in enumerate(grid, start=1):
        cells = [_cell(v) for v in raw]
        if index is None:
            index = _header_index(cells)
            continue
        ident = cells[index["id"]] if index["id"] < len(cells) else ""
        if not ident:
            continue

        def get(col: str, cells: list[str] = cells, index: dict[str, int] = index) -> str:
            i = index.get(col)
            return cells[i] if i is not None and i < len(cells) else ""

        where = f"{where_prefix} row {number}"
        try:
            disposition = parse_disposition(get("disposition"))
        except ValueError as exc:
            problems.append(f"{where} ({ident}): {exc}")
            continue
        rev_text = get("revision")
        try:
            revision = int(rev_text) if rev_text else None
        except ValueError:
            problems.append(f"{where} ({ident}): revision {rev_text!r} is not a number")
            continue
        rows.append(
            FilledRow(
                id=ident.upper(),
                revision=revision,
                disposition=disposition,
                answer=get("answer") or None,
                editor=get("editor") or None,
                where=where,
            )
        )
    if index is None:
        problems.append(f"{where_prefix}: no worksheet header (ID, Disposition, Answer)")
    return rows, problems


def read_worksheet(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> FilledWorksheet:
    """Read a filled worksheet (.xlsx or .docx) back; the file is untrusted input."""
    from .safe_open import open_docx, open_xlsx, sniff

    kind = sniff(path, limits)
    meta: dict[str, str] = {}
    sheet_name: str
    if kind == "xlsx":
        workbook = open_xlsx(path, limits)
        try:
            if WORKSHEET_META_SHEET in workbook.sheetnames:
                for key, value, *_ in workbook[WORKSHEET_META_SHEET].iter_rows(values_only=True):
                    if key:
                        meta[str(key)] = _cell(value)
            sheet_name = str(
                WORKSHEET_SHEET
                if WORKSHEET_SHEET in workbook.sheetnames
                else workbook.sheetnames[0]
            )
            grid = [
                list(r)
                for r, _ in zip(
                    workbook[sheet_name].iter_rows(values_only=True),
                    range(limits.max_rows + 10),
                    strict=False,
                )
            ]
        finally:
            workbook.close()
        rows, problems = _rows_from_grid(grid, f"sheet '{sheet_name}'")
    elif kind == "docx":
        from . import ooxml

        document = open_docx(path, limits)
        for p in ooxml.iter_blocks(document.element.body):
            if p.tag != ooxml.W_P:
                continue
            text = ooxml.paragraph_text(p)
            if text.startswith("guidefeedback:"):
                for part in text.removeprefix("guidefeedback:").split(";"):
                    key, _, value = part.partition("=")
                    if key.strip():
                        meta[key.strip()] = value.strip()
        rows = []
        problems = []
        for t, tbl in enumerate(
            (b for b in ooxml.iter_blocks(document.element.body) if b.tag == ooxml.W_TBL),
            start=1,
        ):
            grid = [
                [" ".join(ooxml.paragraph_text(p) for p in tc.iter(ooxml.W_P)) for tc in tr_cells]
                for tr_cells in (list(ooxml.row_cells(tr)) for tr in ooxml.table_rows(tbl))
            ]
            found, issues = _rows_from_grid(grid, f"table {t}")
            rows.extend(found)
            if found:
                problems.extend(issues)
    else:
        raise RefusedFile(path, "not a worksheet: expected the .xlsx or .docx we wrote")
    if not rows and not problems:
        problems.append("no rows with an ID")
    return FilledWorksheet(meta.get("draft"), meta.get("made_at"), tuple(rows), tuple(problems))
