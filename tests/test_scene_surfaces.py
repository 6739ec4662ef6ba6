"""Things set on a surface, piled up, stuck into something, or weathered (en/ko): the parser reads the
arrangement, the layout puts them there, the composer shows the weathering and the picture frames the
tabletop (fidelity_fresh3's first render had a teapot and mugs on the floor and candles too small to see)."""

from __future__ import annotations

import numpy as np
import pytest

from tools.scene.compose import compose_scene
from tools.scene.prompt import Relation, parse_prompt
from tools.scene.scene import parse_scene


def relations(text: str) -> set[tuple[str | None, str, str | None]]:
    parsed = parse_prompt(text)
    kind = [item.kind for item in parsed.objects]
    return {(kind[r.subject], r.relation, None if r.anchor is None else kind[r.anchor]) for r in parsed.relations}


@pytest.mark.parametrize(("text", "expected"), [
    ("three wooden barrels stacked by a door", {("barrel", "stacked", None), ("barrel", "next_to", "door")}),
    ("a stack of four crates next to a cart", {("crate", "stacked", None), ("crate", "next_to", "cart")}),
    ("나무 상자 다섯 개를 쌓아 올린 더미", {("crate", "stacked", None)}),
    ("창고 옆에 상자 세 개가 쌓여 있다", {("box", "next_to", "barn"), ("box", "stacked", None)}),
    ("an anvil with a hammer resting on top", {("hammer", "on_top", "anvil")}),
    ("a cake with a candle on top of it", {("candle", "on_top", "cake")}),
    ("a glowing sword stuck in a stone", {("sword", "stuck_in", "rock")}),
    ("바위에 박힌 검", {("sword", "stuck_in", "rock")}),
    ("a kitchen table with a teapot, two mugs and a black cat asleep on the spellbook",
     {("teapot", "on_top", "table"), ("mug", "on_top", "table"), ("spellbook", "on_top", "table"),
      ("cat", "on_top", "spellbook")}),
    ("a desk with three candles and an old map", {("candle", "on_top", "table"), ("scroll", "on_top", "table")}),
    ("찻주전자와 머그잔 두 개가 놓인 식탁", {("teapot", "on_top", "table"), ("mug", "on_top", "table")}),
    ("촛불이 올려진 제단", {("candle", "on_top", "altar")}),
    ("책상 위에 양초 세 개랑 낡은 지도", {("candle", "on_top", "table"), ("scroll", "on_top", "table")}),
])
def test_surface_stack_and_stuck_words_become_relations(text: str, expected: set) -> None:
    assert relations(text) == expected


@pytest.mark.parametrize(("text", "absent"), [
    ("a table with a lamp and two chairs", ("chair", "on_top", "table")),  # chairs stand on the floor
    ("a knight with a sword", ("sword", "on_top", "knight")),  # a knight is no surface
    ("a lamp on the floor next to a chair", ("lamp", "on_top", "chair")),  # "on" a place, not "on top"
])
def test_only_small_things_after_a_surface_go_on_it(text: str, absent: tuple) -> None:
    assert absent not in relations(text)


def test_snow_piled_on_one_cabin_stacks_nothing() -> None:
    assert relations("눈 쌓인 오두막") == set()


@pytest.mark.parametrize(("text", "kind", "weathering"), [
    ("rusted sedan", "car", "rusty"), ("녹슨 자동차 두 대", "car", "rusty"), ("a mossy stone well", "well", "mossy"),
    ("이끼 낀 돌 우물", "well", "mossy"), ("a moss-covered statue", "statue", "mossy"),
])
def test_weathering_words_go_to_their_object(text: str, kind: str, weathering: str) -> None:
    [item] = parse_prompt(text).objects
    assert (item.kind, item.weathering) == (kind, weathering)


