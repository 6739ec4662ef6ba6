"""The product's wiring: settings → registry → planners → memory → safety → orchestrator.

The kernel (agent/orchestrator.py) runs turns against protocols (agent/protocols.py); this
module picks the implementations: the configured planner, ChromaDB memory, the bundled and
user personas with the embedded moderation guard, the persona's embedded responder and,
when an LLM is configured to speak, the LLM responder with the persona's system prompt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.config import Settings
from agent.errors import AtelierError
from agent.orchestrator import Orchestrator
from agent.planner.base import Planner
from agent.registry import ToolRegistry
from agent.runner import ToolRunner

if TYPE_CHECKING:
    from agent.llm.client import LLM
    from memory.service import Memory


def build_orchestrator(settings: Settings, *, planner: Planner | None = None) -> Orchestrator:
    """The default wiring: tools from entry points, the configured planner (``planner``
    replaces it), memory, personas and moderation, and the responders."""
    from agent.encoder import load_in_background
    from agent.llm.factory import build_llm
    from persona.responder import reply_for
    from persona.turns import TurnSafety

    load_in_background()  # the shared encoder loads while the rest starts (warm start: agent/encoder.py)
    registry = ToolRegistry.from_entry_points(settings=settings)
    llm = build_llm(settings.llm)  # a bad [llm] setting stops start-up; nothing is contacted yet
    note = None
    if planner is None:
        planner, note = build_planner(settings, llm=llm)
    memory, memory_note = build_memory(settings)
    responder = None
    if llm is not None and settings.llm.responder:
        from agent.responder_llm import LLMResponder
        from persona.prompt import build_system_prompt

        responder = LLMResponder(llm=llm, system_prompt=build_system_prompt, tools=registry.names())
    return Orchestrator(settings=settings, registry=registry, planner=planner, planner_note=note,
                        memory=memory, memory_note=memory_note, safety=TurnSafety.for_settings(settings),
                        responder=responder, embedded_reply=reply_for, runner=build_runner(settings))


def build_runner(settings: Settings) -> ToolRunner | None:
    """Where tool calls run (``[cluster] engine``): None for this process (the default), else the
    Ray worker pools; a missing Ray or an unreachable cluster stops start-up, naming the fix."""
    if settings.cluster.engine != "ray":
        return None
    from agent.cluster.workers import RayToolRunner

    return RayToolRunner(settings=settings)


def build_memory(settings: Settings) -> "tuple[Memory | None, str | None]":
    """The configured memory and, when it cannot be used this time, the warning to show.

    A local store another process writes stops start-up (``StoreLocked`` names that process and
    the fixes: one data dir has one writer, never a second that silently forgets); an unreachable
    Chroma server degrades to no memory with a warning on every turn; a damaged store or a bad
    setting stops start-up (never start empty over it).
    """
    if not settings.memory.enabled:
        return None, None
    from memory.service import open_memory
    from memory.store import StoreLocked

    try:
        return open_memory(settings), None
    except StoreLocked:
        raise
    except AtelierError as exc:
        if not exc.retryable:
            raise
        return None, f"memory is off for this run: {exc.message}"


def check_memory_available(settings: Settings) -> None:
    """Before a server listens: refuse (``StoreLocked``) when another process writes this data
    dir's memory, so the refusal is at start-up rather than on the first turn."""
    from memory.service import check_available

    check_available(settings)


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
