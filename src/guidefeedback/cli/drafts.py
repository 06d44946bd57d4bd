"""``guidefeedback draft …``: import a Word draft, list drafts, show a draft's outline."""

from __future__ import annotations

from pathlib import Path

import click

from ..nlp import DETECT_LANGUAGES
from ._common import app, count, print_json, shorten

KIND_MARK = {
    "heading": "",
    "paragraph": "¶",
    "list_item": "•",
    "table_row": "▦",
    "footnote": "fn",
    "endnote": "en",
}


_MAX_LOCATOR = 28
_MAX_LABEL = 12


def _fit_locator(locator: str, width: int) -> str:
    """``locator`` cut to ``width`` in its section part, keeping "¶4" that tells units apart."""
    if len(locator) <= width:
        return locator
    head, mark, tail = locator.rpartition("¶")
    if not mark:
        return shorten(locator, width)
    return shorten(head, max(width - len(tail) - 1, 2)) + mark + tail


@click.group("draft")
def draft_group() -> None:
    """Import draft guidance documents (.docx) and look at their outline."""


@draft_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="Title to use instead of the document's own.")
@click.option(
    "--version",
    "version",
    help="Version label; a file with a known title and a new version is a new version.",
)
@click.option(
    "--lang",
    type=click.Choice(["auto", *DETECT_LANGUAGES]),
    default="auto",
    show_default=True,
    help="Language of the draft; auto detects it from the text.",
)
@click.option(
    "--accept-changes",
    is_flag=True,
    help="Read a draft that still holds tracked changes with them accepted (default: rejected,"
    " the text as it was before the changes).",
)
@click.option(
    "--layout",
    is_flag=True,
    help="Lay the draft out with LibreOffice (soffice) and record each unit's page and lines,"
    ' so "page 14, line 12" in a comment is placed.',
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def draft_import(
    ctx: click.Context,
    file: Path,
    title: str | None,
    version: str | None,
    lang: str,
    accept_changes: bool,
    layout: bool,
    as_json: bool,
) -> None:
    """Read a Word draft into numbered units and store it.

    Importing the same file again changes nothing and says so.
    """
    from ..layout import LayoutUnavailable

    store = app(ctx).store(create=True)
    from ..app.drafts import import_draft
    from ..incident import reading

    try:
        with reading(file):
            result = import_draft(
                store,
                file,
                title=title,
                version=version,
                lang=lang,
                accept_changes=accept_changes,
                layout=layout,
            )
    except LayoutUnavailable as exc:
        raise click.UsageError(str(exc)) from exc
    added = result.added
    if as_json:
        print_json(
            {
                "id": result.code,
                "created": added.created,
                "title": result.title,
                "version": added.version,
                "language": result.language,
                "units": added.unit_count,
                "tracked_changes": result.tracked_changes,
                "accepted_changes": result.accepted_changes,
                "layout": result.laid_out,
            }
        )
        return
    if added.created:
        click.echo(
            f"{result.code}: {result.title} (version {added.version}, {result.language},"
            f" {count(added.unit_count, 'unit')}) imported from {file.name}"
        )
        if result.tracked_changes:
            how = "accepted" if result.accepted_changes else "rejected (the text before them)"
            other = "" if result.accepted_changes else "; --accept-changes reads the revised text"
            click.echo(
                f"note: {file.name} still holds {result.tracked_changes} tracked changes;"
                f" they were {how}{other}"
            )
    else:
        click.echo(f"{result.code}: {file.name} is already imported; nothing changed")


@draft_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the drafts as JSON.")
@click.pass_context
def draft_list(ctx: click.Context, as_json: bool) -> None:
    """List the drafts in the database."""
    rows = app(ctx).store().list_drafts()
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    if not rows:
        click.echo("No drafts yet. Import one with: guidefeedback draft import FILE.docx")
        return
    for r in rows:
        click.echo(
            f"{r.code:<4} v{r.version:<4} {r.language}  {count(r.unit_count, 'unit'):>11}"
            f"  {count(r.submissions, 'submission'):>15}  {count(r.comments, 'comment'):>14}"
            f"  {r.title}"
        )


@draft_group.command("show")
@click.argument("draft")
@click.option("--json", "as_json", is_flag=True, help="Print the draft and all units as JSON.")
@click.option("--all", "show_all", is_flag=True, help="Every unit, not only the outline.")
@click.option("--width", default=60, show_default=True, help="Characters of text per line.")
@click.option(
    "--printed",
    is_flag=True,
    help="Also give each unit's label as Word shows it and its page and lines (--layout).",
)
@click.pass_context
def draft_show(
    ctx: click.Context, draft: str, as_json: bool, show_all: bool, width: int, printed: bool
) -> None:
    """Show a draft's outline: headings with their numbers and locators.

    With --all, every paragraph, list item, table row and footnote is listed with its
    locator (e.g. 3.2¶4) and first words.
    """
    from ..app.drafts import draft_outline

    outline = draft_outline(app(ctx).store(), draft, printed=printed or not as_json)
    if as_json:
        print_json(outline)
        return
    click.echo(
        f"{outline['id']}  {outline['title']}  (version {outline['version']}, {outline['language']})"
    )
    # Columns as wide as the longest locator and label, within bounds: a long heading
    # title used as a locator is cut with "…" rather than pushing the text out of line.
    units = outline["units"]
    loc_w = min(max([14, *(len(u["locator"] or "") for u in units)]), _MAX_LOCATOR)
    label_w = min(
        max(
            [
                8,
                *(
                    len(u.get("label") or u["number"] or "-")
                    for u in units
                    if u["kind"] == "heading"
                ),
            ]
        ),
        _MAX_LABEL,
    )
    for u in units:
        where = f"  p{u['page']} l{u['line']}" if printed and u.get("page") else ""
        if u["kind"] == "heading":
            indent = "  " * max((u["level"] or 1) - 1, 0)
            label = shorten(u.get("label") or u["number"] or "-", label_w)
            title = u["title"] or u["text"]
            click.echo(f"{indent}{label:<{label_w}} {shorten(title, width)}{where}")
        elif show_all:
            # A numbered list item shows its number as Word does ("a)", "3."), not a bullet.
            mark = u.get("label") or u["number"] or KIND_MARK.get(u["kind"], "")
            if u["kind"] not in ("list_item",):
                mark = KIND_MARK.get(u["kind"], "")
            locator = _fit_locator(u["locator"] or "", loc_w)
            click.echo(f"    {locator:<{loc_w}} {mark:<2} {shorten(u['text'], width)}{where}")
    counts: dict[str, int] = {}
    for u in outline["units"]:
        counts[u["kind"]] = counts.get(u["kind"], 0) + 1
    summary = ", ".join(
        f"{n} {k.replace('_', ' ')}{'' if n == 1 else 's'}" for k, n in counts.items()
    )
    click.echo(f"({summary})")


DIFF_MARK = {
    "unchanged": " ",
    "renumbered": "#",
    "moved": ">",
    "changed": "~",
    "removed": "-",
    "added": "+",
}


@draft_group.command("diff")
@click.argument("old")
@click.argument("new")
@click.option("--all", "show_all", is_flag=True, help="Also list unchanged and renumbered units.")
@click.option(
    "--check",
    is_flag=True,
    help="Also list accepted comments whose paragraph did not change, and changes no"
    " accepted comment asked for.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the alignment as JSON.")
@click.option("--width", default=60, show_default=True, help="Characters of text per line.")
@click.pass_context
def draft_diff(
    ctx: click.Context,
    old: str,
    new: str,
    show_all: bool,
    check: bool,
    as_json: bool,
    width: int,
) -> None:
    """Align two versions of a draft: moved, changed, added, removed, renumbered units.

    Marks: ~ changed, > moved, # renumbered, - removed, + added.
    """
    from ..app.drafts import draft_diff as diff

    result = diff(app(ctx).store(), old, new, check=check)
    if as_json:
        print_json(result)
        return
    for u in result["units"]:
        if u["kind"] in ("unchanged", "renumbered") and not show_all:
            continue
        mark = DIFF_MARK[u["kind"]] + (">" if u["kind"] == "changed" and u["moved"] else "")
        text = u["new_text"] if u["new_text"] is not None else u["old_text"]
        click.echo(
            f"{mark:<2} {u['old'] or '':<14} {u['new'] or '':<14} {shorten(text or '', width)}"
        )
    counts = ", ".join(f"{n} {k}" for k, n in sorted(result["summary"].items()))
    click.echo(f"({result['old']} → {result['new']}: {counts})")
    if check:
        click.echo("Decisions against the revision:")
        if not result["check"]:
            click.echo("  nothing to report")
        for i in result["check"]:
            if i["kind"] == "accepted_unchanged":
                click.echo(
                    f"  {i['comment']} was accepted but {i['old']} did not change"
                    f" (now {i['new']}): {shorten(i['text'], width)}"
                )
            else:
                where = i["new"] or f"{i['old']} (removed)"
                click.echo(
                    f"  {where} changed without an accepted comment: {shorten(i['text'], width)}"
                )
