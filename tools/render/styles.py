"""Cheap stylising post-processes on 8-bit RGB images.

``painterly``: a Kuwahara filter (flat, brush-like patches with kept edges) plus a canvas
weave; ``toon``: posterised colours (outlines come from the G-buffer, see
:func:`tools.render.shading.outline`); ``flat`` and ``shaded`` need no post-process.
"""

from __future__ import annotations

import numpy as np

STYLE_ALIASES: dict[str, str] = {
    **dict.fromkeys(("shaded", "default", "realistic", "photo", "photoreal", "photorealistic", "3d", "render",
                     "rendered", "cinematic", "사실적인", "실사"), "shaded"),
    **dict.fromkeys(("flat", "minimal", "minimalist", "vector", "poster", "flat colour", "flat color", "simple",
                     "low poly", "low-poly", "lowpoly", "플랫", "단순한", "pixel art", "pixel-art", "pixel", "pixelated",
                     "8-bit", "16-bit", "retro", "도트", "픽셀", "픽셀아트", "레트로"), "flat"),
    **dict.fromkeys(("toon", "cartoon", "cel", "cel-shaded", "cel shaded", "anime", "comic", "manga", "cartoonish",
                     "만화", "카툰", "애니", "애니메이션"), "toon"),
    **dict.fromkeys(("painterly", "painting", "painted", "oil", "oil painting", "watercolor", "watercolour",
                     "impressionist", "impressionism", "gouache", "acrylic", "brush", "유화", "수채화", "그림체", "회화"),
                    "painterly"),
}


def canonical_style(text: str | None) -> str | None:
    """The renderer style a phrase names ("oil painting" -> painterly), None if unknown.

    ``None`` or "" means the default, ``shaded``."""
    if text is None or not text.strip():
        return "shaded"
    phrase = text.strip().lower()
    if phrase in STYLE_ALIASES:
        return STYLE_ALIASES[phrase]
    for word in phrase.replace("-", " ").split() + phrase.split():
        word = word.strip(".,!")
        if word in STYLE_ALIASES:
            return STYLE_ALIASES[word]
    return None


def painterly(image: np.ndarray, *, radius: int = 3, seed: int = 0) -> np.ndarray:
    """Kuwahara filter: each pixel takes the mean of its least-varied quadrant."""
    from scipy.ndimage import uniform_filter

    img = image.astype(np.float32) / 255.0
    lum = img @ np.array([0.299, 0.587, 0.114], np.float32)
    size = radius + 1
    mean = uniform_filter(img, size=(size, size, 1), mode="reflect")
    lum_mean = uniform_filter(lum, size=size, mode="reflect")
    lum_sq = uniform_filter(lum * lum, size=size, mode="reflect")
    var = lum_sq - lum_mean ** 2
    h, w = lum.shape
    shift = radius // 2 + (radius % 2)
    best_var = np.full((h, w), np.inf, np.float32)
    result = np.zeros_like(img)
    pad = shift
    var_p = np.pad(var, pad, mode="edge")
    mean_p = np.pad(mean, ((pad, pad), (pad, pad), (0, 0)), mode="edge")
    for dy in (-shift, shift):
        for dx in (-shift, shift):
            v = var_p[pad + dy:pad + dy + h, pad + dx:pad + dx + w]
            m = mean_p[pad + dy:pad + dy + h, pad + dx:pad + dx + w]
            better = v < best_var
            best_var = np.where(better, v, best_var)
            result = np.where(better[..., None], m, result)
    rng = np.random.default_rng(seed)
    weave = (np.sin(np.arange(w) * 2.1)[None, :] * np.sin(np.arange(h) * 1.9)[:, None]) * 0.015
    grain = rng.normal(0, 0.012, (h, w)).astype(np.float32)
    result = result * (1.0 + weave[..., None] + grain[..., None])
    grey = result.mean(axis=2, keepdims=True)
    result = grey + (result - grey) * 1.15  # paint is a little more saturated than light
    return (np.clip(result, 0, 1) * 255 + 0.5).astype(np.uint8)


def posterize(image: np.ndarray, *, levels: int = 6) -> np.ndarray:
    """Quantise each channel to ``levels`` steps (toon palettes)."""
    step = 255.0 / (levels - 1)
    return (np.round(image.astype(np.float32) / step) * step).clip(0, 255).astype(np.uint8)
