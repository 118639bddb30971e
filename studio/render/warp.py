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
    """(M, 2, 3) affine matrices taking destination triangle coordinates to the source.

    Closed form per triangle (edge matrices), vectorised; a collapsed destination
    triangle (zero area, e.g. lips pressed together) gets the identity: it covers no
    pixel anyway.
    """
    d = dst[tris].astype(np.float64)  # (M, 3, 2)
    s = src[tris].astype(np.float64)
    e1, e2 = d[:, 1] - d[:, 0], d[:, 2] - d[:, 0]
    f1, f2 = s[:, 1] - s[:, 0], s[:, 2] - s[:, 0]
    det = e1[:, 0] * e2[:, 1] - e1[:, 1] * e2[:, 0]
    ok = np.abs(det) > 1e-6
    inv_det = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    # inverse of E = [e1 e2] (columns): 1/det [[e2y, -e2x], [-e1y, e1x]]
    ei = np.empty((len(tris), 2, 2))
    ei[:, 0, 0], ei[:, 0, 1] = e2[:, 1] * inv_det, -e2[:, 0] * inv_det
    ei[:, 1, 0], ei[:, 1, 1] = -e1[:, 1] * inv_det, e1[:, 0] * inv_det
    f = np.stack([f1, f2], axis=2)  # (M, 2, 2) columns f1, f2
    lin = f @ ei
    out = np.zeros((len(tris), 2, 3))
    out[:, :, :2] = lin
    out[:, :, 2] = s[:, 0] - np.einsum("mij,mj->mi", lin, d[:, 0])
    out[~ok] = [[1, 0, 0], [0, 1, 0]]
    return out


