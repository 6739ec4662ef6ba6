"""Weather and living effects painted over a rendered frame: rain, snow, lightning, rain on glass,
flame flicker, bubbles and smoke.

They work on the finished 8-bit frame (screen space), so a still, a panorama and every frame of a
video get them at the cost of a few array operations, and a video animates them by ``phase``
(0..1 over the clip; every motion is periodic in it, so a loop closes without a jump). Fog is not
here: it is the environment's own aerial perspective (:mod:`tools.render.environment`), which
fades terrain, ground and objects by distance.
"""

from __future__ import annotations

import math
import numpy as np

from tools.scene.effects import Effects

# sRGB colours of particles
RAIN_RGB = np.array([200, 210, 225], np.float32)
SNOW_RGB = np.array([248, 250, 255], np.float32)
FLAME_RGB = np.array([255, 170, 70], np.float32)


def _soft_blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """A wide Gaussian blur computed at a quarter of the resolution and scaled back up (a wide blur
    keeps no detail that the small copy would lose; a full-size one cost a video frame 40-90 ms)."""
    from PIL import Image
    from scipy.ndimage import gaussian_filter

    h, w = image.shape[:2]
    factor = 4 if min(h, w) >= 64 and sigma >= 4 else 1
    channels = image.reshape(h, w, -1).astype(np.float32, copy=False)
    out = np.empty_like(channels)
    for c in range(channels.shape[2]):
        plane = Image.fromarray(np.ascontiguousarray(channels[..., c]), mode="F")
        small = np.asarray(plane.resize((max(1, w // factor), max(1, h // factor)), Image.Resampling.BOX))
        small = gaussian_filter(small, sigma=sigma / factor, mode="nearest")
        out[..., c] = np.asarray(Image.fromarray(small, mode="F").resize((w, h), Image.Resampling.BILINEAR))
    return out.reshape(image.shape)


def _hash_rng(seed: int, salt: int) -> np.random.Generator:
    return np.random.default_rng((seed * 7919 + salt) & 0xFFFFFFFF)


def _blend_points(image: np.ndarray, ys: np.ndarray, xs: np.ndarray, rgb: np.ndarray, alpha: np.ndarray | float,
                  wrap: bool = False) -> None:
    """Alpha-blend ``rgb`` at integer pixels (ys, xs) of a float image, in place (clipped to the frame,
    or wrapped around in x for a panorama, so its seam stays invisible)."""
    h, w = image.shape[:2]
    if wrap:
        xs = xs % w
    ok = (ys >= 0) & (ys < h) & (xs >= 0) & (xs < w)
    ys, xs = ys[ok], xs[ok]
    a = alpha[ok][:, None] if isinstance(alpha, np.ndarray) else np.float32(alpha)
    image[ys, xs] = image[ys, xs] * (1 - a) + rgb * a


def rain(image: np.ndarray, *, seed: int, phase: float = 0.0, heavy: bool = False, slant: float = 0.22,
         wrap: bool = False) -> np.ndarray:
    """Falling streaks over a darker, cooler frame. ``image`` (H, W, 3) uint8 or float."""
    out = image.astype(np.float32)  # a copy: the caller's frame is kept
    h, w = out.shape[:2]
    grey = out.mean(axis=2, keepdims=True)
    out *= 0.6  # wet, dim, cool
    out += grey * 0.25
    out *= np.array([0.92, 0.96, 1.05], np.float32)
    rng = _hash_rng(seed, 11)
    count = int(w * h / (380 if heavy else 650))
    length = max(6, h // 14)
    x0 = rng.uniform(0, w, count)
    y0 = rng.uniform(0, h, count)
    laps = rng.integers(2, 5, count)  # whole laps of the frame per clip: the loop closes exactly
    speed = laps / 3.0
    lengths = (length * (0.7 + 0.3 * speed)).astype(np.int32)
    y0 = (y0 + phase * (h + length) * laps) % (h + length) - length
    t = np.linspace(0.0, 1.0, length * 2, dtype=np.float32)
    ys = (y0[:, None] + t[None, :] * lengths[:, None]).astype(np.int32)
    xs = (x0[:, None] - t[None, :] * lengths[:, None] * slant).astype(np.int32)
    alpha = np.broadcast_to((0.25 + 0.3 * t)[None, :], ys.shape).reshape(-1)
    _blend_points(out, ys.reshape(-1), xs.reshape(-1), RAIN_RGB, alpha, wrap)
    return out


def snow(image: np.ndarray, *, seed: int, phase: float = 0.0, wrap: bool = False) -> np.ndarray:
    """Flakes of a few sizes drifting down and sideways, over a slightly brighter, paler frame."""
    out = image.astype(np.float32)
    h, w = out.shape[:2]
    out = out * 0.85 + 255 * 0.1
    rng = _hash_rng(seed, 13)
    count = int(w * h / 260)
    scale = max(1.0, w / 256)
    x0 = rng.uniform(0, w, count)
    y0 = rng.uniform(0, h, count)
    size = rng.choice([0, 1, 1, 2], count) * scale
    speed = 0.5 + size / (2 * scale) * 0.5
    drift = rng.uniform(0, 2 * math.pi, count)
    ys = (y0 + phase * h * 2 * np.round(speed * 2) / 2) % h
    xs = (x0 + np.sin(2 * math.pi * phase * 2 + drift) * 4 * scale) % w
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            r = math.hypot(dx, dy)
            inside = size >= r * scale if r else np.ones(count, bool)
            alpha = np.where(inside, 0.95 if r < 1 else 0.55, 0.0).astype(np.float32)
            keep = alpha > 0
            _blend_points(out, (ys[keep] + dy * scale).astype(np.int32), (xs[keep] + dx * scale).astype(np.int32),
                          SNOW_RGB, alpha[keep], wrap)
    return out


def lightning(image: np.ndarray, *, seed: int, strength: float = 1.0, top: float = 0.0, bottom: float = 0.55) -> np.ndarray:
    """A forked bolt from the top of the frame down to ``bottom`` (a fraction of the height), with a glow."""
    out = image.astype(np.float32)
    h, w = out.shape[:2]
    rng = _hash_rng(seed, 17)
    mask = np.zeros((h, w), np.float32)
    x = rng.uniform(0.25, 0.75) * w
    y = top * h
    end = bottom * h
    step = max(2.0, h / 60)
    branches: list[tuple[float, float]] = []
    while y < end:
        nx = x + rng.normal(0, step * 0.9)
        ny = y + step
        _line(mask, x, y, nx, ny, 1.0)
        if rng.random() < 0.08:
            branches.append((nx, ny))
        x, y = nx, ny
    for bx, by in branches[:3]:
        direction = rng.choice([-1, 1])
        for _ in range(int(rng.integers(4, 12))):
            nx, ny = bx + direction * step * rng.uniform(0.3, 1.2), by + step * 0.8
            _line(mask, bx, by, nx, ny, 0.6)
            bx, by = nx, ny
    glow = _soft_blur(mask, max(2.0, w / 90)) * 6.0  # the bolt itself stays sharp; only its glow is soft
    light = np.clip(mask + glow, 0, 1.5)[..., None] * strength
    return out * (1 + 0.25 * strength) + light * np.array([210, 215, 255], np.float32)


def _line(mask: np.ndarray, x0: float, y0: float, x1: float, y1: float, value: float) -> None:
    n = int(max(abs(x1 - x0), abs(y1 - y0))) + 2
    xs = np.linspace(x0, x1, n).astype(np.int32)
    ys = np.linspace(y0, y1, n).astype(np.int32)
    h, w = mask.shape
    ok = (xs >= 0) & (xs < w) & (ys >= 0) & (ys < h)
    mask[ys[ok], xs[ok]] = np.maximum(mask[ys[ok], xs[ok]], value)
    xs2 = np.clip(xs[ok] + 1, 0, w - 1)
    mask[ys[ok], xs2] = np.maximum(mask[ys[ok], xs2], value * 0.7)


def glass_drops(image: np.ndarray, *, seed: int, phase: float = 0.0) -> np.ndarray:
    """Rain on a window pane: the world behind out of focus, drops on the glass that magnify and
    flip what is behind them, a few sliding down with wet trails."""
    src = image.astype(np.float32, copy=False)
    h, w = src.shape[:2]
    out = _soft_blur(src, max(2.0, w / 80)) * 0.85
    rng = _hash_rng(seed, 19)
    count = int(w * h / 900)
    radius = rng.uniform(1.5, 6.0, count) * max(1.0, w / 256)
    cx = rng.uniform(0, w, count)
    cy = rng.uniform(0, h, count)
    sliding = rng.random(count) < 0.12
    cy = np.where(sliding, (cy + phase * h * 2) % h, cy)
    for i in np.argsort(radius):
        r = radius[i]
        win = _window(h, w, cx[i], cy[i], r)
        if win is None:
            continue
        ys, xs, yy, xx = win
        y0, y1, x0, x1 = ys.start, ys.stop, xs.start, xs.stop
        dy, dx = yy - cy[i], xx - cx[i]
        d = np.hypot(dx, dy) / r
        inside = d < 1
        # a drop is a lens: it shows the scene behind, upside down and shrunk
        sy = np.clip((cy[i] - dy * 3).astype(np.int32), 0, h - 1)
        sx = np.clip((cx[i] - dx * 3).astype(np.int32), 0, w - 1)
        lens = src[sy, sx] * 1.05
        rim = np.clip((d - 0.75) / 0.25, 0, 1)[..., None]
        highlight = (np.hypot(dx + r * 0.35, dy + r * 0.35) < r * 0.25)[..., None]
        drop = lens * (1 - 0.5 * rim) + highlight * 90
        region = out[y0:y1, x0:x1]
        region[inside] = drop[inside]
        if sliding[i]:  # a wet trail above the sliding drop
            ty0 = int(max(0, cy[i] - r * 8))
            tx0, tx1 = int(max(0, cx[i] - r * 0.3)), int(min(w, cx[i] + r * 0.3 + 1))
            out[ty0:y0, tx0:tx1] = out[ty0:y0, tx0:tx1] * 0.8 + src[ty0:y0, tx0:tx1] * 0.25
    return out


def flame_glow(image: np.ndarray, flames: np.ndarray, *, phase: float, seed: int) -> np.ndarray:
    """Flames (mask (H, W) of emissive pixels) breathing: their brightness and a warm halo
    flicker with a sum of loop-periodic waves; the whole frame warms and dims with them."""
    out = image.astype(np.float32, copy=False)
    if not flames.any():
        return out
    h, w = flames.shape
    offsets = _hash_rng(seed, 23).uniform(0, 2 * math.pi, 3)
    level = 0.72 + 0.28 * (0.5 * math.sin(2 * math.pi * 5 * phase + offsets[0])
                           + 0.3 * math.sin(2 * math.pi * 11 * phase + offsets[1])
                           + 0.2 * math.sin(2 * math.pi * 17 * phase + offsets[2]))
    halo = np.clip(_soft_blur(flames.astype(np.float32), max(3.0, w / 28)) * 3.0, 0, 1)[..., None]
    out = out * np.float32(0.9 + 0.1 * level) + halo * (FLAME_RGB * np.float32(0.55 * level))
    out[flames] = out[flames] * (0.75 + 0.35 * level)
    return out


def _window(h: int, w: int, cx: float, cy: float, r: float) -> tuple[slice, slice, np.ndarray, np.ndarray] | None:
    """The pixel window around a disc of radius ``r`` (None when off screen) and its coordinates."""
    y0, y1 = int(max(0, cy - r - 1)), int(min(h, cy + r + 2))
    x0, x1 = int(max(0, cx - r - 1)), int(min(w, cx + r + 2))
    if y0 >= y1 or x0 >= x1:
        return None
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    return slice(y0, y1), slice(x0, x1), yy, xx


def rising(image: np.ndarray, source: tuple[float, float, float], *, seed: int, phase: float, kind: str,
           tint: tuple[int, int, int] | None = None) -> np.ndarray:
    """Bubbles or smoke rising from ``source`` = (x, y, half-width) in pixels (the top of the subject)."""
    out = image.astype(np.float32)
    h, w = out.shape[:2]
    x, y, half = source
    half = max(half, w / 40)
    rng = _hash_rng(seed, 29 if kind == "bubbles" else 31)
    if kind == "bubbles":
        rgb = np.array(tint or (170, 230, 150), np.float32)
        for _ in range(16):
            offset = rng.uniform(0, 1)
            speed = float(rng.choice([1, 2]))
            t = (offset + phase * speed) % 1.0  # 0 at the surface, 1 gone
            bx = x + rng.uniform(-1.0, 1.0) * half + math.sin(2 * math.pi * (t * 2 + offset)) * half * 0.15
            by = y - t * half * 2.5
            r = max(2.0, half * 0.22 * (0.6 + 0.8 * rng.random())) * (0.7 + 0.5 * t)
            win = _window(h, w, bx, by, r)
            if win is None:
                continue
            ys, xs, yy, xx = win
            d = np.hypot(xx - bx, yy - by) / r
            fade = (1 - t) ** 0.5
            ring = np.clip(1 - np.abs(d - 0.85) / 0.2, 0, 1) * fade
            fill = (d < 0.85) * 0.35 * fade
            spot = (np.hypot(xx - bx + r * 0.35, yy - by + r * 0.35) < r * 0.28) * fade
            a = np.clip(ring + fill, 0, 1)[..., None]
            out[ys, xs] = out[ys, xs] * (1 - a) + rgb * a + spot[..., None] * 140
        return out
    rgb = np.array(tint or (190, 190, 195), np.float32)
    # a plume, not a fog: over a wide subject (a room's furniture, a street) the steam of "three bowls on the
    # counter" stays a column an eighth of the picture wide instead of whitening the whole frame
    half = min(half, w / 8)
    count = 9
    for i in range(count):
        offset = i / count
        t = (offset + phase) % 1.0
        sx = x + math.sin(2 * math.pi * (t + offset * 3)) * half * 0.35 * t
        sy = y - t * min(y, half * 4.5)
        r = half * (0.25 + 0.9 * t)
        win = _window(h, w, sx, sy, r * 3)
        if win is None:
            continue
        ys, xs, yy, xx = win
        a = np.exp(-((xx - sx) ** 2 + (yy - sy) ** 2) / (2 * r * r)) * 0.45 * math.sin(math.pi * t) ** 0.7
        out[ys, xs] = out[ys, xs] * (1 - a[..., None]) + rgb * a[..., None]
    return out


def apply_effects(image: np.ndarray, effects: Effects, *, seed: int, phase: float = 0.0, still: bool = True,
                  flames: np.ndarray | None = None, source: tuple[float, float, float] | None = None,
                  horizon: float = 0.55, wrap: bool = False) -> np.ndarray:
    """``image`` (H, W, 3 uint8) with every effect of ``effects`` painted in, as uint8.

    ``still`` marks a single picture: lightning is then always drawn (a video flashes it for a few
    frames). ``flames`` is the emissive-pixel mask, ``source`` where bubbles and smoke rise from;
    ``wrap`` keeps a panorama's left and right edges continuous."""
    if not (effects.moving or effects.on_glass):
        return image
    out = image.astype(np.float32)
    if effects.flicker and flames is not None:
        out = flame_glow(out, flames, phase=phase, seed=seed)
    if source is not None and effects.smoke:
        out = rising(out, source, seed=seed, phase=phase, kind="smoke", tint=effects.tint)
    if source is not None and effects.bubbles:
        out = rising(out, source, seed=seed, phase=phase, kind="bubbles", tint=effects.tint)
    if effects.weather == "storm":
        flash = still or (0.42 < phase % 1.0 < 0.5) or (0.55 < phase % 1.0 < 0.58)
        if flash:
            out = lightning(out, seed=seed, bottom=horizon)
    if effects.on_glass and effects.weather in ("rain", "storm"):
        out = glass_drops(out, seed=seed, phase=phase)
    elif effects.weather in ("rain", "storm"):
        out = rain(out, seed=seed, phase=phase, heavy=effects.weather == "storm", wrap=wrap)
    elif effects.weather == "snow":
        out = snow(out, seed=seed, phase=phase, wrap=wrap)
    out += 0.5
    np.clip(out, 0, 255, out=out)
    return out.astype(np.uint8)
