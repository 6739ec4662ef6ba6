"""An interior: a box room (plank floor, plaster walls with a wainscot and windows, a ceiling)
around the viewer, ray-traced analytically for panoramas and image backdrops."""

from __future__ import annotations

import numpy as np

from tools.render.environment import FINISHES, Environment

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
    else:
        seam = strip = np.zeros_like(window)
    frame = wall & ~window & (y > 0.92) & (y < 2.38) & (np.abs(((along / 3.0) % 1.0) - 0.5) < 0.21)
    if env.room == "metal":
        frame[:] = False
    colour[wall] = plaster * light
    colour[wainscot] = panel * light
    colour[frame] = np.array([0.12, 0.08, 0.05], np.float32) * light
    colour[seam] = panel * light * 0.7
    colour[strip] = np.array([1.2, 1.8, 2.4], np.float32)
    if window.any():
        outside = Environment(time=env.time if env.time != "day" else "day")._with_palette()
        colour[window] = outside.sky(np.abs(rays[window]) * np.array([1, 0.2, 1], np.float32) + [0, 0.15, 0],
                                     detail=False) * 1.2
    colour[ceiling] = ceiling_rgb * light * 0.8
    # a soft warm pool of light on the ceiling above the viewer (a lamp); never a white disc, which an
    # equirectangular image stretches into a white band along its whole top edge
    glow = np.exp(-(np.hypot(hit[:, 0], hit[:, 2]) / 1.2) ** 2)[ceiling]
    colour[ceiling] *= (1.0 + 0.8 * glow)[:, None]
    corner_dark = 1.0 - 0.25 * np.clip(np.maximum(np.abs(hit[:, 0]), np.abs(hit[:, 2])) / half, 0, 1) ** 4
    colour *= corner_dark[:, None]
    return colour, distance, floor
