"""Uploaded BVH motion capture onto the built-in humanoid: parse, map the bones, align, retarget.

Parsing is done here (not by a library) so that every way a file can be wrong has a message
that says what to fix: a broken hierarchy, channels that do not add up, NaN values, no frames,
a file too big to be a clip.

Bones are mapped by what they are, not by one naming scheme: each name is split into words
("mixamorig:LeftUpLeg" -> left up leg, "thigh_l" -> thigh left, "UpperArm_L" -> upper arm
left, "Bip01 L Calf" -> left calf) and the skeleton's shape settles the rest: the hips are where
the legs branch, the chest where the arms branch, each arm is the chain from the chest to a
hand (clavicle, upper arm, forearm, hand), each leg the chain from the hips to a foot. Mixamo,
CMU, Unreal mannequin (pelvis, spine_01, thigh_l, calf_l, upperarm_l...), Biovision (Chest,
LeftCollar, LeftShoulder, LeftElbow...), ``UpperArm_L``-style and 3ds Max Biped names all land
on the same joints; a rig whose hands, feet, hips or head cannot be found is refused with the
list of the bones that could not be mapped.

Retargeting works on world rotations. ``Rw`` turns the clip's world so that its up axis (the
axis closest to the mean hips-to-head direction over the clip) is +Y. Each mapped joint then gets
``Q = Rw . G . C``, where ``G`` is the source joint's world rotation and ``C`` turns our rest
bone onto the source's rest bone (for the hips: our body frame onto theirs), so rigs with A-pose
or rotated rest poses land correctly. Root travel comes from the world position of the source
hips, whichever joint carries the translation (a static root with a moving hips child included),
scaled by the ratio of hips-to-head heights.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from agent.errors import ToolError
from tools.motion import quat
from tools.motion.skeleton import INDEX, JOINTS, NAMES, PARENTS, SOLE_POINTS, forward_kinematics, rest_positions

MAX_BYTES = 64 * 1024 * 1024  # about 30 minutes of a 60-joint rig at 120 fps
MAX_FRAMES = 200_000
CHANNEL_NAMES = {"xposition", "yposition", "zposition", "xrotation", "yrotation", "zrotation"}


@dataclass
class BvhJoint:
    name: str
    parent: int
    offset: np.ndarray  # (3,)
    channels: list[str] = field(default_factory=list)
    end_site: np.ndarray | None = None


@dataclass
class BvhClip:
    joints: list[BvhJoint]
    frames: np.ndarray  # (T, C) channel values
    frame_time: float

    @property
    def names(self) -> list[str]:
        return [joint.name for joint in self.joints]


def parse_bvh(path: Path) -> BvhClip:
    """Read ``path`` as BVH; ``ToolError`` names the first problem."""
    path = Path(path)
    name = path.name
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ToolError(f"the uploaded BVH {name!r} is {size / 2**20:.0f} MB; the motion tool reads clips up to "
                        f"{MAX_BYTES // 2**20} MB, so trim it or lower its frame rate")
    try:
        text = path.read_text(encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ToolError(f"the uploaded file {name!r} is not a text BVH file; upload a BVH (HIERARCHY + MOTION)") from None
    tokens: list[str] = []
    for line in text.splitlines():  # a joint's name is the rest of its line: "JOINT Bip01 L Thigh"
        words = line.split()
        if len(words) > 2 and words[0].upper() in ("ROOT", "JOINT"):
            words = [words[0], " ".join(words[1:])]
        tokens += words
    if not tokens or tokens[0].upper() != "HIERARCHY":
        raise ToolError(f"the uploaded file {name!r} is not a valid BVH (it must start with HIERARCHY); upload a BVH "
                        "with a HIERARCHY section (ROOT, JOINT, OFFSET, CHANNELS) and a MOTION section")
    joints: list[BvhJoint] = []
    stack: list[int] = []
    i = 1
    pending: tuple[str, int] | None = None
    in_end = 0

    def fail(what: str) -> ToolError:
        return ToolError(f"the uploaded file {name!r} is not a valid BVH: its hierarchy is broken ({what}); every "
                         "ROOT/JOINT needs '{', an OFFSET with 3 numbers, CHANNELS with a count and names, and a "
                         "matching '}'")

    def numbers(start: int, count: int) -> np.ndarray:
        try:
            values = np.array([float(v) for v in tokens[start:start + count]])
        except ValueError:
            raise fail(f"a non-number near token {start}") from None
        if len(values) != count or not np.all(np.isfinite(values)):
            raise fail("an OFFSET that is not 3 finite numbers")
        return values

    while i < len(tokens):
        word = tokens[i]
        upper = word.upper()
        if upper in ("ROOT", "JOINT"):
            if upper == "ROOT" and (joints or stack):
                raise fail("a second ROOT; a clip holds one skeleton")
            if upper == "JOINT" and not stack:
                raise fail("a JOINT outside the ROOT")
            if i + 1 >= len(tokens):
                raise fail("a joint without a name")
            pending = (tokens[i + 1], stack[-1] if stack else -1)
            i += 2
        elif upper == "END":
            if not stack:
                raise fail("an End Site outside any joint")
            in_end = 1
            i += 2  # "End Site"
        elif word == "{":
            if in_end == 1:
                in_end = 2
            elif pending is not None:
                joints.append(BvhJoint(pending[0], pending[1], np.zeros(3)))
                stack.append(len(joints) - 1)
                pending = None
            else:
                raise fail("a '{' with no joint before it")
            i += 1
        elif word == "}":
            if in_end == 2:
                in_end = 0
            elif stack:
                stack.pop()
            else:
                raise fail("an unmatched '}'")
            i += 1
            if not stack and joints:
                break
        elif upper == "OFFSET":
            values = numbers(i + 1, 3)
            if in_end == 2:
                joints[stack[-1]].end_site = values
            elif stack:
                joints[stack[-1]].offset = values
            else:
                raise fail("an OFFSET outside a joint")
            i += 4
        elif upper == "CHANNELS":
            if not stack or in_end:
                raise fail("CHANNELS outside a joint")
            try:
                count = int(tokens[i + 1])
            except (ValueError, IndexError):
                raise fail("a CHANNELS line without a count") from None
            names = [t.lower() for t in tokens[i + 2:i + 2 + count]]
            if count < 0 or count > 6 or len(names) != count or any(n not in CHANNEL_NAMES for n in names):
                raise fail(f"CHANNELS {tokens[i + 1]} {' '.join(tokens[i + 2:i + 2 + max(0, count)])}")
            joints[stack[-1]].channels = names
            i += 2 + count
        elif upper == "MOTION":
            raise fail("MOTION before every joint was closed")
        else:
            raise fail(f"an unexpected word {word!r}")
    if stack or not joints:
        raise fail("the hierarchy ends before every joint is closed" if stack else "no ROOT joint")
    if i >= len(tokens) or tokens[i].upper() != "MOTION":
        raise ToolError(f"the uploaded BVH {name!r} has no MOTION section after its hierarchy; a clip needs "
                        "'MOTION', 'Frames: N', 'Frame Time: t' and N rows of channel values")
    try:
        frame_count = int(tokens[i + 2]) if tokens[i + 1].lower() == "frames:" else -1
        frame_time = float(tokens[i + 5]) if " ".join(tokens[i + 3:i + 5]).lower() == "frame time:" else -1.0
    except (ValueError, IndexError):
        frame_count, frame_time = -1, -1.0
    if frame_count < 0 or frame_time < 0:
        raise ToolError(f"the uploaded BVH {name!r} lacks 'Frames: N' and 'Frame Time: t' after MOTION")
    if frame_count < 2:
        raise ToolError(f"the uploaded BVH {name!r} has {frame_count} frame(s) of motion; a clip needs at least 2")
    if frame_count > MAX_FRAMES:
        raise ToolError(f"the uploaded BVH {name!r} has {frame_count} frames; the motion tool reads at most "
                        f"{MAX_FRAMES}")
    if not (0.001 <= frame_time <= 1.0) or not math.isfinite(frame_time):
        raise ToolError(f"the uploaded BVH has a Frame Time of {frame_time}; expected seconds per frame, "
                        "e.g. 0.033333 for 30 fps")
    channels = sum(len(joint.channels) for joint in joints)
    values = tokens[i + 6:]
    if len(values) != frame_count * channels:
        raise ToolError(f"the uploaded BVH {name!r} says {frame_count} frames of {channels} channels "
                        f"({frame_count * channels} numbers) but holds {len(values)}; every frame row needs one "
                        "value per channel")
    try:
        data = np.array(values, dtype=float).reshape(frame_count, channels)
    except ValueError:
        raise ToolError(f"the uploaded BVH {name!r} has a motion value that is not a number") from None
    if not np.all(np.isfinite(data)):
        bad = int(np.argwhere(~np.isfinite(data))[0][0])
        raise ToolError(f"the uploaded BVH {name!r} has NaN or infinite channel values (first in frame {bad}); "
                        "re-export the clip without them")
    return BvhClip(joints=joints, frames=data, frame_time=frame_time)


def world_motion(clip: BvhClip) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """World rotations ``[T, J, 4]``, world positions ``[T, J, 3]`` and rest positions ``[J, 3]``."""
    from scipy.spatial.transform import Rotation

    frames = len(clip.frames)
    count = len(clip.joints)
    local_rot = np.zeros((frames, count, 4))
    local_pos = np.zeros((frames, count, 3))
    column = 0
    for k, joint in enumerate(clip.joints):
        local_pos[:, k] = joint.offset
        rotation_axes = ""
        rotation_cols = []
        for channel in joint.channels:
            values = clip.frames[:, column]
            if channel.endswith("position"):
                local_pos[:, k, "xyz".index(channel[0])] = values  # translation channels replace the offset
            else:
                rotation_axes += channel[0].upper()
                rotation_cols.append(values)
            column += 1
        if rotation_axes:
            local_rot[:, k] = Rotation.from_euler(rotation_axes, np.stack(rotation_cols, 1), degrees=True).as_quat()
        else:
            local_rot[:, k] = quat.IDENTITY
    world_rot = np.zeros_like(local_rot)
    world_pos = np.zeros_like(local_pos)
    rest = np.zeros((count, 3))
    for k, joint in enumerate(clip.joints):
        if joint.parent < 0:
            world_rot[:, k] = local_rot[:, k]
            world_pos[:, k] = local_pos[:, k]
            rest[k] = 0.0
        else:
            p = joint.parent
            world_rot[:, k] = quat.multiply(world_rot[:, p], local_rot[:, k])
            world_pos[:, k] = world_pos[:, p] + quat.rotate(world_rot[:, p], local_pos[:, k])
            rest[k] = rest[p] + joint.offset
    return quat.normalize(world_rot), world_pos, rest


# -- bone mapping ------------------------------------------------------------------------------

_PREFIX = re.compile(r"^(?:mixamorig\d*[:_]|.*:|bip\d*[ _]|biped\d*[ _]|character\d*[_:]|def[-_]|org[-_]|mch[-_]|"
                     r"rig[-_:]|armature[|_:]|j_|b_|bn_|jnt_)", re.IGNORECASE)
LEFT = {"l", "left", "lft", "lt"}
RIGHT = {"r", "right", "rgt", "rt"}


def name_words(name: str) -> tuple[str | None, list[str]]:
    """(side, words) of a bone name: ``LeftUpLeg`` -> ("left", [up, leg]); ``thigh_l`` -> ("left", [thigh])."""
    stripped = _PREFIX.sub("", name)
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", stripped)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    words = [w for w in re.split(r"[^A-Za-z0-9]+|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", spaced.lower()) if w]
    side = None
    kept = []
    for word in words:
        if word in LEFT and side is None:
            side = "left"
        elif word in RIGHT and side is None:
            side = "right"
        else:
            kept.append(word)
    return side, kept


def _has(words: list[str], *options: str) -> bool:
    joined = "".join(words)
    return any(option in words or (len(option) > 3 and option in joined) for option in options)


def _chain_up(parents: list[int], start: int, stop: int) -> list[int]:
    """Joints from ``stop`` (exclusive) down to ``start`` (inclusive), top first."""
    chain = []
    node = start
    while node >= 0 and node != stop:
        chain.append(node)
        node = parents[node]
    return chain[::-1] if node == stop else []


def _ancestors(parents: list[int], node: int) -> list[int]:
    out = []
    while node >= 0:
        out.append(node)
        node = parents[node]
    return out


def _common_ancestor(parents: list[int], a: int, b: int) -> int:
    above = set(_ancestors(parents, a))
    for node in _ancestors(parents, b):
        if node in above:
            return node
    return -1


def map_bones(clip: BvhClip, rest: np.ndarray) -> tuple[str, dict[str, int]]:
    """(family, ours -> their joint index); ``ToolError`` listing what could not be found."""
    names = clip.names
    parents = [joint.parent for joint in clip.joints]
    info = [name_words(name) for name in names]
    children: dict[int, list[int]] = {k: [] for k in range(len(names))}
    for k, parent in enumerate(parents):
        if parent >= 0:
            children[parent].append(k)

    def find(side: str | None, *options: str, exclude: tuple[str, ...] = ()) -> list[int]:
        return [k for k, (s, words) in enumerate(info)
                if s == side and _has(words, *options) and not _has(words, *exclude)]

    def deepest_on_path(candidates: list[int], path: set[int]) -> int | None:
        inside = [k for k in candidates if k in path]
        return inside[0] if inside else None

    mapped: dict[str, int] = {}
    missing: list[str] = []
    head = [k for k in find(None, "head", exclude=("top", "end", "nub", "site")) if children[k] or True]
    feet: dict[str, int] = {}
    hands: dict[str, int] = {}
    for side in ("left", "right"):
        foot = find(side, "foot", "ankle", exclude=("toe", "ball", "end", "nub", "index", "thumb"))
        hand = find(side, "hand", "wrist", exclude=("thumb", "index", "middle", "ring", "pinky", "finger", "end",
                                                    "nub", "twist"))
        if foot:
            feet[side] = min(foot, key=lambda k: len(_ancestors(parents, k)))
        if hand:
            hands[side] = min(hand, key=lambda k: len(_ancestors(parents, k)))
    for side in ("left", "right"):
        if side not in feet:
            missing.append(f"{side} foot")
        if side not in hands:
            missing.append(f"{side} hand")
    if not head:
        missing.append("head")
    if missing:
        sample = ", ".join(names[:16]) + (", ..." if len(names) > 16 else "")
        raise ToolError(f"the uploaded BVH uses a skeleton I cannot map: no bone for the {', '.join(missing)} "
                        f"(its bones: {sample}). Name the bones the usual way (Mixamo/CMU LeftFoot, Unreal foot_l, "
                        "UpperArm_L, Biovision LeftAnkle) or retarget it to one of those rigs first")
    head_k = min(head, key=lambda k: len(_ancestors(parents, k)))
    hips = _common_ancestor(parents, feet["left"], feet["right"])
    chest = _common_ancestor(parents, hands["left"], hands["right"])
    if hips < 0 or chest < 0 or hips not in _ancestors(parents, chest):
        raise ToolError(f"the uploaded BVH's legs and arms do not meet in one spine (bones: {', '.join(names[:16])}); "
                        "the motion tool reads humanoid rigs with hips, spine, two arms and two legs")
    mapped["Hips"] = hips
    mapped["Head"] = head_k
    # spine: from the hips to the head; the chest (where the arms branch) is our Spine2
    spine_path = _chain_up(parents, head_k, hips)[:-1]  # hips (exclusive) .. head (exclusive)
    necks = [k for k in spine_path if _has(info[k][1], "neck")]
    if necks:
        mapped["Neck"] = necks[0]
    below_chest = [k for k in spine_path if k in _ancestors(parents, chest) and k not in necks]
    if below_chest:
        mapped["Spine2"] = below_chest[-1]
        if len(below_chest) >= 2:
            mapped["Spine"] = below_chest[0]
        if len(below_chest) >= 3:
            mapped["Spine1"] = below_chest[len(below_chest) // 2]
    for side, prefix in (("left", "Left"), ("right", "Right")):
        arm = _chain_up(parents, hands[side], chest)  # chest (exclusive) .. hand
        arm = [k for k in arm if not _has(info[k][1], "twist", "roll")]
        fore = [k for k in arm[:-1] if _has(info[k][1], "fore", "lower", "elbow", "lowarm")]
        if fore:
            fore_k = fore[-1]
        elif len(arm) >= 3:
            fore_k = arm[-2]
        else:
            fore_k = None
        if fore_k is not None:
            mapped[f"{prefix}Hand"] = hands[side]
            mapped[f"{prefix}ForeArm"] = fore_k
            upper = arm[:arm.index(fore_k)]
            if upper:
                mapped[f"{prefix}Arm"] = upper[-1]
                if len(upper) >= 2:
                    mapped[f"{prefix}Shoulder"] = upper[0]
        leg = _chain_up(parents, feet[side], hips)  # hips (exclusive) .. foot
        leg = [k for k in leg if not _has(info[k][1], "twist", "roll")]
        if len(leg) >= 3:
            mapped[f"{prefix}Foot"] = feet[side]
            mapped[f"{prefix}Leg"] = leg[-2]
            mapped[f"{prefix}UpLeg"] = leg[-3]
        toes = [k for k in children[feet[side]] if _has(info[k][1], "toe", "ball")] or children[feet[side]]
        if toes:
            mapped[f"{prefix}ToeBase"] = toes[0]
        tips = [k for k in children[hands[side]] if _has(info[k][1], "index", "middle", "finger")]
        if tips:
            mapped[f"{prefix}HandIndex1"] = tips[0]
    required = ("LeftArm", "LeftForeArm", "RightArm", "RightForeArm", "LeftUpLeg", "LeftLeg", "RightUpLeg", "RightLeg")
    lacking = [name for name in required if name not in mapped]
    if lacking:
        raise ToolError(f"the uploaded BVH's limbs are too short to map (no partner for {', '.join(lacking)}; bones: "
                        f"{', '.join(names[:16])}); arms need upper arm, forearm and hand, legs thigh, shin and foot")
    return _family(names), mapped


def _family(names: list[str]) -> str:
    """The naming family, for the reply and meta (the mapping itself does not depend on it)."""
    joined = " ".join(names)
    lower = joined.lower()
    if "mixamorig" in lower:
        return "mixamo"
    if "bip01" in lower or "bip001" in lower:
        return "3dsmax-biped"
    if "UpperArm_L" in joined or "UpperLeg_L" in joined or "LowerArm_L" in joined:
        return "upperarm_l-style"
    if "thigh_l" in lower or "upperarm_l" in lower or "spine_01" in lower:
        return "unreal"
    if "leftcollar" in lower or "lefthip" in lower:
        return "biovision"
    if "leftupleg" in lower:
        return "cmu"
    return "named-by-parts"


# -- retargeting -------------------------------------------------------------------------------


def _up_axis(world_pos: np.ndarray, hips: int, head: int) -> np.ndarray:
    """The world axis (±X, ±Y, ±Z) closest to the clip's mean hips-to-head direction."""
    mean = (world_pos[:, head] - world_pos[:, hips]).mean(axis=0)
    axis = int(np.argmax(np.abs(mean)))
    out = np.zeros(3)
    out[axis] = math.copysign(1.0, mean[axis])
    return out


