"""XR API load on loopback: N concurrent WebSocket sessions x M no-tool turns.

The server runs in its own process (uvicorn, the real app: keys, rate limits, personas,
the event protocol); clients are asyncio WebSocket clients in this process. A turn's
latency is from sending ``{"type": "turn"}`` to receiving its ``turn_done``. The per-event
overhead is the client's receive time minus the event's ``ts`` (stamped when the server got
the event from the orchestrator): serialization, the session bus, the socket and loopback.

    python -m bench.api [--sessions 50] [--turns 10] [--planner talk|embedded]

``talk`` plans nothing (what is measured is the API, not a model); ``embedded`` uses the
real embedded planner (MiniLM routing, CPU-bound, so it also measures planning capacity).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 3.0
TARGET_EVENT_MS = 5.0
TEXTS = ["hello there", "who are you?", "what do you sell?", "tell me about the town", "thanks, goodbye"]


def _serve(port: int, data_dir: str, planner: str, ready) -> None:
    import uvicorn

    from agent.config import Settings
    from agent.orchestrator import Orchestrator
    from agent.registry import ToolRegistry
    from agent.types import Plan
    from persona.responder import reply_for
    from persona.turns import TurnSafety
    from tests.fakes import FixedPlanner
    from ui.api.app import create_app

    settings = Settings(data_dir=Path(data_dir))
    if planner == "embedded":
        from agent.planner.embedded import EmbeddedPlanner

        plan = EmbeddedPlanner.load()
    else:
        plan = FixedPlanner(Plan(steps=[], language="en"))  # every turn is dialogue only
    orchestrator = Orchestrator(settings=settings, registry=ToolRegistry.from_entry_points(settings=settings),
                                planner=plan, safety=TurnSafety.for_data_dir(settings.data_dir),
                                embedded_reply=reply_for)
    app = create_app(settings=settings, orchestrator=orchestrator)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    ready.set()
    server.run()


async def _session(base: str, key: str, turns: int, latencies: list[float], overheads: list[float],
                   errors: list[str], think_s: float = 0.0, offset_s: float = 0.0,
                   ready: asyncio.Barrier | None = None) -> None:
    import httpx
    import websockets

    headers = {"Authorization": f"Bearer {key}"}
    try:
        async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
            created = await http.post("/v1/sessions", json={"persona": "blacksmith", "user": "bench"})
            created.raise_for_status()
            session = created.json()
        url = base.replace("http", "ws") + session["events_url"]
        async with websockets.connect(url, additional_headers=headers, max_size=None) as ws:
            json.loads(await ws.recv())  # session_ready
            if ready is not None:  # time turns only once every session exists (key checks, set-up)
                await ready.wait()
            await asyncio.sleep(offset_s)  # paced clients start spread over one think time
            for index in range(turns):
                if index and think_s:
                    await asyncio.sleep(think_s)
                sent = time.perf_counter()
                await ws.send(json.dumps({"type": "turn", "text": TEXTS[index % len(TEXTS)]}))
                while True:
                    raw = await ws.recv()
                    now = time.time()
                    event = json.loads(raw)
                    overheads.append((now - event["ts"]) * 1000)
                    if event["type"] == "error":
                        errors.append(event["error"]["message"])
                    if event["type"] == "turn_done":
                        if event["status"] != "ok":
                            errors.append(f"turn status {event['status']}")
                        latencies.append((time.perf_counter() - sent) * 1000)
                        break
    except Exception as exc:  # counted, not raised: the table reports errors
        errors.append(f"{type(exc).__name__}: {exc}")
        if ready is not None:
            await ready.abort()


async def _run(base: str, keys: list[str], sessions: int, turns: int, think_s: float = 0.0) -> dict:
    latencies: list[float] = []
    overheads: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    ready = asyncio.Barrier(sessions)
    await asyncio.gather(*(_session(base, keys[i % len(keys)], turns, latencies, overheads, errors, think_s,
                                    think_s * i / sessions, ready) for i in range(sessions)))
    wall = time.perf_counter() - started
    return {"latencies": latencies, "overheads": overheads, "errors": errors, "wall": wall}


def start_server(target, *args) -> tuple[multiprocessing.Process, str]:
    """Run ``target(port, *args, ready)`` (a uvicorn server) in a spawned process; returns it and its
    base URL once ``/v1/health`` answers."""
    import httpx

    from tests.api_helpers import free_port

    port = free_port()
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    server = context.Process(target=target, args=(port, *args, ready), daemon=True)
    server.start()
    ready.wait(120)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    return server, base


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--planner", choices=["talk", "embedded"], default="talk")
    parser.add_argument("--think-s", type=float, default=1.0,
                        help="pause between a session's turns, like a person reading and typing "
                             "(0: back to back, a closed loop that only measures queueing on 2 cores)")
    args = parser.parse_args(argv)

    from ui.api.keys import KeyStore

    data_dir = tempfile.mkdtemp(prefix="atelier-bench-api-")
    keys = [KeyStore.for_data_dir(Path(data_dir)).create(name=f"bench{i}")[0] for i in range(args.sessions)]
    server, base = start_server(_serve, data_dir, args.planner)
    try:
        asyncio.run(_run(base, keys, 1, 2))  # warm-up: first scrypt checks, imports, caches
        single = asyncio.run(_run(base, keys[:1], 1, args.turns))
        loaded = asyncio.run(_run(base, keys, args.sessions, args.turns, args.think_s))
    finally:
        server.terminate()
        server.join(10)
    single_p95 = _p(single["latencies"], 0.95)
    loaded_p95 = _p(loaded["latencies"], 0.95)
    ratio = loaded_p95 / single_p95 if single_p95 else float("nan")
    print(f"XR API on loopback, planner={args.planner}: {args.sessions} sessions x {args.turns} no-tool turns, "
          f"think time {args.think_s:g} s")
    print(f"{'run':<22}{'turns':>7}{'errors':>8}{'p50 ms':>10}{'p95 ms':>10}{'event p50 ms':>14}"
          f"{'event p95 ms':>14}{'turns/s':>9}")
    for name, run in (("1 session", single), (f"{args.sessions} sessions", loaded)):
        print(f"{name:<22}{len(run['latencies']):>7}{len(run['errors']):>8}{_p(run['latencies'], .5):>10.1f}"
              f"{_p(run['latencies'], .95):>10.1f}{_p(run['overheads'], .5):>14.2f}{_p(run['overheads'], .95):>14.2f}"
              f"{len(run['latencies']) / run['wall']:>9.1f}")
    event_ms = statistics.median(single["overheads"]) if single["overheads"] else float("nan")
    print()
    print(f"{'target':<44}{'value':>10}{'limit':>8}  ok")
    rows = [("errors under load", len(loaded["errors"]), 0, len(loaded["errors"]) == 0),
            ("p95 latency, loaded / single", round(ratio, 2), TARGET_RATIO, ratio <= TARGET_RATIO),
            ("server overhead per event, median ms", round(event_ms, 2), TARGET_EVENT_MS, event_ms <= TARGET_EVENT_MS)]
    for name, value, limit, ok in rows:
        print(f"{name:<44}{value:>10}{limit:>8}  {'yes' if ok else 'NO'}")
    if loaded["errors"]:
        print("first errors:", loaded["errors"][:3])
    if not args.think_s:
        print("(closed loop: every session sends its next turn as soon as the last is done, so the latency ratio"
              " measures queueing behind the orchestrator's per-turn CPU time on this machine's cores)")


if __name__ == "__main__":
    main()
