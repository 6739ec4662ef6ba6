"""The LLM planner against a loopback OpenAI-compatible server and LangChain's fake chat models:
valid plans, the repair round, and every bad answer ending in the embedded fallback."""

from __future__ import annotations

import json
import time

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from agent.config import LLMSettings, Settings
from agent.llm.client import LLM
from agent.llm.factory import build_llm
from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.planner.llm import LLMPlanner, accept_answer, parse_answer
from agent.errors import PlanError
from agent.registry import ToolRegistry
from agent.types import Artifact, Request
from agent.llm.fake_server import Answer, FakeOpenAI

CHAIR_VIDEO = {"language": "en", "steps": [
    {"id": "s1", "tool": "mesh", "args": {"prompt": "a wooden chair"}, "depends_on": []},
    {"id": "s2", "tool": "video", "args": {"prompt": "orbit", "source": {"$ref": "s1"}}, "depends_on": ["s1"]}]}
REQUEST = "make a wooden chair in 3D, then a short video turning around it"


@pytest.fixture(scope="module")
def specs():
    return ToolRegistry.from_entry_points(settings=Settings()).specs()


@pytest.fixture(scope="module")
def fallback():
    return EmbeddedPlanner.for_tests()


def planner_for(server: FakeOpenAI, fallback, *, timeout_s: float = 5.0, max_retries: int = 2) -> LLMPlanner:
    llm = build_llm(LLMSettings(base_url=server.base_url, model="fake-model", timeout_s=timeout_s,
                                max_retries=max_retries))
    llm.retry_wait_s = 0.01
    return LLMPlanner(llm=llm, fallback=fallback)


async def plan_with(script: list[Answer], specs, fallback, text: str = REQUEST, **options):
    with FakeOpenAI(script) as server:
        planner = planner_for(server, fallback, **options)
        started = time.perf_counter()
        planned = await planner.plan_turn(Request(text=text), PlanContext(tools=specs))
        return planned.plan, planned, server, time.perf_counter() - started


async def test_valid_plan_from_the_endpoint(specs, fallback):
    plan, planned, server, _ = await plan_with([Answer(json.dumps(CHAIR_VIDEO))], specs, fallback)
    assert planned.source == "llm" and planned.warnings == ()
    assert [s.tool for s in plan.steps] == ["mesh", "video"]
    assert plan.steps[1].args["source"] == {"$ref": "s1"} and plan.steps[1].depends_on == ["s1"]
    sent = server.requests[0]
    assert sent["model"] == "fake-model" and sent["response_format"] == {"type": "json_object"}
    system = sent["messages"][0]["content"]
    for name in ("mesh", "video", "motion", "speech"):  # every registered tool with its schema
        assert f"## {name}\n" in system
    assert '"script"' in system and "sword_slash" in system  # the motion script format
    users = [m["content"] for m in sent["messages"] if m["role"] == "user"]
    assert any("빨간 용" in u for u in users) and users[-1].endswith(REQUEST)  # Korean few-shot, then the request


async def test_fenced_json_and_bare_step_lists_are_accepted(specs):
    fenced = "Here is the plan:\n```json\n" + json.dumps(CHAIR_VIDEO) + "\n```"
    assert [s.tool for s in accept_answer(fenced, specs).steps] == ["mesh", "video"]
    bare = accept_answer(json.dumps(CHAIR_VIDEO["steps"]), specs, language="ko")
    assert bare.language == "ko" and len(bare.steps) == 2
    with pytest.raises(PlanError, match="not JSON"):
        parse_answer("I'd love to help you build a chair!")
    with pytest.raises(PlanError, match="empty"):
        parse_answer("   ")


async def test_non_json_is_repaired_once(specs, fallback):
    script = [Answer("Sure! First I will model the chair."), Answer(json.dumps(CHAIR_VIDEO))]
    plan, planned, server, _ = await plan_with(script, specs, fallback)
    assert planned.source == "repaired" and planned.warnings == ()
    assert len(server.requests) == 2 and [s.tool for s in plan.steps] == ["mesh", "video"]
    repair = server.requests[1]["messages"]
    assert repair[-2] == {"role": "assistant", "content": "Sure! First I will model the chair."}
    assert "not JSON" in repair[-1]["content"] and "corrected plan" in repair[-1]["content"]


@pytest.mark.parametrize("bad, needle", [
    ("not json at all", "not JSON"),
    (json.dumps({"language": "en", "steps": [{"id": "s1", "tool": "teleporter", "args": {}}]}), "unknown tool"),
    (json.dumps({"language": "en", "steps": [
        {"id": "s1", "tool": "image", "args": {"prompt": "a"}, "depends_on": ["s2"]},
        {"id": "s2", "tool": "image", "args": {"prompt": "b"}, "depends_on": ["s1"]}]}), "cycle"),
    (json.dumps({"language": "en", "steps": [
        {"id": "s1", "tool": "speech", "args": {"text": "hi"}},
        {"id": "s2", "tool": "video", "args": {"prompt": "x", "source": {"$ref": "s1"}}}]}), "needs image"),
    (json.dumps({"language": "en", "steps": [{"id": "s1", "tool": "mesh", "args": {"prompt": "x", "colour": 3}}]}),
     "Additional properties"),
    (json.dumps({"language": "en", "steps": [{"id": "s1", "tool": "video",
                                               "args": {"prompt": "x", "source": {"$artifact": "a_missing"}}}]}),
     "a_missing"),
    (json.dumps({"language": "en", "steps": [{"id": "step-one", "tool": "mesh", "args": {}}]}), "s1"),
])
async def test_invalid_twice_falls_back_with_a_warning(specs, fallback, bad, needle):
    plan, planned, server, _ = await plan_with([Answer(bad)], specs, fallback)
    assert planned.source == "fallback" and len(server.requests) == 2  # one repair round, no more
    assert needle in server.requests[1]["messages"][-1]["content"]
    assert len(planned.warnings) == 1 and "embedded planner made this plan" in planned.warnings[0] and needle in planned.warnings[0]
    assert plan == fallback.plan_sync(Request(text=REQUEST), PlanContext(tools=specs))


