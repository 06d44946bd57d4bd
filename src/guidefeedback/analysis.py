"""Campaigns, clusters and labels: many comments → the few points that need an answer.

**Campaigns** (form letters with small edits) are comments whose sets of word 3-shingles
have Jaccard similarity ≥ :data:`CAMPAIGN_THRESHOLD`, joined with union-find. Exact
duplicates (after case, space and punctuation folding) are found by hashing first. Up to
:data:`CAMPAIGN_EXACT_MAX` distinct long comments every pair is compared exactly (a sparse
matrix product counts shared shingles), so the campaigns do not depend on any hash; above
that, candidates come from MinHash signatures and banded locality-sensitive hashing
(numpy-vectorised, each member of a bucket compared with the bucket's first member only,
so a campaign of 20 000 identical letters costs 20 000 comparisons, not 200 million) and
are verified by their real Jaccard similarity.

**Clusters**: each comment becomes terms (:func:`guidefeedback.nlp.terms`: lemmas without
stop words, the few forms the lemma table reads the rare way corrected, "%" a word;
Swedish words also mapped to English through ``data/term_map.toml`` so the two languages
can meet). Two TF-IDF views are joined: words and word pairs, and character
4-grams within words, which lets Swedish compounds ("innovationsupphandling") match their
parts ("upphandling av innovation") and cognates ("indikator", "indicator") meet. The
vectors are reduced by randomized SVD (:func:`guidefeedback.termvectors.truncated_svd`,
scikit-learn's ``TruncatedSVD`` step for step without importing it; above
:data:`AGGLOMERATIVE_MAX` comments fitted on :data:`SVD_FIT_ROWS` of them spread evenly,
then every comment projected); campaign members are collapsed to one representative.

Every vector of a language carries a large "this text is Swedish" component, so plain
cosine similarity groups by language first. Each language's mean vector is therefore
subtracted before measuring similarity (:func:`centre_languages`); the mean of a language
with few comments is pulled toward the overall mean (``PRIOR`` pseudo-comments), so one
Swedish comment among English ones is not centred onto itself.

With the optional sentence-embedding model (``model="e5"``) each comment's vector is its
centred term vector and its centred embedding side by side, the embedding carrying
:data:`SEMANTIC_WEIGHT` of the squared length: the embedding brings meaning across
languages and wordings, the terms keep names, numbers and domain words. The weight (0.3)
and :data:`SEMANTIC_THRESHOLD` (0.15) were chosen on held-out sets drawn with five seeds,
where they lift the worst set's ARI from 0.76 (terms alone) to 0.85 on average; an
embedding alone scores lower than the terms on every set. Then:

- a campaign of letters from :data:`CAMPAIGN_APART_MIN` or more bodies is a cluster of
  its own: a form letter usually makes several points at once and is answered as a
  campaign, so it is not pulled into the cluster of whichever of its points is nearest
  (nor does it weigh in the cross-language scale below);
- up to :data:`AGGLOMERATIVE_MAX` distinct comments: agglomerative clustering, average
  linkage over cosine similarity (cross-language pairs calibrated,
  :func:`calibrated_similarity`), cut size-aware (:func:`_cut_tree`): two comments join at
  ``threshold``, two groups of n1 and n2 comments at ``threshold · (n1·n2)^-SIZE_RELIEF``,
  the relief growing no further beyond :data:`SIZE_RELIEF_PAIRS` pairs;
- above that: scikit-learn's Birch builds sub-clusters in one pass and the agglomerative
  step groups the sub-clusters with the plain cut (memory stays linear in the comments).

``threshold`` is the minimum average cosine similarity (after centring) for two comments to
share a cluster (0–1; default :data:`DEFAULT_THRESHOLD` for the term vectors and
:data:`SEMANTIC_THRESHOLD` for the optional sentence-embedding model; ``make eval`` shows
one default holding on four labelled sets of different shapes, and on held-out sets drawn
with other seeds). The section a comment is on is not used: a point raised on 3.2 and on
5.1 is one cluster.

Comments with no usable terms ("+1", an e-mail address alone, a URL) cannot be compared;
they are kept, grouped together as one cluster of their own (or with their campaign) and
reported (:attr:`Cluster.without_terms`).

**Titles and keywords**: a cluster's title is one sentence of its most central comment
(extractive, in that comment's language, cut at a clause boundary when long; see
:func:`title_of`); its keywords are its most distinctive words by class-based TF-IDF (term
frequency in the cluster × log of how rare the term is across clusters), stored as
``label``.

**Manual edits** (:class:`ManualOp`) are expressed by comment keys, not cluster numbers,
and re-applied after every computation: ``merge`` (these comments belong together),
``move`` (this comment belongs with those), ``split`` (these comments stand alone).

Longer than our usual ~500 lines because campaigns, vectors, clusters, labels and titles work on the same vectors in one run.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import chain

import numpy as np

from .privacy import has_contact
from .prose import continues_sentence
from .sections import sort_key as section_sort_key

DEFAULT_THRESHOLD = 0.11
SEMANTIC_THRESHOLD = 0.15
SEMANTIC_MODEL = "e5"
SEMANTIC_WEIGHT = 0.3
PRIOR = 10.0
CROSS_LANGUAGE_CAP = 3.0
CAMPAIGN_THRESHOLD = 0.6
# Up to this many distinct long texts every pair is compared; above it, MinHash and LSH.
CAMPAIGN_EXACT_MAX = 6_000
# A campaign of letters from at least this many bodies is a cluster of its own.
CAMPAIGN_APART_MIN = 3
# How much the threshold relaxes for a merge that rests on many pairs (see _cut_tree),
# and the number of pairs beyond which it relaxes no further.
SIZE_RELIEF = 0.1
SIZE_RELIEF_PAIRS = 500
AGGLOMERATIVE_MAX = 6_000
SVD_COMPONENTS = 128
SVD_FIT_ROWS = 20_000
# From this many documents the two term views are counted in two processes.
PARALLEL_TERMS_FROM = 5_000
_NUM_PERM = 64
_BANDS = 16


@dataclass(frozen=True, slots=True)
class AnalysisItem:
    key: int
    text: str
    language: str
    section: str
    organisations: tuple[str, ...]
    type: str | None = None


@dataclass(frozen=True, slots=True)
class Campaign:
    keys: tuple[int, ...]
    exact: bool
    n_bodies: int


@dataclass(frozen=True, slots=True)
class Cluster:
    keys: tuple[int, ...]
    label: str
    representative: int
    sections: tuple[str, ...]
    organisations: tuple[str, ...]
    n_bodies: int
    types: dict[str, int]
    title: str = ""
    without_terms: bool = False


@dataclass(frozen=True, slots=True)
class ManualOp:
    op: str
    keys: tuple[int, ...]
    targets: tuple[int, ...] = ()


# -- campaigns ----------------------------------------------------------------------------


class _FoldTable(dict[int, int]):
    """``str.translate`` table of folding: letters and digits stay, every other character
    becomes a space (what the expression ``[\\W_]+`` matches; three times faster than it).
    Filled as characters are met."""

    def __missing__(self, code: int) -> int:
        kept = code if chr(code).isalnum() else 32
        self[code] = kept
        return kept


_FOLD_TABLE = _FoldTable()


def _fold(text: str) -> str:
    """Case-folded words joined by single spaces: punctuation, underscores and spacing do
    not make two texts different."""
    return " ".join(text.casefold().translate(_FOLD_TABLE).split())


_SHINGLE_BLOCK = 4096
# Odd 64-bit constants that mix a shingle's three word hashes (multiplication wraps).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


@dataclass(frozen=True, slots=True)
class _Shingles:
    """The word 3-shingle hashes of many texts, end to end: text ``i`` owns
    ``hashes[starts[i]:starts[i + 1]]`` (repeats included; :meth:`of` gives the set)."""

    hashes: np.ndarray
    starts: np.ndarray

    def of(self, i: int) -> np.ndarray:
        return np.unique(self.hashes[self.starts[i] : self.starts[i + 1]])


def _shingles(folded: Sequence[str]) -> _Shingles:
    """Word 3-shingle hashes of folded texts of at least three words each (below 2**61).

    Each distinct word is hashed once (BLAKE2b); a shingle's hash mixes the hashes of its
    three words in numpy, so no shingle string is ever built (that was two thirds of the
    time of finding campaigns among 100 000 comments).
    """
    lengths = np.fromiter((f.count(" ") + 1 for f in folded), dtype=np.int64, count=len(folded))
    if len(folded) == 0 or int(lengths.min()) < 3:
        raise ValueError("every text to shingle needs three words")
    vocabulary: dict[str, int] = {}
    pieces: list[np.ndarray] = []
    # A block of texts at a time: the words of 100 000 texts as strings at once would
    # take several hundred megabytes.
    for begin in range(0, len(folded), _SHINGLE_BLOCK):
        words = " ".join(folded[begin : begin + _SHINGLE_BLOCK]).split(" ")
        for word in dict.fromkeys(words):
            if word not in vocabulary:
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                vocabulary[word] = int.from_bytes(digest, "little")
        flat = np.fromiter(map(vocabulary.__getitem__, words), dtype=np.uint64, count=len(words))
        with np.errstate(over="ignore"):
            mixed = flat[:-2] * _MIX[0] + flat[1:-1] * _MIX[1] + flat[2:] * _MIX[2]
        # A shingle starts at every word but the last two of its text.
        ends = np.cumsum(lengths[begin : begin + _SHINGLE_BLOCK])
        starts_here = np.ones(len(words), dtype=bool)
        starts_here[ends - 1] = False
        starts_here[ends - 2] = False
        pieces.append(mixed[starts_here[:-2]] >> np.uint64(3))
    hashes = np.concatenate(pieces)
    starts = np.zeros(len(folded) + 1, dtype=np.int64)
    np.cumsum(lengths - 2, out=starts[1:])
    return _Shingles(hashes, starts)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            out[self.find(i)].append(i)
        return list(out.values())


def _minhashes(shingles: _Shingles) -> np.ndarray:
    """MinHash signatures (:data:`_NUM_PERM` values per text) of every text's shingles.

    Each permutation is a multiply-add hash modulo 2**64 (wrapping uint64 arithmetic, odd
    multipliers); the order of two values is decided by their high bits, which mix all
    bits of the input. One permutation at a time over all texts' shingles end to end.
    """
    rng = np.random.default_rng(7)
    a = rng.integers(1, 1 << 63, size=_NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 1 << 63, size=_NUM_PERM, dtype=np.uint64)
    sig = np.empty((len(shingles.starts) - 1, _NUM_PERM), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for p in range(_NUM_PERM):
            sig[:, p] = np.minimum.reduceat(shingles.hashes * a[p] + b[p], shingles.starts[:-1])
    return sig


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) and not len(b):
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def _exact_pairs(shingles: _Shingles, threshold: float) -> list[tuple[int, int]]:
    """Every pair of texts whose shingle sets have Jaccard similarity ≥ ``threshold``.

    Exact: the shingle sets as rows of a sparse 0/1 matrix, whose product with its own
    transpose counts the shingles each two texts share (a block of rows at a time, so
    6 000 texts never hold a dense 6 000 × 6 000 matrix at once).
    """
    from scipy.sparse import csr_matrix

    sets = [shingles.of(p) for p in range(len(shingles.starts) - 1)]
    sizes = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
    _, columns = np.unique(np.concatenate(sets), return_inverse=True)
    rows = np.repeat(np.arange(len(sets)), sizes)
    incidence = csr_matrix(
        (np.ones(len(columns), dtype=np.int32), (rows, columns.ravel())),
        shape=(len(sets), int(columns.max()) + 1),
    )
    pairs: list[tuple[int, int]] = []
    block = 1_000
    for begin in range(0, len(sets), block):
        shared = (incidence[begin : begin + block] @ incidence.T).tocoo()
        a = shared.row + begin
        later = shared.col > a
        a, b, inter = a[later], shared.col[later], shared.data[later]
        similar = inter >= threshold * (sizes[a] + sizes[b] - inter)
        pairs += zip(a[similar].tolist(), b[similar].tolist(), strict=True)
    return pairs


def _join_candidates(
    shingles: _Shingles, threshold: float, order: Sequence[int], uf: _UnionFind
) -> None:
    """Join the texts that banded locality-sensitive hashing of their MinHash signatures
    puts in one bucket and whose real Jaccard similarity reaches ``threshold``.

    A pair at the campaign threshold (0.6) shares a bucket in at least one of the 16 bands
    with probability 0.89, and a campaign of several letters is found through any of its
    pairs, so whole campaigns are rarely missed; the cost grows with the number of texts,
    not with its square.
    """
    sets: dict[int, np.ndarray] = {}

    def shingle_set(pos: int) -> np.ndarray:
        found = sets.get(pos)
        if found is None:
            found = sets[pos] = shingles.of(pos)
        return found

    sig = _minhashes(shingles)
    rows = _NUM_PERM // _BANDS
    for band in range(_BANDS):
        # A bucket is one distinct band of the signature, keyed by the band's values mixed
        # into one number (two different bands share a key with a chance of 2**-64).
        # Every member of a bucket is compared with the bucket's first member, which
        # np.unique gives as the first occurrence.
        chunk = sig[:, band * rows : (band + 1) * rows]
        key = chunk[:, 0].copy()
        with np.errstate(over="ignore"):
            for col in range(1, rows):
                key = key * _MIX[col % len(_MIX)] ^ chunk[:, col]
        _, first, bucket = np.unique(key, return_index=True, return_inverse=True)
        head_of = first[bucket.ravel()]
        for pos in np.flatnonzero(head_of != np.arange(len(order))).tolist():
            head = int(head_of[pos])
            i, j = order[head], order[pos]
            if uf.find(i) != uf.find(j) and (
                _jaccard(shingle_set(head), shingle_set(pos)) >= threshold
            ):
                uf.union(i, j)


def find_campaigns(
    items: Sequence[AnalysisItem], *, threshold: float = CAMPAIGN_THRESHOLD, min_words: int = 12
) -> list[Campaign]:
    """Groups of near-identical comments (Jaccard of word 3-shingles ≥ ``threshold``).

    Comments shorter than ``min_words`` words are only grouped when identical: short
    remarks ("Agree.", "See above") are alike without being a campaign.
    """
    n = len(items)
    if n < 2:
        return []
    folded = [_fold(it.text) for it in items]
    uf = _UnionFind(n)
    exact_groups: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(folded):
        if f:
            exact_groups[f].append(i)
    for members in exact_groups.values():
        for j in members[1:]:
            uf.union(members[0], j)
    # A folded text is words joined by single spaces; shingling needs three words.
    min_words = max(min_words, 3)
    order = [m[0] for m in exact_groups.values() if folded[m[0]].count(" ") + 1 >= min_words]
    if len(order) > 1:
        shingles = _shingles([folded[i] for i in order])
        if len(order) <= CAMPAIGN_EXACT_MAX:
            for a, b in _exact_pairs(shingles, threshold):
                uf.union(order[a], order[b])
        else:
            _join_candidates(shingles, threshold, order, uf)
    campaigns: list[Campaign] = []
    for group in uf.groups():
        if len(group) < 2:
            continue
        exact = len({folded[i] for i in group}) == 1
        bodies = {o for i in group for o in items[i].organisations}
        campaigns.append(Campaign(tuple(sorted(items[i].key for i in group)), exact, len(bodies)))
    campaigns.sort(key=lambda c: (-len(c.keys), c.keys[0]))
    return campaigns


# -- vectors ------------------------------------------------------------------------------


@cache
def _term_map() -> dict[str, dict[str, list[str]]]:
    text = resources.files("guidefeedback").joinpath("data/term_map.toml").read_text("utf-8")
    raw = tomllib.loads(text)
    return {
        lang: {k: str(v).split() for k, v in table.items()}
        for lang, table in raw.items()
        if lang != "generic"
    }


@cache
def _generic_words() -> frozenset[str]:
    text = resources.files("guidefeedback").joinpath("data/term_map.toml").read_text("utf-8")
    return frozenset(tomllib.loads(text).get("generic", {}).get("words", []))


def _documents(items: Sequence[AnalysisItem], model: str | None) -> list[str]:
    from .nlp import terms

    lists = terms([it.text for it in items], [it.language or "en" for it in items], model=model)
    maps = _term_map()
    docs: list[str] = []
    for it, words in zip(items, lists, strict=True):
        mapping = maps.get(it.language or "", {})
        extra = [w for t in words if t in mapping for w in mapping[t]] if mapping else []
        docs.append(" ".join(words + extra))
    return docs


def documents(items: Sequence[AnalysisItem], model: str | None) -> dict[int, str]:
    """The terms of each item as one string, by key (what :func:`cluster` vectorises)."""
    return {it.key: doc for it, doc in zip(items, _documents(items, model), strict=True)}


def warm_up(n_items: int) -> None:
    """Import what clustering ``n_items`` items will need, ahead of time: called while a
    second process finds the campaigns, so the imports cost no wall time (scikit-learn,
    for Birch above :data:`AGGLOMERATIVE_MAX` items, takes a second)."""
    import scipy.cluster.hierarchy
    import scipy.linalg  # noqa: F401

    if n_items > AGGLOMERATIVE_MAX:
        import sklearn.cluster  # noqa: F401


def _vectors(docs: Sequence[str]) -> np.ndarray:
    """Normalised dense vectors of non-empty documents (TF-IDF words + 4-grams, SVD)."""
    from scipy.sparse import hstack

    from .beside import two_cores
    from .termvectors import normalize_dense, normalize_rows, term_views, truncated_svd

    # Two cores share the counting of a large run (the second is idle here otherwise).
    w, g = term_views(docs, parallel=len(docs) >= PARALLEL_TERMS_FROM and two_cores())
    matrix = w if g is None else hstack([w, g * 0.6]).tocsr()
    matrix = normalize_rows(matrix, copy=False)
    n_features = matrix.shape[1]
    if matrix.shape[0] > 2 and n_features > SVD_COMPONENTS:
        from threadpoolctl import threadpool_limits

        large = matrix.shape[0] > AGGLOMERATIVE_MAX
        # One BLAS thread: as fast on an idle two-core machine for these shapes, and five
        # times faster on a busy one (threads that wait for a core spin).
        with threadpool_limits(limits=1, user_api="blas"):
            # Above a few thousand comments three power iterations (not five), on a sample
            # of SVD_FIT_ROWS comments, give the same clusters at a fraction of the cost;
            # the sub-clusters of Birch absorb the rest.
            dense = truncated_svd(
                matrix,
                min(SVD_COMPONENTS, matrix.shape[0] - 1),
                3 if large else 5,
                fit_rows=SVD_FIT_ROWS if large else None,
            ).astype(np.float32)
    else:
        dense = matrix.toarray().astype(np.float32)
    return normalize_dense(dense)


def centre_languages(
    vectors: np.ndarray,
    languages: Sequence[str],
    *,
    prior: float = PRIOR,
) -> np.ndarray:
    """Subtract each language's mean vector, then normalise again.

    What the comments of one language have in common, beyond their point, is their
    language; removing the language's mean leaves what distinguishes a comment within
    its language, which is comparable across languages. A language's mean is shrunk
    toward the overall mean as if ``prior`` comments of the overall mean were added:
    with 200 comments the language's own mean dominates, a single comment is moved only
    a little (its own text is not subtracted from itself). Comments all in one language
    are left as they are.
    """
    if len(vectors) == 0:
        return vectors
    if len({lang or "" for lang in languages}) < 2:
        # One language: there is no language component to remove, and subtracting the
        # mean would remove what the comments have in common.
        return vectors
    overall = vectors.mean(axis=0)
    out = np.empty_like(vectors)
    langs = np.asarray([lang or "" for lang in languages])
    for lang in sorted(set(langs.tolist())):
        sel = langs == lang
        n = int(sel.sum())
        mean = (vectors[sel].sum(axis=0) + prior * overall) / (n + prior)
        out[sel] = vectors[sel] - mean
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    # A vector equal to its language's mean (every comment of a language the same)
    # keeps its direction rather than becoming zero.
    flat = norms[:, 0] < 1e-6
    out[flat] = vectors[flat]
    norms[flat] = 1.0
    return np.asarray(out / norms, dtype=np.float32)


def calibrated_similarity(
    vectors: np.ndarray, languages: Sequence[str], *, cap: float = CROSS_LANGUAGE_CAP
) -> np.ndarray:
    """Cosine similarities, with those between two languages put on the same scale.

    Even after centring, a Swedish and an English comment on one point share fewer
    features (only mapped terms, cognates, numbers) than two English comments do, so
    their similarity is lower for the same closeness of meaning. For each pair of
    languages we measure how close a comment's nearest neighbour typically is (the
    median over comments) within each language and across the two, and multiply the
    cross-language similarities by within / across (between 1 and ``cap``). The factor
    is measured on the comments at hand: no constant is tuned per data set.
    """
    sims: np.ndarray = np.asarray(np.clip(vectors @ vectors.T, -1.0, 1.0))
    langs = np.asarray([lang or "" for lang in languages])
    names = sorted(set(langs.tolist()))
    if len(names) < 2:
        return sims
    masked = sims - 3.0 * np.eye(len(sims), dtype=sims.dtype)
    nearest: dict[tuple[str, str], float] = {}
    for a in names:
        rows = langs == a
        for b in names:
            cols = langs == b
            if a == b and rows.sum() < 2:
                continue
            nearest[a, b] = float(np.median(masked[np.ix_(rows, cols)].max(axis=1)))
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if (a, a) not in nearest or (b, b) not in nearest:
                continue
            within = np.sqrt(max(nearest[a, a], 0.0) * max(nearest[b, b], 0.0))
            across = (nearest[a, b] + nearest[b, a]) / 2
            factor = float(np.clip(within / max(across, 1e-6), 1.0, cap))
            block = np.ix_(langs == a, langs == b)
            sims[block] *= factor
            sims[np.ix_(langs == b, langs == a)] *= factor
    return np.asarray(np.clip(sims, -1.0, 1.0))


def _agglomerate(
    vectors: np.ndarray,
    threshold: float,
    languages: Sequence[str] | None = None,
    *,
    relief: float = 0.0,
) -> np.ndarray:
    """Average-linkage clusters (scipy's linkage, in C) cut at similarity ``threshold``.

    With ``relief`` > 0 the cut is size-aware (:func:`_cut_tree`); with 0 it is the plain
    cut at distance ``1 - threshold``.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(vectors) == 1:
        return np.zeros(1, dtype=int)
    if languages is None:
        sims = np.clip(vectors @ vectors.T, -1.0, 1.0)
    else:
        sims = calibrated_similarity(vectors, languages)
    distances = 1.0 - sims.astype(np.float64)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    if relief > 0:
        return _cut_tree(tree, len(vectors), threshold, relief)
    return np.asarray(fcluster(tree, 1.0 - threshold, criterion="distance")) - 1


def _cut_tree(
    tree: np.ndarray, n: int, threshold: float, relief: float, pairs: float = SIZE_RELIEF_PAIRS
) -> np.ndarray:
    """Cut an average-linkage tree where a merge needs less similarity the more pairs it
    rests on.

    Two comments join at similarity ``threshold``; two groups of n1 and n2 comments join
    when the average of their n1·n2 similarities reaches ``threshold · (n1·n2)^-relief``.
    One pair of short comments that share a word is weak evidence; twenty comments that
    are all a little alike are strong evidence, though their average is lower (a point
    said in several wordings, or in two languages, has many loosely similar pairs). A
    merge is only taken when both of the groups it joins were themselves accepted.

    Beyond ``pairs`` pairs (:data:`SIZE_RELIEF_PAIRS`, say 20 × 25 comments) the average
    is as sure as it gets, and the need stays at ``threshold · pairs^-relief`` (0.059 at
    the defaults): without that floor two groups of hundreds of comments on one subject
    join at an average near 0.03, so whether a large cluster swallows its neighbours
    turned on the smallest change to the vectors. On the 694 comments of the corpus line
    (eval/README.md), with the SVD's ``random_state`` 0–7: mean ARI 0.179 uncapped, 0.274
    capped, the largest cluster 531–641 comments uncapped, 531–596 capped; the labelled
    sets and their held-out draws score the same either way (their merges rest on fewer
    pairs).
    """
    total = n + len(tree)
    accepted = np.ones(total, dtype=bool)
    size = np.ones(total, dtype=np.float64)
    for j, (a, b, distance, count) in enumerate(tree):
        left, right = int(a), int(b)
        size[n + j] = count
        need = threshold * min(size[left] * size[right], pairs) ** -relief
        accepted[n + j] = accepted[left] and accepted[right] and 1.0 - distance >= need
    # Top-down: every node below an accepted node takes that node's label.
    label = np.arange(total)
    for j in range(len(tree) - 1, -1, -1):
        node = n + j
        if accepted[node]:
            label[int(tree[j, 0])] = label[node]
            label[int(tree[j, 1])] = label[node]
    _, found = np.unique(label[:n], return_inverse=True)
    return np.asarray(found, dtype=int)


def _birch(vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Scalable path: Birch sub-clusters, then the agglomerative step over them."""
    from sklearn.cluster import Birch

    # For unit vectors, Euclidean radius r means cosine ≥ 1 - r²/2; sub-clusters are kept
    # tight (well inside the final threshold) so the agglomerative step decides.
    radius = float(np.sqrt(2 * (1 - min(0.95, threshold + (1 - threshold) * 0.5))))
    birch = Birch(threshold=radius, branching_factor=100, n_clusters=None)
    birch.fit(vectors)
    sub = birch.predict(vectors)
    centres = birch.subcluster_centers_
    norms = np.linalg.norm(centres, axis=1, keepdims=True)
    centres = centres / np.maximum(norms, 1e-9)
    if len(centres) > AGGLOMERATIVE_MAX:
        # Still too many: a second Birch pass over the centres.
        top = _birch(centres.astype(np.float32), threshold)
    else:
        top = _agglomerate(centres, threshold)
    return np.asarray(top[sub])


def cluster(
    items: Sequence[AnalysisItem],
    *,
    threshold: float | None = None,
    model: str | None = None,
    campaigns: Sequence[Campaign] | None = None,
    embeddings: dict[int, np.ndarray] | None = None,
    documents: Mapping[int, str] | None = None,
) -> list[Cluster]:
    """Every comment in exactly one cluster (singletons included), largest first.

    ``model`` is None (term vectors), :data:`SEMANTIC_MODEL` (then ``embeddings`` maps
    every item's key to its sentence embedding; see :mod:`guidefeedback.semantic`) or the
    name of an installed spaCy model used for terms. ``documents`` are the items' terms
    by key when already made (:func:`documents`, for instance while campaigns were being
    found); otherwise they are made here.
    """
    if not items:
        return []
    semantic = model == SEMANTIC_MODEL
    if threshold is None:
        threshold = SEMANTIC_THRESHOLD if semantic else DEFAULT_THRESHOLD
    if campaigns is None:
        campaigns = find_campaigns(items)
    index = {it.key: i for i, it in enumerate(items)}
    leader = list(range(len(items)))
    for camp in campaigns:
        first = index[camp.keys[0]]
        for key in camp.keys[1:]:
            leader[index[key]] = first
    reps = sorted(set(leader))
    if documents is None:
        docs_all = _documents([items[i] for i in reps], None if semantic else model)
    else:
        docs_all = [documents[items[i].key] for i in reps]
    usable = [p for p, d in enumerate(docs_all) if d.strip()]
    labels_rep = np.full(len(reps), -1, dtype=int)
    vectors: np.ndarray | None = None
    if usable:
        usable_langs = [items[reps[p]].language for p in usable]
        dense = centre_languages(_vectors([docs_all[p] for p in usable]), usable_langs)
        if semantic:
            if embeddings is None:
                raise ValueError("the semantic model needs embeddings for every comment")
            meaning = np.stack([embeddings[items[reps[p]].key] for p in usable])
            meaning = meaning.astype(np.float32)
            meaning /= np.maximum(np.linalg.norm(meaning, axis=1, keepdims=True), 1e-9)
            # Both views, centred: the embedding brings meaning across languages, the
            # terms keep exact names, numbers and domain words.
            joined = np.hstack(
                [
                    dense * np.sqrt(1.0 - SEMANTIC_WEIGHT),
                    centre_languages(meaning, usable_langs) * np.sqrt(SEMANTIC_WEIGHT),
                ]
            )
            dense = np.asarray(joined, dtype=np.float32)
        # A form letter usually makes several points in one text and is answered as a
        # campaign: its letters form a cluster of their own instead of joining the
        # cluster of whichever of its points is nearest.
        apart = {index[c.keys[0]] for c in campaigns if c.n_bodies >= CAMPAIGN_APART_MIN}
        free = [q for q, p in enumerate(usable) if reps[p] not in apart]
        found = np.full(len(usable), -1, dtype=int)
        if len(free) == 1:
            found[free] = 0
        elif 1 < len(free) <= AGGLOMERATIVE_MAX:
            found[free] = _agglomerate(
                dense[free],
                threshold,
                [usable_langs[q] for q in free],
                relief=SIZE_RELIEF,
            )
        elif free:
            found[free] = _birch(dense[free], threshold)
        for q in np.flatnonzero(found < 0):
            found[q] = int(found.max()) + 1
        labels_rep[usable] = found
        vectors = np.zeros((len(reps), dense.shape[1]), dtype=np.float32)
        vectors[usable] = dense
    # Comments with no usable terms form one group of their own.
    labels_rep[labels_rep < 0] = int(labels_rep.max()) + 1
    label_of_rep = {r: int(lbl) for r, lbl in zip(reps, labels_rep, strict=True)}
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[label_of_rep[leader[i]]].append(i)
    rep_pos = {r: p for p, r in enumerate(reps)}
    doc_of = {r: docs_all[p] for p, r in enumerate(reps)}
    return _describe(items, list(groups.values()), vectors, rep_pos, leader, doc_of)


def _describe(
    items: Sequence[AnalysisItem],
    groups: list[list[int]],
    vectors: np.ndarray | None,
    rep_pos: dict[int, int] | None,
    leader: Sequence[int] | None,
    doc_of: dict[int, str] | None,
) -> list[Cluster]:
    """Label, representative, sections, bodies and types of each group of item indexes."""
    if doc_of is None:
        docs = _documents(items, None)
        doc_of = dict(enumerate(docs))
    if leader is None:
        leader = list(range(len(items)))
    # Class-based TF-IDF: each group is one document of its members' terms.
    generic = _generic_words()
    # The label words of each distinct document, once (campaign members share theirs).
    doc_words: dict[int, set[str]] = {}
    # Each distinct word is tested for being a code once; the rest is set arithmetic.
    seen: set[str] = set()
    codes: set[str] = set()
    group_terms: list[Counter[str]] = []
    for g in groups:
        member_words: list[set[str]] = []
        for i in g:
            found = doc_words.get(leader[i])
            if found is None:
                words = set(doc_of.get(leader[i], "").split()) - generic
                new = words - seen
                if new:
                    seen |= new
                    codes.update(w for w in new if _is_code(w))
                found = doc_words[leader[i]] = words - codes
            member_words.append(found)
        # One count over all members' words (Counter.update per member costs twice this).
        group_terms.append(Counter(chain.from_iterable(member_words)))
    df: Counter[str] = Counter()
    for counts in group_terms:
        df.update(counts.keys())
    n_groups = len(groups)
    out: list[Cluster] = []
    picked: list[tuple[list[int], list[str], int]] = []
    for g, counts in zip(groups, group_terms, strict=True):
        size = len(g)
        scored = sorted(
            counts.items(),
            key=lambda kv: (-(kv[1] / size) * np.log(1 + n_groups / df[kv[0]]), kv[0]),
        )
        label_words: list[str] = []
        for word, _ in scored:
            if any(word in w or w in word for w in label_words):
                continue
            label_words.append(word)
            if len(label_words) == 4:
                break
        representative = _representative(items, g, vectors, rep_pos, leader)
        picked.append((g, label_words, representative))
    titles = titles_of(
        [items[r].text for _, _, r in picked],
        [items[r].language for _, _, r in picked],
        [words for _, words, _ in picked],
    )
    for (g, label_words, representative), title in zip(picked, titles, strict=True):
        without_terms = not any(doc_of.get(leader[i], "").strip() for i in g)
        if without_terms:
            # "+1" or an address alone is no title (and an address is personal data).
            title = NO_TERMS_TITLE.get(items[representative].language, NO_TERMS_TITLE["en"])
        bodies: set[str] = set()
        organisations: list[str] = []
        for i in g:
            for o in items[i].organisations:
                if o not in bodies:
                    bodies.add(o)
                    organisations.append(o)
        sections = sorted({items[i].section for i in g if items[i].section}, key=section_sort_key)
        types = Counter(items[i].type or "-" for i in g)
        out.append(
            Cluster(
                keys=tuple(sorted(items[i].key for i in g)),
                label=" · ".join(label_words),
                representative=items[representative].key,
                sections=tuple(sections),
                organisations=tuple(organisations),
                n_bodies=len(bodies),
                types=dict(types),
                title=title,
                without_terms=without_terms,
            )
        )
    out.sort(key=lambda c: (-len(c.keys), c.keys[0]))
    return out


# -- long comments ----------------------------------------------------------------------

PART_MIN_WORDS = 6


CONTACT_MAX_WORDS = 30


def split_parts(text: str, *, min_words: int = PART_MIN_WORDS) -> list[str]:
    """The paragraphs of a comment that make a point each (one part: not split).

    Paragraphs are separated by a blank line; one shorter than ``min_words`` words (an
    opening such as "We have three comments.") joins the paragraph after it, and a short
    one giving an e-mail address or phone number (a closing contact line) the one before.
    """
    paragraphs: list[str] = []
    for p in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not p:
            continue
        if paragraphs and continues_sentence(paragraphs[-1], p):
            # A blank line inside a sentence (a page break, a pasted wrap) does not start
            # a new point: "… under de första åren\n\nsaknas helt …" is one sentence.
            paragraphs[-1] = f"{paragraphs[-1]} {p}"
        else:
            paragraphs.append(p)
    # A short paragraph that gives an address or a phone number ("We are glad to help:
    # contact …, +46 …") closes the paragraph before it: it is no point to cluster (and,
    # clustered alone, it would become a title naming a person).
    closed: list[str] = []
    for p in paragraphs:
        if closed and len(p.split()) < CONTACT_MAX_WORDS and has_contact(p):
            closed[-1] = f"{closed[-1]} {p}"
        else:
            closed.append(p)
    paragraphs = closed
    parts: list[str] = []
    carry = ""
    for p in paragraphs:
        joined = f"{carry} {p}".strip() if carry else p
        if len(joined.split()) < min_words:
            carry = joined
            continue
        parts.append(joined)
        carry = ""
    if carry:
        if parts:
            parts[-1] = f"{parts[-1]} {carry}"
        else:
            parts.append(carry)
    return parts or [text]


# -- titles -----------------------------------------------------------------------------

TITLE_MAX = 110
# How far past TITLE_MAX a whole sentence may run before it is cut.
TITLE_SLACK = 25
NO_TERMS_TITLE = {
    "en": "Comments without words to compare (such as “+1”, a link or an address alone)",
    "sv": "Synpunkter utan ord att jämföra (till exempel ”+1”, en länk eller en adress)",
}
# A line break alone is not a sentence end: text pasted from a PDF or a letter is wrapped.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[“]?[A-ZÅÄÖ0-9])|\n\s*\n")
# A short lead-in ending in a colon ("Comment:", "Synpunkt:", "Our view:") says nothing.
# So does one ending in a comma before a capital ("In our view, The section …").
_LEAD_IN = re.compile(
    r"^\s*(?:(?:[^\W\d_]+\s+){0,2}[^\W\d_]+\s*:\s+(?=\S)"
    r"|(?:[^\W\d_]+\s+){0,3}[^\W\d_]+\s*,\s+(?=[A-ZÅÄÖ]))"
)
# Where a long sentence may be cut: after a clause, before a conjunction that starts one.
_CLAUSE = re.compile(
    r"[,;:]\s+|\s+[–—-]\s+|\s+(?=(?:because|since|so that|which|but|eftersom|så att|"
    r"vilket|men|då)\s)",
    re.IGNORECASE,
)


# Abbreviations that end in a full stop inside a sentence ("På s. 14 används …", "e.g. the").
_ABBREVIATIONS = frozenset(
    [
        "s.",
        "sid.",
        "p.",
        "pp.",
        "kap.",
        "avsn.",
        "art.",
        "nr.",
        "no.",
        "fig.",
        "tab.",
        "bil.",
        "t.ex.",
        "bl.a.",
        "m.m.",
        "jfr.",
        "ca.",
        "resp.",
        "e.g.",
        "i.e.",
        "cf.",
        "sect.",
        "sec.",
        "ch.",
        "para.",
        "vol.",
        "approx.",
    ]
)


def sentences(text: str) -> list[str]:
    """The sentences of a comment (on end punctuation followed by a capital, or a line)."""
    found: list[str] = []
    glued = False
    for piece in _SENTENCE_END.split(text):
        piece = " ".join(piece.split()) if piece else ""
        if not piece:
            glued = False
            continue
        if glued and found:
            found[-1] = f"{found[-1]} {piece}"
        else:
            found.append(piece)
        glued = piece.rsplit(" ", 1)[-1].casefold() in _ABBREVIATIONS
    return found


def titles_of(
    texts: Sequence[str], languages: Sequence[str], keywords: Sequence[Sequence[str]]
) -> list[str]:
    """A readable title for each cluster, from the text of its most central comment.

    The sentence that holds most of the cluster's distinctive terms (the first on a tie,
    so a comment's opening point wins) is taken word for word, in its own language, and
    cut at a clause boundary when longer than :data:`TITLE_MAX` characters.
    """
    from .nlp import terms

    per_text = [sentences(t) or [t.strip()] for t in texts]
    flat = [s for group in per_text for s in group]
    flat_langs = [lang for group, lang in zip(per_text, languages, strict=True) for _ in group]
    flat_terms = terms(flat, [lang or "en" for lang in flat_langs]) if flat else []
    maps = _term_map()
    out: list[str] = []
    pos = 0
    for group, lang, words in zip(per_text, languages, keywords, strict=True):
        wanted = set(words)
        best, best_score = "", -1.0
        for k, sentence in enumerate(group):
            own = flat_terms[pos + k]
            mapped = {w for t in own for w in maps.get(lang or "", {}).get(t, ())}
            found = len(wanted & (set(own) | mapped))
            # Prefer sentences that carry the point over a bare greeting or lead-in.
            score = found + (0.5 if len(own) >= 3 else 0.0) - 0.01 * k
            if score > best_score:
                best, best_score = sentence, score
        pos += len(group)
        out.append(trim_title(best))
    return out


# A quoted passage of the draft inside a title: "…", “…” or Swedish ”…”.
_QUOTED = re.compile(r'"[^"]+"|“[^”]+”|”[^”]+”')
_QUOTE_KEEP = 32


def _shorten_quotation(m: re.Match[str]) -> str:
    quoted = m.group(0)
    inner = quoted[1:-1]
    if len(inner) <= _QUOTE_KEEP + 8:
        return quoted
    # At the quotation's first clause boundary when there is one early on, else at a word.
    cut = next((m.start() for m in _CLAUSE.finditer(inner) if 12 <= m.start() <= 50), -1)
    if cut < 0:
        cut = inner.rfind(" ", 0, _QUOTE_KEEP + 1)
    return f"{quoted[0]}{inner[: cut if cut > 10 else _QUOTE_KEEP].rstrip(' ,;:')} …{quoted[-1]}"


def trim_title(sentence: str, limit: int = TITLE_MAX) -> str:
    """A sentence made into a title: lead-in dropped, cut at a clause boundary if long.

    A long quotation of the draft is shortened inside its quote marks first, and a cut
    never falls inside a quotation: 'In "It should start well before the tender, often
    six to twelve months …" the time span has no source' keeps what the comment says.
    """
    # A leading "=", "+" or "@" (a spreadsheet cell typed as a formula) is not the title's.
    text = " ".join(sentence.split()).lstrip("=+@ ") or sentence.strip()
    text = _LEAD_IN.sub("", text, count=1) or text
    text = _QUOTED.sub(_shorten_quotation, text)
    # A sentence a little over the limit is kept whole: cutting its last word or two
    # ("… never sold to the public sector.") leaves a title that stops mid-phrase.
    if len(text) > limit + TITLE_SLACK:
        quoted = [m.span() for m in _QUOTED.finditer(text)]
        cuts = [
            m.start()
            for m in _CLAUSE.finditer(text)
            if 25 <= m.start() <= limit and not any(a < m.start() < b for a, b in quoted)
        ]
        if cuts:
            text = text[: cuts[-1]].rstrip(" ,;:–—-")
        else:
            cut = text.rfind(" ", 0, limit)
            text = text[: cut if cut > 25 else limit].rstrip(" ,;:–—-") + " …"
    # A sentence split inside a quotation leaves a quote mark open: drop the marks.
    opening = text.count("“")
    if text.count('"') % 2 or (opening != text.count("”") if opening else text.count("”") % 2):
        text = " ".join(text.replace('"', "").replace("“", "").replace("”", "").split())
    first = text.split(" ", 1)[0]
    return text[:1].upper() + text[1:] if first.isalpha() else text


def _is_code(word: str) -> bool:
    # str.isdecimal is Unicode category Nd, what the pattern ^\d matched.
    return word[:1].isdecimal()


def _representative(
    items: Sequence[AnalysisItem],
    group: list[int],
    vectors: np.ndarray | None,
    rep_pos: dict[int, int] | None,
    leader: Sequence[int],
) -> int:
    if vectors is None or rep_pos is None or len(group) == 1:
        return max(group, key=lambda i: (len(items[i].text) > 40, -i))
    positions = [rep_pos[leader[i]] for i in group]
    centroid = vectors[positions].mean(axis=0)
    scores = vectors[positions] @ centroid
    # Prefer complete comments: a very short member is rarely the best summary.
    best = max(
        range(len(group)),
        key=lambda k: (float(scores[k]) + (0.05 if len(items[group[k]].text) > 60 else 0.0), -k),
    )
    return group[best]


# -- manual edits and stable ids ----------------------------------------------------------


def clusters_from_groups(
    items: Sequence[AnalysisItem], groups: Iterable[Iterable[int]]
) -> list[Cluster]:
    """Clusters (with labels) for given groups of comment keys; unknown keys are dropped
    and comments in no group become singletons."""
    index = {it.key: i for i, it in enumerate(items)}
    seen: set[int] = set()
    idx_groups: list[list[int]] = []
    for g in groups:
        members = [index[k] for k in g if k in index and k not in seen]
        seen.update(items[i].key for i in members)
        if members:
            idx_groups.append(members)
    idx_groups.extend([i] for i, it in enumerate(items) if it.key not in seen)
    return _describe(items, idx_groups, None, None, None, None)


def apply_manual(
    clusters: Sequence[Cluster],
    operations: Sequence[ManualOp],
    *,
    items: Sequence[AnalysisItem],
) -> list[Cluster]:
    """Apply the editors' edits in order. A cluster the edits leave as it was is returned
    as given (its representative and title came from the clustering's vectors); the
    others are labelled anew."""
    if not operations:
        return list(clusters)
    known = {it.key for it in items}
    groups: list[set[int]] = [set(c.keys) for c in clusters]

    def group_of(key: int) -> int | None:
        for gi, g in enumerate(groups):
            if key in g:
                return gi
        return None

    for op in operations:
        keys = [k for k in op.keys if k in known]
        if op.op == "merge" and keys:
            merged: set[int] = set(keys)
            for k in keys:
                gi = group_of(k)
                if gi is not None:
                    groups[gi] -= set(keys)
            groups = [g for g in groups if g]
            groups.append(merged)
        elif op.op == "move" and keys:
            targets = [t for t in op.targets if t in known and t not in keys]
            for k in keys:
                gi = group_of(k)
                if gi is not None:
                    groups[gi].discard(k)
            groups = [g for g in groups if g]
            target_group = next((group_of(t) for t in targets if group_of(t) is not None), None)
            if target_group is None:
                groups.append(set(keys))
            else:
                groups[target_group].update(keys)
        elif op.op == "split" and keys:
            for k in keys:
                gi = group_of(k)
                if gi is not None:
                    groups[gi].discard(k)
            groups = [g for g in groups if g]
            groups.extend({k} for k in keys)
    given = {frozenset(c.keys): c for c in clusters}
    return [
        given.get(frozenset(c.keys), c)
        for c in clusters_from_groups(items, [sorted(g) for g in groups])
    ]


def match_clusters(old: Sequence[frozenset[int]], new: Sequence[frozenset[int]]) -> dict[int, int]:
    """New cluster index → old cluster index, one to one, by the largest overlap.

    Pairs are taken greedily by overlap (ties by Jaccard), so a cluster that kept most
    of its comments keeps its id even when it gained or lost a few.
    """
    owner: dict[int, int] = {}
    for oi, members in enumerate(old):
        for k in members:
            owner[k] = oi
    overlaps: Counter[tuple[int, int]] = Counter()
    for ni, members in enumerate(new):
        for k in members:
            found = owner.get(k)
            if found is not None:
                overlaps[(ni, found)] += 1
    ranked = sorted(
        overlaps.items(),
        key=lambda kv: (
            -kv[1],
            -kv[1] / (len(new[kv[0][0]]) + len(old[kv[0][1]]) - kv[1]),
            kv[0],
        ),
    )
    mapping: dict[int, int] = {}
    used_old: set[int] = set()
    for (ni, oi), _ in ranked:
        if ni in mapping or oi in used_old:
            continue
        mapping[ni] = oi
        used_old.add(oi)
    return mapping
