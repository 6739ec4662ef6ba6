"""The names and properties of the motion primitives (plain data: no numpy).

``cycle_s`` is one natural repetition at speed 1.0; ``periodic`` primitives fill a requested
duration by repeating their cycle, one-shot primitives play once and hold their last pose.
``start``/``end`` are body states; the composer inserts ``stand_up`` when an action needs the
character standing and it is sitting, crouching or lying.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

State = Literal["standing", "sitting", "crouching", "lying"]


@dataclass(frozen=True)
class PrimitiveInfo:
    name: str
    description: str
    cycle_s: float
    periodic: bool
    sided: Literal["hand", "foot"] | None = None
    start: State = "standing"
    end: State = "standing"
    unit: str = "times"  # what ``times`` counts (steps for gaits)


PRIMITIVES: dict[str, PrimitiveInfo] = {
    info.name: info
    for info in (
        PrimitiveInfo("walk", "walk forward (times = steps)", 0.55, True, unit="steps"),
        PrimitiveInfo("run", "run forward (times = steps)", 0.36, True, unit="steps"),
        PrimitiveInfo("jump", "jump up in place with a crouch and a landing", 1.1, False),
        PrimitiveInfo("jumping_jacks", "jumping jacks (arms and legs out and in)", 0.9, True),
        PrimitiveInfo("wave", "wave one hand overhead (hand: left/right)", 0.8, True, sided="hand"),
        PrimitiveInfo("sit_down", "sit down onto a seat", 1.6, False, end="sitting"),
        PrimitiveInfo("stand_up", "stand up from sitting, crouching or lying", 1.6, False, start="sitting"),
        PrimitiveInfo("bow", "bow from the waist and come back up", 1.8, False),
        PrimitiveInfo("kick", "a front kick (foot: left/right)", 1.0, False, sided="foot"),
        PrimitiveInfo("punch", "a straight punch (hand: left/right)", 0.7, False, sided="hand"),
        PrimitiveInfo("sword_slash", "a two-handed diagonal sword slash", 1.2, False, sided="hand"),
        PrimitiveInfo("dance", "a side-step dance with swinging arms", 1.6, True),
        PrimitiveInfo("idle", "stand and breathe (idle)", 3.0, True),
        PrimitiveInfo("turn", "turn in place (direction: left/right/around)", 1.2, False),
        PrimitiveInfo("crouch", "crouch down and stay low", 1.0, False, end="crouching"),
        PrimitiveInfo("clap", "clap the hands in front of the chest", 0.5, True),
        PrimitiveInfo("point", "point forward with one arm (hand: left/right)", 1.6, False, sided="hand"),
        PrimitiveInfo("nod", "nod the head (yes)", 0.7, True),
        PrimitiveInfo("shake_head", "shake the head (no)", 0.8, True),
        PrimitiveInfo("fall", "fall backwards onto the ground", 1.4, False, end="lying"),
        PrimitiveInfo("squat", "a squat (down and up)", 1.6, True),
        PrimitiveInfo("cheer", "raise both arms and cheer", 1.2, True),
        PrimitiveInfo("look_around", "look left and right", 2.4, False),
        PrimitiveInfo("walk_backward", "walk backwards (times = steps)", 0.6, True, unit="steps"),
    )
}

NAMES: tuple[str, ...] = tuple(PRIMITIVES)


def known_list() -> str:
    """A one-line list of the primitive names, for error messages."""
    return ", ".join(name.replace("_", " ") for name in NAMES)


# What a player hears a primitive called (tool summaries: ``tools/motion/words.py``).
SAID: dict[str, tuple[str, str]] = {
    "walk": ("walk", "걷기"), "run": ("run", "달리기"), "jump": ("jump", "점프"),
    "jumping_jacks": ("jumping jacks", "팔 벌려 뛰기"), "wave": ("wave", "손 흔들기"), "sit_down": ("sit down", "앉기"),
    "stand_up": ("stand up", "일어서기"), "bow": ("bow", "인사"), "kick": ("kick", "발차기"), "punch": ("punch", "주먹 지르기"),
    "sword_slash": ("sword slash", "칼 휘두르기"), "dance": ("dance", "춤"), "idle": ("stand and breathe", "가만히 서 있기"),
    "turn": ("turn", "돌기"), "crouch": ("crouch", "웅크리기"), "clap": ("clap", "박수"), "point": ("point", "가리키기"),
    "nod": ("nod", "끄덕이기"), "shake_head": ("shake head", "고개 젓기"), "fall": ("fall", "넘어지기"),
    "squat": ("squat", "스쿼트"), "cheer": ("cheer", "환호"), "look_around": ("look around", "둘러보기"),
    "walk_backward": ("walk backward", "뒤로 걷기"),
}
