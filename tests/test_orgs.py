"""One body, one identity: Unicode forms, invisible characters, aliases and ``orgs``."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import docx
from hypothesis import given
from hypothesis import strategies as st

from guidefeedback.orgs import (
    Identity,
    OrgBody,
    clean_name,
    is_acronym,
    likely_duplicates,
    org_key,
)
from guidefeedback.store import open_store

from .conftest import DRAFTS, run_cli

SV_DRAFT = DRAFTS / "innovationsupphandling-vagledning-sv.docx"
NFC = unicodedata.normalize("NFC", "Åre kommun")
NFD = unicodedata.normalize("NFD", "Åre kommun")


def test_keys_fold_unicode_forms_case_space_and_invisible_characters() -> None:
    assert NFC != NFD
    assert org_key(NFC) == org_key(NFD) == org_key("ÅRE  KOMMUN ") == "åre kommun"
    sneaky = "Länsstyrelsen\u200b i\u00a0Dalarna\u202e\ufeff"
    assert clean_name(sneaky) == "Länsstyrelsen i Dalarna"
    assert org_key(sneaky) == org_key("länsstyrelsen i dalarna")
    # Shown with case kept, composed, without the override that would reverse text.
    assert clean_name(NFD) == NFC


@given(st.text(max_size=40))
def test_key_is_stable(name: str) -> None:
    key = org_key(name)
    assert org_key(key) == key
    assert org_key(unicodedata.normalize("NFD", name)) == key
    assert all(unicodedata.category(ch) != "Cf" for ch in key)


def test_identity_prefers_aliases_then_the_first_spelling() -> None:
    identity = Identity.build({org_key("UHM"): "Upphandlingsmyndigheten"}, [NFD, "UHM", NFC])
    assert identity.display(NFC) == NFC  # the first spelling, cleaned (composed)
    assert identity.display("uhm") == "Upphandlingsmyndigheten"
    assert identity.bodies([NFC, NFD, "UHM", "Upphandlingsmyndigheten"]) == (
        NFC,
        "Upphandlingsmyndigheten",
    )


def test_likely_duplicates() -> None:
    def body(name: str, *emails: str) -> OrgBody:
        return OrgBody(name, org_key(name), (name,), 1, 1, emails)

    bodies = [
        body("Sveriges Kommuner och Regioner", "a@skr.se"),
        body("SKR"),
        body("The Swedish Competition Authority", "x@gmail.com"),
        body("Swedish Competition Authority", "y@gmail.com"),
        body("Konkurrensverket", "k@kkv.se"),
        body("KKV avdelning 2", "j@kkv.se"),
    ]
    found = {(d.first, d.second): d.reason for d in likely_duplicates(bodies)}
    assert "acronym" in found[("SKR", "Sveriges Kommuner och Regioner")]
    assert (
        "punctuation and small words"
        in found[("Swedish Competition Authority", "The Swedish Competition Authority")]
    )
    assert "kkv.se" in found[("KKV avdelning 2", "Konkurrensverket")]
    assert not any("gmail.com" in r for r in found.values())  # shared mail says nothing
    assert is_acronym("UHM", "Upphandlingsmyndigheten")
    assert not is_acronym("XYZ", "Upphandlingsmyndigheten")


def _sheet(folder: Path, name: str, organisation: str, section: str, text: str) -> Path:
    path = folder / name
    path.write_text(f"Organisation,Avsnitt,Synpunkt\n{organisation},{section},{text}\n", "utf-8")
    return path


def _clusters() -> list[dict[str, object]]:
    result = run_cli("clusters", "list", "--draft", "D1", "--json")
    assert result.exit_code == 0, result.output
    data: list[dict[str, object]] = json.loads(result.output)
    return data


def _letters(out: Path) -> list[str]:
    if out.exists():
        shutil.rmtree(out)
    result = run_cli("render", "D1", "--out", str(out), "--format", "docx")
    assert result.exit_code == 0, result.output
    letters = sorted((out / "D1" / "answers").glob("*.docx")) or sorted(
        (out / "answers").glob("*.docx")
    )
    names = []
    for letter in letters:
        text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
        names.append(
            next(
                n
                for n in ("Upphandlingsmyndigheten", "UHM", "Swedish National", NFC)
                if n in text or unicodedata.normalize("NFD", n) in text
            )
        )
    return names


def test_nfc_and_nfd_names_are_one_body_and_supersede(tmp_path: Path) -> None:
    assert run_cli("draft", "import", str(SV_DRAFT)).exit_code == 0
    a = _sheet(tmp_path, "a.csv", NFC, "1", "Första synpunkten om upphandling")
    b = _sheet(tmp_path, "b.csv", NFD, "1", "Andra synpunkten om upphandling")
    result = run_cli("collect", str(a), str(b), "--draft", "D1", "--json")
    out = json.loads(result.output)
    assert out[1]["superseded"] == ["S1"]
    listing = json.loads(run_cli("orgs", "list", "--json").output)
    (body,) = listing["organisations"]
    assert body["name"] == NFC and sorted(body["spellings"]) == sorted([NFC, NFD])
    assert body["submissions"] == 2


def test_invisible_characters_are_not_shown(tmp_path: Path) -> None:
    assert run_cli("draft", "import", str(SV_DRAFT)).exit_code == 0
    name = "Länsstyrelsen\u200b i Dalarna\u202e"
    sheet = _sheet(tmp_path, "f.csv", name, "2", "Exempel saknas")
    collected = run_cli("collect", str(sheet), "--draft", "D1")
    assert "from Länsstyrelsen i Dalarna," in collected.output
    store = open_store(tmp_path / "test.db")
    try:
        # Stored exactly as written (nothing imported is changed) …
        assert store.list_submissions()[0].organisation == name
    finally:
        store.close()
    # … and listed so that the difference can be seen.
    listing = run_cli("orgs", "list")
    assert "Länsstyrelsen i Dalarna: 1 submission, 1 comment" in listing.output
    assert "\\u200b" in listing.output and "\u202e" not in listing.output


def test_orgs_merge_changes_bodies_in_clusters_and_letters(tmp_path: Path) -> None:
    assert run_cli("draft", "import", str(SV_DRAFT)).exit_code == 0
    files = [
        _sheet(tmp_path, "c.csv", "UHM", "2", "Vi saknar exempel på innovationsupphandling"),
        _sheet(
            tmp_path,
            "d.csv",
            "Upphandlingsmyndigheten",
            "2",
            "Exempel på innovationsupphandling saknas",
        ),
        _sheet(
            tmp_path,
            "e.csv",
            "Swedish National Agency for Public Procurement",
            "2",
            "Exempel på innovationsupphandling saknas helt",
        ),
    ]
    assert run_cli("collect", *map(str, files), "--draft", "D1").exit_code == 0
    assert run_cli("cluster", "--draft", "D1").exit_code == 0
    before = _clusters()
    assert max(int(str(k["n_bodies"])) for k in before) == 3
    assert len(_letters(tmp_path / "out")) == 3

    listing = json.loads(run_cli("orgs", "list", "--json").output)
    assert {
        "names": ["UHM", "Upphandlingsmyndigheten"],
        "reason": "UHM may be an acronym of Upphandlingsmyndigheten",
    } in listing["likely_duplicates"]

    merged = run_cli(
        "orgs",
        "merge",
        "UHM",
        "Swedish National Agency for Public Procurement",
        "--into",
        "Upphandlingsmyndigheten",
        "--json",
    )
    assert merged.exit_code == 0, merged.output
    result = json.loads(merged.output)
    assert result["superseded"] == [{"old": "S1", "by": "S3"}, {"old": "S2", "by": "S3"}]
    after = _clusters()
    assert max(int(str(k["n_bodies"])) for k in after) == 1
    assert all(k["organisations"] == ["Upphandlingsmyndigheten"] for k in after)
    assert _letters(tmp_path / "out") == ["Upphandlingsmyndigheten"]
    # A later file from any of the names supersedes the body's current submission.
    late = _sheet(tmp_path, "g.csv", "uhm", "3", "Ny synpunkt")
    again = json.loads(run_cli("collect", str(late), "--draft", "D1", "--json").output)
    assert again[0]["superseded"] == ["S3"]
    listing = json.loads(run_cli("orgs", "list", "--json").output)
    assert [b["name"] for b in listing["organisations"]] == ["Upphandlingsmyndigheten"]


def test_orgs_merge_refuses_an_unknown_name(tmp_path: Path) -> None:
    assert run_cli("draft", "import", str(SV_DRAFT)).exit_code == 0
    sheet = _sheet(tmp_path, "c.csv", "UHM", "2", "Text")
    assert run_cli("collect", str(sheet), "--draft", "D1").exit_code == 0
    db = tmp_path / "test.db"
    before = db.read_bytes()
    result = run_cli("orgs", "merge", "UMH", "--into", "Upphandlingsmyndigheten")
    assert result.exit_code == 1
    assert "no submission names 'UMH'" in result.output
    assert db.read_bytes() == before


def test_project_aliases_in_the_configuration(tmp_path: Path) -> None:
    project = tmp_path / "p"
    assert run_cli("init", str(project)).exit_code == 0
    shutil.copy(SV_DRAFT, project / "drafts" / "draft-v1.docx")
    folder = project / "comments" / "draft-v1"
    _sheet(folder, "c.csv", "UHM", "2", "Vi saknar exempel på innovationsupphandling")
    _sheet(
        folder, "d.csv", "Upphandlingsmyndigheten", "2", "Exempel på innovationsupphandling saknas"
    )
    config = project / "guidefeedback.toml"
    plain = config.read_text(encoding="utf-8")
    assert run_cli("run", str(project)).exit_code == 0
    db = project / "guidefeedback.db"
    store = open_store(db)
    try:
        assert len({s.organisation for s in store.list_submissions()}) == 2
    finally:
        store.close()
    config.write_text(
        plain + '\n[organisations]\n"Upphandlingsmyndigheten" = ["UHM"]\n', encoding="utf-8"
    )
    result = run_cli("run", str(project), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["aliases_changed"] is True
    store = open_store(db)
    try:
        current = [s for s in store.list_submissions() if s.superseded_by is None]
        assert [s.organisation for s in current] == ["Upphandlingsmyndigheten"]
        clusters = store.list_clusters(1)
        assert all(k.n_bodies == 1 for k in clusters)
    finally:
        store.close()
    # Unchanged configuration: nothing new.
    assert json.loads(run_cli("run", str(project), "--json").stdout)["nothing_new"]
