"""What every output does: take packets without blocking, start cleanly on a keyframe.

An output (RTMP push, recording, ...) receives the one encode's packets through
``send``, which must return at once: network and disk writes happen in the output's own
thread behind a ``PacketQueue``. Each connection or file an output opens starts at a
video keyframe with its own timestamps at 0 (``KeyframeGate``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Protocol

from studio.stream.packets import EncodedPacket, Origin, StreamConfig
from studio.stream.stats import OutputStats

RequestKeyframe = Callable[[], None]


class Output(Protocol):
    name: str

    def start(self, config: StreamConfig, request_keyframe: RequestKeyframe) -> None:
        """Begin (threads, connections); ``request_keyframe`` asks the encoder for an IDR."""
        ...

    def send(self, packet: EncodedPacket) -> None:
        """Take one packet; never blocks."""
        ...

    def stop(self, timeout: float = 5.0) -> None:
        """Write what is queued (up to ``timeout`` s), finalise and release everything."""
        ...

    def stats(self) -> OutputStats: ...


class KeyframeGate:
    """Lets a new connection/segment start at a video keyframe, audio from that instant.

    Audio that arrives before the keyframe is held briefly (the AAC encoder emits late),
    then sent from the keyframe's first sample on; earlier video is skipped.
    """

    def __init__(self, config: StreamConfig, hold: int = 64) -> None:
        self._config = config
        self.origin: Origin | None = None
        self._held: deque[EncodedPacket] = deque(maxlen=hold)
        self.skipped = 0

    def start_at(self, origin: Origin) -> None:
        self.origin = origin

    def feed(self, packet: EncodedPacket) -> list[EncodedPacket]:
        """The packets to write now, in order (maybe none)."""
        if self.origin is None:
            if not packet.is_video:
                self._held.append(packet)
                return []
            if not packet.keyframe:
                self.skipped += 1
                return []
            self.origin = Origin.at_frame(packet.pts, self._config.fps, self._config.sample_rate)
            out = [packet, *(p for p in self._held if self.origin.includes(p))]
            self._held.clear()
            return out
        return [packet] if self.origin.includes(packet) else []
