"""``export`` and ``import-archive``: a draft's whole record as one JSON document.

An archive is ``{"format": "guidefeedback-archive/1", "schema": N, "draft": "D1",
"tables": {table: [row, …]}}`` with rows as column → value and blobs (the original files)
as ``{"base64": …}``. The store supplies the rows, the schema and one insert
transaction; this module owns the format and every check.

An archive someone hands us is untrusted input, as much as a comment file. Before
anything is written it is checked whole, and refused whole with one line:

- its size, before parsing (``Limits.max_archive_bytes``): ``json`` holds the whole
  document in memory, several times its size, so a larger file is refused unread;
- format, schema version and every value's type, against the tables of this database
  (no unknown table or column, integers are integers, blobs are base64);
- ownership: the archive holds exactly one draft, the one it names; every row with a
  ``draft_id`` names that draft, and every reference (a comment's submission, a member's
  cluster, an answer's target…) points at a row of this same archive, so no row can
  reach another draft already in the database;
- collisions: no id (draft, unit, submission, comment, cluster, …) may already exist;
- files: every file's bytes must match its SHA-256 (and size), since later imports of the
  same bytes are recognised by that hash.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .errors import RefusedFile, StoreError
from .ids import draft_code
from .records import ArchiveSchema, ArchiveTable
from .safe_open import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from .store import Store

FORMAT = "guidefeedback-archive/1"
_DRAFT_CODE = re.compile(r"D([1-9][0-9]{0,17})")
_INT64 = (-(2**63), 2**63 - 1)
# Answers point at a cluster or a comment by (target, target_id), not by a foreign key.
_TARGETS = {"cluster": "clusters", "comment": "comments"}


def export_archive(store: Store, draft_id: int) -> dict[str, Any]:
    """The archive of one draft as a JSON-ready dict."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in store.export_rows(draft_id):
        tables[table.name] = [
            {
                c: {"base64": base64.b64encode(v).decode("ascii")} if isinstance(v, bytes) else v
                for c, v in zip(table.columns, row, strict=True)
            }
            for row in table.rows
        ]
    return {
        "format": FORMAT,
        "schema": store.schema_version(),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "draft": draft_code(draft_id),
        "tables": tables,
    }


