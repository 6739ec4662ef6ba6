"""Embedded video backend: animated CPU renders, each a generator of RGB frames.

- :func:`turntable_frames`: a mesh (GLB) or a scene composed from text, spinning on its axis
  in its environment (sky, ground, shadow);
- :func:`panorama_path_frames`: a camera turning inside an equirectangular panorama;
- :func:`ken_burns_frames`: slow pan-and-zoom over a still image;
- :func:`motion_frames`: a BVH motion as a stick figure on a floor grid.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import numpy as np

from agent.errors import ToolError
from tools.render.environment import Environment
from tools.render.geometry import empty_geometry, from_trimesh_scene
from tools.render.stage import Stage, build_stage, fill_frame, framing_zoom, orbit_camera

if TYPE_CHECKING:
    from tools.scene.effects import Effects


def stage_from_mesh(path: Path, prompt: str, *, seed: int) -> Stage:
    """A GLB (or any trimesh-readable mesh) standing on the ground, in the prompt's environment."""
    import trimesh

    try:
        scene = trimesh.load(str(path), force="scene")
    except Exception as exc:
        raise ToolError(f"cannot read the 3D model {Path(path).name} ({type(exc).__name__}: {exc}); "
                        "pass a valid GLB/glTF/OBJ file") from exc
    geometry = from_trimesh_scene(scene)
    if not geometry.face_count:
        raise ToolError(f"the 3D model {Path(path).name} holds no triangles to render")
    low, high = geometry.bounds()
    lift = np.eye(4)
    lift[:3, 3] = (-(low[0] + high[0]) / 2, -low[1], -(low[2] + high[2]) / 2)  # centred, standing on y = 0
    return Stage(subject=geometry.transformed(lift), scenery=empty_geometry(),
                 environment=Environment.from_text(prompt, seed=seed), subject_prompt=prompt)


def turntable_frames(stage: Stage, *, width: int, height: int, frames: int, style: str, seed: int,
                     turns: float = 1.0, zoom: float = 0.62, effects: "Effects | None" = None,
                     elevation_deg: float = 14.0) -> Iterator[np.ndarray]:
    """``frames`` frames of the subject turning ``turns`` times about +Y (with the weather and the
    flames' flicker of ``effects`` animated over the clip), seen from ``elevation_deg`` above (a drone high up)."""
    from tools.render.frame import Turntable, subject_top
    from tools.render.weather import apply_effects

    centre, radius = stage.focus()
    interior = stage.environment.setting == "interior"
    camera = orbit_camera(centre, radius, width=width, height=height, azimuth_deg=30.0, elevation_deg=elevation_deg,
                          zoom=zoom if interior else framing_zoom(radius, zoom))
    table = Turntable(stage, camera, style=style, seed=seed, shadow_size=384)
    source = subject_top(stage, camera)
    want_flames = effects is not None and effects.flicker
    for index in range(frames):
        flames: list[np.ndarray] = []
        image = table.frame(360.0 * turns * index / frames, flames=flames if want_flames else None)
        if effects is not None and effects.moving:
            image = apply_effects(image, effects, seed=seed, phase=index / frames, still=False,
                                  flames=flames[0] if flames else None, source=source)
        yield image


def still_frames(stage: Stage, *, width: int, height: int, frames: int, style: str, seed: int, effects: "Effects",
                 push_in: float = 1.0, zoom: float = 0.62, close: bool = False) -> Iterator[np.ndarray]:
    """A fixed camera (``push_in`` 1) or one moving in toward the subject (``push_in`` > 1: the
    frame narrows by that factor over the clip, eased), rendered once; what moves by itself
    (flames, bubbles, smoke, rain, snow, lightning) is animated on every frame."""
    from PIL import Image

    from tools.render.frame import render_frame, subject_top
    from tools.render.weather import apply_effects

    centre, radius = stage.focus()
    scale = 1.0 if push_in <= 1.0 else min(2.0, push_in)
    big_w, big_h = int(round(width * scale)) // 2 * 2, int(round(height * scale)) // 2 * 2
    azimuth = -30.0 if stage.named_box is not None else 30.0  # the furnishing behind the named things, not before
    interior = stage.environment.setting == "interior"
    camera = orbit_camera(centre, radius, width=big_w, height=big_h, azimuth_deg=azimuth, elevation_deg=12.0,
                          zoom=zoom if interior else framing_zoom(radius, zoom))
    if close and stage.subject.face_count:  # a close-up: the subject fills the frame (room left for what rises)
        camera = fill_frame(stage, width=big_w, height=big_h, azimuth_deg=30.0, elevation_deg=12.0,
                            fill=0.85, lift=0.9 if effects.bubbles or effects.smoke else 0.0)
    flames: list[np.ndarray] = []
    base = render_frame(stage, camera, style=style, seed=seed, flames=flames,
                        supersample=2 if big_w * big_h <= 256 * 256 else 1)
    mask = flames[0] if flames else np.zeros(base.shape[:2], bool)
    source = subject_top(stage, camera)
    picture = Image.fromarray(base)
    for index in range(frames):
        t = index / max(1, frames - 1)
        if scale > 1.0:
            ease = t * t * (3 - 2 * t)
            narrow = 1.0 + (push_in - 1.0) * ease  # 1 = the whole wide frame
            cw, ch = big_w / narrow, big_h / narrow
            left, top = (big_w - cw) / 2, (big_h - ch) * 0.45
            frame = np.asarray(picture.transform((width, height), Image.Transform.EXTENT,
                                                 (left, top, left + cw, top + ch), resample=Image.Resampling.BILINEAR))
            sx, sy = width / cw, height / ch
            ys = np.clip(((np.arange(height) + 0.5) / sy + top).astype(np.int64), 0, big_h - 1)
            xs = np.clip(((np.arange(width) + 0.5) / sx + left).astype(np.int64), 0, big_w - 1)
            this_mask = mask[ys][:, xs]
            this_source = None if source is None else ((source[0] - left) * sx, (source[1] - top) * sy,
                                                       source[2] * sx)
        else:
            frame, this_mask, this_source = base, mask, source
        yield apply_effects(frame, effects, seed=seed, phase=index / frames, still=False, flames=this_mask,
                            source=this_source)


