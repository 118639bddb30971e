"""The vectorised banded DTW, and many full matrices warped together, against the
textbook recursion, cell by cell."""

from __future__ import annotations

import numpy as np
import pytest

from studio.lipsync.dtw import band_costs, band_starts, warp, warp_all


def textbook(cost: np.ndarray) -> float:
    """DTW corner to corner, symmetric steps (diagonal twice), one cell at a time."""
    n, m = cost.shape
    d = np.full((n, m), np.inf)
    d[0] = np.cumsum(cost[0])
    for i in range(1, n):
        for j in range(m):
            best = d[i - 1, j] + cost[i, j]
            if j > 0:
                best = min(best, d[i - 1, j - 1] + 2 * cost[i, j], d[i, j - 1] + cost[i, j])
            d[i, j] = best
    return float(d[-1, -1])


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
    path = warp([cost], lo, m)
    assert path.cost == pytest.approx(textbook(cost), rel=1e-5)
    assert (path.ref[0], path.rec[0], path.ref[-1], path.rec[-1]) == (0, 0, n - 1, m - 1)
    assert set(path.ref) == set(range(n)) and set(path.rec) == set(range(m))
    steps = np.stack([np.diff(path.ref), np.diff(path.rec)], 1)
    assert {tuple(s) for s in steps} <= {(1, 1), (1, 0), (0, 1)}
    assert path_cost(cost, path.ref, path.rec) == pytest.approx(path.cost, rel=1e-5)


def test_a_band_follows_a_slower_recording_and_puts_its_pads_on_the_silent_ends() -> None:
    rng = np.random.default_rng(7)
    silence = np.zeros((10, 4), np.float32)
    words = rng.standard_normal((120, 4)).astype(np.float32) + 3
    ref = np.concatenate([silence, words, silence])
    pad = rng.standard_normal((50, 4)).astype(np.float32) * 0.3  # room noise, a breath
    slow = np.repeat(words, 3, axis=0)[::2]  # the recording is 1.5x slower
    rec = np.concatenate([pad, slow, pad])
    knots_ref, knots_rec = [0, 10, 129, 139], [0, 50, 50 + 179, len(rec) - 1]
    guide = np.interp(np.arange(len(ref)), knots_ref, knots_rec)
    lo, width = band_starts(guide, 20, len(rec))
    assert np.all(np.diff(lo) >= 0) and width == 41
    path = warp(band_costs(ref, rec, lo, width), lo, len(rec))
    on_words = (path.ref >= 10) & (path.ref < 130)
    assert path.rec[on_words].min() in (50, 51) and path.rec[on_words].max() == 50 + 179
    got = np.interp(np.arange(10, 130), path.ref, path.rec)
    assert np.abs(got - (50 + 1.5 * np.arange(120))).max() <= 1.5


def test_band_costs_come_in_blocks_of_the_right_cells() -> None:
    rng = np.random.default_rng(3)
    ref = rng.standard_normal((700, 5)).astype(np.float32)  # three blocks of rows
    rec = rng.standard_normal((900, 5)).astype(np.float32)
    lo, width = band_starts(np.arange(700) * 900 / 700, 60, len(rec))
    blocks = list(band_costs(ref, rec, lo, width))
    assert len(blocks) == 3
    got = np.concatenate(blocks)
    for i in (0, 255, 256, 511, 699):
        cols = rec[lo[i] : lo[i] + width]
        np.testing.assert_allclose(got[i], np.linalg.norm(cols - ref[i], axis=1), rtol=1e-4)


def test_a_capped_row_costs_no_more_than_its_cap() -> None:
    rng = np.random.default_rng(5)
    ref, rec = rng.standard_normal((20, 3)), rng.standard_normal((30, 3)) * 5
    lo, width = band_starts(np.arange(20) * 1.5, 30, len(rec))
    cap = np.full(20, np.inf)
    cap[:3] = 0.5  # the reference's first frames: silence that may absorb anything
    got = np.concatenate(list(band_costs(ref, rec, lo, width, cap)))
    plain = np.concatenate(list(band_costs(ref, rec, lo, width)))
    assert np.all(got[:3] == np.minimum(plain[:3], 0.5)) and np.all(got[3:] == plain[3:])


def test_many_matrices_warped_together_match_the_textbook_and_one_by_one() -> None:
    """Several references of any length (one row too) against one recording."""
    rng = np.random.default_rng(11)
    m = 23
    costs = [rng.random((n, m)) for n in (1, 7, 30, 7, 19)]
    paths = warp_all(costs)
    assert len(paths) == len(costs)
    for cost, path in zip(costs, paths, strict=True):
        n = len(cost)
        assert path.cost == pytest.approx(textbook(cost), rel=1e-9)
        assert (path.ref[0], path.rec[0], path.ref[-1], path.rec[-1]) == (0, 0, n - 1, m - 1)
        assert path_cost(cost, path.ref, path.rec) == pytest.approx(path.cost, rel=1e-9)
        if n > 1:
            alone = warp([cost], np.zeros(n, np.int64), m)
            assert np.array_equal(alone.ref, path.ref) and np.array_equal(alone.rec, path.rec)
    assert warp_all([]) == []
    with pytest.raises(ValueError, match="M columns"):
        warp_all([rng.random((3, 5)), rng.random((3, 6))])
