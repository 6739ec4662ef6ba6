"""A token bucket per API key: ``rate_per_s`` sustained, ``burst`` at once; over it, HTTP 429."""

from __future__ import annotations

import math
import threading
import time


class RateLimiter:
    """In-process buckets (one server process owns its keys' budgets)."""

    def __init__(self, *, rate_per_s: float, burst: int) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("rate_per_s must be > 0 and burst >= 1")
        self.rate_per_s = rate_per_s
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, cost: float = 1.0) -> float:
        """Spend ``cost`` tokens; returns 0 when allowed, else seconds until it would be."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate_per_s)
            if tokens >= cost:
                self._buckets[key] = (tokens - cost, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (cost - tokens) / self.rate_per_s

    @staticmethod
    def retry_after(wait_s: float) -> str:
        """The ``Retry-After`` header value (whole seconds, at least 1)."""
        return str(max(1, math.ceil(wait_s)))
