"""speech tool: eSpeak NG voices, phoneme timings, sentence streaming, bad input, neural fallback."""

from __future__ import annotations

import json
import sys
import wave
from pathlib import Path

import pytest

from agent.config import Settings
from agent.errors import BackendError, InputError
from agent.executor import Executor
from agent.registry import ToolRegistry
from agent.types import Plan
from tools.speech import SpeechTool
from tools.speech.espeak import ESpeak
from agent.text import split_sentences
from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences
from tools.speech.voices import choose_voice, persona_variant


def registry_for(settings: Settings) -> ToolRegistry:
    from tools.avatar import AvatarTool
    from tools.transcribe import TranscribeTool

    registry = ToolRegistry(settings=settings)
    for tool in (SpeechTool, TranscribeTool, AvatarTool):
        registry.register(tool)
    return registry


async def run_plan(settings: Settings, store, steps: list[dict], persona: str | None = None):
    executor = Executor(registry=registry_for(settings), settings=settings)
    run = executor.start(Plan(steps=steps), store=store, turn_id="t_test", persona=persona)
    events = [event async for event in run.events()]
    return run, events


def test_english_and_korean_voices_ship_with_the_wheel():
    engine = ESpeak.shared()
    languages = engine.languages()
    assert "en-us" in languages and "ko" in languages
    assert {"m3", "f2", "whisper"} <= set(engine.variants())


def test_synthesis_gives_audio_and_ordered_phonemes_ending_with_the_audio():
    result = ESpeak.shared().synthesize("Welcome, traveler.", voice="en-us")
    assert result.audio.rate == 22050
    assert 0.6 < result.audio.seconds < 3.0
    assert len(result.phonemes) > 8
    starts = [p.start for p in result.phonemes]
    assert starts == sorted(starts)
    assert abs(result.phonemes[-1].end - result.audio.seconds) < 0.01
    assert {"w", "l", "k"} <= {p.symbol.strip("ˈˌ") for p in result.phonemes}


def test_korean_text_gets_korean_phonemes():
    result = EmbeddedSpeech.for_request(language="ko").speak("안녕하세요, 반가워요")
    assert result.audio.seconds > 0.8
    symbols = "".join(p.symbol for p in result.phonemes)
    assert "n" in symbols and "p" in symbols


def test_rate_and_pitch_change_the_audio():
    slow = EmbeddedSpeech.for_request(language="en", rate=0.6).speak("The quick brown fox jumps.")
    fast = EmbeddedSpeech.for_request(language="en", rate=1.8).speak("The quick brown fox jumps.")
    assert slow.audio.seconds > fast.audio.seconds * 1.8


def test_voice_styles_personas_and_unknown_voices():
    engine = ESpeak.shared()
    kwargs = {"available": engine.languages(), "variants": engine.variants()}
    deep = choose_voice(language="en", voice="a deep voice", **kwargs)
    assert deep.espeak_voice == "en-us+m3" and deep.pitch < 30
    assert choose_voice(language="ko", voice="f2", **kwargs).espeak_voice == "ko+f2"
    assert choose_voice(language="en", voice="en-gb", **kwargs).espeak_voice == "en-gb"
    one = choose_voice(language="en", persona="Gorim the smith", **kwargs)
    assert one.espeak_voice == f"en-us+{persona_variant('Gorim the smith')}"
    assert one == choose_voice(language="en", persona="gorim the smith ", **kwargs)
    with pytest.raises(InputError, match="unknown voice"):
        choose_voice(language="en", voice="zzzz", **kwargs)


def test_a_language_without_a_voice_names_the_voices_that_exist():
    with pytest.raises(InputError) as info:
        EmbeddedSpeech.for_request(language="tlh")
    assert "no voice for language 'tlh'" in info.value.message
    assert "en-us" in info.value.message and "ko" in info.value.message


def test_sentences_split_on_end_punctuation_in_english_and_korean():
    assert split_sentences("Hello there. How are you? Fine!") == ["Hello there.", "How are you?", "Fine!"]
    assert split_sentences("안녕하세요. 반가워요! 오늘 날씨가 좋네요.") == ["안녕하세요.", "반가워요!", "오늘 날씨가 좋네요."]
    assert split_sentences("...  ") == []


