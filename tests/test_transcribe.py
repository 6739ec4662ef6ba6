"""transcribe tool: TTS -> WAV -> the packaged recognizer (Whisper base) round trip, PocketSphinx,
browser formats, VAD, bad input, fallbacks. Test audio comes from a TTS engine (Piper's packaged voice when it is
installed, else eSpeak NG), never from the engine under test. Whisper base mishears eSpeak's robotic voice far more
often than people's (README 'Voice'), so the round trips speak with Piper where they can."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from agent.errors import InputError
from tools.audio_io import Audio, decode, ffmpeg_exe, trim_silence, write_wav
from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences

from tests.test_speech import hide_packages, run_plan

ROOT = Path(__file__).resolve().parents[1]


def words(text: str) -> set[str]:
    """Lower-case words without punctuation ("Thank you." -> {"thank", "you"})."""
    return {w.strip(".,!?;:\"'").lower() for w in text.split()} - {""}


def spoken_wav(path: Path, text: str, *, voice: str | None = None) -> Path:
    """``text`` spoken by Piper (when installed and no eSpeak ``voice`` is asked for), else by eSpeak NG."""
    from tools.speech import piper

    backend = piper.PiperSpeech() if voice is None and piper.installed() else EmbeddedSpeech.for_request(
        language="en", voice=voice)
    audio, _ = join(list(synthesize_sentences(text, backend=backend)))
    return write_wav(path, audio)


def with_silence(path: Path, source: Path, seconds: float) -> Path:
    audio = decode(source)
    quiet = np.zeros(int(seconds * audio.rate), np.float32)
    return write_wav(path, Audio(np.concatenate([quiet, audio.samples, quiet]), audio.rate))


ROUND_TRIP = [
    ("The weather is nice today.", {"weather", "nice", "today"}),
    ("Thank you very much.", {"thank", "very", "much"}),
    ("Open the door please.", {"door", "please"}),
]


async def test_espeak_to_the_packaged_recognizer_round_trip_keeps_the_key_words(settings, store, tmp_path):
    """The default recognizer (packaged Whisper base) on eSpeak NG's voice: every phrase keeps a key
    word and most key words come through (eSpeak's samples differ a little from call to call)."""
    kept = 0
    for index, (phrase, key_words) in enumerate(ROUND_TRIP):
        wav = spoken_wav(tmp_path / f"say{index}.wav", phrase)
        uploaded = store.add(wav, kind="audio", meta={"upload": True})
        run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "transcribe",
                                                   "args": {"audio": {"$artifact": uploaded.id}}}])
        outcome = run.outcomes["s1"]
        assert outcome.status == "ok", outcome.error
        assert outcome.artifacts[0].meta["backend"] == "embedded"
        assert outcome.artifacts[0].meta["model"] == "faster-whisper:whisper-base"
        assert 0 < outcome.artifacts[0].meta["confidence"] <= 1
        heard = words(Path(outcome.artifacts[0].path).read_text())
        assert key_words & heard, (phrase, heard)
        kept += len(key_words & heard)
    assert kept >= 5, f"only {kept} of 8 key words came through"


async def test_a_speech_step_can_feed_transcribe_by_ref(settings, store):
    run, _ = await run_plan(settings, store, [
        {"id": "s1", "tool": "speech", "args": {"text": "Thank you very much."}},
        {"id": "s2", "tool": "transcribe", "args": {"audio": {"$ref": "s1"}}, "depends_on": ["s1"]},
    ])
    assert run.outcomes["s2"].status == "ok", run.outcomes["s2"].error
    assert {"thank", "much"} & words(run.outcomes["s2"].artifacts[0].meta["text"])


