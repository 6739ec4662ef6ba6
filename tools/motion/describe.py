"""Motion to text: which primitives an uploaded clip holds, when, and how often.

Each frame becomes a small skeleton-agnostic feature vector (hand and foot positions relative
to the body in its own heading frame, scaled by body height; root height, travel speed, turn
rate; spine and head orientation). Sliding one-second windows are summarised (mean, spread)
and matched to the nearest window of the primitive library, rendered on the same skeleton;
labels are smoothed, merged into segments and counted against each primitive's cycle.

It recognises what the library can make; a clip of something else is described as the
closest primitives, which the result says plainly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from tools.motion import quat
from tools.motion.catalog import PRIMITIVES
from tools.motion.skeleton import INDEX

WINDOW_S = 1.0
HOP_S = 0.2


@dataclass
class Described:
    text: str
    segments: list[dict]


def frame_features(positions: np.ndarray, rotations_global_hips: np.ndarray, fps: int) -> np.ndarray:
    """``[T, F]`` features for joint positions ``[T, J, 3]`` and the global hips rotation ``[T, 4]``."""
    hips = positions[:, INDEX["Hips"]]
    heading = quat.yaw_of(rotations_global_hips)
    # unwrap so the turn rate is continuous
    heading_unwrapped = np.degrees(np.unwrap(np.radians(heading)))
    undo = quat.about_y(-heading)
    def local(name: str) -> np.ndarray:
        return quat.rotate(undo, positions[:, INDEX[name]] - hips)
    hand_l, hand_r = local("LeftHand"), local("RightHand")
    foot_l, foot_r = local("LeftFoot"), local("RightFoot")
    head, neck = local("Head"), local("Neck")
    spine = neck / np.maximum(np.linalg.norm(neck, axis=1, keepdims=True), 1e-6)
    velocity = np.gradient(hips[:, [0, 2]], axis=0) * fps
    forward = np.stack([np.sin(np.radians(heading)), np.cos(np.radians(heading))], axis=1)
    speed_forward = np.sum(velocity * forward, axis=1)
    turn_rate = np.gradient(heading_unwrapped) * fps / 90.0
    head_dir = quat.rotate(undo, positions[:, INDEX["Head"]] - positions[:, INDEX["Neck"]])
    lowest = positions[:, :, 1].min(axis=1)
    # how fast the hands and feet move relative to the body (strikes and kicks are fast, a guard
    # or a clap's hands-together pose is not), and how far they reach out in front of it
    hand_speed = np.maximum(np.linalg.norm(np.gradient(hand_l, axis=0), axis=1),
                            np.linalg.norm(np.gradient(hand_r, axis=0), axis=1)) * fps / 3.0
    foot_speed = np.maximum(np.linalg.norm(np.gradient(foot_l, axis=0), axis=1),
                            np.linalg.norm(np.gradient(foot_r, axis=0), axis=1)) * fps / 3.0
    reach = np.maximum(hand_l[:, 2], hand_r[:, 2])
    foot_up = np.maximum(foot_l[:, 1], foot_r[:, 1]) - np.minimum(foot_l[:, 1], foot_r[:, 1])
    return np.column_stack([
        hand_l, hand_r, foot_l, foot_r, head - neck, spine, head_dir * 3.0,
        hips[:, 1] - lowest, speed_forward, np.linalg.norm(velocity, axis=1), turn_rate,
        (hand_l - hand_r)[:, 0], np.linalg.norm(hand_l - hand_r, axis=1),
        np.gradient(hips[:, 1] - lowest) * fps * 3.0,  # rising or sinking: stand up vs sit down
        hand_speed, foot_speed, reach * 2.0, foot_up * 2.0,
    ])


def window_descriptors(features: np.ndarray, fps: int) -> tuple[np.ndarray, np.ndarray]:
    """``(descriptors [W, 2F], centre times [W])`` of sliding windows."""
    size = max(2, int(round(WINDOW_S * fps)))
    hop = max(1, int(round(HOP_S * fps)))
    frames = len(features)
    if frames <= size:
        starts = np.array([0])
        size = frames
    else:
        starts = np.arange(0, frames - size + 1, hop)
    out = []
    for s in starts:
        chunk = features[s:s + size]
        # mean, spread and peak-to-peak: a kick is a short excursion that a mean would dilute
        out.append(np.concatenate([chunk.mean(axis=0), chunk.std(axis=0) * 2.0, np.ptp(chunk, axis=0)]))
    return np.array(out), (starts + size / 2) / fps


@lru_cache(maxsize=4)
def library(fps: int = 30) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Descriptors of every primitive (both sides where sided) and their labels, plus a scale."""
    from tools.motion.compose import compose
    from tools.motion.script import MotionStep

    descriptors, labels = [], []
    for name, info in PRIMITIVES.items():
        variants = [{}]
        if info.sided == "hand":
            variants = [{"hand": "right"}, {"hand": "left"}]
        elif info.sided == "foot":
            variants = [{"foot": "right"}, {"foot": "left"}]
        if name == "turn":
            variants = [{"direction": "left"}, {"direction": "right"}]
        preludes: list[list] = [[]]
        if name == "stand_up":
            preludes = [[MotionStep(action="sit_down")], [MotionStep(action="fall")], [MotionStep(action="crouch")]]
        # each primitive also slower and faster, smaller and bigger: people do not move at one tempo
        styles = [{}, {"speed": 0.75, "intensity": 0.8}, {"speed": 1.35, "intensity": 1.2}]
        for variant in variants:
            for prelude, style in ((p, st) for p in preludes for st in styles):
                times = 4 if info.periodic else 1
                motion = compose(prelude + [MotionStep(action=name, times=times, **variant, **style)], fps=fps)
                feats = frame_features(motion.positions(), motion.rotations[:, INDEX["Hips"]], fps)
                d, centres = window_descriptors(feats, fps)
                for extra in _stance_variants(name, variant, motion, fps):
                    more, _ = window_descriptors(extra, fps)
                    d = np.concatenate([d, more])
                    centres = np.concatenate([centres, _])
                segment = motion.segments[-1]
                inside = (centres >= segment.start_s + 0.2) & (centres <= segment.end_s - 0.2)
                if not info.periodic and inside.sum() > 2:
                    inside &= (centres > segment.start_s + 0.35) & (centres < segment.end_s - 0.35)
                d = d[inside] if inside.any() else d[-1:]
                descriptors.append(d)
                labels += [name] * len(d)
    stacked = np.concatenate(descriptors)
    scale = stacked.std(axis=0) + 0.05
    return stacked / scale, np.array(labels), scale