class PiecewiseAffineWarp:
    """Warp a fixed source image region as its control points move.

    ``roi`` (x0, y0, x1, y1) bounds the area that may change; outside it the output is
    the source unchanged. Triangles whose destination would fall outside ``roi`` must
    not exist, which callers guarantee by pinning the ROI border with fixed points.
    """

    def __init__(
        self,
        src_points: np.ndarray,
        tris: np.ndarray,
        roi: tuple[int, int, int, int],
        step: int = 1,
    ):
        """``step`` > 1 computes the maps on a coarser grid and upsamples them, for
        ``step``² less work. Only for meshes whose triangles never collapse: where they
        do (a mouth closing over teeth) the map jumps and upsampling blurs the jump."""
        self.src = np.asarray(src_points, dtype=np.float64)
        self.tris = np.asarray(tris, dtype=np.int32)
        self.roi = roi
        self.step = max(1, int(step))
        x0, y0, x1, y1 = roi
        w, h = x1 - x0, y1 - y0
        self._grid = (-(-w // self.step), -(-h // self.step))  # coarse grid size (w, h)
        off = (self.step - 1) / 2  # coarse sample j sits at the centre of its block
        xs = x0 + off + self.step * np.arange(self._grid[0], dtype=np.float32)
        ys = y0 + off + self.step * np.arange(self._grid[1], dtype=np.float32)
        self._xs, self._ys = np.meshgrid(xs, ys)

    def maps(
        self, dst_points: np.ndarray, exact: list[tuple[int, int, int, int]] = ()
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per-pixel source coordinates (map_x, map_y) for the ROI, for cv2.remap.

        With ``step`` > 1, the ``exact`` regions (where triangles may collapse) are
        recomputed at full resolution over the upsampled coarse maps.
        """
        x0, y0, x1, y1 = self.roi
        dst = np.asarray(dst_points, dtype=np.float64)
        gw, gh = self._grid
        tri_id = np.full((gh, gw), -1, dtype=np.int32)
        shift = 4  # sub-pixel rasterisation: 1/16 px
        scaled = np.round((dst - [x0, y0]) / self.step * (1 << shift)).astype(np.int32)
        for k, tri in enumerate(self.tris):
            cv2.fillConvexPoly(tri_id, scaled[tri], int(k), lineType=cv2.LINE_8, shift=shift)
        table = self._table(dst)  # pixels outside every triangle: identity (index -1)
        a = table[tri_id]  # (h, w, 2, 3)
        map_x = a[..., 0, 0] * self._xs + a[..., 0, 1] * self._ys + a[..., 0, 2]
        map_y = a[..., 1, 0] * self._xs + a[..., 1, 1] * self._ys + a[..., 1, 2]
        if self.step > 1:
            size = (x1 - x0, y1 - y0)
            map_x = cv2.resize(
                map_x, (gw * self.step, gh * self.step), interpolation=cv2.INTER_LINEAR
            )
            map_y = cv2.resize(
                map_y, (gw * self.step, gh * self.step), interpolation=cv2.INTER_LINEAR
            )
            map_x = np.ascontiguousarray(map_x[: size[1], : size[0]])
            map_y = np.ascontiguousarray(map_y[: size[1], : size[0]])
            for region in exact:
                self._exact_region(map_x, map_y, dst, table, region)
        return map_x, map_y

    def _exact_region(
        self,
        map_x: np.ndarray,
        map_y: np.ndarray,
        dst: np.ndarray,
        table: np.ndarray,
        region: tuple[int, int, int, int],
    ) -> None:
        """Full-resolution maps inside ``region`` (absolute pixels), written in place."""
        found = self._region_maps(dst, table, region, 1)
        if found is None:
            return
        (rx0, ry0, rx1, ry1), mx, my = found
        x0, y0 = self.roi[:2]
        map_x[ry0 - y0 : ry1 - y0, rx0 - x0 : rx1 - x0] = mx
        map_y[ry0 - y0 : ry1 - y0, rx0 - x0 : rx1 - x0] = my

    def _region_maps(
        self, dst: np.ndarray, table: np.ndarray, region: tuple[int, int, int, int], scale: int
    ) -> tuple[tuple[int, int, int, int], np.ndarray, np.ndarray] | None:
        """Maps for ``region`` (clipped to the ROI) sampled ``scale`` times per pixel and
        axis (sample j sits at ``(j + 0.5) / scale - 0.5`` pixels from the region's corner)."""
        x0, y0, x1, y1 = self.roi
        rx0, ry0 = max(x0, region[0]), max(y0, region[1])
        rx1, ry1 = min(x1, region[2]), min(y1, region[3])
        if rx0 >= rx1 or ry0 >= ry1:
            return None
        corners = dst[self.tris]  # only triangles touching the region
        lo, hi = corners.min(axis=1), corners.max(axis=1)
        near = np.flatnonzero(
            (hi[:, 0] >= rx0) & (lo[:, 0] <= rx1) & (hi[:, 1] >= ry0) & (lo[:, 1] <= ry1)
        )
        tri_id = np.full(((ry1 - ry0) * scale, (rx1 - rx0) * scale), -1, dtype=np.int32)
        shift = 4
        scaled = np.round(((dst - [rx0, ry0] + 0.5) * scale - 0.5) * (1 << shift)).astype(np.int32)
        for k in near:
            cv2.fillConvexPoly(
                tri_id, scaled[self.tris[k]], int(k), lineType=cv2.LINE_8, shift=shift
            )
        ys, xs = np.mgrid[0 : tri_id.shape[0], 0 : tri_id.shape[1]].astype(np.float32)
        xs = rx0 + (xs + 0.5) / scale - 0.5
        ys = ry0 + (ys + 0.5) / scale - 0.5
        a = table[tri_id]  # identity rows (-1) map to the pixel itself
        mx = a[..., 0, 0] * xs + a[..., 0, 1] * ys + a[..., 0, 2]
        my = a[..., 1, 0] * xs + a[..., 1, 1] * ys + a[..., 1, 2]
        return (rx0, ry0, rx1, ry1), mx, my

    def apply(self, image: np.ndarray, dst_points: np.ndarray, exact: list = ()) -> np.ndarray:
        """Warp ``image`` (the source) so its control points land on ``dst_points``."""
        return self.apply_many([image], dst_points, exact)[0]

    def apply_many(
        self,
        images: list[np.ndarray],
        dst_points: np.ndarray,
        exact: list = (),
        fine: list = (),
        supersample: int = 1,
    ) -> list[np.ndarray]:
        """Warp several same-sized images (e.g. colour and matte) with one set of maps.

        ``supersample`` > 1 renders the ``fine`` regions that many times finer per axis
        and averages down: where triangles collapse (lips pressed together) the map jumps
        from one lip to the other, and one sample per pixel draws that seam as a jagged
        staircase with specks of whatever lies between the lips in the source."""
        map_x, map_y = self.maps(dst_points, exact)
        x0, y0, x1, y1 = self.roi
        outs = []
        for image in images:
            out = image.copy()
            out[y0:y1, x0:x1] = cv2.remap(
                image, map_x, map_y, interpolation=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
            )
            outs.append(out)
        if supersample > 1:
            dst = np.asarray(dst_points, dtype=np.float64)
            table = self._table(dst)
            for region in fine:
                found = self._region_maps(dst, table, region, supersample)
                if found is None:
                    continue
                (rx0, ry0, rx1, ry1), mx, my = found
                for image, out in zip(images, outs, strict=True):
                    fine = cv2.remap(image, mx, my, interpolation=cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_REFLECT)  # fmt: skip
                    out[ry0:ry1, rx0:rx1] = cv2.resize(
                        fine, (rx1 - rx0, ry1 - ry0), interpolation=cv2.INTER_AREA
                    )
        return outs

    def _table(self, dst: np.ndarray) -> np.ndarray:
        """Each triangle's destination-to-source affine, and the identity at index -1."""
        aff = _affines_dst_to_src(self.src, dst, self.tris).astype(np.float32)
        ident = np.array([[1, 0, 0], [0, 1, 0]], dtype=np.float32)
        return np.concatenate([aff, ident[None]], axis=0)
