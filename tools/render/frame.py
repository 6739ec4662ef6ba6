"""Render a stage through a camera to an 8-bit RGB frame, in one of the styles.

:func:`render_frame` is the one-shot path (images); :class:`Turntable` keeps the backdrop of a
fixed camera and re-renders only the spinning subject and its shadow each frame (videos).
"""

from __future__ import annotations

import math

import numpy as np

from tools.render.camera import Camera
from tools.render.geometry import Geometry
from tools.render.shading import Backdrop, make_backdrop, outline, shade, shadow_map, tone_map
from tools.render.stage import Stage
from tools.render.styles import painterly, pixelate, posterize, watercolour


def render_frame(stage: Stage, camera: Camera, *, style: str = "shaded", seed: int = 0, shadow_size: int = 1024,
                 supersample: int = 1, flames: list[np.ndarray] | None = None) -> np.ndarray:
    """The stage seen by ``camera`` as (H, W, 3) uint8. ``supersample`` > 1 renders larger and
    downsizes (anti-aliasing). A ``flames`` list receives the mask of flame pixels (for flicker)."""
    big = camera
    if supersample > 1:
        big = Camera(eye=camera.eye, target=camera.target, width=camera.width * supersample,
                     height=camera.height * supersample, fov_y_deg=camera.fov_y_deg, near=camera.near, far=camera.far)
    backdrop = make_backdrop(stage.environment, big, ground_y=stage.ground_y, detail=style != "flat")
    geometry = stage.geometry()
    return finish_frame(stage, geometry, backdrop, camera, style=style, seed=seed, shadow_size=shadow_size,
                        flames=flames)


