"""BVH motion: parsing, forward kinematics, and drawing poses (OpenPose-style maps, stick figures).

BVH is a small text format (a joint hierarchy, then one row of channel values per frame); this
reader handles the common rigs (CMU, Mixamo, Truebones) with any rotation order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from agent.errors import ToolError


@dataclass
class Joint:
    name: str
    parent: int
    offset: np.ndarray
    channels: list[str] = field(default_factory=list)
    end_site: bool = False


@dataclass
class Motion:
    """A parsed BVH: joints (parents before children) and channel values per frame."""

    joints: list[Joint]
    frames: np.ndarray  # (N, C)
    frame_time: float

    @property
    def duration_s(self) -> float:
        return len(self.frames) * self.frame_time

    def positions(self, frame_indices: np.ndarray | None = None) -> np.ndarray:
        """World positions (N, J, 3) of every joint (end sites included) by forward kinematics."""
        rows = self.frames if frame_indices is None else self.frames[frame_indices]
        n = len(rows)
        world_rot = np.zeros((n, len(self.joints), 3, 3))
        world_pos = np.zeros((n, len(self.joints), 3))
        column = 0
        for index, joint in enumerate(self.joints):
            local_pos = np.broadcast_to(joint.offset, (n, 3)).copy()
            local_rot = np.broadcast_to(np.eye(3), (n, 3, 3)).copy()
            for channel in joint.channels:
                values = rows[:, column] if column < rows.shape[1] else np.zeros(n)
                column += 1
                axis = channel[0].lower()
                if channel.lower().endswith("position"):
                    local_pos[:, "xyz".index(axis)] = joint.offset["xyz".index(axis)] + values
                else:
                    local_rot = local_rot @ _axis_rotation(axis, np.radians(values))
            if joint.parent < 0:
                world_rot[:, index], world_pos[:, index] = local_rot, local_pos
            else:
                parent_rot = world_rot[:, joint.parent]
                world_pos[:, index] = world_pos[:, joint.parent] + np.einsum("nij,nj->ni", parent_rot, local_pos)
                world_rot[:, index] = parent_rot @ local_rot
        return world_pos


def _axis_rotation(axis: str, angles: np.ndarray) -> np.ndarray:
    c, s = np.cos(angles), np.sin(angles)
    one, zero = np.ones_like(c), np.zeros_like(c)
    if axis == "x":
        rows = [[one, zero, zero], [zero, c, -s], [zero, s, c]]
    elif axis == "y":
        rows = [[c, zero, s], [zero, one, zero], [-s, zero, c]]
    else:
        rows = [[c, -s, zero], [s, c, zero], [zero, zero, one]]
    return np.stack([np.stack(row, -1) for row in rows], -2)


def read_bvh(path: Path) -> Motion:
    """Parse a BVH file; a ``ToolError`` names what is wrong with a broken one."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ToolError(f"cannot read the motion file {path}: {exc.strerror}") from exc
    try:
        return _parse(text)
    except (ValueError, IndexError) as exc:
        raise ToolError(f"the motion file {Path(path).name} is not valid BVH ({exc}); make the motion again") from exc


def _parse(text: str) -> Motion:
    head, _, motion = text.partition("MOTION")
    if not motion:
        raise ValueError("no MOTION section")
    tokens = re.findall(r"[{}]|[^\s{}]+", head)
    joints: list[Joint] = []
    stack: list[int] = []
    i = 0
    pending_parent = -1
    while i < len(tokens):
        token = tokens[i]
        if token in ("ROOT", "JOINT"):
            joints.append(Joint(tokens[i + 1], stack[-1] if stack else -1, np.zeros(3)))
            pending_parent = len(joints) - 1
            i += 2
        elif token == "End":
            joints.append(Joint(f"{joints[stack[-1]].name}_end", stack[-1], np.zeros(3), end_site=True))
            pending_parent = len(joints) - 1
            i += 2
        elif token == "{":
            stack.append(pending_parent)
            i += 1
        elif token == "}":
            stack.pop()
            i += 1
        elif token == "OFFSET":
            joints[stack[-1]].offset = np.array([float(v) for v in tokens[i + 1:i + 4]])
            i += 4
        elif token == "CHANNELS":
            count = int(tokens[i + 1])
            joints[stack[-1]].channels = tokens[i + 2:i + 2 + count]
            i += 2 + count
        else:
            i += 1
    if not joints:
        raise ValueError("no joints in HIERARCHY")
    frames_match = re.search(r"Frames:\s*(\d+)", motion)
    time_match = re.search(r"Frame Time:\s*([0-9.eE+-]+)", motion)
    if not frames_match or not time_match:
        raise ValueError("missing Frames or Frame Time")
    body = motion[time_match.end():].strip().splitlines()
    rows = [[float(v) for v in line.split()] for line in body if line.strip()]
    channels = sum(len(j.channels) for j in joints)
    rows = [row for row in rows if len(row) == channels]
    if not rows:
        raise ValueError(f"no frame rows with {channels} values")
    return Motion(joints=joints, frames=np.array(rows), frame_time=max(float(time_match.group(1)), 1e-3))


