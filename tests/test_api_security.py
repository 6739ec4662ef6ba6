"""XR API security: hashed keys, per-key isolation, path traversal, rate limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from tests.api_helpers import CountingApp, build_orchestrator, wait_for
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
    secret = key.split("_", 2)[2]  # the secret itself may hold "_" (URL-safe base64)
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
    # referring to alice's artifact from mallory's own session fails too (store lookups are per key),
    # exactly as an id that does not exist at all does (409: her session holds no such artifact)
    response = client.post(f"/v1/sessions/{theirs}/turns", json={"text": "hi", "attachments": [artifact["id"]]},
                           headers=mallory)
    unknown = client.post(f"/v1/sessions/{theirs}/turns", json={"text": "hi", "attachments": ["a_" + "0" * 16]},
                          headers=mallory)
    assert response.status_code == unknown.status_code == 409
    assert SECRET not in response.text and sid not in response.text
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


# -- the network surface under attack (issue 18): loopback only, bounded loops --------------------
def _raw_upload(base: str, path: str, *, declared: int | None, send_bytes: int, key: str | None = None,
                part_type: str = "audio/wav", timeout_s: float = 20.0) -> tuple[int, bytes, int]:
    """POST a multipart upload on a raw socket: headers (a declared length, or chunked), then up to
    ``send_bytes`` of body while watching for the answer. Returns (status, answer, bytes sent)."""
    import select
    import socket
    import time as clock
    from urllib.parse import urlparse

    url = urlparse(base)
    head = (b"--b7f3\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.wav\"\r\nContent-Type: "
            + part_type.encode() + b"\r\n\r\nRIFF\x00\x00\x00\x00WAVEfmt ")
    lines = [f"POST {path} HTTP/1.1", f"Host: {url.netloc}", "Content-Type: multipart/form-data; boundary=b7f3",
             f"Content-Length: {declared}" if declared is not None else "Transfer-Encoding: chunked"]
    if key:
        lines.append(f"Authorization: Bearer {key}")
    chunk = bytes(64 * 1024)
    with socket.create_connection((url.hostname, url.port)) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        sent, answer, deadline, first = 0, b"", clock.monotonic() + timeout_s, True
        while clock.monotonic() < deadline and b"\r\n\r\n" not in answer:
            readable, writable, _ = select.select([sock], [sock] if sent < send_bytes else [], [], 0.05)
            if readable:
                try:
                    data = sock.recv(65536)
                except OSError:  # reset after the answer was read, or before any
                    break
                if not data:
                    break
                answer += data
                continue
            if writable:
                piece = (head if first else chunk)
                first = False
                framed = f"{len(piece):x}\r\n".encode() + piece + b"\r\n" if declared is None else piece
                try:
                    sock.sendall(framed)
                except OSError:  # the server answered and stopped reading: read its answer, send no more
                    send_bytes = sent
                    continue
                sent += len(piece)
        if b"\r\n\r\n" in answer:  # the rest of a short answer
            sock.settimeout(2)
            try:
                while len(answer) < 64 * 1024 and (data := sock.recv(65536)):
                    answer += data
            except OSError:
                pass
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, answer, sent


@pytest.fixture
def live(settings):
    """A real uvicorn server on loopback around the app, counting the body bytes the app read."""
    from tests.api_helpers import live_server

    keys = KeyStore.for_data_dir(settings.data_dir)
    key, _ = keys.create(name="alice")
    app = create_app(settings=settings, orchestrator=build_orchestrator(settings), keys=keys)
    counting = CountingApp(app)
    with live_server(counting) as base:
        import httpx

        sid = httpx.post(f"{base}/v1/sessions", json={}, headers={"Authorization": f"Bearer {key}"}).json()["id"]
        counting.read = 0
        yield base, key, sid, counting, Path(settings.data_dir) / "sessions" / sid


@pytest.mark.parametrize("declared", [1 << 30, None], ids=["content-length-1GiB", "chunked"])
def test_an_upload_without_a_key_is_refused_before_its_body_is_read(live, declared):
    base, _, sid, counting, session_dir = live
    status, answer, _ = _raw_upload(base, f"/v1/sessions/{sid}/uploads", declared=declared, send_bytes=8 << 20)
    assert status == 401 and b"unauthorized" in answer
    assert b"connection: close" in answer.lower()  # the unread body is not drained
    assert counting.read == 0
    assert not [p for p in session_dir.glob("*") if p.name != "manifest.jsonl"]


def test_an_oversize_upload_with_a_key_is_413_by_its_declared_length_unread(live):
    base, key, sid, counting, session_dir = live
    status, answer, _ = _raw_upload(base, f"/v1/sessions/{sid}/uploads", declared=1 << 30, send_bytes=8 << 20,
                                    key=key)
    assert status == 413 and b"limits.upload_" in answer  # over every kind's limit: nothing is read
    assert counting.read == 0
    # 200 MiB declared for a recording (under the video limit): refused once the part's headers say audio
    status, answer, _ = _raw_upload(base, f"/v1/sessions/{sid}/uploads", declared=200 << 20, send_bytes=8 << 20,
                                    key=key)
    assert status == 413 and b"limits.upload_audio_mib" in answer
    assert counting.read <= 1 << 20
    assert not [p for p in session_dir.glob("*") if p.name != "manifest.jsonl"]


def test_a_streamed_oversize_upload_is_cut_at_its_limit_and_leaves_no_file(live, settings):
    base, key, sid, counting, session_dir = live
    limit = int(settings.limits.upload_audio_mib * 1024 * 1024)
    status, answer, sent = _raw_upload(base, f"/v1/sessions/{sid}/uploads", declared=None, send_bytes=limit * 2,
                                       key=key, timeout_s=60)
    assert status == 413 and b"upload_audio_mib" in answer
    assert limit <= counting.read <= limit + (2 << 20)  # cut at the limit, not after the whole body
    assert not [p for p in session_dir.glob("*") if p.name != "manifest.jsonl"]  # the partial file is gone


def test_an_upload_cut_off_by_its_client_leaves_no_file(live):
    import socket
    import time as clock
    from urllib.parse import urlparse

    base, key, sid, counting, session_dir = live
    url = urlparse(base)
    body = (b"--b7f3\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.wav\"\r\n"
            b"Content-Type: audio/wav\r\n\r\nRIFF\x00\x00\x00\x00WAVEfmt " + bytes(256 * 1024))
    with socket.create_connection((url.hostname, url.port)) as sock:
        sock.sendall((f"POST /v1/sessions/{sid}/uploads HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Bearer "
                      f"{key}\r\nContent-Type: multipart/form-data; boundary=b7f3\r\nContent-Length: {len(body) * 4}"
                      "\r\n\r\n").encode() + body)
        wait_for(lambda: counting.read >= len(body))
    deadline = clock.monotonic() + 10  # the server notices the disconnect and removes what it wrote
    while [p for p in session_dir.glob("upload-*")] and clock.monotonic() < deadline:
        clock.sleep(0.05)
    assert not list(session_dir.glob("upload-*"))


def test_a_json_body_over_the_limit_is_413_before_parsing(settings):
    keys = KeyStore.for_data_dir(settings.data_dir)
    key, _ = keys.create()
    small = settings.model_copy(update={"api": ApiSettings(max_body_kib=4)})
    with TestClient(create_app(settings=small, orchestrator=build_orchestrator(small), keys=keys)) as client:
        auth = {"Authorization": f"Bearer {key}"}
        big = client.post("/v1/sessions", content=b"{" + b" " * 8000 + b"}", headers={**auth, "content-type":
                                                                                        "application/json"})
        assert big.status_code == 413 and "api.max_body_kib" in big.json()["error"]["message"]

        def chunks():
            for _ in range(8):
                yield b" " * 1024

        streamed = client.post("/v1/sessions", content=chunks(), headers={**auth, "content-type": "application/json"})
        assert streamed.status_code == 413 and streamed.json()["error"]["type"] == "too_large"
        assert client.post("/v1/sessions", json={}, headers=auth).status_code == 201


# -- failed keys ----------------------------------------------------------------------------------
class _CountingKeys(KeyStore):
    """A key store that counts its scrypt checks and the threads they ran on."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory)
        self.hashed: list[str] = []

    def verify(self, key):
        import threading

        if self.cached(key) is None and self.key_id_of(key) is not None and self.exists(self.key_id_of(key)):
            self.hashed.append(threading.current_thread().name)
        return super().verify(key)


