"""Write a clip of the built-in humanoid as BVH for another rig convention.

Each :data:`RIGS` entry is a common humanoid layout: its bone names (Mixamo ``mixamorig:``,
CMU, Unreal mannequin ``pelvis``/``thigh_l``, ``UpperArm_L``-style, Biovision, 3ds Max Biped),
extra bones the built-in skeleton lacks (CMU ``LHipJoint``, Unreal twist bones), where the
translation lives (on the root, or on the hips under a static root), its units, its rest pose
(T or A, facing +Z or turned, Y-up or Z-up) and its rotation channel order. :func:`write_rig_bvh`
bends that rig so every mapped bone points where the clip's bone points, so the file plays the
same motion in a tool that uses that rig. The import side (:mod:`tools.motion.retarget`) reads
all of them back; the tests round-trip every family.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tools.motion import quat
from tools.motion.skeleton import INDEX, NAMES, PARENTS, forward_kinematics, rest_positions


@dataclass(frozen=True)
class RigBone:
    name: str
    parent: str | None
    ours: str | None  # the built-in joint it stands for, or None for an extra bone
    place: tuple = ()  # for an extra bone: ("between", a, b, t) of two built-in joints, or ("offset", (x, y, z))


@dataclass(frozen=True)
class Rig:
    name: str
    bones: tuple[RigBone, ...]
    scale: float = 100.0  # file units per metre
    up: str = "y"  # "y" or "z"
    turn_deg: float = 0.0  # the rest pose faces +Z turned this much about the up axis
    a_pose_deg: float = 0.0  # arms lowered this much from the T-pose
    channel_order: str = "ZXY"
    static_root: bool = False  # a root bone without motion, the translation on the hips below it


def _mirror(bones: list[tuple], *pairs: tuple[str, str]) -> list[tuple]:
    """``bones`` plus the right-side twin of each left-side bone (names changed by ``pairs``)."""

    def swap(text: str | None) -> str | None:
        if text is None:
            return None
        for left, right in pairs:
            text = text.replace(left, right)
        return text

    out = []
    for bone in bones:
        out.append(bone)
        name, parent, ours = bone[:3]
        if any(left in name for left, _ in pairs):
            out.append((swap(name), swap(parent), ours.replace("Left", "Right") if ours else None,
                        *([_mirror_place(bone[3])] if len(bone) > 3 else [])))
    return out


def _mirror_place(place: tuple) -> tuple:
    if place and place[0] == "between":
        return ("between", *(p.replace("Left", "Right") for p in place[1:3]), place[3])
    if place and place[0] == "offset":
        x, y, z = place[1]
        return ("offset", (-x, y, z))
    return place


def _rig(name: str, bones: list[tuple], **options) -> Rig:
    return Rig(name, tuple(RigBone(*bone) for bone in bones), **options)


_OURS = [(n, NAMES[PARENTS[i]] if PARENTS[i] >= 0 else None, n) for i, n in enumerate(NAMES)]

RIGS: dict[str, Rig] = {
    "mixamo": _rig("mixamo", [(f"mixamorig:{n}", f"mixamorig:{p}" if p else None, o) for n, p, o in _OURS]),
    "cmu": _rig("cmu", _mirror([
        ("Hips", None, "Hips"), ("LHipJoint", "Hips", None, ("between", "Hips", "LeftUpLeg", 0.6)),
        ("LeftUpLeg", "LHipJoint", "LeftUpLeg"), ("LeftLeg", "LeftUpLeg", "LeftLeg"),
        ("LeftFoot", "LeftLeg", "LeftFoot"), ("LeftToeBase", "LeftFoot", "LeftToeBase"),
        ("LowerBack", "Hips", None, ("between", "Hips", "Spine", 0.5)), ("Spine", "LowerBack", "Spine"),
        ("Spine1", "Spine", "Spine2"), ("Neck", "Spine1", "Neck"),
        ("Neck1", "Neck", None, ("between", "Neck", "Head", 0.5)), ("Head", "Neck1", "Head"),
        ("LeftShoulder", "Spine1", "LeftShoulder"), ("LeftArm", "LeftShoulder", "LeftArm"),
        ("LeftForeArm", "LeftArm", "LeftForeArm"), ("LeftHand", "LeftForeArm", "LeftHand"),
        ("LeftFingerBase", "LeftHand", "LeftHandIndex1"), ("LThumb", "LeftHand", None, ("offset", (0.02, 0.0, 0.04))),
    ], ("Left", "Right"), ("LHip", "RHip"), ("LThumb", "RThumb")), scale=1 / 0.056444, channel_order="ZYX"),
    "unreal": _rig("unreal", _mirror([
        ("root", None, None, ("offset", (0.0, 0.0, 0.0))), ("pelvis", "root", "Hips"),
        ("spine_01", "pelvis", "Spine"), ("spine_02", "spine_01", "Spine1"), ("spine_03", "spine_02", "Spine2"),
        ("neck_01", "spine_03", "Neck"), ("head", "neck_01", "Head"),
        ("clavicle_l", "spine_03", "LeftShoulder"), ("upperarm_l", "clavicle_l", "LeftArm"),
        ("upperarm_twist_01_l", "upperarm_l", None, ("between", "LeftArm", "LeftForeArm", 0.5)),
        ("lowerarm_l", "upperarm_l", "LeftForeArm"), ("hand_l", "lowerarm_l", "LeftHand"),
        ("index_01_l", "hand_l", "LeftHandIndex1"), ("thigh_l", "pelvis", "LeftUpLeg"),
        ("thigh_twist_01_l", "thigh_l", None, ("between", "LeftUpLeg", "LeftLeg", 0.5)),
        ("calf_l", "thigh_l", "LeftLeg"), ("foot_l", "calf_l", "LeftFoot"), ("ball_l", "foot_l", "LeftToeBase"),
    ], ("_l", "_r")), up="z", turn_deg=90.0, static_root=True, channel_order="XYZ"),
    "upperarm_l": _rig("upperarm_l", _mirror([
        ("Root", None, None, ("offset", (0.0, 0.0, 0.0))), ("Hips", "Root", "Hips"), ("Spine", "Hips", "Spine"),
        ("Chest", "Spine", "Spine1"), ("UpperChest", "Chest", "Spine2"), ("Neck", "UpperChest", "Neck"),
        ("Head", "Neck", "Head"), ("Shoulder_L", "UpperChest", "LeftShoulder"), ("UpperArm_L", "Shoulder_L", "LeftArm"),
        ("LowerArm_L", "UpperArm_L", "LeftForeArm"), ("Hand_L", "LowerArm_L", "LeftHand"),
        ("UpperLeg_L", "Hips", "LeftUpLeg"), ("LowerLeg_L", "UpperLeg_L", "LeftLeg"), ("Foot_L", "LowerLeg_L", "LeftFoot"),
        ("Toes_L", "Foot_L", "LeftToeBase"),
    ], ("_L", "_R")), turn_deg=-90.0, a_pose_deg=40.0, static_root=True),
    "biovision": _rig("biovision", _mirror([
        ("Hips", None, "Hips"), ("Chest", "Hips", "Spine"), ("Chest2", "Chest", "Spine2"), ("Neck", "Chest2", "Neck"),
        ("Head", "Neck", "Head"), ("LeftCollar", "Chest2", "LeftShoulder"), ("LeftShoulder", "LeftCollar", "LeftArm"),
        ("LeftElbow", "LeftShoulder", "LeftForeArm"), ("LeftWrist", "LeftElbow", "LeftHand"),
        ("LeftHip", "Hips", "LeftUpLeg"), ("LeftKnee", "LeftHip", "LeftLeg"), ("LeftAnkle", "LeftKnee", "LeftFoot"),
        ("LeftToe", "LeftAnkle", "LeftToeBase"),
    ], ("Left", "Right")), scale=100 / 2.54, a_pose_deg=15.0, channel_order="XYZ"),
    "biped": _rig("biped", _mirror([
        ("Bip01", None, None, ("offset", (0.0, 0.0, 0.0))), ("Bip01 Pelvis", "Bip01", "Hips"),
        ("Bip01 Spine", "Bip01 Pelvis", "Spine"), ("Bip01 Spine1", "Bip01 Spine", "Spine2"),
        ("Bip01 Neck", "Bip01 Spine1", "Neck"), ("Bip01 Head", "Bip01 Neck", "Head"),
        ("Bip01 L Clavicle", "Bip01 Neck", "LeftShoulder"), ("Bip01 L UpperArm", "Bip01 L Clavicle", "LeftArm"),
        ("Bip01 L Forearm", "Bip01 L UpperArm", "LeftForeArm"), ("Bip01 L Hand", "Bip01 L Forearm", "LeftHand"),
        ("Bip01 L Thigh", "Bip01 Pelvis", "LeftUpLeg"), ("Bip01 L Calf", "Bip01 L Thigh", "LeftLeg"),
        ("Bip01 L Foot", "Bip01 L Calf", "LeftFoot"), ("Bip01 L Toe0", "Bip01 L Foot", "LeftToeBase"),
    ], (" L ", " R ")), up="z", static_root=True, channel_order="YXZ"),
}


def _world_frame(rig: Rig) -> np.ndarray:
    """The rotation from the built-in world (Y up, facing +Z) to the rig's world."""
    turn = quat.about_y(rig.turn_deg)
    if rig.up == "z":  # +Y up becomes +Z up (a quarter turn about +X)
        return quat.multiply(np.array([np.sin(np.pi / 4), 0.0, 0.0, np.cos(np.pi / 4)]), turn)
    return turn


