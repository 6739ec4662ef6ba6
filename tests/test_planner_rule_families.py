"""Rules 1, 4, 5, 6 and 10 of docs/plan-conventions.md on phrasings the planner missed once:
slideshows of N new pictures, "draw X, then make it move", capability questions and praise that name
a tool, two recordings transcribed each, a tour video after the panorama or level it tours.
Sentences are written here, not taken from the bench sets."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.types import Artifact
from tests.test_planner_families import plan, planner, shape  # noqa: F401 - planner is the shared fixture


def upload(ident: str, kind: str) -> Artifact:
    return Artifact(id=ident, kind=kind, path=Path(f"{ident}.bin"), mime="application/octet-stream",
                    sha256="0" * 64, meta={"source": "upload"})


@pytest.mark.parametrize(
    ("text", "prompts"),
    [
        ("a slideshow made of three new pictures: a tram in the rain, a bakery at dawn, and a quiet harbour",
         ["a tram in the rain", "a bakery at dawn", "a quiet harbour"]),
        ("make 2 new images: a trophy on a desk and a bouquet of tulips. then put them into one video",
         ["a trophy on a desk", "a bouquet of tulips"]),
        ("우리 동네 소개 영상이에요. 시장 골목, 분수 광장 그림 두 장을 새로 그려서 하나의 영상으로 묶어 주세요.",
         ["시장 골목", "분수 광장"]),
        ("make a slideshow of a lantern, a compass and a teapot", ["a lantern", "a compass", "a teapot"]),
        ("paint 3 short scenes — a harbour at dawn, a storm at sea, a lighthouse at night — then a slideshow of them",
         ["a harbour at dawn", "a storm at sea", "a lighthouse at night"]),
        ("곤충 한살이 슬라이드쇼 부탁해요. 알, 애벌레, 번데기, 나비 그림 각각 한 장씩", ["알", "애벌레", "번데기", "나비"]),
    ],
)
def test_a_slideshow_of_new_pictures_is_one_picture_each_and_one_video(planner: EmbeddedPlanner, text: str,
                                                                        prompts: list[str]) -> None:
    result = plan(planner, text)
    images = [step for step in result.steps if step.tool == "image"]
    assert [step.args.get("prompt") for step in images] == prompts
    assert shape(result)[-1] == ("video", tuple(step.id for step in images))
    assert len(result.steps) == len(prompts) + 1


@pytest.mark.parametrize("text", ["make a slideshow out of the four pictures you drew yesterday",
                                  "아까 그린 그림 두 장으로 슬라이드쇼 만들어 줘"])
def test_a_slideshow_of_earlier_pictures_makes_no_new_ones(planner: EmbeddedPlanner, text: str) -> None:
    assert len([step for step in plan(planner, text).steps if step.tool == "image"]) <= 1


@pytest.mark.parametrize("text", ["sketch a hot-air balloon, then make it move", "등불 그림 그리고 그걸 움직이게 해 줘"])
def test_moving_the_picture_just_drawn_is_a_video_of_it(planner: EmbeddedPlanner, text: str) -> None:
    assert shape(plan(planner, text)) == [("image", ()), ("video", ("s1",))]


def test_moving_a_model_is_still_a_motion(planner: EmbeddedPlanner) -> None:
    assert shape(plan(planner, "a 3D robot, then make it move")) == [("mesh", ()), ("motion", ("s1",))]


@pytest.mark.parametrize(
    "text",
    [
        "hey can u make animations for birds or only for people?",
        "could you do videos longer than two minutes?",
        "I would like to know which resolutions the skybox tool supports.",
        "그 스카이박스 진짜 사진 같네 ㄷㄷ",
        "달리는 모션 자연스럽다 굿",
        "레벨 만들면 방이 몇 개 정도 생겨?",
        # how an earlier result went down
        "The skybox you made for the finale was honestly perfect. Everyone in the studio asked about it.",
        "Our testers loved the 3D lanterns from yesterday.",
        "the walk cycle was really well received at the demo",
        "that watercolor fox made me smile, thank you",
    ],
)
def test_capability_questions_and_praise_naming_a_tool_plan_nothing(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps == []


@pytest.mark.parametrize("text", ["영화 같은 분위기의 영상 만들어 줘", "can you make a walk animation for my knight?"])
def test_orders_near_those_words_still_plan(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps != []


def test_two_recordings_are_transcribed_each() -> None:
    planner = EmbeddedPlanner.for_tests()
    ctx = PlanContext(attachments=(upload("up-1", "audio"), upload("up-2", "audio")))
    result = plan(planner, "please turn interview_a.wav and interview_b.wav into text", ctx)
    assert shape(result) == [("transcribe", ()), ("transcribe", ())]
    assert {step.args["audio"]["$artifact"] for step in result.steps} == {"up-1", "up-2"}


def test_one_recording_of_two_uploads_stays_one_step() -> None:
    planner = EmbeddedPlanner.for_tests()
    ctx = PlanContext(attachments=(upload("up-1", "audio"), upload("up-2", "audio")))
    assert shape(plan(planner, "transcribe the recording", ctx)) == [("transcribe", ())]


@pytest.mark.parametrize(
    "text",
    ["1. 폐병원 맵 만들기\n2. 그 맵 구경하는 영상"],
)
def test_a_tour_video_follows_what_it_tours(text: str) -> None:
    planner = EmbeddedPlanner.load()
    result = plan(planner, text)
    assert [tool for tool, _ in shape(result)][-1] == "video"
    assert shape(result)[-1] == ("video", (result.steps[0].id,))
    assert result.steps[0].tool in ("panorama", "level")


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("We kindly request a panorama of a sunken cathedral for our planetarium dome.", "panorama"),
        ("we would like a 3D model of a brass telescope for the exhibition", "mesh"),
        ("We would be grateful for an illustration of a lighthouse keeper's cottage.", "image"),
        ("we are looking for a skybox with a violet nebula", "panorama"),
    ],
)
def test_a_request_in_the_first_person_plural_or_formal_register_is_not_a_statement(
        planner: EmbeddedPlanner, text: str, tool: str) -> None:
    assert [step.tool for step in plan(planner, text).steps] == [tool]


@pytest.mark.parametrize(("text", "tool"), [("황금 열쇠 아이콘 4개", "image"), ("녹슨 열쇠 그림 그려줘", "image"),
                                            ("열쇠로 잠긴 문이 있는 던전 맵", "level")])
def test_a_key_is_a_thing_to_draw_unless_it_opens_a_door_of_a_level(planner: EmbeddedPlanner, text: str,
                                                                    tool: str) -> None:
    assert [step.tool for step in plan(planner, text).steps] == [tool]


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("'어서 오게, 여행자여'라고 읽어 줘", ["어서 오게, 여행자여"]),
        ("'지나가도 좋다.'는 지루하게 읽어 주세요.", ["지나가도 좋다."]),
        ("'멈춰라!'라고 외쳐 줘", ["멈춰라!"]),
    ],
)
def test_a_korean_line_in_single_quotes_before_its_particle_is_spoken(planner: EmbeddedPlanner, text: str,
                                                                       lines: list[str]) -> None:
    result = plan(planner, text)
    assert [step.tool for step in result.steps] == ["speech"] * len(lines)
    assert [step.args.get("text") for step in result.steps] == lines


@pytest.mark.parametrize("text", ["병원 로비에 걸 안내 그림을 요청드립니다. 밝고 따뜻한 분위기로요.",
                                  "박물관 입구용 360도 파노라마 제작을 요청합니다."])
def test_a_formal_korean_request_is_not_a_statement(planner: EmbeddedPlanner, text: str) -> None:
    assert len(plan(planner, text).steps) == 1


@pytest.mark.parametrize(("text", "tool", "subject"), [
    ("Short clip: camera drifts over a low poly harbour town at dusk", "video", "harbour town"),
    ("Teaser shot: a dragon lands on a castle wall in the rain", "video", "dragon"),
    ("Key art: a lighthouse on a cliff in a storm", "image", "lighthouse"),
])
def test_a_medium_named_as_a_label_before_a_colon_shows_what_follows(planner: EmbeddedPlanner, text: str, tool: str,
                                                                      subject: str) -> None:
    steps = plan(planner, text).steps
    assert [step.tool for step in steps] == [tool]
    assert subject in steps[0].args["prompt"]


@pytest.mark.parametrize(("text", "tool", "prompt"), [
    ("I need a skybox. Sunset over floating islands above the clouds.", "panorama",
     "Sunset over floating islands above the clouds"),
    ("스카이박스 필요해요. 노을 지는 구름 위에 떠 있는 하늘섬들", "panorama", "노을 지는 구름 위에 떠 있는 하늘섬들"),
    ("그림 하나 그려줘. 비 오는 골목의 고양이", "image", "비 오는 골목의 고양이"),
])
def test_a_sentence_after_a_bare_medium_is_its_subject(planner: EmbeddedPlanner, text: str, tool: str,
                                                       prompt: str) -> None:
    steps = plan(planner, text).steps
    assert [(step.tool, step.args.get("prompt")) for step in steps] == [(tool, prompt)]


def test_thanks_after_a_bare_medium_is_still_talk(planner: EmbeddedPlanner) -> None:
    assert [step.tool for step in plan(planner, "make a video. thanks a lot!").steps] == ["video"]


@pytest.mark.parametrize("text", ["use the sword you made as the prop in a new picture",
                                  "the dragon you made was great, now make it fly"])
def test_a_request_that_names_an_earlier_result_is_still_a_request(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps


@pytest.mark.parametrize(("text", "tool", "words"), [
    ("판타지 RPG용 엘프 궁수 캐릭터 일러스트 그려줘. 은발에 초록 망토, 전신, 정면", "image", ("궁수", "초록 망토")),
    ("Draw an elf archer. Silver hair, a green cloak, full body.", "image", ("archer", "green cloak")),
])
def test_a_description_right_after_a_step_adds_to_its_subject(planner: EmbeddedPlanner, text: str, tool: str,
                                                              words: tuple[str, ...]) -> None:
    [step] = plan(planner, text).steps
    assert step.tool == tool and all(word in step.args["prompt"] for word in words)


def test_a_word_that_starts_with_a_number_and_counter_is_no_count(planner: EmbeddedPlanner) -> None:
    # "열대어" (tropical fish) is not "열 대" (ten of them) followed by "어"
    [step] = plan(planner, "산호초 옆으로 천천히 패닝하는 수중 클립, 열대어 떼가 지나가는 느낌으로").steps
    assert "열대어" in step.args["prompt"] and "count" not in step.args


def test_a_description_stays_when_the_heads_change_the_steps_tool(planner: EmbeddedPlanner) -> None:
    # the rules read "…밀짚모자 쓰고" as a motion; whatever tool the heads make of it, "당근 들고 있는 거" comes along
    [step] = plan(planner, "귀여운 모바일 게임용 햄스터 농부 캐릭터, 밀짚모자 쓰고 당근 들고 있는 거").steps
    assert "햄스터" in step.args["prompt"] and "당근" in step.args["prompt"]


# ------------------------------------------------------------------ rule 10: results said to be apart


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("a lantern icon and, separately, a banner for the guild page", "en"),
        ("two unrelated things: a desert skybox and a 3D crate", "en"),
        ("swim anim and sleep anim, different clips", "en"),
        ("숲맵 하나 설원맵 하나", "ko"),
        ("의자랑 책상 3D 따로따로 뽑아 줘", "ko"),
        ("썸네일이랑 별도로 배지 그림도 그려 주세요", "ko"),
        ("voice_a.wav and voice_b.wav", "en"),
    ],
)
def test_results_said_to_be_apart_let_the_heads_plan_several(text: str, language: str) -> None:
    from agent.planner.embedded import asks_for_several

    assert asks_for_several(text, language)


@pytest.mark.parametrize(("text", "language"), [("a portrait of a wizard holding a lantern", "en"),
                                                ("숲 속 오두막 그림 한 장 그려 줘", "ko")])
def test_one_thing_asked_once_is_not_several(text: str, language: str) -> None:
    from agent.planner.embedded import asks_for_several

    assert not asks_for_several(text, language)


@pytest.mark.parametrize(
    ("text", "language", "attachments", "several"),
    [
        ("continue the swing animation from before into a follow-through and a short bow", "en", (), False),
        ("carry on from kick.bvh: continue it until he lands", "en", ("motion",), False),
        ("저번에 만든 구르기 모션 이어서 일어나는 데까지", "ko", (), False),
        ("a crouch, then continue it into a leap", "en", (), True),  # both clips are made in this request
        ("앉는 모션 만들고 이어서 눕는 모션", "ko", (), True),
    ],
)
def test_a_continuation_is_several_only_when_both_clips_are_new(text: str, language: str,
                                                                 attachments: tuple[str, ...], several: bool) -> None:
    """Rule 8: continuing a clip of an earlier turn, or a BVH given, is one motion step; rule 10 otherwise."""
    from agent.planner.embedded import asks_for_several

    assert asks_for_several(text, language, attachments) is several


# ------------------------------------------------------------------ rule 1: talk is the talk head's call


def _biased_model(planner: EmbeddedPlanner, *, talk: bool, tools: dict[str, int],
                  edges: dict[str, int] | None = None) -> "ShapeModel":
    """Heads with no weights, only biases: they predict ``tools`` and ``edges`` ("image>mesh") counts and ``talk``
    whatever the request."""
    import numpy as np

    from agent.planner.learned import Layout, ShapeModel

    edges = edges or {}
    layout = Layout(tuple(sorted(planner.specs)), tuple(tuple(edge.split(">")) for edge in edges))  # type: ignore[misc]
    width = layout.dense_meta + planner.encoder.encode(["x"]).shape[1]
    bias = np.full(sum(layout.classes), -20.0, dtype=np.float32)
    offset = 0
    for head, classes in zip(layout.heads, layout.classes):
        kind, _, name = head.partition(":")
        wanted = (1 if talk else 0) if head == "talk" else (tools if kind == "tool" else edges).get(name, 0)
        bias[offset + wanted] = 20.0
        offset += classes
    return ShapeModel(layout, planner.encoder.name, np.zeros(1, dtype=np.int64),
                      np.zeros((1, len(bias)), dtype=np.float32), np.zeros((width, len(bias)), dtype=np.float32), bias)


@pytest.mark.parametrize("text", ["the image tool can make pixel art sprites?", "그림 세로로도 뽑을 수 있어?"])
def test_a_question_the_rules_route_to_a_tool_is_talk_when_the_talk_head_says_so(text: str) -> None:
    planner = EmbeddedPlanner.for_tests()
    assert plan(planner, text).steps  # the rules alone plan a picture: the words name the tool
    planner.use_shape_model(_biased_model(planner, talk=True, tools={}))
    assert plan(planner, text).steps == []


def test_a_need_the_gates_read_as_a_statement_is_planned_when_the_talk_head_says_so() -> None:
    # (a need said outright, "... 영상 한 편이 필요합니다", the gates now plan themselves:
    # test_a_medium_said_to_be_needed_is_asked_for)
    text = "오프닝용으로 안개 낀 항구를 훑는 6초 영상 한 편이 있으면 딱이에요."
    planner = EmbeddedPlanner.for_tests()
    assert plan(planner, text).steps == []  # the rules' gates: a statement
    planner.use_shape_model(_biased_model(planner, talk=False, tools={"video": 1}))
    assert [step.tool for step in plan(planner, text).steps] == ["video"]


def test_the_talk_head_never_drops_a_request_that_comes_with_a_file() -> None:
    planner = EmbeddedPlanner.for_tests()
    planner.use_shape_model(_biased_model(planner, talk=True, tools={}))
    ctx = PlanContext(attachments=(upload("up-1", "audio"),))
    assert [step.tool for step in plan(planner, "transcribe memo.wav please", ctx).steps] == ["transcribe"]


def test_the_talk_features_say_what_the_gates_said() -> None:
    from agent.planner.learned import talk_features

    planner = EmbeddedPlanner.for_tests()
    thanks = talk_features(planner.observe_text("thanks, love it!"))
    order = talk_features(planner.observe_text("draw a red fox"))
    assert thanks[-3:-1] == [1.0, 1.0] and sum(thanks[:9]) == 1.0  # every clause talk, the rules plan nothing
    assert order[:9] == [0.0] * 9 and order[-4:] == [0.0, 0.0, 0.0, 0.0]


# ------------------------------------------------------------------ rule 9: a self-correction is the heads' to shape too


def test_the_heads_shape_the_plan_after_a_self_correction() -> None:
    # the discourse rules keep only the corrected clause's steps ("... 아니 그냥 성 레벨 ... 워크스루 영상까지": the
    # level), and the heads, sure of it, add the walkthrough the same clause asks for (rule 4)
    text = "성 타일 그림.. 아니 그냥 성 레벨 통째로 만들고 워크스루 영상까지"
    planner = EmbeddedPlanner.for_tests()
    assert shape(plan(planner, text)) == [("level", ())]
    planner.use_shape_model(_biased_model(planner, talk=False, tools={"level": 1, "video": 1}, edges={"level>video": 1}))
    assert shape(plan(planner, text)) == [("level", ()), ("video", ("s1",))]


def test_heads_that_agree_with_a_corrected_plan_leave_it_as_it_is() -> None:
    text = "a red fox picture, no wait, make it a 3D fox"
    planner = EmbeddedPlanner.for_tests()
    rules = plan(planner, text)
    planner.use_shape_model(_biased_model(planner, talk=False, tools={"mesh": 1}))
    assert shape(plan(planner, text)) == shape(rules) == [("mesh", ())]


# ------------------------------------------------------------------ rule 10: a number of results of one medium


@pytest.mark.parametrize(
    ("text", "tools", "prompts"),
    [
        ("I need two different run cycles for my fox: one happy trot and one frantic sprint", ["motion", "motion"],
         ["happy trot", "frantic sprint"]),
        ("Three skyboxes please: a red desert, a foggy marsh, and a starry tundra", ["panorama"] * 3,
         ["red desert", "foggy marsh", "starry tundra"]),
        ("스카이박스 두 개 따로 만들어 줘: 사막 노을, 눈 덮인 설원", ["panorama", "panorama"], ["사막 노을", "눈 덮인 설원"]),
    ],
)
def test_a_stated_number_of_one_medium_is_that_many_steps(text: str, tools: list[str], prompts: list[str]) -> None:
    steps = plan(EmbeddedPlanner.for_tests(), text).steps
    assert [step.tool for step in steps] == tools
    assert [step.args.get("prompt") for step in steps] == prompts
    assert all(not step.depends_on for step in steps)


@pytest.mark.parametrize(
    ("text", "tools"),
    [
        ("draw three chairs", ["image"]),  # copies asked as a count: one step with a count
        ("a 2 minute video of two dragons fighting", ["video"]),  # a number of minutes, a number of dragons
        ("make my knight do 3 jumps then a roll", ["motion"]),  # how the clip moves, not how many clips
    ],
)
def test_a_number_that_counts_copies_units_or_moves_stays_one_step(text: str, tools: list[str]) -> None:
    assert [step.tool for step in plan(EmbeddedPlanner.for_tests(), text).steps] == tools


def test_stated_counts_name_the_medium_the_number_counts() -> None:
    from agent.planner.stated_counts import stated_counts

    assert stated_counts("need two separate walk cycles", "en") == {"motion": 2}
    assert stated_counts("레벨 세 개 만들어 줘", "ko") == {"level": 3}
    assert stated_counts("a cave with 3 keys and 2 rooms", "en") == {}


# ------------------------------------------------------------------ rule 2: a file named is no line to say


@pytest.mark.parametrize(
    ("text", "uploads", "tools"),
    [
        ("standup_a.wav와 standup_b.wav 두 녹음 모두 받아 적어 주세요.", 2, ["transcribe", "transcribe"]),
        ("- 첨부: memo_0412.wav\n- 작업: 받아쓰기만", 1, ["transcribe"]),
    ],
)
def test_a_recording_named_is_transcribed_not_read_out(text: str, uploads: int, tools: list[str]) -> None:
    ctx = PlanContext(attachments=tuple(upload(f"up-{n}", "audio") for n in range(1, uploads + 1)))
    assert [step.tool for step in plan(EmbeddedPlanner.for_tests(), text, ctx).steps] == tools


def test_only_file_names_is_no_line_but_words_around_a_file_are() -> None:
    from agent.planner.embedded import _only_file_names

    assert _only_file_names("call1.wav와") and _only_file_names("- 첨부: vo.wav") and _only_file_names("a.wav and b.wav")
    assert not _only_file_names("welcome to the harbour") and not _only_file_names("play intro.wav after the bell")


# ------------------------------------------------------------------ rules 2 and 3: a talking head of a recording given


@pytest.mark.parametrize("text", ["제가 녹음한 인사말(hello_take2.wav) 올려요. 이걸로 말하는 아바타 만들어 주세요",
                                  "my voice memo (greeting.wav) is attached, make a talking avatar speak it"])
def test_a_talking_head_speaks_the_recording_given(text: str) -> None:
    ctx = PlanContext(attachments=(upload("up-1", "audio"),))
    steps = plan(EmbeddedPlanner.for_tests(), text, ctx).steps
    assert [step.tool for step in steps] == ["avatar"]
    assert steps[0].args["audio"] == {"$artifact": "up-1"}


def test_a_quoted_line_is_still_voiced_with_a_recording_given() -> None:
    from agent.planner.given_recording import avatar_speaks_the_recording
    from agent.types import Step

    steps = [Step(id="s1", tool="speech", args={"text": "welcome", "reference_audio": {"$artifact": "up-1"}}),
             Step(id="s2", tool="avatar", args={"audio": {"$ref": "s1"}}, depends_on=["s1"])]
    ctx = PlanContext(attachments=(upload("up-1", "audio"),))
    assert avatar_speaks_the_recording(steps, True, ctx) == steps
    spoken = avatar_speaks_the_recording(steps, False, ctx)
    assert [(step.tool, step.args, step.depends_on) for step in spoken] == [("avatar", {"audio": {"$artifact": "up-1"}}, [])]


# ------------------------------------------------------------------ rule 5: "make it move" of a picture


def test_making_the_picture_move_in_some_manner_is_a_video_of_it() -> None:
    steps = plan(EmbeddedPlanner.for_tests(), "sketch a lighthouse, then make it move, like the waves crashing below").steps
    assert [(step.tool, step.depends_on) for step in steps] == [("image", []), ("video", ["s1"])]


@pytest.mark.parametrize("text", ["Here's my watercolor (harbor.png). Make it move, gently, like a breeze.",
                                  "제가 그린 등대 그림이에요 (lighthouse.png). 그걸 살짝 움직이게 해 주세요."])
def test_making_a_picture_given_move_is_a_video_of_it(text: str) -> None:
    ctx = PlanContext(attachments=(upload("up-1", "image"),))
    steps = plan(EmbeddedPlanner.for_tests(), text, ctx).steps
    assert [(step.tool, step.args.get("source")) for step in steps] == [("video", {"$artifact": "up-1"})]


def test_making_a_body_given_move_is_still_a_motion() -> None:
    ctx = PlanContext(attachments=(upload("up-1", "mesh"),))
    tools = [step.tool for step in plan(EmbeddedPlanner.for_tests(), "here's my robot (robot.glb). make it move", ctx).steps]
    assert "motion" in tools and "video" not in tools


# ------------------------------------------------------------------ a level named as a result; results set apart


@pytest.mark.parametrize(
    ("text", "tools"),
    [
        ("build a swamp level and a separate skybox for it", ["level", "panorama"]),
        ("I want a foggy harbor panorama and, separately, the smugglers' den as a level", ["panorama", "level"]),
        ("사막 맵 하나, 그리고 거기 쓸 모래폭풍 스카이박스 하나 따로", ["level", "panorama"]),
    ],
)
def test_a_level_named_as_a_result_beside_another_medium_is_two_steps(planner: EmbeddedPlanner, text: str,
                                                                     tools: list[str]) -> None:
    result = plan(planner, text)
    assert [step.tool for step in result.steps] == tools
    for step in result.steps:  # "separate", "separately" and "쓸" (for use) are no subject
        prompt = str(step.args.get("prompt", ""))
        assert prompt not in ("separately", "a separate", "쓸", "쓸 모래폭풍")


@pytest.mark.parametrize("text", ["draw a knight at a high level of detail", "level up the sword icon's glow"])
def test_level_as_a_degree_is_no_level(text: str) -> None:
    from agent.planner import lexicon as lx

    assert lx.tool_scores(text, "en").get("level", 0.0) < 3  # the weak cue of a bare "level" only


# ------------------------------------------------------------------ what a result is for goes to its step


@pytest.mark.parametrize(
    ("text", "tool", "detail"),
    [
        ("선인장 3D 모델 만들어줘. 초록색에 분홍 꽃. 모바일 게임에 바로 쓸 수 있게 가볍게 만들어줘요", "mesh", "가볍게"),
        ("make a wooden barrel model. keep it light so it runs on low-end phones", "mesh", "light"),
    ],
)
def test_a_purpose_said_after_a_step_is_part_of_that_step(planner: EmbeddedPlanner, text: str, tool: str,
                                                          detail: str) -> None:
    result = plan(planner, text)
    assert [step.tool for step in result.steps] == [tool]
    assert detail in result.steps[0].args["prompt"]


def test_a_purpose_next_to_its_own_medium_is_still_a_step(planner: EmbeddedPlanner) -> None:
    result = plan(planner, "make a wooden barrel model, then a short video of it so players can see every side")
    assert [step.tool for step in result.steps] == ["mesh", "video"]


def test_a_korean_subject_keeps_no_word_for_use(planner: EmbeddedPlanner) -> None:
    from agent.planner.slots import extract_subject

    assert extract_subject("거기 쓸 밤하늘 스카이박스 하나", "ko") == "밤하늘"


@pytest.mark.parametrize(
    ("text", "tools"),
    [
        ("설원 맵 하나 화산 맵 하나 따로", ["level", "level"]),
        ("바다 스카이박스 하나 등대 3D 모델 하나 부탁해요", ["panorama", "mesh"]),
    ],
)
def test_one_of_each_medium_in_a_row_is_one_step_each(planner: EmbeddedPlanner, text: str, tools: list[str]) -> None:
    assert [step.tool for step in plan(planner, text).steps] == tools


# ------------------------------------------------------------------ a medium word used as a modifier


@pytest.mark.parametrize(
    ("text", "language", "absent"),
    [
        ("speedrun practice level with a wall clip spot near the end", "en", "video"),
        ("a rogue's line, 'Not one step closer.', low with a slight cave echo", "en", "level"),
        ("경비병 대사 하나요. '멈춰라.' 낮게, 동굴 울림 느낌으로", "ko", "level"),
    ],
)
def test_a_medium_word_that_only_modifies_another_is_no_cue(text: str, language: str, absent: str) -> None:
    from agent.planner import lexicon as lx

    assert absent not in lx.tool_scores(text, language)


def test_a_quote_after_a_line_only_described_is_the_line(planner: EmbeddedPlanner) -> None:
    result = plan(planner, "경비병 대사 하나 뽑아 주세요. '성문은 해 질 녘에 닫힌다.' 낮고 느리게요.")
    assert [step.tool for step in result.steps] == ["speech"]
    assert result.steps[0].args["text"] == "성문은 해 질 녘에 닫힌다."


def test_a_picture_counted_once_and_then_used_is_not_a_list(planner: EmbeddedPlanner) -> None:
    result = plan(planner, "성 그림 하나 그린 다음에 그 그림으로 깃발 펄럭이는 영상 만들어 줘")
    assert shape(result) == [("image", ()), ("video", ("s1",))]


# ------------------------------------------------------------------ questions about what the app makes are talk


@pytest.mark.parametrize(
    "text",
    [
        "Are the models you generate rigged already? Asking before I buy a license.",
        "Will the voices you make sound the same every time?",
        "honestly, real talk, how long does a panorama take to render?",
        "3D 모델 만들 때 폴리곤 수가 항상 같게 유지되나요?",
        "생성된 그림을 상업용 포스터에 써도 되는지 문의드립니다.",
    ],
)
def test_a_question_about_what_the_app_makes_plans_nothing(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps == []


@pytest.mark.parametrize("text", ["아까 만든 그림 움직이게 해줘", "make the pictures you made yesterday into a video"])
def test_an_order_about_what_the_app_made_still_plans(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps


# ------------------------------------------------------------------ a correction to another medium of the same thing


@pytest.mark.parametrize(
    ("text", "tool", "prompt"),
    [
        ("make a 3D model of a lantern — wait no, just a picture of it is fine", "image", "a lantern"),
        ("could you film a kite over the dunes? Oh, actually, just a picture would do nicely.", "image",
         "a kite over the dunes"),
        ("등대 그림 그려서 움직이는 영상까지... 아 영상은 됐고 그림만 주세요", "image", "등대"),
        ("고양이 그림 그려줘. 아니 그냥 3D 모델로 해줘", "mesh", "고양이"),
    ],
)
def test_a_correction_that_names_only_another_medium_keeps_the_subject(planner: EmbeddedPlanner, text: str, tool: str,
                                                                       prompt: str) -> None:
    result = plan(planner, text)
    assert [(step.tool, step.args.get("prompt")) for step in result.steps] == [(tool, prompt)]


def test_a_correction_with_its_own_subject_keeps_it(planner: EmbeddedPlanner) -> None:
    result = plan(planner, "draw a dragon, actually no, make a 3D model of a phoenix")
    assert [(step.tool, step.args.get("prompt")) for step in result.steps] == [("mesh", "a phoenix")]


# ------------------------------------------------------------------ a clip as the pose of a picture; a look only


@pytest.mark.parametrize("text", ["make a crawling motion, then use that crawl as the pose for a drawing of a soldier",
                                  "animate a bow, then paint a butler in exactly that same pose",
                                  "쪼그려 앉는 모션 만들고 그 자세로 포스터 그림 그려 줘"])
def test_a_clip_used_as_the_pose_of_a_picture_feeds_it(planner: EmbeddedPlanner, text: str) -> None:
    assert shape(plan(planner, text)) == [("motion", ()), ("image", ("s1",))]


@pytest.mark.parametrize(("text", "steps"), [("등대 그림 그려 주고 배경은 수채화 톤으로 해 줘", 1),
                                             ("여우 그림 하나 그려줘, 수채화 톤 배경으로", 1),
                                             ("여우 그림 그리고 그걸 수채화 톤으로 바꿔 줘", 2)])
def test_a_look_given_with_the_picture_is_no_second_picture(planner: EmbeddedPlanner, text: str, steps: int) -> None:
    result = plan(planner, text)
    assert [step.tool for step in result.steps] == ["image"] * steps
    assert result.steps[0].args.get("style") == "watercolor" or steps == 2


# ------------------------------------------------------------------ rule 12: a recording of an earlier turn


def test_a_recording_of_an_earlier_turn_is_transcribed_whatever_it_is_called(planner: EmbeddedPlanner) -> None:
    old = Artifact(id="a_memo", kind="audio", path=Path("memo.wav"), mime="audio/wav", sha256="0" * 64,
                   meta={"source": "upload"})
    picture = Artifact(id="a_pic", kind="image", path=Path("pic.png"), mime="image/png", sha256="0" * 64,
                       meta={"source": "result", "prompt": "a red barn"})
    result = plan(planner, "transcribe the budget meeting memo I sent you yesterday",
                  PlanContext(recent_artifacts=(old, picture)))
    assert [(step.tool, step.args.get("audio")) for step in result.steps] == [("transcribe", {"$artifact": "a_memo"})]


def test_an_earlier_recording_that_is_not_there_is_asked_for(planner: EmbeddedPlanner) -> None:
    from agent.types import Request

    turn = planner.plan_turn_sync(Request(text="아까 올린 회의 녹음 받아 적어 줘"), PlanContext())
    assert turn.plan.steps == [] and any("--attach" in warning for warning in turn.warnings)


# ------------------------------------------------------------------ Korean: a need, a change of mind, a move, a stage


@pytest.mark.parametrize(("text", "tool"), [("카페 벽에 걸 그림이 필요합니다. 비 오는 골목 풍경으로 부탁드려요.", "image"),
                                            ("발표 오프닝에 쓸 10초짜리 영상 한 편이 필요해요", "video"),
                                            ("로비 배경용 HDRI 하나 필요합니다", "panorama")])
def test_a_medium_said_to_be_needed_is_asked_for(planner: EmbeddedPlanner, text: str, tool: str) -> None:
    assert [step.tool for step in plan(planner, text).steps] == [tool]


def test_a_medium_no_longer_needed_is_not_asked_for(planner: EmbeddedPlanner) -> None:
    assert plan(planner, "스카이박스는 이제 필요 없어요").steps == []


@pytest.mark.parametrize("text", ["등대 3D 모델 만들어 줘. 근데 생각해 보니 그림이 낫겠다, 그림으로 해 줘",
                                  "등대를 3D로 부탁드리려 했어요. 다시 생각해 보니 평면이 보기 편할 것 같아요. 등대 그림으로 부탁드립니다."])
def test_a_change_of_mind_said_first_applies_to_the_order_after_it(planner: EmbeddedPlanner, text: str) -> None:
    assert [step.tool for step in plan(planner, text).steps] == ["image"]


def test_thanks_after_no_takes_nothing_back(planner: EmbeddedPlanner) -> None:
    assert [step.tool for step in plan(planner, "용 그림 그려줘. 아니 고마워요. 그리고 성 3D 모델도").steps] == ["image", "mesh"]


def test_a_move_the_model_is_made_to_do_is_a_motion_of_it(planner: EmbeddedPlanner) -> None:
    assert shape(plan(planner, "닌자 3D 모델 만들고 공중제비 시켜 줘")) == [("mesh", ()), ("motion", ("s1",))]


def test_an_english_stage_in_korean_is_a_level(planner: EmbeddedPlanner) -> None:
    assert [step.tool for step in plan(planner, "사막 레이싱 트랙 stage 하나 만들어줘").steps] == ["level"]


def test_a_medium_named_for_the_result_just_made_is_an_order() -> None:
    planner = EmbeddedPlanner.for_tests()
    result = plan(planner, "make a wooden crate model, then a short video of it so players can see every side")
    assert [step.tool for step in result.steps] == ["mesh", "video"]


# ------------------------------------------------------------------ rule 11 fan-in; a voice put on an earlier face


@pytest.mark.parametrize("text", ["sketch the robot from the front and from the back as two pictures, then a 3D model from both",
                                  "로봇 앞모습 그림이랑 뒷모습 그림 두 장 그리고, 그 두 장 다 참고해서 3D 모델 만들어 줘"])
def test_a_model_made_from_both_pictures_takes_both(planner: EmbeddedPlanner, text: str) -> None:
    assert shape(plan(planner, text)) == [("image", ()), ("image", ()), ("mesh", ("s1", "s2"))]


def test_a_voice_put_on_an_earlier_avatar_drives_a_talking_head() -> None:
    planner = EmbeddedPlanner.for_tests()
    text = "Read 'Table for two?' in a polite voice, then put that audio on the waiter avatar we made earlier"
    assert shape(plan(planner, text)) == [("speech", ()), ("avatar", ("s1",))]


# ------------------------------------------------------------------ rule 9: a take-back that names one part


@pytest.mark.parametrize("text", ["a 3D lantern, then a turntable. oh scratch the turntable, just the model please",
                                  "Make a 3D model of a brass telescope and a turntable video of it... sorry, skip the "
                                  "turntable. Only the model.",
                                  "램프 3D 모델이랑 턴테이블 영상 만들어 줘. 아 턴테이블은 빼 줘"])
def test_a_take_back_of_one_part_keeps_the_rest(planner: EmbeddedPlanner, text: str) -> None:
    assert [step.tool for step in plan(planner, text).steps] == ["mesh"]
