"""Studio access control (issue 18): sign-in off loopback, memory and artifacts only for the
signed-in user, no manifest ever served, every Gradio route behind the same guards, and a data
dir whose memory another process writes refused at start-up. Servers listen on 127.0.0.1 only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

from agent.config import Settings
from agent.errors import InputError
from tests.loopback import free_port

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"
SECRET = "TOP-SECRET-MARKER-4b1e"


def _factory(settings: Settings):
    """A fast orchestrator (fake image tool, keyword planner) with real memory on the hashing encoder."""
    from agent.orchestrator import Orchestrator
    from agent.registry import ToolRegistry
    from agent.encoder import HashingEncoder
    from memory.service import open_memory
    from persona.library import PersonaLibrary
    from persona.responder import reply_for
    from persona.turns import TurnSafety
    from tests.fakes import FakeImageTool, KeywordPlanner

    registry = ToolRegistry(settings=settings)
    registry.register(FakeImageTool)
    return Orchestrator(settings=settings, registry=registry, planner=KeywordPlanner(),
                        memory=open_memory(settings, encoder=HashingEncoder()),
                        safety=TurnSafety(personas=PersonaLibrary.for_data_dir(settings.data_dir), guard=None),
                        embedded_reply=reply_for)


def _studio(settings: Settings):
    from ui.backend import StudioBackend
    from ui.studio import serve

    os.environ["GRADIO_TEMP_DIR"] = str(Path(settings.data_dir) / "ui-cache")
    backend = StudioBackend(settings=settings, factory=_factory)
    running = serve(backend, host="127.0.0.1", port=free_port(), block=False)
    assert backend.wait(timeout=120) and backend.ready, backend.error
    return running


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    """A studio that asks for a sign-in (ui.login = 'on'): alice has a password, bob an API key."""
    from ui.api.keys import KeyStore, hash_password

    data = tmp_path_factory.mktemp("signed-studio")
    bob_key, _ = KeyStore.for_data_dir(data).create(name="bob")
    settings = Settings(data_dir=data, ui={"login": "on", "users": {"alice": hash_password(PASSWORD)}})
    running = _studio(settings)
    yield running, bob_key
    running.close()


def _sign_in(base: str, user: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    response = client.post("/login", data={"username": user, "password": password})
    assert response.status_code == 200, response.text
    return client


def _call(client: httpx.Client, api_name: str, data: list) -> tuple[int, list | str]:
    """Run a Gradio event by its api_name over plain HTTP (POST, then its server-sent result)."""
    started = client.post(f"/gradio_api/call/{api_name}", json={"data": data})
    if started.status_code != 200:
        return started.status_code, started.text
    event_id = started.json()["event_id"]
    body = client.get(f"/gradio_api/call/{api_name}/{event_id}").text
    frames = re.findall(r"event: (\w+)\ndata: (.*)", body)
    kind, payload = frames[-1]
    import json

    return (200 if kind == "complete" else 500), json.loads(payload) if payload.startswith(("[", "{")) else payload


# -- sign-in required where it must be ---------------------------------------------------------------
def test_sign_in_is_asked_for_off_loopback_and_an_open_studio_is_refused_there(tmp_path):
    from ui.login import StudioLogin

    auto = Settings(data_dir=tmp_path)
    assert not StudioLogin.required(auto, "127.0.0.1") and not StudioLogin.required(auto, "localhost")
    assert StudioLogin.required(auto, "0.0.0.0") and StudioLogin.required(auto, "192.168.1.20")
    assert StudioLogin.required(Settings(data_dir=tmp_path, ui={"login": "on"}), "127.0.0.1")
    with pytest.raises(InputError) as caught:
        StudioLogin.required(Settings(data_dir=tmp_path, ui={"login": "off"}), "0.0.0.0")
    assert "127.0.0.1" in caught.value.message


def test_a_studio_off_loopback_with_nobody_to_sign_in_does_not_start(tmp_path):
    from ui.backend import StudioBackend
    from ui.studio import build_server

    backend = StudioBackend(settings=Settings(data_dir=tmp_path), factory=_factory)
    with pytest.raises(InputError) as caught:
        build_server(backend, host="0.0.0.0")  # builds only: nothing listens beyond loopback in tests
    assert "keys create --name" in caught.value.message and "keys password" in caught.value.message


def test_ui_users_hold_hashes_never_passwords(tmp_path):
    from agent.config import load_settings
    from agent.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        load_settings({"data_dir": str(tmp_path), "ui": {"users": {"alice": "hunter2"}}}, environ={})
    assert "keys password alice" in caught.value.message


def test_the_password_command_prints_a_hash_that_signs_in(tmp_path):
    from click.testing import CliRunner

    from agent.app.cli import cli
    from ui.api.keys import check_password

    result = CliRunner().invoke(cli, ["keys", "password", "carol", "--password", "open sesame 42"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if line.startswith("carol = "))
    stored = line.split(" = ", 1)[1].strip('"')
    assert "open sesame" not in result.stdout and check_password("open sesame 42", stored)
    assert not check_password("open sesame 43", stored)


def test_without_a_session_every_gradio_route_is_closed(signed):
    """Lists the Gradio app's routes and probes each (every method, parameters filled with attack
    values) without signing in: only the sign-in page and its static assets answer."""
    from starlette.routing import Mount

    from ui.access import SIGN_IN_ASSETS, SIGN_IN_PAGE
    from ui.studio import _gradio_app_of

    running, _ = signed
    base = running.url.rstrip("/")
    data = Path(running.backend.settings.data_dir)
    (data / "secret.txt").write_text(SECRET)
    gradio_app = _gradio_app_of(running.app)
    probed = 0
    with httpx.Client(base_url=base, timeout=30) as http:
        for route, path in _routes(gradio_app.routes):
            if isinstance(route, Mount) or not path:
                continue
            filled = re.sub(r"\{[^}:]+:path\}", str(data / "secret.txt").lstrip("/"), path)
            filled = re.sub(r"\{[^}]+\}", "x", filled)
            for method in sorted(getattr(route, "methods", None) or {"GET"}):
                response = http.request(method, filled)
                probed += 1
                public = filled in SIGN_IN_PAGE or filled.startswith(SIGN_IN_ASSETS)
                assert SECRET not in response.text, (method, filled)
                if not public:
                    assert response.status_code in (401, 403, 404, 405), (method, filled, response.status_code)
    assert probed > 40
    for api_name in ("export_memories", "forget", "memories", "delete_memories", "chat"):
        assert _call(httpx.Client(base_url=base), api_name, ["bob", "en"])[0] == 401


def _routes(routes, prefix: str = ""):
    """Every (route, full path) of an app, into included routers (FastAPI keeps them nested)."""
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            context = getattr(route, "include_context", None)
            yield from _routes(nested.routes, prefix + (getattr(context, "prefix", "") or ""))
        else:
            yield route, prefix + getattr(route, "path", "")


def test_memory_is_only_ever_the_signed_in_users(signed):
    running, bob_key = signed
    memory = running.backend.memory
    memory.remember_turn(user="bob", text=f"my name is Bob and my secret is {SECRET}", reply="noted")
    memory.remember_turn(user="alice", text="my name is Alice", reply="hello Alice")
    alice = _sign_in(running.url, "alice", PASSWORD)
    status, shown = _call(alice, "memories", ["bob", "en"])  # asks for bob's: gets her own
    assert status == 200 and "alice" in str(shown[0]) and SECRET not in str(shown)
    status, exported = _call(alice, "export_memories", ["bob", "en"])
    assert status == 200
    path = exported[0]["value"]["path"] if isinstance(exported[0].get("value"), dict) else exported[0]["path"]
    assert path.endswith("-memory-alice.json")
    status, _ = _call(alice, "forget", ["bob", "en"])
    assert status == 200
    assert memory.export("bob")["memories"] and not memory.export("alice")["memories"]
    bob = _sign_in(running.url, "bob", bob_key)  # an API key signs in too, as the key's name
    status, shown = _call(bob, "memories", ["alice", "en"])
    assert status == 200 and SECRET in str(shown)


def test_artifacts_are_served_to_their_owner_only_and_manifests_never(signed, tmp_path):
    from agent.store import ArtifactStore

    running, bob_key = signed
    data = Path(running.backend.settings.data_dir)
    files = {}
    for user in ("alice", "bob"):
        store = ArtifactStore(data_dir=data, session_id=f"ui-{user}000001", user_id=user)
        source = tmp_path / f"{user}.png"
        source.write_bytes(b"\x89PNG\r\n\x1a\n" + user.encode() * 10)
        files[user] = store.add(source, kind="image").path
    stray = data / "sessions" / "ui-alice000001" / "stray.txt"
    stray.write_text(SECRET)  # lying in the session folder, never recorded
    alice = _sign_in(running.url, "alice", PASSWORD)
    mine = files["alice"].relative_to(data / "sessions").as_posix()
    theirs = files["bob"].relative_to(data / "sessions").as_posix()
    assert alice.get(f"/artifacts/{mine}").status_code == 200
    assert alice.get(f"/gradio_api/file={files['alice']}").status_code == 200
    for url in [f"/artifacts/{theirs}", f"/gradio_api/file={files['bob']}", f"/gradio_api/file/{files['bob']}",
                "/artifacts/ui-alice000001/manifest.jsonl", f"/gradio_api/file={stray.parent}/manifest.jsonl",
                f"/gradio_api/file/{stray.parent}/manifest.jsonl", "/artifacts/ui-alice000001/stray.txt",
                f"/gradio_api/file={stray}", "/gradio_api/proxy=https://example.com/x"]:
        response = alice.get(url)
        assert response.status_code in (403, 404), (url, response.status_code)
        assert SECRET not in response.text and "user_id" not in response.text
    assert httpx.get(f"{running.url.rstrip('/')}/artifacts/{mine}").status_code == 401  # not signed in


def test_wrong_passwords_are_throttled_per_address_and_user(tmp_path):
    from ui.api.keys import hash_password

    settings = Settings(data_dir=tmp_path / "data", ui={"login": "on", "users": {"alice": hash_password(PASSWORD)}},
                        api={"failed_auth_burst": 4, "failed_auth_per_min": 0.01})
    running = _studio(settings)
    try:
        codes = []
        with httpx.Client(base_url=running.url.rstrip("/"), timeout=30) as http:
            for attempt in range(7):
                response = http.post("/login", data={"username": f"mallory{attempt}", "password": "guess"})
                codes.append(response.status_code)
            assert codes[:4] == [400] * 4 and set(codes[4:]) == {429}, codes
            assert int(response.headers["retry-after"]) >= 1
    finally:
        running.close()
    import asyncio

    from ui.login import StudioLogin

    login = StudioLogin(settings=settings)  # per user name too, whatever the address
    guesses = [asyncio.run(login.check("alice", f"guess {i}")) for i in range(6)]
    assert not any(guesses) and len(login.throttle.by_account) == 1
    assert not asyncio.run(login.check("alice", PASSWORD))  # her budget is spent: even the right one waits
    login.close()


def test_pages_carry_security_headers_and_refuse_other_hosts_and_sites(signed):
    running, _ = signed
    base = running.url.rstrip("/")
    page = httpx.get(base + "/")
    assert page.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in page.headers[
        "content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    rebound = httpx.get(base + "/", headers={"Host": "attacker.example"})  # DNS rebinding onto loopback
    assert rebound.status_code == 403
    alice = _sign_in(running.url, "alice", PASSWORD)
    forged = alice.post("/gradio_api/call/forget", json={"data": ["alice", "en"]},
                        headers={"Origin": "https://attacker.example"})
    assert forged.status_code == 403


# -- an open studio on loopback ------------------------------------------------------------------
def test_an_open_local_studio_serves_no_manifest_either(tmp_path):
    from agent.store import ArtifactStore

    settings = Settings(data_dir=tmp_path / "data")
    running = _studio(settings)
    try:
        store = ArtifactStore(data_dir=settings.data_dir, session_id="ui-000000000001", user_id="local")
        source = tmp_path / "a.png"
        source.write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 10)
        path = store.add(source, kind="image", meta={"prompt": SECRET}).path
        base = running.url.rstrip("/")
        assert httpx.get(f"{base}/artifacts/ui-000000000001/{path.name}").status_code == 200
        for url in ["/artifacts/ui-000000000001/manifest.jsonl", f"/gradio_api/file={path.parent}/manifest.jsonl",
                    f"/gradio_api/file/{path.parent}/manifest.jsonl"]:
            response = httpx.get(base + url)
            assert response.status_code == 403 and SECRET not in response.text, url
        # every Gradio route that takes a path, asked for the manifest: none hands it out
        from ui.studio import _gradio_app_of

        manifest = str(path.parent / "manifest.jsonl")
        probed = 0
        for route, route_path in _routes(_gradio_app_of(running.app).routes):
            if ":path}" not in route_path:
                continue
            for spelled in (manifest, manifest.lstrip("/")):
                url = re.sub(r"\{[^}]+\}", "x", re.sub(r"\{[^}:]+:path\}", spelled, route_path))
                for method in sorted(getattr(route, "methods", None) or {"GET"}):
                    response = httpx.request(method, base + url)
                    probed += 1
                    assert SECRET not in response.text and '"user_id"' not in response.text, (method, url)
        assert probed >= 8
    finally:
        running.close()


# -- one data dir, two processes -------------------------------------------------------------------
@pytest.fixture
def held_memory(tmp_path):
    """Another process writing the data dir's memory store, until the test ends."""
    data = tmp_path / "data"
    code = textwrap.dedent(f"""
        import sys, time
        from agent.encoder import HashingEncoder
        from memory.store import MemoryStore
        with MemoryStore(encoder=HashingEncoder(dim=384), path={str(data / 'memory')!r}):
            print("HELD", flush=True)
            sys.stdin.read()  # until the test closes stdin
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline().strip() == "HELD"
    yield data, holder.pid
    holder.stdin.close()
    holder.wait(timeout=30)


def test_a_second_server_on_the_same_data_dir_refuses_to_start_naming_the_holder(held_memory):
    data, pid = held_memory
    result = subprocess.run([sys.executable, "app.py", "serve", "--data-dir", str(data), "--port", str(free_port())],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stderr[-2000:]
    assert f"process {pid}" in result.stderr and "memory.chroma_url" in result.stderr and "--data-dir" in result.stderr


def test_a_second_studio_on_the_same_data_dir_refuses_to_start(held_memory):
    from memory.store import StoreLocked
    from ui.backend import StudioBackend
    from ui.studio import serve

    data, pid = held_memory
    with pytest.raises(StoreLocked) as caught:
        serve(StudioBackend(settings=Settings(data_dir=data)), host="127.0.0.1", port=free_port(), block=False)
    assert f"process {pid}" in caught.value.message


def test_the_orchestrator_never_runs_with_memory_silently_off(held_memory):
    from agent.app.build import build_memory
    from memory.store import StoreLocked

    data, _ = held_memory
    with pytest.raises(StoreLocked):
        build_memory(Settings(data_dir=data))
