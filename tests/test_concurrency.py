"""Two `collect` runs and a `render` at the same time on one database: no lock errors, no
lost rows."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from . import docx_builders as b


def _gf(db: Path, *args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "guidefeedback", "-q", "--db", str(db), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_parallel_collects_and_render(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    d = b.new_document()
    b.number_headings(d)
    for chapter in ("Scope", "Funding", "Training"):
        d.add_heading(chapter, 1)
        d.add_paragraph(f"Text about {chapter.lower()}.")
    draft = b.save(d, tmp_path / "d.docx")
    with _gf(db, "draft", "import", draft) as p:
        assert p.wait(timeout=120) == 0
    batches: list[list[Path]] = [[], []]
    for i in range(40):
        path = tmp_path / f"org{i:02d}.csv"
        path.write_text(
            "Organisation,Section,Comment\n"
            + "".join(
                f"Org {i},{1 + j % 3},Comment {j} from org {i} about funding\n" for j in range(25)
            ),
            encoding="utf-8",
        )
        batches[i % 2].append(path)
    procs = [_gf(db, "collect", *batch, "--draft", "D1") for batch in batches]
    procs.append(_gf(db, "render", "D1", "--out", tmp_path / "out", "--format", "csv,md"))
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    for p in procs:
        if p.stdout:
            p.stdout.close()
        if p.stderr:
            p.stderr.close()
    for code, err in results:
        assert code == 0, err
        assert "locked" not in err
    con = sqlite3.connect(db)
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert con.execute("select count(*) from submissions").fetchone()[0] == 40
        assert con.execute("select count(*) from comments").fetchone()[0] == 40 * 25
    finally:
        con.close()
