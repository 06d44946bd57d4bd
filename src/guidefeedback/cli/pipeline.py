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
@click.option(
    "--convert-legacy",
    is_flag=True,
    help="Convert legacy .doc/.xls files with LibreOffice (soffice) instead of refusing them.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def run_cmd(
    ctx: click.Context, folder: Path, strict: bool, convert_legacy: bool, as_json: bool
) -> None:
    """Run the whole cycle on a project folder (see guidefeedback.toml).

    Imports new drafts, collects new submissions, re-clusters what changed, applies filled
    worksheets from responses/, compares draft versions and renders every output into
    out/. A second run with nothing new does no work and says so. Every file in a
    comments folder is collected or listed with the reason it cannot be read (exit code 1
    at the end, and under "files_refused" in --json); --strict stops at the first.
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

    def on_wait(pid: int | None) -> None:
        holder = f" (pid {pid})" if pid is not None else ""
        click.echo(
            f"Another run{holder} is working on this project; waiting for it to finish.",
            err=True,
        )

    with bar if not quiet else contextlib.nullcontext():
        summary = run_project(
            folder,
            strict=strict,
            on_step=on_step,
            on_wait=on_wait,
            convert_legacy=convert_legacy,
        )
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
        for written in s.submitted:
            click.echo(f"Joint submission: {written}")
        for rev in s.revisions:
            counts = ", ".join(f"{n} {k}" for k, n in sorted(rev["summary"].items()))
            click.echo(
                f"Revision {rev['old']} → {rev['new']}: {counts};"
                f" {len(rev['check'])} decisions to check"
            )
    for code, keys in summary.without_terms.items():
        if not as_json:
            click.echo(
                f"{code}: {len(keys)} comments have no words to compare"
                f" ({', '.join(keys[:10])}{' …' if len(keys) > 10 else ''});"
                " they are kept together in a cluster of their own"
            )
    for problem in summary.files_refused:
        click.echo(f"Error: {problem}", err=True)
    for conflict in summary.conflicts:
        click.echo(f"Conflict: {conflict}", err=True)
    if summary.conflicts:
        click.echo(
            "Each conflict is recorded once; list them with `guidefeedback respond conflicts DRAFT`"
            ' and settle each with `guidefeedback respond resolve K7 --keep theirs|mine|"text"`.'
            " The next run does not raise them again.",
            err=True,
        )
    if summary.files_refused or summary.conflicts:
        sys.exit(1)
