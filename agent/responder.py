"""The plain reply: says what was made and what failed, in the request's language.

The persona and LLM issues replace this with in-character, streamed replies; this one stays
the embedded fallback, so it must be honest and grounded in the actual results.
"""

from __future__ import annotations

from typing import Iterable

from agent.executor import StepOutcome
from agent.types import Plan

_KIND_WORDS = {
    "en": {"image": "an image", "video": "a video", "mesh": "a 3D model", "motion": "a motion clip",
           "audio": "an audio clip", "visemes": "a viseme track", "text": "a transcript"},
    "ko": {"image": "이미지", "video": "영상", "mesh": "3D 모델", "motion": "모션", "audio": "음성",
           "visemes": "비짐 트랙", "text": "텍스트"},
}

_TALK = {
    "en": "I'm Atelier. I can make images, 360° panoramas, videos, 3D models, character motion, "
          "speech and talking avatars. Tell me what to create, e.g. \"make a red wooden table in 3D\".",
    "ko": "저는 아틀리에예요. 이미지, 360° 파노라마, 영상, 3D 모델, 캐릭터 모션, 음성, 말하는 아바타를 만들 수 "
          "있어요. 만들고 싶은 것을 말해 주세요. 예: \"빨간 나무 탁자를 3D로 만들어 줘\"",
}


def _lang(language: str) -> str:
    return "ko" if language == "ko" else "en"


def reply_for(plan: Plan, outcomes: Iterable[StepOutcome]) -> str:
    """One short paragraph about the turn's results."""
    lang = _lang(plan.language)
    if not plan.steps:
        return _TALK[lang]
    words = _KIND_WORDS[lang]
    lines: list[str] = []
    for outcome in outcomes:
        step = outcome.step
        if outcome.status == "ok":
            made = ", ".join(words.get(a.kind, a.kind) for a in outcome.artifacts) or step.tool
            detail = f" — {outcome.message}" if outcome.message else ""
            lines.append(f"{step.id} ({step.tool}): " + (f"만들었어요: {made}{detail}" if lang == "ko" else f"made {made}{detail}"))
        else:
            reason = outcome.error.message if outcome.error else outcome.status
            lines.append(f"{step.id} ({step.tool}): " + (f"실패했어요 — {reason}" if lang == "ko" else f"failed — {reason}"))
    return "\n".join(lines)