def test_worn_armour_after_its_wearer_weathers_the_wearer() -> None:
    # "…, 녹슨 갑옷 입고": the skeleton already named wears the rusty armour; the sword stays as it is
    parsed = parse_prompt("해골 기사 3D 캐릭터 모델, 녹슨 갑옷 입고 부러진 검 들고 있는 걸로")
    by_kind = {item.kind: item for item in parsed.objects}
    assert by_kind["skeleton"].weathering == "rusty" and by_kind["sword"].weathering is None
    [knight] = parse_prompt("은색 갑옷 입은 기사").objects  # the adnominal form still goes to the next noun
    assert (knight.kind, knight.colour) == ("knight", "silver")


def test_paint_words_colour_the_main_object() -> None:
    parsed = parse_prompt("a pickup truck with welded armor plates, rusty orange paint")
    assert [(item.kind, item.colour, item.weathering) for item in parsed.objects] == [("truck", "orange", "rusty")]


def test_rust_takes_metal_and_paint_not_glass() -> None:
    composed = compose_scene(parse_prompt("a rusted sedan"), seed=1)
    assert any(name.endswith("_rusty") for name in composed.materials)
    assert any(name.startswith("glass") and "rusty" not in name for name in composed.materials)
    plain = compose_scene(parse_prompt("a sedan"), seed=1)
    assert not any("rusty" in name for name in plain.materials)


def _by_kind(composed, kind):
    return [p for p in composed.objects if p.kind == kind]


def test_stacked_barrels_pile_up_by_the_door() -> None:
    composed = compose_scene(parse_prompt("three barrels stacked by a door"), seed=1)
    barrels = sorted(_by_kind(composed, "barrel"), key=lambda p: p.bbox_min[1])
    [door] = _by_kind(composed, "door")
    bottom, top = barrels[:2], barrels[2]
    assert all(p.bbox_min[1] == pytest.approx(0.0, abs=1e-4) for p in bottom)
    assert top.bbox_min[1] == pytest.approx(bottom[0].bbox_max[1], abs=1e-4), "resting on the two below"
    middle = (top.bbox_min[0] + top.bbox_max[0]) / 2
    centres = sorted((p.bbox_min[0] + p.bbox_max[0]) / 2 for p in bottom)
    assert centres[0] < middle < centres[1], "between them"
    pile_low = min(p.bbox_min[0] for p in barrels)
    assert 0 < pile_low - door.bbox_max[0] < 1.0 or 0 < door.bbox_min[0] - max(p.bbox_max[0] for p in barrels) < 1.0


def test_a_sword_stuck_in_a_stone_is_sunk_into_its_top() -> None:
    composed = compose_scene(parse_prompt("a sword stuck in a stone"), seed=1)
    [sword], [rock] = _by_kind(composed, "sword"), _by_kind(composed, "rock")
    assert rock.bbox_min[1] < sword.bbox_min[1] < rock.bbox_max[1] < sword.bbox_max[1]
    assert rock.bbox_min[0] < (sword.bbox_min[0] + sword.bbox_max[0]) / 2 < rock.bbox_max[0]


@pytest.mark.parametrize("text", ["a kitchen table with a teapot, two mugs and a spellbook",
                                  "찻주전자와 머그잔 두 개가 놓인 식탁"])
def test_things_on_a_table_share_its_top_without_overlapping(text: str) -> None:
    composed = compose_scene(parse_prompt(text), seed=1)
    [table] = _by_kind(composed, "table")
    on = [p for p in composed.objects if p.kind != "table"]
    for item in on:
        assert item.bbox_min[1] == pytest.approx(table.bbox_max[1], abs=1e-4)
        centre = ((item.bbox_min[0] + item.bbox_max[0]) / 2, (item.bbox_min[2] + item.bbox_max[2]) / 2)
        assert table.bbox_min[0] < centre[0] < table.bbox_max[0] and table.bbox_min[2] < centre[1] < table.bbox_max[2]
    for i, a in enumerate(on):
        for b in on[i + 1:]:
            apart = any(a.bbox_max[k] <= b.bbox_min[k] + 1e-6 or b.bbox_max[k] <= a.bbox_min[k] + 1e-6 for k in (0, 2))
            assert apart, f"{a.node} overlaps {b.node}"