def _frame_rotation(up: np.ndarray, left: np.ndarray) -> np.ndarray:
    """The rotation taking our body frame (up +Y, left +X, forward +Z) onto (``up``, ``left``)."""
    from scipy.spatial.transform import Rotation

    up = up / np.linalg.norm(up)
    left = left - up * float(left @ up)
    if np.linalg.norm(left) < 1e-9:
        left = np.cross(up, [0.0, 0.0, 1.0]) if abs(up[2]) < 0.9 else np.cross(up, [1.0, 0.0, 0.0])
    left = left / np.linalg.norm(left)
    forward = np.cross(left, up)
    matrix = np.stack([left, up, forward], axis=1)  # columns: where our X, Y, Z go
    return Rotation.from_matrix(matrix).as_quat()


_BONE_CHILD = {"Hips": "Spine", "Spine": "Spine1", "Spine1": "Spine2", "Spine2": "Neck", "Neck": "Head",
               "LeftShoulder": "LeftArm", "LeftArm": "LeftForeArm", "LeftForeArm": "LeftHand",
               "LeftHand": "LeftHandIndex1", "RightShoulder": "RightArm", "RightArm": "RightForeArm",
               "RightForeArm": "RightHand", "RightHand": "RightHandIndex1",
               "LeftUpLeg": "LeftLeg", "LeftLeg": "LeftFoot", "LeftFoot": "LeftToeBase",
               "RightUpLeg": "RightLeg", "RightLeg": "RightFoot", "RightFoot": "RightToeBase"}


