"""Compose a motion script into one clip: order, blends, heading, ground contact, foot locking.

- Order and state: steps play in order; when a step needs the character standing and it is
  sitting, crouching or lying, a ``stand_up`` is inserted (and reported).
- Blends: each step's first ``BLEND_S`` seconds are slerped from the previous step's last
  pose, so there are no pops between primitives (and a continued clip starts from the
  uploaded clip's last pose).
- Heading: turns change the heading that later steps start from.
- Ground: on grounded frames the root height puts the lowest point of the body (soles, then
  any joint) exactly at y = 0; airborne frames (jumps, running flight) follow an arc above
  the take-off/landing heights and are never allowed below the ground.
- Foot locking: horizontal root motion is derived from the planted point (a foot on the
  ground, or whatever body part lies lowest), which stays fixed until it lifts, so feet do
  not slide; in the air the take-off velocity carries on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tools.motion import quat
from tools.motion.catalog import PRIMITIVES
from tools.motion.primitives import Clip, build
from tools.motion.script import MAX_TOTAL_S, MotionStep
from tools.motion.skeleton import FEET, INDEX, NAMES, SOLE_POINTS, forward_kinematics

BLEND_S = 0.25
CONTACT_M = 0.02  # a point this close to the lowest one counts as touching the ground
CANDIDATES = SOLE_POINTS + tuple((name, (0.0, 0.0, 0.0)) for name in NAMES)


class ScriptTooLong(ValueError):
    """The composed clip would exceed ``MAX_TOTAL_S``."""


@dataclass
class Segment:
    action: str
    label: str
    start_s: float
    end_s: float
    inserted: bool = False


@dataclass
class Motion:
    """A finished clip on the built-in skeleton."""

    rotations: np.ndarray  # [T, J, 4] local rotations (Hips carries the heading)
    root: np.ndarray  # [T, 3] Hips position, metres
    fps: int
    segments: list[Segment] = field(default_factory=list)
    state: str = "standing"

    @property
    def frames(self) -> int:
        return len(self.rotations)

    @property
    def duration_s(self) -> float:
        return (self.frames - 1) / self.fps

    def positions(self) -> np.ndarray:
        return forward_kinematics(self.rotations, self.root)[0]


def plan_steps(steps: list[MotionStep], *, state: str = "standing") -> list[tuple[MotionStep, str, bool]]:
    """``(step, state it starts from, inserted?)`` with ``stand_up`` inserted where needed."""
    out: list[tuple[MotionStep, str, bool]] = []
    for number, step in enumerate(steps):
        info = PRIMITIVES[step.action]
        if step.action == "stand_up" and number == 0 and state == "standing":
            state = "sitting"  # "stand up" on its own: the clip starts seated
        if step.action != "stand_up" and info.start == "standing" and state != "standing":
            out.append((MotionStep(action="stand_up", speed=step.speed), state, True))
            state = "standing"
        out.append((step, state, False))
        state = "standing" if step.action == "stand_up" else info.end
    return out


def compose(steps: list[MotionStep], *, fps: int = 30, prefix: Motion | None = None,
            check_cancel=lambda: None) -> Motion:
    """Build the clips of ``steps`` and join them (after ``prefix`` when continuing a clip)."""
    state = prefix.state if prefix is not None else "standing"
    clips: list[Clip] = []
    segments: list[Segment] = list(prefix.segments) if prefix is not None else []
    t = prefix.duration_s if prefix is not None else 0.0
    for step, start_state, inserted in plan_steps(steps, state=state):
        check_cancel()
        clip = build(step, fps, state=start_state)
        seconds = (clip.frames - 1) / fps
        label = step.label() if not inserted else f"stand up (inserted: the character was {start_state})"
        segments.append(Segment(step.action, label, round(t, 3), round(t + seconds, 3), inserted))
        clips.append(clip)
        t += seconds
        state = "standing" if step.action == "stand_up" else PRIMITIVES[step.action].end
    if t > MAX_TOTAL_S + 1e-6:
        raise ScriptTooLong(f"the motion would last {t:.1f} s; a clip lasts at most {MAX_TOTAL_S:g} s")
    rotations, lift, airborne, carry, planted = _join(clips, fps, prefix)
    start = 0 if prefix is None else prefix.frames
    root = _place_root(rotations, lift, airborne, carry, planted, start=start,
                       prefix_root=None if prefix is None else prefix.root)
    return Motion(rotations=rotations, root=root, fps=fps, segments=segments, state=state)


def _join(clips: list[Clip], fps: int, prefix: Motion | None
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    parts: list[np.ndarray] = []
    carries: list[np.ndarray] = []
    planted: list[np.ndarray] = []
    lifts: list[np.ndarray] = []
    airs: list[np.ndarray] = []
    heading = 0.0
    last: np.ndarray | None = None
    if prefix is not None:
        parts.append(prefix.rotations)
        lifts.append(np.zeros(prefix.frames))
        airs.append(np.zeros(prefix.frames, dtype=bool))
        carries.append(np.zeros(prefix.frames, dtype=bool))
        planted.append(np.ones((prefix.frames, 2), dtype=bool))
        last = prefix.rotations[-1]
        heading = float(quat.yaw_of(prefix.rotations[-1, INDEX["Hips"]]))
    blend_frames = max(1, int(round(BLEND_S * fps)))
    for clip in clips:
        rotations = clip.rotations.copy()
        hips = INDEX["Hips"]
        rotations[:, hips] = quat.multiply(quat.about_y(heading), rotations[:, hips])
        if last is not None:
            # the first frame of a clip repeats the last frame of the previous one: drop it
            rotations = rotations[1:]
            n = min(blend_frames, len(rotations))
            weights = np.ones(len(rotations))
            weights[:n] = _smooth(np.arange(1, n + 1) / (n + 1))
            rotations = quat.slerp(np.broadcast_to(last, rotations.shape), rotations, weights)
            parts.append(rotations)
            lifts.append(clip.lift[1:])
            airs.append(clip.airborne[1:])
            carries.append(np.full(len(rotations), clip.carry))
            planted.append(clip.planted[1:])
        else:
            parts.append(rotations)
            lifts.append(clip.lift)
            airs.append(clip.airborne)
            carries.append(np.full(len(rotations), clip.carry))
            planted.append(clip.planted)
        last = parts[-1][-1]
        heading += clip.yaw_deg
    return np.concatenate(parts), np.concatenate(lifts), np.concatenate(airs), np.concatenate(carries), np.concatenate(planted)


def _smooth(t: np.ndarray) -> np.ndarray:
    return t * t * (3.0 - 2.0 * t)


def _place_root(rotations: np.ndarray, lift: np.ndarray, airborne: np.ndarray, carry: np.ndarray,
                planted: np.ndarray, *, start: int,
                prefix_root: np.ndarray | None) -> np.ndarray:
    """Root positions from the ground rule and the planted point (frames ``start:`` only)."""
    frames = len(rotations)
    zero = np.zeros((frames, 3))
    joints, _, soles = forward_kinematics(rotations, zero, SOLE_POINTS)
    points = np.concatenate([soles, joints], axis=1)  # [T, P, 3] relative to the root
    lowest = points[:, :, 1].min(axis=1)
    root = np.zeros((frames, 3))
    if prefix_root is not None:
        root[:start] = prefix_root
    height = -lowest
    grounded = ~airborne
    grounded[:start] = True
    idx = np.arange(frames)
    if grounded[start:].any() and (~grounded[start:]).any():
        known = idx[grounded]
        height_known = height[grounded]
        if prefix_root is not None:
            height_known = np.where(known < start, prefix_root[np.minimum(known, start - 1), 1], height_known)
        base = np.interp(idx, known, height_known)
        height = np.where(grounded, height, base + lift)
    height = np.maximum(height, -lowest)  # never below the ground
    root[start:, 1] = height[start:]

    # horizontal: keep the planted point still
    anchor = -1
    velocity = np.zeros(2)
    position = root[start - 1, [0, 2]].copy() if start > 0 else np.zeros(2)
    if start == 0:
        root[0, [0, 2]] = position
    first = max(start, 1)
    window = 9
    planted_mask = _planted_points(planted)
    def allowed_at(t: int) -> np.ndarray:
        world_y = points[t, :, 1] + root[t, 1]
        touching = world_y <= world_y.min() + CONTACT_M
        allowed = touching & planted_mask[t]
        return allowed if allowed.any() else touching

    def lowest_of(t: int, allowed: np.ndarray) -> int:
        return int(np.argmin(np.where(allowed, points[t, :, 1], np.inf)))

    anchor = -1 if airborne[first - 1] else lowest_of(first - 1, allowed_at(first - 1))
    for t in range(first, frames):
        if airborne[t]:
            if carry[t]:
                position = position + velocity  # running flight: the take-off velocity carries on
            anchor = -1
        else:
            now = allowed_at(t)
            if anchor >= 0 and not now[anchor]:
                # hand over to a point that was planted in the previous frame and still is
                both = now & allowed_at(t - 1)
                if both.any():
                    anchor = lowest_of(t, both)
            if anchor >= 0:  # the planted point stays put
                position = position + (points[t - 1, anchor, [0, 2]] - points[t, anchor, [0, 2]])
            if anchor < 0 or not now[anchor]:
                anchor = lowest_of(t, now)
        root[t, [0, 2]] = position
        if not airborne[t]:
            back = max(0, t - window)
            velocity = (position - root[back, [0, 2]]) / max(1, t - back)
    return root


def _planted_points(planted: np.ndarray) -> np.ndarray:
    """Per frame, which candidate points may anchor: those of a planted foot (a primitive's
    hint; both feet when it gives none) and every joint that is not part of a foot."""
    frames = len(planted)
    mask = np.ones((frames, len(CANDIDATES)), dtype=bool)
    for k, (name, _) in enumerate(CANDIDATES):
        for side, (ankle, toe) in enumerate(FEET):
            if name in (ankle, toe):
                mask[:, k] = planted[:, side]
    return mask