@pytest.mark.parametrize(("text", "tabletop"), [
    ("a desk with three candles and an old map", True), ("책상 위에 양초 세 개랑 낡은 지도", True),
    ("a table and four chairs", False), ("a lamp on the floor next to a chair", False),
])
def test_a_picture_of_things_on_a_table_is_framed_on_its_top(text: str, tabletop: bool) -> None:
    from tools.render.stage import build_stage

    stage = build_stage(text, seed=1, scene=parse_scene(text, for_render=True))
    assert stage.tabletop is tabletop
    if tabletop:
        low, high = stage.named_box  # the table and what stands on it
        assert high[1] > 0.75 and low[1] == pytest.approx(0.0, abs=1e-4)


def test_layout_relation_list_accepts_own_arrangement_with_an_anchor() -> None:
    from tools.scene.layout import Box, arrange

    unit = Box((-0.3, 0.0, -0.3), (0.3, 0.9, 0.3))
    door = Box((-0.5, 0.0, -0.05), (0.5, 2.0, 0.05))
    placements = arrange([unit, unit, door], [0, 0, 1],
                         [Relation(0, "stacked"), Relation(0, "next_to", 1)])
    heights = sorted(p.position[1] for p in placements[:2])
    assert heights == [pytest.approx(0.0), pytest.approx(0.9)]  # two copies: one on the other
    assert placements[0].relation == "next_to"


def test_weathering_comes_in_patches_over_the_own_finish() -> None:
    composed = compose_scene(parse_prompt("a rusted sedan"), seed=1)
    names = [name.split("/")[-1] for name in composed.scene.geometry]
    assert "body" in names and "body_rusty" in names, "rust blotches beside paint that is still there"


@pytest.mark.parametrize(("text", "colour"), [
    ("a slime monster, light blue, big eyes", "cyan"), ("a dark blue car", "navy"), ("a dark green dragon", "green"),
    ("진한 파란색 의자", "blue"), ("연한 분홍색 꽃", "pink"),
])
def test_a_shade_before_a_colour_keeps_the_colour(text: str, colour: str) -> None:
    assert parse_prompt(text).objects[0].colour == colour


def test_the_renderer_reads_gltf_colour_factors_as_linear() -> None:
    # trimesh keeps a glTF baseColorFactor (linear) as uint8; linearising it again drew orange as red
    from tools.render.geometry import _material_of
    from tools.scene.materials import finish, to_pbr

    import trimesh

    surface = finish("paint", "orange")
    mesh = trimesh.creation.box()
    mesh.visual = trimesh.visual.TextureVisuals(material=to_pbr(surface))
    albedo = _material_of(mesh)[0]
    assert albedo == pytest.approx(surface.base_color[:3], abs=0.01)


@pytest.mark.parametrize(("text", "expected"), [
    ("a knight holding a sword", {("sword", "held", "knight")}),
    ("검을 든 기사", {("sword", "held", "knight")}),
    ("해골 기사, 녹슨 갑옷 입고 부러진 검 들고 있는 걸로", {("sword", "held", "skeleton")}),
    # the place words after the held thing are its holder's
    ("a goblin wielding an axe next to a barrel", {("axe", "held", "goblin"), ("goblin", "next_to", "barrel")}),
    ("햄스터 농부 캐릭터, 밀짚모자 쓰고 당근 들고 있는 거", {("carrot", "held", "hamster"), ("hat", "on_top", "hamster")}),
])
def test_held_and_worn_things_go_to_the_figure(text: str, expected: set) -> None:
    assert relations(text) == expected


