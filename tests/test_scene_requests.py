"""What game developers ask for by name appears: the kinds they name (en/ko), parts and worn things
that are not objects, counts and arrangements the fresh fidelity set tripped on, and the settings
and camera moves that carry the named subject (waves, a sandstorm, a waterfall)."""

from __future__ import annotations

import numpy as np
import pytest

from tools.scene.effects import camera_move, read_effects
from tools.scene.prompt import parse_prompt
from tools.scene.scene import parse_scene


def kinds(text: str) -> list[tuple[str | None, int]]:
    return [(item.kind, item.count) for item in parse_prompt(text).objects]


@pytest.mark.parametrize(("text", "kind"), [
    ("a hover bike", "hover_bike"), ("호버바이크", "hover_bike"), ("a speeder", "hover_bike"),
    ("a small cartoon chicken", "chicken"), ("닭 한 마리", "chicken"), ("a rooster", "chicken"),
    ("a mushroom house", "mushroom_house"), ("작은 버섯 집", "mushroom_house"),
    ("a jewel box", "jewel_box"), ("보석 상자", "jewel_box"), ("보석함", "jewel_box"),
    ("a waterfall", "waterfall"), ("폭포", "waterfall"),
    ("a pirate ship", "sailing_ship"), ("해적선", "sailing_ship"), ("a galleon", "sailing_ship"),
    ("crashing waves", "wave"), ("파도", "wave"),
    ("a greatsword", "sword"), ("양손검", "sword"), ("a katana", "sword"),
    ("an old oak", "oak_tree"), ("참나무", "oak_tree"),
    ("a stone pillar", "column"), ("기둥", "column"),
    ("a shop sign", "shop_sign"), ("간판", "shop_sign"), ("a neon sign", "neon_sign"), ("네온사인", "neon_sign"),
    ("an open spellbook", "spellbook"), ("마법서", "spellbook"),
    ("a cannon", "cannon"), ("대포", "cannon"), ("a magic portal", "portal"), ("포탈", "portal"),
    ("cattails", "reeds"), ("갈대", "reeds"), ("an altar", "altar"), ("제단", "altar"),
    ("an obelisk", "obelisk"), ("토템", "totem"), ("a crab", "crab"), ("꽃게", "crab"), ("a bat", "bat"),
    ("박쥐", "bat"), ("a stone golem", "golem"), ("골렘", "golem"), ("a coffin", "coffin"), ("석관", "coffin"),
    ("a trebuchet", "catapult"), ("투석기", "catapult"), ("a treasure map", "scroll"), ("두루마리", "scroll"),
    ("an hourglass", "hourglass"), ("모래시계", "hourglass"), ("a minecart", "mine_cart"), ("광차", "mine_cart"),
    ("a bomb", "bomb"), ("폭탄", "bomb"), ("a kraken", "octopus"), ("문어", "octopus"), ("an orca", "whale"),
    ("고래", "whale"), ("a female knight", "knight"), ("여기사", "knight"),
])
def test_common_game_requests_name_their_own_kind(text: str, kind: str) -> None:
    assert [k for k, _ in kinds(text)] == [kind]


@pytest.mark.parametrize(("text", "expected"), [
    ("wooden cart with two wheels", [("cart", 1)]),  # two is the wheels' count
    ("돛 세개 달린 해적선", [("sailing_ship", 1)]),
    ("a bike with orange stripes", [("bicycle", 1)]),
    ("뿌리 굵은 커다란 참나무", [("oak_tree", 1)]),
    ("귀여운 펭귄 캐릭터", [("penguin", 1)]),  # "character" is what the penguin is
    ("a game character", [("humanoid", 1)]),  # alone it is a figure
    ("나무 상자", [("crate", 1)]),  # a wooden box is a crate, not a cardboard box
    ("a wooden box", [("crate", 1)]),
    ("빨간 버섯 세개랑 작은 돌멩이 몇개", [("mushroom", 3), ("rock", 3)]),
    ("a few barrels", [("barrel", 3)]),
    ("a rusty iron lantern hanging from a hook, hand painted style", [("lantern", 1)]),
    ("five chairs around a round oak table", [("chair", 5), ("table", 1)]),  # oak is the table's wood
])
def test_parts_modifiers_and_counts_are_not_objects(text: str, expected: list[tuple[str, int]]) -> None:
    assert kinds(text) == expected