def test_wrong_secrets_are_throttled_per_address_and_key_id_before_any_hashing(tmp_path):
    import asyncio

    from ui.api.auth import AuthRefused, Authenticator
    from ui.api.ratelimit import FailureThrottle

    keys = _CountingKeys(tmp_path / "keys")
    good, record = keys.create(name="owner")
    other, _ = keys.create(name="other")
    wrong = f"atk_{record.key_id}_{'A' * 43}"
    auth = Authenticator(keys=keys, throttle=FailureThrottle(burst=3, per_min=0.001), tarpit_s=0.01)

    async def outcome(token, address):
        try:
            return (await auth.check(token, address=address)).key_id
        except AuthRefused as exc:
            return exc.status, exc.retry_after

    async def scenario():
        assert await outcome(other, "10.0.0.9") is not None  # verified (and cached) before the flood
        first = await asyncio.gather(*(outcome(wrong, "10.0.0.1") for _ in range(20)))
        assert sorted(status for status, _ in first) == [401] * 3 + [429] * 17  # concurrent guesses reserve
        assert all(int(after) >= 1 for status, after in first if status == 429)
        assert len(keys.hashed) == 1 + 3 and set(keys.hashed) == {"atelier-key-check_0"}  # off the event loop
        # the same key id from another address: that key id's bucket is empty too
        assert (await outcome(wrong, "10.0.0.2"))[0] == 429
        # malformed keys and unknown key ids cost no hashing; they spend the address's failures
        for token in ["nope", "atk_../../x", f"atk_k00000000_{'A' * 43}"]:
            assert (await outcome(token, "10.0.0.3"))[0] == 401
        assert (await outcome("still-nope", "10.0.0.3"))[0] == 429
        assert len(keys.hashed) == 4
        # others are unaffected: a verified key from a flooded address, and a new client elsewhere
        assert await outcome(other, "10.0.0.1") == keys.key_id_of(other)
        # the trade-off, stated: while its key id is flooded, a key not yet verified by this process waits too
        assert (await outcome(good, "10.0.0.4"))[0] == 429

    asyncio.run(scenario())
    auth.close()


