"""The Report: everything the published documents show, assembled once from the store.

Every writer (Word, HTML, Markdown, CSV, XLSX, answer letters, review copy) renders only
from this view model, so the documents agree with each other and with the database.

Privacy is decided here, not in the writers. With ``publish=True`` names of people appear
only where the submitter agreed, organisation names always, and every string a submitter or
the analysis produced (comment text, proposed change, answers, cluster titles, keywords,
representative texts, organisation names, the places they gave) is masked by
:func:`.privacy.mask_view` *before* the Report exists: the view model a template receives
holds only masked values, so no template can print what masking removed. What was masked
is returned separately (:attr:`Built.masked`) for the NOT-FOR-PUBLICATION review list.

Only the draft's own text (headings, the paragraphs quoted under a point) is not masked: it
is the publishing body's published document, quoted exactly.

A long comment the analysis split into parts (:mod:`.parts`) is one :class:`ReportComment`
per point it makes: its id is that of its first part there (``C12.2``), ``comment`` names
the comment (``C12``), ``part_label`` says "part 2 of 3" (no code: letters print no internal
ids; the id beside it says which comment), its text is the part's, and
its cluster, disposition and answer are that point's. So a comment whose parts sit in three
clusters is listed under each of the three points, and counted once per point; the
statistics count it once among the comments (and once per point in the dispositions).

Longer than our usual ~500 lines because it is the one view model every writer renders from, privacy included.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from .ids import (
    AnswerTarget,
    cluster_code,
    comment_code,
    draft_code,
    parse_comment,
    parse_draft,
)
from .ids import submission_code as code_of_submission
from .orgs import org_key
from .privacy import Masked, mask_view
from .publication import Publication
from .records import CommentPlace, StoredSubmission
from .responses import effective_answer, labels, part_label
from .sections import chapter_of, sort_key

if TYPE_CHECKING:
    from .store import Store

GENERAL = ""

# The order dispositions are counted and printed in, as comment-response documents do.
DISPOSITION_ORDER = ("accepted", "partially", "noted", "rejected", "duplicate", "out_of_scope")
OPEN = "open"


@dataclass(frozen=True, slots=True)
class ReportComment:
    id: str
    submission: str
    organisation: str
    person: str
    type: str
    locator: str
    section: str
    section_ref: str
    paragraph_ref: str
    text: str
    proposed: str
    cluster: str
    disposition: str
    disposition_label: str
    answer: str
    answer_source: str
    unit_seq: int | None
    line_ref: str = ""
    type_code: str = ""
    # The body behind the comment: the organisation, or one private individual per
    # submission (a private individual is a body too).
    body_key: str = ""
    # A part of a long comment (see the module docstring): the comment's code and
    # "part 2 of 3"; both empty for a whole comment.
    comment: str = ""
    part_label: str = ""

    # Values we make ourselves (ids, codes, locators of the draft): never personal data.
    NOT_MASKED: ClassVar[frozenset[str]] = frozenset(
        {
            "id",
            "submission",
            "type",
            "locator",
            "section",
            "cluster",
            "disposition",
            "disposition_label",
            "answer_source",
            "type_code",
            "body_key",
            "comment",
            "part_label",
        }
    )

    @property
    def comment_code(self) -> str:
        """The comment this is (or is a part of): ``C12``."""
        return self.comment or self.id

    @property
    def place(self) -> str:
        """Where the comment is: the located unit, else the place the submitter gave."""
        given = " ".join(x for x in (self.section_ref, self.paragraph_ref) if x)
        return self.locator or given


@dataclass(frozen=True, slots=True)
class ReportQuote:
    """A unit of the draft quoted exactly, with the place people cite."""

    locator: str
    text: str

    NOT_MASKED: ClassVar[frozenset[str]] = frozenset({"locator", "text"})


@dataclass(frozen=True, slots=True)
class ReportCluster:
    id: str
    label: str
    size: int
    n_bodies: int
    organisations: tuple[str, ...]
    sections: tuple[str, ...]
    representative: str
    disposition: str
    disposition_label: str
    answer: str
    comment_ids: tuple[str, ...]
    # A readable title: the editors'/analysis' stored title, else a sentence of the
    # representative comment (see :func:`point_title`). ``label`` holds the keywords.
    title: str = ""
    keywords: tuple[str, ...] = ()
    # The bodies behind the point as printed: organisations, "Private individual (2)".
    bodies: tuple[str, ...] = ()
    # Bodies that sent the same form letter (the largest campaign inside the point).
    campaign_bodies: int = 0

    NOT_MASKED: ClassVar[frozenset[str]] = frozenset(
        {"id", "sections", "disposition", "disposition_label", "comment_ids"}
    )


@dataclass(frozen=True, slots=True)
class ReportPoint:
    """A point raised in one section: its cluster, the units it concerns, its comments."""

    cluster: ReportCluster
    quotes: tuple[ReportQuote, ...]
    comments: tuple[ReportComment, ...]


@dataclass(frozen=True, slots=True)
class ReportSection:
    number: str
    title: str
    level: int
    excerpt: str
    clusters: tuple[ReportCluster, ...]
    comments: tuple[ReportComment, ...]
    points: tuple[ReportPoint, ...] = ()
    # Comments of the section that belong to no point (not clustered yet).
    unclustered: tuple[ReportComment, ...] = ()

    NOT_MASKED: ClassVar[frozenset[str]] = frozenset({"number", "title", "excerpt"})


@dataclass(frozen=True, slots=True)
class ReportOrganisation:
    name: str
    submissions: tuple[str, ...]
    signatories: tuple[str, ...]
    comment_ids: tuple[str, ...]
    contact: str = ""
    reference: str = ""
    received: str = ""

    NOT_MASKED: ClassVar[frozenset[str]] = frozenset({"submissions", "comment_ids"})


@dataclass(frozen=True, slots=True)
class DispositionCount:
    code: str
    label: str
    count: int

    NOT_MASKED: ClassVar[frozenset[str]] = frozenset({"code", "label"})


@dataclass(frozen=True, slots=True)
class ChapterStats:
    """One line of the statistics: a chapter (or the whole draft) counted."""

    number: str
    title: str
    comments: int
    bodies: int
    dispositions: tuple[DispositionCount, ...]

    NOT_MASKED: ClassVar[frozenset[str]] = frozenset({"number", "title"})

    def count(self, code: str) -> int:
        return next((d.count for d in self.dispositions if d.code == code), 0)


@dataclass(frozen=True, slots=True)
class Report:
    draft: str
    title: str
    version: str
    language: str
    lang: str
    words: dict[str, Any]
    generated_at: str
    publish: bool
    sections: tuple[ReportSection, ...]
    general: tuple[ReportComment, ...]
    comments: tuple[ReportComment, ...]
    clusters: tuple[ReportCluster, ...]
    organisations: tuple[ReportOrganisation, ...]
    stats: dict[str, list[tuple[str, int]]]
    publication: Publication = field(default_factory=Publication)
    overall: ChapterStats | None = None
    chapters: tuple[ChapterStats, ...] = ()
    # Dispositions that occur, in print order (the columns of the statistics table).
    disposition_columns: tuple[str, ...] = ()
    general_points: tuple[ReportPoint, ...] = ()

    NOT_MASKED: ClassVar[frozenset[str]] = frozenset(
        {"draft", "title", "version", "language", "lang", "words", "generated_at", "publication"}
    )

    @property
    def answered(self) -> int:
        return sum(1 for c in self.comments if c.disposition)

    @property
    def date(self) -> str:
        """The document's date: ``[publication] date``, else the day it was rendered."""
        return self.publication.date or self.generated_at[:10]


