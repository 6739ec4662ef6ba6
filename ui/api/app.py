"""The FastAPI application of the XR network API: ``create_app(settings=..., orchestrator=...)``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from agent.config import Settings
from agent.errors import AtelierError, ConfigError, PlanError, first_problem
from ui.api.keys import KeyStore
from ui.api.sessions import Conflict, NotFound, SessionManager
from ui.api.state import SessionState
from agent.uploads import UnsupportedUpload, UploadTooLarge

API_VERSION = "1.0.0"


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
    if isinstance(exc, (ValueError, PlanError)):  # InputError, PlanError, UnknownPersona
        return 422
    return 503 if exc.retryable else 500


def create_app(*, settings: Settings, orchestrator: Any, keys: KeyStore | None = None,
               state: SessionState | None = None) -> FastAPI:
    """The app; ``orchestrator`` is any object with the Orchestrator interface (tests inject one).
    Its limits and switches are the settings' ``[api]`` and ``[limits]`` sections; ``state`` is
    where sessions, jobs, event logs and rate buckets live (this process's by default)."""
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
    app.state.sessions = SessionManager(orchestrator=orchestrator, settings=settings, api=api, state=state)
    app.state.limiter = app.state.sessions.state.limiter

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

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def starlette_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return await http_error(request, HTTPException(exc.status_code, exc.detail, getattr(exc, "headers", None)))

    if api.allow_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(api.allow_origins), allow_methods=["*"],
                           allow_headers=["*"])
    app.include_router(routes.router)
    app.include_router(openai_compat.router)
    app.include_router(ws.router)
    mount_xr(app)
    return app
