"""Words about how a picture looks or how a thing moves are never objects (and never refuse a request),
and sports gear and street props are kinds of their own, in English and Korean."""

from __future__ import annotations

import pytest

from tools.scene.nouns import resolve
from tools.scene.scene import parse_scene, require_content


def kinds(text: str) -> list[tuple[str | None, int]]:
    return [(item.kind, item.count) for item in parse_scene(text).objects]


@pytest.mark.parametrize("text", [
    "수채화 톤 배경",  # a tone is how it looks: a background is asked for, no '톤' model missing
    "a soft pastel tone background",
])
def test_a_style_or_tone_alone_is_a_background_not_a_refusal(text: str) -> None:
    scene = parse_scene(text)
    assert scene.objects == [] and scene.unmatched == [] and scene.parsed.substitutions == []
    require_content(scene, what="a picture")  # does not raise


@pytest.mark.parametrize(("text", "expected"), [
    ("축구 골대에 공이 바로 굴러 들어가는 장면", [("soccer_goal", 1), ("sphere", 1)]),
    ("고양이, 파스텔 톤", [("cat", 1)]),
    ("a chair in a warm pastel tone", [("chair", 1)]),
    ("a dog running quickly", [("dog", 1)]),
])
def test_adverbs_verb_forms_and_tone_words_next_to_kinds_are_no_objects(text: str, expected) -> None:
    scene = parse_scene(text)
    assert kinds(text) == expected
    assert scene.unmatched == [] and scene.parsed.substitutions == []


@pytest.mark.parametrize("words", [["톤"], ["바로", "굴러"], ["tone"], ["pastel"], ["quick"], ["데굴데굴"], ["반짝반짝"]])
def test_describers_have_no_head_noun(words: list[str]) -> None:
    assert resolve(words).head is None


@pytest.mark.parametrize("word", ["mermaid", "하프", "bagpipe", "스테이플러"])
def test_things_with_no_kind_are_still_reported(word: str) -> None:
    found = resolve([word])
    assert found.head is not None


@pytest.mark.parametrize(("text", "expected"), [
    ("야구 배트랑 글러브 아이템 아이콘 세트", [("baseball_bat", 1), ("baseball_glove", 1)]),
    ("a baseball bat and a baseball glove", [("baseball_bat", 1), ("baseball_glove", 1)]),
    ("축구 골대와 축구공", [("soccer_goal", 1), ("soccer_ball", 1)]),
    ("a basketball hoop and a basketball", [("basketball_hoop", 1), ("basketball", 1)]),
    ("농구 골대", [("basketball_hoop", 1)]),
    ("테니스 라켓과 테니스공 두 개", [("tennis_racket", 1), ("tennis_ball", 2)]),
    ("a baseball, a volleyball and a bowling pin", [("baseball", 1), ("volleyball", 1), ("bowling_pin", 1)]),
    ("스케이트보드와 아령", [("skateboard", 1), ("dumbbell", 1)]),
    ("신호등 옆에 라바콘", [("traffic_light", 1), ("traffic_cone", 1)]),
    ("a bike helmet, a golf club and a hockey stick", [("sports_helmet", 1), ("golf_club", 1), ("hockey_stick", 1)]),
    ("a surfboard and a punching bag", [("surfboard", 1), ("punching_bag", 1)]),
    ("그네와 미끄럼틀", [("swing_set", 1), ("playground_slide", 1)]),
    ("a spiked club", [("hammer", 1)]),  # a weapon, never a golf club
    ("a vampire bat", [("bat", 1)]),  # the animal, still
])
def test_sports_gear_and_street_props_are_kinds(text: str, expected) -> None:
    assert kinds(text) == expected


def test_a_describer_head_builds_nothing_from_the_words_before_it() -> None:
    # "spikes ... a spotlight": read as lighting, the run is a description, not a spear and a lamp
    scene = parse_scene("a pickup truck with spikes on the front bumper, a spotlight mounted on the roof")
    assert kinds("a pickup truck with spikes on the front bumper, a spotlight mounted on the roof") == [("truck", 1)]
    assert scene.parsed.substitutions == []