# OpenPose (COCO-18 without face points) keypoints and the joint names that usually stand for them.
OPENPOSE_KEYPOINTS: dict[str, tuple[str, ...]] = {
    "nose": ("head_end", "head"),
    "neck": ("neck", "spine3", "chest2", "upperchest"),
    "r_shoulder": ("rightarm", "rightupperarm", "rshoulder", "r_upperarm", "rightshoulder"),
    "r_elbow": ("rightforearm", "rightlowerarm", "relbow", "r_forearm", "rightelbow"),
    "r_wrist": ("righthand", "rwrist", "r_hand", "rightwrist"),
    "l_shoulder": ("leftarm", "leftupperarm", "lshoulder", "l_upperarm", "leftshoulder"),
    "l_elbow": ("leftforearm", "leftlowerarm", "lelbow", "l_forearm", "leftelbow"),
    "l_wrist": ("lefthand", "lwrist", "l_hand", "leftwrist"),
    "r_hip": ("rightupleg", "rightupperleg", "rhip", "r_thigh", "righthip", "rightthigh"),
    "r_knee": ("rightleg", "rightlowerleg", "rknee", "r_calf", "rightknee", "rightshin"),
    "r_ankle": ("rightfoot", "rankle", "r_foot", "rightankle"),
    "l_hip": ("leftupleg", "leftupperleg", "lhip", "l_thigh", "lefthip", "leftthigh"),
    "l_knee": ("leftleg", "leftlowerleg", "lknee", "l_calf", "leftknee", "leftshin"),
    "l_ankle": ("leftfoot", "lankle", "l_foot", "leftankle"),
}
OPENPOSE_LIMBS = [("neck", "r_shoulder"), ("neck", "l_shoulder"), ("r_shoulder", "r_elbow"), ("r_elbow", "r_wrist"),
                  ("l_shoulder", "l_elbow"), ("l_elbow", "l_wrist"), ("neck", "r_hip"), ("r_hip", "r_knee"),
                  ("r_knee", "r_ankle"), ("neck", "l_hip"), ("l_hip", "l_knee"), ("l_knee", "l_ankle"),
                  ("neck", "nose")]
OPENPOSE_COLOURS = [(255, 0, 0), (255, 85, 0), (255, 170, 0), (255, 255, 0), (170, 255, 0), (85, 255, 0),
                    (0, 255, 0), (0, 255, 85), (0, 255, 170), (0, 255, 255), (0, 170, 255), (0, 85, 255),
                    (0, 0, 255), (85, 0, 255)]


def _clean(name: str) -> str:
    return re.sub(r"[^a-z0-9_]", "", name.lower().split(":")[-1]).replace("mixamorig", "")


def openpose_indices(motion: Motion) -> dict[str, int]:
    """Keypoint name -> joint index, for the keypoints this rig has."""
    names = {_clean(j.name).replace("_", ""): i for i, j in enumerate(motion.joints)}
    names.update({_clean(j.name): i for i, j in enumerate(motion.joints)})
    found = {}
    for key, candidates in OPENPOSE_KEYPOINTS.items():
        for candidate in candidates:
            if candidate in names or candidate.replace("_", "") in names:
                found[key] = names.get(candidate, names.get(candidate.replace("_", "")))
                break
    return found  # type: ignore[return-value]


def _fit(points: np.ndarray, width: int, height: int, margin: float = 0.1) -> np.ndarray:
    """Scale 2-D points (x right, y up) into the image, keeping aspect, centred."""
    low, high = points.min(0), points.max(0)
    span = np.maximum(high - low, 1e-6)
    scale = min(width * (1 - 2 * margin) / span[0], height * (1 - 2 * margin) / span[1])
    centre = (low + high) / 2
    out = np.empty_like(points)
    out[:, 0] = width / 2 + (points[:, 0] - centre[0]) * scale
    out[:, 1] = height / 2 - (points[:, 1] - centre[1]) * scale
    return out


