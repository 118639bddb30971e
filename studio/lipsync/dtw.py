"""Dynamic time warping of a reference onto a recording, inside a band.

Used by :mod:`studio.lipsync.align` to carry a rendered transcript's phoneme times onto
a recording of the same words. What it must handle:

- *silence, breaths and clicks around the words*: the path runs from the first frame of
  both to the last of both, so the recording's leading and trailing sounds are matched
  with the reference's own silent first and last frames (a run of steps along the
  recording). Every path then has the same total weight, so none is cheaper for being
  shorter (a path free to end anywhere prefers to skip most of the recording: measured,
  it matched a 7 s line to 2.5 s of it);
- *any speaking rate*: steps are diagonal (counted twice) or one frame on either axis
  (counted once), the symmetric pattern of Sakoe & Chiba (1978), so neither side is
  favoured and a pause held longer in the recording is a run of steps along it;
- *speed*: only cells inside a band around a guide line are computed (per row a window of
  fixed width whose start never moves left), the distances are computed a block of rows
  at a time with one matrix product, and each row of the recursion is vectorised: the
  chain of steps along a row is a running minimum (``D = S + cummin(A - S)`` with ``S``
  the row's cumulative cost), so no Python loop runs over cells. Memory is one byte per
  band cell (the step taken), for the backtrace.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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


def band_costs(
    ref: np.ndarray,
    rec: np.ndarray,
    lo: np.ndarray,
    width: int,
    cap: np.ndarray | None = None,
) -> Iterator[np.ndarray]:
    """Distances of the band cells, a block of rows at a time: (B, width) arrays whose
    row i holds columns ``lo[i] .. lo[i] + width`` (only one block is ever in memory).

    ``cap``: per reference row, the most a cell of that row may cost (``inf``: no cap).
    """
    n = ref.shape[0]
    rec_sq = np.einsum("ij,ij->i", rec, rec)
    cols = np.arange(width)
    for b0 in range(0, n, _BLOCK_ROWS):
        b1 = min(n, b0 + _BLOCK_ROWS)
        c0, c1 = int(lo[b0]), int(lo[b1 - 1]) + width
        block = _distances(ref[b0:b1], rec[c0:c1], rec_sq[c0:c1])
        idx = (lo[b0:b1] - c0)[:, None] + cols[None, :]
        rows = np.take_along_axis(block, idx, axis=1)
        yield rows if cap is None else np.minimum(rows, cap[b0:b1, None])


def warp(costs: Iterable[np.ndarray], lo: np.ndarray, n_rec: int) -> WarpPath:
    """The cheapest path through the band with row starts ``lo``, from (0, 0) to
    (N - 1, ``n_rec`` - 1); the band must hold both corners.

    ``costs``: the band's distances as consecutive blocks of rows, (B, W) each
    (:func:`band_costs`, or one (N, W) array).
    """
    rows = (row for block in costs for row in block)
    first = np.asarray(next(rows), np.float64)
    n, width = len(lo), len(first)
    end = n_rec - 1 - int(lo[-1])
    if lo[0] != 0 or not 0 <= end < width:
        raise ValueError("the band does not hold both corners")
    steps = np.empty((n, width), np.uint8)
    inf = np.inf
    prev = np.cumsum(first)  # row 0: along the recording from (0, 0)
    steps[0] = _LEFT
    steps[0, 0] = _START
    up = np.empty(width)
    diag = np.empty(width)
    for i, cost_row in zip(range(1, n), rows, strict=False):
        c = np.asarray(cost_row, np.float64)
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
    total = float(prev[end])
    if not np.isfinite(total):
        raise ValueError("no path through the band (it is too narrow for the guide line)")
    i, k = n - 1, end
    ref_idx: list[int] = []
    rec_idx: list[int] = []
    while True:
        ref_idx.append(i)
        rec_idx.append(int(lo[i]) + k)
        s = steps[i, k]
        if s == _START:
            break
        if s == _LEFT:
            k -= 1
        else:
            d = int(lo[i] - lo[i - 1])
            k = k + d - (1 if s == _DIAG else 0)
            i -= 1
    return WarpPath(np.asarray(ref_idx[::-1], np.int64), np.asarray(rec_idx[::-1], np.int64), total)


def warp_all(costs: Sequence[np.ndarray]) -> list[WarpPath]:
    """The cheapest corner-to-corner path through each of several full cost matrices,
    (N_k, M) each: many references against one recording of ``M`` frames.

    The same steps as :func:`warp`, but the rows of all matrices are taken together (one
    Python step per row index for all of them, the matrices stacked), so a recording is
    matched against a whole prompt sheet in about the time of one warp.
    """
    if not costs:
        return []
    m = costs[0].shape[1]
    if any(c.shape[1] != m or c.shape[0] < 1 for c in costs):
        raise ValueError("every cost matrix needs a row and the recording's M columns")
    order = np.argsort([-c.shape[0] for c in costs], kind="stable")  # longest first
    lengths = np.array([costs[q].shape[0] for q in order])
    n, k = int(lengths[0]), len(costs)
    stacked = np.zeros((k, n, m))
    for j, q in enumerate(order):
        stacked[j, : lengths[j]] = costs[q]
    steps = np.empty((k, n, m), np.uint8)
    prev = np.cumsum(stacked[:, 0], axis=1)  # row 0: along the recording from (0, 0)
    steps[:, 0] = _LEFT
    steps[:, 0, 0] = _START
    totals = prev[:, -1].copy()
    for i in range(1, n):
        live = int((lengths > i).sum())  # the matrices still going: a prefix (longest first)
        prev = prev[:live]
        c = stacked[:live, i]
        from_up = prev + c
        from_diag = np.empty_like(from_up)
        from_diag[:, 0] = np.inf
        from_diag[:, 1:] = prev[:, :-1] + 2.0 * c[:, 1:]
        a = np.minimum(from_up, from_diag)
        s = np.cumsum(c, axis=1)
        row = s + np.minimum.accumulate(a - s, axis=1)
        step = np.where(from_diag <= from_up, _DIAG, _UP).astype(np.uint8)
        step[row < a * (1.0 - 1e-9) - 1e-9] = _LEFT
        steps[:live, i] = step
        prev = row
        totals[:live] = row[:, -1]
    # all paths traced back together: one Python step per path position
    i = lengths - 1
    j = np.full(k, m - 1)
    ref = np.empty((k, n + m), np.int64)
    rec = np.empty((k, n + m), np.int64)
    done = np.zeros(k, bool)
    size = np.zeros(k, np.int64)
    pos = 0
    while not done.all():
        ref[:, pos], rec[:, pos] = i, j
        s = steps[np.arange(k), i, j]
        finished = ~done & (s == _START)
        size[finished] = pos + 1
        done |= finished
        going = ~done
        i = np.where(going & (s != _LEFT), i - 1, i)
        j = np.where(going & (s != _UP), j - 1, j)
        pos += 1
    paths: list[WarpPath] = [None] * k  # type: ignore[list-item]
    for q in range(k):
        ends = size[q]
        paths[order[q]] = WarpPath(
            ref[q, :ends][::-1].copy(), rec[q, :ends][::-1].copy(), float(totals[q])
        )
    return paths
