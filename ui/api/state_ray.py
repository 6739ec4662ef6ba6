"""The API's shared state on Ray (``app.py serve --engine ray``): one state actor, every replica.

Why one small state actor and not an actor per session: a Ray actor is a process (tens of MB
and a worker slot each), so hundreds of NPC sessions would be hundreds of processes, while the
state of a session is a few kilobytes of records and a bounded event log. One async actor
answers a call in well under a millisecond and holds thousands of sessions; the turns themselves
(planning, replies, tool calls) run in the replicas and the tool workers, never in it.

What it keeps: sessions, each job's latest record and owner (the replica whose asyncio task runs
it), each session's numbered event log (``api.history_events`` kept, for ``?since=`` replays),
and the rate buckets of the keys. Replicas:

- publish events in order, in batches (one batch in flight per replica), and the job records
  that changed with them; the actor numbers the events (``seq``) and wakes the followers;
- follow a session by long polls (``wait_events``), so a WebSocket on replica A gets the events
  of a job that replica B runs;
- watch for cancels of their own jobs (``watch``); the watch is also the replica's heartbeat: the
  jobs of a replica unheard of for ``LOST_AFTER_S`` are ended as failed (``ReplicaLost``,
  retryable), their sessions and logs stay, and clients reconnect to another replica with
  ``?since=`` and miss no event.
"""

from __future__ import annotations

import asyncio
import collections
import os
import secrets
import socket
import time
from typing import Any

from agent.config import ApiSettings, ClusterSettings
from agent.errors import BackendError
from ui.api.ratelimit import RateLimiter
from ui.api.sessions import SUBSCRIBER_BACKLOG, ApiSession, Job

STATE_ACTOR = "atelier-api-state"
LOST_AFTER_S = 15.0  # a replica that has not watched for this long is gone
WATCH_S = 5.0  # the long poll of a replica's watch (its heartbeat)
FOLLOW_S = 15.0  # the long poll of a follower
CALL_TIMEOUT_S = 10.0


