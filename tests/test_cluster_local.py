"""The cluster parts that run without a Ray cluster: the ``[cluster]`` settings, the errors for a
missing Ray and an unreachable address, the shared state actor's logic (a plain class), the call
journals that let a retry remove a dead worker's files, and memory on a Chroma server that
outlives API restarts."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from agent.cluster.workers import JournaledStore, discard_call
from agent.config import Settings, load_settings
from agent.errors import ConfigError
from agent.store import ArtifactStore
from tests.api_helpers import wait_for
from tests.loopback import chroma_server, free_port
from ui.api.sessions import InProcessState, Job, SessionManager
from ui.api.state_ray import SharedState

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------- settings and errors


def test_cluster_settings_from_the_command_line_and_the_environment():
    settings = load_settings(assignments=["cluster.engine=ray", "cluster.tools.image.num_gpus=0.5",
                                          "cluster.tools.image.workers=4"],
                             environ={"ATELIER_CLUSTER__ADDRESS": "10.0.0.5:6379"})
    assert settings.cluster.engine == "ray" and settings.cluster.address == "10.0.0.5:6379"
    image = settings.cluster.resources_for("image")
    assert (image.num_gpus, image.workers, image.num_cpus) == (0.5, 4, 1.0)
    assert settings.cluster.resources_for("mesh").num_gpus == 0  # undeclared: one CPU, no GPU
    assert Settings().cluster.engine == "local"
    with pytest.raises(ConfigError, match="unknown tool 'imgae'.*Running on a cluster"):
        load_settings(assignments=["cluster.tools.imgae.num_gpus=1"])
    with pytest.raises(ConfigError, match="cluster.engine"):
        load_settings(assignments=["cluster.engine=spark"])


def test_ray_missing_is_a_config_error_naming_the_extra(monkeypatch, capsys, tmp_path):
    from agent.app.build import build_runner
    from agent.app.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)  # as on a machine without the extra
    with pytest.raises(ConfigError, match=r"pip install 'atelier\[ray\]'"):
        build_runner(Settings(cluster={"engine": "ray"}))
    assert build_runner(Settings()) is None  # the default engine needs nothing
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--engine", "ray", "--data-dir", str(tmp_path), "--set", "memory.enabled=false"])
    assert exit_info.value.code == 2 and "pip install 'atelier[ray]'" in capsys.readouterr().err


def test_replicas_need_the_ray_engine_and_a_shared_memory(capsys, tmp_path):
    from agent.app.cli import main
    from ui.api.serve_ray import check_settings

    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--replicas", "2", "--data-dir", str(tmp_path)])
    assert exit_info.value.code == 2 and "--engine ray" in capsys.readouterr().err
    with pytest.raises(ConfigError, match="memory.chroma_url"):
        check_settings(Settings(), replicas=2)
    check_settings(Settings(memory={"chroma_url": "http://127.0.0.1:8001"}), replicas=2)
    check_settings(Settings(), replicas=1)


def cluster_status(address: str, *extra: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "app.py", "cluster", "status", "--set", f"cluster.address={address}",
                           *extra], cwd=ROOT, capture_output=True, text=True, timeout=60)
    return done, time.monotonic() - started


def test_an_unreachable_cluster_address_is_a_clear_error_within_the_timeout():
    pytest.importorskip("ray")
    closed = free_port()
    done, took = cluster_status(f"127.0.0.1:{closed}")
    assert done.returncode == 2 and f"cannot reach the Ray cluster at 127.0.0.1:{closed}" in done.stderr, done.stderr
    assert took < 10
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        address = f"127.0.0.1:{silent.getsockname()[1]}"
        done, took = cluster_status(address, "--set", "cluster.connect_timeout_s=2")
    assert done.returncode == 2 and "did not answer within 2 s" in done.stderr, done.stderr
    assert took < 10
    done, _ = cluster_status("no-port-here")
    assert done.returncode == 2 and "cluster.address" in done.stderr


# ---------------------------------------------------------------------------- call journals


def test_a_dead_calls_files_are_found_and_removed_but_stored_ones_stay(tmp_path):
    store = JournaledStore(call_id="c_1", data_dir=tmp_path, session_id="S", user_id="u")
    kept = store.new_path(".png", stem="kept")
    kept.write_bytes(b"png")
    stored = store.add(kept, kind="image")
    half = store.new_path(".glb", stem="half")
    half.write_bytes(b"glTF half")
    sidecar = half.with_suffix(".obj")  # written beside it, never handed out
    sidecar.write_text("o half")
    other = ArtifactStore(data_dir=tmp_path, session_id="S", user_id="u").new_path(".png")  # another call's
    other.write_bytes(b"not ours")
    removed = discard_call(ArtifactStore(data_dir=tmp_path, session_id="S", user_id="u"), "c_1")
    assert sorted(p.name for p in removed) == sorted([half.name, sidecar.name])
    assert Path(stored.path).is_file() and other.is_file() and not half.exists() and not sidecar.exists()
    assert not (store.root / ".calls").exists()


def test_calls_of_one_session_journal_side_by_side(tmp_path):
    from agent.cluster.workers import finish_call

    errors = []

    def calls(name: str) -> None:
        try:
            for index in range(300):
                store = JournaledStore(call_id=f"c_{name}{index}", data_dir=tmp_path, session_id="S", user_id="u")
                store.new_path(".txt").write_text("x")
                finish_call(store, f"c_{name}{index}")  # may remove the folder the other is about to use
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=calls, args=(name,)) for name in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


# ---------------------------------------------------------------------------- the shared state's logic


def event(kind: str, **fields) -> dict:
    return {"v": 1, "type": kind, "session_id": "s_1", "ts": time.time(), **fields}


async def test_the_shared_state_numbers_replays_and_wakes_followers():
    state = SharedState(history=3, rate_per_s=1, burst=2)
    follower = asyncio.ensure_future(state.wait_events("s_1", 0, 5.0))
    await asyncio.sleep(0.01)
    assert not follower.done()
    await state.publish([("s_1", event("turn_started")), ("s_1", event("text"))], [], "A")
    assert [e["seq"] for e in await asyncio.wait_for(follower, 1)] == [1, 2]
    await state.publish([("s_1", event("text")) for _ in range(3)], [], "B")
    replay, last = await state.replay("s_1", since=1)
    assert [e["seq"] for e in replay] == [3, 4, 5] and last == 5  # three kept
    assert (await state.replay("s_1", since=None))[0] == []
    assert await state.wait_events("s_1", 5, 0.01) == []
    assert [await state.take("k", 1.0) for _ in range(2)] == [0.0, 0.0] and await state.take("k", 1.0) > 0


async def test_the_shared_state_keeps_a_bounded_number_of_finished_jobs(monkeypatch):
    import ui.api.state_ray as state_ray

    monkeypatch.setattr(state_ray, "MAX_JOBS", 5)
    state = SharedState(history=3, rate_per_s=1, burst=2)
    running = {"id": "j_run", "session_id": "s_1", "status": "running", "artifacts": []}
    await state.publish([], [running], "A")
    for i in range(20):
        await state.publish([], [{"id": f"j_{i}", "session_id": "s_1", "status": "ok", "artifacts": []}], "A")
    assert len(state.jobs) == 5 and await state.get_job("j_run") is not None  # a running job is never dropped
    assert await state.get_job("j_19") is not None and await state.get_job("j_0") is None


async def test_the_shared_state_keeps_a_bounded_number_of_sessions_and_lists_the_dropped_ones(monkeypatch):
    import ui.api.state_ray as state_ray

    monkeypatch.setattr(state_ray, "MAX_SESSIONS", 3)
    state = SharedState(history=3, rate_per_s=1, burst=2)
    for i in range(5):
        await state.put_session({"id": f"s_{i}", "key_id": "k"})
    kept, dropped = await state.sessions_of("k")
    assert [s["id"] for s in kept] == ["s_2", "s_3", "s_4"] and dropped == ["s_0", "s_1"]
    assert len(state.sessions) == 3 and await state.get_session("s_0") is None  # read back from its file


async def test_a_cancel_reaches_the_owner_and_a_lost_replicas_jobs_end(monkeypatch):
    import ui.api.state_ray as state_ray

    state = SharedState(history=100, rate_per_s=10, burst=10)
    record = {"id": "j_1", "session_id": "s_1", "turn_id": "t_1", "status": "running", "artifacts": []}
    await state.publish([("s_1", event("turn_started", job_id="j_1"))], [dict(record)], "A")
    watching = asyncio.ensure_future(state.watch("A", 5.0))
    await asyncio.sleep(0.01)
    assert await state.request_cancel("j_1") and await asyncio.wait_for(watching, 1) == ["j_1"]
    assert not await state.request_cancel("j_nope")
    monkeypatch.setattr(state_ray, "LOST_AFTER_S", 0.05)
    await asyncio.sleep(0.1)
    await state.watch("B", 0.01)  # any replica's heartbeat finds A gone
    job = await state.get_job("j_1")
    assert job["status"] == "failed" and job["error"]["type"] == "ReplicaLost" and job["error"]["retryable"]
    replay, _ = await state.replay("s_1", since=0)
    assert [e["type"] for e in replay] == ["turn_started", "error", "turn_done"]
    assert replay[-1]["status"] == "failed" and replay[-1]["job_id"] == "j_1"


async def test_the_shared_rate_limit_never_blocks_the_event_loop_and_still_holds():
    from concurrent.futures import Future
    from types import SimpleNamespace

    from ui.api.state_ray import RemoteLimiter

    answers, charged = [0.0, 2.0], []

    def remote(key, cost):  # the state actor's answers, already there
        done = Future()
        done.set_result(answers.pop(0) if answers else 0.0)
        charged.append(key)
        return SimpleNamespace(future=lambda: done)

    limiter = RemoteLimiter(SimpleNamespace(take=SimpleNamespace(remote=remote)), rate_per_s=1, burst=3)
    assert limiter.take("k") == 0 and limiter.take("k") == 0  # this replica's bucket answers; the shared one is charged
    assert 1.5 < limiter.take("k") <= 2.0  # the shared bucket said no: from the next message on, wait
    assert charged == ["k", "k"]
    assert limiter.take("other") == 0 and limiter.take("other") == 0 and limiter.take("other") == 0
    assert limiter.take("other") > 0  # past this replica's own burst


def test_a_job_of_another_process_is_cancelled_through_the_state(settings):
    asked = []

    class Elsewhere(InProcessState):
        def job(self, job_id):
            return Job(id=job_id, session_id="s_0000000000000000", text="hi", created_at=0.0)

        def cancel_elsewhere(self, job):
            asked.append(job.id)

    manager = SessionManager(orchestrator=None, settings=settings, api=settings.api,
                             state=Elsewhere(api=settings.api))
    session = type("S", (), {"id": "s_0000000000000000"})()
    assert manager.cancel(session, "j_000000000001").status == "running" and asked == ["j_000000000001"]


# ---------------------------------------------------------------------------- memory on a Chroma server


def test_memory_on_a_chroma_server_survives_api_restarts(tmp_path):
    from agent.orchestrator import Orchestrator
    from agent.registry import ToolRegistry
    from memory.embeddings import shared_encoder
    from memory.service import Memory
    from persona.library import PersonaLibrary
    from persona.responder import reply_for
    from persona.turns import TurnSafety
    from tests.fakes import KeywordPlanner
    from ui.api.app import create_app
    from ui.api.keys import KeyStore

    with chroma_server(tmp_path / "chroma") as url:
        settings = Settings(data_dir=tmp_path / "data", memory={"chroma_url": url})
        key, _ = KeyStore.for_data_dir(settings.data_dir).create(name="t")

        def api_process() -> tuple[TestClient, Memory]:
            memory = Memory.open(settings, encoder=shared_encoder())  # a new client, as a new process opens
            orchestrator = Orchestrator(settings=settings, registry=ToolRegistry(settings=settings),
                                        planner=KeywordPlanner(), memory=memory, embedded_reply=reply_for,
                                        safety=TurnSafety(personas=PersonaLibrary.for_data_dir(settings.data_dir),
                                                          guard=None))
            client = TestClient(create_app(settings=settings, orchestrator=orchestrator))
            client.headers["Authorization"] = f"Bearer {key}"
            return client, memory

        def say(client: TestClient, session: str, text: str) -> str:
            job = client.post(f"/v1/sessions/{session}/turns", json={"text": text}).json()["job_id"]
            record = {}

            def finished() -> bool:
                record.update(client.get(f"/v1/sessions/{session}/jobs/{job}").json())
                return record["status"] != "running"

            wait_for(finished, timeout=30)
            return record["reply"]

        first, memory = api_process()
        with first:
            monday = first.post("/v1/sessions", json={"user": "minji", "persona": "blacksmith"}).json()["id"]
            say(first, monday, "My name is Minji and my favourite colour is teal")
        memory.close()
        second, memory = api_process()  # the API restarted; the server kept the memory
        with second:
            friday = second.post("/v1/sessions", json={"user": "minji", "persona": "blacksmith"}).json()["id"]
            assert "teal" in say(second, friday, "what's my favourite colour?")
            stranger = second.post("/v1/sessions", json={"user": "bob", "persona": "blacksmith"}).json()["id"]
            assert "teal" not in say(second, stranger, "what's my favourite colour?")
        memory.close()


def test_a_job_reads_as_finished_only_once_its_last_event_is_in_the_log(settings):
    """The orchestrator's turn may go on after its ``turn_done`` (memory writes): until the API's own
    ``turn_done`` is published the job stays running, so a reader who sees it finished and replays
    the log finds every event (a replay once ended two events short on the Ray state)."""
    from agent.types import Event
    from ui.api.sessions import ApiSession

    manager = SessionManager(orchestrator=None, settings=settings, api=settings.api,
                             state=InProcessState(api=settings.api))
    session = ApiSession(id="s_0000000000000001", key_id="k", user="u", persona=None, language=None,
                         voice=False, created_at=0.0)
    seen: dict[str, object] = {}

    async def turn():
        async def events(request):
            yield Event(kind="turn_started", turn_id="t1", at=0.0)
            yield Event(kind="message", turn_id="t1", at=0.1, message="done")
            yield Event(kind="turn_done", turn_id="t1", at=0.2, data={"status": "ok", "failed_steps": []})
            await asyncio.sleep(0.05)  # the turn's tail, after its turn_done
            seen["status during the tail"] = job.status
            seen["log during the tail"] = [e["type"] for e in manager.bus(session.id).subscribe(since=0)[1]]

        job = manager._job(session, "hi", events)
        await job.task
        await manager.state.drain()
        return job

    job = asyncio.run(turn())
    assert seen["status during the tail"] == "running" and "turn_done" not in seen["log during the tail"]
    replay = manager.bus(session.id).subscribe(since=0)[1]
    assert job.status == "ok" and replay[-1]["type"] == "turn_done"
    assert replay[-1]["seq"] == manager.bus(session.id).seq
