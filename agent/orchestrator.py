"""One entry point for a turn: request -> plan -> executor -> reply, as a stream of Events.

UI, API and CLI only render these events (house rule 7).
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, AsyncIterator

from agent.config import Settings
from agent.errors import AtelierError
from agent.executor import Executor, PlanRun, error_info
from agent.planner.base import PlanContext, Planner
from agent.registry import ToolRegistry
from agent.responder import reply_for
from agent.store import ArtifactStore
from agent.types import Clock, Event, Plan, Request

if TYPE_CHECKING:
    pass

RECENT_ARTIFACTS = 20


class Orchestrator:
    """Holds the long-lived parts (registry, planner, executor) and runs turns."""

    def __init__(self, *, settings: Settings, registry: ToolRegistry, planner: Planner,
                 planner_note: str | None = None) -> None:
        self.settings = settings
        self.registry = registry
        self.planner = planner
        self.executor = Executor(registry=registry, settings=settings)
        self._planner_note = planner_note
        self.last_run: PlanRun | None = None

    @classmethod
    def create(cls, settings: Settings, *, planner: Planner | None = None) -> "Orchestrator":
        """The default wiring: tools from entry points, the configured planner."""
        registry = ToolRegistry.from_entry_points(settings=settings)
        note = None
        if planner is None:
            planner, note = build_planner(settings)
        return cls(settings=settings, registry=registry, planner=planner, planner_note=note)

    def store_for(self, request: Request) -> ArtifactStore:
        return ArtifactStore(data_dir=self.settings.data_dir, session_id=request.session_id, user_id=request.user_id)

    def plan_context(self, request: Request, store: ArtifactStore) -> PlanContext:
        recent = tuple(store.artifacts()[-RECENT_ARTIFACTS:])
        attachments = tuple(store.get(artifact_id) for artifact_id in request.attachments)
        return PlanContext(tools=self.registry.specs(), recent_artifacts=recent, attachments=attachments)

    async def turn(self, request: Request, *, plan: Plan | None = None) -> AsyncIterator[Event]:
        """Run one turn. A given ``plan`` skips the planner; if it is invalid, ``PlanError``
        is raised before any event, since it is the caller's input."""
        clock = Clock()
        turn_id = f"t_{secrets.token_hex(6)}"
        store = self.store_for(request)

        def event(kind: str, **fields: Any) -> Event:
            return Event(kind=kind, turn_id=turn_id, at=clock.now(), **fields)  # type: ignore[arg-type]

        run: PlanRun | None = None
        if plan is not None:
            run = self.executor.start(plan, store=store, turn_id=turn_id, clock=clock, persona=request.persona)
        yield event("turn_started", data={"session_id": request.session_id, "user_id": request.user_id})
        if run is None:
            if self._planner_note:
                yield event("warning", message=self._planner_note)
            try:
                plan = await self.planner.plan(request, self.plan_context(request, store))
                run = self.executor.start(plan, store=store, turn_id=turn_id, clock=clock, persona=request.persona)
            except AtelierError as exc:
                yield event("error", error=error_info(exc))
                yield event("message", message=f"I could not plan that: {exc.message}")
                yield event("turn_done", data={"status": "failed"})
                return
        yield event("plan", plan=run.plan)
        self.last_run = run
        async for item in run.events():
            yield item
        outcomes = [run.outcomes[step.id] for step in run.plan.steps if step.id in run.outcomes]
        yield event("message", message=reply_for(run.plan, outcomes))
        failed = [o.step.id for o in outcomes if o.status != "ok"]
        yield event("turn_done", data={"status": "failed" if failed else "ok", "failed_steps": failed})


def build_planner(settings: Settings) -> tuple[Planner, str | None]:
    """The configured planner and, when it had to fall back, the warning to show."""
    from agent.planner.embedded import EmbeddedPlanner

    note = None
    if settings.planner == "llm":
        note = "the LLM planner is not configured in this installation; the embedded planner made this plan"
    return EmbeddedPlanner.load(), note
