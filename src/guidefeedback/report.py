"""The Report: everything the published documents show, assembled once from the store.

Every writer (Word, HTML, Markdown, CSV, XLSX, per-organisation answers) renders only from
this view model, so the documents agree with each other and with the database. Privacy is
decided here, not in the writers: with ``publish=True`` names of people appear only where
the submitter agreed, organisation names always, and personal data inside text is masked
(:mod:`.privacy`); what was masked is listed in :attr:`Report.masked` for review.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .ids import AnswerTarget, cluster_code, comment_code, draft_code, parse_draft
from .ids import submission_code as code_of_submission
from .privacy import Masked, mask_text
from .records import StoredSubmission
from .responses import disposition_label, effective_answer, labels
from .sections import chapter_of, sort_key

if TYPE_CHECKING:
    from .store import Store

GENERAL = ""


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

    @property
    def place(self) -> str:
        """Where the comment is: the located unit, else the place the submitter gave."""
        given = " ".join(x for x in (self.section_ref, self.paragraph_ref) if x)
        return self.locator or given


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


@dataclass(frozen=True, slots=True)
class ReportSection:
    number: str
    title: str
    level: int
    excerpt: str
    clusters: tuple[ReportCluster, ...]
    comments: tuple[ReportComment, ...]


@dataclass(frozen=True, slots=True)
class ReportOrganisation:
    name: str
    submissions: tuple[str, ...]
    signatories: tuple[str, ...]
    comment_ids: tuple[str, ...]


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
    masked: tuple[tuple[str, str, Masked], ...] = field(default=())

    @property
    def answered(self) -> int:
        return sum(1 for c in self.comments if c.disposition)


def _type_label(code: str | None, lang: str) -> str:
    if not code:
        return ""
    words = labels().get(lang, labels()["en"]).get("types", {})
    return str(words.get(code, code))


def build_report(store: Store, draft: str, *, publish: bool = False, lang: str = "en") -> Report:
    """Assemble the Report of one draft (plain data, nothing written)."""
    draft_id = parse_draft(draft)
    row = store.draft(draft_id)
    units = store.units(draft_id)
    answers = store.answers(draft_id)
    membership = store.cluster_membership(draft_id)
    submissions: dict[str, StoredSubmission] = {s.code: s for s in store.list_submissions(draft_id)}
    masked: list[tuple[str, str, Masked]] = []
    # One body, one name: spellings and merged aliases are shown (and lettered) as one.
    identity = store.org_identity()

    def clean(comment_id: str, field_name: str, text: str | None) -> str:
        if not text:
            return ""
        if not publish:
            return text
        out, found = mask_text(text, lang=lang)
        masked.extend((comment_id, field_name, m) for m in found)
        return out or ""

    comments: list[ReportComment] = []
    for c in store.list_comments(draft_id=draft_id):
        code = c.code
        sub = submissions.get(code_of_submission(c.submission_id))
        eff = effective_answer(c.id, cluster_id=membership.get(c.id), answers=answers)
        organisation = c.organisation or (sub.organisation if sub else None) or ""
        if organisation:
            organisation = identity.display(organisation)
        else:
            organisation = labels().get(lang, labels()["en"])["report"]["private_individual"]
        agreed = bool(sub and sub.publish_names)
        person = c.author or ""
        if publish and not agreed:
            person = ""
        comments.append(
            ReportComment(
                id=code,
                submission=code_of_submission(c.submission_id),
                organisation=organisation,
                person=person,
                type=_type_label(c.type, lang),
                locator=c.locator or "",
                section=c.section or GENERAL,
                section_ref=c.section_ref or "",
                paragraph_ref=c.paragraph_ref or "",
                text=clean(code, "text", c.text),
                proposed=clean(code, "proposed", c.proposed),
                cluster=cluster_code(eff.cluster_id) if eff.cluster_id else "",
                disposition=str(eff.disposition or ""),
                disposition_label=disposition_label(eff.disposition, lang),
                answer=clean(code, "answer", eff.answer),
                answer_source=str(eff.source or ""),
                unit_seq=c.unit_seq,
                line_ref=c.line_ref or "",
            )
        )
    by_id = {c.id: c for c in comments}
    clusters: list[ReportCluster] = []
    for k in store.list_clusters(draft_id):
        own = answers.get((AnswerTarget.CLUSTER, k.id))
        members = tuple(comment_code(c) for c, kk in sorted(membership.items()) if kk == k.id)
        rep = by_id.get(comment_code(k.representative_id)) if k.representative_id else None
        disposition = own.disposition if own else None
        clusters.append(
            ReportCluster(
                id=k.code,
                label=k.label,
                size=k.size,
                n_bodies=k.n_bodies,
                organisations=k.organisations,
                sections=k.sections,
                representative=rep.text if rep else "",
                disposition=str(disposition or ""),
                disposition_label=disposition_label(disposition, lang),
                answer=clean(k.code, "answer", own.answer if own else None),
                comment_ids=members,
            )
        )
    cluster_by_id = {k.id: k for k in clusters}

    sections: list[ReportSection] = []
    per_section: dict[str, list[ReportComment]] = {}
    for rc in comments:
        per_section.setdefault(rc.section, []).append(rc)
    headings = [u for u in units if u.kind == "heading"]
    first_text: dict[str, str] = {}
    for u in units:
        if u.kind != "heading" and u.section not in first_text:
            first_text[u.section] = u.text
    for h in headings:
        own_comments = tuple(per_section.get(h.section, ()))
        touching = sorted({c.cluster for c in own_comments if c.cluster})
        sections.append(
            ReportSection(
                number=h.number or "",
                title=h.heading_title or h.text,
                level=h.level or 1,
                excerpt=_excerpt(first_text.get(h.section, "")),
                clusters=tuple(cluster_by_id[k] for k in touching if k in cluster_by_id),
                comments=own_comments,
            )
        )
    known_sections = {h.section for h in headings}
    general = tuple(c for c in comments if c.section not in known_sections)

    orgs: dict[str, dict[str, Any]] = {}
    for rc in comments:
        entry = orgs.setdefault(rc.organisation, {"subs": set(), "comments": [], "signatories": ()})
        entry["subs"].add(rc.submission)
        entry["comments"].append(rc.id)
        sub = submissions.get(rc.submission)
        if sub is not None and sub.signatories:
            entry["signatories"] = identity.bodies(sub.signatories)
    organisations = tuple(
        ReportOrganisation(
            name, tuple(sorted(v["subs"])), tuple(v["signatories"]), tuple(v["comments"])
        )
        for name, v in sorted(orgs.items(), key=lambda kv: kv[0].casefold())
    )
    stats = {
        "organisation": Counter(c.organisation for c in comments).most_common(),
        "type": Counter(c.type or "-" for c in comments).most_common(),
        "section": sorted(
            Counter(chapter_of(c.section) or "-" for c in comments).items(),
            key=lambda kv: sort_key("" if kv[0] == "-" else kv[0]),
        ),
        "disposition": Counter(
            c.disposition_label or labels().get(lang, labels()["en"])["report"]["open"]
            for c in comments
        ).most_common(),
    }
    return Report(
        draft=draft_code(draft_id),
        title=row.title,
        version=row.version,
        language=row.language,
        lang=lang,
        words=dict(labels().get(lang, labels()["en"])),
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        publish=publish,
        sections=tuple(sections),
        general=general,
        comments=tuple(comments),
        clusters=tuple(clusters),
        organisations=organisations,
        stats=stats,
        masked=tuple(masked),
    )


def _excerpt(text: str, limit: int = 280) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"
