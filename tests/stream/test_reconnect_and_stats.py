"""The OBS reconnect schedule and the stats snapshot/line."""

from __future__ import annotations

import pytest

from studio.stream.reconnect import RetrySchedule
from studio.stream.stats import OutputStats, RateMeter, StreamStats


def test_schedule_is_2s_then_x1_5_capped_at_60s_forever() -> None:
    s = RetrySchedule()
    assert [s.nominal(n) for n in range(6)] == [2.0, 3.0, 4.5, 6.75, 10.125, 15.1875]
    assert s.nominal(9) == 60.0 and s.nominal(10_000) == 60.0  # a night of retries
    assert s.describe(0) == "then 3.0, 4.5, 6.8, 10.1 s ... (max 60 s, until stopped)"


def test_jitter_stays_within_its_band_and_under_the_cap() -> None:
    s = RetrySchedule(jitter=0.1, seed=3)
    waits = [s.delay(n) for n in range(30) for _ in range(20)]
    assert all(0 < w <= 60.0 for w in waits)
    first = [s.delay(0) for _ in range(200)]
    assert min(first) >= 1.8 and max(first) <= 2.2 and len({round(w, 3) for w in first}) > 50
    with pytest.raises(ValueError):
        RetrySchedule(first_s=0)


def test_rate_meter_measures_over_its_window() -> None:
    m = RateMeter(window_ns=2_000_000_000)
    for i in range(100):  # 25 packets of 1000 bytes per second for 4 s
        m.add(i * 40_000_000, 1000)
    events, bits = m.rates(4_000_000_000)
    assert events == pytest.approx(25, rel=0.06) and bits == pytest.approx(200_000, rel=0.06)
    assert m.rates(60_000_000_000) == (0.0, 0.0)  # nothing for a minute


def test_stats_snapshot_is_one_readable_line() -> None:
    rtmp = OutputStats("rtmp", "retrying", reconnects=2, dropped_video=7, retry_in_s=4.5,
                       last_error="connection refused by 127.0.0.1:1935")  # fmt: skip
    rec = OutputStats("record", "recording", kbps=3100, detail="show-001.mp4")
    stats = StreamStats(3725.2, 93130, 25.0, 2987.4, 3, 1, 0.0, "libx264", (rtmp, rec))
    assert stats.dropped == 7 and stats.reconnects == 2 and not stats.congested
    assert stats.line() == (
        "01:02:05 25.0 fps  2987 kb/s lagged 3 skipped 1 dropped 7 reconnects 2 A/V +0 ms"
        " | rtmp: retrying dropped 7 reconnects 2 retry in 4.5 s"
        " connection refused by 127.0.0.1:1935"
        " | record: recording 3100 kb/s show-001.mp4"
    )
    # Frozen: a snapshot handed to the GUI thread cannot change under it.
    with pytest.raises(AttributeError):
        stats.frames = 0  # type: ignore[misc]
