"""Cheap stylising post-processes on 8-bit RGB images.

``painterly``: a Kuwahara filter (flat, brush-like patches with kept edges) plus a canvas
weave; ``toon``: posterised colours (outlines come from the G-buffer, see
:func:`tools.render.shading.outline`); ``pixel``: big square pixels in a small palette;
``flat`` and ``shaded`` need no post-process. :func:`style_in_text` finds a style named inside a
prompt ("a sunset, hand-painted", "픽셀 아트 모닥불") when no style argument is given.
"""

from __future__ import annotations

import numpy as np

STYLE_ALIASES: dict[str, str] = {
    **dict.fromkeys(("shaded", "default", "realistic", "photo", "photoreal", "photorealistic", "3d", "render",
                     "rendered", "cinematic", "사실적인", "실사"), "shaded"),
    **dict.fromkeys(("flat", "minimal", "minimalist", "vector", "poster", "flat colour", "flat color", "simple",
                     "low poly", "low-poly", "lowpoly", "플랫", "단순한", "로우폴리", "로우 폴리"), "flat"),
    **dict.fromkeys(("pixel art", "pixel-art", "pixel", "pixelated", "pixel-art style", "8-bit", "16-bit", "8bit",
                     "16bit", "retro", "sprite", "도트", "픽셀", "픽셀아트", "픽셀 아트", "도트 그래픽", "레트로"), "pixel"),
    **dict.fromkeys(("toon", "cartoon", "cel", "cel-shaded", "cel shaded", "anime", "comic", "manga", "cartoonish",
                     "만화", "카툰", "애니", "애니메이션"), "toon"),
    # watercolour: washes on white paper, its own look (a Kuwahara oil look reads as a plain render at icon size)
    **dict.fromkeys(("watercolor", "watercolour", "watercolors", "watercolours", "water colour", "water color",
                     "aquarelle", "수채화", "수채", "수채화풍", "수채화로", "수채화같이"), "watercolour"),
    **dict.fromkeys(("painterly", "painting", "painted", "oil", "oil painting",
                     "impressionist", "impressionism", "gouache", "acrylic", "brush", "유화", "그림체", "회화",
                     "hand-painted", "hand painted", "handpainted", "paint", "brushstrokes", "핸드페인팅", "핸드 페인팅",
                     "페인팅", "손그림", "물감"), "painterly"),
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


def renderer_style(requested: str | None, prompt: str) -> tuple[str, str | None]:
    """The look the embedded renderers draw for a style argument and a prompt, and a note when the
    argument names a look they do not have ("cyberpunk", "noir", "pencil sketch" -- words a planner
    takes from the request): the picture is still drawn, in the prompt's own look or shaded, and the
    reply says so instead of failing the request."""
    if not requested:
        return style_in_text(prompt) or "shaded", None
    style = canonical_style(requested)
    if style is not None:
        return style, None
    fallback = style_in_text(prompt) or "shaded"
    return fallback, f"the embedded renderer has no {requested!r} look, so it is drawn {fallback}"


# Words that name a style only as an argument, never inside a prompt ("a simple table" is not flat shading,
# "a 3d render of a car" is the default look).
_NOT_IN_PROMPT = {"shaded", "default", "3d", "render", "rendered", "cinematic", "simple", "minimal", "minimalist",
                  "poster", "brush", "oil", "vector", "단순한", "comic", "flat", "sprite", "paint", "retro", "레트로",
                  "realistic", "photo", "사실적인", "실사", "애니메이션", "애니"}


def style_in_text(text: str) -> str | None:
    """The look a prompt names in its own words ("painted", "pixel art", "카툰풍", "low poly"), or None."""
    import re

    lowered = " " + re.sub(r"[\s,.;:!?()]+", " ", text.lower()) + " "
    found: list[tuple[int, str]] = []
    for phrase, style in STYLE_ALIASES.items():
        if phrase in _NOT_IN_PROMPT or style == "shaded":
            continue
        ascii_word = phrase.isascii()
        pattern = rf"(?<![\w-]){re.escape(phrase)}(?![\w-])" if ascii_word else re.escape(phrase)
        match = re.search(pattern, lowered)
        if match:
            found.append((match.start(), style))
    return min(found)[1] if found else None


def pixelate(image: np.ndarray, *, pixels_across: int = 64, colours: int = 32) -> np.ndarray:
    """Pixel art: the frame shrunk to ``pixels_across`` big pixels, its colours cut to a palette of
    ``colours`` chosen from the picture itself (an octree keeps small bright things such as a flame,
    which median cut merged away; a uniform posterise turned dark greens black), no dithering, and
    blown back up with hard edges."""
    from PIL import Image

    h, w = image.shape[:2]
    across = max(8, min(pixels_across, w))
    down = max(1, round(h * across / w))
    small = Image.fromarray(image).resize((across, down), Image.Resampling.BOX)
    small = small.quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    small = small.convert("RGB")
    return np.asarray(small.resize((w, h), Image.Resampling.NEAREST))


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


def watercolour(image: np.ndarray, *, seed: int = 0) -> np.ndarray:
    """Watercolour: colours flattened into soft washes, thinned toward the white of the paper, with
    pigment pooled dark along the wash edges and a blotchy, grainy paper showing through."""
    from scipy.ndimage import gaussian_filter, sobel

    h, w = image.shape[:2]
    washed = painterly(image, radius=max(3, w // 90), seed=seed).astype(np.float32) / 255.0
    washed = gaussian_filter(washed, sigma=(max(0.8, w / 400), max(0.8, w / 400), 0))  # soft, bleeding edges
    lum = washed @ np.array([0.299, 0.587, 0.114], np.float32)
    edges = np.hypot(sobel(lum, 0), sobel(lum, 1))
    pooling = np.clip(edges / (edges.max() + 1e-6) * 2.5, 0, 1)[..., None]  # pigment gathers at wash edges
    rng = np.random.default_rng(seed)
    blotch = gaussian_filter(rng.normal(0, 1, (h, w)).astype(np.float32), sigma=max(2.0, w / 60))
    blotch = blotch / (np.abs(blotch).max() + 1e-6)
    grain = gaussian_filter(rng.normal(0, 1, (h, w)).astype(np.float32), sigma=0.7) * 0.04
    pigment = (1.0 - washed) * (0.72 + 0.18 * blotch[..., None]) * (1.0 + 0.45 * pooling)  # thinned, uneven
    paper = np.array([0.98, 0.965, 0.93], np.float32)  # warm white paper
    out = paper * (1.0 - np.clip(pigment, 0, 1)) - grain[..., None]
    return (np.clip(out, 0, 1) * 255 + 0.5).astype(np.uint8)


def posterize(image: np.ndarray, *, levels: int = 6) -> np.ndarray:
    """Quantise each channel to ``levels`` steps (toon palettes)."""
    step = 255.0 / (levels - 1)
    return (np.round(image.astype(np.float32) / step) * step).clip(0, 255).astype(np.uint8)


def stylise_panorama(pixels: np.ndarray, style: str, *, seed: int = 0) -> np.ndarray:
    """A panorama in a style: the same post-process as a frame, run on the image wrapped a little
    round its left and right edges (then cropped), so the seam stays invisible."""
    if style in ("shaded", "flat"):
        return pixels
    h, w = pixels.shape[:2]
    margin = max(8, w // 64)
    wrapped = np.concatenate([pixels[:, -margin:], pixels, pixels[:, :margin]], axis=1)
    if style == "painterly":
        out = painterly(wrapped, radius=max(2, w // 400), seed=seed)
    elif style == "watercolour":
        out = watercolour(wrapped, seed=seed)
    elif style == "toon":
        out = posterize(wrapped, levels=7)
    elif style == "pixel":
        block = max(2, w // 320)  # whole blocks across the wrap: the width is a multiple of 16
        while w % block:
            block -= 1
        margin_blocks = margin - margin % block
        wrapped = np.concatenate([pixels[:, -margin_blocks:], pixels, pixels[:, :margin_blocks]], axis=1) \
            if margin_blocks else pixels
        out = pixelate(wrapped, pixels_across=wrapped.shape[1] // block)
        return np.ascontiguousarray(out[:, margin_blocks: margin_blocks + w]) if margin_blocks else out
    else:
        return pixels
    return np.ascontiguousarray(out[:, margin: margin + w])
