"""The embedded planner on families of requests that independent sets caught it out on:
capability talk, self-corrections, in-request dependencies, edits, animating a picture,
assets of earlier turns and Korean lists. Every wording here is written for these tests.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.planner.segment import mask_quotes, split_clauses
from agent.planner.validate import check_plan
from agent.registry import installed_specs
from agent.types import Artifact, Plan, Request


@pytest.fixture(scope="module", params=["hashing", "use"])
def planner(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedPlanner:
    """Both encoders: the rules must hold whatever the similarity says (the multilingual USE ships)."""
    if request.param == "hashing":
        return EmbeddedPlanner.for_tests()
    return EmbeddedPlanner.load(cache_dir=tmp_path_factory.mktemp("planner-cache"))


def plan(planner: EmbeddedPlanner, text: str, ctx: PlanContext | None = None) -> Plan:
    result = planner.plan_sync(Request(text=text), ctx or PlanContext())
    assert check_plan(result, (ctx or PlanContext()).tools) == result
    return result


def shape(result: Plan) -> list[tuple[str, tuple[str, ...]]]:
    return [(step.tool, tuple(step.depends_on)) for step in result.steps]


def stored(ident: str, kind: str, prompt: str | None = None, source: str = "result") -> Artifact:
    ext = {"audio": "wav", "image": "png", "mesh": "glb", "video": "mp4"}[kind]
    meta: dict[str, Any] = {"source": source}
    if prompt is not None:
        meta["prompt"] = prompt
    return Artifact(id=ident, kind=kind, path=Path(f"{ident}.{ext}"), mime="application/octet-stream",
                    sha256="0" * 64, meta=meta)


def with_upload(kind: str) -> PlanContext:
    return PlanContext(attachments=(stored("up-1", kind, source="upload"),))


# ------------------------------------------------------------------ 1. capability talk, compliments


@pytest.mark.parametrize(
    "text",
    [
        "so, could you do animations and that kind of stuff?",
        "btw can u make 3d models or only pictures?",
        "I was wondering if you can make panoramas and avatars",
        "that turntable you rendered last time came out really slick",
        "your fox drawing from this morning is so cute lol",
        "nice work on the lighthouse painting",
        "loved the dance clip you made",
        "음성 파일도 만들 줄 알아?",
        "파노라마 같은 것도 가능?",
        "3D 모델링 하는 거 재밌어?",
        "춤 모션 만들어 본 적 있어?",
        "방금 만들어준 성 3D 모델 진짜 멋지다",
    ],
)
def test_capability_questions_and_compliments_plan_nothing(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps == []


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("so can you paint me a foggy harbor at dawn?", "image"),
        ("I was wondering if you could build a 3D lantern", "mesh"),
        ("그 성 그림 진짜 좋다, 이제 3D로 만들어줘", "mesh"),
        ("the last clip was great so make another one with a whale", "video"),
    ],
)
def test_a_concrete_ask_next_to_talk_is_still_an_order(planner: EmbeddedPlanner, text: str, tool: str) -> None:
    assert [step.tool for step in plan(planner, text).steps] == [tool]


# ------------------------------------------------------------------ 2. self-corrections


@pytest.mark.parametrize(
    ("text", "expected", "prompt"),
    [
        ("paint a lion... hmm no, make it a tiger in the jungle", [("image", ())], "a tiger in the jungle"),
        ("sketch a sailboat, no, a submarine", [("image", ())], "a submarine"),
        ("render a 3D mug -- oh wait, make it a teapot -- then spin it in a turntable video",
         [("mesh", ()), ("video", ("s1",))], "a teapot"),
        ("draw me a castle, or rather a lighthouse", [("image", ())], "a lighthouse"),
        ("make a 3D lamp, then a chair. wait, no, make the chair a stool",
         [("mesh", ()), ("mesh", ())], "a stool"),
        ("사자 그림 그려줘... 아 아니다, 호랑이로 해줘", [("image", ())], "호랑이"),
        ("토끼 말고 여우 그려줘", [("image", ())], "여우"),
    ],
)
def test_a_correction_replaces_what_it_corrects(planner: EmbeddedPlanner, text: str, expected: list[Any],
                                               prompt: str) -> None:
    result = plan(planner, text)
    assert shape(result) == expected
    corrected = [step for step in result.steps if step.tool in ("image", "mesh")][-1 if "stool" in prompt else 0]
    assert corrected.args["prompt"] == prompt


def test_just_takes_back_everything_before(planner: EmbeddedPlanner) -> None:
    text = "build a 3D axe and make a dwarf character swing it... no wait, just make the dwarf wave"
    assert [step.tool for step in plan(planner, text).steps] == ["motion"]


def test_a_correction_that_only_changes_a_setting_keeps_the_step(planner: EmbeddedPlanner) -> None:
    steps = plan(planner, "make a short clip of rain on a window. actually, make it 8 seconds").steps
    assert [s.tool for s in steps] == ["video"] and steps[0].args["duration_s"] == 8.0
    steps = plan(planner, "곰 그림 그려줘. 아 아니, 수채화로").steps
    assert [s.tool for s in steps] == ["image"] and steps[0].args["style"] == "watercolor"


@pytest.mark.parametrize("text", ["make a 3D vase. scratch that", "3D 꽃병 만들어줘. 아니다 취소"])
def test_a_bare_take_back_cancels(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps == []


@pytest.mark.parametrize(
    "text", ["draw an owl. actually, could you also animate it?", "draw an owl, no text on it please"]
)
def test_additions_and_plain_no_are_not_corrections(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps[0].tool == "image"
    assert split_clauses(mask_quotes(text).text, "en")[-1].correction is None


# ------------------------------------------------------------------ 3. dependencies inside a request


@pytest.mark.parametrize(
    "text",
    [
        "build a 3D pirate, then have him do a jig",
        "make a 3D ninja. then make the ninja do a spinning kick combo",
        "create a 3d robot and let it perform a little victory routine",
        "3D 로봇 만들고 로봇이 인사하는 동작 추가해줘",
        "닌자 캐릭터 3D로 만들어 주고 표창 던지는 모션도 만들어줘",
    ],
)
def test_a_motion_after_a_model_moves_that_model(planner: EmbeddedPlanner, text: str) -> None:
    result = plan(planner, text)
    assert shape(result) == [("mesh", ()), ("motion", ("s1",))]
    assert result.steps[1].args["character"] == {"$ref": "s1"}


@pytest.mark.parametrize(
    "text",
    ["show me a soldier doing a quick dodge roll animation",
     "궁수가 활 쏘는 애니메이션 만들어줘"],
)
def test_a_humanoid_doing_a_move_is_a_motion(planner: EmbeddedPlanner, text: str) -> None:
    assert [s.tool for s in plan(planner, text).steps] == ["motion"]


def test_a_model_named_by_its_kind_in_korean_is_referenced(planner: EmbeddedPlanner) -> None:
    result = plan(planner, "3D 자동차 만들고 그다음에 모델 주변을 빙글빙글 도는 영상 만들어줘")
    assert shape(result) == [("mesh", ()), ("video", ("s1",))]


READ_BACK = ["transcribe my voice note, then read the transcript back slowly",
             "녹음 파일 받아 적어 주고 그 내용을 남자 목소리로 읽어줘"]


@pytest.mark.parametrize("text", READ_BACK)
def test_reading_back_a_transcript_takes_its_text(planner: EmbeddedPlanner, text: str) -> None:
    # the speech tool accepts a text artifact (its script): it gets the transcript as a $ref
    assert installed_specs()["speech"].field_for("text") == "script"
    ctx = PlanContext(attachments=(stored("up-1", "audio", source="upload"),))
    result = plan(planner, text, ctx)
    assert shape(result) == [("transcribe", ()), ("speech", ("s1",))]
    assert result.steps[1].args == {"script": {"$ref": "s1"}}


@pytest.mark.parametrize("text", READ_BACK)
def test_reading_back_without_a_text_input_is_left_out_with_a_warning(planner: EmbeddedPlanner, text: str) -> None:
    real = installed_specs()["speech"]  # a speech tool (a plugin's) that takes only literal text
    schema = {**real.input_schema, "properties": {k: v for k, v in real.input_schema["properties"].items()
                                                  if k != "script"}}
    speech = replace(real, consumes={"reference_audio": ("audio",)}, input_schema=schema)
    ctx = with_upload("audio")
    ctx = PlanContext(tools={**ctx.tools, "speech": speech}, attachments=ctx.attachments)
    planned = planner.plan_turn_sync(Request(text=text), ctx)
    assert shape(planned.plan) == [("transcribe", ())]  # never the words "the transcript back" read out
    assert any("text artifact" in warning for warning in planned.warnings)


# ------------------------------------------------------------------ 4. edits of what was just made


@pytest.mark.parametrize(
    "text",
    [
        "paint a sunflower field, then tweak it so there's a scarecrow in the middle",
        "sketch a cottage and then add some snow on the roof",
        "draw a tower and make it taller",
        "고양이 그림 그려주고 그 그림에 모자 씌워줘",
        "오두막 그려주고 지붕에 눈 좀 추가해서 고쳐줘",
    ],
)
def test_an_edit_remakes_the_image_from_the_one_just_made(planner: EmbeddedPlanner, text: str) -> None:
    result = plan(planner, text)
    assert shape(result) == [("image", ()), ("image", ("s1",))]
    assert result.steps[1].args["source"] == {"$ref": "s1"}


def test_an_edit_without_a_step_edits_the_newest_earlier_image(planner: EmbeddedPlanner) -> None:
    ctx = PlanContext(recent_artifacts=(stored("old-img", "image", "a red barn"), stored("old-mesh", "mesh", "a cup")))
    steps = plan(planner, "change the background to a starry night", ctx).steps
    assert [s.tool for s in steps] == ["image"] and steps[0].args["source"] == {"$artifact": "old-img"}
    assert steps[0].args["prompt"].startswith("a red barn")


# ------------------------------------------------------------------ 5. animating an uploaded picture


@pytest.mark.parametrize(
    "text",
    ["bring this photo to life", "make this picture move a little", "can you animate the drawing I uploaded?",
     "이 사진 움직이게 만들어줘", "사진 좀 살아 움직이게 해줘"],
)
def test_moving_a_picture_is_a_video_of_it(planner: EmbeddedPlanner, text: str) -> None:
    steps = plan(planner, text, with_upload("image")).steps
    assert [s.tool for s in steps] == ["video"]
    assert steps[0].args["source"] == {"$artifact": "up-1"}


def test_how_it_should_move_is_part_of_the_same_video(planner: EmbeddedPlanner) -> None:
    steps = plan(planner, "animate this painting, make the leaves flutter in the wind", with_upload("image")).steps
    assert [s.tool for s in steps] == ["video"] and "leaves flutter" in steps[0].args["prompt"]


def test_drawing_a_dancing_figure_is_still_a_picture(planner: EmbeddedPlanner) -> None:
    assert [s.tool for s in plan(planner, "춤추는 곰 그림 그려줘").steps] == ["image"]


# ------------------------------------------------------------------ 6. assets of earlier turns


def test_an_asset_named_from_before_is_referenced_not_remade(planner: EmbeddedPlanner) -> None:
    recent = (stored("a-ship", "image", "a pirate ship in a storm"), stored("a-tree", "image", "an oak tree"))
    ctx = PlanContext(recent_artifacts=recent)
    steps = plan(planner, "grab the ship painting you made earlier and turn it into a 3D model", ctx).steps
    assert [s.tool for s in steps] == ["mesh"]
    assert steps[0].args["source"] == {"$artifact": "a-ship"}
    assert steps[0].args["prompt"] == "a pirate ship in a storm"
    # with nothing remembered there is still no new picture
    assert [s.tool for s in plan(planner, "grab the ship painting you made earlier and turn it into a 3D model").steps] == ["mesh"]


def test_a_korean_asset_from_before_is_referenced(planner: EmbeddedPlanner) -> None:
    ctx = PlanContext(recent_artifacts=(stored("a-bae", "image", "배"), stored("a-san", "image", "산")))
    steps = plan(planner, "아까 그린 배 그림 가져와서 3D 모델로 만들어줘", ctx).steps
    assert [s.tool for s in steps] == ["mesh"] and steps[0].args["source"] == {"$artifact": "a-bae"}


def test_handing_over_an_upload_is_not_a_request(planner: EmbeddedPlanner) -> None:
    steps = plan(planner, "here's a selfie of me, make it talk and say 'see you tomorrow'", with_upload("image")).steps
    avatar = steps[-1]
    assert avatar.tool == "avatar" and avatar.args["portrait"] == {"$artifact": "up-1"}  # the upload is no step
    if planner.shape_model is None:  # the rules alone: the talking head speaks its line itself
        assert [s.tool for s in steps] == ["avatar"] and avatar.args["text"] == "see you tomorrow"
    else:  # docs/plan-conventions.md rule 3: an avatar of an attached portrait is speech -> avatar
        assert shape(Plan(steps=steps)) == [("speech", ()), ("avatar", ("s1",))]
        assert steps[0].args["text"] == "see you tomorrow" and avatar.args["audio"] == {"$ref": "s1"}


@pytest.mark.parametrize("text", ["Take the photo street_dog.jpg and make it into a 3D model.",
                                  "Here is boat.png, a rough sketch of a canoe. Build a 3D model from it.",
                                  "sword.png 사진을 사용해서 3D 모델 만들어 주세요"])
def test_a_clause_that_only_hands_over_a_picture_is_no_step(planner: EmbeddedPlanner, text: str) -> None:
    # docs/plan-conventions.md rule 2: the attached file is the model's input, not a picture to make
    steps = plan(planner, text, with_upload("image")).steps
    assert [s.tool for s in steps] == ["mesh"] and steps[0].args["source"] == {"$artifact": "up-1"}


# ------------------------------------------------------------------ 7. Korean lists


@pytest.mark.parametrize(
    ("text", "tools"),
    [
        ("등대 그림, 보물상자 3D 모델, 그리고 \"환영해\" 하는 음성 이렇게 세 개 부탁해", ["image", "mesh", "speech"]),
        ("숲 파노라마, 사슴 그림 만들어줘", ["panorama", "image"]),
        ("성 그림, 그리고 기사 3D 모델 만들어줘", ["image", "mesh"]),
    ],
)
def test_korean_comma_lists_keep_every_item(planner: EmbeddedPlanner, text: str, tools: list[str]) -> None:
    assert shape(plan(planner, text)) == [(tool, ()) for tool in tools]


@pytest.mark.parametrize("text", ["빨간, 파란 풍선 그림 그려줘", "강아지를 작게, 그리고 귀엽게 그려줘", "하늘, 구름 그림 그려줘"])
def test_a_comma_inside_one_korean_description_does_not_split(planner: EmbeddedPlanner, text: str) -> None:
    assert [s.tool for s in plan(planner, text).steps] == ["image"]


def test_a_korean_statement_before_a_comma_is_its_own_clause(planner: EmbeddedPlanner) -> None:
    steps = plan(planner, "이건 내 얼굴 사진이야, 이걸로 말하는 아바타 만들어줘", with_upload("image")).steps
    assert [s.tool for s in steps] == ["avatar"] and steps[0].args["portrait"] == {"$artifact": "up-1"}
