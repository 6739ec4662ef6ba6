"""Helpers for the XR API tests: a keyword planner (the planner protocol's fake), an
orchestrator with fake and real tools, keys, and a live uvicorn server on a free port."""

from __future__ import annotations

import asyncio
import re
import threading
import time

from tests.loopback import free_port  # noqa: F401 - re-exported for bench/api.py
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from agent.config import Settings
from agent.orchestrator import Orchestrator
from agent.planner.base import PlanContext
from agent.registry import ToolRegistry
from agent.types import Plan, Request, Step


class KeywordPlanner:
    """"slow N" -> a fake image step of N seconds; "3D" -> the real mesh tool; else talk only."""

    async def plan(self, request: Request, ctx: PlanContext) -> Plan:
        text = request.text
        steps: list[Step] = []
        slow = re.search(r"slow (\d+(?:\.\d+)?)", text)
        if slow:
            steps.append(Step(id="s1", tool="image", args={"prompt": "slow", "seconds": float(slow.group(1))}))
        if "3D" in text:
            steps.append(Step(id=f"s{len(steps) + 1}", tool="mesh", args={"prompt": "a red wooden chair"}))
        if "fail" in text:
            steps.append(Step(id=f"s{len(steps) + 1}", tool="image", args={"prompt": "bad", "fail": True}))
        return Plan(steps=steps, language="ko" if re.search(r"[\uac00-\ud7a3]", text) else "en")


def build_orchestrator(settings: Settings, *, real_tools: tuple[str, ...] = ()) -> Orchestrator:
    """Fake image tool, plus the named real tools (mesh, speech, transcribe) from entry points."""
    from importlib.metadata import entry_points

    from persona.library import PersonaLibrary
    from persona.turns import TurnSafety
    from tests.conftest import FakeImageTool

    registry = ToolRegistry(settings=settings)
    registry.register(FakeImageTool)
    for entry in entry_points(group="atelier.tools"):
        if entry.name in real_tools:
            registry.register(entry.load())
    safety = TurnSafety(personas=PersonaLibrary.for_data_dir(settings.data_dir), guard=None)
    return Orchestrator(settings=settings, registry=registry, planner=KeywordPlanner(), safety=safety)


@contextmanager
def live_server(app) -> Iterator[str]:
    """Run ``app`` under uvicorn in a thread on a free loopback port; yields the base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                          ws="websockets-sansio" if _has_sansio() else "auto"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _has_sansio() -> bool:
    try:
        import uvicorn.protocols.websockets.websockets_sansio_impl  # noqa: F401
        return True
    except ImportError:
        return False


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(interval)


async def async_wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def data_path(settings: Settings) -> Path:
    return Path(settings.data_dir)