# Real performers strike from a fighting guard and walk with their own posture; the library's
# primitives stand neutral. Stance variants hold the limbs an action does not use in a guard (arms
# up, elbows bent, fists at the chin), or lean the body of a gait, so the match looks at the limbs
# that do the action. Angles in the library convention (tools/motion/primitives.py).
GUARD_ARMS = {"LeftArm": (0.0, -60.0, -45.0), "LeftForeArm": (0.0, -120.0, 0.0),
              "RightArm": (0.0, 60.0, 45.0), "RightForeArm": (0.0, 120.0, 0.0)}
STANCE_LEAN = {"Spine": (15.0, 0.0, 0.0), "Neck": (15.0, 0.0, 0.0)}


def _stance_variants(name: str, variant: dict, motion, fps: int) -> list[np.ndarray]:
    """Frame features of ``motion`` re-posed in the stances above (none for other actions)."""
    from tools.motion.skeleton import forward_kinematics

    held: list[dict[str, tuple[float, float, float]]] = []
    if name in ("punch", "sword_slash"):
        striking = "Right" if variant.get("hand", "right") == "right" else "Left"
        other = "Left" if striking == "Right" else "Right"
        held.append({k: v for k, v in GUARD_ARMS.items() if k.startswith(other)})
    elif name == "kick":
        held.append(GUARD_ARMS)
    elif name in ("walk", "run", "walk_backward"):
        held.append({"lean": (0.0, 0.0, 0.0)})
    out = []
    for pose in held:
        rotations = motion.rotations.copy()
        if "lean" in pose:
            for joint, angles in STANCE_LEAN.items():
                bend = quat.from_pose_euler(np.array(angles))
                rotations[:, INDEX[joint]] = quat.multiply(rotations[:, INDEX[joint]], bend)
        else:
            for joint, angles in pose.items():
                rotations[:, INDEX[joint]] = quat.from_pose_euler(np.array(angles))
        positions = forward_kinematics(rotations, motion.root)[0]
        out.append(frame_features(positions, rotations[:, INDEX["Hips"]], fps))
    return out


