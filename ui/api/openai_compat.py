"""OpenAI-compatible ``POST /v1/chat/completions`` and ``GET /v1/models``: ``model`` names a
persona, so any OpenAI client library (Python, JS, Unity, Unreal) can talk to an NPC.

The last user message is the turn; the ``user`` and ``assistant`` messages before it are the
conversation so far (they stand for the session's own buffer in this call: references such as
"make it walk" and "what did I just say?" read them), and ``system``/``developer`` messages are
the app's instructions, added to the persona's prompt after its safety rules (the embedded
responder answers from their sentences as it does from the persona's knowledge). The persona's
session is derived from the key, the ``user`` field and the persona, so long-term memory carries
over between calls. Files made in the turn are linked in the reply (Markdown links to their
download URLs) and listed in the ``atelier`` extension field (``artifacts``, each as
``artifact_ready`` describes it, plus the ``session_id`` and each sentence's ``emotions``).
Streaming sends ``chat.completion.chunk`` server-sent events and ``data: [DONE]``; the links and
``atelier`` come with the last chunk. Unknown request fields are rejected (as OpenAI does); ``n`` must be 1.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from typing import Annotated, Any, AsyncIterator, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from agent.errors import AtelierError, InputError
from ui.api.auth import caller
from ui.api.keys import ApiKey
from ui.api.protocol import TurnText
from ui.api.routes import KEYED, errors

router = APIRouter(prefix="/v1", tags=["openai"])
DEFAULT_MODEL = "atelier"  # no persona: the plain assistant
MAX_HISTORY = 200  # earlier messages a call may carry into the turn (agent.types.Request.history)


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["text"]
    text: str


class UserPart(ContentPart):
    text: TurnText


class ChatMessage(BaseModel):
    """A system, developer, assistant or tool message: context the persona's turn does not use."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["system", "developer", "assistant", "tool"]
    content: str | list[ContentPart] | None = None
    name: str | None = None
    tool_call_id: str | None = Field(default=None, description="accepted for compatibility; tool messages are not read")
    tool_calls: list[dict[str, Any]] | None = Field(default=None, description="accepted for compatibility")

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text for part in self.content)
        return self.content or ""


class UserMessage(ChatMessage):
    """What the user says: text (one text part at most, like a turn: 1-4000 characters, not blank)."""

    role: Literal["user"]
    content: TurnText | Annotated[list[UserPart], Field(min_length=1, max_length=1)]


AnyMessage = Annotated[UserMessage | ChatMessage, Field(discriminator="role")]


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    include_usage: bool = False


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    model: str = Field(description="a persona id (GET /v1/models), or 'atelier' for no persona")
    messages: list[AnyMessage] = Field(min_length=1, max_length=500, json_schema_extra={
        "contains": {"type": "object", "required": ["role"], "properties": {"role": {"const": "user"}}}},
        description="the conversation; the last user message is the turn (at least one is needed: without, 400 "
                    "invalid_messages)")
    stream: bool = False
    stream_options: StreamOptions | None = None
    user: str | None = Field(default=None, max_length=256, description="your end user's id (memory is per user)")
    # accepted for compatibility; the embedded responder does not sample
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, ge=0, le=1)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    n: Literal[1] | None = None
    stop: str | list[str] | None = None
    presence_penalty: float | None = Field(default=None, ge=-2, le=2)
    frequency_penalty: float | None = Field(default=None, ge=-2, le=2)
    seed: int | None = None


class ChatError(Exception):
    def __init__(self, status: int, message: str, *, code: str, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.code, self.param = status, message, code, param


def openai_error(status: int, message: str, *, code: str, param: str | None = None,
                 kind: str = "invalid_request_error") -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"message": message, "type": kind,
                                                               "param": param, "code": code}})


