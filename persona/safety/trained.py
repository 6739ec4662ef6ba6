"""The trained stage: a linear model over hashed character and word n-grams (English and Korean).

Features are computed on the normalised text (obfuscations undone by
:func:`persona.safety.normalize.normalize`): character 1-4-grams inside word boundaries, which
cope with Korean particles and endings and with new spellings, plus word 1-2-grams. Both go
through scikit-learn's ``HashingVectorizer``, so there is no vocabulary: the weights file
(fitted from the corpus by :mod:`persona.safety.train` and cached per corpus in the user cache
dir) holds only the weights of the hashed columns the model uses, as float16, and the labels.

Scoring is a sparse dot product and a softmax: ~0.1 ms a line on a laptop CPU, no torch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from agent.errors import ConfigError
from agent.text import HANGUL
from persona.safety.normalize import Normalized, normalize

CHAR_NGRAMS = (1, 4)
WORD_NGRAMS = (1, 2)
N_FEATURES = 2 ** 20
WORD_WEIGHT = 0.6  # word n-grams are fewer and sparser than character n-grams; this balances their norm
_SPACES = re.compile(r"\s+")


def feature_text(norm: Normalized) -> str:
    """The view the model reads: the Korean view when the line holds Hangul, else the de-obfuscated one."""
    text = norm.korean if HANGUL.search(norm.original) else norm.clean
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=1)
def vectorizers() -> tuple[Any, Any]:
    """The two stateless hashing vectorizers shared by training and scoring."""
    from sklearn.feature_extraction.text import HashingVectorizer

    char = HashingVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, n_features=N_FEATURES,
                             alternate_sign=False, norm="l2", lowercase=False, dtype=np.float32)
    word = HashingVectorizer(analyzer="word", ngram_range=WORD_NGRAMS, n_features=N_FEATURES,
                             alternate_sign=False, norm="l2", lowercase=False, dtype=np.float32,
                             token_pattern=r"(?u)[\w']+")
    return char, word


def featurize(texts: list[str]) -> Any:
    """Sparse CSR features of already-prepared texts (see :func:`feature_text`): char columns, then word columns."""
    import scipy.sparse as sp

    char, word = vectorizers()
    return sp.hstack([char.transform(texts), word.transform(texts) * WORD_WEIGHT], format="csr")


def _hashed_counts(grams: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Feature ids and l2-normalised counts, exactly as ``HashingVectorizer`` computes them."""
    from sklearn.utils import murmurhash3_32

    ids = []
    for gram in grams:
        h = murmurhash3_32(gram, seed=0)
        ids.append((2147483647 - (N_FEATURES - 1)) % N_FEATURES if h == -2147483648 else abs(h) % N_FEATURES)
    unique, counts = np.unique(np.array(ids, dtype=np.int64), return_counts=True)
    values = counts.astype(np.float32)
    norm = float(np.sqrt((values * values).sum()))
    return unique, values / norm if norm else values


def fast_features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """One line's (feature ids, values) without scikit-learn's per-call overhead (~50 µs vs ~450 µs).

    The same numbers as :func:`featurize` (a test checks it): char columns first, then word
    columns offset by ``N_FEATURES`` and scaled by ``WORD_WEIGHT``."""
    char, word = analyzers()
    char_ids, char_values = _hashed_counts(char(text))
    word_ids, word_values = _hashed_counts(word(text))
    return (np.concatenate([char_ids, word_ids + N_FEATURES]),
            np.concatenate([char_values, word_values * WORD_WEIGHT]))


@lru_cache(maxsize=1)
def analyzers() -> tuple[Any, Any]:
    char, word = vectorizers()
    return char.build_analyzer(), word.build_analyzer()


@dataclass(frozen=True)
class LinearWeights:
    """A fitted softmax model restricted to the hashed columns it uses."""

    labels: tuple[str, ...]
    columns: np.ndarray  # sorted int64 feature ids
    weights: np.ndarray  # (len(columns), len(labels)) float32
    bias: np.ndarray     # (len(labels),) float32

    def probabilities(self, features: Any) -> np.ndarray:
        """Softmax probabilities, one row per CSR row."""
        logits = np.tile(self.bias, (features.shape[0], 1))
        positions = np.searchsorted(self.columns, features.indices)
        positions = np.minimum(positions, len(self.columns) - 1)
        known = self.columns[positions] == features.indices
        contributions = self.weights[positions] * (features.data * known)[:, None]
        rows = np.repeat(np.arange(features.shape[0]), np.diff(features.indptr))
        np.add.at(logits, rows, contributions)
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def probabilities_one(self, ids: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Softmax probabilities of one line given :func:`fast_features`."""
        positions = np.minimum(np.searchsorted(self.columns, ids), len(self.columns) - 1)
        known = self.columns[positions] == ids
        logits = self.bias + values[known] @ self.weights[positions[known]]
        logits = logits - logits.max()
        exp = np.exp(logits)
        return exp / exp.sum()

    def save(self, path: Path, **meta: Any) -> None:
        np.savez_compressed(path, labels=np.array(self.labels), columns=self.columns.astype(np.int32),
                            weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32),
                            **{f"meta_{k}": np.array(v) for k, v in meta.items()})

    @classmethod
    def load(cls, path: Path) -> "LinearWeights":
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(labels=tuple(str(x) for x in data["labels"]), columns=data["columns"].astype(np.int64),
                           weights=data["weights"].astype(np.float32), bias=data["bias"].astype(np.float32))
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"the trained safety model {path} cannot be read ({exc}); "
                              "rebuild it with `python -m persona.safety.train`") from exc
