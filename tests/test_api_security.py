"""XR API security: hashed keys, per-key isolation, path traversal, rate limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.api_helpers import build_orchestrator, wait_for
from ui.api.app import create_app
from ui.api.keys import KeyStore
from agent.config import ApiSettings

SECRET = "TOP-SECRET-MARKER-7f3a"


@pytest.fixture
def two_keys(settings):
    keys = KeyStore.for_data_dir(settings.data_dir)
    alice, _ = keys.create(name="alice")
    mallory, _ = keys.create(name="mallory")
    app = create_app(settings=settings, orchestrator=build_orchestrator(settings), keys=keys)
    with TestClient(app) as client:
        yield client, {"Authorization": f"Bearer {alice}"}, {"Authorization": f"Bearer {mallory}"}


def test_keys_are_stored_hashed_verified_and_revocable(tmp_path):
    keys = KeyStore(directory=tmp_path / "keys")
    key, record = keys.create(name="unity")
    stored = (tmp_path / "keys" / f"{record.key_id}.json").read_text()
    secret = key.rsplit("_", 1)[1]
    assert secret not in stored and "scrypt" in json.loads(stored)
    assert (tmp_path / "keys" / f"{record.key_id}.json").stat().st_mode & 0o077 == 0
    assert keys.verify(key).key_id == record.key_id
    assert KeyStore(directory=tmp_path / "keys").verify(key) is not None  # a fresh process, from the hash
    wrong = key[:-1] + ("A" if key[-1] != "A" else "B")
    assert keys.verify(wrong) is None and keys.verify("") is None and keys.verify("atk_../../x") is None
    assert keys.revoke(record.key_id) and keys.verify(key) is None


def test_keys_create_command_prints_a_working_key(tmp_path):
    from click.testing import CliRunner

    from agent.app.cli import cli

    result = CliRunner().invoke(cli, ["keys", "create", "--data-dir", str(tmp_path), "--name", "quest"])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[0]
    assert KeyStore.for_data_dir(tmp_path).verify(key) is not None


@pytest.mark.parametrize("header", [None, "Bearer nope", "Bearer atk_k00000000_" + "A" * 43, "Basic abc"])
def test_requests_without_a_valid_key_are_401(two_keys, header):
    client, _, _ = two_keys
    headers = {"Authorization": header} if header else {}
    for method, url in [("get", "/v1/personas"), ("post", "/v1/sessions"), ("get", "/v1/sessions"),
                        ("post", "/v1/chat/completions"), ("get", "/v1/models")]:
        assert getattr(client, method)(url, headers=headers).status_code == 401


def test_a_key_never_sees_another_keys_sessions_or_artifacts(two_keys):
    client, alice, mallory = two_keys
    sid = client.post("/v1/sessions", json={"user": "same"}, headers=alice).json()["id"]
    job = client.post(f"/v1/sessions/{sid}/turns", json={"text": "slow 0.1"}, headers=alice).json()["job_id"]
    wait_for(lambda: client.get(f"/v1/sessions/{sid}/jobs/{job}", headers=alice).json()["status"] != "running")
    artifact = client.get(f"/v1/sessions/{sid}/artifacts", headers=alice).json()[0]
    theirs = client.post("/v1/sessions", json={"user": "same"}, headers=mallory).json()["id"]
    for url in [f"/v1/sessions/{sid}", f"/v1/sessions/{sid}/artifacts", artifact["url"],
                f"/v1/sessions/{sid}/artifacts/{artifact['id']}", f"/v1/sessions/{sid}/jobs/{job}"]:
        response = client.get(url, headers=mallory)
        assert response.status_code == 404, url
        assert SECRET not in response.text
    assert client.post(f"/v1/sessions/{sid}/turns", json={"text": "hi"}, headers=mallory).status_code == 404
    assert client.post(f"/v1/sessions/{sid}/jobs/{job}/cancel", headers=mallory).status_code == 404
    assert [s["id"] for s in client.get("/v1/sessions", headers=mallory).json()] == [theirs]
    # referring to alice's artifact from mallory's own session fails too (store lookups are per key)
    response = client.post(f"/v1/sessions/{theirs}/turns", json={"text": "hi", "attachments": [artifact["id"]]},
                           headers=mallory)
    assert response.status_code == 404
    with pytest.raises(WebSocketDisconnect) as closed:
        with client.websocket_connect(f"/v1/sessions/{sid}/events", headers=mallory) as ws:
            ws.receive_json()
    assert closed.value.code == 4404
    with pytest.raises(WebSocketDisconnect) as closed:
        with client.websocket_connect(f"/v1/sessions/{sid}/events") as ws:
            ws.receive_json()
    assert closed.value.code == 4401


def test_websocket_accepts_the_key_as_a_subprotocol(two_keys):
    client, alice, _ = two_keys
    sid = client.post("/v1/sessions", json={}, headers=alice).json()["id"]
    key = alice["Authorization"].split()[1]
    with client.websocket_connect(f"/v1/sessions/{sid}/events", subprotocols=["atelier.v1", f"bearer.{key}"]) as ws:
        assert ws.accepted_subprotocol == "atelier.v1"
        assert ws.receive_json()["type"] == "session_ready"


TRAVERSALS = [
    "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/secret.txt",
    "%252e%252e%252f%252e%252e%252fsecret.txt", "..%252f..%252fsecret.txt", "/etc/passwd", "%2Fetc%2Fpasswd",
    "..\\..\\secret.txt", "..%5c..%5csecret.txt", "....//....//secret.txt", "%2E%2E%2F%2E%2E%2Fsecret.txt",
    "..%c0%af..%c0%afsecret.txt", "A_0000000000000000", "a_0000000000000000/../../../secret.txt",
    "manifest.jsonl", "..", ".", "%00", "a_%00",
]


@pytest.mark.parametrize("evil", TRAVERSALS)
def test_path_traversal_is_impossible(two_keys, settings, evil):
    client, alice, _ = two_keys
    data = Path(settings.data_dir)
    (data / "secret.txt").write_text(SECRET)
    (data / "keys" / "secret.txt").write_text(SECRET)
    sid = client.post("/v1/sessions", json={}, headers=alice).json()["id"]
    (data / "sessions" / sid).mkdir(parents=True, exist_ok=True)
    (data / "sessions" / sid / "secret.txt").write_text(SECRET)  # a file that is not an artifact
    urls = [f"/v1/sessions/{sid}/artifacts/{evil}/content", f"/v1/sessions/{sid}/artifacts/{evil}",
            f"/v1/sessions/{evil}/artifacts", f"/v1/sessions/{sid.upper()}/artifacts",
            f"/xr/app/{evil}", f"/xr/vendor/three/{evil}", f"/XR/app/{evil}", f"/v1/sessions/{sid}/{evil}"]
    for url in urls:
        response = client.get(url, headers=alice)
        if evil in (".", ".."):  # the client resolves dot segments: a legitimate own resource may answer
            assert response.headers["content-type"].startswith(("application/json", "text/html")), url
        else:
            assert response.status_code in (400, 401, 404, 405, 422), (url, response.status_code)
        assert SECRET not in response.text and "root:" not in response.text, url


def test_rate_limit_answers_429_with_retry_after(settings):
    keys = KeyStore.for_data_dir(settings.data_dir)
    key, _ = keys.create()
    other, _ = keys.create()
    slow = settings.model_copy(update={"api": ApiSettings(rate_per_s=0.5, burst=3)})
    app = create_app(settings=slow, orchestrator=build_orchestrator(slow), keys=keys)
    with TestClient(app) as client:
        codes = [client.get("/v1/personas", headers={"Authorization": f"Bearer {key}"}).status_code
                 for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        limited = client.get("/v1/personas", headers={"Authorization": f"Bearer {key}"})
        assert int(limited.headers["retry-after"]) >= 1 and limited.json()["error"]["type"] == "rate_limited"
        assert client.get("/v1/personas", headers={"Authorization": f"Bearer {other}"}).status_code == 200
