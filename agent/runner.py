"""Where a tool call runs: the executor hands every step's call to a :class:`ToolRunner`.

Two engines, one switch (``[cluster] engine``): :class:`LocalToolRunner` runs the tool in this
process (today's behaviour, nothing to install); ``agent/cluster/workers.py``'s ``RayToolRunner``
runs it in a Ray actor pool of its own (``pip install 'atelier[ray]'``). Either way the call
reports progress and warnings through the :class:`~agent.tool.ToolContext`, honours its cancel
flag, and returns the stored artifacts; the executor does the rest (events, timeout, outcome).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from agent.tool import Tool, ToolContext
from agent.types import ToolResult


@runtime_checkable
class ToolRunner(Protocol):
    """Runs one validated tool call. ``tool`` is the local instance (its class names the tool);
    a remote runner may run another instance of the same class elsewhere."""

    engine: str

    async def run(self, tool: Tool, args: BaseModel, ctx: ToolContext) -> ToolResult:
        """Run the call; raises what the tool raised (``AtelierError``s keep their type)."""


class LocalToolRunner:
    """In this process: the tool's own ``run`` on the caller's event loop (CPU work goes to
    threads through ``ctx.to_thread``)."""

    engine = "local"

    async def run(self, tool: Tool, args: BaseModel, ctx: ToolContext) -> ToolResult:
        return await tool.run(args, ctx)