def test_what_a_small_figure_holds_or_wears_is_scaled_to_it() -> None:
    parsed = parse_prompt("햄스터 캐릭터, 밀짚모자 쓰고 당근 들고 있는 거")
    by_kind = {item.kind: item for item in parsed.objects}
    from tools.scene.objects import natural_size

    figure = natural_size("hamster")
    assert natural_size("carrot")[1] * by_kind["carrot"].scale[1] <= 0.6 * figure[1] + 1e-6
    assert natural_size("hat")[0] * by_kind["hat"].scale[0] <= 0.9 * min(figure[0], figure[2]) + 1e-6
    [knight, sword] = parse_prompt("a knight holding a sword").objects
    assert sword.scale == (1.0, 1.0, 1.0), "a sword already fits a knight's hand"


def test_a_held_sword_is_at_the_figures_side_at_hand_height() -> None:
    composed = compose_scene(parse_prompt("a knight holding a sword"), seed=1)
    [knight], [sword] = _by_kind(composed, "knight"), _by_kind(composed, "sword")
    assert sword.relation == "held"
    assert 0.1 < sword.bbox_min[1] < 0.42 * 1.8 < sword.bbox_max[1], "gripped at hand height, off the ground"
    assert knight.bbox_min[0] < (sword.bbox_min[0] + sword.bbox_max[0]) / 2 < knight.bbox_max[0] + 0.2


@pytest.mark.parametrize(("text", "kind", "count"), [
    ("a low poly race track", "race_track", 1), ("저폴리 레이싱 트랙", "race_track", 1), ("서킷", "race_track", 1),
    ("a coral reef", "coral_reef", 1), ("산호초", "coral_reef", 1),
    ("an aircraft hangar", "hangar", 1), ("SF 격납고", "hangar", 1),
    ("two fighter jets", "fighter_jet", 2), ("전투기 두 대", "fighter_jet", 2), ("an airliner", "airplane", 1),
    ("a straw hat", "hat", 1), ("밀짚모자", "hat", 1), ("a carrot", "carrot", 1), ("당근", "carrot", 1),
    ("a school of tropical fish", "fish", 6), ("열대어 떼", "fish", 6), ("a flock of birds", "bird", 6),
])
def test_kinds_and_group_words_the_fresh_requests_named(text: str, kind: str, count: int) -> None:
    assert [(item.kind, item.count) for item in parse_prompt(text).objects] == [(kind, count)]


@pytest.mark.parametrize(("text", "place", "interior"), [
    ("a row of five arcade cabinets in a dim retro arcade", "arcade", True), ("오락실 오락기 세 대", "arcade", True),
    ("360 view inside a cozy bakery", "bakery", True), ("빵집 내부", "bakery", True),
    ("포스트아포칼립스 폐허 도시 360 환경맵", "ruined_city", False), ("a ruined city at dusk", "ruined_city", False),
])
def test_places_the_fresh_requests_named(text: str, place: str, interior: bool) -> None:
    scene = parse_scene(text, for_render=True)
    assert (scene.setting.place, scene.setting.interior) == (place, interior)
    assert scene.objects, "the place brings what stands in it"


def test_flooded_tracks_in_a_subway_are_no_race_track() -> None:
    scene = parse_scene("an abandoned subway station, flooded tracks, broken lights", for_render=True)
    assert "race_track" not in {item.kind for item in scene.objects}
    assert [item.kind for item in parse_prompt("저폴리 레이싱 트랙 위를 드론샷으로 쭉 훑고 지나가는 영상").objects] == ["race_track"]


def test_fish_swim_above_an_underwater_floor() -> None:
    from tools.render.stage import build_stage

    text = "a coral reef underwater with a school of tropical fish"
    stage = build_stage(text, seed=1, scene=parse_scene(text, for_render=True))
    assert stage.scene.setting.underwater
    # the fish are lifted off the floor: the subject reaches well above the reef's own top (1.3 m)
    assert stage.subject.bounds()[1][1] > 1.5


def test_a_village_is_its_houses_however_much_else_is_named() -> None:
    scene = parse_scene("camera flies over a low poly island village at sunrise, seagulls, little boats in the harbour",
                        for_render=True)
    kinds = [item.kind for item in scene.objects]
    assert "house" in kinds and "island" in kinds
    house, island = kinds.index("house"), kinds.index("island")
    assert Relation(house, "on_top", island) in scene.parsed.relations, "the village stands on its island"
    assert parse_scene("a row of five arcade cabinets", for_render=True).setting.place is None