async def test_refusal_and_empty_answers_fall_back(specs, fallback):
    plan, planned, server, _ = await plan_with(
        [Answer(None, refusal="I can't help with that.")], specs, fallback)
    assert planned.source == "fallback" and "empty" in planned.warnings[0] and plan.steps
    plan, planned, server, _ = await plan_with([Answer("I'm sorry, but I can't assist.")], specs, fallback)
    assert planned.source == "fallback" and "not JSON" in planned.warnings[0]


async def test_rate_limit_is_retried_then_succeeds(specs, fallback):
    script = [Answer(status=429, retry_after="0"), Answer(json.dumps(CHAIR_VIDEO))]
    plan, planned, server, _ = await plan_with(script, specs, fallback)
    assert planned.source == "llm" and len(server.requests) == 2 and planned.warnings == ()


async def test_server_errors_exhaust_retries_then_fall_back(specs, fallback):
    plan, planned, server, _ = await plan_with([Answer(status=500)], specs, fallback, max_retries=2)
    assert len(server.requests) == 3 and planned.source == "fallback"
    assert "HTTP 500" in planned.warnings[0] and plan.steps


async def test_auth_errors_are_not_retried(specs, fallback):
    plan, planned, server, _ = await plan_with([Answer(status=401)], specs, fallback, max_retries=3)
    assert len(server.requests) == 1 and "api_key" in planned.warnings[0]


async def test_slow_server_times_out_and_falls_back(specs, fallback):
    plan, planned, server, elapsed = await plan_with(
        [Answer(json.dumps(CHAIR_VIDEO), delay_s=3.0)], specs, fallback, timeout_s=0.3, max_retries=0)
    assert planned.source == "fallback" and "0.3 s" in planned.warnings[0]
    assert elapsed < 2.5 and plan.steps


async def test_unreachable_endpoint_falls_back(specs, fallback):
    llm = build_llm(LLMSettings(base_url="http://127.0.0.1:9/v1", model="m", max_retries=1))
    llm.retry_wait_s = 0.01
    planned = await LLMPlanner(llm=llm, fallback=fallback).plan_turn(Request(text="draw a fox"), PlanContext(tools=specs))
    plan = planned.plan
    assert [s.tool for s in plan.steps] == ["image"] and "cannot reach" in planned.warnings[0]


async def test_artifacts_in_context_can_be_referenced(specs, fallback, tmp_path):
    image = Artifact(id="a_fox", kind="image", path=tmp_path / "fox.png", mime="image/png", sha256="0",
                     meta={"prompt": "a fox"})
    answer = {"language": "ko", "steps": [{"id": "s1", "tool": "video",
                                            "args": {"prompt": "여우", "source": {"$artifact": "a_fox"}}}]}
    with FakeOpenAI([Answer(json.dumps(answer, ensure_ascii=False))]) as server:
        planned = await planner_for(server, fallback).plan_turn(Request(text="아까 만든 여우로 영상 만들어 줘"),
                                                                PlanContext(tools=specs, recent_artifacts=(image,)))
        plan = planned.plan
        assert plan.steps[0].args["source"] == {"$artifact": "a_fox"} and planned.warnings == ()
        assert 'a_fox image "a fox"' in server.requests[0]["messages"][-1]["content"]


async def test_motion_script_passes_the_motion_schema(specs):
    answer = {"language": "en", "steps": [
        {"id": "s1", "tool": "mesh", "args": {"prompt": "a knight"}},
        {"id": "s2", "tool": "motion", "args": {"prompt": "wave then jump", "character": {"$ref": "s1"},
                                                 "script": [{"action": "wave", "times": 2, "hand": "right"},
                                                            {"action": "jump"}]}}]}
    planner = LLMPlanner(llm=LLM(chat_model=FakeListChatModel(responses=[json.dumps(answer)]), label="fake"),
                         fallback=EmbeddedPlanner())
    planned = await planner.plan_turn(Request(text="make a knight wave twice and jump"), PlanContext(tools=specs))
    plan = planned.plan
    assert planned.source == "llm" and plan.steps[1].depends_on == ["s1"]
    bad = json.loads(json.dumps(answer))
    bad["steps"][1]["args"]["script"][0]["hand"] = "third"
    with pytest.raises(PlanError, match="script"):
        accept_answer(json.dumps(bad), specs, LLMPlanner(llm=planner.llm, fallback=planner.fallback)._prompt(specs)[1])


async def test_repair_with_langchain_fake_chat_model(specs):
    fake = FakeListChatModel(responses=['{"language": "en", "steps": [{"id": "s1", "tool": "sculpt"}]}',
                                        json.dumps(CHAIR_VIDEO)])
    planner = LLMPlanner(llm=LLM(chat_model=fake, label="fake"), fallback=EmbeddedPlanner())
    planned = await planner.plan_turn(Request(text=REQUEST), PlanContext(tools=specs))
    plan = planned.plan
    assert planned.source == "repaired" and len(plan.steps) == 2 and planned.warnings == ()


async def test_talk_only_plans_are_valid(specs):
    fake = FakeListChatModel(responses=['{"language": "ko", "steps": []}'])
    planner = LLMPlanner(llm=LLM(chat_model=fake, label="fake"), fallback=EmbeddedPlanner())
    plan = await planner.plan(Request(text="안녕! 잘 지냈어?"), PlanContext(tools=specs))
    assert plan.steps == [] and plan.language == "ko"
