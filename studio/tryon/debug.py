"""A picture of an asset with its anchors drawn on, for `studio tryon check`."""

from __future__ import annotations

import cv2
import numpy as np

from studio.tryon.anchors import ESTIMATED, SIDECAR
from studio.tryon.asset import TryOnAsset

COLOURS = {ESTIMATED: (0, 160, 255), SIDECAR: (255, 0, 200)}  # BGR; found: green
FOUND_COLOUR = (40, 200, 40)


def checkerboard(h: int, w: int, cell: int = 16) -> np.ndarray:
    ys, xs = np.mgrid[0:h, 0:w]
    board = ((ys // cell + xs // cell) % 2).astype(np.uint8)
    return np.where(board[..., None] == 1, 205, 235).astype(np.uint8).repeat(3, axis=2)


def anchor_picture(asset: TryOnAsset) -> np.ndarray:
    """The asset over a checkerboard, each anchor a labelled dot (green found, orange
    estimated, magenta from the sidecar), and the neckline guess for garments."""
    h, w = asset.bgra.shape[:2]
    a = asset.bgra[..., 3:4].astype(np.float32) / 255
    img = (asset.bgra[..., :3] * a + checkerboard(h, w) * (1 - a)).astype(np.uint8)
    pad = max(40, w // 6)
    canvas = cv2.copyMakeBorder(img, 0, 0, pad, pad, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    r = max(4, round(max(w, h) / 120))
    scale = max(0.4, max(w, h) / 1400)
    thick = max(1, round(scale * 2))
    if asset.garment:
        from studio.tryon.neckline import neckline_points

        pts = np.round(neckline_points(asset.anchors) + [pad, 0]).astype(np.int32)
        cv2.polylines(canvas, [pts], False, (255, 160, 0), thick, cv2.LINE_AA)
    for name, p in asset.anchors.points.items():
        colour = COLOURS.get(asset.anchors.how[name], FOUND_COLOUR)
        c = (int(round(p[0])) + pad, int(round(p[1])))
        cv2.circle(canvas, c, r + 2, (255, 255, 255), -1, cv2.LINE_AA)
        cv2.circle(canvas, c, r, colour, -1, cv2.LINE_AA)
        org = (c[0] + r + 4, c[1] - r)
        cv2.putText(
            canvas,
            name,
            org,
            cv2.FONT_HERSHEY_SIMPLEX,
            scale,
            (255, 255, 255),
            thick + 2,
            cv2.LINE_AA,
        )
        cv2.putText(
            canvas, name, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (30, 30, 30), thick, cv2.LINE_AA
        )
    return canvas
