"""Cameras: perspective and orthographic view-projection matrices (OpenGL conventions, +Y up)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


def look_at(eye: np.ndarray, target: np.ndarray, up: np.ndarray = np.array([0.0, 1.0, 0.0])) -> np.ndarray:
    """World-to-camera matrix; the camera looks down its -Z axis."""
    eye, target = np.asarray(eye, float), np.asarray(target, float)
    forward = target - eye
    forward /= np.linalg.norm(forward)
    side = np.cross(forward, up)
    if np.linalg.norm(side) < 1e-8:  # looking straight up or down
        side = np.cross(forward, np.array([0.0, 0.0, 1.0]))
    side /= np.linalg.norm(side)
    true_up = np.cross(side, forward)
    view = np.eye(4)
    view[0, :3], view[1, :3], view[2, :3] = side, true_up, -forward
    view[:3, 3] = -view[:3, :3] @ eye
    return view


@dataclass(frozen=True)
class Camera:
    """A pinhole (``fov_y_deg``) or orthographic (``ortho_half_height``) camera."""

    eye: tuple[float, float, float]
    target: tuple[float, float, float]
    width: int
    height: int
    fov_y_deg: float = 40.0
    near: float = 0.05
    far: float = 500.0
    ortho_half_height: float | None = None

    @property
    def aspect(self) -> float:
        return self.width / self.height

    def view(self) -> np.ndarray:
        return look_at(np.array(self.eye), np.array(self.target))

    def projection(self) -> np.ndarray:
        n, f = self.near, self.far
        proj = np.zeros((4, 4))
        if self.ortho_half_height is not None:
            top = self.ortho_half_height
            right = top * self.aspect
            proj[0, 0], proj[1, 1] = 1 / right, 1 / top
            proj[2, 2], proj[2, 3], proj[3, 3] = -2 / (f - n), -(f + n) / (f - n), 1.0
        else:
            t = 1 / math.tan(math.radians(self.fov_y_deg) / 2)
            proj[0, 0], proj[1, 1] = t / self.aspect, t
            proj[2, 2], proj[2, 3], proj[3, 2] = (f + n) / (n - f), 2 * f * n / (n - f), -1.0
        return proj

    def matrix(self) -> np.ndarray:
        """World to clip space."""
        return self.projection() @ self.view()

    def pixel_rays(self) -> np.ndarray:
        """Unit world-space direction through each pixel centre, shape (H, W, 3)."""
        view = self.view()
        t = math.tan(math.radians(self.fov_y_deg) / 2)
        xs = ((np.arange(self.width) + 0.5) / self.width * 2 - 1) * t * self.aspect
        ys = (1 - (np.arange(self.height) + 0.5) / self.height * 2) * t
        gx, gy = np.meshgrid(xs.astype(np.float32), ys.astype(np.float32))
        local = np.stack([gx, gy, -np.ones_like(gx)], axis=-1)
        rot = view[:3, :3].T.astype(np.float32)  # camera to world
        dirs = local @ rot.T
        return dirs / np.linalg.norm(dirs, axis=-1, keepdims=True)
