"""The trained stage's features and weights: hashed n-grams and the sentence vector.

A line is read three ways (the *feature families*, which the audit log names when the stage decides):

- ``char``: character 1-4-grams inside word boundaries of the normalised text (obfuscations
  undone by :func:`persona.safety.normalize.normalize`); they cope with Korean particles and
  endings and with new spellings;
- ``word``: word 1-2-grams;
- ``encoder``: the 512-dimensional vector of the shared multilingual sentence encoder
  (:func:`agent.encoder.shared_encoder`, the one the planner uses), which carries meaning across
  wordings and languages ("tell me your hidden rules" in French or Russian).
- ``head``: a small network (one hidden layer) over that same vector, whose log-probabilities join
  the linear logits: it combines meaning with target (contempt aimed at a person, not swearing at
  a thing), which a sum of per-feature weights cannot. Lines with Hangul skip it (:func:`reads_head`).

Kiwi morphemes of Korean lines were measured as a fourth family and left out: about a point of
Korean recall on the dev sets for 2.4-3.3 s of loading (over the cold ``moderate`` budget).

N-grams are hashed with MurmurHash3 exactly as scikit-learn's ``HashingVectorizer`` does (a test
checks it), but here in plain Python over ``mmh3``: scoring never imports scikit-learn, whose
import alone costs more than a second of a cold ``moderate``. The weights file (fitted by
:mod:`persona.safety.train`, cached per corpus and feature digest in the user cache dir) holds
the weights of the hashed columns the model uses (float16), the encoder block and the labels; its
SHA-256 is kept beside it and checked on load by ``agent.durable`` (``persona.safety.train.cached_weights``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from agent.errors import ConfigError
from agent.text import HANGUL
from persona.safety.normalize import Normalized

#: bump when the features change in a way the settings below do not show: cached weights are keyed by it
FEATURE_VERSION = 3  # 3: the nonlinear head over the sentence vector (``Head``)
CHAR_NGRAMS = (1, 4)
WORD_NGRAMS = (1, 2)
N_FEATURES = 2 ** 20
WORD_WEIGHT = 0.6  # word n-grams are fewer and sparser than character n-grams; this balances their norm
ENCODER_WEIGHT = 0.5  # the sentence vector has unit length like each hashed block; 0.5 regularises it harder (1.0 over-fitted: more false flags on tool requests)
#: the head (one hidden layer over the sentence vector), chosen on issue 15's dev sets: 128 units,
#: L2 1e-3, 40 epochs; its log-probabilities join the linear logits at HEAD_SCALE (1.0 and 2.0 added
#: false flags; 0.5 flagged 10 of 1,579 ordinary requests once planner_fresh5-8 joined the guard, 0.25 six). Sqrt-balanced sample weights raised recall and FPR alike.
HEAD_HIDDEN = 128
HEAD_ALPHA = 1e-3
HEAD_EPOCHS = 40
HEAD_SCALE = 0.25
#: the column blocks, in order: char ids from 0, word ids from N_FEATURES; then the sentence vector
FAMILIES = ("char", "word", "encoder", "head")
_WORD_OFFSET = N_FEATURES
_WIDTH = 2 * N_FEATURES
_SPACES = re.compile(r"\s+")
_MULTI_SPACE = re.compile(r"\s\s+")
_WORD_TOKEN = re.compile(r"(?u)[\w']+")


def reads_head(norm: Normalized) -> bool:
    """Whether the head judges this line: lines without Hangul only. On Korean lines it cost 2-4
    points of recall on safety_real_ko and added false flags on safety_ordinary_dev (the n-grams
    already read Korean particles and endings well), while on English ones it added 1-3 points."""
    return not HANGUL.search(norm.original)


def feature_text(norm: Normalized) -> str:
    """The view the model reads: the Korean view when the line holds Hangul, else the de-obfuscated one."""
    text = norm.korean if HANGUL.search(norm.original) else norm.clean
    return _SPACES.sub(" ", text).strip()


# -- hashed n-grams ------------------------------------------------------------------------------
def _word_char_grams(word: str) -> list[str]:
    """One word's character n-grams, the word padded with a space on each side."""
    low, high = CHAR_NGRAMS
    word = f" {word} "
    length = len(word)
    grams: list[str] = []
    for n in range(low, high + 1):
        offset = 0
        grams.append(word[offset:offset + n])
        while offset + n < length:
            offset += 1
            grams.append(word[offset:offset + n])
        if offset == 0:  # a word shorter than n counts once, as in scikit-learn
            break
    return grams


