"""Orchestrator: the dialogue lane speaks before slow assets are done."""

from __future__ import annotations

from agent.config import Settings
from agent.orchestrator import Orchestrator
from agent.planner.base import PlanContext, plan_turn
from agent.registry import ToolRegistry
from agent.types import Plan, Request, Step
from tests.fakes import FakeImageTool, FixedPlanner, WarningPlanner


async def test_acknowledgement_comes_before_slow_assets(settings: Settings):
    registry = ToolRegistry(settings=settings)
    registry.register(FakeImageTool)
    plan = Plan(steps=[Step(id="s1", tool="image", args={"prompt": "slow", "seconds": 0.5})], language="ko")
    orchestrator = Orchestrator(settings=settings, registry=registry, planner=FixedPlanner(plan))
    events = [e async for e in orchestrator.turn(Request(text="그림 그려줘"))]
    kinds = [(e.kind, e.data.get("stage")) for e in events]
    ack = kinds.index(("message", "ack"))
    assert ack < [k for k, _ in kinds].index("step_done")
    assert "이미지" in events[ack].message
    final = [e for e in events if e.kind == "message"][-1]
    assert final.data.get("stage") != "ack" and events[-1].kind == "turn_done"
    assert events[ack].at < 0.3  # said right after planning, not after the 0.5 s step


async def test_talk_turn_has_no_acknowledgement(settings: Settings):
    registry = ToolRegistry(settings=settings)
    orchestrator = Orchestrator(settings=settings, registry=registry, planner=FixedPlanner(Plan(steps=[])))
    events = [e async for e in orchestrator.turn(Request(text="hello"))]
    assert [e.kind for e in events].count("message") == 1


async def test_planner_warnings_become_warning_events(settings: Settings):
    orchestrator = Orchestrator(settings=settings, registry=ToolRegistry(settings=settings),
                                planner=WarningPlanner(Plan(steps=[]), ("the LLM planner is down; the embedded one planned",)))
    events = [e async for e in orchestrator.turn(Request(text="hello"))]
    warnings = [e.message for e in events if e.kind == "warning"]
    assert warnings == ["the LLM planner is down; the embedded one planned"]
    assert [e.kind for e in events].index("warning") < [e.kind for e in events].index("plan")


async def test_plan_turn_wraps_a_planner_that_only_plans():
    plan = Plan(steps=[Step(id="s1", tool="image", args={"prompt": "a"})])
    planned = await plan_turn(FixedPlanner(plan), Request(text="x"), PlanContext())
    assert planned.plan == plan and planned.warnings == () and planned.source == "planner"