def openpose_image(motion: Motion, *, width: int, height: int, frame: int = 0) -> "object":
    """An OpenPose-style control map (coloured limbs on black) of one frame, front view."""
    from PIL import Image, ImageDraw

    pos = motion.positions(np.array([min(frame, len(motion.frames) - 1)]))[0]
    keys = openpose_indices(motion)
    canvas = Image.new("RGB", (width, height), (0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    thick = max(2, width // 100)
    if len(keys) >= 8:
        pts = _fit(pos[list(keys.values())][:, :2], width, height)
        at = dict(zip(keys, pts))
        for colour, (a, b) in zip(OPENPOSE_COLOURS, OPENPOSE_LIMBS):
            if a in at and b in at:
                draw.line([tuple(at[a]), tuple(at[b])], fill=tuple(int(c * 0.6) for c in colour), width=thick * 2)
        for colour, (name, point) in zip(OPENPOSE_COLOURS * 2, at.items()):
            x, y = point
            draw.ellipse((x - thick, y - thick, x + thick, y + thick), fill=colour)
    else:  # an unfamiliar rig: every bone, still a usable pose map
        pts = _fit(pos[:, :2], width, height)
        for index, joint in enumerate(motion.joints):
            if joint.parent >= 0:
                colour = OPENPOSE_COLOURS[index % len(OPENPOSE_COLOURS)]
                draw.line([tuple(pts[joint.parent]), tuple(pts[index])], fill=colour, width=thick * 2)
    return canvas


def stick_figure_frames(motion: Motion, *, width: int, height: int, fps: float, duration_s: float | None = None,
                        azimuth_deg: float = 30.0):
    """Yield RGB frames of the motion as a lit stick figure on a grid floor, resampled to ``fps``."""
    from PIL import Image, ImageDraw

    total = motion.duration_s if duration_s is None else min(duration_s, motion.duration_s)
    count = max(1, int(round(total * fps)))
    indices = np.minimum((np.arange(count) / fps / motion.frame_time).astype(int), len(motion.frames) - 1)
    positions = motion.positions(indices)  # (N, J, 3)
    az = math.radians(azimuth_deg)
    rot = np.array([[math.cos(az), 0, -math.sin(az)], [0, 1, 0], [math.sin(az), 0, math.cos(az)]])
    flat = positions.reshape(-1, 3)
    low, high = flat.min(0), flat.max(0)
    centre = (low + high) / 2
    size = float(np.max(high - low)) or 1.0
    floor_y = float(low[1])
    scale = min(width, height) * 0.8 / size

    def to_screen(points: np.ndarray) -> np.ndarray:
        p = (points - centre) @ rot.T
        depth = 1.0 / (1.0 + 0.25 * p[:, 2] / size)  # mild perspective
        return np.stack([width / 2 + p[:, 0] * scale * depth, height * 0.5 - p[:, 1] * scale * depth], 1)

    grid = []
    for k in np.linspace(-1, 1, 9):
        grid.append((np.array([k, floor_y - centre[1], -1]) * [size, 1, size] + centre * [1, 0, 1] + [0, centre[1], 0],
                     np.array([k, floor_y - centre[1], 1]) * [size, 1, size] + centre * [1, 0, 1] + [0, centre[1], 0]))
        grid.append((np.array([-1, floor_y - centre[1], k]) * [size, 1, size] + centre * [1, 0, 1] + [0, centre[1], 0],
                     np.array([1, floor_y - centre[1], k]) * [size, 1, size] + centre * [1, 0, 1] + [0, centre[1], 0]))
    background = Image.new("RGB", (width, height), (34, 38, 46))
    draw = ImageDraw.Draw(background)
    for a, b in grid:
        pa, pb = to_screen(np.array([a, b]))
        draw.line([tuple(pa), tuple(pb)], fill=(70, 78, 92), width=1)
    thick = max(2, width // 90)
    for frame in range(count):
        canvas = background.copy()
        draw = ImageDraw.Draw(canvas)
        pts = to_screen(positions[frame])
        shadow = positions[frame].copy()
        shadow[:, 1] = floor_y
        spts = to_screen(shadow)
        for index, joint in enumerate(motion.joints):
            if joint.parent >= 0:
                draw.line([tuple(spts[joint.parent]), tuple(spts[index])], fill=(22, 24, 30), width=thick)
        for index, joint in enumerate(motion.joints):
            if joint.parent >= 0:
                colour = OPENPOSE_COLOURS[index % len(OPENPOSE_COLOURS)]
                draw.line([tuple(pts[joint.parent]), tuple(pts[index])], fill=colour, width=thick)
        for x, y in pts:
            draw.ellipse((x - thick * 0.7, y - thick * 0.7, x + thick * 0.7, y + thick * 0.7), fill=(240, 240, 240))
        yield np.asarray(canvas)