@dataclass(frozen=True, slots=True)
class Built:
    """A Report and, apart from it, what masking removed (never handed to a template)."""

    report: Report
    masked: tuple[tuple[str, str, Masked], ...]


def output_language(draft_language: str | None, requested: str | None) -> str:
    """The language of labels and letters: the one asked for, else the draft's (en or sv)."""
    if requested and requested != "auto":
        return requested
    return "sv" if (draft_language or "").lower().startswith("sv") else "en"


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖÉ0-9\"“”(])")
_CLAUSE = re.compile(r"[,;:–—]\s|\s-\s")


def point_title(stored: str | None, representative: str, *, limit: int = 110) -> str:
    """A readable title for a point: the stored title, else the representative comment's
    first sentence, trimmed at a clause boundary when long (never keyword lemmas)."""
    if stored and stored.strip():
        return " ".join(stored.split())
    text = " ".join((representative or "").split())
    if not text:
        return ""
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    head = first[:limit]
    clauses = [m.start() for m in _CLAUSE.finditer(head) if m.start() >= 30]
    if clauses:
        return head[: clauses[-1]].rstrip() + " …"
    return head.rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _type_label(code: str | None, types: Mapping[str, str]) -> str:
    if not code:
        return ""
    return str(types.get(code, code))


def build_report(
    store: Store,
    draft: str,
    *,
    publish: bool = False,
    lang: str = "en",
    publication: Publication | None = None,
) -> Report:
    """The Report of one draft (plain data, nothing written); see :func:`build`."""
    return build(store, draft, publish=publish, lang=lang, publication=publication).report


