"""The window's ear on the stream: level readings and the monitor feed from real audio."""

from __future__ import annotations

import numpy as np
import pytest

from studio.core.timeline import SAMPLE_RATE
from studio.stream.audiotap import MONITOR_MAX_S, SILENCE_DB, AudioTap

FRAME = SAMPLE_RATE // 25


def tone(amplitude: float, n: int = FRAME, start: int = 0) -> np.ndarray:
    t = np.arange(start, start + n) / SAMPLE_RATE
    return (amplitude * 32767 * np.sin(2 * np.pi * 440 * t)).astype(np.int16)


def test_the_level_reads_rms_and_a_held_peak_in_dbfs() -> None:
    tap = AudioTap()
    assert tap.level() == (SILENCE_DB, SILENCE_DB)
    for i in range(25):  # a second of a sine at half scale
        tap.offer(i, tone(0.5, start=i * FRAME))
    rms, peak = tap.level()
    assert rms == pytest.approx(-9.03, abs=0.1)  # 0.5 / sqrt(2)
    assert peak == pytest.approx(-6.02, abs=0.05)
    for i in range(25, 35):  # 0.4 s of silence: the meter falls, the peak holds
        tap.offer(i, np.zeros(FRAME, np.int16))
    rms, peak = tap.level()
    assert rms == SILENCE_DB and peak == pytest.approx(-6.02, abs=0.05)
    for i in range(35, 80):  # past the hold time the peak follows again
        tap.offer(i, np.zeros(FRAME, np.int16))
    assert tap.level()[1] == SILENCE_DB


def test_the_monitor_gets_the_audio_in_order_and_never_holds_the_stream_up() -> None:
    tap = AudioTap()
    tap.offer(0, tone(0.5))
    out = np.ones(FRAME, np.int16)
    assert tap.pull(out) == 0 and not out.any()  # not monitoring: nothing kept
    tap.set_monitoring(True)
    frames = [tone(0.5, start=i * FRAME) for i in range(3)]
    for i, pcm in enumerate(frames):
        tap.offer(i, pcm)
    got = np.zeros(FRAME * 2 + 100, np.int16)  # a card buffer across frame boundaries
    assert tap.pull(got) == FRAME * 2 + 100
    assert np.array_equal(got, np.concatenate(frames)[: got.shape[0]])
    rest = np.zeros(FRAME, np.int16)
    assert tap.pull(rest) == FRAME - 100 and not rest[FRAME - 100 :].any()  # then silence
    for i in range(100):  # nobody drains it: the oldest audio goes, the buffer stays small
        tap.offer(i, tone(0.5, start=i * FRAME))
    assert tap.dropped_samples > 0
    big = np.zeros(SAMPLE_RATE * 2, np.int16)
    assert tap.pull(big) <= MONITOR_MAX_S * SAMPLE_RATE