def describe(positions: np.ndarray, hips_rotation: np.ndarray, fps: int) -> Described:
    """Segments (action, start, end, count) and one readable sentence."""
    lib, labels, scale = library(fps)
    feats = frame_features(positions, hips_rotation, fps)
    desc, centres = window_descriptors(feats, fps)
    desc = desc / scale
    distances = np.linalg.norm(desc[:, None, :] - lib[None, :, :], axis=2)
    nearest = labels[np.argmin(distances, axis=1)]
    smoothed = _majority(list(nearest), 2)
    duration = (len(positions) - 1) / fps
    segments = _segments(smoothed, centres, duration)
    parts = []
    for seg in segments:
        info = PRIMITIVES[seg["action"]]
        seconds = seg["end_s"] - seg["start_s"]
        count = max(1, int(round(seconds / info.cycle_s)))
        seg["count"] = count
        times = f" ×{count}" if (count > 1 and seg["action"] != "idle") else ""
        if info.unit == "steps":
            times = f", about {count} steps"
        parts.append(f"{seg['start_s']:.1f}–{seg['end_s']:.1f} s {seg['action'].replace('_', ' ')}{times}")
    text = f"A {duration:.1f} s clip: " + "; ".join(parts) + "."
    return Described(text=text, segments=segments)


def _majority(labels: list[str], radius: int) -> list[str]:
    out = []
    for i in range(len(labels)):
        window = labels[max(0, i - radius): i + radius + 1]
        out.append(max(set(window), key=window.count))
    return out


def _segments(labels: list[str], centres: np.ndarray, duration: float) -> list[dict]:
    runs: list[list] = []
    for label, centre in zip(labels, centres):
        if runs and runs[-1][0] == label:
            runs[-1][2] = centre
        else:
            runs.append([label, centre, centre])
    # short runs (a single window) merge into the longer neighbour
    changed = True
    while changed and len(runs) > 1:
        changed = False
        for k, run in enumerate(runs):
            if run[2] - run[1] < HOP_S * 1.5:
                neighbour = k - 1 if k > 0 else k + 1
                if k + 1 < len(runs) and k > 0 and (runs[k + 1][2] - runs[k + 1][1]) > (runs[k - 1][2] - runs[k - 1][1]):
                    neighbour = k + 1
                runs[neighbour][1] = min(runs[neighbour][1], run[1])
                runs[neighbour][2] = max(runs[neighbour][2], run[2])
                del runs[k]
                changed = True
                break
        merged: list[list] = []
        for run in runs:
            if merged and merged[-1][0] == run[0]:
                merged[-1][2] = run[2]
            else:
                merged.append(run)
        runs = merged
    segments = []
    for k, (label, first, last) in enumerate(runs):
        start = 0.0 if k == 0 else (runs[k - 1][2] + first) / 2
        end = duration if k == len(runs) - 1 else (last + runs[k + 1][1]) / 2
        segments.append({"action": label, "start_s": round(float(start), 2), "end_s": round(float(end), 2)})
    return segments
