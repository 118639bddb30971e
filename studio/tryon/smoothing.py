"""Temporal smoothing of per-base-frame fit targets, so a garment does not jitter.

The base frames are all known before the show, so the filter can look both ways: a
zero-phase Gaussian along the frame axis (no lag, unlike a live one-euro filter).
Frames where a value is missing are filled from their neighbours first.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter1d

from studio.core.series import interpolate_missing

SMOOTH_SECONDS = 0.08  # Gaussian sigma in time: removes tracker jitter, keeps real motion


def fill_missing(values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Rows of (N, ...) where ``valid`` is False, interpolated in time (edges: nearest)."""
    return interpolate_missing(values, valid, dtype=np.float64)


def smooth_track(values: np.ndarray, fps: float, seconds: float = SMOOTH_SECONDS) -> np.ndarray:
    """Zero-phase Gaussian smoothing along axis 0 (frames)."""
    sigma = seconds * fps
    if len(values) < 2 or sigma < 0.3:
        return np.asarray(values, dtype=np.float64)
    return gaussian_filter1d(np.asarray(values, dtype=np.float64), sigma, axis=0, mode="nearest")
