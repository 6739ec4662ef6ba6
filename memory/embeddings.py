"""Sentence embeddings for memory: the packaged all-MiniLM-L6-v2, offline, CPU by default.

Chroma's own default embedding function downloads an ONNX model at run time, so Atelier never
lets Chroma pick one: every collection is opened with :func:`chroma_embedding_function`, which
wraps an :class:`Encoder`. The MiniLM encoder is the planner's own class
(:class:`agent.planner.encoder.MiniLMEncoder`): one wrapper, one loaded model per process.
Importing this module loads neither torch nor chromadb.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Protocol, Sequence

import numpy as np

from agent.planner.encoder import MiniLMEncoder

if TYPE_CHECKING:
    from chromadb.api.types import EmbeddingFunction

__all__ = ["DIMENSIONS", "MODEL_NAME", "Encoder", "HashingEncoder", "MiniLMEncoder", "chroma_embedding_function",
           "shared_encoder"]

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors of ``dim`` dimensions."""

    @property
    def dim(self) -> int: ...

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, unit length."""
        ...


_shared: dict[str, MiniLMEncoder] = {}
_shared_lock = threading.Lock()


def shared_encoder(*, planner: object | None = None) -> Encoder:
    """The process-wide MiniLM encoder (a registry entry).

    When ``planner`` (the embedded planner) encodes with a :class:`MiniLMEncoder`, memory uses
    that very encoder. Any other planner encoder (e.g. the hashing test fake) is ignored: memory
    vectors must come from MiniLM. Either way the model is loaded once per process.
    """
    with _shared_lock:
        encoder = _shared.get(MODEL_NAME)
        if encoder is None:
            encoder = _shared[MODEL_NAME] = _planner_encoder(planner) or MiniLMEncoder()
        return encoder


def _planner_encoder(planner: object | None) -> MiniLMEncoder | None:
    """The planner's MiniLM encoder (loads on first use), if it has one."""
    candidate = getattr(planner, "encoder", None) or getattr(planner, "_encoder", None)
    return candidate if isinstance(candidate, MiniLMEncoder) else None


_ef_class: type | None = None


def chroma_embedding_function(encoder: Encoder) -> "EmbeddingFunction":
    """A Chroma ``EmbeddingFunction`` backed by ``encoder`` (never Chroma's downloading default)."""
    global _ef_class
    if _ef_class is None:
        _ef_class = _build_ef_class()
    return _ef_class(encoder=encoder)


def _build_ef_class() -> type:
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import register_embedding_function

    @register_embedding_function
    class AtelierMiniLM(EmbeddingFunction[Documents]):
        """Chroma adapter over an Atelier :class:`Encoder`."""

        def __init__(self, *, encoder: Encoder | None = None) -> None:
            self.encoder = encoder or shared_encoder()

        def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's signature
            return list(self.encoder.encode(list(input)))

        @staticmethod
        def name() -> str:
            return "atelier-minilm"

        def default_space(self) -> str:  # type: ignore[override]
            return "cosine"

        def supported_spaces(self) -> list[str]:  # type: ignore[override]
            return ["cosine"]

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "AtelierMiniLM":
            return AtelierMiniLM()

        def get_config(self) -> dict[str, Any]:
            return {"model": getattr(self.encoder, "name", MODEL_NAME), "dim": self.encoder.dim}

    return AtelierMiniLM


class HashingEncoder:
    """The test fake: hashed words and character trigrams, 384 dimensions, deterministic and
    instant. Similar wordings get similar vectors; it is never used outside tests and benches."""

    dim = DIMENSIONS
    name = "hashing-ngrams-384"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import zlib

        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            lowered = f" {text.lower()} "
            features = lowered.split() + [lowered[i:i + 3] for i in range(len(lowered) - 2)]
            for feature in features:
                matrix[row, zlib.crc32(feature.encode("utf-8")) % self.dim] += 1.0
        return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
