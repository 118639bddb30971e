"""A replay file's audience, played into a desk at the times it gives.

``studio live --events FILE`` and ``studio demo --events FILE`` use it: each event of the
file (``show.audience.events.read_replay``) is offered to the room's audience desk ``t``
seconds after the show's clock starts, as if a viewer had just sent it. Live, a thread
sleeps until each event is due; offline, ``OfflineFeed`` offers what is due at each
frame, on the show's own clock, so a rendered file is the same on every run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

from studio.runtime.audience import AudienceDesk
from studio.show.audience.events import Replayed


def start_replay(
    desk: AudienceDesk,
    events: list[Replayed],
    stop: threading.Event,
    started: Callable[[], bool],
    clock: Callable[[], float] = time.monotonic,
) -> threading.Thread:
    """Offer ``events`` to ``desk`` at their times, counted from when ``started()`` first
    holds (the stream's clock runs); ends early when ``stop`` is set."""

    def run() -> None:
        while not started():
            if stop.wait(0.05):
                return
        zero = clock()
        for item in events:
            wait = zero + item.t - clock()
            if wait > 0 and stop.wait(wait):
                return
            desk.offer([replace(item.event, platform=item.event.platform or "replay")])

    thread = threading.Thread(target=run, name="replay", daemon=True)
    thread.start()
    return thread


class OfflineFeed:
    """Offline renders: at frame ``f`` (time ``f / fps``) offer the events now due, let the
    desk work, and tell the writer whether the audience still needs the show to go on."""

    def __init__(self, desk: AudienceDesk, events: list[Replayed], fps: float) -> None:
        self.desk, self.events, self.fps = desk, list(events), fps
        self._next = 0
        self.now = 0.0
        desk.clock = lambda: self.now  # the desk lives on the show's clock too

    def __call__(self, frame: int) -> bool:
        now = self.now = frame / self.fps
        due = []
        while self._next < len(self.events) and self.events[self._next].t <= now:
            item = self.events[self._next].event
            due.append(replace(item, platform=item.platform or "replay"))
            self._next += 1
        if due:
            self.desk.offer(due)
        self.desk.pump(now)
        self.desk.offer_frame(frame, None)
        return self._next < len(self.events) or self.desk.busy()
