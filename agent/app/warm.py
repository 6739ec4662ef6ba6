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
    """Load the installed recognizer and decode a second of a buzz once, as a partial and as a
    final transcript (the first decoding in each window allocates what later ones reuse). Nothing
    when no transcribe tool is installed."""
    import numpy as np

    from agent.voice import Recognizer

    try:
        recognizer = orchestrator.registry.get("transcribe")
    except AtelierError:
        return
    if isinstance(recognizer, Recognizer):
        t = np.arange(16000) / 16000  # a 150 Hz buzz with its harmonics, pulsing: voice to the VAD
        tone = (0.3 * sum(np.sin(2 * np.pi * 150 * k * t) / k for k in range(1, 20)) *
                (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))).astype(np.float32)
        recognizer.hear(tone, partial=True)  # a partial transcript's window
        try:
            recognizer.hear(tone)  # and a final one's (kept: no utterance will have these samples)
        except AtelierError:  # the VAD found no speech in the tone: the final window loads on first use
            pass
