"""Campaigns, clusters, labels, manual edits and stable ids, through functions and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from guidefeedback.analysis import (
    AnalysisItem,
    ManualOp,
    _documents,
    apply_manual,
    cluster,
    find_campaigns,
    match_clusters,
)
from guidefeedback.nlp import detect_language, terms

from . import docx_builders as b
from .conftest import run_cli

LETTER = (
    "As members of the regional buyers' network we support the joint position on this"
    " draft: the guidance must give small suppliers a fair chance, require a dialogue with"
    " the market before every tender and fund the training of public buyers. {org} asks the"
    " secretariat to reflect this in the final text."
)

POINTS = {
    "sme": [
        "Small and medium-sized enterprises find it hard to take part in innovation"
        " procurement because the tenders are too large.",
        "SMEs cannot compete in innovation procurement when tenders are large; split them"
        " into lots so small firms can take part.",
        "Små och medelstora företag har svårt att delta i innovationsupphandling när"
        " upphandlingarna är stora.",
    ],
    "baseline": [
        "The indicators in Table 1 have no baseline values, so progress cannot be followed up.",
        "Table 1 lists indicators without baselines; add a baseline for each indicator.",
        "Indikatorerna i tabell 1 saknar utgångsvärden och kan inte följas upp.",
    ],
    "law": [
        "Joint cross-border procurement needs a clear rule on which national law applies.",
        "For cross-border joint procurement the guidance must say which national procurement"
        " law applies to the contract.",
    ],
}


def _items() -> tuple[list[AnalysisItem], dict[int, str]]:
    items: list[AnalysisItem] = []
    truth: dict[int, str] = {}
    key = 1
    for topic, texts in POINTS.items():
        for n, text in enumerate(texts):
            lang = detect_language(text, fallback="en")
            items.append(AnalysisItem(key, text, lang, f"{n + 2}.1", (f"Body {key}",), "te"))
            truth[key] = topic
            key += 1
    for org in ("Town A", "Town B", "Town C", "Town D"):
        text = LETTER.format(org=org)
        if org == "Town C":
            text = text.replace("fair chance", "real chance")
        items.append(AnalysisItem(key, text, "en", "3.3", (org,), "ge"))
        truth[key] = "campaign"
        key += 1
    return items, truth


def test_terms_lemmatise_and_keep_section_numbers() -> None:
    en, sv = terms(
        ["The procurements in section 3.2 were costly.", "Upphandlingarna i kommunerna."],
        ["en", "sv"],
    )
    assert en == ["procurement", "section", "3.2", "costly"]
    assert sv == ["upphandling", "kommun"]


def test_terms_correct_the_rare_readings_of_the_lookup_table() -> None:
    # The lookup table alone reads "mål" as "måla" (to paint), "lag" as "laga" (to mend)
    # and "number" as "numb": the noun then misses its other forms ("målet", "lagen").
    sv1, sv2, en = terms(
        [
            "Låt små kommuner ange mål i antal projekt i stället för procent.",
            "Målet om 3 % följer av lagen, men vilken lag gäller i ett annat land?",
            "A target of 3 % is a number, not a plan.",
        ],
        ["sv", "sv", "en"],
    )
    assert sv1 == ["låta", "kommun", "ange", "mål", "antal", "projekt", "ställe", "procent"]
    # "%" is the word for per cent; the term map then gives "procent" its English word.
    assert sv2 == ["mål", "procent", "följa", "lag", "lag", "land"]
    assert en == ["target", "percent", "number", "plan"]
    items = [AnalysisItem(1, "Tre procent är för högt.", "sv", "", ())]
    assert "percent" in _documents(items, None)[0].split()


def test_language_detection() -> None:
    assert detect_language("Vi anser att avsnittet om marknadsdialog är för kort.") == "sv"
    assert detect_language("We think the section on market dialogue is too short.") == "en"
    assert detect_language("OK", fallback="sv") == "sv"


def test_campaign_found_with_its_bodies() -> None:
    items, truth = _items()
    campaigns = find_campaigns(items)
    assert len(campaigns) == 1
    (campaign,) = campaigns
    assert set(campaign.keys) == {k for k, t in truth.items() if t == "campaign"}
    assert campaign.n_bodies == 4 and not campaign.exact


def test_exact_duplicates_are_a_campaign_and_short_remarks_are_not() -> None:
    items = [
        AnalysisItem(1, "We agree.", "en", "1", ("A",)),
        AnalysisItem(2, "We agree.", "en", "1", ("B",)),
        AnalysisItem(3, "Fully agree with this.", "en", "1", ("C",)),
    ]
    (campaign,) = find_campaigns(items)
    assert campaign.keys == (1, 2) and campaign.exact


def test_clusters_group_points_across_sections_and_languages() -> None:
    items, truth = _items()
    clusters = cluster(items)
    by_key = {k: i for i, c in enumerate(clusters) for k in c.keys}
    for topic in ("sme", "baseline", "law", "campaign"):
        keys = [k for k, t in truth.items() if t == topic]
        assert len({by_key[k] for k in keys}) == 1, topic
    assert len({by_key[k] for k in truth}) == 4
    baseline = clusters[by_key[4]]
    assert "baseline" in baseline.label or "indicator" in baseline.label
    assert baseline.sections == ("2.1", "3.1", "4.1")
    assert baseline.n_bodies == 3


def test_manual_edits_and_stable_matching() -> None:
    items, _ = _items()
    clusters = cluster(items)
    merged = apply_manual(clusters, [ManualOp("merge", (1, 4))], items=items)
    assert any({1, 4} <= set(c.keys) for c in merged)
    moved = apply_manual(clusters, [ManualOp("move", (1,), (7,))], items=items)
    group = next(c for c in moved if 1 in c.keys)
    assert 7 in group.keys
    split = apply_manual(clusters, [ManualOp("split", (1, 2, 3))], items=items)
    assert all(len(set(c.keys) & {1, 2, 3}) <= 1 for c in split)
    old = [frozenset({1, 2, 3}), frozenset({4, 5}), frozenset({6})]
    new = [frozenset({4, 5, 6}), frozenset({1, 2}), frozenset({3})]
    assert match_clusters(old, new) == {1: 0, 0: 1}


# -- through the command line --------------------------------------------------------------


def _project(tmp_path: Path) -> None:
    d = b.new_document()
    b.number_headings(d)
    for chapter in ("Scope", "Capacity", "Funding", "Indicators"):
        d.add_heading(chapter, 1)
        d.add_heading("Details", 2)
        d.add_paragraph(f"Text about {chapter.lower()} that buyers should read.")
    assert run_cli("draft", "import", b.save(d, tmp_path / "d.docx")).exit_code == 0
    items, _ = _items()
    lines = ["Organisation,Clause/Subclause,Type of comment,Comments"]
    for it in items:
        text = it.text.replace('"', '""')
        lines.append(f'"{it.organisations[0]}",{it.section},{it.type},"{text}"')
    for i, line in enumerate(lines[1:], start=1):
        path = tmp_path / f"c{i}.csv"
        path.write_text(lines[0] + "\n" + line + "\n", encoding="utf-8")
    files = sorted(tmp_path.glob("c*.csv"))
    assert run_cli("collect", *files, "--draft", "D1").exit_code == 0


def test_cluster_cli_keeps_ids_and_edits_across_runs(tmp_path: Path) -> None:
    _project(tmp_path)
    first = json.loads(run_cli("cluster", "--draft", "D1", "--json").stdout)
    assert first["clusters"] == 4 and first["campaigns"] == 1
    listed = json.loads(run_cli("clusters", "list", "--draft", "D1", "--json").stdout)
    campaign = next(k for k in listed if k["size"] == 4)
    sme = next(k for k in listed if "C1" in _members(k["id"]))
    assert (
        run_cli("respond", "set", sme["id"], "-d", "accepted", "-a", "We add lots.").exit_code == 0
    )
    # Re-running changes nothing: same ids, nothing moved.
    again = json.loads(run_cli("cluster", "--draft", "D1", "--json").stdout)
    assert again["kept_clusters"] == 4 and again["new_clusters"] == 0
    assert again["moved_comments"] == []
    # An editor moves a comment out of the SME cluster into the campaign cluster.
    result = run_cli("cluster", "move", "C1", campaign["id"])
    assert result.exit_code == 0, result.output
    assert "C1" in _members(campaign["id"])
    # The edit survives a full re-clustering.
    run_cli("cluster", "--draft", "D1")
    assert "C1" in _members(campaign["id"])
    assert "C1" not in _members(sme["id"])
    # C1 left an accepted cluster for an unanswered one: flagged for review; the SME
    # cluster keeps its id and its answer.
    status = json.loads(run_cli("respond", "status", "D1", "--json").stdout)
    assert status["by_disposition"] == {"accepted": 2}
    assert [f["comment"] for f in status["flagged"]] == ["C1"]
    assert "(unanswered)" in status["flagged"][0]["reason"]
    # Merge two clusters: their comments end up together, the old id of one is retired.
    baseline = next(k for k in listed if "C4" in _members(k["id"]))
    merged = run_cli("cluster", "merge", sme["id"], baseline["id"])
    assert merged.exit_code == 0, merged.output
    now = json.loads(run_cli("clusters", "list", "--draft", "D1", "--json").stdout)
    together = [k for k in now if {"C2", "C4"} <= _members(k["id"])]
    assert len(together) == 1
    # The answer of the SME cluster followed its comments into the merged cluster.
    history = json.loads(run_cli("respond", "history", together[0]["id"], "--json").stdout)
    assert history and history[-1]["new_disposition"] == "accepted"
    shown = run_cli("clusters", "show", together[0]["id"]).stdout
    assert "representative" in shown and "C4" in shown


def _members(cluster_id: str) -> set[str]:
    shown = json.loads(run_cli("clusters", "show", cluster_id, "--json").stdout)
    return {c["id"] for c in shown["comments"]}


def test_moving_into_a_differently_answered_cluster_is_flagged(tmp_path: Path) -> None:
    _project(tmp_path)
    run_cli("cluster", "--draft", "D1")
    listed = json.loads(run_cli("clusters", "list", "--draft", "D1", "--json").stdout)
    sme = next(k for k in listed if "C1" in _members(k["id"]))
    law = next(k for k in listed if "C7" in _members(k["id"]))
    run_cli("respond", "set", sme["id"], "-d", "accepted")
    run_cli("respond", "set", law["id"], "-d", "rejected")
    assert run_cli("cluster", "move", "C1", law["id"]).exit_code == 0
    status = json.loads(run_cli("respond", "status", "D1", "--json").stdout)
    assert [f["comment"] for f in status["flagged"]] == ["C1"]
    assert "(accepted) to" in status["flagged"][0]["reason"]


def test_unknown_model_is_a_clear_error(tmp_path: Path) -> None:
    _project(tmp_path)
    result = run_cli("cluster", "--draft", "D1", "--model", "xx_no_such_model")
    assert result.exit_code == 1
    assert "spaCy model 'xx_no_such_model' is not installed" in result.stderr


def test_swedish_compounds_meet_their_parts() -> None:
    from guidefeedback.analysis import _documents, _vectors

    texts = [
        "Vi efterlyser exempel på innovationsupphandling.",
        "Hur går upphandling av innovation till i praktiken?",
        "Tabell 1 saknar utgångsvärden för indikatorerna.",
        "Kommunerna vill ha mer pengar till skolor.",
    ]
    items = [AnalysisItem(i, t, "sv", "", ("x",)) for i, t in enumerate(texts)]
    vectors = _vectors(_documents(items, None))
    sims = vectors @ vectors.T
    # No word in common, yet the compound and its parts are closer than anything else.
    assert sims[0, 1] > max(sims[0, 2], sims[0, 3], sims[1, 2], sims[1, 3]) + 0.1


def test_a_form_letter_campaign_is_a_cluster_of_its_own() -> None:
    # Five bodies send one letter on lots for small firms; two others make the same point
    # in their own words. The letter is answered as a campaign, not merged into the point.
    letter = (
        "We support the federation: split every large innovation procurement into lots so "
        "that small firms can bid, and lower the turnover requirements for start-ups."
    )
    items = [AnalysisItem(k, letter, "en", "3.3", (f"Member {k}",)) for k in range(1, 6)] + [
        AnalysisItem(
            6,
            "Split large procurements into lots so that small firms can bid.",
            "en",
            "3.3",
            ("A",),
        ),
        AnalysisItem(7, "Large tenders shut out small firms; use lots.", "en", "3.3", ("B",)),
        AnalysisItem(
            8, "The glossary in Annex A should be sorted alphabetically.", "en", "A", ("C",)
        ),
    ]
    campaigns = find_campaigns(items)
    assert [c.keys for c in campaigns] == [(1, 2, 3, 4, 5)]
    groups = {c.keys for c in cluster(items, campaigns=campaigns)}
    assert (1, 2, 3, 4, 5) in groups
    assert (6, 7) in groups


def test_size_aware_cut_without_relief_is_the_plain_cut() -> None:
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import adjusted_rand_score

    from guidefeedback.analysis import _cut_tree

    rng = np.random.default_rng(3)
    points = rng.normal(size=(40, 5))
    tree = linkage(points, method="average")
    plain = fcluster(tree, 2.0, criterion="distance")
    # The cut compares 1 - distance with the threshold: threshold -1 is distance 2.
    same = _cut_tree(tree, 40, -1.0, 0.0)
    assert adjusted_rand_score(plain, same) == 1.0
    # Relief only ever joins more: every plain cluster lies inside one size-aware cluster.
    relieved = _cut_tree(tree, 40, 0.2, 0.3)
    strict = _cut_tree(tree, 40, 0.2, 0.0)
    for label in set(strict.tolist()):
        assert len(set(relieved[strict == label].tolist())) == 1


def test_size_relief_stops_growing_beyond_its_pairs() -> None:
    from guidefeedback.analysis import (
        DEFAULT_THRESHOLD,
        SIZE_RELIEF,
        SIZE_RELIEF_PAIRS,
        _agglomerate,
    )

    def two_groups(n: int, similarity: float) -> np.ndarray:
        # n copies of one unit vector and n of another at the given cosine similarity.
        a = [1.0, 0.0]
        b = [similarity, float(np.sqrt(1 - similarity**2))]
        return np.asarray([a] * n + [b] * n, dtype=np.float32)

    floor = DEFAULT_THRESHOLD * SIZE_RELIEF_PAIRS**-SIZE_RELIEF
    # 10 × 10 pairs, below the cap: an average above 0.11 · 100^-0.1 (0.069) joins them.
    small = _agglomerate(two_groups(10, 0.075), DEFAULT_THRESHOLD, relief=SIZE_RELIEF)
    assert len(set(small.tolist())) == 1
    # 40 × 40 pairs: uncapped the need would be 0.11 · 1600^-0.1 = 0.053; it stays at the
    # floor (0.059), so an average of 0.056 keeps the two groups apart.
    assert DEFAULT_THRESHOLD * 1600**-SIZE_RELIEF < 0.056 < floor
    large = _agglomerate(two_groups(40, 0.056), DEFAULT_THRESHOLD, relief=SIZE_RELIEF)
    assert sorted(np.bincount(large).tolist()) == [40, 40]
    above = _agglomerate(two_groups(40, floor + 0.002), DEFAULT_THRESHOLD, relief=SIZE_RELIEF)
    assert len(set(above.tolist())) == 1


def test_a_blank_line_inside_a_sentence_does_not_split_a_comment() -> None:
    from guidefeedback.analysis import split_parts

    text = (
        "Finansieringskapitlet tar bara upp investeringar. Driftkostnaderna under de första "
        "åren\n\nsaknas helt, trots att de ofta avgör om en ny lösning kan införas."
    )
    assert split_parts(text, min_words=3) == [" ".join(text.split())]
    two = "The first point is made here in full.\n\nA second point follows in its own paragraph."
    assert len(split_parts(two, min_words=3)) == 2