def panorama_path_frames(pano: np.ndarray, *, width: int, height: int, frames: int, fov_deg: float = 75.0,
                         turn_deg: float = 120.0, effects: "Effects | None" = None,
                         seed: int = 0, pitch_deg: float = 0.0, centre_yaw_deg: float = 0.0) -> Iterator[np.ndarray]:
    """A camera looking around inside an equirectangular image: yaw sweep, gentle pitch about ``pitch_deg``
    (below 0: looking down, as from the air), slow zoom (the weather of ``effects`` falling in front of it)."""
    from tools.render.weather import apply_effects

    ph, pw = pano.shape[:2]
    source = pano.astype(np.float32)
    xs = (np.arange(width, dtype=np.float32) + 0.5) / width * 2 - 1
    ys = 1 - (np.arange(height, dtype=np.float32) + 0.5) / height * 2
    gx, gy = np.meshgrid(xs, ys)
    for index in range(frames):
        t = index / max(1, frames - 1)
        yaw = math.radians(centre_yaw_deg - turn_deg / 2 + turn_deg * t)
        pitch = math.radians(pitch_deg + 6.0 * math.sin(2 * math.pi * t))
        fov = math.radians(fov_deg * (1.0 - 0.12 * t))
        half = math.tan(fov / 2)
        dx, dy = gx * half * width / height, gy * half
        dz = -np.ones_like(dx)
        # pitch about X, then yaw about Y
        cy, sy = math.cos(pitch), math.sin(pitch)
        y2, z2 = dy * cy - dz * sy, dy * sy + dz * cy
        cw, sw = math.cos(yaw), math.sin(yaw)
        x3, z3 = dx * cw + z2 * sw, -dx * sw + z2 * cw
        norm = np.sqrt(x3 * x3 + y2 * y2 + z3 * z3)
        lon = np.arctan2(x3, -z3)
        lat = np.arcsin(np.clip(y2 / norm, -1, 1))
        u = (lon + math.pi) / (2 * math.pi) * pw - 0.5
        v = (math.pi / 2 - lat) / math.pi * ph - 0.5
        frame = _bilinear_wrap(source, u, v)
        if effects is not None and effects.weather in ("rain", "storm", "snow"):
            frame = apply_effects(frame, replace(effects, flicker=False, bubbles=False, smoke=False), seed=seed,
                                  phase=index / frames, still=False)
        yield frame


