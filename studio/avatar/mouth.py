"""Mouth parameters and the mouth-bank crop geometry (DESIGN.md §5).

All in the canonical face frame (``geometry``): one unit is the inter-ocular distance.
- ``open``: inner-lip gap at the middle of the mouth (points 13-14).
- ``width_abs``: corner-to-corner mouth width (points 61-291).
- ``width``: ``width_abs`` minus the presenter's rest width, i.e. the change of mouth
  width in inter-ocular units (a mouth is about 0.9 units wide, so this is close to the
  relative width change the photo renderer takes).
- a per-avatar PCA of the 40 lip points, for shape retrieval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.avatar import landmarks as L

LIP_POINTS = np.asarray(L.LIPS_ALL, dtype=np.int64)  # 40 points: outer and inner contours
GAP_PAIR = (13, 14)
CORNERS = (61, 291)

# Mouth-bank crops: a fixed window of the canonical face, lower nose to below the chin.
CROP_W, CROP_H = 160, 128
CROP_PX_PER_UNIT = 80.0
CROP_ORIGIN = (-1.0, 0.55)  # canonical (x, y) of the crop's top-left corner
REST_QUANTILE = 0.2  # frames this closed or more define the rest width
PCA_COMPONENTS = 8


def canonical_to_crop() -> np.ndarray:
    """(2, 3) affine from canonical units to crop pixels."""
    s = CROP_PX_PER_UNIT
    return np.array([[s, 0.0, -CROP_ORIGIN[0] * s], [0.0, s, -CROP_ORIGIN[1] * s]])


def frame_to_crop(to_canonical: np.ndarray) -> np.ndarray:
    """Compose per-frame (..., 2, 3) image->canonical similarities with canonical->crop."""
    c = canonical_to_crop()
    lin = np.einsum("ij,...jk->...ik", c[:, :2], to_canonical[..., :2])
    t = np.einsum("ij,...j->...i", c[:, :2], to_canonical[..., 2]) + c[:, 2]
    return np.concatenate([lin, t[..., None]], axis=-1)


def open_and_width(canon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-frame inner-lip gap and mouth width from (N, 478, 2) canonical points."""
    gap = np.linalg.norm(canon[:, GAP_PAIR[0]] - canon[:, GAP_PAIR[1]], axis=-1)
    width = np.linalg.norm(canon[:, CORNERS[0]] - canon[:, CORNERS[1]], axis=-1)
    return gap.astype(np.float32), width.astype(np.float32)


def rest_width(open_: np.ndarray, width_abs: np.ndarray, valid: np.ndarray | None = None) -> float:
    """The presenter's mouth width at rest: median width of her most closed frames."""
    mask = np.ones(len(open_), bool) if valid is None else valid.astype(bool)
    if not mask.any():
        return float(np.median(width_abs))
    thr = np.quantile(open_[mask], REST_QUANTILE)
    sel = mask & (open_ <= thr)
    return float(np.median(width_abs[sel]))


@dataclass(frozen=True)
class LipPCA:
    """Principal components of the 40 canonical lip points (80 numbers per frame)."""

    mean: np.ndarray  # (80,)
    components: np.ndarray  # (k, 80), rows orthonormal
    explained: np.ndarray  # (k,) fraction of variance

    @classmethod
    def fit(
        cls, lips: np.ndarray, valid: np.ndarray | None = None, k: int = PCA_COMPONENTS
    ) -> LipPCA:
        x = lips.reshape(len(lips), -1).astype(np.float64)
        if valid is not None and valid.any():
            x = x[valid.astype(bool)]
        mean = x.mean(axis=0)
        _, s, vt = np.linalg.svd(x - mean, full_matrices=False)
        var = s**2
        k = min(k, len(var))
        return cls(
            mean.astype(np.float32),
            vt[:k].astype(np.float32),
            (var[:k] / max(var.sum(), 1e-12)).astype(np.float32),
        )

    def project(self, lips: np.ndarray) -> np.ndarray:
        x = lips.reshape(len(lips), -1) - self.mean
        return (x @ self.components.T).astype(np.float32)

    def reconstruct(self, coeffs: np.ndarray) -> np.ndarray:
        return (coeffs @ self.components + self.mean).reshape(len(coeffs), -1, 2)
