"""Embedded image backend: the mesh composer's scene, rendered on the CPU (tools/render)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from tools.render.stage import build_stage, fill_frame, framing_zoom, orbit_camera

if TYPE_CHECKING:
    from tools.scene.scene import Scene


@dataclass
class RenderedImage:
    pixels: np.ndarray  # (H, W, 3) uint8
    meta: dict[str, Any] = field(default_factory=dict)


def render_prompt(prompt: str, *, width: int, height: int, style: str, seed: int,
                  progress: Callable[[float, str], None] | None = None, scene: "Scene | None" = None) -> RenderedImage:
    """Compose the prompt's objects, set them in the environment its words describe, render."""
    from tools.render.frame import render_frame

    report = progress or (lambda fraction, message: None)
    from tools.image.texture import render_texture, texture_meta, texture_request

    texture = texture_request(prompt)
    if texture is not None:
        # "a seamless tile of a mossy stone floor": the surface itself, filling the frame, not a scene on it
        report(0.1, "painting the tile")
        from tools.scene.scene import parse_scene

        scene = scene or parse_scene(prompt, for_render=True)
        return RenderedImage(pixels=render_texture(texture, width=width, height=height, seed=seed), meta={
            "objects": [], "subject": prompt, "texture": texture_meta(texture), "triangles": 0,
            "environment": {"setting": "texture", "time": "tile", "ground": texture.surface, "features": []},
            "scene": {**scene.meta(), "objects": [], "named": [], "furnishing": []}, "effects": []})
    report(0.05, "composing the scene")
    stage = build_stage(prompt, seed=seed, mesh_style="low poly" if style == "flat" else None, scene=scene)
    report(0.3, "rendering")
    centre, radius = stage.focus()
    rng = np.random.default_rng(seed)
    interior = stage.environment.setting == "interior"
    framing = stage.scene.setting.framing if stage.scene is not None else None
    # a room is seen from above its middle, so the furniture ringed around it all shows; an icon or a
    # close-up fills the frame with its object
    elevation = float(rng.uniform(28, 38)) if interior else float(rng.uniform(8, 16))
    if stage.scene is not None and stage.scene.setting.overhead:
        elevation = 65.0  # "top down view": from high above, still with some perspective
    zoom = 0.8 if interior else (1.05 if framing in ("icon", "close") else framing_zoom(radius, 0.62))
    table_azimuth = None
    if stage.tabletop and framing not in ("icon", "close"):
        # things set on a table: seen from above its top, close enough that a candle or a mug reads
        elevation, zoom = float(rng.uniform(30, 38)), 0.95
    if interior and stage.named_box is not None:
        # in a room, what the prompt named is seen from the room's middle side, so no wall stands between
        table_azimuth = math.degrees(math.atan2(-float(centre[0]), -float(centre[2])))
    # framed on what the prompt named, the camera stands on the side away from the place's furnishing (laid out
    # after the named things, towards +x), so a street's towers stand behind the cars, not in front of them
    side = -1.0 if stage.named_box is not None else 1.0
    camera = orbit_camera(centre, radius, width=width, height=height,
                          azimuth_deg=table_azimuth if table_azimuth is not None else side * float(rng.uniform(20, 45)),
                          elevation_deg=elevation, zoom=zoom)
    overhead = stage.scene is not None and stage.scene.setting.overhead
    view = stage.scene.setting.view if stage.scene is not None else None
    azimuth = {"front": 8.0, "side": 90.0, "back": 180.0, "isometric": 45.0}.get(view or "", float(rng.uniform(20, 45)))
    if view == "isometric":
        elevation = 35.0  # the game view: corner-on, from 35° above
    if view is not None and not (framing in ("icon", "close") or overhead):
        camera = orbit_camera(centre, radius, width=width, height=height, azimuth_deg=azimuth,
                              elevation_deg=elevation, zoom=zoom)
    if (framing in ("icon", "close") or overhead) and stage.subject.face_count:
        # an icon, close-up or portrait fills the frame with its subject; a top-down view looks straight at
        # the arrangement (a ring of torches round a well) rather than past it at the sky
        camera = fill_frame(stage, width=width, height=height, azimuth_deg=azimuth, elevation_deg=elevation,
                            fill=0.82 if framing in ("icon", "close") else 0.7,
                            turn=view is None and not _has_a_face(stage))
    if framing == "close" and stage.subject.face_count and PORTRAIT.search(prompt) and not WHOLE_FIGURE.search(prompt) \
            and _one_figure(stage):
        # "portrait of an old dwarf", "초상화": head and shoulders, face on, not the whole figure
        low, high = stage.subject.bounds()
        tall = float(high[1] - low[1])
        head = np.array([(low[0] + high[0]) / 2, low[1] + 0.8 * tall, (low[2] + high[2]) / 2], np.float32)
        camera = orbit_camera(head, 0.2 * tall, width=width, height=height, azimuth_deg=12.0, elevation_deg=4.0,
                              zoom=0.9)
    if framing == "icon" and stage.subject.face_count:
        # an icon is lit from over the viewer's shoulder, so the face it shows is the lit one (a coin's face stood
        # in its own shadow, olive with the grass it mirrored)
        view = np.asarray(camera.eye, np.float64) - np.asarray(camera.target, np.float64)
        view /= max(float(np.linalg.norm(view)), 1e-9)
        side = np.cross(view, (0.0, 1.0, 0.0))
        key = view + 0.6 * np.array((0.0, 1.0, 0.0)) + 0.35 * side
        stage.environment = replace(stage.environment, sun_dir=tuple(float(v) for v in key / np.linalg.norm(key)))
    supersample = 2 if width * height <= 256 * 256 and style not in ("painterly", "watercolour") else 1  # small: cheap to supersample
    pixels = render_frame(stage, camera, style=style, seed=seed, supersample=supersample,
                          shadow_size=2048 if max(width, height) > 1024 else 1024)
    if framing == "icon" and stage.subject.face_count:
        pixels = icon_backdrop(pixels, stage, camera)
    effects = None
    if stage.scene is not None:
        from tools.render.frame import subject_top
        from tools.render.weather import apply_effects
        from tools.scene.effects import read_effects

        effects = read_effects(stage.scene.text, stage.scene.setting, stage.objects)
        if effects.moving:
            still = replace(effects, flicker=False)  # a still shows flames as they are
            pixels = apply_effects(pixels, still, seed=seed, source=subject_top(stage, camera),
                                   horizon=_horizon_row(camera))
    env = stage.environment
    meta = {
        "objects": stage.objects,
        "subject": stage.subject_prompt,
        "environment": {"setting": env.setting, "time": env.time, "ground": env.ground, "features": list(env.features)},
        "triangles": int(stage.subject.face_count + stage.scenery.face_count),
        "scene": stage.scene.meta() if stage.scene is not None else {},
        "effects": effects.meta() if effects is not None else [],
        "camera": {"eye": [round(v, 3) for v in camera.eye], "target": [round(v, 3) for v in camera.target],
                   "fov_y_deg": camera.fov_y_deg},
    }
    if stage.scene is not None and stage.scene.setting.backdrop == "transparent" and stage.subject.face_count:
        pixels = with_alpha(pixels, stage, camera)
    return RenderedImage(pixels=pixels, meta=meta)


