"""The hold while the stream is down, read from the streamer's real stats snapshots."""

from __future__ import annotations

from pathlib import Path

from studio.runtime.outage import REASON, OutageHold
from studio.show.queue import Queue
from studio.show.store import ShowStore
from studio.stream.stats import OutputStats, StreamStats


def snapshot(*outputs: tuple[str, str]) -> StreamStats:
    return StreamStats(outputs=tuple(OutputStats(n, s) for n, s in outputs))


def test_held_only_while_every_platform_that_received_is_down(tmp_path: Path) -> None:
    queue = Queue(ShowStore(tmp_path / "show.db"))
    hold = OutageHold(queue)
    steps = [
        (("rtmp", "connecting"), ("record", "recording")),  # not yet live: a wrong key
        (("rtmp", "retrying"), ("record", "recording")),  # ... holds nothing
        (("rtmp", "live"), ("record", "recording")),
        (("rtmp", "retrying"), ("record", "recording")),  # lost: held
        (("rtmp", "connecting"), ("record", "recording")),
        (("rtmp", "live"), ("record", "recording")),  # back: released
        (("rtmp", "live"), ("kuaishou", "live")),
        (("rtmp", "retrying"), ("kuaishou", "live")),  # one platform still receives
        (("record", "recording"),),  # streaming stopped on purpose
    ]
    held = []
    for outputs in steps:
        hold.update(snapshot(*outputs))
        held.append(queue.held == (REASON,))
    assert held == [False, False, False, True, True, False, False, False, False]
    assert hold.outages == 1


def test_a_room_may_keep_playing_through_an_outage(tmp_path: Path) -> None:
    queue = Queue(ShowStore(tmp_path / "show.db"))
    hold = OutageHold(queue, enabled=False)
    for state in ("live", "retrying"):
        hold.update(snapshot(("rtmp", state)))
    assert queue.held == () and hold.outages == 0


def test_an_output_that_was_live_between_two_snapshots_still_counts(tmp_path: Path) -> None:
    """Live for less than a snapshot's interval, then lost: its own count of connections
    says it was live."""
    queue = Queue(ShowStore(tmp_path / "show.db"))
    hold = OutageHold(queue)
    hold.update(StreamStats(outputs=(OutputStats("rtmp", "connecting"),)))
    hold.update(StreamStats(outputs=(OutputStats("rtmp", "retrying", connections=1),)))
    assert queue.held == (REASON,)
