"""Life in a still face: blinks and a slow head sway, deterministic per seed.

Both are functions of the frame number alone (no state that accumulates), so any frame
can be rendered in any order and a 24 h show never drifts into odd poses.
"""

from __future__ import annotations

import numpy as np

from studio.core.timeline import FrameRate
from studio.render.photo_renderer import HeadPose

BLINK_CLOSE_MS = 70
BLINK_OPEN_MS = 110
BLINK_GAP_S = (2.2, 5.5)  # humans blink every 2-6 s when talking


class BlinkSchedule:
    """Blink start times drawn once from a seeded generator, looked up per frame."""

    def __init__(self, fps: FrameRate, seed: int = 7, horizon_s: float = 3600.0) -> None:
        rng = np.random.default_rng(seed)
        gaps = rng.uniform(*BLINK_GAP_S, size=int(horizon_s / BLINK_GAP_S[0]) + 1)
        self._starts_ms = (np.cumsum(gaps) * 1000).astype(np.int64)
        self._period_ms = int(self._starts_ms[-1])
        self.fps = fps

    def amount(self, frame: int) -> float:
        """How closed the eyes are at ``frame`` (0 open, 1 shut)."""
        t = (frame * 1000 * self.fps.den // self.fps.num) % self._period_ms
        i = int(np.searchsorted(self._starts_ms, t, side="right")) - 1
        if i < 0:
            return 0.0
        dt = t - int(self._starts_ms[i])
        if dt < BLINK_CLOSE_MS:
            return dt / BLINK_CLOSE_MS
        if dt < BLINK_CLOSE_MS + BLINK_OPEN_MS:
            return 1.0 - (dt - BLINK_CLOSE_MS) / BLINK_OPEN_MS
        return 0.0


class HeadSway:
    """Slow, aperiodic head motion from a few incommensurate sines per axis.

    ``speaking`` (0..1) adds a little emphasis nodding, as presenters nod while talking.
    """

    def __init__(self, fps: FrameRate, seed: int = 11, roll_deg: float = 1.6, shift: float = 0.05):
        rng = np.random.default_rng(seed)
        self.fps = fps
        self._freq = rng.uniform(0.05, 0.31, size=(3, 3))  # Hz, per axis, per component
        self._phase = rng.uniform(0, 2 * np.pi, size=(3, 3))
        self._amp = np.array([roll_deg, shift, shift * 0.6])

    def pose(self, frame: int, speaking: float = 0.0) -> HeadPose:
        t = frame * self.fps.den / self.fps.num
        s = np.sin(2 * np.pi * self._freq * t + self._phase).mean(axis=1) * self._amp
        nod = speaking * 0.03 * np.sin(2 * np.pi * 1.7 * t)
        return HeadPose(roll_deg=float(s[0]), dx=float(s[1]), dy=float(s[2] + nod))