@pytest.mark.parametrize("suffix, codec", [(".mp3", "libmp3lame"), (".ogg", "libopus"), (".webm", "libopus")])
def test_browser_formats_decode_to_16k_mono(tmp_path, suffix, codec):
    wav = spoken_wav(tmp_path / "say.wav", "Thank you very much.")
    target = tmp_path / f"say{suffix}"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-i", str(wav), "-ac", "2", "-ar", "48000",
                    "-c:a", codec, str(target)], check=True)
    audio = decode(target)
    assert audio.rate == 16000 and audio.samples.ndim == 1
    assert abs(audio.seconds - decode(wav).seconds) < 0.15


async def test_webm_upload_with_silence_around_is_trimmed_and_transcribed(settings, store, tmp_path):
    padded = with_silence(tmp_path / "pad.wav", spoken_wav(tmp_path / "say.wav", "The weather is nice today."), 1.5)
    webm = tmp_path / "mic.webm"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-i", str(padded), "-c:a", "libopus", str(webm)], check=True)
    uploaded = store.add(webm, kind="audio")
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "transcribe", "args": {"audio": {"$artifact": uploaded.id}}}])
    meta = run.outcomes["s1"].artifacts[0].meta
    assert {"weather", "today"} <= words(meta["text"])
    assert 1.0 < meta["speech_start_s"] < 1.6 and meta["speech_end_s"] < meta["audio_duration_s"] - 1.0


def test_vad_finds_no_speech_in_silence_or_faint_noise():
    silent = Audio(np.zeros(16000 * 2, np.float32), 16000)
    noise = Audio(np.random.default_rng(1).normal(0, 0.0005, 16000 * 2).astype(np.float32), 16000)
    for audio in (silent, noise):
        with pytest.raises(InputError, match="no speech"):
            trim_silence(audio)


async def test_silence_fails_the_step_with_a_clear_message(settings, store, tmp_path):
    wav = write_wav(tmp_path / "silence.wav", Audio(np.zeros(16000 * 3, np.float32), 16000))
    uploaded = store.add(wav, kind="audio")
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "transcribe", "args": {"audio": {"$artifact": uploaded.id}}}])
    assert run.outcomes["s1"].error.type == "InputError"
    assert "no speech" in run.outcomes["s1"].error.message


def test_corrupt_empty_and_unsupported_files_are_refused(tmp_path):
    corrupt = tmp_path / "broken.wav"
    corrupt.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt garbage" + bytes(range(256)) * 4)
    text = tmp_path / "notes.ogg"
    text.write_text("this is not audio at all\n" * 20)
    empty = tmp_path / "empty.mp3"
    empty.write_bytes(b"")
    for path, why in ((corrupt, "cannot decode"), (text, "cannot decode"), (empty, "empty")):
        with pytest.raises(InputError, match=why):
            decode(path)


def test_a_two_hour_recording_is_refused_naming_the_limit(tmp_path):
    # a real two-hour MP3, made fast by repeating one encoded second (stream copy, no re-encoding)
    second = tmp_path / "one.mp3"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=220:duration=1",
                    "-ac", "1", "-ar", "16000", "-b:a", "8k", str(second)], check=True)
    long = tmp_path / "long.mp3"
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", "-stream_loop", "7199", "-i", str(second), "-c", "copy",
                    str(long)], check=True)
    with pytest.raises(InputError, match="the limit is 30 minutes"):
        decode(long)


@pytest.mark.parametrize("recognizer", ["pocketsphinx", "whisper-tiny.en"])
async def test_korean_on_an_english_only_recognizer_says_which_one_hears_it(store, tmp_path, recognizer):
    from agent.config import Settings

    settings = Settings(data_dir=tmp_path / "data", voice={"recognizer": recognizer})
    uploaded = store.add(spoken_wav(tmp_path / "say.wav", "Hello."), kind="audio")
    run, _ = await run_plan(settings, store, [{"id": "s1", "tool": "transcribe",
                                               "args": {"audio": {"$artifact": uploaded.id}, "language": "ko"}}])
    error = run.outcomes["s1"].error
    assert error.type == "InputError" and "voice.recognizer = 'whisper-base'" in error.message


