"""The embedded safety model at run time: the weights fitted for the shipped corpus (fitted once
per corpus and feature set by :mod:`persona.safety.train`, then cached) and the scorer that applies them.

Kept apart from :mod:`persona.safety.trained` (features and weights file) so that the trainer
and the model format do not import each other.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from persona.safety.normalize import Normalized, normalize
from persona.safety.trained import LinearWeights, feature_text, reads_head, softmax, sparse_features, sparse_matrix

_weights: dict[str, LinearWeights] = {}
_weights_lock = threading.Lock()  # two first callers (server threads) must not both fit


def default_weights(encoder: Any | None = None) -> LinearWeights:
    """The weights for the corpus in ``persona/safety/data`` and ``encoder`` (cached per corpus; fitted on first use)."""
    from persona.safety.train import cached_weights

    key = getattr(encoder, "name", "") if encoder is not None else ""
    with _weights_lock:
        if key not in _weights:
            _weights[key] = cached_weights(encoder=encoder)
        return _weights[key]


@dataclass
class Scored:
    """One line's label probabilities and, per label, how much each feature family pushed it."""

    probabilities: dict[str, float]
    families: dict[str, dict[str, float]]  # label -> {"char": logit share, "word": ..., "encoder": ..., "head": ...}
    vector: np.ndarray | None = None  # the sentence vector, when the weights read one

    def leading_family(self, label: str) -> str:
        """The feature family that pushed ``label`` up the most ("char", "word", "encoder", "head")."""
        shares = self.families.get(label) or {}
        return max(shares, key=lambda name: shares[name]) if shares else "bias"


class TrainedScorer:
    """Label probabilities for normalised lines. ``encoder``: the sentence encoder whose vectors
    are a feature family (the shared one by default; ``None`` with ``use_encoder=False``)."""

    def __init__(self, *, weights: LinearWeights | None = None, encoder: Any | None = None,
                 use_encoder: bool = True) -> None:
        if encoder is None and use_encoder and (weights is None or weights.dense is not None):
            from agent.encoder import shared_encoder

            encoder = shared_encoder()
        self.encoder = encoder if use_encoder else None
        self.weights = weights or default_weights(self.encoder)
        if self.weights.dense is not None and self.encoder is None:
            raise ValueError("these weights read sentence vectors: give the encoder they were fitted with")
        if self.weights.encoder and self.encoder is not None and self.weights.encoder != self.encoder.name:
            raise ValueError(f"these weights were fitted on {self.weights.encoder} vectors, not {self.encoder.name}")

    @property
    def labels(self) -> tuple[str, ...]:
        return self.weights.labels

    def _vectors(self, texts: list[str]) -> np.ndarray | None:
        if self.weights.dense is None:
            return None
        return np.asarray(self.encoder.encode(texts), dtype=np.float32)

    def score(self, norms: list[Normalized]) -> list[Scored]:
        """Probabilities and feature-family shares, one per line."""
        if not norms:
            return []
        texts = [feature_text(n) for n in norms]
        vectors = self._vectors(texts)
        out = []
        for index, text in enumerate(texts):
            ids, values = sparse_features(text)
            logits, parts = self.weights.logits_one(ids, values, None if vectors is None else vectors[index],
                                                    head=reads_head(norms[index]))
            probabilities = softmax(logits)
            families = {label: {name: float(part[k]) for name, part in parts.items()}
                        for k, label in enumerate(self.labels)}
            out.append(Scored(dict(zip(self.labels, map(float, probabilities))), families,
                              None if vectors is None else vectors[index]))
        return out

    def family(self, label: str, scored: Scored) -> str:
        """How the audit log names a trained decision: the label's nearest training family
        ("hate/ko_gender_slur", "injection/jailbreak_story") and the feature family that led ("/char")."""
        nearest = self.weights.nearest_family(label, scored.vector) or label
        return f"{nearest}/{scored.leading_family(label)}"

    def predict(self, norms: list[Normalized]) -> list[dict[str, float]]:
        """One ``{label: probability}`` per line (batched: one encoder call, one sparse product)."""
        if not norms:
            return []
        texts = [feature_text(n) for n in norms]
        rows = self.weights.probabilities(sparse_matrix(texts), self._vectors(texts), np.array([reads_head(n) for n in norms]))
        return [dict(zip(self.labels, map(float, row))) for row in rows]

    def predict_texts(self, texts: list[str]) -> list[dict[str, float]]:
        return self.predict([normalize(t) for t in texts])
