"""Who is calling: a Bearer API key (``Authorization`` header; WebSockets may instead offer
the subprotocol ``bearer.<key>``, since browsers cannot set headers there).

Keys are checked from the headers before any request body is read (ui/api/guard.py). A key
this process has verified before costs a hash lookup; a malformed key or an unknown key id is
refused without hashing; a known key id with a new secret costs one scrypt, run on one worker
thread (never the event loop), and only while the client's address and that key id have failed
attempts left (:class:`ui.api.ratelimit.FailureThrottle`); past them, 429 with ``Retry-After``,
answered after a pause so a flood of guesses cannot take the server's time from everyone else.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import random

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ui.api.keys import ApiKey, KeyStore
from ui.api.ratelimit import FailureThrottle, RateLimiter

bearer = HTTPBearer(auto_error=False, description="an API key from `python app.py keys create`")
TARPIT_S = 3.0  # a throttled attempt waits up to this long (never past its Retry-After) for its 429
NEEDS_KEY = ("a valid API key is required: send 'Authorization: Bearer atk_...' (create one with "
             "`python app.py keys create`)")


class AuthRefused(Exception):
    """A request without a usable key: 401, or 429 with ``retry_after`` while failures are throttled."""

    def __init__(self, status: int, message: str, retry_after: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after

    def headers(self) -> dict[str, str]:
        return {"Retry-After": self.retry_after} if self.retry_after else {"WWW-Authenticate": "Bearer"}


class RateLimited(HTTPException):
    def __init__(self, wait_s: float, retry_after: str) -> None:
        super().__init__(status_code=429, detail=f"rate limit reached; retry in {wait_s:.1f} s",
                         headers={"Retry-After": retry_after})


class Authenticator:
    """Checks API keys for one app: cached keys at once, new ones on a single scrypt thread."""

    def __init__(self, *, keys: KeyStore, throttle: FailureThrottle, tarpit_s: float = TARPIT_S) -> None:
        self.keys = keys
        self.throttle = throttle
        self.tarpit_s = tarpit_s
        self._hashing = hashing_thread("atelier-key-check")

    async def check(self, token: str | None, *, address: str) -> ApiKey:
        """The verified key, or :class:`AuthRefused`."""
        if not token:
            raise AuthRefused(401, NEEDS_KEY)
        known = self.keys.cached(token)
        if known is not None:
            return known
        key_id = self.keys.key_id_of(token)
        account = key_id if key_id is not None and self.keys.exists(key_id) else None
        wait = self.throttle.attempt(address=address, account=account)
        if wait > 0:
            # a closed-loop flood slows to one try per client every few seconds, its wake-ups spread out
            await asyncio.sleep(min(wait, self.tarpit_s) * random.uniform(0.5, 1.0))
            raise AuthRefused(429, f"too many failed key checks from this address or for this key id; retry in "
                              f"{wait:.0f} s", RateLimiter.retry_after(wait))
        if account is None:  # malformed, or no such key: refused without hashing (the attempt stays spent)
            raise AuthRefused(401, NEEDS_KEY)
        found = await asyncio.get_running_loop().run_in_executor(self._hashing, self.keys.verify, token)
        if found is None:
            raise AuthRefused(401, NEEDS_KEY)
        self.throttle.succeeded(address=address, account=account)
        return found

    def close(self) -> None:
        self._hashing.shutdown(wait=False, cancel_futures=True)


def _lower_priority() -> None:
    # On Linux a thread is a task with its own nice value: the hashing thread yields the CPU to the
    # event loop (and every other request) whenever both want it. Elsewhere: no change.
    import os
    import threading

    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass


def hashing_thread(name: str) -> concurrent.futures.ThreadPoolExecutor:
    """The one worker thread that runs scrypt checks (API keys, studio passwords), at low priority."""
    return concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix=name, initializer=_lower_priority)


def caller(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> ApiKey:
    """The key the guard verified for this request (``credentials`` only documents the scheme)."""
    key = getattr(request.state, "api_key", None)
    if key is None:  # a route outside the guard's /v1 scope would land here: refuse rather than trust
        raise HTTPException(status_code=401, detail=NEEDS_KEY, headers={"WWW-Authenticate": "Bearer"})
    return key


def websocket_key(headers, subprotocols: list[str]) -> tuple[str | None, str | None]:
    """The key a WebSocket offers, and the subprotocol to accept (``atelier.v1`` when offered)."""
    token = bearer_token(headers.get("authorization"))
    for proto in subprotocols:
        if proto.startswith("bearer."):
            token = token or proto[len("bearer."):]
    accept = "atelier.v1" if "atelier.v1" in subprotocols else None
    return token, accept


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header."""
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip() or None
    return None
