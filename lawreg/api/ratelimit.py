"""A per-client request budget for the API: ``API_RATE_LIMIT`` requests per
``API_RATE_WINDOW`` seconds, counted in a sliding window per client address (and per token
for signed requests).

The count lives in the process: each worker enforces its own budget, which bounds a client
to ``workers × limit`` — enough to stop a runaway script without a shared store.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from flask import current_app, request

from .http import ApiError

DEFAULT_LIMIT = 300
DEFAULT_WINDOW = 60.0
MAX_CLIENTS = 10_000  # forget the oldest clients beyond this many


class RateLimiter:
    """Sliding-window counters by client key."""

    def __init__(self) -> None:
        self.hits: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def check(self, client: str, limit: int, window: float, now: float | None = None) -> int:
        """Count one request of ``client``; the requests left, or raise ``rate_limited``."""
        now = time.monotonic() if now is None else now
        with self.lock:
            stamps = self.hits.pop(client, None) or deque()
            while stamps and stamps[0] <= now - window:
                stamps.popleft()
            self.hits[client] = stamps  # most recent clients last
            if len(stamps) >= limit:
                retry = max(1, int(stamps[0] + window - now) + 1)
                raise ApiError(429, "rate_limited",
                               f"more than {limit} requests in {int(window)} seconds",
                               limit=limit, window=int(window), retry_after=retry)
            stamps.append(now)
            while len(self.hits) > MAX_CLIENTS:
                self.hits.pop(next(iter(self.hits)))
            return limit - len(stamps)


def limiter() -> RateLimiter:
    return current_app.extensions.setdefault("lawreg.api.ratelimit", RateLimiter())


def enforce() -> tuple[int, int]:
    """Count the current request; (limit, remaining)."""
    limit = int(current_app.config.get("API_RATE_LIMIT", DEFAULT_LIMIT))
    window = float(current_app.config.get("API_RATE_WINDOW", DEFAULT_WINDOW))
    auth = request.headers.get("Authorization", "")
    client = auth[-16:] if auth.startswith("Bearer ") else (request.remote_addr or "unknown")
    return limit, limiter().check(client, limit, window)
