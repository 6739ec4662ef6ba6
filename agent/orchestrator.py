"""One entry point for a turn: request -> plan -> executor -> reply, as a stream of Events.

UI, API and CLI only render these events (house rule 7). The parts it runs a turn with
(planner, memory, personas and safety, responders) are injected: the product's wiring is
``agent/app/build.py``; the shapes are the protocols of ``agent/protocols.py``.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import TYPE_CHECKING, AsyncIterator, Iterable

from agent.config import Settings
from agent.errors import AtelierError
from agent.executor import Executor, PlanRun, error_info
from agent.planner.base import PlanContext, Planner, plan_turn
from agent.protocols import Memory, PlanModeration, Recall, ReplyWriter, Responder, TurnSafety
from agent.reply import Reply, TurnEvents, moderation_events, moderation_warnings, reply_events
from agent.registry import ToolRegistry
from agent.responder import acknowledgement, plain_reply
from agent.runner import ToolRunner
from agent.store import ArtifactStore
from agent.text import detect_language
from agent.types import Artifact, Clock, Event, Plan, Request, Words
from agent.voice import ReplyVoice, not_heard_reply, transcribe_input

if TYPE_CHECKING:
    from agent.scene import Scene, SceneDirector

RECENT_ARTIFACTS = 20


class Orchestrator:
    """Holds the long-lived parts (registry, planner, executor) and runs turns."""

    def __init__(self, *, settings: Settings, registry: ToolRegistry, planner: Planner,
                 planner_note: str | None = None, memory: Memory | None = None,
                 memory_note: str | None = None, safety: TurnSafety | None = None,
                 responder: Responder | None = None, embedded_reply: ReplyWriter = plain_reply,
                 runner: ToolRunner | None = None) -> None:
        self.settings = settings
        self.responder = responder  # the LLM speaks the reply (agent/responder_llm.py); None: embedded
        self.embedded_reply = embedded_reply  # persona.responder.reply_for in the product; plain words here
        self.safety = safety  # personas + moderation (persona/turns.py); None: neither
        self.memory = memory
        self._memory_note = memory_note
        self.registry = registry
        self.planner = planner
        self.executor = Executor(registry=registry, settings=settings, runner=runner)  # runner: agent/runner.py
        self.planner_note = planner_note
        self._scenes: "SceneDirector | None" = None

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

    def _remember(self, request: Request, run: PlanRun, reply: str, turn_id: str, *, planned: bool,
                  heard: bool = True) -> None:
        made = [(a, o.step.tool) for o in run.outcomes.values() if o.status == "ok" for a in o.artifacts]
        self.memory.remember_turn(  # type: ignore[union-attr]
            user=request.user_id, persona=request.persona, session=request.session_id,
            text=request.text if planned and heard else "", reply=reply if planned else "", artifacts=made,
            turn_id=turn_id)

    async def turn(self, request: Request, *, plan: Plan | None = None, talk_only: bool = False,
                   heard_from: str | None = None) -> AsyncIterator[Event]:
        """Run one turn. A given ``plan`` skips the planner; if it is invalid, ``PlanError``
        is raised before any event, since it is the caller's input. ``talk_only``: no tool runs
        (the planner is skipped; moderation and memory are not). ``heard_from``: the words are
        another persona's line in a scene (agent/scene.py): answered, not remembered as the user's."""
        clock = Clock()
        turn_id = f"t_{secrets.token_hex(6)}"
        store = self.store_for(request)

        card = self.safety.persona_for(request) if self.safety is not None else None  # bad id: InputError
        if card is not None and request.persona != card.id:
            request = request.model_copy(update={"persona": card.id})
        confident = True
        event = TurnEvents(turn_id=turn_id, speaker=card.id if card is not None else None, clock=clock)
        said = event.said
        run: PlanRun | None = None
        planned = plan is None
        if request.audio is not None:  # the voice lane hears the recording first (agent/voice.py)
            try:
                request, heard, confident = await transcribe_input(request, registry=self.registry, store=store,
                                                                   settings=self.settings, event=event)
            except AtelierError as exc:
                yield event("error", error=error_info(exc))
                yield event("turn_done", data={"status": "failed", "failed_steps": []})
                return
            for item in heard:
                yield item
        voice = ReplyVoice.for_turn(request, registry=self.registry, store=store, settings=self.settings, event=event,
                                    voice=self.safety.voice_for(card) if self.safety is not None else None)
        voice.speaker = event.speaker
        if not confident:  # barely heard: not acted on, never moderated as the user's words
            yield event("turn_started", data={"session_id": request.session_id, "user_id": request.user_id})
            yield said(not_heard_reply(request.language), stage="not_heard")
            async for spoken in voice.speak(not_heard_reply(request.language)):
                yield spoken
            yield event("turn_done", data={"status": "ok", "failed_steps": [], "not_heard": True})
            return
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
            for item in moderation_events(event, [decision] if decision is not None else [], warned,
                                          heard=request.audio is not None):
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
        if run is None and talk_only:
            run = self.executor.start(Plan(steps=[], language=request.language or detect_language(request.text)),
                                      store=store, turn_id=turn_id, clock=clock, persona=request.persona)
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
        for item in moderation_warnings(event, checked.warnings if checked is not None else (), warned):
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
        said_reply = Reply()
        async for item in reply_events(
                safety=self.safety, responder=self.responder, embedded_reply=self.embedded_reply, event=event,
                voice=voice, plan=run.plan, outcomes=outcomes, request=request, card=card, facts=facts,
                conversation=_with_interruption(list(conversation), request.interrupted), notes=plan_notes,
                warned=warned, out=said_reply,
                data={"memories": recall.fact_ids} if recall else {}):
            yield item
        reply = said_reply.text
        if self.memory is not None:
            try:
                await asyncio.to_thread(self._remember, request, run, reply, turn_id, planned=planned,
                                        heard=heard_from is None)
            except AtelierError as exc:
                yield event("warning", message=f"this turn was not remembered: {exc.message}")
        failed = [o.step.id for o in outcomes if o.status != "ok"]
        yield event("turn_done", data={"status": "failed" if failed else "ok", "failed_steps": failed})


    # -- direct control and scenes (agent/direct.py, agent/scene.py) ----------------------------
    def say(self, request: Request, *, emotion: str | None = None) -> AsyncIterator[Event]:
        """The persona speaks exactly ``request.text`` (speech and visemes, no planner)."""
        from agent.direct import say

        return say(self, request, emotion=emotion)

    def narrate(self, request: Request, *, react: bool = True) -> AsyncIterator[Event]:
        """A world event (``request.text``) the persona remembers and, with ``react``, answers."""
        from agent.direct import narrate

        return narrate(self, request, react=react)

    def scene_turn(self, request: Request, scene: "Scene") -> AsyncIterator[Event]:
        """The user's line in a scene of several personas (agent/scene.py)."""
        from agent.scene import SceneDirector

        if self._scenes is None:
            self._scenes = SceneDirector(self)
        return self._scenes.turn(request, scene)

    def persona_names(self, persona_id: str) -> list[str]:
        """What ``persona_id`` answers to in a scene: its card's name (``InputError`` for a bad id)."""
        if self.safety is None:
            return []
        return [self.safety.card(persona_id).name]

    def _moderate_plan(self, plan: Plan, card: object, request: Request) -> PlanModeration:
        """Generation prompts and allowed tools of the persona (persona/turns.py)."""
        if self.safety is None:
            return PlanModeration(plan=plan)
        return self.safety.moderate_plan(plan, card, session=request.session_id)


def _with_interruption(history: list[dict[str, str]], heard: str | None) -> list[dict[str, str]]:
    """The conversation, with the cut-off reply as the user heard it (barge-in, agent/listening.py)."""
    if heard is None:
        return history
    return [*history, {"role": "assistant", "content": f"{heard.strip()} [the user spoke over this reply and it "
                                                       "was cut off here]"}]



_NOT_PLANNED = {"en": "Sorry, I couldn't work out how to do that. Could you say it another way?",
                "ko": "죄송해요, 어떻게 해야 할지 알아내지 못했어요. 다른 말로 다시 말해 주시겠어요?"}
