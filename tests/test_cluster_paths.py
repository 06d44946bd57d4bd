"""The fast paths of clustering give what the plain ones gave, and start-up stays light.

- the TF-IDF views counted with numpy are scikit-learn's ``TfidfVectorizer`` matrices,
  entry for entry and in the same order (so the SVD and the clusters are the same);
- campaigns are what the plain loop (a hash per shingle string, a dict per band) found,
  on a labelled set and on the real comments of the corpus;
- commands that do not cluster never import spaCy, scikit-learn or SciPy.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from guidefeedback import analysis, nlp, termvectors
from guidefeedback.analysis import AnalysisItem

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
AZ_CSV = CORPUS / "datasets" / "azredistrict__comments.csv"


def _eval_items(name: str) -> list[AnalysisItem]:
    rows = [
        json.loads(line)
        for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines()
        if line
    ]
    return [
        AnalysisItem(int(r["key"]), r["text"], r["language"], r["section"], (r["organisation"],))
        for r in rows
    ]


def _az_items() -> list[AnalysisItem]:
    if not AZ_CSV.is_file():
        pytest.skip(f"corpus file {AZ_CSV} is not here")
    with AZ_CSV.open(encoding="utf-8", newline="") as fh:
        texts = [r["data"].strip() for r in csv.DictReader(fh) if r["data"].strip()]
    assert len(texts) == 694
    return [AnalysisItem(i, t, "en", "", (f"o{i}",)) for i, t in enumerate(texts)]


def _same_matrix(ours: object, theirs: object) -> None:
    assert ours is not None and theirs is not None
    a, b = ours, theirs
    assert a.shape == b.shape  # type: ignore[attr-defined]
    assert a.dtype == b.dtype == np.float32  # type: ignore[attr-defined]
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(a, part), getattr(b, part)), part


@pytest.mark.parametrize("name", ["labelled.jsonl", "sv15.jsonl"])
def test_term_views_are_scikit_learns(name: str) -> None:
    docs = [d for d in analysis._documents(_eval_items(name), None) if d.strip()]
    words, grams = termvectors.term_views(docs)
    ref_words, ref_grams = termvectors._reference(docs)
    _same_matrix(words, ref_words)
    _same_matrix(grams, ref_grams)
    # Real content: pairs and 4-grams are there.
    assert words.shape[1] > len({w for d in docs for w in d.split()})
    assert grams is not None and grams.shape[1] > 100


def test_term_views_counted_in_two_processes_are_the_same() -> None:
    # The corpus's 694 real comments and the labelled set: the word view counted in a
    # forked child, the 4-grams here, byte for byte what one process counts.
    items = _eval_items("labelled.jsonl")
    if AZ_CSV.is_file():
        items = [*items, *_az_items()]
    docs = [d for d in analysis._documents(items, None) if d.strip()]
    words, grams = termvectors.term_views(docs)
    words2, grams2 = termvectors.term_views(docs, parallel=True)
    _same_matrix(words2, words)
    _same_matrix(grams2, grams)


def test_term_views_on_awkward_words(monkeypatch: pytest.MonkeyPatch) -> None:
    # One-letter words (a 4-gram shorter than 4), repeated 4-grams in one word, a word in
    # one document only (its 4-grams dropped by min_df), capitals, and documents split
    # across chunks.
    monkeypatch.setattr(termvectors, "_CHUNK", 2)
    docs = [
        "a banana ananas",
        "Banana b 3.2 a",
        "ananas ananas q",
        "zz a b",
        "unique",
    ]
    words, grams = termvectors.term_views(docs)
    ref_words, ref_grams = termvectors._reference(docs)
    _same_matrix(words, ref_words)
    _same_matrix(grams, ref_grams)


def test_term_views_fall_back_for_words_below_space() -> None:
    docs = ["a\x01b c", "c a\x01b", "c d"]
    words, _ = termvectors.term_views(docs)
    ref_words, _ = termvectors._reference(docs)
    _same_matrix(words, ref_words)


def test_no_four_gram_in_two_documents_leaves_the_word_view() -> None:
    words, grams = termvectors.term_views(["abcdef", "ghijkl"])
    assert grams is None
    assert words.shape == (2, 2)


def _all_pairs_campaigns(items: list[AnalysisItem]) -> set[tuple[int, ...]]:
    """Campaigns by definition: every two long texts compared on their sets of word
    3-shingles as tuples of words (no hashing, no sparse matrices), identical folded texts
    joined whatever their length."""
    folded = [analysis._fold(it.text) for it in items]
    uf = analysis._UnionFind(len(items))
    first: dict[str, int] = {}
    for i, f in enumerate(folded):
        if f:
            uf.union(first.setdefault(f, i), i)
    long = [i for i in first.values() if len(folded[i].split()) >= 12]
    grams = {}
    for i in long:
        words = folded[i].split()
        grams[i] = {tuple(words[k : k + 3]) for k in range(len(words) - 2)}
    for x, i in enumerate(long):
        for j in long[x + 1 :]:
            shared = len(grams[i] & grams[j])
            if shared >= analysis.CAMPAIGN_THRESHOLD * (len(grams[i]) + len(grams[j]) - shared):
                uf.union(i, j)
    return {tuple(sorted(items[i].key for i in g)) for g in uf.groups() if len(g) > 1}


def test_campaigns_are_all_pairs_on_a_labelled_set() -> None:
    items = _eval_items("labelled.jsonl")
    found = {c.keys for c in analysis.find_campaigns(items)}
    assert found == _all_pairs_campaigns(items)
    assert len(found) >= 5


def test_campaigns_on_the_real_comments_of_the_corpus() -> None:
    items = _az_items()
    found = analysis.find_campaigns(items)
    assert {c.keys for c in found} == _all_pairs_campaigns(items)
    # Its form letters: 25 campaigns, the largest of 23 comments.
    assert len(found) == 25 and len(found[0].keys) == 23


def test_hashed_candidates_find_the_campaigns_of_a_labelled_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Above CAMPAIGN_EXACT_MAX texts, candidates come from MinHash and LSH.
    items = _eval_items("labelled.jsonl")
    monkeypatch.setattr(analysis, "CAMPAIGN_EXACT_MAX", 0)
    assert {c.keys for c in analysis.find_campaigns(items)} == _all_pairs_campaigns(items)


def test_shingles_are_per_text() -> None:
    texts = ["a b c d", "a b c d", "d c b a", "x y z", "b c d b c d"]
    shingles = analysis._shingles(texts)
    sets = [shingles.of(i).tolist() for i in range(len(texts))]
    assert len(sets[0]) == 2 and sets[0] == sets[1]
    assert not set(sets[0]) & set(sets[2])
    assert len(sets[3]) == 1
    # "b c d" twice in the last text: one member of its set, shared with the first text.
    assert len(sets[4]) == 3 and len(set(sets[4]) & set(sets[0])) == 1
    assert all(v < 2**61 for s in sets for v in s)
    with pytest.raises(ValueError):
        analysis._shingles(["a b"])


def test_shingles_are_the_same_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    folded = [analysis._fold(it.text) for it in _eval_items("sv15.jsonl")]
    folded = [f for f in folded if f.count(" ") >= 2]
    whole = analysis._shingles(folded)
    monkeypatch.setattr(analysis, "_SHINGLE_BLOCK", 3)
    blocks = analysis._shingles(folded)
    assert np.array_equal(whole.hashes, blocks.hashes)
    assert np.array_equal(whole.starts, blocks.starts)


def test_exact_pairs_are_the_jaccard_definition() -> None:
    texts = [
        " ".join(f"w{k}" for k in range(20)),
        " ".join(f"w{k}" for k in range(2, 22)),  # 16 of 20 distinct shingles shared: 0.8
        " ".join(
            f"w{k}" for k in range(10, 30)
        ),  # 8 of 28 with the first, 10 of 26 with the second
    ]
    pairs = analysis._exact_pairs(analysis._shingles(texts), 0.6)
    assert pairs == [(0, 1)]
    assert sorted(analysis._exact_pairs(analysis._shingles(texts), 0.2)) == [(0, 1), (0, 2), (1, 2)]


def test_terms_are_the_same_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [it.text for it in _eval_items("sv15.jsonl")]
    langs = [nlp.detect_language(t) for t in texts]
    whole = nlp.terms(texts, langs)
    monkeypatch.setattr(nlp, "_CHUNK", 7)
    assert nlp.terms(texts, langs) == whole
    assert sum(map(len, whole)) > 1000


PROBE = """
import sys
from click.testing import CliRunner
from guidefeedback.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"spacy", "sklearn", "scipy", "thinc"})
print(result.exit_code, ",".join(heavy) or "-")
"""


def test_commands_that_do_not_cluster_import_no_models(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    draft = ROOT / "drafts" / "innovation-procurement-guidance-v1.docx"
    commands = [
        ["--help"],
        ["draft", "import", str(draft)],
        ["draft", "list"],
        ["draft", "show", "D1"],
        ["orgs", "list"],
        ["comments", "list"],
        ["clusters", "list", "--draft", "D1"],
        ["cluster", "--help"],
    ]
    for args in commands:
        run = subprocess.run(
            [sys.executable, "-c", PROBE, "--db", str(db), *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
        )
        code, heavy = run.stdout.split()
        assert code == "0", f"{args}: {run.stdout}{run.stderr}"
        assert heavy == "-", f"{args} imported {heavy}"


@pytest.mark.parametrize(("name", "n_iter"), [("labelled.jsonl", 5), ("sv15.jsonl", 3)])
def test_truncated_svd_is_scikit_learns(name: str, n_iter: int) -> None:
    from scipy.sparse import hstack
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    docs = [d for d in analysis._documents(_eval_items(name), None) if d.strip()]
    words, grams = termvectors.term_views(docs)
    assert grams is not None
    joined = hstack([words, grams * 0.6]).tocsr()
    matrix = termvectors.normalize_rows(joined)
    _same_matrix(matrix, normalize(joined))
    # More features than comments here, so the sketch is of the transpose; both shapes.
    for m in (matrix, matrix[:, :200].tocsr()):
        ours = termvectors.truncated_svd(m, 64, n_iter)
        theirs = TruncatedSVD(64, n_iter=n_iter, random_state=0).fit_transform(m)
        assert ours.dtype == theirs.dtype == np.float32
        # Each component's sign is arbitrary; cosines between comments do not see it.
        signs = np.sign((ours * theirs).sum(axis=0))
        assert np.allclose(ours * signs, theirs, atol=1e-4)
        dense = termvectors.normalize_dense(ours)
        assert np.allclose(dense, normalize(ours), atol=1e-7)


def test_svd_fitted_on_a_sample_keeps_the_clusters_apart() -> None:
    # The large path fits the singular vectors on evenly spread rows and projects all.
    docs = [d for d in analysis._documents(_eval_items("labelled.jsonl"), None) if d.strip()]
    words, grams = termvectors.term_views(docs)
    assert grams is not None
    from scipy.sparse import hstack

    matrix = termvectors.normalize_rows(hstack([words, grams * 0.6]).tocsr())
    whole = termvectors.normalize_dense(termvectors.truncated_svd(matrix, 32, 3))
    sampled = termvectors.truncated_svd(matrix, 32, 3, fit_rows=150)
    assert sampled.shape == whole.shape
    sampled = termvectors.normalize_dense(sampled)
    # The two spaces differ by a rotation at most; the cosines between comments agree.
    assert np.corrcoef((whole @ whole.T).ravel(), (sampled @ sampled.T).ravel())[0, 1] > 0.85
