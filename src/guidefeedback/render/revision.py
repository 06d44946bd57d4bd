"""The check of decisions against a later version of the draft, as JSON and Markdown.

``run`` writes ``revision-D1-D2.json`` (what ``draft diff --check --json`` prints) and
``revision-D1-D2.md`` (the same for the editors to read) into the output folder; a file
whose content would not change is left alone, so a run with nothing new touches nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..atomic import atomic_write_text


def write_revision_check(diff: dict[str, Any], folder: Path) -> list[Path]:
    """Write both files for one pair of versions; returns the files that changed."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"revision-{diff['old']}-{diff['new']}"
    written: list[Path] = []
    for target, text in (
        (folder / f"{stem}.json", json.dumps(diff, ensure_ascii=False, indent=1)),
        (folder / f"{stem}.md", revision_markdown(diff)),
    ):
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            atomic_write_text(target, text)
            written.append(target)
    return written


def revision_markdown(diff: dict[str, Any]) -> str:
    """The decisions-against-revision check as a page the editors can read."""
    lines = [
        f"# Revision {diff['old']} → {diff['new']}",
        "",
        ", ".join(f"{n} {k}" for k, n in sorted(diff["summary"].items())),
        "",
        "## Accepted comments whose text did not change",
        "",
    ]
    accepted = [c for c in diff["check"] if c["kind"] == "accepted_unchanged"]
    lines += [
        f"- {c['comment']} on {c['old']} (now {c['new']}): {c['text'][:120]}" for c in accepted
    ]
    lines += ["" if accepted else "None.", "", "## Changes no accepted comment asked for", ""]
    changed = [c for c in diff["check"] if c["kind"] == "unrequested_change"]
    lines += [f"- {c['new'] or c['old'] + ' (removed)'}: {c['text'][:120]}" for c in changed]
    lines += ["" if changed else "None.", ""]
    return "\n".join(lines)
