"""Overall progress and time left from the per-stage ``Progress(stage, done, total)`` calls.

Creation reports stages of very different lengths (tracking every frame is most of the
time), so each stage gets a weight; the time left is the elapsed time scaled by what
remains, once enough is done for that to mean something.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# Share of the wall time each stage takes, in the order creation reports them (fast
# quality; docs/benchmarks.md "Cloning speed": fine-tuning the lip-sync is ~19 s of ~40 s).
VIDEO_STAGES = {
    "probe": 0.01,
    "check": 0.04,
    "audio": 0.02,
    "track": 0.42,
    "smooth": 0.01,
    "mouth": 0.02,
    "loop": 0.03,
    "voice": 0.01,
    "lipsync": 0.42,
    "save": 0.02,
}
PHOTO_STAGES = {"check": 0.3, "track": 0.6, "save": 0.1}


class Eta:
    def __init__(
        self, weights: dict[str, float], clock: Callable[[], float] = time.monotonic
    ) -> None:
        total = sum(weights.values())
        self.weights = {k: v / total for k, v in weights.items()}
        self.clock = clock
        self.started = clock()
        self.stage = ""
        self._done: dict[str, float] = {}

    def update(self, stage: str, done: int, total: int) -> None:
        self.stage = stage
        self._done[stage] = min(1.0, done / total) if total > 0 else 1.0
        if stage not in self.weights:  # a stage this table does not know: no jump to the end
            return
        for earlier in self.weights:  # reaching a stage means the ones before it ended
            if earlier == stage:
                break
            self._done[earlier] = 1.0

    @property
    def fraction(self) -> float:
        known = sum(self.weights.get(s, 0.0) * f for s, f in self._done.items())
        return min(1.0, known)

    def seconds_left(self) -> float | None:
        """None until 3 % and 2 s are done (an early guess is worse than none)."""
        f = self.fraction
        elapsed = self.clock() - self.started
        if f < 0.03 or elapsed < 2.0:
            return None
        return elapsed * (1.0 - f) / f