def rest_pose(rig: Rig) -> dict[str, np.ndarray]:
    """World rest positions (file units) of every bone of ``rig``."""
    ours = rest_positions()
    positions: dict[str, np.ndarray] = {}
    for bone in rig.bones:
        if bone.ours is not None:
            positions[bone.name] = ours[INDEX[bone.ours]].copy()
        elif bone.place and bone.place[0] == "between":
            _, a, b, t = bone.place
            positions[bone.name] = ours[INDEX[a]] * (1 - t) + ours[INDEX[b]] * t
        else:
            parent = positions.get(bone.parent) if bone.parent else None
            base = parent if parent is not None else np.zeros(3)
            positions[bone.name] = base + np.asarray(bone.place[1] if bone.place else (0.0, 0.0, 0.0))
    if rig.a_pose_deg:
        for side, sign in (("Left", 1.0), ("Right", -1.0)):
            pivot = ours[INDEX[f"{side}Arm"]]
            down = quat.multiply(np.array([0.0, 0.0, 0.0, 1.0]),
                                 _axis_angle((0.0, 0.0, 1.0), -sign * np.radians(rig.a_pose_deg)))
            for bone in rig.bones:
                joint = bone.ours or (bone.place[1] if bone.place and bone.place[0] == "between" else "")
                if joint and joint.startswith(side) and any(part in joint for part in ("Arm", "Hand")) \
                        and joint != f"{side}Arm":
                    positions[bone.name] = pivot + quat.rotate(down, positions[bone.name] - pivot)
    frame = _world_frame(rig)
    return {name: quat.rotate(frame, p) * rig.scale for name, p in positions.items()}


