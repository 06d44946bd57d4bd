"""``guidefeedback submit``: the network's joint answer, sent upstream in the form asked for."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import app, output_option, print_json


@click.command("submit")
@click.argument("draft")
@output_option("The file to write: .docx, or the received form's own format with --form.")
@click.option(
    "--form",
    "form",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The comment form the drafting body sent (.docx or .xlsx): filled in place, one row"
    " per joint comment, the rest of the file unchanged.",
)
@click.option(
    "--as",
    "as_",
    type=click.Choice(["iso", "remiss", "letter"]),
    help="iso: the ISO/IEC/CEN commenting template; remiss: a Swedish remissvar; letter: an"
    " English letter. Default from [submit] in guidefeedback.toml, else iso.",
)
@click.option(
    "--lang",
    type=click.Choice(["sv", "en"]),
    help="Language of the wording. Default: sv for remiss, en otherwise.",
)
@click.option(
    "--supporters/--no-supporters",
    default=None,
    help="Name the member bodies behind each comment (default on).",
)
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The guidefeedback.toml with [coordinator] (name, code, signatory …). Default:"
    " the one in the current folder, else beside the database.",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_context
def submit_cmd(
    ctx: click.Context,
    draft: str,
    output: Path,
    form: Path | None,
    as_: str | None,
    lang: str | None,
    supporters: bool | None,
    config: Path | None,
    as_json: bool,
) -> None:
    """Write the coordinator's joint submission on DRAFT: every cluster answered Accepted
    or Partially accepted becomes one joint comment (the answer as its text, the members'
    proposed changes merged, "Supported by: …" the members behind it).

    \b
    Examples:
      guidefeedback submit D1 -o joint-comments.docx --as iso
      guidefeedback submit D1 -o remissvar.docx --as remiss
      guidefeedback submit D1 -o their-form-filled.docx --form their-form.docx
    """
    if form is not None and as_ is not None:
        raise click.UsageError("use either --form (fill their form) or --as, not both")
    from ..app.submit import find_config, load_submit_config, with_overrides, write_submission

    a = app(ctx)
    coordinator, options = load_submit_config(find_config(explicit=config, db_path=a.db_path))
    options = with_overrides(options, as_=as_, lang=lang, supporters=supporters)
    if form is None and as_ is None and options.form:
        form = Path(options.form)
    done = write_submission(
        a.store(create=False),
        draft,
        output,
        coordinator=coordinator,
        options=options,
        form=form,
    )
    sub = done.submission
    if as_json:
        print_json(
            {
                "file": str(done.path),
                "kind": done.kind,
                "draft": sub.draft,
                "comments": len(sub.comments),
                "members": sub.members,
                "positions": [
                    {
                        "number": j.number,
                        "section": j.section,
                        "type": j.type,
                        "from": list(j.sources),
                        "supporters_named": list(j.named),
                        "supporters_total": j.supporters,
                    }
                    for j in sub.comments
                ],
            }
        )
        return
    click.echo(str(done.path))
    if not a.quiet:
        click.echo(
            f"{len(sub.comments)} joint comments from {sub.members} member bodies"
            f" ({done.kind}); check it with: guidefeedback check {done.path} --draft {sub.draft}",
            err=True,
        )
