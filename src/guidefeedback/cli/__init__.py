"""The Click command line: parse, call one function in ``actions``, print.

Domain errors (a refused file, an unknown id, an unusable database) become one line on
stderr and exit code 1 here, once; Click's own usage errors keep exit code 2.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import GuidefeedbackError
from ._common import AppContext
from .archive import export_cmd, import_archive_cmd
from .clusters import cluster_group, clusters_group
from .drafts import draft_group
from .intake import check_cmd, collect_cmd, comments_group, form_cmd
from .orgs import orgs_group
from .pipeline import init_cmd, run_cmd
from .render import render_cmd
from .responses import respond_group
from .submit import submit_cmd


class _Group(click.Group):
    """Turns every error into ``Error: <one line>`` with exit code 1, at one place.

    Domain errors carry their own line. Click's own exceptions (usage errors, exit codes,
    Ctrl-C) pass through. Anything else is unexpected: :func:`incident.one_line` writes its
    traceback to a log file and names it, so no user ever sees a traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GuidefeedbackError as exc:
            raise click.ClickException(str(exc)) from exc
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BrokenPipeError:
            # The reader of our output went away (`guidefeedback check f | head`): stop
            # quietly as other command-line tools do; Python must not complain at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(1) from None
        except BaseException as exc:
            from ..incident import one_line

            command = ctx.invoked_subcommand or "command"
            database = ctx.obj.db_path if isinstance(ctx.obj, AppContext) else None
            raise click.ClickException(one_line(exc, command=command, database=database)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="guidefeedback")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="GUIDEFEEDBACK_DB",
    show_envvar=True,
    default=None,
    help="The SQLite database that holds drafts, comments and answers [default: the"
    " project's, from guidefeedback.toml in this folder or a folder above; else"
    " guidefeedback.db here].",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or chatter on stderr.")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, quiet: bool) -> None:
    """guidefeedback: import draft guidance, collect comments, cluster, answer, publish.

    \b
    Typical cycle:
      guidefeedback draft import drafts/guidance.docx
      guidefeedback form D1 -o comment-form.docx
      guidefeedback check their-comments.docx --draft D1
      guidefeedback collect comments/* --draft D1
      guidefeedback comments list --draft D1
    """
    ctx.obj = AppContext(
        db_path=db_path, quiet=quiet or bool(os.environ.get("GUIDEFEEDBACK_QUIET"))
    )
    ctx.call_on_close(ctx.obj.close)


cli.add_command(draft_group)
cli.add_command(check_cmd)
cli.add_command(collect_cmd)
cli.add_command(comments_group)
cli.add_command(form_cmd)
cli.add_command(respond_group)
cli.add_command(render_cmd)
cli.add_command(export_cmd)
cli.add_command(import_archive_cmd)
cli.add_command(init_cmd)
cli.add_command(run_cmd)
cli.add_command(cluster_group)
cli.add_command(clusters_group)
cli.add_command(orgs_group)
cli.add_command(submit_cmd)


def main() -> None:
    cli(prog_name="guidefeedback")
