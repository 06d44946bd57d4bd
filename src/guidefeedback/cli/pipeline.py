"""``guidefeedback init`` and ``guidefeedback run``: a project folder, the whole cycle."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from ._common import print_json


@click.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="Name of the consultation (default: the folder's name).")
def init_cmd(folder: Path, name: str | None) -> None:
    """Create a project folder: guidefeedback.toml, drafts/, comments/, responses/."""
    from ..app.pipeline import init_project

    for path in init_project(folder, name=name):
        click.echo(str(path))
    click.echo(
        f"Next: put the draft in {folder / 'drafts'}, the comment files in"
        f" {folder / 'comments' / 'draft-v1'}, edit guidefeedback.toml, then run:"
        f" guidefeedback run {folder}",
        err=True,
    )


@click.command("run")
@click.argument(
    "folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option("--strict", is_flag=True, help="Stop at the first file that cannot be read.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def run_cmd(ctx: click.Context, folder: Path, strict: bool, as_json: bool) -> None:
    """Run the whole cycle on a project folder (see guidefeedback.toml).

    Imports new drafts, collects new submissions, re-clusters what changed, applies filled
    worksheets from responses/, compares draft versions and renders every output into
    out/. A second run with nothing new does no work and says so. A file that cannot be
    read is reported and skipped (exit code 1 at the end); --strict stops at it.
    """
    from ..app.pipeline import plan_size, run_project

    quiet = bool(ctx.obj and ctx.obj.quiet) or not sys.stderr.isatty()
    # A progress bar on a terminal (on stderr); nothing when piped or with -q.
    bar = click.progressbar(
        length=plan_size(folder), label="guidefeedback run", file=sys.stderr, show_pos=True
    )

    def on_step(label: str, steps: int) -> None:
        if not quiet:
            bar.label = label
            bar.update(steps)

    with bar if not quiet else contextlib.nullcontext():
        summary = run_project(folder, strict=strict, on_step=on_step)
    if as_json:
        print_json(summary.as_dict())
    elif summary.nothing_new:
        click.echo("Nothing new: drafts, comments and answers are as in the last run.")
    else:
        s = summary
        click.echo(
            f"Drafts imported: {', '.join(s.drafts_imported) or 'none'};"
            f" submissions collected: {s.submissions_collected} ({s.comments_collected} comments);"
            f" clustered: {', '.join(s.clustered) or 'none'};"
            f" answers changed: {s.answers_changed};"
            f" rendered: {', '.join(s.rendered) or 'none'}"
        )
        for rev in s.revisions:
            counts = ", ".join(f"{n} {k}" for k, n in sorted(rev["summary"].items()))
            click.echo(
                f"Revision {rev['old']} → {rev['new']}: {counts};"
                f" {len(rev['check'])} decisions to check"
            )
    for problem in summary.files_refused:
        click.echo(f"Error: {problem}", err=True)
    for conflict in summary.conflicts:
        click.echo(f"Conflict: {conflict}", err=True)
    if summary.files_refused or summary.conflicts:
        sys.exit(1)
