"""Sessions, their event buses and their jobs (one job per turn).

A session belongs to one API key; its artifacts live in ``<data_dir>/sessions/<id>/`` under
the user id ``<key id>_<user>``, so the store's own per-user lookups never cross keys.
A turn runs as an asyncio task that publishes wire events to the session's bus; WebSocket
clients subscribe to the bus, and a client that goes away does not stop the job (its
artifacts are stored and listed as usual). Turns of one session run concurrently: a slow
asset job never holds back the next line of dialogue.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from typing import AsyncIterator, Callable

from agent.config import ApiSettings
from agent.durable import LRU, write_atomic
from agent.errors import AtelierError, InputError
from agent.executor import error_info
from agent.listening import Playback
from agent.scene import Scene
from agent.store import ArtifactStore
from agent.types import Artifact, Event, Request
from ui.api.assetmeta import describe
from ui.api.ratelimit import RateLimiter
from ui.api.state import SessionState

SESSION_ID = re.compile(r"^s_[0-9a-f]{16}$")
JOB_ID = re.compile(r"^j_[0-9a-f]{12}$")
ARTIFACT_ID = re.compile(r"^a_[0-9a-f]{16}$")
SUBSCRIBER_BACKLOG = 10_000
log = logging.getLogger(__name__)


class NotFound(InputError):
    """HTTP 404: no such session/job/artifact for this key (another key's look the same)."""


class Conflict(InputError):
    """HTTP 409: the request does not fit the current state."""


class _Damaged(NotFound):
    """A session file that cannot be read (HTTP 404 naming the damage)."""


@dataclass
class ApiSession:
    """What ``POST /v1/sessions`` created."""

    id: str
    key_id: str
    user: str
    persona: str | None
    language: str | None
    voice: bool
    created_at: float
    scene: dict[str, Any] | None = None  # agent.scene.Scene's fields: several personas in this session

    @property
    def user_id(self) -> str:
        return f"{self.key_id}_{self.user}"

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "user": self.user, "persona": self.persona, "language": self.language,
                "voice": self.voice, "created_at": self.created_at, "scene": self.scene,
                "events_url": f"/v1/sessions/{self.id}/events"}


