"""Believable NPC conversation (issue 20): two texts per result, emotion tags and the face they
drive, references across turns, direct control (say, narrate) and scenes of several personas.
Real eSpeak NG speech, the embedded responder and personas; fake or real fast tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.emotion import TagStream, normalize, sentence_emotions, strip_tags
from agent.executor import StepOutcome
from agent.orchestrator import Orchestrator
from agent.planner.base import PlanContext
from agent.planner.embedded import EmbeddedPlanner
from agent.registry import ToolRegistry
from agent.responder import failed_line, plain_reply
from agent.scene import Scene
from agent.types import Artifact, ErrorInfo, Plan, Request, Step, Words
from persona.library import PersonaLibrary
from persona.responder import reply_for
from persona.safety.audit import AuditLog
from persona.safety.classifier import EmbeddedClassifier
from persona.safety.guard import SafetyGuard
from persona.turns import TurnSafety
from tests.fakes import FakeImageTool, FakeVideoTool
from tools.speech import SpeechTool

EMOTIONS = {"neutral", "happy", "sad", "angry", "surprised", "afraid", "thinking"}


# -- emotion tags ------------------------------------------------------------------------------------
def test_tags_are_stripped_for_the_screen_and_kept_per_sentence_for_the_voice():
    tagged = "[happy] Here it is! [thinking] Shall I make it bigger? And blue?[sad] Sorry."
    assert strip_tags(tagged) == "Here it is! Shall I make it bigger? And blue? Sorry."
    assert sentence_emotions(tagged) == [
        {"text": "Here it is!", "emotion": "happy"}, {"text": "Shall I make it bigger?", "emotion": "thinking"},
        {"text": "And blue?", "emotion": "thinking"}, {"text": "Sorry.", "emotion": "sad"}]
    assert strip_tags("[laughs] not a tag") == "[laughs] not a tag"


@pytest.mark.parametrize("cut", [1, 2, 3, 5, 7])
def test_a_streamed_reply_splits_the_same_whatever_its_chunks(cut):
    tagged = "[happy] Aye, friend![thinking] A sword? [afraid] Careful, it's cursed."
    stream = TagStream()
    shown, spoken = "", ""
    for start in range(0, len(tagged), cut):
        a, b = stream.feed(tagged[start:start + cut])
        shown, spoken = shown + a, spoken + b
    a, b = stream.close()
    shown, spoken = shown + a, spoken + b
    assert "[" not in shown and strip_tags(shown) == strip_tags(tagged)
    assert spoken == normalize(tagged)  # the voice lane sees what the whole reply would give it


# -- two texts per result ----------------------------------------------------------------------------
def _outcome(tool: str, status: str = "ok", **fields) -> StepOutcome:
    return StepOutcome(step=Step(id="s1", tool=tool, args={"prompt": fields.pop("prompt", "a red wooden table")}),
                       status=status, **fields)  # type: ignore[arg-type]


def test_the_player_hears_summaries_never_the_technical_detail():
    made = _outcome("mesh", detail="Built a red wooden table with the embedded composer (1.20 × 0.75 m, 60 triangles)")
    reply = plain_reply(Plan(steps=[made.step], language="en"), [made])
    assert reply == "Here's a red wooden table as a 3D model." and "embedded" not in reply
    korean = _outcome("mesh", prompt="빨간 나무 의자", detail="Built 2 red wooden chairs with the embedded composer")
    korean.step.args["count"] = 2
    assert plain_reply(Plan(steps=[korean.step], language="ko"), [korean]) == "빨간 나무 의자 2개를 3D 모델로 만들었어요."
    said = _outcome("speech", summary=Words(en="Here's the voice line.", ko="음성을 만들었어요."),
                    notes=[Words(en="A note.", ko="알려 드릴 점.")])
    assert plain_reply(Plan(steps=[said.step], language="ko"), [said]) == "음성을 만들었어요. 알려 드릴 점."


def test_failures_are_said_in_the_turns_language_without_ids_or_settings():
    broken = _outcome("video", "failed", error=ErrorInfo(type="BackendError", message="step s2 (video): the "
                                                           "neural backend failed: set models.video", retryable=True))
    english = failed_line(broken, "en")
    assert english == "Something went wrong while making a video. Trying again may help."
    assert failed_line(broken, "ko") == "영상을 만드는 중에 문제가 생겼어요. 다시 해 보면 될 수도 있어요."
    fixable = _outcome("level", "failed", error=ErrorInfo(type="InputError", message="a 10×10 grid fits at most 4 "
                                                            "rooms; ask for 4 or fewer rooms, or a bigger map"))
    assert "ask for 4 or fewer rooms" in failed_line(fixable, "en")  # a fix meant for people is read out
    own = _outcome("video", "failed", error=ErrorInfo(type="PlanError", message="x", said={"en": "E.", "ko": "케이."}))
    assert failed_line(own, "ko") == "케이."


def test_a_korean_turn_hears_only_korean_persona_lines():
    smith = PersonaLibrary().get("blacksmith")  # an English card
    made = _outcome("mesh", prompt="칼")
    reply = strip_tags(reply_for(Plan(steps=[made.step], language="ko"), [made], persona=smith,
                                 request_text="안녕하세요! 칼 3D로 만들어 줘"))
    assert reply == "칼을 3D 모델로 만들었어요." and not any(line in reply for line in smith.example_lines)


# -- references across turns -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def planner() -> EmbeddedPlanner:
    return EmbeddedPlanner.for_tests()


def _made(kind: str, ident: str, prompt: str, tool: str, **meta) -> Artifact:
    return Artifact(id=ident, kind=kind, path=Path(f"{ident}.bin"), mime="application/octet-stream", sha256="0" * 64,
                    meta={"prompt": prompt, "tool": tool, "step_id": "s1", **meta})


def test_it_is_the_newest_result_and_an_unfit_one_is_said_not_swapped(planner):
    table = _made("mesh", "a_table", "a red wooden table", "mesh", objects=["table"])
    dragon = _made("image", "a_dragon", "a red dragon", "image", objects=["dragon"])
    ctx = PlanContext(recent_artifacts=(table, dragon))
    walk = planner.plan_turn_sync(Request(text="now make it walk"), ctx)
    assert walk.plan.steps == [], "no walk on the stock figure, and never on the older table"
    assert "red dragon picture" in walk.notes[0].en and "video" in walk.notes[0].en  # and the nearest thing
    assert "빨간" not in walk.notes[0].en and "red dragon" in walk.notes[0].ko
    video = planner.plan_turn_sync(Request(text="make a video of it"), ctx)
    assert video.plan.steps[0].args["source"] == {"$artifact": "a_dragon"}
    dance = planner.plan_turn_sync(Request(text="그거 춤추게 해줘"), PlanContext(recent_artifacts=(dragon, table)))
    assert dance.plan.steps == [] and "팔다리가 없어서" in dance.notes[0].ko


def test_a_named_thing_that_was_never_made_is_made_afresh_and_said(planner):
    table = _made("mesh", "a_table", "a red wooden table", "mesh", objects=["table"])
    planned = planner.plan_turn_sync(Request(text="make a video of that sword I made earlier"),
                                     PlanContext(recent_artifacts=(table,)))
    step = planned.plan.steps[0]
    assert step.tool == "video" and "source" not in step.args and step.args["prompt"] == "sword"
    assert "couldn't find a sword" in planned.notes[0].en


def test_the_conversation_says_which_result_it_means(planner):
    dragon = _made("image", "a_dragon", "a red dragon", "image", objects=["dragon"])
    chair = _made("mesh", "a_chair", "a wooden chair", "mesh", objects=["chair"])
    spoke = ({"role": "user", "content": "I love the dragon you drew"}, {"role": "assistant", "content": "Thanks!"})
    planned = planner.plan_turn_sync(Request(text="make a video of it"),
                                     PlanContext(recent_artifacts=(dragon, chair), conversation=spoke))
    assert planned.plan.steps[0].args["source"] == {"$artifact": "a_dragon"}


# -- the voice lane: emotion and ARKit weights -------------------------------------------------------
def _orchestrator(settings, *, planner=None, tools=(FakeImageTool, FakeVideoTool, SpeechTool), moderation=True,
                  memory=None) -> Orchestrator:
    from tests.fakes import KeywordPlanner

    registry = ToolRegistry(settings=settings)
    for tool in tools:
        registry.register(tool)
    guard = (SafetyGuard(classifier=EmbeddedClassifier(use_embeddings=False), audit=AuditLog.under(settings.data_dir))
             if moderation else None)
    return Orchestrator(settings=settings, registry=registry, planner=planner or KeywordPlanner(), memory=memory,
                        safety=TurnSafety(personas=PersonaLibrary(), guard=guard), embedded_reply=reply_for)


async def _events(iterator):
    return [event async for event in iterator]


async def test_every_spoken_sentence_carries_its_emotion_and_a_face(settings):
    orchestrator = _orchestrator(settings)
    events = await _events(orchestrator.turn(Request(text="Hello! How long does a sword take?", persona="blacksmith",
                                                     voice=True)))
    message = next(e for e in events if e.kind == "message")
    assert "[" not in message.message and message.speaker == "blacksmith"
    assert [e["emotion"] for e in message.data["emotions"]] and {e["emotion"] for e in message.data["emotions"]} <= EMOTIONS
    audio = [e for e in events if e.kind == "audio"]
    assert len(audio) == len(message.data["emotions"])
    for chunk, said in zip(audio, message.data["emotions"]):
        assert chunk.data["emotion"] == said["emotion"] and chunk.speaker == "blacksmith"
        assert all(v["arkit"] and all(0 <= w <= 1 for w in v["arkit"].values()) for v in chunk.data["visemes"]
                   if v["viseme"] != "sil")
    happy = next(chunk for chunk in audio if chunk.data["emotion"] == "happy")
    assert happy.data["expression"]["mouthSmileLeft"] > 0.3  # Unity/Unreal drive a face from these as they are
    opened = [v for v in happy.data["visemes"] if v["viseme"] == "aa"]
    assert not opened or opened[0]["arkit"]["jawOpen"] >= 0.7 and opened[0]["arkit"]["mouthSmileLeft"] > 0.3


# -- direct control ------------------------------------------------------------------------------------
async def test_say_speaks_exactly_the_line_with_the_emotion_asked_for(settings):
    orchestrator = _orchestrator(settings)
    line = "The gates close at dusk. Do not be late."
    events = await _events(orchestrator.say(Request(text=line, persona="station-ai"), emotion="afraid"))
    assert [e.kind for e in events][:2] == ["turn_started", "message"] and events[-1].kind == "turn_done"
    assert events[1].message == line and events[0].data["mode"] == "say"
    audio = [e for e in events if e.kind == "audio"]
    assert " ".join(a.data["text"] for a in audio) == line and {a.data["emotion"] for a in audio} == {"afraid"}
    assert all(a.data["visemes"] for a in audio) and audio[-1].data["final"]


async def test_narrated_events_are_known_and_reacted_to(settings):
    orchestrator = _orchestrator(settings)
    events = await _events(orchestrator.narrate(Request(text="the player picked up the cursed ring",
                                                        persona="blacksmith")))
    reaction = next(e for e in events if e.kind == "message")
    assert reaction.data["mode"] == "narrate" and reaction.data["emotions"][0]["emotion"] == "afraid"
    quiet = await _events(orchestrator.narrate(Request(text="it starts to rain", persona="blacksmith"), react=False))
    assert [e.kind for e in quiet] == ["turn_started", "turn_done"]
    history = [{"role": "user", "content": "[world event] the player picked up the cursed ring"}]
    answer = await _events(orchestrator.turn(Request(text="what just happened?", persona="blacksmith",
                                                     history=history)))
    assert "cursed ring" in next(e for e in answer if e.kind == "message").message


# -- scenes --------------------------------------------------------------------------------------------
async def test_a_scene_answers_by_name_then_everyone_each_in_its_own_voice(settings):
    orchestrator = _orchestrator(settings)
    scene = Scene(personas=["blacksmith", "station-ai", "museum-guide"], max_exchanges=2)
    named = await _events(orchestrator.scene_turn(Request(text="HALCYON, what is the station's orbit?", voice=True,
                                                          session_id="sc"), scene))
    assert named[0].kind == "turn_started" and named[-1].kind == "turn_done"
    assert named[0].data["addressed"] == ["station-ai"] and len({e.turn_id for e in named}) == 1
    said = [e for e in named if e.kind == "message"]
    assert said[0].speaker == "station-ai" and "412 kilometres" in said[0].message
    assert not [e for e in named if e.kind == "plan" and e.plan.steps], "the name is not a thing to make"
    everyone = await _events(orchestrator.scene_turn(Request(text="hello everyone!", voice=True, session_id="sc"),
                                                     scene))
    speakers = [e.speaker for e in everyone if e.kind == "message"]
    assert speakers[:3] == ["blacksmith", "station-ai", "museum-guide"]
    assert len(speakers) <= 3 + scene.max_exchanges and everyone[-1].data["speakers"] == speakers
    voices = {e.speaker: e.data["voice"] for e in everyone if e.kind == "audio"}
    assert len(set(voices.values())) == 3, f"each persona has its own voice: {voices}"
    follow = await _events(orchestrator.scene_turn(Request(text="and how are you?", session_id="sc"), scene))
    assert follow[0].data["addressed"] == ["museum-guide"], "no name: the one addressed last answers"


async def test_scene_lines_are_moderated_under_each_personas_policy(settings):
    orchestrator = _orchestrator(settings)
    scene = Scene(personas=["blacksmith", "museum-guide"], max_exchanges=1)
    events = await _events(orchestrator.scene_turn(Request(text="everyone, how do I slay the dragon with a spear?",
                                                           session_id="m"), scene))
    said = {e.speaker: e.message for e in events if e.kind == "message"}
    flagged = {e.speaker for e in events if e.kind == "moderation"}
    guide = PersonaLibrary().get("museum-guide")
    assert "museum-guide" in flagged and said["museum-guide"] in [*guide.safety.deflections["en"],
                                                                   *guide.safety.deflections["ko"]]
    assert "blacksmith" not in flagged and said["blacksmith"], "the smith's policy lets a dragon hunt be talked of"


def test_a_scene_holds_two_to_four_distinct_personas():
    from agent.errors import InputError

    with pytest.raises(InputError, match="2 to 4 personas"):
        Scene.parse(personas=["blacksmith", "station-ai", "museum-guide", "a", "b"])
    with pytest.raises(InputError, match="only once"):
        Scene.parse(personas=["blacksmith", "blacksmith"])


def test_the_llm_planner_sees_the_conversation_before_the_request():
    from agent.planner.llm_prompt import user_message

    message = user_message("now make it walk", ['a_1 image "a red dragon"'],
                           [{"role": "user", "content": "draw a red dragon"},
                            {"role": "assistant", "content": "I drew a red dragon for you."}])
    assert message.index("draw a red dragon") < message.index("a_1 image") < message.index("Request: now make it walk")
