"""Issue 19, what was asked for is what appears: weather and living effects, camera moves, places
furnished by setting, styles named in the prompt, copies in several colours, and the clear replies
for what the renderer cannot draw (en and ko)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from agent.errors import ToolError
from tools.render.styles import pixelate, style_in_text
from tools.render.weather import apply_effects, rain, snow
from tools.scene.effects import Effects, camera_move, read_effects
from tools.scene.scene import parse_scene
from test_image_tool import Run


# -- the scene language ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, weather", [
    ("a cabin in the forest in the rain", "rain"), ("비 오는 숲 속 오두막", "rain"),
    ("a lighthouse in a thunderstorm", "storm"), ("바다 위 뇌우", "storm"),
    ("a village with snowfall at night", "snow"), ("함박눈 내리는 마을", "snow"),
    ("a foggy graveyard", "fog"), ("안개 낀 묘지", "fog"),
])
def test_weather_words_set_the_weather(text: str, weather: str) -> None:
    assert parse_scene(text).meta()["setting"]["weather"] == weather


@pytest.mark.parametrize("text, place, has", [
    ("grim dark fantasy battlefield", "battlefield", {"spear", "shield", "flag"}),
    ("폐허가 된 전쟁터", "battlefield", {"spear", "shield"}),
    ("a zen garden for meditation", "zen_garden", {"rock", "pond"}),
    ("명상 앱용 젠 가든", "zen_garden", {"rock", "pond"}),
    ("a moon base under the stars", "moon_base", {"dome", "rocket"}),
    ("달 기지 스카이박스", "moon_base", {"dome", "rocket"}),
    ("a warm artist's loft", "artist_loft", {"picture_frame", "bookshelf"}),
    ("아늑한 다락방", "artist_loft", {"picture_frame", "bookshelf"}),
])
def test_a_named_place_is_furnished_by_its_setting(text: str, place: str, has: set[str]) -> None:
    meta = parse_scene(text).meta()
    assert meta["setting"]["place"] == place
    assert has <= {item["kind"] for item in meta["objects"]}


@pytest.mark.parametrize("text", ["the drowned city beneath the waves", "바닷속에 가라앉은 도시"])
def test_underwater_is_a_setting_with_a_sandy_floor(text: str) -> None:
    setting = parse_scene(text).meta()["setting"]
    assert setting.get("underwater") is True and setting["ground"] == "sand"


@pytest.mark.parametrize("text, kind", [
    ("bubbling potion close-up loop, green smoke", "potion"),
    ("금색 손잡이 달린 검 아이콘, 핸드페인팅 느낌", "sword"),
    ("후드 입은 여우 프로필 아바타 아이콘", "fox"),
    ("a flickering torch, looping", "torch"),
])
def test_framing_motion_and_style_words_never_become_objects(text: str, kind: str) -> None:
    scene = parse_scene(text)
    assert [item["kind"] for item in scene.meta()["objects"]] == [kind]
    assert scene.unmatched == []


@pytest.mark.parametrize("text, kind, count", [
    ("The same lamp post in 4 colours", "street_lamp", 4),
    ("a chair in different colors", "chair", 3),
    ("a red barrel and a crate in three colours", "crate", 3),
    ("색깔별로 의자 세 개", "chair", 3),
])
def test_copies_in_several_colours_each_get_their_own(text: str, kind: str, count: int) -> None:
    from tools.scene.compose import compose_scene

    scene = parse_scene(text)
    [target] = [item for item in scene.objects if item.kind == kind]
    assert (target.count, target.varied) == (count, True)
    assert {"kind": kind, "count": count, "word": target.noun, "varied_colours": True} in scene.meta()["named"]
    composed = compose_scene(scene.parsed, seed=1)
    colours = set()
    for node in composed.scene.graph.nodes_geometry:
        if node.startswith(kind.replace("_", "")) or node.startswith(kind):
            geometry = composed.scene.geometry[composed.scene.graph[node][1]]
            colours.add(tuple(np.round(geometry.visual.material.baseColorFactor[:3], 2)))
    assert len(colours) >= count, "every copy has a colour of its own"


def test_a_plain_count_keeps_one_colour() -> None:
    [chairs] = parse_scene("빨간 의자 네 개").objects
    assert (chairs.count, chairs.varied, chairs.colour) == (4, False, "red")


# -- effects and camera moves ---------------------------------------------------------------------


def test_effects_read_bubbles_smoke_and_their_colour() -> None:
    scene = parse_scene("bubbling potion close-up loop, green smoke")
    effects = read_effects(scene.text, scene.setting, ["potion"])
    assert effects.bubbles and effects.smoke and not effects.flicker
    assert effects.tint is not None and effects.tint[1] > effects.tint[0] and effects.tint[1] > effects.tint[2]
    ko = parse_scene("보글보글 끓는 마녀솥, 보라색 연기")
    effects = read_effects(ko.text, ko.setting, ["cauldron"])
    assert effects.bubbles and effects.smoke and effects.tint is not None and effects.tint[2] > effects.tint[1]


@pytest.mark.parametrize("text, kinds, flicker", [
    ("a flickering torch", ["torch"], True), ("깜빡이는 양초", ["candle"], True),
    ("a campfire at night", ["campfire"], True), ("a wooden chair", ["chair"], False),
])
def test_fires_flicker(text: str, kinds: list[str], flicker: bool) -> None:
    scene = parse_scene(text)
    assert read_effects(scene.text, scene.setting, kinds).flicker is flicker


def test_rain_on_glass_is_its_own_effect() -> None:
    for text in ("A loop of rain on glass", "비 오는 창문 루프"):
        scene = parse_scene(text)
        effects = read_effects(scene.text, scene.setting)
        assert effects.weather == "rain" and effects.on_glass and "rain on glass" in effects.meta()


@pytest.mark.parametrize("text, move", [
    ("A slow dolly shot toward a lone tree on a hill.", "push-in"), ("zoom in on the castle", "push-in"),
    ("나무 쪽으로 다가가는 카메라", "push-in"), ("a spinning treasure chest", "orbit"),
    ("빙글빙글 회전하는 검", "orbit"), ("a looping potion", "still"), ("모닥불 루프 영상", "still"),
    ("a red car", "orbit"), ("snowfall over a pine forest, slow pan", "pan"), ("숲을 둘러보는 영상", "pan"),
    ("a pan across the harbour", "pan"), ("a panda", "orbit"),
])
def test_camera_moves_follow_the_words(text: str, move: str) -> None:
    assert camera_move(text) == move


def test_something_that_moves_by_itself_gets_a_still_camera() -> None:
    assert camera_move("a torch", Effects(flicker=True, flicker_asked=True)) == "still"
    assert camera_move("a chair", Effects()) == "orbit"


def test_a_lantern_somewhere_in_a_market_flickers_but_does_not_stop_the_camera() -> None:
    scene = parse_scene("a medieval market at sunset")
    kinds = [item.kind for item in scene.objects if item.kind]
    effects = read_effects(scene.text, scene.setting, kinds)
    assert effects.flicker and not effects.is_the_point
    assert camera_move(scene.text, effects) == "orbit"
    torch = parse_scene("a torch on a wall")
    assert read_effects(torch.text, torch.setting, ["torch"]).is_the_point


def test_rain_and_snow_are_drawn_and_move_with_the_phase() -> None:
    base = np.full((96, 128, 3), 90, np.uint8)
    first, later = rain(base, seed=1, phase=0.0), rain(base, seed=1, phase=0.3)
    assert (first > 150).any(), "light streaks over the frame"
    assert not np.array_equal(first, later), "the streaks fall"
    flakes = snow(base, seed=1)
    assert (flakes > 240).sum() > 50
    loop_start, loop_end = rain(base, seed=1, phase=0.0), rain(base, seed=1, phase=1.0)
    assert np.array_equal(loop_start, loop_end), "a loop closes without a jump"


def test_storm_draws_lightning_in_a_still_and_flashes_in_a_video() -> None:
    base = np.full((120, 120, 3), 60, np.uint8)
    still = apply_effects(base, Effects(weather="storm"), seed=3)
    assert still.max() >= 240
    frames = [apply_effects(base, Effects(weather="storm"), seed=3, phase=i / 24, still=False) for i in range(24)]
    flashes = [frame.max() >= 240 for frame in frames]
    assert any(flashes) and not all(flashes)


def test_flames_flicker_over_a_loop() -> None:
    base = np.full((64, 64, 3), 40, np.uint8)
    flames = np.zeros((64, 64), bool)
    flames[28:36, 28:36] = True
    levels = [apply_effects(base, Effects(flicker=True), seed=1, phase=i / 12, flames=flames).mean()
              for i in range(12)]
    assert max(levels) - min(levels) > 1.0


# -- styles -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, style", [
    ("a sunset painting", "painterly"), ("금색 손잡이 달린 검, 핸드페인팅 느낌", "painterly"),
    ("pixel art campfire", "pixel"), ("픽셀 모닥불", "pixel"), ("레이싱카 카툰풍으로", "toon"),
    ("a racing car, low poly", "flat"), ("a simple wooden table", None), ("a 3d render of a car", None),
    ("걷는 애니메이션", None),
])
def test_a_style_named_in_the_prompt_is_found(text: str, style: str | None) -> None:
    assert style_in_text(text) == style


def test_pixel_art_is_made_of_big_square_pixels() -> None:
    rng = np.random.default_rng(0)
    image = (rng.random((128, 128, 3)) * 255).astype(np.uint8)
    out = pixelate(image, pixels_across=32)
    assert out.shape == image.shape
    assert (out[::4, ::4] == out[1::4, 1::4]).all(), "4x4 blocks of one colour"
    assert len(np.unique(out.reshape(-1, 3), axis=0)) <= 32, "a small palette"


# -- the tools ----------------------------------------------------------------------------------


async def test_image_of_rain_shows_rain_and_says_so(tmp_path: Path) -> None:
    from tools.image import ImageTool

    run = Run(tmp_path)
    wet = (await run(ImageTool, prompt="a cabin in the rain", width=96, height=96, seed=1)).artifacts[0]
    dry = (await run(ImageTool, prompt="a cabin on a sunny day", width=96, height=96, seed=1)).artifacts[0]
    assert wet.meta["effects"] == ["rain"] and dry.meta["effects"] == []
    assert wet.meta["scene"]["setting"]["weather"] == "rain"
    from PIL import Image

    assert np.asarray(Image.open(wet.path)).mean() < np.asarray(Image.open(dry.path)).mean()


async def test_style_words_in_the_prompt_set_the_look(tmp_path: Path) -> None:
    from tools.image import ImageTool

    run = Run(tmp_path)
    result = await run(ImageTool, prompt="pixel art campfire", width=96, height=96, seed=1)
    assert result.artifacts[0].meta["style"] == "pixel"
    explicit = await run(ImageTool, prompt="pixel art campfire", style="toon", width=96, height=96, seed=1)
    assert explicit.artifacts[0].meta["style"] == "toon", "an explicit style argument wins"


@pytest.mark.parametrize("prompt, word", [("team logo for our jam group", "logo"), ("UI 레벨업 배너", "배너"),
                                          ("the main menu background", "menu")])
async def test_logos_and_ui_are_a_clear_refusal(tmp_path: Path, prompt: str, word: str) -> None:
    from tools.image import ImageTool

    with pytest.raises(ToolError) as caught:
        await Run(tmp_path)(ImageTool, prompt=prompt, width=64, height=64, seed=1)
    assert word in caught.value.message and "lettering or UI" in caught.value.message
    assert not list((tmp_path / "data").rglob("*.png")), "nothing stored"


async def test_a_logo_with_a_subject_draws_the_subject_and_says_what_it_left_out(tmp_path: Path) -> None:
    from tools.image import ImageTool

    result = await Run(tmp_path)(ImageTool, prompt="a fox logo", width=64, height=64, seed=1)
    [artifact] = result.artifacts
    assert artifact.meta["scene"]["objects"] == [{"kind": "fox", "count": 1}]
    assert artifact.meta["scene"]["undrawable"] == ["logo"]
    assert "not lettering or interface art" in result.detail


async def test_a_prompt_that_names_nothing_is_refused_for_pictures_not_for_skies(tmp_path: Path) -> None:
    from tools.image import ImageTool
    from tools.panorama import PanoramaTool

    run = Run(tmp_path)
    with pytest.raises(ToolError, match="names nothing"):
        await run(ImageTool, prompt="the picture", width=64, height=64, seed=1)
    made = await run(PanoramaTool, prompt="just the sky around", width=256, seed=1)
    assert made.artifacts[0].meta["scene"]["setting"]["where"] == "exterior"


async def test_video_modes_follow_the_words(tmp_path: Path) -> None:
    from tools.video import VideoTool
    from tools.video.encode import probe_video

    run = Run(tmp_path)
    torch = (await run(VideoTool, prompt="a flickering torch, looping", duration_s=0.5, fps=12, width=64, height=64,
                       seed=1)).artifacts[0]
    assert (torch.meta["mode"], torch.meta["camera_move"]) == ("still", "still")
    assert "flicker" in torch.meta["effects"]
    assert probe_video(torch.path).frames == 6
    dolly = (await run(VideoTool, prompt="a slow dolly shot toward a lone tree", duration_s=0.5, fps=12, width=64,
                       height=64, seed=1)).artifacts[0]
    assert dolly.meta["mode"] == "push-in"
    spin = (await run(VideoTool, prompt="a spinning chest in the rain", duration_s=0.5, fps=12, width=64, height=64,
                      seed=1)).artifacts[0]
    assert spin.meta["mode"] == "turntable" and spin.meta["effects"] == ["rain"]


def test_push_in_frames_narrow_toward_the_subject() -> None:
    from tools.render.stage import build_stage
    from tools.video.embedded import still_frames

    stage = build_stage("a lone tree", seed=1)
    frames = list(still_frames(stage, width=64, height=64, frames=6, style="shaded", seed=1, effects=Effects(),
                               push_in=1.6))
    assert len(frames) == 6 and all(frame.shape == (64, 64, 3) for frame in frames)

    def leaves(frame: np.ndarray) -> int:  # dark green pixels of the crown
        r, g, b = (frame[..., i].astype(int) for i in range(3))
        return int(((g > r + 10) & (g < 110) & (b < 90)).sum())

    assert leaves(frames[-1]) > leaves(frames[0]), "the tree fills more of the frame as the camera moves in"


async def test_panorama_rain_keeps_the_seam(tmp_path: Path) -> None:
    from PIL import Image

    from tools.panorama import PanoramaTool

    result = await Run(tmp_path)(PanoramaTool, prompt="a forest in heavy rain", width=256, seed=2)
    [artifact] = [a for a in result.artifacts if a.meta.get("role") != "depth"]
    assert artifact.meta["effects"] == ["rain"]
    pixels = np.asarray(Image.open(artifact.path)).astype(int)
    seam = np.abs(pixels[:, 0] - pixels[:, -1]).mean()
    inside = np.abs(pixels[:, 100] - pixels[:, 101]).mean()
    assert seam < inside * 2.5 + 4, "the wrap is no harder an edge than any two neighbouring columns"


@pytest.mark.parametrize("text", ["a cabin in the woods with falling snow", "눈이 내리는 마을", "snow falling on a tower"])
def test_falling_snow_written_as_a_phrase_is_weather(text: str) -> None:
    assert parse_scene(text).setting.weather == "snow"


def test_named_trees_are_the_objects_not_a_pine_forest_around_them() -> None:
    assert "trees" not in parse_scene("a desert oasis with palm trees").setting.features
    assert "trees" in parse_scene("a cabin among the trees").setting.features


def test_an_icon_fills_the_frame_from_its_broad_side() -> None:
    from tools.image.embedded import render_prompt

    rendered = render_prompt("a sword icon", width=96, height=96, style="shaded", seed=1)
    backdrop = np.array([236, 232, 222])
    pixels = rendered.pixels.astype(int)
    differs = np.abs(pixels - backdrop).sum(axis=2) > 60
    rows, cols = np.nonzero(differs[10:-10, 10:-10])
    assert rows.max() - rows.min() > 0.6 * 76, "the sword spans most of the icon's height"


def test_a_potion_shows_the_colour_asked_for() -> None:
    from tools.scene.compose import compose_scene

    for text, channel in (("a green potion", 1), ("빨간 물약", 0), ("a potion", 0)):
        composed = compose_scene(parse_scene(text).parsed, seed=1)
        liquid = next(g for name, g in composed.scene.geometry.items() if name.endswith("/liquid"))
        colour = np.asarray(liquid.visual.material.baseColorFactor[:3], float)
        assert colour.argmax() == channel, text


@pytest.mark.parametrize("text", ["설산 스카이박스", "snowy mountains at sunset", "a mountain village"])
def test_named_mountains_are_the_worlds_ridges_not_a_mound(text: str) -> None:
    from tools.render.environment import Environment

    scene = parse_scene(text, for_render=True)
    assert "mountains" in scene.setting.features
    assert "hill" not in {item.kind for item in scene.objects}
    env = Environment.from_setting(scene.setting, seed=1)
    _, info = env.terrain_equirect(256, 128, 64)
    assert info[..., 0].mean() > 0.08, "a range standing all round the horizon"


@pytest.mark.parametrize("text, kind", [("모닥불이야", "campfire"), ("이건 검이에요", "sword"), ("나무 의자입니다", "chair")])
def test_the_korean_copula_is_not_part_of_the_noun(text: str, kind: str) -> None:
    scene = parse_scene(text)
    assert [item.kind for item in scene.objects] == [kind] and scene.unmatched == []


async def test_a_room_or_bare_sky_video_says_it_pans(tmp_path: Path) -> None:
    from tools.video import VideoTool

    result = await Run(tmp_path)(VideoTool, prompt="A loop of rain on glass", duration_s=0.25, fps=8, width=64,
                                 height=64, seed=1)
    meta = result.artifacts[0].meta
    assert (meta["mode"], meta["camera_move"]) == ("scene-pan", "pan")
    assert "rain on glass" in meta["effects"] and "rain" in result.detail


@pytest.mark.parametrize("text, surround", [("달 기지 위로 거대한 가스 행성", 2.5), ("a castle under a huge ringed planet", None)])
def test_a_planet_sharing_the_scene_hangs_in_the_sky(text: str, surround: float | None) -> None:
    from tools.render.stage import build_stage

    stage = build_stage(text, seed=1, surround=surround, scene=parse_scene(text, for_render=True))
    assert "planet" in stage.objects
    low = stage.subject.vertices[:, 1]
    assert low.max() > 12.0, "the planet is up in the sky"
    assert np.percentile(low, 5) < 0.5, "the rest still stands on the ground"


def test_only_the_fliers_go_up() -> None:
    from tools.render.stage import build_stage

    text = "three dragons flying in the sky over a castle"
    stage = build_stage(text, seed=1, scene=parse_scene(text, for_render=True))
    assert stage.subject.bounds()[0][1] < 0.1, "the castle stays on the ground"
    assert stage.subject.bounds()[1][1] > 6.0, "the dragons are up in the air"


async def test_a_pixel_art_skybox_is_pixel_art_all_round(tmp_path: Path) -> None:
    from PIL import Image

    from tools.panorama import PanoramaTool

    run = Run(tmp_path)
    result = await run(PanoramaTool, prompt="pixel art skybox of a forest at sunset", width=512, seed=3)
    [artifact] = result.artifacts
    assert artifact.meta["look"] == "pixel"
    pixels = np.asarray(Image.open(artifact.path))
    block = pixels[:, ::2] == pixels[:, 1::2]
    assert block.all(axis=-1).mean() > 0.95, "pixels come in whole blocks"
    other = await run(PanoramaTool, prompt="a forest", style="claymation", width=256, seed=3)
    assert other.artifacts[0].meta["look"] == "shaded" and "no 'claymation' look" in other.detail


def test_pixel_art_keeps_a_small_bright_flame() -> None:
    from tools.image.embedded import render_prompt

    pixels = render_prompt("a campfire", width=128, height=128, style="pixel", seed=7).pixels.astype(int)
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    assert ((r > 180) & (r > g + 40) & (b < 120)).sum() >= 16, "the orange flame survives the palette"
