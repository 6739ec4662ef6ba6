"""The learned planning stage: its trainer (corpus, digest cache, corrupt cache, corrupt lines), its
heads and how their decision is applied to the rules' plan. A small corpus written here and the
hashing encoder keep these tests at a few seconds; the shipped corpus is checked for shape only."""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from agent.durable import save_verified
from agent.planner import fitting
from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.planner.learned import PlanShape, ShapeModel, named_files, plan_counts
from agent.planner.reshape import arbitrate, realize
from agent.registry import installed_specs
from agent.types import Request, Step

SPECS = dict(installed_specs())


def _row(text: str, lang: str, *steps: tuple[str, list[str]], attachments: list[str] | None = None) -> str:
    row = {"text": text, "lang": lang,
           "steps": [{"id": f"s{i}", "tool": tool, "depends_on": deps} for i, (tool, deps) in enumerate(steps, 1)]}
    if attachments:
        row["attachments"] = attachments
    return json.dumps(row, ensure_ascii=False)


SMALL = [
    _row("draw a red fox", "en", ("image", [])),
    _row("paint a castle at dusk", "en", ("image", [])),
    _row("a watercolor owl picture", "en", ("image", [])),
    _row("a 3D model of a chair", "en", ("mesh", [])),
    _row("make a wooden barrel in 3D", "en", ("mesh", [])),
    _row("sketch a robot, then turn the sketch into a 3D model", "en", ("image", []), ("mesh", ["s1"])),
    _row("draw a lamp and make it 3D", "en", ("image", []), ("mesh", ["s1"])),
    _row("a walk cycle and a run cycle", "en", ("motion", []), ("motion", [])),
    _row("two clips: a jump and a wave", "en", ("motion", []), ("motion", [])),
    _row("nice, thanks!", "en"),
    _row("that skybox slapped", "en"),
    _row("빨간 여우 그림 그려 줘", "ko", ("image", [])),
    _row("성 그림 하나 그려 줘", "ko", ("image", [])),
    _row("의자 3D 모델 만들어 줘", "ko", ("mesh", [])),
    _row("로봇 그리고 그걸로 3D 모델 만들어 줘", "ko", ("image", []), ("mesh", ["s1"])),
    _row("고마워!", "ko"),
    _row("이 녹음 받아 적어 줘", "ko", ("transcribe", []), attachments=["audio"]),
    _row("transcribe this memo", "en", ("transcribe", []), attachments=["audio"]),
]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    directory.mkdir()
    (directory / "a_en.jsonl").write_text("\n".join(line for line in SMALL if '"en"' in line) + "\n", encoding="utf-8")
    (directory / "a_ko.jsonl").write_text("\n".join(line for line in SMALL if '"ko"' in line) + "\n", encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def rules() -> EmbeddedPlanner:
    return EmbeddedPlanner.for_tests()


# ------------------------------------------------------------------------------ corpus


def test_the_shipped_corpus_is_well_formed_and_bilingual() -> None:
    rows = fitting.load_corpus()
    assert len(rows) >= 2000
    langs = Counter(row.lang for row in rows)
    assert min(langs["en"], langs["ko"]) >= 0.4 * len(rows)
    assert {step["tool"] for row in rows for step in row.steps} >= set(SPECS)


def test_a_corrupt_corpus_line_is_reported_and_skipped(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    with (corpus / "a_en.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"text": "draw a cat", "lang": "en", "steps": [\n')  # cut off
        handle.write(json.dumps({"text": "x", "lang": "fr", "steps": []}) + "\n")
        handle.write(json.dumps({"text": "y", "lang": "en", "steps": [{"id": "s1", "tool": "image",
                                                                       "depends_on": ["s9"]}]}) + "\n")
    with caplog.at_level(logging.WARNING):
        rows = fitting.load_corpus(corpus)
    assert len(rows) == len(SMALL)
    messages = " ".join(record.getMessage() for record in caplog.records)
    first_bad = sum('"en"' in line for line in SMALL) + 1
    assert f"a_en.jsonl:{first_bad} skipped: not JSON" in messages
    assert '"lang" must be one of en, ko' in messages
    assert "depends_on" in messages


# ------------------------------------------------------------------------------ cache


def test_weights_are_fitted_once_per_corpus_and_read_back(corpus: Path, tmp_path: Path, rules: EmbeddedPlanner,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    first = fitting.cached_model(rules, cache_dir=cache, directory=corpus)
    files = list(cache.glob("shape-*.npz"))
    assert len(files) == 1 and files[0] == fitting.cache_path(rules.encoder.name, cache_dir=cache, directory=corpus)

    def no_fit(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cached weights should have been read")

    monkeypatch.setattr(fitting, "fit_planner", no_fit)
    again = fitting.cached_model(rules, cache_dir=cache, directory=corpus)
    assert np.array_equal(again.columns, first.columns) and again.layout == first.layout
    assert np.allclose(again.bias, first.bias)
    # a new line is a new corpus: a new key, so the next call fits again
    with (corpus / "a_en.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(_row("draw a blue whale", "en", ("image", [])) + "\n")
    assert fitting.cache_path(rules.encoder.name, cache_dir=cache, directory=corpus) != files[0]
    with pytest.raises(AssertionError, match="cached weights"):
        fitting.cached_model(rules, cache_dir=cache, directory=corpus)


@pytest.mark.parametrize("damage", [b"", b"not a zip file at all", "truncate"])
def test_a_corrupt_weights_cache_is_fitted_again(corpus: Path, tmp_path: Path, rules: EmbeddedPlanner,
                                                 caplog: pytest.LogCaptureFixture, damage: object) -> None:
    cache = tmp_path / "cache"
    fitting.cached_model(rules, cache_dir=cache, directory=corpus)
    path = fitting.cache_path(rules.encoder.name, cache_dir=cache, directory=corpus)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage == "truncate" else damage)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING):
        model = fitting.cached_model(rules, cache_dir=cache, directory=corpus)
    assert "cannot be read" in caplog.text and "fitting it again" in caplog.text
    assert ShapeModel.load(path).layout == model.layout  # the cache was rewritten whole


def test_a_whole_weights_file_that_does_not_match_its_digest_is_fitted_again(
        corpus: Path, tmp_path: Path, rules: EmbeddedPlanner, caplog: pytest.LogCaptureFixture) -> None:
    # A readable file with other numbers (a flipped block, a stray copy) would otherwise plan every request
    # by wrong weights: the SHA-256 beside it catches it, as for the safety and encoder caches.
    cache = tmp_path / "cache"
    model = fitting.cached_model(rules, cache_dir=cache, directory=corpus)
    path = fitting.cache_path(rules.encoder.name, cache_dir=cache, directory=corpus)
    ShapeModel(model.layout, model.encoder, model.columns, model.sparse, model.dense, model.bias + 5.0).save(path)
    with caplog.at_level(logging.WARNING):
        again = fitting.cached_model(rules, cache_dir=cache, directory=corpus)
    assert "fitting it again" in caplog.text
    assert np.allclose(again.bias, model.bias) and np.allclose(ShapeModel.load(path).bias, model.bias)


def test_weights_for_another_encoder_are_not_used(corpus: Path, tmp_path: Path, rules: EmbeddedPlanner) -> None:
    cache = tmp_path / "cache"
    model = fitting.cached_model(rules, cache_dir=cache, directory=corpus)
    path = fitting.cache_path(rules.encoder.name, cache_dir=cache, directory=corpus)
    other = ShapeModel(model.layout, "another-encoder", model.columns, model.sparse, model.dense, model.bias)
    save_verified(path, other.save)  # a whole, verified file: only its encoder is wrong
    assert fitting.cached_model(rules, cache_dir=cache, directory=corpus).encoder == rules.encoder.name


# ------------------------------------------------------------------------------ the heads


def test_heads_fitted_on_a_corpus_learn_its_plans(corpus: Path, tmp_path: Path) -> None:
    planner = EmbeddedPlanner.for_tests()
    planner.use_shape_model(fitting.cached_model(planner, cache_dir=tmp_path, directory=corpus))
    observation = planner.observe_text("sketch a robot, then turn the sketch into a 3D model")
    shape = planner.shape_model.predict(observation, planner.encoder.encode([observation.encoder_text])[0])
    assert shape.tools == {"image": 1, "mesh": 1} and shape.edges == {("image", "mesh"): 1}
    assert not shape.is_talk
    talk = planner.observe_text("nice, thanks!")
    said = planner.shape_model.predict(talk, planner.encoder.encode([talk.encoder_text])[0])
    assert said.tools == {} and said.is_talk


def test_plan_counts_reads_depends_on_and_refs() -> None:
    steps = [Step(id="s1", tool="image"), Step(id="s2", tool="mesh", args={"source": {"$ref": "s1"}}),
             Step(id="s3", tool="video", depends_on=["s2"])]
    tools, edges = plan_counts(steps)
    assert tools == Counter({"image": 1, "mesh": 1, "video": 1})
    assert edges == Counter({("image", "mesh"): 1, ("mesh", "video"): 1})


def test_named_files_gives_each_file_its_kind() -> None:
    assert named_files("transcribe example.wav, then use hero_v2.PNG and walk.bvh") == [
        ("example.wav", "audio"), ("hero_v2.PNG", "image"), ("walk.bvh", "motion")]
    assert named_files("version 2.5 of the file") == []


# ------------------------------------------------------------------------------ realize


def _make(tool: str, index: int) -> dict[str, object] | None:
    return {"prompt": f"{tool} {index}"} if tool not in ("speech", "avatar", "transcribe") else {"text": "hello"}


def _runnable(tool: str, args: dict[str, object]) -> bool:
    return tool != "speech" or bool(args.get("text") or args.get("script"))


def _shape_of(steps: list[Step]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    return plan_counts(steps)


def test_realize_adds_missing_steps_and_wires_them() -> None:
    steps = [Step(id="s1", tool="mesh", args={"prompt": "a dragon"})]
    shape = PlanShape({"mesh": 1, "video": 1}, {("mesh", "video"): 1})
    out = realize(steps, shape, SPECS, _make, _runnable)
    assert [s.tool for s in out] == ["mesh", "video"]
    assert out[1].args["source"] == {"$ref": "s1"} and out[1].depends_on == ["s1"]
    assert out[0].args == {"prompt": "a dragon"}


def test_realize_drops_extra_steps_and_their_edges() -> None:
    steps = [Step(id="s1", tool="image", args={"prompt": "a cat"}), Step(id="s2", tool="image", args={"prompt": "a dog"}),
             Step(id="s3", tool="video", args={"prompt": "p", "source": {"$ref": "s2"}}, depends_on=["s2"])]
    out = realize(steps, PlanShape({"image": 1}, {}), SPECS, _make, _runnable)
    assert [(s.tool, s.args.get("prompt")) for s in out] == [("image", "a cat")]


def test_realize_removes_an_edge_the_heads_do_not_see() -> None:
    steps = [Step(id="s1", tool="image", args={"prompt": "a sword"}),
             Step(id="s2", tool="mesh", args={"prompt": "a shield", "source": {"$ref": "s1"}}, depends_on=["s1"])]
    out = realize(steps, PlanShape({"image": 1, "mesh": 1}, {}), SPECS, _make, _runnable)
    assert _shape_of(out)[1] == Counter() and "source" not in out[1].args


def test_realize_fan_in_and_pairs_in_order() -> None:
    steps = [Step(id="s1", tool="image", args={"prompt": "a"}), Step(id="s2", tool="image", args={"prompt": "b"}),
             Step(id="s3", tool="mesh", args={"prompt": "a"}), Step(id="s4", tool="mesh", args={"prompt": "b"})]
    out = realize(steps, PlanShape({"image": 2, "mesh": 2}, {("image", "mesh"): 2}), SPECS, _make, _runnable)
    assert [(s.tool, s.depends_on) for s in out] == [("image", []), ("image", []), ("mesh", ["s1"]), ("mesh", ["s2"])]
    slideshow = realize(steps[:2], PlanShape({"image": 2, "video": 1}, {("image", "video"): 2}), SPECS, _make, _runnable)
    assert sorted(slideshow[-1].depends_on) == ["s1", "s2"] and slideshow[-1].tool == "video"


def test_realize_drops_a_step_left_without_its_input() -> None:
    steps = [Step(id="s1", tool="transcribe", args={"audio": {"$artifact": "up-1"}}),
             Step(id="s2", tool="speech", args={"script": {"$ref": "s1"}}, depends_on=["s1"])]
    out = realize(steps, PlanShape({"speech": 1}, {}), SPECS, _make, _runnable)
    assert out == []


def test_the_planner_keeps_its_contract_with_the_learned_stage(corpus: Path, tmp_path: Path) -> None:
    planner = EmbeddedPlanner.for_tests()
    planner.use_shape_model(fitting.cached_model(planner, cache_dir=tmp_path, directory=corpus))
    for text in ("draw a lamp and make it 3D", "고마워!", "a walk cycle and a run cycle", "x" * 300):
        plan = planner.plan_sync(Request(text=text), PlanContext())
        assert [step.id for step in plan.steps] == [f"s{i}" for i in range(1, len(plan.steps) + 1)]


def test_arbitrate_keeps_the_rules_count_unless_the_head_is_surer() -> None:
    rules = [Step(id="s1", tool="motion", args={"prompt": "a walk cycle and a run cycle"})]
    unsure = PlanShape({"motion": 2}, {}, {"tool:motion": np.array([0.0, 0.45, 0.55, 0.0, 0.0])})
    sure = PlanShape({"motion": 2}, {}, {"tool:motion": np.array([0.0, 0.1, 0.9, 0.0, 0.0])})
    assert arbitrate(rules, unsure, 0.2).tools == {"motion": 1}
    assert arbitrate(rules, sure, 0.2).tools == {"motion": 2}
    # a tool the heads know nothing of is the rules' to count
    assert arbitrate([Step(id="s1", tool="level", args={"prompt": "a cave"})], sure, 0.2).tools["level"] == 1
    # no edge survives without both its tools
    edged = PlanShape({}, {}, {"tool:image": np.array([0.9, 0.1, 0, 0, 0]), "tool:mesh": np.array([0.1, 0.9, 0, 0, 0]),
                               "edge:image>mesh": np.array([0.2, 0.8, 0, 0])})
    chain = [Step(id="s1", tool="image", args={"prompt": "x"}), Step(id="s2", tool="mesh", depends_on=["s1"])]
    assert arbitrate(chain, edged, 0.2) == PlanShape({"mesh": 1}, {})


def test_steps_the_words_ask_for_outright_are_not_taken_away() -> None:
    # a step bound to a file given, and the steps the planner keeps (quoted words, an outright order): the heads may
    # add to them, not drop them
    cloned = [Step(id="s1", tool="speech", args={"text": "welcome", "reference_audio": {"$artifact": "up-1"}})]
    none = PlanShape({}, {}, {"tool:speech": np.array([0.99, 0.01, 0, 0, 0]), "tool:video": np.array([0.99, 0.01, 0, 0, 0])})
    assert arbitrate(cloned, none, 0.2).tools == {"speech": 1}
    asked = [Step(id="s1", tool="video", args={"prompt": "a whale"})]
    assert arbitrate(asked, none, 0.2).tools == {}
    assert arbitrate(asked, none, 0.2, kept=frozenset({"s1"})).tools == {"video": 1}
    # a talking head kept against the heads takes the face and the voice line the plan makes (rule 3)
    head = [Step(id="s1", tool="image", args={"prompt": "a dwarf"}), Step(id="s2", tool="speech", args={"text": "hi"}),
            Step(id="s3", tool="avatar", args={})]
    faceless = PlanShape({"image": 1, "speech": 1}, {}, {"tool:avatar": np.array([0.99, 0.01, 0, 0, 0])})
    assert arbitrate(head, faceless, 0.2, kept=frozenset({"s3"})).edges == {("image", "avatar"): 1, ("speech", "avatar"): 1}


def test_an_added_voice_step_takes_the_talking_heads_line() -> None:
    from agent.planner.reshape import runnable, step_factory
    from agent.planner.segment import mask_quotes

    masked = mask_quotes('a talking head of a new dwarf saying "welcome, traveller"')
    steps = [Step(id="s1", tool="avatar", args={"text": "welcome, traveller", "language": "en"})]
    make = step_factory(steps, [{"avatar": 4.0}], masked, PlanContext(), lambda tool, i: {"prompt": "a dwarf"},
                        lambda tool, i, args: args)
    out = realize(steps, PlanShape({"image": 1, "speech": 1, "avatar": 1},
                                   {("image", "avatar"): 1, ("speech", "avatar"): 1}), SPECS, make, runnable)
    by_tool = {step.tool: step for step in out}
    assert by_tool["speech"].args["text"] == "welcome, traveller"
    assert by_tool["avatar"].args["audio"] == {"$ref": by_tool["speech"].id} and "text" not in by_tool["avatar"].args
    assert sorted(by_tool["avatar"].depends_on) == sorted([by_tool["image"].id, by_tool["speech"].id])


def test_a_talking_head_takes_a_new_face_and_a_quoted_line_whatever_the_heads_say() -> None:
    from agent.planner.reshape import Cues

    steps = [Step(id="s1", tool="transcribe", args={"audio": {"$artifact": "up-1"}}),
             Step(id="s2", tool="speech", args={"script": {"$ref": "s1"}}, depends_on=["s1"]),
             Step(id="s3", tool="avatar", depends_on=["s2"])]
    faceless = PlanShape({"transcribe": 1, "speech": 1, "avatar": 1}, {("transcribe", "speech"): 1, ("speech", "avatar"): 1},
                         {"tool:image": np.array([0.9, 0.1, 0, 0, 0]), "edge:image>avatar": np.array([0.9, 0.1, 0, 0])})
    assert "image" not in arbitrate(steps, faceless, 0.4).tools
    shape = arbitrate(steps, faceless, 0.4, cues=Cues(new_face=True))
    assert shape.tools["image"] == 1 and shape.edges[("image", "avatar")] == 1
    voiceless = PlanShape({"image": 1, "avatar": 1}, {("image", "avatar"): 1},
                          {"tool:speech": np.array([0.6, 0.4, 0, 0, 0])})
    head = [Step(id="s1", tool="image", args={"prompt": "a gnome"}), Step(id="s2", tool="avatar", depends_on=["s1"])]
    shape = arbitrate(head, voiceless, 0.4, cues=Cues(quoted_line=True))
    assert shape.tools["speech"] == 1 and shape.edges[("speech", "avatar")] == 1
    assert arbitrate([Step(id="s1", tool="image", args={"prompt": "a gnome"})], PlanShape({"image": 1}, {}, {}),
                     0.4, cues=Cues(new_face=True, quoted_line=True)).tools == {"image": 1}  # no head, no floor


def test_corpus_lines_equal_to_a_benchmark_line_are_not_fitted(tmp_path: Path) -> None:
    bench = tmp_path / "bench"
    bench.mkdir()
    (bench / "planner_x.jsonl").write_text(json.dumps({"id": "x-1", "lang": "en", "text": "Draw a red fox!", "steps": []})
                                          + "\n", encoding="utf-8")
    rows = [fitting.parse_row(_row(text, "en", ("image", []))) for text in ("draw a red fox", "draw a red fox please")]
    assert [row.text for row in fitting.drop_evaluation_lines(rows, bench)] == ["draw a red fox please"]


def test_a_file_name_followed_by_a_korean_particle_is_named() -> None:
    assert named_files("anchor.png라는 앵커 사진과 news_line.wav라는 녹음") == [("anchor.png", "image"), ("news_line.wav", "audio")]


def test_two_quoted_lines_read_as_one_become_one_voice_step_each() -> None:
    from agent.planner.reshape import runnable, step_factory
    from agent.planner.segment import mask_quotes

    masked = mask_quotes("여관 주인 대사 '방 하나 남았소' 랑 음유시인 대사 '노래 한 곡 어떠신가' 두 개 음성으로 만들어 줘")
    steps = [Step(id="s1", tool="speech", args={"text": "방 하나 남았소 노래 한 곡 어떠신가", "language": "ko"})]
    make = step_factory(steps, [{"speech": 4.0}], masked, PlanContext(), lambda tool, i: {}, lambda tool, i, args: args)
    out = realize(steps, PlanShape({"speech": 2}, {}), SPECS, make, runnable)
    assert sorted(step.args["text"] for step in out) == ["노래 한 곡 어떠신가", "방 하나 남았소"]


def test_the_heads_add_no_second_step_of_a_planned_tool_unless_the_words_ask_for_more() -> None:
    from agent.planner.reshape import Cues

    steps = [Step(id="s1", tool="mesh", args={"prompt": "an orc"}),
             Step(id="s2", tool="motion", args={"prompt": "a victory dance"}, depends_on=["s1"])]
    two = PlanShape({"mesh": 1, "motion": 2}, {("mesh", "motion"): 1},
                    {"tool:motion": np.array([0.0, 0.2, 0.8, 0, 0]), "tool:mesh": np.array([0.0, 1.0, 0, 0, 0])})
    assert arbitrate(steps, two, 0.4, cues=Cues(several=False)).tools == {"mesh": 1, "motion": 1}
    assert arbitrate(steps, two, 0.4, cues=Cues(several=True)).tools == {"mesh": 1, "motion": 2}
    # a tool the rules did not plan is still the heads' to add
    assert arbitrate(steps[:1], two, 0.4, cues=Cues(several=False)).tools == {"mesh": 1, "motion": 2}


def test_a_tool_the_rules_did_not_plan_needs_a_surer_head_than_a_count_of_a_planned_one() -> None:
    from agent.planner.reshape import ADD_MARGIN

    rules = [Step(id="s1", tool="mesh", args={"prompt": "a ship"})]
    fairly = PlanShape({"mesh": 1, "video": 1}, {}, {"tool:mesh": np.array([0.0, 1.0, 0, 0, 0]),
                                                     "tool:video": np.array([0.35, 0.65, 0, 0, 0])})
    assert arbitrate(rules, fairly, 0.2).tools == {"mesh": 1}  # 0.65 - 0.35 is short of ADD_MARGIN
    very = PlanShape({"mesh": 1, "video": 1}, {}, {"tool:mesh": np.array([0.0, 1.0, 0, 0, 0]),
                                                   "tool:video": np.array([0.02, 0.98, 0, 0, 0])})
    assert 0.98 - 0.02 >= ADD_MARGIN and arbitrate(rules, very, 0.2).tools == {"mesh": 1, "video": 1}
    # a second step of a tool already planned takes the ordinary margin
    two = PlanShape({"mesh": 2}, {}, {"tool:mesh": np.array([0.0, 0.35, 0.65, 0, 0])})
    assert arbitrate(rules, two, 0.2).tools == {"mesh": 2}


def test_one_file_given_keeps_one_step_of_a_tool_not_every_step_the_rules_bound_to_it() -> None:
    memo = {"$artifact": "upload-1"}
    twice = [Step(id="s1", tool="transcribe", args={"audio": memo}), Step(id="s2", tool="transcribe", args={"audio": memo})]
    one = PlanShape({"transcribe": 1}, {}, {"tool:transcribe": np.array([0.0, 0.9, 0.1, 0, 0])})
    assert arbitrate(twice, one, 0.2).tools == {"transcribe": 1}
    # two recordings given, each bound to a step of its own: both stay (rule 10)
    each = [twice[0], Step(id="s2", tool="transcribe", args={"audio": {"$artifact": "upload-2"}})]
    assert arbitrate(each, one, 0.2).tools == {"transcribe": 2}


def test_realize_keeps_the_step_wired_into_the_chain_when_it_drops_one() -> None:
    # "I want my villain in 3D. First draw him, then make a 3D model from that drawing": the wish and the chain each
    # gave a model; the heads want one, and the one the drawing feeds is the one asked for
    steps = [Step(id="s1", tool="mesh", args={"prompt": "my villain"}),
             Step(id="s2", tool="image", args={"prompt": "the villain in A-pose"}),
             Step(id="s3", tool="mesh", args={"prompt": "a model of that drawing", "source": {"$ref": "s2"}},
                  depends_on=["s2"])]
    out = realize(steps, PlanShape({"image": 1, "mesh": 1}, {("image", "mesh"): 1}), SPECS, _make, _runnable)
    assert [(step.tool, step.args.get("prompt"), step.depends_on) for step in out] == [
        ("image", "the villain in A-pose", []), ("mesh", "a model of that drawing", ["s1"])]
