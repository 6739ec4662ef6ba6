"""The plain reply: says what was made and what failed, for the player, in the turn's language.

Every result has two texts (``agent.types.ToolResult``): the player hears its summary and notes,
never its technical detail (backend, sizes, triangles), step ids or tool names; those go to the
``step_done`` event and the plan panel. A result without a summary of its own is named from its
kind and the request's own words ("빨간 나무 의자 2개를 3D 모델로 만들었어요"). A failure is said in the
turn's language too: an English turn hears the tool's own fix when it is meant for people, a Korean
turn a Korean sentence by the kind of failure (the exact message stays on the ``error`` event).

The persona's embedded responder (``persona.responder.reply_for``: small talk, the persona's
voice, emotion) and the LLM responder build on these lines; this one stays the honest fallback,
grounded in the actual results, and the orchestrator's reply when no persona responder is wired in.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

from agent.executor import StepOutcome
from agent.text import with_particle
from agent.types import Plan, Step, Words

_TALK = {
    "en": "I'm Atelier. I can make images, 360° panoramas, videos, 3D models, character motion, "
          "speech and talking avatars. Tell me what to create, e.g. \"make a red wooden table in 3D\".",
    "ko": "저는 아틀리에예요. 이미지, 360° 파노라마, 영상, 3D 모델, 캐릭터 모션, 음성, 말하는 아바타를 만들 수 "
          "있어요. 만들고 싶은 것을 말해 주세요. 예: \"빨간 나무 탁자를 3D로 만들어 줘\"",
}


def _lang(language: str | None) -> str:
    return "ko" if language == "ko" else "en"


_ACK = {"en": "On it: {things}. I'll show each one as soon as it's ready.",
        "ko": "바로 시작할게요: {things}. 준비되는 대로 하나씩 보여 드릴게요."}
TOOL_WORDS = {
    "en": {"image": "an image", "panorama": "a 360° panorama", "video": "a video", "mesh": "a 3D model",
           "motion": "a motion clip", "speech": "speech", "transcribe": "a transcript", "avatar": "a talking avatar",
           "level": "a game level"},
    "ko": {"image": "이미지", "panorama": "360° 파노라마", "video": "영상", "mesh": "3D 모델", "motion": "모션",
           "speech": "음성", "transcribe": "받아쓰기", "avatar": "말하는 아바타", "level": "게임 레벨"},
}
_SOMETHING = {"en": "something", "ko": "결과물"}


def acknowledgement(plan: Plan) -> str:
    """The dialogue lane's first words, said as soon as the plan exists, before any asset is
    done, so a slow video never keeps the NPC silent (DESIGN.md section 2)."""
    lang = _lang(plan.language)
    things = ", ".join(TOOL_WORDS[lang].get(step.tool, _SOMETHING[lang]) for step in plan.steps)
    return _ACK[lang].format(things=things)


_REMEMBERED = {"en": "You told me before: “{fact}”", "ko": "전에 이렇게 말해 주셨죠: “{fact}”"}
_NOTED = {"en": "I see. I'll keep that in mind.", "ko": "그렇군요. 기억해 둘게요."}

# A finished step said from its kind and the words it was asked for ({subject}), or, without a
# subject, from its kind alone. Korean templates take the subject with its object particle.
_MADE = {
    "en": {"image": ("I drew {subject} for you.", "I drew the picture for you."),
           "panorama": ("Here's a 360° panorama of {subject}.", "Here's the 360° panorama."),
           "video": ("Here's a video of {subject}.", "Here's the video."),
           "mesh": ("Here's {subject} as a 3D model.", "Here's the 3D model."),
           "motion": ("Here's the motion: {subject}.", "Here's the motion clip."),
           "speech": ("Here's the voice line.", "Here's the voice line."),
           "avatar": ("Here's the talking avatar.", "Here's the talking avatar."),
           "transcribe": ("I wrote down what was said.", "I wrote down what was said."),
           "level": ("Here's the level: {subject}.", "Here's the level."),
           "": ("Here's {subject}.", "It's done.")},
    "ko": {"image": ("{subject} 그림을 그렸어요.", "그림을 그렸어요."),
           "panorama": ("{subject} 360° 파노라마를 만들었어요.", "360° 파노라마를 만들었어요."),
           "video": ("{subject} 영상을 만들었어요.", "영상을 만들었어요."),
           "mesh": ("{subject_obj} 3D 모델로 만들었어요.", "3D 모델을 만들었어요."),
           "motion": ("{subject} 동작을 만들었어요.", "동작을 만들었어요."),
           "speech": ("음성을 만들었어요.", "음성을 만들었어요."),
           "avatar": ("말하는 아바타를 만들었어요.", "말하는 아바타를 만들었어요."),
           "transcribe": ("들은 말을 받아 적었어요.", "들은 말을 받아 적었어요."),
           "level": ("레벨을 만들었어요.", "레벨을 만들었어요."),
           "": ("{subject_obj} 만들었어요.", "다 됐어요.")},
}

# A step that did not work, by the kind of failure; {what} is the result it was to make.
_FAILED = {
    "en": {"InputError": "I couldn't make {what}: {why}",
           "ToolError": "I couldn't make {what}: {why}",
           "PlanError": "I couldn't make {what}: it needed something I didn't have.",
           "ArtifactNotFound": "I couldn't make {what}: I can't find the file it should start from.",
           "DependencyFailed": "I couldn't make {what}, because the part it builds on didn't work out.",
           "StepTimeout": "{What} took too long, so I stopped it. Something simpler might work.",
           "Cancelled": "{What} was cancelled.",
           "BackendError": "Something went wrong while making {what}.",
           "": "Something went wrong while making {what}."},
    "ko": {"InputError": "{what_obj} 만들지 못했어요. 요청에 맞출 수 없는 부분이 있었어요.",
           "ToolError": "{what_obj} 만들지 못했어요. 요청에 맞출 수 없는 부분이 있었어요.",
           "PlanError": "{what_obj} 만들지 못했어요. 필요한 재료가 없었어요.",
           "ArtifactNotFound": "{what_obj} 만들지 못했어요. 바탕이 될 파일을 찾을 수 없었어요.",
           "DependencyFailed": "앞 단계가 잘 안 돼서 {what}도 만들지 못했어요.",
           "StepTimeout": "{what_subj} 너무 오래 걸려서 멈췄어요. 더 간단하게 부탁해 주세요.",
           "Cancelled": "{what_subj} 취소됐어요.",
           "BackendError": "{what_obj} 만드는 중에 문제가 생겼어요.",
           "": "{what_obj} 만드는 중에 문제가 생겼어요."},
}
_RETRY = {"en": " Trying again may help.", "ko": " 다시 해 보면 될 수도 있어요."}

# Words that belong to the maker's view, never to what a player hears: step ids, tool and
# backend names, model ids, file names, scores and thresholds.
_TECHNICAL = re.compile(
    r"\bs\d{1,4}\b|\b(?:step|backend|embedded|neural|pipeline|diffusers|espeak|pocketsphinx|whisper|coqui|"
    r"shap-?e|controlnet|torch|cuda|models?\.\w+|backends?\.\w+|limits\.\w+|\$ref|\$artifact|a_[0-9a-f]{6,})\b|"
    r"\w+/[\w.-]+|\.(?:glb|bvh|png|mp4|wav|json|py)\b|\d\.\d+\s*>=|\bscore\b|\btool\b",
    re.IGNORECASE)


def is_player_facing(text: str) -> bool:
    """Whether ``text`` can be said to a player: no step ids, tool, backend or model names,
    setting keys, file names or scores (the reply test of issue 20 holds every reply to this)."""
    return not _TECHNICAL.search(text)


def subject_of(step: Step, language: str) -> str:
    """The words a step was asked for ("빨간 나무 의자 2개"), its count folded in; "" when none."""
    subject = step.args.get("prompt") if step.tool not in ("speech", "avatar", "transcribe") else None
    if not isinstance(subject, str) or not subject.strip():
        return ""
    subject = " ".join(subject.split()).strip(" .!?")
    count = step.args.get("count")
    if isinstance(count, int) and count > 1:
        if language == "ko":
            subject = f"{subject} {count}개"
        elif not re.match(r"(?:a|an|one|\d+)\b", subject, re.IGNORECASE):
            subject = f"{count} {subject}"
        else:
            subject = f"{subject} (×{count})"
    return subject[:120]


def made_line(outcome: StepOutcome, language: str) -> str:
    """One sentence about a finished step: the tool's own summary, else its kind and subject."""
    lang = _lang(language)
    if outcome.summary is not None:
        return outcome.summary.say(lang)
    step = outcome.step
    with_subject, bare = _MADE[lang].get(step.tool, _MADE[lang][""])
    subject = subject_of(step, lang)
    if not subject or not is_player_facing(subject):
        return bare
    return with_subject.format(subject=subject, subject_obj=with_particle(subject, "을", "를"))