@dataclass
class Retargeted:
    rotations: np.ndarray  # [T, 24, 4] local, our skeleton
    root: np.ndarray  # [T, 3] metres
    source_fps: float
    family: str
    mapped: dict[str, str]  # ours -> theirs
    source_joints: int
    source_frames: int


def retarget(clip: BvhClip) -> Retargeted:
    """The clip on the built-in humanoid, at the clip's own frame rate."""
    world_rot, world_pos, rest = world_motion(clip)
    family, mapped = map_bones(clip, rest)
    hips, head = mapped["Hips"], mapped["Head"]
    # their rest body frame, in their own (rest = joint-local) coordinates
    up_rest = rest[head] - rest[hips]
    left_rest = rest[mapped["LeftUpLeg"]] - rest[mapped["RightUpLeg"]]
    if np.linalg.norm(left_rest) < 1e-6:
        left_rest = rest[mapped["LeftArm"]] - rest[mapped["RightArm"]]
    # the clip's world: up is the axis the body stands along over the clip; "left" is the world axis
    # nearest to where the first frame's hips point left, so a rig built facing +X (or Z-up) walks
    # forward along our +Z while the clip's own small turns are kept
    up_world = _up_axis(world_pos, hips, head)
    left_first = quat.rotate(world_rot[0, hips], left_rest)
    left_first = left_first - up_world * float(left_first @ up_world)
    axis = int(np.argmax(np.abs(left_first)))
    left_world = np.zeros(3)
    left_world[axis] = math.copysign(1.0, left_first[axis])
    rw = quat.conjugate(_frame_rotation(up_world, left_world))
    ours_rest = rest_positions()
    ours_frame = _frame_rotation(ours_rest[INDEX["Head"]] - ours_rest[INDEX["Hips"]],
                                 ours_rest[INDEX["LeftUpLeg"]] - ours_rest[INDEX["RightUpLeg"]])
    # our rest body frame -> theirs (measured the same way on both rigs, so one rig maps onto itself)
    body = quat.multiply(_frame_rotation(up_rest, left_rest), quat.conjugate(ours_frame))
    frames = len(clip.frames)
    ours_global = np.zeros((frames, len(NAMES), 4))
    for j, name in enumerate(NAMES):
        parent = PARENTS[j]
        if name not in mapped:
            ours_global[:, j] = ours_global[:, parent] if parent >= 0 else quat.IDENTITY
            continue
        k = mapped[name]
        align = body
        child = _BONE_CHILD.get(name)
        while child is not None and child not in mapped:
            child = _BONE_CHILD.get(child)
        if child is not None and name != "Hips":
            d_ours = quat.rotate(body, ours_rest[INDEX[child]] - ours_rest[j])
            d_theirs = rest[mapped[child]] - rest[k]
            if np.linalg.norm(d_theirs) > 1e-9 and np.linalg.norm(d_ours) > 1e-9:
                align = quat.multiply(quat.between(d_ours, d_theirs), body)
        ours_global[:, j] = quat.multiply(rw, quat.multiply(world_rot[:, k], align))
    rotations = np.zeros_like(ours_global)
    for j, parent in enumerate(PARENTS):
        rotations[:, j] = ours_global[:, j] if parent < 0 else quat.multiply(quat.conjugate(ours_global[:, parent]),
                                                                             ours_global[:, j])
    theirs_height = float(np.linalg.norm(rest[head] - rest[hips]))
    ours_height = float(np.linalg.norm(ours_rest[INDEX["Head"]] - ours_rest[INDEX["Hips"]]))
    if theirs_height < 1e-6:
        raise ToolError("the uploaded BVH skeleton has its head at its hips in the rest pose; it cannot be retargeted")
    root = quat.rotate(rw, world_pos[:, hips]) * (ours_height / theirs_height)
    names = clip.names
    return Retargeted(rotations=quat.normalize(rotations), root=root, source_fps=round(1.0 / clip.frame_time, 3),
                      family=family, mapped={ours: names[k] for ours, k in mapped.items()},
                      source_joints=len(names), source_frames=frames)


def grounded(rotations: np.ndarray, root: np.ndarray) -> np.ndarray:
    """``root`` moved so the median over frames of the lowest body point is at y = 0."""
    joints, _, soles = forward_kinematics(rotations, root, SOLE_POINTS)
    lowest = np.concatenate([soles, joints], axis=1)[:, :, 1].min(axis=1)
    out = root.copy()
    out[:, 1] -= float(np.median(lowest))
    return out


__all__ = ["BvhClip", "Retargeted", "grounded", "map_bones", "name_words", "parse_bvh", "retarget", "JOINTS"]
