"""Memory inside turns: earlier assets resolved by description (en, ko), facts used in replies."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import Settings
from agent.app.build import build_memory
from agent.orchestrator import Orchestrator
from agent.planner.embedded import EmbeddedPlanner
from agent.registry import ToolRegistry
from agent.types import Plan, Request
from memory.assets import AssetHit, order_for_planner
from persona.responder import reply_for
from tests.fakes import FakeImageTool, FakeVideoTool


@pytest.fixture(scope="module")
def planner() -> EmbeddedPlanner:
    return EmbeddedPlanner.load()


@pytest.fixture
def orchestrator(tmp_path: Path, planner: EmbeddedPlanner):
    settings = Settings(data_dir=tmp_path / "data")
    registry = ToolRegistry(settings=settings)
    for tool in (FakeImageTool, FakeVideoTool):
        registry.register(tool)
    memory, note = build_memory(settings)
    assert memory is not None and note is None
    yield Orchestrator(settings=settings, registry=registry, planner=planner, memory=memory, embedded_reply=reply_for)
    memory.close()


async def turn(orchestrator: Orchestrator, text: str, **fields) -> dict:
    request = Request(text=text, **fields)
    out: dict = {"artifacts": [], "warnings": []}
    async for event in orchestrator.turn(request):
        if event.kind == "plan":
            out["plan"] = event.plan
        elif event.kind == "artifact":
            out["artifacts"].append(event.artifact["id"])
        elif event.kind == "message":
            out["reply"] = event.message
        elif event.kind == "warning":
            out["warnings"].append(event.message)
    return out


async def plan_for(orchestrator: Orchestrator, text: str, **fields) -> Plan:
    request = Request(text=text, **fields)
    return await orchestrator.planner.plan(request, orchestrator.plan_context(request, orchestrator.store_for(request)))


def artifact_ids(plan: Plan) -> list[str]:
    return [arg["$artifact"] for step in plan.steps for arg in step.args.values()
            if isinstance(arg, dict) and "$artifact" in arg]


async def test_an_earlier_asset_is_resolved_by_description_even_when_another_is_newer(orchestrator) -> None:
    dragon = (await turn(orchestrator, "draw a red dragon", session_id="s1", user_id="u"))["artifacts"]
    knight = (await turn(orchestrator, "draw a knight in armor", session_id="s1", user_id="u"))["artifacts"]
    assert len(dragon) == len(knight) == 1
    assert artifact_ids(await plan_for(orchestrator, "make a video of that dragon", session_id="s1", user_id="u")) == dragon
    assert artifact_ids(await plan_for(orchestrator, "make a video of it", session_id="s1", user_id="u")) == knight
    # another session of the same user still finds it through asset memory
    assert artifact_ids(await plan_for(orchestrator, "make a video of that dragon", session_id="s2", user_id="u")) == dragon
    # another user never gets it
    assert artifact_ids(await plan_for(orchestrator, "make a video of that dragon", session_id="s1", user_id="v")) == []


async def test_korean_description_resolves_the_korean_asset(orchestrator) -> None:
    dragon = (await turn(orchestrator, "빨간 용 그려줘", session_id="k", user_id="u"))["artifacts"]
    knight = (await turn(orchestrator, "기사 그림 그려줘", session_id="k", user_id="u"))["artifacts"]
    assert artifact_ids(await plan_for(orchestrator, "아까 만든 용을 영상으로 만들어 줘", session_id="k", user_id="u")) == dragon
    assert artifact_ids(await plan_for(orchestrator, "그걸 영상으로 만들어 줘", session_id="k", user_id="u")) == knight


@pytest.mark.parametrize(("made", "other", "asked"), [
    ("draw a red dragon", "draw a wooden chair", "아까 만든 용을 영상으로 만들어 줘"),
    ("빨간 자동차 그려줘", "기사 그림 그려줘", "make a video of the red car from before"),
])
async def test_a_description_in_one_language_finds_the_asset_made_in_the_other(orchestrator, made, other,
                                                                               asked) -> None:
    # in another session, so only asset memory (the multilingual encoder) can find it
    wanted = (await turn(orchestrator, made, session_id="x1", user_id="cross"))["artifacts"]
    newer = (await turn(orchestrator, other, session_id="x1", user_id="cross"))["artifacts"]
    assert len(wanted) == len(newer) == 1
    assert artifact_ids(await plan_for(orchestrator, asked, session_id="x2", user_id="cross")) == wanted


@pytest.mark.parametrize(("told", "asked", "fact"), [
    ("My name is Minji and my favourite colour is teal", "what's my favourite colour?", "teal"),
    ("제가 제일 좋아하는 색은 청록색이에요", "내가 좋아하는 색 기억나?", "청록색"),
])
async def test_a_persona_uses_a_fact_told_in_an_earlier_session(orchestrator, told, asked, fact) -> None:
    await turn(orchestrator, told, session_id="monday", user_id="minji", persona="guide")
    answer = await turn(orchestrator, asked, session_id="friday", user_id="minji", persona="guide")
    assert fact in answer["reply"]
    stranger = await turn(orchestrator, asked, session_id="friday", user_id="someone-else", persona="guide")
    assert fact not in stranger["reply"]


def test_order_for_planner_puts_the_described_asset_last() -> None:
    from agent.types import Artifact

    def art(i: str, kind: str = "image") -> Artifact:
        return Artifact(id=i, kind=kind, path=Path(f"/x/{i}"), mime="image/png", sha256="0")

    a, b, c = art("a"), art("b"), art("c")
    times = {"a": 1.0, "b": 2.0, "c": 3.0}
    assert [x.id for x in order_for_planner([a, b, c], [], times)] == ["a", "b", "c"]
    hits = [AssetHit(a, 0.9, 1.0, "s", "", "dragon"), AssetHit(b, 0.6, 2.0, "s", "", "dragon pup"),
            AssetHit(c, 0.2, 3.0, "s", "", "knight")]
    assert [x.id for x in order_for_planner([a, b, c], hits, times)] == ["c", "b", "a"]
    old = art("old")
    assert [x.id for x in order_for_planner([b, c], [AssetHit(old, 0.8, 0.5, "t", "", "x")], times)][-1] == "old"
    # under the threshold, but one hit stands out from the rest (a description in another language)
    hits = [AssetHit(a, 0.42, 1.0, "s", "", "a red dragon"), AssetHit(b, 0.3, 2.0, "s", "", "a chair")]
    assert [x.id for x in order_for_planner([a, b, c], hits, times)] == ["b", "c", "a"]
    hits = [AssetHit(a, 0.42, 1.0, "s", "", "a red dragon"), AssetHit(b, 0.40, 2.0, "s", "", "a red drake")]
    assert [x.id for x in order_for_planner([a, b, c], hits, times)] == ["a", "b", "c"]  # nothing stands out
