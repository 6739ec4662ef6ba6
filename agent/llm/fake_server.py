"""The fake of the OpenAI-compatible protocol (house rule 8): a real HTTP server on loopback
that speaks the chat-completions API with scripted answers (non-streaming JSON and streaming
SSE), for hermetic tests, ``bench/llm.py`` and anyone testing an integration offline.

Each request takes the next :class:`Answer` from the script (the last one repeats). The
request bodies are kept in ``requests`` so tests can check what the client sent.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Answer:
    """One scripted response. ``content`` is split into ``chunks`` when streaming (default:
    words). ``status`` != 200 sends an OpenAI-style error body. ``delay_s`` waits before the
    headers; ``chunk_delay_s`` before each stream chunk (one number, or one per chunk);
    ``refusal`` fills the refusal field."""

    content: str | None = ""
    status: int = 200
    delay_s: float = 0.0
    chunk_delay_s: float | list[float] = 0.0
    chunks: list[str] | None = None
    refusal: str | None = None
    retry_after: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class FakeOpenAI:
    """``with FakeOpenAI([Answer(...), ...]) as server: server.base_url``"""

    def __init__(self, script: list[Answer] | None = None) -> None:
        self.script = list(script or [Answer("{}")])
        self.requests: list[dict[str, Any]] = []
        self.sent_at: list[float] = []  # perf_counter when each stream chunk was written (bench)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-openai", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def next_answer(self, body: dict[str, Any]) -> Answer:
        with self._lock:
            self.requests.append(body)
            index = min(len(self.requests) - 1, len(self.script) - 1)
            return self.script[index]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("content-length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                if not self.path.endswith("/chat/completions"):
                    return self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
                answer = server.next_answer(body)
                if answer.delay_s:
                    time.sleep(answer.delay_s)
                if answer.status != 200:
                    extra = {"retry-after": answer.retry_after} if answer.retry_after is not None else {}
                    return self._send(answer.status, {"error": {"message": f"scripted HTTP {answer.status}",
                                                                "type": "server_error", "code": None}}, extra)
                model = body.get("model", "fake")
                if body.get("stream"):
                    return self._stream(answer, model)
                message: dict[str, Any] = {"role": "assistant", "content": answer.content}
                if answer.refusal is not None:
                    message["refusal"] = answer.refusal
                return self._send(200, {
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
                    "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

            def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, answer: Answer, model: str) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("cache-control", "no-cache")
                self.send_header("connection", "close")
                self.end_headers()
                content = answer.content or ""
                chunks = answer.chunks if answer.chunks is not None else _words(content)
                try:
                    self._event(model, {"role": "assistant", "content": ""}, None)
                    delays = answer.chunk_delay_s
                    for index, chunk in enumerate(chunks):
                        delay = delays[index] if isinstance(delays, list) else delays
                        if delay:
                            time.sleep(delay)
                        self._event(model, {"content": chunk}, None)
                        server.sent_at.append(time.perf_counter())
                    self._event(model, {}, "stop")
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass
                self.close_connection = True

            def _event(self, model: str, delta: dict[str, Any], finish: str | None) -> None:
                payload = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()),
                           "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
                self.wfile.write(b"data: " + json.dumps(payload).encode() + b"\n\n")
                self.wfile.flush()

        return Handler


def _words(text: str) -> list[str]:
    """Split into word-sized chunks that join back to ``text`` exactly."""
    pieces, current = [], ""
    for ch in text:
        current += ch
        if ch == " ":
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces
