"""A small in-memory sliding-window limiter (per process: use Redis when you run several)."""

import time
from collections import deque
from collections.abc import Callable


class SlidingWindowLimiter:
    def __init__(
        self, limit: int, window_seconds: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        now = self._clock()
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        return hits

    def retry_after(self, key: str) -> int | None:
        """Seconds to wait if `key` is over the limit, else None."""
        hits = self._recent(key)
        if len(hits) < self.limit:
            if not hits:
                del self._hits[key]
            return None
        return max(1, round(self.window - (self._clock() - hits[0])))

    def hit(self, key: str) -> None:
        self._recent(key).append(self._clock())

    def reset(self, key: str) -> None:
        self._hits.pop(key, None)
