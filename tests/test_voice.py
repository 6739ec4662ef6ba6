"""The voice lane of a turn (agent/voice.py): an audio input is transcribed first (a ``transcript``
event), and a voiced turn's reply is spoken sentence by sentence as ``audio`` events with visemes,
through the real embedded backends (eSpeak NG, PocketSphinx with WebRTC VAD)."""

from __future__ import annotations

import asyncio
import json
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from agent.config import Settings
from agent.orchestrator import Orchestrator
from agent.registry import ToolRegistry
from agent.text import split_finished
from agent.types import Event, Plan, Request
from agent.voice import ReplyVoice, SpeechProvider, VoiceSpec
from persona.library import PersonaLibrary
from persona.turns import TurnSafety
from tests.api_helpers import KeywordPlanner
from tools.speech import SpeechTool
from tools.transcribe import TranscribeTool


def ev(kind: str, **fields) -> Event:
    return Event(kind=kind, turn_id="t_1", at=0.0, **fields)


def lane_for(settings: Settings, store, *, voice: VoiceSpec | None = None) -> ReplyVoice:
    registry = ToolRegistry(settings=settings)
    registry.register(SpeechTool)
    return ReplyVoice.for_turn(Request(text="hi", voice=True), registry=registry, store=store, settings=settings,
                               event=ev, voice=voice)


def orchestrator_with(settings: Settings, *tools) -> Orchestrator:
    registry = ToolRegistry(settings=settings)
    for tool in tools:
        registry.register(tool)
    return Orchestrator(settings=settings, registry=registry, planner=KeywordPlanner(),
                        safety=TurnSafety(personas=PersonaLibrary.for_data_dir(settings.data_dir), guard=None))


def seconds_of(path: Path) -> tuple[float, int]:
    with wave.open(str(path)) as handle:
        frames = handle.readframes(handle.getnframes())
        return handle.getnframes() / handle.getframerate(), int(np.abs(np.frombuffer(frames, "<i2")).max())


def spoken_wav(path: Path, text: str) -> Path:
    from tools.audio_io import write_wav
    from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences

    audio, _ = join(list(synthesize_sentences(text, backend=EmbeddedSpeech.for_request(language="en", voice="en-us"))))
    return write_wav(path, audio)


def test_finished_sentences_are_split_off_the_stream():
    assert split_finished("Aye, friend. The forge is hot! And") == (["Aye, friend.", "The forge is hot!"], "And")
    assert split_finished("no end yet") == ([], "no end yet")
    assert split_finished("안녕하세요. 반가워요") == (["안녕하세요."], "반가워요")


def test_the_speech_tool_is_the_lanes_provider(settings):
    assert isinstance(SpeechTool(settings=settings), SpeechProvider)


async def test_a_streamed_reply_is_spoken_sentence_by_sentence_with_visemes(settings, store):
    lane = lane_for(settings, store)
    events = lane.hear("Welcome to the forge, friend. ") + lane.hear("Mind the sparks")
    events += [e async for e in lane.speak("Welcome to the forge, friend. Mind the sparks!")]
    audio = [e for e in events if e.kind == "audio"]
    assert [e.kind for e in events] == ["audio", "audio"] and len(audio) == 2  # two sentences, no warning
    assert [a.data["text"] for a in audio] == ["Welcome to the forge, friend.", "Mind the sparks!"]
    assert [a.data["final"] for a in audio] == [False, True]
    total = 0.0
    for chunk in audio:
        seconds, peak = seconds_of(Path(chunk.artifact["path"]))
        assert peak > 1000 and chunk.data["duration_s"] == pytest.approx(seconds, abs=0.01)
        assert chunk.data["offset_s"] == pytest.approx(total, abs=0.01)
        assert chunk.data["visemes"] and chunk.data["visemes"][-1]["end"] <= chunk.data["duration_s"] + 0.05
        assert {v["viseme"] for v in chunk.data["visemes"]} - {"sil"}, "a spoken sentence opens the mouth"
        assert chunk.data["sample_rate"] == store.get(chunk.artifact["id"]).meta["sample_rate"]
        total += chunk.data["duration_s"]
    assert total > 1.0


