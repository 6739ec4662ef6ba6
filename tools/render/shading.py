"""Deferred shading of rasterized geometry over a procedural backdrop.

A :class:`Backdrop` holds what does not change while only the subject moves (sky, terrain,
the analytic ground plane split into ambient and direct light, its depth): video turntables
compute it once. :func:`shade` rasterizes the geometry over it with a z-test against the
ground, lights every covered pixel (Lambert diffuse, Blinn-Phong specular, hemisphere
ambient, sky reflections on metals, a sun shadow map with 4-tap PCF) and returns linear RGB.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tools.render.camera import Camera
from tools.render.environment import Environment
from tools.render.geometry import Geometry, linear_to_srgb
from tools.render.raster import GBuffer, project, rasterize

STYLES = ("shaded", "flat", "toon", "painterly")


@dataclass
class Backdrop:
    """Sky, terrain and ground for one camera, before the subject and its shadow are added."""

    camera: Camera
    colour: np.ndarray  # (H, W, 3) linear, ground lit by ambient light only (plus sky etc.)
    ground_direct: np.ndarray  # (H, W, 3) sunlight the ground would get where unshadowed
    ground_points: np.ndarray  # (N, 3) world points of ground pixels (for shadow look-ups)
    ground_index: np.ndarray  # (N,) flat pixel indices of those points
    fog_amount: np.ndarray  # (N,) fog blend at those pixels
    depth: np.ndarray  # (H, W) NDC depth of the ground (+inf for sky)
    lit_ground: np.ndarray = None  # type: ignore[assignment]  # (N, 3) fully sunlit, fogged ground colour
    _light_cache: tuple | None = None

    def __post_init__(self) -> None:
        if self.lit_ground is None:
            flat = self.colour.reshape(-1, 3)[self.ground_index] + self.ground_direct.reshape(-1, 3)[self.ground_index]
            fog = self.fog_amount[:, None]
            self.lit_ground = (flat * (1 - fog) + fog * self._fog_rgb).astype(np.float32)

    _fog_rgb: np.ndarray = None  # type: ignore[assignment]

    def light_space(self, shadows: "ShadowMap") -> tuple[np.ndarray, np.ndarray]:
        """Indices (into the ground arrays) of points inside the shadow frame, and their light-space
        coordinates; cached while the shadow frame stays the same (turntables)."""
        key = shadows.matrix.tobytes()
        if self._light_cache is not None and self._light_cache[0] == key:
            return self._light_cache[1], self._light_cache[2]
        screen, _ = project(self.ground_points.astype(np.float32), shadows.matrix, shadows.size, shadows.size)
        inside = np.nonzero((screen[:, 0] >= 0) & (screen[:, 0] < shadows.size) & (screen[:, 1] >= 0)
                            & (screen[:, 1] < shadows.size))[0]
        self._light_cache = (key, inside, screen[inside])
        return inside, screen[inside]


@dataclass
class ShadowMap:
    depth: np.ndarray
    matrix: np.ndarray
    size: int
    bias: float
    centre: np.ndarray | None = None  # the sphere the frame covers: points farther than ``reach`` from the
    reach: float = float("inf")  # sun ray through ``centre`` lie outside it and need no projection
    sun: np.ndarray | None = None


_LUT_SCALE = 512.0  # LUT entries per unit of linear light
_LUT_MAX = 24.0


@lru_cache(maxsize=16)  # a few exposures are used; bounded all the same
def _tone_lut(exposure: float) -> np.ndarray:
    x = np.arange(int(_LUT_MAX * _LUT_SCALE) + 1, dtype=np.float64) / _LUT_SCALE * exposure
    mapped = (x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14)
    return (linear_to_srgb(mapped) * 255.0 + 0.5).astype(np.uint8)


def tone_map(colour: np.ndarray, exposure: float = 0.75) -> np.ndarray:
    """ACES-style filmic curve, then sRGB: linear light to 8-bit display values (via a lookup table)."""
    lut = _tone_lut(exposure)  # bounded lru_cache (durability: every cache has a size limit)
    scaled = np.multiply(colour, np.float32(_LUT_SCALE), dtype=np.float32)
    np.clip(scaled, 0, len(lut) - 1, out=scaled)  # NaN-free inputs; in place: a panorama is 6M values
    return lut.take(scaled.astype(np.intp))


def make_backdrop(env: Environment, camera: Camera, *, ground_y: float = 0.0, detail: bool = True) -> Backdrop:
    """Everything behind and below the subject, as seen by ``camera``."""
    h, w = camera.height, camera.width
    rays = camera.pixel_rays()
    eye = np.asarray(camera.eye, np.float32)
    flat_rays = rays.reshape(-1, 3)
    colour = np.zeros((h * w, 3), np.float32)
    direct = np.zeros((h * w, 3), np.float32)
    depth = np.full(h * w, np.inf, np.float32)
    if env.setting == "interior":
        return _room_backdrop(env, camera, flat_rays, eye)
    height = max(float(eye[1] - ground_y), 0.05)
    below = flat_rays[:, 1] < -1e-4
    sky_idx = np.nonzero(~below)[0]
    ground_idx = np.nonzero(below)[0]
    sky_dirs = flat_rays[sky_idx]
    sky = env.sky(sky_dirs, detail=detail)
    terrain, info = env.terrain(sky_dirs)
    covered = info[:, 0] > 0
    sky[covered] = terrain[covered]
    colour[sky_idx] = sky
    ground_dirs = flat_rays[ground_idx]
    t = height / -ground_dirs[:, 1]
    points = eye[None, :] + ground_dirs * t[:, None]
    points[:, 1] = ground_y
    albedo = env.ground_albedo_at(points[:, 0], points[:, 2])
    up = np.array([0.0, 1.0, 0.0], np.float32)
    sun_up = max(float(env.sun[1]), 0.0)
    ambient = albedo * env.ambient(up[None, :])
    sun_light = albedo * np.asarray(env.sun_colour, np.float32) * sun_up
    if env.ground == "water":
        reflected = ground_dirs * np.array([1, -1, 1], np.float32)
        fresnel = (0.02 + 0.98 * (1 - np.abs(ground_dirs[:, 1])) ** 5)[:, None]
        ambient = ambient * (1 - fresnel) + env.sky(reflected, detail=False) * fresnel
        glint = np.clip(reflected @ env.sun, 0, 1) ** 400 * 6.0
        sun_light = sun_light * 0.2 + glint[:, None] * np.asarray(env.sun_colour, np.float32)
    fog = 1.0 - np.exp(-t / float(env.fog_distance_m))
    colour[ground_idx] = ambient
    direct[ground_idx] = sun_light
    depth[ground_idx] = _ndc_depth(camera, ground_dirs, t)
    return Backdrop(camera=camera, colour=colour.reshape(h, w, 3), ground_direct=direct.reshape(h, w, 3),
                    ground_points=points, ground_index=ground_idx, fog_amount=fog.astype(np.float32),
                    depth=depth.reshape(h, w), _fog_rgb=np.asarray(env.fog, np.float32))


def _room_backdrop(env: Environment, camera: Camera, rays: np.ndarray, eye: np.ndarray) -> Backdrop:
    from tools.render.room import room_surfaces

    h, w = camera.height, camera.width
    colour, distance, floor = room_surfaces(env, rays, eye)
    depth = _ndc_depth(camera, rays, distance)
    floor_idx = np.nonzero(floor)[0]
    points = eye[None, :] + rays[floor_idx] * distance[floor_idx, None]
    albedo = env.ground_albedo_at(points[:, 0], points[:, 2])
    up = np.array([[0.0, 1.0, 0.0]], np.float32)
    colour[floor_idx] = albedo * env.ambient(up)
    direct = np.zeros_like(colour)
    direct[floor_idx] = albedo * np.asarray(env.sun_colour, np.float32) * max(float(env.sun[1]), 0.0)
    return Backdrop(camera=camera, colour=colour.reshape(h, w, 3), ground_direct=direct.reshape(h, w, 3),
                    ground_points=points, ground_index=floor_idx, fog_amount=np.zeros(len(floor_idx), np.float32),
                    depth=depth.reshape(h, w), _fog_rgb=np.asarray(env.fog, np.float32))


def _ndc_depth(camera: Camera, dirs: np.ndarray, distance: np.ndarray) -> np.ndarray:
    view = camera.view()
    forward = -view[2, :3].astype(np.float32)
    z_eye = -(dirs @ forward) * distance
    proj = camera.projection()
    a, b = float(proj[2, 2]), float(proj[2, 3])
    with np.errstate(divide="ignore", invalid="ignore"):
        ndc = (a * z_eye + b) / np.maximum(-z_eye, 1e-6)
    return np.where((ndc >= -1) & (ndc <= 1), ndc, np.inf).astype(np.float32)


def shadow_map(geometry: Geometry, env: Environment, *, size: int = 1024,
               sphere: tuple[np.ndarray, float] | None = None) -> ShadowMap | None:
    """Depth of ``geometry`` as seen from the sun (orthographic), covering its bounds (or a
    fixed bounding ``sphere``, so that a spinning subject keeps one shadow frame)."""
    if not geometry.face_count or env.sun[1] <= 0.02:
        return None
    if sphere is None:
        low, high = geometry.bounds()
        centre = (low + high) / 2
        radius = float(np.linalg.norm(high - low) / 2) * 1.05 + 1e-3
    else:
        centre, radius = np.asarray(sphere[0], np.float64), float(sphere[1])
    eye = centre + env.sun * radius * 4
    cam = Camera(eye=tuple(eye), target=tuple(centre), width=size, height=size, near=0.01, far=radius * 8,
                 ortho_half_height=radius)
    matrix = cam.matrix()
    gbuf = rasterize(geometry.vertices, geometry.faces, matrix, size, size, cull=True)
    texel_ndc = 2.0 / size
    return ShadowMap(depth=gbuf.depth, matrix=matrix, size=size, bias=texel_ndc * 1.5,
                     centre=np.asarray(centre, np.float32), reach=radius * 1.42, sun=env.sun.astype(np.float32))


def sun_visibility(points: np.ndarray, shadows: ShadowMap | None, *, normal_offset: np.ndarray | None = None) -> np.ndarray:
    """Fraction of sunlight (0..1) reaching world ``points`` (N, 3); 4-tap PCF."""
    if shadows is None or not len(points):
        return np.ones(len(points), np.float32)
    if normal_offset is not None:
        points = points + normal_offset
    points = points.astype(np.float32, copy=False)
    light = np.ones(len(points), np.float32)
    candidates = np.arange(len(points))
    if shadows.centre is not None and shadows.sun is not None:
        # the frame is an orthographic square around the sun ray through the centre: a cheap distance
        # test leaves only the points it can cover to project (a panorama's ground is mostly outside)
        offset = points - shadows.centre
        along = offset @ shadows.sun
        across = np.einsum("ij,ij->i", offset, offset) - along * along
        candidates = np.nonzero(across <= shadows.reach * shadows.reach)[0]
        if not len(candidates):
            return light
    screen, _ = project(points[candidates], shadows.matrix, shadows.size, shadows.size)
    inside = (screen[:, 0] >= 0) & (screen[:, 0] < shadows.size) & (screen[:, 1] >= 0) & (screen[:, 1] < shadows.size)
    light[candidates] = np.where(inside, _pcf(screen, shadows), 1.0)
    return light


def _pcf(screen: np.ndarray, shadows: ShadowMap) -> np.ndarray:
    lit = np.zeros(len(screen), np.float32)
    for dx, dy in ((-0.5, -0.5), (0.5, -0.5), (-0.5, 0.5), (0.5, 0.5)):
        ix = np.clip((screen[:, 0] + dx).astype(np.int64), 0, shadows.size - 1)
        iy = np.clip((screen[:, 1] + dy).astype(np.int64), 0, shadows.size - 1)
        lit += (screen[:, 2] <= shadows.depth[iy, ix] + shadows.bias).astype(np.float32)
    return lit / 4.0


def shade(geometry: Geometry, env: Environment, backdrop: Backdrop, *, style: str = "shaded",
          shadows: ShadowMap | None = None) -> tuple[np.ndarray, GBuffer]:
    """Linear RGB (H, W, 3) of ``geometry`` over ``backdrop``, and the G-buffer (for outlines)."""
    camera = backdrop.camera
    h, w = camera.height, camera.width
    matrix = camera.matrix()
    gbuf = rasterize(geometry.vertices, geometry.faces, matrix, w, h, depth=backdrop.depth)
    out = backdrop.colour.reshape(-1, 3).copy()
    faces_flat = gbuf.face.reshape(-1)

    # the ground: ambient + sunlight where the subject does not shadow it, then fog. Only ground
    # points inside the shadow map's frame can be shadowed; the rest keep the precomputed colour.
    gi = backdrop.ground_index
    if len(gi):
        fog_rgb = np.asarray(env.fog, np.float32)
        out[gi] = backdrop.lit_ground
        if shadows is not None and style != "flat":
            inside, screen = backdrop.light_space(shadows)
            uncovered = faces_flat[gi[inside]] < 0
            visible = inside[uncovered]
            light = _pcf(screen[uncovered], shadows)
            dark = light < 1.0
            visible, light = visible[dark], light[dark]
            idx = gi[visible]
            ambient = backdrop.colour.reshape(-1, 3)[idx]
            direct = backdrop.ground_direct.reshape(-1, 3)[idx]
            if style == "toon":
                ground = np.where(light[:, None] < 0.5, ambient * 1.1, ambient + direct)
            else:
                ground = ambient + direct * light[:, None]
            fog = backdrop.fog_amount[visible][:, None]
            out[idx] = ground * (1 - fog) + fog_rgb * fog

    covered = np.nonzero(faces_flat >= 0)[0]
    if len(covered):
        out[covered] = shade_surface(geometry, env, gbuf, covered, np.asarray(camera.eye, np.float32), shadows, style,
                                     perspective=camera.ortho_half_height is None)
    return out.reshape(h, w, 3), gbuf


def shade_surface(geometry: Geometry, env: Environment, gbuf: GBuffer, pixels: np.ndarray, eye: np.ndarray,
                  shadows: ShadowMap | None, style: str, *, perspective: bool = True) -> np.ndarray:
    """Linear colour of the ``pixels`` (flat indices) that ``gbuf`` covers, seen from ``eye``."""
    face = gbuf.face.reshape(-1)[pixels]
    ys, xs = np.divmod(pixels, gbuf.width)
    weights = gbuf.barycentrics(ys, xs, face, perspective=perspective)
    corners = geometry.faces[face]
    position = np.einsum("nk,nkc->nc", weights, geometry.vertices[corners])
    if style == "flat":
        normal = geometry.corner_normals[face].mean(axis=1)
    else:
        normal = np.einsum("nk,nkc->nc", weights, geometry.corner_normals[face])
    normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-9)
    view = eye[None, :] - position
    distance = np.linalg.norm(view, axis=1)
    view /= np.maximum(distance[:, None], 1e-9)
    flip = (normal * view).sum(1) < 0  # two-sided: open meshes show their inside lit correctly
    normal[flip] *= -1

    albedo = geometry.albedo[face].copy()
    textured = geometry.textured[face]
    if textured.any():
        albedo[textured] = env.ground_albedo_at(position[textured, 0], position[textured, 2])
    metallic = geometry.metallic[face][:, None]
    roughness = np.clip(geometry.roughness[face], 0.04, 1.0)[:, None]
    sun = env.sun
    sun_rgb = np.asarray(env.sun_colour, np.float32)
    ndl = np.clip(normal @ sun, 0.0, 1.0)[:, None]
    if style == "flat":
        lit = albedo * (env.ambient(normal) * 1.3 + sun_rgb * (0.35 + 0.45 * ndl))
        return env.apply_fog(lit + geometry.emissive[face], distance)

    visibility = sun_visibility(position, shadows, normal_offset=normal * 0.01)[:, None]
    if style == "toon":
        bands = np.where(ndl * visibility > 0.5, 1.0, np.where(ndl * visibility > 0.1, 0.6, 0.25))
        lit = albedo * (env.ambient(normal) * 0.8 + sun_rgb * 0.55 * bands)
        half = sun[None, :] + view
        half /= np.maximum(np.linalg.norm(half, axis=1, keepdims=True), 1e-9)
        highlight = ((normal * half).sum(1)[:, None] > 0.97) & (roughness < 0.6) & (visibility > 0.5)
        return lit + highlight * 0.6 * sun_rgb + geometry.emissive[face]

    # a metal keeps a quarter of its colour as diffuse light: a pure mirror of a grass field drew gold coins olive
    # and swords near black (the scenes have no studio environment for metal to reflect)
    diffuse = albedo * (1 - 0.75 * metallic) * (sun_rgb * ndl * visibility + env.ambient(normal))
    half = sun[None, :] + view
    half /= np.maximum(np.linalg.norm(half, axis=1, keepdims=True), 1e-9)
    shininess = np.clip(2.0 / roughness ** 4 - 2.0, 2.0, 2048.0)
    f0 = 0.04 * (1 - metallic) + albedo * metallic
    ndh = np.clip((normal * half).sum(1), 0.0, 1.0)[:, None]
    specular = f0 * sun_rgb * (ndh ** shininess) * ((shininess + 8) / (8 * math.pi)) * ndl * visibility
    reflect = 2 * (normal * view).sum(1, keepdims=True) * normal - view
    env_light = _environment_light(env, reflect)
    gloss = (1 - roughness) ** 2
    reflection = f0 * env_light * (0.35 + 0.65 * gloss)
    colour = diffuse + specular + reflection + geometry.emissive[face]
    return env.apply_fog(colour, distance)


def _environment_light(env: Environment, dirs: np.ndarray) -> np.ndarray:
    """What a mirror sees along ``dirs``: the sky above the horizon, the lit ground below."""
    sky = env.sky(np.where(dirs[:, 1:2] < 0.02, dirs * np.array([1, -1, 1], np.float32), dirs), detail=False)
    ground = np.asarray(env.ground_albedo, np.float32) * (np.asarray(env.sun_colour, np.float32) * 0.5
                                                           + np.asarray(env.sky_ambient, np.float32))
    below = (dirs[:, 1:2] < 0).astype(np.float32)
    return sky * (1 - below) + ground * below


def outline(gbuf: GBuffer, colour: np.ndarray, *, strength: float = 0.0) -> np.ndarray:
    """Dark lines where the visible triangle group or depth jumps (toon style)."""
    face = gbuf.face
    depth = np.where(np.isfinite(gbuf.depth), gbuf.depth, 1.0)
    edges = np.zeros(face.shape, bool)
    object_mask = face >= 0
    edges[:, 1:] |= object_mask[:, 1:] != object_mask[:, :-1]
    edges[1:, :] |= object_mask[1:, :] != object_mask[:-1, :]
    jump = np.zeros(face.shape, bool)
    jump[:, 1:] |= np.abs(depth[:, 1:] - depth[:, :-1]) > 0.002
    jump[1:, :] |= np.abs(depth[1:, :] - depth[:-1, :]) > 0.002
    edges |= jump & object_mask
    result = colour.copy()
    result[edges] *= strength
    return result
