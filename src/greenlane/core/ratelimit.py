"""A small in-process sliding-window limiter for the public, no-login endpoints. One server process is the
deployment unit here; behind several processes each keeps its own window, which only loosens the limit."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from greenlane.core.errors import RateLimited


class SlidingWindowLimiter:
    def __init__(self, *, per_minute: int, now: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._now = now
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Counts one request from `key`, refusing it when the last minute already holds the allowance."""
        now = self._now()
        with self._lock:
            window = self._hits.setdefault(key, deque())
            while window and now - window[0] >= 60.0:
                window.popleft()
            if len(window) >= self.per_minute:
                wait = int(60.0 - (now - window[0])) + 1
                raise RateLimited(f"too many lookups: try again in {wait} s")
            window.append(now)
            if len(self._hits) > 10_000:
                self._hits = {k: v for k, v in self._hits.items() if v and now - v[-1] < 60.0}
