"""REST routes of ``/v1``: health, personas, sessions and scenes, uploads, turns, say/narrate, jobs, artifacts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, model_validator

from agent.direct import MAX_NARRATION_CHARS
from agent.emotion import Emotion
from agent.scene import MAX_PERSONAS, Scene
from ui.api.auth import caller
from ui.api.keys import ApiKey
from ui.api.protocol import ARTIFACT_ID_PATTERN, ArtifactInfo, TurnText, not_blank_text
from ui.api.uploads import OPENAPI_BODY, receive_upload

router = APIRouter(prefix="/v1")

USER_PATTERN = r"^[A-Za-z0-9_-]{1,48}$"
PERSONA_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$"
ID_DOC = "as returned when it was created"
NarrationText = not_blank_text(MAX_NARRATION_CHARS)


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorDetail(_Body):
    type: str = Field(description="what went wrong, e.g. unauthorized, not_found, too_large, rate_limited")
    message: str = Field(description="what happened and how to fix it")
    param: str | None
    code: str


class ErrorOut(_Body):
    """Every error of every route, in the OpenAI error shape."""

    error: ErrorDetail


ERRORS = {
    400: "the body is not valid JSON (or, for uploads, not a multipart form)",
    401: "no valid API key in 'Authorization: Bearer atk_...'",
    404: "no such session, job or artifact for this key (creating a session: no such persona)",
    409: "the session cannot take this now, or does not hold what the body names (an artifact, a persona)",
    413: "the body is over its limit (api.max_body_kib; uploads: limits.upload_*_mib)",
    415: "an upload type that is not accepted, or bytes that are not that type",
    422: "a field is missing, unknown or out of range",
    429: "over the key's request rate, or too many failed key checks; wait Retry-After seconds",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route: its error codes, each with the one error body."""
    return {code: {"model": ErrorOut, "description": ERRORS[code]} for code in codes}


KEYED = (401, 429)  # every route behind a key (the guard answers these before the route runs)


class SessionCreate(_Body):
    persona: str | None = Field(default=None, pattern=PERSONA_PATTERN, description="persona id (GET /v1/personas)")
    user: str = Field(default="default", pattern=USER_PATTERN, description="your end user's id; memory is per user")
    language: str | None = Field(default=None, pattern=LANGUAGE_PATTERN, description='"en", "ko", ...')
    voice: bool = Field(default=False, description="speak replies: audio events with viseme timelines")


class SceneCreate(_Body):
    personas: list[Annotated[str, Field(pattern=PERSONA_PATTERN)]] = Field(
        min_length=2, max_length=MAX_PERSONAS, json_schema_extra={"uniqueItems": True}, description=(
            f"2-{MAX_PERSONAS} distinct persona ids (GET /v1/personas), each with its own voice, memory and safety "
            "policy"))
    max_exchanges: int = Field(default=2, ge=0, le=8, description="lines the personas may say to each other "
                               "after answering the user")
    user: str = Field(default="default", pattern=USER_PATTERN, description="your end user's id; memory is per user")
    language: str | None = Field(default=None, pattern=LANGUAGE_PATTERN, description='"en", "ko", ...')
    voice: bool = Field(default=False, description="speak replies, each persona in its own voice")


class SceneOut(_Body):
    personas: list[str]
    max_exchanges: int


class SessionOut(_Body):
    id: str
    user: str
    persona: str | None
    language: str | None
    voice: bool
    created_at: float
    scene: SceneOut | None = None
    events_url: str


class SayCreate(_Body):
    text: TurnText = Field(description="the exact line the NPC speaks")
    emotion: Emotion | None = Field(default=None, description="how it is said (the audio events' expression)")
    persona: str | None = Field(default=None, pattern=PERSONA_PATTERN, description="scenes: who says it")


class NarrateCreate(_Body):
    event: NarrationText = Field(description='what happened, e.g. "the player picked up the cursed ring"')
    react: bool = Field(default=True, description="the NPC reacts in character (false: it only knows it now)")
    persona: str | None = Field(default=None, pattern=PERSONA_PATTERN, description="scenes: who is told "
                                "(default: everyone; the first reacts)")


