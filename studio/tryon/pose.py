"""Body keypoints for a one-photo avatar: mediapipe pose, once, on the plate.

Only ``model_complexity=1`` ships inside the mediapipe wheel; 0 and 2 try to download
their models and fail offline.
"""

from __future__ import annotations

import cv2
import numpy as np

from studio.core.errors import DependencyError

POSE_POINTS = 33


def pose_on_photo(image_bgr: np.ndarray) -> np.ndarray:
    """(33, 3) float32: x, y in pixels and visibility; all NaN when no body was found."""
    from studio.avatar.landmarks import _quiet_mediapipe

    _quiet_mediapipe()
    try:
        import mediapipe as mp
    except ImportError as exc:  # pragma: no cover - doctor reports it
        raise DependencyError("mediapipe is not installed", hint="run `make demo`") from exc
    h, w = image_bgr.shape[:2]
    rgb = cv2.cvtColor(image_bgr, cv2.COLOR_BGR2RGB)
    with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1) as pose:
        res = pose.process(rgb)
    if res.pose_landmarks is None:
        return np.full((POSE_POINTS, 3), np.nan, dtype=np.float32)
    return np.array(
        [(p.x * w, p.y * h, p.visibility) for p in res.pose_landmarks.landmark], dtype=np.float32
    )