def build(
    store: Store,
    draft: str,
    *,
    publish: bool = False,
    lang: str = "en",
    publication: Publication | None = None,
) -> Built:
    """Assemble the Report of one draft and, separately, the list of what was masked."""
    draft_id = parse_draft(draft)
    row = store.draft(draft_id)
    lang = output_language(row.language, lang)
    all_words = labels()
    words = dict(all_words.get(lang, all_words["en"]))
    w = words["report"]
    types = words.get("types", {})
    dispositions = words["dispositions"]
    units = store.units(draft_id)
    answers = store.answers(draft_id)
    membership = store.cluster_membership(draft_id)
    places = store.comment_places(draft_id)
    campaign_of = store.campaign_of_comments(draft_id)
    submissions: dict[str, StoredSubmission] = {s.code: s for s in store.list_submissions(draft_id)}
    private = str(w["private_individual"])
    # One body, one name: spellings and merged aliases are shown (and lettered) as one.
    # (Thousands of comments share a few hundred names: orgs.clean_name and org_key
    # remember each name, so display and key cost a lookup per comment.)
    identity = store.org_identity()

    comments: list[ReportComment] = []
    for c in store.list_comments(draft_id=draft_id):
        sub_code = code_of_submission(c.submission_id)
        sub = submissions.get(sub_code)
        organisation = c.organisation or (sub.organisation if sub else None) or ""
        key = ""
        if organisation:
            organisation = identity.display(organisation)
            key = identity.key(organisation)
        body_key = f"org:{key}" if organisation else f"private:{sub_code}"
        if not organisation:
            organisation = private
        person = c.author or ""
        if publish and not (sub and sub.publish_names):
            person = ""
        for part_id, which_part, text, kid in _points_of_comment(
            c.code, c.text or "", membership.get(c.id), places.get(c.id, ()), lang
        ):
            eff = effective_answer(c.id, cluster_id=kid, answers=answers)
            comments.append(
                ReportComment(
                    id=part_id,
                    submission=sub_code,
                    organisation=organisation,
                    person=person,
                    type=_type_label(c.type, types),
                    locator=c.locator or "",
                    section=c.section or GENERAL,
                    section_ref=c.section_ref or "",
                    paragraph_ref=c.paragraph_ref or "",
                    text=text,
                    proposed=c.proposed or "",
                    cluster=cluster_code(eff.cluster_id) if eff.cluster_id else "",
                    disposition=str(eff.disposition or ""),
                    disposition_label=str(dispositions.get(eff.disposition, eff.disposition or "")),
                    answer=eff.answer or "",
                    answer_source=str(eff.source or ""),
                    unit_seq=c.unit_seq,
                    line_ref=c.line_ref or "",
                    type_code=c.type or "",
                    body_key=body_key,
                    comment=c.code if which_part else "",
                    part_label=which_part,
                )
            )
    by_id = {c.id: c for c in comments}
    members_of: dict[str, list[ReportComment]] = {}
    for rc in comments:
        if rc.cluster:
            members_of.setdefault(rc.cluster, []).append(rc)

    signatories = {
        key: identity.bodies(s.signatories) for key, s in submissions.items() if s.signatories
    }

    clusters: list[ReportCluster] = []
    for k in store.list_clusters(draft_id):
        own = answers.get((AnswerTarget.CLUSTER, k.id))
        members = members_of.get(k.code, [])
        rep = by_id.get(comment_code(k.representative_id)) if k.representative_id else None
        # The representative of a point made by part of a long comment is that part.
        representative = rep.text if rep and not rep.part_label else (k.representative_text or "")
        keywords = tuple(t for t in (k.label or "").split(" · ") if t)
        disposition = str(own.disposition or "") if own else ""
        clusters.append(
            ReportCluster(
                id=k.code,
                label=k.label or "",
                size=k.size,
                n_bodies=_count_bodies(members, signatories),
                organisations=tuple(k.organisations),
                sections=tuple(k.sections),
                representative=representative,
                disposition=disposition,
                disposition_label=str(dispositions.get(disposition, "") or ""),
                answer=(own.answer or "") if own else "",
                comment_ids=tuple(c.id for c in members),
                # The stored title (analysis or editors), else the extractive fallback.
                title=point_title(k.title, representative),
                keywords=keywords,
                bodies=_body_names(members, private, signatories),
                campaign_bodies=_largest_campaign(members, campaign_of),
            )
        )
    cluster_by_id = {k.id: k for k in clusters}
    unit_by_seq = {u.seq: u for u in units}

    def points_of(own: Sequence[ReportComment]) -> tuple[tuple[ReportPoint, ...], tuple[Any, ...]]:
        grouped: dict[str, list[ReportComment]] = {}
        loose: list[ReportComment] = []
        for rc in own:
            key = rc.cluster
            if key in cluster_by_id:
                grouped.setdefault(key, []).append(rc)
            else:
                loose.append(rc)
        points = []
        # Points in the order of the draft text they concern, then by size.
        for key, group in sorted(
            grouped.items(),
            key=lambda kv: (
                min((c.unit_seq for c in kv[1] if c.unit_seq is not None), default=10**9),
                -len(kv[1]),
                kv[0],
            ),
        ):
            seqs = sorted({c.unit_seq for c in group if c.unit_seq is not None})
            quotes = tuple(
                ReportQuote(unit_by_seq[s].locator, unit_by_seq[s].text)
                for s in seqs
                if s in unit_by_seq and unit_by_seq[s].text.strip()
            )
            points.append(ReportPoint(cluster_by_id[key], quotes, tuple(group)))
        return tuple(points), tuple(loose)

    per_section: dict[str, list[ReportComment]] = {}
    for rc in comments:
        per_section.setdefault(rc.section, []).append(rc)
    headings = [u for u in units if u.kind == "heading"]
    sections: list[ReportSection] = []
    for h in headings:
        own_comments = tuple(per_section.get(h.section, ()))
        points, loose = points_of(own_comments)
        seqs = sorted({c.unit_seq for c in own_comments if c.unit_seq is not None})
        excerpt = next(
            (unit_by_seq[s].text for s in seqs if s in unit_by_seq and unit_by_seq[s].text), ""
        )
        sections.append(
            ReportSection(
                number=h.number or "",
                title=h.heading_title or h.text,
                level=h.level or 1,
                excerpt=excerpt,
                clusters=tuple(p.cluster for p in points),
                comments=own_comments,
                points=points,
                unclustered=loose,
            )
        )
    known_sections = {h.section for h in headings}
    general = tuple(c for c in comments if c.section not in known_sections)
    general_points, _ = points_of(general)

    organisations = _organisations(comments, submissions, publish=publish)
    chapter_titles = {
        (h.number or h.section): (h.heading_title or h.text)
        for h in headings
        if (h.level or 1) == 1 and (h.number or h.section)
    }
    # Statistics by organisation and type count each comment once (its parts are one).
    whole = list({c.comment_code: c for c in comments}.values())
    present = {c.disposition for c in comments if c.disposition}
    columns = tuple(d for d in DISPOSITION_ORDER if d in present or d in DISPOSITION_ORDER[:4])
    if any(not c.disposition for c in comments):
        columns += (OPEN,)

    def labelled(code: str) -> str:
        return str(w["open"]) if code == OPEN else str(dispositions.get(code, code))

    def count(number: str, title: str, group: Sequence[ReportComment]) -> ChapterStats:
        tally = Counter(c.disposition or OPEN for c in group)
        return ChapterStats(
            number,
            title,
            len({c.comment_code for c in group}),
            _count_bodies(group, signatories),
            tuple(DispositionCount(d, labelled(d), tally.get(d, 0)) for d in columns),
        )

    by_chapter: dict[str, list[ReportComment]] = {}
    for rc in comments:
        by_chapter.setdefault(chapter_of(rc.section), []).append(rc)
    chapters = tuple(
        count(ch, chapter_titles.get(ch, "") if ch else str(w["general"]), group)
        for ch, group in sorted(by_chapter.items(), key=lambda kv: (kv[0] == "", sort_key(kv[0])))
    )
    stats = {
        "organisation": Counter(c.organisation for c in whole).most_common(),
        "type": Counter(c.type or str(w["no_type"]) for c in whole).most_common(),
        "section": [(f"{s.number} {s.title}".strip(), s.comments) for s in chapters],
        "disposition": [
            (d.label, d.count) for d in count("", "", comments).dispositions if d.count
        ],
    }
    report = Report(
        draft=draft_code(draft_id),
        title=row.title,
        version=row.version,
        language=row.language,
        lang=lang,
        words=words,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        publish=publish,
        sections=tuple(sections),
        general=general,
        comments=tuple(comments),
        clusters=tuple(clusters),
        organisations=organisations,
        stats=stats,
        publication=publication or Publication(),
        overall=count("", "", comments),
        chapters=chapters,
        disposition_columns=columns,
        general_points=general_points,
    )
    if not publish:
        return Built(report, ())
    masked: list[tuple[str, str, Masked]] = []
    return Built(mask_view(report, lang=lang, sink=masked), tuple(masked))


