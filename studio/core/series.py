"""Per-frame series helpers shared by the tracking and try-on stages."""

from __future__ import annotations

import numpy as np


def interpolate_missing(
    values: np.ndarray, valid: np.ndarray, dtype: type = np.float32
) -> np.ndarray:
    """Fill invalid rows of (N, ...) by linear interpolation in time (edges: nearest)."""
    out = np.array(values, dtype=dtype, copy=True)
    idx = np.flatnonzero(valid)
    if len(idx) == 0 or len(idx) == len(valid):
        return out
    missing = np.flatnonzero(~np.asarray(valid))
    flat = out.reshape(len(out), -1)
    for c in range(flat.shape[1]):
        flat[missing, c] = np.interp(missing, idx, flat[idx, c])
    return out
