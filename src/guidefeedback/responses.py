"""Dispositions and answers: vocabulary, rules, inheritance, worksheets in and out.

An answer belongs to a cluster (the normal case) or to one comment (an exception); a
comment without its own answer takes its cluster's, and every report says which.

Rules an answer must keep (:func:`answer_problem`): a disposition other than Accepted and
Noted needs an answer text that gives the reason, and a Duplicate names what it
duplicates (``K3`` or ``C12`` in its answer).

Worksheets carry, per row, the id (``K7``/``C12``) and the revision of the answer the
editor saw (``Rev``); the file carries the database's identity and the draft's SHA-256, so
a worksheet from elsewhere is refused. On import a row whose stored answer has moved past
that revision and differs is a conflict: it is listed, kept in the history once, and not
applied. A cluster that no longer exists (merged or split after the worksheet was made) is
a conflict too. Rows the editor left empty change nothing, so several editors' worksheets
for different sections import cleanly in any order. Rows of kind *conflict* (an open
conflict shown in a re-exported worksheet) are for reading only.

Longer than our usual ~500 lines because the disposition vocabulary, effective answers, the carry-over policy and worksheet reading all speak the same answer rules.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
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


def words(lang: str) -> Mapping[str, Any]:
    """The label tables of one language (English for a language we do not ship)."""
    data = labels()
    table: Mapping[str, Any] = data.get(lang, data["en"]) if lang != "aliases" else data["en"]
    return table


def label_lang(language: str | None, override: str | None = None) -> str:
    """The language of an output's labels: ``override`` (``--lang``), else the draft's own
    language when we ship labels for it, else English."""
    for candidate in (override, language):
        if candidate and candidate != "aliases" and candidate in labels():
            return candidate
    return "en"


def count(n: int, noun: str, lang: str = "en") -> str:
    """``1 comment``, ``2 comments``; ``1 synpunkt``, ``2 synpunkter``."""
    one, many = words(lang)["nouns"][noun]
    return f"{n} {one if n == 1 else many}"


def part_label(numbers: Sequence[int], of: int, lang: str = "en") -> str:
    """ "part 2 of 3", "parts 1 and 3 of 3" (del 2 av 3): which parts of a long comment."""
    w = words(lang)["report"]
    if len(numbers) == 1:
        return str(w["part_of"]).format(part=numbers[0], parts=of)
    listed = ", ".join(str(n) for n in numbers[:-1]) + f" {w['and']} {numbers[-1]}"
    return str(w["parts_of"]).format(parts_list=listed, parts=of)


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
    *,
    comment_of: Callable[[int], int] = int,
) -> CarryOver:
    """The policy for answers after the clusters changed (``cluster_members``: each new
    cluster's id and member keys; ``old_membership``: member → cluster before). Members
    are comments, or parts of comments when ``comment_of`` gives a member's comment id
    (an answer of the comment's own covers all its parts; flags name the comment).

    - A new, unanswered cluster most of whose comments came from clusters with one and the
      same answer takes that answer over (the history says it was carried over).
    - A comment that arrived from an answered cluster into an unanswered one (that did not
      take the answer over) or into a cluster answered differently is flagged for review.
    - A comment new to the clustering that joins an answered cluster (or one that takes an
      answer over) is flagged for review too.
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
        # Comments new to the clustering that join an answered cluster: the answer applies
        # to them, but an editor must see that it fits.
        joined = [
            comment_of(m)
            for m in members
            if old_membership
            and m not in old_membership
            and (AnswerTarget.COMMENT, comment_of(m)) not in answers
        ]
        for m in members:
            previous = old_membership.get(m)
            if (
                previous is None
                or previous == cluster_id
                or (AnswerTarget.COMMENT, comment_of(m)) in answers
            ):
                continue
            was = answer_of(previous)
            if was is not None:
                arrived[m] = (previous, was)
        here = cluster_code(cluster_id)
        if own is not None:
            flags.extend((m, f"joined {here} ({word(own[0])})") for m in joined)
        if not arrived:
            continue
        if own is None:
            distinct = {was for _, was in arrived.values()}
            if len(distinct) == 1 and 2 * len(arrived) >= len(members):
                disposition, text = next(iter(distinct))
                carry.append(
                    AnswerChange(AnswerTarget.CLUSTER, cluster_id, disposition, text, CARRIED_BY)
                )
                flags.extend((m, f"joined {here} ({word(disposition)})") for m in joined)
                continue
            for m, (previous, was) in arrived.items():
                flags.append(
                    (
                        comment_of(m),
                        f"moved from {cluster_code(previous)} ({word(was[0])}) to {here} (unanswered)",
                    )
                )
        else:
            for m, (previous, was) in arrived.items():
                if was != own:
                    flags.append(
                        (
                            comment_of(m),
                            f"moved from {cluster_code(previous)} ({word(was[0])}) to {here}"
                            f" ({word(own[0])})",
                        )
                    )
    return CarryOver(tuple(carry), tuple(flags))


# -- rules ------------------------------------------------------------------------------

# Dispositions that turn a comment down in part or in full: the submitter is owed a reason.
NEEDS_REASON = frozenset({Disposition.PARTIALLY, Disposition.REJECTED, Disposition.OUT_OF_SCOPE})
_CODE = re.compile(r"\b([KC])(\d+)\b", re.IGNORECASE)


def duplicate_targets(answer: str | None) -> list[str]:
    """The cluster and comment codes an answer names (``K3``, ``C12``), in order."""
    return [f"{m.group(1).upper()}{m.group(2)}" for m in _CODE.finditer(answer or "")]


def answer_problem(
    code: str,
    disposition: Disposition | None,
    answer: str | None,
    *,
    exists: Callable[[str], bool],
) -> str | None:
    """Why an answer may not be stored, or None. ``exists(code)`` says whether a cluster
    or comment code is one of this draft's."""
    text = (answer or "").strip()
    if disposition in NEEDS_REASON and not text:
        label = disposition_label(disposition, "en")
        return f"“{label}” needs an answer that gives the reason"
    if disposition is Disposition.DUPLICATE:
        named = [c for c in duplicate_targets(text) if c != code.upper()]
        if not named:
            return "“Duplicate” must name what it duplicates, e.g. “Duplicate of K3”"
        unknown = [c for c in named if not exists(c)]
        if unknown:
            return f"“Duplicate” names {', '.join(unknown)}, which is not in this draft"
    return None


# -- worksheets -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WorksheetRow:
    """One row of an editor worksheet: a cluster, one of its member comments, or an open
    conflict on the row above (for reading only)."""

    kind: str
    id: str
    cluster: str
    place: str
    bodies: str
    type: str
    draft_text: str
    text: str
    proposed: str
    disposition: str
    answer: str
    editor: str
    revision: int
    # A cluster's title (what ``cluster title`` sets); empty on comment rows.
    title: str = ""


@dataclass(frozen=True, slots=True)
class Worksheet:
    draft: str
    title: str
    made_at: str
    lang: str
    rows: tuple[WorksheetRow, ...]
    database: str = ""
    draft_sha256: str = ""
    editor: str | None = None


@dataclass(frozen=True, slots=True)
class FilledRow:
    """A row read back from a filled worksheet."""

    id: str
    revision: int | None
    disposition: Disposition | None
    answer: str | None
    editor: str | None
    where: str
    # The Title cell as the editor left it; None when the worksheet has no Title column.
    title: str | None = None


@dataclass(frozen=True, slots=True)
class FilledWorksheet:
    draft: str | None
    made_at: str | None
    rows: tuple[FilledRow, ...]
    problems: tuple[str, ...]
    database: str | None = None
    draft_sha256: str | None = None
    editor: str | None = None
    sha256: str = ""
    # Per cluster code, the fingerprint of the title the worksheet was written with
    # (:func:`title_fingerprint`): what tells an editor's change from one made since.
    titles: Mapping[str, str] = field(default_factory=dict)


COLUMNS = (
    "id",
    "kind",
    "cluster",
    "place",
    "point_title",
    "bodies",
    "type",
    "draft_text",
    "text",
    "proposed",
    "disposition",
    "answer",
    "editor",
    "revision",
)
# What an editor types into; everything else is there to decide from.
EDITABLE = ("point_title", "disposition", "answer", "editor")
# Where a worksheet keeps the fingerprints of the titles it was written with: rows
# "title K3" of the hidden sheet (.xlsx), the document's Comments property (.docx).
TITLE_META_PREFIX = "title "
TITLES_PROPERTY_PREFIX = "guidefeedback-titles:"


def normal_title(text: str | None) -> str:
    """A title as it is stored: runs of white space as one space (as ``cluster title``)."""
    return " ".join((text or "").split())


def title_fingerprint(text: str | None) -> str:
    """A short fingerprint of a title, to tell later whether it changed."""
    return hashlib.sha256(normal_title(text).encode("utf-8")).hexdigest()[:12]


def titles_property(fingerprints: Mapping[str, str]) -> str:
    """The .docx worksheet's record of its titles: ``guidefeedback-titles: K3=ab12… K5=…``."""
    return TITLES_PROPERTY_PREFIX + " " + " ".join(f"{k}={v}" for k, v in fingerprints.items())


def parse_titles_property(text: str | None) -> dict[str, str]:
    if not text or not text.startswith(TITLES_PROPERTY_PREFIX):
        return {}
    out: dict[str, str] = {}
    for part in text.removeprefix(TITLES_PROPERTY_PREFIX).split():
        code, _, fingerprint = part.partition("=")
        if code and fingerprint:
            out[code.upper()] = fingerprint
    return out


def column_titles(lang: str, columns: Sequence[str] = COLUMNS) -> list[str]:
    table = words(lang)["worksheet"]
    return [str(table[c]) for c in columns]


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


@cache
def _conflict_kinds() -> frozenset[str]:
    return frozenset(
        str(t["worksheet"]["kind_conflict"]).casefold()
        for lang, t in labels().items()
        if lang != "aliases" and "worksheet" in t
    )


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

        if get("kind").casefold() in _conflict_kinds():
            continue
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
                title=get("point_title") if "point_title" in index else None,
            )
        )
    if index is None:
        problems.append(f"{where_prefix}: no worksheet header (ID, Disposition, Answer)")
    return rows, problems