@router.get("/models", responses=errors(*KEYED))
def models(request: Request, key: ApiKey = Depends(caller)) -> dict[str, Any]:
    """Personas as OpenAI models (plus 'atelier', the assistant without a persona)."""
    ids = [DEFAULT_MODEL] + request.app.state.sessions.persona_library().ids()
    return {"object": "list", "data": [{"id": i, "object": "model", "created": 0, "owned_by": "atelier"} for i in ids]}


def _session_for(request: Request, key: ApiKey, body: ChatCompletionRequest):
    manager = request.app.state.sessions
    persona = None if body.model == DEFAULT_MODEL else body.model
    if persona is not None and persona not in manager.persona_library().ids():
        raise ChatError(404, f"the model {body.model!r} does not exist; models are persona ids "
                        "(GET /v1/models)", code="model_not_found", param="model")
    user = hashlib.sha256((body.user or "default").encode()).hexdigest()[:16]
    digest = hashlib.sha256(f"{key.key_id}|{user}|{persona}".encode()).hexdigest()[:16]
    from ui.api.sessions import ApiSession

    return manager.ensure(ApiSession(id=f"s_{digest}", key_id=key.key_id, user=f"chat-{user}", persona=persona,
                                     language=None, voice=False, created_at=time.time()))


def conversation_of(messages: list[ChatMessage]) -> tuple[str, list[dict[str, str]], str | None]:
    """The turn (the last user message), the conversation before it and the app's instructions.
    ``ChatError`` (400) when there is no user message with text."""
    last = max((i for i, m in enumerate(messages) if m.role == "user"), default=None)
    if last is None:
        roles = ", ".join(sorted({m.role for m in messages}))
        raise ChatError(400, f"messages holds no user message (only {roles}); the last user message is what the "
                        "persona answers: add one with role 'user'", code="invalid_messages", param="messages")
    if not messages[last].text().strip():
        raise ChatError(400, "the last user message is empty; send at least one user message with text",
                        code="invalid_messages", param="messages")
    history = [{"role": m.role, "content": m.text()} for m in messages[:last]
               if m.role in ("user", "assistant") and m.text().strip()]
    instructions = "\n\n".join(m.text().strip() for m in messages if m.role in ("system", "developer") and m.text().strip())
    return messages[last].text(), history, instructions or None


async def _reply_events(request: Request, key: ApiKey, body: ChatCompletionRequest) -> AsyncIterator[tuple[str, Any]]:
    """("delta", text) while the reply streams, ("artifact", info) as files are made, then
    ("final", text, emotions) and last ("session", session id)."""
    from agent.types import Request as TurnRequest  # ``Request`` here is FastAPI's

    text, history, instructions = conversation_of(body.messages)
    session = _session_for(request, key, body)
    try:
        turn = TurnRequest.parse(text=text, session_id=session.id, user_id=session.user_id,
                                 persona=session.persona, history=history[-MAX_HISTORY:], instructions=instructions)
    except InputError as exc:
        raise ChatError(400, exc.message, code="invalid_messages", param="messages") from None
    manager = request.app.state.sessions
    orchestrator = request.app.state.orchestrator
    yield "session", session.id
    async for event in orchestrator.turn(turn):
        if event.kind == "message_delta" and event.message:
            yield "delta", event.message
        elif event.kind == "message" and event.data.get("stage") == "ack":
            yield "ack", event.message or ""  # said before the assets are done
        elif event.kind == "message":
            yield "final", (event.message or "", list(event.data.get("emotions", [])))
        elif event.kind == "artifact" and event.artifact is not None:
            try:
                artifact = manager.artifact(session, str(event.artifact.get("id", "")))
            except AtelierError:
                continue
            yield "artifact", manager.describe(session, artifact)


