"""The built wheel carries the templates and renders from them (not from the repository)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT

SCRIPT = """
import sys
from pathlib import Path
import guidefeedback
from guidefeedback.render.web import templates_dir
assert Path(guidefeedback.__file__).is_relative_to(Path(sys.argv[1])), guidefeedback.__file__
assert templates_dir().is_relative_to(Path(sys.argv[1])), templates_dir()
from guidefeedback.cli import main
sys.argv = ["guidefeedback", "--db", sys.argv[2], "render", "D1", "--out", sys.argv[3], "--format", "html,md"]
main()
"""


def test_wheel_contains_templates_and_renders(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("guidefeedback-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("report.html.j2", "report.md.j2", "reference.docx"):
        assert f"guidefeedback/templates/{name}" in names
    assert "guidefeedback/data/labels.toml" in names
    assert "guidefeedback/intake/headers.toml" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # A database with one draft to render, made with the installed package.
    from click.testing import CliRunner

    from guidefeedback.cli import cli

    from . import docx_builders as b

    db = tmp_path / "w.db"
    d = b.new_document()
    d.add_heading("Scope", 1)
    d.add_paragraph("Text.")
    assert (
        CliRunner()
        .invoke(cli, ["--db", str(db), "draft", "import", str(b.save(d, tmp_path / "d.docx"))])
        .exit_code
        == 0
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(site), str(db), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "<!DOCTYPE html>" in (out / "comment-response.html").read_text(encoding="utf-8")
