"""``guidefeedback render``: the consolidated comment-response document and its companions."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import app

FORMATS = ("docx", "html", "md", "csv", "xlsx")


@click.command("render")
@click.argument("draft")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs (created if missing).",
)
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    help="Comma-separated outputs: docx (document, answers per organisation, review copy),"
    " html, md, csv, xlsx.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "sv"]),
    help="Language of the labels (default: the draft's language).",
)
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="guidefeedback.toml whose [publication] table gives the title page, sender and"
    " signatory (default: the project's guidefeedback.toml next to the database or one"
    " folder up, if there is one).",
)
@click.option(
    "--publish",
    is_flag=True,
    help="Output for publication: no personal names without consent, personal data masked.",
)
@click.option(
    "--template-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder whose templates (report.html.j2, report.md.j2, reference.docx) replace ours.",
)
@click.pass_context
def render_cmd(
    ctx: click.Context,
    draft: str,
    out: Path,
    formats: str,
    lang: str | None,
    publish: bool,
    template_dir: Path | None,
    config: Path | None,
) -> None:
    """Write the comment-response document (Word, HTML, Markdown), the comment matrix
    (CSV, XLSX), one answer per organisation and the merged review copy of the draft.

    A failed render leaves the previous outputs in the folder as they were.
    """
    wanted = [f.strip().lower() for f in formats.split(",") if f.strip()]
    unknown = sorted(set(wanted) - set(FORMATS))
    if unknown:
        raise click.UsageError(f"unknown format(s): {', '.join(unknown)}")
    from ..app.render import render_outputs
    from ..publication import load_publication

    if config is None:
        db = app(ctx).resolved_db().resolve()
        config = next(
            (
                folder / "guidefeedback.toml"
                for folder in (db.parent, db.parent.parent)
                if (folder / "guidefeedback.toml").is_file()
            ),
            None,
        )
    publication = load_publication(config)
    result = render_outputs(
        app(ctx).store(),
        draft,
        out,
        formats=wanted,
        lang=lang,
        publish=publish,
        template_dir=template_dir,
        publication=publication,
    )
    for path in result.files:
        click.echo(str(path))
    from ..responses import count

    note = count(result.comments, "comment")
    if "docx" in wanted:
        note += f", {result.review_comments_placed} placed in the review copy"
    if result.masked:
        note += (
            f"; {result.masked} personal data items masked (listed in the NOT-FOR-PUBLICATION file)"
        )
    click.echo(note, err=True)
