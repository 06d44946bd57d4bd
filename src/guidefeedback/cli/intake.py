"""Commands for submitters and intake: ``check``, ``collect``, ``comments``, ``form``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..ids import parse_draft, submission_code
from ._common import app, output_option, print_json, progress_ticks, shorten

if TYPE_CHECKING:
    from ..intake.columns import ColumnMap
    from ..records import StoredComment

_FILES = click.Path(exists=True, dir_okay=False, path_type=Path)


def _column_map(ctx: click.Context, spec: str | None) -> ColumnMap | None:
    if not spec:
        return None
    from ..intake.columns import parse_column_map

    try:
        return parse_column_map(spec)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param_hint="--columns") from exc


_COLUMNS_HELP = (
    "Which header holds which column, e.g. 'comment=data,organisation=Source,section=Clause'"
    " (names: comment, organisation, section, paragraph, type, proposed, line, page, author,"
    " email, quoted, table, date, id)."
)


@click.command("check")
@click.argument("file", type=_FILES)
@click.option("--draft", help="The draft in the database the comments are about, e.g. D1.")
@click.option(
    "--draft-file",
    type=_FILES,
    help="Check against this draft .docx instead (no database needed).",
)
@click.option("--org", "organisation", help="The submitting organisation, if the file lacks it.")
@click.option("--columns", "columns_spec", help=_COLUMNS_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def check_cmd(
    ctx: click.Context,
    file: Path,
    draft: str | None,
    draft_file: Path | None,
    organisation: str | None,
    columns_spec: str | None,
    as_json: bool,
) -> None:
    """Check a comment file before sending it: what was understood, and every problem.

    Writes nothing. Without --draft no database is needed: a form made by
    'guidefeedback form' carries its draft's id, title and sections, or give
    --draft-file. A Swedish form is answered in Swedish. Exit code 0 when the file is
    fine, 1 when it has problems or cannot be read at all.
    """
    from ..app.intake import check_file
    from ..checkmessages import fixed, translate

    columns = _column_map(ctx, columns_spec)
    store = app(ctx).store() if draft is not None else None
    from ..incident import reading

    with reading(file):
        report = check_file(
            store,
            file,
            draft=draft,
            draft_file=draft_file,
            organisation=organisation,
            columns=columns,
        )
    sub = report.submission
    lang = report.language
    if as_json:
        print_json(
            {
                "file": str(file),
                "ok": report.ok,
                "format": sub.format,
                "against": report.against,
                "language": lang,
                "columns": [{"header": h, "column": c} for h, c in report.columns],
                "organisation": sub.organisation,
                "signatories": list(sub.signatories),
                "contact": sub.contact,
                "publish_names": sub.publish_names,
                "unrecognised_columns": list(sub.unrecognised_columns),
                "letter": _letter_json(sub) if sub.split else None,
                "problems": [asdict(p) for p in report.problems],
                "notes": [translate(m, lang) for m in report.notes],
                "comments": [
                    {
                        "position": c.position,
                        "source": c.source,
                        "organisation": c.organisation,
                        "type": c.type,
                        "section": c.section,
                        "locator": c.locator,
                        "located_by": c.location.method,
                        "text": c.text,
                        "problems": [translate(m, lang) for m in c.problems],
                        "notes": [translate(m, lang) for m in c.notes],
                    }
                    for c in report.comments
                ],
            }
        )
    else:
        who = sub.organisation or fixed(lang, "no_org")
        if (
            sub.organisation is None
            and report.columns
            and all(column != "organisation" for _, column in report.columns)
        ):
            # A sheet without an organisation column: no row names its submitter.
            who = fixed(lang, "no_org_column")
        if sub.signatories:
            who += fixed(lang, "signed", names="; ".join(sub.signatories))
        from ..responses import count

        comments = count(len(report.comments), "comment", lang)
        key = "summary_no_org_column" if who == fixed(lang, "no_org_column") else "summary"
        click.echo(fixed(lang, key, file=file.name, format=sub.format, comments=comments, who=who))
        click.echo(fixed(lang, "against", against=report.against))
        if report.columns:
            from ..intake.columns import display_header

            extra = fixed(lang, "extra_column")
            mapped = ", ".join(f"{display_header(h)} → {c or extra}" for h, c in report.columns)
            click.echo(fixed(lang, "columns", columns=mapped))
        if sub.split:
            _echo_letter(report)
        for p in report.problems:
            click.echo(fixed(lang, "problem", where=p.where, message=translate(p.message, lang)))
        for note in report.notes:
            click.echo(fixed(lang, "note", message=translate(note, lang)))
        for c in report.comments if not sub.split else ():
            where = c.locator or fixed(lang, "general")
            flag = "!" if c.problems else " "
            click.echo(
                f"{flag} {c.source:<22} {c.type or '--':<3} {where:<12} {shorten(c.text, 50)}"
            )
            for message in c.problems:
                click.echo(f"      {translate(message, lang)}")
            for message in c.notes:
                click.echo(f"      ({translate(message, lang)})")
        n_bad = sum(1 for c in report.comments if c.problems) + len(report.problems)
        problems = count(n_bad, "problem", lang)
        click.echo(fixed(lang, "ok") if report.ok else fixed(lang, "bad", problems=problems))
    if not report.ok:
        sys.exit(1)


def _letter_json(sub: Any) -> dict[str, Any]:
    return {
        "split": sub.split,
        "date": sub.received,
        "reference": sub.reference,
        "signatory": sub.signatory,
        "email": sub.email,
    }


_SPLIT_KEYS = {
    "headings": "split_headings",
    "numbered paragraphs": "split_numbered",
    "paragraphs": "split_paragraphs",
}
_METHODS_SV = {
    "section": "avsnitt",
    "section+paragraph": "avsnitt och stycke",
    "table": "tabell",
    "quote": "citat",
    "anchor": "markerad text",
    "line": "sida och rad",
}


def _echo_letter(report: Any) -> None:
    """A letter at a glance: how it was split, what the letterhead and signature gave,
    and for each part where it came from and where it was placed."""
    from ..checkmessages import fixed, translate

    sub = report.submission
    lang = report.language
    how = sub.split
    if sub.format != "eml":
        how = fixed(lang, "letter_split", how=fixed(lang, _SPLIT_KEYS.get(how, "split_paragraphs")))
    details = [how]
    if sub.received:
        details.append(fixed(lang, "letter_dated", date=sub.received))
    if sub.reference:
        details.append(fixed(lang, "letter_reference", reference=sub.reference))
    click.echo(fixed(lang, "letter", details="; ".join(details)))
    if sub.signatory:
        click.echo(fixed(lang, "letter_signed", name=sub.signatory))
    if sub.email:
        click.echo(fixed(lang, "letter_sender", email=sub.email))
    for c in report.comments:
        flag = "!" if c.problems else " "
        raw = str(c.location.method)
        method = _METHODS_SV.get(raw, raw) if lang == "sv" else raw.replace("+", " and ")
        if c.locator:
            placed = fixed(lang, "letter_placed", locator=c.locator, method=method)
        else:
            placed = fixed(lang, "letter_not_placed")
        source = c.source.replace(", page ", ", sida ") if lang == "sv" else c.source
        click.echo(f"{flag} {c.position:>2} {source}  ->  {placed}")
        click.echo(f"       {shorten(c.text, 72)}")
        for message in c.problems:
            click.echo(f"       {translate(message, lang)}")


@click.command("collect")
@click.argument("files", nargs=-1, required=True, type=_FILES)
@click.option("--draft", required=True, help="The draft the comments are about, e.g. D1.")
@click.option("--org", "organisation", help="The submitting organisation, for files that lack it.")
@click.option("--columns", "columns_spec", help=_COLUMNS_HELP)
@click.option(
    "--convert-legacy",
    is_flag=True,
    help="Convert legacy .doc/.xls files with LibreOffice (soffice) instead of refusing them.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result per file as JSON.")
@click.pass_context
def collect_cmd(
    ctx: click.Context,
    files: tuple[Path, ...],
    draft: str,
    organisation: str | None,
    columns_spec: str | None,
    convert_legacy: bool,
    as_json: bool,
) -> None:
    """Store comment files as submissions to a draft, one transaction per file.

    The same file twice changes nothing. A newer file from the same organisation
    supersedes the older submission, which is kept. A file that cannot be read is
    reported in one line and skipped; the exit code is then 1.
    """
    from ..app.intake import collect_files

    columns = _column_map(ctx, columns_spec)
    a = app(ctx)
    store = a.store(create=True)
    with progress_ticks(length=len(files), label="Collecting", quiet=a.quiet) as tick:
        results = collect_files(
            store,
            list(files),
            draft=draft,
            organisation=organisation,
            on_file=tick,
            columns=columns,
            convert_legacy=convert_legacy,
        )
    if as_json:
        out: list[dict[str, Any]] = []
        for r in results:
            item: dict[str, Any] = {"file": str(r.file), "error": r.error}
            if r.added is not None:
                item.update(
                    submission=submission_code(r.added.submission_id),
                    created=r.added.created,
                    organisation=r.organisation,
                    row_organisations=list(r.row_organisations),
                    no_organisation_column=r.no_organisation_column,
                    comments=r.added.comment_count,
                    located=r.added.located,
                    superseded=[submission_code(s) for s in r.added.superseded],
                )
            out.append(item)
        print_json(out)
    else:
        from ..responses import count

        for r in results:
            if r.error:
                click.echo(f"Error: {r.error}", err=True)
            elif r.added is not None and not r.added.created:
                click.echo(
                    f"{submission_code(r.added.submission_id)}: {r.file.name} already collected;"
                    " nothing changed"
                )
            elif r.added is not None and r.no_organisation_column:
                click.echo(
                    f"{submission_code(r.added.submission_id)}: {r.file.name}:"
                    f" {count(r.added.comment_count, 'comment')}, no organisation column"
                    " (no row names its submitter; give --org if one body sent them all),"
                    f" {r.added.located} located"
                )
            elif r.added is not None:
                from ..orgs import clean_name

                who = (clean_name(r.organisation) if r.organisation else None) or (
                    f"{len(r.row_organisations)} organisations named in its rows"
                    if len(r.row_organisations) > 1
                    else "unknown organisation"
                )
                line = (
                    f"{submission_code(r.added.submission_id)}: {r.file.name}:"
                    f" {count(r.added.comment_count, 'comment')} from {who},"
                    f" {r.added.located} located"
                )
                if r.added.superseded:
                    line += (
                        f"; supersedes {', '.join(submission_code(s) for s in r.added.superseded)}"
                    )
                click.echo(line)
    if any(r.error for r in results):
        sys.exit(1)


@click.group("comments")
def comments_group() -> None:
    """List and search the collected comments."""


def _print_comments(rows: Sequence[StoredComment], width: int, places: Sequence[str]) -> None:
    for r, where in zip(rows, places, strict=True):
        click.echo(
            f"{r.code:<6} {shorten(r.organisation or '-', 28):<28} {r.type or '--':<3}"
            f" {where:<14} {shorten(r.text, width)}"
        )


def _place(c: StoredComment) -> str:
    return c.locator or f"general ({c.section_ref or '-'})"


@comments_group.command("list")
@click.option("--draft", help="Only comments on this draft, e.g. D1.")
@click.option("--org", "organisation", help="Only comments from organisations matching this.")
@click.option("--section", help="Only comments on this section and its subsections, e.g. 3.2.")
@click.option("--superseded", is_flag=True, help="Include superseded submissions.")
@click.option(
    "--against",
    help="A later version of the draft (e.g. D2): show where each comment's paragraph is now.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the comments as JSON.")
@click.option("--width", default=70, show_default=True, help="Characters of comment text.")
@click.pass_context
def comments_list(
    ctx: click.Context,
    draft: str | None,
    organisation: str | None,
    section: str | None,
    superseded: bool,
    against: str | None,
    as_json: bool,
    width: int,
) -> None:
    """List comments, filtered by draft, organisation or section.

    With --against D2, each comment on an earlier version also shows the locator of its
    paragraph in D2 and whether that paragraph changed.
    """
    store = app(ctx).store()
    draft_id = store.draft(parse_draft(draft)).id if draft else None
    rows = store.list_comments(
        draft_id=draft_id,
        organisation=organisation,
        section=section,
        include_superseded=superseded,
    )
    places = [_place(r) for r in rows]
    data = [r.to_json() for r in rows]
    if against is not None:
        if draft_id is None:
            raise click.UsageError("--against needs --draft")
        from ..app.drafts import map_to_version

        mapping = map_to_version(store, draft_id, against)
        for i, r in enumerate(rows):
            now = mapping.get(r.unit_seq) if r.unit_seq is not None else None
            data[i]["against"] = {"locator": now[0], "change": now[1]} if now else None
            if now is not None:
                places[i] = f"{r.locator}→{now[0] or 'removed'}"
    if as_json:
        print_json(data)
    else:
        _print_comments(rows, width, places)
        from ..responses import count

        click.echo(f"({count(len(rows), 'comment')})", err=True)


@comments_group.command("search")
@click.argument("query")
@click.option("--draft", help="Only comments on this draft, e.g. D1.")
@click.option("--limit", default=50, show_default=True, help="At most this many results.")
@click.option("--json", "as_json", is_flag=True, help="Print the comments as JSON.")
@click.option("--width", default=70, show_default=True, help="Characters of comment text.")
@click.pass_context
def comments_search(
    ctx: click.Context, query: str, draft: str | None, limit: int, as_json: bool, width: int
) -> None:
    """Full-text search over comments, proposed changes and organisations."""
    store = app(ctx).store()
    draft_id = store.draft(parse_draft(draft)).id if draft else None
    rows = store.search_comments(query, draft_id=draft_id, limit=limit)
    if as_json:
        print_json([r.to_json() for r in rows])
    else:
        _print_comments(rows, width, [_place(r) for r in rows])
        click.echo(f"({len(rows)} matches)", err=True)


@click.command("form")
@click.argument("draft")
@output_option("The form to write: .docx or .xlsx.")
@click.option(
    "--style",
    type=click.Choice(["iso", "remiss"]),
    default=None,
    help="Column set: ISO/CEN (English) or Swedish remiss. Default: by the draft's language.",
)
@click.pass_context
def form_cmd(ctx: click.Context, draft: str, output: Path, style: str | None) -> None:
    """Write a blank comment form for a draft, with its sections listed for reference."""
    if output.suffix.lower() not in {".docx", ".xlsx"}:
        raise click.UsageError("the form must be a .docx or .xlsx file", ctx=ctx)
    from ..app.intake import write_form

    outline, chosen = write_form(app(ctx).store(), draft, output, style=style)
    click.echo(f"Wrote {output} ({chosen} form for {outline['id']}: {outline['title']})")
