"""An MP4 preview of a motion: a shaded stick figure on a ground grid, drawn with Pillow and
encoded to H.264 (yuv420p, even size) by the ffmpeg that ships with ``imageio-ffmpeg``.

The camera looks from the front-right and slightly above, and follows the character smoothly
so that walks and runs stay in frame while the world-fixed grid shows the travel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from tools.motion.skeleton import INDEX, NAMES, PARENTS

WIDTH, HEIGHT = 480, 480
BACKGROUND = (236, 239, 243)
LEFT, RIGHT, CENTRE = (52, 101, 164), (204, 82, 62), (70, 70, 78)


def _camera(positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-frame camera target (smoothed root) and a fixed view rotation."""
    target = positions[:, INDEX["Hips"]].copy()
    target[:, 1] = 0.9
    # exponential smoothing forward, then backward: no lag, no jitter
    alpha = 0.15
    for t in range(1, len(target)):
        target[t] = alpha * target[t] + (1 - alpha) * target[t - 1]
    for t in range(len(target) - 2, -1, -1):
        target[t] = alpha * target[t] + (1 - alpha) * target[t + 1]
    azimuth, elevation = np.radians(-30.0), np.radians(14.0)  # front-right of the character, a bit above
    direction = np.array([np.sin(azimuth) * np.cos(elevation), np.sin(elevation), np.cos(azimuth) * np.cos(elevation)])
    return target, direction


def _project(points: np.ndarray, target: np.ndarray, direction: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Screen xy and depth of world points seen from 4.2 m away along ``direction``, looking at ``target``."""
    eye = target + 4.2 * direction
    forward = -direction
    right = np.cross(forward, np.array([0.0, 1.0, 0.0]))
    right /= np.linalg.norm(right)
    up = np.cross(right, forward)
    rel = points - eye
    depth = rel @ forward
    focal = 560.0
    safe = np.maximum(depth, 1e-3)
    x = WIDTH / 2 + focal * (rel @ right) / safe
    y = HEIGHT * 0.5 - focal * (rel @ up) / safe
    return np.stack([x, y], axis=-1), depth


def render_frames(positions: np.ndarray, *, caption: Callable[[int], str] | None = None,
                  progress: Callable[[float], None] | None = None):
    """Yield RGB frames (``HEIGHT x WIDTH x 3`` uint8) for joint positions ``[T, J, 3]``."""
    from PIL import Image, ImageDraw

    targets, view = _camera(positions)  # view: the camera direction
    grid = np.arange(-20, 21, 1.0)
    side = [LEFT if n.startswith("Left") else RIGHT if n.startswith("Right") else CENTRE for n in NAMES]
    bones = [(j, p) for j, p in enumerate(PARENTS) if p >= 0]
    frames = len(positions)
    for t in range(frames):
        image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
        draw = ImageDraw.Draw(image)
        target = targets[t]
        # ground grid around the camera target
        cx, cz = np.round(target[0]), np.round(target[2])
        for g in grid[np.abs(grid) <= 3]:
            for a, b in (((cx + g, 0, cz - 3), (cx + g, 0, cz + 3)), ((cx - 3, 0, cz + g), (cx + 3, 0, cz + g))):
                ends, depth = _project(np.array([a, b], dtype=float), target, view)
                if (depth > 0.3).all():
                    draw.line([tuple(ends[0]), tuple(ends[1])], fill=(210, 214, 220), width=1)
        joints = positions[t]
        # shadow
        shadow, _ = _project(np.c_[joints[:, 0], np.zeros(len(joints)), joints[:, 2]], target, view)
        sx, sy = shadow[:, 0], shadow[:, 1]
        draw.ellipse([sx.min() - 8, sy.mean() - 7, sx.max() + 8, sy.mean() + 7], fill=(205, 208, 214))
        screen, depth = _project(joints, target, view)
        order = sorted(bones, key=lambda bone: -(depth[bone[0]] + depth[bone[1]]))
        for j, p in order:
            shade = float(np.clip(1.25 - 0.12 * (depth[j] + depth[p]) / 2.0 + 0.35, 0.6, 1.15))
            colour = tuple(int(min(255, c * shade)) for c in side[j])
            width = 9 if NAMES[j].startswith(("Spine", "Neck")) else 7
            draw.line([tuple(screen[p]), tuple(screen[j])], fill=colour, width=width, joint="curve")
            r = width / 2
            draw.ellipse([screen[j][0] - r, screen[j][1] - r, screen[j][0] + r, screen[j][1] + r], fill=colour)
        head = joints[INDEX["Head"]] + (joints[INDEX["Head"]] - joints[INDEX["Neck"]]) * 0.9
        head_screen, head_depth = _project(head[None], target, view)
        hx, hy = head_screen[0]
        radius = 560.0 * 0.11 / head_depth[0]
        draw.ellipse([hx - radius, hy - radius, hx + radius, hy + radius], fill=(224, 172, 138), outline=CENTRE,
                     width=2)
        if caption is not None:
            draw.text((12, 10), caption(t), fill=(40, 40, 48))
        if progress is not None and t % 15 == 0:
            progress(t / frames)
        yield np.asarray(image)


def write_mp4(path: Path, positions: np.ndarray, fps: int, *, caption: Callable[[int], str] | None = None,
              progress: Callable[[float], None] | None = None) -> dict:
    """Encode the preview; returns ``{"width", "height", "fps", "frames", "codec"}``."""
    import imageio_ffmpeg

    writer = imageio_ffmpeg.write_frames(
        str(path), (WIDTH, HEIGHT), fps=fps, codec="libx264", pix_fmt_in="rgb24", pix_fmt_out="yuv420p",
        macro_block_size=16, ffmpeg_log_level="error", quality=None,
        output_params=["-preset", "veryfast", "-crf", "23", "-movflags", "+faststart"])
    writer.send(None)
    count = 0
    try:
        for frame in render_frames(positions, caption=caption, progress=progress):
            writer.send(np.ascontiguousarray(frame))
            count += 1
    finally:
        writer.close()
    return {"width": WIDTH, "height": HEIGHT, "fps": fps, "frames": count, "codec": "h264", "pix_fmt": "yuv420p"}
