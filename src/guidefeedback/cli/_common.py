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


PROJECT_CONFIG = "guidefeedback.toml"


def project_database(start: Path) -> Path | None:
    """The database named by the nearest guidefeedback.toml in ``start`` or a folder above."""
    import tomllib

    for folder in (start, *start.parents):
        config = folder / PROJECT_CONFIG
        if config.is_file():
            try:
                project = tomllib.loads(config.read_text(encoding="utf-8")).get("project", {})
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return None
            name = project.get("database") if isinstance(project, dict) else None
            return folder / str(name or "guidefeedback.db")
    return None


@dataclass
class AppContext:
    db_path: Path | None
    quiet: bool = False
    _store: Store | None = field(default=None, repr=False)

    def resolved_db(self) -> Path:
        """``--db``, else the project's database (inside a project folder), else
        ``guidefeedback.db`` here."""
        if self.db_path is None:
            self.db_path = project_database(Path.cwd().absolute()) or Path("guidefeedback.db")
        return self.db_path

    def store(self, *, create: bool = False) -> Store:
        """The open database. Only commands that bring data in (``draft import``,
        ``collect``, ``import-archive``) pass ``create=True``; every other command refuses
        to invent an empty database."""
        if self._store is None:
            # Imported here: sqlite-utils pulls in numpy, too slow for `--help`.
            from ..store import open_store

            self._store = open_store(self.resolved_db(), create=create)
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


def count(n: int, noun: str, lang: str = "en") -> str:
    """``responses.count`` ("3 comments"), imported when used: the responses module and
    what it imports were half the start-up of `guidefeedback --help`."""
    from ..responses import count as counted

    return counted(n, noun, lang)
