"""Bad voice input (issue 16): silence, noise, clipping, 8 kHz / 48 kHz stereo, truncated WAV/OGG/WebM,
a low-confidence transcript, odd stream chunks; and the `transcribe` / `say` commands. Each gets a
clear message or is resampled, never a traceback, and the session goes on. Audio from eSpeak NG."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from agent.errors import InputError
from agent.types import Request
from tools.audio_io import Audio, decode, ffmpeg_exe, write_wav

from tests.test_transcribe import spoken_wav, words

ROOT = Path(__file__).resolve().parents[1]


def _orchestrator(settings):
    from agent.app.build import build_orchestrator

    return build_orchestrator(settings.model_copy(update={"memory": settings.memory.model_copy(
        update={"enabled": False})}))


async def _turn(orchestrator, store, path: Path, **fields):
    recording = store.add(path, kind="audio", meta={"upload": True})
    request = Request(audio=recording.id, session_id=store.session_id, user_id=store.user_id, **fields)
    return [e async for e in orchestrator.turn(request)]


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-y", *args], check=True)


async def test_bad_recordings_get_a_clear_message_and_the_session_goes_on(settings, store, tmp_path):
    orchestrator = _orchestrator(settings)
    good = spoken_wav(tmp_path / "good.wav", "Give me a picture of a blue dragon.")
    silence = write_wav(tmp_path / "silence.wav", Audio(np.zeros(16000 * 2, np.float32), 16000))
    truncated = tmp_path / "cut.wav"
    truncated.write_bytes(good.read_bytes()[:30])  # a header and nothing else
    garbage_ogg = tmp_path / "cut.ogg"
    garbage_ogg.write_bytes(b"OggS" + bytes(200))
    for path, why in ((silence, "no speech"), (truncated, "audio"), (garbage_ogg, "cannot decode")):
        events = await _turn(orchestrator, store, path)
        error = next(e for e in events if e.kind == "error").error
        assert error.type == "InputError" and why in error.message, (path.name, error)
        assert events[-1].kind == "turn_done"
    events = await _turn(orchestrator, store, good)  # nothing of the session was lost
    assert "dragon" in words(next(e for e in events if e.kind == "transcript").message)
    assert len([a for a in store.artifacts() if a.kind == "audio"]) == 4


async def test_noise_is_never_acted_on_nor_moderated_as_the_users_words(settings, store, tmp_path):
    orchestrator = _orchestrator(settings)
    noise = np.random.default_rng(3).normal(0, 0.25, 16000 * 3).astype(np.float32)
    events = await _turn(orchestrator, store, write_wav(tmp_path / "noise.wav", Audio(noise, 16000)), voice=True)
    kinds = [e.kind for e in events]
    assert "plan" not in kinds and "moderation" not in kinds
    if "error" not in kinds:  # the VAD let it through: the recognizer was unsure, the NPC asks again
        heard = next(e for e in events if e.kind == "transcript")
        assert heard.data["confident"] is False
        said = next(e for e in events if e.kind == "message")
        assert said.data["stage"] == "not_heard" and "catch" in said.message
        assert "audio" in kinds and events[-1].data["not_heard"]


async def test_a_low_confidence_transcript_is_not_acted_on(tmp_path, store):
    from agent.config import Settings

    settings = Settings(data_dir=tmp_path / "data", voice={"confidence_floor": 0.99})
    events = await _turn(_orchestrator(settings), store, spoken_wav(tmp_path / "q.wav", "Make a red wooden table."),
                         language="ko")
    heard = next(e for e in events if e.kind == "transcript")
    assert heard.data["confident"] is False and 0 <= heard.data["confidence"] < 0.99
    assert "plan" not in [e.kind for e in events] and "잘 못 들었어요" in events[-2].message


async def test_clipped_8khz_and_48khz_stereo_truncated_webm_recordings_are_heard(settings, store, tmp_path):
    clean = spoken_wav(tmp_path / "say.wav", "Give me a picture of a blue dragon.")
    audio = decode(clean)
    clipped = write_wav(tmp_path / "clipped.wav", Audio(np.clip(audio.samples * 12, -1, 1).astype(np.float32), 16000))
    narrow, stereo, webm = tmp_path / "narrow.wav", tmp_path / "stereo.wav", tmp_path / "mic.webm"
    _ffmpeg("-i", str(clean), "-ar", "8000", str(narrow))
    _ffmpeg("-i", str(clean), "-ar", "48000", "-ac", "2", str(stereo))
    _ffmpeg("-i", str(clean), "-c:a", "libopus", str(webm))
    cut_webm = tmp_path / "cut.webm"
    cut_webm.write_bytes(webm.read_bytes()[: int(webm.stat().st_size * 0.8)])  # the upload stopped early
    orchestrator = _orchestrator(settings)
    for path in (clipped, narrow, stereo, cut_webm):
        events = await _turn(orchestrator, store, path)
        heard = next((e for e in events if e.kind == "transcript"), None)
        assert heard is not None, (path.name, [e.error for e in events if e.kind == "error"])
        assert {"give", "picture", "blue", "dragon"} & words(heard.message), (path.name, heard.message)


async def test_a_stream_chunk_of_odd_bytes_or_bad_base64_is_an_input_error(settings):
    from ui.api.listen import VoiceStream

    class Manager:
        def __init__(self):
            self.settings = settings
            self.orchestrator = _orchestrator(settings)

    stream = VoiceStream(manager=Manager(), session=type("S", (), {"language": None, "id": "s"})())
    with pytest.raises(InputError, match="even number of bytes"):
        await stream.chunk(b"\x00\x01\x02")
    with pytest.raises(InputError, match="not base64"):
        await stream.chunk_base64("%%%", sample_rate=16000)
    await stream.chunk(b"\x00\x00" * 4410, sample_rate=44100)  # resampled, no complaint
    await stream.close()


def test_transcribe_and_say_commands_round_trip(tmp_path):
    env = {"ATELIER_DATA_DIR": str(tmp_path / "data"), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    out = tmp_path / "line.wav"
    said = subprocess.run([sys.executable, str(ROOT / "app.py"), "say", "Open the gate at dawn.", "--voice", "en-us",
                           "-o", str(out)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert said.returncode == 0, said.stderr
    assert decode(out).seconds > 0.8 and json.loads(out.with_suffix(".visemes.json").read_text())["visemes"]
    heard = subprocess.run([sys.executable, str(ROOT / "app.py"), "transcribe", str(out), "--json"],
                           capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert heard.returncode == 0, heard.stderr
    result = json.loads(heard.stdout)
    assert {"gate", "dawn"} <= words(result["text"]) and result["model"] == "faster-whisper:whisper-base"
    missing = subprocess.run([sys.executable, str(ROOT / "app.py"), "transcribe", str(tmp_path / "nope.wav")],
                             capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert missing.returncode == 2 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr
