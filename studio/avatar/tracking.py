"""One pass over the video: face mesh, segmentation and body pose per frame.

The pass streams: each decoded frame is tracked and stored (JPEG frame, mask, mouth
crop, a small thumbnail for the loop graph) and then dropped, so memory does not grow
with the video. What it keeps per frame is small: raw landmarks, body keypoints and the
crop transform. Smoothing and everything derived from the whole track come after
(``tracks``), since they need the future as well as the past.

Settings trade speed for completeness: ``fast`` runs body pose on every 6th frame and
segmentation (at 256 px) on every 3rd, both interpolated between; ``high`` runs both on
every frame (segmentation at 512 px, masks stored at 512 px). Face mesh runs on every
frame in both: it is what the lips are made of.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from studio.avatar import landmarks as L
from studio.avatar.blobstore import BlobWriter, jpeg_writer, png_writer
from studio.avatar.checks import MAX_LOST_FRAC, FaceMetrics, face_metrics
from studio.avatar.geometry import fit_similarity
from studio.avatar.mouth import CROP_H, CROP_W, frame_to_crop
from studio.core.errors import FaceNotFoundError
from studio.core.progress import Progress
from studio.core.quiet import native_stderr_quiet

log = logging.getLogger(__name__)

THUMB_SHORT = 36  # thumbnail short side, for the loop graph's image distance
POSE_POINTS = 33  # mediapipe pose landmarks; 11/12 shoulders, 23/24 hips
METRICS_EVERY = 5


@dataclass(frozen=True)
class TrackSettings:
    """How much work per frame; see the module docstring."""

    pose_stride: int = 6
    seg_stride: int = 3
    seg_input_long: int = 256
    mask_long: int = 256
    jpeg_quality: int = 92

    @classmethod
    def for_quality(cls, quality: str) -> TrackSettings:
        if quality == "high":
            return cls(pose_stride=1, seg_stride=1, seg_input_long=512, mask_long=512)
        return cls()


@dataclass
class RawTracks:
    """What the pass keeps per frame (N frames)."""

    points: np.ndarray  # (N, 478, 3) float32, NaN where the face was lost
    found: np.ndarray  # (N,) bool
    body: np.ndarray  # (N, 33, 3) x, y (px), visibility; NaN on frames not run
    to_crop: np.ndarray  # (N, 2, 3) frame px -> mouth crop px, as used for the crops
    thumbs: np.ndarray  # (N, th, tw) uint8 grey, lower face blanked
    metrics: list[tuple[int, FaceMetrics]] = field(default_factory=list)
    mask_size: tuple[int, int] = (0, 0)

    @property
    def n(self) -> int:
        return len(self.found)


def _scaled_size(w: int, h: int, long_side: int) -> tuple[int, int]:
    s = long_side / max(w, h)
    return max(2, round(w * s)), max(2, round(h * s))


class _MaskSequence:
    """Writes one mask per frame; frames without a computed mask get a blend of neighbours."""

    def __init__(self, writer: BlobWriter) -> None:
        self._writer = writer
        self._pending = 0
        self._prev: np.ndarray | None = None

    def add(self, mask: np.ndarray | None) -> None:
        if mask is None:
            self._pending += 1
            return
        if self._pending:
            prev = self._prev if self._prev is not None else mask
            gap = self._pending + 1
            for j in range(1, gap):
                w = j / gap
                self._writer.add(cv2.addWeighted(prev, 1 - w, mask, w, 0.0))
            self._pending = 0
        self._writer.add(mask)
        self._prev = mask

    def close(self) -> None:
        for _ in range(self._pending):
            assert self._prev is not None
            self._writer.add(self._prev)
        self._pending = 0


def _thumbnail(gray: np.ndarray, pts: np.ndarray | None, size: tuple[int, int]) -> np.ndarray:
    """A tiny grey frame with the lower face filled flat: the mouth must not count."""
    h, w = gray.shape[:2]
    small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    if pts is not None:
        sx, sy = size[0] / w, size[1] / h
        nose_y = pts[L.NOSE_TIP, 1]
        oval = pts[L.FACE_OVAL, :2]
        lower = np.concatenate([oval[oval[:, 1] >= nose_y], pts[[L.NOSE_TIP], :2]])
        hull = cv2.convexHull((lower * [sx, sy]).astype(np.float32)).astype(np.int32)
        cv2.fillConvexPoly(small, hull, 128)
    return small


class _Storer:
    """Encodes and writes what each frame leaves behind, on a worker thread.

    JPEG/PNG encoding and warps (cv2, which releases the GIL) then overlap with the
    mediapipe graphs on the main thread; on two cores this is most of the speed-up.
    Frames are handled strictly in order (one worker, FIFO).
    """

    def __init__(
        self,
        out_dir: Path,
        settings: TrackSettings,
        thumb_size: tuple[int, int],
        mask_size: tuple[int, int],
    ):
        self._frames = jpeg_writer(out_dir / "frames", "frames", settings.jpeg_quality)
        self._crops = jpeg_writer(out_dir / "mouth", "crops", settings.jpeg_quality)
        self._mask_writer = png_writer(out_dir / "masks", "masks")
        self._masks = _MaskSequence(self._mask_writer)
        self._thumb_size = thumb_size
        self._mask_size = mask_size
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studio-store")
        self._pending: deque[Future] = deque()
        self.thumbs: list[np.ndarray] = []
        self.metrics: list[tuple[int, FaceMetrics]] = []

    def submit(
        self,
        k: int,
        rgb: np.ndarray,
        pts: np.ndarray | None,
        crop_m: np.ndarray,
        prob: np.ndarray | None,
    ) -> None:
        self._pending.append(self._pool.submit(self._store, k, rgb, pts, crop_m, prob))
        while len(self._pending) > 8:
            self._collect(self._pending.popleft())

    def _collect(self, fut: Future) -> None:
        thumb, metric = fut.result()
        self.thumbs.append(thumb)
        if metric is not None:
            self.metrics.append(metric)

    def _store(
        self,
        k: int,
        rgb: np.ndarray,
        pts: np.ndarray | None,
        crop_m: np.ndarray,
        prob: np.ndarray | None,
    ):
        bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
        self._frames.add(bgr)
        crop = cv2.warpAffine(
            bgr, crop_m, (CROP_W, CROP_H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
        self._crops.add(crop)
        gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
        metric = (
            (k, face_metrics(gray, pts)) if pts is not None and k % METRICS_EVERY == 0 else None
        )
        if prob is None:
            self._masks.add(None)
        else:
            mask = (prob * 255).astype(np.uint8)
            self._masks.add(cv2.resize(mask, self._mask_size, interpolation=cv2.INTER_LINEAR))
        return _thumbnail(gray, pts, self._thumb_size), metric

    def finish(self) -> None:
        while self._pending:
            self._collect(self._pending.popleft())
        self._pool.shutdown(wait=True)
        self._close()

    def abort(self) -> None:
        for fut in self._pending:
            fut.cancel()
        self._pool.shutdown(wait=True)
        self._pending.clear()
        self._close()

    def _close(self) -> None:
        self._masks.close()
        for w in (self._frames, self._crops, self._mask_writer):
            w.close()


def track_frames(
    frames: Iterable[np.ndarray],
    *,
    expected: int,
    size: tuple[int, int],
    template: np.ndarray,
    crop: tuple[int, int, int, int] | None = None,
    out_dir: Path,
    settings: TrackSettings,
    progress: Progress,
) -> RawTracks:
    """Track and store every frame; FaceNotFoundError as soon as too many frames lose the face."""
    from studio.avatar.landmarks import FaceMeshDetector, _import_mediapipe

    mp = _import_mediapipe()
    w, h = size
    thumb_size = _scaled_size(w, h, round(THUMB_SHORT * max(w, h) / min(w, h)))
    seg_size = _scaled_size(w, h, settings.seg_input_long)
    mask_size = _scaled_size(w, h, settings.mask_long)
    max_lost = int(MAX_LOST_FRAC * expected)
    points: list[np.ndarray | None] = []
    body: list[np.ndarray] = []
    to_crop: list[np.ndarray] = []
    nan_points = np.full((478, 3), np.nan, np.float32)
    nan_body = np.full((POSE_POINTS, 3), np.nan, np.float32)
    last_crop = np.array([[1.0, 0, 0], [0, 1.0, 0]])
    lost = 0
    tmpl = template.astype(np.float64)
    cx0, cy0, cx1, cy1 = crop or (0, 0, w, h)
    offset = np.array([cx0, cy0, 0], dtype=np.float32)

    storer = _Storer(out_dir, settings, thumb_size, mask_size)
    mesh = FaceMeshDetector(video=True, max_faces=1)
    with native_stderr_quiet():  # the graphs log natively as they start (studio.core.quiet)
        seg = mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0)
        pose = mp.solutions.pose.Pose(
            static_image_mode=False, model_complexity=1, smooth_landmarks=True
        )
    segment, find_pose = L.QuietFirstCall(seg.process), L.QuietFirstCall(pose.process)
    ok = False
    try:
        for k, rgb in enumerate(frames):
            faces = mesh.detect(rgb[cy0:cy1, cx0:cx1])
            pts = faces[0] + offset if faces else None
            if pts is None:
                lost += 1
                points.append(None)
                if lost > max_lost:
                    raise FaceNotFoundError(
                        f"the face was lost in {lost} of the first {k + 1} frames (more than "
                        f"{MAX_LOST_FRAC:.0%} of the video's {expected})",
                        hint="keep the whole face in the picture and facing the camera; cut "
                        "parts where the presenter turns away or leaves",
                    )
            else:
                points.append(pts)
                last_crop = frame_to_crop(fit_similarity(pts[L.STABLE, :2], tmpl))
            to_crop.append(last_crop)
            prob = None
            if k % settings.seg_stride == 0:
                small = cv2.resize(rgb, seg_size, interpolation=cv2.INTER_AREA)
                prob = segment(small).segmentation_mask
            kp = nan_body
            if k % settings.pose_stride == 0:
                res = find_pose(rgb)
                if res.pose_landmarks is not None:
                    kp = np.array(
                        [(p.x * w, p.y * h, p.visibility) for p in res.pose_landmarks.landmark],
                        dtype=np.float32,
                    )
            body.append(kp)
            storer.submit(k, rgb, pts, last_crop, prob)
            if k % 5 == 0:
                progress("track", min(k + 1, expected), expected)
        storer.finish()
        ok = True
        n = len(points)
        progress("track", n, n)
    finally:
        if not ok:
            storer.abort()
        for closer in (mesh, seg, pose):
            closer.close()
        close_frames = getattr(frames, "close", None)
        if close_frames is not None:  # stop a decoding thread now, not when collected
            close_frames()
    if n == 0:
        raise FaceNotFoundError("the video has no frames", hint="re-export the video")
    found = np.array([p is not None for p in points], dtype=bool)
    return RawTracks(
        points=np.stack([p if p is not None else nan_points for p in points]),
        found=found,
        body=np.stack(body),
        to_crop=np.stack(to_crop),
        thumbs=np.stack(storer.thumbs),
        metrics=storer.metrics,
        mask_size=mask_size,
    )