class TurnCreate(_Body):
    """Text, a recording, or both (a recording's transcript joins the text)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"anyOf": [
        {"required": ["text"], "properties": {"text": {"type": "string"}}},
        {"required": ["audio"], "properties": {"audio": {"type": "string"}}}]})

    text: TurnText | None = Field(default=None, description="what the user typed")
    audio: str | None = Field(default=None, pattern=ARTIFACT_ID_PATTERN, description="uploaded recording id")
    attachments: list[Annotated[str, Field(pattern=ARTIFACT_ID_PATTERN)]] = Field(
        default_factory=list, max_length=16, description="uploaded image ids")

    @model_validator(mode="after")
    def _says_something(self) -> "TurnCreate":
        if self.text is None and self.audio is None:
            raise ValueError("a turn needs text or an audio artifact id (upload the recording first)")
        return self


class JobOut(_Body):
    id: str
    session_id: str
    turn_id: str | None
    status: str
    text: str | None
    reply: str | None
    steps: dict[str, dict[str, Any]]
    artifacts: list[str]
    error: dict[str, Any] | None
    created_at: float
    finished_at: float | None


class TurnAccepted(_Body):
    job_id: str
    status: str
    job_url: str
    events_url: str


class PersonaOut(_Body):
    id: str
    name: str
    role: str
    description: str
    language: str
    greeting: str | None


class Health(_Body):
    status: str
    protocol: int
    tools: list[str]


def _manager(request: Request):
    return request.app.state.sessions


@router.get("/health", response_model=Health, tags=["meta"])
def health(request: Request) -> dict[str, Any]:
    """Liveness, the event protocol version and the installed tools (no key needed)."""
    return {"status": "ok", "protocol": 1, "tools": request.app.state.orchestrator.registry.names()}


@router.get("/personas", response_model=list[PersonaOut], tags=["meta"], responses=errors(*KEYED))
def personas(request: Request, key: ApiKey = Depends(caller)) -> list[dict[str, Any]]:
    """The personas a session (or a chat ``model``) may name."""
    return [{"id": c.id, "name": c.name, "role": c.role, "description": c.description, "language": c.language,
             "greeting": c.greetings[0] if c.greetings else None} for c in _manager(request).persona_library().all()]


@router.post("/sessions", response_model=SessionOut, status_code=201, tags=["sessions"],
             responses=errors(400, *KEYED, 404, 409, 413, 422))
def create_session(body: SessionCreate, request: Request, key: ApiKey = Depends(caller)) -> dict[str, Any]:
    """A new session owned by this key. Connect to ``events_url`` (WebSocket) to follow it."""
    return _manager(request).create(key_id=key.key_id, user=body.user, persona=body.persona,
                                    language=body.language, voice=body.voice).public()


@router.post("/scenes", response_model=SessionOut, status_code=201, tags=["sessions"],
             responses=errors(400, *KEYED, 404, 409, 413, 422))
def create_scene(body: SceneCreate, request: Request, key: ApiKey = Depends(caller)) -> dict[str, Any]:
    """A session holding a scene of 2-4 personas. A turn goes to the personas it names (or says
    "everyone" to), and they may answer each other for ``max_exchanges`` lines; every event
    carries its ``speaker``."""
    scene = Scene.parse(personas=body.personas, max_exchanges=body.max_exchanges)
    return _manager(request).create(key_id=key.key_id, user=body.user, persona=None, language=body.language,
                                    voice=body.voice, scene=scene).public()


@router.get("/sessions", response_model=list[SessionOut], tags=["sessions"], responses=errors(*KEYED))
def list_sessions(request: Request, key: ApiKey = Depends(caller)) -> list[dict[str, Any]]:
    return [s.public() for s in _manager(request).of_key(key.key_id)]


@router.get("/sessions/{session_id}", response_model=SessionOut, tags=["sessions"], responses=errors(*KEYED, 404))
def get_session(session_id: str, request: Request, key: ApiKey = Depends(caller)) -> dict[str, Any]:
    return _manager(request).get(session_id, key_id=key.key_id).public()


@router.post("/sessions/{session_id}/uploads", response_model=ArtifactInfo, status_code=201, tags=["artifacts"],
             openapi_extra=OPENAPI_BODY, responses=errors(400, *KEYED, 404, 413, 415, 422))
async def upload(session_id: str, request: Request, key: ApiKey = Depends(caller)) -> dict[str, Any]:
    """Upload a recording (WAV, MP3, OGG, WebM, FLAC), an image (PNG, JPEG, WebP), a video (MP4) or a
    motion capture (BVH) to use in a turn: a multipart form with one part, ``file``, whose Content-Type
    names the format. The key is checked
    before the body is read; the file streams into the session and is refused (and removed) past its
    limit (``[limits]``)."""
    manager = _manager(request)
    session = manager.get(session_id, key_id=key.key_id)
    artifact = await receive_upload(request, store=manager.store(session), limits=request.app.state.settings.limits,
                                    user_id=session.user)
    return manager.describe(session, artifact)


@router.post("/sessions/{session_id}/turns", response_model=TurnAccepted, status_code=202, tags=["turns"],
             responses=errors(400, *KEYED, 404, 409, 413, 422))
async def post_turn(session_id: str, body: TurnCreate, request: Request, key: ApiKey = Depends(caller)) -> dict[str, Any]:
    """Say something (text, an uploaded recording, images). The turn runs as a job; its
    events stream on the session's WebSocket. Turns do not wait for earlier jobs."""
    manager = _manager(request)
    session = manager.get(session_id, key_id=key.key_id)
    job = manager.start_turn(session, text=body.text, audio=body.audio, attachments=body.attachments)
    return _accepted(session.id, job)


