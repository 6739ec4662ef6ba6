"""Executor: concurrency, dependency passing, failure isolation, timeout, cancellation."""

from __future__ import annotations

import asyncio
import time

import pytest

from agent.config import Settings
from agent.errors import ArtifactNotFound, PlanError
from agent.executor import Executor
from agent.registry import ToolRegistry
from agent.store import ArtifactStore
from agent.types import Plan, Step
from tests.fakes import FakeImageTool, FakeSpeechTool, FakeVideoTool


@pytest.fixture
def executor(settings: Settings) -> Executor:
    registry = ToolRegistry(settings=settings)
    for tool in (FakeImageTool, FakeVideoTool, FakeSpeechTool):
        registry.register(tool)
    FakeImageTool.starts.clear()
    return Executor(registry=registry, settings=settings)


def plan_of(*steps: dict) -> Plan:
    return Plan(steps=[Step(**step) for step in steps])


async def collect(executor: Executor, plan: Plan, store: ArtifactStore, **kwargs):
    run = executor.start(plan, store=store, turn_id="t_test", **kwargs)
    events = [event async for event in run.events()]
    return run, events


async def test_independent_steps_run_concurrently(executor, store):
    plan = plan_of({"id": "s1", "tool": "image", "args": {"prompt": "a", "seconds": 0.4}},
                   {"id": "s2", "tool": "image", "args": {"prompt": "b", "seconds": 0.4}})
    started = time.perf_counter()
    run, events = await collect(executor, plan, store)
    elapsed = time.perf_counter() - started
    assert {o.status for o in run.outcomes.values()} == {"ok"}
    assert elapsed < 0.75, f"two 0.4 s steps took {elapsed:.2f} s: they did not overlap"
    (_, t1), (_, t2) = FakeImageTool.starts
    assert abs(t1 - t2) < 0.2


async def test_ref_passes_the_artifact_and_orders_steps(executor, store):
    plan = plan_of({"id": "s1", "tool": "image", "args": {"prompt": "dragon"}},
                   {"id": "s2", "tool": "video", "args": {"source": {"$ref": "s1"}}})
    run, events = await collect(executor, plan, store)
    assert run.plan.steps[1].depends_on == ["s1"]  # implied by the $ref
    image = run.outcomes["s1"].artifacts[0]
    video = run.outcomes["s2"].artifacts[0]
    assert video.meta["source"] == image.id
    kinds = [e.kind for e in events]
    assert kinds.index("step_done") < max(i for i, e in enumerate(events) if e.step_id == "s2")
    assert all(e.step_id for e in events) and all(e.at >= 0 for e in events)
    assert any(e.kind == "progress" and e.step_id == "s1" for e in events)
    done = [e for e in events if e.kind == "step_done"]
    assert all(e.duration_s is not None for e in done)


async def test_failure_fails_dependents_but_not_independent_steps(executor, store):
    plan = plan_of({"id": "s1", "tool": "image", "args": {"prompt": "bad", "fail": True}},
                   {"id": "s2", "tool": "video", "args": {"source": {"$ref": "s1"}}},
                   {"id": "s3", "tool": "image", "args": {"prompt": "fine"}},
                   {"id": "s4", "tool": "image", "args": {"prompt": "crash", "crash": True}})
    run, events = await collect(executor, plan, store)
    status = {k: o.status for k, o in run.outcomes.items()}
    assert status == {"s1": "failed", "s2": "skipped", "s3": "ok", "s4": "failed"}
    errors = {e.step_id: e.error for e in events if e.kind == "error"}
    assert errors["s1"].type == "ToolError" and "bad" in errors["s1"].message
    assert "needs s1" in errors["s2"].message and errors["s2"].type == "DependencyFailed"
    assert errors["s4"].type == "RuntimeError"


async def test_bad_args_are_rejected_before_the_tool_runs(executor, store):
    plan = plan_of({"id": "s1", "tool": "image", "args": {"prompt": "x", "colour": "red"}})
    run, events = await collect(executor, plan, store)
    assert run.outcomes["s1"].status == "failed"
    assert "colour" in run.outcomes["s1"].error.message
    assert FakeImageTool.starts == []


