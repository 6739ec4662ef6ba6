"""Embedded panorama backend: the prompt's scene around the viewer, over a procedural
environment ray-cast over the full sphere.

The objects the prompt names (and a named place's furnishing: a tavern's tables and barrels)
stand in a ring around the viewer and are drawn straight into the equirectangular image
(:mod:`tools.render.equirect`), with their shadows on the ground or floor.

Pixel (i, j) of a W x H equirectangular image looks along longitude -pi + (i + 0.5) 2pi/W and
latitude pi/2 - (j + 0.5) pi/H; every look-up is a function of that direction, so column 0 and
column W-1 are neighbours on the sphere and the wrap is seamless. Clouds are evaluated at half
resolution and upsampled (they are soft), the rest at full resolution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from tools.render.environment import Environment
from tools.render.equirect import directions  # noqa: F401  (the pixel directions, used here and by tests)

if TYPE_CHECKING:
    from tools.scene.scene import Scene

EYE_HEIGHT_M = 1.7
SKY_DEPTH_M = 10000.0


# Outdoors the objects ring the viewer this far out (metres); interiors use the stage's own clearance.
OUTDOOR_CLEAR_M = 2.5


@dataclass
class Panorama:
    colour: np.ndarray  # (H, W, 3) uint8
    depth_m: np.ndarray  # (H, W) float32 metres, SKY_DEPTH_M for the sky
    environment: Environment
    objects: list[str] = field(default_factory=list)
    scene: "Scene | None" = None
    # the turn about +Y that faces what the prompt named (its place's furnishing round the rest of the view), for a
    # camera that pans across it; None when everything in it was named
    focus_yaw_deg: float | None = None


def render_panorama(prompt: str, *, width: int, seed: int, progress=None, style: str = "shaded",
                    scene: "Scene | None" = None, eye_height: float = EYE_HEIGHT_M) -> Panorama:
    """The scene the prompt describes as a ``width`` x ``width/2`` equirectangular image, seen from ``eye_height``
    metres above the ground (higher for a fly-over)."""
    from tools.render.equirect import draw_objects
    from tools.render.shading import tone_map
    from tools.render.stage import INTERIOR_CLEAR_M, build_stage

    report = progress or (lambda fraction, message: None)
    height = width // 2
    report(0.02, "composing the scene")
    stage = build_stage(prompt, seed=seed, scene=scene, surround=OUTDOOR_CLEAR_M if scene is None or
                        not scene.setting.interior else INTERIOR_CLEAR_M)
    env = stage.environment
    dirs = directions(width, height)
    eye = np.array([0.0, eye_height, 0.0], np.float32)
    report(0.1, "sky")
    ground = np.zeros((height, width), bool)
    if env.setting == "interior":
        from tools.render.room import room_surfaces

        # the room is flat colours between straight edges: from 1024 pixels around it is traced at half
        # resolution and upsampled (a quarter of the work; the objects are drawn at half resolution too)
        step = 2 if width >= 1024 else 1
        flat = directions(width // step, height // step).reshape(-1, 3)
        colour, distance, floor = room_surfaces(env, flat, eye)
        idx = np.nonzero(floor)[0]
        points = eye + flat[idx] * distance[idx, None]
        albedo = env.ground_albedo_at(points[:, 0], points[:, 2])
        colour[idx] = albedo * (env.ambient(np.array([[0, 1, 0]], np.float32)) + np.asarray(env.sun_colour) * 0.35)
        shape = (height // step, width // step)
        linear, depth, ground = colour.reshape(*shape, 3), distance.reshape(shape), floor.reshape(shape)
        if step == 2:
            linear = _upsample(linear, (height, width))
            depth = np.repeat(np.repeat(depth, 2, axis=0), 2, axis=1)
            ground = np.repeat(np.repeat(ground, 2, axis=0), 2, axis=1)
    else:
        linear, depth = _outdoor(env, dirs, eye, report)
        if env.setting != "space":
            ground[height // 2:] = True
        if env.weather == "sandstorm":
            linear = _dust_wall(linear, env, seed)
    geometry = stage.geometry()
    if geometry.face_count:
        report(0.7, "drawing the objects")
        linear, depth = draw_objects(linear, depth, geometry, env, eye, style=style, ground=ground)
    report(0.9, "tone mapping")
    focus = None
    if stage.named_box is not None:
        middle = (stage.named_box[0] + stage.named_box[1]) / 2
        if float(np.hypot(middle[0], middle[2])) > 0.5:
            focus = float(np.degrees(np.arctan2(-middle[0], -middle[2])))  # the yaw whose view centre is on it
    return Panorama(colour=tone_map(linear), depth_m=depth.astype(np.float32), environment=env,
                    objects=stage.objects, scene=stage.scene, focus_yaw_deg=focus)


def _outdoor(env: Environment, dirs: np.ndarray, eye: np.ndarray, report) -> tuple[np.ndarray, np.ndarray]:
    height, width = dirs.shape[:2]
    linear = np.zeros((height, width, 3), np.float32)
    depth = np.full((height, width), SKY_DEPTH_M, np.float32)
    horizon_row = height // 2  # rows above look up (latitude > 0), rows below look down
    upper = dirs[:horizon_row]
    # smooth parts at half resolution, upsampled: gradient, clouds, glow, nebula
    if width >= 512:
        half = dirs[:horizon_row:2, ::2]
        soft = env.sky(half / np.linalg.norm(half, axis=-1, keepdims=True), detail=False)
        detail_half = _cloud_layer(env, half)
        if detail_half is not None:  # clouds blended in at half resolution too: one upsampling, not three
            cloud, cloud_colour = detail_half
            soft = soft * (1 - cloud[..., None]) + cloud_colour * cloud[..., None]
        sky = _upsample(soft, upper.shape[:2])
        if env.stars:
            sky = sky + env._stars(upper)
        if env.setting == "space":
            sky = sky + _upsample(env._nebula(half), upper.shape[:2])
    else:
        sky = env.sky(upper)
    report(0.45, "terrain")
    terrain, info = env.terrain_equirect(width, height, horizon_row)
    covered = info[..., 0] > 0
    sky[covered] = terrain[covered]
    depth[:horizon_row][covered] = info[..., 1][covered]
    linear[:horizon_row] = sky
    report(0.6, "ground")
    lower = dirs[horizon_row:]
    down = np.minimum(lower[..., 1], -1e-4)
    if env.setting == "space":
        linear[horizon_row:] = env.sky(lower, detail=True)  # open space all round
        depth[horizon_row:] = SKY_DEPTH_M
        return linear, depth
    t = float(eye[1]) / -down[:, :1]  # distance to the ground along each row (it depends on the row only)
    up = np.array([0.0, 1.0, 0.0], np.float32)
    light = env.ambient(up[None, None, :]) + np.asarray(env.sun_colour, np.float32) * max(env.sun[1], 0.0)
    if width >= 512 and env.ground != "water":
        # the ground is soft: lit and fogged at half resolution, then upsampled once (light and fog are
        # per-row or constant, so doing them first changes nothing but the work)
        th = t[::2]
        small = env.ground_albedo_at(lower[::2, ::2, 0] * th, lower[::2, ::2, 2] * th) * light
        ground = _upsample(env.apply_fog(small, th), lower.shape[:2])
    else:
        albedo = env.ground_albedo_at(lower[..., 0] * t, lower[..., 2] * t)
        ground = albedo * light
        if env.ground == "water":
            reflected = lower * np.array([1, -1, 1], np.float32)
            fresnel = (0.02 + 0.98 * (1 - np.abs(lower[..., 1:2])) ** 5)
            ground = ground * (1 - fresnel) + env.sky(reflected, detail=False) * fresnel
            glint = np.clip(reflected @ env.sun, 0, 1) ** 300 * 5.0
            ground = ground + glint[..., None] * np.asarray(env.sun_colour, np.float32)
        ground = env.apply_fog(ground, t)
    linear[horizon_row:] = ground
    depth[horizon_row:] = np.minimum(t, SKY_DEPTH_M)
    return linear, depth


def _dust_wall(linear: np.ndarray, env: Environment, seed: int) -> np.ndarray:
    """A sandstorm rolling in: a billowing ochre wall rising from the horizon, tallest on one side and
    low on the other, in front of the sky and the far terrain (the objects are drawn over it later).
    A function of longitude only, so the seam stays continuous."""
    height, width = linear.shape[:2]
    rng = np.random.default_rng(seed)
    lon = -np.pi + (np.arange(width, dtype=np.float32) + 0.5) * (2 * np.pi / width)
    lat = np.pi / 2 - (np.arange(height, dtype=np.float32) + 0.5) * (np.pi / height)
    phases = rng.uniform(0, 2 * np.pi, 4)
    top = (0.18 + 0.4 * (0.5 + 0.5 * np.cos(lon - phases[0])) + 0.06 * np.sin(5 * lon + phases[1])
           + 0.04 * np.sin(11 * lon + phases[2]) + 0.02 * np.sin(23 * lon + phases[3]))  # radians above the horizon
    edge = np.clip((top[None, :] - lat[:, None]) / 0.06, 0.0, 1.0)  # soft billowing top
    edge *= np.clip((lat[:, None] + 0.06) / 0.06, 0.0, 1.0)  # and it sinks into the ground haze below the horizon
    dust = np.asarray(env.fog, np.float32) * np.array([1.0, 0.8, 0.6], np.float32)  # browner than the haze
    billow = 0.08 * np.sin(9 * lon[None, :] + 14 * lat[:, None] + phases[1])  # rolling folds in the cloud
    shade = np.clip(0.4 + 0.5 * (lat[:, None] / np.maximum(top[None, :], 1e-3)) + billow, 0.35, 0.95)
    colour = dust[None, None, :] * shade[..., None]
    return linear * (1 - 0.92 * edge[..., None]) + colour * (0.92 * edge[..., None])


def _cloud_layer(env: Environment, dirs: np.ndarray):
    if env.clouds <= 0 or env.setting == "space":
        return None
    cos_sun = np.clip(dirs @ env.sun, -1, 1)[..., None]
    return env.cloud_cover(dirs, cos_sun)


def _upsample(values: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """2x upsampling that wraps around in longitude: each new pixel is its source pixel or the mean
    of two neighbours (the same as repeating every pixel, then a 2-tap blend each way, in a
    quarter of the memory traffic)."""
    h, w = values.shape[:2]
    values = values.astype(np.float32, copy=False)
    wide = np.empty((h, 2 * w) + values.shape[2:], np.float32)
    wide[:, 1::2] = values
    np.add(values, np.roll(values, 1, axis=1), out=wide[:, 0::2])
    wide[:, 0::2] *= 0.5
    big = np.empty((2 * h, 2 * w) + values.shape[2:], np.float32)
    big[1::2] = wide
    big[0] = wide[0]
    np.add(wide[1:], wide[:-1], out=big[2::2])
    big[2::2] *= 0.5
    return big[: shape[0], : shape[1]]
