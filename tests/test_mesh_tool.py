"""The mesh tool's embedded backend: prompt parsing, composition, GLB validity, the tool contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pygltflib
import pytest
import trimesh
from pydantic import ValidationError

from agent.config import Settings
from agent.errors import BackendError, Cancelled, ToolError
from tools.mesh import MeshInput, MeshTool
from tools.scene.compose import compose_scene
from tools.scene.objects import OBJECT_KINDS
from tools.scene.prompt import ObjectRequest, ParsedPrompt, parse_prompt, with_count

from mesh_helpers import Recorder


def materials_of(path: Path) -> list[pygltflib.Material]:
    gltf = pygltflib.GLTF2().load(str(path))
    assert gltf.asset.version == "2.0"
    return gltf.materials


def node_names(path: Path) -> list[str]:
    return [node.name for node in pygltflib.GLTF2().load(str(path)).nodes]


def loaded_bounds(path: Path) -> Any:
    scene = trimesh.load(path)
    assert isinstance(scene, trimesh.Scene)
    assert sum(len(mesh.faces) for mesh in scene.geometry.values()) > 0
    return scene.bounds


@pytest.fixture
def rec(tmp_path: Path) -> Recorder:
    return Recorder(tmp_path)


# -- the tool end to end -------------------------------------------------------------------------


async def test_red_wooden_table_is_a_valid_glb_with_metres_y_up_and_red_wood(rec: Recorder) -> None:
    result = await rec.run("a red wooden table", seed=3)

    [artifact] = result.artifacts
    assert artifact.kind == "mesh" and artifact.mime == "model/gltf-binary"
    assert artifact.path.suffix == ".glb" and artifact.path.is_file()
    (min_x, min_y, min_z), (max_x, max_y, max_z) = loaded_bounds(artifact.path)
    assert 0.6 <= max_y - min_y <= 1.0, "a table is about 0.75 m high"
    assert abs(min_y) < 1e-6, "the base sits on y = 0"
    assert abs(min_x + max_x) < 1e-6 and abs(min_z + max_z) < 1e-6, "origin at the base centre"

    [wood] = materials_of(artifact.path)
    pbr = wood.pbrMetallicRoughness
    r, g, b, _ = pbr.baseColorFactor
    assert r > 0.3 and r > 2 * g and r > 2 * b, "red"
    assert pbr.metallicFactor == 0.0 and pbr.roughnessFactor == pytest.approx(0.7)

    names = node_names(artifact.path)
    assert {"table_1", "table_1/table_top", "table_1/leg_1", "table_1/leg_4"} <= set(names)

    meta = artifact.meta
    assert meta["prompt"] == "a red wooden table" and meta["tool"] == "mesh" and meta["backend"] == "embedded"
    assert meta["seed"] == 3 and meta["objects"] == ["table"] and meta["fallback"] is False
    assert meta["units"] == "m" and meta["up"] == "+Y" and meta["triangles"] > 0
    assert meta["bbox"]["min"][1] == 0.0 and 0.6 <= meta["bbox"]["max"][1] <= 1.0
    assert "red wooden table" in (result.message or "")
    assert rec.store.get(artifact.id).sha256 == artifact.sha256, "recorded in the session manifest"


async def test_progress_is_reported_in_order_and_ends_at_one(rec: Recorder) -> None:
    await rec.run("two barrels")
    fractions = [fraction for fraction, _ in rec.progress]
    assert len(fractions) >= 4
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0


async def test_three_blue_chairs_stand_in_a_row(rec: Recorder) -> None:
    result = await rec.run("three blue chairs")
    artifact = result.artifacts[0]
    assert artifact.meta["objects"] == ["chair", "chair", "chair"]
    (min_x, min_y, _), (max_x, max_y, _) = loaded_bounds(artifact.path)
    assert max_x - min_x > 3 * 0.45, "copies do not overlap"
    assert 0.8 <= max_y - min_y <= 1.1 and abs(min_y) < 1e-6
    r, g, b, _ = materials_of(artifact.path)[0].pbrMetallicRoughness.baseColorFactor
    assert b > 2 * r and b > 2 * g, "blue"
    names = node_names(artifact.path)
    assert {"chair_1/seat", "chair_2/backrest", "chair_3/leg_4"} <= set(names)
    assert "3 blue chairs" in (result.message or "")


async def test_korean_red_wooden_table(rec: Recorder) -> None:
    artifact = (await rec.run("빨간 나무 탁자 만들어줘")).artifacts[0]
    assert artifact.meta["objects"] == ["table"] and artifact.meta["language"] == "ko"
    [wood] = materials_of(artifact.path)
    r, g, b, _ = wood.pbrMetallicRoughness.baseColorFactor
    assert r > 2 * g and r > 2 * b and wood.pbrMetallicRoughness.roughnessFactor == pytest.approx(0.7)
    _, (_, max_y, _) = loaded_bounds(artifact.path)
    assert 0.6 <= max_y <= 1.0


async def test_unknown_noun_maps_to_the_nearest_kind_and_says_so(rec: Recorder) -> None:
    result = await rec.run("a villa")
    artifact = result.artifacts[0]
    assert artifact.meta["objects"] == ["house"] and artifact.meta["fallback"] is False
    scene = artifact.meta["scene"]
    assert scene["objects"] == [{"kind": "house", "count": 1}] and scene["unmatched"] == []
    assert scene["substitutions"][0]["word"] == "villa" and scene["substitutions"][0]["kind"] == "house"
    assert "no 'villa' model yet — used 'house'" in (result.message or "")
    assert not any("placeholder" in name for name in node_names(artifact.path))


async def test_a_noun_nothing_is_close_to_is_left_out_never_a_box(rec: Recorder) -> None:
    result = await rec.run("a table and a mermaid")
    meta = result.artifacts[0].meta
    assert meta["objects"] == ["table"] and meta["scene"]["unmatched"] == ["mermaid"]
    assert result.message and result.message.startswith("Built a table") and "no 'mermaid' model yet" in result.message
    assert not any("placeholder" in name or "mermaid" in name for name in node_names(result.artifacts[0].path))


async def test_only_unknown_words_is_an_error_with_suggestions_and_no_file(rec: Recorder) -> None:
    with pytest.raises(ToolError, match=r"can't build 'mermaid'.*Kinds near it: \w"):
        await rec.run("a mermaid")
    assert rec.store.artifacts() == []


async def test_as_obj_in_words_sets_the_format_instead_of_adding_an_object(rec: Recorder) -> None:
    result = await rec.run("a wooden table as OBJ")
    kinds = [artifact.meta.get("format", "glb") for artifact in result.artifacts]
    assert kinds == ["glb", "obj"] and result.artifacts[0].meta["objects"] == ["table"]
    assert result.artifacts[0].meta["scene"]["formats"] == ["obj"]


async def test_cancelled_before_start_raises_and_stores_nothing(rec: Recorder) -> None:
    rec.cancel.set()
    with pytest.raises(Cancelled):
        await rec.run("a chair")
    assert rec.store.artifacts() == []


async def test_cancel_while_building_stops_the_worker(rec: Recorder) -> None:
    def cancel_after_first_object(fraction: float, message: str | None) -> None:
        if message and message.startswith("built"):
            rec.cancel.set()

    rec.ctx._on_progress = cancel_after_first_object  # the executor's callback would set it the same way
    with pytest.raises(Cancelled):
        await rec.run("five trees")
    assert rec.store.artifacts() == []


async def test_neural_profile_that_cannot_load_falls_back_with_a_visible_warning(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    settings = Settings(data_dir=tmp_path, profile="neural", models={"mesh": str(missing)})
    rec = Recorder(tmp_path, settings=settings)
    artifact = (await rec.run("a lamp")).artifacts[0]
    [warning] = rec.warnings
    assert "could not load Shap-E" in warning and str(missing) in warning and "embedded" in warning
    assert artifact.meta["backend"] == "embedded" and artifact.meta["backend_requested"] == "neural"


async def test_neural_profile_falls_back_to_the_relief_for_an_image_too(tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "red.png"
    Image.new("RGB", (32, 32), (200, 30, 30)).save(picture)
    settings = Settings(data_dir=tmp_path, profile="neural", models={"mesh": str(tmp_path / "no-such-model")})
    rec = Recorder(tmp_path, settings=settings)
    source = rec.store.add(picture, kind="image")
    artifact = (await rec.run("make this 3D", source=source)).artifacts[0]
    assert artifact.meta["method"] == "relief" and artifact.meta["backend_requested"] == "neural"
    assert len(rec.warnings) == 1 and "using the embedded mesh composer instead" in rec.warnings[0]


async def test_forced_neural_mesh_that_cannot_load_is_the_steps_error_naming_the_fix(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    settings = Settings(data_dir=tmp_path, backends={"mesh": "neural"}, models={"mesh": str(missing)})
    rec = Recorder(tmp_path, settings=settings)
    with pytest.raises(BackendError, match="could not load Shap-E") as info:
        await rec.run("a lamp")
    assert str(missing) in info.value.message and "models.mesh" in info.value.message
    assert not info.value.retryable and rec.warnings == [] and rec.store.artifacts() == []


async def test_count_argument_wins_over_the_prompt(rec: Recorder) -> None:
    artifact = (await rec.run("a chair", count=4)).artifacts[0]
    assert artifact.meta["objects"] == ["chair"] * 4


async def test_too_many_objects_is_a_tool_error(rec: Recorder) -> None:
    with pytest.raises(ToolError, match="at most 50"):
        await rec.run("100 chairs")


async def test_same_seed_same_file_and_seed_is_reported(rec: Recorder) -> None:
    first = (await rec.run("five trees", seed=11)).artifacts[0]
    second = (await rec.run("five trees", seed=11)).artifacts[0]
    assert first.sha256 == second.sha256
    unseeded = (await rec.run("a rock")).artifacts[0]
    assert isinstance(unseeded.meta["seed"], int)


async def test_obj_export_writes_obj_and_mtl(rec: Recorder) -> None:
    result = await rec.run("a red lamp", export_obj=True)
    glb, obj = result.artifacts
    assert obj.path.suffix == ".obj" and obj.mime == "model/obj" and obj.meta["glb"] == glb.id
    mtl = obj.path.with_suffix(".mtl")
    assert mtl.is_file() and "newmtl fabric_red" in mtl.read_text()
    assert len(trimesh.load(obj.path, force="mesh").faces) == glb.meta["triangles"]


async def test_styles_change_detail_and_unknown_style_warns(rec: Recorder) -> None:
    normal = (await rec.run("a barrel")).artifacts[0].meta["triangles"]
    low = (await rec.run("a barrel", style="low poly")).artifacts[0].meta["triangles"]
    assert low < normal
    greybox = (await rec.run("a red house", style="greybox")).artifacts[0]
    assert greybox.meta["materials"] == ["greybox"]
    await rec.run("a chair", style="cartoon")
    assert any("cartoon" in warning for warning in rec.warnings)


async def test_size_words_scale_about_the_base(rec: Recorder) -> None:
    small = (await rec.run("a small table")).artifacts[0].meta["bbox"]
    big = (await rec.run("a big table")).artifacts[0].meta["bbox"]
    assert small["min"][1] == 0.0 and big["min"][1] == 0.0
    assert small["max"][1] == pytest.approx(0.45) and big["max"][1] == pytest.approx(1.125)


# -- the input model and the contract ------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    {"prompt": "a chair", "colour": "red"},
    {"prompt": "a chair", "count": 0},
    {"prompt": "a chair", "count": 51},
    {"prompt": ""},
    {"prompt": "   "},
    {"prompt": "x" * 1001},
    {"prompt": "a chair", "seed": -1},
])
def test_input_is_validated_at_the_edge(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        MeshInput(**bad)


def test_spec_declares_what_the_planner_needs() -> None:
    spec = MeshTool.spec()
    assert spec.name == "mesh" and spec.produces == ("mesh",) and spec.consumes == {"source": ("image",)}
    assert {"prompt", "count", "style", "seed", "source"} <= set(spec.input_schema["properties"])


def test_registered_through_the_entry_point_group() -> None:
    from importlib.metadata import entry_points

    found = {entry.name: entry for entry in entry_points(group="atelier.tools")}
    if "mesh" not in found:
        pytest.skip("the atelier distribution is not installed (pip install -e .)")
    assert found["mesh"].load() is MeshTool


def test_importing_the_package_loads_nothing_heavy() -> None:
    code = "import sys, tools.mesh; print(sorted(m for m in ('trimesh', 'numpy', 'torch') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"


# -- the parser ----------------------------------------------------------------------------------


def _summary(text: str) -> list[tuple[str | None, int, str | None, str | None]]:
    return [(item.kind, item.count, item.colour, item.material) for item in parse_prompt(text).objects]


@pytest.mark.parametrize(("text", "expected"), [
    ("a red wooden table", [("table", 1, "red", "wood")]),
    ("three blue chairs", [("chair", 3, "blue", None)]),
    ("빨간 나무 탁자", [("table", 1, "red", "wood")]),
    ("나무", [("tree", 1, None, None)]),
    ("나무 세 그루 만들어줘", [("tree", 3, None, None)]),
    ("나무로 만든 의자", [("chair", 1, None, "wood")]),
    ("나무와 바위", [("tree", 1, None, None), ("rock", 1, None, None)]),
    ("의자 세 개", [("chair", 3, None, None)]),
    ("세 개의 의자", [("chair", 3, None, None)]),
    ("탁자 하나와 의자 네 개", [("table", 1, None, None), ("chair", 4, None, None)]),
    ("파란 의자 2개", [("chair", 2, "blue", None)]),
    ("금속 책상", [("table", 1, None, "metal")]),
    ("a table and four chairs", [("table", 1, None, None), ("chair", 4, None, None)]),
    ("a stone house", [("house", 1, None, "stone")]),
    ("a stone", [("rock", 1, None, None)]),
    ("a golden sword", [("sword", 1, None, "gold")]),
    ("검은 검", [("sword", 1, "black", None)]),
    ("a wooden box", [("crate", 1, None, None)]),
    ("2 barrels and a crate", [("barrel", 2, None, None), ("crate", 1, None, None)]),
    ("a lamp for my desk", [("lamp", 1, None, None)]),
    ("a chair in the kitchen", [("chair", 1, None, None)]),
    ("a glass sphere", [("sphere", 1, None, "glass")]),
    ("노란 공 다섯 개", [("sphere", 5, "yellow", None)]),
    ("a spaceship", [("spaceship", 1, None, None)]),
    ("빨간 우주선", [("spaceship", 1, "red", None)]),
    ("a mermaid", []),
    ("네, 의자 만들어줘", [("chair", 1, None, None)]),
    ("의자 0개", [("chair", 1, None, None)]),
])
def test_parser_reads_objects_counts_colours_and_materials(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert _summary(text) == expected


def test_parser_keeps_the_unknown_noun_and_size_and_style_words() -> None:
    parsed = parse_prompt("a tiny low poly villa")
    [item] = parsed.objects
    assert item.kind == "house" and item.substitute_for == "villa" and item.scale == (0.35, 0.35, 0.35)
    assert parsed.style == "low_poly"
    assert parse_prompt("코뿔소를 만들어줘").unmatched == ["코뿔소"]  # monkeys and jellyfish are kinds now


def test_count_argument_goes_to_the_kind_without_a_written_count() -> None:
    parsed = with_count(parse_prompt("two tables and chairs"), 6)
    assert [(item.kind, item.count) for item in parsed.objects] == [("table", 2), ("chair", 6)]


# -- every object kind ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(OBJECT_KINDS))
def test_every_kind_builds_on_the_ground_with_modest_triangles(kind: str) -> None:
    parsed = ParsedPrompt(objects=[ObjectRequest(kind=kind, noun=kind)])
    composed = compose_scene(parsed, seed=5)
    elevation = OBJECT_KINDS[kind].elevation  # a hanging kind keeps its height above the floor
    assert composed.bbox_min[1] == pytest.approx(elevation, abs=1e-6), "base on y = 0"
    assert composed.bbox_max[1] > elevation + 0.02, "built upwards (+Y)"
    assert 0 < composed.triangles <= OBJECT_KINDS[kind].max_triangles
    low_poly = compose_scene(ParsedPrompt(objects=[ObjectRequest(kind=kind, noun=kind)], style="low_poly"), seed=5)
    assert low_poly.triangles <= composed.triangles, "low poly never costs more"


# -- export details ------------------------------------------------------------------------------


async def test_glb_buffer_views_say_whether_they_hold_vertices_or_indices(rec: Recorder) -> None:
    artifact = (await rec.run("a chair")).artifacts[0]
    gltf = pygltflib.GLTF2().load(str(artifact.path))
    primitive = gltf.meshes[0].primitives[0]
    assert gltf.bufferViews[gltf.accessors[primitive.attributes.POSITION].bufferView].target == 34962
    assert gltf.bufferViews[gltf.accessors[primitive.indices].bufferView].target == 34963


def test_buffer_view_patch_leaves_what_it_does_not_understand() -> None:
    from tools.scene.export import with_buffer_view_targets

    not_glb = b"PK\x03\x04" + b"\x00" * 40
    assert with_buffer_view_targets(not_glb) == not_glb


async def test_cancel_after_writing_leaves_no_orphan_file(rec: Recorder) -> None:
    def cancel_when_writing(fraction: float, message: str | None) -> None:
        if message == "writing GLB":
            rec.cancel.set()

    rec.ctx._on_progress = cancel_when_writing
    with pytest.raises(Cancelled):
        await rec.run("a chair", export_obj=True)
    assert not list(rec.store.root.glob("*.glb")) and not list(rec.store.root.glob("*.obj"))


async def test_a_library_failure_becomes_a_backend_error(rec: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    from agent.errors import BackendError
    from tools.scene import export

    def broken(scene: Any, path: Path) -> int:
        path.write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(export, "write_glb", broken)
    with pytest.raises(BackendError, match="disk full") as caught:
        await rec.run("a chair")
    assert caught.value.retryable is False
    assert not list(rec.store.root.glob("*.glb"))