async def test_the_first_sentence_is_released_once_more_text_follows_it(settings, store):
    lane = lane_for(settings, store)
    assert lane.hear("Welcome to the forge, friend. ") == []  # finished, but is it the last one?
    for _ in range(200):  # synthesis runs off the loop
        await asyncio.sleep(0.02)
        early = lane.hear("")
        if early:
            break
    assert early == []
    early = lane.hear("Mind")  # more text: the first sentence is not the reply's last
    for _ in range(200):
        if early:
            break
        await asyncio.sleep(0.02)
        early = lane.hear("")
    assert [e.kind for e in early] == ["audio"] and early[0].data["final"] is False
    rest = [e async for e in lane.speak("Welcome to the forge, friend. Mind the sparks!")]
    assert [e.data["text"] for e in rest] == ["Mind the sparks!"] and rest[0].data["final"] and rest[0].data["index"] == 1


async def test_the_persona_voice_speaks_its_own_language_only(settings, store):
    blacksmith = TurnSafety.voice_for(PersonaLibrary().get("blacksmith"))
    assert blacksmith is not None and blacksmith.name == "en-gb" and blacksmith.language == "en"
    lane = lane_for(settings, store, voice=blacksmith)
    english = [e async for e in lane.speak("Good steel remembers.")]
    korean = [e async for e in lane.speak("안녕하세요.")]
    assert english[0].data["voice"].startswith("en-gb") and english[0].data["language"] == "en"
    assert korean[0].data["language"] == "ko" and not korean[0].data["voice"].startswith("en-gb")


@pytest.mark.parametrize("neural", [{"profile": "neural"}, {"backends": {"speech": "neural"}}])
async def test_a_spoken_reply_without_neural_speech_follows_the_backend_rule(tmp_path, store, monkeypatch, neural):
    """Preferred neural speech falls back to eSpeak NG visibly; forced, the reply is not spoken and a
    warning says why (the text reply is never lost)."""
    monkeypatch.setitem(sys.modules, "TTS", None)  # as on a machine without the neural-tts extra
    lane = lane_for(Settings(data_dir=tmp_path / "data", **neural), store)
    events = [e async for e in lane.speak("Welcome to the forge, friend. Mind the sparks!")]
    assert "atelier[neural-tts]" in events[0].message
    if "profile" in neural:
        assert [e.kind for e in events] == ["warning", "audio", "audio"]
        assert "using the embedded eSpeak NG voice instead" in events[0].message
        assert store.get(events[1].artifact["id"]).meta["backend"] == "embedded"
    else:
        assert [e.kind for e in events] == ["warning"]
        assert events[0].message.startswith("the reply is not spoken: Coqui TTS is not installed")


async def test_without_voice_the_lane_is_silent(settings, store):
    registry = ToolRegistry(settings=settings)
    registry.register(SpeechTool)
    lane = ReplyVoice.for_turn(Request(text="hi"), registry=registry, store=store, settings=settings, event=ev)
    assert lane.hear("Hello there. And") == [] and [e async for e in lane.speak("Hello there. And more.")] == []


async def test_a_voiced_turn_emits_audio_events_with_visemes_after_the_reply(settings):
    orchestrator = orchestrator_with(settings, SpeechTool)
    events = [e async for e in orchestrator.turn(Request(text="hello, who are you?", persona="station-ai",
                                                         voice=True))]
    kinds = [e.kind for e in events]
    audio = [e for e in events if e.kind == "audio"]
    assert audio and kinds.index("message") < kinds.index("audio") and kinds[-1] == "turn_done"
    assert "warning" not in kinds and audio[-1].data["final"]
    reply = next(e.message for e in events if e.kind == "message")
    assert " ".join(a.data["text"] for a in audio) in reply
    assert all(a.data["visemes"] and a.artifact["kind"] == "audio" for a in audio)
    quiet = [e.kind async for e in orchestrator.turn(Request(text="hello, who are you?"))]
    assert "audio" not in quiet


