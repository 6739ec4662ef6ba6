"""XR network API: sessions, turns as jobs, the WebSocket event protocol, artifacts, uploads."""

from __future__ import annotations

import io
import json
import sys
import time
import wave
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient

from agent.config import LimitsSettings, Settings
from tests.api_helpers import build_orchestrator, wait_for
from ui.api.app import create_app
from ui.api.keys import KeyStore

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "ui" / "api" / "schema" / "v1"


@pytest.fixture(scope="module")
def event_validator():
    from referencing import Registry, Resource

    schemas = {p.name: json.loads(p.read_text()) for p in SCHEMA_DIR.glob("*.json")}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return jsonschema.Draft202012Validator(schemas["server-event.json"], registry=registry)


def make_client(settings: Settings, *, real_tools=(), state=None):
    keys = KeyStore.for_data_dir(settings.data_dir)
    key, _ = keys.create(name="test")
    app = create_app(settings=settings, orchestrator=build_orchestrator(settings, real_tools=real_tools),
                     keys=keys, state=state)
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {key}"
    return client, key


@pytest.fixture
def api(settings):
    client, key = make_client(settings)
    with client:
        yield client


def new_session(client, **body) -> str:
    response = client.post("/v1/sessions", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def read_until(ws, predicate, *, limit: int = 500) -> list[dict]:
    """Receive events until one satisfies ``predicate``; returns all of them."""
    seen = []
    for _ in range(limit):
        event = ws.receive_json()
        seen.append(event)
        if predicate(event):
            return seen
    raise AssertionError(f"no matching event in {limit}: {[e['type'] for e in seen]}")


def wav_bytes(seconds: float = 0.3) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x01" * int(16000 * seconds))
    return buffer.getvalue()


def test_health_needs_no_key_but_everything_else_does(api):
    assert api.get("/v1/health").json()["status"] == "ok"
    anonymous = TestClient(api.app)
    response = anonymous.get("/v1/personas")
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert "keys create" in response.json()["error"]["message"]
    ids = [p["id"] for p in api.get("/v1/personas").json()]
    assert {"blacksmith", "museum-guide", "station-ai"} <= set(ids)


def test_a_text_turn_streams_schema_valid_events(api, event_validator):
    sid = new_session(api, persona="blacksmith", user="alice")
    with api.websocket_connect(f"/v1/sessions/{sid}/events") as ws:
        ready = ws.receive_json()
        assert ready["type"] == "session_ready" and ready["session"]["persona"] == "blacksmith"
        accepted = api.post(f"/v1/sessions/{sid}/turns", json={"text": "hello there"})
        assert accepted.status_code == 202
        job_id = accepted.json()["job_id"]
        events = [ready] + read_until(ws, lambda e: e["type"] == "turn_done")
    for event in events:
        event_validator.validate(event)
    kinds = [e["type"] for e in events]
    assert kinds[:3] == ["session_ready", "turn_started", "plan"] and kinds[-1] == "turn_done"
    assert "text" in kinds
    assert all(e["job_id"] == job_id for e in events[1:])
    seqs = [e["seq"] for e in events[1:]]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    job = api.get(f"/v1/sessions/{sid}/jobs/{job_id}").json()
    assert job["status"] == "ok" and job["reply"]


def test_a_slow_job_never_blocks_the_next_line_of_dialogue(api):
    sid = new_session(api)
    with api.websocket_connect(f"/v1/sessions/{sid}/events") as ws:
        ws.receive_json()
        slow = api.post(f"/v1/sessions/{sid}/turns", json={"text": "draw it slow 1.5"}).json()["job_id"]
        chat = api.post(f"/v1/sessions/{sid}/turns", json={"text": "how are you"}).json()["job_id"]
        events = read_until(ws, lambda e: e["type"] == "turn_done" and e["job_id"] == slow)
    order = [(e["type"], e["job_id"]) for e in events]
    assert order.index(("turn_done", chat)) < order.index(("turn_done", slow))
    assert ("text", chat) in order and ("job_progress", slow) in order
    ready = [e for e in events if e["type"] == "artifact_ready"][0]
    assert ready["artifact"]["format"] == "png" and ready["artifact"]["size"] > 0
    assert ready["artifact"]["url"].endswith("/content")


def test_cancel_a_running_job(api):
    sid = new_session(api)
    with api.websocket_connect(f"/v1/sessions/{sid}/events") as ws:
        ws.receive_json()
        job = api.post(f"/v1/sessions/{sid}/turns", json={"text": "slow 20"}).json()["job_id"]
        read_until(ws, lambda e: e["type"] == "job_progress")
        started = time.monotonic()
        ws.send_json({"type": "cancel", "job_id": job})
        done = read_until(ws, lambda e: e["type"] == "turn_done")[-1]
    assert done["status"] == "cancelled" and time.monotonic() - started < 5
    assert api.get(f"/v1/sessions/{sid}/jobs/{job}").json()["status"] == "cancelled"
    again = api.post(f"/v1/sessions/{sid}/jobs/{job}/cancel")
    assert again.status_code == 200 and again.json()["status"] == "cancelled"


def test_a_websocket_that_leaves_mid_job_still_gets_its_artifacts(api):
    sid = new_session(api)
    with api.websocket_connect(f"/v1/sessions/{sid}/events") as ws:
        ws.receive_json()
        job = api.post(f"/v1/sessions/{sid}/turns", json={"text": "slow 0.6"}).json()["job_id"]
        read_until(ws, lambda e: e["type"] == "job_started")
    wait_for(lambda: api.get(f"/v1/sessions/{sid}/jobs/{job}").json()["status"] != "running")
    job_state = api.get(f"/v1/sessions/{sid}/jobs/{job}").json()
    assert job_state["status"] == "ok" and len(job_state["artifacts"]) == 1
    listed = api.get(f"/v1/sessions/{sid}/artifacts").json()
    assert [a["id"] for a in listed] == job_state["artifacts"]
    assert api.get(listed[0]["url"]).content.startswith(b"\x89PNG")
    with api.websocket_connect(f"/v1/sessions/{sid}/events?since=0") as ws:  # replay what was missed
        ready = ws.receive_json()
        replay = read_until(ws, lambda e: e["type"] == "turn_done")
    assert ready["last_seq"] == replay[-1]["seq"]
    assert any(e["type"] == "artifact_ready" for e in replay)


def test_mesh_artifacts_carry_bbox_and_ranges_work(settings, event_validator):
    client, _ = make_client(settings, real_tools=("mesh",))
    with client:
        sid = new_session(client)
        with client.websocket_connect(f"/v1/sessions/{sid}/events") as ws:
            ws.receive_json()
            client.post(f"/v1/sessions/{sid}/turns", json={"text": "make a chair in 3D"})
            events = read_until(ws, lambda e: e["type"] == "turn_done")
        for event in events:
            event_validator.validate(event)
        info = [e for e in events if e["type"] == "artifact_ready"][0]["artifact"]
        assert info["format"] == "glb" and info["mime"] == "model/gltf-binary"
        low, high = info["bbox"]["min"], info["bbox"]["max"]
        assert all(h > lo for lo, h in zip(low, high))
        whole = client.get(info["url"])
        assert whole.status_code == 200 and len(whole.content) == info["size"] and whole.content[:4] == b"glTF"
        part = client.get(info["url"], headers={"Range": "bytes=4-11"})
        assert part.status_code == 206 and part.content == whole.content[4:12]
        assert part.headers["content-range"] == f"bytes 4-11/{info['size']}"
        tail = client.get(info["url"], headers={"Range": "bytes=-4"})
        assert tail.status_code == 206 and tail.content == whole.content[-4:]
        beyond = client.get(info["url"], headers={"Range": f"bytes={info['size'] + 10}-"})
        assert beyond.status_code == 416


def voice_turn(client, text: str) -> list[dict]:
    """One turn of a new voice session with the station-ai persona: its events up to ``turn_done``."""
    sid = new_session(client, persona="station-ai", voice=True)
    with client.websocket_connect(f"/v1/sessions/{sid}/events") as ws:
        ws.receive_json()
        ws.send_json({"type": "turn", "text": text})
        return read_until(ws, lambda e: e["type"] == "turn_done")


def test_voice_sessions_get_audio_chunks_with_visemes(settings, event_validator):
    client, _ = make_client(settings, real_tools=("speech",))
    with client:
        events = voice_turn(client, "hello, who are you?")
        for event in events:
            event_validator.validate(event)
        kinds = [e["type"] for e in events]
        audio = [e for e in events if e["type"] == "audio"]
        assert audio and kinds.index("text") < kinds.index("audio") and audio[-1]["final"]
        first = audio[0]
        assert first["duration_s"] > 0.2 and first["visemes"]
        assert first["visemes"][-1]["end"] == pytest.approx(first["duration_s"], abs=0.01)
        assert {v["viseme"] for v in first["visemes"]} - {"sil"}, "a spoken sentence opens the mouth"
        wav = client.get(first["url"]).content
        assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"


def test_a_voice_reply_whose_forced_neural_speech_cannot_load_is_text_with_a_warning(settings, monkeypatch):
    monkeypatch.setitem(sys.modules, "TTS", None)  # as on a machine without the neural-tts extra
    client, _ = make_client(settings.model_copy(update={"backends": {"speech": "neural"}}), real_tools=("speech",))
    with client:
        events = voice_turn(client, "hello, who are you?")
    kinds = [e["type"] for e in events]
    assert "text" in kinds and "audio" not in kinds
    [warning] = [e["message"] for e in events if e["type"] == "warning"]
    assert warning.startswith("the reply is not spoken: Coqui TTS is not installed") and "atelier[neural-tts]" in warning


def test_bad_websocket_messages_get_errors_and_the_socket_stays_open(api, event_validator):
    sid = new_session(api)
    with api.websocket_connect(f"/v1/sessions/{sid}/events") as ws:
        ws.receive_json()
        bad = ["{not json", json.dumps({"type": "dance"}), json.dumps([1, 2]),
               json.dumps({"type": "turn", "text": "x", "extra": 1}), json.dumps({"type": "cancel"}),
               json.dumps({"type": "turn", "text": "   "}), json.dumps({"type": "cancel", "job_id": "j_000000000000"})]
        for raw in bad:
            ws.send_text(raw)
            event = ws.receive_json()
            event_validator.validate(event)
            assert event["type"] == "error", raw
            assert event["error"]["message"]
        ws.send_json({"type": "ping"})
        assert ws.receive_json()["type"] == "pong"


def test_rest_rejects_bad_turns_with_4xx(api):
    sid = new_session(api)
    url = f"/v1/sessions/{sid}/turns"
    malformed = api.post(url, content=b"{oops", headers={"Content-Type": "application/json"})
    assert malformed.status_code == 400 and malformed.json()["error"]["type"] == "invalid_request"
    assert api.post(url, json={}).status_code == 422
    assert api.post(url, json={"text": "hi", "mood": "x"}).status_code == 422
    binary = api.post(url, json={"text": "a\x00b\x01\x02"})
    assert binary.status_code == 422 and "control characters" in binary.json()["error"]["message"]
    assert api.post(url, json={"text": " \n\t"}).status_code == 422
    # the session exists but holds no such recording: a conflict with its state, not a missing URL
    missing = api.post(url, json={"audio": "a_0000000000000000"})
    assert missing.status_code == 409 and "a_0000000000000000" in missing.json()["error"]["message"]
    unknown_persona = api.post("/v1/sessions", json={"persona": "nobody"})
    assert unknown_persona.status_code == 404 and "blacksmith" in unknown_persona.json()["error"]["message"]
    assert api.post("/v1/sessions", json={"user": "../etc"}).status_code == 422


def test_uploads_check_type_magic_and_size(settings):
    small = settings.model_copy(update={"limits": LimitsSettings(upload_image_mib=2048 / 1048576)})  # 2 KiB
    client, _ = make_client(small, real_tools=("transcribe", "speech"))
    with client:
        sid = new_session(client)
        url = f"/v1/sessions/{sid}/uploads"
        ok = client.post(url, files={"file": ("hi.wav", wav_bytes(), "audio/wav")})
        assert ok.status_code == 201 and ok.json()["kind"] == "audio" and ok.json()["format"] == "wav"
        wrong_type = client.post(url, files={"file": ("x.exe", b"MZ\x90\x00" * 10, "application/x-msdownload")})
        assert wrong_type.status_code == 415
        lying = client.post(url, files={"file": ("x.png", b"<html>not a png</html>", "image/png")})
        assert lying.status_code == 415 and "first bytes" in lying.json()["error"]["message"]
        big = client.post(url, files={"file": ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 5000, "image/png")})
        assert big.status_code == 413
        empty = client.post(url, files={"file": ("e.wav", b"", "audio/wav")})
        assert empty.status_code == 415
        assert client.post(url, data={"file": "text"}).status_code == 415  # a form, but not multipart
        no_file = client.post(url, files={"other": ("x.png", b"\x89PNG\r\n\x1a\n", "image/png")})
        assert no_file.status_code == 422 and "'file'" in no_file.json()["error"]["message"]
        two = client.post(url, files=[("file", ("a.wav", wav_bytes(), "audio/wav")),
                                      ("file", ("b.wav", wav_bytes(), "audio/wav"))])
        assert two.status_code == 422 and "one file" in two.json()["error"]["message"]
        cut = (b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
               b"Content-Type: audio/wav\r\n\r\n" + wav_bytes()[:100])  # the closing boundary never comes
        broken = client.post(url, content=cut, headers={"content-type": "multipart/form-data; boundary=xyz"})
        assert broken.status_code == 422 and "complete part" in broken.json()["error"]["message"]
        garbage = client.post(url, content=b"--xyz\r\n\x00\x01:::\r\n\r\n--nope",
                              headers={"content-type": "multipart/form-data; boundary=xyz"})
        assert garbage.status_code in (400, 422), garbage.text
        stored = client.get(f"/v1/sessions/{sid}/artifacts").json()
        assert [a["id"] for a in stored] == [ok.json()["id"]]  # nothing rejected was kept
        session_dir = Path(settings.data_dir) / "sessions" / sid
        assert len([p for p in session_dir.iterdir() if p.name != "manifest.jsonl"]) == 1


