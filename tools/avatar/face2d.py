"""2D talking-head frames: a drawn cartoon face, or a user portrait with its mouth region animated.

Both renderers take one row of ARKit blendshape weights per frame (see ``visemes.py``) and
turn it into a mouth opening, width and roundness. The drawn face is rendered once at 2x and
downsampled; per frame only the mouth (and eyes, while blinking) are redrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from agent.errors import InputError
from tools.speech.visemes import ARKIT_SHAPES

_IDX = {name: i for i, name in enumerate(ARKIT_SHAPES)}


@dataclass(frozen=True)
class MouthShape:
    """Mouth geometry in [0, 1] units: how open, how wide (1 = rest), how round, lips pressed."""

    open: float
    width: float
    round: float
    press: float
    smile: float


def mouth_shape(weights: np.ndarray) -> MouthShape:
    w = {name: float(weights[i]) for name, i in _IDX.items()}
    smile = (w["mouthSmileLeft"] + w["mouthSmileRight"]) / 2
    stretch = (w["mouthStretchLeft"] + w["mouthStretchRight"]) / 2
    rnd = min(1.0, w["mouthPucker"] + 0.6 * w["mouthFunnel"])
    press = min(1.0, w["mouthClose"] + (w["mouthPressLeft"] + w["mouthPressRight"]) / 2)
    opening = max(0.0, w["jawOpen"] + 0.3 * (w["mouthLowerDownLeft"] + w["mouthLowerDownRight"]) / 2 - 0.5 * press)
    width = 1.0 + 0.45 * stretch + 0.35 * smile - 0.45 * rnd
    return MouthShape(open=min(1.0, opening), width=width, round=rnd, press=press, smile=smile)


def _blinking(frame: int, fps: float) -> float:
    """Eyelid closure in [0, 1]: a 150 ms blink about every 3.7 s."""
    t = (frame / fps) % 3.7
    return max(0.0, 1.0 - abs(t - 3.5) / 0.075) if 3.425 <= t <= 3.575 else 0.0


class DrawnFace:
    """A friendly drawn head on a soft background (no assets needed). ``expression``: ARKit weights
    of an emotion (``visemes.EMOTION_TO_ARKIT``): the brows rise, fall or tilt and the mouth
    corners turn up or down for the whole clip."""

    def __init__(self, *, size: int = 512, fps: float = 25.0, expression: dict[str, float] | None = None) -> None:
        self.size = size
        self.fps = fps
        self.expression = dict(expression or {})
        self.frown = (self.expression.get("mouthFrownLeft", 0.0) + self.expression.get("mouthFrownRight", 0.0)) / 2
        s2 = size * 2
        self._k = s2 / 512.0
        base = Image.new("RGB", (s2, s2))
        top, bottom = np.array([70, 92, 130], np.float32), np.array([28, 34, 52], np.float32)
        ramp = np.linspace(0, 1, s2, dtype=np.float32)[:, None, None]
        base = Image.fromarray(((1 - ramp) * top + ramp * bottom).repeat(s2, axis=1).astype(np.uint8))
        draw = ImageDraw.Draw(base)
        k = self._k
        box = lambda x0, y0, x1, y1: [x0 * k, y0 * k, x1 * k, y1 * k]  # noqa: E731
        draw.rectangle(box(216, 380, 296, 470), fill=(226, 178, 150))  # neck
        draw.ellipse(box(120, 440, 392, 620), fill=(60, 96, 150))  # shoulders
        draw.ellipse(box(136, 70, 376, 400), fill=(236, 190, 160))  # face
        draw.chord(box(126, 52, 386, 270), 180, 360, fill=(76, 52, 40))  # hair
        draw.ellipse(box(120, 200, 146, 270), fill=(226, 178, 150))  # ears
        draw.ellipse(box(366, 200, 392, 270), fill=(226, 178, 150))
        self._draw_brows(draw)
        draw.line([(256 * k, 230 * k), (246 * k, 292 * k), (262 * k, 296 * k)], fill=(200, 140, 116), width=int(5 * k))
        self._base2x = base
        self._draw_eyes(draw, 0.0)
        self.base = base.resize((size, size), Image.LANCZOS)
        self._base_open_eyes = self.base

    def _draw_brows(self, draw: ImageDraw.ImageDraw) -> None:
        """Brows as the expression sets them: inner ends up (sad, afraid), both up (surprised),
        down and in (angry), one up (thinking)."""
        k, e = self._k, self.expression
        inner_up = e.get("browInnerUp", 0.0)
        for side, cx in ((-1, 206), (1, 306)):
            outer_up = e.get("browOuterUpRight" if side > 0 else "browOuterUpLeft", 0.0)
            down = e.get("browDownRight" if side > 0 else "browDownLeft", 0.0)
            inner_x, outer_x = cx - side * 32, cx + side * 32
            inner_y = 184 - 22 * inner_up + 14 * down
            outer_y = 184 - 16 * outer_up - 4 * down
            middle_y = (inner_y + outer_y) / 2 - 7
            draw.line([(inner_x * k, inner_y * k), (cx * k, middle_y * k), (outer_x * k, outer_y * k)],
                      fill=(70, 48, 36), width=int(7 * k), joint="curve")

    def _draw_eyes(self, draw: ImageDraw.ImageDraw, closed: float) -> None:
        k = self._k
        for cx in (206, 306):
            h = 22 * (1 - closed)
            draw.ellipse([(cx - 26) * k, (232 - 22) * k, (cx + 26) * k, (232 + 22) * k], fill=(236, 190, 160))
            if h > 2:
                draw.ellipse([(cx - 26) * k, (232 - h) * k, (cx + 26) * k, (232 + h) * k], fill=(250, 250, 248))
                r = min(14, h)
                draw.ellipse([(cx - 13) * k, (234 - r) * k, (cx + 13) * k, (234 + r) * k], fill=(70, 110, 60))
                draw.ellipse([(cx - 6) * k, (234 - min(7, r)) * k, (cx + 6) * k, (234 + min(7, r)) * k], fill=(20, 20, 24))
            draw.line([((cx - 28) * k, 232 * k), ((cx + 28) * k, 232 * k)], fill=(120, 80, 64),
                      width=int(3 * k)) if h <= 2 else None

    def frame(self, index: int, weights: np.ndarray) -> np.ndarray:
        """RGB uint8 array (size, size, 3) for frame ``index``."""
        blink = _blinking(index, self.fps)
        if blink > 0:
            image = self._base2x.copy()
            self._draw_eyes(ImageDraw.Draw(image), blink)
            image = image.resize((self.size, self.size), Image.LANCZOS)
        else:
            image = self.base.copy()
        # mouth drawn at 2x on a transparent patch, then downsampled and alpha-pasted
        shape = mouth_shape(weights)
        k = self.size / 512.0
        pw, ph = 150, 100
        patch = Image.new("RGBA", (pw * 2, ph * 2), (0, 0, 0, 0))
        draw = ImageDraw.Draw(patch)
        cx, cy = pw, ph * 0.8
        half_w = 36 * shape.width * 2
        open_h = 44 * shape.open * 2
        lip = (176, 84, 84)
        if open_h < 5:
            sag = 6 * (shape.smile - 0.1) - 10 * self.frown
            draw.arc([cx - half_w, cy - 10 - abs(sag) * 2, cx + half_w, cy + 10 + abs(sag) * 2], 0 if sag >= 0 else 180,
                     180 if sag >= 0 else 360, fill=lip, width=int(7 + 5 * shape.press))
        else:
            outer = [cx - half_w - 6, cy - 10 - open_h * 0.35, cx + half_w + 6, cy + 8 + open_h * 0.65]
            draw.ellipse(outer, fill=lip)
            inner = [cx - half_w + 4, cy - 4 - open_h * 0.3, cx + half_w - 4, cy + 2 + open_h * 0.6]
            draw.ellipse(inner, fill=(70, 24, 32))
            if shape.open > 0.25:  # teeth and tongue once the mouth is open enough
                draw.chord([inner[0] + 8, inner[1], inner[2] - 8, inner[1] + open_h * 0.45], 180, 360, fill=(245, 245, 240))
                draw.ellipse([cx - half_w * 0.5, inner[3] - open_h * 0.35, cx + half_w * 0.5, inner[3] + 4], fill=(200, 90, 100))
        patch = patch.resize((int(pw * k), int(ph * k)), Image.LANCZOS)
        image.paste(patch, (int((256 - pw / 2) * k), int((330 - ph * 0.4) * k)), patch)
        return np.asarray(image)


class PortraitFace:
    """A user's portrait with the jaw region warped down and a mouth interior drawn in.

    Without a face detector the mouth is assumed where a centred head-and-shoulders portrait
    has it (``mouth`` = (0.5, 0.68) of the square crop) unless the caller says where it is.
    """

    def __init__(self, *, image_path: Path, size: int = 512, fps: float = 25.0,
                 mouth: tuple[float, float] | None = None) -> None:
        try:
            with Image.open(image_path) as source:
                source.load()
                image = ImageOps.exif_transpose(source).convert("RGB")
        except (OSError, SyntaxError) as exc:
            raise InputError(f"the portrait {Path(image_path).name} is not a readable image ({exc}); send a PNG or JPEG") from exc
        if min(image.size) < 64:
            raise InputError(f"the portrait is {image.size[0]}x{image.size[1]} pixels; send one at least 64 pixels wide")
        self.size = size
        self.fps = fps
        self.image = ImageOps.fit(image, (size, size), Image.LANCZOS)
        self.pixels = np.asarray(self.image).astype(np.float32)
        mx, my = mouth or (0.5, 0.68)
        self.mouth = (mx * size, my * size)
        self.mouth_w = 0.16 * size
        # lip colour sampled from the portrait just below the mouth line
        x, y = int(self.mouth[0]), int(min(size - 1, self.mouth[1] + 0.01 * size))
        self.lip = tuple(int(c * 0.75) for c in self.pixels[y, x])

    def frame(self, index: int, weights: np.ndarray) -> np.ndarray:
        from scipy.ndimage import map_coordinates

        shape = mouth_shape(weights)
        size = self.size
        cx, cy = self.mouth
        drop = 0.07 * size * shape.open
        if drop < 0.5:
            return self.pixels.astype(np.uint8)
        x0, x1 = int(max(0, cx - 1.6 * self.mouth_w)), int(min(size, cx + 1.6 * self.mouth_w))
        y0, y1 = int(max(0, cy - 0.02 * size)), int(min(size, cy + 0.32 * size))
        yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        # jaw drop: pixels below the mouth line come from higher up, fading out to the sides and chin
        side = np.clip(1 - np.abs(xx - cx) / (1.6 * self.mouth_w), 0, 1) ** 0.7
        below = np.clip((yy - cy) / (0.03 * size), 0, 1) * np.clip((y1 - yy) / (0.2 * size), 0, 1)
        shift = drop * side * below
        out = self.pixels.copy()
        for channel in range(3):
            out[y0:y1, x0:x1, channel] = map_coordinates(self.pixels[:, :, channel], [yy - shift, xx], order=1,
                                                         mode="nearest")
        image = Image.fromarray(out.astype(np.uint8))
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        half_w = self.mouth_w / 2 * shape.width
        draw.ellipse([cx - half_w, cy - drop * 0.15, cx + half_w, cy + drop * 0.95], fill=(*self.lip, 255))
        draw.ellipse([cx - half_w * 0.9, cy - drop * 0.05, cx + half_w * 0.9, cy + drop * 0.85], fill=(60, 20, 26, 240))
        if shape.open > 0.3:
            draw.chord([cx - half_w * 0.75, cy - drop * 0.05, cx + half_w * 0.75, cy + drop * 0.35], 180, 360,
                       fill=(240, 238, 230, 230))
        overlay = overlay.filter(ImageFilter.GaussianBlur(radius=max(0.6, size / 512)))
        image.paste(overlay, (0, 0), overlay)
        return np.asarray(image)