async def test_an_audio_turn_emits_the_transcript_first_and_plans_on_it(settings, store, tmp_path):
    orchestrator = orchestrator_with(settings, TranscribeTool, SpeechTool)
    recording = store.add(spoken_wav(tmp_path / "q.wav", "hello world"), kind="audio")
    request = Request(audio=recording.id, session_id=store.session_id, user_id=store.user_id, voice=True)
    events = [e async for e in orchestrator.turn(request)]
    assert events[0].kind == "transcript" and events[1].kind == "turn_started"
    heard = events[0]
    assert "hello" in heard.message.lower() and heard.data["audio"] == recording.id
    assert heard.artifact["kind"] == "text" and heard.data["request_text"] == heard.message
    assert "audio" in [e.kind for e in events] and events[-1].data["status"] == "ok"


async def test_typed_words_and_a_recording_make_one_request(settings, store, tmp_path):
    orchestrator = orchestrator_with(settings, TranscribeTool)
    recording = store.add(spoken_wav(tmp_path / "q.wav", "hello world"), kind="audio")
    events = [e async for e in orchestrator.turn(Request(text="make it 3D:", audio=recording.id,
                                                         session_id=store.session_id, user_id=store.user_id))]
    assert events[0].data["request_text"].startswith("make it 3D: ") and "hello" in events[0].data["request_text"].lower()


async def test_a_silent_recording_is_refused_before_recognition(settings, store, tmp_path):
    orchestrator = orchestrator_with(settings, TranscribeTool)
    from tools.audio_io import Audio, write_wav

    recording = store.add(write_wav(tmp_path / "silence.wav", Audio(np.zeros(16000, np.float32), 16000)), kind="audio")
    events = [e async for e in orchestrator.turn(Request(audio=recording.id, session_id=store.session_id,
                                                         user_id=store.user_id))]
    assert [e.kind for e in events] == ["error", "turn_done"]
    assert events[0].error.type == "InputError" and "silence" in events[0].error.message
    assert events[1].data["status"] == "failed"
    assert not [a for a in store.artifacts() if a.kind == "text"], "the recognizer never ran"


async def test_a_recording_that_is_not_audio_is_an_input_error(settings, store, tmp_path):
    orchestrator = orchestrator_with(settings, TranscribeTool)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    text = store.add(notes, kind="text")
    events = [e async for e in orchestrator.turn(Request(audio=text.id, session_id=store.session_id,
                                                         user_id=store.user_id))]
    assert events[0].kind == "error" and "not a recording" in events[0].error.message


async def test_a_streaming_llm_reply_is_spoken_while_it_streams(settings):
    from agent.llm.factory import build_llm
    from agent.llm.fake_server import Answer, FakeOpenAI
    from agent.config import LLMSettings
    from agent.planner.embedded import EmbeddedPlanner
    from agent.planner.llm import LLMPlanner
    from agent.responder_llm import LLMResponder
    from persona.prompt import build_system_prompt

    talk = json.dumps({"language": "en", "steps": []})
    reply = "Aye, friend! The forge is hot today. Good steel remembers every blow. Mind the sparks."
    with FakeOpenAI([Answer(talk), Answer(reply, chunk_delay_s=0.08)]) as server:
        llm = build_llm(LLMSettings(base_url=server.base_url, model="fake-model", timeout_s=5, max_retries=1))
        registry = ToolRegistry(settings=settings)
        registry.register(SpeechTool)
        orchestrator = Orchestrator(settings=settings, registry=registry,
                                    planner=LLMPlanner(llm=llm, fallback=EmbeddedPlanner.for_tests()),
                                    responder=LLMResponder(llm=llm, system_prompt=build_system_prompt, tools=registry.names()))
        events = [e async for e in orchestrator.turn(Request(text="hello there", voice=True))]
    kinds = [e.kind for e in events]
    last_delta = len(kinds) - 1 - kinds[::-1].index("message_delta")
    assert "message_delta" in kinds and kinds.index("audio") < last_delta, kinds
    audio = [e for e in events if e.kind == "audio"]
    assert [a.data["index"] for a in audio] == list(range(len(audio))) and audio[-1].data["final"]
    assert sum(a.data["final"] for a in audio) == 1