def summary_line(report: Report) -> str:
    """ "53 comments from 16 bodies; Accepted 10, Partially accepted 5, …"."""
    w = report.words["report"]
    overall = report.overall
    if overall is None:
        return ""
    counts = ", ".join(f"{d.label} {d.count}" for d in overall.dispositions)
    comments = (
        w["comments_one"]
        if overall.comments == 1
        else w["comments_many"].format(n=overall.comments)
    )
    bodies = w["bodies_one"] if overall.bodies == 1 else w["bodies_many"].format(n=overall.bodies)
    head = w["summary"].format(comments=comments, bodies=bodies)
    return f"{head}; {counts}." if counts else f"{head}."


def _count_bodies(group: Iterable[ReportComment], signatories: Mapping[str, Sequence[str]]) -> int:
    """Distinct bodies: organisations, each private submitter, every co-signer."""
    keys: set[str] = set()
    for c in group:
        keys.add(c.body_key)
        keys.update(f"org:{org_key(s)}" for s in signatories.get(c.submission, ()))
    return len(keys)


def _body_names(
    group: Iterable[ReportComment], private: str, signatories: Mapping[str, Sequence[str]]
) -> tuple[str, ...]:
    """The bodies behind a point by name: organisations and every co-signer of a joint
    submission (as :func:`_count_bodies` counts them), private individuals as one entry."""
    names: dict[str, str] = {}
    individuals: set[str] = set()
    for c in group:
        if c.body_key.startswith("private:"):
            individuals.add(c.body_key)
        else:
            names.setdefault(c.body_key, c.organisation)
        for signer in signatories.get(c.submission, ()):
            names.setdefault(f"org:{org_key(signer)}", signer)
    out = sorted(names.values(), key=str.casefold)
    if individuals:
        out.append(private if len(individuals) == 1 else f"{private} ({len(individuals)})")
    return tuple(out)


