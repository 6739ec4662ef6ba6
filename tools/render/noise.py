"""Value noise and fractal sums (fBm), vectorised over any array shape.

The lattice repeats every ``PERIOD`` cells; procedural panoramas stay seamless because they
evaluate noise as a function of the view direction (or of a plane it hits), never of a pixel
column.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

PERIOD = 256
MAX_TABLES = 32  # 256 KiB each; a turn uses a handful of seeds, a server sees new ones for ever


@lru_cache(maxsize=MAX_TABLES)
def _table(seed: int) -> np.ndarray:
    table = np.random.default_rng(seed).random((PERIOD, PERIOD), dtype=np.float32)
    table.flags.writeable = False  # shared by every caller
    return table


def cached_tables() -> int:
    """How many noise tables are cached now (at most :data:`MAX_TABLES`)."""
    return _table.cache_info().currsize


def value_noise(x: np.ndarray, y: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Smooth noise in [0, 1] at real coordinates ``x``, ``y`` (any matching shapes)."""
    table = _table(seed)
    x = np.asarray(x, np.float32)
    y = np.asarray(y, np.float32)
    xf, yf = np.floor(x), np.floor(y)
    tx, ty = x - xf, y - yf
    tx = tx * tx * (3 - 2 * tx)
    ty = ty * ty * (3 - 2 * ty)
    # PERIOD is a power of two: wrap with a mask on 32-bit ints and read the flat table (cheaper than
    # int64 modulo and 2-D fancy indexing; this runs for every sky and ground pixel)
    mask = PERIOD - 1
    xi = xf.astype(np.int32) & mask
    yi = (yf.astype(np.int32) & mask) * PERIOD
    xj = (xi + 1) & mask
    yj = (yi + PERIOD) & (PERIOD * PERIOD - 1)
    flat = table.reshape(-1)
    top = flat.take(yi + xi)
    top += (flat.take(yi + xj) - top) * tx
    bottom = flat.take(yj + xi)
    bottom += (flat.take(yj + xj) - bottom) * tx
    return top + (bottom - top) * ty


def fbm(x: np.ndarray, y: np.ndarray, *, octaves: int = 4, seed: int = 0, gain: float = 0.5) -> np.ndarray:
    """Fractal sum of ``octaves`` noise layers, normalised to about [0, 1]."""
    total = np.zeros(np.shape(x), np.float32)
    amplitude, norm, frequency = 1.0, 0.0, 1.0
    for octave in range(octaves):
        total += amplitude * value_noise(np.asarray(x) * frequency + 17.3 * octave,
                                         np.asarray(y) * frequency - 9.1 * octave, seed=seed + octave)
        norm += amplitude
        amplitude *= gain
        frequency *= 2.0
    return total / norm


def periodic_profile(samples: int, *, harmonics: int, seed: int, roughness: float = 1.0) -> np.ndarray:
    """A random curve over one turn (``samples`` points) that joins itself seamlessly: a sum of
    sines with whole-number frequencies, amplitude falling as 1/k**roughness, scaled to [0, 1]."""
    rng = np.random.default_rng(seed)
    phi = np.linspace(0, 2 * np.pi, samples, endpoint=False)
    curve = np.zeros(samples)
    for k in range(1, harmonics + 1):
        curve += rng.normal() / k ** roughness * np.sin(k * phi + rng.uniform(0, 2 * np.pi))
    curve -= curve.min()
    return (curve / max(curve.max(), 1e-9)).astype(np.float32)
