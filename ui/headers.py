"""Browser-facing response headers of the API, the /xr page and the studio: security headers
(content security policy, no framing, no MIME sniffing, no referrer) and CORS.

Each page gets the narrowest policy it works under: the API's JSON and files load nothing
(``default-src 'none'``); the /xr page runs its own scripts and the locally served three.js,
with the inline import map allowed by its hash; the Gradio studio needs inline scripts and
styles (Gradio's own bundle), but still only from this server. No page may be framed.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any, Awaitable, Callable, Iterable, Mapping

Send = Callable[[dict[str, Any]], Awaitable[None]]

BASE = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
CSP_API = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
CSP_FRAMES_ONLY = "frame-ancestors 'none'"  # /docs and /redoc: FastAPI's pages load Swagger UI / ReDoc from a CDN
CSP_STUDIO = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:; "
              "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' data: blob:; "
              "font-src 'self' data:; connect-src 'self' data: blob:; worker-src 'self' blob:; "
              "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'")

# what a cross-origin page may send and read (the API authenticates with a header, never a cookie)
CORS_METHODS = ("GET", "HEAD", "POST")
CORS_REQUEST_HEADERS = frozenset({"authorization", "content-type", "range", "accept", "accept-language",
                                  "content-language"})
CORS_EXPOSED = "Retry-After, Content-Range, Accept-Ranges, Content-Length, Content-Disposition, WWW-Authenticate"
CORS_MAX_AGE_S = 600


def csp_xr(page_html: str) -> str:
    """The /xr page's policy: its scripts and three.js from this server; the inline import map by hash."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
                      for body in re.findall(r"<script type=\"importmap\">(.*?)</script>", page_html, re.S))
    return ("default-src 'self'; script-src 'self' " + hashes + "; style-src 'self'; img-src 'self' data: blob:; "
            "media-src 'self' blob: data:; connect-src 'self' blob: data:; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'")


def with_headers(send: Send, headers: Mapping[str, str], *, replace: bool = False) -> Send:
    """``send`` that adds ``headers`` to the response start (keeping any the app set, unless ``replace``)."""
    extra = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]

    async def sending(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            names = {name for name, _ in extra}
            present = {name.lower() for name, _ in message.get("headers", [])}
            kept = [(n, v) for n, v in message.get("headers", []) if not (replace and n.lower() in names)]
            message = {**message, "headers": kept + [(n, v) for n, v in extra if replace or n not in present]}
        await send(message)

    return sending


def header(scope: dict[str, Any], name: str) -> str | None:
    """One request header (the first), decoded as Latin-1."""
    wanted = name.lower().encode("latin-1")
    for key, value in scope.get("headers", []):
        if key.lower() == wanted:
            return value.decode("latin-1")
    return None


def same_origin(origin: str, host: str | None) -> bool:
    """Whether ``Origin: scheme://host[:port]`` names the host the request was sent to."""
    found = re.fullmatch(r"[a-z][a-z0-9+.-]*://([^/]+)", origin.strip().lower())
    return bool(found and host and found.group(1) == host.strip().lower())


class Cors:
    """CORS for the API: ``[api] allow_origins`` (none by default, ``'*'`` for any page).

    Credentials are never allowed (``Access-Control-Allow-Credentials`` is never sent): the API
    takes its key in the ``Authorization`` header, which a page must set itself, so ``'*'`` does
    not hand anybody's cookies to another site.
    """

    def __init__(self, origins: Iterable[str]) -> None:
        self.origins = frozenset(origin.lower() for origin in origins)
        self.any = "*" in self.origins

    def allows(self, origin: str) -> bool:
        return self.any or origin.lower() in self.origins

    def response_headers(self, origin: str | None) -> dict[str, str]:
        """Headers for an actual (non-preflight) request from ``origin``."""
        if not origin or not self.allows(origin):
            return {}
        return {"access-control-allow-origin": "*" if self.any else origin, "vary": "Origin",
                "access-control-expose-headers": CORS_EXPOSED}

    def preflight(self, origin: str, method: str, requested: str) -> tuple[int, dict[str, str], str]:
        """(status, headers, refusal) of a preflight; status 204 when allowed."""
        if not self.allows(origin):
            return 403, {"vary": "Origin"}, (
                f"origin {origin!r} may not call this API; add it to the setting api.allow_origins "
                "(atelier.toml [api] allow_origins, ATELIER_API__ALLOW_ORIGINS or --set api.allow_origins=...)")
        wanted = {part.strip().lower() for part in requested.split(",") if part.strip()}
        if method.upper() not in CORS_METHODS or not wanted <= CORS_REQUEST_HEADERS:
            extra = sorted(wanted - CORS_REQUEST_HEADERS)
            return 403, {"vary": "Origin"}, (
                f"method {method} or headers {', '.join(extra) or '-'} are not allowed across origins; the API "
                f"takes {', '.join(CORS_METHODS)} with {', '.join(sorted(CORS_REQUEST_HEADERS))}")
        return 204, {"access-control-allow-origin": "*" if self.any else origin, "vary": "Origin",
                     "access-control-allow-methods": ", ".join(CORS_METHODS),
                     "access-control-allow-headers": ", ".join(sorted(wanted)) or "authorization",
                     "access-control-max-age": str(CORS_MAX_AGE_S)}, ""
