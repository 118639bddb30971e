"""Stream health as immutable snapshots: what the CLI prints and the GUI shows.

Writers (the stream stage, each output's thread) update counters under a lock; readers
take a frozen snapshot at any time from any thread.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field


class RateMeter:
    """Events and bytes per second over a sliding window of a caller-supplied clock.

    Counts go into 100 ms buckets, so adding is a comparison and two increments (it runs
    once per packet on the stream's thread) and old buckets are dropped when read.
    """

    BUCKET_NS = 100_000_000

    def __init__(self, window_ns: int = 3_000_000_000) -> None:
        self.window_ns = window_ns
        self._buckets: deque[list[int]] = deque()  # [bucket number, events, bytes]
        self._lock = threading.Lock()

    def add(self, now_ns: int, size: int = 0) -> None:
        bucket = now_ns // self.BUCKET_NS
        with self._lock:
            if self._buckets and self._buckets[-1][0] == bucket:
                last = self._buckets[-1]
                last[1] += 1
                last[2] += size
            else:
                self._buckets.append([bucket, 1, size])
                if len(self._buckets) > 2 * self.window_ns // self.BUCKET_NS:
                    self._buckets.popleft()

    def rates(self, now_ns: int) -> tuple[float, float]:
        """(events per second, bits per second) over the window ending now."""
        first = (now_ns - self.window_ns) // self.BUCKET_NS + 1
        with self._lock:
            while self._buckets and self._buckets[0][0] < first:
                self._buckets.popleft()
            if not self._buckets:
                return 0.0, 0.0
            events = sum(b[1] for b in self._buckets)
            size = sum(b[2] for b in self._buckets)
            start = self._buckets[0][0]
        # Seconds covered: from the first bucket with data to now (at most the window).
        span_ns = min(self.window_ns, max(now_ns - start * self.BUCKET_NS, self.BUCKET_NS))
        return events * 1e9 / span_ns, size * 8e9 / span_ns


@dataclass(frozen=True)
class OutputStats:
    """One output. ``state``: starting, connecting, live, retrying, recording, waiting
    for keyframe, waiting for disk space, error, stopped. ``last_error`` is what is wrong
    now: empty once the output works again (each output keeps its history in ``errors``)."""

    name: str
    state: str
    kbps: float = 0.0
    bytes_sent: int = 0
    dropped_video: int = 0
    congested: bool = False
    backlog_ms: int = 0
    reconnects: int = 0
    retries: int = 0  # retries begun since the last good connection (0 while live)
    connections: int = 0  # times the output went live (an outage needs one before it)
    connected_s: float = 0.0
    retry_in_s: float | None = None
    last_error: str = ""
    detail: str = ""

    def line(self) -> str:
        parts = [f"{self.name}: {self.state}"]
        if self.state in ("live", "recording"):
            parts.append(f"{self.kbps:.0f} kb/s")
        if self.congested or self.dropped_video:
            parts.append(f"dropped {self.dropped_video}" + (" CONGESTED" if self.congested else ""))
        if self.reconnects:
            parts.append(f"reconnects {self.reconnects}")
        if self.retry_in_s is not None:
            parts.append(f"retry in {self.retry_in_s:.1f} s")
        if self.last_error and self.state != "live":
            parts.append(self.last_error)
        if self.detail:
            parts.append(self.detail)
        return " ".join(parts)


@dataclass(frozen=True)
class StreamStats:
    """The whole stream at one moment."""

    uptime_s: float = 0.0
    frames: int = 0
    fps: float = 0.0
    video_kbps: float = 0.0
    lagged: int = 0
    skipped: int = 0
    av_offset_ms: float = 0.0
    encoder: str = ""
    outputs: tuple[OutputStats, ...] = field(default_factory=tuple)

    @property
    def dropped(self) -> int:
        return sum(o.dropped_video for o in self.outputs)

    @property
    def reconnects(self) -> int:
        return sum(o.reconnects for o in self.outputs)

    @property
    def congested(self) -> bool:
        return any(o.congested for o in self.outputs)

    def line(self) -> str:
        """One human line: ``00:01:05 25.0 fps 3012 kb/s lagged 0 … | rtmp: live …``."""
        s = int(self.uptime_s)
        head = (
            f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d} {self.fps:4.1f} fps "
            f"{self.video_kbps:5.0f} kb/s lagged {self.lagged} skipped {self.skipped} "
            f"dropped {self.dropped} reconnects {self.reconnects} "
            f"A/V {self.av_offset_ms:+.0f} ms"
        )
        if self.congested:
            head += " CONGESTED"
        return " | ".join([head, *(o.line() for o in self.outputs)])
