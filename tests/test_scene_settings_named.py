"""Setting words the renders used to ignore (issue 19, fresh set 2 faults, in general form): a named
plain background, sunset written as a phrase, rivers and valleys that do not flood the ground, named
places (a hot spring, a control room inside a station), the airship and camel kinds, parts named
after "with", and the watercolour look. Sentences here are not the eval set's own."""

from __future__ import annotations

import numpy as np
import pytest

from tools.render.styles import painterly, style_in_text, watercolour
from tools.scene.scene import parse_scene
from tools.scene.setting import read_setting


def _kinds(text: str) -> dict[str, int]:
    return {item["kind"]: item["count"] for item in parse_scene(text, for_render=True).meta()["objects"]}


@pytest.mark.parametrize("text, backdrop", [
    ("a golden trophy on a black background", "black"), ("a robot, background is black", "black"),
    ("검은 배경에 빨간 자동차", "black"), ("배경은 까맣게, 은색 열쇠", "black"),
    ("a wizard hat on a white background", "white"), ("흰색 배경의 고양이", "white"),
    ("a gem icon with a transparent background", "transparent"), ("초록 물약, 배경은 투명으로", "transparent"),
    ("파란 방패 그려줘 투명하게", "transparent"),
])
def test_a_named_plain_background_frames_the_object_alone(text: str, backdrop: str) -> None:
    setting = read_setting(text)
    assert setting.backdrop == backdrop and setting.framing == "icon"
    assert parse_scene(text, for_render=True).meta()["setting"]["backdrop"] == backdrop


@pytest.mark.parametrize("text", ["a dark forest at night", "투명한 유리 꽃병", "a black cat in a garden",
                                  "a clear glass jar"])
def test_colour_and_clearness_words_alone_are_not_a_background(text: str) -> None:
    assert read_setting(text).backdrop is None


@pytest.mark.parametrize("text, time", [
    ("해가 지는 바닷가 마을", "sunset"), ("해 질 무렵의 성", "sunset"), ("a farm as the sun sets", "sunset"),
    ("해가 뜨는 호수", "dawn"),
])
def test_sunset_and_sunrise_written_as_phrases(text: str, time: str) -> None:
    assert read_setting(text).time == time


def test_a_river_or_valley_is_setting_not_a_flooded_ground_or_a_stray_object() -> None:
    scene = parse_scene("a hut beside a winding river in a green valley", for_render=True)
    meta = scene.meta()
    assert [item["kind"] for item in meta["objects"]] == ["cabin"] and meta["unmatched"] == []
    assert meta["setting"]["ground"] != "water"
    assert parse_scene("구불구불한 강이 흐르는 산골짜기", for_render=True).meta()["unmatched"] == []
    assert read_setting("a fishing boat at sea").ground == "water"
    assert read_setting("a raft on the ocean").ground == "water"


@pytest.mark.parametrize("text", ["a cozy hot spring resort room", "료칸 온천 실내", "an onsen with steam"])
def test_a_hot_spring_is_a_rock_ringed_pool_not_a_tavern(text: str) -> None:
    scene = parse_scene(text, for_render=True)
    kinds = _kinds(text)
    assert scene.setting.place == "onsen" and scene.setting.interior
    assert {"pond", "rock", "paper_lantern"} <= set(kinds) and "barrel" not in kinds and "counter" not in kinds


@pytest.mark.parametrize("text", ["the control room of a lunar space station", "우주 기지 관제실 안", "mission control"])
def test_a_control_room_is_full_of_consoles_and_screens(text: str) -> None:
    scene = parse_scene(text, for_render=True)
    kinds = _kinds(text)
    assert scene.setting.place == "control_room" and scene.setting.interior
    assert kinds.get("console", 0) >= 4 and kinds.get("computer", 0) >= 2 and "chair" in kinds
    assert scene.setting.room == "metal"  # its windows are the room's own viewports (tests/test_scene_fidelity_families)


def test_airship_and_camel_are_kinds_of_their_own() -> None:
    assert _kinds("a zeppelin above the clouds") == {"airship": 1}
    assert _kinds("비행선 두 대") == {"airship": 2}
    assert _kinds("a red hot-air balloon") == {"hot_air_balloon": 1}
    assert _kinds("three camels by a tent")["camel"] == 3
    assert _kinds("사막의 쌍봉낙타")["camel"] == 1


