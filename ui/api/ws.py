"""``WS /v1/sessions/{id}/events``: the session's events (protocol v1) out, turn/say/narrate/cancel/ping in,
and streamed speech in (``audio_chunk`` messages or binary frames of 16 kHz PCM s16le; ui/api/listen.py).

``?since=N`` first replays the kept events numbered above N (reconnect without gaps).
Bad client messages (malformed JSON, unknown ``type``, bad fields) get an ``error`` event and
the connection stays open. Close codes: 4401 no valid key, 4429 too many failed key checks (retry
later), 4404 not this key's session; a page whose origin is not allowed is refused (HTTP 403).
"""

from __future__ import annotations

import asyncio
import json
import time

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError

from agent.errors import AtelierError, first_problem
from ui.api.auth import AuthRefused, websocket_key
from ui.api.protocol import (CLIENT_MESSAGE, AudioChunkMessage, AudioEndMessage, CancelMessage, NarrateMessage,
                             PingMessage, SayMessage, TurnMessage)

router = APIRouter()
MAX_MESSAGE_CHARS = 64_000


@router.websocket("/v1/sessions/{session_id}/events")
async def events(websocket: WebSocket, session_id: str, since: int | None = None) -> None:
    state = websocket.app.state
    token, subprotocol = websocket_key(websocket.headers, websocket.scope.get("subprotocols", []))
    address = (websocket.scope.get("client") or ("unknown", 0))[0]
    try:
        key = await state.auth.check(token, address=address)
    except AuthRefused as exc:
        await websocket.accept(subprotocol=subprotocol)
        await websocket.close(code=4429 if exc.status == 429 else 4401, reason=exc.message[:120])
        return
    await websocket.accept(subprotocol=subprotocol)
    manager = state.sessions
    try:
        session = manager.get(session_id, key_id=key.key_id)
    except AtelierError:
        await websocket.close(code=4404, reason="no such session for this key")
        return
    bus = manager.bus(session.id)
    queue, replay = bus.subscribe(since=since)
    try:
        await websocket.send_text(json.dumps({
            "v": 1, "type": "session_ready", "seq": 0, "session_id": session.id, "ts": time.time(),
            "session": session.public(), "last_seq": bus.seq}))
        for event in replay:
            await websocket.send_text(json.dumps(event))
        sender = asyncio.create_task(_send(websocket, queue))
        try:
            await _receive(websocket, state, session, key.key_id, sender)
        finally:
            sender.cancel()
            await asyncio.gather(sender, return_exceptions=True)
    except WebSocketDisconnect:
        pass
    finally:
        bus.unsubscribe(queue)  # the session's jobs run on; their events stay in the history


async def _send(websocket: WebSocket, queue: asyncio.Queue) -> None:
    while (event := await queue.get()) is not None:
        await websocket.send_text(json.dumps(event))
    await websocket.close(code=1013, reason="client too slow; reconnect with ?since=")


def _error(session_id: str, kind: str, message: str, **extra) -> str:
    return json.dumps({"v": 1, "type": "error", "seq": 0, "session_id": session_id, "ts": time.time(),
                       "error": {"type": kind, "message": message, "retryable": False}, **extra})


async def _receive(websocket: WebSocket, state, session, key_id: str, sender: asyncio.Task) -> None:
    manager = state.sessions
    stream = None

    def listening():
        nonlocal stream
        if stream is None:
            from ui.api.listen import VoiceStream

            stream = VoiceStream(manager=manager, session=session)
        return stream

    try:
        await _loop(websocket, state, session, key_id, sender, listening)
    finally:
        if stream is not None:
            await stream.close()


async def _loop(websocket: WebSocket, state, session, key_id: str, sender: asyncio.Task, listening) -> None:
    manager = state.sessions
    while not sender.done():
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        raw = message.get("text")
        if raw is None:  # a binary frame: 16 kHz PCM s16le, an audio_chunk without the JSON
            try:
                await listening().chunk(message.get("bytes") or b"")
            except AtelierError as exc:
                await websocket.send_text(_error(session.id, exc.type, exc.message))
            continue
        if len(raw) > MAX_MESSAGE_CHARS:
            await websocket.send_text(_error(session.id, "bad_message", f"messages are limited to {MAX_MESSAGE_CHARS} characters"))
            continue
        wait = state.limiter.take(key_id)
        if wait > 0:
            await websocket.send_text(_error(session.id, "rate_limited", f"rate limit reached; retry in {wait:.1f} s"))
            continue
        try:
            message = CLIENT_MESSAGE.validate_json(raw)
        except ValidationError as exc:
            problem = first_problem(exc, where="message")
            if problem.type == "json_invalid":
                text = f"the message is not JSON ({problem.msg}); send one JSON object per message"
            elif problem.type in ("union_tag_invalid", "union_tag_not_found"):
                text = ("unknown message type; send {\"type\": \"turn\" | \"say\" | \"narrate\" | \"audio_chunk\" | "
                        "\"audio_end\" | \"cancel\" | \"ping\", ...}")
            else:
                text = f"bad field {problem.where!r}: {problem.msg}"
            await websocket.send_text(_error(session.id, "bad_message", text))
            continue
        try:
            if isinstance(message, PingMessage):
                await websocket.send_text(json.dumps({"v": 1, "type": "pong", "seq": 0, "session_id": session.id,
                                                      "ts": time.time()}))
            elif isinstance(message, CancelMessage):
                manager.cancel(session, message.job_id)
            elif isinstance(message, AudioChunkMessage):
                await listening().chunk_base64(message.data, sample_rate=message.sample_rate)
            elif isinstance(message, AudioEndMessage):
                await listening().end()
            elif isinstance(message, TurnMessage):
                manager.start_turn(session, text=message.text, audio=message.audio, attachments=message.attachments)
            elif isinstance(message, SayMessage):
                manager.start_say(session, text=message.text, emotion=message.emotion, persona=message.persona)
            elif isinstance(message, NarrateMessage):
                manager.start_narrate(session, event=message.event, react=message.react, persona=message.persona)
        except AtelierError as exc:
            await websocket.send_text(_error(session.id, exc.type, exc.message))
