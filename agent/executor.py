"""Runs a plan's DAG: independent steps concurrently, each after its dependencies.

Per step: resolve ``$ref``/``$artifact`` to artifacts of an accepted kind, validate the args
against the tool's ``Input`` model, run it under a timeout, and report events. A failed step
fails its dependents with an error that names the cause; independent steps still finish.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Callable, Literal

from pydantic import ValidationError

from agent.config import Settings
from agent.errors import AtelierError, Cancelled, PlanError, StepTimeout, from_validation
from agent.planner.validate import check_plan
from agent.registry import ToolRegistry
from agent.runner import LocalToolRunner, ToolRunner
from agent.store import ArtifactStore
from agent.tool import ToolContext, ToolSpec, pick_artifact
from agent.types import Artifact, Clock, ErrorInfo, Event, Plan, Step, Words

StepStatus = Literal["ok", "failed", "skipped", "cancelled"]


@dataclass
class StepOutcome:
    """How a step ended. ``summary``/``notes``: the tool's words for the player; ``detail``: its
    technical line (``agent.types.ToolResult``)."""

    step: Step
    status: StepStatus
    artifacts: list[Artifact] = field(default_factory=list)
    detail: str | None = None
    error: ErrorInfo | None = None
    duration_s: float = 0.0
    summary: Words | None = None
    notes: list[Words] = field(default_factory=list)


def error_info(exc: BaseException) -> ErrorInfo:
    if isinstance(exc, AtelierError):
        return ErrorInfo(type=exc.type, message=exc.message, retryable=exc.retryable, said=exc.said)
    return ErrorInfo(type=type(exc).__name__, message=str(exc) or type(exc).__name__, retryable=False)


class Executor:
    """Plan runner; one instance serves many turns. Tool calls go to ``runner`` (in this
    process by default; Ray actor pools with ``[cluster] engine = "ray"``, agent/runner.py)."""

    def __init__(self, *, registry: ToolRegistry, settings: Settings, runner: ToolRunner | None = None) -> None:
        self.registry = registry
        self.settings = settings
        self.runner: ToolRunner = runner or LocalToolRunner()

    def check(self, plan: Plan, store: ArtifactStore) -> Plan:
        """Static checks (size, tools, cycles, reference kinds, stored ids); raises ``PlanError``."""
        if len(plan.steps) > (most := self.settings.limits.max_plan_steps):
            raise PlanError(f"the plan has {len(plan.steps)} steps; at most {most} may run in one turn "
                            "(setting limits.max_plan_steps): split the request",
                            said={"en": f"That's {len(plan.steps)} things at once; I can make at most {most} in one go. "
                                        "Could you ask for them in smaller batches?",
                                  "ko": f"한 번에 {len(plan.steps)}가지는 너무 많아요. 한 번에 {most}가지까지 만들 수 있으니 "
                                        "나눠서 부탁해 주세요."})
        specs = self.registry.specs()
        for step in plan.steps:
            if step.tool not in specs and self.registry.registered(step.tool):
                # registered but not loaded: no spec to check against; the step fails when it runs,
                # saying why (registry.get), and the independent steps still run
                specs[step.tool] = ToolSpec(name=step.tool, description="not available", consumes={}, produces=())
        return check_plan(plan, specs, lookup_artifact=store.get)

    def start(
        self,
        plan: Plan,
        *,
        store: ArtifactStore,
        turn_id: str,
        clock: Clock | None = None,
        persona: str | None = None,
        step_timeout_s: float | None = None,
    ) -> "PlanRun":
        """Check the plan and return a run whose ``events()`` drives it."""
        checked = self.check(plan, store)
        return PlanRun(
            executor=self, plan=checked, store=store, turn_id=turn_id, clock=clock or Clock(),
            persona=persona, step_timeout_s=step_timeout_s or self.settings.step_timeout_s,
        )


class PlanRun:
    """One execution of a plan. Iterate ``events()``; call ``cancel()`` from anywhere."""

    def __init__(self, *, executor: Executor, plan: Plan, store: ArtifactStore, turn_id: str, clock: Clock,
                 persona: str | None, step_timeout_s: float) -> None:
        self._executor = executor
        self.plan = plan
        self.store = store
        self.turn_id = turn_id
        self.clock = clock
        self.persona = persona
        self.step_timeout_s = step_timeout_s
        self.outcomes: dict[str, StepOutcome] = {}
        self._cancel_flag = threading.Event()
        self._tasks: dict[str, asyncio.Task[StepOutcome]] = {}
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue()
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- public -----------------------------------------------------------------------------
    def cancel(self) -> None:
        """Stop the plan: running tools see the flag, waiting steps never start."""
        self._cancel_flag.set()
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._cancel_tasks)

    @property
    def artifacts(self) -> list[Artifact]:
        return [a for step in self.plan.steps if step.id in self.outcomes for a in self.outcomes[step.id].artifacts]

    async def events(self) -> AsyncIterator[Event]:
        """Run every step and yield their events as they happen."""
        self._loop = asyncio.get_running_loop()
        semaphore = asyncio.Semaphore(self._executor.settings.max_parallel_steps)
        for step in self.plan.steps:  # topological order is not needed: tasks await their deps
            self._tasks[step.id] = asyncio.ensure_future(self._run_step(step, semaphore))
        if self._cancel_flag.is_set():
            self._cancel_tasks()
        done = asyncio.ensure_future(asyncio.gather(*self._tasks.values(), return_exceptions=True))
        done.add_done_callback(lambda _: self._queue.put_nowait(None))
        try:
            while (event := await self._queue.get()) is not None:
                yield event
        finally:
            if not done.done():
                self.cancel()
                await asyncio.gather(done, return_exceptions=True)

    # -- internals --------------------------------------------------------------------------
    def _cancel_tasks(self) -> None:
        for task in self._tasks.values():
            if not task.done():
                task.cancel()

    def _emit(self, kind: str, step: Step | None = None, **fields: Any) -> None:
        event = Event(kind=kind, turn_id=self.turn_id, at=self.clock.now(),  # type: ignore[arg-type]
                      step_id=step.id if step else None, tool=step.tool if step else None, **fields)
        self._queue.put_nowait(event)

    def _emit_threadsafe(self, kind: str, step: Step, **fields: Any) -> Callable[[], None]:
        def send() -> None:
            self._emit(kind, step, **fields)
        return send

    async def _run_step(self, step: Step, semaphore: asyncio.Semaphore) -> StepOutcome:
        started = time.perf_counter()
        try:
            outcome = await self._run_step_inner(step, semaphore)
        except asyncio.CancelledError:
            outcome = StepOutcome(step, "cancelled", error=error_info(Cancelled(f"step {step.id} was cancelled")))
        outcome.duration_s = round(time.perf_counter() - started, 6)
        self.outcomes[step.id] = outcome
        if outcome.status == "ok":
            self._emit("step_done", step, duration_s=outcome.duration_s, message=outcome.detail,
                       data={"artifacts": [a.id for a in outcome.artifacts], "detail": outcome.detail,
                             **({"summary": outcome.summary.model_dump()} if outcome.summary else {}),
                             **({"notes": [n.model_dump() for n in outcome.notes]} if outcome.notes else {})})
        else:
            self._emit("error", step, duration_s=outcome.duration_s, error=outcome.error,
                       data={"status": outcome.status})
        return outcome

    async def _run_step_inner(self, step: Step, semaphore: asyncio.Semaphore) -> StepOutcome:
        for dep in step.depends_on:
            dep_outcome = await asyncio.shield(self._tasks[dep]) if dep in self._tasks else None
            if dep_outcome is None or dep_outcome.status != "ok":
                why = dep_outcome.error.message if dep_outcome and dep_outcome.error else "it did not run"
                return StepOutcome(step, "skipped", error=ErrorInfo(
                    type="DependencyFailed", message=f"step {step.id} ({step.tool}) did not run: it needs {dep}, "
                    f"which failed ({why})"))
        async with semaphore:
            if self._cancel_flag.is_set():
                raise asyncio.CancelledError
            self._emit("step_started", step)
            try:
                tool = self._executor.registry.get(step.tool)
                args = tool.Input.model_validate(self._resolve_args(step))
            except ValidationError as exc:
                return StepOutcome(step, "failed", error=error_info(from_validation(
                    exc, error_type=PlanError, where="args",
                    message=lambda problem: f"step {step.id} ({step.tool}): bad argument {problem.where!r}: {problem.msg}")))
            except AtelierError as exc:
                return StepOutcome(step, "failed", error=error_info(exc))
            ctx = ToolContext(
                step_id=step.id, session_id=self.store.session_id, user_id=self.store.user_id,
                store=self.store, settings=self._executor.settings, persona=self.persona,
                on_progress=lambda f, m: self._loop.call_soon_threadsafe(  # type: ignore[union-attr]
                    self._emit_threadsafe("progress", step, progress=f, message=m)),
                on_warning=lambda m: self._loop.call_soon_threadsafe(  # type: ignore[union-attr]
                    self._emit_threadsafe("warning", step, message=m)),
                cancel_flag=self._cancel_flag,
            )
            try:
                result = await asyncio.wait_for(self._executor.runner.run(tool, args, ctx),
                                                timeout=self.step_timeout_s)
            except asyncio.TimeoutError:
                self._cancel_flag_for_timeout(ctx)
                return StepOutcome(step, "failed", error=error_info(StepTimeout(
                    f"step {step.id} ({step.tool}) ran past its {self.step_timeout_s:g} s limit; "
                    "try a simpler request or raise step_timeout_s")))
            except Cancelled as exc:
                return StepOutcome(step, "cancelled", error=error_info(exc))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a tool bug must not take the turn down
                return StepOutcome(step, "failed", error=error_info(exc))
        for artifact in result.artifacts:
            self._emit("artifact", step, artifact=artifact.public())
        return StepOutcome(step, "ok", artifacts=list(result.artifacts), detail=result.detail, summary=result.summary,
                           notes=list(result.notes))

    @staticmethod
    def _cancel_flag_for_timeout(ctx: ToolContext) -> None:
        # Threads cannot be killed; a private flag makes the timed-out tool stop at its next
        # progress call without cancelling its sibling steps.
        ctx.cancel_flag = threading.Event()
        ctx.cancel_flag.set()

    def _resolve_args(self, step: Step) -> dict[str, Any]:
        spec = self._executor.registry.spec(step.tool)
        consumes = spec.consumes if spec else {}
        resolved: dict[str, Any] = {}
        for name, value in step.args.items():
            if isinstance(value, dict) and set(value) in ({"$ref"}, {"$artifact"}):
                resolved[name] = self._resolve_ref(step, name, value, consumes.get(name, ()))
            else:
                resolved[name] = value
        return resolved

    def _resolve_ref(self, step: Step, name: str, ref: dict[str, str], accepted: tuple[str, ...]) -> Artifact:
        if "$artifact" in ref:
            artifact = self.store.get(ref["$artifact"])
        else:
            produced = self.outcomes[ref["$ref"]].artifacts
            found = pick_artifact(produced, accepted)
            if found is None:
                kinds = "/".join(a.kind for a in produced) or "nothing"
                raise PlanError(f"step {step.id}: {name!r} needs {'/'.join(accepted)}, step {ref['$ref']} made {kinds}")
            artifact = found
        if accepted and artifact.kind not in accepted:
            raise PlanError(f"step {step.id}: {name!r} needs {'/'.join(accepted)} but {artifact.id} is {artifact.kind}")
        return artifact
