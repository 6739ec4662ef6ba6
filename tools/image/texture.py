"""Seamless surface textures: "a top-down seamless tile of a mossy stone dungeon floor", "이끼 낀 돌바닥 텍스처".

A texture request asks for the surface itself, filling the frame and repeating without a seam, not for a
scene with things standing in it. The patterns are built on a torus so the left edge continues the right
and the top the bottom: noise is white noise low-passed in the Fourier domain (periodic by construction),
flagstones are a Voronoi diagram whose distances wrap around, bricks, planks and tiles are grids whose
counts divide the tile. Weathering words (mossy, rusty, cracked, wet) and a light from one side (torchlight
from the left) are read from the same words; a side light is the one thing that is not seamless, and the
meta says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

# Words that ask for a repeating surface, not a picture of things
_TEXTURE_WORDS = re.compile(r"seamless|tileable|tiling|\btexture|\bmaterial\s+swatch|심리스|이음매\s*없는|텍스처|텍스쳐|"
                            r"타일링|반복\s*패턴|패턴\s*타일", re.IGNORECASE)
_TOP_DOWN_TILE = re.compile(r"(?:top[\s-]*down|overhead|위에서\s*본|탑다운)[^.]*\btile\b|\btile\b[^.]*(?:top[\s-]*down)",
                            re.IGNORECASE)

# surface -> words naming it (en, ko), checked in this order: the first that matches is the surface
SURFACES: tuple[tuple[str, str], ...] = (
    ("brick", r"\bbricks?\b|벽돌"),
    ("cobblestone", r"\bcobble\w*|자갈길|조약돌|포석"),
    ("planks", r"\bplanks?\b|\bwood(?:en)?\s*floor|floorboards?|parquet|나무\s*바닥|마루|판자|원목"),
    ("metal", r"\bmetal\b|\bsteel\b|\biron\b|sci-?fi\s+floor|철판|금속|강철"),
    ("grass", r"\bgrass\w*|\blawn\b|잔디|풀밭"),
    ("sand", r"\bsand\w*|\bdesert\b|모래|사막"),
    ("dirt", r"\bdirt\b|\bsoil\b|\bmud\w*|흙|진흙"),
    ("snow", r"\bsnow\w*|눈밭|설원"),
    ("lava", r"\blava\b|\bmagma\b|용암"),
    ("water", r"\bwater\b|\bocean\b|\bsea\b|(?<![가-힣])물(?![가-힣])|바다"),
    ("tiles", r"\btiles?\b|\btiled\b|\bceramic\b|타일"),
    ("stone", r"\bstones?\b|\brock\w*|\bdungeon\b|flagstone|\bslate\b|\bmarble\b|돌|석재|바위|던전"),
)
# base sRGB colours per surface: (main, variation, joints)
PALETTE: dict[str, tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]]] = {
    "stone": ((112, 110, 104), (86, 84, 80), (40, 38, 36)),
    "cobblestone": ((120, 114, 104), (92, 88, 80), (48, 44, 40)),
    "brick": ((150, 72, 52), (120, 58, 44), (170, 160, 145)),
    "planks": ((138, 94, 56), (110, 72, 40), (60, 40, 24)),
    "tiles": ((205, 200, 190), (180, 175, 165), (90, 88, 84)),
    "metal": ((120, 124, 130), (95, 98, 104), (60, 62, 66)),
    "grass": ((78, 128, 52), (56, 100, 38), (40, 70, 28)),
    "sand": ((214, 190, 140), (190, 165, 115), (170, 145, 100)),
    "dirt": ((110, 80, 54), (86, 62, 42), (64, 46, 30)),
    "snow": ((236, 240, 246), (210, 218, 230), (190, 200, 215)),
    "lava": ((40, 30, 28), (70, 40, 30), (255, 120, 20)),
    "water": ((40, 100, 140), (30, 80, 120), (120, 180, 210)),
}
MOSS = np.array((86, 120, 48), np.float32)
RUST = np.array((150, 78, 34), np.float32)
_LIGHT_SIDE = (("left", r"from\s+the\s+left|left\s+side|왼쪽에서|왼편에서|좌측에서"),
               ("right", r"from\s+the\s+right|right\s+side|오른쪽에서|오른편에서|우측에서"),
               ("top", r"from\s+(?:the\s+)?(?:top|above)|위쪽에서"),
               ("bottom", r"from\s+(?:the\s+)?bottom|아래쪽에서"))


@dataclass(frozen=True)
class TextureRequest:
    """What a texture prompt asks for."""

    surface: str
    weathering: tuple[str, ...] = ()  # mossy, rusty, cracked, wet
    light_from: str | None = None  # left | right | top | bottom: a light on one side (breaks the seam)
    warm_light: bool = False  # torchlight, firelight: the side light is orange
    dark: bool = False  # "dark fantasy", "grim": the whole tile darker
    words: list[str] = field(default_factory=list)


# "hand-painted texture look", "PBR textures", "텍스처 느낌": how a model is painted, not a request for a tile
_TEXTURE_STYLE = re.compile(r"(?:hand[\s-]*painted|painted|pbr|stylized|realistic|\d+k)\s+textur\w*|"
                            r"textur\w*\s+(?:look|style|feel|work)|텍스[처쳐]\s*(?:느낌|스타일|감성)", re.IGNORECASE)


def texture_request(text: str) -> TextureRequest | None:
    """The texture ``text`` asks for, or None when it asks for a picture of things."""
    if not (_TEXTURE_WORDS.search(_TEXTURE_STYLE.sub(" ", text)) or _TOP_DOWN_TILE.search(text)):
        return None
    # "a seamless tile of …", "tileable … texture": the medium's own words say nothing about the surface
    subject = re.sub(r"\btile\s+of\b|(?:seamless|tileable|top[\s-]*down)\s+tile\b(?!s)", " ", text, flags=re.IGNORECASE)
    surface = next((name for name, pattern in SURFACES if re.search(pattern, subject, re.IGNORECASE)), "stone")
    weathering = tuple(name for name, pattern in (
        ("mossy", r"moss|overgrown|이끼"), ("rusty", r"rust|녹슨|녹슬"), ("cracked", r"crack|broken|금\s*간|갈라진|깨진"),
        ("wet", r"\bwet\b|puddle|damp|젖은|축축|물웅덩이")) if re.search(pattern, text, re.IGNORECASE))
    side = next((name for name, pattern in _LIGHT_SIDE if re.search(pattern, text, re.IGNORECASE)), None)
    warm = bool(re.search(r"torch|fire|candle|lantern|횃불|불빛|촛불|등불", text, re.IGNORECASE))
    dark = bool(re.search(r"\bdark\b|grim|gloomy|어두운|음침", text, re.IGNORECASE))
    return TextureRequest(surface=surface, weathering=weathering, light_from=side, warm_light=warm, dark=dark)


def tileable_noise(shape: tuple[int, int], *, scale: float, seed: int) -> np.ndarray:
    """Smooth noise in [0, 1] that wraps at the edges: white noise low-passed with a Gaussian of ``scale``
    pixels in the Fourier domain (a filter there is a circular convolution, so the result is periodic)."""
    rng = np.random.default_rng(seed)
    white = rng.standard_normal(shape).astype(np.float32)
    fy = np.fft.fftfreq(shape[0])[:, None]
    fx = np.fft.rfftfreq(shape[1])[None, :]
    kernel = np.exp(-2 * (np.pi * scale) ** 2 * (fx * fx + fy * fy)).astype(np.float32)
    smooth = np.fft.irfft2(np.fft.rfft2(white) * kernel, s=shape).astype(np.float32)
    low, high = np.percentile(smooth, (1, 99))
    return np.clip((smooth - low) / max(high - low, 1e-6), 0.0, 1.0)


def _fbm(shape: tuple[int, int], *, base: float, seed: int, octaves: int = 4) -> np.ndarray:
    total, weight, norm = np.zeros(shape, np.float32), 1.0, 0.0
    for octave in range(octaves):
        total += weight * tileable_noise(shape, scale=base / 2 ** octave, seed=seed + octave)
        norm += weight
        weight *= 0.5
    return total / norm


def _voronoi(shape: tuple[int, int], cells: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Wrapped Voronoi of ``cells`` seed points: the id of each pixel's cell and its distance to the nearest
    edge (F2 - F1), in pixels."""
    height, width = shape
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(cells)))
    grid = np.stack(np.meshgrid(np.arange(side), np.arange(side)), -1).reshape(-1, 2)
    points = (grid + 0.2 + 0.6 * rng.random(grid.shape)) / side * np.array([width, height])  # jittered: even sizes
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    first = np.full(shape, np.inf, np.float32)
    second = np.full(shape, np.inf, np.float32)
    ident = np.zeros(shape, np.int32)
    for index, (px, py) in enumerate(points):
        dx = np.abs(xs - px)
        dy = np.abs(ys - py)
        dx = np.minimum(dx, width - dx)  # the torus: the nearest copy of the point across an edge
        dy = np.minimum(dy, height - dy)
        dist = np.sqrt(dx * dx + dy * dy)
        closer = dist < first
        second = np.where(closer, first, np.minimum(second, dist))
        ident = np.where(closer, index, ident)
        first = np.where(closer, dist, first)
    return ident, second - first


