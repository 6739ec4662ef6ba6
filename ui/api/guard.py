"""The API's outermost layer (pure ASGI, before FastAPI sees a request): browser headers, CORS
preflights, the API key, the key's rate, and body limits, in that order.

- Every response carries the security headers of its page (ui/headers.py) and, for an allowed
  ``Origin``, the CORS headers; preflights are answered here (204, or 403 naming the setting).
- ``/v1/*`` (all but ``/v1/health``) needs a key, checked from the headers before a single body
  byte is read (ui/api/auth.py): 401, or 429 while failures or the key's rate are exhausted.
- A declared ``Content-Length`` over the route's limit is 413 at once; a body without one is
  counted as it streams and cut at the limit (413 from the route, which removes what it wrote).
- A JSON body (``Content-Type: ...json``, within its limit) is read whole and checked before any
  parser sees it: UTF-8, nesting depth and number size bounded (agent/text.py), else a 400 with
  one line, never a RecursionError deep in the JSON parser; lone surrogate escapes become U+FFFD.
- An answer given before the body was read closes the connection (``Connection: close``), so the
  server never keeps draining a body nobody will use.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Awaitable, Callable

from fastapi import HTTPException
from fastapi.responses import JSONResponse

from agent.config import Settings
from agent.uploads import FORMATS, MIB, limit_bytes
from ui.api.auth import AuthRefused, Authenticator, bearer_token
from ui.api.ratelimit import RateLimiter
from ui.api.uploads import MULTIPART_OVERHEAD
from ui.headers import BASE, CSP_API, CSP_FRAMES_ONLY, Cors, csp_xr, header, same_origin, with_headers

ASGIApp = Callable[[dict[str, Any], Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]], Awaitable[None]]
PUBLIC = frozenset({"/v1/health"})
UPLOAD_ROUTE = re.compile(r"^/v1/sessions/[^/]+/uploads/?$")
XR_PAGE = Path(__file__).resolve().parent.parent / "xr" / "index.html"


def error_response(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error shape of every route (the OpenAI one), so one client handler reads them all."""
    return JSONResponse(status_code=status, headers=headers,
                        content={"error": {"type": kind, "message": message, "param": None, "code": kind}})


class BodyTooLarge(HTTPException):
    """A body that grew past its route's limit while streaming (413)."""

    def __init__(self, message: str) -> None:
        super().__init__(status_code=413, detail=message)


