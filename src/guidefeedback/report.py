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

from .ids import draft_code, parse_code
from .privacy import Masked, mask_text
from .responses import disposition_label, effective_answer, labels

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
    draft_id = parse_code(draft, "D")
    row = store.draft(draft_id)
    units = store.units(draft_id)
    answers = store.answers(draft_id)
    membership = store.cluster_membership(draft_id)
    submissions = {f"S{s['id']}": s for s in store.list_submissions(draft_id)}
    masked: list[tuple[str, str, Masked]] = []

    def clean(comment_id: str, field_name: str, text: str | None) -> str:
        if not text:
            return ""
        if not publish:
            return text
        out, found = mask_text(text, lang=lang)
        masked.extend((comment_id, field_name, m) for m in found)
        return out or ""

    comments: list[ReportComment] = []
    for listed in store.list_comments(draft_id=draft_id):
        c = listed
        cid = int(c["id"][1:])
        sub = submissions.get(c["submission"], {})
        eff = effective_answer(cid, cluster_id=membership.get(cid), answers=answers)
        organisation = c.get("organisation") or sub.get("organisation") or ""
        if not organisation:
            organisation = labels().get(lang, labels()["en"])["report"]["private_individual"]
        agreed = bool(sub.get("publish_names"))
        person = c.get("author") or ""
        if publish and not agreed:
            person = ""
        comments.append(
            ReportComment(
                id=c["id"],
                submission=c["submission"],
                organisation=organisation,
                person=person,
                type=_type_label(c.get("type"), lang),
                locator=c.get("locator") or "",
                section=c.get("section") or GENERAL,
                section_ref=c.get("section_ref") or "",
                paragraph_ref=c.get("paragraph_ref") or "",
                text=clean(c["id"], "text", c["text"]),
                proposed=clean(c["id"], "proposed", c.get("proposed")),
                cluster=f"K{eff.cluster_id}" if eff.cluster_id else "",
                disposition=eff.disposition or "",
                disposition_label=disposition_label(eff.disposition, lang),
                answer=clean(c["id"], "answer", eff.answer),
                answer_source=eff.source or "",
                unit_seq=c.get("unit_seq"),
                line_ref=c.get("line_ref") or "",
            )
        )
    by_id = {c.id: c for c in comments}
    clusters: list[ReportCluster] = []
    for k in store.list_clusters(draft_id):
        kid = int(k["id"][1:])
        own = answers.get(("cluster", kid), {})
        members = tuple(f"C{c}" for c, kk in sorted(membership.items()) if kk == kid)
        rep = by_id.get(k["representative"] or "")
        clusters.append(
            ReportCluster(
                id=k["id"],
                label=k["label"] or "",
                size=int(k["size"]),
                n_bodies=int(k["n_bodies"]),
                organisations=tuple(k["organisations"]),
                sections=tuple(k["sections"]),
                representative=rep.text if rep else "",
                disposition=own.get("disposition") or "",
                disposition_label=disposition_label(own.get("disposition"), lang),
                answer=clean(k["id"], "answer", own.get("answer")),
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
        sigs = submissions.get(rc.submission, {}).get("signatories")
        if sigs:
            entry["signatories"] = tuple(str(sigs).split("; "))
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
            Counter((c.section.split(".")[0] if c.section else "-") for c in comments).items(),
            key=lambda kv: _section_key(kv[0]),
        ),
        "disposition": Counter(
            c.disposition_label or labels().get(lang, labels()["en"])["report"]["open"]
            for c in comments
        ).most_common(),
    }
    return Report(
        draft=draft_code(draft_id),
        title=str(row["title"]),
        version=str(row["version"]),
        language=str(row["language"]),
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


def _section_key(section: str) -> tuple[int, str]:
    return (int(section), "") if section.isascii() and section.isdigit() else (10**6, section)
