"""The humanoid skeleton every motion is authored on (24 joints, metres, +Y up, facing +Z).

Joint names are the Mixamo names without the ``mixamorig:`` prefix, so a clip retargets onto
a Mixamo rig by name. The rest pose is a T-pose and every joint's rest orientation is the
identity (the BVH convention), so a joint's local rotation is directly its BVH channel value.

======  =================  =======================  ====================
index   joint (ours)       Mixamo bone              SMPL (HumanML3D = 0-21)
======  =================  =======================  ====================
0       Hips               mixamorig:Hips           0  pelvis
1       Spine              mixamorig:Spine          3  spine1
2       Spine1             mixamorig:Spine1         6  spine2
3       Spine2             mixamorig:Spine2         9  spine3
4       Neck               mixamorig:Neck           12 neck
5       Head               mixamorig:Head           15 head
6       LeftShoulder       mixamorig:LeftShoulder   13 left_collar
7       LeftArm            mixamorig:LeftArm        16 left_shoulder
8       LeftForeArm        mixamorig:LeftForeArm    18 left_elbow
9       LeftHand           mixamorig:LeftHand       20 left_wrist
10      LeftHandIndex1     mixamorig:LeftHandIndex1 22 left_hand
11      RightShoulder      mixamorig:RightShoulder  14 right_collar
12      RightArm           mixamorig:RightArm       17 right_shoulder
13      RightForeArm       mixamorig:RightForeArm   19 right_elbow
14      RightHand          mixamorig:RightHand      21 right_wrist
15      RightHandIndex1    mixamorig:RightHandIndex1 23 right_hand
16      LeftUpLeg          mixamorig:LeftUpLeg      1  left_hip
17      LeftLeg            mixamorig:LeftLeg        4  left_knee
18      LeftFoot           mixamorig:LeftFoot       7  left_ankle
19      LeftToeBase        mixamorig:LeftToeBase    10 left_foot
20      RightUpLeg         mixamorig:RightUpLeg     2  right_hip
21      RightLeg           mixamorig:RightLeg       5  right_knee
22      RightFoot          mixamorig:RightFoot      8  right_ankle
23      RightToeBase       mixamorig:RightToeBase   11 right_foot
======  =================  =======================  ====================

HumanML3D uses the first 22 SMPL joints (it drops ``left_hand``/``right_hand``), so every one
of its joints has a partner here; ``SMPL_22`` lists ours in HumanML3D's order. The character
is about 1.74 m tall, standing with its soles at y = 0 in the rest pose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Joint:
    name: str
    parent: int  # -1 for the root
    offset: tuple[float, float, float]  # from the parent, metres, rest pose
    smpl: str
    end_site: tuple[float, float, float] | None = None  # BVH "End Site" offset for leaves


def _side(prefix: str, sign: float, base: int, smpl_side: str) -> list[Joint]:
    s = sign
    return [
        Joint(f"{prefix}Shoulder", 3, (0.06 * s, 0.10, -0.01), f"{smpl_side}_collar"),
        Joint(f"{prefix}Arm", base, (0.12 * s, 0.01, 0.0), f"{smpl_side}_shoulder"),
        Joint(f"{prefix}ForeArm", base + 1, (0.27 * s, 0.0, 0.0), f"{smpl_side}_elbow"),
        Joint(f"{prefix}Hand", base + 2, (0.25 * s, 0.0, 0.0), f"{smpl_side}_wrist"),
        Joint(f"{prefix}HandIndex1", base + 3, (0.09 * s, 0.0, 0.0), f"{smpl_side}_hand", end_site=(0.07 * s, 0.0, 0.0)),
    ]


def _leg(prefix: str, sign: float, base: int, smpl_side: str) -> list[Joint]:
    s = sign
    return [
        Joint(f"{prefix}UpLeg", 0, (0.09 * s, -0.06, 0.0), f"{smpl_side}_hip"),
        Joint(f"{prefix}Leg", base, (0.0, -0.41, 0.0), f"{smpl_side}_knee"),
        Joint(f"{prefix}Foot", base + 1, (0.0, -0.41, -0.01), f"{smpl_side}_ankle"),
        Joint(f"{prefix}ToeBase", base + 2, (0.0, -0.055, 0.13), f"{smpl_side}_foot", end_site=(0.0, 0.0, 0.07)),
    ]


JOINTS: tuple[Joint, ...] = (
    Joint("Hips", -1, (0.0, 0.955, 0.0), "pelvis"),
    Joint("Spine", 0, (0.0, 0.10, 0.0), "spine1"),
    Joint("Spine1", 1, (0.0, 0.12, 0.0), "spine2"),
    Joint("Spine2", 2, (0.0, 0.12, 0.0), "spine3"),
    Joint("Neck", 3, (0.0, 0.16, 0.0), "neck"),
    Joint("Head", 4, (0.0, 0.09, 0.02), "head", end_site=(0.0, 0.19, 0.0)),
    *_side("Left", 1.0, 6, "left"),
    *_side("Right", -1.0, 11, "right"),
    *_leg("Left", 1.0, 16, "left"),
    *_leg("Right", -1.0, 20, "right"),
)

NAMES: tuple[str, ...] = tuple(joint.name for joint in JOINTS)
INDEX: dict[str, int] = {name: i for i, name in enumerate(NAMES)}
PARENTS: tuple[int, ...] = tuple(joint.parent for joint in JOINTS)
MIXAMO: dict[str, str] = {name: f"mixamorig:{name}" for name in NAMES}
SMPL: dict[str, str] = {joint.name: joint.smpl for joint in JOINTS}
SMPL_24_ORDER: tuple[str, ...] = (
    "pelvis", "left_hip", "right_hip", "spine1", "left_knee", "right_knee", "spine2", "left_ankle",
    "right_ankle", "spine3", "left_foot", "right_foot", "neck", "left_collar", "right_collar", "head",
    "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
    "left_hand", "right_hand",
)
SMPL_22: tuple[str, ...] = tuple(
    next(j.name for j in JOINTS if j.smpl == smpl) for smpl in SMPL_24_ORDER[:22]
)
HEIGHT_M = 1.735  # rest pose, sole to the top of the head

# Points on the soles (heel and toe tip of each foot), as (joint, local offset): the ground
# rule keeps the lowest of these (and of every joint) at or above y = 0.
SOLE_POINTS: tuple[tuple[str, tuple[float, float, float]], ...] = (
    ("LeftFoot", (0.0, -0.075, -0.05)),
    ("LeftToeBase", (0.0, -0.02, 0.07)),
    ("RightFoot", (0.0, -0.075, -0.05)),
    ("RightToeBase", (0.0, -0.02, 0.07)),
)
FEET = (("LeftFoot", "LeftToeBase"), ("RightFoot", "RightToeBase"))


def mirror_name(name: str) -> str:
    """``LeftArm`` <-> ``RightArm``; centre joints map to themselves."""
    if name.startswith("Left"):
        return "Right" + name[4:]
    if name.startswith("Right"):
        return "Left" + name[5:]
    return name


MIRROR: tuple[int, ...] = tuple(INDEX[mirror_name(name)] for name in NAMES)


def offsets() -> "np.ndarray":
    import numpy as np

    return np.array([joint.offset for joint in JOINTS], dtype=float)


def rest_positions() -> "np.ndarray":
    """World positions of the joints in the rest (T) pose, ``[J, 3]``."""
    import numpy as np

    local = offsets()
    out = np.zeros_like(local)
    for i, parent in enumerate(PARENTS):
        out[i] = local[i] + (out[parent] if parent >= 0 else 0.0)
    return out


def forward_kinematics(local_rotations: "np.ndarray", root_positions: "np.ndarray",
                       extra_points: tuple[tuple[str, tuple[float, float, float]], ...] = ()
                       ) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """Global joint positions ``[T, J, 3]``, global rotations ``[T, J, 4]`` and the positions of
    ``extra_points`` ``[T, P, 3]`` for local rotations ``[T, J, 4]`` and root positions ``[T, 3]``."""
    import numpy as np

    from tools.motion import quat

    local = offsets()
    frames = local_rotations.shape[0]
    positions = np.zeros((frames, len(JOINTS), 3))
    rotations = np.zeros((frames, len(JOINTS), 4))
    for i, parent in enumerate(PARENTS):
        if parent < 0:
            rotations[:, i] = local_rotations[:, i]
            positions[:, i] = root_positions
        else:
            rotations[:, i] = quat.multiply(rotations[:, parent], local_rotations[:, i])
            positions[:, i] = positions[:, parent] + quat.rotate(rotations[:, parent], local[i])
    points = np.zeros((frames, len(extra_points), 3))
    for k, (name, offset) in enumerate(extra_points):
        j = INDEX[name]
        points[:, k] = positions[:, j] + quat.rotate(rotations[:, j], np.array(offset))
    return positions, rotations, points
