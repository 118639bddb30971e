"""Record the show as a series of playable files, one every ``segment_s`` seconds.

Segments start on a keyframe with their own timestamps at 0, so each plays alone;
together they hold every packet once (no gap, no overlap: audio that the encoder emits
after the cut still goes to the segment it belongs to). The live segment is fragmented
MP4 or FLV, written as ``NAME.part``: a crash leaves the finished segments intact and
the current one playable up to its last fragment, and the next recorder started in that
folder renames it (``recover_parts``). Disk writes happen in the recorder's thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from datetime import datetime
from pathlib import Path

import av

from studio.core.errors import InputError
from studio.stream.congestion import CongestionSettings, PacketQueue
from studio.stream.muxer import PacketFile, recover_parts
from studio.stream.output import KeyframeGate, RequestKeyframe
from studio.stream.packets import EncodedPacket, Origin, StreamConfig
from studio.stream.stats import OutputStats, RateMeter

log = logging.getLogger(__name__)

RECORD_FORMATS = ("mp4", "flv")
# A disk that stalls for seconds (a USB drive, a busy NAS) is normal: drop late.
DISK_CONGESTION = CongestionSettings(drop_after_ms=5000, stall_after_ms=60_000)


class SegmentedRecorder:
    """Writes the stream into ``directory/PREFIX-YYYYmmdd-HHMMSS-NNN.EXT`` segments."""

    def __init__(
        self,
        directory: str | Path,
        *,
        segment_s: float = 600.0,
        fmt: str = "mp4",
        prefix: str = "show",
        congestion: CongestionSettings = DISK_CONGESTION,
        retry_s: float = 5.0,
        metadata: dict[str, str] | None = None,
        name: str = "record",
    ) -> None:
        if fmt not in RECORD_FORMATS:
            raise InputError(f"cannot record as {fmt!r}", hint="use mp4 or flv")
        if segment_s <= 0:
            raise InputError("the segment length must be positive", hint="for example 600")
        self.directory = Path(directory)
        self.segment_s = segment_s
        self.ext = f".{fmt}"
        self.prefix = prefix
        self.name = name
        self.retry_s = retry_s
        self.metadata = metadata
        self.congestion = congestion
        self.segments: list[Path] = []  # finished segments, in order
        self.errors: deque[str] = deque(maxlen=100)  # the latest failures, in order
        self._config: StreamConfig | None = None
        self._queue: PacketQueue | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._meter = RateMeter()
        self._current: PacketFile | None = None
        self._previous: PacketFile | None = None  # closing: still takes its late audio
        self._gate: KeyframeGate | None = None
        self._segment_frames = 0
        self._seq = 0
        self._resume_at = 0.0
        self._state = "starting"
        self._bytes = 0

    # -- Output --------------------------------------------------------------------
    def start(self, config: StreamConfig, request_keyframe: RequestKeyframe) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        recover_parts(self.directory)
        self._config = config
        fps = config.fps
        self._segment_frames = max(
            1, -(-round(self.segment_s * 1000) * fps.num // (1000 * fps.den))
        )
        self._queue = PacketQueue(config, self.congestion)
        self._gate = KeyframeGate(config)
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-output", daemon=True)
        self._thread.start()
        request_keyframe()

    def send(self, packet: EncodedPacket) -> None:
        if self._queue is not None:
            self._queue.put(packet)

    def stop(self, timeout: float = 10.0) -> None:
        """Write what is queued, finalise the open segments."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.error("%s: the disk did not keep up; the last segment may be cut", self.name)

    def stats(self) -> OutputStats:
        _, bps = self._meter.rates(time.monotonic_ns())
        queue = self._queue
        with self._lock:
            current = self._current
            return OutputStats(
                name=self.name,
                state=self._state,
                kbps=bps / 1000,
                bytes_sent=self._bytes,
                dropped_video=queue.dropped_video if queue else 0,
                congested=bool(queue and queue.congested),
                backlog_ms=queue.backlog_ms if queue else 0,
                last_error=self.errors[-1] if self.errors else "",
                detail=current.path.name if current else "",
            )

    # -- the recorder's thread -----------------------------------------------------
    def _run(self) -> None:
        assert self._queue is not None
        with self._lock:
            self._state = "waiting for keyframe"
        while True:
            packet = self._queue.get(0.1)
            if packet is None:
                if self._stop.is_set():
                    break
                continue
            try:
                self._write(packet)
            except (av.FFmpegError, OSError) as exc:
                self._fail(exc)
        self._close_all()
        with self._lock:
            self._state = "stopped"

    def _write(self, packet: EncodedPacket) -> None:
        config, gate = self._config, self._gate
        assert config is not None and gate is not None
        current = self._current
        if current is None:
            if time.monotonic() < self._resume_at:
                return
            ready = gate.feed(packet)
            if not ready:
                return
            assert gate.origin is not None
            current = self._open(gate.origin)
            for pkt in ready:
                self._put(current, pkt)
            return
        if packet.is_video:
            if packet.keyframe and packet.pts - current.origin.video >= self._segment_frames:
                self._close(self._previous)
                self._previous = current
                current = self._open(Origin.at_frame(packet.pts, config.fps, config.sample_rate))
            self._put(current, packet)
            return
        if packet.pts < current.origin.audio:
            if self._previous is not None:  # late audio of the segment just cut
                self._put(self._previous, packet)
            return
        self._put(current, packet)
        if self._previous is not None:  # audio has reached the new segment: old one done
            self._close(self._previous)
            self._previous = None

    def _put(self, file: PacketFile, packet: EncodedPacket) -> None:
        file.write(packet)
        self._bytes += len(packet.data)
        self._meter.add(time.monotonic_ns(), len(packet.data))

    def _open(self, origin: Origin) -> PacketFile:
        assert self._config is not None
        self._seq += 1
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.directory / f"{self.prefix}-{stamp}-{self._seq:03d}{self.ext}"
        file = PacketFile(path, self._config, origin=origin, streamable=True,
                          metadata=self.metadata)  # fmt: skip
        with self._lock:
            self._current, self._state = file, "recording"
        log.info("%s: new segment %s", self.name, path.name)
        return file

    def _close(self, file: PacketFile | None) -> None:
        if file is None:
            return
        try:
            path = file.close()
        except (av.FFmpegError, OSError) as exc:
            log.error("%s: could not finalise %s: %s", self.name, file.path.name, exc)
            self.errors.append(f"{file.path.name}: {exc}")
            return
        if path is not None:
            self.segments.append(path)

    def _close_all(self) -> None:
        self._close(self._previous)
        self._previous = None
        self._close(self._current)
        with self._lock:
            self._current = None

    def _fail(self, exc: Exception) -> None:
        """A disk error: keep what was written, pause, start a fresh segment later."""
        message = f"recording failed: {exc}"
        log.error("%s: %s; trying again in %.0f s", self.name, message, self.retry_s)
        self.errors.append(message)
        self._close_all()
        self._gate = KeyframeGate(self._config) if self._config else None
        self._resume_at = time.monotonic() + self.retry_s
        with self._lock:
            self._state = "error"
