"""Landmark smoothing that removes tracker jitter without delaying the lips.

The rigid face (forehead, nose bridge, eye corners, upper oval) is smoothed with a
One-Euro filter (Casiez, Roussel, Vogel 2012), which adapts its cut-off to the speed of
each point: still points are smoothed hard, moving ones little. Run forward alone it
still lags a moving head a little, so the clone runs it forward and backward over the
whole track (the whole video is there) and averages the two: the causal and
anti-causal delays cancel and the result is zero-phase.

Lips, jaw, lids and irises are left as tracked: speech moves them at 4-8 Hz, close to
the Nyquist rate of 25-30 fps video, where any low-pass filter costs amplitude (a
mouth that no longer fully closes or opens) and a causal one costs time. Their tracker
jitter (~0.008 of the inter-ocular distance, measured) is far below their motion, and
the rigid points they are aligned by are the smoothed ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from studio.avatar import landmarks as L


@dataclass(frozen=True)
class OneEuroParams:
    min_cutoff: float  # Hz at rest
    beta: float  # cut-off increase per unit of speed (face units per second)
    d_cutoff: float = 1.0  # Hz, for the speed estimate


RIGID = OneEuroParams(min_cutoff=1.0, beta=2.0)  # residual shape of the rigid face
POSE = OneEuroParams(min_cutoff=1.0, beta=15.0)  # its rigid motion: fast moves pass


def _alpha(cutoff: np.ndarray | float, rate: float) -> np.ndarray | float:
    tau = 1.0 / (2 * np.pi * cutoff)
    return 1.0 / (1.0 + tau * rate)


def one_euro(
    x: np.ndarray, rate: float, min_cutoff: np.ndarray, beta: np.ndarray, d_cutoff: float = 1.0
) -> np.ndarray:
    """Causal One-Euro filter along axis 0 of ``x`` (T, P, D); per-point parameters (P,)."""
    out = np.empty_like(x, dtype=np.float64)
    prev = x[0].astype(np.float64)
    dprev = np.zeros(x.shape[1], dtype=np.float64)
    out[0] = prev
    a_d = _alpha(d_cutoff, rate)
    for t in range(1, len(x)):
        cur = x[t].astype(np.float64)
        speed = np.linalg.norm(cur - prev, axis=-1) * rate
        dprev = a_d * speed + (1 - a_d) * dprev
        a = _alpha(min_cutoff + beta * dprev, rate)[:, None]
        prev = a * cur + (1 - a) * prev
        out[t] = prev
    return out


def one_euro_two_sided(
    x: np.ndarray, rate: float, min_cutoff: np.ndarray, beta: np.ndarray, d_cutoff: float = 1.0
) -> np.ndarray:
    """Zero-phase One-Euro: the mean of a forward and a backward pass."""
    fwd = one_euro(x, rate, min_cutoff, beta, d_cutoff)
    bwd = one_euro(x[::-1], rate, min_cutoff, beta, d_cutoff)[::-1]
    return (fwd + bwd) / 2


def fast_points(shape: np.ndarray) -> np.ndarray:
    """Indices of points that move fast in speech or blinks: lips, jaw, lids, irises.

    ``shape`` is a canonical (478, 2) face; everything below the nose tip moves with the
    jaw and counts as fast.
    """
    below = np.flatnonzero(shape[:, 1] > shape[L.NOSE_TIP, 1])
    lids = L.RIGHT_EYE_UPPER + L.RIGHT_EYE_LOWER + L.LEFT_EYE_UPPER + L.LEFT_EYE_LOWER
    folds = L.RIGHT_EYE_UPPER_FOLD + L.LEFT_EYE_UPPER_FOLD
    iris = L.RIGHT_IRIS + L.LEFT_IRIS
    return np.unique(np.concatenate([below, L.LIPS_ALL, lids, folds, iris]).astype(int))


def _smooth_similarities(fits: np.ndarray, fps: float) -> np.ndarray:
    """Two-sided One-Euro on the (T, 2, 3) similarity parameters (shift, scale, angle).

    Speeds are in face units per second for all four (scale and angle as log-scale and
    radians, about the face's own size), so one set of parameters suits all.
    """
    a, b = fits[:, 0, 0], fits[:, 1, 0]
    params = np.stack(
        [fits[:, 0, 2], fits[:, 1, 2], np.log(np.hypot(a, b)), np.arctan2(b, a)], axis=1
    )
    ones = np.ones(1)
    smooth = one_euro_two_sided(
        params[:, None, :], fps, ones * POSE.min_cutoff, ones * POSE.beta, POSE.d_cutoff
    )[:, 0]
    s, th = np.exp(smooth[:, 2]), np.unwrap(smooth[:, 3])
    out = np.zeros_like(fits)
    out[:, 0, 0], out[:, 0, 1], out[:, 0, 2] = s * np.cos(th), -s * np.sin(th), smooth[:, 0]
    out[:, 1, 0], out[:, 1, 1], out[:, 1, 2] = s * np.sin(th), s * np.cos(th), smooth[:, 1]
    return out


def smooth_landmarks(points: np.ndarray, fps: float, shape: np.ndarray, scale: float) -> np.ndarray:
    """Smooth the rigid points of (T, 478, 3) landmark tracks in pixels; ``scale`` = IOD in px.

    The rigid points move together, so their motion is taken from a similarity fit of all
    of them per frame (hundreds of points: the fit averages tracker noise away, and a fit
    has no lag); what the fit does not explain (perspective as the head turns, tracker
    noise) is smoothed with the two-sided One-Euro filter. Depth (z) is smoothed directly.
    """
    from studio.avatar.geometry import apply_affine, fit_similarity

    if len(points) < 3:
        return points.astype(np.float32)
    fast = fast_points(shape)
    rigid = np.setdiff1d(np.arange(points.shape[1]), fast)
    out = points.astype(np.float32).copy()
    xy = points[:, rigid, :2].astype(np.float64) / scale  # face units: the same at any size
    ref = xy[len(xy) // 2]
    fits = fit_similarity(np.broadcast_to(ref, xy.shape), xy)
    fits = _smooth_similarities(fits, fps)
    moved = apply_affine(fits, np.broadcast_to(ref, xy.shape))
    ones = np.ones(len(rigid))
    residual = one_euro_two_sided(
        xy - moved, fps, ones * RIGID.min_cutoff, ones * RIGID.beta, RIGID.d_cutoff
    )
    out[:, rigid, :2] = (moved + residual) * scale
    z = points[:, rigid, 2:].astype(np.float64) / scale
    out[:, rigid, 2:] = (
        one_euro_two_sided(z, fps, ones * RIGID.min_cutoff, ones * RIGID.beta, RIGID.d_cutoff)
        * scale
    )
    return out
