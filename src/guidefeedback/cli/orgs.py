"""``guidefeedback orgs list`` and ``orgs merge``: one body, one identity."""

from __future__ import annotations

import click

from ._common import app, count, print_json


@click.group("orgs")
def orgs_group() -> None:
    """The organisations behind the submissions: list them, merge names of one body.

    Names are compared after Unicode NFC, case folding, whitespace squeezing and removal
    of invisible and right-to-left control characters; merged names are counted as one
    body in clusters, supersession and answer letters.
    """


@orgs_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the bodies as JSON.")
@click.pass_context
def orgs_list(ctx: click.Context, as_json: bool) -> None:
    """List every body with its spellings, submissions and comments, and likely duplicates.

    Likely duplicates are the same name apart from punctuation and small words, the same
    e-mail domain, or one name the acronym of the other; merge them with 'orgs merge'.
    """
    from ..app.orgs import list_organisations
    from ..orgs import visible

    listing = list_organisations(app(ctx).store())
    if as_json:
        print_json(
            {
                "organisations": [
                    {
                        "name": b.name,
                        "spellings": list(b.spellings),
                        "submissions": b.submissions,
                        "comments": b.comments,
                        "emails": list(b.emails),
                    }
                    for b in listing.bodies
                ],
                "comments_without_organisation": listing.unnamed_comments,
                "likely_duplicates": [
                    {"names": [d.first, d.second], "reason": d.reason} for d in listing.duplicates
                ],
            }
        )
        return
    for b in listing.bodies:
        others = [visible(s) for s in b.spellings if s != b.name]
        also = f" (also written {'; '.join(others)})" if others else ""
        click.echo(
            f"{b.name}: {count(b.submissions, 'submission')}, {count(b.comments, 'comment')}{also}"
        )
    if listing.unnamed_comments:
        click.echo(
            f"{count(listing.unnamed_comments, 'comment')} with no organisation"
            " (the files name none; collect them with --org to name one)"
        )
    if listing.duplicates:
        click.echo("Likely the same body (merge with: guidefeedback orgs merge NAME --into NAME):")
        for d in listing.duplicates:
            click.echo(f"  {d.first} / {d.second}: {d.reason}")
    click.echo(f"({count(len(listing.bodies), 'body')})", err=True)


@orgs_group.command("merge")
@click.argument("names", nargs=-1, required=True)
@click.option("--into", required=True, help="The name to show for the merged body.")
@click.option("--json", "as_json", is_flag=True, help="Print what changed as JSON.")
@click.pass_context
def orgs_merge(ctx: click.Context, names: tuple[str, ...], into: str, as_json: bool) -> None:
    """Treat NAMES as one body shown as --into: in clusters, supersession and letters.

    Example: guidefeedback orgs merge UHM "Swedish National Agency for Public Procurement"
    --into Upphandlingsmyndigheten. The older of the body's current submissions are
    superseded by its newest, as for one organisation; run 'cluster' again to regroup.
    """
    from ..app.orgs import merge_organisations

    result = merge_organisations(app(ctx).store(), names, into=into)
    if as_json:
        print_json(
            {
                "into": result.into,
                "merged": list(result.merged),
                "superseded": [{"old": f"S{o}", "by": f"S{n}"} for o, n in result.superseded],
                "clusters_updated": result.clusters_updated,
            }
        )
        return
    click.echo(f"{', '.join(result.merged) or into} → {result.into}")
    for old, new in result.superseded:
        click.echo(f"  S{old} is now superseded by S{new} (the same body)")
    if result.clusters_updated:
        click.echo(f"  bodies counted again in {result.clusters_updated} clusters")
