"""`make demo`: the example project through every stage that exists, as a user would run it.

Each step is a real `guidefeedback` command (printed before it runs) against one database
in the output folder, so the demo doubles as a walk-through of the command line.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GF = Path(sys.executable).with_name("guidefeedback")


def run(db: Path, *args: str | Path, capture: bool = False, check: bool = True) -> str:
    shown = " ".join(shlex.quote(str(a)) for a in args)
    print(f"\n$ guidefeedback {shown}", flush=True)
    done = subprocess.run(
        [str(GF), "--db", str(db), *map(str, args)],
        check=False,
        text=True,
        capture_output=capture,
    )
    if check and done.returncode not in (0, 1):
        sys.exit(f"demo: guidefeedback {shown} failed with exit code {done.returncode}")
    return done.stdout if capture else ""


def draft_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.docx"))


def comment_plan(folder: Path) -> dict[str, list[Path]]:
    """Which example files go to which draft ("en-v1" or "sv"), from comments/expected.json."""
    manifest = folder / "expected.json"
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in {".docx", ".csv", ".xlsx"}
    )
    if not manifest.exists():
        return {"en-v1": files}
    expected: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
    entries = expected.get("files", expected)
    plan: dict[str, list[Path]] = {}
    for path in files:
        info = entries.get(path.name, {}) if isinstance(entries, dict) else {}
        plan.setdefault(str(info.get("draft", "en-v1")), []).append(path)
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--drafts", type=Path, default=ROOT / "drafts")
    parser.add_argument("--comments", type=Path, default=ROOT / "comments")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    db = out / "guidefeedback.db"

    ids: dict[str, str] = {}
    for path in draft_files(args.drafts):
        result = json.loads(run(db, "draft", "import", path, "--json", capture=True))
        name = path.name
        key = "sv" if "-sv" in name else ("en-v2" if "-v2" in name else "en-v1")
        ids[key] = result["id"]
        print(f"{result['id']}: {result['title']} ({result['language']}, {result['units']} units)")
    run(db, "draft", "list")
    english = ids.get("en-v1")
    if english is None:
        return
    run(db, "draft", "show", english)

    if not args.comments.is_dir():
        return
    run(db, "form", english, "-o", out / "comment-form.docx")
    run(db, "form", english, "-o", out / "comment-form.xlsx")
    totals = {"comments": 0, "unlocated": 0, "refused": 0}
    organisations: set[str] = set()
    for key, files in comment_plan(args.comments).items():
        draft = ids.get(key)
        if draft is None or not files:
            continue
        results = json.loads(run(db, "collect", *files, "--draft", draft, "--json", capture=True))
        for item in results:
            if item.get("error"):
                totals["refused"] += 1
                print(f"  refused: {item['error']}")
                continue
            totals["comments"] += item["comments"]
            totals["unlocated"] += item["comments"] - item["located"]
            organisations.add(item.get("organisation") or "?")
            print(
                f"  {item['submission']}: {Path(item['file']).name}: {item['comments']} comments"
                f" from {item.get('organisation') or 'unknown'}, {item['located']} located"
            )
    run(db, "comments", "list", "--draft", english, "--section", "5.1")
    print(
        f"\nStored {totals['comments']} comments from {len(organisations)} organisations;"
        f" {totals['unlocated']} could not be located; {totals['refused']} files refused."
        f"\nDatabase: {db}"
    )


if __name__ == "__main__":
    main()