def test_an_audio_turn_is_transcribed_then_answered(settings):
    client, _ = make_client(settings, real_tools=("transcribe", "speech"))
    with client:
        from tools.speech import SpeechTool  # speak a known sentence, then send it as the user's voice
        from tools.speech.synthesis import EmbeddedSpeech, join, synthesize_sentences
        from tools.audio_io import write_wav

        backend = EmbeddedSpeech.for_request(language="en", voice="en-us")
        audio, _ = join(list(synthesize_sentences("hello world", backend=backend)))
        path = write_wav(Path(settings.data_dir) / "hello.wav", audio)
        assert SpeechTool  # imported for its side effect of being installed
        sid = new_session(client)
        uploaded = client.post(f"/v1/sessions/{sid}/uploads",
                               files={"file": ("hello.wav", path.read_bytes(), "audio/wav")}).json()
        with client.websocket_connect(f"/v1/sessions/{sid}/events") as ws:
            ws.receive_json()
            ws.send_json({"type": "turn", "audio": uploaded["id"]})
            events = read_until(ws, lambda e: e["type"] == "turn_done")
        transcript = [e for e in events if e["type"] == "transcript"][0]
        assert "hello" in transcript["text"].lower()
        assert [e for e in events if e["type"] == "turn_started"][0]["text"] == transcript["text"]
        assert events[-1]["status"] == "ok"
