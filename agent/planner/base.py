"""The planner contract: a request plus context in, a typed ``Plan`` out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from agent.registry import installed_specs
from agent.tool import ToolSpec
from agent.types import Artifact, Plan, Request


@dataclass(frozen=True)
class PlanContext:
    """What a planner may consult besides the request text.

    ``tools``: the specs of every tool a plan may name (the registry's loaded tools; by default
    every tool this installation registers, see :func:`agent.registry.installed_specs`).
    ``recent_artifacts``: earlier results of this session/user, newest last, so that "it",
    "that image" or "아까 만든 용" can become ``{"$artifact": id}``.
    ``attachments``: artifacts uploaded with this very request.
    ``warnings``: filled by the planner with what the user should see about this plan (e.g.
    "the LLM planner failed; the embedded planner made this plan"); shown as warning events.
    """

    tools: dict[str, ToolSpec] = field(default_factory=lambda: dict(installed_specs()))
    recent_artifacts: tuple[Artifact, ...] = ()
    attachments: tuple[Artifact, ...] = ()
    warnings: list[str] = field(default_factory=list, compare=False, hash=False)


class Planner(Protocol):
    async def plan(self, request: Request, ctx: PlanContext) -> Plan:
        """Return a validated plan (see :func:`agent.planner.validate.check_plan`)."""
        ...
