"""An interior: a box room (plank floor, plaster walls with a wainscot and windows, a ceiling)
around the viewer, ray-traced analytically for panoramas and image backdrops."""

from __future__ import annotations

import numpy as np

from tools.render.environment import FINISHES, Environment

# Words that put space outside a metal room's walls ("우주 정거장 관제실", "창밖으로 지구") or snow outside its windows
SPACE_VIEW_WORDS = frozenset(("space", "station", "orbit", "earth", "planet", "우주", "정거장", "지구", "행성", "궤도"))
SNOW_VIEW_WORDS = frozenset(("snow", "snowy", "winter", "설경", "눈", "겨울", "눈덮인", "설원"))
ROOM_HALF = 6.0
ROOM_HEIGHT = 3.2


def room_surfaces(env: Environment, rays: np.ndarray, eye: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Colour (N, 3), distance (N,) and floor mask (N,) for unit ``rays`` from ``eye`` (inside the room)."""
    half = max(env.room_half, float(np.abs(eye[[0, 2]]).max()) + 2.0)
    height = max(ROOM_HEIGHT if env.room != "stone" else 4.0, float(eye[1]) + 1.0)
    wall_rgb, panel_rgb, ceiling_rgb = (np.array(c, np.float32) for c in FINISHES.get(env.room, FINISHES["plaster"])[:3])
    lows = np.array([-half, 0.0, -half], np.float32)
    highs = np.array([half, height, half], np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = np.where(rays > 0, highs, lows)
        t_axes = (bound - eye[None, :]) / rays
    t_axes = np.where(np.isfinite(t_axes) & (t_axes > 0), t_axes, np.inf)
    axis = np.argmin(t_axes, axis=1)
    distance = t_axes[np.arange(len(rays)), axis].astype(np.float32)
    hit = eye[None, :] + rays * distance[:, None]
    floor = (axis == 1) & (rays[:, 1] < 0)
    ceiling = (axis == 1) & (rays[:, 1] >= 0)
    wall = axis != 1

    colour = np.zeros((len(rays), 3), np.float32)
    light = np.asarray(env.sky_ambient, np.float32) * 1.4 + np.asarray(env.sun_colour, np.float32) * 0.12
    plaster, panel = wall_rgb, panel_rgb
    along = np.where(axis == 0, hit[:, 2], hit[:, 0])  # horizontal coordinate on the wall
    y = hit[:, 1]
    wainscot = wall & (y < 0.9)
    window = wall & (y > 1.0) & (y < 2.3) & (np.abs(((along / 3.0) % 1.0) - 0.5) < 0.18)
    if env.room == "metal":  # a station corridor: lit panel seams instead of windows
        seam = wall & (np.abs(((along / 1.5) % 1.0) - 0.5) > 0.47)
        strip = wall & (np.abs(y - 2.4) < 0.05)
        window = np.zeros_like(window)
    elif env.room == "stone":  # blocks instead of plaster, narrow windows
        seam = wall & ((np.abs(((y / 0.4) % 1.0) - 0.5) > 0.46) | (np.abs((((along + 0.6 * np.floor(y / 0.4)) / 0.9)
                                                                          % 1.0) - 0.5) > 0.47))
        strip = np.zeros_like(window)
        window &= np.abs(((along / 3.0) % 1.0) - 0.5) < 0.06
    elif env.room == "tile":  # small glazed tiles in a grout grid; no windows underground
        seam = wall & ((np.abs(((y / 0.15) % 1.0) - 0.5) > 0.44) | (np.abs(((along / 0.3) % 1.0) - 0.5) > 0.46))
        strip = wall & (np.abs(y - 2.6) < 0.04)  # a strip of fluorescent light along each wall
        window = np.zeros_like(window)
    elif env.room == "concrete":  # cast panels with their form-joints, a fluorescent strip, no windows underground
        seam = wall & ((np.abs(((y / 1.2) % 1.0) - 0.5) > 0.485) | (np.abs(((along / 2.4) % 1.0) - 0.5) > 0.49))
        strip = wall & (np.abs(y - 2.7) < 0.035)
        window = np.zeros_like(window)
    elif env.room == "shoji":  # paper screens: a dark timber grid over pale paper, the windows wide and low
        seam = wall & (y > 0.9) & ((np.abs(((y / 0.45) % 1.0) - 0.5) > 0.46) | (np.abs(((along / 0.45) % 1.0) - 0.5)
                                                                                 > 0.46))
        strip = np.zeros_like(window)
        window = wall & (y > 0.95) & (y < 2.2) & (np.abs(((along / 4.0) % 1.0) - 0.5) < 0.22)
        seam &= ~window
    else:
        seam = strip = np.zeros_like(window)
    frame = wall & ~window & (y > 0.92) & (y < 2.38) & (np.abs(((along / 3.0) % 1.0) - 0.5) < 0.21)
    viewport = np.zeros_like(window)
    if env.room in ("metal", "tile", "concrete"):
        frame[:] = False
    if env.room == "metal" and any(word in SPACE_VIEW_WORDS for word in env.words):
        # a station: a long viewport band on every wall, space outside
        viewport = wall & (y > 1.1) & (y < 2.2) & (np.abs(((along / 4.0) % 1.0) - 0.5) < 0.4)
    colour[wall] = plaster * light
    colour[wainscot] = panel * light
    colour[frame] = np.array([0.12, 0.08, 0.05], np.float32) * light
    colour[seam] = panel * light * 0.7
    colour[strip] = np.array([1.2, 1.8, 2.4], np.float32)
    if window.any():
        outside = Environment(time=env.time if env.time != "day" else "day")._with_palette()
        colour[window] = outside.sky(np.abs(rays[window]) * np.array([1, 0.2, 1], np.float32) + [0, 0.15, 0],
                                     detail=False) * 1.2
        if any(word in SNOW_VIEW_WORDS for word in env.words):  # "창밖 설경": snow fields below the sky outside
            low = window & (y < 1.55)
            colour[low] = np.array([1.1, 1.15, 1.25], np.float32) * (0.8 + 0.2 * (y[low, None] - 0.95) / 0.6)
    if viewport.any():
        colour[viewport] = _space_view(rays[viewport])
    colour[ceiling] = ceiling_rgb * light * 0.8
    # a soft warm pool of light on the ceiling above the viewer (a lamp); never a white disc, which an
    # equirectangular image stretches into a white band along its whole top edge
    glow = np.exp(-(np.hypot(hit[:, 0], hit[:, 2]) / 1.2) ** 2)[ceiling]
    colour[ceiling] *= (1.0 + 0.8 * glow)[:, None]
    corner_dark = 1.0 - 0.25 * np.clip(np.maximum(np.abs(hit[:, 0]), np.abs(hit[:, 2])) / half, 0, 1) ** 4
    colour *= corner_dark[:, None]
    return colour, distance, floor


def _space_view(rays: np.ndarray) -> np.ndarray:
    """What a station's viewport shows along ``rays``: black space with stars and, low in one direction, a blue
    planet with green-brown land and a thin bright rim (the Earth a control room looks down on)."""
    planet_dir = np.array([0.0, -0.35, -1.0], np.float32)
    planet_dir /= np.linalg.norm(planet_dir)
    cos_p = rays @ planet_dir
    colour = np.zeros((len(rays), 3), np.float32)
    cells = np.floor(rays * 300.0).astype(np.int64)
    h = ((cells[:, 0] * 73856093) ^ (cells[:, 1] * 19349663) ^ (cells[:, 2] * 83492791)) & 0xFFFF
    colour += (h < 180).astype(np.float32)[:, None] * 1.2  # stars
    disc = cos_p > np.cos(np.radians(32.0))
    if disc.any():
        land = np.sin(rays[disc, 0] * 23.0) * np.sin(rays[disc, 1] * 17.0 + rays[disc, 2] * 11.0) > 0.35
        body = np.where(land[:, None], np.array([0.12, 0.22, 0.06], np.float32), np.array([0.04, 0.14, 0.45],
                                                                                        np.float32))
        rim = np.clip((np.cos(np.radians(30.0)) - cos_p[disc]) / 0.02, 0, 1)[:, None]  # atmosphere at the edge
        colour[disc] = body * 1.6 + rim * np.array([0.5, 0.8, 1.4], np.float32)
    return colour
