"""The reconnect schedule, as OBS does it: 2 s, then x1.5 with jitter, capped, forever.

Jitter keeps many studios that lost the same ingest from reconnecting in lock-step.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetrySchedule:
    """Wait before retry ``n`` (0-based) = min(cap, first * factor**n) +- jitter, <= cap."""

    first_s: float = 2.0
    factor: float = 1.5
    cap_s: float = 60.0
    jitter: float = 0.1  # a fraction of the wait, both ways
    seed: int | None = None
    _rng: random.Random = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.first_s <= 0 or self.factor < 1 or self.cap_s < self.first_s:
            raise ValueError("retry schedule needs first > 0, factor >= 1, cap >= first")
        object.__setattr__(self, "_rng", random.Random(self.seed))

    def nominal(self, attempt: int) -> float:
        """The wait before retry ``attempt`` without jitter (what the log shows ahead)."""
        # Stop multiplying once capped, so a night of retries cannot overflow a float.
        wait = self.first_s
        for _ in range(attempt):
            wait *= self.factor
            if wait >= self.cap_s:
                return self.cap_s
        return min(wait, self.cap_s)

    def delay(self, attempt: int) -> float:
        """The wait before retry ``attempt``, with jitter."""
        base = self.nominal(attempt)
        spread = base * self.jitter
        return max(0.0, min(self.cap_s, base + self._rng.uniform(-spread, spread)))

    def describe(self, attempt: int, ahead: int = 4) -> str:
        """The next few waits, for a log line: ``then 4.5, 6.8, 10.1 s … (max 60 s)``."""
        waits = [self.nominal(attempt + i) for i in range(1, ahead + 1)]
        shown = ", ".join(f"{w:.1f}" for w in waits)
        return f"then {shown} s ... (max {self.cap_s:g} s, until stopped)"