async def test_step_timeout(executor, store):
    plan = plan_of({"id": "s1", "tool": "image", "args": {"prompt": "slow", "seconds": 3}},
                   {"id": "s2", "tool": "speech", "args": {}})
    started = time.perf_counter()
    run, events = await collect(executor, plan, store, step_timeout_s=0.3)
    assert time.perf_counter() - started < 2.0
    assert run.outcomes["s1"].error.type == "StepTimeout" and run.outcomes["s1"].error.retryable
    assert run.outcomes["s2"].status == "ok"


async def test_cancel_stops_running_and_waiting_steps(executor, store):
    plan = plan_of({"id": "s1", "tool": "image", "args": {"prompt": "slow", "seconds": 5}},
                   {"id": "s2", "tool": "video", "args": {"source": {"$ref": "s1"}}})
    run = executor.start(plan, store=store, turn_id="t")
    events = []
    started = time.perf_counter()

    async def consume():
        async for event in run.events():
            events.append(event)
            if event.kind == "progress":
                run.cancel()

    await asyncio.wait_for(consume(), timeout=5)
    assert time.perf_counter() - started < 2.0
    assert run.outcomes["s1"].status == "cancelled"
    assert run.outcomes["s2"].status in ("cancelled", "skipped")
    assert not store.artifacts()


@pytest.mark.parametrize(
    ("steps", "needle"),
    [
        ([{"id": "s1", "tool": "teleport", "args": {}}], "unknown tool 'teleport'"),
        ([{"id": "s1", "tool": "image", "depends_on": ["s2"]}, {"id": "s2", "tool": "image", "depends_on": ["s1"]}],
         "cycle"),
        ([{"id": "s1", "tool": "video", "args": {"source": {"$ref": "s9"}}}], "'s9' is not a step"),
        ([{"id": "s1", "tool": "speech", "args": {}}, {"id": "s2", "tool": "video", "args": {"source": {"$ref": "s1"}}}],
         "needs image/mesh but step s1 (speech) makes audio"),
        ([{"id": "s1", "tool": "image", "depends_on": ["s1"]}], "depends on itself"),
    ],
)
async def test_invalid_plans_are_typed_errors(executor, store, steps, needle):
    with pytest.raises(PlanError) as info:
        executor.start(plan_of(*steps), store=store, turn_id="t")
    assert needle in str(info.value)


async def test_stored_artifacts_resolve_and_are_type_checked(executor, store, tmp_path):
    audio_file = tmp_path / "voice.wav"
    audio_file.write_bytes(b"RIFF")
    audio = store.add(audio_file, kind="audio")
    with pytest.raises(ArtifactNotFound):
        executor.start(plan_of({"id": "s1", "tool": "video", "args": {"source": {"$artifact": "a_missing"}}}),
                       store=store, turn_id="t")
    with pytest.raises(PlanError, match="is audio"):
        executor.start(plan_of({"id": "s1", "tool": "video", "args": {"source": {"$artifact": audio.id}}}),
                       store=store, turn_id="t")
    image_file = tmp_path / "pic.png"
    image_file.write_bytes(b"png")
    image = store.add(image_file, kind="image")
    run, _ = await collect(executor, plan_of({"id": "s1", "tool": "video", "args": {"source": {"$artifact": image.id}}}),
                           store)
    assert run.outcomes["s1"].artifacts[0].meta["source"] == image.id


async def test_uninstalled_canonical_tool_fails_only_its_step(executor, store):
    plan = plan_of({"id": "s1", "tool": "panorama", "args": {"prompt": "desert"}},
                   {"id": "s2", "tool": "image", "args": {"prompt": "ok"}})
    run, events = await collect(executor, plan, store)
    assert run.outcomes["s1"].status == "failed"
    assert "not available" in run.outcomes["s1"].error.message
    assert run.outcomes["s2"].status == "ok"
