"""Token buckets: requests per API key (``rate_per_s`` sustained, ``burst`` at once; over it,
HTTP 429), and failed sign-ins per client address and per account (:class:`FailureThrottle`)."""

from __future__ import annotations

import math
import threading
import time

MAX_BUCKETS = 100_000  # beyond this, buckets that have refilled are dropped (a full bucket is no bucket)


class RateLimiter:
    """In-process buckets (one server process owns its keys' budgets)."""

    def __init__(self, *, rate_per_s: float, burst: int) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("rate_per_s must be > 0 and burst >= 1")
        self.rate_per_s = rate_per_s
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def _tokens(self, key: str, now: float) -> float:
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - last) * self.rate_per_s)

    def take(self, key: str, cost: float = 1.0) -> float:
        """Spend ``cost`` tokens; returns 0 when allowed, else seconds until it would be."""
        now = time.monotonic()
        with self._lock:
            tokens = self._tokens(key, now)
            if tokens >= cost:
                self._buckets[key] = (tokens - cost, now)
                if len(self._buckets) > MAX_BUCKETS:
                    self._prune(now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (cost - tokens) / self.rate_per_s

    def wait(self, key: str, cost: float = 1.0) -> float:
        """Seconds until ``cost`` tokens are there (0: now), without spending any."""
        with self._lock:
            tokens = self._tokens(key, time.monotonic())
        return 0.0 if tokens >= cost else (cost - tokens) / self.rate_per_s

    def give(self, key: str, cost: float = 1.0) -> None:
        """Put ``cost`` tokens back (an attempt reserved ahead that turned out free)."""
        now = time.monotonic()
        with self._lock:
            self._buckets[key] = (min(float(self.burst), self._tokens(key, now) + cost), now)

    def _prune(self, now: float) -> None:
        self._buckets = {key: value for key, value in self._buckets.items()
                         if value[0] + (now - value[1]) * self.rate_per_s < self.burst}

    def __len__(self) -> int:
        return len(self._buckets)

    @staticmethod
    def retry_after(wait_s: float) -> str:
        """The ``Retry-After`` header value (whole seconds, at least 1)."""
        return str(max(1, math.ceil(wait_s)))


class FailureThrottle:
    """Failed sign-ins, counted per client address and per account (an API key id, a user name).

    Each has ``burst`` failures at once and earns ``per_min`` back a minute. An attempt reserves
    one failure from both buckets before any password hashing is done (so concurrent guesses
    cannot all slip past an almost empty bucket) and gets it back when the secret was right.
    While either bucket is empty the attempt is refused at the cost of a dictionary lookup.
    """

    def __init__(self, *, burst: int, per_min: float) -> None:
        self.by_address = RateLimiter(rate_per_s=per_min / 60.0, burst=burst)
        self.by_account = RateLimiter(rate_per_s=per_min / 60.0, burst=burst)
        self._lock = threading.Lock()

    def attempt(self, *, address: str | None, account: str | None) -> float:
        """Reserve one failure (of each bucket named): 0 when reserved, else the seconds to wait
        (nothing reserved)."""
        with self._lock:
            wait = max(self.by_address.wait(address) if address else 0.0,
                       self.by_account.wait(account) if account else 0.0)
            if wait > 0:
                return wait
            if address:
                self.by_address.take(address)
            if account:
                self.by_account.take(account)
            return 0.0

    def succeeded(self, *, address: str | None, account: str | None) -> None:
        """The reserved attempt was right: it costs nothing."""
        if address:
            self.by_address.give(address)
        if account:
            self.by_account.give(account)
