"""``guidefeedback respond …``: answers per cluster or comment, worksheets, status, history."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..records import HistoryStatus
from ._common import app, output_option, print_json, shorten

DISPOSITIONS = "accepted, partially, noted, rejected, duplicate, out_of_scope"


@click.group("respond")
def respond_group() -> None:
    """Decide a disposition and write the answer for each cluster (or comment)."""


@respond_group.command("worksheet")
@click.argument("draft")
@output_option("The worksheet to write: FILE.xlsx or FILE.docx.")
@click.option("--section", help="Only clusters touching this section, e.g. 3 or 3.2.")
@click.option(
    "--unanswered", is_flag=True, help="Only clusters and comments without a disposition."
)
@click.option("--lang", type=click.Choice(["en", "sv"]), default="en", show_default=True)
@click.pass_context
def respond_worksheet(
    ctx: click.Context,
    draft: str,
    output: Path,
    section: str | None,
    unanswered: bool,
    lang: str,
) -> None:
    """Write a worksheet for editors to fill in (Word or Excel).

    Per cluster: its label, representative comment, organisations and every member
    comment, with empty Disposition and Answer cells (a drop-down list in Excel). The ids
    and answer revisions in the file make the import exact.
    """
    if output.suffix.lower() not in (".xlsx", ".docx"):
        raise click.UsageError("the worksheet must be a .xlsx or .docx file")
    from ..app import responses as act

    sheet = act.respond_worksheet(
        app(ctx).store(), draft, output, section=section, unanswered=unanswered, lang=lang
    )
    clusters = sum(r.kind == "cluster" for r in sheet.rows)
    click.echo(
        f"{output}: {clusters} clusters, {len(sheet.rows) - clusters} comments for {sheet.draft}"
    )


@respond_group.command("import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--editor", help="Name recorded with the answers (default: the worksheet's).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def respond_import(
    ctx: click.Context, files: tuple[Path, ...], editor: str | None, as_json: bool
) -> None:
    """Read filled worksheets back and store their answers.

    A worksheet made before a later change (a cluster merged, a newer answer stored) is
    not applied blindly: those rows are listed as conflicts, kept in the history and left
    for the editor. Exit code 1 when there are conflicts or problems.
    """
    from ..app import responses as act

    store = app(ctx).store()
    reports = [act.respond_import(store, f, editor=editor) for f in files]
    trouble = any(r.conflicts or r.problems for r in reports)
    if as_json:
        print_json(
            [
                {
                    "file": str(r.file),
                    "draft": r.draft,
                    "changed": [
                        {
                            "id": ("K" if c.change.target == "cluster" else "C")
                            + str(c.change.target_id),
                            "disposition": c.change.disposition,
                            "revision": c.revision,
                        }
                        for c in r.changed
                    ],
                    "unchanged": r.unchanged,
                    "conflicts": [{"id": i, "reason": why} for i, why in r.conflicts],
                    "problems": list(r.problems),
                }
                for r in reports
            ]
        )
    else:
        for r in reports:
            click.echo(
                f"{r.file.name}: {len(r.changed)} answers changed, {r.unchanged} unchanged,"
                f" {len(r.conflicts)} conflicts"
            )
            for ident, why in r.conflicts:
                click.echo(f"  conflict {ident}: {why}", err=True)
            for problem in r.problems:
                click.echo(f"  problem: {problem}", err=True)
    if trouble:
        sys.exit(1)


@respond_group.command("set")
@click.argument("target")
@click.option("--disposition", "-d", help=f"One of: {DISPOSITIONS} (English or Swedish words).")
@click.option("--answer", "-a", help="The answer text.")
@click.option("--editor", help="Name recorded with the answer.")
@click.pass_context
def respond_set(
    ctx: click.Context,
    target: str,
    disposition: str | None,
    answer: str | None,
    editor: str | None,
) -> None:
    """Answer a cluster (K7) or, as an exception, one comment (C345)."""
    if disposition is None and answer is None:
        raise click.UsageError("give --disposition, --answer or both")
    from ..app import responses as act

    try:
        result = act.respond_set(
            app(ctx).store(), target, disposition=disposition, answer=answer, editor=editor
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    verb = {"changed": "answered", "unchanged": "unchanged"}.get(result.status, result.status)
    click.echo(f"{target.upper()}: {verb} (revision {result.revision})")


@respond_group.command("status")
@click.argument("draft")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_context
def respond_status(ctx: click.Context, draft: str, as_json: bool) -> None:
    """How many clusters and comments are answered, per section and disposition."""
    from ..app import responses as act

    status = act.respond_status(app(ctx).store(), draft)
    if as_json:
        print_json(status)
        return
    k, c = status["clusters"], status["comments"]
    click.echo(f"{status['draft']}: {k['answered']}/{k['total']} clusters answered,")
    click.echo(
        f"    {c['answered']}/{c['total']} comments answered ({c['by_cluster_answer']} through"
        f" their cluster, {c['by_own_answer']} with their own answer)"
    )
    click.echo("By section:")
    for section, v in status["by_section"].items():
        click.echo(f"  {section:<10} {v['answered']:>4}/{v['comments']:<4}")
    if status["by_disposition"]:
        click.echo("By disposition:")
        for code, n in status["by_disposition"].items():
            click.echo(f"  {code:<14} {n:>4}")
    if status["open_clusters"]:
        click.echo("Open clusters: " + ", ".join(status["open_clusters"][:30]))
    if status["flagged"]:
        click.echo("Flagged for review:")
        for f in status["flagged"]:
            click.echo(f"  {f['comment']}: {f['reason']}")


@respond_group.command("history")
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
@click.pass_context
def respond_history(ctx: click.Context, target: str, as_json: bool) -> None:
    """Every change to a cluster's or comment's answer: who, when, old and new."""
    from ..app import responses as act

    rows = act.respond_history(app(ctx).store(), target)
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    if not rows:
        click.echo(f"{target.upper()}: no answers yet")
    for r in rows:
        mark = "" if r.status is HistoryStatus.APPLIED else f" [{r.status.upper()}: not applied]"
        click.echo(
            f"{r.at}  {r.editor or '-':<16} {r.source}{mark}\n"
            f"    {r.old_disposition or '-'} -> {r.new_disposition or '-'}:"
            f" {shorten(r.new_answer or '', 90)}"
        )
