"""Shared fixtures: an isolated data dir, settings, a store, and fake tools for the executor."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from agent.config import Settings  # noqa: E402
from agent.errors import ToolError  # noqa: E402
from agent.store import ArtifactStore  # noqa: E402
from agent.tool import Tool, ToolContext  # noqa: E402
from agent.types import Artifact, ToolResult  # noqa: E402


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def store(settings: Settings) -> ArtifactStore:
    return ArtifactStore(data_dir=settings.data_dir, session_id="test", user_id="tester")


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test writes to the user's real data dir or reads a stray atelier.toml."""
    monkeypatch.setenv("ATELIER_DATA_DIR", str(tmp_path / "env-data"))
    monkeypatch.chdir(tmp_path)


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
        return ToolResult(artifacts=[ctx.store.add(path, kind="image", meta=meta)], message=f"drew {args.prompt}")


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