# Words asking for a figure's head and shoulders (not "full-body", "전신": those are the whole figure)
PORTRAIT = re.compile(r"\bportraits?\b|\bbust\b|\bheadshot\b|초상화?|흉상|바스트\s*샷|얼굴\s*(?:위주|클로즈업)", re.IGNORECASE)


WHOLE_FIGURE = re.compile(r"full[\s-]*body|full[\s-]*length|whole\s+body|전신", re.IGNORECASE)


def _one_figure(stage: "object") -> bool:
    """Whether what the prompt named is one standing figure (a portrait of it frames its head)."""
    from tools.scene.objects import OBJECT_KINDS

    scene = stage.scene  # type: ignore[attr-defined]
    figures = [item for item in scene.named if item.kind is not None and
               OBJECT_KINDS[item.kind].category == "characters"] if scene is not None else []
    return len(figures) == 1 and figures[0].count == 1


def _has_a_face(stage: "object") -> bool:
    """Whether a figure or creature is named: it is seen from the front (three-quarter), never from behind,
    even where its back (a cape, long hair) would fill more of the frame."""
    from tools.scene.objects import OBJECT_KINDS

    scene = stage.scene  # type: ignore[attr-defined]
    return scene is not None and any(item.kind is not None and OBJECT_KINDS[item.kind].category in
                                     ("characters", "creatures") for item in scene.named)


