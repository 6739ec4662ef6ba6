"""BVH export of the built-in skeleton, and import of uploaded BVH files (parsed with bvhio).

Written files: centimetres, +Y up, the character facing +Z; the root has six channels
(``Xposition Yposition Zposition Zrotation Xrotation Yrotation``), every other joint three
(``Zrotation Xrotation Yrotation``); leaves end in an ``End Site``.

Import maps an uploaded skeleton onto ours by joint names (ours/Mixamo/CMU, SMPL, and the
classic Biovision names; prefixes like ``mixamorig:`` are ignored) and retargets it: each
mapped joint gets the global rotation of its partner, corrected by the rest-pose difference of
the bone directions, so T-pose and A-pose rigs both land on our T-pose skeleton.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from agent.errors import ToolError
from tools.motion import quat
from tools.motion.skeleton import HEIGHT_M, INDEX, JOINTS, NAMES, PARENTS, SOLE_POINTS, forward_kinematics, offsets

CM = 100.0
REQUIRED = ("Hips", "Spine", "Head", "LeftArm", "LeftForeArm", "RightArm", "RightForeArm",
            "LeftUpLeg", "LeftLeg", "LeftFoot", "RightUpLeg", "RightLeg", "RightFoot")


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

_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    # our names = Mixamo = CMU mocap BVH (Hips, LeftUpLeg, LeftLeg, LeftFoot, LeftArm, ...)
    "mixamo": {name: (name,) for name in NAMES},
    "smpl": {joint.name: (joint.smpl, joint.smpl.replace("_", "")) for joint in JOINTS},
    "biovision": {
        "Hips": ("hips",), "Spine": ("chest", "spine"), "Spine2": ("chest2", "upperchest"), "Neck": ("neck",),
        "Head": ("head",), "LeftShoulder": ("leftcollar",), "LeftArm": ("leftshoulder", "leftuparm"),
        "LeftForeArm": ("leftelbow", "leftlowarm"), "LeftHand": ("leftwrist", "lefthand"),
        "RightShoulder": ("rightcollar",), "RightArm": ("rightshoulder", "rightuparm"),
        "RightForeArm": ("rightelbow", "rightlowarm"), "RightHand": ("rightwrist", "righthand"),
        "LeftUpLeg": ("lefthip", "leftupleg"), "LeftLeg": ("leftknee", "leftlowleg"),
        "LeftFoot": ("leftankle", "leftfoot"), "LeftToeBase": ("lefttoe",),
        "RightUpLeg": ("righthip", "rightupleg"), "RightLeg": ("rightknee", "rightlowleg"),
        "RightFoot": ("rightankle", "rightfoot"), "RightToeBase": ("righttoe",),
    },
}
_PREFIX = re.compile(r"^(mixamorig\d*[:_]|bip\d*[ _]|character\d*_|j_|def[-_])", re.IGNORECASE)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _PREFIX.sub("", name).lower())


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
    """Parse ``path`` with bvhio and retarget it; ``ToolError`` names what is wrong."""
    import bvhio

    try:
        container = bvhio.readAsBvh(str(path))
    except (SyntaxError, ValueError, IndexError, TypeError, UnicodeDecodeError, AttributeError) as exc:
        detail = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)
        raise ToolError(f"the uploaded file {Path(path).name!r} is not a valid BVH ({detail}); upload a BVH "
                        "with a HIERARCHY section (ROOT, JOINT, OFFSET, CHANNELS) and a MOTION section") from None
    layout = [entry[0] for entry in container.Root.layout()]
    frames = int(container.FrameCount or 0)
    if frames < 2 or any(len(joint.Keyframes) != frames for joint in layout):
        raise ToolError(f"the uploaded BVH {Path(path).name!r} has {frames} frame(s) of motion (or rows of the wrong "
                        "length); a clip needs at least 2 complete frames")
    frame_time = float(container.FrameTime or 0.0)
    if not (0.001 <= frame_time <= 1.0):
        raise ToolError(f"the uploaded BVH has a Frame Time of {frame_time}; expected seconds per frame, "
                        "e.g. 0.033333 for 30 fps")
    family, mapped = _map_names([joint.Name for joint in layout])
    index_of = {joint.Name: k for k, joint in enumerate(layout)}
    parent_of = {}
    for joint in layout:
        for child in joint.Children:
            parent_of[child.Name] = joint.Name
    # their local rotations and rest offsets
    local = np.array([[[k.Rotation.x, k.Rotation.y, k.Rotation.z, k.Rotation.w] for k in joint.Keyframes]
                      for joint in layout]).transpose(1, 0, 2)  # [T, Jt, 4]
    local = quat.normalize(local)
    rest_offset = np.array([[joint.Offset.x, joint.Offset.y, joint.Offset.z] for joint in layout])
    root_pos = np.array([[k.Position.x, k.Position.y, k.Position.z] for k in layout[0].Keyframes])
    global_rot = np.zeros_like(local)
    rest_world = np.zeros((len(layout), 3))
    for k, joint in enumerate(layout):
        parent = parent_of.get(joint.Name)
        if parent is None:
            global_rot[:, k] = local[:, k]
        else:
            p = index_of[parent]
            global_rot[:, k] = quat.multiply(global_rot[:, p], local[:, k])
            rest_world[k] = rest_world[p] + rest_offset[k]
    # units: compare the hip-to-head rest distance with ours
    theirs_height = np.linalg.norm(rest_world[index_of[mapped["Head"]]] - rest_world[index_of[mapped["Hips"]]])
    ours_rest = _our_rest_world()
    ours_height = np.linalg.norm(ours_rest[INDEX["Head"]] - ours_rest[INDEX["Hips"]])
    if theirs_height < 1e-6:
        raise ToolError("the uploaded BVH skeleton has its head at its hips in the rest pose; it cannot be retargeted")
    scale = ours_height / theirs_height
    # retarget: global rotation of the partner, corrected by the rest bone directions
    ours_global = np.zeros((frames, len(NAMES), 4))
    ours_global[:] = quat.IDENTITY
    for j, name in enumerate(NAMES):
        parent = PARENTS[j]
        if name in mapped:
            k = index_of[mapped[name]]
            align = _rest_alignment(name, mapped, index_of, rest_world, ours_rest)
            ours_global[:, j] = quat.multiply(global_rot[:, k], align)
        else:
            ours_global[:, j] = ours_global[:, parent] if parent >= 0 else quat.IDENTITY
    rotations = np.zeros_like(ours_global)
    for j, parent in enumerate(PARENTS):
        rotations[:, j] = ours_global[:, j] if parent < 0 else quat.multiply(quat.conjugate(ours_global[:, parent]),
                                                                             ours_global[:, j])
    root = root_pos * scale
    rotations, root = _resample(rotations, root, 1.0 / frame_time, fps)
    # stand it on the ground: the median of the per-frame lowest points goes to y = 0
    joints, _, soles = forward_kinematics(rotations, root, SOLE_POINTS)
    lowest = np.concatenate([soles, joints], axis=1)[:, :, 1].min(axis=1)
    root[:, 1] -= float(np.median(lowest))
    return Uploaded(rotations=quat.normalize(rotations), root=root, fps=fps, source_fps=round(1.0 / frame_time, 3),
                    family=family, mapped=mapped, source_joints=len(layout), source_frames=frames)


def _our_rest_world() -> np.ndarray:
    local = offsets()
    out = np.zeros_like(local)
    for i, parent in enumerate(PARENTS):
        out[i] = local[i] + (out[parent] if parent >= 0 else 0.0)
    return out


_BONE_CHILD = {"Hips": "Spine", "Spine": "Spine1", "Spine1": "Spine2", "Spine2": "Neck", "Neck": "Head",
               "LeftShoulder": "LeftArm", "LeftArm": "LeftForeArm", "LeftForeArm": "LeftHand",
               "RightShoulder": "RightArm", "RightArm": "RightForeArm", "RightForeArm": "RightHand",
               "LeftUpLeg": "LeftLeg", "LeftLeg": "LeftFoot", "LeftFoot": "LeftToeBase",
               "RightUpLeg": "RightLeg", "RightLeg": "RightFoot", "RightFoot": "RightToeBase"}


def _rest_alignment(name: str, mapped: dict[str, str], index_of: dict[str, int], theirs: np.ndarray,
                    ours: np.ndarray) -> np.ndarray:
    """Rotation taking our rest bone direction onto theirs (identity when a bone has no child)."""
    child = _BONE_CHILD.get(name)
    while child is not None and child not in mapped:
        child = _BONE_CHILD.get(child)
    if child is None or name == "Hips":
        return quat.IDENTITY
    d_ours = ours[INDEX[child]] - ours[INDEX[name]]
    d_theirs = theirs[index_of[mapped[child]]] - theirs[index_of[mapped[name]]]
    if np.linalg.norm(d_theirs) < 1e-9:
        return quat.IDENTITY
    return quat.between(d_ours, d_theirs)


def _map_names(names: list[str]) -> tuple[str, dict[str, str]]:
    normalised = {_norm(name): name for name in names}
    best_family, best = "", {}
    for family, aliases in _ALIASES.items():
        found: dict[str, str] = {}
        for ours, options in aliases.items():
            for option in options:
                key = _norm(option)
                if key in normalised:
                    found[ours] = normalised[key]
                    break
        if len(found) > len(best):
            best_family, best = family, found
    missing = [name for name in REQUIRED if name not in best]
    if missing:
        sample = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
        raise ToolError(
            f"the uploaded BVH uses a skeleton I cannot map (joints: {sample}); it lacks partners for "
            f"{', '.join(missing)}. Supported naming: Mixamo/CMU (Hips, Spine, LeftUpLeg, LeftArm, ...), "
            "SMPL (pelvis, left_hip, ...) or Biovision (Hips, Chest, LeftHip, LeftShoulder, ...)")
    return best_family, best


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