def read_archive(path: Path, limits: Limits = DEFAULT_LIMITS) -> Any:
    """The parsed JSON of an archive file, refused before parsing when too large."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RefusedFile(path, f"cannot be read ({exc.strerror})") from exc
    if size > limits.max_archive_bytes:
        raise RefusedFile(
            path,
            f"the archive is {size / 2**20:.0f} MiB; the limit is"
            f" {limits.max_archive_bytes / 2**20:.0f} MiB; nothing was changed",
        )

    def no_constants(name: str) -> NoReturn:
        raise ValueError(f"{name} is not a JSON value")

    try:
        with path.open("rb") as fh:
            data = fh.read(limits.max_archive_bytes + 1)
        if len(data) > limits.max_archive_bytes:
            raise RefusedFile(
                path, "the archive grew past the limit while read; nothing was changed"
            )
        return json.loads(data.decode("utf-8"), parse_constant=no_constants)
    except UnicodeDecodeError as exc:
        raise RefusedFile(
            path, f"not UTF-8 JSON (byte {exc.start}); not an archive we wrote"
        ) from exc
    except json.JSONDecodeError as exc:
        raise RefusedFile(
            path, f"not a JSON archive (line {exc.lineno}: {exc.msg}); nothing was changed"
        ) from exc
    except RecursionError as exc:
        raise RefusedFile(path, "nested too deeply to be an archive we wrote") from exc
    except ValueError as exc:  # an integer of over 4 300 digits, NaN, Infinity
        raise RefusedFile(path, f"not an archive we wrote ({exc}); nothing was changed") from exc


def import_archive(store: Store, path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    """Check an archive file whole, then restore it in one transaction; the draft id."""
    data = read_archive(path, limits)
    draft_id, tables = check_archive(store, data, path)
    try:
        store.insert_archive(tables)
    except StoreError as exc:
        raise RefusedFile(path, str(exc)) from exc
    return draft_id


class _Refuse(Exception):
    """One reason an archive is refused (turned into a RefusedFile naming the file)."""


def check_archive(store: Store, data: Any, path: Path) -> tuple[int, list[ArchiveTable]]:
    """Every check of the module docstring; the draft id and the rows ready to insert."""
    try:
        return _check(store, data)
    except _Refuse as exc:
        raise RefusedFile(path, f"{exc}; nothing was changed") from None


def _check(store: Store, data: Any) -> tuple[int, list[ArchiveTable]]:
    if not isinstance(data, dict):
        raise _Refuse("not a guidefeedback archive (not a JSON object)")
    for key in ("format", "schema", "draft", "tables"):
        if key not in data:
            raise _Refuse(f"not a guidefeedback archive (no {key!r})")
    if data["format"] != FORMAT:
        raise _Refuse(f"format {_show(data['format'])} is not {FORMAT}")
    schema = data["schema"]
    if type(schema) is not int or schema < 1:
        raise _Refuse(f"schema {_show(schema)} is not a schema number")
    if schema > store.schema_version():
        raise _Refuse(f"written by a newer guidefeedback (schema {schema}); upgrade first")
    code = data["draft"]
    match = _DRAFT_CODE.fullmatch(code) if isinstance(code, str) else None
    if match is None:
        raise _Refuse(f"draft {_show(code)} is not a draft id such as D1")
    draft_id = int(match.group(1))
    raw_tables = data["tables"]
    if not isinstance(raw_tables, dict):
        raise _Refuse("'tables' is not an object of tables")
    schemas = store.archive_schema()
    unknown = sorted(str(t) for t in raw_tables if t not in schemas)
    if unknown:
        raise _Refuse(f"unknown tables: {', '.join(unknown)[:200]}")

    tables: dict[str, ArchiveTable] = {}
    for name, sch in schemas.items():
        tables[name] = ArchiveTable(name, sch.columns, _rows(raw_tables.get(name, []), sch))
    _check_ownership(draft_id, tables, schemas)
    _check_files(tables["files"])
    _check_collisions(store, draft_id, tables, schemas)
    return draft_id, list(tables.values())


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _rows(raw: Any, sch: ArchiveSchema) -> tuple[tuple[Any, ...], ...]:
    if not isinstance(raw, list):
        raise _Refuse(f"table {sch.name} is not a list of rows")
    types = dict(zip(sch.columns, sch.types, strict=True))
    out: list[tuple[Any, ...]] = []
    for n, row in enumerate(raw, start=1):
        if not isinstance(row, dict):
            raise _Refuse(f"{sch.name} row {n} is not an object")
        extra = [str(c) for c in row if c not in types]
        if extra:
            raise _Refuse(f"{sch.name} row {n} has unknown column {extra[0][:40]!r}")
        out.append(tuple(_value(row.get(c), types[c], sch.name, n, c) for c in sch.columns))
    return tuple(out)


def _value(value: Any, declared: str, table: str, n: int, column: str) -> Any:
    if value is None:
        return None
    where = f"{table} row {n} column {column}"
    if declared == "BLOB":
        if not (isinstance(value, dict) and set(value) == {"base64"}):
            raise _Refuse(f"{where} is not a base64 object")
        if not isinstance(value["base64"], str):
            raise _Refuse(f"{where} is not base64 text")
        try:
            return base64.b64decode(value["base64"].encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise _Refuse(f"{where} is not valid base64") from None
    if declared == "INTEGER":
        if type(value) is not int or not _INT64[0] <= value <= _INT64[1]:
            raise _Refuse(f"{where} is {_show(value)}, not an integer")
        return value
    if declared in ("FLOAT", "REAL"):
        if type(value) not in (int, float) or not math.isfinite(value):
            raise _Refuse(f"{where} is {_show(value)}, not a number")
        return value
    if not isinstance(value, str):
        raise _Refuse(f"{where} is {_show(value)}, not text")
    return value


def _column(table: ArchiveTable, column: str) -> list[Any]:
    i = table.columns.index(column)
    return [row[i] for row in table.rows]


def _check_ownership(
    draft_id: int, tables: Mapping[str, ArchiveTable], schemas: Mapping[str, ArchiveSchema]
) -> None:
    drafts = _column(tables["drafts"], "id")
    if drafts != [draft_id]:
        found = ", ".join(draft_code(d) for d in drafts if isinstance(d, int)) or "none"
        raise _Refuse(f"it names {draft_code(draft_id)} but holds the drafts {found}")
    keys: dict[tuple[str, str], set[Any]] = {}
    for name, t in tables.items():
        for column in t.columns:
            keys[(name, column)] = set(_column(t, column))
    for name, t in tables.items():
        if "draft_id" in t.columns:
            other = {d for d in _column(t, "draft_id") if d != draft_id}
            if other:
                raise _Refuse(
                    f"{name} rows belong to draft {draft_code(min(other))}, not to"
                    f" {draft_code(draft_id)}"
                )
        for column, ref_table, ref_column in schemas[name].foreign_keys:
            if ref_table not in tables:
                continue
            allowed = keys[(ref_table, ref_column)]
            for value in _column(t, column):
                if value is not None and value not in allowed:
                    raise _Refuse(
                        f"{name}.{column} {_show(value)} points outside the archive"
                        f" (no such row in {ref_table})"
                    )
        if {"target", "target_id"} <= set(t.columns):
            for target, target_id in zip(
                _column(t, "target"), _column(t, "target_id"), strict=True
            ):
                ref = _TARGETS.get(target)
                if ref is None or target_id not in keys[(ref, "id")]:
                    raise _Refuse(f"{name} target {target} {target_id} is not in the archive")
        if "comment_ids" in t.columns:
            comments = keys[("comments", "id")]
            for value in _column(t, "comment_ids"):
                try:
                    ids = json.loads(value) if isinstance(value, str) else None
                except ValueError:
                    ids = None
                # A whole comment is its id; a part of a long comment is [id, part].
                if not isinstance(ids, list) or not all(
                    (type(i) is int and i in comments)
                    or (
                        isinstance(i, list)
                        and len(i) == 2
                        and all(type(x) is int for x in i)
                        and i[0] in comments
                        and i[1] >= 1
                    )
                    for i in ids
                ):
                    raise _Refuse(f"{name}.comment_ids {_show(value)} names comments not in it")
    referenced = keys[("drafts", "sha256")] | keys[("submissions", "sha256")]
    stray = keys[("files", "sha256")] - referenced
    if stray:
        raise _Refuse(f"file {_show(sorted(map(str, stray))[0])} belongs to no row of the draft")


def _check_files(files: ArchiveTable) -> None:
    for sha, size, content in zip(
        _column(files, "sha256"), _column(files, "size"), _column(files, "content"), strict=True
    ):
        if not isinstance(content, bytes):
            raise _Refuse(f"file {_show(sha)} has no content")
        actual = hashlib.sha256(content).hexdigest()
        if actual != sha:
            raise _Refuse(
                f"file {_show(sha)} does not match its SHA-256 (the bytes hash to {actual[:12]}…);"
                " a damaged or forged archive"
            )
        if size is not None and size != len(content):
            raise _Refuse(f"file {_show(sha)} is {len(content)} bytes, not {size}")


def _check_collisions(
    store: Store,
    draft_id: int,
    tables: Mapping[str, ArchiveTable],
    schemas: Mapping[str, ArchiveSchema],
) -> None:
    for name, t in tables.items():
        pk = schemas[name].primary_key
        # Files are content-addressed: the same bytes already here are the same file.
        if name == "files" or len(pk) != 1 or not t.rows:
            continue
        taken = store.existing_keys(name, pk[0], _column(t, pk[0]))
        if taken:
            if name == "drafts":
                raise _Refuse(
                    f"{draft_code(draft_id)} is already in this database; restore into an"
                    " empty database (or one without this draft)"
                )
            raise _Refuse(
                f"{name} {pk[0]} {taken[0]} is already in this database; restore into an"
                " empty database (or one without this draft)"
            )
    shas = [s for s in _column(tables["drafts"], "sha256") if s is not None]
    if shas and store.existing_keys("drafts", "sha256", shas):
        raise _Refuse("this draft's file is already imported here as another draft")
