"""Saying a reply: the part of a turn every way of speaking shares (a user's turn, a reaction to a
narrated world event, a line of a scene).

- :class:`TurnEvents` makes one turn's events: turn id and time filled in, the speaking persona
  on every ``message``, ``message_delta`` and ``audio``; :meth:`TurnEvents.said` shows a tagged
  line without its emotion tags and lists them per sentence (``data.emotions``).
- :func:`reply_events` has the reply written and spoken: the LLM's stream through the moderation
  window (tags split off for the screen, kept for the voice lane), or the embedded reply checked
  window by window; then the whole ``message`` and its speech.
- :func:`moderation_events` / :func:`moderation_warnings`: notices and warnings, once a turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, AsyncIterator, Iterable, Sequence

from agent.emotion import TagStream, normalize, sentence_emotions, strip_tags
from agent.protocols import ModerationDecision, ReplyWriter, Responder, TurnSafety, notice
from agent.types import Clock, Event, Plan, Request, Words

if TYPE_CHECKING:
    from agent.executor import StepOutcome
    from agent.voice import ReplyVoice


@dataclass
class TurnEvents:
    """The event factory of one turn."""

    turn_id: str
    speaker: str | None = None
    clock: Clock = field(default_factory=Clock)

    def __call__(self, kind: str, **fields: Any) -> Event:
        if kind in ("message", "message_delta", "audio"):
            fields.setdefault("speaker", self.speaker)
        return Event(kind=kind, turn_id=self.turn_id, at=self.clock.now(), **fields)  # type: ignore[arg-type]

    def said(self, text: str, **data: Any) -> Event:
        """The whole ``message`` of tagged ``text``: shown without tags, its emotions in ``data``."""
        return self("message", message=strip_tags(text), data={**data, "emotions": sentence_emotions(text)})


def moderation_warnings(event: TurnEvents, notes: Iterable[str], warned: set[str]) -> Iterable[Event]:
    """A ``warning`` per thing that went wrong (a moderation classifier fell back), once a turn."""
    for note in notes:
        if note not in warned:
            warned.add(note)
            yield event("warning", message=note)


def moderation_events(event: TurnEvents, decisions: Iterable[ModerationDecision], warned: set[str], *,
                      heard: bool = False) -> Iterable[Event]:
    """A ``moderation`` notice per flagged decision, after the warnings of deciding them;
    ``heard``: the words were transcribed from speech, and the notice says so."""
    decisions = list(decisions)
    yield from moderation_warnings(event, (w for d in decisions for w in d.warnings), warned)
    for decision in decisions:
        if decision.flagged:
            data = notice(decision, heard=True, reason=f"as heard by the recognizer, not typed: {decision.reason}") \
                if heard else notice(decision)
            yield event("moderation", message=f"moderation{' (heard, not typed)' if heard else ''}: {decision.reason}",
                        data=data)


@dataclass
class Reply:
    """What :func:`reply_events` said: ``text`` as shown (no tags), ``tagged`` as spoken."""

    text: str = ""
    tagged: str = ""


async def reply_events(*, safety: TurnSafety | None, responder: Responder | None, embedded_reply: ReplyWriter,
                       event: TurnEvents, voice: "ReplyVoice", plan: Plan,
                       outcomes: Sequence["StepOutcome"], request: Request, card: Any, facts: Sequence[str],
                       conversation: Sequence[dict[str, str]], notes: Sequence[Words], warned: set[str],
                       out: Reply, narration: str | None = None,
                       data: dict[str, Any] | None = None) -> AsyncIterator[Event]:
    """Write, moderate, show and speak the reply; ``out`` holds it afterwards. ``narration``: a
    world event the persona reacts to instead of the user's words."""
    window = (safety.reply_window(card, session=request.session_id, language=plan.language)
              if safety is not None else None)
    reply: str | None = None  # tagged with emotions (agent/emotion.py) until it is shown
    if responder is not None:  # the LLM speaks: streamed, moderated window by window as it comes
        streamed = responder.stream_reply(
            plan, outcomes, request_text=request.text, persona=card, memories=facts, history=conversation,
            window=window, instructions=request.instructions, notes=notes, narration=narration)
        tags = TagStream()
        async for delta in streamed:
            shown, tagged = tags.feed(delta)
            if shown:
                yield event("message_delta", message=shown)
            for spoken in voice.hear(tagged):  # the first sentence is spoken while the rest streams
                yield spoken
        shown, tagged = tags.close()
        if shown:
            yield event("message_delta", message=shown)
        for spoken in voice.hear(tagged):
            yield spoken
        for item in moderation_warnings(event, streamed.warnings, warned):  # the LLM's, the window's
            yield item
        reply = normalize(streamed.text) if streamed.text is not None else None  # None: the embedded one answers
        if reply is not None:
            for item in moderation_events(event, streamed.flagged, warned):
                yield item
    if reply is None:
        reply = embedded_reply(plan, outcomes, memories=facts, persona=card, request_text=request.text,
                                            history=conversation, instructions=request.instructions, notes=notes,
                                            narration=narration)
        if safety is not None:  # the NPC's words, checked window by window
            reply, decisions = safety.check_reply(reply, card, session=request.session_id, language=plan.language)
            for item in moderation_events(event, decisions, warned):
                yield item
    yield event.said(reply, **(data or {}))
    async for spoken in voice.speak(reply):
        yield spoken
    out.tagged, out.text = reply, strip_tags(reply)
