"""``guidefeedback export`` and ``import-archive``: a draft's whole record as one JSON file."""

from __future__ import annotations

from pathlib import Path

import click

from ..app import archive as work
from ..ids import draft_code
from ._common import app, output_option


@click.command("export")
@click.argument("draft")
@output_option("The JSON archive to write.")
@click.pass_context
def export_cmd(ctx: click.Context, draft: str, output: Path) -> None:
    """Write everything about a draft to one JSON file: the draft and its original file,
    units, submissions with their files, comments, clusters, campaigns, answers and their
    history. `guidefeedback import-archive` restores it.
    """
    archive = work.export_archive(app(ctx).store(), draft, output)
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in archive["tables"].items() if rows)
    click.echo(f"{output}: {archive['draft']} ({counts})")


@click.command("import-archive")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_archive_cmd(ctx: click.Context, file: Path) -> None:
    """Restore a draft from a JSON archive made by `guidefeedback export`, keeping its ids.

    Restore into an empty database (or one without this draft). The archive is checked
    whole first (size, format, types, every row belonging to its draft, no id already
    taken, file bytes matching their SHA-256); nothing is written if any check fails.
    """
    from ..incident import reading

    with reading(file):
        draft_id = work.import_archive(app(ctx).store(create=True), file)
    click.echo(f"{draft_code(draft_id)}: restored from {file.name}")