def char_grams(text: str) -> list[str]:
    """Character n-grams inside word boundaries (scikit-learn's ``char_wb`` analyzer, unchanged)."""
    return [gram for word in _MULTI_SPACE.sub(" ", text).split() for gram in _word_char_grams(word)]


def word_grams(text: str) -> list[str]:
    """Word 1-2-grams (scikit-learn's ``word`` analyzer with the token pattern ``[\\w']+``)."""
    tokens = _WORD_TOKEN.findall(text)
    grams = list(tokens)
    for n in range(2, min(WORD_NGRAMS[1] + 1, len(tokens) + 1)):
        grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
    return grams


def _hash(gram: str, n_features: int) -> int:
    import mmh3

    h = mmh3.hash(gram.encode("utf-8", "surrogatepass"), 0, signed=True)
    return (2147483647 - (n_features - 1)) % n_features if h == -2147483648 else abs(h) % n_features


#: gram -> column and word -> its character grams' columns, remembered: a line's 100-300 grams
#: come from words mostly seen before, and a dict lookup costs a fraction of hashing in Python.
#: Each is emptied when it reaches MAX_REMEMBERED entries (about 20 MB each at most).
_COLUMNS: dict[str, int] = {}
_WORD_CHAR_COLUMNS: dict[str, list[int]] = {}
MAX_REMEMBERED = 1 << 15


def _columns(grams: list[str]) -> list[int]:
    """``_hash(gram, N_FEATURES)`` of each gram."""
    get = _COLUMNS.get
    ids = [get(gram) for gram in grams]
    if None in ids:
        if len(_COLUMNS) > MAX_REMEMBERED:
            _COLUMNS.clear()
        for position, gram in enumerate(grams):
            if ids[position] is None:
                ids[position] = _COLUMNS[gram] = _hash(gram, N_FEATURES)
    return ids  # type: ignore[return-value]


def char_columns(text: str) -> list[int]:
    """``_hash(gram, N_FEATURES)`` of each of ``char_grams(text)``, word by word."""
    remembered = _WORD_CHAR_COLUMNS
    out: list[int] = []
    for word in _MULTI_SPACE.sub(" ", text).split():
        columns = remembered.get(word)
        if columns is None:
            if len(remembered) > MAX_REMEMBERED:
                remembered.clear()
            columns = remembered[word] = [_hash(gram, N_FEATURES) for gram in _word_char_grams(word)]
        out.extend(columns)
    return out


