"""Vectorised unit-quaternion helpers (``[..., 4]`` arrays in ``x, y, z, w`` order, as glTF and
scipy store them).

Euler conversions go through :class:`scipy.spatial.transform.Rotation`; products, slerp and
rotation of vectors are a few lines of numpy so that whole clips (frames x joints) are handled
in one call.
"""

from __future__ import annotations

import numpy as np

IDENTITY = np.array([0.0, 0.0, 0.0, 1.0])

# The keyframe convention of the primitive library: angles (x, y, z) in degrees, applied as
# R = Rx(x) . Ry(y) . Rz(z): raise about Z first, then swing about the vertical, then pitch
# about X. For an arm along +X that reads "z = elevation, y = azimuth, x = swing forward/back
# of a hanging arm"; for a leg along -Y, x is hip flexion.
POSE_ORDER = "XYZ"


def from_pose_euler(xyz_degrees: np.ndarray) -> np.ndarray:
    """Quaternions from ``[..., 3]`` (x, y, z) degrees in the library's convention."""
    from scipy.spatial.transform import Rotation

    angles = np.asarray(xyz_degrees, dtype=float)
    shape = angles.shape[:-1]
    flat = angles.reshape(-1, 3)
    return Rotation.from_euler(POSE_ORDER, flat, degrees=True).as_quat().reshape(*shape, 4)


def to_bvh_euler(quats: np.ndarray) -> np.ndarray:
    """``[..., 4]`` quaternions to BVH ``Zrotation Xrotation Yrotation`` angles in degrees
    (intrinsic ZXY: R = Rz . Rx . Ry), returned as ``[..., 3]`` in (z, x, y) channel order."""
    from scipy.spatial.transform import Rotation

    q = np.asarray(quats, dtype=float)
    shape = q.shape[:-1]
    return Rotation.from_quat(q.reshape(-1, 4)).as_euler("ZXY", degrees=True).reshape(*shape, 3)


def normalize(q: np.ndarray) -> np.ndarray:
    return q / np.linalg.norm(q, axis=-1, keepdims=True)


def multiply(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Hamilton product ``a * b`` (apply ``b`` first, then ``a``), broadcasting."""
    ax, ay, az, aw = np.moveaxis(np.asarray(a, dtype=float), -1, 0)
    bx, by, bz, bw = np.moveaxis(np.asarray(b, dtype=float), -1, 0)
    return np.stack([
        aw * bx + ax * bw + ay * bz - az * by,
        aw * by - ax * bz + ay * bw + az * bx,
        aw * bz + ax * by - ay * bx + az * bw,
        aw * bw - ax * bx - ay * by - az * bz,
    ], axis=-1)


def conjugate(q: np.ndarray) -> np.ndarray:
    out = np.array(q, dtype=float, copy=True)
    out[..., :3] *= -1.0
    return out


def rotate(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Rotate vectors ``v`` ``[..., 3]`` by unit quaternions ``q`` ``[..., 4]``."""
    q = np.asarray(q, dtype=float)
    v = np.asarray(v, dtype=float)
    u, w = q[..., :3], q[..., 3:4]
    t = 2.0 * np.cross(u, v)
    return v + w * t + np.cross(u, t)


def slerp(a: np.ndarray, b: np.ndarray, t: np.ndarray | float) -> np.ndarray:
    """Spherical interpolation from ``a`` to ``b`` by ``t`` (broadcast over leading axes)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    t = np.asarray(t, dtype=float)
    if t.ndim:
        t = t.reshape(t.shape + (1,) * (a.ndim - t.ndim))
    dot = np.sum(a * b, axis=-1, keepdims=True)
    b = np.where(dot < 0.0, -b, b)  # take the short way round
    dot = np.abs(dot)
    close = dot > 0.9995
    theta = np.arccos(np.clip(dot, -1.0, 1.0))
    sin_theta = np.where(close, 1.0, np.sin(theta))
    wa = np.where(close, 1.0 - t, np.sin((1.0 - t) * theta) / sin_theta)
    wb = np.where(close, t, np.sin(t * theta) / sin_theta)
    return normalize(wa * a + wb * b)


def about_y(degrees: np.ndarray | float) -> np.ndarray:
    """Rotation(s) about +Y (the vertical): heading changes."""
    half = np.radians(np.asarray(degrees, dtype=float)) / 2.0
    zeros = np.zeros_like(half)
    return np.stack([zeros, np.sin(half), zeros, np.cos(half)], axis=-1)


def yaw_of(q: np.ndarray) -> np.ndarray:
    """Heading in degrees: the angle about +Y of the rotated +Z axis."""
    forward = rotate(q, np.array([0.0, 0.0, 1.0]))
    return np.degrees(np.arctan2(forward[..., 0], forward[..., 2]))


def between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The shortest-arc rotation turning direction ``a`` onto direction ``b`` (``[..., 3]``)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    a = a / np.linalg.norm(a, axis=-1, keepdims=True)
    b = b / np.linalg.norm(b, axis=-1, keepdims=True)
    cross = np.cross(a, b)
    dot = np.sum(a * b, axis=-1, keepdims=True)
    q = np.concatenate([cross, 1.0 + dot], axis=-1)
    opposite = (1.0 + dot[..., 0]) < 1e-8
    if np.any(opposite):  # 180 degrees: any axis perpendicular to a
        helper = np.where(np.abs(a[..., :1]) < 0.9, np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
        axis = np.cross(a, helper)
        axis = axis / np.linalg.norm(axis, axis=-1, keepdims=True)
        q = np.where(opposite[..., None], np.concatenate([axis, np.zeros_like(dot)], axis=-1), q)
    return normalize(q)


def mirror_x(q: np.ndarray) -> np.ndarray:
    """Reflect rotations through the character's mid-sagittal plane (x -> -x)."""
    out = np.array(q, dtype=float, copy=True)
    out[..., 1] *= -1.0
    out[..., 2] *= -1.0
    return out
