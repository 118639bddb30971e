"""Real-time pacing on the integer timeline: frame N is due at start + N/fps.

Deadlines are computed from the frame number each time (integer nanoseconds), never by
adding frame durations, so a day of pacing has no rounding drift. The clock is an
interface: ``MonotonicClock`` for real streams, ``FakeClock`` for simulations that run
a day of show in seconds.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

from studio.core.timeline import FrameRate

NS = 1_000_000_000


class Clock(Protocol):
    def now_ns(self) -> int: ...

    def sleep_until_ns(self, t_ns: int, stop: threading.Event | None = None) -> bool:
        """Sleep until ``t_ns``; False when ``stop`` was set first."""
        ...


class MonotonicClock:
    """``time.monotonic_ns``; sleeps are interruptible by a stop event."""

    def now_ns(self) -> int:
        return time.monotonic_ns()

    def sleep_until_ns(self, t_ns: int, stop: threading.Event | None = None) -> bool:
        while True:
            left = t_ns - time.monotonic_ns()
            if left <= 0:
                return not (stop and stop.is_set())
            if stop is not None:
                if stop.wait(left / NS):
                    return False
            else:
                time.sleep(left / NS)


class FakeClock:
    """A clock that only moves when told to; sleeping jumps straight to the deadline."""

    def __init__(self, start_ns: int = 0) -> None:
        self._now = start_ns
        self._lock = threading.Lock()

    def now_ns(self) -> int:
        return self._now

    def advance(self, ns: int) -> None:
        with self._lock:
            self._now += ns

    def sleep_until_ns(self, t_ns: int, stop: threading.Event | None = None) -> bool:
        with self._lock:
            self._now = max(self._now, t_ns)
        return not (stop and stop.is_set())


class Pacer:
    """Releases frame N at ``start + N/fps`` and says how late the caller is."""

    def __init__(self, fps: FrameRate, clock: Clock) -> None:
        self.fps = fps
        self.clock = clock
        self.start_ns: int | None = None

    def start(self) -> None:
        self.start_ns = self.clock.now_ns()

    def deadline_ns(self, frame: int) -> int:
        assert self.start_ns is not None, "start() the pacer first"
        return self.start_ns + frame * NS * self.fps.den // self.fps.num

    def wait(self, frame: int, stop: threading.Event | None = None) -> bool:
        """Sleep until frame ``frame`` is due; False when stopped."""
        return self.clock.sleep_until_ns(self.deadline_ns(frame), stop)

    def due_frame(self) -> int:
        """The frame whose slot contains now (the one a viewer should be seeing)."""
        return self.frame_at_ns(self.clock.now_ns())

    def frame_at_ns(self, t_ns: int) -> int:
        """The frame whose slot contains clock time ``t_ns``."""
        assert self.start_ns is not None, "start() the pacer first"
        return (t_ns - self.start_ns) * self.fps.num // (NS * self.fps.den)

    def frames_late(self, frame: int) -> int:
        """How many whole frame slots have passed since ``frame``'s slot (0 if on time)."""
        return max(0, self.due_frame() - frame)

    def elapsed_ns(self) -> int:
        assert self.start_ns is not None, "start() the pacer first"
        return self.clock.now_ns() - self.start_ns
