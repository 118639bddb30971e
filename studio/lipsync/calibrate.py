"""Map the audio model's openness onto the presenter's own range of mouths.

A regression network trained with a squared loss predicts the *expected* mouth: on speech
it has not heard, its output is shrunk towards the middle (on the dfrf clip the
prediction's spread was 0.038 IOD against the real 0.049) and shifted with the clip's
loudness and recording. The retrieval renderer picks real frames by absolute openness,
so a shrunk request rarely reaches her closed or her wide-open frames: the shown mouth
moves less than the prediction's correlation promises.

The fix is quantile mapping: an output value becomes the presenter's openness at the
same rank, ``open' = Q_presenter(F(open))``. ``F`` is the clip's own distribution of
predictions (its mid-ranks: the clip at hand decides what is "more open than usual"),
mixed with a prior distribution -- the fine-tuned model's predictions on her training
clip -- weighted like ``PRIOR_SECONDS`` of frames, so a short clip or one that is all
pause is not stretched over her whole range. ``Q_presenter`` is the quantile function
of her tracked openness in the same clip.

Measured on dfrf (cloned from the first 40 s, the last 10 s held out; and cloned from
the last 40 s, the first 10 s held out): the openness of the frames the renderer chose
correlated 0.62 and 0.24 with the real mouth without the mapping, 0.69 and 0.32 with
it (same selection weights), while the prediction itself correlated 0.74 and 0.40.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

QUANTILES = 101
PRIOR_SECONDS = 5.0
# Her closed lips, as the retrieval renderer counts them (studio.render.mouth_select: the
# 5th percentile of her openness plus 5 % of its spread).
CLOSED_QUANTILE = 0.05
CLOSED_MARGIN = 0.05
_QS = np.linspace(0.0, 1.0, QUANTILES)  # the probability of each table row


@dataclass(frozen=True)
class OpenCalibration:
    """Two quantile tables (``QUANTILES`` rows, increasing): the model's predictions on
    the presenter's clip (the prior) and her tracked openness (the target)."""

    prior: np.ndarray
    target: np.ndarray
    prior_seconds: float = PRIOR_SECONDS

    @classmethod
    def fit(cls, predicted: np.ndarray, tracked: np.ndarray) -> OpenCalibration:
        """From per-frame predictions and tracked openness (frames with a face) of the
        presenter's own clip."""
        predicted = np.asarray(predicted, np.float64)
        tracked = np.asarray(tracked, np.float64)
        predicted, tracked = predicted[np.isfinite(predicted)], tracked[np.isfinite(tracked)]
        if len(predicted) < 2 or len(tracked) < 2:
            raise ValueError("calibration needs at least two frames of each")
        return cls(np.quantile(predicted, _QS), np.quantile(tracked, _QS))

    def apply(self, open_: np.ndarray, fps: float) -> np.ndarray:
        """``open_`` (per frame at ``fps``) mapped onto the presenter's openness."""
        x = np.asarray(open_, np.float64)
        n = len(x)
        if n == 0:
            return x.astype(np.float32)
        ordered = np.sort(x)
        clip_cdf = (
            0.5
            * (np.searchsorted(ordered, x, side="left") + np.searchsorted(ordered, x, side="right"))
            / n
        )  # mid-ranks: ties (e.g. the clamped zeros of pauses) share one rank
        prior_cdf = _mid_cdf(self.prior, x)
        n0 = self.prior_seconds * fps
        cdf = (n * clip_cdf + n0 * prior_cdf) / (n + n0)
        return np.interp(cdf, _QS, self.target).astype(np.float32)

    def closed_level(self) -> float:
        """Her openness at or under which a mapped value shows closed lips."""
        q = float(np.interp(CLOSED_QUANTILE, _QS, self.target))
        return q + CLOSED_MARGIN * float(np.std(self.target))

    def to_json(self) -> dict[str, Any]:
        return {
            "prior": [round(float(v), 5) for v in self.prior],
            "target": [round(float(v), 5) for v in self.target],
            "prior_seconds": self.prior_seconds,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OpenCalibration:
        prior = np.asarray(data["prior"], np.float64)
        target = np.asarray(data["target"], np.float64)
        if prior.shape != (QUANTILES,) or target.shape != (QUANTILES,):
            raise ValueError(f"calibration tables must have {QUANTILES} rows")
        return cls(prior, target, float(data.get("prior_seconds", PRIOR_SECONDS)))


def _mid_cdf(table: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The distribution function of a quantile table at ``x``; where the table is flat
    (many equal values, e.g. zeros) the middle of the flat run."""
    left = np.searchsorted(table, x, side="left")
    right = np.searchsorted(table, x, side="right")
    inside = np.interp(x, table, _QS)  # a strictly increasing part: linear in between
    flat = right - left > 1
    last = len(_QS) - 1
    mid = 0.5 * (_QS[np.clip(left, 0, last)] + _QS[np.clip(right - 1, 0, last)])
    return np.where(flat, mid, inside)
