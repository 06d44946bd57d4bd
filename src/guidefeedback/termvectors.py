"""TF-IDF of term documents, counted with numpy: words, word pairs and character 4-grams.

The clustering's two sparse views are what scikit-learn's ``TfidfVectorizer`` gives with
``token_pattern=r"\\S+", ngram_range=(1, 2)`` (words and word pairs) and with
``analyzer="char_wb", ngram_range=(4, 4), min_df=2`` (4-grams within words), both with
``sublinear_tf=True`` and float32. Its counting runs in Python per document and per
feature, which at 100 000 comments took 30 s of a 90 s clustering run, most of it making
the 4-gram strings of words that occur thousands of times. Here:

- each document is split once; every distinct word gets an id (one dict lookup per word);
- word pairs are pairs of ids, counted with ``numpy.unique`` over all documents at once;
- the 4-grams of a document are the 4-grams of its words, so they are made once per
  *distinct* word (a words × 4-grams matrix) and a document's 4-gram counts are its word
  counts times that matrix (one sparse product);
- the weighting is scikit-learn's own ``TfidfTransformer``.

The matrices are the same as ``TfidfVectorizer``'s, column for column (features sorted as
it sorts them, so the SVD that follows sees the same input and gives the same clusters):
``tests/test_clustering.py`` compares the two. Only when a word holds a character that
sorts before a space (never for our terms, which are letters, digits and dots) would the
order of word pairs differ; then the documents go to ``TfidfVectorizer`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

GRAM = 4
GRAM_MIN_DF = 2
_CHUNK = 4096


class NoFeatures(ValueError):
    """No feature is left (no word at all, or no 4-gram in two documents)."""


def term_views(
    docs: Sequence[str], *, parallel: bool = False
) -> tuple[csr_matrix, csr_matrix | None]:
    """TF-IDF of words and word pairs, and of 4-grams within words (None when no
    4-gram occurs in two documents), one row per document.

    With ``parallel`` (two cores, a large run) the word view is counted in a forked child
    while this process counts the 4-grams (:mod:`guidefeedback.beside`); the matrices are
    the same either way.
    """
    vocabulary: dict[str, int] = {}
    chunks: list[np.ndarray] = []
    lengths = np.zeros(len(docs), dtype=np.int64)
    # A chunk at a time, as word ids: the words of 100 000 documents as Python strings
    # and ints would take half a gigabyte.
    for begin in range(0, len(docs), _CHUNK):
        split = [doc.lower().split() for doc in docs[begin : begin + _CHUNK]]
        lengths[begin : begin + len(split)] = [len(t) for t in split]
        flat = list(chain.from_iterable(split))
        # New words in the order they first occur (the 4-grams are numbered by it).
        for word in dict.fromkeys(flat):
            if word not in vocabulary:
                vocabulary[word] = len(vocabulary)
        ids = list(map(vocabulary.__getitem__, flat))
        chunks.append(np.asarray(ids, dtype=np.int64))
    if not vocabulary:
        raise NoFeatures("no words")
    words = list(vocabulary)
    del vocabulary
    if min(min(w) for w in words) <= " ":
        return _reference(docs)
    token_id = np.concatenate(chunks)
    del chunks
    row_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)

    def word_view() -> csr_matrix:
        return _word_view(words, token_id, row_of, lengths)

    def gram_view() -> csr_matrix | None:
        return _gram_view(words, token_id, row_of, len(docs))

    if parallel:
        from .beside import run_beside

        grams, pairs = run_beside(gram_view, word_view, what="the process counting words")
        return pairs, grams
    return word_view(), gram_view()


def _word_view(
    words: list[str], token_id: np.ndarray, row_of: np.ndarray, lengths: np.ndarray
) -> csr_matrix:
    """TF-IDF of the words and word pairs of every document."""
    n_docs, n_words = len(lengths), len(words)
    # Features are numbered in the order scikit-learn sorts their strings. With every
    # character above the space, "a b" sorts right after "a" and before any longer word
    # that starts with "a": the order of (rank of first word, 0 or 1 + rank of second).
    order = sorted(range(n_words), key=words.__getitem__)
    rank = np.empty(n_words, dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(n_words, dtype=np.int64)
    token_rank = rank[token_id]
    pair = np.flatnonzero(row_of[1:] == row_of[:-1])
    width = n_words + 1
    # Lay the features out as scikit-learn's analyser yields them (per document its
    # words, then its pairs), so that the first occurrence of each is known: within a
    # row it keeps its entries in that order, and sums over a row follow it.
    pairs_per_doc = np.maximum(lengths - 1, 0)
    doc_start = np.cumsum(lengths + pairs_per_doc) - lengths - pairs_per_doc
    token_start = np.cumsum(lengths) - lengths
    position = np.arange(len(token_id), dtype=np.int64) - token_start[row_of]
    stream = np.empty(len(token_id) + len(pair), dtype=np.int64)
    rows = np.empty_like(stream)
    at_word = doc_start[row_of] + position
    at_pair = doc_start[row_of[pair]] + lengths[row_of[pair]] + position[pair]
    stream[at_word] = token_rank * width
    stream[at_pair] = token_rank[pair] * width + 1 + token_rank[pair + 1]
    rows[at_word] = row_of
    rows[at_pair] = row_of[pair]
    del at_word, at_pair, position, pair, token_rank
    features, first, columns = np.unique(stream, return_index=True, return_inverse=True)
    del stream, features
    return _tfidf(_in_sklearn_order(rows, columns.ravel(), first, n_docs))


def _gram_view(
    words: list[str], token_id: np.ndarray, row_of: np.ndarray, n_docs: int
) -> csr_matrix | None:
    """TF-IDF of the 4-grams within words of every document (None: no 4-gram is in two
    documents)."""
    from scipy.sparse import csr_matrix

    n_words = len(words)
    # 4-grams: per distinct word, numbered as they first occur (words in the order they
    # first occur, each word's 4-grams left to right), then one product per document.
    gram_ids: dict[str, int] = {}
    g_rows: list[int] = []
    g_cols: list[int] = []
    for word_id, word in enumerate(words):
        padded = f" {word} "
        for start in range(max(1, len(padded) - GRAM + 1)):
            g_rows.append(word_id)
            g_cols.append(gram_ids.setdefault(padded[start : start + GRAM], len(gram_ids)))
    n_grams = len(gram_ids)
    per_word = _counts(
        np.asarray(g_rows, dtype=np.int64), np.asarray(g_cols, dtype=np.int64), (n_words, n_grams)
    )
    in_docs = _counts(row_of, token_id, (n_docs, n_words))
    gram_counts = csr_matrix(in_docs @ per_word, dtype=np.float32)
    gram_counts.sort_indices()
    df = np.bincount(gram_counts.indices, minlength=n_grams)
    kept = np.flatnonzero(df >= GRAM_MIN_DF)
    if len(kept) == 0:
        return None
    if len(kept) < n_grams:
        gram_counts = csr_matrix(gram_counts[:, kept])
    grams = list(gram_ids)
    kept_grams = [grams[i] for i in kept.tolist()]
    by_string = np.empty(len(kept), dtype=np.int64)
    by_string[np.asarray(sorted(range(len(kept)), key=kept_grams.__getitem__))] = np.arange(
        len(kept), dtype=np.int64
    )
    gram_counts.indices = by_string[gram_counts.indices].astype(gram_counts.indices.dtype)
    return _tfidf(gram_counts)


def _in_sklearn_order(
    rows: np.ndarray, columns: np.ndarray, first: np.ndarray, n_docs: int
) -> csr_matrix:
    """Counts with columns in sorted-feature order and, within each row, entries in the
    order the features first occurred (what ``CountVectorizer`` leaves)."""
    n_features = len(first)
    by_occurrence = np.argsort(first, kind="stable")
    occurrence = np.empty(n_features, dtype=np.int64)
    occurrence[by_occurrence] = np.arange(n_features, dtype=np.int64)
    matrix = _counts(rows, occurrence[columns], (n_docs, n_features))
    matrix.indices = by_occurrence[matrix.indices].astype(matrix.indices.dtype)
    return matrix


def _counts(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> csr_matrix:
    from scipy.sparse import csr_matrix

    data = np.ones(len(rows), dtype=np.float32)
    matrix = csr_matrix((data, (rows, cols)), shape=shape, dtype=np.float32)
    matrix.sum_duplicates()
    matrix.sort_indices()
    return matrix


def _tfidf(counts: csr_matrix) -> csr_matrix:
    """Sublinear TF-IDF with smoothed idf, rows of unit length: ``TfidfTransformer``'s
    arithmetic step for step in the counts' dtype (``tests/test_cluster_paths.py`` compares
    the matrices bit for bit), without importing scikit-learn (half a second)."""
    n_docs, n_features = counts.shape
    df = np.bincount(counts.indices, minlength=n_features).astype(counts.dtype)
    df += 1.0
    idf = np.full(n_features, n_docs + 1, dtype=counts.dtype)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    weighted = counts.copy()
    np.log(weighted.data, out=weighted.data)
    weighted.data += 1.0
    weighted.data *= idf[weighted.indices]
    return normalize_rows(weighted, copy=False)


def normalize_rows(matrix: csr_matrix, *, copy: bool = True) -> csr_matrix:
    """Each row divided by its Euclidean length (empty rows left), as scikit-learn's
    ``normalize`` does it: squares in the matrix's dtype summed in double precision in
    row order (``bincount`` adds in index order), the division in double precision.

    A block of rows at a time, so the double-precision temporaries stay small (at 100 000
    comments the matrix holds tens of millions of values).
    """
    out = matrix.copy() if copy else matrix
    data, indptr = out.data, out.indptr
    for begin in range(0, out.shape[0], _CHUNK):
        end = min(begin + _CHUNK, out.shape[0])
        lo, hi = int(indptr[begin]), int(indptr[end])
        values = data[lo:hi]
        rows = np.repeat(np.arange(end - begin), np.diff(indptr[begin : end + 1]))
        squares = (values * values).astype(np.float64)
        norms = np.sqrt(np.bincount(rows, weights=squares, minlength=end - begin))
        norms[norms == 0.0] = 1.0
        data[lo:hi] = values / norms[rows]
    return out


def normalize_dense(vectors: np.ndarray) -> np.ndarray:
    """Each row of a dense matrix divided by its length (zero rows left as they are)."""
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
    norms[norms == 0.0] = 1.0
    return np.asarray(vectors / norms[:, np.newaxis], dtype=vectors.dtype)


def truncated_svd(
    matrix: csr_matrix, components: int, n_iter: int, *, fit_rows: int | None = None
) -> np.ndarray:
    """The rows of ``matrix`` projected on its ``components`` leading right singular
    vectors, by randomized SVD (Halko, Martinsson and Tropp 2011: a random Gaussian
    sketch with 10 extra columns, ``n_iter`` power iterations normalised by LU, a QR
    basis, the SVD of the small projected matrix).

    The same steps, random numbers (``RandomState(0)``) and LAPACK calls as scikit-learn's
    ``TruncatedSVD(algorithm="randomized", random_state=0)``, so the vectors are the same
    up to the sign of each component (which no cosine sees); ``tests/test_cluster_paths.py``
    compares them. Written out here because importing scikit-learn's decomposition costs a
    second on every run, and it also measures variances we never use.

    With ``fit_rows``, a matrix of more rows has its singular vectors found on that many
    rows spread evenly through it, and then every row is projected: the leading directions
    of 100 000 comments are those of 20 000 of them, at a fifth of the cost of the power
    iterations.
    """
    from scipy import linalg

    full = matrix
    columns: np.ndarray | None = None
    if fit_rows is not None and matrix.shape[0] > fit_rows:
        matrix = matrix[np.linspace(0, matrix.shape[0] - 1, fit_rows).astype(np.int64)]
        # A feature absent from the sample has no weight in its singular vectors: leave
        # it out, and the projected matrix is as narrow as the sample's features.
        present = np.flatnonzero(np.bincount(matrix.indices, minlength=matrix.shape[1]))
        if len(present) < matrix.shape[1]:
            columns = present
            matrix = matrix[:, columns]
    rng = np.random.RandomState(0)
    # The sketch is taken on the narrower side of the matrix.
    transposed = matrix.shape[0] < matrix.shape[1]
    m = matrix.T if transposed else matrix
    sketch = rng.normal(size=(m.shape[1], components + 10))
    if m.dtype == np.float32:
        sketch = sketch.astype(np.float32)
    for _ in range(n_iter):
        if n_iter > 2:
            sketch, _ = linalg.lu(m @ sketch, permute_l=True, check_finite=False)
            sketch, _ = linalg.lu(m.T @ sketch, permute_l=True, check_finite=False)
        else:
            sketch = m.T @ (m @ sketch)
    basis, _ = linalg.qr(m @ sketch, mode="economic", check_finite=False)
    small = np.asarray((m.T @ basis).T)
    u_small, _, vt_small = linalg.svd(small, full_matrices=False, lapack_driver="gesdd")
    # Of a sketch of matrix.T, the left singular vectors are the matrix's right ones.
    right = (basis @ u_small)[:, :components].T if transposed else vt_small[:components]
    if columns is not None:
        full = full[:, columns]
    return np.asarray(full @ right.T)


def _reference(docs: Sequence[str]) -> tuple[csr_matrix, csr_matrix | None]:
    """The same views through scikit-learn's own vectorizers."""
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(
        token_pattern=r"\S+", ngram_range=(1, 2), min_df=1, sublinear_tf=True, dtype=np.float32
    )
    grams = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(GRAM, GRAM),
        min_df=GRAM_MIN_DF,
        sublinear_tf=True,
        dtype=np.float32,
    )
    word_view = csr_matrix(words.fit_transform(docs))
    try:
        gram_view: csr_matrix | None = csr_matrix(grams.fit_transform(docs))
    except ValueError:  # no 4-gram in two documents
        gram_view = None
    return word_view, gram_view
