"""Helpers for the XR API tests: an orchestrator with fake and real tools and the keyword
planner (tests/fakes.py), keys, and a live uvicorn server on a free port."""

from __future__ import annotations

import asyncio
import threading
import time

from tests.loopback import free_port  # noqa: F401 - re-exported for bench/api.py
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from agent.config import Settings
from agent.orchestrator import Orchestrator
from agent.registry import ToolRegistry
from tests.fakes import KeywordPlanner


def build_orchestrator(settings: Settings, *, real_tools: tuple[str, ...] = (), runner=None) -> Orchestrator:
    """Fake image tool, plus the named real tools (mesh, speech, transcribe) from entry points."""
    from importlib.metadata import entry_points

    from persona.library import PersonaLibrary
    from persona.responder import reply_for
    from persona.turns import TurnSafety
    from tests.fakes import FakeImageTool

    registry = ToolRegistry(settings=settings)
    registry.register(FakeImageTool)
    for entry in entry_points(group="atelier.tools"):
        if entry.name in real_tools:
            registry.register(entry.load())
    safety = TurnSafety(personas=PersonaLibrary.for_data_dir(settings.data_dir), guard=None)
    return Orchestrator(settings=settings, registry=registry, planner=KeywordPlanner(), safety=safety,
                        embedded_reply=reply_for, runner=runner)


def build_ray_orchestrator(settings: Settings) -> Orchestrator:
    """The same, its tool calls on Ray workers (an API replica's factory in the cluster tests)."""
    from agent.cluster.workers import RayToolRunner

    return build_orchestrator(settings, runner=RayToolRunner(settings=settings))


class CountingApp:
    """ASGI wrapper that counts the request-body bytes the wrapped app pulled from the server."""

    def __init__(self, app) -> None:
        self.app, self.read = app, 0

    async def __call__(self, scope, receive, send):
        async def counted():
            message = await receive()
            if message["type"] == "http.request":
                self.read += len(message.get("body", b""))
            return message

        await self.app(scope, counted, send)


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
