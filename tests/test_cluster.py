"""The Ray engine on a local Ray (``ray.init(num_cpus=2)``, marker ``ray``): tool calls on worker
actors, a killed worker, cancel, and two Serve replicas sharing sessions, jobs and events."""

from __future__ import annotations

import functools
import json
import os
import signal
import time
import uuid
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="the Ray engine needs the atelier[ray] extra (make setup installs it)")

from agent.cluster.workers import RayToolRunner, WorkerLost, cluster_status, release_workers, worker_handles  # noqa: E402
from agent.config import Settings, ToolResources  # noqa: E402
from agent.executor import Executor  # noqa: E402
from agent.orchestrator import Orchestrator  # noqa: E402
from agent.registry import ToolRegistry  # noqa: E402
from agent.store import MANIFEST, ArtifactStore  # noqa: E402
from agent.types import Plan, Request  # noqa: E402
from tests.fakes import FakeImageTool, FakeWriterTool, FixedPlanner  # noqa: E402
from tests.loopback import free_port  # noqa: E402

pytestmark = pytest.mark.ray
ROOT = Path(__file__).resolve().parents[1]
NO_CPU = ToolResources(num_cpus=0)  # two cores: workers must not wait for each other's CPUs


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray for the module; its workers import the tests' fake tools from the repo."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="warning",
             namespace="atelier-tests", runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})
    yield
    ray.shutdown()


@pytest.fixture
def ray_settings(local_ray, tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "data", memory={"enabled": False},
                        cluster={"engine": "ray", "namespace": f"t-{uuid.uuid4().hex[:8]}",
                                 "tools": {"image": {"num_cpus": 0}, "mesh": {"num_cpus": 0}}})
    yield settings
    release_workers(settings)


def registry_for(settings: Settings, *tools) -> ToolRegistry:
    from tools.mesh import MeshTool

    registry = ToolRegistry(settings=settings)
    for tool in (MeshTool, FakeImageTool, FakeWriterTool, *tools):
        registry.register(tool)
    return registry


async def run_plan(executor: Executor, store: ArtifactStore, steps: list[dict], *, on_event=None):
    run = executor.start(Plan(steps=steps), store=store, turn_id="t_test")
    events = []
    async for event in run.events():
        events.append(event)
        if on_event is not None:
            on_event(event, run)
    return run, events


def files_of(store: ArtifactStore) -> list[str]:
    """The session's files besides its manifest (and the journals of running calls)."""
    return sorted(p.name for p in store.root.glob("*") if p.is_file() and p.name != MANIFEST)


async def test_a_turn_on_ray_makes_the_same_artifacts_as_the_local_engine(ray_settings: Settings):
    plan = Plan(steps=[{"id": "s1", "tool": "mesh", "args": {"prompt": "a red wooden chair"}},
                       {"id": "s2", "tool": "image", "args": {"prompt": "owl", "seconds": 0.2}}])
    made = {}
    for engine in ("local", "ray"):
        settings = ray_settings.model_copy(update={"data_dir": ray_settings.data_dir / engine})
        runner = RayToolRunner(settings=settings) if engine == "ray" else None
        orchestrator = Orchestrator(settings=settings, registry=registry_for(settings), planner=FixedPlanner(plan),
                                    runner=runner)
        events = [e async for e in orchestrator.turn(Request(text="a chair and an owl", session_id="S"))]
        assert events[-1].data["status"] == "ok", [e.error for e in events if e.error]
        assert any(e.kind == "progress" and e.step_id == "s2" for e in events)  # progress crossed back
        store = orchestrator.store_for(Request(text="x", session_id="S"))
        made[engine] = sorted((a.kind, a.mime, a.sha256, a.meta.get("prompt")) for a in store.artifacts())
        assert all(store.root.resolve() in Path(a.path).resolve().parents for a in store.artifacts())
        assert not (store.root / ".calls").exists()
    assert made["ray"] == made["local"] and len(made["ray"]) == 2
    status = cluster_status(ray_settings)
    assert set(status["tools"]) == {"image", "mesh"}
    assert all(w["done"] == 1 and w["busy"] == 0 for pool in status["tools"].values() for w in pool["workers"]), status


