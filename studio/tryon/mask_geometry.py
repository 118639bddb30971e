"""Shape measurements on a binary mask: the pieces the anchor finders are built from."""

from __future__ import annotations

import cv2
import numpy as np


def main_shape(alpha: np.ndarray, threshold: int = 128) -> np.ndarray:
    """The largest connected opaque region (bool), small enclosed holes filled.

    Loose threads, text specks or a stray pixel in the corner must not move a bbox.
    Holes larger than 1% of the shape are kept: they may be a neckline or a lens.
    """
    solid = (alpha >= threshold).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(solid, connectivity=8)
    if n <= 1:
        return np.zeros(alpha.shape, dtype=bool)
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    shape = labels == biggest
    holes = fill_holes(shape) & ~shape
    if holes.any():
        hn, hl, hs, _ = cv2.connectedComponentsWithStats(holes.astype(np.uint8), connectivity=4)
        small = np.flatnonzero(hs[1:, cv2.CC_STAT_AREA] < 0.01 * shape.sum()) + 1
        shape |= np.isin(hl, small)
    return shape


def fill_holes(mask: np.ndarray) -> np.ndarray:
    """The mask with every region not reachable from the border filled in."""
    h, w = mask.shape
    padded = np.zeros((h + 2, w + 2), dtype=np.uint8)
    padded[1:-1, 1:-1] = mask.astype(np.uint8)
    flood = padded.copy()
    ff_mask = np.zeros((h + 4, w + 4), dtype=np.uint8)
    cv2.floodFill(flood, ff_mask, (0, 0), 2)
    return flood[1:-1, 1:-1] != 2


def bbox(mask: np.ndarray) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1) inclusive of the opaque pixels."""
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def top_contour(mask: np.ndarray) -> np.ndarray:
    """First opaque row per column (float, NaN where the column is empty)."""
    any_col = mask.any(axis=0)
    top = np.argmax(mask, axis=0).astype(np.float64)
    top[~any_col] = np.nan
    return top


def run_at(mask: np.ndarray, y: int, x: int) -> tuple[int, int] | None:
    """Ends (inclusive) of the opaque run on row ``y`` that contains column ``x``."""
    row = mask[y]
    if not row[x]:
        return None
    gaps = np.flatnonzero(~row)
    left = gaps[gaps < x]
    right = gaps[gaps > x]
    x0 = int(left.max()) + 1 if len(left) else 0
    x1 = int(right.min()) - 1 if len(right) else len(row) - 1
    return x0, x1


def concavities(mask: np.ndarray, min_depth: float) -> list[tuple[np.ndarray, float]]:
    """Deepest points of the outline's concave bays (convexity defects), with depths."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return []
    contour = max(contours, key=cv2.contourArea)
    hull = cv2.convexHull(contour, returnPoints=False)
    if hull is None or len(hull) < 3:
        return []
    try:
        defects = cv2.convexityDefects(contour, hull)
    except cv2.error:  # self-intersecting hull order on odd outlines
        return []
    if defects is None:
        return []
    out = []
    for _s, _e, far, depth in defects[:, 0]:
        d = depth / 256.0
        if d >= min_depth:
            out.append((contour[far, 0].astype(np.float64), d))
    return out


def outline_points(mask: np.ndarray, max_points: int = 64) -> np.ndarray:
    """Up to ``max_points`` points along the shape's outer outline (for bounding a warp)."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return np.zeros((0, 2))
    contour = max(contours, key=cv2.contourArea)[:, 0].astype(np.float64)
    step = max(1, len(contour) // max_points)
    return contour[::step]
