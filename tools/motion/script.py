"""The motion script: a JSON list of primitives with parameters, played in order.

This is what the text parser produces and what an LLM planner may write directly into the
motion tool's ``script`` argument::

    [{"action": "wave", "times": 2, "speed": 1.0, "duration_s": null, "hand": "right"},
     {"action": "jump", "times": 2},
     {"action": "turn", "direction": "left", "angle_deg": 90},
     {"action": "walk", "duration_s": 3, "speed": 1.5}]

Fields (all but ``action`` optional):

- ``action``: a primitive name (``motion_script_schema()`` lists them; spaces or dashes are
  accepted for underscores, e.g. ``"sit down"``).
- ``times``: repetitions (steps for ``walk``/``run``/``walk_backward``), 1-50.
- ``speed``: playback speed factor, 0.25-4 (2.0 = twice as fast).
- ``duration_s``: seconds for this step; periodic actions repeat to fill it, one-shot actions
  play once and hold their last pose. Wins over ``times``. 0 < duration_s <= 60.
- ``hand``: ``left``/``right`` for one-handed actions (wave, punch, point, sword_slash),
  ``foot``: ``left``/``right`` for kick.
- ``direction``/``angle_deg``: for ``turn`` (``left``, ``right`` or ``around`` = 180).
- ``intensity``: 0.2-1.5, how big the movement is (1.0 = the library's default).

A whole script lasts at most 60 seconds.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

from tools.motion.catalog import NAMES, known_list

MAX_TOTAL_S = 60.0
MAX_TIMES = 50


class MotionStep(BaseModel):
    """One primitive in a motion script."""

    model_config = ConfigDict(extra="forbid")

    action: str = Field(description="primitive name: " + ", ".join(NAMES))
    times: int = Field(default=1, ge=1, le=MAX_TIMES, description="repetitions (steps for walk/run)")
    speed: float = Field(default=1.0, ge=0.25, le=4.0, description="playback speed factor")
    duration_s: float | None = Field(default=None, description="seconds; periodic actions fill it, wins over times")
    hand: Literal["left", "right"] | None = Field(default=None, description="for wave, punch, point, sword_slash")
    foot: Literal["left", "right"] | None = Field(default=None, description="for kick")
    direction: Literal["left", "right", "around"] | None = Field(default=None, description="for turn")
    angle_deg: float | None = Field(default=None, ge=10, le=720, description="for turn; default 90 (180 for around)")
    intensity: float = Field(default=1.0, ge=0.2, le=1.5, description="movement size, 1.0 = default")

    @field_validator("action")
    @classmethod
    def _known_action(cls, value: str) -> str:
        name = value.strip().lower().replace(" ", "_").replace("-", "_")
        if name not in NAMES:
            raise ValueError(f"unknown motion {value!r}; the motion library has: {known_list()}")
        return name

    @field_validator("duration_s")
    @classmethod
    def _sane_duration(cls, value: float | None) -> float | None:
        if value is not None and not (0.0 < value <= MAX_TOTAL_S):
            raise ValueError(f"a motion step lasts more than 0 and at most {MAX_TOTAL_S:g} seconds, not {value:g}; "
                             "split longer performances into several clips")
        return value

    def label(self) -> str:
        """``wave (right hand) x2``-style text for messages."""
        extras = [f"{self.hand} hand" if self.hand else "", f"{self.foot} foot" if self.foot else "",
                  self.direction or "", f"{self.angle_deg:g}°" if self.angle_deg else "",
                  f"{self.duration_s:g} s" if self.duration_s else "",
                  f"speed {self.speed:g}" if self.speed != 1.0 else ""]
        extra = ", ".join(e for e in extras if e)
        text = self.action.replace("_", " ") + (f" ({extra})" if extra else "")
        return text + (f" ×{self.times}" if self.times > 1 and not self.duration_s else "")


MotionScript = TypeAdapter(list[MotionStep])


def parse_script(data: Any) -> list[MotionStep]:
    """Validate a motion script given as JSON text or already-decoded data."""
    if isinstance(data, (str, bytes)):
        return MotionScript.validate_json(data)
    return MotionScript.validate_python(data)


def motion_script_schema() -> dict[str, Any]:
    """The JSON schema of a motion script, for LLM planners' structured output."""
    return MotionScript.json_schema()
