"""Is this video usable? Quick checks on ~16 sampled frames, before minutes of work.

Each failed check raises an InputError whose message says what is wrong and whose hint
says how to film it better; softer problems become warnings in the quality report.

Face size is measured against the frame's *shorter* side, not its height: the same
presenter at the same distance fills the same share of the shorter side in a vertical
phone video and a landscape one, while her share of the height differs by 16:9. The
vertical live-room clips in the shared media (upper body, 1080x1920) have faces of
12-16% of the frame height and 22-28% of the width.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from studio.avatar.geometry import canonical_template, head_pose
from studio.avatar.landmarks import FaceFinder
from studio.avatar.video_io import SampledFrame
from studio.core.errors import FaceNotFoundError, InputError

log = logging.getLogger(__name__)

MIN_FACE_FRAC = 0.15  # face height / shorter frame side: below this, an error
WARN_FACE_FRAC = 0.20
MIN_FOUND_FRAC = 0.5  # of sampled frames: below this, "no face"
MULTI_FACE_FRAC = 0.25  # of sampled frames with a second face: above this, an error
SECOND_FACE_MIN_REL = 0.3  # a second face counts when at least this fraction of the main one
MAX_LOST_FRAC = 0.10  # of all frames, judged while tracking
DARK_ERROR, DARK_WARN, BRIGHT_WARN = 40.0, 70.0, 225.0  # mean face luma, 0..255
BLUR_ERROR, BLUR_WARN = (
    6.0,
    15.0,
)  # Laplacian variance of the face at 256 px height (sigma-2 blur: ~3-5)
YAW_WARN_DEG = 25.0
METRIC_FACE_HEIGHT = 256


@dataclass(frozen=True)
class FaceMetrics:
    """Image quality of the face region of one frame."""

    height_frac: float  # face height / shorter frame side
    blur: float  # Laplacian variance at a fixed face size: higher is sharper
    brightness: float  # mean luma of the face, 0..255


def face_box(points: np.ndarray, w: int, h: int, pad: float = 0.1) -> tuple[int, int, int, int]:
    x0, y0 = points[:, :2].min(axis=0)
    x1, y1 = points[:, :2].max(axis=0)
    px, py = (x1 - x0) * pad, (y1 - y0) * pad
    return (
        max(0, int(x0 - px)),
        max(0, int(y0 - py)),
        min(w, int(math.ceil(x1 + px))),
        min(h, int(math.ceil(y1 + py))),
    )


def face_metrics(gray: np.ndarray, points: np.ndarray) -> FaceMetrics:
    """Size, sharpness and brightness of the face whose landmarks are ``points``."""
    h, w = gray.shape[:2]
    x0, y0, x1, y1 = face_box(points, w, h)
    face_h = float(points[:, 1].max() - points[:, 1].min())
    crop = gray[y0:y1, x0:x1]
    if crop.size == 0:
        return FaceMetrics(face_h / min(w, h), 0.0, 0.0)
    scale = METRIC_FACE_HEIGHT / max(1, crop.shape[0])
    norm = cv2.resize(
        crop,
        (max(1, round(crop.shape[1] * scale)), METRIC_FACE_HEIGHT),
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
    )
    blur = float(cv2.Laplacian(norm, cv2.CV_32F).var())
    return FaceMetrics(face_h / min(w, h), blur, float(crop.mean()))


@dataclass
class SampleReport:
    """What the quick checks saw; the template seeds the canonical face frame."""

    samples: int
    found: int
    multi: int
    face_frac: float
    blur: float
    brightness: float
    yaw_deg: float
    template: np.ndarray  # (9, 2) canonical STABLE points
    crop: tuple[int, int, int, int]  # (x0, y0, x1, y1) where to look for the face while tracking
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "samples": self.samples,
            "face_found_samples": self.found,
            "two_face_samples": self.multi,
            "face_size": round(self.face_frac, 4),
            "blur": round(self.blur, 2),
            "brightness": round(self.brightness, 1),
            "yaw_deg": round(self.yaw_deg, 1),
        }


def check_samples(samples: Sequence[SampledFrame]) -> SampleReport:
    """Run every per-frame check on the sampled frames; raise the first failure."""
    faces_per: list[list[np.ndarray]] = []
    with FaceFinder(max_faces=4) as finder:
        for s in samples:
            faces_per.append(finder.find(s.rgb))
    grays = [cv2.cvtColor(s.rgb, cv2.COLOR_RGB2GRAY) for s in samples]
    n = len(samples)
    main = [f[0] if f else None for f in faces_per]
    found = [i for i, f in enumerate(main) if f is not None]
    metrics = {i: face_metrics(grays[i], main[i]) for i in found}
    brightness = [
        metrics[i].brightness if i in metrics else float(grays[i].mean()) for i in range(n)
    ]
    med_bright = float(np.median(brightness))
    if med_bright < DARK_ERROR:
        raise InputError(
            f"the video is too dark (face brightness {med_bright:.0f} of 255)",
            hint="film with the face well lit: face a window or a ring light, avoid back light",
        )
    if len(found) < MIN_FOUND_FRAC * n:
        raise FaceNotFoundError(
            f"no face found in {n - len(found)} of {n} sampled frames",
            hint="the presenter must face the camera, close enough and with the whole face "
            "visible for the whole clip (no masks, hands or hair over it)",
        )

    def _second_face(fs: list[np.ndarray]) -> bool:
        if len(fs) < 2:
            return False
        return bool(np.ptp(fs[1][:, 1]) >= SECOND_FACE_MIN_REL * np.ptp(fs[0][:, 1]))

    multi = sum(_second_face(fs) for fs in faces_per)
    if multi >= max(1, math.ceil(MULTI_FACE_FRAC * n)):
        raise FaceNotFoundError(
            f"more than one face: a second face is in {multi} of {n} sampled frames",
            hint="film the presenter alone; crop other people and faces on posters or screens out",
        )
    frac = float(np.median([metrics[i].height_frac for i in found]))
    if frac < MIN_FACE_FRAC:
        raise FaceNotFoundError(
            f"the face is too small: {frac:.0%} of the frame's shorter side "
            f"(at least {MIN_FACE_FRAC:.0%} is needed)",
            hint="film closer: head and shoulders, or upper body as in a live room",
        )
    blur = float(np.median([metrics[i].blur for i in found]))
    if blur < BLUR_ERROR:
        raise InputError(
            f"the face is too blurred (sharpness {blur:.0f}, at least {BLUR_ERROR:.0f} is needed)",
            hint="focus on the face (tap it on the phone), hold the camera still, use more light",
        )
    pts3d = np.stack([main[i] for i in found])
    yaw = float(np.median(np.abs(head_pose(pts3d)[:, 0])))
    warnings = []
    if len(found) < n:
        warnings.append(f"no face in {n - len(found)} of {n} sampled frames")
    if frac < WARN_FACE_FRAC:
        warnings.append(f"the face is small ({frac:.0%} of the shorter side); closer is better")
    if blur < BLUR_WARN:
        warnings.append(f"the face is soft (sharpness {blur:.0f}); the mouth may look blurred")
    if med_bright < DARK_WARN:
        warnings.append(f"the light is low (face brightness {med_bright:.0f} of 255)")
    elif med_bright > BRIGHT_WARN:
        warnings.append(f"the face is overexposed (brightness {med_bright:.0f} of 255)")
    if yaw > YAW_WARN_DEG:
        warnings.append(f"the head is turned away ({yaw:.0f} degrees); face the camera")
    for w in warnings:
        log.warning("input check: %s", w)
    return SampleReport(
        samples=n,
        found=len(found),
        multi=multi,
        face_frac=frac,
        blur=blur,
        brightness=med_bright,
        yaw_deg=yaw,
        template=canonical_template(pts3d[:, :, :2]),
        crop=tracking_crop(pts3d, samples[0].rgb.shape[1], samples[0].rgb.shape[0]),
        warnings=warnings,
    )


def tracking_crop(faces: np.ndarray, w: int, h: int) -> tuple[int, int, int, int]:
    """The part of the frame the face stays in, with a margin of one face height.

    Face mesh re-finds a lost face with a short-range detector that misses small faces
    in a large frame; tracking inside this fixed crop keeps the face large for it. The
    crop is fixed for the whole video (mediapipe tracks in the crop's coordinates).
    """
    x0, y0 = faces[:, :, 0].min(), faces[:, :, 1].min()
    x1, y1 = faces[:, :, 0].max(), faces[:, :, 1].max()
    face_h = float(np.median(np.ptp(faces[:, :, 1], axis=1)))
    m = 1.0 * face_h
    box = (
        max(0, int(x0 - m)),
        max(0, int(y0 - m)),
        min(w, int(math.ceil(x1 + m))),
        min(h, int(math.ceil(y1 + m))),
    )
    if (box[2] - box[0]) * (box[3] - box[1]) > 0.7 * w * h:
        return (0, 0, w, h)
    return box
