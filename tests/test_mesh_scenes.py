"""Scenes arranged by the text (en/ko), written sizes, bad input, shading and OBJ export."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pygltflib
import pytest
import trimesh
from pydantic import ValidationError

from agent.errors import ToolError
from tools.mesh import MeshInput
from tools.scene.compose import ComposedScene, PlacedObject, compose_scene
from tools.scene.layout import Box, arrange, turned_box
from tools.scene.prompt import Relation, parse_prompt

from mesh_helpers import Recorder


@pytest.fixture
def rec(tmp_path: Path) -> Recorder:
    return Recorder(tmp_path)


def relations(text: str) -> list[tuple[str | None, str, str | None]]:
    parsed = parse_prompt(text)
    kind = [item.kind for item in parsed.objects]
    return [(kind[r.subject], r.relation, kind[r.anchor] if r.anchor is not None else None) for r in parsed.relations]


@pytest.mark.parametrize(("text", "expected"), [
    ("a low-poly pine tree next to a small wooden cabin", [("pine_tree", "next_to", "cabin")]),
    ("a lamp on top of a table", [("lamp", "on_top", "table")]),
    ("a lamp on the table", [("lamp", "on_top", "table")]),
    ("four chairs around a table", [("chair", "around", "table")]),
    ("a table with four chairs around it", [("chair", "around", "table")]),
    ("a red car behind a house", [("car", "behind", "house")]),
    ("a bench in front of a cabin", [("bench", "in_front", "cabin")]),
    ("five barrels in a row", [("barrel", "in_row", None)]),
    ("a row of five barrels", [("barrel", "in_row", None)]),
    ("a barrel to the left of a crate", [("barrel", "left_of", "crate")]),
    ("next to the cabin, a pine tree", [("pine_tree", "next_to", "cabin")]),
    ("a table with four chairs around it and a lamp on the table",
     [("chair", "around", "table"), ("lamp", "on_top", "table")]),
    ("작은 나무 오두막 옆에 로우폴리 소나무", [("pine_tree", "next_to", "cabin")]),
    ("오두막옆에 소나무", [("pine_tree", "next_to", "cabin")]),
    ("소나무를 오두막 옆에 놓아줘", [("pine_tree", "next_to", "cabin")]),
    ("탁자 위에 램프", [("lamp", "on_top", "table")]),
    ("탁자 주위에 의자 네 개", [("chair", "around", "table")]),
    ("의자 네 개를 탁자 둘레에", [("chair", "around", "table")]),
    ("집 뒤에 나무", [("tree", "behind", "house")]),
    ("집 앞에 벤치", [("bench", "in_front", "house")]),
    ("의자 다섯 개를 한 줄로", [("chair", "in_row", None)]),
    # places that are not objects stay places, not relations
    ("a chair on the floor", []),
    ("a sword made by hand", []),
    ("a table and a chair", []),
])
def test_spatial_words_become_relations(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert relations(text) == expected


def test_the_table_again_is_the_same_table() -> None:
    parsed = parse_prompt("a table with four chairs around it and a lamp on the table")
    assert [(item.kind, item.count) for item in parsed.objects] == [("table", 1), ("chair", 4), ("lamp", 1)]


def _by_kind(composed: ComposedScene, kind: str) -> list[PlacedObject]:
    return [placed for placed in composed.objects if placed.kind == kind]


def _box(placed: PlacedObject) -> Box:
    return Box(placed.bbox_min, placed.bbox_max)


def assert_no_interpenetration(composed: ComposedScene) -> None:
    boxes = [(placed.node, _box(placed)) for placed in composed.objects]
    for i, (name_a, a) in enumerate(boxes):
        for name_b, b in boxes[i + 1:]:
            assert not a.overlaps(b), f"{name_a} {a} overlaps {name_b} {b}"


SCENES = [
    "a low-poly pine tree next to a small wooden cabin",
    "작은 나무 오두막 옆에 로우폴리 소나무",
    "a lamp on top of a table",
    "four chairs around a table",
    "six chairs around a round table",
    "a table with four chairs around it and a lamp on the table",
    "a red car behind a house and a dog in front of the house",
    "a tree next to a house and a rock next to the house and a well next to the house",
    "five barrels in a row and a crate",
    "chairs in a circle",
    "탁자 주위에 의자 여덟 개",
    "a sofa, a bed, a wardrobe, a bookshelf, a bench, a stool, a lamp, a chest, a vase and a humanoid",
]


@pytest.mark.parametrize("text", SCENES)
def test_scenes_never_interpenetrate_and_stand_on_the_ground(text: str) -> None:
    composed = compose_scene(parse_prompt(text), seed=2)
    assert_no_interpenetration(composed)
    assert composed.bbox_min[1] == pytest.approx(0.0, abs=1e-6)
    on_ground = [p for p in composed.objects if p.relation != "on_top"]
    assert all(p.bbox_min[1] == pytest.approx(0.0, abs=1e-4) for p in on_ground)


def test_pine_tree_stands_beside_the_cabin() -> None:
    composed = compose_scene(parse_prompt("a low-poly pine tree next to a small wooden cabin"), seed=1)
    [tree], [cabin] = _by_kind(composed, "pine_tree"), _by_kind(composed, "cabin")
    assert tree.relation == "next_to" and tree.anchor == cabin.node
    assert tree.bbox_min[0] >= cabin.bbox_max[0], "on the cabin's +X side"
    gap = tree.bbox_min[0] - cabin.bbox_max[0]
    assert 0 < gap < 1.0, "close by, not across the map"
    assert abs((tree.bbox_min[2] + tree.bbox_max[2]) / 2 - (cabin.bbox_min[2] + cabin.bbox_max[2]) / 2) < 1e-3
    assert composed.relations == [{"subject": tree.node, "relation": "next_to", "anchor": cabin.node}]


def test_lamp_sits_on_the_table_top() -> None:
    composed = compose_scene(parse_prompt("a lamp on top of a table"), seed=1)
    [lamp], [table] = _by_kind(composed, "lamp"), _by_kind(composed, "table")
    assert lamp.bbox_min[1] == pytest.approx(table.bbox_max[1], abs=1e-4) == pytest.approx(0.75, abs=1e-4)
    assert table.bbox_min[0] <= lamp.bbox_min[0] and lamp.bbox_max[0] <= table.bbox_max[0], "over the top"
    assert table.bbox_min[2] <= lamp.bbox_min[2] and lamp.bbox_max[2] <= table.bbox_max[2]


@pytest.mark.parametrize("text", ["four chairs around a table", "탁자 주위에 의자 네 개", "six chairs around a table"])
def test_chairs_around_a_table_face_it(text: str) -> None:
    composed = compose_scene(parse_prompt(text), seed=1)
    [table] = _by_kind(composed, "table")
    chairs = _by_kind(composed, "chair")
    assert len(chairs) == (6 if "six" in text else 4)
    centre = _box(table).centre
    for chair in chairs:
        facing = (math.sin(math.radians(chair.yaw_deg)), math.cos(math.radians(chair.yaw_deg)))  # +Z turned
        towards = (centre[0] - chair.position[0], centre[2] - chair.position[2])
        assert facing[0] * towards[0] + facing[1] * towards[1] > 0.9 * math.hypot(*towards), chair
        assert math.hypot(*towards) < 1.6, "pulled up to the table"
    angles = sorted(math.atan2(c.position[0] - centre[0], c.position[2] - centre[2]) for c in chairs)
    assert max(b - a for a, b in zip(angles, angles[1:])) < math.pi, "spread all around, not on one side"


def test_behind_and_in_front_go_along_z() -> None:
    composed = compose_scene(parse_prompt("a red car behind a house and a dog in front of the house"), seed=1)
    [car], [house], [dog] = _by_kind(composed, "car"), _by_kind(composed, "house"), _by_kind(composed, "dog")
    assert car.bbox_max[2] <= house.bbox_min[2] and dog.bbox_min[2] >= house.bbox_max[2]
    assert len(composed.objects) == 3, "'the house' is the same house"


def test_in_a_row_lines_copies_up_along_x() -> None:
    composed = compose_scene(parse_prompt("의자 다섯 개를 한 줄로"), seed=1)
    xs = [placed.position[0] for placed in composed.objects]
    assert len(xs) == 5 and xs == sorted(xs) and len({placed.position[2] for placed in composed.objects}) == 1


def test_layout_slides_a_blocked_object_clear() -> None:
    # two things next to the same anchor: the second must not land on the first
    boxes = [Box((-0.5, 0, -0.5), (0.5, 1, 0.5))] * 3
    placements = arrange(boxes, [0, 1, 2], [Relation(1, "next_to", 0), Relation(2, "next_to", 0)])
    world = [turned_box(box, p.yaw_deg).moved(p.position) for box, p in zip(boxes, placements)]
    assert not any(a.overlaps(b) for i, a in enumerate(world) for b in world[i + 1:])
    assert world[1].low[0] >= world[0].high[0] and world[2].high[0] <= world[0].low[0], "one on each side"


def test_a_relation_cycle_is_dropped_not_looped() -> None:
    boxes = [Box((-0.5, 0, -0.5), (0.5, 1, 0.5))] * 2
    placements = arrange(boxes, [0, 1], [Relation(0, "next_to", 1), Relation(1, "next_to", 0)])
    world = [box.moved(p.position) for box, p in zip(boxes, placements)]
    assert not world[0].overlaps(world[1])


# -- written sizes and bad input ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "axis", "metres"), [
    ("a 3 m tall tree", 1, 3.0),
    ("a pine tree 5 metres tall", 1, 5.0),
    ("a 50 cm wide box", 0, 0.5),
    ("높이 12미터 탑", 1, 12.0),
    ("a 2.5m long table", 0, 2.5),
])
def test_written_sizes_set_the_size(text: str, axis: int, metres: float) -> None:
    composed = compose_scene(parse_prompt(text), seed=1)
    assert composed.bbox_max[axis] - composed.bbox_min[axis] == pytest.approx(metres, rel=1e-3)


def test_one_written_size_keeps_proportions() -> None:
    natural = compose_scene(parse_prompt("a table"), seed=1)
    tall = compose_scene(parse_prompt("a 1.5 m tall table"), seed=1)
    ratio = (tall.bbox_max[0] - tall.bbox_min[0]) / (natural.bbox_max[0] - natural.bbox_min[0])
    assert ratio == pytest.approx(2.0, rel=1e-3)


@pytest.mark.parametrize(("text", "needle"), [
    ("a -2 m table", "must be positive"),
    ("a 0 m tall tree", "must be positive"),
    ("a 5000 m tall tower", "up to 1000 m"),
    ("a 2 km long fence", "up to 1000 m"),
    ("a 1 mm chair", "smallest size"),
    ("10,000 chairs", "at most 50"),
    ("의자 10000개", "at most 50"),
    ("a huge huge huge huge huge huge chair", "at most 100"),
])
async def test_absurd_requests_are_clear_tool_errors(rec: Recorder, text: str, needle: str) -> None:
    with pytest.raises(ToolError, match=needle):
        await rec.run(text)
    assert rec.store.artifacts() == []


@pytest.mark.parametrize("count", [0, -3, 51, 10_000])
def test_bad_counts_fail_at_the_edge(count: int) -> None:
    with pytest.raises(ValidationError):
        MeshInput(prompt="a chair", count=count)


# -- the tool end to end: scenes, shading, OBJ -----------------------------------------------------


def world_boxes_from_glb(path: Path) -> dict[str, Box]:
    """Per-object boxes from the written GLB (parts grouped by the object node before the '/')."""
    scene = trimesh.load(path)
    found: dict[str, list[Any]] = {}
    for node in scene.graph.nodes_geometry:
        matrix, geometry = scene.graph[node]
        points = trimesh.transform_points(scene.geometry[geometry].vertices, matrix)
        found.setdefault(node.split("/")[0], []).append(points)
    boxes = {}
    for name, chunks in found.items():
        import numpy as np

        points = np.vstack(chunks)
        boxes[name] = Box(tuple(points.min(axis=0)), tuple(points.max(axis=0)))  # type: ignore[arg-type]
    return boxes


@pytest.mark.parametrize("text", ["a low-poly pine tree next to a small wooden cabin",
                                  "작은 나무 오두막 옆에 로우폴리 소나무"])
async def test_done_when_prompts_give_both_objects_side_by_side(rec: Recorder, text: str) -> None:
    result = await rec.run(text, seed=4)
    artifact = result.artifacts[0]
    assert sorted(artifact.meta["objects"]) == ["cabin", "pine_tree"] and artifact.meta["style"] == "low_poly"
    assert artifact.meta["relations"] == [{"subject": "pine_tree_1", "relation": "next_to", "anchor": "cabin_1"}]
    boxes = world_boxes_from_glb(artifact.path)
    assert set(boxes) == {"pine_tree_1", "cabin_1"} and not boxes["pine_tree_1"].overlaps(boxes["cabin_1"])
    assert "next to the cabin" in (result.message or "")
    from gltf_check import assert_valid

    assert_valid([artifact.path])


async def test_glb_has_smooth_normals_on_round_parts_and_hard_edges_on_boxes(rec: Recorder) -> None:
    artifact = (await rec.run("a sphere and a cube")).artifacts[0]
    gltf = pygltflib.GLTF2().load(str(artifact.path))
    counts = {}
    for mesh in gltf.meshes:
        primitive = mesh.primitives[0]
        assert primitive.attributes.NORMAL is not None, f"{mesh.name} has no normals"
        counts[mesh.name] = gltf.accessors[primitive.attributes.POSITION].count
    sphere = next(v for k, v in counts.items() if "sphere" in k)
    cube = next(v for k, v in counts.items() if "cube" in k)
    assert cube == 24, "a cube's corners are split: each face is flat"
    assert sphere < 1000, "an icosphere shares its vertices (smooth), it is not split into 3 per triangle"
    low_poly_scene = compose_scene(parse_prompt("a low poly barrel"), seed=1)
    staves = low_poly_scene.scene.geometry["barrel_1/staves"]
    assert len(staves.vertices) > 40, "8 sides at 45 degrees stay faceted in low poly"


async def test_obj_and_mtl_open_in_trimesh_with_their_materials(rec: Recorder) -> None:
    result = await rec.run("a red car next to a lamp", export_obj=True)
    glb, obj = result.artifacts
    loaded = trimesh.load(obj.path, group_material=False)
    assert isinstance(loaded, trimesh.Scene)
    colours = {}
    for geometry in loaded.geometry.values():
        material = geometry.visual.material
        colours[material.name] = material
    assert {"paint_red", "rubber", "fabric"} <= set(colours), sorted(colours)
    red = colours["paint_red"]
    diffuse = getattr(red, "diffuse", None)
    if diffuse is None:
        diffuse = red.baseColorFactor
    r, g, b = (float(c) for c in diffuse[:3])
    assert r > 2 * g and r > 2 * b
    assert sum(len(g.faces) for g in loaded.geometry.values()) == glb.meta["triangles"]


@pytest.mark.parametrize("text", ["a red dragon", "빨간 용", "드래곤 한 마리"])
def test_the_design_examples_dragon_is_a_real_object_not_a_placeholder(text):
    parsed = parse_prompt(text)
    assert [item.kind for item in parsed.objects] == ["dragon"]
    assert not parsed.objects[0].fallback
    composed = compose_scene(parsed, seed=1)
    low, high = composed.scene.bounds
    assert 2.0 < high[1] - low[1] < 4.0 and abs(low[1]) < 1e-6  # metres, standing on the ground


def test_smooth_shading_keeps_each_vertexs_colour() -> None:
    # Shap-E's meshes carry their colours per vertex; smoothing re-indexes the vertices
    import numpy as np

    from tools.scene.compose import smooth_shaded

    sphere = trimesh.creation.icosphere(subdivisions=2)
    colours = np.zeros((len(sphere.vertices), 4), np.uint8)
    colours[:, 0] = (sphere.vertices[:, 1] > 0) * 255  # red on top, black below
    colours[:, 3] = 255
    sphere.visual.vertex_colors = colours
    smooth = smooth_shaded(sphere)
    assert smooth.visual.kind == "vertex"
    red = smooth.visual.vertex_colors[:, 0] == 255
    assert (smooth.vertices[red, 1] > 0).all() and (smooth.vertices[~red, 1] <= 0).all()
