"""The 20 labelled test clips of ``python -m bench.motion_text`` (bench/data/mocap/), and how they were made.

What they are, honestly: hand-keyed animation, not motion capture. No public mocap can be
downloaded here, and public labelled sets must not be used to tune, so these clips were keyed by
hand in this file (poses at times, eased in between, plus cyclic gaits with their own cadence,
stride and bounce) on the built-in joint layout, then written out under six rig conventions
(Mixamo, CMU, Unreal mannequin Z-up with a static root, ``UpperArm_L``-style turned and
A-posed, Biovision in inches, 3ds Max Biped with spaced names), at 30, 60 or 120 fps, with
0.4° of channel noise. The poses were written without reading the primitive library
(``tools/motion/primitives.py``) or the recogniser (``tools/motion/describe.py``): arm heights,
timings, stride lengths and styles (a tired shuffle, a bouncy happy walk, a jab-cross combo, a
side kick, an overhead two-handed slash, a weight-shifting idle) are this file's own. They were
written once and not changed after the recogniser was measured on them.

Run ``python -m bench.mocap_authoring`` to write them again (deterministic).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from tools.motion import quat
from tools.motion.rigs import RIGS, write_rig_bvh
from tools.motion.skeleton import NAMES, SOLE_POINTS, forward_kinematics

OUT = Path(__file__).parent / "data" / "mocap"
FPS = 30

# x flexes (spine forward, knee back, thigh forward when negative); z raises the left arm and
# lowers the right; y swings about the vertical. Arms hang at the sides in REST.
REST = {"LeftArm": (0, 0, -72), "RightArm": (0, 0, 72), "LeftForeArm": (0, -8, 0), "RightForeArm": (0, 8, 0)}


def _pose(overrides: dict) -> np.ndarray:
    angles = np.zeros((len(NAMES), 3))
    for source in (REST, overrides):
        for name, value in source.items():
            angles[NAMES.index(name)] = value
    return angles


def keyed(keys: list[tuple[float, dict]], seconds: float) -> np.ndarray:
    """Euler angles [T, J, 3] eased between (time, pose) keys."""
    times = np.arange(int(round(seconds * FPS)) + 1) / FPS
    poses = [(t, _pose(p)) for t, p in keys]
    out = np.zeros((len(times), len(NAMES), 3))
    for i, t in enumerate(times):
        k = max(j for j, (kt, _) in enumerate(poses) if kt <= t) if t >= poses[0][0] else 0
        if k >= len(poses) - 1:
            out[i] = poses[-1][1]
            continue
        (t0, a), (t1, b) = poses[k], poses[k + 1]
        u = np.clip((t - t0) / max(t1 - t0, 1e-6), 0, 1)
        u = 0.5 - 0.5 * np.cos(np.pi * u)
        out[i] = a * (1 - u) + b * u
    return out


def gait(seconds: float, *, period: float, thigh: float, knee: float, arm: float, lean: float, bounce: float,
         speed: float, backwards: bool = False, elbow: float = 20.0, arm_out: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """A cyclic gait: legs and arms in opposition, the root moving ``speed`` m/s (backwards: -Z)."""
    times = np.arange(int(round(seconds * FPS)) + 1) / FPS
    phase = 2 * np.pi * times / period
    sign = -1.0 if backwards else 1.0
    angles = np.repeat(_pose({})[None], len(times), axis=0)

    def put(name: str, axis: int, values: np.ndarray) -> None:
        angles[:, NAMES.index(name), axis] += values

    put("LeftUpLeg", 0, -thigh * np.sin(phase) * sign)
    put("RightUpLeg", 0, thigh * np.sin(phase) * sign)
    put("LeftLeg", 0, knee * np.clip(np.sin(phase + 1.2 * sign), 0, None) + 5)
    put("RightLeg", 0, knee * np.clip(np.sin(phase + np.pi + 1.2 * sign), 0, None) + 5)
    put("LeftArm", 1, -arm * np.sin(phase + np.pi))
    put("RightArm", 1, -arm * np.sin(phase))
    put("LeftArm", 2, arm_out)
    put("RightArm", 2, -arm_out)
    put("LeftForeArm", 1, -elbow)
    put("RightForeArm", 1, elbow)
    put("Spine", 0, lean)
    root = np.zeros((len(times), 3))
    root[:, 2] = sign * speed * times
    root[:, 1] = bounce * np.abs(np.sin(phase))
    return angles, root


def still_root(angles: np.ndarray) -> np.ndarray:
    return np.zeros((len(angles), 3))


def grounded_root(angles: np.ndarray, root: np.ndarray) -> np.ndarray:
    """Lift the root so the lowest sole point of each frame touches y = 0 (plus any jump lift)."""
    rotations = quat.from_pose_euler(angles)
    joints, _, soles = forward_kinematics(rotations, np.zeros_like(root), SOLE_POINTS)
    lowest = np.concatenate([joints, soles], axis=1)[:, :, 1].min(axis=1)
    out = root.copy()
    out[:, 1] += -lowest
    return out


def clips() -> list[dict]:
    made = []

    def add(name: str, label: str, rig: str, fps: int, angles: np.ndarray, root: np.ndarray, note: str) -> None:
        made.append({"name": name, "label": label, "rig": rig, "fps": fps, "angles": angles,
                     "root": grounded_root(angles, root), "note": note})

    a, r = gait(4.0, period=1.1, thigh=24, knee=45, arm=18, lean=3, bounce=0.02, speed=1.3)
    add("walk_forward", "walk", "mixamo", 30, a, r, "an even walk, 1.3 m/s")
    a, r = gait(4.0, period=1.3, thigh=18, knee=35, arm=8, lean=-2, bounce=0.01, speed=0.7, backwards=True)
    add("walk_back", "walk_backward", "cmu", 60, a, r, "stepping backwards, 0.7 m/s")
    a, r = gait(4.5, period=1.6, thigh=14, knee=30, arm=5, lean=18, bounce=0.01, speed=0.6, elbow=5)
    a[:, NAMES.index("Neck"), 0] += 20
    add("walk_tired", "walk", "unreal", 60, a, r, "a slow slouched shuffle, head down")
    a, r = gait(4.0, period=0.9, thigh=28, knee=55, arm=35, lean=-4, bounce=0.05, speed=1.5, elbow=60, arm_out=10)
    add("walk_happy", "walk", "upperarm_l", 30, a, r, "a bouncy walk, arms swinging high")
    a, r = gait(3.0, period=0.7, thigh=45, knee=95, arm=40, lean=12, bounce=0.08, speed=3.2, elbow=85)
    add("run", "run", "biovision", 60, a, r, "a run, 3.2 m/s")
    a, r = gait(3.0, period=0.56, thigh=55, knee=110, arm=50, lean=18, bounce=0.1, speed=4.8, elbow=90)
    add("run_fast", "run", "biped", 30, a, r, "a sprint, 4.8 m/s")

    guard = {"LeftArm": (0, -60, -45), "RightArm": (0, 60, 45), "LeftForeArm": (0, -120, 0),
             "RightForeArm": (0, 120, 0), "LeftUpLeg": (-10, 0, 8), "RightUpLeg": (8, 0, -8),
             "LeftLeg": (12, 0, 0), "RightLeg": (10, 0, 0)}
    jab = {**guard, "RightArm": (0, 85, 5), "RightForeArm": (0, 5, 0), "Spine": (0, -15, 0)}
    cross = {**guard, "LeftArm": (0, -85, -5), "LeftForeArm": (0, -5, 0), "Spine": (0, 20, 0)}
    a = keyed([(0, {}), (0.5, guard), (0.8, jab), (1.1, guard), (1.5, jab), (1.8, guard), (2.4, guard)], 2.6)
    add("punch_jab", "punch", "mixamo", 60, a, still_root(a), "guard up, two right jabs")
    a = keyed([(0, guard), (0.4, jab), (0.7, guard), (1.0, cross), (1.3, guard), (1.6, jab), (1.9, guard)], 2.4)
    add("punch_combo", "punch", "cmu", 120, a, still_root(a), "jab, cross, jab")

    chamber = {**guard, "RightUpLeg": (-85, 0, -5), "RightLeg": (100, 0, 0)}
    extend = {**guard, "RightUpLeg": (-90, 0, -5), "RightLeg": (5, 0, 0), "RightFoot": (-20, 0, 0), "Spine": (-10, 0, 0)}
    a = keyed([(0, {}), (0.4, guard), (0.8, chamber), (1.05, extend), (1.35, chamber), (1.8, guard), (2.3, guard)], 2.5)
    add("kick_front", "kick", "unreal", 30, a, still_root(a), "a front kick with the right leg")
    side_ch = {**guard, "LeftUpLeg": (-60, 0, 40), "LeftLeg": (100, 0, 0), "Spine": (0, 0, -15)}
    side_ex = {**guard, "LeftUpLeg": (-20, 0, 80), "LeftLeg": (0, 0, 0), "Spine": (0, 0, -35)}
    a = keyed([(0, {}), (0.4, guard), (0.75, side_ch), (1.0, side_ex), (1.3, side_ch), (1.7, guard), (2.2, guard)], 2.4)
    add("kick_side", "kick", "biped", 60, a, still_root(a), "a side kick with the left leg")

    raised = {"LeftArm": (-40, -30, 60), "RightArm": (-40, 30, -60), "LeftForeArm": (0, -40, 0),
              "RightForeArm": (0, 40, 0), "Spine": (-12, 0, 0), "LeftUpLeg": (-15, 0, 5), "RightUpLeg": (10, 0, -5),
              "LeftLeg": (15, 0, 0), "RightLeg": (10, 0, 0)}
    cut = {"LeftArm": (60, -60, -30), "RightArm": (60, 60, 30), "LeftForeArm": (0, -10, 0),
           "RightForeArm": (0, 10, 0), "Spine": (30, 0, 0), "Spine1": (10, 0, 0), "LeftUpLeg": (-35, 0, 5),
           "RightUpLeg": (15, 0, -5), "LeftLeg": (35, 0, 0), "RightLeg": (10, 0, 0)}
    a = keyed([(0, {}), (0.5, raised), (0.8, cut), (1.3, cut), (1.8, raised), (2.1, cut), (2.6, {})], 2.8)
    add("slash_overhead", "sword_slash", "upperarm_l", 30, a, still_root(a), "two overhead two-handed cuts")
    wind = {"RightArm": (0, -40, -50), "RightForeArm": (0, 90, 0), "LeftArm": (0, -60, -50),
            "LeftForeArm": (0, -90, 0), "Spine": (0, -35, 0), "Spine1": (0, -15, 0)}
    sweep = {"RightArm": (40, 70, 40), "RightForeArm": (0, 10, 0), "LeftArm": (40, 20, -20),
             "LeftForeArm": (0, -30, 0), "Spine": (15, 35, 0), "Spine1": (5, 15, 0)}
    a = keyed([(0, {}), (0.5, wind), (0.75, sweep), (1.2, sweep), (1.6, wind), (1.85, sweep), (2.4, {})], 2.6)
    add("slash_diagonal", "sword_slash", "biovision", 60, a, still_root(a), "diagonal sword sweeps, right to left")

    up = {"RightArm": (0, 10, -60), "RightForeArm": (0, 0, 40)}
    left_ = {**up, "RightForeArm": (0, 0, 70)}
    right_ = {**up, "RightForeArm": (0, 0, 15)}
    a = keyed([(0, {}), (0.4, up), (0.7, left_), (1.0, right_), (1.3, left_), (1.6, right_), (1.9, left_), (2.3, {})], 2.5)
    add("wave_right", "wave", "mixamo", 30, a, still_root(a), "waving the right hand overhead")
    both = {"RightArm": (0, 0, -50), "LeftArm": (0, 0, 50), "RightForeArm": (0, 0, 30), "LeftForeArm": (0, 0, -30)}
    sway = {"RightArm": (0, 0, -65), "LeftArm": (0, 0, 35), "RightForeArm": (0, 0, 50), "LeftForeArm": (0, 0, -10)}
    a = keyed([(0, {}), (0.4, both), (0.8, sway), (1.2, both), (1.6, sway), (2.0, both), (2.4, {})], 2.6)
    add("wave_both", "wave", "cmu", 60, a, still_root(a), "both arms up, waving")

    bent = {"Spine": (35, 0, 0), "Spine1": (20, 0, 0), "Spine2": (10, 0, 0), "Neck": (15, 0, 0),
            "LeftUpLeg": (-10, 0, 0), "RightUpLeg": (-10, 0, 0)}
    a = keyed([(0, {}), (0.6, {}), (1.3, bent), (1.9, bent), (2.6, {}), (3.0, {})], 3.0)
    add("bow", "bow", "unreal", 30, a, still_root(a), "a deep bow, held, and back up")

    seated = {"LeftUpLeg": (-85, 0, 4), "RightUpLeg": (-85, 0, -4), "LeftLeg": (90, 0, 0), "RightLeg": (90, 0, 0),
              "Spine": (8, 0, 0), "LeftArm": (20, -20, -60), "RightArm": (20, 20, 60)}
    half = {"LeftUpLeg": (-50, 0, 4), "RightUpLeg": (-50, 0, -4), "LeftLeg": (70, 0, 0), "RightLeg": (70, 0, 0),
            "Spine": (30, 0, 0), "LeftArm": (-30, 0, -50), "RightArm": (-30, 0, 50)}
    a = keyed([(0, {}), (0.5, {}), (1.2, half), (1.9, seated), (3.2, seated)], 3.2)
    add("sit_down", "sit_down", "biped", 30, a, still_root(a), "sitting down onto a (missing) chair and staying")

    crouched = {"LeftUpLeg": (-60, 0, 5), "RightUpLeg": (-60, 0, -5), "LeftLeg": (100, 0, 0), "RightLeg": (100, 0, 0),
                "LeftFoot": (-30, 0, 0), "RightFoot": (-30, 0, 0), "Spine": (25, 0, 0),
                "LeftArm": (40, 0, -60), "RightArm": (40, 0, 60)}
    stretched = {"LeftArm": (-60, 0, 20), "RightArm": (-60, 0, -20), "LeftFoot": (30, 0, 0), "RightFoot": (30, 0, 0)}
    a = keyed([(0, {}), (0.4, crouched), (0.65, stretched), (1.05, stretched), (1.3, crouched), (1.7, {}),
               (2.0, crouched), (2.25, stretched), (2.65, stretched), (2.9, crouched), (3.3, {})], 3.4)
    r = still_root(a)
    t = np.arange(len(a)) / FPS
    for start in (0.6, 2.2):
        inside = (t > start) & (t < start + 0.5)
        r[inside, 1] += 0.45 * np.sin(np.pi * (t[inside] - start) / 0.5)
    add("jump_twice", "jump", "upperarm_l", 60, a, r, "two vertical jumps")
    a = keyed([(0, {}), (0.5, crouched), (0.8, stretched), (1.25, stretched), (1.5, crouched), (2.1, {})], 2.3)
    r = still_root(a)
    t = np.arange(len(a)) / FPS
    inside = (t > 0.75) & (t < 1.35)
    r[inside, 1] += 0.35 * np.sin(np.pi * (t[inside] - 0.75) / 0.6)
    r[:, 2] = np.clip((t - 0.75) / 0.6, 0, 1) * 1.2
    add("jump_forward", "jump", "mixamo", 30, a, r, "a long jump forward, 1.2 m")

    times = np.arange(int(4.0 * FPS) + 1) / FPS
    a = np.repeat(_pose({})[None], len(times), axis=0)
    beat = 2 * np.pi * times / 0.8
    a[:, NAMES.index("Hips"), 1] += 15 * np.sin(beat / 2)
    a[:, NAMES.index("Spine"), 2] += 10 * np.sin(beat)
    a[:, NAMES.index("LeftArm"), 2] += 60 + 30 * np.sin(beat)
    a[:, NAMES.index("RightArm"), 2] += -60 + 30 * np.sin(beat)
    a[:, NAMES.index("LeftForeArm"), 1] += -60
    a[:, NAMES.index("RightForeArm"), 1] += 60
    a[:, NAMES.index("LeftUpLeg"), 0] += -25 * np.clip(np.sin(beat), 0, None)
    a[:, NAMES.index("RightUpLeg"), 0] += -25 * np.clip(-np.sin(beat), 0, None)
    a[:, NAMES.index("LeftLeg"), 0] += 40 * np.clip(np.sin(beat), 0, None)
    a[:, NAMES.index("RightLeg"), 0] += 40 * np.clip(-np.sin(beat), 0, None)
    r = np.zeros((len(times), 3))
    r[:, 0] = 0.25 * np.sin(beat / 2)
    add("dance", "dance", "biovision", 30, a, r, "a swaying dance, arms pumping")

    times = np.arange(int(5.0 * FPS) + 1) / FPS
    a = np.repeat(_pose({})[None], len(times), axis=0)
    breath = np.sin(2 * np.pi * times / 3.5)
    a[:, NAMES.index("Spine"), 0] += 2 * breath
    a[:, NAMES.index("LeftArm"), 2] += 2 * breath
    a[:, NAMES.index("RightArm"), 2] += -2 * breath
    shift = np.sin(2 * np.pi * times / 5.0)
    a[:, NAMES.index("Hips"), 2] += 3 * shift
    a[:, NAMES.index("LeftUpLeg"), 2] += -3 * shift
    a[:, NAMES.index("RightUpLeg"), 2] += -3 * shift
    a[:, NAMES.index("Head"), 1] += 8 * np.sin(2 * np.pi * times / 4.2)
    add("idle", "idle", "cmu", 30, a, still_root(a), "standing, breathing, shifting weight, glancing about")
    return made


def main(argv: list[str] | None = None) -> None:
    from tools.motion.rigs import resampled

    OUT.mkdir(parents=True, exist_ok=True)
    labels = []
    for index, clip in enumerate(clips()):
        rotations = quat.from_pose_euler(clip["angles"])
        root = clip["root"]
        if clip["fps"] != FPS:
            rotations, root = resampled(rotations, root, FPS, clip["fps"])
        path = OUT / f"{index + 1:02d}_{clip['name']}.bvh"
        write_rig_bvh(path, RIGS[clip["rig"]], rotations, root, clip["fps"], noise_deg=0.4, seed=index)
        labels.append({"file": path.name, "label": clip["label"], "rig": clip["rig"], "fps": clip["fps"],
                       "note": clip["note"]})
    (OUT / "labels.jsonl").write_text("".join(json.dumps(row) + "\n" for row in labels), encoding="utf-8")
    print(f"wrote {len(labels)} clips to {OUT}")


if __name__ == "__main__":
    main()