class SharedState:
    """The state actor (wrapped by ``ray.remote``): every method runs on one event loop, so
    nothing here needs a lock."""

    def __init__(self, history: int, rate_per_s: float, burst: int) -> None:
        self.history = history
        self.limiter = RateLimiter(rate_per_s=rate_per_s, burst=burst)
        self.sessions: dict[str, dict[str, Any]] = {}
        self.logs: dict[str, collections.deque[dict[str, Any]]] = {}
        self.seqs: dict[str, int] = {}
        self.changed: dict[str, asyncio.Event] = {}
        self.jobs: dict[str, dict[str, Any]] = {}  # job id -> {"record", "owner"}
        self.cancels: dict[str, set[str]] = {}  # owner -> job ids to cancel
        self.wake: dict[str, asyncio.Event] = {}  # owner -> its watch's event
        self.seen: dict[str, float] = {}  # owner -> last watch

    # -- sessions ----------------------------------------------------------------------------
    async def put_session(self, session: dict[str, Any]) -> None:
        self.sessions[session["id"]] = session

    async def get_session(self, session_id: str) -> dict[str, Any] | None:
        return self.sessions.get(session_id)

    async def sessions_of(self, key_id: str) -> list[dict[str, Any]]:
        return [s for s in self.sessions.values() if s["key_id"] == key_id]

    # -- events ------------------------------------------------------------------------------
    def _append(self, session_id: str, event: dict[str, Any]) -> None:
        seq = self.seqs.get(session_id, 0) + 1
        self.seqs[session_id] = seq
        event["seq"] = seq
        self.logs.setdefault(session_id, collections.deque(maxlen=self.history)).append(event)

    def _wake(self, session_id: str) -> None:
        event = self.changed.pop(session_id, None)
        if event is not None:
            event.set()

    async def publish(self, batch: list[tuple[str, dict[str, Any]]], jobs: list[dict[str, Any]], owner: str) -> int:
        """Number and keep a replica's events (in the order given), and its jobs' records."""
        for record in jobs:
            self.jobs[record["id"]] = {"record": record, "owner": owner}
        touched = set()
        for session_id, event in batch:
            self._append(session_id, event)
            touched.add(session_id)
        for session_id in touched:
            self._wake(session_id)
        return len(batch)

    async def replay(self, session_id: str, since: int | None) -> tuple[list[dict[str, Any]], int]:
        """The kept events above ``since`` (none for None) and the last number given out."""
        events = [e for e in self.logs.get(session_id, ()) if since is not None and e["seq"] > since]
        return events, self.seqs.get(session_id, 0)

    async def wait_events(self, session_id: str, after: int, timeout_s: float) -> list[dict[str, Any]]:
        """The events above ``after``, waiting up to ``timeout_s`` for the first one."""
        if self.seqs.get(session_id, 0) <= after:
            changed = self.changed.setdefault(session_id, asyncio.Event())
            try:
                await asyncio.wait_for(changed.wait(), timeout_s)
            except asyncio.TimeoutError:
                return []
        return [e for e in self.logs.get(session_id, ()) if e["seq"] > after]

    # -- jobs --------------------------------------------------------------------------------
    async def get_job(self, job_id: str) -> dict[str, Any] | None:
        entry = self.jobs.get(job_id)
        return entry["record"] if entry else None

    async def request_cancel(self, job_id: str) -> bool:
        entry = self.jobs.get(job_id)
        if entry is None or entry["record"].get("status") != "running":
            return False
        self.cancels.setdefault(entry["owner"], set()).add(job_id)
        if (wake := self.wake.get(entry["owner"])) is not None:
            wake.set()
        return True

    async def watch(self, owner: str, timeout_s: float) -> list[str]:
        """A replica's heartbeat and its cancel requests (long poll)."""
        self.seen[owner] = time.monotonic()
        self._reap()
        if not self.cancels.get(owner):
            wake = self.wake[owner] = asyncio.Event()
            try:
                await asyncio.wait_for(wake.wait(), timeout_s)
            except asyncio.TimeoutError:
                pass
            self.seen[owner] = time.monotonic()
        return sorted(self.cancels.pop(owner, set()))

    async def leave(self, owner: str) -> None:
        """A replica that stops cleanly: its running jobs end now."""
        self.seen[owner] = 0.0
        self._reap()

    def _reap(self) -> None:
        now = time.monotonic()
        lost = {owner for owner, at in self.seen.items() if now - at > LOST_AFTER_S}
        for job_id, entry in self.jobs.items():
            record = entry["record"]
            if entry["owner"] not in lost or record.get("status") != "running":
                continue
            record.update(status="failed", finished_at=time.time(),
                          error={"type": "ReplicaLost", "retryable": True,
                                 "message": "the API process running this job stopped; send the turn again"})
            common = {"v": 1, "session_id": record["session_id"], "ts": time.time(), "job_id": job_id,
                      **({"turn_id": record["turn_id"]} if record.get("turn_id") else {})}
            self._append(record["session_id"], {**common, "type": "error", "error": record["error"]})
            self._append(record["session_id"], {**common, "type": "turn_done", "status": "failed",
                                                "failed_steps": [], "artifacts": list(record.get("artifacts", []))})
            self._wake(record["session_id"])
        for owner in lost:
            self.seen.pop(owner, None)

    # -- rate buckets ------------------------------------------------------------------------
    async def take(self, key: str, cost: float) -> float:
        return self.limiter.take(key, cost)

    async def counts(self) -> dict[str, int]:
        return {"sessions": len(self.sessions), "jobs": len(self.jobs), "replicas": len(self.seen),
                "running": sum(1 for e in self.jobs.values() if e["record"].get("status") == "running")}


