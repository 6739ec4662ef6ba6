"""Objects drawn straight into an equirectangular (360°) image, over a procedural backdrop.

Each triangle's corners are projected to longitude/latitude pixels seen from the eye and
rasterized there with affine interpolation (the scene's triangles span a few degrees each, so
the curvature inside one is negligible). A triangle that straddles the wrap is drawn twice, once
shifted a full turn each way, so the seam stays invisible; triangles within 8° of the poles
(straight above or below the eye) are skipped. Depth is the distance from the eye, so objects
and the analytic sky, ground and room meet in one depth test.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from tools.render.environment import Environment
from tools.render.geometry import Geometry
from tools.render.raster import rasterize_corners
from tools.render.shading import ShadowMap, shade_surface, shadow_map, sun_visibility

FAR_M = 20000.0  # depth range: distance / FAR_M maps to [-1, 1]
POLE_DEG = 82.0
SKY_CASTER_M = 15.0  # faces entirely above this height cast no shadow in a panorama


@functools.lru_cache(maxsize=8)
def directions(width: int, height: int) -> np.ndarray:
    """Unit view directions (H, W, 3) of an equirectangular image; longitude 0 looks down -Z.

    Pixel (i, j) looks along longitude -pi + (i + 0.5) 2pi/W and latitude pi/2 - (j + 0.5) pi/H,
    so column 0 and column W-1 are neighbours on the sphere. Cached per size (read-only).
    """
    lon = -np.pi + (np.arange(width, dtype=np.float32) + 0.5) * (2 * np.pi / width)
    lat = np.pi / 2 - (np.arange(height, dtype=np.float32) + 0.5) * (np.pi / height)
    cos_lat = np.cos(lat)[:, None]
    x = cos_lat * np.sin(lon)[None, :]
    y = np.broadcast_to(np.sin(lat)[:, None], (height, width))
    z = -cos_lat * np.cos(lon)[None, :]
    out = np.stack([x, y, z], axis=-1).astype(np.float32)
    out.flags.writeable = False
    return out


def _depth_ndc(distance: np.ndarray) -> np.ndarray:
    return (np.minimum(distance, FAR_M) / FAR_M * 2.0 - 1.0).astype(np.float32)


def project_equirect(points: np.ndarray, eye: np.ndarray, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """World points (N, 3) to equirectangular pixels (N, 3: x, y, depth ndc) and their latitude (N,) in degrees."""
    d = points - eye[None, :]
    distance = np.linalg.norm(d, axis=1)
    lon = np.arctan2(d[:, 0], -d[:, 2])
    lat = np.arcsin(np.clip(d[:, 1] / np.maximum(distance, 1e-9), -1.0, 1.0))
    screen = np.empty((len(points), 3), np.float32)
    screen[:, 0] = (lon + math.pi) / (2 * math.pi) * width
    screen[:, 1] = (math.pi / 2 - lat) / math.pi * height
    screen[:, 2] = _depth_ndc(distance)
    return screen, np.degrees(lat)


def draw_objects(colour: np.ndarray, depth_m: np.ndarray, geometry: Geometry, env: Environment, eye: np.ndarray, *,
                 style: str = "shaded", ground: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``colour`` (H, W, 3 linear) and ``depth_m`` (H, W) with ``geometry`` drawn in, shaded like the
    perspective renderer (sun, shadows, sky light). ``ground`` (H, W bool) marks floor or ground
    pixels, which receive the objects' shadows.

    From 1024 pixels around, the objects are drawn at half resolution and scaled up (a quarter of
    the work; the backdrop keeps its full resolution), which keeps a 2048 panorama near half a second.
    Then ``colour`` and ``depth_m`` are written in place (a panorama's buffers are 25 MB each; the
    caller owns them) and returned.
    """
    height, width = depth_m.shape
    if not geometry.face_count:
        return colour, depth_m
    if width >= 1024 and height % 2 == 0 and width % 2 == 0:
        small_colour = colour[::2, ::2]
        small_depth = np.minimum(np.minimum(depth_m[::2, ::2], depth_m[1::2, ::2]),
                                 np.minimum(depth_m[::2, 1::2], depth_m[1::2, 1::2]))
        small_ground = ground[::2, ::2] if ground is not None else None
        drawn, new_depth = _draw(small_colour, small_depth, geometry, env, eye, style, small_ground)
        covered = new_depth < small_depth - 1e-3
        shaded_change = np.any(np.abs(drawn - small_colour) > 1e-6, axis=-1) & ~covered  # shadows on the ground
        out, depth = colour, depth_m
        shade_ys, shade_xs = np.nonzero(shaded_change)
        ratio = drawn[shade_ys, shade_xs] / np.maximum(small_colour[shade_ys, shade_xs], 1e-6)  # before any write
        # only the changed half-resolution pixels are written back, each to its 2x2 block
        ys, xs = np.nonzero(covered)
        for dy in (0, 1):
            for dx in (0, 1):
                out[2 * ys + dy, 2 * xs + dx] = drawn[ys, xs]
                depth[2 * ys + dy, 2 * xs + dx] = new_depth[ys, xs]
                out[2 * shade_ys + dy, 2 * shade_xs + dx] *= ratio
        return out, depth.astype(np.float32, copy=False)
    return _draw(colour, depth_m, geometry, env, eye, style, ground)


