"""Streamed voice over the session WebSocket (issue 16, done-when): a client streams a recorded
request as 16 kHz PCM chunks and gets partial/final transcripts, the plan, the asset and the
spoken reply; a second utterance spoken over the reply interrupts it (barge-in).

The recordings are spoken by eSpeak NG; the recognizer under test is the packaged Whisper base.
The product's wiring (agent/app/build.py: embedded planner, personas, safety) runs the turns,
with memory off.
"""

from __future__ import annotations

import base64
import time

import numpy as np
import pytest
from fastapi.testclient import TestClient

from agent.config import Settings
from tools.audio_io import Audio, resample
from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences

from tests.test_api import event_validator, read_until  # noqa: F401 - a fixture

CHUNK_S = 0.1


def pcm_of(text: str, *, silence_after: float = 0.8) -> bytes:
    audio, _ = join(list(synthesize_sentences(text, backend=EmbeddedSpeech.for_request(language="en"))))
    audio = resample(audio, 16000)
    quiet = np.zeros(int(16000 * silence_after), np.float32)
    return Audio(np.concatenate([quiet[:4800], audio.samples, quiet]), 16000).pcm16()


def stream(ws, pcm: bytes, *, binary: bool, pace: float = 0.0) -> None:
    step = int(16000 * CHUNK_S) * 2
    for start in range(0, len(pcm), step):
        piece = pcm[start:start + step]
        if binary:
            ws.send_bytes(piece)
        else:
            ws.send_json({"type": "audio_chunk", "data": base64.b64encode(piece).decode()})
        if pace:
            time.sleep(pace)


@pytest.fixture
def voice_api(tmp_path):
    from agent.app.build import build_orchestrator
    from ui.api.app import create_app
    from ui.api.keys import KeyStore

    settings = Settings(data_dir=tmp_path / "data", memory={"enabled": False})
    keys = KeyStore.for_data_dir(settings.data_dir)
    key, _ = keys.create(name="voice")
    client = TestClient(create_app(settings=settings, orchestrator=build_orchestrator(settings), keys=keys))
    client.headers["Authorization"] = f"Bearer {key}"
    with client:
        yield client


def test_a_streamed_request_gets_transcript_plan_asset_and_spoken_reply_and_barge_in_cuts_the_reply(
        voice_api, event_validator):
    sid = voice_api.post("/v1/sessions", json={"persona": "blacksmith", "voice": True, "language": "en"}).json()["id"]
    with voice_api.websocket_connect(f"/v1/sessions/{sid}/events") as ws:
        ws.receive_json()  # session_ready
        stream(ws, pcm_of("Make a red wooden table in three D."), binary=True)
        first = read_until(ws, lambda e: e["type"] == "turn_done", limit=2000)
        kinds = [e["type"] for e in first]
        final = next(e for e in first if e["type"] == "transcript" and e["final"])
        assert "table" in final["text"].lower() and final["confident"], final
        plan = next(e for e in first if e["type"] == "plan")
        assert [s["tool"] for s in plan["plan"]["steps"]] == ["mesh"]
        mesh = next(e for e in first if e["type"] == "artifact_ready" and e["artifact"]["kind"] == "mesh")
        assert voice_api.get(mesh["artifact"]["url"]).content[:4] == b"glTF"
        spoken = [e for e in first if e["type"] == "audio"]
        assert spoken and spoken[-1]["final"] and spoken[0]["visemes"]
        assert voice_api.get(spoken[0]["url"]).content[:4] == b"RIFF"
        assert kinds.index("speech_started") < kinds.index("transcript") < kinds.index("plan")

        # a chatty request: its reply is spoken, and the user speaks over it (base64 chunks this time)
        stream(ws, pcm_of("Hello there, tell me about your forge."), binary=False)
        read_until(ws, lambda e: e["type"] == "audio", limit=2000)
        stream(ws, pcm_of("Wait. Draw a castle on a hill."), binary=False)
        rest = read_until(ws, lambda e: e["type"] == "interrupted", limit=2000)
        cut = rest[-1]
        assert cut["spoken_s"] > 0 and 0 <= cut["played_s"] <= cut["spoken_s"] and cut["heard_text"]
        after = read_until(ws, lambda e: e["type"] == "turn_done" and e["job_id"] not in (cut["job_id"], first[-1]["job_id"]),
                           limit=4000)
        heard = [e for e in after if e["type"] == "transcript" and e["final"]]
        assert len(heard) == 1 and "castle" in heard[0]["text"].lower()
        assert not [e for e in after if e["type"] == "audio" and e.get("job_id") == cut["job_id"]]
        assert [e for e in after if e["type"] == "audio" and e.get("job_id") == heard[0]["job_id"]]
    for event in first + rest + after:
        event_validator.validate(event)
