"""What viewers hear, for the window: a level meter and a monitor feed.

The stream stage hands each frame's audio to ``offer`` (int16 PCM, the show's sample
rate); like the picture tap it never waits: the level is a few numbers under a lock, and
the monitor feed is a bounded buffer that drops its oldest audio when nobody drains it
(a monitor that fell behind hears a jump, the stream loses nothing). ``pull`` fills a
sound card's buffer from it, with silence when it runs dry.
"""

from __future__ import annotations

import math
import threading
from collections import deque

import numpy as np

from studio.core.timeline import SAMPLE_RATE

SILENCE_DB = -90.0
LEVEL_WINDOW_S = 0.3  # the meter's integration time (a VU-like reading)
PEAK_HOLD_S = 1.5
MONITOR_MAX_S = 0.5  # audio waiting for the monitor beyond this is dropped


def dbfs(value: float) -> float:
    """int16 amplitude (0-32768) -> dB below full scale, floored at SILENCE_DB."""
    return max(SILENCE_DB, 20 * math.log10(value / 32768)) if value > 0 else SILENCE_DB


class AudioTap:
    """Level (RMS and held peak, dBFS) and a monitor buffer of the stream's audio."""

    def __init__(self, sample_rate: int = SAMPLE_RATE) -> None:
        self.sample_rate = sample_rate
        self._lock = threading.Lock()
        self._energy: deque[tuple[float, int]] = deque()  # (sum of squares, samples)
        self._energy_samples = 0
        self._peak = 0.0
        self._peak_age = 0  # samples since the held peak was set
        self._monitor: deque[np.ndarray] = deque()
        self._monitor_samples = 0
        self.monitoring = False
        self.dropped_samples = 0  # monitor audio dropped because nobody drained it

    def offer(self, index: int, pcm: np.ndarray) -> None:
        """One frame's audio (the stream stage; never blocks)."""
        mono = pcm if pcm.ndim == 1 else pcm.mean(axis=1)
        x = mono.astype(np.float64)
        n = x.shape[0]
        if n == 0:
            return
        power = float(np.dot(x, x))
        peak = float(np.abs(x).max())
        with self._lock:
            self._energy.append((power, n))
            self._energy_samples += n
            window = round(LEVEL_WINDOW_S * self.sample_rate)
            while self._energy_samples - self._energy[0][1] >= window:
                self._energy_samples -= self._energy.popleft()[1]
            self._peak_age += n
            if peak >= self._peak or self._peak_age > PEAK_HOLD_S * self.sample_rate:
                self._peak, self._peak_age = peak, 0
            if self.monitoring:
                self._monitor.append(np.ascontiguousarray(mono, dtype=np.int16))
                self._monitor_samples += n
                limit = round(MONITOR_MAX_S * self.sample_rate)
                while self._monitor_samples > limit:
                    dropped = self._monitor.popleft()
                    self._monitor_samples -= dropped.shape[0]
                    self.dropped_samples += dropped.shape[0]

    def level(self) -> tuple[float, float]:
        """(RMS, held peak) in dBFS over the last ``LEVEL_WINDOW_S``."""
        with self._lock:
            power = sum(p for p, _ in self._energy)
            n = self._energy_samples
            peak = self._peak
        return dbfs(math.sqrt(power / n)) if n else SILENCE_DB, dbfs(peak)

    def set_monitoring(self, on: bool) -> None:
        with self._lock:
            self.monitoring = on
            self._monitor.clear()
            self._monitor_samples = 0

    def pull(self, out: np.ndarray) -> int:
        """Fill ``out`` (int16, mono) with the oldest monitor audio, silence for what is
        missing; returns the samples of real audio (a sound card's callback calls it)."""
        filled = 0
        with self._lock:
            while filled < out.shape[0] and self._monitor:
                chunk = self._monitor[0]
                take = min(chunk.shape[0], out.shape[0] - filled)
                out[filled : filled + take] = chunk[:take]
                filled += take
                self._monitor_samples -= take
                if take == chunk.shape[0]:
                    self._monitor.popleft()
                else:
                    self._monitor[0] = chunk[take:]
        out[filled:] = 0
        return filled