def test_an_island_grows_to_hold_its_village() -> None:
    scene = parse_scene("an island village with two boats", for_render=True)
    composed = compose_scene(scene.parsed, seed=1)
    [island] = _by_kind(composed, "island")
    for house in _by_kind(composed, "house"):
        assert house.bbox_min[1] == pytest.approx(island.bbox_max[1], abs=1e-4)
        assert island.bbox_min[0] <= house.bbox_min[0] and house.bbox_max[0] <= island.bbox_max[0]


@pytest.mark.parametrize(("text", "aerial"), [
    ("camera flies over a low poly island village", True), ("드론샷으로 레이싱 트랙 위를 훑는 영상", True),
    ("a slow orbit around a sword", False),
])
def test_fly_over_words(text: str, aerial: bool) -> None:
    from tools.scene.effects import aerial_view

    assert aerial_view(text) is aerial


@pytest.mark.parametrize(("text", "kind"), [
    ("픽셀아트 금화 아이콘", "coin"), ("a gold coin", "coin"), ("gold coins spilling out", "coin_pile"),
    ("보물 더미", "coin_pile"), ("a haunted Victorian house", "mansion"), ("빅토리아풍 저택", "mansion"),
])
def test_one_coin_is_a_coin_and_many_a_pile(text: str, kind: str) -> None:
    assert parse_prompt(text).objects[0].kind == kind


def test_an_icon_is_lit_from_the_viewers_side() -> None:
    from tools.image.embedded import render_prompt

    rendered = render_prompt("a gold coin icon", width=64, height=64, style="shaded", seed=1)
    middle = rendered.pixels[24:40, 24:40].astype(float).mean(axis=(0, 1))
    assert middle[0] > 120 and middle[0] > middle[2] + 40, "a lit gold face, not an olive shadow"


@pytest.mark.parametrize(("text", "kind"), [("피 묻은 인형", "doll"), ("피가 묻은 칼", "sword"), ("a bloody axe", "axe"),
                                            ("a blood-stained doll", "doll")])
def test_blood_stains_its_object(text: str, kind: str) -> None:
    [item] = parse_prompt(text).objects
    assert (item.kind, item.weathering) == (kind, "bloody")
    composed = compose_scene(parse_prompt(text), seed=1)
    assert any(name.endswith("_bloody") for name in composed.materials), "stains small enough to land on it"


def test_by_an_owned_part_is_by_its_owner() -> None:
    # "문 앞에 작은 랜턴": the door is the mushroom house's own, so the lantern stands in front of the house
    assert relations("귀여운 버섯 집, 창문 두 개, 문 앞에 작은 랜턴") == {("lantern", "in_front", "mushroom_house")}
    assert relations("a mushroom house with a lantern in front of the door") == {
        ("lantern", "in_front", "mushroom_house")}


@pytest.mark.parametrize(("text", "hair"), [("은발에 초록 망토를 두른 엘프 궁수", "silver"), ("a blonde elf archer", "yellow"),
                                            ("a dwarf with red hair", "red"), ("금발의 소녀", "yellow")])
def test_hair_colour_is_the_figures(text: str, hair: str) -> None:
    scene = parse_scene(text)
    figure = next(item for item in scene.objects if item.kind == "humanoid")
    assert figure.traits.get("hair") == hair and scene.unmatched == []


def test_parts_the_owner_builds_are_no_missing_models() -> None:
    assert parse_scene("비행선, 황동 프로펠러 네 개, 가죽 기낭").unmatched == []


