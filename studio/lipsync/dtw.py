"""Dynamic time warping of a reference onto a recording, inside a band, open at its ends.

Used by :mod:`studio.lipsync.align` to carry a rendered transcript's phoneme times onto
a recording of the same words. What it must handle:

- *the whole reference, part of the recording*: the path starts on the reference's first
  frame and ends on its last, but anywhere in the recording ("subsequence" DTW), so
  leading and trailing silence, a breath or a click before the first word cost nothing;
- *any speaking rate*: steps are diagonal (counted twice) or one frame on either axis
  (counted once), the symmetric pattern of Sakoe & Chiba (1978), so neither side is
  favoured and a pause held longer in the recording is a run of horizontal steps;
- *speed*: only cells inside a band around a guide line are computed (per row a window of
  fixed width whose start never moves left), the distances are computed a block of rows
  at a time with one matrix product, and each row of the recursion is vectorised: the
  chain of horizontal steps within a row is a running minimum (``D = S + cummin(A - S)``
  with ``S`` the row's cumulative cost), so no Python loop runs over cells. Memory is one
  byte per band cell (the step taken), for the backtrace.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_DIAG, _UP, _LEFT, _START = 0, 1, 2, 3
_BLOCK_ROWS = 256


@dataclass(frozen=True)
class WarpPath:
    """Matched frame pairs in order: ``ref[k]`` with ``rec[k]``; both never decrease."""

    ref: np.ndarray  # int64 (K,)
    rec: np.ndarray  # int64 (K,)
    cost: float  # total weighted cost of the path


def band_starts(center: np.ndarray, half_width: int, n_rec: int) -> tuple[np.ndarray, int]:
    """Per reference row, the first recording column of its window, and the window width.

    ``center``: the guide line (recording frame per reference row), non-decreasing.
    """
    width = min(2 * half_width + 1, n_rec)
    lo = np.rint(np.asarray(center, np.float64) - half_width).astype(np.int64)
    lo = np.clip(np.maximum.accumulate(lo), 0, n_rec - width)
    return lo, width


def _distances(ref: np.ndarray, rec: np.ndarray, rec_sq: np.ndarray) -> np.ndarray:
    """Euclidean distances between rows of ``ref`` (B, D) and ``rec`` (C, D)."""
    ref_sq = np.einsum("ij,ij->i", ref, ref)
    d2 = ref_sq[:, None] + rec_sq[None, :] - 2.0 * (ref @ rec.T)
    return np.sqrt(np.maximum(d2, 0.0))


def banded_cost(ref: np.ndarray, rec: np.ndarray, lo: np.ndarray, width: int) -> np.ndarray:
    """Distances of every band cell, (N, width): row i holds columns ``lo[i]..+width``."""
    n = ref.shape[0]
    out = np.empty((n, width), np.float32)
    rec_sq = np.einsum("ij,ij->i", rec, rec)
    cols = np.arange(width)
    for b0 in range(0, n, _BLOCK_ROWS):
        b1 = min(n, b0 + _BLOCK_ROWS)
        c0, c1 = int(lo[b0]), int(lo[b1 - 1]) + width
        block = _distances(ref[b0:b1], rec[c0:c1], rec_sq[c0:c1])
        idx = (lo[b0:b1] - c0)[:, None] + cols[None, :]
        out[b0:b1] = np.take_along_axis(block, idx, axis=1)
    return out


def warp(cost: np.ndarray, lo: np.ndarray) -> WarpPath:
    """The cheapest path through the band ``cost`` (N, W) with row starts ``lo``.

    Starts anywhere on the first row and ends anywhere on the last (open ends on the
    recording's axis); the reference's every frame is matched.
    """
    n, width = cost.shape
    steps = np.empty((n, width), np.uint8)
    inf = np.inf
    prev = cost[0].astype(np.float64)
    steps[0] = _START
    up = np.empty(width)
    diag = np.empty(width)
    for i in range(1, n):
        c = cost[i].astype(np.float64)
        d = int(lo[i] - lo[i - 1])
        up.fill(inf)
        diag.fill(inf)
        if d < width:
            up[: width - d] = prev[d:]
        if d == 0:
            diag[1:] = prev[:-1]
        elif d <= width:
            diag[: width - d + 1] = prev[d - 1 :]
        from_up = up + c
        from_diag = diag + 2.0 * c
        a = np.minimum(from_up, from_diag)
        s = np.cumsum(c)
        row = s + np.minimum.accumulate(a - s)
        step = np.where(from_diag <= from_up, _DIAG, _UP).astype(np.uint8)
        step[row < a * (1.0 - 1e-9) - 1e-9] = _LEFT  # costs are >= 0; inf stays inf
        steps[i] = step
        prev = row
    if not np.isfinite(prev).any():
        raise ValueError("no path through the band (it is too narrow for the guide line)")
    k = int(np.argmin(prev))
    total = float(prev[k])
    i = n - 1
    ref_idx: list[int] = []
    rec_idx: list[int] = []
    while True:
        ref_idx.append(i)
        rec_idx.append(int(lo[i]) + k)
        s = steps[i, k]
        if s == _LEFT:
            k -= 1
        elif s == _START:
            break
        else:
            d = int(lo[i] - lo[i - 1])
            k = k + d - (1 if s == _DIAG else 0)
            i -= 1
    return WarpPath(np.asarray(ref_idx[::-1], np.int64), np.asarray(rec_idx[::-1], np.int64), total)
