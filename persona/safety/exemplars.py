"""Embedding exemplars: nearest-neighbour scores for injection, self-harm, illicit and sexual requests.

A text's score for a category comes from its cosine similarity to the nearest exemplar of
that category, discounted by its similarity to the nearest benign anchor, so "forget the blue
one, make it red" stays benign while "pay no attention to your earlier guidance" is caught.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

EXEMPLAR_CATEGORIES = ("injection", "self-harm", "illicit", "sexual")
# Similarity where an exemplar match starts to count, and the margin over benign anchors.
SIM_FLOOR = 0.47
SIM_FULL = 0.75
MARGIN = 0.07


@lru_cache(maxsize=1)
def exemplar_texts() -> dict[str, list[str]]:
    import yaml

    data = resources.files("persona.safety.data") / "exemplars.yaml"
    return yaml.safe_load(data.read_text(encoding="utf-8"))


@dataclass
class ExemplarScore:
    category: str
    score: float
    similarity: float
    benign_similarity: float
    nearest: str


class ExemplarIndex:
    """Exemplar embeddings of one encoder; ``score`` turns text embeddings into category scores."""

    def __init__(self, *, encoder: Any, texts: dict[str, list[str]] | None = None) -> None:
        from agent.encoder import cached_encode

        self.encoder = encoder
        self.texts = texts or exemplar_texts()
        self.labels: list[str] = []
        self.sentences: list[str] = []
        for category, lines in self.texts.items():
            self.labels.extend([category] * len(lines))
            self.sentences.extend(lines)
        self.matrix = cached_encode(encoder, self.sentences)
        self._masks = {c: np.array([label == c for label in self.labels]) for c in {*EXEMPLAR_CATEGORIES, "benign"}}

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.encoder.encode(list(texts)), dtype=np.float32)

    def score(self, vectors: np.ndarray) -> list[list[ExemplarScore]]:
        """For each vector, one score per exemplar category (0 when under the floor)."""
        sims = vectors @ self.matrix.T
        results: list[list[ExemplarScore]] = []
        benign_mask = self._masks["benign"]
        for row in sims:
            benign = float(row[benign_mask].max()) if benign_mask.any() else 0.0
            scores = []
            for category in EXEMPLAR_CATEGORIES:
                mask = self._masks[category]
                if not mask.any():
                    continue
                index = int(np.flatnonzero(mask)[row[mask].argmax()])
                similarity = float(row[index])
                value = 0.0
                if similarity >= SIM_FLOOR and similarity >= benign + MARGIN:
                    value = 0.5 + 0.5 * min(1.0, (similarity - SIM_FLOOR) / (SIM_FULL - SIM_FLOOR))
                scores.append(ExemplarScore(category, round(value, 4), similarity, benign, self.sentences[index]))
            results.append(scores)
        return results
