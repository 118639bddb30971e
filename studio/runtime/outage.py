"""While the platform receives nothing, the show starts no new line.

A ten-minute ingest outage used to play ten minutes of product lines to nobody; the
viewers who came back had missed them. The streamer's stats snapshots tell when every
network output that had been live is down (retrying or connecting again): the queue is
held (``Queue.hold``: the line on air ends, nothing new starts; the picture and idle
motion go on, the recording records the wait) and released when one is live again. With
several platforms, one still receiving keeps the show going. Outputs that never went
live (a wrong key at start) do not hold anything: the show runs as before.
"""

from __future__ import annotations

import logging

from studio.stream.stats import StreamStats

log = logging.getLogger(__name__)

REASON = "stream down"
NETWORK_STATES = ("live", "connecting", "retrying", "starting")


class OutageHold:
    """Feed it every stats snapshot (``update``); it holds and releases ``queue``."""

    def __init__(self, queue, enabled: bool = True) -> None:
        self.queue = queue
        self.enabled = enabled
        self._been_live: set[str] = set()
        self.holding = False
        self.outages = 0  # times the show was held for a lost stream

    def update(self, stats: StreamStats) -> None:
        present = {o.name: o for o in stats.outputs}
        self._been_live &= set(present)  # an output stopped on purpose is forgotten
        live = {n for n, o in present.items() if o.state == "live"}
        self._been_live |= live | {n for n, o in present.items() if o.connections}
        down = (
            bool(self._been_live)
            and not live
            and any(present[n].state in NETWORK_STATES for n in self._been_live)
        )
        if down and self.enabled and not self.holding:
            self.holding = True
            self.outages += 1
            log.warning("the stream is down: no new line starts until it is back")
            self.queue.hold(REASON)
        elif self.holding and not down:
            self.holding = False
            log.info("the stream is back: the show goes on")
            self.queue.release(REASON)
