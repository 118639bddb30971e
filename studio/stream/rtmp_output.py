"""RTMP push that survives the night: reconnects forever, never blocks the show.

One thread per output connects, publishes and writes; the encoder only queues packets
(``send``). A failed connect or a lost connection is logged (key masked) with the
retry schedule, and the thread waits (2 s, x1.5 with jitter, capped) and tries again
until ``stop``. Each connection starts at a fresh keyframe with timestamps at 0 and
sends metadata and the codec headers first. While it is down, packets for it are simply
not queued; the show and the other outputs go on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

from studio.stream import flv
from studio.stream.congestion import CongestionSettings, PacketQueue
from studio.stream.ingest import IngestTarget
from studio.stream.muxer import AI_METADATA
from studio.stream.output import KeyframeGate, RequestKeyframe
from studio.stream.packets import EncodedPacket, StreamConfig
from studio.stream.reconnect import RetrySchedule
from studio.stream.rtmp import RtmpError, RtmpPublisher, SocketSettings
from studio.stream.stats import OutputStats, RateMeter

log = logging.getLogger(__name__)

_POLL_S = 0.05
DEFAULT_SOCKET = SocketSettings()
NETWORK_CONGESTION = CongestionSettings()


class RtmpOutput:
    """Publishes to one ingest point; see the module docstring."""

    def __init__(
        self,
        target: IngestTarget,
        *,
        retry: RetrySchedule | None = None,
        socket_settings: SocketSettings = DEFAULT_SOCKET,
        congestion: CongestionSettings = NETWORK_CONGESTION,
        metadata: dict[str, str] | None = None,
        name: str = "rtmp",
    ) -> None:
        self.target = target
        self.name = name
        self.retry = retry or RetrySchedule()
        self.socket_settings = socket_settings
        self.congestion = congestion
        # onMetaData carries the AI-generated marking too (GB 45438-2025), as files do.
        self.metadata = dict(AI_METADATA) if metadata is None else metadata
        self._config: StreamConfig | None = None
        self._request_keyframe: RequestKeyframe = lambda: None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._queue: PacketQueue | None = None  # set while a connection is live
        self._publisher: RtmpPublisher | None = None
        self._meter = RateMeter()
        # stats (under _lock)
        self._state = "starting"
        self._bytes_before = 0  # bytes sent by earlier connections
        self._dropped_before = 0
        self._connected_at: float | None = None
        self._retry_at: float | None = None
        self._last_error = ""
        self._reconnects = 0
        self._retries = 0  # retries begun since the last good connection
        self._connections = 0
        self.errors: deque[str] = deque(maxlen=100)  # the latest failure messages, in order

    # -- Output --------------------------------------------------------------------
    def start(self, config: StreamConfig, request_keyframe: RequestKeyframe) -> None:
        self._config = config
        self._request_keyframe = request_keyframe
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-output", daemon=True)
        self._thread.start()

    def send(self, packet: EncodedPacket) -> None:
        queue = self._queue
        if queue is not None:
            queue.put(packet)

    def stop(self, timeout: float = 5.0) -> None:
        """Send what is queued (up to ``timeout``), then disconnect; stops retrying now."""
        self._stop.set()
        with self._lock:
            publisher, live = self._publisher, self._state == "live"
        if publisher is not None and not live:
            publisher.abort()  # a connect in progress is not worth finishing
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                with self._lock:
                    publisher = self._publisher
                if publisher is not None:
                    publisher.abort()
                self._thread.join(2.0)
        with self._lock:
            self._state = "stopped"
            self._retry_at = None

    def stats(self) -> OutputStats:
        now = time.monotonic()
        _, bps = self._meter.rates(time.monotonic_ns())
        with self._lock:
            queue, pub = self._queue, self._publisher
            sent = self._bytes_before + (pub.bytes_sent if pub else 0)
            dropped = self._dropped_before + (queue.dropped_video if queue else 0)
            return OutputStats(
                name=self.name,
                state=self._state,
                kbps=bps / 1000,
                bytes_sent=sent,
                dropped_video=dropped,
                congested=bool(queue and queue.congested),
                backlog_ms=queue.backlog_ms if queue else 0,
                reconnects=self._reconnects,
                retries=self._retries,
                connections=self._connections,
                connected_s=now - self._connected_at if self._connected_at else 0.0,
                retry_in_s=max(0.0, self._retry_at - now) if self._retry_at else None,
                last_error=self._last_error,
            )

    # -- the output's thread -------------------------------------------------------
    def _run(self) -> None:
        attempt = 0  # failed tries since the last good connection
        lost = False  # whether a connection was up before (a reconnect)
        while not self._stop.is_set():
            publisher = RtmpPublisher(self.target, self.socket_settings)
            with self._lock:
                self._publisher, self._state = publisher, "connecting"
            log.debug("%s: connecting to %s (try %d)", self.name, self.target.masked, attempt + 1)
            try:
                publisher.open()
            except Exception as exc:  # noqa: BLE001 - whatever it is, retry later
                publisher.abort()
                publisher.close()
                if self._stop.is_set():
                    break
                self._wait_retry(attempt, _as_rtmp_error(exc), "cannot publish")
                attempt += 1
                continue
            attempt = 0
            if lost:
                with self._lock:
                    self._reconnects += 1
                log.warning("%s: reconnected to %s", self.name, self.target.masked)
            else:
                log.info("%s: publishing to %s", self.name, self.target.masked)
            error: RtmpError | None = None
            try:
                self._stream(publisher)
            except Exception as exc:  # noqa: BLE001 - the output must outlive any failure
                error = _as_rtmp_error(exc)
            finally:
                self._end_connection(publisher, graceful=error is None)
            if error is not None and not self._stop.is_set():
                lost = True
                self._wait_retry(0, error, "connection lost")
                attempt = 1
        with self._lock:
            self._publisher = None
            self._state = "stopped"

    def _stream(self, publisher: RtmpPublisher) -> None:
        config = self._config
        assert config is not None
        queue = PacketQueue(config, self.congestion)
        gate = KeyframeGate(config)
        with self._lock:
            self._queue, self._state = queue, "live"
            self._connected_at, self._retry_at = time.monotonic(), None
            self._last_error = ""  # it no longer holds; ``errors`` keeps the history
            self._retries = 0
            self._connections += 1
        self._request_keyframe()
        # Headers right after publish: a player that joins now must find them (nginx-rtmp
        # hands the stored codec headers to each new player only when it starts).
        publisher.send_metadata(flv.metadata(config, self.metadata))
        publisher.send_audio(0, flv.audio_sequence_header(config))
        publisher.send_video(0, flv.video_sequence_header(config))
        first_sent: float | None = None
        while True:
            packet = queue.get(_POLL_S)
            if packet is None and self._stop.is_set():
                return  # drained: the show is over
            publisher.poll()
            if queue.stalled:
                raise RtmpError(
                    "stream",
                    f"the connection cannot keep up: {queue.backlog_ms / 1000:.0f} s of "
                    "stream queued",
                    "the upload is slower than the bitrate; lower the preset's bitrate",
                )
            if packet is None:
                continue
            for pkt in gate.feed(packet):
                origin = gate.origin
                assert origin is not None
                ms = config.packet_ms(pkt, origin.of(pkt))
                before = publisher.bytes_sent
                if pkt.is_video:
                    publisher.send_video(ms, flv.video_body(pkt))
                else:
                    publisher.send_audio(ms, flv.audio_body(pkt))
                self._meter.add(time.monotonic_ns(), publisher.bytes_sent - before)
                if first_sent is None:
                    first_sent = time.monotonic()
                    log.debug(
                        "%s: first keyframe sent %.0f ms after the connect began",
                        self.name, (first_sent - publisher.started_at) * 1000,
                    )  # fmt: skip

    def _end_connection(self, publisher: RtmpPublisher, graceful: bool) -> None:
        """Forget the connection; say goodbye only if it is still healthy."""
        with self._lock:
            queue, self._queue = self._queue, None
            if queue is not None:
                self._dropped_before += queue.dropped_video
            self._bytes_before += publisher.bytes_sent
            self._connected_at = None
        if queue is not None:
            queue.clear()
        if not graceful:
            publisher.abort()  # a broken or frozen server gets no polite goodbye
        publisher.close()

    def _wait_retry(self, attempt: int, exc: RtmpError, what: str) -> None:
        wait = self.retry.delay(attempt)
        # the target and the hint in brackets: the line reads one way only when the log tab
        # translates it (studio.core.messages matches it against its template)
        head = (self.name, what, self.target.masked, exc.message)
        then = self.retry.describe(attempt)
        if exc.hint:
            log.warning("%s: %s (%s): %s (hint: %s). Retry %d in %.1f s, %s",
                        *head, exc.hint, attempt + 1, wait, then)  # fmt: skip
        else:
            log.warning("%s: %s (%s): %s. Retry %d in %.1f s, %s", *head, attempt + 1, wait, then)
        with self._lock:
            self._state, self._last_error = "retrying", exc.message
            self._retries += 1
            self._retry_at = time.monotonic() + wait
            self.errors.append(exc.message)
        self._stop.wait(wait)
        with self._lock:
            self._retry_at = None


def _as_rtmp_error(exc: Exception) -> RtmpError:
    if isinstance(exc, RtmpError):
        return exc
    log.error("unexpected error in the RTMP output", exc_info=exc)
    return RtmpError("stream", f"unexpected error: {exc}")
