"""``guidefeedback export`` and ``import-archive``: a draft's whole record as one JSON file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import RefusedFile
from ..ids import draft_code, parse_code
from ._common import app, output_option

MAX_ARCHIVE_BYTES = 4 * 1024**3


@click.command("export")
@click.argument("draft")
@output_option("The JSON archive to write.")
@click.pass_context
def export_cmd(ctx: click.Context, draft: str, output: Path) -> None:
    """Write everything about a draft to one JSON file: the draft and its original file,
    units, submissions with their files, comments, clusters, campaigns, answers and their
    history. `guidefeedback import-archive` restores it.
    """
    from ..safe_open import atomic_output

    archive = app(ctx).store().export_draft(parse_code(draft, "D"))
    with atomic_output(output) as tmp, tmp.open("w", encoding="utf-8") as fh:
        json.dump(archive, fh, ensure_ascii=False, indent=1)
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in archive["tables"].items() if rows)
    click.echo(f"{output}: {archive['draft']} ({counts})")


@click.command("import-archive")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def import_archive_cmd(ctx: click.Context, file: Path) -> None:
    """Restore a draft from a JSON archive made by `guidefeedback export`, keeping its ids.

    Restore into an empty database (or one without this draft); nothing is written if any
    row would collide.
    """
    if file.stat().st_size > MAX_ARCHIVE_BYTES:
        raise RefusedFile(file, "larger than 4 GiB; not an archive we wrote")
    try:
        with file.open(encoding="utf-8") as fh:
            archive = json.load(fh)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RefusedFile(file, f"not a JSON archive ({exc})") from exc
    if not isinstance(archive, dict):
        raise RefusedFile(file, "not a guidefeedback archive")
    draft_id = app(ctx).store(create=True).import_archive(archive)
    click.echo(f"{draft_code(draft_id)}: restored from {file.name}")
