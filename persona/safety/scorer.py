"""The embedded safety model at run time: the weights fitted for the shipped corpus (fitted once
per corpus by :mod:`persona.safety.train`, then cached) and the scorer that applies them.

Kept apart from :mod:`persona.safety.trained` (features and weights file) so that the trainer
and the model format do not import each other.
"""

from __future__ import annotations

import threading

from persona.safety.normalize import Normalized, normalize
from persona.safety.train import cached_weights
from persona.safety.trained import LinearWeights, fast_features, feature_text, featurize

_weights: LinearWeights | None = None
_weights_lock = threading.Lock()  # two first callers (server threads) must not both fit


def default_weights() -> LinearWeights:
    """The weights for the corpus in ``persona/safety/data`` (cached per corpus; fitted on first use)."""
    global _weights
    with _weights_lock:
        if _weights is None:
            _weights = cached_weights()
        return _weights


class TrainedScorer:
    """Label probabilities for normalised lines; ``weights`` defaults to :func:`default_weights`."""

    def __init__(self, *, weights: LinearWeights | None = None) -> None:
        self.weights = weights or default_weights()
        featurize(["warm up"])  # builds the vectorizers once

    @property
    def labels(self) -> tuple[str, ...]:
        return self.weights.labels

    def predict(self, norms: list[Normalized]) -> list[dict[str, float]]:
        """One ``{label: probability}`` per line."""
        if not norms:
            return []
        if len(norms) < 8:  # the dialogue path: one line at a time, no scikit-learn overhead
            probabilities = [self.weights.probabilities_one(*fast_features(feature_text(n))) for n in norms]
        else:
            probabilities = self.weights.probabilities(featurize([feature_text(n) for n in norms]))
        return [dict(zip(self.labels, map(float, row))) for row in probabilities]

    def predict_texts(self, texts: list[str]) -> list[dict[str, float]]:
        return self.predict([normalize(t) for t in texts])
