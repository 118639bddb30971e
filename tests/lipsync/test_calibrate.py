"""The audio model's openness mapped onto the presenter's own range (quantile mapping)."""

from __future__ import annotations

import numpy as np
import pytest

from studio.lipsync.calibrate import QUANTILES, OpenCalibration


def presenter(rng: np.random.Generator, n: int) -> np.ndarray:
    """Openness like a real presenter's: a fifth of the frames closed, the rest spread."""
    out = rng.gamma(2.0, 0.035, n)
    closed = rng.random(n) < 0.2
    out[closed] = rng.uniform(0.0, 0.005, int(closed.sum()))
    return out


def shrunk(real: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """What a regression model predicts for it: pulled to the middle, noisy, never < 0."""
    return np.maximum(0.0, 0.06 + 0.5 * (real - real.mean()) + rng.normal(0, 0.01, len(real)))


def test_a_shrunk_prediction_gets_her_spread_and_keeps_its_order() -> None:
    rng = np.random.default_rng(0)
    own = presenter(rng, 1200)
    cal = OpenCalibration.fit(shrunk(own, rng), own)
    new = presenter(rng, 300)  # a new clip: 10 s at 30 fps
    pred = shrunk(new, rng)
    mapped = cal.apply(pred, 30.0)
    assert mapped.dtype == np.float32 and mapped.shape == pred.shape
    # monotone: the order of the prediction is kept, so is its rank correlation
    order = np.argsort(pred, kind="stable")
    assert np.all(np.diff(mapped[order]) >= -1e-7)
    # her spread and level, not the shrunk one: the closed and the wide-open ends reached
    assert pred.std() < 0.6 * new.std()
    assert abs(mapped.std() - new.std()) < 0.2 * new.std()
    assert np.quantile(mapped, 0.05) <= np.quantile(own, 0.1)
    assert np.quantile(mapped, 0.97) >= np.quantile(own, 0.9)
    # and nothing outside her range
    assert mapped.min() >= own.min() - 1e-6 and mapped.max() <= own.max() + 1e-6


def test_a_short_or_silent_clip_is_not_stretched_over_her_range() -> None:
    rng = np.random.default_rng(1)
    own = presenter(rng, 1200)
    cal = OpenCalibration.fit(shrunk(own, rng), own)
    # half a second of pause: the model says closed, the clip alone has no spread
    closed = cal.apply(np.zeros(15), 30.0)
    assert float(closed.max()) <= np.quantile(own, 0.3)
    # a long pause too stays in her lower half (the zeros share one mid-rank)
    long = cal.apply(np.zeros(600), 30.0)
    assert float(long.max()) <= np.quantile(own, 0.5)
    # one short loud syllable in it: opens, but no wider than her usual open mouth
    short = np.zeros(15)
    short[6:9] = 0.12
    out = cal.apply(short, 30.0)
    assert out[7] > out[0] and out[7] <= np.quantile(own, 0.99)


def test_round_trip_and_bad_tables() -> None:
    rng = np.random.default_rng(2)
    own = presenter(rng, 500)
    cal = OpenCalibration.fit(shrunk(own, rng), own)
    back = OpenCalibration.from_json(cal.to_json())
    x = shrunk(presenter(rng, 90), rng)
    np.testing.assert_allclose(back.apply(x, 25.0), cal.apply(x, 25.0), atol=1e-4)
    assert len(cal.to_json()["prior"]) == QUANTILES
    with pytest.raises(ValueError):
        OpenCalibration.from_json({"prior": [0.0, 1.0], "target": [0.0, 1.0]})
    with pytest.raises(ValueError):
        OpenCalibration.fit(np.array([np.nan]), own)
    assert len(cal.apply(np.zeros(0), 30.0)) == 0