def state_actor(cluster: ClusterSettings, api: ApiSettings) -> Any:
    """The cluster's state actor, found by name or started (detached: it outlives every replica)."""
    from agent.cluster.connect import connect

    ray = connect(cluster)
    return ray.remote(SharedState).options(
        name=STATE_ACTOR, namespace=cluster.namespace, get_if_exists=True, lifetime="detached",
        num_cpus=0, max_concurrency=10_000, max_restarts=-1,
    ).remote(api.history_events, api.rate_per_s, api.burst)


class RemoteLimiter:
    """The keys' buckets in the state actor: one budget per key across all replicas.

    From a worker thread (FastAPI runs the HTTP key check there) it asks the shared bucket and
    waits for the answer. On the event loop (WebSocket messages) it never blocks: this replica's
    own bucket (the same rate, so never more than the whole budget) answers at once and the shared
    bucket is charged in the background; when the shared bucket says no, the key waits here too
    from the next message on."""

    def __init__(self, actor: Any, *, rate_per_s: float, burst: int) -> None:
        self._actor = actor
        self._local = RateLimiter(rate_per_s=rate_per_s, burst=burst)
        self._blocked: dict[str, float] = {}  # key -> monotonic time the shared bucket has tokens again

    def take(self, key: str, cost: float = 1.0) -> float:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # a worker thread: waiting for the answer blocks nobody else
            import ray

            return float(ray.get(self._actor.take.remote(key, cost), timeout=CALL_TIMEOUT_S))
        now = time.monotonic()
        if (until := self._blocked.get(key, 0.0)) > now:
            return until - now
        wait = self._local.take(key, cost)
        if wait == 0:
            self._actor.take.remote(key, cost).future().add_done_callback(lambda done: self._note(key, done))
        return wait

    def _note(self, key: str, done: Any) -> None:
        try:
            wait = float(done.result())
        except Exception:  # the state actor restarting: this replica's bucket alone holds meanwhile
            return
        if wait > 0:
            self._blocked[key] = time.monotonic() + wait

    retry_after = staticmethod(RateLimiter.retry_after)


class RemoteEventLog:
    """One session's log in the state actor, followed by long polls into a local queue (the
    interface of ``EventBus`` that ``ui/api/ws.py`` uses)."""

    def __init__(self, actor: Any, session_id: str) -> None:
        self._actor = actor
        self.session_id = session_id
        self.seq = 0
        self._followers: dict[asyncio.Queue[dict[str, Any] | None], asyncio.Task[None]] = {}

    def subscribe(self, *, since: int | None) -> tuple[asyncio.Queue[dict[str, Any] | None], list[dict[str, Any]]]:
        import ray

        replay, self.seq = ray.get(self._actor.replay.remote(self.session_id, since), timeout=CALL_TIMEOUT_S)
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._followers[queue] = asyncio.get_running_loop().create_task(self._follow(queue, self.seq))
        return queue, replay

    async def _follow(self, queue: asyncio.Queue[dict[str, Any] | None], after: int) -> None:
        try:
            while True:
                for event in await self._actor.wait_events.remote(self.session_id, after, FOLLOW_S):
                    after = max(after, event["seq"])
                    if queue.qsize() > SUBSCRIBER_BACKLOG:  # a client that stopped reading: cut it loose
                        queue.put_nowait(None)
                        return
                    queue.put_nowait(event)
        except asyncio.CancelledError:
            raise
        except Exception:  # the state actor is unreachable: end the stream; the client reconnects with ?since=
            queue.put_nowait(None)

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        task = self._followers.pop(queue, None)
        if task is not None:
            task.cancel()


