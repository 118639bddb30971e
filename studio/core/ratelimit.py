"""Token buckets: how much one client (an API caller, a viewer) may cost per second.

``TokenBucket`` is one bucket; ``KeyedBuckets`` keeps one per key (a viewer) with a bound
on how many keys it remembers, so a room that meets a million viewers in a day holds at
most ``max_keys`` buckets: the least recently seen ones are forgotten (a forgotten viewer
starts again with a full bucket, which is what a new viewer gets anyway).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable


class TokenBucket:
    """``burst`` tokens, refilled at ``per_second``; thread-safe."""

    def __init__(
        self, burst: int, per_second: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst, self.per_second, self._clock = burst, per_second, clock
        self._tokens, self._at = float(burst), clock()
        self._lock = threading.Lock()

    def take(self) -> float:
        """0.0 when a token was taken, else the seconds until one will be there."""
        with self._lock:
            now = self._clock()
            elapsed = max(0.0, now - self._at)  # a clock set back refills nothing
            self._tokens = min(self.burst, self._tokens + elapsed * self.per_second)
            self._at = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self.per_second


class KeyedBuckets:
    """One ``TokenBucket`` per key, at most ``max_keys`` of them (least recent dropped)."""

    def __init__(
        self,
        burst: int,
        per_second: float,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst, self.per_second, self.max_keys = burst, per_second, max_keys
        self._clock = clock
        self._buckets: OrderedDict[Hashable, TokenBucket] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: Hashable) -> float:
        """Like ``TokenBucket.take`` for ``key``'s bucket."""
        with self._lock:
            bucket = self._buckets.pop(key, None)
            if bucket is None:
                bucket = TokenBucket(self.burst, self.per_second, self._clock)
            self._buckets[key] = bucket  # most recent last
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        return bucket.take()

    def __len__(self) -> int:
        return len(self._buckets)
