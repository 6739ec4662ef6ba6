"""The fakes of the project's protocols, written once for every test (house rule 8):
planners, tools, an encoder that counts its calls and a moderation classifier that is down.

A fake does the protocol's job in the smallest honest way (a tool writes a real small file,
a planner returns a real ``Plan``), so the code under test runs its real paths.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from agent.errors import BackendError, ToolError
from agent.planner.base import PlanContext, PlannedTurn
from agent.encoder import HashingEncoder
from agent.tool import Tool, ToolContext
from agent.types import Artifact, Plan, Request, Step, ToolResult


# ---------------------------------------------------------------------------- planners


class FixedPlanner:
    """Always returns the plan it was given; ``calls`` counts the requests it planned."""

    def __init__(self, plan: Plan) -> None:
        self.fixed = plan
        self.calls = 0

    async def plan(self, request: Request, ctx: PlanContext) -> Plan:  # noqa: D102 - the Planner protocol
        self.calls += 1
        return self.fixed


class WarningPlanner(FixedPlanner):
    """A fixed plan that comes with warnings (``plan_turn``), like a planner that fell back."""

    def __init__(self, plan: Plan, warnings: tuple[str, ...]) -> None:
        super().__init__(plan)
        self.warnings = warnings

    async def plan_turn(self, request: Request, ctx: PlanContext) -> PlannedTurn:  # noqa: D102 - TurnPlanner
        return PlannedTurn(plan=await self.plan(request, ctx), warnings=self.warnings, source="fake")


class KeywordPlanner:
    """"slow N" -> a fake image step of N seconds; "3D" -> the real mesh tool; else talk only."""

    async def plan(self, request: Request, ctx: PlanContext) -> Plan:  # noqa: D102 - the Planner protocol
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


# ---------------------------------------------------------------------------- encoders


class CountingEncoder(HashingEncoder):
    """The hashing encoder, counting its calls (``calls``: the number of texts of each)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        return super().encode(texts)


# ---------------------------------------------------------------------------- moderation


class DownClassifier:
    """A moderation classifier whose service is unreachable: every call is a ``BackendError``."""

    name = "down"

    def assess_many(self, texts: list[str], *, stage: str = "input") -> list:  # noqa: D102 - Classifier
        raise BackendError("the moderation service cannot be reached", retryable=True)


# ---------------------------------------------------------------------------- tools


class FakeInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str = "x"
    seconds: float = 0.0
    fail: bool = False
    crash: bool = False
    source: Artifact | None = None


class FakeImageTool(Tool):
    """Writes a small file of kind image after ``seconds`` of (threaded) work, reporting progress."""

    name = "image"
    description = "fake image tool for tests"
    Input = FakeInput
    consumes = {"source": ("image",)}
    produces = ("image",)
    starts: list[tuple[str, float]] = []
    lock = threading.Lock()

    async def run(self, args: FakeInput, ctx: ToolContext) -> ToolResult:
        with self.lock:
            FakeImageTool.starts.append((ctx.step_id, time.perf_counter()))
        if args.fail:
            raise ToolError(f"cannot draw {args.prompt!r}")
        if args.crash:
            raise RuntimeError("boom")

        def work() -> Path:
            steps = 10
            for i in range(steps):
                ctx.progress(i / steps, "working")
                time.sleep(args.seconds / steps)
            path = ctx.store.new_path(".png", stem=args.prompt)
            path.write_bytes(b"\x89PNG fake " + args.prompt.encode())
            return path

        path = await ctx.to_thread(work)
        meta = {"prompt": args.prompt, "source": args.source.id if args.source else None}
        return ToolResult(artifacts=[ctx.store.add(path, kind="image", meta=meta)], detail=f"drew {args.prompt}")


class FakeVideoTool(FakeImageTool):
    name = "video"
    consumes = {"source": ("image", "mesh")}
    produces = ("video",)

    async def run(self, args: FakeInput, ctx: ToolContext) -> ToolResult:
        await asyncio.sleep(args.seconds)
        path = ctx.store.new_path(".mp4", stem="clip")
        path.write_bytes(b"fake mp4")
        meta = {"source": args.source.id if args.source else None}
        return ToolResult(artifacts=[ctx.store.add(path, kind="video", meta=meta)])


class FakeSpeechTool(FakeImageTool):
    name = "speech"
    consumes = {}
    produces = ("audio",)

    async def run(self, args: FakeInput, ctx: ToolContext) -> ToolResult:
        path = ctx.store.new_path(".wav", stem="voice")
        path.write_bytes(b"RIFF fake")
        return ToolResult(artifacts=[ctx.store.add(path, kind="audio")])


class FakeWriterTool(FakeImageTool):
    """Starts its file at once, then works ``seconds`` (reporting progress) before finishing it:
    a worker killed in between leaves a half-written file unless someone removes it."""

    name = "writer"
    consumes = {}
    produces = ("image",)

    async def run(self, args: FakeInput, ctx: ToolContext) -> ToolResult:
        def work() -> Path:
            path = ctx.store.new_path(".png", stem=args.prompt)
            sidecar = path.with_suffix(".json")
            with path.open("wb") as handle:
                handle.write(b"\x89PNG half")
                handle.flush()
                sidecar.write_text("{}")
                for i in range(20):
                    ctx.progress(i / 20, "writing")
                    time.sleep(args.seconds / 20)
                handle.write(b" and the rest " + args.prompt.encode())
            sidecar.unlink()
            return path

        path = await ctx.to_thread(work)
        return ToolResult(artifacts=[ctx.store.add(path, kind="image", meta={"prompt": args.prompt})])
