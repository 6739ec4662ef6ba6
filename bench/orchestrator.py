"""Orchestrator overhead per turn: everything but tool and model time.

A fixed planner returns a plan instantly and the tools return at once, so what is timed is
the orchestrator's own work: request handling, plan checks, scheduling, events, the reply.

    python -m bench.orchestrator [--turns N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from agent.config import Settings
from agent.orchestrator import Orchestrator
from agent.registry import ToolRegistry
from agent.tool import Tool, ToolContext
from agent.types import Plan, Request, Step, ToolResult

TARGET_MS = 5.0


class _NoArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str = ""


class _InstantTool(Tool):
    name = "image"
    description = "returns at once"
    Input = _NoArgs
    produces = ("image",)

    async def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        return ToolResult(message="nothing")


SHAPES = {
    "talk (no tools)": Plan(steps=[]),
    "1 step": Plan(steps=[Step(id="s1", tool="image", args={"prompt": "a"})]),
    "3 steps (2 parallel + 1 after)": Plan(steps=[
        Step(id="s1", tool="image", args={"prompt": "a"}),
        Step(id="s2", tool="image", args={"prompt": "b"}),
        Step(id="s3", tool="image", args={"prompt": "c"}, depends_on=["s1", "s2"]),
    ]),
}


async def _time_turns(orchestrator: Orchestrator, turns: int) -> list[float]:
    timings = []
    for index in range(turns + 20):  # the first 20 are warm-up
        started = time.perf_counter()
        async for _ in orchestrator.turn(Request(text="make something", session_id="bench")):
            pass
        if index >= 20:
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def run(turns: int = 300) -> list[dict[str, Any]]:
    from persona.responder import reply_for
    from tests.fakes import FixedPlanner

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        registry = ToolRegistry(settings=settings)
        registry.register(_InstantTool)
        for label, plan in SHAPES.items():
            orchestrator = Orchestrator(settings=settings, registry=registry, planner=FixedPlanner(plan),
                                        embedded_reply=reply_for)
            timings = sorted(asyncio.run(_time_turns(orchestrator, turns)))
            p50 = statistics.median(timings)
            p95 = timings[int(0.95 * (len(timings) - 1))]
            rows.append({"shape": label, "turns": turns, "p50_ms": p50, "p95_ms": p95})
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=300)
    options = parser.parse_args(argv)
    print(f"\nOrchestrator overhead per turn (target p50 <= {TARGET_MS:g} ms)")
    print(f"{'plan shape':34} {'turns':>6} {'p50 ms':>8} {'p95 ms':>8}  target")
    for row in run(options.turns):
        verdict = "PASS" if row["p50_ms"] <= TARGET_MS else "FAIL"
        print(f"{row['shape']:34} {row['turns']:>6} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f}  {verdict}")


if __name__ == "__main__":
    main()
