"""BVH export of the built-in skeleton, and import of uploaded BVH files (parsed with bvhio).

Written files: centimetres, +Y up, the character facing +Z; the root has six channels
(``Xposition Yposition Zposition Zrotation Xrotation Yrotation``), every other joint three
(``Zrotation Xrotation Yrotation``); leaves end in an ``End Site``.

Import (:func:`read_bvh`) parses, maps and retargets an uploaded clip with
:mod:`tools.motion.retarget` (Mixamo, CMU, Unreal, Biovision, ``UpperArm_L``-style and Biped rigs,
any root/hips layout, rotated rest poses; root travel kept) and resamples it to the output fps.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tools.motion import quat
from tools.motion.skeleton import HEIGHT_M, JOINTS, PARENTS

CM = 100.0

def write_bvh(path: Path, rotations: np.ndarray, root: np.ndarray, fps: int) -> None:
    """Write local rotations ``[T, J, 4]`` and root positions ``[T, 3]`` (metres) as BVH."""
    children: dict[int, list[int]] = {i: [] for i in range(len(JOINTS))}
    for i, parent in enumerate(PARENTS):
        if parent >= 0:
            children[parent].append(i)
    lines = ["HIERARCHY"]

    def emit(i: int, depth: int) -> None:
        pad = "  " * depth
        joint = JOINTS[i]
        lines.append(f"{pad}{'ROOT' if joint.parent < 0 else 'JOINT'} {joint.name}")
        lines.append(pad + "{")
        ox, oy, oz = (0.0, 0.0, 0.0) if joint.parent < 0 else (c * CM for c in joint.offset)
        lines.append(f"{pad}  OFFSET {ox:.4f} {oy:.4f} {oz:.4f}")
        if joint.parent < 0:
            lines.append(f"{pad}  CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation")
        else:
            lines.append(f"{pad}  CHANNELS 3 Zrotation Xrotation Yrotation")
        for child in children[i]:
            emit(child, depth + 1)
        if not children[i]:
            ex, ey, ez = (c * CM for c in (joint.end_site or (0.0, 0.05, 0.0)))
            lines.extend([f"{pad}  End Site", pad + "  {", f"{pad}    OFFSET {ex:.4f} {ey:.4f} {ez:.4f}", pad + "  }"])
        lines.append(pad + "}")

    emit(0, 0)
    frames = len(rotations)
    lines += ["MOTION", f"Frames: {frames}", f"Frame Time: {1.0 / fps:.6f}"]
    euler = quat.to_bvh_euler(rotations)  # [T, J, 3] in (z, x, y)
    order = _dfs_order(children)
    data = np.concatenate([root * CM, euler[:, order].reshape(frames, -1)], axis=1)
    body = "\n".join(" ".join(f"{v:.4f}" for v in row) for row in data)
    path.write_text("\n".join(lines) + "\n" + body + "\n", encoding="ascii")


def _dfs_order(children: dict[int, list[int]]) -> list[int]:
    out: list[int] = []

    def visit(i: int) -> None:
        out.append(i)
        for child in children[i]:
            visit(child)
    visit(0)
    return out


# -- import ------------------------------------------------------------------------------------


@dataclass
class Uploaded:
    """An uploaded clip retargeted onto the built-in skeleton."""

    rotations: np.ndarray  # [T, J, 4]
    root: np.ndarray  # [T, 3] metres
    fps: int
    source_fps: float
    family: str
    mapped: dict[str, str]  # ours -> theirs
    source_joints: int
    source_frames: int


def read_bvh(path: Path, *, fps: int = 30) -> Uploaded:
    """Parse ``path`` and retarget it onto the built-in skeleton (:mod:`tools.motion.retarget`);
    ``ToolError`` names what is wrong."""
    from tools.motion.retarget import grounded, parse_bvh, retarget

    moved = retarget(parse_bvh(Path(path)))
    rotations, root = _resample(moved.rotations, moved.root, moved.source_fps, fps)
    return Uploaded(rotations=quat.normalize(rotations), root=grounded(rotations, root), fps=fps,
                    source_fps=moved.source_fps, family=moved.family, mapped=moved.mapped,
                    source_joints=moved.source_joints, source_frames=moved.source_frames)


def _resample(rotations: np.ndarray, root: np.ndarray, source_fps: float, fps: int) -> tuple[np.ndarray, np.ndarray]:
    if abs(source_fps - fps) < 1e-3:
        return rotations, root
    frames = len(rotations)
    duration = (frames - 1) / source_fps
    count = max(2, int(round(duration * fps)) + 1)
    src = np.linspace(0.0, frames - 1, count) if count > 1 else np.zeros(1)
    src = np.minimum(np.arange(count) * source_fps / fps, frames - 1)
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, frames - 1)
    t = src - lo
    rot = quat.slerp(rotations[lo], rotations[hi], t)
    pos = root[lo] + (root[hi] - root[lo]) * t[:, None]
    return rot, pos


__all__ = ["HEIGHT_M", "Uploaded", "read_bvh", "write_bvh"]