def links(artifacts: list[dict[str, Any]], base: str) -> str:
    """Markdown links to the files a turn made, one a line (a level's tileset strip left out)."""
    lines = []
    for info in artifacts:
        if (info.get("meta") or {}).get("role") == "tileset":
            continue
        label = f"{info.get('kind')} ({info.get('format')})"
        subject = (info.get("meta") or {}).get("prompt") or (info.get("meta") or {}).get("text")
        if isinstance(subject, str) and subject.strip():
            label = f"{label}: {' '.join(subject.split())[:60]}"
        lines.append(f"[{label.replace(']', ')')}]({base.rstrip('/')}{info['url']})")
    return "\n".join(lines)


def _words(text: str) -> int:
    return len(text.split())


@router.post("/chat/completions", responses={
    200: {"description": "the reply: a chat.completion object, or with stream=true server-sent chat.completion.chunk "
                         "events ending in 'data: [DONE]'",
          "content": {"application/json": {}, "text/event-stream": {"schema": {"type": "string"}}}},
    **errors(400, *KEYED, 404, 413)})
async def chat_completions(body: ChatCompletionRequest, request: Request, key: ApiKey = Depends(caller)):
    """Chat with a persona the way the OpenAI API does (``stream`` for server-sent events)."""
    completion_id = f"chatcmpl-{secrets.token_hex(12)}"
    created = int(time.time())
    prompt_tokens = sum(_words(m.text()) for m in body.messages)
    events = _reply_events(request, key, body)
    base = str(request.base_url)
    try:
        _, session_id = await anext(events)  # the session: the body and the persona were checked
    except ChatError as exc:
        return openai_error(exc.status, exc.message, code=exc.code, param=exc.param)
    except AtelierError as exc:
        return openai_error(400, exc.message, code=exc.type)
    made: list[dict[str, Any]] = []
    extension: dict[str, Any] = {"session_id": session_id, "artifacts": made, "emotions": []}

    if not body.stream:
        reply, deltas = "", []
        async for kind, value in events:
            if kind == "delta":
                deltas.append(value)
            elif kind == "final":
                reply, extension["emotions"] = value
            elif kind == "artifact":
                made.append(value)
        reply = reply or "".join(deltas)  # an "ack" is not part of the final answer
        if made:
            reply = f"{reply}\n\n{links(made, base)}"
        return {"id": completion_id, "object": "chat.completion", "created": created, "model": body.model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop",
                             "logprobs": None}],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": _words(reply),
                          "total_tokens": prompt_tokens + _words(reply)}, "atelier": extension}

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        return "data: " + json.dumps({"id": completion_id, "object": "chat.completion.chunk", "created": created,
                                      "model": body.model,
                                      "choices": [{"index": 0, "delta": delta, "finish_reason": finish,
                                                   "logprobs": None}], **extra}) + "\n\n"

    async def stream() -> AsyncIterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        sent = ""
        try:
            async for kind, value in events:
                if kind == "ack":  # streamed first, on its own paragraph, before the final reply
                    yield chunk({"content": value + "\n\n"})
                elif kind == "artifact":
                    made.append(value)
                elif kind == "delta":
                    sent += value
                    yield chunk({"content": value})
                elif kind == "final":
                    text, extension["emotions"] = value
                    if not sent:
                        sent = text
                        yield chunk({"content": text})
                    elif text.startswith(sent) and len(text) > len(sent):  # the final reply added a tail
                        yield chunk({"content": text[len(sent):]})
                        sent = text
            if made:
                tail = "\n\n" + links(made, base)
                sent += tail
                yield chunk({"content": tail})
        except AtelierError as exc:
            yield "data: " + json.dumps({"error": {"message": exc.message, "type": "server_error",
                                                   "param": None, "code": exc.type}}) + "\n\n"
        yield chunk({}, "stop", atelier=extension)
        if body.stream_options is not None and body.stream_options.include_usage:
            yield "data: " + json.dumps({"id": completion_id, "object": "chat.completion.chunk", "created": created,
                                         "model": body.model, "choices": [],
                                         "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": _words(sent),
                                                   "total_tokens": prompt_tokens + _words(sent)}}) + "\n\n"
        yield "data: [DONE]\n\n"

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