def _largest_campaign(group: Iterable[ReportComment], campaign_of: Mapping[int, int]) -> int:
    bodies: dict[int, set[str]] = {}
    for c in group:
        campaign = campaign_of.get(_comment_id(c))
        if campaign is not None:
            bodies.setdefault(campaign, set()).add(c.body_key)
    return max((len(b) for b in bodies.values() if len(b) > 1), default=0)


def _organisations(
    comments: Sequence[ReportComment],
    submissions: Mapping[str, StoredSubmission],
    *,
    publish: bool,
) -> tuple[ReportOrganisation, ...]:
    # One entry per body: an organisation, or each private individual on their own
    # (they get a letter each).
    orgs: dict[str, dict[str, Any]] = {}
    for rc in comments:
        entry = orgs.setdefault(
            rc.body_key,
            {
                "name": rc.organisation,
                "subs": set(),
                "comments": [],
                "signatories": (),
                "sub": None,
            },
        )
        entry["subs"].add(rc.submission)
        entry["comments"].append(rc.id)
        sub = submissions.get(rc.submission)
        entry["sub"] = entry["sub"] or sub
        if sub is not None and sub.signatories:
            entry["signatories"] = sub.signatories
    out = []
    for _, v in sorted(orgs.items(), key=lambda kv: (kv[1]["name"].casefold(), kv[0])):
        first: StoredSubmission | None = v["sub"]
        out.append(
            ReportOrganisation(
                v["name"],
                tuple(sorted(v["subs"])),
                tuple(v["signatories"]),
                tuple(v["comments"]),
                # A contact person is a name: published only with the submitter's consent.
                contact=""
                if first is None or (publish and not first.publish_names)
                else first.contact or "",
                # Their reference number, as the letter or form gave it.
                reference=(first.reference if first else None) or "",
                # The date on their submission, when it gave one (not the day we collected it).
                received=((first.received if first else None) or "")[:10],
            )
        )
    return tuple(out)


def _comment_id(c: ReportComment) -> int:
    return parse_comment(c.comment_code)


def _points_of_comment(
    code: str,
    text: str,
    cluster_id: int | None,
    places: Sequence[CommentPlace],
    lang: str,
) -> list[tuple[str, str, str, int | None]]:
    """(id, part label, text, cluster id) for each point a comment makes: one for a whole
    comment; for a split one, one per cluster its parts are in (parts in the same cluster
    together), in the order of their first part."""
    if not places or places[0].of < 2:
        return [(code, "", text, cluster_id)]
    by_cluster: dict[int, list[CommentPlace]] = {}
    for p in places:
        by_cluster.setdefault(p.cluster_id, []).append(p)
    out: list[tuple[str, str, str, int | None]] = []
    for kid, own in by_cluster.items():
        label = part_label([p.part for p in own], own[0].of, lang)
        out.append((own[0].code, label, "\n\n".join(p.text for p in own), kid))
    return out
