"""Piecewise-affine image warping over a fixed triangulation.

Every output pixel inside a destination triangle is mapped back into its source
triangle by that triangle's affine transform; one ``cv2.remap`` then samples the image.
The triangle-id raster and per-pixel maps are vectorised, so a full 720p head region
warps in a few milliseconds, cheap enough to do per frame.
"""

from __future__ import annotations

import cv2
import numpy as np


def delaunay(points: np.ndarray, width: int, height: int) -> np.ndarray:
    """Delaunay triangles (M, 3) of point indices; points must lie inside the image."""
    subdiv = cv2.Subdiv2D((0, 0, width + 1, height + 1))
    clipped = np.clip(points, 0, [width, height]).astype(np.float32)
    lookup: dict[tuple[float, float], int] = {}
    for i, (x, y) in enumerate(clipped):
        key = (float(x), float(y))
        if key in lookup:  # duplicate points would make degenerate triangles
            continue
        lookup[key] = i
        subdiv.insert(key)
    tris = []
    for x0, y0, x1, y1, x2, y2 in subdiv.getTriangleList():
        try:
            tri = (lookup[(x0, y0)], lookup[(x1, y1)], lookup[(x2, y2)])
        except KeyError:  # a triangle touching Subdiv2D's virtual outer vertices
            continue
        tris.append(tri)
    return np.asarray(tris, dtype=np.int32)


def _affines_dst_to_src(src: np.ndarray, dst: np.ndarray, tris: np.ndarray) -> np.ndarray:
    """(M, 2, 3) affine matrices taking destination triangle coordinates to the source."""
    d = dst[tris]  # (M, 3, 2)
    s = src[tris]
    ones = np.ones((len(tris), 3, 1), dtype=np.float64)
    dh = np.concatenate([d, ones], axis=2)  # (M, 3, 3) rows [x y 1]
    # Solve dh @ X = s for X (3x2) per triangle; degenerate triangles get identity-ish fallback.
    det = np.linalg.det(dh)
    ok = np.abs(det) > 1e-6
    out = np.zeros((len(tris), 2, 3), dtype=np.float64)
    out[:, 0, 0] = 1.0
    out[:, 1, 1] = 1.0
    if ok.any():
        x = np.linalg.solve(dh[ok], s[ok].astype(np.float64))  # (k, 3, 2)
        out[ok] = np.transpose(x, (0, 2, 1))
    return out


class PiecewiseAffineWarp:
    """Warp a fixed source image region as its control points move.

    ``roi`` (x0, y0, x1, y1) bounds the area that may change; outside it the output is
    the source unchanged. Triangles whose destination would fall outside ``roi`` must
    not exist, which callers guarantee by pinning the ROI border with fixed points.
    """

    def __init__(self, src_points: np.ndarray, tris: np.ndarray, roi: tuple[int, int, int, int]):
        self.src = np.asarray(src_points, dtype=np.float64)
        self.tris = np.asarray(tris, dtype=np.int32)
        self.roi = roi
        x0, y0, x1, y1 = roi
        ys, xs = np.mgrid[y0:y1, x0:x1]
        self._xs = xs.astype(np.float32)
        self._ys = ys.astype(np.float32)

    def maps(self, dst_points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per-pixel source coordinates (map_x, map_y) for the ROI, for cv2.remap."""
        x0, y0, x1, y1 = self.roi
        dst = np.asarray(dst_points, dtype=np.float64)
        tri_id = np.full((y1 - y0, x1 - x0), -1, dtype=np.int32)
        shift = 4  # sub-pixel rasterisation: 1/16 px
        scaled = np.round((dst - [x0, y0]) * (1 << shift)).astype(np.int32)
        for k, tri in enumerate(self.tris):
            cv2.fillConvexPoly(tri_id, scaled[tri], int(k), lineType=cv2.LINE_8, shift=shift)
        aff = _affines_dst_to_src(self.src, dst, self.tris).astype(np.float32)
        # Pixels outside every triangle keep their own position (identity).
        ident = np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float32)
        table = np.concatenate([aff, ident[None]], axis=0)  # index -1 -> identity
        a = table[tri_id]  # (h, w, 2, 3)
        map_x = a[..., 0, 0] * self._xs + a[..., 0, 1] * self._ys + a[..., 0, 2]
        map_y = a[..., 1, 0] * self._xs + a[..., 1, 1] * self._ys + a[..., 1, 2]
        return map_x, map_y

    def apply(self, image: np.ndarray, dst_points: np.ndarray) -> np.ndarray:
        """Warp ``image`` (the source) so its control points land on ``dst_points``."""
        return self.apply_many([image], dst_points)[0]

    def apply_many(self, images: list[np.ndarray], dst_points: np.ndarray) -> list[np.ndarray]:
        """Warp several same-sized images (e.g. colour and matte) with one set of maps."""
        map_x, map_y = self.maps(dst_points)
        x0, y0, x1, y1 = self.roi
        outs = []
        for image in images:
            out = image.copy()
            out[y0:y1, x0:x1] = cv2.remap(
                image, map_x, map_y, interpolation=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )
            outs.append(out)
        return outs