@pytest.mark.parametrize("retries", [1, 0])
async def test_a_worker_killed_mid_call_is_retried_or_fails_clearly_leaving_no_partial_file(ray_settings, retries):
    settings = ray_settings.model_copy(update={"cluster": ray_settings.cluster.model_copy(update={"retries": retries})})
    runner = RayToolRunner(settings=settings, resources={"writer": NO_CPU})
    executor = Executor(registry=registry_for(settings), settings=settings, runner=runner)
    store = ArtifactStore(data_dir=settings.data_dir, session_id="S", user_id="u")
    killed = []

    def kill_once(event, run):
        if event.kind == "progress" and not killed:
            assert len(files_of(store)) == 2  # the half-written file and its sidecar
            ray.kill(runner.pool(FakeWriterTool).handles[0], no_restart=False)  # Ray restarts it
            killed.append(time.monotonic())

    run, events = await run_plan(executor, store, [{"id": "s1", "tool": "writer",
                                                    "args": {"prompt": "map", "seconds": 1.0}}], on_event=kill_once)
    outcome = run.outcomes["s1"]
    assert killed
    if retries:
        assert outcome.status == "ok", outcome.error
        warning = next(e for e in events if e.kind == "warning")
        assert "stopped mid-call" in warning.message and "trying again (1 of 1)" in warning.message
        assert files_of(store) == [Path(outcome.artifacts[0].path).name]  # the retry's file only
        assert Path(outcome.artifacts[0].path).read_bytes().endswith(b"the rest map")
    else:
        assert outcome.status == "failed" and outcome.error.type == WorkerLost.__name__
        assert outcome.error.retryable and "cluster.retries" in outcome.error.message
        assert files_of(store) == []


async def test_cancel_reaches_the_worker_and_frees_it(ray_settings):
    runner = RayToolRunner(settings=ray_settings)
    executor = Executor(registry=registry_for(ray_settings), settings=ray_settings, runner=runner)
    store = ArtifactStore(data_dir=ray_settings.data_dir, session_id="S", user_id="u")
    cancelled = []

    def cancel_on_progress(event, run):
        if event.kind == "progress" and not cancelled:
            cancelled.append(time.monotonic())
            run.cancel()

    run, _ = await run_plan(executor, store, [{"id": "s1", "tool": "image", "args": {"prompt": "x", "seconds": 30}}],
                            on_event=cancel_on_progress)
    assert run.outcomes["s1"].status == "cancelled"
    assert time.monotonic() - cancelled[0] < 5
    handle = runner.pool(FakeImageTool).handles[0]
    deadline = time.monotonic() + 10
    while ray.get(handle.status.remote())["busy"]:  # the tool stopped at its next progress report
        assert time.monotonic() < deadline, "the worker kept running the cancelled call"
        time.sleep(0.1)
    assert files_of(store) == []
    status = ray.get(handle.status.remote())
    assert status["done"] == 0 and status["failed"] == 1


# ---------------------------------------------------------------------------- two API replicas


@pytest.fixture(scope="module")
def api_cluster(local_ray, tmp_path_factory):
    """``serve --engine ray --replicas 2`` as the CLI deploys it, with the test orchestrator."""
    import httpx
    from ray import serve

    from ui.api.keys import KeyStore
    from ui.api.serve_ray import deploy

    data = tmp_path_factory.mktemp("serve") / "data"
    settings = Settings(data_dir=data, memory={"enabled": False},
                        cluster={"engine": "ray", "namespace": "t-serve", "api_cpus": 0,
                                 "tools": {"image": {"num_cpus": 0, "workers": 2}}})
    key, _ = KeyStore.for_data_dir(data).create(name="cluster-test")
    port = free_port()
    deploy(settings, replicas=2, host="127.0.0.1", port=port, factory="tests.api_helpers:build_ray_orchestrator")
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"},
                      timeout=30) as http:
        yield http, key, settings
    serve.shutdown()
    release_workers(settings)