def _bilinear_wrap(image: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    u0, v0 = np.floor(u), np.floor(v)
    fu, fv = (u - u0)[..., None], (v - v0)[..., None]
    x0 = u0.astype(np.int64) % w
    x1 = (x0 + 1) % w
    y0 = np.clip(v0.astype(np.int64), 0, h - 1)
    y1 = np.clip(y0 + 1, 0, h - 1)
    top = image[y0, x0] * (1 - fu) + image[y0, x1] * fu
    bottom = image[y1, x0] * (1 - fu) + image[y1, x1] * fu
    return np.clip(top * (1 - fv) + bottom * fv + 0.5, 0, 255).astype(np.uint8)


def ken_burns_frames(picture: "object", *, width: int, height: int, frames: int, seed: int,
                     zoom: float = 1.3) -> Iterator[np.ndarray]:
    """Pan-and-zoom over a still: from the whole picture to a ``zoom``-times closer crop (or back)."""
    from PIL import Image

    image = picture.convert("RGB")  # type: ignore[attr-defined]
    iw, ih = image.size
    target_aspect = width / height
    # the largest crop with the output's aspect
    if iw / ih > target_aspect:
        base_w, base_h = ih * target_aspect, float(ih)
    else:
        base_w, base_h = float(iw), iw / target_aspect
    rng = np.random.default_rng(seed)
    end_x, end_y = rng.uniform(0.25, 0.75), rng.uniform(0.3, 0.6)
    for index in range(frames):
        t = index / max(1, frames - 1)
        ease = t * t * (3 - 2 * t)
        scale = 1 + (zoom - 1) * ease  # from the whole picture in towards a seeded point
        cw, ch = base_w / scale, base_h / scale
        cx = (0.5 + (end_x - 0.5) * ease) * iw
        cy = (0.5 + (end_y - 0.5) * ease) * ih
        left = min(max(cx - cw / 2, 0), iw - cw)
        top = min(max(cy - ch / 2, 0), ih - ch)
        frame = image.transform((width, height), Image.Transform.EXTENT, (left, top, left + cw, top + ch),
                                resample=Image.Resampling.BILINEAR)
        yield np.asarray(frame)


def motion_frames(path: Path, *, width: int, height: int, fps: float, duration_s: float | None) -> tuple[Iterator[np.ndarray], int]:
    """Stick-figure frames of a BVH motion and how many there will be."""
    from tools.render.skeleton import read_bvh, stick_figure_frames

    motion = read_bvh(path)
    total = motion.duration_s if duration_s is None else min(duration_s, motion.duration_s)
    count = max(1, int(round(total * fps)))
    return stick_figure_frames(motion, width=width, height=height, fps=fps, duration_s=duration_s), count


def text_stage(prompt: str, *, seed: int, style: str, scene: object = None) -> Stage:
    return build_stage(prompt, seed=seed, mesh_style="low poly" if style == "flat" else None, scene=scene)  # type: ignore[arg-type]


def level_stage(path: Path, prompt: str, *, seed: int, ground_y: float = -1.0) -> Stage:
    """A level blockout (GLB) kept in its own coordinates, so the level tool's camera route
    (``meta.camera_path``, in the same metres) can be followed; the world's ground sits just
    below the lowest slab."""
    import trimesh

    try:
        scene = trimesh.load(str(path), force="scene")
    except Exception as exc:
        raise ToolError(f"cannot read the level blockout {Path(path).name} ({type(exc).__name__}: {exc})") from exc
    geometry = from_trimesh_scene(scene)
    if not geometry.face_count:
        raise ToolError(f"the level blockout {Path(path).name} holds no triangles to render")
    low, _ = geometry.bounds()
    return Stage(subject=empty_geometry(), scenery=geometry, environment=Environment.from_text(prompt, seed=seed),
                 subject_prompt=prompt, ground_y=min(ground_y, float(low[1]) - 0.05))


def flythrough_frames(stage: Stage, route: list[list[float]], *, side_view: bool, width: int, height: int,
                      frames: int, style: str, seed: int) -> Iterator[np.ndarray]:
    """A camera gliding along ``route`` (metres, e.g. a level's start-to-goal path): behind and
    above the route looking ahead for top-down levels, alongside it for side-view strips. The
    route is resampled by distance and smoothed so grid corners become curves."""
    from tools.render.camera import Camera
    from tools.render.frame import render_frame

    points = np.asarray(route, np.float64).reshape(-1, 3)
    if len(points) < 2:
        raise ToolError("the level's route is too short to fly through; make a bigger level")
    steps = np.linalg.norm(np.diff(points, axis=0), axis=1)
    along = np.concatenate([[0.0], np.cumsum(steps)])
    length = float(along[-1])
    samples = max(frames, 2) * 4
    at = np.linspace(0.0, length, samples)
    path = np.stack([np.interp(at, along, points[:, i]) for i in range(3)], 1)
    window = max(1, int(samples * min(0.5, 6.0 / max(length, 1e-6))))  # about 6 m of smoothing
    if window > 1:
        kernel = np.ones(window) / window
        padded = np.pad(path, ((window, window), (0, 0)), mode="edge")
        path = np.stack([np.convolve(padded[:, i], kernel, mode="same")[window:-window] for i in range(3)], 1)
    for index in range(frames):
        u = index / max(1, frames - 1) * (samples - 1)
        here = path[int(round(u))]
        ahead = path[min(samples - 1, int(round(u)) + max(1, samples // 12))]
        if side_view:
            eye = here + np.array([0.0, 3.0, 22.0])
            target = here + np.array([4.0, 1.0, 0.0])
        else:
            heading = ahead - here
            heading[1] = 0.0
            norm = float(np.linalg.norm(heading))
            heading = heading / norm if norm > 1e-6 else np.array([1.0, 0.0, 0.0])
            eye = here - heading * 5.0 + np.array([0.0, 7.0, 0.0])
            target = ahead + np.array([0.0, -here[1], 0.0]) + heading * 2.0
        camera = Camera(eye=tuple(float(v) for v in eye), target=tuple(float(v) for v in target), width=width,
                        height=height, fov_y_deg=60.0, near=0.1, far=2000.0)
        yield render_frame(stage, camera, style=style, seed=seed, shadow_size=512)
