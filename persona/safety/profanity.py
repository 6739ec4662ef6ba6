"""``alt-profanity-check``'s shipped model (TF-IDF + five calibrated linear SVMs), scored fast.

The package's own ``predict_prob`` costs ~2.5 ms per call through scikit-learn's sparse
machinery. The model is linear, so we read its vocabulary, IDF weights, SVM coefficients and
sigmoid calibrators once and score a short line with a few dictionary lookups (~20 us); a
test checks that the scores equal ``profanity_check.predict_prob`` to 1e-9.

The model was trained on English comment data (Jigsaw, Davidson) and reacts to single words
("kill", "gay"), so the classifier uses it as a corroborating signal, never alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class ProfanityModel:
    """Linear weights of the shipped model, one tuple of five per vocabulary term."""

    weights: dict[str, tuple[tuple[float, ...], float]]  # term -> (svm coefs, idf)
    intercepts: tuple[float, ...]
    calibrators: tuple[tuple[float, float], ...]  # (a, b): p = 1 / (1 + exp(a * d + b))
    stop_words: frozenset[str]

    def score(self, text: str) -> float:
        """Probability that ``text`` is profane, exactly as ``profanity_check.predict_prob``."""
        counts = Counter(t for t in _TOKEN.findall(text.lower()) if t not in self.stop_words)
        norm2 = 0.0
        dots = [0.0] * len(self.intercepts)
        for term, count in counts.items():
            entry = self.weights.get(term)
            if entry is None:
                continue
            coefs, idf = entry
            value = count * idf
            norm2 += value * value
            for k, coef in enumerate(coefs):
                dots[k] += value * coef
        norm = math.sqrt(norm2) or 1.0
        total = 0.0
        for k, (a, b) in enumerate(self.calibrators):
            decision = dots[k] / norm + self.intercepts[k]
            total += 1.0 / (1.0 + math.exp(a * decision + b))
        return total / len(self.calibrators)


@lru_cache(maxsize=1)
def load_profanity_model() -> ProfanityModel:
    """Read the model files of the installed ``alt-profanity-check`` (scikit-learn loads them)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from profanity_check import profanity_check as shipped

    vectorizer, model = shipped.vectorizer, shipped.model
    vocabulary = vectorizer.vocabulary_
    idf = vectorizer.idf_
    estimators = [c.estimator for c in model.calibrated_classifiers_]
    calibrators = tuple((float(c.calibrators[0].a_), float(c.calibrators[0].b_)) for c in model.calibrated_classifiers_)
    coefs = [est.coef_.ravel() for est in estimators]
    weights = {term: (tuple(float(c[index]) for c in coefs), float(idf[index])) for term, index in vocabulary.items()}
    stop = frozenset(vectorizer.get_stop_words() or ())
    return ProfanityModel(weights=weights, intercepts=tuple(float(est.intercept_[0]) for est in estimators),
                          calibrators=calibrators, stop_words=stop)