def test_a_part_keeps_korean_colour_for_its_object_and_english_colour_for_itself() -> None:
    house = parse_prompt("빨간 지붕 달린 작은 버섯 집").objects
    assert [(o.kind, o.colour) for o in house] == [("mushroom_house", "red")]
    bike = parse_prompt("sci-fi hover bike, matte black with orange stripes").objects
    assert [(o.kind, o.colour) for o in bike] == [("hover_bike", "black")]
    assert parse_prompt("brass oil lantern").objects[0].material == "gold"


def test_what_a_figure_wears_is_its_look_not_another_object() -> None:
    knight = parse_prompt("은색 갑옷 입은 여기사 전신").objects
    assert [(o.kind, o.colour) for o in knight] == [("knight", "silver")]


def test_both_sides_makes_a_pair_beside_the_anchor() -> None:
    parsed = parse_prompt("성문 양옆에 횃불 타오르는 장면")
    assert [(o.kind, o.count) for o in parsed.objects] == [("gate", 1), ("torch", 2)]
    assert [(r.subject, r.relation, r.anchor) for r in parsed.relations] == [(1, "flanking", 0)]
    assert kinds("torches on both sides of the gate") == [("torch", 2), ("gate", 1)]
    from tools.scene.compose import compose_scene

    placed = compose_scene(parsed, seed=1).objects
    gate = next(o for o in placed if o.kind == "gate")
    torches = sorted(o.position[0] for o in placed if o.kind == "torch")
    assert torches[0] < gate.bbox_min[0] and torches[1] > gate.bbox_max[0]  # one each side


def test_korean_and_shares_a_relation_with_small_things_only() -> None:
    desk = parse_prompt("책상 위에 촛불 두개랑 펼쳐진 마법서")
    assert [(o.kind, o.count) for o in desk.objects] == [("table", 1), ("candle", 2), ("spellbook", 1)]
    assert sorted((r.subject, r.relation, r.anchor) for r in desk.relations) == [(1, "on_top", 0), (2, "on_top", 0)]
    chairs = parse_prompt("탁자 위에 램프랑 의자 두 개")
    assert [(r.subject, r.relation, r.anchor) for r in chairs.relations] == [(1, "on_top", 0)]  # no chairs on it
    front = parse_prompt("집 앞에 벤치랑 나무")
    assert sorted((r.subject, r.relation, r.anchor) for r in front.relations) == [(1, "in_front", 0),
                                                                                  (2, "in_front", 0)]


@pytest.mark.parametrize(("text", "field", "value"), [
    ("비 오는 밤 네온사인 켜진 골목", "time", "night"),
    ("비 오는 밤 네온사인 켜진 골목", "weather", "rain"),
    ("사막 너머로 모래폭풍 몰려오는", "weather", "sandstorm"),
    ("사막 너머로 모래폭풍 몰려오는", "ground", "sand"),
    ("안개 낀 늪지대 새벽", "place", "swamp"),
    ("a desert oasis at noon", "place", "oasis"),
    ("abandoned subway station, 360", "place", "subway_station"),
    ("중세 성 대전당 안, 기둥마다 횃불", "place", "throne_room"),
    ("dungeon corridor, camera moving forward", "place", "dungeon"),
    ("waves crashing on black rocks at sunset", "ground", "water"),
    ("glowing blue mana crystal on transparent background", "framing", "icon"),
])
def test_the_setting_carries_what_the_words_name(text: str, field: str, value: str) -> None:
    assert getattr(parse_scene(text, for_render=True).setting, field) == value


def test_a_great_hall_is_the_room_with_its_columns_and_torches_not_a_castle_outside() -> None:
    scene = parse_scene("중세 성 대전당 안, 기둥마다 횃불 걸려있는 360도 뷰", for_render=True)
    counts = {o.kind: o.count for o in scene.objects}
    assert scene.setting.interior and "castle" not in counts
    assert counts["column"] >= 4 and counts["torch"] >= 2


def test_a_place_name_before_sign_is_the_sign() -> None:
    scene = parse_scene("potion shop sign, red and gold", for_render=True)
    assert scene.setting.place is None and [o.kind for o in scene.objects] == ["shop_sign"]


def test_each_a_different_colour_varies_the_copies() -> None:
    scene = parse_scene("potion bottles in a row, each a different color")
    assert scene.objects[0].kind == "potion" and scene.objects[0].varied


