"""The procedural motion primitives: keyframed poses with easing, and periodic gaits.

Angles are degrees per joint in the library convention of :mod:`tools.motion.quat`
(``x`` flexes: positive bends the spine forward, the knee back and the toes down, negative
lifts the thigh forward; ``z`` raises the left arm, lowers the right one; ``y`` swings about
the vertical: negative swings the left arm forward, positive the right one). One-handed and
one-footed actions are authored on the right side and mirrored for the left.

A primitive returns a :class:`Clip` of local joint rotations. It never sets the root position:
the composer derives it from the ground and from the planted foot (see ``compose.py``), so
feet stay where they touch down. Jumps describe only their airborne frames and arc height.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from tools.motion import quat
from tools.motion.catalog import PRIMITIVES
from tools.motion.script import MotionStep
from tools.motion.skeleton import INDEX, MIRROR, NAMES, mirror_name

Pose = dict[str, tuple[float, float, float]]
J = len(NAMES)

STAND: Pose = {
    "LeftArm": (0.0, 0.0, -74.0), "RightArm": (0.0, 0.0, 74.0),
    "LeftForeArm": (0.0, -12.0, 0.0), "RightForeArm": (0.0, 12.0, 0.0),
    "LeftHand": (0.0, 0.0, -5.0), "RightHand": (0.0, 0.0, 5.0),
    "LeftUpLeg": (0.0, 0.0, 1.5), "RightUpLeg": (0.0, 0.0, -1.5),
    "LeftFoot": (0.0, 0.0, -1.5), "RightFoot": (0.0, 0.0, 1.5),
}
SIT: Pose = {
    "LeftUpLeg": (-88.0, 0.0, 1.5), "RightUpLeg": (-88.0, 0.0, -1.5),
    "LeftLeg": (88.0, 0.0, 0.0), "RightLeg": (88.0, 0.0, 0.0),
    "Spine": (6.0, 0.0, 0.0),
    "LeftArm": (0.0, -35.0, -70.0), "RightArm": (0.0, 35.0, 70.0),
    "LeftForeArm": (0.0, -35.0, 0.0), "RightForeArm": (0.0, 35.0, 0.0),
}
CROUCH: Pose = {
    "LeftUpLeg": (-95.0, 0.0, 1.5), "RightUpLeg": (-95.0, 0.0, -1.5),
    "LeftLeg": (125.0, 0.0, 0.0), "RightLeg": (125.0, 0.0, 0.0),
    "LeftFoot": (-30.0, 0.0, 0.0), "RightFoot": (-30.0, 0.0, 0.0),
    "Spine": (25.0, 0.0, 0.0), "Spine1": (10.0, 0.0, 0.0), "Neck": (-15.0, 0.0, 0.0),
    "LeftArm": (0.0, -55.0, -55.0), "RightArm": (0.0, 55.0, 55.0),
    "LeftForeArm": (0.0, -30.0, 0.0), "RightForeArm": (0.0, 30.0, 0.0),
}
LYING: Pose = {
    "Hips": (-90.0, 0.0, 0.0),
    "LeftUpLeg": (-4.0, 0.0, 6.0), "RightUpLeg": (-4.0, 0.0, -6.0),
    "LeftLeg": (6.0, 0.0, 0.0), "RightLeg": (6.0, 0.0, 0.0),
    "LeftArm": (0.0, 0.0, -40.0), "RightArm": (0.0, 0.0, 40.0),
    "LeftFoot": (-20.0, 0.0, 0.0), "RightFoot": (-20.0, 0.0, 0.0),
    "Neck": (15.0, 0.0, 0.0),
}
STATE_POSES = {"standing": {}, "sitting": SIT, "crouching": CROUCH, "lying": LYING}


@dataclass
class Clip:
    """Frames of local joint rotations plus what the composer needs to place the root."""

    rotations: np.ndarray  # [T, J, 4], local, heading not yet applied
    fps: int
    lift: np.ndarray = field(default_factory=lambda: np.zeros(0))  # [T] metres above the ground rule
    airborne: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # [T]
    yaw_deg: float = 0.0  # heading change by the end of the clip (turns)
    carry: bool = False  # airborne frames keep the take-off velocity (running); else land in place
    planted: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=bool))  # [T, (left, right)]

    def __post_init__(self) -> None:
        frames = len(self.rotations)
        if len(self.lift) != frames:
            self.lift = np.zeros(frames)
        if len(self.airborne) != frames:
            self.airborne = np.zeros(frames, dtype=bool)
        if len(self.planted) != frames:  # no hint: either foot may be the planted one
            self.planted = np.ones((frames, 2), dtype=bool)

    @property
    def frames(self) -> int:
        return len(self.rotations)


# -- pose arithmetic ---------------------------------------------------------------------------


def pose_array(*poses: Pose) -> np.ndarray:
    """``[J, 3]`` Euler degrees: the standing pose overlaid with each pose in turn."""
    out = np.zeros((J, 3))
    for pose in (STAND, *poses):
        for name, angles in pose.items():
            out[INDEX[name]] = angles
    return out


def mirror_pose(pose: Pose) -> Pose:
    """The same pose on the other side of the body (x stays, y and z flip sign)."""
    return {mirror_name(name): (x, -y, -z) for name, (x, y, z) in pose.items()}


def ease(t: np.ndarray) -> np.ndarray:
    """Smoothstep easing in and out of every key."""
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def bump(phase: np.ndarray, centre: float, width: float) -> np.ndarray:
    """A raised-cosine pulse on a cyclic phase in [0, 1): 1 at ``centre``, 0 beyond ``width``."""
    d = np.abs(((phase - centre + 0.5) % 1.0) - 0.5)
    return np.where(d < width, 0.5 * (1.0 + np.cos(np.pi * d / width)), 0.0)


def keyframed(keys: list[tuple[float, np.ndarray]], times: np.ndarray) -> np.ndarray:
    """Euler poses ``[T, J, 3]`` at ``times`` (seconds) from ``(time, [J, 3])`` keys with easing."""
    key_t = np.array([k[0] for k in keys])
    key_p = np.stack([k[1] for k in keys])
    seg = np.clip(np.searchsorted(key_t, times, side="right") - 1, 0, len(keys) - 2)
    span = np.maximum(key_t[seg + 1] - key_t[seg], 1e-9)
    local = ease((times - key_t[seg]) / span)[:, None, None]
    return key_p[seg] + (key_p[seg + 1] - key_p[seg]) * local


def _to_clip(euler: np.ndarray, fps: int, *, mirror: bool = False, intensity: float = 1.0,
             base: np.ndarray | None = None, **extra) -> Clip:
    if intensity != 1.0:
        rest = pose_array() if base is None else base
        euler = rest + (euler - rest) * intensity
    rotations = quat.from_pose_euler(euler)
    if mirror:
        rotations = quat.mirror_x(rotations[:, list(MIRROR)])
    return Clip(rotations=rotations, fps=fps, **extra)


def frame_times(seconds: float, fps: int) -> np.ndarray:
    return np.arange(max(2, int(round(seconds * fps)) + 1)) / fps


# -- periodic gaits ----------------------------------------------------------------------------


def _gait_leg(phase: np.ndarray, *, swing: float, back: float, knee_stance: float, knee_swing: float,
              stance: float) -> np.ndarray:
    """Left leg Euler angles for a cyclic phase (heel strike at 0, toe-off at ``stance``)."""
    out = np.zeros((len(phase), 3, 3))  # UpLeg, Leg, Foot
    # thigh: forward at heel strike, sweeping back through stance, forward again in swing
    stance_part = np.clip(phase / stance, 0.0, 1.0)
    swing_part = np.clip((phase - stance) / (1.0 - stance), 0.0, 1.0)
    in_stance = phase < stance
    thigh = np.where(in_stance, -swing + (swing + back) * stance_part,
                     back - (swing + back) * (0.5 - 0.5 * np.cos(np.pi * swing_part)))
    knee = knee_stance * bump(phase, 0.15 * stance, 0.25) + knee_swing * bump(phase, stance + 0.35 * (1 - stance),
                                                                                 0.55 * (1 - stance))
    foot = 18.0 * bump(phase, stance, 0.12) - 8.0 * bump(phase, stance + 0.5 * (1 - stance), 0.2)
    out[:, 0, 0] = thigh
    out[:, 1, 0] = knee
    out[:, 2, 0] = foot - 0.5 * (thigh + knee) * (phase > stance)  # keep the swing foot from dragging its toe
    return out


def gait(step: MotionStep, fps: int, *, kind: str) -> Clip:
    run = kind == "run"
    info = PRIMITIVES[kind]
    steps = _steps(step, info.cycle_s)
    seconds = steps * info.cycle_s / step.speed
    times = frame_times(seconds, fps)
    phase = (times * step.speed / (2 * info.cycle_s)) % 1.0  # one stride = two steps
    if kind == "walk_backward":
        phase = (1.0 - phase) % 1.0
    params = (dict(swing=34.0, back=26.0, knee_stance=22.0, knee_swing=105.0, stance=0.38) if run else
              dict(swing=22.0, back=20.0, knee_stance=10.0, knee_swing=58.0, stance=0.6))
    euler = np.repeat(pose_array()[None], len(times), axis=0)
    left = _gait_leg(phase, **params)
    right = _gait_leg((phase + 0.5) % 1.0, **params)
    for k, joint in enumerate(("UpLeg", "Leg", "Foot")):
        euler[:, INDEX["Left" + joint], 0] = left[:, k, 0]
        euler[:, INDEX["Right" + joint], 0] = right[:, k, 0]
    arm = (38.0 if run else 18.0) * np.cos(2 * np.pi * phase)
    euler[:, INDEX["LeftArm"], 0] = arm       # left arm back while the left leg is forward
    euler[:, INDEX["RightArm"], 0] = -arm     # and the right arm forward
    if run:
        euler[:, INDEX["LeftForeArm"], 1] = -85.0
        euler[:, INDEX["RightForeArm"], 1] = 85.0
        euler[:, INDEX["Spine"], 0] = 9.0
    euler[:, INDEX["Spine1"], 1] = (7.0 if run else 4.0) * np.cos(2 * np.pi * phase)
    euler[:, INDEX["Hips"], 1] = -(5.0 if run else 3.0) * np.cos(2 * np.pi * phase)
    airborne = np.zeros(len(times), dtype=bool)
    lift = np.zeros(len(times))
    if run:  # a flight phase after each toe-off
        for start in (params["stance"], params["stance"] + 0.5):
            local = ((phase - start) % 1.0) / (0.5 - params["stance"])
            flying = local < 1.0
            airborne |= flying
            lift = np.where(flying, 0.05 * np.sin(np.pi * np.clip(local, 0, 1)), lift)
    stance = params["stance"] + 0.04
    planted = np.stack([phase < stance, (phase + 0.5) % 1.0 < stance], axis=1)
    return _to_clip(euler, fps, intensity=step.intensity, airborne=airborne, lift=lift, carry=True,
                    planted=planted)


def _steps(step: MotionStep, cycle_s: float) -> float:
    if step.duration_s:
        return max(1.0, step.duration_s * step.speed / cycle_s)
    return float(step.times)


def _cycles(step: MotionStep, cycle_s: float) -> tuple[int, float]:
    """(whole repetitions, seconds at speed 1) for a periodic or repeated primitive."""
    if step.duration_s:
        count = max(1, int(round(step.duration_s * step.speed / cycle_s)))
        return count, step.duration_s * step.speed
    return step.times, step.times * cycle_s


# -- periodic gestures -------------------------------------------------------------------------


def periodic(step: MotionStep, fps: int, *, cycle_s: float, pose_at: Callable[[np.ndarray], np.ndarray],
             mirror: bool = False, settle_s: float = 0.25, extra: Callable[[np.ndarray], dict] | None = None) -> Clip:
    """A cyclic gesture eased in from and out to the standing pose."""
    count, natural = _cycles(step, cycle_s)
    if step.duration_s:  # the settle-in and settle-out are part of the requested time
        natural = max(cycle_s, step.duration_s * step.speed - 2 * settle_s)
        count = max(1, int(round(natural / cycle_s)))
    times = frame_times((natural + 2 * settle_s) / step.speed, fps)
    t = times * step.speed
    phase = np.clip((t - settle_s) / cycle_s, 0.0, count)  # cycles done
    euler = pose_at(phase)
    stand = pose_array()
    weight = ease(t / settle_s) * ease((natural + 2 * settle_s - t) / settle_s)
    euler = stand + (euler - stand) * weight[:, None, None]
    kwargs = extra(phase) if extra else {}
    return _to_clip(euler, fps, mirror=mirror, intensity=step.intensity, **kwargs)


def _series(phase: np.ndarray, base: np.ndarray, channels: dict[tuple[str, int], np.ndarray]) -> np.ndarray:
    euler = np.repeat(base[None], len(phase), axis=0)
    for (joint, axis), values in channels.items():
        euler[:, INDEX[joint], axis] = values
    return euler


def wave(step: MotionStep, fps: int) -> Clip:
    raised = pose_array({"RightArm": (0.0, 25.0, -55.0), "RightForeArm": (0.0, 10.0, -40.0),
                         "RightHand": (0.0, 0.0, 0.0), "Head": (0.0, 0.0, 0.0)})
    swing = lambda p: -40.0 + 28.0 * np.sin(2 * np.pi * p)  # noqa: E731
    return periodic(step, fps, cycle_s=PRIMITIVES["wave"].cycle_s, settle_s=0.35, mirror=step.hand == "left",
                    pose_at=lambda p: _series(p, raised, {("RightForeArm", 2): swing(p),
                                                          ("RightHand", 2): 12.0 * np.sin(2 * np.pi * p - 0.6)}))


def clap(step: MotionStep, fps: int) -> Clip:
    base = pose_array({"LeftArm": (0.0, -62.0, -20.0), "RightArm": (0.0, 62.0, 20.0),
                       "LeftForeArm": (0.0, -55.0, 0.0), "RightForeArm": (0.0, 55.0, 0.0)})
    closing = lambda p: 0.5 - 0.5 * np.cos(2 * np.pi * p)  # noqa: E731  0 open .. 1 hands together
    return periodic(step, fps, cycle_s=PRIMITIVES["clap"].cycle_s,
                    pose_at=lambda p: _series(p, base, {
                        ("LeftArm", 1): -62.0 - 20.0 * closing(p), ("RightArm", 1): 62.0 + 20.0 * closing(p),
                        ("LeftForeArm", 1): -55.0 - 25.0 * closing(p), ("RightForeArm", 1): 55.0 + 25.0 * closing(p)}))


def nod(step: MotionStep, fps: int) -> Clip:
    base = pose_array()
    return periodic(step, fps, cycle_s=PRIMITIVES["nod"].cycle_s, settle_s=0.1,
                    pose_at=lambda p: _series(p, base, {("Head", 0): 18.0 * np.sin(np.pi * (p % 1.0)) ** 2,
                                                         ("Neck", 0): 6.0 * np.sin(np.pi * (p % 1.0)) ** 2}))


def shake_head(step: MotionStep, fps: int) -> Clip:
    base = pose_array()
    return periodic(step, fps, cycle_s=PRIMITIVES["shake_head"].cycle_s, settle_s=0.15,
                    pose_at=lambda p: _series(p, base, {("Head", 1): 32.0 * np.sin(2 * np.pi * p),
                                                         ("Neck", 1): 8.0 * np.sin(2 * np.pi * p)}))


def idle(step: MotionStep, fps: int) -> Clip:
    base = pose_array()
    breath = lambda p: np.sin(2 * np.pi * p)  # noqa: E731
    return periodic(step, fps, cycle_s=PRIMITIVES["idle"].cycle_s, settle_s=0.1,
                    pose_at=lambda p: _series(p, base, {
                        ("Spine1", 0): -1.5 * breath(p), ("Spine2", 0): -2.0 * breath(p),
                        ("Neck", 0): 1.5 * breath(p), ("Head", 1): 4.0 * np.sin(np.pi * p / 2.0),
                        ("LeftShoulder", 2): 2.0 * breath(p), ("RightShoulder", 2): -2.0 * breath(p),
                        ("LeftArm", 2): -74.0 + 2.0 * breath(p), ("RightArm", 2): 74.0 - 2.0 * breath(p)}))


def dance(step: MotionStep, fps: int) -> Clip:
    base = pose_array()
    beat = lambda p: np.sin(2 * np.pi * p)  # noqa: E731
    bounce = lambda p: 0.5 - 0.5 * np.cos(4 * np.pi * p)  # noqa: E731  two bounces per cycle

    def pose_at(p: np.ndarray) -> np.ndarray:
        sway = 9.0 * beat(p)
        return _series(p, base, {
            ("Hips", 2): sway, ("LeftUpLeg", 2): 1.5 - sway, ("RightUpLeg", 2): -1.5 - sway,
            ("LeftUpLeg", 0): -18.0 * bounce(p), ("RightUpLeg", 0): -18.0 * bounce(p),
            ("LeftLeg", 0): 34.0 * bounce(p), ("RightLeg", 0): 34.0 * bounce(p),
            ("LeftFoot", 0): -16.0 * bounce(p), ("RightFoot", 0): -16.0 * bounce(p),
            ("Spine1", 2): -1.2 * sway, ("Spine1", 1): 12.0 * beat(p), ("Head", 2): -0.8 * sway,
            ("LeftArm", 2): 20.0 + 55.0 * beat(p), ("RightArm", 2): 20.0 + 55.0 * beat(p),
            ("LeftArm", 1): -30.0, ("RightArm", 1): 30.0,
            ("LeftForeArm", 1): -70.0, ("RightForeArm", 1): 70.0,
        })
    return periodic(step, fps, cycle_s=PRIMITIVES["dance"].cycle_s, pose_at=pose_at)


def jumping_jacks(step: MotionStep, fps: int) -> Clip:
    base = pose_array()

    def spread(p: np.ndarray) -> np.ndarray:  # 0 closed, 1 open; legs move only in the air
        q = p % 1.0
        return np.where(q < 0.5, ease((q - 0.1) / 0.25), 1.0 - ease((q - 0.6) / 0.25))

    def pose_at(p: np.ndarray) -> np.ndarray:
        s = spread(p)
        return _series(p, base, {
            ("LeftUpLeg", 2): 1.5 + 14.0 * s, ("RightUpLeg", 2): -1.5 - 14.0 * s,
            ("LeftFoot", 2): -1.5 - 14.0 * s, ("RightFoot", 2): 1.5 + 14.0 * s,
            ("LeftArm", 2): -74.0 + 178.0 * s, ("RightArm", 2): 74.0 - 178.0 * s,
            ("LeftForeArm", 1): -12.0 + 2.0 * s, ("RightForeArm", 1): 12.0 - 2.0 * s,
        })

    def air(p: np.ndarray) -> dict:
        q = p % 1.0
        local = np.where(q < 0.5, (q - 0.1) / 0.25, (q - 0.6) / 0.25)
        flying = (local > 0.0) & (local < 1.0) & (p > 0) & (p < np.max(p))
        return {"airborne": flying, "lift": np.where(flying, 0.07 * np.sin(np.pi * np.clip(local, 0, 1)), 0.0)}
    return periodic(step, fps, cycle_s=PRIMITIVES["jumping_jacks"].cycle_s, pose_at=pose_at, extra=air,
                    settle_s=0.15)


def squat(step: MotionStep, fps: int) -> Clip:
    stand = pose_array({"LeftArm": (0.0, -85.0, -5.0), "RightArm": (0.0, 85.0, 5.0),
                        "LeftForeArm": (0.0, 0.0, 0.0), "RightForeArm": (0.0, 0.0, 0.0)})
    low = pose_array(CROUCH, {"LeftArm": (0.0, -85.0, -5.0), "RightArm": (0.0, 85.0, 5.0),
                              "LeftForeArm": (0.0, 0.0, 0.0), "RightForeArm": (0.0, 0.0, 0.0),
                              "LeftUpLeg": (-80.0, 0.0, 12.0), "RightUpLeg": (-80.0, 0.0, -12.0),
                              "LeftLeg": (105.0, 0.0, 0.0), "RightLeg": (105.0, 0.0, 0.0),
                              "LeftFoot": (-25.0, 0.0, 0.0), "RightFoot": (-25.0, 0.0, 0.0),
                              "Spine": (20.0, 0.0, 0.0)})

    def pose_at(p: np.ndarray) -> np.ndarray:
        depth = (0.5 - 0.5 * np.cos(2 * np.pi * p))[:, None, None]
        return stand + (low - stand) * depth
    return periodic(step, fps, cycle_s=PRIMITIVES["squat"].cycle_s, pose_at=pose_at, settle_s=0.3)


def cheer(step: MotionStep, fps: int) -> Clip:
    up = pose_array({"LeftArm": (0.0, -10.0, 70.0), "RightArm": (0.0, 10.0, -70.0),
                     "LeftForeArm": (0.0, 0.0, 15.0), "RightForeArm": (0.0, 0.0, -15.0),
                     "Head": (-12.0, 0.0, 0.0)})
    pump = lambda p: np.sin(2 * np.pi * p)  # noqa: E731
    return periodic(step, fps, cycle_s=PRIMITIVES["cheer"].cycle_s, settle_s=0.35,
                    pose_at=lambda p: _series(p, up, {
                        ("LeftArm", 2): 70.0 + 14.0 * pump(p), ("RightArm", 2): -70.0 - 14.0 * pump(p),
                        ("LeftForeArm", 2): 15.0 + 20.0 * np.abs(pump(p)),
                        ("RightForeArm", 2): -15.0 - 20.0 * np.abs(pump(p))}))


# -- one-shot actions --------------------------------------------------------------------------


def one_shot(step: MotionStep, fps: int, name: str, keys: list[tuple[float, Pose | np.ndarray]], *,
             mirror: bool = False, air: tuple[float, float, float] | None = None, yaw_deg: float = 0.0,
             base: np.ndarray | None = None) -> Clip:
    """Play keyframes (times in seconds at speed 1) ``times`` times, or stretched/held to ``duration_s``."""
    key_arrays = [(t, pose if isinstance(pose, np.ndarray) else pose_array(pose)) for t, pose in keys]
    natural = key_arrays[-1][0]
    repeats = step.times if not step.duration_s else max(1, step.times if natural * step.times <= step.duration_s
                                                         else int(step.duration_s // natural) or 1)
    play_s = natural * repeats / step.speed
    total_s = max(play_s, step.duration_s or 0.0)
    if step.duration_s and play_s > step.duration_s:
        total_s = step.duration_s  # compress to fit
    times = frame_times(total_s, fps)
    scale = min(1.0, total_s / play_s)
    t = np.minimum(times / scale * step.speed, natural * repeats)  # seconds in natural time; hold after
    cycle = np.where(t >= natural * repeats, natural, t - natural * np.minimum(np.floor(t / natural), repeats - 1))
    euler = keyframed(key_arrays, cycle)
    extra: dict = {}
    if air is not None:
        start, end, height = air
        local = (cycle - start) / (end - start)
        flying = (local > 0.0) & (local < 1.0)
        extra = {"airborne": flying, "lift": np.where(flying, height * step.intensity *
                                                      np.sin(np.pi * np.clip(local, 0, 1)), 0.0)}
    return _to_clip(euler, fps, mirror=mirror, intensity=step.intensity, base=base, yaw_deg=yaw_deg * repeats,
                    **extra)


def jump(step: MotionStep, fps: int) -> Clip:
    ready = {"LeftUpLeg": (-50.0, 0.0, 3.0), "RightUpLeg": (-50.0, 0.0, -3.0), "LeftLeg": (85.0, 0.0, 0.0),
             "RightLeg": (85.0, 0.0, 0.0), "LeftFoot": (-35.0, 0.0, 0.0), "RightFoot": (-35.0, 0.0, 0.0),
             "Spine": (28.0, 0.0, 0.0), "LeftArm": (0.0, 50.0, -60.0), "RightArm": (0.0, -50.0, 60.0),
             "LeftForeArm": (0.0, -5.0, 0.0), "RightForeArm": (0.0, 5.0, 0.0)}
    push = {"LeftFoot": (35.0, 0.0, 0.0), "RightFoot": (35.0, 0.0, 0.0), "Spine": (-4.0, 0.0, 0.0),
            "LeftArm": (0.0, -80.0, 55.0), "RightArm": (0.0, 80.0, -55.0)}
    tuck = {"LeftUpLeg": (-30.0, 0.0, 3.0), "RightUpLeg": (-30.0, 0.0, -3.0), "LeftLeg": (45.0, 0.0, 0.0),
            "RightLeg": (45.0, 0.0, 0.0), "LeftFoot": (10.0, 0.0, 0.0), "RightFoot": (10.0, 0.0, 0.0),
            "LeftArm": (0.0, -60.0, 35.0), "RightArm": (0.0, 60.0, -35.0)}
    land = {**ready, "LeftUpLeg": (-40.0, 0.0, 3.0), "RightUpLeg": (-40.0, 0.0, -3.0),
            "LeftLeg": (70.0, 0.0, 0.0), "RightLeg": (70.0, 0.0, 0.0), "LeftFoot": (-30.0, 0.0, 0.0),
            "RightFoot": (-30.0, 0.0, 0.0), "Spine": (18.0, 0.0, 0.0),
            "LeftArm": (0.0, -40.0, -20.0), "RightArm": (0.0, 40.0, 20.0)}
    return one_shot(step, fps, "jump", [(0.0, {}), (0.3, ready), (0.42, push), (0.58, tuck), (0.74, push),
                                        (0.84, land), (1.1, {})], air=(0.42, 0.76, 0.32))


def sit_down(step: MotionStep, fps: int) -> Clip:
    lean = {**SIT, "LeftUpLeg": (-55.0, 0.0, 4.0), "RightUpLeg": (-55.0, 0.0, -4.0), "LeftLeg": (70.0, 0.0, 0.0),
            "RightLeg": (70.0, 0.0, 0.0), "LeftFoot": (-15.0, 0.0, 0.0), "RightFoot": (-15.0, 0.0, 0.0),
            "Spine": (32.0, 0.0, 0.0), "Spine1": (8.0, 0.0, 0.0)}
    return one_shot(step, fps, "sit_down", [(0.0, {}), (0.8, lean), (1.6, SIT)], base=pose_array(SIT))


def stand_up(step: MotionStep, fps: int, start: str = "sitting") -> Clip:
    if start == "lying":
        sit_up = {**CROUCH, "Hips": (-55.0, 0.0, 0.0), "Spine": (45.0, 0.0, 0.0), "Spine1": (15.0, 0.0, 0.0),
                  "LeftUpLeg": (-40.0, 0.0, 10.0), "RightUpLeg": (-40.0, 0.0, -10.0),
                  "LeftLeg": (110.0, 0.0, 0.0), "RightLeg": (110.0, 0.0, 0.0),
                  "LeftArm": (0.0, 40.0, -60.0), "RightArm": (0.0, -40.0, 60.0)}
        keys = [(0.0, LYING), (0.9, sit_up), (1.7, CROUCH), (2.6, {})]
    elif start == "crouching":
        keys = [(0.0, CROUCH), (1.0, {})]
    elif start == "standing":
        keys = [(0.0, {}), (0.3, {})]
    else:
        lean = {**SIT, "Spine": (35.0, 0.0, 0.0), "Spine1": (10.0, 0.0, 0.0),
                "LeftUpLeg": (-75.0, 0.0, 4.0), "RightUpLeg": (-75.0, 0.0, -4.0),
                "LeftFoot": (-10.0, 0.0, 0.0), "RightFoot": (-10.0, 0.0, 0.0)}
        keys = [(0.0, SIT), (0.6, lean), (1.6, {})]
    return one_shot(step, fps, "stand_up", keys)


def bow(step: MotionStep, fps: int) -> Clip:
    down = {"Spine": (24.0, 0.0, 0.0), "Spine1": (18.0, 0.0, 0.0), "Spine2": (10.0, 0.0, 0.0),
            "Neck": (8.0, 0.0, 0.0), "Head": (8.0, 0.0, 0.0),
            "LeftArm": (0.0, -8.0, -80.0), "RightArm": (0.0, 8.0, 80.0),
            "LeftUpLeg": (4.0, 0.0, 1.5), "RightUpLeg": (4.0, 0.0, -1.5)}
    return one_shot(step, fps, "bow", [(0.0, {}), (0.6, down), (1.1, down), (1.8, {})])


def kick(step: MotionStep, fps: int) -> Clip:
    guard = {"LeftArm": (0.0, -60.0, -45.0), "RightArm": (0.0, 60.0, 45.0),
             "LeftForeArm": (0.0, 0.0, 110.0), "RightForeArm": (0.0, 0.0, -110.0)}
    chamber = {**guard, "RightUpLeg": (-75.0, 0.0, -3.0), "RightLeg": (100.0, 0.0, 0.0),
               "RightFoot": (25.0, 0.0, 0.0), "LeftLeg": (12.0, 0.0, 0.0), "LeftUpLeg": (-6.0, 0.0, 1.5),
               "Spine": (-6.0, 0.0, 0.0)}
    extend = {**chamber, "RightUpLeg": (-85.0, 0.0, -3.0), "RightLeg": (5.0, 0.0, 0.0),
              "RightFoot": (30.0, 0.0, 0.0), "Spine": (-12.0, 0.0, 0.0)}
    return one_shot(step, fps, "kick", [(0.0, {}), (0.2, guard), (0.4, chamber), (0.55, extend), (0.7, chamber),
                                        (1.0, {})], mirror=step.foot == "left")


def punch(step: MotionStep, fps: int) -> Clip:
    guard = {"LeftArm": (0.0, -60.0, -45.0), "RightArm": (0.0, 60.0, 45.0),
             "LeftForeArm": (0.0, 0.0, 115.0), "RightForeArm": (0.0, 0.0, -115.0),
             "LeftUpLeg": (-8.0, 0.0, 4.0), "RightUpLeg": (4.0, 0.0, -4.0),
             "LeftLeg": (10.0, 0.0, 0.0), "RightLeg": (8.0, 0.0, 0.0)}
    hit = {**guard, "RightArm": (0.0, 88.0, -4.0), "RightForeArm": (0.0, 4.0, 0.0), "Spine1": (0.0, 18.0, 0.0),
           "Spine": (4.0, 8.0, 0.0)}
    return one_shot(step, fps, "punch", [(0.0, {}), (0.2, guard), (0.32, hit), (0.48, guard), (0.7, {})],
                    mirror=step.hand == "left")


def sword_slash(step: MotionStep, fps: int) -> Clip:
    wind = {"RightArm": (0.0, 45.0, -60.0), "RightForeArm": (0.0, 95.0, 0.0),
            "LeftArm": (0.0, -70.0, -10.0), "LeftForeArm": (0.0, -100.0, 0.0),
            "Spine1": (-4.0, 25.0, 0.0), "RightUpLeg": (6.0, 0.0, -5.0), "LeftUpLeg": (-12.0, 0.0, 5.0),
            "LeftLeg": (15.0, 0.0, 0.0), "RightLeg": (10.0, 0.0, 0.0)}
    strike = {**wind, "RightArm": (0.0, 105.0, 35.0), "RightForeArm": (0.0, 15.0, 0.0),
              "LeftArm": (0.0, -30.0, 45.0), "LeftForeArm": (0.0, -60.0, 0.0),
              "Spine1": (18.0, -28.0, 0.0), "Spine": (12.0, 0.0, 0.0)}
    return one_shot(step, fps, "sword_slash", [(0.0, {}), (0.4, wind), (0.62, strike), (0.85, strike), (1.2, {})],
                    mirror=step.hand == "left")


def point(step: MotionStep, fps: int) -> Clip:
    aim = {"RightArm": (0.0, 80.0, -12.0), "RightForeArm": (0.0, 6.0, 0.0), "RightHand": (0.0, 0.0, 0.0),
           "Head": (0.0, -12.0, 0.0), "Spine1": (0.0, 8.0, 0.0)}
    return one_shot(step, fps, "point", [(0.0, {}), (0.45, aim), (1.2, aim), (1.6, {})], mirror=step.hand == "left")


def turn(step: MotionStep, fps: int) -> Clip:
    """Turn in place in small steps; the standing leg twists against the pelvis so the planted
    foot does not swivel, the lifted one swings round and lands square."""
    angle = step.angle_deg or (180.0 if step.direction == "around" else 90.0)
    sign = -1.0 if step.direction == "right" else 1.0
    steps = max(2, int(round(angle / 45.0)))
    step_s = PRIMITIVES["turn"].cycle_s / 2.0
    # one more (settling) step at the end brings the last twisted leg square under the body
    times = frame_times((steps + 1) * step_s / step.speed, fps)
    progress = np.minimum(times * step.speed / step_s, steps + 1)  # steps done, fractional
    k = np.minimum(np.floor(progress), steps).astype(int)
    u = progress - k
    per_step = sign * angle / steps
    turning = ease((u - 0.15) / 0.7)  # the pelvis turns only while the swing foot is off the ground
    yaw = per_step * (k + np.where(k < steps, turning, 0.0))
    euler = np.repeat(pose_array()[None], len(times), axis=0)
    euler[:, INDEX["Hips"], 1] = yaw
    lead_left = sign > 0  # turning left, the left foot opens first
    planted = np.zeros((len(times), 2), dtype=bool)
    for index, side in enumerate(("Left", "Right")):
        swinging = (k % 2 == 0) == ((side == "Left") == lead_left)
        planted[:, index] = ~swinging
        twist_stance = -(yaw - per_step * k)
        twist_swing = np.where(k > 0, -per_step * (1.0 - turning), 0.0)
        lift = np.sin(np.pi * u)
        euler[:, INDEX[side + "UpLeg"], 1] = np.where(swinging, twist_swing, twist_stance)
        # lift with the knee only: a thigh flexion would act in the untwisted pelvis plane
        euler[:, INDEX[side + "Leg"], 0] = np.where(swinging, 50.0 * lift, 0.0)
        euler[:, INDEX[side + "Foot"], 0] = np.where(swinging, -45.0 * lift, 0.0)
    return _to_clip(euler, fps, intensity=step.intensity, yaw_deg=sign * angle, planted=planted)


def crouch(step: MotionStep, fps: int) -> Clip:
    return one_shot(step, fps, "crouch", [(0.0, {}), (1.0, CROUCH)], base=pose_array(CROUCH))


def fall(step: MotionStep, fps: int) -> Clip:
    stagger = {"Spine": (-12.0, 0.0, 0.0), "LeftArm": (0.0, -50.0, 30.0), "RightArm": (0.0, 50.0, -30.0),
               "LeftUpLeg": (-10.0, 0.0, 3.0), "RightUpLeg": (-10.0, 0.0, -3.0), "Head": (15.0, 0.0, 0.0)}
    buckle = {"Hips": (-35.0, 0.0, 0.0), "LeftUpLeg": (-55.0, 0.0, 6.0), "RightUpLeg": (-55.0, 0.0, -6.0),
              "LeftLeg": (85.0, 0.0, 0.0), "RightLeg": (85.0, 0.0, 0.0), "Spine": (10.0, 0.0, 0.0),
              "LeftArm": (0.0, 20.0, -20.0), "RightArm": (0.0, -20.0, 20.0), "Head": (25.0, 0.0, 0.0)}
    return one_shot(step, fps, "fall", [(0.0, {}), (0.3, stagger), (0.8, buckle), (1.4, LYING)],
                    base=pose_array(LYING))


def look_around(step: MotionStep, fps: int) -> Clip:
    left = {"Head": (0.0, 45.0, 0.0), "Neck": (0.0, 15.0, 0.0), "Spine1": (0.0, 12.0, 0.0)}
    right = {"Head": (0.0, -45.0, 0.0), "Neck": (0.0, -15.0, 0.0), "Spine1": (0.0, -12.0, 0.0)}
    return one_shot(step, fps, "look_around", [(0.0, {}), (0.5, left), (1.0, left), (1.6, right), (2.0, right),
                                               (2.4, {})])


BUILDERS: dict[str, Callable[[MotionStep, int], Clip]] = {
    "walk": lambda s, fps: gait(s, fps, kind="walk"),
    "run": lambda s, fps: gait(s, fps, kind="run"),
    "walk_backward": lambda s, fps: gait(s, fps, kind="walk_backward"),
    "jump": jump, "jumping_jacks": jumping_jacks, "wave": wave, "sit_down": sit_down, "stand_up": stand_up,
    "bow": bow, "kick": kick, "punch": punch, "sword_slash": sword_slash, "dance": dance, "idle": idle,
    "turn": turn, "crouch": crouch, "clap": clap, "point": point, "nod": nod, "shake_head": shake_head,
    "fall": fall, "squat": squat, "cheer": cheer, "look_around": look_around,
}
assert set(BUILDERS) == set(PRIMITIVES), "every catalogued primitive needs a builder"


def build(step: MotionStep, fps: int, *, state: str = "standing") -> Clip:
    """The clip of one script step; ``state`` is the body state it starts from (for stand_up)."""
    if step.action == "stand_up":
        return stand_up(step, fps, start=state)
    return BUILDERS[step.action](step, fps)
