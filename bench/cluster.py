"""The Ray engine on a local Ray (``[cluster] engine = "ray"``), side by side with the local one.

1. Overhead per tool call: a no-op tool (one progress report, a 16-byte file stored) run N times
   through the local runner and through a Ray worker, interleaved in one run; p50/p95 per call.
2. Scaling: a simulated GPU tool (a sleep-bound worker holding one ``fake_gpu``, a custom Ray
   resource standing in for ``num_gpus``) with 1, 2 and 4 workers; calls/s and the fraction of
   linear scaling.
3. Capacity: embedded tools timed on a Ray worker holding one CPU core of this machine, and the
   neural image backend's stored H100 figures (bench/data/visual_gpu_h100.json, from
   ``python -m bench.visual_gpu``) plus the measured Ray overhead: calls (turns) per minute per
   worker.
4. Sessions: ``serve --engine ray --replicas 2`` (the tests' orchestrator: keyword planner,
   embedded persona replies, tool calls on Ray workers); rounds of one session alone, then S
   concurrent WebSocket sessions at a person's pace (bench/api.py's clients), back to back so both
   see the same load from the rest of the machine; p95 turn latency (the median of the rounds'
   ratios), errors, and the CPU the replicas, the state actor and Serve spend: sessions per CPU core.
5. Memory: resident memory of every process of the local Ray, idle after ``ray.init`` and idle
   with Serve's 2 replicas deployed.

    python -m bench.cluster [--calls 200] [--sessions 200] [--turns 3] [--think-s 5] [--rounds 3] [--skip-serve]

Needs the ``atelier[ray]`` extra. Timings on a shared 2-core machine are noisy: medians are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from agent.tool import Tool, ToolContext
from agent.types import ToolResult

TARGET_OVERHEAD_MS = 5.0
TARGET_SCALING = 0.9
TARGET_SESSIONS_RATIO = 1.5
SLEEP_S = 0.25


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str = "x"


class NoopTool(Tool):
    """The smallest real call: one progress report and a 16-byte file in the store."""

    name = "noop"
    description = "benchmark: stores a tiny file"
    Input = _Input
    produces = ("text",)

    async def run(self, args: _Input, ctx: ToolContext) -> ToolResult:
        ctx.progress(0.5, "writing")
        path = ctx.store.new_path(".txt", stem="noop")
        path.write_bytes(b"sixteen bytes!!\n")
        return ToolResult(artifacts=[ctx.store.add(path, kind="text")])


class SleepTool(Tool):
    """A simulated GPU tool: each call holds its worker for ``SLEEP_S`` (like a fixed-size
    diffusion job) and stores a tiny file."""

    name = "gpu_sleep"
    description = "benchmark: a sleep-bound stand-in for a GPU tool"
    Input = _Input
    produces = ("text",)

    async def run(self, args: _Input, ctx: ToolContext) -> ToolResult:
        await ctx.to_thread(time.sleep, SLEEP_S)
        path = ctx.store.new_path(".txt", stem="gpu")
        path.write_bytes(b"done\n")
        return ToolResult(artifacts=[ctx.store.add(path, kind="text")])


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def _ctx(settings, store, index: int) -> ToolContext:
    return ToolContext(step_id=f"s{index}", session_id=store.session_id, user_id=store.user_id, store=store,
                       settings=settings)


# -- 1. overhead ---------------------------------------------------------------------------------
async def overhead(settings, calls: int) -> dict[str, list[float]]:
    from agent.cluster.workers import RayToolRunner
    from agent.config import ToolResources
    from agent.runner import LocalToolRunner
    from agent.store import ArtifactStore

    store = ArtifactStore(data_dir=settings.data_dir, session_id="overhead", user_id="bench")
    runners = {"local": LocalToolRunner(),
               "ray": RayToolRunner(settings=settings, resources={"noop": ToolResources(num_cpus=0)})}
    tool = NoopTool(settings=settings)
    args = tool.Input()
    for runner in runners.values():  # warm-up: the worker starts, imports, opens the store
        for index in range(5):
            await runner.run(tool, args, _ctx(settings, store, index))
    times: dict[str, list[float]] = {name: [] for name in runners}
    for block in range(calls // 10):
        for name, runner in runners.items():  # interleaved: both see the same machine load
            for index in range(10):
                started = time.perf_counter()
                await runner.run(tool, args, _ctx(settings, store, block * 10 + index))
                times[name].append((time.perf_counter() - started) * 1000)
    return times


# -- 2. scaling ----------------------------------------------------------------------------------
async def scaling(settings, workers: int, calls: int, repeats: int = 3) -> float:
    """Calls per second of ``calls`` concurrent calls on ``workers`` fake-GPU workers (median of
    ``repeats`` rounds)."""
    from agent.cluster.workers import RayToolRunner, release_workers
    from agent.config import ToolResources
    from agent.store import ArtifactStore

    release_workers(settings)
    declared = ToolResources(num_cpus=0, resources={"fake_gpu": 1}, workers=workers, max_queued=1000)
    runner = RayToolRunner(settings=settings, resources={"gpu_sleep": declared})
    store = ArtifactStore(data_dir=settings.data_dir, session_id=f"scaling{workers}", user_id="bench")
    tool = SleepTool(settings=settings)
    await asyncio.gather(*(runner.run(tool, tool.Input(), _ctx(settings, store, i)) for i in range(workers)))  # warm
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        await asyncio.gather(*(runner.run(tool, tool.Input(), _ctx(settings, store, i)) for i in range(calls)))
        rates.append(calls / (time.perf_counter() - started))
    return statistics.median(rates)


# -- 3. capacity ---------------------------------------------------------------------------------
EMBEDDED_CASES = [("image", "embedded, 512x512", {"prompt": "a castle on a hill at sunset", "width": 512, "height": 512}),
                  ("mesh", "embedded, a chair", {"prompt": "a red wooden chair"}),
                  ("speech", "embedded, one English sentence", {"text": "Welcome to my forge, traveller."})]
GPU_ROWS = [("sd", "eager fp16 (AttnProcessor2_0)", "SD-Turbo 512x512, 4 steps"),
            ("sd", "compiled unet+vae (reduce-overhead) fp16", "SD-Turbo, compiled"),
            ("sdxl", "eager fp16 (AttnProcessor2_0)", "SDXL-Turbo 512x512, 4 steps"),
            ("sdxl", "compiled unet+vae (reduce-overhead) fp16", "SDXL-Turbo, compiled")]


async def embedded_seconds(settings, runs: int = 3) -> list[tuple[str, str, float]]:
    """Median seconds per call of embedded tools on a Ray worker holding one CPU core."""
    from importlib.metadata import entry_points

    from agent.cluster.workers import RayToolRunner, release_workers
    from agent.config import ToolResources
    from agent.store import ArtifactStore

    classes = {e.name: e.load() for e in entry_points(group="atelier.tools") if e.name in {c[0] for c in EMBEDDED_CASES}}
    store = ArtifactStore(data_dir=settings.data_dir, session_id="capacity", user_id="bench")
    rows = []
    for name, what, args in EMBEDDED_CASES:  # one tool's worker at a time: each holds a whole core
        release_workers(settings)
        runner = RayToolRunner(settings=settings, resources={name: ToolResources(num_cpus=1)})
        tool = classes[name](settings=settings)
        values = tool.Input.model_validate(args)
        await runner.run(tool, values, _ctx(settings, store, 0))  # warm-up: imports, first-use caches
        times = []
        for index in range(runs):
            started = time.perf_counter()
            await runner.run(tool, values, _ctx(settings, store, index))
            times.append(time.perf_counter() - started)
        rows.append((name, what, statistics.median(times)))
    release_workers(settings)
    return rows


def capacity(embedded: list[tuple[str, str, float]], overhead_ms: float) -> None:
    import json

    print("\n3. capacity per worker (one call = one turn that uses the tool)")
    print(f"{'tool':<8}{'backend':<36}{'worker':<22}{'s/call':>8}{'per min':>9}")
    for name, what, seconds in embedded:
        print(f"{name:<8}{what:<36}{'1 CPU core (measured)':<22}{seconds:>8.3f}{60 / seconds:>9.0f}")
    stored = json.loads((Path(__file__).parent / "data" / "visual_gpu_h100.json").read_text())
    found = {(r["model"], r["variant"]): r["p50_ms"] for r in stored["rows"]}
    for model, variant, what in GPU_ROWS:
        if (model, variant) in found:
            seconds = (found[model, variant] + overhead_ms) / 1000
            print(f"{'image':<8}{'neural ' + what:<36}{'1 H100 (stored)':<22}{seconds:>8.3f}{60 / seconds:>9.0f}")


# -- 4. sessions ---------------------------------------------------------------------------------
def _cpu_s(names: tuple[str, ...]) -> dict[str, float]:
    """CPU seconds so far of the processes this one started whose title starts with one of
    ``names``, by name."""
    totals, tick = dict.fromkeys(names, 0.0), os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
            name = next((n for n in names if title.startswith(n)), None)
            if name is not None and _descends_from_me(int(pid)):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                totals[name] += (int(fields[11]) + int(fields[12])) / tick
        except OSError:
            continue
    return totals


def _descends_from_me(pid: int) -> bool:
    me = os.getpid()
    while pid > 1:
        if pid == me:
            return True
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            return False
    return False


def _rss_mib() -> float:
    """Resident memory of every process this one started (the local Ray's), in MiB."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) == os.getpid() or not _descends_from_me(int(pid)):
            continue
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


SERVING = ("ray::ServeReplica", "ray::SharedState", "ray::ProxyActor", "ray::ServeController", "ray::ToolWorker")


def _cache_keys(base: str, keys: list[str], *, per_key: int = 8) -> None:
    """Have every replica verify every key once, one request at a time. All bench clients share one
    address, and uncached key checks from one address are throttled as if they were guesses
    (ui/api/auth.py): 200 first requests at once would be refused, which a real crowd (many
    addresses, keys already cached) never sees. Serve spreads the requests over the replicas."""
    import httpx

    with httpx.Client(base_url=base, timeout=30) as client:
        for key in keys:
            for _ in range(per_key):
                reply = client.get("/v1/personas", headers={"Authorization": f"Bearer {key}"})
                if reply.status_code == 429:
                    time.sleep(float(reply.headers.get("retry-after", "1")))
                    continue
                reply.raise_for_status()


def sessions(settings, *, count: int, turns: int, think_s: float, rounds: int) -> tuple[list, list, float, dict]:
    """``rounds`` pairs of (one session alone, ``count`` sessions at a person's pace), each pair back
    to back so that both see the same load from the rest of the machine."""
    import httpx

    from bench.api import _run
    from tests.loopback import free_port
    from ui.api.keys import KeyStore
    from ui.api.serve_ray import deploy

    # the lone session has a key of its own: its 60 quick turns empty that key's rate bucket, and the
    # loaded round right after must not start on a drained key (its first 429 broke the whole round)
    single_key, *keys = [KeyStore.for_data_dir(settings.data_dir).create(name=f"bench{i}")[0] for i in range(11)]
    port = free_port()
    deploy(settings, replicas=2, host="127.0.0.1", port=port, factory="tests.api_helpers:build_ray_orchestrator")
    base = f"http://127.0.0.1:{port}"
    while httpx.get(f"{base}/v1/health", timeout=5).status_code != 200:
        time.sleep(0.2)
    _cache_keys(base, [single_key, *keys])
    time.sleep(5.0)  # idle
    idle_mib = _rss_mib()
    asyncio.run(_run(base, keys, 2, 2))  # warm-up: scrypt checks, first turns of each replica
    singles, loadeds, cpu_s = [], [], dict.fromkeys(SERVING, 0.0)
    for _ in range(rounds):
        singles.append(asyncio.run(_run(base, [single_key], 1, 60, think_s=0.1)))  # enough turns for a steady p95
        before = _cpu_s(SERVING)
        loadeds.append(asyncio.run(_run(base, keys, count, turns, think_s)))
        for name, seconds in _cpu_s(SERVING).items():
            cpu_s[name] += seconds - before[name]
    return singles, loadeds, idle_mib, cpu_s


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="calls per engine for the overhead")
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--turns", type=int, default=3, help="turns per session")
    parser.add_argument("--think-s", type=float, default=5.0, help="a person's pause between turns")
    parser.add_argument("--rounds", type=int, default=3, help="pairs of (one session, all sessions)")
    parser.add_argument("--skip-serve", action="store_true", help="only the tool-call parts (1, 2, 3)")
    args = parser.parse_args(argv)
    try:
        import ray
    except ImportError:
        print("bench.cluster needs the Ray extra: pip install 'atelier[ray]'")
        return
    from agent.config import Settings
    from agent.cluster.workers import release_workers

    repo = Path(__file__).resolve().parents[1]
    started = time.perf_counter()
    ray.init(num_cpus=os.cpu_count(), resources={"fake_gpu": 4}, include_dashboard=False, log_to_driver=False,
             logging_level="warning", namespace="atelier-bench", runtime_env={"env_vars": {"PYTHONPATH": str(repo)}})
    init_s = time.perf_counter() - started
    time.sleep(5.0)
    ray_idle_mib = _rss_mib()
    data = Path(tempfile.mkdtemp(prefix="atelier-bench-cluster-"))
    settings = Settings(data_dir=data, memory={"enabled": False}, api={"rate_per_s": 100, "burst": 200},
                        cluster={"engine": "ray", "namespace": "atelier-bench", "api_cpus": 0,
                                 "tools": {"image": {"num_cpus": 0, "workers": 2}}})
    print(f"local Ray: {os.cpu_count()} CPUs, started in {init_s:.1f} s")

    times = asyncio.run(overhead(settings, args.calls))
    print(f"\n1. per tool call, {args.calls} calls each (no-op tool: one progress report, a 16-byte file stored)")
    print(f"{'engine':<8}{'p50 ms':>9}{'p95 ms':>9}")
    for name, values in times.items():
        print(f"{name:<8}{statistics.median(values):>9.2f}{_p(values, 0.95):>9.2f}")
    extra_ms = statistics.median(times["ray"]) - statistics.median(times["local"])

    print(f"\n2. simulated GPU tool ({SLEEP_S:g} s per call, one fake_gpu per worker), 8 calls per worker, "
          "median of 3 rounds")
    print(f"{'workers':>8}{'calls/s':>9}{'of linear':>11}")
    rates = {}
    for workers in (1, 2, 4):
        rates[workers] = asyncio.run(scaling(settings, workers, 8 * workers))
        print(f"{workers:>8}{rates[workers]:>9.2f}{rates[workers] / (workers * rates[1]):>11.2f}")
    release_workers(settings)
    scale = rates[4] / (4 * rates[1])
    capacity(asyncio.run(embedded_seconds(settings)), max(0.0, extra_ms))

    rows = [(f"ray overhead per call, p50 ms (ray - local)", round(extra_ms, 2), TARGET_OVERHEAD_MS,
             extra_ms <= TARGET_OVERHEAD_MS),
            ("scaling 1 -> 4 workers, fraction of linear", round(scale, 2), TARGET_SCALING, scale >= TARGET_SCALING)]
    if not args.skip_serve:
        singles, loadeds, serve_idle_mib, cpu_s = sessions(settings, count=args.sessions, turns=args.turns,
                                                           think_s=args.think_s, rounds=args.rounds)
        ratios = [_p(l["latencies"], 0.95) / _p(s["latencies"], 0.95) for s, l in zip(singles, loadeds)]
        ratio = statistics.median(ratios)
        errors = [e for run in loadeds for e in run["errors"]]
        session_s = sum(args.sessions * run["wall"] for run in loadeds)
        print(f"\n4. Serve, 2 replicas: WebSocket sessions, {args.turns} dialogue turns each, think time "
              f"{args.think_s:g} s; {args.rounds} rounds, each one session alone then all together")
        print(f"{'round':<7}{'run':<16}{'turns':>7}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'turns/s':>9}"
              f"{'p95 ratio':>11}")
        for number, (single, loaded, each) in enumerate(zip(singles, loadeds, ratios), start=1):
            for name, run in (("1 session", single), (f"{args.sessions} sessions", loaded)):
                print(f"{number:<7}{name:<16}{len(run['latencies']):>7}{len(run['errors']):>8}"
                      f"{_p(run['latencies'], .5):>9.1f}{_p(run['latencies'], .95):>9.1f}"
                      f"{len(run['latencies']) / run['wall']:>9.2f}" + (f"{each:>11.2f}" if run is loaded else ""))
        total_cpu = sum(cpu_s.values())
        per_core = session_s / total_cpu if total_cpu else float("nan")
        turns_done = sum(len(run["latencies"]) for run in loadeds)
        print(f"CPU of replicas + state actor + Serve: {total_cpu:.1f} s over {session_s / args.sessions:.1f} s "
              f"-> {per_core:.0f} sessions per CPU core at this pace; per turn: " + ", ".join(
                  f"{name.removeprefix('ray::')} {1000 * seconds / turns_done:.1f} ms" for name, seconds in cpu_s.items()))
        if errors:
            print("first errors:", errors[:3])
        print(f"\n5. memory (resident, all processes of the local Ray): idle Ray {ray_idle_mib:.0f} MiB; "
              f"idle Ray + Serve (controller, proxy, 2 replicas, state actor) {serve_idle_mib:.0f} MiB")
        rows += [(f"errors, {args.sessions} sessions", len(errors), 0, not errors),
                 ("p95 turn latency, loaded / single (median)", round(ratio, 2), TARGET_SESSIONS_RATIO,
                  ratio <= TARGET_SESSIONS_RATIO)]
        from ray import serve

        serve.shutdown()
    else:
        print(f"\n5. memory (resident, all processes of the local Ray): idle Ray {ray_idle_mib:.0f} MiB")
    print(f"\n{'target':<46}{'value':>8}{'limit':>7}  ok")
    for name, value, limit, ok in rows:
        print(f"{name:<46}{value:>8}{limit:>7}  {'yes' if ok else 'NO'}")
    ray.shutdown()


if __name__ == "__main__":
    main()