class EventBus:
    """Numbered events of one session: a replay history plus live subscriber queues."""

    def __init__(self, *, history: int) -> None:
        self.seq = 0
        self.history: collections.deque[dict[str, Any]] = collections.deque(maxlen=history)
        self.subscribers: set[asyncio.Queue[dict[str, Any] | None]] = set()

    def publish(self, event: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        event["seq"] = self.seq
        self.history.append(event)
        for queue in list(self.subscribers):
            if queue.qsize() > SUBSCRIBER_BACKLOG:  # a client that stopped reading: cut it loose
                self.subscribers.discard(queue)
                queue.put_nowait(None)
            else:
                queue.put_nowait(event)
        return event

    def subscribe(self, *, since: int | None) -> tuple[asyncio.Queue[dict[str, Any] | None], list[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self.subscribers.add(queue)
        replay = [e for e in self.history if since is not None and e["seq"] > since]
        return queue, replay

    def unsubscribe(self, queue: asyncio.Queue[dict[str, Any] | None]) -> None:
        self.subscribers.discard(queue)


@dataclass
class Job:
    """One turn: its dialogue and its asset steps. ``status``: running, ok, failed, cancelled."""

    id: str
    session_id: str
    text: str | None
    created_at: float
    turn_id: str | None = None
    status: str = "running"
    reply: str | None = None
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    artifacts: list[str] = field(default_factory=list)
    error: dict[str, Any] | None = None
    finished_at: float | None = None
    failed_steps: list[str] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # when each stage of its turn ended (turn_done)
    started: bool = False
    task: asyncio.Task[None] | None = None
    cancel_flag: threading.Event = field(default_factory=threading.Event)
    playback: Playback = field(default_factory=Playback)  # the reply's audio as sent (barge-in cuts it)

    def playing(self, now: float) -> bool:
        """The reply is still being spoken (audio sent and not yet played through, or more coming)."""
        return self.playback.playing(now, more_coming=self.status == "running")

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "session_id": self.session_id, "turn_id": self.turn_id, "status": self.status,
                "text": self.text, "reply": self.reply, "steps": self.steps, "artifacts": self.artifacts,
                "error": self.error, "created_at": self.created_at, "finished_at": self.finished_at}


def sessions_root(data_dir: Path | str) -> Path:
    """Where the API writes its session files (shared by every replica on a cluster)."""
    return Path(data_dir) / "api" / "sessions"


def read_session_file(root: Path, session_id: str) -> ApiSession | None:
    """The session written under ``root`` (``None``: no file); a file that cannot be read is a
    ``NotFound`` naming the damage (it is never fatal, and the caller may write it again)."""
    path = root / f"{session_id}.json"
    try:
        data = json.loads(path.read_bytes())
        session = ApiSession(**data) if isinstance(data, dict) else None
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError) as exc:
        log.warning("session file %s is damaged (%s)", path, exc)
        session = None
    if session is None or session.id != session_id:
        raise _Damaged(f"session {session_id!r} cannot be read: its file is damaged; create a new session "
                       "with POST /v1/sessions (its artifacts stay on disk)")
    return session


class InProcessState:
    """The :class:`~ui.api.state.SessionState` of one server process: its own dictionaries.

    Memory stays bounded over any uptime: at most ``max_sessions`` sessions are kept (the others
    are read back from their files under ``root``), ``max_buses`` event histories (a bus with a
    connected client or a running job is never dropped; a dropped one keeps counting from its last
    ``seq``), and ``max_jobs`` finished jobs (older ones answer 404)."""

    engine = "local"
    max_sessions = 4096
    max_buses = 512
    max_jobs = 2048

    def __init__(self, *, api: ApiSettings, root: Path | None = None) -> None:
        self.api = api
        self.root = root
        self.limiter = RateLimiter(rate_per_s=api.rate_per_s, burst=api.burst)
        self._sessions: LRU[str, ApiSession] = LRU(maxsize=self.max_sessions)
        self._by_key: dict[str, set[str]] = {}  # session ids per key, for listing (a few bytes each)
        self._buses: dict[str, EventBus] = {}
        self._last_seq: LRU[str, int] = LRU(maxsize=65536)
        self.jobs: dict[str, Job] = {}

    def save_session(self, session: ApiSession) -> None:
        self._sessions[session.id] = session
        self._by_key.setdefault(session.key_id, set()).add(session.id)

    def session(self, session_id: str) -> ApiSession | None:
        return self._sessions.get(session_id)

    def sessions_of(self, key_id: str) -> list[ApiSession]:
        found = []
        for session_id in sorted(self._by_key.get(key_id, ())):
            session = self._sessions.get(session_id)
            if session is None and self.root is not None:  # dropped from memory: its file has it
                try:
                    session = read_session_file(self.root, session_id)
                except NotFound:
                    continue
            if session is not None:
                found.append(session)
        return found

    def add_job(self, job: Job) -> None:
        self._drop_finished_jobs()
        self.jobs[job.id] = job

    def job(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def jobs_here(self, session_id: str) -> list[Job]:
        return [j for j in self.jobs.values() if j.session_id == session_id]

    def cancel_elsewhere(self, job: Job) -> None:
        return None  # every job of this state runs in this process

    def bus(self, session_id: str) -> EventBus:
        if session_id not in self._buses:
            bus = self._buses[session_id] = EventBus(history=self.api.history_events)
            bus.seq = self._last_seq.get(session_id, 0)
            self._drop_idle_buses()
        return self._buses[session_id]

    def publish(self, session_id: str, event: dict[str, Any], *, job: Job | None = None) -> dict[str, Any]:
        return self.bus(session_id).publish(event)

    async def drain(self) -> None:
        return None  # publish() writes straight into the log

    def close(self) -> None:
        return None

    def _drop_idle_buses(self) -> None:
        """Keep at most ``max_buses`` histories: the oldest without a client or a running job go."""
        if len(self._buses) <= self.max_buses:
            return
        running = {job.session_id for job in self.jobs.values() if job.status == "running"}
        for session_id in list(self._buses):
            if len(self._buses) <= self.max_buses:
                break
            bus = self._buses[session_id]
            if not bus.subscribers and session_id not in running:
                self._last_seq[session_id] = bus.seq
                del self._buses[session_id]

    def _drop_finished_jobs(self) -> None:
        """Room for one more job: the oldest finished ones go past ``max_jobs``."""
        excess = len(self.jobs) + 1 - self.max_jobs
        if excess > 0:
            for job_id in [j.id for j in self.jobs.values() if j.status != "running"][:excess]:
                del self.jobs[job_id]


class SessionManager:
    """All sessions of a server process; sessions are also written to ``<data_dir>/api/sessions``
    (whole or not at all, read back tolerantly) so their ownership survives a restart (their
    artifacts stay downloadable). What requests share (sessions, jobs, event logs, rate buckets)
    lives in ``state`` (ui/api/state.py)."""

    def __init__(self, *, orchestrator: Any, settings: Any, api: ApiSettings, state: SessionState | None = None) -> None:
        self.orchestrator = orchestrator
        self.settings = settings
        self.api = api
        self.root = sessions_root(self.settings.data_dir)
        self.state: SessionState = state or InProcessState(api=api, root=self.root)

    # -- sessions ------------------------------------------------------------------------------
    def create(self, *, key_id: str, user: str, persona: str | None, language: str | None,
               voice: bool, scene: Scene | None = None) -> ApiSession:
        if persona is not None:
            self._known_persona(persona)
        for member in scene.personas if scene is not None else ():
            self._known_persona(member)
        if len(self.state.sessions_of(key_id)) >= self.api.max_sessions_per_key:
            raise Conflict(f"this key has {self.api.max_sessions_per_key} sessions open in this process; "
                           "reuse one or restart the server")
        session = ApiSession(id=f"s_{secrets.token_hex(8)}", key_id=key_id, user=user,
                             persona=scene.personas[0] if scene is not None else persona, language=language,
                             voice=voice, created_at=time.time(),
                             scene=scene.model_dump() if scene is not None else None)
        self._save(session)
        return session

    def _save(self, session: ApiSession) -> None:
        write_atomic(self.root / f"{session.id}.json", json.dumps(session.__dict__))  # whole or not at all
        self.state.save_session(session)

    def _load(self, session_id: str) -> ApiSession | None:
        """The session in the shared state or in its file; ``NotFound`` naming the damage for a damaged file."""
        session = self.state.session(session_id)
        if session is None and (session := read_session_file(self.root, session_id)) is not None:
            self.state.save_session(session)
        return session

    def get(self, session_id: str, *, key_id: str) -> ApiSession:
        """The session if this key owns it; otherwise ``NotFound`` (never reveal that it exists)."""
        session = self._load(session_id) if SESSION_ID.match(session_id or "") else None
        if session is None or session.key_id != key_id:
            raise NotFound(f"no session {session_id!r} for this API key; create one with POST /v1/sessions")
        return session

    def ensure(self, session: ApiSession) -> ApiSession:
        """Register a session with a caller-chosen id (the chat endpoint's derived sessions); a
        damaged file of that id is written again (the id is derived from the caller's key)."""
        try:
            return self.get(session.id, key_id=session.key_id)
        except _Damaged:
            log.warning("rewriting the damaged file of session %s", session.id)
        except NotFound:
            pass
        self._save(session)
        return session

    def of_key(self, key_id: str) -> list[ApiSession]:
        return self.state.sessions_of(key_id)

    def bus(self, session_id: str):
        return self.state.bus(session_id)

    def store(self, session: ApiSession) -> ArtifactStore:
        return ArtifactStore(data_dir=self.settings.data_dir, session_id=session.id, user_id=session.user_id)

    def persona_library(self):
        safety = getattr(self.orchestrator, "safety", None)
        if safety is not None:
            return safety.personas
        from persona.library import PersonaLibrary

        return PersonaLibrary.for_data_dir(self.settings.data_dir)

    def persona_card(self, persona_id: str):
        return self.persona_library().get(persona_id)

    def _known_persona(self, persona_id: str) -> None:
        """An unknown persona named by a new session or scene: 404 (like an unknown chat model),
        naming the known ones."""
        from persona.library import UnknownPersona

        try:
            self.persona_card(persona_id)
        except UnknownPersona as exc:
            raise NotFound(exc.message) from None

    # -- artifacts -----------------------------------------------------------------------------
    def artifact(self, session: ApiSession, artifact_id: str) -> Artifact:
        """An artifact of this session only; its file must lie inside the session directory."""
        if ARTIFACT_ID.match(artifact_id or ""):
            store = self.store(session)
            root = store.root.resolve()
            for record in store.records():
                if record["id"] == artifact_id:
                    artifact = Artifact(**{k: record[k] for k in ("id", "kind", "path", "mime", "sha256", "meta")})
                    path = Path(artifact.path).resolve()
                    if root in path.parents and path.is_file():
                        return artifact
        raise NotFound(f"no artifact {artifact_id!r} in session {session.id}; list them with "
                       f"GET /v1/sessions/{session.id}/artifacts")

    def artifacts(self, session: ApiSession) -> list[Artifact]:
        store = self.store(session)
        root = store.root.resolve()
        return [a for a in store.artifacts() if root in Path(a.path).resolve().parents]

    @staticmethod
    def url(session: ApiSession, artifact_id: str) -> str:
        return f"/v1/sessions/{session.id}/artifacts/{artifact_id}/content"

    def describe(self, session: ApiSession, artifact: Artifact) -> dict[str, Any]:
        return describe(artifact, url=self.url(session, artifact.id))

    # -- turns ---------------------------------------------------------------------------------
    def start_turn(self, session: ApiSession, *, text: str | None, audio: str | None,
                   attachments: list[str], interrupted: str | None = None) -> Job:
        """Validate the inputs now (errors are the caller's), then run the turn as a task."""
        if not (text and text.strip()) and audio is None:
            raise InputError("a turn needs text or an audio artifact id (upload the recording first)")
        # An id the session does not hold is a conflict with the session's state (409), not a
        # missing URL (404): the session itself exists.
        for artifact_id in ([audio] if audio else []) + list(attachments):
            try:
                self.artifact(session, artifact_id)
            except NotFound as exc:
                raise Conflict(exc.message) from None
        if audio is not None and self.artifact(session, audio).kind != "audio":
            raise Conflict(f"{audio} is not an audio artifact; upload a recording and pass its id as 'audio'")
        if text:
            Request.parse(text=text)  # empty/binary/too long: InputError before any job exists
        return self._job(session, text, lambda request: self._turn_events(session, request),
                         audio=audio, attachments=attachments, interrupted=interrupted)

    def _turn_events(self, session: ApiSession, request: Request) -> AsyncIterator[Event]:
        if session.scene is not None:
            return self.orchestrator.scene_turn(request, Scene(**session.scene))
        return self.orchestrator.turn(request)

    def start_say(self, session: ApiSession, *, text: str, emotion: str | None,
                  persona: str | None = None) -> Job:
        """The NPC says exactly ``text`` (agent/direct.py); in a scene, ``persona`` (default: the first)."""
        from agent.direct import check_emotion

        if not text or not text.strip():
            raise InputError("the line to say is empty: send the words the NPC should speak in 'text'")
        check_emotion(emotion)
        speaker = self._member(session, persona)
        Request.parse(text=text)  # too long or binary: InputError before any job exists
        return self._job(session, text, lambda request: self.orchestrator.say(
            request.model_copy(update={"persona": speaker or request.persona}), emotion=emotion))

    def start_narrate(self, session: ApiSession, *, event: str, react: bool = True,
                      persona: str | None = None) -> Job:
        """Tell the NPC (a scene: everyone, or ``persona``) of a world event; it may react."""
        from agent.direct import check_narration

        event = check_narration(event)
        told = [self._member(session, persona)] if persona or session.scene is None else list(session.scene["personas"])

        async def events(request: Request) -> AsyncIterator[Event]:
            for index, member in enumerate(told):  # everyone remembers it; the first one reacts
                async for item in self.orchestrator.narrate(
                        request.model_copy(update={"persona": member or request.persona}), react=react and index == 0):
                    yield item

        return self._job(session, event, events)

    def _member(self, session: ApiSession, persona: str | None) -> str | None:
        """``persona`` if it may speak in ``session`` (a scene's member, or the session's persona)."""
        if persona is None:
            return session.scene["personas"][0] if session.scene is not None else session.persona
        members = session.scene["personas"] if session.scene is not None else [session.persona]
        if persona not in members:  # the session exists but holds no such persona: 409, like a missing artifact
            raise Conflict(f"persona {persona!r} is not in this session; it holds {', '.join(map(str, members))}")
        return persona

    def _job(self, session: ApiSession, text: str | None, events: Callable[[Request], AsyncIterator[Event]], *,
             audio: str | None = None, attachments: list[str] | None = None, interrupted: str | None = None) -> Job:
        job = Job(id=f"j_{secrets.token_hex(6)}", session_id=session.id, text=text, created_at=time.time())
        self.state.add_job(job)
        job.task = asyncio.get_running_loop().create_task(
            self._run(session, job, text, audio, list(attachments or []), events, interrupted))
        return job

    def interrupt(self, session: ApiSession, *, onset_wall: float) -> dict[str, Any] | None:
        """Barge-in: stop the reply this session is speaking, if any; returns the ``interrupted``
        event sent (how much was played, the part heard) or None when nothing was playing."""
        now = time.time()
        speaking = [j for j in self.state.jobs_here(session.id) if j.playing(now)]
        if not speaking:
            return None
        job = max(speaking, key=lambda j: j.playback.started_at or 0.0)
        return self.publish(session, "interrupted", job=job, **job.playback.cut(onset_wall),
                            stop_latency_s=round(max(0.0, time.time() - onset_wall), 4))

    def job(self, session: ApiSession, job_id: str) -> Job:
        job = self.state.job(job_id) if JOB_ID.match(job_id or "") else None
        if job is None or job.session_id != session.id:
            raise NotFound(f"no job {job_id!r} in session {session.id}")
        return job

    def cancel(self, session: ApiSession, job_id: str) -> Job:
        job = self.job(session, job_id)
        if job.status == "running" and job.task is not None:
            job.cancel_flag.set()
            job.task.cancel()
        elif job.status == "running":  # another API process runs it (ui/api/state_ray.py)
            self.state.cancel_elsewhere(job)
        return job

    def publish(self, session: ApiSession, kind: str, *, job: Job | None = None, at: float | None = None,
                ts: float | None = None, **fields: Any) -> dict[str, Any]:
        event = {"v": 1, "type": kind, "session_id": session.id, "ts": ts if ts is not None else time.time(),
                 **({"turn_id": job.turn_id} if job is not None and job.turn_id else {}),
                 **({"job_id": job.id} if job is not None else {}),
                 **({"at": at} if at is not None else {}), **fields}
        return self.state.publish(session.id, event, job=job)

    async def _run(self, session: ApiSession, job: Job, text: str | None, audio: str | None,
                   attachments: list[str], events: Callable[[Request], AsyncIterator[Event]],
                   interrupted: str | None = None) -> None:
        started = time.perf_counter()
        try:
            # the turn transcribes ``audio`` and speaks the reply of a voice session (agent/voice.py)
            request = Request.parse(text=text or "", session_id=session.id, user_id=session.user_id,
                                    persona=session.persona, attachments=list(attachments), audio=audio,
                                    voice=session.voice and self.api.speak_replies, language=session.language,
                                    interrupted=interrupted or None)
            await self._drive(session, job, events(request))
        except asyncio.CancelledError:
            job.status = "cancelled"
            self.publish(session, "turn_done", job=job, at=round(time.perf_counter() - started, 6),
                         status="cancelled", failed_steps=[s for s, v in job.steps.items() if v["status"] != "ok"],
                         artifacts=list(job.artifacts))
        except Exception as exc:  # the job reports every failure as events, never as a crash
            info = error_info(exc).model_dump()
            job.status, job.error = "failed", info
            self.publish(session, "error", job=job, error=info)
            self.publish(session, "turn_done", job=job, status="failed", failed_steps=[],
                         artifacts=list(job.artifacts))
        finally:
            job.finished_at = time.time()
            job.task = None

    async def _drive(self, session: ApiSession, job: Job, events: AsyncIterator[Event]) -> None:
        """Consume the orchestrator's events, translating each to the wire protocol."""
        store = self.store(session)
        at, status = 0.0, "ok"
        async for event in events:
            await asyncio.sleep(0)  # let the socket writers send the previous event before more CPU work
            ts = time.time()
            job.turn_id, at = event.turn_id, event.at
            if event.kind == "transcript":
                job.text = str(event.data.get("request_text") or event.message or "")
            if event.kind == "message" and event.message:
                job.reply = event.message
            if event.kind == "turn_done":  # a narrate job holds several; one failed fails the job
                status = "failed" if "failed" in (event.data.get("status", "ok"), status) else "ok"
                job.failed_steps += list(event.data.get("failed_steps", []))
                job.stages.update(event.data.get("stages") or {})
                continue
            self._to_wire(session, job, event, ts, store)
        # the job reads as finished only from here, in the same step as its last event: a reader that
        # sees it finished and then replays the log finds every event of the job there
        job.status = status
        self.publish(session, "turn_done", job=job, at=at, status=job.status, failed_steps=list(job.failed_steps),
                     artifacts=list(job.artifacts), **({"stages": dict(job.stages)} if job.stages else {}))

    def _to_wire(self, session: ApiSession, job: Job, event: Event, ts: float, store: ArtifactStore) -> None:
        common = {"job": job, "at": event.at, "ts": ts, **({"speaker": event.speaker} if event.speaker else {})}
        kind = event.kind
        step = {"step_id": event.step_id, "tool": event.tool}
        if kind == "turn_started":
            if job.started:  # a narrate job told several personas: one turn_started on the wire
                return
            job.started = True
            mode = event.data.get("mode", "turn")
            self.publish(session, "turn_started", text=job.text or "", mode=mode,
                         **({"addressed": event.data["addressed"]} if "addressed" in event.data else {}), **common)
        elif kind == "transcript":
            heard = event.artifact["id"] if event.artifact else str(event.data.get("audio", ""))
            self.publish(session, "transcript", text=event.message or "", artifact_id=heard, final=True,
                         confidence=event.data.get("confidence"), confident=bool(event.data.get("confident", True)),
                         language=event.data.get("language"), **common)
        elif kind == "plan" and event.plan is not None:
            plan = event.plan.model_dump(mode="json", include={"language", "steps"})
            for s in plan["steps"]:
                job.steps[s["id"]] = {"tool": s["tool"], "status": "waiting", "progress": 0.0}
            self.publish(session, "plan", plan=plan, **common)
        elif kind == "step_started":
            job.steps.setdefault(event.step_id or "", {"tool": event.tool})["status"] = "running"
            self.publish(session, "job_started", **step, **common)
        elif kind == "progress":
            job.steps.setdefault(event.step_id or "", {"tool": event.tool})["progress"] = event.progress or 0.0
            self.publish(session, "job_progress", **step, progress=event.progress or 0.0, message=event.message,
                         **common)
        elif kind == "step_done":
            job.steps.setdefault(event.step_id or "", {"tool": event.tool}).update(status="ok", progress=1.0)
            self.publish(session, "job_done", **step, status="ok", duration_s=event.duration_s,
                         message=event.message, **common)
        elif kind == "error" and event.step_id is not None:
            status = event.data.get("status", "failed")
            status = status if status in ("failed", "skipped", "cancelled") else "failed"
            job.steps.setdefault(event.step_id, {"tool": event.tool})["status"] = status
            self.publish(session, "job_done", **step, status=status, duration_s=event.duration_s,
                         error=event.error.model_dump() if event.error else None, **common)
        elif kind == "error":
            error = event.error.model_dump() if event.error else {"type": "Error", "message": event.message or ""}
            self.publish(session, "error", error=error, **common)
        elif kind == "artifact" and event.artifact is not None:
            try:
                artifact = store.get(event.artifact["id"])
            except AtelierError:
                return
            job.artifacts.append(artifact.id)
            self.publish(session, "artifact_ready", **step, artifact=self.describe(session, artifact), **common)
        elif kind == "message_delta":
            self.publish(session, "text_delta", text=event.message or "", **common)
        elif kind == "message":
            self.publish(session, "text", text=event.message or "", emotions=list(event.data.get("emotions", [])),
                         stage="ack" if event.data.get("stage") == "ack" else "reply", **common)
        elif kind == "audio" and event.artifact is not None:
            if job.playback.muted:  # barge-in: the client stopped playing this reply
                return
            job.playback.begin(ts)
            job.playback.add(float(event.data.get("duration_s", 0.0)), str(event.data.get("text", "")))
            visemes = [v for v in event.data.get("visemes", []) if isinstance(v, dict)]
            self.publish(session, "audio", index=int(event.data.get("index", 0)), text=str(event.data.get("text", "")),
                         url=self.url(session, event.artifact["id"]), artifact_id=event.artifact["id"], format="wav",
                         sample_rate=int(event.data.get("sample_rate", 22050)),
                         duration_s=float(event.data.get("duration_s", 0.0)),
                         offset_s=float(event.data.get("offset_s", 0.0)),
                         visemes=[{k: v[k] for k in ("viseme", "start", "end", "arkit") if k in v} for v in visemes],
                         final=bool(event.data.get("final", True)), emotion=event.data.get("emotion", "neutral"),
                         expression=dict(event.data.get("expression") or {}), **common)
        elif kind in ("moderation", "warning"):
            decision = event.data.get("moderation") if isinstance(event.data.get("moderation"), dict) else None
            if kind == "moderation" and decision is None:
                decision = event.data
            if decision is not None:
                self.publish(session, "moderation", stage=decision.get("stage"), action=decision.get("action"),
                             categories=[str(c) for c in decision.get("categories", [])],
                             reason=decision.get("reason"), **common)
            if kind == "warning":
                self.publish(session, "warning", message=event.message or "", **common)