def events_socket(http, key: str, session_id: str, since: int | None = None):
    from websockets.sync.client import connect

    url = str(http.base_url).replace("http://", "ws://").rstrip("/") + f"/v1/sessions/{session_id}/events"
    return connect(url + (f"?since={since}" if since is not None else ""),
                   additional_headers={"Authorization": f"Bearer {key}"}, open_timeout=20)


def read_until(ws, predicate, timeout: float = 30.0) -> list[dict]:
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        event = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        seen.append(event)
        if predicate(seen):
            return seen
    raise AssertionError(f"not seen in time: {[e['type'] for e in seen]}")


def post_turn(http, session_id: str, text: str):
    for _ in range(50):  # a replica being replaced answers 5xx for a moment
        response = http.post(f"/v1/sessions/{session_id}/turns", json={"text": text})
        if response.status_code < 500:
            assert response.status_code == 202, response.text
            return response.json()["job_id"], response.headers["x-atelier-replica"]
        time.sleep(0.2)
    raise AssertionError(response.text)


def replica_of(ws) -> str:
    return ws.response.headers["x-atelier-replica"]


def test_two_replicas_share_sessions_jobs_and_events(api_cluster):
    http, key, _ = api_cluster
    session = http.post("/v1/sessions", json={"user": "u"}).json()["id"]
    with events_socket(http, key, session) as ws:
        assert json.loads(ws.recv(timeout=20))["type"] == "session_ready"
        here = replica_of(ws)
        jobs, elsewhere = [], 0
        while not elsewhere:  # until a turn runs on the other replica (the proxy picks one per request)
            job, replica = post_turn(http, session, "slow 0.05")
            jobs.append(job)
            elsewhere += replica != here
            assert len(jobs) < 40, "every turn went to the WebSocket's replica"
        seen = read_until(ws, lambda s: {e["job_id"] for e in s if e["type"] == "turn_done"} == set(jobs))
    assert [e["seq"] for e in seen] == list(range(1, len(seen) + 1))  # one numbering, no gaps
    assert all(e["status"] == "ok" for e in seen if e["type"] == "turn_done")
    for job in jobs:  # every replica reads every job
        record = http.get(f"/v1/sessions/{session}/jobs/{job}").json()
        assert record["status"] == "ok" and len(record["artifacts"]) == 1
    assert {s["id"] for s in http.get("/v1/sessions").json()} >= {session}


def test_cancel_through_the_other_replica_stops_the_ray_held_job(api_cluster):
    http, key, settings = api_cluster
    session = http.post("/v1/sessions", json={"user": "u"}).json()["id"]
    crossed = 0
    with events_socket(http, key, session) as ws:
        read_until(ws, lambda s: s[-1]["type"] == "session_ready")
        here = replica_of(ws)
        for _ in range(10):
            ws.send(json.dumps({"type": "turn", "text": "slow 4"}))  # runs on the WebSocket's replica
            started = read_until(ws, lambda s: s[-1]["type"] == "job_progress")
            job = started[-1]["job_id"]
            response = http.post(f"/v1/sessions/{session}/jobs/{job}/cancel")
            assert response.status_code == 200, response.text
            cancelled_at = time.monotonic()
            done = read_until(ws, lambda s: any(e["type"] == "turn_done" and e["job_id"] == job for e in s))
            assert done[-1]["status"] == "cancelled" and time.monotonic() - cancelled_at < 3
            handles = dict(worker_handles(settings)["image"])
            deadline = time.monotonic() + 5
            while any(ray.get(h.status.remote())["busy"] for h in handles.values()):
                assert time.monotonic() < deadline, "the image worker kept running a cancelled call"
                time.sleep(0.1)
            assert http.get(f"/v1/sessions/{session}/jobs/{job}").json()["status"] == "cancelled"
            if response.headers["x-atelier-replica"] != here:
                crossed += 1  # asked on one replica, run on the other: cancelled through the shared state
                break
    assert crossed


