"""Lip-sync quality measures, computed on face-tracked frames (definitions in the docstrings).

All geometry is in the canonical face frame of each frame on its own (origin between the
eye centres, x along the eye line, 1 unit = inter-ocular distance, IOD), so a rendered
frame and a real one are compared where their faces are, whatever their head poses.
"""

from __future__ import annotations

import math

import cv2
import numpy as np


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    """Pearson correlation of two equal-length series; NaN when either is constant."""
    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 3:
        return math.nan
    a, b = a[ok] - a[ok].mean(), b[ok] - b[ok].mean()
    den = math.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b / den) if den > 1e-12 else math.nan


def lagged_correlations(pred: np.ndarray, real: np.ndarray, max_lag: int = 5) -> dict[int, float]:
    """Correlation of ``pred[t + lag]`` with ``real[t]`` for lag in [-max_lag, max_lag].

    A positive peak lag means the rendered mouth moves *later* than the real one.
    """
    n = min(len(pred), len(real))
    out: dict[int, float] = {}
    for lag in range(-max_lag, max_lag + 1):
        if lag >= 0:
            out[lag] = pearson(pred[lag:n], real[: n - lag])
        else:
            out[lag] = pearson(pred[: n + lag], real[-lag:n])
    return out


def peak_lag(correlations: dict[int, float]) -> int:
    """The lag with the highest correlation (0 when all are NaN)."""
    best = [(c, -abs(lag), lag) for lag, c in correlations.items() if math.isfinite(c)]
    return max(best)[2] if best else 0


def lip_landmark_distance(lips_a: np.ndarray, lips_b: np.ndarray) -> float:
    """LMD: mean Euclidean distance between corresponding lip points, in IOD units.

    ``lips_*``: (N, P, 2) lip landmarks in each frame's own canonical face frame (not
    re-centred: a mouth drawn in the wrong place counts as wrong). Frames with NaN are
    skipped.
    """
    d = np.linalg.norm(np.asarray(lips_a, np.float64) - np.asarray(lips_b, np.float64), axis=-1)
    per_frame = d.mean(axis=1)
    per_frame = per_frame[np.isfinite(per_frame)]
    return float(per_frame.mean()) if len(per_frame) else math.nan


def frame_change(regions: np.ndarray, found: np.ndarray) -> float:
    """Mean absolute grey-level change of a region between consecutive frames.

    ``regions``: (N, h, w, 3) BGR crops cut in each frame's own canonical face frame, so
    head motion is taken out and what is left is the mouth moving (plus tracker and
    codec noise). Pairs where either frame has no face are skipped. Measured on real video
    it is the natural motion of the mouth; a renderer that flickers (or jumps between
    source frames) scores above it.
    """
    found = np.asarray(found, bool)
    pairs = np.flatnonzero(found[1:] & found[:-1])
    if len(pairs) == 0:
        return math.nan
    grey = [cv2.cvtColor(r, cv2.COLOR_BGR2GRAY).astype(np.int16) for r in regions]
    return float(np.mean([np.abs(grey[k + 1] - grey[k]).mean() for k in pairs]))


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    """Peak signal-to-noise ratio in dB of two uint8 images (inf when identical)."""
    mse = float(np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2))
    return math.inf if mse == 0 else 10 * math.log10(255.0**2 / mse)


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Structural similarity (Wang et al. 2004) on luma: 11x11 Gaussian window, sigma 1.5,
    K1 = 0.01, K2 = 0.03, averaged over the image."""
    if a.ndim == 3:
        a = cv2.cvtColor(a, cv2.COLOR_BGR2GRAY)
        b = cv2.cvtColor(b, cv2.COLOR_BGR2GRAY)
    x, y = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def blur(img: np.ndarray) -> np.ndarray:
        return cv2.GaussianBlur(img, (11, 11), 1.5)

    mx, my = blur(x), blur(y)
    sxx = blur(x * x) - mx * mx
    syy = blur(y * y) - my * my
    sxy = blur(x * y) - mx * my
    num = (2 * mx * my + c1) * (2 * sxy + c2)
    den = (mx * mx + my * my + c1) * (sxx + syy + c2)
    return float(np.mean(num / den))