def test_one_sided_moving_subjects_and_drone_shots_do_not_circle_to_their_back() -> None:
    waves = parse_scene("waves crashing on black rocks at sunset", for_render=True)
    effects = read_effects(waves.text, waves.setting, [o.kind for o in waves.objects])
    assert camera_move(waves.text, effects) == "still"
    assert camera_move("폭포 옆으로 위로 쭉 올라가는 드론샷") == "push-in"


def test_a_flier_over_a_building_is_above_it_and_big_enough_to_read() -> None:
    from tools.render.stage import _into_the_sky
    from tools.scene.compose import compose_scene

    scene = parse_scene("a red dragon flying over a castle", for_render=True)
    composed = compose_scene(scene.parsed, seed=1)
    castle = next(o for o in composed.objects if o.kind == "castle")
    dragon = next(o for o in composed.objects if o.kind == "dragon")
    _into_the_sky(composed, flying=True, surround=None)
    matrix = np.asarray(composed.scene.graph[dragon.node][0])
    assert matrix[1, 3] > castle.bbox_max[1]  # over the castle's top
    assert np.linalg.norm(matrix[:3, 0]) > 1.5  # scaled up beside a 20 m castle


def test_a_plural_counted_by_the_planner_is_one_picture_of_that_many() -> None:
    from tools.image.tool import _objects_counted

    scene = parse_scene("potion bottles in a row, each a different color")
    assert _objects_counted(scene, 4) == 1 and scene.objects[0].count == 4
    single = parse_scene("a castle at dusk")
    assert _objects_counted(single, 3) == 3 and single.objects[0].count == 1


def test_sky_colour_top_down_view_and_unknown_adjectives_before_an_anchor() -> None:
    from tools.render.environment import Environment

    storm = parse_scene("skybox: stormy purple sky over an open ocean", for_render=True)
    assert storm.setting.sky_colour == "purple" and storm.setting.ground == "water"
    tinted = Environment.from_setting(storm.setting)
    plain = Environment.from_setting(parse_scene("stormy sky over an open ocean", for_render=True).setting)
    assert tinted.zenith[2] > tinted.zenith[1] and tinted.zenith != plain.zenith  # leans purple
    tavern = parse_scene("five chairs around a round oak table in a tavern, top down view", for_render=True)
    assert tavern.setting.overhead
    assert [(r.subject, r.relation, r.anchor) for r in tavern.parsed.relations][0] == (0, "around", 1)
    waves = parse_prompt("waves crashing on black rocks at sunset")
    assert [(r.subject, r.relation, r.anchor) for r in waves.relations] == [(0, "next_to", 1)]  # not on top


def test_a_sandstorm_panorama_has_a_dust_wall_above_the_horizon() -> None:
    from tools.panorama.embedded import render_panorama

    storm = render_panorama("사막 너머로 모래폭풍 몰려오는", width=256, seed=3).colour.astype(float)
    calm = render_panorama("a desert at noon", width=256, seed=3).colour.astype(float)
    band = slice(128 // 2 - 12, 128 // 2 - 2)  # a few degrees above the horizon, all round
    assert storm[band, :, 2].mean() < storm[band, :, 0].mean() * 0.8  # ochre, not a blue sky
    assert abs(storm[band].mean() - calm[band].mean()) > 10


def test_many_copies_with_nothing_tying_them_spread_round_a_room() -> None:
    from tools.scene.compose import compose_scene

    scene = parse_scene("inside a cozy wizard tower library, bookshelves all the way around", for_render=True)
    composed = compose_scene(scene.parsed, seed=1, surround=3.0)
    shelves = [o for o in composed.objects if o.kind == "bookshelf"]
    bearings = sorted(np.degrees(np.arctan2(o.position[0], o.position[2])) % 360 for o in shelves)
    gaps = np.diff(bearings + [bearings[0] + 360])
    assert len(shelves) == 4 and gaps.max() < 200  # not one block of four on one side of the room
    tavern = parse_scene("cozy tavern interior", for_render=True)
    barrels = [o for o in compose_scene(tavern.parsed, seed=1, surround=3.0).objects if o.kind == "barrel"]
    assert len({round(o.yaw_deg) for o in barrels}) == 1  # "three barrels in a row" stays one row
