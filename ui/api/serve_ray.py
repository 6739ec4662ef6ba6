"""``app.py serve --engine ray [--replicas N]``: the same FastAPI app as a Ray Serve deployment.

Every replica builds its own orchestrator (planner, memory client, safety, responders) with the
Ray tool runner, so tool calls go to the shared worker pools (agent/cluster/workers.py), and
keeps sessions, jobs, event logs and rate buckets in the cluster's state actor
(ui/api/state_ray.py), so any replica answers any request of any session. Serve's proxy on
each node routes HTTP and WebSocket requests to the replicas. Every response and WebSocket
handshake carries ``X-Atelier-Replica``, the replica that answered.
"""

from __future__ import annotations

import importlib
import time
from typing import Any, Callable

from agent.config import Settings
from agent.errors import ConfigError

APP_NAME = "atelier"
DEFAULT_FACTORY = "agent.app.build:build_orchestrator"


def _factory(path: str) -> Callable[[Settings], Any]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


class ReplicaHeader:
    """ASGI wrapper: every HTTP response and WebSocket handshake says which replica answered
    (``X-Atelier-Replica``), for operators and for the tests that check replicas share state."""

    def __init__(self, app: Any, *, replica: str) -> None:
        self.app = app
        self.header = (b"x-atelier-replica", replica.encode())

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return

        async def tagged(message: dict[str, Any]) -> None:
            if message["type"] in ("http.response.start", "websocket.accept"):
                message = {**message, "headers": [*message.get("headers", []), self.header]}
            await send(message)

        await self.app(scope, receive, tagged)


class ApiReplica:
    """One replica: the API app over the shared state (made by Serve on a Ray worker)."""

    def __init__(self, settings: Settings, factory: str = DEFAULT_FACTORY) -> None:
        from ui.api.app import create_app
        from ui.api.state_ray import RaySessionState

        self.atelier_state = RaySessionState(cluster=settings.cluster, api=settings.api)
        app = create_app(settings=settings, orchestrator=_factory(factory)(settings), state=self.atelier_state)
        self.atelier_app = ReplicaHeader(app, replica=self.atelier_state.owner)

    def __serve_build_asgi_app__(self) -> Any:
        return self.atelier_app

    def __del__(self) -> None:
        state = getattr(self, "atelier_state", None)
        if state is not None:
            state.close()


def check_settings(settings: Settings, *, replicas: int) -> None:
    """What must hold before replicas share the work (a ``ConfigError`` naming the fix)."""
    if replicas > 1 and settings.memory.enabled and not settings.memory.chroma_url:
        raise ConfigError(f"{replicas} replicas cannot share the embedded memory store (one writer per store): "
                          "start a Chroma server (`chroma run --path DIR --port 8001`) and set memory.chroma_url, "
                          "or set memory.enabled = false")


def deploy(settings: Settings, *, replicas: int, host: str, port: int, factory: str = DEFAULT_FACTORY) -> Any:
    """Start (or update) the Serve application ``atelier`` on ``host:port``; returns its handle."""
    from agent.cluster.connect import connect

    check_settings(settings, replicas=replicas)
    connect(settings.cluster)
    from ray import serve

    from ui.api.state_ray import state_actor

    state_actor(settings.cluster, settings.api)  # made once, before the replicas look for it
    deployment = serve.deployment(serve.ingress()(ApiReplica), name="api")
    serve.start(http_options={"host": host, "port": port})
    options = {"num_cpus": settings.cluster.api_cpus}
    return serve.run(deployment.options(num_replicas=replicas, ray_actor_options=options,
                                        max_ongoing_requests=1000).bind(settings, factory),
                     name=APP_NAME, route_prefix="/")


def serve_forever(settings: Settings, *, replicas: int, host: str, port: int) -> None:
    """``deploy``, then wait for Ctrl-C (or SIGTERM) and take the application down; a local Ray
    started here ends with this process."""
    import signal

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    deploy(settings, replicas=replicas, host=host, port=port)
    signal.signal(signal.SIGTERM, stop)  # after Ray's own handler (installed by ray.init)
    from ray import serve

    try:
        while True:
            time.sleep(1.0)
    except KeyboardInterrupt:
        pass
    finally:
        serve.delete(APP_NAME)
        if not settings.cluster.address:
            import ray

            ray.shutdown()