class RaySessionState:
    """The :class:`~ui.api.state.SessionState` of one replica over the shared state actor. The
    jobs this replica runs stay here too (their tasks); everything readers need goes to the actor."""

    engine = "ray"

    def __init__(self, *, cluster: ClusterSettings, api: ApiSettings, actor: Any | None = None) -> None:
        self.actor = actor if actor is not None else state_actor(cluster, api)
        self.owner = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.limiter = RemoteLimiter(self.actor, rate_per_s=api.rate_per_s, burst=api.burst)
        self._sessions: dict[str, ApiSession] = {}  # a session never changes once made: cache it
        self._jobs: dict[str, Job] = {}
        self._logs: dict[str, RemoteEventLog] = {}
        self._pending: list[tuple[str, dict[str, Any]]] = []
        self._touched: dict[str, Job] = {}
        self._flusher: asyncio.Task[None] | None = None
        self._watcher: asyncio.Task[None] | None = None

    def _call(self, method: str, *args: Any) -> Any:
        import ray

        try:
            return ray.get(getattr(self.actor, method).remote(*args), timeout=CALL_TIMEOUT_S)
        except Exception as exc:
            raise BackendError(f"the API's shared state ({STATE_ACTOR}) did not answer ({type(exc).__name__}); "
                               "try again shortly", retryable=True) from exc

    # -- sessions ----------------------------------------------------------------------------
    def save_session(self, session: ApiSession) -> None:
        self._sessions[session.id] = session
        self._call("put_session", dict(session.__dict__))

    def session(self, session_id: str) -> ApiSession | None:
        if session_id not in self._sessions:
            found = self._call("get_session", session_id)
            if found is None:
                return None
            self._sessions[session_id] = ApiSession(**found)
        return self._sessions[session_id]

    def sessions_of(self, key_id: str) -> list[ApiSession]:
        return [ApiSession(**s) for s in self._call("sessions_of", key_id)]

    # -- jobs --------------------------------------------------------------------------------
    def add_job(self, job: Job) -> None:
        self._jobs[job.id] = job
        self._touched[job.id] = job
        self._ensure_watcher()

    def jobs_here(self, session_id: str) -> list[Job]:
        return [j for j in self._jobs.values() if j.session_id == session_id]

    def job(self, job_id: str) -> Job | None:
        if job_id in self._jobs:
            return self._jobs[job_id]
        record = self._call("get_job", job_id)
        return Job(**record) if record is not None else None

    def cancel_elsewhere(self, job: Job) -> None:
        self._call("request_cancel", job.id)

    def _ensure_watcher(self) -> None:
        if self._watcher is None or self._watcher.done():
            self._watcher = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            try:
                cancels = await self.actor.watch.remote(self.owner, WATCH_S)
            except asyncio.CancelledError:
                raise
            except Exception:  # the state actor restarting: keep trying
                await asyncio.sleep(1.0)
                continue
            for job_id in cancels:
                job = self._jobs.get(job_id)
                if job is not None and job.status == "running" and job.task is not None:
                    job.cancel_flag.set()  # as SessionManager.cancel does for a job of this process
                    job.task.cancel()

    # -- events ------------------------------------------------------------------------------
    def bus(self, session_id: str) -> RemoteEventLog:
        if session_id not in self._logs:
            self._logs[session_id] = RemoteEventLog(self.actor, session_id)
        return self._logs[session_id]

    def publish(self, session_id: str, event: dict[str, Any], *, job: Job | None = None) -> dict[str, Any]:
        self._pending.append((session_id, event))
        if job is not None:
            self._touched[job.id] = job
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.get_running_loop().create_task(self._flush())
        return event

    async def _flush(self) -> None:
        while self._pending or self._touched:
            await asyncio.sleep(0)  # let the turn add the rest of this burst first
            batch, self._pending = self._pending, []
            jobs, self._touched = self._touched, {}
            records = [{k: v for k, v in job.public().items()} for job in jobs.values()]
            for _attempt in range(50):
                try:
                    await self.actor.publish.remote(batch, records, self.owner)
                    break
                except Exception:  # the state actor restarting: the batch waits, in order
                    await asyncio.sleep(0.2)

    async def drain(self) -> None:
        """Wait until every event published so far is in the state actor."""
        while self._flusher is not None and not self._flusher.done():
            await asyncio.shield(self._flusher)

    def close(self) -> None:
        for task in (self._watcher, self._flusher):
            if task is not None:
                task.cancel()
        try:
            self.actor.leave.remote(self.owner)
        except Exception:
            pass
