"""Warming a built orchestrator: the first, slow calls (model loads, first inferences) made
before a person waits on them. The studio (ui/backend.py), the API (`serve`) and the voice
bench run the same steps, so a first spoken turn costs what the tenth does."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from agent.errors import AtelierError
from agent.types import Request

if TYPE_CHECKING:
    from agent.orchestrator import Orchestrator

log = logging.getLogger(__name__)


def warm_up(orchestrator: "Orchestrator") -> None:
    """Blocking: encoders, one plan, input moderation, memory recall, the recognizer and the
    reply voice. Speech in and out are optional for text chat: their failures are only logged."""
    from agent.encoder import warm_shared_encoder
    from agent.planner.base import PlanContext

    warm_shared_encoder()  # loading since start-up (agent/app/build.py); ready before the first turn

    async def plan_once() -> None:
        await orchestrator.planner.plan(Request(text="hello"), PlanContext(tools=orchestrator.registry.specs()))

    asyncio.run(plan_once())
    if orchestrator.safety is not None:
        orchestrator.safety.check_input(Request(text="hello"), None)
    if orchestrator.memory is not None:
        try:
            orchestrator.memory.recall(user="warm-up", query="hello")
        except AtelierError:
            pass
    try:
        warm_recognizer(orchestrator)
    except Exception:
        log.debug("recognizer warm-up failed", exc_info=True)
    try:
        from agent.voice import warm_up as warm_voice

        asyncio.run(warm_voice(orchestrator.registry, settings=orchestrator.settings))
    except Exception:
        log.debug("speech warm-up failed", exc_info=True)


def warm_recognizer(orchestrator: "Orchestrator") -> None:
    """Load the installed recognizer and decode half a second of a tone once (its first decoding
    allocates what later ones reuse). Nothing when no transcribe tool is installed."""
    import numpy as np

    from agent.voice import Recognizer

    try:
        recognizer = orchestrator.registry.get("transcribe")
    except AtelierError:
        return
    if isinstance(recognizer, Recognizer):
        tone = 0.3 * np.sin(2 * np.pi * 220 * np.arange(8000) / 16000).astype(np.float32)
        recognizer.hear(tone, partial=True)  # partial: not kept, and no VAD trimming of a tone
