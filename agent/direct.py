"""Direct control of an NPC by the app it lives in (DESIGN.md section 12), beside the user's turns:

- :func:`say`: the NPC speaks exactly this line, with an emotion if given: a ``message`` and its
  speech and visemes, no planner and no moderation (the app wrote the line, not a player);
  remembered as the persona's words.
- :func:`narrate`: a world event the NPC is told of ("the player picked up the cursed ring"): it
  is remembered (the persona knows it from now on, and its conversation buffer shows it) and,
  unless ``react=False``, the persona reacts in character, moderated like any reply.

Both are turns of their own (``turn_started`` ... ``turn_done``, ``data.mode`` says which), so
the studio, the API and the CLI render them like any other.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import TYPE_CHECKING, Any, AsyncIterator, Protocol

from agent.emotion import EMOTIONS, tag
from agent.errors import AtelierError, InputError
from agent.reply import Reply, TurnEvents, reply_events
from agent.text import detect_language, split_sentences
from agent.types import Clock, Event, Plan, Request
from agent.voice import ReplyVoice

if TYPE_CHECKING:
    from agent.config import Settings
    from agent.protocols import Memory, ReplyWriter, Responder, TurnSafety
    from agent.registry import ToolRegistry
    from agent.store import ArtifactStore

MAX_NARRATION_CHARS = 2000  # a world event is a line or two, not a chapter


class Speaking(Protocol):
    """The parts of an orchestrator that direct control uses (``agent.orchestrator.Orchestrator``)."""

    settings: "Settings"
    registry: "ToolRegistry"
    safety: "TurnSafety | None"
    memory: "Memory | None"
    responder: "Responder | None"
    embedded_reply: "ReplyWriter"

    def store_for(self, request: Request) -> "ArtifactStore": ...


def check_emotion(emotion: str | None) -> str | None:
    if emotion is not None and emotion not in EMOTIONS:
        raise InputError(f"unknown emotion {emotion!r}; use one of {', '.join(EMOTIONS)}")
    return emotion


def check_narration(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InputError("the event is empty: say what happened, e.g. 'the player picked up the cursed ring'")
    if len(text) > MAX_NARRATION_CHARS:
        raise InputError(f"the event is {len(text)} characters long; keep it under {MAX_NARRATION_CHARS} "
                         "(a line or two about what happened)")
    return text


def _start(orchestrator: Speaking, request: Request) -> tuple[Request, Any, TurnEvents]:
    card = orchestrator.safety.persona_for(request) if orchestrator.safety is not None else None
    if card is not None and request.persona != card.id:
        request = request.model_copy(update={"persona": card.id})
    return request, card, TurnEvents(turn_id=f"t_{secrets.token_hex(6)}", speaker=card.id if card else None,
                                     clock=Clock())


def _voice(orchestrator: Speaking, request: Request, card: Any, event: TurnEvents) -> ReplyVoice:
    voice = ReplyVoice.for_turn(request, registry=orchestrator.registry, store=orchestrator.store_for(request),
                                settings=orchestrator.settings, event=event,
                                voice=orchestrator.safety.voice_for(card) if orchestrator.safety is not None else None)
    voice.speaker = event.speaker
    return voice


async def say(orchestrator: Speaking, request: Request, *, emotion: str | None = None) -> AsyncIterator[Event]:
    """The persona says ``request.text`` word for word, always aloud (speech and visemes)."""
    emotion = check_emotion(emotion)
    request, card, event = _start(orchestrator, request.model_copy(update={"voice": True}))
    line = " ".join(tag(emotion, s) for s in split_sentences(request.text)) if emotion else request.text
    yield event("turn_started", data={"session_id": request.session_id, "user_id": request.user_id, "mode": "say"})
    yield event.said(line, mode="say")
    async for spoken in _voice(orchestrator, request, card, event).speak(line, emotion=emotion):
        yield spoken
    if orchestrator.memory is not None:
        try:
            await asyncio.to_thread(orchestrator.memory.remember_turn, user=request.user_id, persona=request.persona,
                                    session=request.session_id, text="", reply=request.text, turn_id=event.turn_id)
        except AtelierError as exc:
            yield event("warning", message=f"this line was not remembered: {exc.message}")
    yield event("turn_done", data={"status": "ok", "failed_steps": [], "mode": "say"})


async def narrate(orchestrator: Speaking, request: Request, *, react: bool = True) -> AsyncIterator[Event]:
    """Tell the persona of the world event ``request.text``; it remembers it and, with ``react``,
    answers in character (moderated, spoken when the request asks for voice)."""
    happened = check_narration(request.text)
    request, card, event = _start(orchestrator, request)
    yield event("turn_started", data={"session_id": request.session_id, "user_id": request.user_id,
                                      "mode": "narrate", "event": happened})
    memory = orchestrator.memory
    if memory is not None:
        try:
            await asyncio.to_thread(memory.remember_event, user=request.user_id, persona=request.persona,
                                    session=request.session_id, text=happened, turn_id=event.turn_id)
        except AtelierError as exc:
            yield event("warning", message=f"the event was not remembered: {exc.message}")
    if not react:
        yield event("turn_done", data={"status": "ok", "failed_steps": [], "mode": "narrate"})
        return
    conversation = request.conversation()
    if conversation is None and memory is not None:
        try:
            conversation = await asyncio.to_thread(lambda: memory.recall(
                user=request.user_id, query=happened, persona=request.persona, session=request.session_id).history())
        except AtelierError:
            conversation = None
    language = request.language or detect_language(happened)
    out = Reply()
    async for item in reply_events(
            safety=orchestrator.safety, responder=orchestrator.responder, embedded_reply=orchestrator.embedded_reply,
            event=event, voice=_voice(orchestrator, request, card, event), plan=Plan(steps=[], language=language),
            outcomes=[], request=request, card=card, facts=[], conversation=conversation or [], notes=(),
            warned=set(), out=out, narration=happened, data={"mode": "narrate"}):
        yield item
    if memory is not None and out.text:
        try:
            await asyncio.to_thread(memory.remember_turn, user=request.user_id, persona=request.persona,
                                    session=request.session_id, text="", reply=out.text, turn_id=event.turn_id)
        except AtelierError as exc:
            yield event("warning", message=f"the reaction was not remembered: {exc.message}")
    yield event("turn_done", data={"status": "ok", "failed_steps": [], "mode": "narrate"})