def _grid(shape: tuple[int, int], rows: int, cols: int, *, offset_rows: bool) -> tuple[np.ndarray, np.ndarray]:
    """Cell ids and distance to the nearest joint (pixels) of a ``rows`` x ``cols`` grid (every other row
    shifted half a cell for bricks); the counts divide the tile, so it repeats."""
    height, width = shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32) + 0.5  # pixel centres: the edges mirror each other
    cell_h, cell_w = height / rows, width / cols
    row = np.floor(ys / cell_h).astype(np.int32)
    shifted = xs + (row % 2) * cell_w / 2 if offset_rows else xs
    col = np.floor((shifted % width) / cell_w).astype(np.int32)
    fy = ys - row * cell_h
    fx = (shifted % width) - col * cell_w
    edge = np.minimum(np.minimum(fx, cell_w - fx), np.minimum(fy, cell_h - fy))
    return row * cols + col, edge


def render_texture(request: TextureRequest, *, width: int, height: int, seed: int) -> np.ndarray:
    """The tile as an (H, W, 3) uint8 sRGB image."""
    shape = (height, width)
    size = min(width, height)
    main, variation, joint = (np.array(c, np.float32) for c in PALETTE[request.surface])
    grain = _fbm(shape, base=size / 10, seed=seed)
    cells, edge, joint_width = None, None, 0.0
    if request.surface in ("stone", "cobblestone"):
        cells, edge = _voronoi(shape, 16 if request.surface == "stone" else 40, seed + 11)
        joint_width = size * (0.012 if request.surface == "stone" else 0.01)
    elif request.surface in ("brick", "tiles", "metal", "planks"):
        rows, cols, offset = {"brick": (8, 4, True), "tiles": (4, 4, False), "metal": (2, 2, False),
                              "planks": (6, 1, False)}[request.surface]
        cells, edge = _grid(shape, rows, cols, offset_rows=offset)
        joint_width = size * {"brick": 0.012, "tiles": 0.008, "metal": 0.006, "planks": 0.006}[request.surface]
    if request.surface == "planks":  # long grain along each board
        grain = 0.6 * grain + 0.4 * tileable_noise(shape, scale=size / 80, seed=seed + 3)[:, :1].repeat(width, 1)
    colour = main[None, None, :] * (1 - grain[..., None] * 0.5) + variation[None, None, :] * (grain[..., None] * 0.5)
    if cells is not None:
        # each stone, brick or board its own shade, a little darker or lighter than its neighbours
        shade = np.random.default_rng(seed + 5).uniform(0.78, 1.12, int(cells.max()) + 1).astype(np.float32)
        colour = colour * shade[cells][..., None]
        # bevelled edges: darker into the joint, the joint itself in its own colour
        bevel = np.clip(edge / max(joint_width * 3, 1e-3), 0, 1)[..., None]
        colour = colour * (0.55 + 0.45 * bevel)
        in_joint = (edge < joint_width)[..., None]
        colour = np.where(in_joint, joint[None, None, :] * (0.8 + 0.4 * grain[..., None]), colour)
    if request.surface == "lava":
        glow = np.clip((grain - 0.55) * 4, 0, 1)[..., None]
        colour = colour * (1 - glow) + joint[None, None, :] * glow
    if "cracked" in request.weathering:
        cracks = tileable_noise(shape, scale=size / 40, seed=seed + 21)
        line = np.abs(cracks - 0.5) < 0.012
        colour = np.where(line[..., None], colour * 0.35, colour)
    if "mossy" in request.weathering:
        # moss gathers in the joints and spreads over the stones in patches
        patches = _fbm(shape, base=size / 8, seed=seed + 31)
        near_joint = np.clip(1 - edge / max(joint_width * 5, 1e-3), 0, 1) if edge is not None else 0.0
        amount = np.clip((patches - 0.45) * 2.2 + near_joint * 0.8, 0, 1)[..., None]
        moss = MOSS[None, None, :] * (0.7 + 0.6 * grain[..., None])
        colour = colour * (1 - amount * 0.85) + moss * amount * 0.85
    if "rusty" in request.weathering:
        patches = _fbm(shape, base=size / 10, seed=seed + 41)
        amount = np.clip((patches - 0.45) * 2.5, 0, 1)[..., None]
        colour = colour * (1 - amount * 0.8) + RUST[None, None, :] * amount * 0.8
    if "wet" in request.weathering:
        colour = colour * 0.75
    if request.dark:
        colour = colour * 0.6
    if request.light_from is not None:
        ramp = np.linspace(1.0, 0.0, width if request.light_from in ("left", "right") else height, dtype=np.float32)
        if request.light_from in ("right", "bottom"):
            ramp = ramp[::-1]
        light = ramp[None, :] if request.light_from in ("left", "right") else ramp[:, None]
        tint = np.array((1.35, 0.95, 0.6) if request.warm_light else (1.2, 1.2, 1.2), np.float32)
        colour = colour * (0.45 + 0.85 * light[..., None] ** 1.5 * tint[None, None, :])
    return np.clip(colour, 0, 255).astype(np.uint8)


def texture_meta(request: TextureRequest) -> dict[str, Any]:
    """``meta.texture``: what the tile is and whether it repeats seamlessly."""
    return {"surface": request.surface, "weathering": list(request.weathering), "light_from": request.light_from,
            "seamless": request.light_from is None}
