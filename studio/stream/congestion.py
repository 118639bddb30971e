"""A bounded packet queue between the encoder and one output's writer thread.

``put`` never blocks the encoder. When the queue backs up (its packets span more than
``drop_after_ms`` of show time, because the network or disk is slower than the
stream), video goes first, the OBS way: every queued non-key video packet is dropped
and later ones up to the next keyframe (they depend on what was dropped); if that is
not enough, queued keyframes too. Audio is never dropped; a queue that holds more than
``stall_after_ms`` even so means the output cannot keep up at all, which the writer
reports as a stall (an RTMP output then reconnects).
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

from studio.stream.packets import EncodedPacket, StreamConfig


@dataclass(frozen=True)
class CongestionSettings:
    drop_after_ms: int = 1000
    stall_after_ms: int = 20_000


class PacketQueue:
    """Thread-safe FIFO with the drop policy above; one producer, one consumer."""

    def __init__(self, config: StreamConfig, settings: CongestionSettings = CongestionSettings()):
        self._config = config
        self.settings = settings
        self._items: deque[tuple[int, EncodedPacket]] = deque()  # (show ms, packet)
        self._cond = threading.Condition()
        self._skip_video = False  # after a drop: video is dropped until a keyframe
        self.dropped_video = 0
        self.congestion_events = 0
        self.max_backlog_ms = 0

    # -- producer ------------------------------------------------------------------
    def put(self, packet: EncodedPacket) -> None:
        ms = self._config.units_to_ms(packet.kind, packet.dts)
        with self._cond:
            if packet.is_video and self._skip_video:
                if not packet.keyframe or self._backlog_with(ms) > self.settings.drop_after_ms:
                    self.dropped_video += 1
                    return
                self._skip_video = False
            self._items.append((ms, packet))
            backlog = self._backlog()
            self.max_backlog_ms = max(self.max_backlog_ms, backlog)
            if backlog > self.settings.drop_after_ms:
                self._relieve()
            self._cond.notify()

    def _relieve(self) -> None:
        self.congestion_events += 1
        self._skip_video = True
        self._drop_video(keep_keyframes=True)
        if self._video_bytes() and self._backlog() > 2 * self.settings.drop_after_ms:
            self._drop_video(keep_keyframes=False)

    def _drop_video(self, keep_keyframes: bool) -> None:
        kept: deque[tuple[int, EncodedPacket]] = deque()
        for item in self._items:
            pkt = item[1]
            if pkt.is_video and not (keep_keyframes and pkt.keyframe):
                self.dropped_video += 1
            else:
                kept.append(item)
        self._items = kept

    def _video_bytes(self) -> int:
        return sum(len(p.data) for _, p in self._items if p.is_video)

    def _backlog(self) -> int:
        if len(self._items) < 2:
            return 0
        times = [ms for ms, _ in self._items]
        return max(times) - min(times)

    def _backlog_with(self, ms: int) -> int:
        if not self._items:
            return 0
        times = [t for t, _ in self._items]
        return max(max(times), ms) - min(min(times), ms)

    # -- consumer ------------------------------------------------------------------
    def get(self, timeout: float) -> EncodedPacket | None:
        """The oldest packet, or None after ``timeout`` seconds with nothing queued."""
        with self._cond:
            if not self._items:
                self._cond.wait(timeout)
            if not self._items:
                return None
            return self._items.popleft()[1]

    @property
    def backlog_ms(self) -> int:
        with self._cond:
            return self._backlog()

    @property
    def stalled(self) -> bool:
        return self.backlog_ms > self.settings.stall_after_ms

    @property
    def congested(self) -> bool:
        with self._cond:
            return self._skip_video

    def __len__(self) -> int:
        with self._cond:
            return len(self._items)

    def clear(self) -> None:
        with self._cond:
            self._items.clear()
            self._skip_video = False
            self._cond.notify_all()
