"""The level tool: words to parameters, the outputs (JSON against its schema, PNG, GLB, Tiled),
clear refusals, and the two requests of the issue's "done when" through the orchestrator."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import trimesh
from PIL import Image

from agent.config import Settings
from agent.errors import InputError
from agent.orchestrator import Orchestrator
from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.registry import ToolRegistry
from agent.store import ArtifactStore
from agent.tool import ToolContext
from agent.types import Plan, Request
from tools.level import LevelInput, LevelTool
from tools.level.export_json import load_schema
from tools.level.params import build_params, parse_level_text
from tools.video import VideoTool

from gltf_check import assert_valid, validator_or_skip


# -- words --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("a 64x64 dungeon with 8 rooms, locks and keys", {"kind": "dungeon", "width": 64, "height": 64, "rooms": 8,
                                                       "keys": 2}),
    ("열쇠 두 개랑 잠긴 문이 있는 동굴 맵 만들어 줘", {"kind": "cave", "keys": 2}),
    ("방 8개짜리 던전, 보스 방과 상점", {"kind": "dungeon", "rooms": 8, "special": ("boss", "shop")}),
    ("8개의 방이 있는 얼음 던전", {"kind": "dungeon", "rooms": 8, "theme": "ice"}),
    ("플랫포머 스테이지 만들어 줘", {"kind": "platformer"}),
    ("a platformer level with jump height 2 and three keys, seed 7", {"kind": "platformer", "jump_height": 2,
                                                                      "keys": 3, "seed": 7}),
    ("a swamp dungeon with a boss room and lots of enemies, no items", {"theme": "swamp", "special": ("boss",),
                                                                        "enemies": 0.9, "items": 0.0}),
    ("an island overworld with a shop and treasure", {"kind": "overworld", "special": ("treasure", "shop")}),
])
def test_words_become_parameters(text: str, expected: dict) -> None:
    found = parse_level_text(text)
    for key, value in expected.items():
        assert found.get(key) == value, (key, found)
    assert "rooms" not in parse_level_text("a dungeon with a boss room")  # "a boss room" is no room count


@pytest.mark.parametrize(("text", "kwargs", "says"), [
    ("a dungeon with 200 rooms", {"width": 10, "height": 10}, "a 10×10 grid fits at most 4 rooms"),
    ("200 rooms in a 10x10 dungeon", {}, "fits at most 4 rooms"),
    ("a dungeon where the key is locked behind its own door", {}, "behind the very door it opens"),
    ("열쇠가 자기 문 뒤에 잠겨 있는 던전", {}, "behind the very door it opens"),
    ("a 3-room dungeon with 5 keys", {"rooms": 3, "keys": 5}, "at most 2 locked doors"),
    ("a dungeon with 9 keys", {}, "6 or fewer"),
    ("a 6x6 cave", {}, "at least 16×16"),
    ("a dungeon with 2 rooms, a treasure room and a shop", {"rooms": 2}, "ask for at least 4 rooms"),
])
def test_impossible_asks_say_what_is_possible(text: str, kwargs: dict, says: str) -> None:
    with pytest.raises(InputError) as caught:
        build_params(text, **kwargs)
    assert says in caught.value.message


# -- the tool and its files -----------------------------------------------------------------------
async def _run(tmp_path: Path, **args) -> tuple:  # noqa: ANN003
    settings = Settings(data_dir=tmp_path / "data")
    store = ArtifactStore(data_dir=settings.data_dir, session_id="t", user_id="u")
    progress: list[str] = []
    ctx = ToolContext(step_id="s1", session_id="t", user_id="u", store=store, settings=settings,
                      on_progress=lambda fraction, message: progress.append(message or ""))
    result = await LevelTool(settings=settings).run(LevelInput(**args), ctx)
    return result, progress


@pytest.mark.parametrize("prompt", [
    "a 48x48 swamp dungeon with 6 rooms, a boss room, treasure, a shop, locks and keys",
    "열쇠 두 개랑 잠긴 문이 있는 동굴 맵 만들어 줘",
    "an overworld map with a locked gate",
    "a platformer stage with 2 keys",
])
async def test_outputs_are_valid_files(tmp_path: Path, prompt: str) -> None:
    result, progress = await _run(tmp_path, prompt=prompt, seed=4)
    kinds = [(a.kind, a.meta.get("role")) for a in result.artifacts]
    assert kinds[:3] == [("mesh", "blockout"), ("image", "map"), ("text", "level")]  # the GLB first: $refs take it
    assert ("text", "tiled") in kinds and ("image", "tileset") in kinds
    assert any("playability" in message for message in progress) and progress[-1] == "done"
    for artifact in result.artifacts:
        report = artifact.meta["playability"]
        assert report["passed"] and report["reachable"] and report["keys_before_doors"]
        assert {"reachable", "keys_before_doors", "dead_ends", "path_length", "tries"} <= set(report)
    glb, png, doc = (result.artifacts[i] for i in range(3))
    document = json.loads(Path(doc.path).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema()).validate(document)
    assert len(document["grid"]) == document["height"] and {len(row) for row in document["grid"]} == {document["width"]}
    assert set("".join(document["grid"])) <= set(document["legend"])
    with Image.open(png.path) as picture:
        assert picture.format == "PNG" and picture.width > document["width"]
    scene = trimesh.load(glb.path, force="scene")
    assert {"walls", "floor"} <= set(scene.geometry) or {"ground"} <= set(scene.geometry)
    assert "locked_doors" in scene.geometry and "keys" in scene.geometry
    assert len(glb.meta["camera_path"]) == report["path_length"] + 1
    tmj = next(a for a in result.artifacts if a.meta.get("role") == "tiled")
    tiled = json.loads(Path(tmj.path).read_text(encoding="utf-8"))
    layers = {layer["name"]: layer for layer in tiled["layers"]}
    assert layers["tiles"]["type"] == "tilelayer" and len(layers["tiles"]["data"]) == tiled["width"] * tiled["height"]
    assert layers["objects"]["type"] == "objectgroup"
    assert {"start", "goal", "key"} <= {obj["type"] for obj in layers["objects"]["objects"]}
    assert (Path(tmj.path).parent / tiled["tilesets"][0]["image"]).is_file()
    from ui.api.assetmeta import describe  # the API's artifact_ready carries the meta as it is

    wire = describe(glb, url="/artifacts/x")
    assert wire["format"] == "glb" and wire["meta"]["playability"] == report
    from ui.render import media_for  # the studio shows the map and the blockout, not the tileset

    shown = [media_for(a.public()) for a in result.artifacts]
    assert [m.kind for m in shown if m is not None] == ["model3d", "image"]


async def test_blockouts_are_validator_clean(tmp_path: Path) -> None:
    validator_or_skip()
    paths = []
    for prompt in ("a dungeon with locks and keys, a boss, treasure and a shop", "a cave with a key",
                   "an overworld with a gate", "a platformer with a key"):
        result, _ = await _run(tmp_path, prompt=prompt, seed=2, tiled=False)
        paths.append(Path(result.artifacts[0].path))
    assert_valid(paths)


async def test_same_seed_same_files(tmp_path: Path) -> None:
    first, _ = await _run(tmp_path / "a", prompt="a cave with two keys", seed=9)
    second, _ = await _run(tmp_path / "b", prompt="a cave with two keys", seed=9)
    assert first.artifacts[2].sha256 == second.artifacts[2].sha256  # the level JSON


def test_input_is_strict() -> None:
    with pytest.raises(ValueError):
        LevelInput(prompt="a dungeon", colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        LevelInput(prompt="   ")


# -- through the orchestrator --------------------------------------------------------------------
class _SmallVideos:
    """The embedded planner, with the video steps it plans made small (a 64×64 fly-through at
    512×512 takes half a minute on a CI core; the plan's shape is what is under test)."""

    def __init__(self) -> None:
        self.inner = EmbeddedPlanner.for_tests()
        self.plans: list[Plan] = []

    async def plan(self, request: Request, ctx: PlanContext) -> Plan:
        plan = await self.inner.plan(request, ctx)
        self.plans.append(plan)
        steps = [step.model_copy(update={"args": {**step.args, "width": 160, "height": 120, "fps": 6,
                                                  "duration_s": 1.0}}) if step.tool == "video" else step
                 for step in plan.steps]
        return plan.model_copy(update={"steps": steps})


async def _turn(tmp_path: Path, text: str) -> tuple[list, _SmallVideos]:
    settings = Settings(data_dir=tmp_path / "data")
    registry = ToolRegistry(settings=settings)
    registry.register(LevelTool)
    registry.register(VideoTool)
    planner = _SmallVideos()
    orchestrator = Orchestrator(settings=settings, registry=registry, planner=planner)
    events = [event async for event in orchestrator.turn(Request(text=text))]
    return events, planner


async def test_korean_cave_with_two_keys_end_to_end(tmp_path: Path) -> None:
    events, planner = await _turn(tmp_path, "열쇠 두 개랑 잠긴 문이 있는 동굴 맵 만들어 줘")
    assert [step.tool for step in planner.plans[0].steps] == ["level"]
    errors = [event for event in events if event.kind == "error"]
    assert not errors, errors
    artifacts = [event.artifact for event in events if event.kind == "artifact"]
    kinds = {(a["kind"], a["meta"].get("role")) for a in artifacts}
    assert {("mesh", "blockout"), ("image", "map"), ("text", "level")} <= kinds
    level = next(a for a in artifacts if a["meta"].get("role") == "level")
    assert level["meta"]["level_kind"] == "cave" and level["meta"]["keys"] == 2
    assert level["meta"]["playability"]["passed"] is True
    reply = [event for event in events if event.kind == "message"][-1].message
    assert "레벨" in reply or "동굴" in reply


async def test_swamp_dungeon_then_a_fly_through_end_to_end(tmp_path: Path) -> None:
    events, planner = await _turn(tmp_path, "a swamp dungeon, then a fly-through video of it")
    steps = planner.plans[0].steps
    assert [(s.tool, s.depends_on) for s in steps] == [("level", []), ("video", ["s1"])]
    assert not [event for event in events if event.kind == "error"]
    artifacts = [event.artifact for event in events if event.kind == "artifact"]
    blockout = next(a for a in artifacts if a["meta"].get("role") == "blockout")
    video = next(a for a in artifacts if a["kind"] == "video")
    assert blockout["meta"]["theme"] == "swamp" and blockout["meta"]["playability"]["passed"]
    assert video["meta"]["mode"] == "fly-through" and video["meta"]["source"] == blockout["id"]
    assert Path(video["path"]).stat().st_size > 1000
