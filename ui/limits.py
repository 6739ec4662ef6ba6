"""How many steps of each heavy tool may run at once while the studio serves many chats.

Gradio's queue limits how many *turns* run together; a turn may hold several steps, so the
heavy tools get their own slots too. :func:`limit_tools` re-registers each installed tool as
a subclass whose ``run`` first takes a slot of its tool (reporting "waiting for a free slot"
as progress when it has to wait). Nothing about the plan changes. The counts are the setting
``[limits] tool_slots`` (agent/config.py).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Mapping

from pydantic import BaseModel

from agent.tool import Tool, ToolContext
from agent.types import ToolResult

if TYPE_CHECKING:
    from agent.registry import ToolRegistry

class ToolSlots:
    """One semaphore per limited tool, created lazily on the running event loop."""

    def __init__(self, *, slots: Mapping[str, int]) -> None:
        for name, count in slots.items():
            if count < 1:
                raise ValueError(f"tool {name!r} needs at least one slot, got {count}")
        self.slots = dict(slots)
        self._gates: dict[str, asyncio.Semaphore] = {}

    def gate(self, tool: str) -> asyncio.Semaphore | None:
        if tool not in self.slots:
            return None
        if tool not in self._gates:
            self._gates[tool] = asyncio.Semaphore(self.slots[tool])
        return self._gates[tool]


def _limited(tool_class: type[Tool], slots: ToolSlots) -> type[Tool]:
    class Limited(tool_class):  # type: ignore[misc, valid-type]
        async def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
            gate = slots.gate(self.name)
            if gate is None:
                return await super().run(args, ctx)
            if gate.locked():
                ctx.progress(0.0, f"waiting for a free {self.name} slot ({slots.slots[self.name]} at a time)")
            async with gate:
                return await super().run(args, ctx)

    Limited.__name__ = Limited.__qualname__ = f"Limited{tool_class.__name__}"
    Limited.__doc__ = tool_class.__doc__
    Limited.__module__ = tool_class.__module__
    return Limited


def limit_tools(registry: "ToolRegistry", slots: ToolSlots) -> None:
    """Wrap every installed tool that has a slot count in ``slots``."""
    for name in registry.names():
        if name in slots.slots:
            tool_class = type(registry.get(name))
            if not tool_class.__name__.startswith("Limited"):
                registry.register(_limited(tool_class, slots))
