"""A talking head that speaks a recording the user gave (docs/plan-conventions.md rules 2 and 3).

"I recorded the line myself (line1.ogg). Make a new face and have it say my recording", "미리 녹음해 둔
멘트(intro.mp3) 올려요. 이걸로 말하는 아바타 만들어 주세요": the recording is the avatar's voice, an input,
not a step. With no words quoted for it to say, a voice step planned there can only read out the sentence
about the upload ("... 녹음(wr.wav) 올림"), and a transcription of it feeds nothing; both go, and the avatar
takes the recording itself.
"""

from __future__ import annotations

from typing import Sequence

from agent.planner.base import PlanContext
from agent.planner.renumber import renumbered
from agent.types import Step, refs_in


def avatar_speaks_the_recording(steps: Sequence[Step], quoted: bool, ctx: PlanContext) -> list[Step]:
    """``steps`` with every talking head voiced by the one recording uploaded with the request, when no words
    are quoted for it to say: voice steps of literal words and transcriptions that feed nothing else are
    dropped. Unchanged when the plan has no avatar, several or no audio uploads, or words are quoted."""
    recordings = [artifact for artifact in ctx.attachments if artifact.kind == "audio"]
    if quoted or len(recordings) != 1 or not any(step.tool == "avatar" for step in steps):
        return list(steps)
    voice = {"$artifact": recordings[0].id}
    avatars = {step.id for step in steps if step.tool == "avatar"}
    dropped = {step.id for step in steps if step.tool == "speech" and isinstance(step.args.get("text"), str)
               and _feeds_only(step, steps, avatars)}
    dropped |= {step.id for step in steps if step.tool == "transcribe" and _feeds_only(step, steps, dropped)}
    out: list[Step] = []
    for step in steps:
        if step.id in dropped:
            continue
        if step.tool == "avatar":
            args = {key: value for key, value in step.args.items()
                    if not any(ref.get("$ref") in dropped for ref in refs_in(value))}
            args["audio"] = voice
            args.pop("text", None)
            args.pop("language", None)
            step = step.model_copy(update={"args": args, "depends_on": [d for d in step.depends_on if d not in dropped]})
        out.append(step)
    return renumbered(out) if dropped else out


def _feeds_only(step: Step, steps: Sequence[Step], allowed: set[str]) -> bool:
    """Whether every step that takes ``step``'s result is in ``allowed`` (true when none takes it)."""
    return all(other.id in allowed for other in steps if step.id in other.depends_on)


__all__ = ["avatar_speaks_the_recording"]
