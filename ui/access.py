"""The studio's front door (pure ASGI, around the Gradio app and ui/files.py's file guard).

In order, for every HTTP request:

1. Security headers (ui/headers.py): the studio's content security policy, no framing, no
   MIME sniffing, no referrer.
2. On loopback, the ``Host`` header must name loopback too: a web page that rebinds its own DNS
   name to 127.0.0.1 cannot drive the studio (403).
3. A request that changes something (not GET/HEAD/OPTIONS) from another site's page (its
   ``Origin`` is not this host) is refused (403): no cross-site form posts or fetches.
4. With a sign-in (ui/login.py): ``POST /login`` is throttled per client address (429), and every
   other request needs a signed-in session except the few the sign-in page itself loads; the
   default is to refuse (401), so a Gradio route added upstream is closed until listed here.
5. The file guard: Gradio's file routes and ``/artifacts/`` serve recorded artifacts only, the
   signed-in user's own when there is a sign-in.
"""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, Callable

from ui.headers import BASE, CSP_STUDIO, header, same_origin, with_headers
from ui.login import StudioLogin, is_loopback

ASGIApp = Callable[[dict[str, Any], Callable[..., Awaitable[Any]], Callable[..., Awaitable[Any]]], Awaitable[None]]
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# What the sign-in page loads before anyone is signed in (Gradio answers /config itself: 401 + message).
SIGN_IN_PAGE = frozenset({"/", "/login", "/login/", "/logout", "/config", "/config/", "/favicon.ico", "/theme.css",
                          "/robots.txt", "/manifest.json"})
SIGN_IN_ASSETS = ("/assets/", "/static/", "/svelte/", "/pwa_icon")
TARPIT_S = 1.0


class SignedIn:
    """Reads the Gradio session cookie: which user a request belongs to (None: nobody)."""

    def __init__(self, gradio_app: Any) -> None:
        self.gradio_app = gradio_app

    def __call__(self, scope: dict[str, Any]) -> str | None:
        from starlette.requests import HTTPConnection

        cookies = HTTPConnection(scope).cookies
        cookie_id = getattr(self.gradio_app, "cookie_id", "")
        token = cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")
        return self.gradio_app.tokens.get(token) if token else None


def studio_front_door(app: ASGIApp, *, host: str, login: StudioLogin | None, signed_in: SignedIn | None) -> ASGIApp:
    """``app`` (the Gradio app behind the file guard) with the checks of this module's docstring."""
    from starlette.responses import JSONResponse, PlainTextResponse

    loopback = is_loopback(host)
    headers = {**BASE, "content-security-policy": CSP_STUDIO}

    async def door(scope: dict[str, Any], receive, send) -> None:
        if scope.get("type") not in ("http", "websocket"):
            await app(scope, receive, send)
            return
        http = scope["type"] == "http"
        reply = with_headers(send, headers) if http else send

        async def refuse(status: int, message: str, extra: dict[str, str] | None = None) -> None:
            if not http:
                await send({"type": "websocket.close", "code": 4403})
                return
            await PlainTextResponse(f"{status}: {message}", status_code=status, headers=extra)(scope, receive, reply)

        request_host = (header(scope, "host") or "").lower()
        if loopback and request_host.rsplit(":", 1)[0].strip("[]") not in ("localhost", "127.0.0.1", "::1"):
            await refuse(403, "this studio answers to localhost / 127.0.0.1 only (it listens on loopback)")
            return
        origin = header(scope, "origin")
        if origin and (not http or scope.get("method") not in SAFE_METHODS) and not same_origin(origin, request_host):
            await refuse(403, "requests from another site's page are refused")
            return
        if login is not None and signed_in is not None:
            path = scope.get("path", "")
            address = (scope.get("client") or ("unknown", 0))[0]
            if http and path.rstrip("/") == "/login" and scope.get("method") == "POST":
                await _sign_in(app, scope, receive, reply, login=login, address=address, refuse=refuse)
                return
            if signed_in(scope) is None and not (http and (path in SIGN_IN_PAGE or path.startswith(SIGN_IN_ASSETS))):
                if http:
                    await JSONResponse({"detail": "sign in first"}, status_code=401)(scope, receive, reply)
                else:
                    await send({"type": "websocket.close", "code": 4401})
                return
        await app(scope, receive, reply)

    return door


async def _sign_in(app: ASGIApp, scope, receive, send, *, login: StudioLogin, address: str, refuse) -> None:
    """``POST /login`` under the address's failure budget: reserved before, given back on success."""
    from ui.api.ratelimit import RateLimiter

    wait = login.throttle.attempt(address=address, account=None)
    if wait > 0:
        await asyncio.sleep(min(wait, TARPIT_S))
        await refuse(429, f"too many failed sign-ins from this address; retry in {wait:.0f} s",
                     {"Retry-After": RateLimiter.retry_after(wait)})
        return
    status: dict[str, int] = {}

    async def sending(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status["code"] = message["status"]
        await send(message)

    await app(scope, receive, sending)
    if status.get("code") == 200:
        login.throttle.succeeded(address=address, account=None)
