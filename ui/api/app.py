"""The FastAPI application of the XR network API: ``create_app(settings=..., orchestrator=...)``."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from agent.config import Settings
from agent.errors import AtelierError, ConfigError, PlanError, first_problem
from ui.api.auth import Authenticator
from ui.api.guard import Guard, error_response as _error
from ui.api.keys import KeyStore
from ui.api.ratelimit import FailureThrottle
from ui.api.sessions import Conflict, NotFound, SessionManager
from ui.api.state import SessionState
from ui.api.uploads import MalformedForm
from agent.uploads import UnsupportedUpload, UploadTooLarge

API_VERSION = "1.0.0"


def _status_of(exc: AtelierError) -> int:
    if isinstance(exc, MalformedForm):
        return 400
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


def _allowed_methods(request: Request) -> list[str]:
    """The methods the OpenAPI document lists for the request's path (what ``Allow`` must say)."""
    import re

    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), request.url.path):
            methods |= {method.upper() for method in operations}
    return sorted(methods)


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
    app.state.auth = Authenticator(keys=app.state.keys, throttle=FailureThrottle(burst=api.failed_auth_burst,
                                                                                 per_min=api.failed_auth_per_min))

    @app.exception_handler(AtelierError)
    async def atelier_error(request: Request, exc: AtelierError) -> JSONResponse:
        if isinstance(exc, ConfigError):
            return _error(500, exc.type, exc.message)
        return _error(_status_of(exc), exc.type, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        kinds = {401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
                 429: "rate_limited"}
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405 and (allowed := _allowed_methods(request)):  # every method of the path,
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}  # not only the first route's
        return _error(exc.status_code, kinds.get(exc.status_code, "http_error"), str(exc.detail), headers=headers)

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

    # outermost: headers, CORS, the key and body limits before any body is read (ui/api/guard.py)
    app.add_middleware(Guard, settings=settings, auth=app.state.auth, limiter=app.state.limiter)
    app.include_router(routes.router)
    app.include_router(openai_compat.router)
    app.include_router(ws.router)
    mount_xr(app)
    return app
