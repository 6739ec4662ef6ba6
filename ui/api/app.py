"""The FastAPI application of the XR network API: ``create_app(settings=..., orchestrator=...)``."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from agent.config import Settings
from agent.errors import AtelierError, ConfigError, PlanError, StorageFull, first_problem
from ui.api.keys import KeyStore
from ui.api.ratelimit import RateLimiter
from ui.api.sessions import Conflict, NotFound, SessionManager
from agent.uploads import UnsupportedUpload, UploadTooLarge

API_VERSION = "1.0.0"
MAX_JSON_BODY = 4 * 1024 * 1024  # a chat of 500 messages fits; a JSON body is read whole to be checked
log = logging.getLogger(__name__)


def _error(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    # the OpenAI error shape, so one client-side handler reads every route's errors
    return JSONResponse(status_code=status, headers=headers,
                        content={"error": {"type": kind, "message": message, "param": None, "code": kind}})


def _status_of(exc: AtelierError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Conflict):
        return 409
    if isinstance(exc, UploadTooLarge):
        return 413
    if isinstance(exc, UnsupportedUpload):
        return 415
    if isinstance(exc, StorageFull):
        return 507
    if isinstance(exc, (ValueError, PlanError)):  # InputError, PlanError, UnknownPersona
        return 422
    return 503 if exc.retryable else 500


def create_app(*, settings: Settings, orchestrator: Any, keys: KeyStore | None = None) -> FastAPI:
    """The app; ``orchestrator`` is any object with the Orchestrator interface (tests inject one).
    Its limits and switches are the settings' ``[api]`` and ``[limits]`` sections."""
    from ui.api import openai_compat, routes, ws
    from ui.api.static import mount_xr

    api = settings.api
    app = FastAPI(title="Atelier XR API", version=API_VERSION,
                  description="Sessions, turns, jobs and artifacts for XR clients; events stream on "
                              "`WS /v1/sessions/{id}/events` (protocol v1, JSON Schema in ui/api/schema/v1). "
                              "Authenticate with `Authorization: Bearer atk_...` (`python app.py keys create`).")
    app.state.settings = settings
    app.state.orchestrator = orchestrator
    app.state.keys = keys or KeyStore.for_data_dir(settings.data_dir)
    app.state.limiter = RateLimiter(rate_per_s=api.rate_per_s, burst=api.burst)
    app.state.sessions = SessionManager(orchestrator=orchestrator, settings=settings, api=api)

    @app.exception_handler(AtelierError)
    async def atelier_error(request: Request, exc: AtelierError) -> JSONResponse:
        if isinstance(exc, ConfigError):
            return _error(500, exc.type, exc.message)
        return _error(_status_of(exc), exc.type, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        kinds = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 429: "rate_limited"}
        return _error(exc.status_code, kinds.get(exc.status_code, "http_error"), str(exc.detail),
                      headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problem = first_problem(exc, where="request")
        openai_route = request.url.path.startswith("/v1/chat/")  # OpenAI answers bad parameters with 400
        status = 400 if problem.type == "json_invalid" or openai_route else 422
        return _error(status, "invalid_request_error" if openai_route else "invalid_request",
                      f"{problem.where}: {problem.msg}")

    @app.exception_handler(OSError)  # handled here, not re-raised: a full disk is a 507, not a crash
    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        from agent.durable import full_disk_error, storage_full

        if storage_full(exc):  # a write deep inside (audit log, a library) ran out of space
            full = full_disk_error("the data directory")
            return _error(507, full.type, full.message)
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(500, "internal_error", "the server failed on this request (it is logged); retry, and report "
                                             "it if it persists")

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def starlette_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return await http_error(request, HTTPException(exc.status_code, exc.detail, getattr(exc, "headers", None)))

    if api.allow_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(api.allow_origins), allow_methods=["*"],
                           allow_headers=["*"])
    app.add_middleware(JsonBodyGuard)
    app.include_router(routes.router)
    app.include_router(openai_compat.router)
    app.include_router(ws.router)
    mount_xr(app)
    return app


class JsonBodyGuard:
    """JSON request bodies checked before any parser sees them: UTF-8, at most
    ``MAX_JSON_BODY`` bytes, nesting depth and number size bounded (agent/text.py); a bad one is a
    400 with one line, never a RecursionError deep in the JSON parser."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers") or ()) if scope["type"] == "http" else {}
        if b"json" not in headers.get(b"content-type", b"").lower() or scope.get("method") not in ("POST", "PUT",
                                                                                                 "PATCH"):
            await self.app(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, receive, send)  # the client went away: let the app see it
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_JSON_BODY:
                await _error(413, "invalid_request", f"the JSON body is over {MAX_JSON_BODY // 1048576} MiB")(
                    scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        problem = _json_problem(body)
        if problem is not None:
            chat = scope.get("path", "").startswith("/v1/chat/")
            await _error(400, "invalid_request_error" if chat else "invalid_request", problem)(scope, receive, send)
            return
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _json_problem(body: bytes) -> str | None:
    from agent.errors import InputError
    from agent.text import check_json_bounds

    try:
        check_json_bounds(body.decode("utf-8"), what="the request body")
    except UnicodeDecodeError:
        return "the request body is not UTF-8; send JSON encoded as UTF-8"
    except InputError as exc:
        return exc.message
    return None