class Guard:
    """Wraps the FastAPI app of ``create_app``; see the module docstring for what it checks."""

    def __init__(self, app: ASGIApp, *, settings: Settings, auth: Authenticator, limiter: RateLimiter) -> None:
        self.app = app
        self.auth = auth
        self.limiter = limiter
        self.cors = Cors(settings.api.allow_origins)
        self.json_limit = settings.api.max_body_kib * 1024
        limits = settings.limits
        kinds = sorted({fmt.kind for fmt in FORMATS})  # what the API takes: every format of the upload policy
        self.upload_limit = max(limit_bytes(kind, limits) for kind in kinds) + MULTIPART_OVERHEAD
        self.upload_note = (", ".join(f"{limit_bytes(kind, limits) / MIB:g} MiB for {kind}" for kind in kinds)
                            + " (settings limits.upload_<kind>_mib)")
        self.csp_xr = csp_xr(XR_PAGE.read_text(encoding="utf-8")) if XR_PAGE.is_file() else CSP_API

    def limit_for(self, method: str, path: str) -> tuple[int, str]:
        """The body limit of a request and the words that explain it."""
        if method == "POST" and UPLOAD_ROUTE.match(path):
            return self.upload_limit, f"uploads are limited to {self.upload_note}"
        return self.json_limit, (f"request bodies are limited to {self.json_limit // 1024} KiB (setting "
                                 "api.max_body_kib); upload files with POST /v1/sessions/{id}/uploads")

    def csp_for(self, path: str) -> str:
        if path in ("/xr", "/xr/"):
            return self.csp_xr
        if path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
            return CSP_FRAMES_ONLY
        return CSP_API

    async def __call__(self, scope: dict[str, Any], receive, send) -> None:
        if scope["type"] == "websocket":
            origin = header(scope, "origin")
            if origin and not same_origin(origin, header(scope, "host")) and not self.cors.allows(origin):
                await send({"type": "websocket.close", "code": 4403})  # before accept: HTTP 403
                return
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope.get("path", ""), scope.get("method", "GET")
        origin = header(scope, "origin")
        send = with_headers(send, {**BASE, "content-security-policy": self.csp_for(path),
                                   **self.cors.response_headers(origin)})
        declared = _content_length(scope)
        body = {"done": not (declared or (header(scope, "transfer-encoding") or "").lower() == "chunked")}

        async def refuse(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> None:
            headers = dict(headers or {})
            if not body["done"]:
                headers["connection"] = "close"
            await error_response(status, kind, message, headers)(scope, receive, send)

        if method == "OPTIONS" and origin and header(scope, "access-control-request-method"):
            status, headers, refusal = self.cors.preflight(origin, header(scope, "access-control-request-method") or "",
                                                           header(scope, "access-control-request-headers") or "")
            if status != 204:
                await refuse(status, "cors_refused", refusal, headers)
                return
            await send({"type": "http.response.start", "status": 204,
                        "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]})
            await send({"type": "http.response.body", "body": b""})
            return
        if path.startswith("/v1/") and path not in PUBLIC:
            address = (scope.get("client") or ("unknown", 0))[0]
            try:
                key = await self.auth.check(bearer_token(header(scope, "authorization")), address=address)
            except AuthRefused as exc:
                await refuse(exc.status, "unauthorized" if exc.status == 401 else "rate_limited", exc.message,
                             exc.headers())
                return
            wait = self.limiter.take(key.key_id)
            if wait > 0:
                await refuse(429, "rate_limited", f"rate limit reached; retry in {wait:.1f} s",
                             {"Retry-After": self.limiter.retry_after(wait)})
                return
            scope.setdefault("state", {})["api_key"] = key
        limit, why = self.limit_for(method, path)
        if declared is not None and declared > limit:
            await refuse(413, "too_large", f"the request body is {declared / MIB:.1f} MiB; {why}")
            return
        received = 0

        async def counted() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if not message.get("more_body", False):
                    body["done"] = True
                if received > limit:
                    raise BodyTooLarge(f"the request body is over {limit / MIB:.1f} MiB; {why}")
            return message

        if method in ("POST", "PUT", "PATCH") and "json" in (header(scope, "content-type") or "").lower():
            chunks, more = [], True
            while more:
                message = await receive()
                if message["type"] != "http.request":  # the client went away: let the app see it
                    await self.app(scope, receive, send)
                    return
                chunks.append(message.get("body", b""))
                received += len(chunks[-1])
                more = message.get("more_body", False)
                if received > limit:
                    await refuse(413, "too_large", f"the request body is over {limit / MIB:.1f} MiB; {why}")
                    return
            body["done"] = True
            whole, problem = _checked_json(b"".join(chunks))
            if problem is not None:
                await refuse(400, "invalid_request_error" if path.startswith("/v1/chat/") else "invalid_request",
                             problem)
                return
            replayed = False

            async def replay() -> dict[str, Any]:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": whole, "more_body": False}
                return await receive()

            counted = replay  # type: ignore[assignment]

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and not body["done"]:
                message = {**message, "headers": [*message.get("headers", []), (b"connection", b"close")]}
            await send(message)

        await self.app(scope, counted, sending)


def _content_length(scope: dict[str, Any]) -> int | None:
    value = header(scope, "content-length")
    return int(value) if value is not None and value.strip().isascii() and value.strip().isdecimal() else None


def _checked_json(body: bytes) -> tuple[bytes, str | None]:
    """A JSON request body as the routes may see it (lone surrogate escapes replaced, as every
    edge's text is), or why it may not reach a parser (not UTF-8, too deep, a huge number)."""
    from agent.errors import InputError
    from agent.text import check_json_bounds, clean_json_text

    try:
        text = body.decode("utf-8")
        check_json_bounds(text, what="the request body")
    except UnicodeDecodeError:
        return body, "the request body is not UTF-8; send JSON encoded as UTF-8"
    except InputError as exc:
        return body, exc.message
    cleaned = clean_json_text(text)
    return (body if cleaned is text else cleaned.encode("utf-8")), None