@pytest.mark.parametrize(("text", "kind", "part", "colour", "main"), [
    ("로우폴리 풍차, 지붕은 빨간색", "windmill", "cap", "red", None),  # a windmill's roof is its cap
    ("a white house with a red roof", "house", "roof", "red", "white"),
    ("빨간 지붕 달린 집", "house", "roof", "red", None),  # the walls keep their own colour
    ("sci-fi cargo crate, white with yellow hazard stripes", "crate", "stripe_1", "yellow", "white"),  # bands added
])
def test_a_coloured_part_is_that_part(text: str, kind: str, part: str, colour: str, main: str | None) -> None:
    composed = compose_scene(parse_prompt(text), seed=1)
    [placed] = _by_kind(composed, kind)
    geometry = {name.split("/")[-1]: mesh for name, mesh in composed.scene.geometry.items()}
    assert geometry[part].visual.material.name.endswith(f"_{colour}")
    main_parts = [mesh.visual.material.name for name, mesh in geometry.items() if name in ("walls", "body", "tower")]
    if main is None:
        assert all(not name.endswith(f"_{colour}") for name in main_parts)
    else:
        assert all(name.endswith(f"_{main}") for name in main_parts)


@pytest.mark.parametrize(("text", "kind"), [("a cute hamster", "hamster"), ("햄스터 농부 캐릭터", "hamster"),
                                            ("a rat", "mouse"), ("a wheelchair", "wheelchair"), ("휠체어 하나", "wheelchair")])
def test_hamster_and_wheelchair_kinds(text: str, kind: str) -> None:
    assert parse_prompt(text).objects[0].kind == kind


def test_the_thing_something_serves_as_is_no_extra_object() -> None:
    # "four logs around it as seats": the logs are the seats
    assert [item.kind for item in parse_prompt("a campfire, four logs around it as seats").objects] == ["campfire", "log"]


def test_windows_are_lit_at_night() -> None:
    from tools.render.geometry import WINDOW_LIGHT
    from tools.render.stage import build_stage

    night = build_stage("a house at night", seed=1, scene=parse_scene("a house at night", for_render=True))
    day = build_stage("a house at noon", seed=1, scene=parse_scene("a house at noon", for_render=True))
    glowing = lambda stage: int(np.isclose(stage.subject.emissive, WINDOW_LIGHT).all(axis=1).sum())  # noqa: E731
    assert glowing(night) > 0 and glowing(day) == 0


def test_a_button_eye_is_no_snow() -> None:
    scene = parse_scene("피 묻은 인형, 단추 눈 하나가 떨어진 느낌으로", for_render=True)
    assert scene.setting.weather != "snow" and scene.setting.ground != "snow"
    assert parse_scene("눈 내리는 마을", for_render=True).setting.weather == "snow"


def test_a_great_hall_keeps_its_throne_and_columns_when_its_table_and_banners_are_named() -> None:
    scene = parse_scene("중세 성 대연회장 내부. 긴 테이블, 샹들리에, 벽에 걸린 깃발들", for_render=True)
    kinds = {item.kind for item in scene.objects}
    assert {"table", "chandelier", "flag", "throne", "column"} <= kinds


@pytest.mark.parametrize("text", ["a glowing magic sword", "빛나는 크리스탈"])
def test_a_glowing_thing_lights_its_main_surfaces(text: str) -> None:
    [item] = parse_prompt(text).objects
    assert item.weathering == "glowing"
    assert any(name.endswith("_glow") for name in compose_scene(parse_prompt(text), seed=1).materials)


@pytest.mark.parametrize(("text", "dim"), [("a row of arcade cabinets in a dim retro arcade", True),
                                           ("공포게임 배경용 폐병원 복도", True), ("a tavern at night", True),
                                           ("a cozy kitchen", False), ("a dim forest", False)])
def test_dim_night_or_grim_rooms_have_low_lights(text: str, dim: bool) -> None:
    from tools.render.environment import Environment

    env = Environment.from_setting(parse_scene(text, for_render=True).setting)
    assert env.dim is dim
    if dim:
        bright = Environment.from_setting(parse_scene("a cozy kitchen", for_render=True).setting)
        assert sum(env.sky_ambient) < 0.6 * sum(bright.sky_ambient)
