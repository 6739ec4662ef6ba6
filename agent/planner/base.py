"""The planner contract: a request plus context in, a typed ``Plan`` out.

A planner that has something to tell the user about its plan (it fell back, it left a step
out) also offers ``plan_turn``, returning a :class:`PlannedTurn` with the warnings; the
orchestrator turns them into ``warning`` events. ``plan`` alone is enough for a planner
with nothing to say: :func:`plan_turn` wraps it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from agent.registry import installed_specs
from agent.tool import ToolSpec
from agent.types import Artifact, Plan, Request, Words


@dataclass(frozen=True)
class PlanContext:
    """What a planner may consult besides the request text.

    ``tools``: the specs of every tool a plan may name (the registry's loaded tools; by default
    every tool this installation registers, see :func:`agent.registry.installed_specs`).
    ``recent_artifacts``: earlier results of this session/user, newest last, so that "it",
    "that image" or "아까 만든 용" can become ``{"$artifact": id}``.
    ``attachments``: artifacts uploaded with this very request.
    ``conversation``: the session's conversation before this request, ``{"role", "content"}``,
    oldest first, so a reference can find what "it" or "아까 그거" was last spoken of.
    """

    tools: dict[str, ToolSpec] = field(default_factory=lambda: dict(installed_specs()))
    recent_artifacts: tuple[Artifact, ...] = ()
    attachments: tuple[Artifact, ...] = ()
    conversation: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class PlannedTurn:
    """A planner's answer: the plan, what the user should be told about it (e.g. "the LLM
    planner failed; the embedded planner made this plan"), and who made it (the LLM planner
    says ``"llm"``, ``"repaired"`` or ``"fallback"``; others ``"planner"``). ``notes``: what the
    player should hear about the plan, in their language (e.g. the dragon picture they said "it"
    of cannot walk; the walk is on the stock figure), said in the reply."""

    plan: Plan
    warnings: tuple[str, ...] = ()
    source: str = "planner"
    notes: tuple[Words, ...] = ()


class Planner(Protocol):
    async def plan(self, request: Request, ctx: PlanContext) -> Plan:
        """Return a validated plan (see :func:`agent.planner.validate.check_plan`)."""
        ...


class TurnPlanner(Planner, Protocol):
    """A planner that also says what the user should know about its plan."""

    async def plan_turn(self, request: Request, ctx: PlanContext) -> PlannedTurn: ...


async def plan_turn(planner: Planner, request: Request, ctx: PlanContext) -> PlannedTurn:
    """``planner.plan_turn`` when it has one, else its plan with nothing to warn about."""
    method = getattr(planner, "plan_turn", None)
    if method is not None:
        return await method(request, ctx)
    return PlannedTurn(plan=await planner.plan(request, ctx))
