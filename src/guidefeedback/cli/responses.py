"""``guidefeedback respond …``: answers per cluster or comment, worksheets, conflicts,
assignments, review, status, history."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ._common import app, output_option, print_json, shorten

DISPOSITIONS = "accepted, partially, noted, rejected, duplicate, out_of_scope"
LANG = click.Choice(["en", "sv"])
LANG_HELP = "Language of the labels (default: the draft's language)."


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
@click.option("--editor", help="Only the clusters assigned to this editor (respond assign).")
@click.option("--lang", type=LANG, help=LANG_HELP)
@click.pass_context
def respond_worksheet(
    ctx: click.Context,
    draft: str,
    output: Path,
    section: str | None,
    unanswered: bool,
    editor: str | None,
    lang: str | None,
) -> None:
    """Write a worksheet for editors to fill in (Word or Excel).

    Per cluster: its label and representative comment, the bodies behind it (and any
    form-letter campaign among them), the draft paragraphs concerned and the comment
    types; per comment: type, place, comment and proposed change; then empty Disposition
    and Answer cells (a drop-down list in Excel). Open conflicts follow the row they
    concern. The file carries this database's identity, the draft's SHA-256, the ids and
    the answer revisions, so the import is exact.
    """
    if output.suffix.lower() not in (".xlsx", ".docx"):
        raise click.UsageError("the worksheet must be a .xlsx or .docx file")
    from ..app.worksheets import respond_worksheet as write_sheet
    from ..responses import count

    sheet = write_sheet(
        app(ctx).store(),
        draft,
        output,
        section=section,
        unanswered=unanswered,
        lang=lang,
        editor=editor,
    )
    clusters = sum(r.kind == "cluster" for r in sheet.rows)
    # A long comment listed under each cluster its parts are in is one comment.
    comments = len({r.id.split(".")[0] for r in sheet.rows if r.kind == "comment"})
    # Counted by kind: a split comment has a row under each of its parts' clusters.
    conflicts = sum(r.kind == "conflict" for r in sheet.rows)
    line = (
        f"{output}: {count(clusters, 'cluster', 'en')}, {count(comments, 'comment', 'en')}"
        f" for {sheet.draft}"
    )
    if conflicts:
        line += f", {count(conflicts, 'conflict', 'en')} to settle"
    click.echo(line)


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

    A worksheet already applied (the same file) changes nothing. One made from another
    database, or for another file of the draft, is refused. A row that breaks a rule (a
    rejection without a reason, a duplicate that names nothing) is reported with its row
    number and skipped. A row answered by someone else since the worksheet was made is a
    conflict: listed, kept in the history once, not applied; settle it with `respond
    resolve`. A changed Title cell sets the cluster's title as `cluster title` does; a
    title changed since the worksheet was made is a conflict. Exit code 1 when there
    are new conflicts or problems.
    """
    from ..ids import target_code
    from ..responses import count

    store = app(ctx).store()
    from ..app.worksheets import respond_import as import_sheet
    from ..incident import reading

    reports = []
    for f in files:
        with reading(f):
            reports.append(import_sheet(store, f, editor=editor))
    trouble = any(r.conflicts or r.problems for r in reports)
    if as_json:
        print_json(
            [
                {
                    "file": str(r.file),
                    "draft": r.draft,
                    "already_applied": r.already_applied,
                    "changed": [
                        {
                            "id": target_code(c.change.target, c.change.target_id),
                            "disposition": c.change.disposition,
                            "revision": c.revision,
                        }
                        for c in r.changed
                    ],
                    "unchanged": r.unchanged,
                    "conflicts": [{"id": i, "reason": why} for i, why in r.conflicts],
                    "known_conflicts": list(r.known_conflicts),
                    "problems": list(r.problems),
                    "titles": [{"id": i, "title": t} for i, t in r.titles],
                }
                for r in reports
            ]
        )
    else:
        for r in reports:
            if r.already_applied:
                click.echo(f"{r.file.name}: already applied; nothing changed")
                continue
            click.echo(
                f"{r.file.name}: {count(len(r.changed), 'answer')} changed, {r.unchanged}"
                f" unchanged, {count(len(r.conflicts), 'conflict')}"
            )
            for ident, title in r.titles:
                shown = (
                    title if title is not None else "computed title restored at the next clustering"
                )
                click.echo(f"  title {ident}: {shown}")
            for ident, why in r.conflicts:
                click.echo(f"  conflict {ident}: {why}", err=True)
            for ident in r.known_conflicts:
                click.echo(f"  {ident}: the conflict recorded before is still open", err=True)
            for problem in r.problems:
                click.echo(f"  problem: {problem}", err=True)
        if any(r.conflicts for r in reports):
            click.echo(
                f"Settle conflicts: guidefeedback respond conflicts {reports[0].draft},"
                ' then respond resolve K7 --keep theirs|mine|"text"',
                err=True,
            )
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
    """Answer a cluster (K7) or, as an exception, one comment (C345).

    Partially accepted, Not accepted and Out of scope need an answer that gives the
    reason; a Duplicate names what it duplicates (--answer "Duplicate of K3").
    """
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


