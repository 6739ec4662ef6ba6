"""The embedded responder in the persona's voice (no LLM): the orchestrator's ``ReplyWriter``.

A turn with tool steps is described by the player-facing lines of ``agent.responder`` (each
tool's summary and notes, never its technical detail) and, with a persona, styled around them
(``persona.style``: greetings, example lines, only those in the turn's language); a turn without
steps is small talk (``persona.smalltalk``). Every sentence carries an emotion tag chosen from
its words and the persona's temperament (``persona.emotion``), which the voice lane speaks with.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from agent.executor import StepOutcome
from agent.responder import plain_reply
from agent.types import Plan, Words
from persona.card import PersonaCard
from persona.emotion import tag_reply
from persona.reactions import react
from persona.smalltalk import talk_reply
from persona.style import style_reply


def reply_for(plan: Plan, outcomes: Iterable[StepOutcome], memories: Sequence[str] = (),
              persona: PersonaCard | None = None, request_text: str = "", *,
              history: Sequence[dict[str, str]] = (), instructions: str | None = None,
              notes: Sequence[Words] = (), narration: str | None = None) -> str:
    """The embedded reply, in the persona's voice when a card is given, with emotion tags. A turn
    without steps is answered by :func:`persona.smalltalk.talk_reply` (greetings, thanks, "what can
    you do", knowledge facts and the client's ``instructions`` by retrieval, what the user said
    earlier in ``history``, honest limits). ``notes``: what the planner wants the player to know
    (a referent that cannot do what was asked), said after the results; ``narration``: a world
    event the persona reacts to (``persona.reactions``)."""
    if narration is not None:
        return tag_reply(react(narration, persona, plan.language), persona)
    said = [note.say(plan.language) for note in notes]
    if not plan.steps:
        text = talk_reply(request_text, plan.language, persona=persona, memories=memories, history=history,
                          instructions=instructions)
        return tag_reply(" ".join([*said, text]) if said else text, persona)
    plain = " ".join([plain_reply(plan, outcomes, memories), *said])
    if persona is not None:
        plain = style_reply(persona, plain, request_text=request_text, talk_only=False, language=plan.language)
    return tag_reply(plain, persona)
