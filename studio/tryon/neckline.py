"""The front neckline of a garment as a curve, from its neck points and collar.

Product shots usually show the inside of the back through the neckline; on a body the
neck and chest show there instead. The curve (the lower half of an ellipse through
``neck_left``, ``collar`` and ``neck_right``) bounds that region, which the fit keeps
clear of the garment. A neckline cut out of the picture (transparent, like a V or a
scoop) shows the skin by itself; only the back collar that may bridge its top is
hidden (it is behind the neck).
"""

from __future__ import annotations

import numpy as np

from studio.tryon.anchors import AnchorSet


def neckline_points(anchors: AnchorSet, n: int = 13, depth: float | None = None) -> np.ndarray:
    """(n, 2) points from ``neck_left`` down through ``collar`` (or through the centre at
    height ``depth``) up to ``neck_right``."""
    left, right, collar = anchors["neck_left"], anchors["neck_right"], anchors["collar"]
    if depth is not None:
        collar = np.array([collar[0], depth])
    t = np.linspace(np.pi, 0.0, n)  # from the left end, through the bottom, to the right end
    on_left = np.cos(t) < 0
    end = np.where(on_left[:, None], left, right)
    radius = np.abs(end[:, 0] - collar[0])
    xs = collar[0] + np.cos(t) * radius
    ys = end[:, 1] + np.sin(t) * (collar[1] - end[:, 1])
    return np.stack([xs, ys], axis=1)


def hidden_neckline(alpha: np.ndarray, anchors: AnchorSet) -> np.ndarray | None:
    """The part of the neckline a body hides, as a curve; None when nothing is hidden.

    A closed neckline (the inside of the back fills it): down to the collar. An open
    one (a V, a scoop) whose top is still bridged by the back collar: down to the
    bottom of that band, which is behind the neck when worn.
    """
    if neckline_closed(alpha, anchors):
        return neckline_points(anchors)
    x = int(round(anchors["collar"][0]))
    y0 = int(round(max(anchors["neck_left"][1], anchors["neck_right"][1])))
    y1 = int(round(anchors["collar"][1]))
    if not 0 <= x < alpha.shape[1] or y1 <= y0:
        return None
    column = alpha[max(0, y0) : min(alpha.shape[0], y1), x] >= 128
    if len(column) == 0 or not column[0]:
        return None
    gap = np.flatnonzero(~column)
    if len(gap) == 0:
        return None
    return neckline_points(anchors, depth=float(y0 + gap[0] + 2))


def neckline_closed(alpha: np.ndarray, anchors: AnchorSet) -> bool:
    """Is the neckline filled in the picture (the inside of the back shows there)?"""
    x = int(round(anchors["collar"][0]))
    y0 = int(round(min(anchors["neck_left"][1], anchors["neck_right"][1])))
    y1 = int(round(anchors["collar"][1]))
    if y1 <= y0 or not 0 <= x < alpha.shape[1]:
        return False
    column = alpha[max(0, y0) : min(alpha.shape[0], y1), x]
    return bool(len(column)) and float(np.mean(column >= 128)) > 0.6
