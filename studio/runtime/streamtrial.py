"""A test stream before going live: is the address right, is the key accepted, and does
the upload keep up with the stream?

The running show's picture is pushed to the ingest for a few seconds on an output of
its own (the show, the recording and any live output are untouched), then taken away.
The upload keeps up when every video frame was sent (none dropped for congestion) and
nothing is left waiting to be sent at the end (the encoder may make less than its
target rate for a calm picture, so the rate alone does not tell); a wrong address or key
shows as the connection's own error. Platforms may show the test briefly where the room is
already open: the window says so before she starts it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from studio.stream.ingest import parse_ingest
from studio.stream.rtmp_output import RtmpOutput
from studio.stream.stats import OutputStats

CONNECT_S = 10.0  # a connection not made by then is reported as failed
MEASURE_S = 8.0
MAX_BACKLOG_MS = 1000  # stream time still waiting to be sent at the end of the test


@dataclass(frozen=True)
class StreamTrial:
    connected: bool
    error: str = ""  # the connection's own reason when it failed
    sent_kbps: float = 0.0
    needed_kbps: float = 0.0
    dropped_video: int = 0
    congested: bool = False
    backlog_ms: int = 0

    @property
    def keeps_up(self) -> bool:
        return (
            self.connected
            and self.dropped_video == 0
            and not self.congested
            and self.backlog_ms <= MAX_BACKLOG_MS
        )


def trial_stream(
    streamer,
    url: str,
    key: str,
    *,
    measure_s: float = MEASURE_S,
    progress: Callable[[str, int, int], None] = lambda *a: None,
) -> StreamTrial:
    """Push ``streamer``'s stream to ``url``/``key`` for ``measure_s`` once connected."""
    target = parse_ingest(url, key.strip() or None)
    out = RtmpOutput(target, name="test")
    needed = streamer.config.video_kbps + streamer.config.audio_kbps
    streamer.add_output(out)
    try:
        deadline = time.monotonic() + CONNECT_S
        stats: OutputStats = out.stats()
        while stats.state != "live":
            if time.monotonic() > deadline or (stats.state == "retrying" and stats.last_error):
                return StreamTrial(False, stats.last_error or "no answer", needed_kbps=needed)
            time.sleep(0.2)
            stats = out.stats()
        start_bytes, started = stats.bytes_sent, time.monotonic()
        steps = max(1, round(measure_s / 0.5))
        congested = False
        for i in range(steps):
            time.sleep(measure_s / steps)
            stats = out.stats()
            congested = congested or stats.congested
            progress("test", i + 1, steps)
            if stats.state != "live":
                return StreamTrial(False, stats.last_error or stats.state, needed_kbps=needed)
        elapsed = time.monotonic() - started
        sent = (stats.bytes_sent - start_bytes) * 8 / 1000 / elapsed
        return StreamTrial(True, "", sent, needed, stats.dropped_video, congested, stats.backlog_ms)
    finally:
        streamer.remove_output(out)
