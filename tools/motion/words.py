"""What the player hears about a motion (``ToolResult.summary`` and ``notes``), in English and
Korean, from the primitives' names (``catalog.SAID``); the frame counts stay in ``detail``."""

from __future__ import annotations

from typing import Iterable, Mapping

from agent.text import with_particle
from agent.types import Words
from tools.motion.catalog import SAID


def _said(action: str, times: int, language: int) -> str:
    name = SAID.get(action, (action.replace("_", " "),) * 2)[language]
    if times > 1:
        return f"{name} ×{times}" if language == 0 else f"{name} {times}번"
    return name


def actions_words(actions: Iterable[tuple[str, int]]) -> Words:
    """"wave ×2, then jump" / "손 흔들기 2번, 그다음 점프"."""
    pairs = list(actions)
    return Words(en=", then ".join(_said(a, t, 0) for a, t in pairs) or "stand still",
                 ko=", 그다음 ".join(_said(a, t, 1) for a, t in pairs) or "가만히 서 있기")


def made(actions: Iterable[tuple[str, int]], seconds: float, *, continued: bool = False) -> Words:
    said = actions_words(actions)
    if continued:
        return Words(en=f"I continued your clip with {said.en} ({seconds:.1f} seconds in all).",
                     ko=f"올려 주신 동작에 이어서 {said.ko} 동작을 붙였어요 (모두 {seconds:.1f}초).")
    return Words(en=f"Here's the motion: {said.en} ({seconds:.1f} seconds).",
                 ko=f"{said.ko} 동작을 만들었어요 ({seconds:.1f}초).")


def described(segments: Iterable[Mapping], seconds: float) -> Words:
    """The answer to "what does this clip do": the recognised primitives in order."""
    pairs = [(str(s["action"]), int(s.get("count", 1)) if s["action"] != "idle" else 1) for s in segments]
    said = actions_words(pairs)
    return Words(en=f"In that {seconds:.1f}-second clip I see: {said.en}.",
                 ko=f"{seconds:.1f}초짜리 그 동작에는 {with_particle(said.ko, '이', '가')} 들어 있어요.")


CHARACTER = Words(
    en="I can't fit the motion onto your own model yet, so it plays on my stock figure; "
       "your game engine can move it onto your character by bone names.",
    ko="아직 직접 만든 모델에는 뼈대를 넣을 수 없어서, 기본 인체 모델로 움직임을 만들었어요.")
PADDED = Words(en="I filled the rest of the time with the figure standing and breathing.",
               ko="남는 시간은 가만히 숨 쉬며 서 있는 모습으로 채웠어요.")
TOO_LONG = Words(en="The moves take a bit longer than the time you asked for.",
                 ko="동작들이 요청한 시간보다 조금 더 걸려요.")