def test_a_flood_of_wrong_secrets_leaves_other_clients_served(live):
    """40 clients send wrong secrets for a known key id for a second and a half; a legitimate client
    is served throughout, the server hashes at most the failure budget, and the flood gets 429s."""
    import threading
    import time as clock

    import httpx

    base, key, sid, _, _ = live
    wrong = f"atk_{KeyStore.key_id_of(key)}_{'A' * 43}"
    codes: list[int] = []
    ready = threading.Barrier(41)
    window: dict[str, float] = {}

    def flood() -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {wrong}"}, timeout=30) as http:
            ready.wait(timeout=60)
            while clock.monotonic() < window["stop"]:
                codes.append(http.get("/v1/sessions").status_code)

    threads = [threading.Thread(target=flood) for _ in range(40)]
    for thread in threads:
        thread.start()
    served = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30) as http:
        window["stop"] = clock.monotonic() + 60  # replaced once every flooder is connected
        ready.wait(timeout=60)
        window["stop"] = clock.monotonic() + 1.5
        while clock.monotonic() < window["stop"] or len(served) < 5:
            served.append(http.get(f"/v1/sessions/{sid}").status_code)
            clock.sleep(0.05)  # within the key's own rate (20/s)
    for thread in threads:
        thread.join(timeout=30)
    assert served and set(served) == {200}
    assert codes.count(401) <= ApiSettings().failed_auth_burst  # only the budget was ever hashed
    assert codes.count(429) >= 1 and set(codes) <= {401, 429}


# -- browsers ----------------------------------------------------------------------------------------
def _app_client(settings, **api):
    keys = KeyStore.for_data_dir(settings.data_dir)
    key, _ = keys.create()
    configured = settings.model_copy(update={"api": ApiSettings(**api)})
    return TestClient(create_app(settings=configured, orchestrator=build_orchestrator(configured), keys=keys)), key