def finish_frame(stage: Stage, geometry: Geometry, backdrop: Backdrop, camera: Camera, *, style: str, seed: int,
                 shadow_size: int, shadow_sphere: tuple[np.ndarray, float] | None = None,
                 flames: list[np.ndarray] | None = None) -> np.ndarray:
    env = stage.environment
    # pixel art is a shaded frame, pixelated; a watercolour a shaded frame, washed
    final_style, style = style, ("shaded" if style in ("pixel", "watercolour") else style)
    shadows = shadow_map(geometry, env, size=shadow_size, sphere=shadow_sphere) if style != "flat" else None
    linear, gbuf = shade(geometry, env, backdrop, style=style, shadows=shadows)
    if flames is not None:
        flames.append(flame_mask(geometry, gbuf.face, camera.width, camera.height))
    if style == "toon":
        image = posterize(tone_map(linear), levels=7)
        image = outline(gbuf, image.astype(np.float32), strength=0.15).astype(np.uint8)
    else:
        image = tone_map(linear)
    colour = plain_backdrop_colour(stage)
    if colour is not None and image.shape[:2] == gbuf.face.shape:
        image = np.where((gbuf.face < 0)[..., None], np.asarray(colour, np.uint8), image)  # "on a black background"
    if image.shape[:2] == gbuf.face.shape and style != "painterly":
        image = smooth_edges(image, gbuf.face)
    if image.shape[0] != camera.height or image.shape[1] != camera.width:
        from PIL import Image

        image = np.asarray(Image.fromarray(image).resize((camera.width, camera.height), Image.Resampling.BOX))
    if style == "painterly":
        image = painterly(image, radius=max(3, camera.width // 120), seed=seed)  # visible brushwork at icon size
    if final_style == "watercolour":
        image = watercolour(image, seed=seed)
    if final_style == "pixel":
        image = pixelate(image, pixels_across=max(48, camera.width // 5))
    return image


# A named plain background ("on a black background", "배경은 투명하게"): the colour behind the subject.
# Transparent renders on white here; the image tool then turns that background into alpha.
BACKDROP_COLOURS: dict[str, tuple[int, int, int]] = {"black": (10, 10, 12), "white": (250, 250, 250),
                                                      "transparent": (250, 250, 250)}


def plain_backdrop_colour(stage: Stage) -> tuple[int, int, int] | None:
    """The plain background colour the prompt named, None when it named none (the world is drawn)."""
    scene = stage.scene
    backdrop = scene.setting.backdrop if scene is not None else None
    return BACKDROP_COLOURS.get(backdrop) if backdrop else None


def flame_mask(geometry: Geometry, face: np.ndarray, width: int, height: int) -> np.ndarray:
    """(height, width) bool: pixels showing a flame (a strongly glowing, warm face)."""
    glow = geometry.emissive
    warm = (glow.max(axis=1) > 0.8) & (glow[:, 0] > glow[:, 2] * 1.3)
    mask = np.where(face >= 0, warm[np.maximum(face, 0)], False)
    if mask.shape != (height, width):
        fy, fx = mask.shape[0] // height, mask.shape[1] // width
        mask = mask[: height * fy, : width * fx].reshape(height, fy, width, fx).any(axis=(1, 3))
    return mask


def subject_top(stage: Stage, camera: Camera) -> tuple[float, float, float] | None:
    """Where on screen things rise from the subject: the top centre of its bounds and its half
    width, in pixels (None without a subject)."""
    from tools.render.raster import project

    if not stage.subject.face_count:
        return None
    low, high = stage.subject.bounds()
    centre = (low + high) / 2
    points = np.array([[centre[0], high[1], centre[2]], [low[0], high[1], centre[2]], [high[0], high[1], centre[2]]],
                      np.float32)
    screen, w = project(points, camera.matrix(), camera.width, camera.height)
    if (w <= 0).any():
        return None
    half = max(3.0, abs(float(screen[2, 0] - screen[1, 0])) / 2)
    return float(screen[0, 0]), float(screen[0, 1]), half


def smooth_edges(image: np.ndarray, face: np.ndarray) -> np.ndarray:
    """Cheap anti-aliasing: pixels on a silhouette (the visible triangle group changes) take the
    3x3 average of their neighbourhood; everything else stays sharp."""
    covered = face >= 0
    edge = np.zeros(face.shape, bool)
    edge[:, 1:] |= covered[:, 1:] != covered[:, :-1]
    edge[:, :-1] |= covered[:, 1:] != covered[:, :-1]
    edge[1:, :] |= covered[1:, :] != covered[:-1, :]
    edge[:-1, :] |= covered[1:, :] != covered[:-1, :]
    ys, xs = np.nonzero(edge)
    if not len(ys):
        return image
    # the 3x3 mean at the edge pixels only (a whole-frame box filter was a fifth of a video frame's time)
    padded = np.pad(image, ((1, 1), (1, 1), (0, 0)), mode="edge").astype(np.uint16)
    total = np.zeros((len(ys), image.shape[2]), np.uint16)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            total += padded[ys + dy, xs + dx]
    out = image.copy()
    out[ys, xs] = ((total + 4) // 9).astype(np.uint8)
    return out


class Turntable:
    """Frames of the subject spinning on its vertical axis in front of a fixed camera."""

    def __init__(self, stage: Stage, camera: Camera, *, style: str = "shaded", seed: int = 0,
                 shadow_size: int = 512) -> None:
        self.stage, self.camera, self.style, self.seed, self.shadow_size = stage, camera, style, seed, shadow_size
        self.backdrop = make_backdrop(stage.environment, camera, ground_y=stage.ground_y, detail=style != "flat")
        low, high = stage.subject.bounds() if stage.subject.face_count else (np.zeros(3), np.zeros(3))
        # the spin is about what the camera frames: what the prompt named when a place's furnishing stands round
        # it ("a drone shot of motorbikes in a neon alley" swung the motorbikes out of the frame about the alley's
        # middle, 19 m away), else the whole subject's middle
        self.axis = (stage.focus()[0] if stage.named_box is not None else (low + high) / 2)[[0, 2]]
        # one shadow frame for every angle: a sphere around everything that can cast a shadow
        whole = stage.geometry()
        wlow, whigh = whole.bounds()
        centre = np.array([self.axis[0], (wlow[1] + whigh[1]) / 2, self.axis[1]])
        spin = float(np.linalg.norm(np.maximum(np.abs(high[[0, 2]] - self.axis), np.abs(low[[0, 2]] - self.axis))))
        reach = max(spin, float(np.abs(np.concatenate([wlow[[0, 2]], whigh[[0, 2]]]) - np.tile(self.axis, 2)).max()))
        self.shadow_sphere = (centre, float(np.hypot(reach, (whigh[1] - wlow[1]) / 2)) * 1.05 + 1e-3)

    def frame(self, angle_deg: float, flames: list[np.ndarray] | None = None) -> np.ndarray:
        """The frame with the subject turned by ``angle_deg`` about +Y through its centre (``flames``
        receives the mask of flame pixels)."""
        a = math.radians(angle_deg)
        c, s = math.cos(a), math.sin(a)
        matrix = np.eye(4)
        matrix[:3, :3] = [[c, 0, s], [0, 1, 0], [-s, 0, c]]
        x0, z0 = self.axis
        matrix[0, 3] = x0 - (c * x0 + s * z0)
        matrix[2, 3] = z0 - (-s * x0 + c * z0)
        subject = self.stage.subject.transformed(matrix)
        geometry = Geometry.concat([subject, self.stage.scenery])
        return finish_frame(self.stage, geometry, self.backdrop, self.camera, style=self.style, seed=self.seed,
                            shadow_size=self.shadow_size, shadow_sphere=self.shadow_sphere, flames=flames)
