"""One entry point for a turn: request -> plan -> executor -> reply, as a stream of Events.

UI, API and CLI only render these events (house rule 7). The parts it runs a turn with
(planner, memory, personas and safety, responders) are injected: the product's wiring is
``agent/app/build.py``; the shapes are the protocols of ``agent/protocols.py``.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any, AsyncIterator, Callable, Iterable

from agent.config import Settings
from agent.emotion import TagStream, normalize, sentence_emotions, strip_tags
from agent.errors import AtelierError
from agent.executor import Executor, PlanRun, error_info
from agent.planner.base import PlanContext, Planner, plan_turn
from agent.protocols import Memory, ModerationDecision, PlanModeration, Recall, ReplyWriter, Responder, TurnSafety, notice
from agent.registry import ToolRegistry
from agent.responder import acknowledgement, plain_reply
from agent.store import ArtifactStore
from agent.text import detect_language
from agent.types import Artifact, Clock, Event, Plan, Request, Words
from agent.voice import ReplyVoice, transcribe_input

RECENT_ARTIFACTS = 20


class Orchestrator:
    """Holds the long-lived parts (registry, planner, executor) and runs turns."""

    def __init__(self, *, settings: Settings, registry: ToolRegistry, planner: Planner,
                 planner_note: str | None = None, memory: Memory | None = None,
                 memory_note: str | None = None, safety: TurnSafety | None = None,
                 responder: Responder | None = None, embedded_reply: ReplyWriter = plain_reply) -> None:
        self.settings = settings
        self.responder = responder  # the LLM speaks the reply (agent/responder_llm.py); None: embedded
        self.embedded_reply = embedded_reply  # persona.responder.reply_for in the product; plain words here
        self.safety = safety  # personas + moderation (persona/turns.py); None: neither
        self.memory = memory
        self._memory_note = memory_note
        self.registry = registry
        self.planner = planner
        self.executor = Executor(registry=registry, settings=settings)
        self.planner_note = planner_note

    def store_for(self, request: Request) -> ArtifactStore:
        return ArtifactStore(data_dir=self.settings.data_dir, session_id=request.session_id, user_id=request.user_id)

    def plan_context(self, request: Request, store: ArtifactStore,
                     conversation: Iterable[dict[str, str]] = ()) -> PlanContext:
        recent = tuple(store.artifacts()[-RECENT_ARTIFACTS:])
        if self.memory is not None:
            recent = self._remembered_artifacts(request, store)
        attachments = tuple(store.get(artifact_id) for artifact_id in request.attachments)
        return PlanContext(tools=self.registry.specs(), recent_artifacts=recent, attachments=attachments,
                           conversation=tuple(conversation))

    def _remembered_artifacts(self, request: Request, store: ArtifactStore) -> tuple[Artifact, ...]:
        """This user's recent session artifacts plus the assets the request describes, best
        fit last (the planner takes the newest fitting one); see memory/assets.py."""
        mine = [r for r in store.records() if r.get("user_id") == request.user_id][-RECENT_ARTIFACTS:]
        by_id = {a.id: a for a in store.artifacts()}
        recent = [by_id[r["id"]] for r in mine if r["id"] in by_id]
        created = {r["id"]: float(r.get("created_at", 0.0)) for r in mine}
        try:
            return self.memory.artifacts_for_plan(  # type: ignore[union-attr]
                user=request.user_id, query=request.text, recent=recent, created_at=created)
        except AtelierError:
            return tuple(recent)

    def _recall(self, request: Request) -> Recall | None:
        if self.memory is None:
            return None
        return self.memory.recall(user=request.user_id, query=request.text, persona=request.persona,
                                  session=request.session_id)

    def _remember(self, request: Request, run: PlanRun, reply: str, turn_id: str, *, planned: bool) -> None:
        made = [(a, o.step.tool) for o in run.outcomes.values() if o.status == "ok" for a in o.artifacts]
        self.memory.remember_turn(  # type: ignore[union-attr]
            user=request.user_id, persona=request.persona, session=request.session_id,
            text=request.text if planned else "", reply=reply if planned else "", artifacts=made, turn_id=turn_id)

    async def turn(self, request: Request, *, plan: Plan | None = None) -> AsyncIterator[Event]:
        """Run one turn. A given ``plan`` skips the planner; if it is invalid, ``PlanError``
        is raised before any event, since it is the caller's input."""
        clock = Clock()
        turn_id = f"t_{secrets.token_hex(6)}"
        store = self.store_for(request)

        card = self.safety.persona_for(request) if self.safety is not None else None  # bad id: InputError
        if card is not None and request.persona != card.id:
            request = request.model_copy(update={"persona": card.id})
        speaker = card.id if card is not None else None

        def event(kind: str, **fields: Any) -> Event:
            if kind in ("message", "message_delta", "audio"):
                fields.setdefault("speaker", speaker)
            return Event(kind=kind, turn_id=turn_id, at=clock.now(), **fields)  # type: ignore[arg-type]

        def said(text: str, **data: Any) -> Event:
            """The whole ``message`` of tagged ``text``: shown without tags, its emotions in ``data``."""
            return event("message", message=strip_tags(text), data={**data, "emotions": sentence_emotions(text)})

        run: PlanRun | None = None
        planned = plan is None
        if request.audio is not None:  # the voice lane hears the recording first (agent/voice.py)
            try:
                request, heard = await transcribe_input(request, registry=self.registry, store=store,
                                                        settings=self.settings, event=event)
            except AtelierError as exc:
                yield event("error", error=error_info(exc))
                yield event("turn_done", data={"status": "failed", "failed_steps": []})
                return
            for item in heard:
                yield item
        voice = ReplyVoice.for_turn(request, registry=self.registry, store=store, settings=self.settings, event=event,
                                    voice=self.safety.voice_for(card) if self.safety is not None else None)
        voice.speaker = speaker
        checked: PlanModeration | None = None
        warned: set[str] = set()  # a moderation classifier's fallback is said once a turn, not per check
        if plan is not None:  # a malformed plan is the caller's error, whatever moderation would drop
            checked = self._moderate_plan(self.executor.check(plan, store), card, request)
            run = self.executor.start(checked.plan, store=store, turn_id=turn_id, clock=clock, persona=request.persona)
        yield event("turn_started", data={"session_id": request.session_id, "user_id": request.user_id})
        if self._memory_note:
            yield event("warning", message=self._memory_note)
        if self.safety is not None and planned:  # moderation of the user's words, before memory and planning
            decision = self.safety.check_input(request, card)
            for item in _moderation_events(event, [decision] if decision is not None else [], warned):
                yield item
            if decision is not None and decision.flagged:
                if decision.action == "mask" and not decision.support:
                    request = request.model_copy(update={"text": decision.text or request.text})
                else:
                    yield said(decision.text or "", moderation=decision.action)
                    async for spoken in voice.speak(decision.text or ""):
                        yield spoken
                    yield event("turn_done", data={"status": "ok", "failed_steps": [], "moderated": decision.action})
                    return
        recall: Recall | None = None
        try:
            # Memory embeds and queries (tens of ms): off the event loop, so other sessions' turns go on.
            recall = await asyncio.to_thread(self._recall, request) if planned else None
        except AtelierError as exc:
            yield event("warning", message=f"memory recall failed ({exc.message}); answering without memory")
        conversation = request.conversation()  # a client's own history stands for the session's buffer
        if conversation is None:
            conversation = recall.history() if recall is not None else []
        plan_notes: tuple[Words, ...] = ()
        if run is None:
            if self.planner_note:
                yield event("warning", message=self.planner_note)
            try:
                planned_turn = await plan_turn(self.planner, request, self.plan_context(request, store, conversation))
                for note in planned_turn.warnings:  # e.g. the LLM planner fell back to the embedded one
                    yield event("warning", message=note)
                plan_notes = planned_turn.notes
                checked = self._moderate_plan(planned_turn.plan, card, request)
                run = self.executor.start(checked.plan, store=store, turn_id=turn_id, clock=clock,
                                          persona=request.persona)
            except AtelierError as exc:
                yield event("error", error=error_info(exc))
                lang = "ko" if detect_language(request.text) == "ko" else "en"
                sorry = (exc.said or {}).get(lang) or _NOT_PLANNED[lang]
                yield said(sorry)
                async for spoken in voice.speak(sorry):
                    yield spoken
                yield event("turn_done", data={"status": "failed"})
                return
        for item in _moderation_warnings(event, checked.warnings if checked is not None else (), warned):
            yield item
        for data in checked.notices if checked is not None else ():
            yield event("moderation", message=f"moderation: {data['moderation'].get('reason', '')}", data=data)
        if checked is not None and checked.refused is not None:  # the persona refuses the whole plan
            yield said(checked.refused.text or "", moderation=checked.refused.action)
            async for spoken in voice.speak(checked.refused.text or ""):
                yield spoken
            yield event("turn_done", data={"status": "ok", "failed_steps": [], "moderated": "refuse_plan"})
            return
        yield event("plan", plan=run.plan)
        if run.plan.steps:  # the dialogue lane answers now; the final reply follows the assets
            yield said(acknowledgement(run.plan), stage="ack")
            async for spoken in voice.speak(acknowledgement(run.plan), emotion="happy"):
                yield spoken
        async for item in run.events():
            yield item
        outcomes = [run.outcomes[step.id] for step in run.plan.steps if step.id in run.outcomes]
        facts = recall.fact_texts if recall is not None else []
        reply: str | None = None  # tagged with emotions (agent/emotion.py) until it is shown
        if self.responder is not None:  # the LLM speaks: streamed, moderated window by window as it comes
            streamed = self.responder.stream_reply(
                run.plan, outcomes, request_text=request.text, persona=card, memories=facts, history=conversation,
                window=self.safety.reply_window(card, session=request.session_id, language=run.plan.language)
                if self.safety is not None else None, instructions=request.instructions, notes=plan_notes)
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
            for item in _moderation_warnings(event, streamed.warnings, warned):  # the LLM's, the window's
                yield item
            reply = normalize(streamed.text) if streamed.text is not None else None  # None: the embedded one answers
            if reply is not None:
                for item in _moderation_events(event, streamed.flagged, warned):
                    yield item
        if reply is None:
            reply = self.embedded_reply(run.plan, outcomes, memories=facts, persona=card, request_text=request.text,
                                        history=conversation, instructions=request.instructions, notes=plan_notes)
            if self.safety is not None:  # the NPC's words, checked window by window
                reply, decisions = self.safety.check_reply(reply, card, session=request.session_id,
                                                           language=run.plan.language)
                for item in _moderation_events(event, decisions, warned):
                    yield item
        yield said(reply, **({"memories": recall.fact_ids} if recall else {}))
        async for spoken in voice.speak(reply):
            yield spoken
        reply = strip_tags(reply)
        if self.memory is not None:
            try:
                await asyncio.to_thread(self._remember, request, run, reply, turn_id, planned=planned)
            except AtelierError as exc:
                yield event("warning", message=f"this turn was not remembered: {exc.message}")
        failed = [o.step.id for o in outcomes if o.status != "ok"]
        yield event("turn_done", data={"status": "failed" if failed else "ok", "failed_steps": failed})


    def _moderate_plan(self, plan: Plan, card: object, request: Request) -> PlanModeration:
        """Generation prompts and allowed tools of the persona (persona/turns.py)."""
        if self.safety is None:
            return PlanModeration(plan=plan)
        return self.safety.moderate_plan(plan, card, session=request.session_id)


_NOT_PLANNED = {"en": "Sorry, I couldn't work out how to do that. Could you say it another way?",
                "ko": "죄송해요, 어떻게 해야 할지 알아내지 못했어요. 다른 말로 다시 말해 주시겠어요?"}


def _moderation_warnings(event: Callable[..., Event], notes: Iterable[str], warned: set[str]) -> Iterable[Event]:
    """A ``warning`` per thing that went wrong (a moderation classifier fell back), once a turn."""
    for note in notes:
        if note not in warned:
            warned.add(note)
            yield event("warning", message=note)


def _moderation_events(event: Callable[..., Event], decisions: Iterable[ModerationDecision],
                       warned: set[str]) -> Iterable[Event]:
    """A ``moderation`` notice per flagged decision, after the warnings of deciding them."""
    decisions = list(decisions)
    yield from _moderation_warnings(event, (w for d in decisions for w in d.warnings), warned)
    for decision in decisions:
        if decision.flagged:
            yield event("moderation", message=f"moderation: {decision.reason}", data=notice(decision))