def failed_line(outcome: StepOutcome, language: str) -> str:
    """One sentence about a step that did not work, without step ids or tool names."""
    lang = _lang(language)
    what = TOOL_WORDS[lang].get(outcome.step.tool, _SOMETHING[lang])
    kind = outcome.error.type if outcome.error is not None else ("Cancelled" if outcome.status == "cancelled" else "")
    if outcome.status == "skipped":
        kind = "DependencyFailed"
    if outcome.error is not None and outcome.error.said and outcome.error.said.get(lang):
        return outcome.error.said[lang]  # the tool's own words for the player
    why = (outcome.error.message if outcome.error is not None else "").strip().rstrip(".")
    table = _FAILED[lang]
    template = table.get(kind, table[""])
    if "{why}" in template and not (why and is_player_facing(why)):
        template = table[""]
    line = template.format(what=what, What=what[:1].upper() + what[1:], why=why,
                           what_obj=with_particle(what, "을", "를"), what_subj=with_particle(what, "이", "가"))
    if outcome.error is not None and outcome.error.retryable and kind not in ("StepTimeout",):
        line += _RETRY[lang]
    return line


def result_lines(outcomes: Iterable[StepOutcome], language: str) -> list[str]:
    """The player-facing sentences about a turn's results: made or failed, then the tools' notes."""
    lines: list[str] = []
    for outcome in outcomes:
        if outcome.status == "ok":
            lines.append(made_line(outcome, language))
            lines.extend(note.say(_lang(language)) for note in outcome.notes)
        else:
            lines.append(failed_line(outcome, language))
    return [line for line in dict.fromkeys(lines) if line]


def plain_reply(plan: Plan, outcomes: Iterable[StepOutcome], memories: Sequence[str] = (),
                persona: Any = None, request_text: str = "", *, history: Sequence[dict[str, str]] = (),
                instructions: str | None = None, notes: Sequence[Words] = (), narration: str | None = None) -> str:
    """One short paragraph about the turn's results, then the planner's ``notes``. ``memories``:
    facts recalled for this request (memory/service.py, most relevant first); a talk-only turn
    answers with the best one; a ``narration`` (a world event) is acknowledged. ``persona``,
    ``request_text``, ``history`` and ``instructions`` are not used: plain words, the shape of
    ``agent.protocols.ReplyWriter``."""
    lang = _lang(plan.language)
    if narration is not None:
        return _NOTED[lang]
    said = [note.say(lang) for note in notes]
    if not plan.steps:
        if said:
            return " ".join(said)
        if memories:
            return _REMEMBERED[lang].format(fact=memories[0].strip())
        return _TALK[lang]
    return " ".join([*result_lines(outcomes, lang), *said])