@respond_group.command("conflicts")
@click.argument("draft")
@click.option("--json", "as_json", is_flag=True, help="Print the conflicts as JSON.")
@click.pass_context
def respond_conflicts(ctx: click.Context, draft: str, as_json: bool) -> None:
    """Open conflicts: worksheet rows not applied because the answer had changed.

    "mine" is the worksheet's answer that was not applied, "theirs" the answer stored
    now; both with who and when.
    """
    from ..app import responses as act
    from ..responses import disposition_label

    conflicts = act.respond_conflicts(app(ctx).store(), draft)
    if as_json:
        print_json([c.to_json() for c in conflicts])
        return
    if not conflicts:
        click.echo(f"{draft.upper()}: no open conflicts")
        return
    for c in conflicts:
        data = c.to_json()
        click.echo(f"{data['id']} ({c.source}):")
        for side in ("mine", "theirs"):
            a = data[side]
            click.echo(
                f"  {side:<7}{disposition_label(a['disposition']) or '-'}:"
                f" {shorten(a['answer'] or '', 80)}  ({a['editor'] or '-'}, {a['at']})"
            )
    first = conflicts[0].code
    click.echo(f'Settle one: guidefeedback respond resolve {first} --keep theirs|mine|"new answer"')


@respond_group.command("resolve")
@click.argument("target")
@click.option(
    "--keep",
    required=True,
    help='theirs (the stored answer stays), mine (the worksheet\'s answer) or "a new answer".',
)
@click.option("--disposition", "-d", help="With a new answer: its disposition.")
@click.option("--editor", help="Who settles it; with --keep mine, whose worksheet's answer.")
@click.pass_context
def respond_resolve(
    ctx: click.Context, target: str, keep: str, disposition: str | None, editor: str | None
) -> None:
    """Settle the open conflict on a cluster (K7) or comment (C12); the history keeps it."""
    from ..app import responses as act

    try:
        result = act.respond_resolve(
            app(ctx).store(), target, keep=keep, disposition=disposition, editor=editor
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if result is None:
        click.echo(f"{target.upper()}: conflict settled; the stored answer stays")
    else:
        click.echo(f"{target.upper()}: conflict settled; answered (revision {result.revision})")


@respond_group.command("assign")
@click.argument("clusters", nargs=-1, required=True)
@click.option("--editor", help="The editor who answers these clusters.")
@click.option("--unassign", is_flag=True, help="Take the clusters back from their editor.")
@click.pass_context
def respond_assign(
    ctx: click.Context, clusters: tuple[str, ...], editor: str | None, unassign: bool
) -> None:
    """Give clusters (K3 K7 …) to an editor; `respond worksheet --editor` then lists them."""
    if bool(editor) == unassign:
        raise click.UsageError("give --editor NAME or --unassign")
    from ..app import responses as act

    done = act.respond_assign(app(ctx).store(), clusters, editor=None if unassign else editor)
    click.echo(f"{', '.join(done)}: {'unassigned' if unassign else f'assigned to {editor}'}")


@respond_group.command("review")
@click.argument("draft")
@click.option(
    "--keep",
    "keep",
    multiple=True,
    metavar="ID",
    help="Mark this item (C12 or K7) as reviewed, keeping its answer; repeatable.",
)
@click.option("--editor", help="Name recorded with what you review.")
@click.option("--lang", type=LANG, help=LANG_HELP)
@click.option("--json", "as_json", is_flag=True, help="List the items as JSON; ask nothing.")
@click.pass_context
def respond_review(
    ctx: click.Context,
    draft: str,
    keep: tuple[str, ...],
    editor: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    """Walk the items flagged for review, one by one.

    Flagged: comments that joined an answered cluster or moved into a differently
    answered one, and clusters whose comments in different languages got different
    answers. For each, keep the answer as it is (k), skip (s) or stop (q); to answer one
    differently use `respond set`. --keep marks items without asking.
    """
    from ..app import responses as act
    from ..ids import parse_draft

    store = app(ctx).store()
    draft_id = parse_draft(draft)
    lang = act.draft_lang(store, draft_id, lang)
    if keep:
        for code in keep:
            act.acknowledge(store, draft, code, editor=editor)
            click.echo(f"{code.upper()}: reviewed; the answer stays")
        return
    items = act.review_items(store, draft_id, lang=lang)
    if as_json:
        print_json([i.to_json() for i in items])
        return
    if not items:
        click.echo(f"{draft.upper()}: nothing to review")
        return
    answers = store.answers(draft_id)
    for n, item in enumerate(items, start=1):
        click.echo(f"\n[{n}/{len(items)}] {item.id}: {item.text}")
        _show_context(store, item, answers, lang)
        choice = click.prompt(
            "Keep the answer (k), skip (s), stop (q)",
            type=click.Choice(["k", "s", "q"]),
            default="s",
            show_choices=False,
        )
        if choice == "q":
            break
        if choice == "k":
            act.acknowledge(store, draft, item.id, editor=editor)
            click.echo(f"{item.id}: reviewed; the answer stays")


def _show_context(store: Any, item: Any, answers: Any, lang: str) -> None:
    from ..ids import AnswerTarget, parse_cluster, parse_comment
    from ..responses import disposition_label

    if item.target is AnswerTarget.COMMENT:
        c = store.comment(parse_comment(item.id))
        click.echo(
            f"  {c.organisation or '-'}, {c.locator or c.section_ref or '-'}:"
            f" {shorten(c.text, 200)}"
        )
    if item.cluster:
        k = answers.get((AnswerTarget.CLUSTER, parse_cluster(item.cluster)))
        click.echo(
            f"  {item.cluster}: {disposition_label(k.disposition if k else None, lang) or '-'}:"
            f" {shorten((k.answer if k else '') or '', 200)}"
        )


@respond_group.command("status")
@click.argument("draft")
@click.option("--lang", type=LANG, help=LANG_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.pass_context
def respond_status(ctx: click.Context, draft: str, lang: str | None, as_json: bool) -> None:
    """What is answered (per chapter, disposition and editor) and what is still open:
    unanswered clusters, items to review and conflicts."""
    from ..app import responses as act
    from ..responses import count, disposition_label, words

    status = act.respond_status(app(ctx).store(), draft, lang=lang)
    if as_json:
        print_json(status)
        return
    lang = status["lang"]
    w = words(lang)["status"]
    k, c, o = status["clusters"], status["comments"], status["open"]
    clusters_line = str(w["clusters"]).format(
        draft=status["draft"],
        answered=k["answered"],
        clusters=count(k["total"], "cluster", lang),
    )
    comments_line = str(w["comments"]).format(
        answered=c["answered"],
        comments=count(c["total"], "comment", lang),
        through_cluster=c["by_cluster_answer"],
        own=c["by_own_answer"],
    )
    click.echo(f"{clusters_line}; {comments_line}.")
    if o["total"]:
        parts = [
            count(n, noun, lang)
            for n, noun in (
                (o["clusters"], "unanswered_cluster"),
                (o["comments_outside_clusters"], "comment"),
                (sum(1 for f in status["flagged"] if f["target"] == "comment"), "flag"),
                (sum(1 for f in status["flagged"] if f["target"] == "cluster"), "cluster_flag"),
                (o["conflicts"], "conflict"),
            )
            if n
        ]
        click.echo(
            str(w["open"]).format(
                items=f"{count(o['total'], 'item', lang)} (" + ", ".join(parts) + ")"
            )
        )
    else:
        click.echo(str(w["open_none"]))
    click.echo(f"{w['by_chapter']}:")
    for section, v in status["by_section"].items():
        name = w["general"] if section == "(general)" else w["chapter"].format(chapter=section)
        click.echo(f"  {name:<14} {v['answered']:>4} / {v['comments']}")
    if status["by_disposition"]:
        click.echo(f"{w['by_disposition']}:")
        for code, n in status["by_disposition"].items():
            click.echo(f"  {disposition_label(code, lang):<20} {n:>4}")
    if any(e["editor"] for e in status["by_editor"]):
        click.echo(f"{w['by_editor']}:")
        for e in status["by_editor"]:
            line = str(w["editor_line"]).format(
                editor=e["editor"] or w["unassigned"],
                answered=e["answered"],
                clusters=count(e["clusters"], "cluster", lang),
            )
            click.echo(f"  {line}")
    if status["open_clusters"]:
        click.echo(f"{w['open_clusters']}: " + ", ".join(status["open_clusters"][:30]))
    if status["split_comments"]:
        click.echo(f"{w['split_comments']}:")
        for entry in status["split_comments"][:30]:
            points = ", ".join(
                f"{p['part']} {p['cluster']}"
                f" {disposition_label(p['disposition'], lang) or w['part_open']}"
                for p in entry["parts"]
            )
            click.echo(f"  {entry['comment']}: {points}")
    if status["flagged"]:
        click.echo(f"{w['flagged']}:")
        for f in status["flagged"]:
            click.echo(f"  {f['id']}: {f['description']}")
    if status["conflicts"]:
        click.echo(f"{w['conflicts']}:")
        for conflict in status["conflicts"]:
            mine, theirs = conflict["mine"], conflict["theirs"]
            click.echo(
                f"  {conflict['id']}: {mine['editor'] or '-'}"
                f" {disposition_label(mine['disposition'], lang) or '-'} ≠"
                f" {theirs['editor'] or '-'} {disposition_label(theirs['disposition'], lang) or '-'}"
            )


@respond_group.command("history")
@click.argument("target")
@click.option("--lang", type=LANG, help=LANG_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
@click.pass_context
def respond_history(ctx: click.Context, target: str, lang: str | None, as_json: bool) -> None:
    """Every change to a cluster's or comment's answer: who, when, old and new, conflicts
    that were not applied and how they were settled."""
    from ..app import responses as act
    from ..responses import describe_source, disposition_label, words

    store = app(ctx).store()
    rows = act.respond_history(store, target)
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    lang = act.history_lang(store, target, lang)
    w = words(lang)["status"]
    if not rows:
        click.echo(str(w["no_history"]).format(target=target.upper()))
    for r in rows:
        mark = str(w.get(str(r.status), str(r.status)))
        mark = f" [{mark}]" if mark else ""
        old = disposition_label(r.old_disposition, lang) or "-"
        new = disposition_label(r.new_disposition, lang) or "-"
        click.echo(
            f"{r.at}  {r.editor or '-':<16} {describe_source(r.source, lang)}{mark}\n"
            f"    {old} → {new}: {shorten(r.new_answer or '', 90)}"
        )
