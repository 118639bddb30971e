"""Try-on for a one-photo avatar: body keypoints and silhouette found once on the plate."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from studio.core.progress import Progress, no_progress
from studio.core.timeline import FrameRate
from studio.tryon.asset import TryOnAsset
from studio.tryon.body import BodyTrack
from studio.tryon.layer import TRANSITION_MS, TryOnLayer
from studio.tryon.pose import pose_on_photo


def photo_track(
    plate_bgr: np.ndarray, face_points: np.ndarray, matte: np.ndarray | None = None
) -> BodyTrack:
    """A one-frame ``BodyTrack``: pose on the plate, and the person matte (computed when
    not given) to put the shoulders on the silhouette."""
    if matte is None:
        from studio.render.matte import person_matte

        matte = person_matte(plate_bgr)
    h, w = plate_bgr.shape[:2]
    return BodyTrack(
        face=np.asarray(face_points, dtype=np.float64)[None, :, :2],
        body=pose_on_photo(plate_bgr)[None],
        size=(w, h),
        masks=[matte],
    )


def photo_tryon_layer(
    plate_bgr: np.ndarray,
    face_points: np.ndarray,
    fps: FrameRate,
    assets: Sequence[TryOnAsset] = (),
    *,
    matte: np.ndarray | None = None,
    transition_ms: int = TRANSITION_MS,
    shading: float = 0.5,
    strict: bool = False,
    progress: Progress = no_progress,
) -> TryOnLayer:
    """A ``TryOnLayer`` for a one-photo avatar wearing ``assets``.

    ``strict``: raise when an asset cannot be worn (stills, checks); otherwise it is
    logged and left off (a live show).
    """
    track = photo_track(plate_bgr, face_points, matte)
    layer = TryOnLayer(
        track,
        fps,
        frames=lambda _k: plate_bgr,
        base=() if strict else assets,
        transition_ms=transition_ms,
        shading=shading,
        progress=progress,
    )
    if strict:
        for asset in assets:
            layer.wear(asset)
    return layer
