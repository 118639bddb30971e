"""From the raw per-frame pass to the tracks a clone keeps (smoothed, filled, derived).

Frames where the face was lost get landmarks interpolated from their neighbours (and
stay flagged in ``found``, so the loop and the mouth bank skip them); body keypoints
computed every few frames are interpolated to every frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.avatar import geometry as G
from studio.avatar.mouth import LIP_POINTS, open_and_width, rest_width
from studio.avatar.smoothing import smooth_landmarks
from studio.avatar.tracking import RawTracks
from studio.core.series import interpolate_missing


@dataclass
class Tracks:
    """Per-frame tracks of a video avatar (N frames)."""

    landmarks: np.ndarray  # (N, 478, 3) float32, pixels of the stored frames, smoothed
    found: np.ndarray  # (N,) bool: the face was seen (else interpolated)
    head_pose: np.ndarray  # (N, 6) float32: yaw, pitch, roll (deg), eye-mid x, y (px), IOD (px)
    eyes: np.ndarray  # (N, 2) float32: right/left lid gap / IOD
    mouth: np.ndarray  # (N, 3) float32: open, width (change from rest), width_abs
    to_canonical: np.ndarray  # (N, 2, 3) float32: image px -> canonical face frame
    lips: np.ndarray  # (N, 40, 2) float32: canonical lip points (order of mouth.LIP_POINTS)
    body: np.ndarray  # (N, 33, 3) float32: pose x, y (px), visibility; NaN if never found
    rest_width: float

    @property
    def n(self) -> int:
        return len(self.found)


def _interpolate_body(body: np.ndarray) -> np.ndarray:
    valid = ~np.isnan(body[:, 0, 0])
    if not valid.any():
        return body.astype(np.float32)
    return interpolate_missing(np.nan_to_num(body), valid)


def build_tracks(raw: RawTracks, fps: float, template: np.ndarray) -> Tracks:
    """Smooth, fill and derive every per-frame track from a raw pass."""
    found = raw.found
    pts = interpolate_missing(np.nan_to_num(raw.points), found)
    scale = float(np.median(G.interocular(pts[found]))) if found.any() else 1.0
    shape = G.normalise_shape(pts[int(np.argmax(found))]) if found.any() else np.zeros((478, 2))
    smooth = smooth_landmarks(pts, fps, shape, scale)
    to_canon = G.to_canonical(smooth, template)
    canon = G.apply_affine(to_canon, smooth[:, :, :2])
    open_, width_abs = open_and_width(canon)
    rest = rest_width(open_, width_abs, found)
    right, left = G.eye_centres(smooth)
    mid = (right + left) / 2
    iod = G.interocular(smooth)
    pose = np.concatenate([G.head_pose(smooth), mid, iod[:, None]], axis=1)
    return Tracks(
        landmarks=smooth.astype(np.float32),
        found=found,
        head_pose=pose.astype(np.float32),
        eyes=G.eye_openness(smooth),
        mouth=np.stack([open_, width_abs - rest, width_abs], axis=1).astype(np.float32),
        to_canonical=to_canon.astype(np.float32),
        lips=canon[:, LIP_POINTS].astype(np.float32),
        body=_interpolate_body(raw.body),
        rest_width=rest,
    )


def save_tracks(folder: Path, tracks: Tracks) -> None:
    """Write each track as its own .npy (FORMAT.md: tracks/)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, arr in (
        ("landmarks", tracks.landmarks),
        ("found", tracks.found.astype(bool)),
        ("head_pose", tracks.head_pose),
        ("eyes", tracks.eyes),
        ("mouth", tracks.mouth),
        ("to_canonical", tracks.to_canonical),
        ("body", tracks.body),
    ):
        np.save(folder / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
