"""One-photo avatar: a portrait cropped and scaled to the output canvas, with its face.

This is the photo mode of the avatar (issue 2): everything the renderer needs is found
once here, so each frame is only a warp and a blend.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from studio.avatar.landmarks import FaceLandmarks, detect_single_face
from studio.core.errors import InputError

# Where the face goes on the canvas: its height as a fraction of the canvas height and
# the vertical position of its centre. Chosen like a live-room framing (head and torso).
FACE_HEIGHT_FRAC = 0.22
FACE_CENTER_Y_FRAC = 0.30
MIN_SOURCE_SIDE = 128


@dataclass(frozen=True)
class PhotoAvatar:
    """A portrait plate at canvas size (BGR) and the face landmarks on it.

    ``framing`` (scale, dx, dy): portrait pixel p lands at p * scale + (dx, dy) on the
    plate, so fits made on one framing can be drawn on another."""

    plate: np.ndarray  # uint8 (H, W, 3) BGR at canvas size
    face: FaceLandmarks
    framing: tuple[float, float, float] = (1.0, 0.0, 0.0)

    @property
    def size(self) -> tuple[int, int]:
        h, w = self.plate.shape[:2]
        return w, h


def _crop_box(
    img_w: int, img_h: int, face: FaceLandmarks, out_w: int, out_h: int, zoom: float = 1.0
) -> tuple[float, float, float]:
    """(x0, y0, scale) of the crop that frames the face on an out_w x out_h canvas
    (``zoom`` > 1: a close-up, the face that much larger)."""
    x0, y0, x1, y1 = face.bbox()
    face_h = y1 - y0
    scale = FACE_HEIGHT_FRAC * zoom * out_h / face_h
    scale = max(scale, out_h / img_h, out_w / img_w)  # the crop must lie inside the image
    crop_w, crop_h = out_w / scale, out_h / scale
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    left = float(np.clip(cx - crop_w / 2, 0, img_w - crop_w))
    top = float(np.clip(cy - FACE_CENTER_Y_FRAC * crop_h, 0, img_h - crop_h))
    return left, top, scale


def build_photo_avatar(image_rgb: np.ndarray, out_w: int, out_h: int) -> PhotoAvatar:
    """Detect the face in a portrait and frame it on an ``out_w`` x ``out_h`` canvas."""
    image_rgb = check_portrait(image_rgb)
    return frame_photo_avatar(image_rgb, detect_single_face(image_rgb), out_w, out_h)


def check_portrait(image_rgb: np.ndarray) -> np.ndarray:
    """The portrait as contiguous RGB; InputError when it is not a usable colour image."""
    if image_rgb.ndim != 3 or image_rgb.shape[2] not in (3, 4):
        raise InputError("the portrait must be a colour image", hint="use a JPEG or PNG photo")
    image_rgb = np.ascontiguousarray(image_rgb[:, :, :3])
    img_h, img_w = image_rgb.shape[:2]
    if min(img_w, img_h) < MIN_SOURCE_SIDE:
        raise InputError(
            f"the portrait is too small ({img_w}x{img_h})",
            hint=f"use a photo at least {MIN_SOURCE_SIDE} px on each side",
        )
    return image_rgb


def frame_photo_avatar(
    image_rgb: np.ndarray, face: FaceLandmarks, out_w: int, out_h: int, zoom: float = 1.0
) -> PhotoAvatar:
    """Frame a portrait whose face is already known (e.g. a stored avatar) on a canvas."""
    img_h, img_w = image_rgb.shape[:2]
    left, top, scale = _crop_box(img_w, img_h, face, out_w, out_h, zoom)
    m = np.array([[scale, 0, -left * scale], [0, scale, -top * scale]], dtype=np.float64)
    plate_rgb = cv2.warpAffine(
        image_rgb, m, (out_w, out_h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE
    )
    pts = face.points.astype(np.float64) * scale - [left * scale, top * scale]
    return PhotoAvatar(
        plate=plate_rgb[:, :, ::-1].copy(),
        face=FaceLandmarks(pts.astype(np.float32)),
        framing=(scale, -left * scale, -top * scale),
    )
