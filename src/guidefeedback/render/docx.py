"""The consolidated comment-response document in Word, finished when it is opened.

What an agency publishes as it is: a title page from ``[publication]``; a table of contents
whose entries are already written (page numbers are ``PAGEREF`` fields, which Word and
LibreOffice fill in when they lay the document out; Word also refreshes them on open); a
header with the title, draft version and date and a footer "page X of Y" on every page
after the title page; statistics as comment-response documents print them, with a chart
that has whole-number axes, chapter titles, greyscale-safe fills and a text alternative;
then per section of the draft each point raised: its title, the bodies behind it, the
draft text it concerns quoted exactly, the disposition and answer, and its comments.

Tables take their column widths from their content and never exceed the text width of
their section; a table that does not fit upright (the ISO appendix) gets a landscape
section of its own. Rows never split across pages and header rows repeat.

The document is written as a stream of WordprocessingML (:mod:`.package`), so 100 000
comments need no more memory than the Report itself. Styles come from a reference
document (``templates/reference.docx``, replaceable through ``--template-dir``); outputs are
built from our own template, never by re-saving a submitter's file.

Longer than our usual ~500 lines because the comment-response document is one stream writer (title page, contents, points, appendix), so its layout rules stay in one place.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..report import Report, ReportComment, ReportPoint, ReportSection, summary_line
from ..sections import is_within
from .letters import safe_file_name, write_answer_letters
from .package import Package, PageSetup
from .wordml import (
    PAGE_BREAK,
    Cell,
    column_widths,
    x_field,
    x_image,
    x_page_of_footer,
    x_par,
    x_run,
    x_table,
)

__all__ = ["REFERENCE_DOCX", "safe_file_name", "write_answer_letters", "write_consolidated"]

REFERENCE_DOCX = "reference.docx"


def _document(reference: Path | None) -> Any:
    """The reference document with its sample content dropped, as a python-docx document
    (for the small documents other modules build with python-docx, such as the joint
    submission letter)."""
    import docx

    doc = docx.Document(str(reference)) if reference is not None else docx.Document()
    body = doc.element.body
    # Keep the final section properties (page size, margins); drop the sample content.
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue
        body.remove(child)
    return doc


TABLE_FONT = 18  # half-points: 9 pt in comment tables
EMU_PER_TWIP = 635


@dataclass(frozen=True, slots=True)
class _Heading:
    text: str
    level: int
    bookmark: str


class _Outline:
    """Headings in document order, each with its bookmark (the TOC's page references)."""

    def __init__(self) -> None:
        self.headings: list[_Heading] = []

    def add(self, text: str, level: int) -> _Heading:
        heading = _Heading(text, level, f"_Toc{len(self.headings) + 1:05d}")
        self.headings.append(heading)
        return heading


def _heading_xml(h: _Heading, index: int) -> str:
    return (
        f'<w:p><w:pPr><w:pStyle w:val="Heading{min(max(h.level, 1), 9)}"/><w:keepNext/></w:pPr>'
        f'<w:bookmarkStart w:id="{index}" w:name="{h.bookmark}"/>{x_run(h.text)}'
        f'<w:bookmarkEnd w:id="{index}"/></w:p>'
    )


def _toc_xml(outline: _Outline, setup: PageSetup, title: str) -> Iterator[str]:
    """The table of contents, pre-written: one entry per heading, linked to its bookmark,
    its page number a PAGEREF field. Inside a content control marked as a table of
    contents, which is how Word itself stores one."""
    yield (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>"
    )
    yield x_par(title, style="TOCHeading")
    tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{setup.text_width}"/></w:tabs>'
    for h in outline.headings:
        if h.level > 3:
            continue
        page = x_field("PAGEREF " + h.bookmark + " \\h", "1")
        yield (
            f'<w:p><w:pPr><w:pStyle w:val="TOC{h.level}"/>{tab}</w:pPr>'
            f'<w:hyperlink w:anchor="{h.bookmark}" w:history="1">{x_run(h.text)}'
            f"<w:r><w:tab/></w:r>{page}</w:hyperlink></w:p>"
        )
    yield "</w:sdtContent></w:sdt>"


# -- the chart --------------------------------------------------------------------------

# Fills that stay apart in greyscale: lightness steps from dark to light plus hatching.
_FILLS = (
    ("#1b4f72", ""),
    ("#5d8aa8", "//"),
    ("#a9c4d9", ""),
    ("#e0e0e0", "xx"),
    ("#707070", ".."),
    ("#ffffff", "\\\\"),
    ("#f4d03f", "--"),
)


def chart_png(report: Report) -> bytes | None:
    """Comments per chapter, stacked by disposition: whole-number axis, chapter titles,
    greyscale-safe fills. ``None`` without matplotlib or without comments."""
    if not report.comments or not report.chapters:
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        return None
    w = report.words["report"]
    chapters = list(report.chapters)
    names = [_short(f"{c.number} {c.title}".strip(), 42) for c in chapters]
    height = 1.2 + 0.32 * len(chapters)
    fig, ax = plt.subplots(figsize=(7.2, min(height, 9.0)), dpi=150)
    left = [0] * len(chapters)
    for i, code in enumerate(report.disposition_columns):
        values = [c.count(code) for c in chapters]
        if not any(values):
            continue
        colour, hatch = _FILLS[i % len(_FILLS)]
        label = next(d.label for d in chapters[0].dispositions if d.code == code)
        ax.barh(
            names,
            values,
            left=left,
            color=colour,
            hatch=hatch,
            edgecolor="#202020",
            linewidth=0.6,
            label=label,
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(w["chart_axis"], fontsize=8)
    ax.set_title(w["chart_title"], fontsize=9)
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7, loc="lower right", frameon=True)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def _png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- statistics -------------------------------------------------------------------------


def _stats_rows(report: Report) -> tuple[list[str], list[list[Cell]]]:
    w = report.words["report"]
    overall = report.overall
    labels = [d.label for d in overall.dispositions] if overall else []
    header = [w["chapter"], w["count"], w["bodies"], *labels]
    rows: list[list[Cell]] = [
        [
            f"{c.number} {c.title}".strip(),
            str(c.comments),
            str(c.bodies),
            *(str(d.count) for d in c.dispositions),
        ]
        for c in report.chapters
    ]
    if overall is not None:
        rows.append(
            [
                [(w["all_chapters"], True)],
                [(str(overall.comments), True)],
                [(str(overall.bodies), True)],
                *([(str(d.count), True)] for d in overall.dispositions),
            ]
        )
    return header, rows


# -- comments ---------------------------------------------------------------------------


def _comment_cell(c: ReportComment, w: dict[str, Any]) -> Cell:
    paras: list[tuple[str, bool]] = [(line, False) for line in c.text.split("\n")]
    if c.part_label:  # a part of a long comment: say which (issue 18)
        paras.insert(0, (f"({c.part_label})", False))
    if c.proposed:
        paras.append((f"{w['proposed']}:", True))
        paras.extend((line, False) for line in c.proposed.split("\n"))
    return paras


def _response_cell(c: ReportComment, w: dict[str, Any], *, point_answered: bool) -> Cell:
    if not c.disposition:
        return [(w["open"], False)]
    if c.answer_source == "cluster" and point_answered:
        return [(c.disposition_label, True), (w["as_above"], False)]
    return [(c.disposition_label, True), *((line, False) for line in c.answer.split("\n"))]


def _org(c: ReportComment) -> str:
    return c.organisation + (f" ({c.person})" if c.person else "")


def _comment_table(
    comments: Sequence[ReportComment], w: dict[str, Any], width: int, *, point_answered: bool
) -> Iterable[str]:
    header = [w["id"], w["organisation"], w["type"], w["place"], w["comment"], w["answer"]]
    rows: list[list[Cell]] = [
        [
            c.id,
            _org(c),
            c.type_code or c.type,
            c.place,
            _comment_cell(c, w),
            _response_cell(c, w, point_answered=point_answered),
        ]
        for c in comments
    ]
    widths = column_widths(header, rows, width, font_half_points=TABLE_FONT)
    return x_table(header, rows, widths, font_half_points=TABLE_FONT)


def _point_xml(point: ReportPoint, report: Report, width: int) -> Iterator[str]:
    w = report.words["report"]
    k = point.cluster
    title = k.title or k.label or k.id
    yield x_par([(title, True)], keep_next=True, ppr_extra='<w:spacing w:before="240"/>')
    # The point as a whole (all sections), as its list of bodies.
    n = k.n_bodies
    raised = w["supporters_one"] if n == 1 else w["supporters"].format(bodies=n)
    if k.campaign_bodies:
        raised += " (" + w["campaign"].format(n=k.campaign_bodies) + ")"
    yield x_par([(raised + ": ", False), ("; ".join(k.bodies), False)], keep_next=True)
    for q in point.quotes:
        yield x_par(
            [
                (f"{w['section_excerpt']} {q.locator}: ", True),
                (f"{w['quote_open']}{q.text}{w['quote_close']}", False),
            ],
            style="Quote",
            keep_next=True,
        )
    if k.disposition:
        answer = [(f"{w['response']}: ", True), (f"{k.disposition_label}. ", True)]
        answer.append((k.answer, False))
    else:
        answer = [(f"{w['response']}: ", True), (w["no_response"], False)]
    yield x_par(answer, keep_next=True)
    yield from _comment_table(
        point.comments, w, width, point_answered=bool(k.disposition or k.answer)
    )


def _section_xml(section: ReportSection, report: Report, width: int) -> Iterator[str]:
    w = report.words["report"]
    for point in section.points:
        yield from _point_xml(point, report, width)
    if section.unclustered:
        yield x_par([(w["other_comments"], True)], keep_next=True)
        yield from _comment_table(section.unclustered, w, width, point_answered=False)


def _section_block(
    section: ReportSection, report: Report, width: int, has_commented_part: bool
) -> Block:
    """The content under a section's heading, produced when the body is written."""

    def content() -> Iterable[str]:
        if section.comments:
            return _section_xml(section, report, width)
        if has_commented_part:
            return ()
        return [x_par(report.words["report"]["no_comments"])]

    return content


def _appendix_rows(report: Report) -> Iterator[list[Cell]]:
    for c in report.comments:
        if c.disposition:
            observation: Cell = [
                (c.disposition_label, True),
                *((line, False) for line in c.answer.split("\n") if line),
            ]
        else:
            observation = [(report.words["report"]["open"], False)]
        yield [
            c.organisation,
            c.line_ref,
            c.section_ref or c.section,
            c.paragraph_ref or c.locator,
            c.type_code or c.type,
            f"{c.id}{f' ({c.part_label})' if c.part_label else ''}: {c.text}",
            c.proposed,
            observation,
        ]


# -- the document -----------------------------------------------------------------------

Block = Callable[[], Iterable[str]]


def _header_footer(report: Report) -> tuple[str, str]:
    w = report.words["report"]
    pub = report.publication
    title = pub.title or f"{w['title']}: {report.title}"
    line = " · ".join(
        x
        for x in (
            _short(title, 90),
            w["version"].format(version=report.version),
            report.date,
            pub.reference,
        )
        if x
    )
    header = x_par(line, style="Header", size=16)
    footer = x_page_of_footer(w["page_of"])
    return header, footer


def _title_page(report: Report) -> Iterator[str]:
    w = report.words["report"]
    pub = report.publication
    yield x_par("", ppr_extra='<w:spacing w:before="2400"/>')
    if pub.body:
        yield x_par([(pub.body, True)], ppr_extra='<w:spacing w:after="600"/>')
    yield x_par(pub.title or f"{w['title']}: {report.title}", style="Title")
    yield x_par(w["subtitle"], style="Subtitle")
    yield x_par(w["title_page_draft"].format(title=report.title, version=report.version))
    yield x_par("", ppr_extra='<w:spacing w:before="1200"/>')
    for label, value in (
        (w["date"], report.date),
        (w["reference"], pub.reference),
        (w["published_by"], " · ".join(x for x in (pub.body, pub.unit) if x)),
        (w["contact"], pub.contact),
    ):
        if value:
            yield x_par([(f"{label}: ", True), (value, False)])


def write_consolidated(report: Report, path: Path, *, reference: Path | None) -> None:
    w = report.words["report"]
    chart = chart_png(report)
    header, footer = _header_footer(report)
    package = Package(
        reference,
        title=report.publication.title or f"{w['title']}: {report.title}",
        language=report.lang,
        header_xml=header,
        footer_xml=footer,
        media={"chart1.png": chart} if chart else {},
        update_fields=True,
    )
    base = package.setup
    portrait, landscape = base.oriented(False), base.oriented(True)
    outline = _Outline()
    # Each block is (heading or None, page setup, content). The outline is complete
    # before anything is written, so the contents list comes first.
    blocks: list[tuple[_Heading | None, PageSetup, Block]] = []

    def add(title: str | None, level: int, setup: PageSetup, content: Block) -> None:
        blocks.append((outline.add(title, level) if title else None, setup, content))

    def intro() -> Iterator[str]:
        yield x_par(w["intro_text"])
        yield x_par(w["type_legend"])
        if report.publish:
            yield x_par(w["masked_note"])

    def statistics() -> Iterator[str]:
        yield x_par(summary_line(report))
        if chart:
            px_w, px_h = _png_size(chart)
            width_emu = portrait.text_width * EMU_PER_TWIP
            height_emu = int(width_emu * px_h / max(px_w, 1))
            alt = w["chart_alt"].format(summary=summary_line(report))
            yield (
                "<w:p><w:pPr><w:keepNext/></w:pPr>"
                + x_image(
                    package.media_ids["chart1.png"],
                    width_emu,
                    height_emu,
                    name=w["chart_title"],
                    description=alt,
                )
                + "</w:p>"
            )
        header, rows = _stats_rows(report)
        yield x_par([(w["by_chapter_table"], True)], style="Caption", keep_next=True)
        # Eight points: seven number columns leave the chapter titles room to read.
        yield from x_table(
            header,
            rows,
            column_widths(header, rows, portrait.text_width, font_half_points=16),
            font_half_points=16,
        )
        for key, title, first in (
            ("organisation", w["by_organisation"], w["organisation"]),
            ("type", w["by_type"], w["type"]),
        ):
            pairs: list[list[Cell]] = [[k, str(n)] for k, n in report.stats[key]]
            head = [first, w["count"]]
            yield x_par(
                [(title, True)],
                style="Caption",
                keep_next=True,
                ppr_extra='<w:spacing w:before="360"/>',
            )
            yield from x_table(
                head,
                pairs,
                column_widths(head, pairs, portrait.text_width // 2, font_half_points=TABLE_FONT),
                font_half_points=TABLE_FONT,
            )

    add(w["introduction"], 1, portrait, intro)
    add(w["statistics"], 1, portrait, statistics)
    if report.general:

        def general() -> Iterator[str]:
            yield x_par(w["general_text"])
            for point in report.general_points:
                yield from _point_xml(point, report, portrait.text_width)
            loose = [c for c in report.general if not c.cluster]
            if loose:
                yield from _comment_table(loose, w, portrait.text_width, point_answered=False)

        add(w["general"], 1, portrait, general)
    # A section is listed when it has comments, holds a subsection that has, or is a
    # chapter (so the numbering reads without gaps: 6.2 before 6.2.1).
    commented = {s.number for s in report.sections if s.comments}
    for section in report.sections:
        below = bool(section.number) and any(
            n != section.number and is_within(n, section.number) for n in commented
        )
        if not section.comments and section.level > 1 and not below:
            continue
        title = f"{section.number} {section.title}".strip()
        add(
            title,
            min(section.level, 3),
            portrait,
            _section_block(section, report, portrait.text_width, below),
        )

    def appendix() -> Iterator[str]:
        header = [
            w["mb"],
            w["line"],
            w["clause"],
            w["paragraph"],
            w["type"],
            w["comment"],
            w["proposed"],
            w["observations"],
        ]
        rows = list(_appendix_rows(report))
        widths = column_widths(header, rows, landscape.text_width, font_half_points=16)
        yield from x_table(header, rows, widths, font_half_points=16)

    add(w["appendix"], 1, landscape, appendix)

    def body() -> Iterator[str]:
        yield from _title_page(report)
        yield PAGE_BREAK
        yield from _toc_xml(outline, portrait, w["contents"])
        # The title page and contents are a section of their own (no header on page 1).
        current = portrait
        yield f"<w:p><w:pPr>{current.sect_pr(title_page=True)}</w:pPr></w:p>"
        for index, (heading, setup, content) in enumerate(blocks, start=1):
            if setup != current:
                yield f"<w:p><w:pPr>{current.sect_pr()}</w:pPr></w:p>"
                current = setup
            if heading is not None:
                yield _heading_xml(heading, index)
            yield from content()
        yield current.sect_pr()

    package.write(path, body())
