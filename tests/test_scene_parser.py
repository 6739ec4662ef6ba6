"""The scene language shared by mesh, image, panorama and video: objects, counts, arrangements,
setting, unknown nouns and format words, in English and Korean; and what each tool's meta says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.config import Settings
from agent.errors import ToolError
from agent.store import ArtifactStore
from agent.tool import ToolContext
from tools.formats import requested_formats
from tools.scene.nouns import resolve
from tools.scene.objects import OBJECT_KINDS
from tools.scene.prompt import parse_prompt
from tools.scene.scene import parse_scene


def kinds(text: str, **options: Any) -> list[tuple[str | None, int]]:
    return [(item.kind, item.count) for item in parse_scene(text, **options).objects]


def test_the_library_has_at_least_120_kinds_each_with_korean_words() -> None:
    assert len(OBJECT_KINDS) >= 120
    for kind in OBJECT_KINDS.values():
        assert any(not word.isascii() for word in kind.words), kind.name


@pytest.mark.parametrize(("text", "expected"), [
    ("a campfire with four benches", [("campfire", 1), ("bench", 4)]),
    ("모닥불과 벤치 네 개", [("campfire", 1), ("bench", 4)]),
    ("three blue chairs and a red table", [("chair", 3), ("table", 1)]),
    ("의자 세 개와 탁자 하나", [("chair", 3), ("table", 1)]),
    ("a knight with a sword and a shield", [("knight", 1), ("sword", 1), ("shield", 1)]),
    ("a cat looking out of a window", [("cat", 1), ("window", 1)]),
    ("창밖을 보는 고양이", [("cat", 1)]),
    ("a medieval sword and shield", [("sword", 1), ("shield", 1)]),
    ("중세 검과 방패", [("sword", 1), ("shield", 1)]),
])
def test_objects_and_counts_go_to_the_right_noun(text: str, expected: list[tuple[str, int]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(("text", "relation"), [
    ("four chairs around a table", "around"), ("탁자 주위에 의자 네 개", "around"),
    ("a lamp on a table", "on_top"), ("탁자 위에 램프", "on_top"),
    ("a pine tree next to a cabin", "next_to"), ("오두막 옆에 소나무", "next_to"),
    ("five barrels in a row", "in_row"), ("통 다섯 개를 한 줄로", "in_row"),
    ("five rocks scattered around", "scattered"), ("바위 다섯 개 여기저기", "scattered"),
])
def test_arrangements_in_both_languages(text: str, relation: str) -> None:
    assert relation in [r.relation for r in parse_scene(text).parsed.relations]


def test_scattered_copies_do_not_overlap() -> None:
    from tools.scene.compose import compose_scene

    composed = compose_scene(parse_scene("eight rocks scattered around").parsed, seed=3)
    boxes = [(o.bbox_min, o.bbox_max) for o in composed.objects]
    for i, (lo, hi) in enumerate(boxes):
        for lo2, hi2 in boxes[i + 1:]:
            assert not all(a < d - 1e-6 and c < b - 1e-6 for a, b, c, d in zip(lo, hi, lo2, hi2))


@pytest.mark.parametrize(("text", "place", "where", "time"), [
    ("cozy tavern interior 360", "tavern", "interior", "day"),
    ("선술집 내부 파노라마", "tavern", "interior", "day"),
    ("a cabin in the forest at sunset", None, "exterior", "sunset"),
    ("space station corridor video", "space_station", "interior", "day"),
    ("우주정거장 복도 영상", "space_station", "interior", "day"),
    ("공포게임 배경용 폐병원 복도 파노라마", "hospital", "interior", "day"),
    ("an abandoned hospital corridor at night", "hospital", "interior", "night"),
    ("a graveyard at night in the rain", "graveyard", "exterior", "night"),
    ("outer space with a planet", "outer_space", "space", "day"),
])
def test_the_setting_is_read_in_both_languages(text: str, place: str | None, where: str, time: str) -> None:
    setting = parse_scene(text).meta()["setting"]
    assert (setting["place"], setting["where"], setting["time"]) == (place, where, time)


def test_a_named_place_brings_its_furnishing_and_a_forest_its_trees() -> None:
    tavern = parse_scene("cozy tavern interior")
    assert {"table", "stool", "barrel", "fireplace", "lantern"} <= set(tavern.meta()["furnishing"])
    assert tavern.named == []
    cabin = parse_scene("a cabin in the forest", for_render=True)
    assert kinds("a cabin in the forest") == [("cabin", 1)] and "trees" in cabin.setting.features


def test_modifiers_and_prepositional_phrases_never_become_objects() -> None:
    scene = parse_scene("a sunset over a futuristic city")
    assert scene.objects == [] and scene.unmatched == []
    assert scene.meta()["setting"]["mood"] == ["futuristic"]
    assert kinds("a shiny ancient chair with golden details, low poly") == [("chair", 1)]
    assert kinds("a spinning 360 picture of a red car, 5 seconds") == [("car", 1)]


@pytest.mark.parametrize(("words", "kind"), [
    (["villa"], "house"), (["chalet"], "house"), (["요트"], "boat"), (["cute", "kitten"], "cat"),  # a treehouse is a kind now
])
def test_unknown_nouns_map_to_the_nearest_kind(words: list[str], kind: str) -> None:
    found = resolve(words)
    assert found.match is not None and found.match.name == kind


@pytest.mark.parametrize("word", ["mermaid", "stapler", "구름", "터널", "chalice"])
def test_nouns_nothing_is_close_to_stay_unmatched(word: str) -> None:
    assert resolve([word]).match is None


def test_an_unmatched_noun_is_reported_never_boxed() -> None:
    scene = parse_scene("a table and a mermaid")
    assert kinds("a table and a mermaid") == [("table", 1)] and scene.unmatched == ["mermaid"]
    assert "no 'mermaid' model yet — left it out" in scene.notes()
    villa = parse_scene("a villa by the lake")
    assert villa.meta()["substitutions"][0]["kind"] == "house"
    assert "no 'villa' model yet — used 'house'" in villa.notes()


@pytest.mark.parametrize(("text", "formats", "rest"), [
    ("a table as OBJ", ["obj"], "a table"), ("an FBX-free OBJ+MTL chair", ["obj"], "an chair"),
    ("의자 obj로 뽑아줘", ["obj"], "의자 뽑아줘"), ("a knight waving, as BVH", ["bvh"], "a knight waving"),
    ("a sunset as PNG", ["png"], "a sunset"), ("objects on a table", [], "objects on a table"),
])
def test_formats_in_words(text: str, formats: list[str], rest: str) -> None:
    assert requested_formats(text) == (formats, rest)
    assert parse_scene(text).formats == formats


# -- the meta every visual artifact carries -------------------------------------------------------


def _ctx(tmp_path: Path) -> tuple[Settings, ToolContext]:
    settings = Settings(data_dir=tmp_path)
    store = ArtifactStore(data_dir=tmp_path, session_id="s", user_id="u")
    return settings, ToolContext(step_id="s1", session_id="s", user_id="u", store=store, settings=settings)


async def test_every_visual_artifact_lists_its_scene(tmp_path: Path) -> None:
    from tools.image import ImageTool
    from tools.panorama import PanoramaTool
    from tools.video import VideoTool

    settings, ctx = _ctx(tmp_path)
    image = (await ImageTool(settings=settings).run(ImageTool.Input(prompt="a campfire with four benches and a "
                                                                    "mermaid", width=96, height=96, seed=1), ctx))
    scene = image.artifacts[0].meta["scene"]
    assert scene["objects"] == [{"kind": "campfire", "count": 1}, {"kind": "bench", "count": 4}]
    assert scene["unmatched"] == ["mermaid"] and "no 'mermaid' model yet" in (image.message or "")
    pano = await PanoramaTool(settings=settings).run(PanoramaTool.Input(prompt="cozy tavern interior 360", width=256,
                                                                        seed=1), ctx)
    meta = pano.artifacts[0].meta
    assert meta["scene"]["setting"]["place"] == "tavern" and "fireplace" in meta["objects"]
    video = await VideoTool(settings=settings).run(VideoTool.Input(prompt="space station corridor video", width=64,
                                                                   height=64, duration_s=0.5, fps=6, seed=1), ctx)
    vmeta = video.artifacts[0].meta
    assert vmeta["mode"] == "scene-pan" and vmeta["scene"]["setting"]["where"] == "interior"
    assert "console" in vmeta["objects"]


async def test_only_unknown_words_is_refused_with_suggestions(tmp_path: Path) -> None:
    from tools.image import ImageTool

    settings, ctx = _ctx(tmp_path)
    with pytest.raises(ToolError, match=r"can't make a picture of 'mermaid'.*Kinds near it"):
        await ImageTool(settings=settings).run(ImageTool.Input(prompt="a mermaid", width=64, height=64), ctx)
    assert ctx.store.artifacts() == []


def test_panorama_objects_surround_the_viewer_and_are_drawn_without_text() -> None:
    import numpy as np

    from tools.panorama.embedded import render_panorama

    bare = parse_scene("cozy tavern interior", furnish=False, for_render=True)
    empty = render_panorama("cozy tavern interior", width=256, seed=2, scene=bare)
    full = render_panorama("cozy tavern interior", width=256, seed=2)
    assert len(full.objects) >= 8 and full.colour.shape == (128, 256, 3)
    changed = np.abs(full.colour.astype(int) - empty.colour.astype(int)).sum(-1) > 30
    columns = np.nonzero(changed.any(axis=0))[0]
    assert columns.min() < 64 and columns.max() > 192, "objects stand all round, not in one spot"


@pytest.mark.parametrize("text", ["a picture of 10001 castles", "성 10001개가 있는 풍경"])
def test_every_scene_tool_refuses_a_crowd_no_scene_holds(text: str) -> None:
    # image, panorama and video read prompts through parse_scene too; 10,001 castles would build
    # for minutes and fill the disk, so the scene language refuses it for all of them
    from tools.scene.scene import parse_scene

    with pytest.raises(ToolError, match="at most 50"):
        parse_scene(text, for_render=True)


def test_unicode_digits_are_words_not_counts_and_never_a_crash() -> None:
    """"①", "³" are digits to str.isdigit() but not to int(): a list marker is no count and no traceback."""
    parsed = parse_prompt("① a red chair ③ two lamps")
    assert [(o.kind, o.count) for o in parsed.objects] == [("chair", 1), ("lamp", 2)]