def with_alpha(pixels: np.ndarray, stage: "object", camera: "object") -> np.ndarray:
    """RGBA: the subject opaque, everything behind it transparent ("transparent background", "배경 투명")."""
    from tools.render.raster import rasterize

    geometry = stage.subject  # type: ignore[attr-defined]
    gbuf = rasterize(geometry.vertices, geometry.faces, camera.matrix(), camera.width, camera.height)  # type: ignore[attr-defined]
    mask = gbuf.face >= 0
    if mask.shape != pixels.shape[:2]:
        return pixels
    alpha = np.where(mask, 255, 0).astype(np.uint8)
    return np.dstack([pixels[..., :3], alpha])


def _horizon_row(camera: "object") -> float:
    """Where the horizon is on screen, as a fraction of the height (lightning strikes above it)."""
    import math

    eye, target = np.asarray(camera.eye), np.asarray(camera.target)  # type: ignore[attr-defined]
    look = target - eye
    pitch = math.atan2(look[1], float(np.hypot(look[0], look[2])))
    half = math.radians(camera.fov_y_deg) / 2  # type: ignore[attr-defined]
    row = 0.5 + math.tan(pitch) / math.tan(half) * 0.5
    return float(min(0.9, max(0.2, row)))


def icon_backdrop(pixels: np.ndarray, stage: "object", camera: "object") -> np.ndarray:
    """An icon: the object over a soft radial gradient instead of the world behind it."""
    from tools.render.raster import rasterize

    geometry = stage.subject  # type: ignore[attr-defined]
    gbuf = rasterize(geometry.vertices, geometry.faces, camera.matrix(), camera.width, camera.height)  # type: ignore[attr-defined]
    mask = gbuf.face >= 0
    h, w = mask.shape
    if mask.shape != pixels.shape[:2]:
        return pixels
    yy, xx = np.mgrid[0:h, 0:w]
    r = np.hypot((xx - w / 2) / w, (yy - h / 2) / h)
    inner, outer = np.array([236, 232, 222], np.float32), np.array([150, 160, 178], np.float32)
    backdrop = inner + (outer - inner) * np.clip(r / 0.7, 0, 1)[..., None]
    from tools.render.frame import plain_backdrop_colour

    named = plain_backdrop_colour(stage)  # type: ignore[arg-type]
    if named is not None:  # "on a black background": that colour, flat, not the soft gradient
        backdrop = np.broadcast_to(np.asarray(named, np.float32), (h, w, 3))
    from scipy.ndimage import binary_dilation

    soft = binary_dilation(mask, iterations=1) & ~mask
    out = np.where(mask[..., None], pixels.astype(np.float32), backdrop)
    out[soft] = 0.5 * out[soft] + 0.5 * pixels[soft]
    return out.astype(np.uint8)


def restyle(image: "object", *, width: int, height: int, style: str, seed: int) -> np.ndarray:
    """The embedded answer to image-to-image: the source resized and given the style's look."""
    from PIL import Image

    from tools.render.styles import painterly, posterize

    picture = image.resize((width, height), Image.Resampling.LANCZOS)  # type: ignore[attr-defined]
    pixels = np.asarray(picture.convert("RGB"))
    if style == "painterly":
        return painterly(pixels, radius=max(2, width // 160), seed=seed)
    if style == "watercolour":
        from tools.render.styles import watercolour

        return watercolour(pixels, seed=seed)
    if style == "toon":
        return posterize(pixels, levels=6)
    if style == "flat":
        return posterize(pixels, levels=4)
    if style == "pixel":
        from tools.render.styles import pixelate

        return pixelate(pixels, pixels_across=max(48, width // 5))
    return pixels
