"""Which products the audience is asking about now: a score per product that decays.

Every question or order about a product adds to its score; the score halves every
``half_life_s`` seconds, so what counts is recent interest. A room with the merchant's
switch on brings the product with the highest score forward in the rotation once it
passes ``threshold`` (see ``runtime.audience``).
"""

from __future__ import annotations

import math


class Interest:
    def __init__(self, half_life_s: float = 180.0, max_products: int = 1000) -> None:
        self.half_life_s = half_life_s
        self.max_products = max_products
        self._scores: dict[str, tuple[float, float]] = {}  # product -> (score, at)

    def _now_value(self, product: str, now: float) -> float:
        score, at = self._scores.get(product, (0.0, now))
        return score * math.pow(0.5, max(0.0, now - at) / self.half_life_s)

    def add(self, product: str, now: float, weight: float = 1.0) -> float:
        if not product:
            return 0.0
        value = self._now_value(product, now) + weight
        self._scores[product] = (value, now)
        if len(self._scores) > self.max_products:  # forget the least interesting
            weakest = min(self._scores, key=lambda p: self._now_value(p, now))
            del self._scores[weakest]
        return value

    def scores(self, now: float) -> dict[str, float]:
        return {p: round(self._now_value(p, now), 3) for p in self._scores}

    def top(self, now: float) -> tuple[str, float]:
        """The product with the highest score now, and its score ("" and 0 for none)."""
        best = max(self._scores, key=lambda p: self._now_value(p, now), default="")
        return best, (self._now_value(best, now) if best else 0.0)

    def reset(self, product: str) -> None:
        """It came on air: its interest has been served."""
        self._scores.pop(product, None)
