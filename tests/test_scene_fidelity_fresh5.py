"""Families of requests the fidelity_fresh5 renders got wrong (issue 19), in general form, en and ko: a colour list
spreads over copies, "N종" is N variants, named shades map to the nearest colour, clothes carry the figure's colour,
a round table is round, canyons and northern lights are drawn, a texture request paints a tile, a dwarf is short,
dishes listed on a table stand on it. Sentences here are not the fresh5 set's own."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest

from tools.render.environment import Environment
from tools.scene.compose import _copy_colour
from tools.scene.prompt import parse_prompt
from tools.scene.scene import parse_scene


def _named(text: str) -> list[dict]:
    return parse_scene(text, for_render=True).meta()["named"]


@pytest.mark.parametrize("text, kind, colours", [
    ("crystal icons in red, green and blue", "crystal", ["red", "green", "blue"]),
    ("three mugs, yellow, pink and white", "mug", ["yellow", "pink", "white"]),
    ("노랑 보라 주황 물약 아이콘", "potion", ["yellow", "purple", "orange"]),
    ("red and blue flags", "flag", ["red", "blue"]),
])
def test_a_colour_list_spreads_over_copies_one_of_each(text: str, kind: str, colours: list[str]) -> None:
    [item] = [entry for entry in _named(text) if entry["kind"] == kind]
    assert item["count"] == len(colours) and item["colours"] == colours
    request = next(o for o in parse_scene(text).parsed.objects if o.kind == kind)
    assert [_copy_colour(request, copy).colour for copy in range(len(colours))] == colours


@pytest.mark.parametrize("text", ["a red and white striped tent", "a red car and a blue truck", "a blue and gold shield"])
def test_two_colours_on_one_thing_are_not_a_list(text: str) -> None:
    assert all("colours" not in entry and entry["count"] == 1 for entry in _named(text))


@pytest.mark.parametrize("text, kind, count", [
    ("방패 아이콘 4종", "shield", 4), ("포션 여섯 종류", "potion", 6), ("four kinds of axes", "axe", 4),
    ("six different types of crystals", "crystal", 6),
])
def test_n_kinds_of_a_thing_are_n_variants(text: str, kind: str, count: int) -> None:
    scene = parse_scene(text, for_render=True)
    [item] = scene.meta()["named"]
    assert (item["kind"], item["count"], item.get("varied_colours")) == (kind, count, True)
    assert scene.parsed.unmatched == []


@pytest.mark.parametrize("text, colour", [
    ("a gunmetal grey robot", "charcoal"), ("a charcoal gray sofa", "charcoal"), ("a dark grey car", "charcoal"),
    ("a forest green tent", "green"), ("a blood red flag", "red"), ("a maroon armchair", "red"),
    ("a turquoise vase", "teal"), ("청록색 의자", "teal"), ("네이비 소파", "navy"), ("midnight blue lamp", "blue"),
])
def test_named_shades_map_to_the_nearest_colour(text: str, colour: str) -> None:
    [item] = parse_prompt(text).objects
    assert item.colour == colour


@pytest.mark.parametrize("text, figure, colour, other", [
    ("a wizard in a green robe holding a staff", "wizard", "green", "staff"),
    ("빨간 로브에 지팡이 든 마법사", "wizard", "red", "staff"),
    ("노란 드레스를 입은 공주가 검을 든 모습", "humanoid", "yellow", "sword"),
])
def test_the_colour_of_clothes_is_the_figures_not_what_it_holds(text: str, figure: str, colour: str,
                                                                   other: str) -> None:
    objects = {o.kind: o for o in parse_scene(text).parsed.objects}
    assert objects[figure].colour == colour and objects[other].colour is None


@pytest.mark.parametrize("text", ["a round wooden table with three stools", "둥근 탁자", "원탁 하나", "a circular table"])
def test_a_round_table_is_round(text: str) -> None:
    kinds = [o.kind for o in parse_scene(text).parsed.objects]
    assert "round_table" in kinds and "table" not in kinds


def _built(kind: str, material: str, **traits: str | None) -> list:
    from tools.scene.materials import finish
    from tools.scene.objects import OBJECT_KINDS
    from tools.scene.parts import Look

    return OBJECT_KINDS[kind].build(Look(main=finish(material), rng=np.random.default_rng(0), traits=traits))


def test_a_round_table_is_a_round_top_on_a_pedestal() -> None:
    top = next(p.mesh for p in _built("round_table", "wood") if p.name == "table_top")
    extent = top.bounds[1] - top.bounds[0]
    assert abs(extent[0] - extent[2]) < 0.02 and extent[0] > 1.0  # as wide as deep: round, not 1.2 x 0.75


@pytest.mark.parametrize("text, feature", [
    ("a cowboy in a canyon at noon", "canyon"), ("붉은 협곡 배경", "canyon"),
    ("a lake under the northern lights", "aurora"), ("오로라가 뜬 설원", "aurora"),
])
def test_canyons_and_northern_lights_are_setting_features(text: str, feature: str) -> None:
    scene = parse_scene(text, for_render=True)
    assert feature in scene.setting.features and "light" not in scene.parsed.unmatched
    if feature == "aurora":
        assert scene.setting.time == "night"


def test_northern_lights_are_green_in_the_night_sky_and_canyon_walls_stand_high() -> None:
    aurora = Environment.from_text("a frozen lake under the northern lights", seed=3)
    plain = Environment.from_text("a frozen lake at night", seed=3)
    azimuth = np.linspace(-np.pi, np.pi, 720)
    elevation = np.radians(30.0)
    dirs = np.stack([np.sin(azimuth) * np.cos(elevation), np.full_like(azimuth, np.sin(elevation)),
                     -np.cos(azimuth) * np.cos(elevation)], -1).astype(np.float32)
    glow = aurora.sky(dirs) - plain.sky(dirs)
    assert glow[:, 1].max() > 0.2 and glow[:, 1].mean() > glow[:, 0].mean()  # green leads
    canyon = Environment.from_text("a desert canyon", seed=3)
    assert any(layer.kind == "canyon" and layer.height_deg >= 20 for layer in canyon.layers)


@pytest.mark.parametrize("text, textured", [
    ("seamless mossy cobblestone texture", True), ("tileable rusty metal texture", True),
    ("a stone well with a roof, hand-painted texture look", False), ("a barrel with PBR textures", False),
])
def test_a_texture_request_is_told_from_a_texture_style(text: str, textured: bool) -> None:
    from tools.image.texture import texture_request

    assert (texture_request(text) is not None) is textured


def test_a_texture_whose_surface_is_no_kind_still_paints_a_tile(tmp_path: Path) -> None:
    from PIL import Image

    from agent.config import Settings
    from agent.registry import ToolRegistry
    from agent.store import ArtifactStore
    from agent.tool import ToolContext

    settings = Settings(data_dir=tmp_path)
    store = ArtifactStore(data_dir=tmp_path, session_id="s", user_id="u")
    tool = ToolRegistry.from_entry_points(settings=settings).get("image")
    ctx = ToolContext(step_id="s1", session_id="s", user_id="u", store=store, settings=settings)
    args = tool.Input.model_validate({"prompt": "seamless cobblestone texture", "width": 64, "height": 64, "seed": 1})
    [artifact] = asyncio.run(tool.run(args, ctx)).artifacts
    assert artifact.meta["texture"]["surface"] == "cobblestone"
    assert np.asarray(Image.open(artifact.path).convert("RGB")).std() > 8  # a patterned tile, not a flat fill


@pytest.mark.parametrize("text", ["a dwarf warrior with an axe", "드워프 대장장이", "a dwarven wizard"])
def test_a_dwarf_is_short_stocky_and_bearded(text: str) -> None:
    figure = next(o for o in parse_scene(text).parsed.objects if o.kind in ("humanoid", "knight", "wizard"))
    assert "dwarf" in figure.traits and "beard" in figure.traits

    def height(parts: list) -> float:
        return max(p.mesh.bounds[1][1] for p in parts)

    for kind in ("humanoid", "knight", "wizard"):  # whole, helmet and hat on the head, not floating above it
        material = "metal" if kind == "knight" else "fabric"
        short, tall = _built(kind, material, **figure.traits), _built(kind, material)
        assert 0.6 * height(tall) < height(short) < 0.8 * height(tall)


@pytest.mark.parametrize("text, dishes", [
    ("식탁 위에 된장찌개랑 공기밥, 반찬", ("jjigae", "rice_bowl", "banchan")),
    ("a table with a bowl of rice, kimchi stew and side dishes", ("rice_bowl", "jjigae", "banchan")),
])
def test_a_korean_meal_is_its_dishes_on_the_table(text: str, dishes: tuple[str, ...]) -> None:
    parsed = parse_scene(text).parsed
    kinds = [o.kind for o in parsed.objects]
    assert set(dishes) <= set(kinds) and "table" in kinds
    table = kinds.index("table")
    on_table = {kinds[r.subject] for r in parsed.relations if r.relation == "on_top" and r.anchor == table}
    assert set(dishes) <= on_table


@pytest.mark.parametrize("text, kinds", [
    ("네온사인 달린 자판기", {"vending_machine", "neon_sign"}), ("레트로 자판기 조명 달린 거", {"vending_machine"}),
    ("a food truck", {"food_truck"}), ("푸드트럭 한 대", {"food_truck"}), ("a taco truck", {"food_truck"}),
])
def test_machines_and_trucks_asked_by_name(text: str, kinds: set[str]) -> None:
    assert kinds <= {o.kind for o in parse_scene(text).parsed.objects}


@pytest.mark.parametrize("text", ["구름 위에 떠 있는 섬들", "a castle on a floating island above the clouds", "하늘섬 두 개"])
def test_islands_above_the_clouds_float_over_a_sea_of_cloud(text: str) -> None:
    scene = parse_scene(text, for_render=True)
    assert scene.setting.ground == "clouds"
    assert "floating_island" in {o.kind for o in scene.parsed.objects} and "island" not in {
        o.kind for o in scene.parsed.objects}
    rock = next(p.mesh for p in _built("floating_island", "grass") if p.name == "rock")
    assert rock.bounds[0][1] > 0.2  # it hangs in the air, its tip clear of what lies below
    assert parse_scene("an island in the sea", for_render=True).setting.ground == "water"


@pytest.mark.parametrize("text, time", [
    ("a lantern in a dark forest", "night"), ("어두운 숲 속 오두막", "night"), ("a dark blue car", "day"),
    ("a knight at dawn in the dark woods", "dawn"),
])
def test_a_dark_place_outdoors_is_night(text: str, time: str) -> None:
    assert parse_scene(text, for_render=True).setting.time == time


@pytest.mark.parametrize("text, kind, colour", [
    ("아이스 블루 검", "sword", "cyan"), ("다크 그레이 자동차", "car", "charcoal"), ("그레이 고양이", "cat", "gray"),
    ("오렌지 세 개", "orange", None),  # the fruit, not a colour
])
def test_korean_loanword_shades(text: str, kind: str, colour: str | None) -> None:
    [item] = parse_prompt(text).objects
    assert (item.kind, item.colour) == (kind, colour)


@pytest.mark.parametrize("text, count, varied", [
    ("axe icons", 4, True), ("방패 아이콘 세트", 4, True), ("six shield icons", 6, True),
    ("blue potion icons", 4, None), ("an icon of an axe", 1, None), ("도끼 아이콘", 1, None),
])
def test_an_icon_set_lays_out_several_each_its_own(text: str, count: int, varied: bool | None) -> None:
    [item] = _named(text)
    assert (item["count"], item.get("varied_colours")) == (count, varied)


def test_moons_named_at_dusk_hang_in_the_sky_beside_one_sun() -> None:
    scene = parse_scene("a cliff over the sea at dusk, two moons in the sky", for_render=True)
    env = Environment.from_setting(scene.setting)
    assert (scene.setting.time, env.moons, env.moon) == ("sunset", 2, True)
    assert Environment.from_setting(parse_scene("a desert with two suns", for_render=True).setting).moons == 0
    moon_dir = np.array([-0.35, 0.45, -0.8], np.float32)
    moon_dir /= np.linalg.norm(moon_dir)
    plain = Environment.from_setting(parse_scene("a cliff over the sea at dusk", for_render=True).setting)
    assert env.sky(moon_dir[None, :])[0].sum() > plain.sky(moon_dir[None, :])[0].sum() + 1.0  # a bright disc there


@pytest.mark.parametrize("text, building", [
    ("a noodle shop storefront in the rain", "shop"), ("빵집 가게 앞, 밤", "shop"), ("a bakery shopfront at dusk", "shop"),
])
def test_a_storefront_is_the_building_seen_from_the_street(text: str, building: str) -> None:
    scene = parse_scene(text, for_render=True)
    assert not scene.setting.interior and scene.setting.ground == "pavement"
    assert [o.kind for o in scene.parsed.objects] == [building]
    assert parse_scene("a noodle shop at night", for_render=True).setting.interior  # the room, when asked plainly


def test_a_named_round_table_stands_for_the_table_a_place_brings() -> None:
    kinds = {o["kind"] for o in parse_scene("five chairs around a round table in a tavern", for_render=True).meta()[
        "objects"]}
    assert "round_table" in kinds and "table" not in kinds and "stool" not in kinds


@pytest.mark.parametrize("portrait, whole", [
    ("portrait of an old merchant", "an old merchant, full-body portrait"), ("마법사 초상화", "마법사 전신 초상화"),
])
def test_a_portrait_frames_head_and_shoulders(portrait: str, whole: str) -> None:
    from tools.image.embedded import render_prompt

    def camera(text: str) -> dict:
        return render_prompt(text, width=64, height=64, style="shaded", seed=1).meta["camera"]

    near, far = camera(portrait), camera(whole)
    distance = lambda c: float(np.linalg.norm(np.subtract(c["eye"], c["target"])))  # noqa: E731
    assert near["target"][1] > far["target"][1] + 0.3  # aimed at the head, not the middle of the figure
    assert distance(near) < 0.6 * distance(far)