@router.post("/sessions/{session_id}/say", response_model=TurnAccepted, status_code=202, tags=["turns"],
             responses=errors(400, *KEYED, 404, 409, 413, 422))
async def post_say(session_id: str, body: SayCreate, request: Request, key: ApiKey = Depends(caller)) -> dict[str, Any]:
    """The NPC speaks exactly ``text``: a ``text`` event and ``audio`` events with visemes (and the
    emotion's ARKit weights), no planner, no moderation (the line is yours, not a player's)."""
    manager = _manager(request)
    session = manager.get(session_id, key_id=key.key_id)
    job = manager.start_say(session, text=body.text, emotion=body.emotion, persona=body.persona)
    return _accepted(session.id, job)


@router.post("/sessions/{session_id}/narrate", response_model=TurnAccepted, status_code=202, tags=["turns"],
             responses=errors(400, *KEYED, 404, 409, 413, 422))
async def post_narrate(session_id: str, body: NarrateCreate, request: Request,
                       key: ApiKey = Depends(caller)) -> dict[str, Any]:
    """A world event the NPC now knows (it is remembered) and, with ``react``, reacts to in character."""
    manager = _manager(request)
    session = manager.get(session_id, key_id=key.key_id)
    job = manager.start_narrate(session, event=body.event, react=body.react, persona=body.persona)
    return _accepted(session.id, job)


def _accepted(session_id: str, job: Any) -> dict[str, Any]:
    return {"job_id": job.id, "status": job.status, "job_url": f"/v1/sessions/{session_id}/jobs/{job.id}",
            "events_url": f"/v1/sessions/{session_id}/events"}


@router.get("/sessions/{session_id}/jobs/{job_id}", response_model=JobOut, tags=["turns"],
            responses=errors(*KEYED, 404))
async def get_job(session_id: str, job_id: str, request: Request, key: ApiKey = Depends(caller)) -> dict[str, Any]:
    manager = _manager(request)
    await manager.state.drain()  # a job read as finished has its every event in the replayable log
    return await run_in_threadpool(lambda: manager.job(manager.get(session_id, key_id=key.key_id), job_id).public())


@router.post("/sessions/{session_id}/jobs/{job_id}/cancel", response_model=JobOut, tags=["turns"],
             responses=errors(*KEYED, 404))
def cancel_job(session_id: str, job_id: str, request: Request, key: ApiKey = Depends(caller)) -> dict[str, Any]:
    """Cancel a running job: its steps stop at their next progress report; a finished job is left as is."""
    manager = _manager(request)
    return manager.cancel(manager.get(session_id, key_id=key.key_id), job_id).public()


@router.get("/sessions/{session_id}/artifacts", response_model=list[ArtifactInfo], tags=["artifacts"],
            responses=errors(*KEYED, 404))
def list_artifacts(session_id: str, request: Request, key: ApiKey = Depends(caller)) -> list[dict[str, Any]]:
    manager = _manager(request)
    session = manager.get(session_id, key_id=key.key_id)
    return [manager.describe(session, a) for a in manager.artifacts(session)]


@router.get("/sessions/{session_id}/artifacts/{artifact_id}", response_model=ArtifactInfo, tags=["artifacts"],
            responses=errors(*KEYED, 404))
def get_artifact(session_id: str, artifact_id: str, request: Request, key: ApiKey = Depends(caller)) -> dict[str, Any]:
    manager = _manager(request)
    session = manager.get(session_id, key_id=key.key_id)
    return manager.describe(session, manager.artifact(session, artifact_id))


@router.get("/sessions/{session_id}/artifacts/{artifact_id}/content", tags=["artifacts"],
            response_class=FileResponse,
            responses={200: {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
                             "description": "the file, with its own type (model/gltf-binary, image/png, audio/wav, "
                                            "video/mp4, ...)"},
                       206: {"content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
                             "description": "the requested byte range"},
                       416: {"description": "the range is outside the file"}, **errors(*KEYED, 404)})
def download(session_id: str, artifact_id: str, request: Request, key: ApiKey = Depends(caller)) -> FileResponse:
    """The file's bytes; honours ``Range: bytes=...`` (206) for streaming and resuming."""
    manager = _manager(request)
    session = manager.get(session_id, key_id=key.key_id)
    artifact = manager.artifact(session, artifact_id)
    return FileResponse(artifact.path, media_type=artifact.mime, filename=artifact.path.name,
                        headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"})
