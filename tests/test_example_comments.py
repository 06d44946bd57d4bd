"""The shipped example submissions read back exactly as comments/expected.json says."""

from __future__ import annotations

import json
from typing import Any

import pytest

from guidefeedback.drafts import read_draft
from guidefeedback.intake import read_submission
from guidefeedback.locate import Locator

from .conftest import COMMENTS, DRAFTS

EXPECTED: dict[str, dict[str, Any]] = json.loads(
    (COMMENTS / "expected.json").read_text(encoding="utf-8")
)["files"]
DRAFT_FILES = {
    "en-v1": DRAFTS / "innovation-procurement-guidance-v1.docx",
    "sv": DRAFTS / "innovationsupphandling-vagledning-sv.docx",
}


@pytest.fixture(scope="module")
def locators() -> dict[str, tuple[Locator, dict[int, str]]]:
    out = {}
    for key, path in DRAFT_FILES.items():
        units = read_draft(path).units
        out[key] = (Locator(units), {u.seq: u.locator for u in units})
    return out


def test_every_file_is_listed() -> None:
    on_disk = {
        p.relative_to(COMMENTS).as_posix()
        for p in COMMENTS.rglob("*")
        if p.is_file() and p.name not in ("expected.json", "README.md")
    }
    assert on_disk == set(EXPECTED)
    assert len({i["organisation"] or i.get("org_argument") for i in EXPECTED.values()}) >= 8
    formats = {i["format"] for i in EXPECTED.values()}
    assert formats >= {
        "docx-form-iso",
        "docx-form-us",
        "docx-form-remiss",
        "docx-review",
        "csv",
        "xlsx",
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_reads_as_expected(
    name: str, locators: dict[str, tuple[Locator, dict[int, str]]]
) -> None:
    info = EXPECTED[name]
    sub = read_submission(COMMENTS / name, organisation=info.get("org_argument"))
    assert sub.organisation == (info["organisation"] or info.get("org_argument"))
    assert sub.format == info["format"]
    assert len(sub.comments) == info["comments"]
    assert sub.publish_names == info["publish_names"]
    assert list(sub.signatories) == info["signatories"]
    locator, names = locators[info["draft"]]
    found = {c.position: locator.locate(c) for c in sub.comments}
    for position, want in info["locators"].items():
        loc = found[int(position)]
        assert loc.unit_seq is not None and names[loc.unit_seq] == want, (position, loc)
    for wrong in info["wrong_sections"]:
        (comment,) = [c for c in sub.comments if (c.section or "").strip() == wrong]
        loc = found[comment.position]
        assert loc.unit_seq is None and f"section {wrong} is not in the draft" in loc.reason
