"""`make demo`: the example project through the whole cycle, as a user would run it.

1. `guidefeedback run .` on the repository (guidefeedback.toml): imports the drafts in
   drafts/, collects every submission in comments/, clusters, compares the two versions
   of the English draft and renders everything into out/;
2. shows the English draft's outline and what was collected;
3. plays an editor: writes a worksheet, fills it in the way Excel would (a small script
   deciding per cluster), drops it into out/responses/;
4. `guidefeedback run .` again: the answers are applied and the outputs re-rendered;
5. shows the answer status and the decisions to check against version 2.

Every step is a real `guidefeedback` command, printed before it runs.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GF = Path(sys.executable).with_name("guidefeedback")


def run(*args: str | Path, capture: bool = False) -> str:
    shown = " ".join(shlex.quote(str(a)) for a in args)
    print(f"\n$ guidefeedback {shown}", flush=True)
    done = subprocess.run(
        [str(GF), *map(str, args)], check=False, text=True, capture_output=capture
    )
    if done.returncode not in (0, 1):
        sys.exit(f"demo: guidefeedback {shown} failed with exit code {done.returncode}")
    return done.stdout if capture else ""


def answer_for(size: int, bodies: int, lang: str = "en") -> tuple[str, str]:
    """The demo editor's decision: a plausible disposition and answer per cluster, written
    as an editor would (in the draft's language), never as a list of keywords."""
    sv = lang == "sv"
    if bodies >= 4:
        return (
            "Partially accepted",
            "Många remissinstanser tar upp frågan. Vägledningen ändras så att huvudfrågan"
            " besvaras; detaljerna lämnas till genomförandet."
            if sv
            else "Many bodies raised this. The guidance will be revised to address the main"
            " concern; details are left to the implementation notes.",
        )
    if size >= 2:
        return (
            "Accepted",
            "Vi instämmer. Texten förtydligas i nästa version."
            if sv
            else "Agreed. The text will be clarified in the next version.",
        )
    return (
        "Noted",
        "Tack. Synpunkten tas med i arbetet med nästa version."
        if sv
        else "Thank you. The comment will be considered in the next revision.",
    )


def fill_worksheet(path: Path, lang: str = "en") -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["Answers"]
    header = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == "ID")
    col = {name: i for i, name in enumerate(header)}
    filled = 0
    for row in ws.iter_rows(min_row=1):
        if row[col["Kind"]].value != "cluster":
            continue
        members = sum(
            1
            for other in ws.iter_rows(min_row=1, values_only=True)
            if other[col["Cluster"]] == row[0].value and other[col["Kind"]] == "comment"
        )
        # "3 bodies: A; B; C" (and a line about a form letter, if any)
        bodies = int(str(row[col["Bodies"]].value or "0").split()[0])
        disposition, answer = answer_for(members, bodies, lang)
        row[col["Disposition"]].value = disposition
        row[col["Answer"]].value = answer
        row[col["Editor"]].value = "Demo editor"
        filled += 1
    wb.save(path)
    return filled


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    # `run` writes where guidefeedback.toml says; the rest of the demo looks there too.
    project = tomllib.loads((ROOT / "guidefeedback.toml").read_text(encoding="utf-8"))["project"]
    out = ROOT / project.get("output", "out")
    db = ROOT / project.get("database", "guidefeedback.db")

    run("run", ROOT)
    run("--db", db, "draft", "show", "D1")
    comments: list[dict[str, Any]] = json.loads(
        run("--db", db, "comments", "list", "--json", capture=True)
    )
    orgs = Counter(c["organisation"] or "(none)" for c in comments)
    unlocated = sum(1 for c in comments if c["unit"] is None)
    print(
        f"\nCollected {len(comments)} comments from {len(orgs)} organisations;"
        f" {unlocated} could not be located (kept as general comments)."
    )
    run("--db", db, "clusters", "list", "--draft", "D1")

    sheet = out / "responses" / "editor-worksheet.xlsx"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    run("--db", db, "respond", "worksheet", "D1", "-o", sheet)
    print(f"(the demo editor fills in {fill_worksheet(sheet)} clusters in {sheet.name})")
    # The Swedish draft gets Swedish answers (and so Swedish letters with content).
    sheet_sv = out / "responses" / "editor-worksheet-sv.xlsx"
    run("--db", db, "respond", "worksheet", "D3", "-o", sheet_sv, "--lang", "en")
    print(f"(and {fill_worksheet(sheet_sv, 'sv')} clusters of the Swedish draft)")
    run("run", ROOT)
    run("--db", db, "respond", "status", "D1")
    run("--db", db, "draft", "diff", "D1", "D2", "--check", "--width", "50")
    print("\nEvery output of the example project:")
    for path in sorted(p for p in out.rglob("*") if p.is_file() and "responses" not in p.parts):
        if (
            path.name.startswith(".")
            or path.suffix == ".db"
            or path.name.endswith(("-wal", "-shm"))
        ):
            continue
        print(f"  {path}")


if __name__ == "__main__":
    main()
