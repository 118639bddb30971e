"""Record the show as a series of playable files, one every ``segment_s`` seconds.

Segments start on a keyframe with their own timestamps at 0, so each plays alone;
together they hold every packet once (no gap, no overlap: audio that the encoder emits
after the cut still goes to the segment it belongs to). The live segment is fragmented
MP4 or FLV, written as ``NAME.part``: a crash leaves the finished segments intact and
the current one playable up to its last fragment, and the next recorder started in that
folder renames it (``recover_parts``). Disk writes happen in the recorder's thread.

An unattended room's disk fills up sooner or later. Before each segment the recorder
looks at the free space: below the reserve (``min_free_bytes``, or two segments at the
stream's bitrate if that is more) it opens none, says "waiting for disk space" and looks
again after a growing wait (5 s doubling to 60 s), logging the change once, not every
look. A segment whose writing fails is kept as far as it plays and removed when nothing
playable reached the disk, so a full disk never leaves a pile of empty files. The
retention rule deletes the oldest segments beyond its limits at start, when a segment
closes and while waiting for space -- never more than the rule says. An error shows in
``stats().last_error`` only while it holds: the next good write clears it (``errors``
keeps the history).
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections import deque
from pathlib import Path

import av

from studio.core.errors import InputError
from studio.stream.congestion import CongestionSettings, PacketQueue
from studio.stream.muxer import PacketFile, recover_parts
from studio.stream.output import KeyframeGate, RequestKeyframe
from studio.stream.packets import EncodedPacket, Origin, StreamConfig
from studio.stream.reconnect import RetrySchedule
from studio.stream.retention import Retention, segment_name, segment_pattern
from studio.stream.stats import OutputStats, RateMeter

log = logging.getLogger(__name__)

RECORD_FORMATS = ("mp4", "flv")
# A disk that stalls for seconds (a USB drive, a busy NAS) is normal: drop late.
DISK_CONGESTION = CongestionSettings(drop_after_ms=5000, stall_after_ms=60_000)
WAITING_FOR_SPACE = "waiting for disk space"
MIN_FREE_BYTES = 500_000_000  # the reserve's floor: logs, the show database, the system
# A full or failing disk is looked at again after 5, 10, 20, 40 s, then every minute.
DISK_RETRY = RetrySchedule(first_s=5.0, factor=2.0, cap_s=60.0, jitter=0.0)
NO_RETENTION = Retention()


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
        retry: RetrySchedule = DISK_RETRY,
        min_free_bytes: int = MIN_FREE_BYTES,
        retention: Retention = NO_RETENTION,
        metadata: dict[str, str] | None = None,
        name: str = "record",
    ) -> None:
        if fmt not in RECORD_FORMATS:
            raise InputError(f"cannot record as {fmt!r}", hint="use mp4 or flv")
        if segment_s <= 0:
            raise InputError("the segment length must be positive", hint="for example 600")
        if min_free_bytes < 0:
            raise InputError("the free-space reserve cannot be negative", hint="for example 500 MB")
        self.directory = Path(directory)
        self.segment_s = segment_s
        self.ext = f".{fmt}"
        self.prefix = prefix
        self.name = name
        self.retry = retry
        self.min_free_bytes = min_free_bytes
        self.retention = retention
        self.metadata = metadata
        self.congestion = congestion
        self.segments: list[Path] = []  # finished segments, in order
        self.errors: deque[str] = deque(maxlen=100)  # the latest failures, in order
        self._pattern = segment_pattern(prefix)
        self._reserve = min_free_bytes  # raised to two segments' size at start
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
        self._room_seen = False  # the disk had room for the segment about to open
        self._attempt = 0  # failed tries (no room, write errors) since the last good write
        self._trouble_key = ""  # what the log last said was wrong: it says each change once
        self._state = "starting"
        self._last_error = ""
        self._bytes = 0

    @property
    def reserve_bytes(self) -> int:
        """Free space a new segment needs on the disk (known once started)."""
        return self._reserve

    # -- Output --------------------------------------------------------------------
    def start(self, config: StreamConfig, request_keyframe: RequestKeyframe) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        recover_parts(self.directory, self._pattern.fullmatch)
        self._config = config
        fps = config.fps
        self._segment_frames = max(
            1, -(-round(self.segment_s * 1000) * fps.num // (1000 * fps.den))
        )
        segment_bytes = (config.video_kbps + config.audio_kbps) * 125 * self.segment_s
        self._reserve = max(self.min_free_bytes, round(2 * segment_bytes))
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
        now = time.monotonic()
        with self._lock:
            current = self._current
            waiting = self._state in (WAITING_FOR_SPACE, "error")
            return OutputStats(
                name=self.name,
                state=self._state,
                kbps=bps / 1000,
                bytes_sent=self._bytes,
                dropped_video=queue.dropped_video if queue else 0,
                congested=bool(queue and queue.congested),
                backlog_ms=queue.backlog_ms if queue else 0,
                retry_in_s=max(0.0, self._resume_at - now) if waiting else None,
                last_error=self._last_error,
                detail=current.path.name if current else "",
            )

    # -- the recorder's thread -----------------------------------------------------
    def _run(self) -> None:
        assert self._queue is not None
        with self._lock:
            self._state = "waiting for keyframe"
        self._apply_retention()
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
            # Look at the disk before waiting for a keyframe: each look costs a syscall,
            # and a full disk is then seen at the retry schedule's pace.
            if not self._room_seen:
                if not self._room_for_segment():
                    return
                self._room_seen = True
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
                self._previous = None
                if not self._room_for_segment():  # finish this one, open none for now
                    self._close(current)
                    with self._lock:
                        self._current = None
                    self._gate = KeyframeGate(config)
                    return
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
        if self._attempt:
            self._recovered(file)

    def _open(self, origin: Origin) -> PacketFile:
        assert self._config is not None
        self._seq += 1
        path = self.directory / segment_name(self.prefix, self._seq, self.ext)
        file = PacketFile(path, self._config, origin=origin, streamable=True,
                          metadata=self.metadata)  # fmt: skip
        if self._trouble_key:  # said before the status turns, so a reader of both agrees
            log.warning("%s: recording again (%s)", self.name, file.path.name)
            self._trouble_key = ""
        with self._lock:  # the status never says "recording" beside a stale error
            self._current, self._state, self._last_error = file, "recording", ""
        self._room_seen = False
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
            path = file.salvage()
        if path is not None:
            self._finished(path)

    def _close_all(self) -> None:
        self._close(self._previous)
        self._previous = None
        self._close(self._current)
        with self._lock:
            self._current = None

    def _finished(self, path: Path) -> None:
        self.segments.append(path)
        self._apply_retention()

    def _apply_retention(self) -> list[Path]:
        try:
            return self.retention.apply(self.directory, self.prefix)
        except OSError as exc:  # the folder went away: the next segment says so
            log.warning("%s: retention: %s", self.name, exc)
            return []

    # -- trouble -------------------------------------------------------------------
    def _free_bytes(self) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        return shutil.disk_usage(self.directory).free

    def _room_for_segment(self) -> bool:
        """Whether a segment may open and leave the reserve free; if not, wait.

        Retention may free space first, but only what its rule lets go anyway.
        """
        free = self._free_bytes()
        if free < self._reserve and self._apply_retention():
            free = self._free_bytes()
        if free >= self._reserve:
            return True
        self._trouble(
            WAITING_FOR_SPACE,
            WAITING_FOR_SPACE,
            f"not enough disk space: {_mb(free)} free in {self.directory}, "
            f"{_mb(self._reserve)} must stay free",
        )
        return False

    def _fail(self, exc: Exception) -> None:
        """A disk error: keep what plays of the open segments, pause, start afresh later."""
        for file in (self._previous, self._current):
            path = file.salvage() if file is not None else None
            if path is not None:
                self._finished(path)
        self._previous = None
        with self._lock:
            self._current = None
        self._gate = KeyframeGate(self._config) if self._config else None
        self._room_seen = False
        self._trouble(
            "error", getattr(exc, "strerror", None) or str(exc), f"recording failed: {exc}"
        )

    def _trouble(self, state: str, key: str, message: str) -> None:
        """Show what stops the recording and wait, longer each time; log each change once."""
        wait = self.retry.delay(self._attempt)
        self._attempt += 1
        self._resume_at = time.monotonic() + wait
        self.errors.append(message)
        with self._lock:
            self._state, self._last_error = state, message
        if key == self._trouble_key:
            log.debug("%s: still %s; next look in %.0f s", self.name, message, wait)
            return
        self._trouble_key = key
        level = logging.WARNING if state == WAITING_FOR_SPACE else logging.ERROR
        log.log(
            level,
            "%s: %s; not recording, looking again in %.1f s (then every %g s at most)",
            self.name, message, wait, self.retry.cap_s,
        )  # fmt: skip

    def _recovered(self, file: PacketFile) -> None:
        """A write went through after trouble: the error no longer holds."""
        self._attempt = 0
        with self._lock:
            self._last_error = ""


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n < 10e6 else f"{n / 1e6:.0f} MB"
