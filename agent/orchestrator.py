"""One entry point for a turn: request -> plan -> executor -> reply, as a stream of Events.

UI, API and CLI only render these events (house rule 7).
"""

from __future__ import annotations

import asyncio
import secrets
from typing import TYPE_CHECKING, Any, AsyncIterator

from agent.config import Settings
from agent.errors import AtelierError
from agent.executor import Executor, PlanRun, error_info
from agent.planner.base import PlanContext, Planner
from agent.registry import ToolRegistry
from agent.responder import acknowledgement, reply_for
from agent.store import ArtifactStore
from agent.types import Artifact, Clock, Event, Plan, Request

if TYPE_CHECKING:
    from agent.llm.client import LLM
    from agent.responder_llm import LLMResponder
    from memory.service import Memory, Recall
    from persona.turns import PlanModeration, TurnSafety

RECENT_ARTIFACTS = 20


class Orchestrator:
    """Holds the long-lived parts (registry, planner, executor) and runs turns."""

    def __init__(self, *, settings: Settings, registry: ToolRegistry, planner: Planner,
                 planner_note: str | None = None, memory: "Memory | None" = None,
                 memory_note: str | None = None, safety: "TurnSafety | None" = None,
                 responder: "LLMResponder | None" = None) -> None:
        self.settings = settings
        self.responder = responder  # the LLM speaks the reply (agent/responder_llm.py); None: embedded
        self.safety = safety  # personas + moderation (persona/turns.py); None: neither
        self.memory = memory
        self._memory_note = memory_note
        self.registry = registry
        self.planner = planner
        self.executor = Executor(registry=registry, settings=settings)
        self.planner_note = planner_note
        self.last_run: PlanRun | None = None

    @classmethod
    def create(cls, settings: Settings, *, planner: Planner | None = None) -> "Orchestrator":
        """The default wiring: tools from entry points, the configured planner."""
        registry = ToolRegistry.from_entry_points(settings=settings)
        note = None
        from agent.llm.factory import build_llm

        llm = build_llm(settings.llm)  # a bad [llm] setting stops start-up; nothing is contacted yet
        if planner is None:
            planner, note = build_planner(settings, llm=llm)
        memory, memory_note = build_memory(settings, planner=planner)
        from persona.turns import TurnSafety

        responder = None
        if llm is not None and settings.llm.responder:
            from agent.responder_llm import LLMResponder

            responder = LLMResponder(llm=llm, tools=registry.names())
        return cls(settings=settings, registry=registry, planner=planner, planner_note=note,
                   memory=memory, memory_note=memory_note, safety=TurnSafety.for_settings(settings),
                   responder=responder)

    def store_for(self, request: Request) -> ArtifactStore:
        return ArtifactStore(data_dir=self.settings.data_dir, session_id=request.session_id, user_id=request.user_id)

    def plan_context(self, request: Request, store: ArtifactStore) -> PlanContext:
        recent = tuple(store.artifacts()[-RECENT_ARTIFACTS:])
        if self.memory is not None:
            recent = self._remembered_artifacts(request, store)
        attachments = tuple(store.get(artifact_id) for artifact_id in request.attachments)
        return PlanContext(tools=self.registry.specs(), recent_artifacts=recent, attachments=attachments)

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

    def _recall(self, request: Request) -> "Recall | None":
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

        def event(kind: str, **fields: Any) -> Event:
            return Event(kind=kind, turn_id=turn_id, at=clock.now(), **fields)  # type: ignore[arg-type]

        run: PlanRun | None = None
        planned = plan is None
        card = self.safety.persona_for(request) if self.safety is not None else None  # bad id: InputError
        if card is not None and request.persona != card.id:
            request = request.model_copy(update={"persona": card.id})
        checked: "PlanModeration | None" = None
        if plan is not None:  # a malformed plan is the caller's error, whatever moderation would drop
            checked = self._moderate_plan(self.executor.check(plan, store), card, request)
            run = self.executor.start(checked.plan, store=store, turn_id=turn_id, clock=clock, persona=request.persona)
        yield event("turn_started", data={"session_id": request.session_id, "user_id": request.user_id})
        if self._memory_note:
            yield event("warning", message=self._memory_note)
        if self.safety is not None and planned:  # moderation of the user's words, before memory and planning
            decision = self.safety.check_input(request, card)
            if decision is not None and decision.flagged:
                from persona.turns import notice

                yield event("moderation", message=f"moderation: {decision.reason}", data=notice(decision))
                if decision.action == "mask" and not decision.support:
                    request = request.model_copy(update={"text": decision.text or request.text})
                else:
                    yield event("message", message=decision.text or "", data={"moderation": decision.action})
                    yield event("turn_done", data={"status": "ok", "failed_steps": [], "moderated": decision.action})
                    return
        recall: "Recall | None" = None
        try:
            # Memory embeds and queries (tens of ms): off the event loop, so other sessions' turns go on.
            recall = await asyncio.to_thread(self._recall, request) if planned else None
        except AtelierError as exc:
            yield event("warning", message=f"memory recall failed ({exc.message}); answering without memory")
        if run is None:
            if self.planner_note:
                yield event("warning", message=self.planner_note)
            try:
                context = self.plan_context(request, store)
                plan = await self.planner.plan(request, context)
                for note in context.warnings:  # e.g. the LLM planner fell back to the embedded one
                    yield event("warning", message=note)
                checked = self._moderate_plan(plan, card, request)
                run = self.executor.start(checked.plan, store=store, turn_id=turn_id, clock=clock,
                                          persona=request.persona)
            except AtelierError as exc:
                yield event("error", error=error_info(exc))
                yield event("message", message=f"I could not plan that: {exc.message}")
                yield event("turn_done", data={"status": "failed"})
                return
        for data in checked.notices if checked is not None else ():
            yield event("moderation", message=f"moderation: {data['moderation'].get('reason', '')}", data=data)
        if checked is not None and checked.refused is not None:  # the persona refuses the whole plan
            yield event("message", message=checked.refused.text or "", data={"moderation": checked.refused.action})
            yield event("turn_done", data={"status": "ok", "failed_steps": [], "moderated": "refuse_plan"})
            return
        yield event("plan", plan=run.plan)
        if run.plan.steps:  # the dialogue lane answers now; the final reply follows the assets
            yield event("message", message=acknowledgement(run.plan), data={"stage": "ack"})
        self.last_run = run
        async for item in run.events():
            yield item
        outcomes = [run.outcomes[step.id] for step in run.plan.steps if step.id in run.outcomes]
        facts = recall.fact_texts if recall is not None else []
        reply: str | None = None
        if self.responder is not None:  # the LLM speaks: streamed, moderated window by window as it comes
            streamed = self.responder.stream_reply(
                run.plan, outcomes, request_text=request.text, persona=card, memories=facts,
                history=recall.buffer.messages() if recall is not None else (),
                window=self._reply_window(card, request, run.plan.language))
            async for delta in streamed:
                yield event("message_delta", message=delta)
            for note in streamed.warnings:
                yield event("warning", message=note)
            reply = streamed.text  # None: the LLM said nothing, the embedded responder answers below
            if reply is not None and streamed.flagged:
                from persona.turns import notice

                for decision in streamed.flagged:
                    yield event("moderation", message=f"moderation: {decision.reason}", data=notice(decision))
        if reply is None:
            reply = reply_for(run.plan, outcomes, memories=facts, persona=card, request_text=request.text)
            if self.safety is not None:  # the NPC's words, checked window by window
                from persona.turns import notice

                reply, flagged = self.safety.check_reply(reply, card, session=request.session_id,
                                                         language=run.plan.language)
                for decision in flagged:
                    yield event("moderation", message=f"moderation: {decision.reason}", data=notice(decision))
        yield event("message", message=reply, data={"memories": [m.record.id for m in recall.facts]} if recall else {})
        if self.memory is not None:
            try:
                await asyncio.to_thread(self._remember, request, run, reply, turn_id, planned=planned)
            except AtelierError as exc:
                yield event("warning", message=f"this turn was not remembered: {exc.message}")
        failed = [o.step.id for o in outcomes if o.status != "ok"]
        yield event("turn_done", data={"status": "failed" if failed else "ok", "failed_steps": failed})


    def _reply_window(self, card: object, request: Request, language: str) -> object | None:
        """The moderation window for a streamed reply (persona/safety/guard.py), if moderation is on."""
        guard = self.safety.guard if self.safety is not None else None
        if guard is None:
            return None
        return guard.output_window(persona=card, session=request.session_id, language=language)  # type: ignore[arg-type]

    def _moderate_plan(self, plan: Plan, card: object, request: Request) -> "PlanModeration":
        """Generation prompts and allowed tools of the persona (persona/turns.py)."""
        from persona.turns import PlanModeration

        if self.safety is None:
            return PlanModeration(plan=plan)
        return self.safety.moderate_plan(plan, card, session=request.session_id)  # type: ignore[arg-type]


