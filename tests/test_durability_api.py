"""A full disk and damaged session files under the API: 507 with a JSON error, no 0-byte or partial
files, and everything works again once space returns (a real small tmpfs where the test may mount
one, a write that fails with ENOSPC everywhere)."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import subprocess
import wave
from pathlib import Path

import pytest

from agent.config import Settings
from tests.test_api import make_client, new_session


def _wav() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(b"\x00\x01" * 16000)
    return buffer.getvalue()


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _assert_no_empty_or_partial(root: Path) -> None:
    for path in _files(root):
        assert not path.name.startswith(".partial"), f"partial file left: {path}"
        assert path.name.endswith(".lock") or path.stat().st_size > 0, f"0-byte file left: {path}"


@contextlib.contextmanager
def _fill(root: Path):
    """Fill the file system under ``root`` to the last byte; yields, then frees the space."""
    filler = root / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for block in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    os.write(fd, b"\0" * block)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    try:
        yield
    finally:
        filler.unlink()


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the ENOSPC tests below cover the same paths")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _json_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()["error"]


def test_a_full_disk_is_a_507_and_leaves_nothing_behind(small_disk: Path) -> None:
    settings = Settings(data_dir=small_disk / "data")
    client, _ = make_client(settings)
    with client:
        session = new_session(client)
        with _fill(small_disk):
            error = _json_error(client.post("/v1/sessions", json={"user": "late"}), 507)
            assert error["type"] == "StorageFull" and "space" in error["message"]
            error = _json_error(client.post(f"/v1/sessions/{session}/uploads",
                                            files={"file": ("a.wav", _wav(), "audio/wav")}), 507)
            assert error["type"] == "StorageFull"
            error = _json_error(client.post("/v1/chat/completions", json={
                "model": "atelier", "user": "newcomer", "messages": [{"role": "user", "content": "hello"}]}), 507)
            _assert_no_empty_or_partial(small_disk / "data")
        # space is back: the same calls work, no restart needed
        assert client.post("/v1/sessions", json={"user": "late"}).status_code == 201
        assert client.post(f"/v1/sessions/{session}/uploads",
                           files={"file": ("a.wav", _wav(), "audio/wav")}).status_code == 201
        done = client.post("/v1/chat/completions", json={
            "model": "atelier", "user": "newcomer", "messages": [{"role": "user", "content": "hello"}]})
        assert done.status_code == 200, done.text


def _enospc_under(root: Path, monkeypatch) -> None:
    """Every os-level write to a file under ``root`` fails as on a full disk."""
    real = os.write

    def write(fd: int, data) -> int:
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            target = ""
        if target.startswith(str(root)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)


def test_session_create_on_a_full_disk_is_a_507_and_recovers(tmp_path: Path, monkeypatch) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    client, _ = make_client(settings)
    with client:
        first = new_session(client)
        with monkeypatch.context() as patch:
            _enospc_under(settings.data_dir, patch)
            error = _json_error(client.post("/v1/sessions", json={}), 507)
            assert error["type"] == "StorageFull"
        sessions = settings.data_dir / "api" / "sessions"
        assert [p.name for p in sessions.iterdir()] == [f"{first}.json"]  # no 0-byte or temp file
        assert client.post("/v1/sessions", json={}).status_code == 201


def _restartable(settings: Settings):
    """A client factory: each call is a fresh server process on the same data dir and key."""
    from fastapi.testclient import TestClient

    from tests.api_helpers import build_orchestrator
    from ui.api.app import create_app
    from ui.api.keys import KeyStore

    key, _ = KeyStore.for_data_dir(settings.data_dir).create(name="test")

    def start() -> TestClient:
        app = create_app(settings=settings, orchestrator=build_orchestrator(settings),
                         keys=KeyStore.for_data_dir(settings.data_dir))
        client = TestClient(app)
        client.headers["Authorization"] = f"Bearer {key}"
        return client

    return start


def test_a_damaged_session_file_does_not_lock_a_chat_user_out(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    body = {"model": "atelier", "user": "player-1", "messages": [{"role": "user", "content": "hello"}]}
    start = _restartable(settings)
    with start() as client:
        assert client.post("/v1/chat/completions", json=body).status_code == 200
    (path,) = (settings.data_dir / "api" / "sessions").glob("s_*.json")
    for damage in (b"", b"{not json", b'{"id": 3}', b"\xff\xfe"):  # b"": what a crash on a full disk used to leave
        path.write_bytes(damage)
        with start() as client:  # a restart
            response = client.post("/v1/chat/completions", json=body)
            assert response.status_code == 200, response.text
        assert json.loads(path.read_text())["id"] == path.stem  # written again, whole


def test_a_damaged_session_file_is_a_404_json_for_its_rest_routes(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    start = _restartable(settings)
    with start() as client:
        session = new_session(client)
    (settings.data_dir / "api" / "sessions" / f"{session}.json").write_bytes(b"")
    with start() as client:
        error = _json_error(client.get(f"/v1/sessions/{session}"), 404)
        assert "damaged" in error["message"]
        assert client.post("/v1/sessions", json={}).status_code == 201  # the server works on


def test_an_unexpected_server_error_is_json_not_text(tmp_path: Path, monkeypatch) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    client, _ = make_client(settings)
    client = type(client)(client.app, raise_server_exceptions=False, headers=client.headers)
    with client:
        monkeypatch.setattr(client.app.state.sessions, "of_key", lambda key_id: 1 / 0)
        error = _json_error(client.get("/v1/sessions"), 500)
        assert error["type"] == "internal_error" and "ZeroDivision" not in error["message"]


def test_cli_run_on_a_full_disk_exits_1_without_a_traceback_and_recovers(small_disk: Path) -> None:
    import sys

    root = Path(__file__).resolve().parents[1]
    data = small_disk / "data"
    args = [sys.executable, "app.py", "run", "make a small red cube in 3D", "--data-dir", str(data)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with _fill(small_disk):
        full = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=180)
        assert full.returncode == 1, full.stderr
        assert "Traceback" not in full.stderr and "free some space" in full.stderr
        _assert_no_empty_or_partial(data / "sessions")
    again = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr


def test_a_streamed_upload_has_its_finished_name_only_when_whole(tmp_path: Path) -> None:
    """The API's upload streams into the session under ``.partial.*`` (a killed server leaves
    nothing that looks finished, and ``forget`` removes it) and is renamed once the part ends."""
    from python_multipart.multipart import MultipartParser

    from agent.store import ArtifactStore
    from ui.api.uploads import _Receiver

    store = ArtifactStore(data_dir=tmp_path / "data", session_id="s", user_id="k_u")
    wav = _wav()
    body = (b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
            b"Content-Type: audio/wav\r\n\r\n" + wav + b"\r\n--B--\r\n")
    receiver = _Receiver(store=store, limits=Settings().limits)
    parser = MultipartParser(b"B", receiver.callbacks())
    parser.write(body[: len(body) // 2])
    assert [p.name.startswith(".partial.") for p in store.root.iterdir()] == [True]  # half-way: a partial only
    parser.write(body[len(body) // 2:])
    parser.finalize()
    assert receiver.done and receiver.part is not None and receiver.part.path is not None
    assert [p.name for p in store.root.iterdir()] == [receiver.part.path.name]
    assert receiver.part.path.read_bytes() == wav
