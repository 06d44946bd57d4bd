"""Draft revisions: alignment of renumbered, moved, changed units and the decisions check."""

from __future__ import annotations

import json
from pathlib import Path

from guidefeedback.model import Comment, LocateMethod, Location, Submission
from guidefeedback.store import open_store

from . import docx_builders as b
from .conftest import run_cli

MARKET = "Buyers should consult the market before they publish a tender."
TRAINING = "Every public buyer needs training in innovation procurement."
FUNDING = "Funding comes from national budgets and from EU programmes."
RISK = "Risk should be shared between buyer and supplier in the contract."
OLD_SME = "Small firms find it hard to take part in large tenders."
NEW_SME = "Small firms find it very hard to take part in large and complex tenders."
GONE = "This paragraph about printed brochures will be removed."
NEW = "A new paragraph on outcome-based specifications is added here."


def _draft(path: Path, sections: list[tuple[str, list[str]]]) -> Path:
    d = b.new_document()
    d.core_properties.title = "Guidance on buying innovation"
    b.number_headings(d)
    for title, paragraphs in sections:
        d.add_heading(title, 1)
        for text in paragraphs:
            d.add_paragraph(text)
    return b.save(d, path)


def _versions(tmp_path: Path) -> None:
    v1 = _draft(
        tmp_path / "v1.docx",
        [
            ("Capacity", [MARKET, TRAINING, GONE]),
            ("Funding", [FUNDING, OLD_SME]),
            ("Risk", [RISK]),
        ],
    )
    # Version 2 inserts "Needs" as chapter 1 (so everything is renumbered), moves the
    # training paragraph to Funding, rewords the SME paragraph, removes one and adds one.
    v2 = _draft(
        tmp_path / "v2.docx",
        [
            ("Needs", [NEW]),
            ("Capacity", [MARKET]),
            ("Funding", [FUNDING, TRAINING, NEW_SME]),
            ("Risk", [RISK]),
        ],
    )
    assert run_cli("draft", "import", v1).exit_code == 0
    assert run_cli("draft", "import", v2, "--version", "2").exit_code == 0


def test_alignment_maps_renumbered_moved_changed(tmp_path: Path) -> None:
    _versions(tmp_path)
    result = run_cli("draft", "diff", "D1", "D2", "--json")
    assert result.exit_code == 0, result.output
    units = json.loads(result.stdout)["units"]
    pairs = {(u["kind"], u["old"], u["new"], u["moved"]) for u in units}
    assert ("renumbered", "1", "2", False) in pairs  # heading Capacity
    assert ("renumbered", "1¶1", "2¶1", False) in pairs  # MARKET
    assert ("moved", "1¶2", "3¶2", True) in pairs  # TRAINING into Funding
    assert ("removed", "1¶3", None, False) in pairs  # GONE
    assert ("renumbered", "2¶1", "3¶1", False) in pairs  # FUNDING
    assert ("changed", "2¶2", "3¶3", False) in pairs  # SME reworded
    assert ("renumbered", "3¶1", "4¶1", False) in pairs  # RISK
    assert ("added", None, "1", False) in pairs and ("added", None, "1¶1", False) in pairs
    assert len(units) == 3 + 6 + 2  # old headings + old paragraphs + added (Needs, NEW)


def test_decisions_checked_against_the_revision(tmp_path: Path, db_path: Path) -> None:
    _versions(tmp_path)
    store = open_store(db_path)
    units = {u.locator: u.seq for u in store.units(1)}
    comments = (
        Comment(1, "row 1", "Reword the SME paragraph.", section="2"),
        Comment(2, "row 2", "Say more about market consultation.", section="1"),
        Comment(3, "row 3", "Training is fine.", section="1"),
    )
    sub = Submission("a.csv", "a" * 64, "csv", comments, organisation="Agency A")
    locations = [
        Location(units["2¶2"], LocateMethod.SECTION),
        Location(units["1¶1"], LocateMethod.SECTION),
        Location(units["1¶2"], LocateMethod.SECTION),
    ]
    store.add_submission(1, sub, locations, content=b"a")
    store.close()
    assert run_cli("respond", "set", "C1", "-d", "accepted").exit_code == 0
    assert run_cli("respond", "set", "C2", "-d", "partially", "-a", "In part.").exit_code == 0
    assert run_cli("respond", "set", "C3", "-d", "noted").exit_code == 0
    checked = json.loads(run_cli("draft", "diff", "D1", "D2", "--check", "--json").stdout)["check"]
    found = {(c["kind"], c["comment"], c["old"], c["new"]) for c in checked}
    assert found == {
        ("accepted_unchanged", "C2", "1¶1", "2¶1"),  # accepted, but MARKET did not change
        ("unrequested_change", None, "1¶3", None),  # GONE removed, nobody asked
        ("unrequested_change", None, None, "1¶1"),  # NEW added, nobody asked
    }
    text = run_cli("draft", "diff", "D1", "D2", "--check").stdout
    assert "C2 was accepted but 1¶1 did not change (now 2¶1)" in text


def test_comments_on_version_1_shown_against_version_2(tmp_path: Path, db_path: Path) -> None:
    _versions(tmp_path)
    store = open_store(db_path)
    units = {u.locator: u.seq for u in store.units(1)}
    sub = Submission(
        "a.csv",
        "a" * 64,
        "csv",
        (Comment(1, "row 1", "Training matters.", section="1"),),
        organisation="Agency A",
    )
    store.add_submission(1, sub, [Location(units["1¶2"], LocateMethod.SECTION)], content=b"a")
    store.close()
    rows = json.loads(
        run_cli("comments", "list", "--draft", "D1", "--against", "D2", "--json").stdout
    )
    assert rows[0]["against"] == {"locator": "3¶2", "change": "moved"}
    text = run_cli("comments", "list", "--draft", "D1", "--against", "D2").stdout
    assert "1¶2→3¶2" in text