def build_memory(settings: Settings, *, planner: object | None = None) -> "tuple[Memory | None, str | None]":
    """The configured memory and, when it cannot be used this time, the warning to show.

    A store held by another process or an unreachable Chroma server degrades to no memory
    with a warning; a damaged store or a bad setting stops start-up (never start empty over it).
    """
    if not settings.memory.enabled:
        return None, None
    from memory.embeddings import shared_encoder
    from memory.service import open_memory
    from memory.store import StoreLocked

    try:
        return open_memory(settings, encoder=shared_encoder(planner=planner)), None
    except StoreLocked as exc:
        return None, f"memory is off for this run: {exc.message}"
    except AtelierError as exc:
        if not exc.retryable:
            raise
        return None, f"memory is off for this run: {exc.message}"


def build_planner(settings: Settings, *, llm: "LLM | None" = None) -> tuple[Planner, str | None]:
    """The configured planner and, when it had to fall back, the warning to show.

    ``planner = "llm"`` plans with ``llm`` (built from ``[llm]`` when not given) and falls
    back to the embedded planner per request when the LLM fails (agent/planner/llm.py).
    """
    from agent.planner.embedded import EmbeddedPlanner

    embedded = EmbeddedPlanner.load()
    if settings.planner != "llm":
        return embedded, None
    if llm is None:
        from agent.llm.factory import build_llm

        llm = build_llm(settings.llm)
    if llm is None:
        return embedded, ("the LLM planner is not configured: set [llm] base_url and model (or --llm-base-url and "
                          "--llm-model, or a local transformers model); the embedded planner made this plan")
    from agent.planner.llm import LLMPlanner

    return LLMPlanner(llm=llm, fallback=embedded), None
