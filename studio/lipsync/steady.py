"""Take the frame-to-frame wobble out of an audio-driven mouth, keeping its closures.

The audio model predicts every video frame's openness from its own window of sound, so
neighbouring frames wobble against each other by more than a real mouth moves in 1/30 s.
Rendered, a wobbling request is a mouth that twitches, and the retrieval renderer cuts to
another source frame to chase it (issue 20: the rendered mouth region changed 4.82 grey
levels per frame against the real video's 3.86). A short zero-phase Gaussian removes the
wobble without delay; alone it would also fill in closures (a p/b/m is a dip to closed
lips for a frame or two), so every frame at or under the closed level keeps its own
value: a closure is still reached on its frame.
"""

from __future__ import annotations

import numpy as np

from studio.lipsync.trajectory import MouthTrack, gaussian_kernel

# Measured on dfrf (cloned from the first 40 s, driven by the last 10 s, 30 fps; the
# renderer's selection as shipped before issue 20): rendered openness r 0.702 unsmoothed,
# 0.721 / 0.728 / 0.728 / 0.731 / 0.704 at sigma 23 / 33 / 50 / 66 / 90 ms, and the mouth
# region's change per frame 4.85 -> 4.76 / 4.56 / 4.31 / 4.20 / 4.30 grey levels; every
# closure frame stayed closed. With the renderer's hold of still mouths
# (``studio.render.mouth_select.SelectWeights.still``) 50 ms kept r highest.
STEADY_SIGMA_MS = 50.0


def steady_open(
    open_: np.ndarray, closed: float, fps: float, sigma_ms: float = STEADY_SIGMA_MS
) -> np.ndarray:
    """``open_`` (per frame at ``fps``) smoothed, frames at or under ``closed`` kept."""
    x = np.asarray(open_, np.float64)
    out = _smooth(x, fps, sigma_ms)
    shut = x <= closed
    out[shut] = x[shut]
    return out.astype(np.float32)


def steady_track(track: MouthTrack, closed: float, sigma_ms: float = STEADY_SIGMA_MS) -> MouthTrack:
    """``track`` with its openness steadied (``steady_open``) and its width smoothed alike."""
    fps = float(track.fps)
    return MouthTrack(
        track.fps,
        steady_open(track.open, closed, fps, sigma_ms),
        _smooth(np.asarray(track.width, np.float64), fps, sigma_ms).astype(np.float32),
        steady=True,
    )


def _smooth(x: np.ndarray, fps: float, sigma_ms: float) -> np.ndarray:
    if len(x) < 2 or sigma_ms <= 0:
        return x.copy()
    k = gaussian_kernel(sigma_ms * fps / 1000.0)
    r = len(k) // 2
    return np.convolve(np.pad(x, r, mode="edge"), k, mode="valid")