def test_sentence_stream_yields_each_sentence_and_joins_on_one_timeline():
    backend = EmbeddedSpeech.for_request(language="en")
    chunks = list(synthesize_sentences("First one. Second one here. Third!", backend=backend))
    assert [c.text for c in chunks] == ["First one.", "Second one here.", "Third!"]
    audio, phonemes = join(chunks)
    assert abs(audio.seconds - sum(c.audio.seconds for c in chunks)) < 1e-6
    assert chunks[1].offset_s == pytest.approx(chunks[0].audio.seconds)
    assert abs(phonemes[-1].end - audio.seconds) < 0.01
    assert all(b.start >= a.start for a, b in zip(phonemes, phonemes[1:]))


@pytest.mark.parametrize("text, why", [("", "no text to speak"), ("   ?!  ", "no text to speak"),
                                       ("word " * 2000, "limit is 5000 characters")])
def test_empty_unspeakable_and_very_long_text_are_refused(text, why):
    with pytest.raises(InputError, match=why):
        list(synthesize_sentences(text, backend=EmbeddedSpeech.for_request(language="en")))


async def test_speech_step_writes_a_wav_and_an_aligned_viseme_track(settings, store):
    run, events = await run_plan(settings, store, [{"id": "s1", "tool": "speech",
                                                    "args": {"text": "Welcome, traveler. Rest by the fire.",
                                                             "voice": "deep"}}])
    outcome = run.outcomes["s1"]
    assert outcome.status == "ok", outcome.error
    audio, track_artifact = outcome.artifacts
    assert (audio.kind, track_artifact.kind) == ("audio", "visemes")
    with wave.open(str(audio.path)) as handle:
        seconds = handle.getnframes() / handle.getframerate()
        assert handle.getnchannels() == 1 and handle.getsampwidth() == 2
    assert seconds == pytest.approx(audio.meta["duration_s"], abs=0.01)
    assert audio.meta["voice"] == "en-us+m3" and audio.meta["sentences"] == 2
    track = json.loads(Path(track_artifact.path).read_text())
    assert abs(track["visemes"][-1]["end"] - seconds) <= 0.1
    assert {v["viseme"] for v in track["visemes"]} <= set(track["viseme_set"])
    assert any(e.kind == "progress" for e in events)


async def test_unknown_language_fails_the_step_with_the_voice_list(settings, store):
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "speech", "args": {"text": "hi", "language": "xx"}}])
    error = run.outcomes["s1"].error
    assert error is not None and error.type == "InputError" and "ko" in error.message


async def test_empty_text_is_a_bad_argument(settings, store):
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "speech", "args": {"text": " "}}])
    assert run.outcomes["s1"].status == "failed"
    assert "no text to speak" in run.outcomes["s1"].error.message


def test_coqui_loading_reports_how_to_install_or_what_is_wrong(tmp_path):
    from tools.speech.coqui import load_coqui

    try:
        import TTS  # noqa: F401
    except ImportError:
        with pytest.raises(BackendError, match="pip install 'atelier\\[neural-tts\\]'"):
            load_coqui(str(tmp_path))
        return
    with pytest.raises(BackendError, match="config.json"):
        load_coqui(str(tmp_path))  # an empty model directory


def hide_packages(monkeypatch, *modules: str) -> None:
    """This machine as one without ``modules``: importing them fails, whatever is installed."""
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)


@pytest.fixture
def without_coqui(monkeypatch):
    hide_packages(monkeypatch, "TTS", "TTS.api")  # no neural-tts extra


async def test_neural_profile_without_coqui_falls_back_to_espeak_visibly(tmp_path, store, without_coqui):
    settings = Settings(data_dir=tmp_path / "data", profile="neural")
    run, events = await run_plan(settings, store, [{"id": "s1", "tool": "speech", "args": {"text": "Hello."}}])
    outcome = run.outcomes["s1"]
    assert outcome.status == "ok", outcome.error
    [warning] = [e.message for e in events if e.kind == "warning"]
    assert warning.startswith("neural speech backend unavailable (Coqui TTS is not installed")
    assert "atelier[neural-tts]" in warning and warning.endswith("using the embedded eSpeak NG voice instead")
    audio = outcome.artifacts[0]
    assert (audio.meta["backend"], audio.meta["backend_requested"]) == ("embedded", "neural")