def test_cors_preflights_are_answered_for_allowed_origins_only(settings):
    client, key = _app_client(settings, allow_origins=("https://quest.example",))
    with client:
        preflight = {"Origin": "https://quest.example", "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "authorization, content-type"}
        ok = client.options("/v1/sessions", headers=preflight)
        assert ok.status_code == 204
        assert ok.headers["access-control-allow-origin"] == "https://quest.example"
        assert "POST" in ok.headers["access-control-allow-methods"]
        assert "authorization" in ok.headers["access-control-allow-headers"]
        assert "access-control-allow-credentials" not in ok.headers
        other = client.options("/v1/sessions", headers={**preflight, "Origin": "https://evil.example"})
        assert other.status_code == 403 and "api.allow_origins" in other.json()["error"]["message"]
        assert "access-control-allow-origin" not in other.headers
        actual = client.get("/v1/personas", headers={"Origin": "https://quest.example",
                                                     "Authorization": f"Bearer {key}"})
        assert actual.headers["access-control-allow-origin"] == "https://quest.example"
        assert "Retry-After" in actual.headers["access-control-expose-headers"]
        refused = client.get("/v1/personas", headers={"Origin": "https://quest.example"})  # errors are readable too
        assert refused.status_code == 401 and refused.headers["access-control-allow-origin"] == "https://quest.example"
        foreign = client.get("/v1/personas", headers={"Origin": "https://evil.example",
                                                      "Authorization": f"Bearer {key}"})
        assert "access-control-allow-origin" not in foreign.headers


def test_without_origins_configured_a_preflight_names_the_setting(settings):
    client, _ = _app_client(settings)
    with client:
        refused = client.options("/v1/sessions", headers={"Origin": "https://quest.example",
                                                          "Access-Control-Request-Method": "POST"})
        assert refused.status_code == 403 and "api.allow_origins" in refused.json()["error"]["message"]


def test_any_origin_is_allowed_without_credentials(settings):
    client, key = _app_client(settings, allow_origins=("*",))
    with client:
        ok = client.options("/v1/chat/completions", headers={"Origin": "https://x.example",
                                                             "Access-Control-Request-Method": "POST"})
        assert ok.status_code == 204 and ok.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in ok.headers


@pytest.mark.parametrize("origin", ["https://quest.example/", "quest.example", "https://quest.example/app"])
def test_an_origin_setting_that_is_not_an_origin_stops_start_up(tmp_path, origin):
    from agent.config import load_settings
    from agent.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        load_settings({"data_dir": str(tmp_path), "api": {"allow_origins": [origin]}}, environ={})
    assert "scheme://host[:port]" in caught.value.message


def test_security_headers_on_the_api_the_xr_page_and_the_docs(settings):
    client, key = _app_client(settings)
    with client:
        api = client.get("/v1/health")
        assert api.headers["content-security-policy"].startswith("default-src 'none'")
        assert "frame-ancestors 'none'" in api.headers["content-security-policy"]
        for response in (api, client.get("/xr"), client.get("/docs"),
                         client.get("/v1/personas", headers={"Authorization": f"Bearer {key}"})):
            assert response.headers["x-frame-options"] == "DENY"
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["referrer-policy"] == "no-referrer"
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        xr_policy = client.get("/xr").headers["content-security-policy"]
        assert "script-src 'self' 'sha256-" in xr_policy and "unsafe-inline" not in xr_policy


def test_a_websocket_from_a_foreign_page_is_refused(two_keys):
    client, alice, _ = two_keys
    sid = client.post("/v1/sessions", json={}, headers=alice).json()["id"]
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect(f"/v1/sessions/{sid}/events",
                                      headers={**alice, "Origin": "https://evil.example"}) as ws:
            ws.receive_json()
    with client.websocket_connect(f"/v1/sessions/{sid}/events",  # the /xr page itself: same origin
                                  headers={**alice, "Origin": "http://testserver"}) as ws:
        assert ws.receive_json()["type"] == "session_ready"


def test_a_wrong_method_lists_every_method_of_the_path(two_keys):
    client, alice, _ = two_keys
    response = client.delete("/v1/sessions", headers=alice)
    assert response.status_code == 405 and set(response.headers["allow"].split(", ")) >= {"GET", "POST"}


@pytest.mark.parametrize("value", [b"\xb2", b"\xb9\xb3", b"12", b" 7 "])
def test_a_content_length_of_superscript_digits_is_no_length_not_a_crash(value):
    """Latin-1 "²" is a digit to str.isdigit() but not to int(): such a header reads as no length."""
    from ui.api.guard import _content_length

    length = _content_length({"headers": [(b"content-length", value)]})
    assert length == (int(value) if value.strip().isdigit() and value.strip().isascii() else None)
