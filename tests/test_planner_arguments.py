"""The embedded planner's arguments say what was asked for (issue 19): a clause that only names the
format is no subject, a style is no medium, a part's number is no count of outputs, a Korean noun
keeps the syllables that look like particles. Rules only (hashing encoder), en and ko."""

from __future__ import annotations

from typing import Any

import pytest

from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.planner.slots import extract_count, extract_duration, extract_style, extract_subject
from agent.types import Request


@pytest.fixture(scope="module")
def planner() -> EmbeddedPlanner:
    return EmbeddedPlanner.for_tests()


def steps(planner: EmbeddedPlanner, text: str) -> list[tuple[str, dict[str, Any]]]:
    return [(step.tool, dict(step.args)) for step in planner.plan_sync(Request(text=text), PlanContext()).steps]


# ----------------------------------------------------------------------------- format-only words


@pytest.mark.parametrize(("text", "prompt"), [
    ("make an ancient cave with glowing mushrooms, in 4k, 360", "an ancient cave with glowing mushrooms"),
    ("make a frozen lake at night, 360 background", "a frozen lake at night"),
])
def test_a_format_only_clause_does_not_replace_the_subject(planner: EmbeddedPlanner, text: str, prompt: str) -> None:
    assert steps(planner, text) == [("panorama", {"prompt": prompt})]


@pytest.mark.parametrize(("text", "subject"), [
    ("full 360", ""), ("in 4k", ""), ("as a 360 panorama", ""), ("360도 뷰", ""),
    ("a knight doing a 360 spin", "a knight doing a 360 spin"),  # a motion, not a format
])
def test_format_words_are_no_subject(text: str, subject: str) -> None:
    assert extract_subject(text, "ko" if "뷰" in text else "en") == subject


# ----------------------------------------------------------------------------- a style is no medium


@pytest.mark.parametrize(("text", "prompt", "style"), [
    ("로우폴리 스타일 호수랑 오두막 하나 있는 스카이박스 만들어줘", "호수랑 오두막 하나 있는", "low poly"),
    ("make a low poly style meadow and a windmill, 360 background", "a meadow and a windmill", "low poly"),
    ("로우폴리 풍차랑 들판 스카이박스 만들어줘", "풍차랑 들판", "low poly"),  # 풍 of 풍차 is no style suffix
])
def test_a_style_named_as_a_style_does_not_split_off_a_model(planner: EmbeddedPlanner, text: str, prompt: str,
                                                             style: str) -> None:
    assert steps(planner, text) == [("panorama", {"prompt": prompt, "style": style})]


def test_a_low_poly_thing_listed_with_a_picture_is_still_a_model(planner: EmbeddedPlanner) -> None:
    assert [tool for tool, _ in steps(planner, "make a low poly tree and a picture of a dragon")] == ["mesh", "image"]


def test_a_korean_feel_phrase_is_the_style() -> None:
    text = "수채화 느낌 나는 등대 그림 그려줘"
    assert extract_subject(text, "ko") == "등대" and extract_style(text, "ko") == "watercolor"


# ----------------------------------------------------------------------------- counts of parts


@pytest.mark.parametrize(("text", "language", "subject"), [
    ("a castle with four towers", "en", "a castle with four towers"),
    ("two knights and a dragon", "en", "two knights and a dragon"),  # the two are the knights only
    ("바퀴 네 개 달린 마차", "ko", "바퀴 네 개 달린 마차"),
    ("바퀴 네 개짜리 수레", "ko", "바퀴 네 개짜리 수레"),
    ("버섯 세 개랑 돌멩이 그려줘", "ko", "버섯 세 개랑 돌멩이"),
])
def test_a_number_of_a_part_stays_in_the_prompt_and_is_no_count(text: str, language: str, subject: str) -> None:
    assert extract_count(text, language) is None
    assert extract_subject(text, language) == subject


@pytest.mark.parametrize(("text", "language", "count"), [
    ("draw three cats", "en", 3), ("a picture of three cats", "en", 3), ("three pictures of a fox", "en", 3),
    ("고양이 두 마리 그려줘", "ko", 2), ("용 그림 세 장 그려줘", "ko", 3),
])
def test_a_number_of_the_subject_is_still_the_count(text: str, language: str, count: int) -> None:
    assert extract_count(text, language) == count


def test_a_ship_with_sails_is_one_ship(planner: EmbeddedPlanner) -> None:
    assert steps(planner, "바퀴 네 개 달린 마차 3D 모델 만들어줘") == [("mesh", {"prompt": "바퀴 네 개 달린 마차"})]
    assert steps(planner, "make a castle with four towers in 3D") == [("mesh", {"prompt": "a castle with four towers"})]


# ----------------------------------------------------------------------------- words that only look like slots


@pytest.mark.parametrize(("text", "subject"), [
    ("노을 지는 바닷가 마을 그려줘", "노을 지는 바닷가 마을"),  # 을 after a vowel is part of the noun
    ("사과를 그려줘", "사과"),  # a real object particle still goes
    ("호수 하나 있는 숲 파노라마 만들어줘", "호수 하나 있는 숲"),  # "하나" inside counts the lake
    ("용 하나 그려줘", "용"),  # at the edge it is filler
    ("고양이가 춤추는 짧은 영상 만들어줘", "고양이가 춤추는"),  # "짧은" is the video's, not the cat's
    ("다리가 긴 학 그림 그려줘", "다리가 긴 학"),  # "긴" before the content stays
    ("나무 방패 게임용 모델링 해줘", "나무 방패 게임용"),
])
def test_korean_subject_keeps_what_only_looks_like_a_particle_or_filler(text: str, subject: str) -> None:
    assert extract_subject(text, "ko") == subject


def test_as_is_no_duration() -> None:
    text = "a slow pan across a chest as it opens"
    assert extract_duration(text, "en") is None
    assert extract_subject(text, "en") == text
    assert extract_duration("a ten-second clip as the sun sets", "en") == 10.0