def _counted(ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ids and their l2-normalised counts."""
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    unique, counts = np.unique(np.array(ids, dtype=np.int64), return_counts=True)
    values = counts.astype(np.float32)
    return unique, values / np.float32(np.sqrt((values * values).sum()))


def hashed_counts(grams: list[str], n_features: int = N_FEATURES) -> tuple[np.ndarray, np.ndarray]:
    """Feature ids and l2-normalised counts, exactly as ``HashingVectorizer(norm="l2")`` computes them."""
    return _counted(_columns(grams) if n_features == N_FEATURES else [_hash(g, n_features) for g in grams])


def sparse_features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """One prepared line's hashed (ids, values): char columns, then word columns."""
    char_ids, char_values = _counted(char_columns(text))
    word_ids, word_values = hashed_counts(word_grams(text))
    return (np.concatenate([char_ids, word_ids + _WORD_OFFSET]),
            np.concatenate([char_values, word_values * WORD_WEIGHT]).astype(np.float32))


def sparse_matrix(texts: Sequence[str]) -> Any:
    """Many prepared lines as a CSR matrix (training and ``moderate --jsonl`` batches)."""
    import scipy.sparse as sp

    indptr, indices, data = [0], [], []
    for text in texts:
        ids, values = sparse_features(text)
        indices.append(ids)
        data.append(values)
        indptr.append(indptr[-1] + len(ids))
    return sp.csr_matrix((np.concatenate(data) if data else np.zeros(0, np.float32),
                          np.concatenate(indices) if indices else np.zeros(0, np.int64), np.array(indptr)),
                         shape=(len(texts), _WIDTH), dtype=np.float32)


def family_of(column: int) -> str:
    """Which feature family a sparse column belongs to."""
    return "char" if column < _WORD_OFFSET else "word"


# -- the weights -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Head:
    """A one-hidden-layer network (ReLU) over the sentence vector, whose logits join the linear ones.

    The linear model can only add evidence up: "you" plus a swear word is as harmful as the swear
    word alone, and ``ENCODER_WEIGHT`` keeps the vector's linear share small. The head reads the
    whole vector at once, so it can tell the same meaning aimed at a person from the same words
    about a thing (the ``head`` feature family in the audit log). Fitted by scikit-learn's
    ``MLPClassifier`` at train time; applied here in numpy (a test checks they agree)."""

    hidden_weights: np.ndarray  # (encoder dim, hidden) float32
    hidden_bias: np.ndarray     # (hidden,)
    out_weights: np.ndarray     # (hidden, len(labels)), columns in the weights' label order
    out_bias: np.ndarray        # (len(labels),)
    scale: float = 1.0          # how much of the head's logits join the linear model's

    def raw_logits(self, vectors: np.ndarray) -> np.ndarray:
        """The network's own output-layer logits (what scikit-learn's softmax reads)."""
        hidden = np.maximum(vectors.astype(np.float32) @ self.hidden_weights + self.hidden_bias, 0.0)
        return hidden @ self.out_weights + self.out_bias

    def logits(self, vectors: np.ndarray) -> np.ndarray:
        """The head's share of the combined logits: its log-probabilities, scaled, less their mean
        over the labels (a softmax is blind to the shift; it makes the share of a label the head is
        sure of positive, so the audit log can name the head as the family that led)."""
        raw = self.raw_logits(vectors)
        raw = raw - raw.max(axis=-1, keepdims=True)
        log_probabilities = raw - np.log(np.exp(raw).sum(axis=-1, keepdims=True))
        return self.scale * (log_probabilities - log_probabilities.mean(axis=-1, keepdims=True))


@dataclass(frozen=True)
class LinearWeights:
    """A fitted softmax model: weights of the hashed columns it uses, and of the sentence vector."""

    labels: tuple[str, ...]
    columns: np.ndarray  # sorted int64 feature ids
    weights: np.ndarray  # (len(columns), len(labels)) float32
    bias: np.ndarray     # (len(labels),) float32
    dense: np.ndarray | None = None  # (encoder dim, len(labels)): the encoder block, already scaled
    encoder: str | None = None  # the encoder's name: vectors of another encoder are never used
    #: "label/family" of the training lines (their written slice or family field) and the mean sentence
    #: vector of each: a flagged line is explained by the nearest family of its label
    family_names: tuple[str, ...] = ()
    family_vectors: np.ndarray | None = None
    head: Head | None = None  # the nonlinear head over the sentence vector (None: linear only)
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def nearest_family(self, label: str, vector: np.ndarray | None) -> str | None:
        """The training family of ``label`` whose mean vector is closest to ``vector``."""
        if vector is None or self.family_vectors is None:
            return None
        rows = [i for i, name in enumerate(self.family_names) if name.rsplit("/", 1)[0] == label]
        if not rows:
            return None
        best = rows[int(np.argmax(self.family_vectors[rows] @ vector.astype(np.float32)))]
        return self.family_names[best]

    def logits_one(self, ids: np.ndarray, values: np.ndarray, vector: np.ndarray | None = None, *,
                   head: bool = True) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Logits of one line and each feature family's share of them (for explanations).
        ``head``: whether the head reads this line (:func:`reads_head`)."""
        positions = np.minimum(np.searchsorted(self.columns, ids), len(self.columns) - 1)
        known = self.columns[positions] == ids
        parts: dict[str, np.ndarray] = {}
        for name, low, high in (("char", 0, _WORD_OFFSET), ("word", _WORD_OFFSET, _WIDTH)):
            mask = known & (ids >= low) & (ids < high)
            if mask.any():
                parts[name] = values[mask] @ self.weights[positions[mask]]
        if self.dense is not None and vector is not None:
            parts["encoder"] = vector.astype(np.float32) @ self.dense
        if self.head is not None and vector is not None and head:
            parts["head"] = self.head.logits(vector[None, :])[0]
        logits = self.bias + sum(parts.values(), np.zeros_like(self.bias))
        return logits, parts

    def probabilities_one(self, ids: np.ndarray, values: np.ndarray, vector: np.ndarray | None = None, *,
                          head: bool = True) -> np.ndarray:
        """Softmax probabilities of one line given :func:`sparse_features` (and its sentence vector)."""
        return softmax(self.logits_one(ids, values, vector, head=head)[0])

    def probabilities(self, features: Any, vectors: np.ndarray | None = None, head: np.ndarray | None = None
                      ) -> np.ndarray:
        """Softmax probabilities, one row per CSR row (and per sentence vector); ``head``: a boolean
        per row, whether the head reads it (all rows when None)."""
        logits = np.tile(self.bias, (features.shape[0], 1))
        positions = np.minimum(np.searchsorted(self.columns, features.indices), len(self.columns) - 1)
        known = self.columns[positions] == features.indices
        contributions = self.weights[positions] * (features.data * known)[:, None]
        rows = np.repeat(np.arange(features.shape[0]), np.diff(features.indptr))
        np.add.at(logits, rows, contributions)
        if self.dense is not None and vectors is not None:
            logits += vectors.astype(np.float32) @ self.dense
        if self.head is not None and vectors is not None:
            rows_read = np.ones(len(vectors), bool) if head is None else np.asarray(head, bool)
            if rows_read.any():
                logits[rows_read] += self.head.logits(vectors[rows_read])
        return softmax(logits)

    def save(self, path: Path, **meta: Any) -> None:
        """Write the weights (float16 where they are many). Integrity is the caller's: the cache
        writes through ``agent.durable.save_verified``, which keeps the file's SHA-256 beside it."""
        np.savez_compressed(path, labels=np.array(self.labels), columns=self.columns.astype(np.int32),
                            weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32),
                            dense=(self.dense.astype(np.float16) if self.dense is not None
                                   else np.zeros((0, len(self.labels)))),
                            encoder=np.array(self.encoder or ""),
                            family_names=np.array(self.family_names, dtype=str),
                            family_vectors=(self.family_vectors.astype(np.float16) if self.family_vectors is not None
                                            else np.zeros((0, 0), np.float16)),
                            **_head_arrays(self.head),
                            **{f"meta_{k}": np.array(v) for k, v in meta.items()})

    @classmethod
    def load(cls, path: Path) -> "LinearWeights":
        """Read a weights file; one that cannot be read is a ``ConfigError`` naming the fix (a damaged
        or edited cache file is caught earlier, by its SHA-256 sidecar, and fitted again)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                dense = data["dense"].astype(np.float32) if "dense" in data and data["dense"].size else None
                loaded = cls(labels=tuple(str(x) for x in data["labels"]), columns=data["columns"].astype(np.int64),
                             weights=data["weights"].astype(np.float32), bias=data["bias"].astype(np.float32),
                             dense=dense,
                             encoder=(str(data["encoder"]) or None) if "encoder" in data else None,
                             family_names=tuple(str(x) for x in data["family_names"]) if "family_names" in data else (),
                             family_vectors=(data["family_vectors"].astype(np.float32)
                                             if "family_vectors" in data and data["family_vectors"].size else None),
                             head=_head_of(data),
                             meta={k[5:]: data[k].item() for k in data.files if k.startswith("meta_")})
        except (OSError, KeyError, ValueError, EOFError) as exc:
            raise ConfigError(f"the trained safety model {path} cannot be read ({exc}); "
                              "rebuild it with `python -m persona.safety.train`") from exc
        return loaded


def _head_arrays(head: Head | None) -> dict[str, np.ndarray]:
    if head is None:
        return {}
    return {"head_hidden_weights": head.hidden_weights.astype(np.float32), "head_hidden_bias": head.hidden_bias.astype(np.float32),
            "head_out_weights": head.out_weights.astype(np.float32), "head_out_bias": head.out_bias.astype(np.float32),
            "head_scale": np.array(head.scale, np.float32)}


def _head_of(data: Any) -> Head | None:
    if "head_hidden_weights" not in data:
        return None
    return Head(hidden_weights=data["head_hidden_weights"].astype(np.float32),
                hidden_bias=data["head_hidden_bias"].astype(np.float32),
                out_weights=data["head_out_weights"].astype(np.float32), out_bias=data["head_out_bias"].astype(np.float32),
                scale=float(data["head_scale"]))


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=-1, keepdims=True)