def _axis_angle(axis: tuple[float, float, float], angle: float) -> np.ndarray:
    a = np.asarray(axis, float) / np.linalg.norm(axis)
    return np.array([*(a * np.sin(angle / 2)), np.cos(angle / 2)])


_CHILD = {"Hips": None, "Spine": "Spine1", "Spine1": "Spine2", "Spine2": "Neck", "Neck": "Head",
          "LeftShoulder": "LeftArm", "LeftArm": "LeftForeArm", "LeftForeArm": "LeftHand", "LeftHand": "LeftHandIndex1",
          "RightShoulder": "RightArm", "RightArm": "RightForeArm", "RightForeArm": "RightHand",
          "RightHand": "RightHandIndex1", "LeftUpLeg": "LeftLeg", "LeftLeg": "LeftFoot", "LeftFoot": "LeftToeBase",
          "RightUpLeg": "RightLeg", "RightLeg": "RightFoot", "RightFoot": "RightToeBase"}


def write_rig_bvh(path: Path, rig: Rig, rotations: np.ndarray, root: np.ndarray, fps: float, *,
                  noise_deg: float = 0.0, seed: int = 0) -> None:
    """Write a built-in clip (local ``rotations`` [T, 24, 4], ``root`` [T, 3] metres) as ``rig``'s BVH."""
    from scipy.spatial.transform import Rotation

    rest = rest_pose(rig)
    frame = _world_frame(rig)
    unframe = quat.conjugate(frame)
    _, ours_global, _ = forward_kinematics(rotations, root)
    ours_rest = rest_positions()
    by_ours = {bone.ours: bone.name for bone in rig.bones if bone.ours}
    frames = len(rotations)
    world: dict[str, np.ndarray] = {}
    for bone in rig.bones:
        if bone.ours is None:
            world[bone.name] = world[bone.parent] if bone.parent else np.tile(quat.IDENTITY, (frames, 1))
            continue
        q = quat.multiply(frame, quat.multiply(ours_global[:, INDEX[bone.ours]], unframe))
        child = _CHILD.get(bone.ours)
        while child is not None and child not in by_ours:
            child = _CHILD.get(child)
        if child is not None:
            d_rig = rest[by_ours[child]] - rest[bone.name]
            d_ours = quat.rotate(frame, ours_rest[INDEX[child]] - ours_rest[INDEX[bone.ours]])
            q = quat.multiply(q, quat.between(d_rig, d_ours))
        world[bone.name] = q
    rng = np.random.default_rng(seed)
    columns = []
    lines = ["HIERARCHY"]
    children: dict[str | None, list[RigBone]] = {}
    for bone in rig.bones:
        children.setdefault(bone.parent, []).append(bone)
    order = rig.channel_order
    rot_channels = " ".join(f"{axis}rotation" for axis in order)
    hips_name = by_ours["Hips"]

    def emit(bone: RigBone, depth: int) -> None:
        pad = "  " * depth
        lines.append(f"{pad}{'ROOT' if bone.parent is None else 'JOINT'} {bone.name}")
        lines.append(pad + "{")
        offset = rest[bone.name] - (rest[bone.parent] if bone.parent else 0.0)
        lines.append(f"{pad}  OFFSET {offset[0]:.5f} {offset[1]:.5f} {offset[2]:.5f}")
        moving = bone.parent is None if not rig.static_root else bone.name == hips_name
        if bone.parent is None and rig.static_root:
            lines.append(f"{pad}  CHANNELS 3 {rot_channels}")
        elif moving:
            lines.append(f"{pad}  CHANNELS 6 Xposition Yposition Zposition {rot_channels}")
        else:
            lines.append(f"{pad}  CHANNELS 3 {rot_channels}")
        parent_world = world[bone.parent] if bone.parent else np.tile(quat.IDENTITY, (frames, 1))
        local = quat.multiply(quat.conjugate(parent_world), world[bone.name])
        with warnings.catch_warnings():  # a gimbal-locked frame still converts exactly
            warnings.simplefilter("ignore", UserWarning)
            angles = Rotation.from_quat(local).as_euler(order.upper(), degrees=True)
        if noise_deg:
            angles = angles + rng.normal(0.0, noise_deg, angles.shape)
        if moving:
            position = quat.rotate(frame, root) * rig.scale
            if bone.parent is not None:  # under a static root at the origin: the hips' local position
                position = position - rest[bone.parent]
            columns.append(position)
        columns.append(angles)
        for child in children.get(bone.name, []):
            emit(child, depth + 1)
        if not children.get(bone.name):
            lines.extend([f"{pad}  End Site", pad + "  {", f"{pad}    OFFSET 0 {rig.scale * 0.05:.4f} 0", pad + "  }"])
        lines.append(pad + "}")

    emit(children[None][0], 0)
    data = np.concatenate(columns, axis=1)
    lines += ["MOTION", f"Frames: {frames}", f"Frame Time: {1.0 / fps:.6f}"]
    body = "\n".join(" ".join(f"{v:.5f}" for v in row) for row in data)
    Path(path).write_text("\n".join(lines) + "\n" + body + "\n", encoding="ascii")


def resampled(rotations: np.ndarray, root: np.ndarray, fps: float, new_fps: float) -> tuple[np.ndarray, np.ndarray]:
    """The clip at another frame rate (slerp between frames), for timing changes."""
    frames = len(rotations)
    duration = (frames - 1) / fps
    count = max(2, int(round(duration * new_fps)) + 1)
    src = np.minimum(np.arange(count) * fps / new_fps, frames - 1)
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, frames - 1)
    t = src - lo
    return quat.slerp(rotations[lo], rotations[hi], t[:, None]), root[lo] + (root[hi] - root[lo]) * t[:, None]
