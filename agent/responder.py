"""The plain reply: says what was made and what failed, in the request's language.

The persona's embedded responder (``persona.responder.reply_for``: small talk, the persona's
voice) and the LLM responder build on these lines; this one stays the honest fallback, grounded
in the actual results, and the orchestrator's reply when no persona responder is wired in.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from agent.executor import StepOutcome
from agent.types import Plan

_KIND_WORDS = {
    "en": {"image": "an image", "video": "a video", "mesh": "a 3D model", "motion": "a motion clip",
           "audio": "an audio clip", "visemes": "a viseme track", "text": "a transcript"},
    "ko": {"image": "이미지", "video": "영상", "mesh": "3D 모델", "motion": "모션", "audio": "음성",
           "visemes": "비짐 트랙", "text": "텍스트"},
}

# files whose kind alone says the wrong thing (a level's JSON is "text", but no transcript)
_FORMAT_WORDS = {"en": {"level-json": "the level JSON", "tiled-tmj": "a Tiled map"},
                 "ko": {"level-json": "레벨 JSON", "tiled-tmj": "Tiled 맵"}}

_TALK = {
    "en": "I'm Atelier. I can make images, 360° panoramas, videos, 3D models, character motion, "
          "speech and talking avatars. Tell me what to create, e.g. \"make a red wooden table in 3D\".",
    "ko": "저는 아틀리에예요. 이미지, 360° 파노라마, 영상, 3D 모델, 캐릭터 모션, 음성, 말하는 아바타를 만들 수 "
          "있어요. 만들고 싶은 것을 말해 주세요. 예: \"빨간 나무 탁자를 3D로 만들어 줘\"",
}


def _lang(language: str) -> str:
    return "ko" if language == "ko" else "en"


_ACK = {"en": "On it: {things}. I'll show each one as soon as it's ready.",
        "ko": "바로 시작할게요: {things}. 준비되는 대로 하나씩 보여 드릴게요."}
_TOOL_WORDS = {
    "en": {"image": "an image", "panorama": "a 360° panorama", "video": "a video", "mesh": "a 3D model",
           "motion": "a motion clip", "speech": "speech", "transcribe": "a transcript", "avatar": "a talking avatar",
           "level": "a game level"},
    "ko": {"image": "이미지", "panorama": "360° 파노라마", "video": "영상", "mesh": "3D 모델", "motion": "모션",
           "speech": "음성", "transcribe": "받아쓰기", "avatar": "말하는 아바타", "level": "게임 레벨"},
}


def acknowledgement(plan: Plan) -> str:
    """The dialogue lane's first words, said as soon as the plan exists, before any asset is
    done, so a slow video never keeps the NPC silent (DESIGN.md section 2)."""
    lang = _lang(plan.language)
    things = ", ".join(_TOOL_WORDS[lang].get(step.tool, step.tool) for step in plan.steps)
    return _ACK[lang].format(things=things)


_REMEMBERED = {"en": "You told me before: “{fact}”", "ko": "전에 이렇게 말해 주셨죠: “{fact}”"}


def plain_reply(plan: Plan, outcomes: Iterable[StepOutcome], memories: Sequence[str] = (),
                persona: Any = None, request_text: str = "") -> str:
    """One short paragraph about the turn's results. ``memories``: facts recalled for this
    request (memory/service.py, most relevant first); a talk-only turn answers with the best one.
    ``persona`` and ``request_text`` are not used: plain words, the shape of
    ``agent.protocols.ReplyWriter``."""
    lang = _lang(plan.language)
    if not plan.steps:
        if memories:
            return _REMEMBERED[lang].format(fact=memories[0].strip())
        return _TALK[lang]
    words = _KIND_WORDS[lang]
    lines: list[str] = []
    for outcome in outcomes:
        step = outcome.step
        if outcome.status == "ok":
            made = ", ".join(_FORMAT_WORDS[lang].get(str(a.meta.get("format")), words.get(a.kind, a.kind))
                             for a in outcome.artifacts if a.meta.get("role") != "tileset") or step.tool
            detail = f" — {outcome.message}" if outcome.message else ""
            lines.append(f"{step.id} ({step.tool}): " + (f"만들었어요: {made}{detail}" if lang == "ko" else f"made {made}{detail}"))
        else:
            reason = outcome.error.message if outcome.error else outcome.status
            lines.append(f"{step.id} ({step.tool}): " + (f"실패했어요 — {reason}" if lang == "ko" else f"failed — {reason}"))
    return "\n".join(lines)