def test_airship_builds_a_long_envelope_and_propellers() -> None:
    from tools.scene.objects import OBJECT_KINDS, Look
    from tools.scene.materials import finish

    parts = OBJECT_KINDS["airship"].build(Look(main=finish("canvas"), rng=np.random.default_rng(0)))
    names = {part.name for part in parts}
    assert {"envelope", "gondola", "propeller_1", "propeller_2", "fin_vertical"} <= names
    envelope = next(part.mesh for part in parts if part.name == "envelope")
    size = envelope.bounds[1] - envelope.bounds[0]
    assert size[2] > 2 * size[0], "an airship is long, not round"


@pytest.mark.parametrize("text, own, kind", [
    ("a flying airship with four propellers and a striped balloon", "airship", "hot_air_balloon"),
    ("a small cottage with a blue door and two windows", "house", "door"),
])
def test_parts_named_after_with_are_not_extra_objects(text: str, own: str, kind: str) -> None:
    kinds = _kinds(text)
    assert own in kinds and kind not in kinds and "window" not in kinds
    assert parse_scene(text, for_render=True).meta()["unmatched"] == []


def test_a_table_with_chairs_still_makes_chairs() -> None:
    assert _kinds("a round table with six chairs") == {"round_table": 1, "chair": 6}


@pytest.mark.parametrize("text", ["a watercolour lighthouse", "수채화로 그린 여우", "a fox in watercolor"])
def test_watercolour_is_its_own_style(text: str) -> None:
    assert style_in_text(text) == "watercolour"


def test_watercolour_looks_unlike_the_render_and_the_oil_look() -> None:
    rng = np.random.default_rng(3)
    image = np.zeros((96, 96, 3), np.uint8)
    image[:, :48] = (40, 90, 160)
    image[30:70, 50:90] = (200, 60, 40)
    image = (image + rng.integers(0, 20, image.shape)).astype(np.uint8)
    washed, oil = watercolour(image, seed=1).astype(int), painterly(image, radius=3, seed=1).astype(int)
    assert np.abs(washed - image).mean() > 20 and np.abs(washed - oil).mean() > 15
    assert washed.mean() > image.mean(), "washes are thinner than the render: more paper shows"


def test_a_black_background_is_drawn_black_and_a_transparent_one_is_alpha() -> None:
    from tools.image.embedded import render_prompt

    black = render_prompt("a red sports car on a black background", width=64, height=64, style="shaded", seed=1)
    corners = np.concatenate([black.pixels[:4, :4].reshape(-1, 3), black.pixels[-4:, -4:].reshape(-1, 3)])
    assert corners.max() < 30 and black.pixels.mean() > corners.mean(), "black around, the car in the middle"
    clear = render_prompt("초록 물약 병, 배경은 투명하게", width=64, height=64, style="shaded", seed=1)
    assert clear.pixels.shape[2] == 4
    alpha = clear.pixels[..., 3]
    assert alpha[0, 0] == 0 and alpha.max() == 255, "transparent around, the bottle opaque"


def test_a_material_written_on_a_part_stays_on_the_part() -> None:
    [chest] = [item for item in parse_scene("a treasure chest with iron bands", for_render=True).objects
               if item.kind == "chest"]
    assert chest.material is None
    meta = parse_scene("a desert planet with two suns", for_render=True).meta()
    assert "sunflower" not in {item["kind"] for item in meta["objects"]}


@pytest.mark.parametrize("text, kinds", [
    ("나무 다섯 그루와 돌 두 개가 있는 언덕", {"tree": 5, "rock": 2}),
    ("나무 탁자와 의자", {"table": 1, "chair": 1}),
])
def test_a_korean_material_word_with_its_own_count_is_the_object(text: str, kinds: dict[str, int]) -> None:
    got = _kinds(text)
    assert {kind: got.get(kind) for kind in kinds} == kinds


def test_a_beach_runs_down_to_the_sea() -> None:
    from tools.render.environment import Environment

    env = Environment.from_setting(read_setting("a lighthouse on the beach"), seed=3, room_half=6.0)
    x = np.array([0.0, 0.0])
    z = np.array([0.0, -40.0])  # under the subject; far behind it
    near, far = env.ground_albedo_at(x, z)
    assert near[0] > near[2], "sand under the subject"
    assert far[2] > far[0], "sea out beyond the shore"