def test_a_killed_replica_loses_no_session_and_no_event(api_cluster):
    http, key, _ = api_cluster
    session = http.post("/v1/sessions", json={"user": "u"}).json()["id"]
    with events_socket(http, key, session) as ws:
        read_until(ws, lambda s: s[-1]["type"] == "session_ready")
        here = replica_of(ws)
        jobs = [post_turn(http, session, "slow 0.05")[0] for _ in range(4)]
        first = read_until(ws, lambda s: s[-1]["type"] == "turn_done")  # read a part, then lose the replica
    last_seq = first[-1]["seq"]
    deadline = time.monotonic() + 20
    while any(http.get(f"/v1/sessions/{session}/jobs/{j}").json()["status"] == "running" for j in jobs):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    os.kill(int(here.rsplit("-", 2)[1]), signal.SIGKILL)  # the WebSocket's replica dies; Serve replaces it
    for _ in range(100):  # reconnect (to the survivor) and replay what was missed
        try:
            ws = events_socket(http, key, session, since=last_seq)
            break
        except Exception:
            time.sleep(0.2)
    with ws:
        ready = json.loads(ws.recv(timeout=20))
        assert ready["type"] == "session_ready" and replica_of(ws) != here
        missed = read_until(ws, lambda s: {e["job_id"] for e in s if e["type"] == "turn_done"} | {
            e["job_id"] for e in first if e["type"] == "turn_done"} == set(jobs))
        assert [e["seq"] for e in missed] == list(range(last_seq + 1, last_seq + 1 + len(missed)))
        assert ready["last_seq"] == missed[-1]["seq"]
        job, _ = post_turn(http, session, "slow 0.05")  # the session goes on
        read_until(ws, lambda s: any(e["type"] == "turn_done" and e["job_id"] == job for e in s))


async def test_a_worker_no_node_can_hold_fails_the_step_at_once_naming_the_setting(ray_settings):
    runner = RayToolRunner(settings=ray_settings, resources={"image": ToolResources(num_cpus=0, num_gpus=1)})
    executor = Executor(registry=registry_for(ray_settings), settings=ray_settings, runner=runner)
    store = ArtifactStore(data_dir=ray_settings.data_dir, session_id="S", user_id="u")
    started = time.monotonic()
    run, _ = await run_plan(executor, store, [{"id": "s1", "tool": "image", "args": {"prompt": "x"}},
                                              {"id": "s2", "tool": "writer", "args": {"prompt": "y"}}])
    error = run.outcomes["s1"].error
    assert run.outcomes["s1"].status == "failed" and "1 GPU" in error.message
    assert "cluster.tools.image" in error.message and time.monotonic() - started < 10
    assert run.outcomes["s2"].status == "ok"  # the turn goes on


# ---------------------------------------------------------------------------- the API tests on the shared state


@pytest.fixture
def ray_state_clients(local_ray, monkeypatch):
    """The API tests' clients, their app keeping sessions, jobs and events in a state actor."""
    import tests.test_api as api_tests
    from ui.api.state_ray import RaySessionState

    made, plain = [], api_tests.make_client

    def make_client(settings, *, real_tools=()):
        cluster = settings.cluster.model_copy(update={"namespace": f"t-{uuid.uuid4().hex[:8]}"})
        made.append(RaySessionState(cluster=cluster, api=settings.api))
        return plain(settings, real_tools=real_tools, state=made[-1])

    monkeypatch.setattr(api_tests, "make_client", make_client)
    yield
    for state in made:
        state.close()
        ray.kill(state.actor)


def _on_ray_state(test):
    @functools.wraps(test)
    def run(*args, **kwargs):
        return test(*args, **kwargs)

    return pytest.mark.usefixtures("ray_state_clients")(run)


def _api_tests():
    import tests.test_api as api_tests

    return {f"{name}__on_ray_state": _on_ray_state(test) for name, test in vars(api_tests).items()
            if name.startswith("test_") and callable(test)}


globals().update(_api_tests())  # every test of tests/test_api.py once more, on the shared Ray state
from tests.test_api import api, event_validator  # noqa: E402,F401 - fixtures those tests use
