"""Anchor points of accessories, found from the alpha mask.

- glasses: the two lenses are what is left of the shape with its holes filled after a
  morphological opening the size of a quarter of the frame's height (it removes the
  thin bridge and temples); ``lens_*`` are their centroids. Fallback: centroids of the
  filled shape's left and right halves.
- hat: the brim is the run of rows at the bottom wider than 1.3 x the crown (median
  width of the top 40 % of rows); ``crown_*`` are the ends of the row just above the
  brim (or of the bottom row of a hat without a brim): where the hat meets the head.
- earrings (one earring, worn on both ears): ``hook`` is the middle of the top row,
  ``drop`` the middle of the bottom row.
- necklace: ``clasp_*`` are the highest points left and right of the centre, where the
  chain goes round the neck; ``pendant`` is the lowest point.
"""

from __future__ import annotations

import cv2
import numpy as np

from studio.core.errors import InputError
from studio.tryon import mask_geometry as G
from studio.tryon.anchors import ESTIMATED, FOUND, AnchorSet


def _not_found(what: str) -> InputError:
    return InputError(
        f"{what} could not be found from the outline",
        hint="use a front view on a transparent background, or give the anchor points in a "
        "sidecar JSON (run `studio tryon check IMAGE` to see what was found)",
    )


def glasses_anchors(alpha: np.ndarray) -> AnchorSet:
    out = AnchorSet()
    shape = G.fill_holes(alpha >= 32)
    if not shape.any():
        raise _not_found("the glasses' frame")
    x0, y0, x1, y1 = G.bbox(shape)
    k = max(3, int(0.25 * (y1 - y0 + 1)) | 1)
    lenses = cv2.morphologyEx(
        shape.astype(np.uint8), cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    )
    n, _labels, stats, cents = cv2.connectedComponentsWithStats(lenses, connectivity=8)
    if n >= 3:
        order = 1 + np.argsort(stats[1:, cv2.CC_STAT_AREA])[::-1][:2]
        a, b = sorted((cents[i] for i in order), key=lambda c: c[0])
        if abs(b[0] - a[0]) > 0.25 * (x1 - x0):
            out.set("lens_left", a, FOUND)
            out.set("lens_right", b, FOUND)
            return out
    mid = (x0 + x1) / 2
    ys, xs = np.nonzero(shape)
    for side, sel in (("left", xs < mid), ("right", xs >= mid)):
        out.set(f"lens_{side}", (xs[sel].mean(), ys[sel].mean()), ESTIMATED)
    return out


def hat_anchors(alpha: np.ndarray) -> AnchorSet:
    out = AnchorSet()
    shape = G.main_shape(alpha)
    if not shape.any():
        raise _not_found("the hat")
    x0, y0, x1, y1 = G.bbox(shape)
    h = y1 - y0 + 1
    rows = np.arange(y0, y1 + 1)
    filled = shape[rows].any(axis=1)
    left = np.argmax(shape[rows], axis=1)
    right = shape.shape[1] - 1 - np.argmax(shape[rows][:, ::-1], axis=1)
    width = np.where(filled, right - left + 1, 0)
    crown_w = float(np.median(width[: max(1, int(0.4 * h))]))
    brim = np.flatnonzero((width > 1.3 * crown_w) & (np.arange(h) > 0.3 * h))
    if len(brim):
        r = max(0, int(brim[0]) - max(1, int(0.02 * h)))
    else:
        r = max(0, h - 1 - max(1, int(0.03 * h)))
    if not filled[r]:
        raise _not_found("the hat's crown")
    out.set("crown_left", (left[r], y0 + r), FOUND)
    out.set("crown_right", (right[r], y0 + r), FOUND)
    return out


def earring_anchors(alpha: np.ndarray) -> AnchorSet:
    out = AnchorSet()
    shape = alpha >= 128
    if not shape.any():
        raise _not_found("the earring")
    ys, xs = np.nonzero(shape)
    top, bottom = ys.min(), ys.max()
    out.set("hook", (xs[ys == top].mean(), top), FOUND)
    out.set("drop", (xs[ys == bottom].mean(), bottom), FOUND)
    return out


def necklace_anchors(alpha: np.ndarray) -> AnchorSet:
    out = AnchorSet()
    shape = alpha >= 128
    if not shape.any():
        raise _not_found("the necklace")
    ys, xs = np.nonzero(shape)
    mid = (xs.min() + xs.max()) / 2
    for side, sel in (
        ("left", xs < mid - 0.1 * (xs.max() - xs.min())),
        ("right", xs > mid + 0.1 * (xs.max() - xs.min())),
    ):
        if not sel.any():
            raise _not_found(f"the necklace's {side} end")
        y = ys[sel].min()
        at = sel & (ys == y)
        out.set(f"clasp_{side}", (xs[at].mean(), y), FOUND)
    bottom = ys.max()
    out.set("pendant", (xs[ys == bottom].mean(), bottom), FOUND)
    return out


FINDERS = {
    "glasses": glasses_anchors,
    "hat": hat_anchors,
    "earrings": earring_anchors,
    "necklace": necklace_anchors,
}