@pytest.fixture
def without_whisper(monkeypatch):
    hide_packages(monkeypatch, "whisper", "faster_whisper")  # neither Whisper package


async def test_neural_profile_without_whisper_falls_back_to_the_embedded_recognizer_visibly(store, tmp_path,
                                                                                            without_whisper):
    from agent.config import Settings

    settings = Settings(data_dir=tmp_path / "data", profile="neural", voice={"recognizer": "pocketsphinx"})
    uploaded = store.add(spoken_wav(tmp_path / "say.wav", "Thank you very much."), kind="audio")
    run, events = await run_plan(settings, store, [{"id": "s1", "tool": "transcribe",
                                                    "args": {"audio": {"$artifact": uploaded.id}}}])
    outcome = run.outcomes["s1"]
    assert outcome.status == "ok", outcome.error
    [warning] = [e.message for e in events if e.kind == "warning"]
    assert warning.startswith("neural transcribe backend unavailable (Whisper is not installed")
    assert "atelier[neural-asr]" in warning and warning.endswith("using the embedded recognizer instead")
    meta = outcome.artifacts[0].meta
    assert (meta["backend"], meta["backend_requested"], meta["model"]) == ("embedded", "neural", "pocketsphinx:en-us")
    assert {"thank", "much"} & words(meta["text"])


async def test_forced_neural_transcribe_without_whisper_fails_the_step_naming_the_fix(store, tmp_path, without_whisper):
    from agent.config import Settings

    settings = Settings(data_dir=tmp_path / "data", backends={"transcribe": "neural"})
    uploaded = store.add(spoken_wav(tmp_path / "say.wav", "Thank you very much."), kind="audio")
    run, events = await run_plan(settings, store, [{"id": "s1", "tool": "transcribe",
                                                    "args": {"audio": {"$artifact": uploaded.id}}}])
    outcome = run.outcomes["s1"]
    assert outcome.status == "failed" and not outcome.artifacts
    assert outcome.error.type == "BackendError" and "pip install 'atelier[neural-asr]'" in outcome.error.message
    assert not [e for e in events if e.kind == "warning" and "embedded" in (e.message or "")]


def test_cli_transcribes_an_uploaded_wav_through_a_plan_file(tmp_path):
    from agent.store import ArtifactStore

    data = tmp_path / "cli-data"
    store = ArtifactStore(data_dir=data, session_id="voice", user_id="tester")
    uploaded = store.add(spoken_wav(tmp_path / "say.wav", "Thank you very much."), kind="audio", meta={"upload": True})
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"language": "en", "steps": [
        {"id": "s1", "tool": "transcribe", "args": {"audio": {"$artifact": uploaded.id}}}]}))
    proc = subprocess.run([sys.executable, str(ROOT / "app.py"), "run", "--plan", str(plan), "--json", "--data-dir",
                           str(data), "--session", "voice", "--user", "tester"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    transcript = [a for a in result["artifacts"] if a["kind"] == "text"][0]
    assert {"thank", "much"} <= words(transcript["meta"]["text"])


def test_recognition_does_not_depend_on_earlier_requests(tmp_path):
    """One loaded recognizer (the default, packaged Whisper base) serves every request: an earlier,
    different recording must not change the result (greedy decoding, no conditioning on earlier text).
    PocketSphinx, no longer the default, is not held to this: it flaked under load."""
    from tools.transcribe.whisper_backend import shared_recognizer

    recognizer = shared_recognizer("whisper-base")
    door = decode(spoken_wav(tmp_path / "door.wav", "Open the door please."))
    other = decode(spoken_wav(tmp_path / "other.wav", "The weather is nice today, isn't it?", voice="m3"))
    first = recognizer.transcribe(door)[0]
    recognizer.transcribe(other)
    recognizer.transcribe(Audio(np.random.default_rng(1).normal(0, 0.3, 16000).astype(np.float32), 16000))
    again = recognizer.transcribe(door)[0]
    assert first == again
