"""The embedded responder in the persona's voice (no LLM): the orchestrator's ``ReplyWriter``.

A turn with tool steps is described by the plain, factual lines (``agent.responder``) and,
with a persona, styled around them (``persona.style``: greetings, knowledge facts, example
lines); a turn without steps is small talk (``persona.smalltalk``).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from agent.executor import StepOutcome
from agent.responder import plain_reply
from agent.types import Plan
from persona.card import PersonaCard
from persona.smalltalk import talk_reply
from persona.style import style_reply


def reply_for(plan: Plan, outcomes: Iterable[StepOutcome], memories: Sequence[str] = (),
              persona: PersonaCard | None = None, request_text: str = "") -> str:
    """The embedded reply, in the persona's voice when a card is given. A turn without steps
    is answered by :func:`persona.smalltalk.talk_reply` (greetings, thanks, "what can you
    do", knowledge facts by retrieval, honest limits)."""
    if not plan.steps:
        return talk_reply(request_text, plan.language, persona=persona, memories=memories)
    plain = plain_reply(plan, outcomes, memories)
    if persona is None:
        return plain
    return style_reply(persona, plain, request_text=request_text, talk_only=False)
