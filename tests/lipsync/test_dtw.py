"""The vectorised banded DTW against the textbook recursion, cell by cell."""

from __future__ import annotations

import numpy as np
import pytest

from studio.lipsync.dtw import band_starts, banded_cost, warp


def textbook(cost: np.ndarray) -> float:
    """Open-end subsequence DTW, symmetric steps (diagonal twice), one cell at a time."""
    n, m = cost.shape
    d = np.full((n, m), np.inf)
    d[0] = cost[0]
    for i in range(1, n):
        for j in range(m):
            best = d[i - 1, j] + cost[i, j]
            if j > 0:
                best = min(best, d[i - 1, j - 1] + 2 * cost[i, j], d[i, j - 1] + cost[i, j])
            d[i, j] = best
    return float(d[-1].min())


def path_cost(cost: np.ndarray, ref: np.ndarray, rec: np.ndarray) -> float:
    total = float(cost[ref[0], rec[0]])
    for k in range(1, len(ref)):
        c = float(cost[ref[k], rec[k]])
        total += 2 * c if (ref[k] != ref[k - 1] and rec[k] != rec[k - 1]) else c
    return total


@pytest.mark.parametrize("seed", range(6))
def test_full_band_matches_the_textbook_recursion(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(5, 30)), int(rng.integers(5, 40))
    cost = rng.random((n, m)).astype(np.float32)
    lo = np.zeros(n, np.int64)
    path = warp(cost, lo)
    assert path.cost == pytest.approx(textbook(cost), rel=1e-5)
    assert path.ref[0] == 0 and path.ref[-1] == n - 1 and set(path.ref) == set(range(n))
    steps = np.stack([np.diff(path.ref), np.diff(path.rec)], 1)
    assert {tuple(s) for s in steps} <= {(1, 1), (1, 0), (0, 1)}
    assert path_cost(cost, path.ref, path.rec) == pytest.approx(path.cost, rel=1e-5)


def test_a_band_finds_a_shifted_diagonal_and_skips_the_recordings_ends() -> None:
    rng = np.random.default_rng(7)
    ref = rng.standard_normal((120, 4)).astype(np.float32)
    noise = rng.standard_normal((50, 4)).astype(np.float32) * 3
    slow = np.repeat(ref, 3, axis=0)[::2]  # the recording is 1.5x slower, and padded
    rec = np.concatenate([noise, slow, noise])
    center = 50 + np.arange(120) * 1.5
    lo, width = band_starts(center, 20, len(rec))
    assert np.all(np.diff(lo) >= 0) and width == 41
    path = warp(banded_cost(ref, rec, lo, width), lo)
    assert path.rec[0] in (50, 51) and path.rec[-1] == 50 + len(slow) - 1  # pads left out
    got = np.interp(np.arange(120), path.ref, path.rec)
    assert np.abs(got - center).max() <= 1.5
