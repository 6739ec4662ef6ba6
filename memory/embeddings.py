"""Sentence embeddings for memory: the product's shared multilingual encoder, offline, CPU.

Chroma's own default embedding function downloads an ONNX model at run time, so Atelier never
lets Chroma pick one: every collection is opened with :func:`chroma_embedding_function`, which
wraps an :class:`~agent.encoder.Encoder` (by default :func:`agent.encoder.shared_encoder`, the
very instance the planner and the safety exemplars use: one loaded model per process).
Importing this module loads neither chromadb nor the encoder's weights.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agent.encoder import Encoder, shared_encoder

if TYPE_CHECKING:
    from chromadb.api.types import EmbeddingFunction

__all__ = ["EMBEDDING_FUNCTION", "Encoder", "chroma_embedding_function", "shared_encoder"]

# The name Chroma persists for Atelier's adapter. Which encoder made a collection's vectors is
# in the collection's metadata (``embedding_model``, ``embedding_dim``; see memory.store).
EMBEDDING_FUNCTION = "atelier-encoder"

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
    class AtelierEncoder(EmbeddingFunction[Documents]):
        """Chroma adapter over an Atelier :class:`Encoder`."""

        def __init__(self, *, encoder: Encoder | None = None) -> None:
            self.encoder = encoder or shared_encoder()

        def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - Chroma's signature
            return list(self.encoder.encode(list(input)))

        @staticmethod
        def name() -> str:
            return EMBEDDING_FUNCTION

        def default_space(self) -> str:  # type: ignore[override]
            return "cosine"

        def supported_spaces(self) -> list[str]:  # type: ignore[override]
            return ["cosine"]

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> "AtelierEncoder":
            return AtelierEncoder()

        def get_config(self) -> dict[str, Any]:
            return {"model": self.encoder.name, "dim": self.encoder.dim}

    return AtelierEncoder
