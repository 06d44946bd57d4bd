"""What every command shares: the open store, quiet mode, JSON output, progress."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ..store import Store

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class AppContext:
    db_path: Path
    quiet: bool = False
    _store: Store | None = field(default=None, repr=False)

    def store(self, *, create: bool = True) -> Store:
        if self._store is None:
            # Imported here: sqlite-utils pulls in numpy, too slow for `--help`.
            from ..store import open_store

            self._store = open_store(self.db_path, create=create)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def app(ctx: click.Context) -> AppContext:
    obj = ctx.find_object(AppContext)
    assert obj is not None, "commands run under the guidefeedback group"
    return obj


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@contextmanager
def progress_ticks(*, length: int, label: str, quiet: bool) -> Iterator[Callable[[object], None]]:
    """A progress bar advanced by calling what it yields once per item, as the work reaches
    it (so the bar moves with the work, not ahead of it); a no-op when not on a terminal."""
    if quiet or length < 2 or not sys.stderr.isatty():
        yield lambda _item: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        started = [False]

        def tick(_item: object) -> None:
            # Called as each item starts: the previous one is done.
            if started[0]:
                bar.update(1)
            started[0] = True

        yield tick
        bar.update(1)


def shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def output_option(help_text: str) -> Callable[[F], F]:
    """The ``-o/--output FILE`` option that every writing command takes."""
    return click.option(
        "-o",
        "--output",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=help_text,
    )