async def test_forced_neural_speech_without_coqui_fails_the_step_naming_the_fix(tmp_path, store, without_coqui):
    settings = Settings(data_dir=tmp_path / "data", backends={"speech": "neural"})
    run, events = await run_plan(settings, store, [{"id": "s1", "tool": "speech", "args": {"text": "Hello."}}])
    outcome = run.outcomes["s1"]
    assert outcome.status == "failed" and not outcome.artifacts
    assert outcome.error.type == "BackendError"
    assert "pip install 'atelier[neural-tts]'" in outcome.error.message
    assert not [e for e in events if e.kind == "warning" and "eSpeak" in (e.message or "")]


async def test_forced_neural_speech_fails_an_avatar_that_speaks_its_text(tmp_path, store, without_coqui):
    settings = Settings(data_dir=tmp_path / "data", backends={"speech": "neural"})
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "avatar", "args": {"text": "Hello."}}])
    assert run.outcomes["s1"].error.type == "BackendError"
    assert "atelier[neural-tts]" in run.outcomes["s1"].error.message


async def test_persona_gets_its_own_stable_voice(tmp_path, store):
    from agent.config import Settings

    settings = Settings(data_dir=tmp_path / "data", voice={"english_voice": "espeak"})
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "speech", "args": {"text": "Hello."}}],
                            persona="Mira")
    assert run.outcomes["s1"].artifacts[0].meta["voice"] == f"en-us+{persona_variant('Mira')}"


async def test_english_speaks_with_the_packaged_piper_voice_when_it_is_installed(settings, store):
    pytest.importorskip("piper", reason="Piper is an install-time choice (atelier[piper])")
    from tools.audio_io import read_wav
    from tools.transcribe.whisper_backend import shared_recognizer

    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "speech",
                                               "args": {"text": "The gate opens at dawn."}}])
    audio, visemes = run.outcomes["s1"].artifacts
    assert audio.meta["voice"] == "piper:en_US-joe-medium" and audio.meta["sample_rate"] == 22050
    assert len({v["viseme"] for v in json.loads(Path(visemes.path).read_text())["visemes"]}) > 4
    from tools.audio_io import resample

    heard = shared_recognizer("whisper-base").transcribe(resample(read_wav(audio.path), 16000), language="en")[0]
    # another engine hears it; Piper samples its prosody, so "dawn" is sometimes heard as "on": the sure words
    assert {"gate", "opens"} <= {w.strip(".,").lower() for w in heard.split()}


def test_language_codes_that_are_not_voice_names_still_speak():
    """'en-gb' is a language of the voice file 'gmw/en', not a voice name of its own."""
    from tools.speech.synthesis import EmbeddedSpeech

    for voice in ("en-gb", "en-gb+m3"):
        speech = EmbeddedSpeech.for_request(language="en", voice=voice)
        assert speech.speak("Hello there, traveler.").audio.samples.size > 0


def test_piper_speaks_a_sentence_it_synthesizes_in_several_chunks():
    """Piper splits "e.g. ..." into chunks of different lengths; their timings add up (the chunk
    lookup once compared the chunks' sample arrays and failed: "operands could not be broadcast")."""
    pytest.importorskip("piper", reason="Piper is an install-time choice (atelier[piper])")
    from tools.speech.piper import PiperSpeech

    result = PiperSpeech().speak('Tell me what to create, e.g. "make a red wooden table in 3D".')
    seconds = result.audio.samples.size / result.audio.rate
    assert seconds > 2.0 and result.phonemes and result.phonemes[-1].end <= seconds + 1e-6
    assert all(a.end <= b.start + 1e-6 for a, b in zip(result.phonemes, result.phonemes[1:])), "in order"


async def test_speech_reads_a_text_artifact_as_its_script(settings, store, tmp_path):
    # transcribe -> speech ("read it back"): the script is the transcript, known only when it has run
    transcript = tmp_path / "transcript.txt"
    transcript.write_text("The gates open at dawn.\n", encoding="utf-8")
    text = store.add(transcript, kind="text", meta={"text": "The gates open at dawn."}, mime="text/plain")
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "speech", "args": {"script": {"$artifact": text.id}}}])
    outcome = run.outcomes["s1"]
    assert outcome.status == "ok", outcome.error
    assert outcome.artifacts[0].meta["text"] == "The gates open at dawn."
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "speech",
                                               "args": {"text": "hi", "script": {"$artifact": text.id}}}])
    assert run.outcomes["s1"].status == "failed" and "not both" in run.outcomes["s1"].error.message
