"""The shading of the clothes under the garment, carried into it.

Per base frame: the frame's luminance under the garment, on the fit's coarse grid,
with its extremes clipped (a black logo or a white strap is colour, not light), blurred
to low frequency and divided by the track's typical level. The garment is multiplied
by ``1 + strength * (ratio - 1)``, kept within 0.75-1.25, so folds and the side that
is away from the light darken it and a general change of light carries over. Where a
person mask says the garment hangs over the room, not the body, that room does not
count (those cells take the garment's mean level).
Stored as uint8 with 128 = 1.0 and a fourth channel of 128, so the live layer shades a
premultiplied BGRA patch with one saturating multiply.
"""

from __future__ import annotations

import cv2
import numpy as np

LOW, HIGH = 0.75, 1.25
ONE = 128


def luminance_grid(
    frame_bgr: np.ndarray, x0: int, y0: int, w: int, h: int, grid: tuple[int, int]
) -> np.ndarray:
    """Mean luminance of the frame over each cell of a ``grid`` (gw, gh) laid on the
    rectangle (x0, y0, w, h); the part outside the frame repeats the nearest edge."""
    fh, fw = frame_bgr.shape[:2]
    grey = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY)
    region = cv2.copyMakeBorder(
        grey[max(0, y0) : min(fh, y0 + h), max(0, x0) : min(fw, x0 + w)],
        max(0, -y0),
        max(0, y0 + h - fh),
        max(0, -x0),
        max(0, x0 + w - fw),
        cv2.BORDER_REPLICATE,
    )
    return cv2.resize(region, grid, interpolation=cv2.INTER_AREA).astype(np.float32)


def grid_cover(
    mask: np.ndarray, x0: int, y0: int, w: int, h: int, grid: tuple[int, int]
) -> np.ndarray:
    """Share of each grid cell that the (bool, frame-sized) person mask covers."""
    fh, fw = mask.shape
    region = np.zeros((h, w), np.float32)
    sx0, sy0, sx1, sy1 = max(0, x0), max(0, y0), min(fw, x0 + w), min(fh, y0 + h)
    if sx0 < sx1 and sy0 < sy1:
        region[sy0 - y0 : sy1 - y0, sx0 - x0 : sx1 - x0] = mask[sy0:sy1, sx0:sx1]
    return cv2.resize(region, grid, interpolation=cv2.INTER_AREA)


def clipped_level(lum: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, float]:
    """Luminance with its under-garment extremes clipped, and its weighted mean; cells
    with no weight (beside the body) take the mean."""
    wsum = float(weight.sum())
    if wsum < 1e-6:
        return lum, float(lum.mean()) or 1.0
    vals = lum[weight > 0.5] if (weight > 0.5).any() else lum.ravel()
    lo, hi = np.percentile(vals, [10, 90])
    clipped = np.clip(lum, lo, hi)
    mean = float((clipped * weight).sum() / wsum) or 1.0
    return np.where(weight > 0.05, clipped, mean).astype(np.float32), mean


def shade_map(
    clipped: np.ndarray, reference: float, strength: float, sigma_cells: float
) -> np.ndarray:
    """(gh, gw, 4) uint8 multipliers (128 = 1.0) for one frame."""
    blurred = cv2.GaussianBlur(clipped, (0, 0), max(0.5, sigma_cells))
    ratio = blurred / max(1.0, reference)
    gain = np.clip(1.0 + strength * (ratio - 1.0), LOW, HIGH)
    g8 = np.round(gain * ONE).astype(np.uint8)
    return cv2.merge([g8, g8, g8, np.full_like(g8, ONE)])
