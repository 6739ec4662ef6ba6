"""Who is calling: a Bearer API key (``Authorization`` header; WebSockets may instead offer
the subprotocol ``bearer.<key>``, since browsers cannot set headers there), then the key's
rate limit."""

from __future__ import annotations

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ui.api.keys import ApiKey

bearer = HTTPBearer(auto_error=False, description="an API key from `python app.py keys create`")


class RateLimited(HTTPException):
    def __init__(self, wait_s: float, retry_after: str) -> None:
        super().__init__(status_code=429, detail=f"rate limit reached; retry in {wait_s:.1f} s",
                         headers={"Retry-After": retry_after})


def caller(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> ApiKey:
    """The verified key of an HTTP request (401 without one, 429 over its rate)."""
    state = request.app.state
    key = state.keys.verify(credentials.credentials if credentials else None)
    if key is None:
        raise HTTPException(status_code=401, detail="a valid API key is required: send 'Authorization: Bearer "
                            "atk_...' (create one with `python app.py keys create`)",
                            headers={"WWW-Authenticate": "Bearer"})
    wait = state.limiter.take(key.key_id)
    if wait > 0:
        raise RateLimited(wait, state.limiter.retry_after(wait))
    return key


def websocket_key(headers, subprotocols: list[str]) -> tuple[str | None, str | None]:
    """The key a WebSocket offers, and the subprotocol to accept (``atelier.v1`` when offered)."""
    token = None
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
    for proto in subprotocols:
        if proto.startswith("bearer."):
            token = token or proto[len("bearer."):]
    accept = "atelier.v1" if "atelier.v1" in subprotocols else None
    return token, accept