META_PREFIX = "guidefeedback:"


def meta_line(sheet: Worksheet) -> str:
    """The line a .docx worksheet carries its identity in (small print at the end)."""
    parts = [
        f"draft={sheet.draft}",
        f"draft_sha256={sheet.draft_sha256}",
        f"database={sheet.database}",
        f"made_at={sheet.made_at}",
        f"lang={sheet.lang}",
    ]
    if sheet.editor:
        parts.append(f"editor={sheet.editor.replace(';', ',')}")
    return META_PREFIX + " " + "; ".join(parts)


def read_worksheet(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> FilledWorksheet:
    """Read a filled worksheet (.xlsx or .docx) back; the file is untrusted input."""
    from .safe_open import TextBudget, open_docx, open_xlsx, sheet_rows, sniff

    kind = sniff(path, limits)
    meta: dict[str, str] = {}
    titles: dict[str, str] = {}
    sheet_name: str
    if kind == "xlsx":
        workbook = open_xlsx(path, limits)
        budget = TextBudget(path, limits)
        try:
            if WORKSHEET_META_SHEET in workbook.sheetnames:
                meta_sheet = workbook[WORKSHEET_META_SHEET]
                for _, (key, *rest) in sheet_rows(meta_sheet, path, limits, budget):
                    name = str(key or "")
                    value = _cell(rest[0] if rest else None)
                    if name.startswith(TITLE_META_PREFIX):
                        titles[name.removeprefix(TITLE_META_PREFIX).strip().upper()] = value
                    elif name:
                        meta[name] = value
            sheet_name = str(
                WORKSHEET_SHEET
                if WORKSHEET_SHEET in workbook.sheetnames
                else workbook.sheetnames[0]
            )
            # Real rows only, read sparsely (safe_open.sheet_rows); gaps become empty rows
            # so row numbers stay those Excel shows.
            grid: list[Sequence[object]] = []
            for number, values in sheet_rows(workbook[sheet_name], path, limits, budget):
                if number > limits.max_rows + 10:
                    break
                grid.extend(() for _ in range(number - 1 - len(grid)))
                grid.append(values)
        finally:
            workbook.close()
        rows, problems = _rows_from_grid(grid, f"sheet '{sheet_name}'")
    elif kind == "docx":
        from . import ooxml

        document = open_docx(path, limits)
        titles = parse_titles_property(document.core_properties.comments)
        for p in ooxml.iter_blocks(document.element.body):
            if p.tag != ooxml.W_P:
                continue
            text = ooxml.paragraph_text(p)
            if text.startswith(META_PREFIX):
                for part in text.removeprefix(META_PREFIX).split(";"):
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
                ["\n".join(ooxml.paragraph_text(p) for p in tc.iter(ooxml.W_P)) for tc in tr_cells]
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
    return FilledWorksheet(
        meta.get("draft"),
        meta.get("made_at"),
        tuple(rows),
        tuple(problems),
        database=meta.get("database") or None,
        draft_sha256=meta.get("draft_sha256") or None,
        editor=meta.get("editor") or None,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        titles=titles,
    )


# -- review items -----------------------------------------------------------------------

_MOVED = re.compile(r"^moved from (K\d+) \(([^)]*)\) to (K\d+) \(([^)]*)\)$")
_JOINED = re.compile(r"^joined (K\d+) \(([^)]*)\)$")


def describe_flag(reason: str, lang: str = "en") -> str:
    """A stored review reason in the reader's words (the store keeps a fixed English form
    so that a flag is not repeated)."""
    status = words(lang)["status"]

    def disp(code: str) -> str:
        return disposition_label(code, lang) if code not in ("", "-") else status["no_answer"]

    joined = _JOINED.match(reason)
    if joined:
        return str(status["joined"]).format(cluster=joined[1], disposition=disp(joined[2]))
    moved = _MOVED.match(reason)
    if moved:
        if moved[4] == "unanswered":
            return str(status["moved_unanswered"]).format(
                old=moved[1], old_disposition=disp(moved[2]), new=moved[3]
            )
        return str(status["moved"]).format(
            old=moved[1],
            old_disposition=disp(moved[2]),
            new=moved[3],
            new_disposition=disp(moved[4]),
        )
    return reason


def language_disagreement(
    members: Sequence[tuple[str, str | None]],
) -> dict[str, tuple[str, ...]] | None:
    """Per language, the dispositions the members of one cluster get, when two languages
    disagree; None when they agree or only one language is present.

    ``members`` is (language, effective disposition or None) per comment. The same point
    raised in Swedish and in English must not get contradictory answers side by side.
    """
    per_lang: dict[str, set[str]] = {}
    for language, disposition in members:
        if not language:
            continue
        per_lang.setdefault(language, set()).add(disposition or "")
    if len(per_lang) < 2:
        return None
    distinct = {frozenset(v) for v in per_lang.values()}
    if len(distinct) < 2:
        return None
    return {k: tuple(sorted(v)) for k, v in sorted(per_lang.items())}


def language_reason(per_lang: Mapping[str, Sequence[str]]) -> str:
    """The fixed form a cross-language flag is stored and acknowledged under."""
    return "languages: " + "; ".join(
        f"{lang}={','.join(d or '-' for d in ds)}" for lang, ds in per_lang.items()
    )


def describe_languages(cluster: str, per_lang: Mapping[str, Sequence[str]], lang: str) -> str:
    status = words(lang)["status"]
    answers = "; ".join(
        f"{code}: "
        + ", ".join(
            disposition_label(d, lang) if d else str(status["no_answer"]) for d in dispositions
        )
        for code, dispositions in per_lang.items()
    )
    return str(status["languages"]).format(cluster=cluster, answers=answers)


def describe_source(source: str | None, lang: str = "en") -> str:
    """Where a history entry came from, in the reader's words."""
    status = words(lang)["status"]
    text = source or ""
    if text.startswith("worksheet "):
        return str(status["source_worksheet"]).format(name=text.removeprefix("worksheet "))
    if text == "command line":
        return str(status["source_command"])
    if text == "carried over after re-clustering":
        return str(status["source_carried"])
    for key in ("keep_theirs", "keep_mine", "keep_new"):
        if text == "conflict settled: " + str(labels()["en"]["status"][key]):
            return str(status["source_resolve"]).format(how=status[key])
    return text