def _draw(colour: np.ndarray, depth_m: np.ndarray, geometry: Geometry, env: Environment, eye: np.ndarray,
          style: str, ground: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    height, width = depth_m.shape
    screen, lat = project_equirect(geometry.vertices, eye, width, height)
    tri = screen[geometry.faces]  # (F, 3, 3)
    keep = (np.abs(lat[geometry.faces]) < POLE_DEG).all(axis=1)
    xs = tri[..., 0]
    seam = (xs.max(axis=1) - xs.min(axis=1)) > width / 2
    ids = np.arange(geometry.face_count)
    if seam.any():
        fixed = tri[seam].copy()
        fixed[..., 0] = np.where(fixed[..., 0] < width / 2, fixed[..., 0] + width, fixed[..., 0])
        shifted = fixed.copy()
        shifted[..., 0] -= width
        tri = np.concatenate([tri[~seam], fixed, shifted])
        ids = np.concatenate([ids[~seam], ids[seam], ids[seam]])
        keep = keep[ids]
    faces = geometry.faces_subset(ids)
    gbuf = rasterize_corners(tri, np.ones(tri.shape[:2], np.float32), width, height,
                             depth=_depth_ndc(depth_m.reshape(-1)).reshape(height, width), keep=keep)
    shadows = None
    if style != "flat" and env.setting != "space":
        # what hangs high in the sky (a planet, 30 m up) casts no shadow: it would only blur the map
        lowest = geometry.vertices[geometry.faces].min(axis=1)[:, 1]
        casters = np.nonzero(lowest < SKY_CASTER_M)[0]
        if len(casters) == geometry.face_count:
            shadows = shadow_map(geometry, env, size=1024)
        elif len(casters):  # the casters alone, on their own vertices, so the shadow frame fits them
            used, remap = np.unique(geometry.faces[casters], return_inverse=True)
            low = Geometry(geometry.vertices[used], remap.reshape(-1, 3), geometry.corner_normals[casters],
                           geometry.albedo[casters], geometry.metallic[casters], geometry.roughness[casters],
                           geometry.emissive[casters], geometry.textured[casters])
            shadows = shadow_map(low, env, size=1024)
    out = colour.reshape(-1, 3).copy()
    covered = np.nonzero(gbuf.face.reshape(-1) >= 0)[0]
    if len(covered):
        out[covered] = shade_surface(faces, env, gbuf, covered, eye.astype(np.float32), shadows, style,
                                     perspective=False)
    if ground is not None and shadows is not None:
        out = _ground_shadows(out, depth_m, ground, gbuf.face.reshape(-1) < 0, eye, shadows, env)
    new_depth = np.where(gbuf.face >= 0, (gbuf.depth + 1.0) / 2.0 * FAR_M, depth_m)
    return out.reshape(height, width, 3), new_depth.astype(np.float32)


def _ground_shadows(out: np.ndarray, depth_m: np.ndarray, ground: np.ndarray, uncovered: np.ndarray,
                    eye: np.ndarray, shadows: ShadowMap, env: Environment) -> np.ndarray:
    """Darken ground pixels the objects shade from the sun (direct light only)."""
    height, width = depth_m.shape
    near = ground.reshape(-1) & uncovered & (depth_m.reshape(-1) < 40.0)
    idx = np.nonzero(near)[0]
    if not len(idx):
        return out
    rays = directions(width, height).reshape(-1, 3)[idx]
    points = eye[None, :] + rays * depth_m.reshape(-1)[idx, None]
    light = sun_visibility(points.astype(np.float32), shadows)
    dark = light < 1.0
    if dark.any():
        sun_share = min(0.6, float(np.asarray(env.sun_colour).mean()) / 4.0 + 0.2)
        out[idx[dark]] *= (1.0 - sun_share * (1.0 - light[dark]))[:, None]
    return out
