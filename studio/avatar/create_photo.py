"""`studio avatar create --photo IMAGE`: the one-photo avatar in the package format.

A photo avatar is a one-frame package of kind "photo": the portrait (EXIF orientation
applied, long side capped), its face landmarks and head pose, a person mask and body
keypoints. It has no audio, mouth bank, base loop or voice reference; the photo
renderer animates it (``Avatar.photo_avatar``).
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import cv2
import numpy as np

from studio import __version__
from studio.avatar.blobstore import jpeg_writer
from studio.avatar.checks import face_metrics
from studio.avatar.create import CreateResult, file_sha256
from studio.avatar.geometry import canonical_template
from studio.avatar.landmarks import FaceMeshDetector, _import_mediapipe
from studio.avatar.manifest import Manifest, write_manifest
from studio.avatar.names import avatar_dir, validate_name
from studio.avatar.photo import MIN_SOURCE_SIDE, check_portrait
from studio.avatar.store import building, check_free
from studio.avatar.tracking import POSE_POINTS, RawTracks
from studio.avatar.tracks import build_tracks, save_tracks
from studio.avatar.video_io import MAX_LONG_SIDE, work_size
from studio.core.errors import FaceNotFoundError, InputError
from studio.core.progress import Progress, no_progress
from studio.core.quiet import native_stderr_quiet

PHOTO_JPEG_QUALITY = 95
MASK_LONG = 512


def read_photo(path: Path) -> np.ndarray:
    """RGB pixels of an image file, turned upright by its EXIF orientation."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            im = ImageOps.exif_transpose(im)
            return np.asarray(im.convert("RGB"))
    except FileNotFoundError as exc:
        raise InputError(f"{path} does not exist", hint="check the path to the photo") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(
            f"cannot read {Path(path).name} as an image", hint="use a JPEG or PNG photo"
        ) from exc


def create_from_photo(
    image: Path, name: str, *, force: bool = False, progress: Progress = no_progress
) -> CreateResult:
    """Store a portrait as a photo avatar ``name``."""
    t0 = time.perf_counter()
    validate_name(name)
    check_free(name, force)
    progress("check", 0, 1)
    rgb = check_portrait(read_photo(Path(image)))
    w, h = work_size(rgb.shape[1], rgb.shape[0], MAX_LONG_SIDE)
    if (w, h) != (rgb.shape[1], rgb.shape[0]):
        rgb = cv2.resize(rgb, (w, h), interpolation=cv2.INTER_AREA)
    with FaceMeshDetector(video=False, max_faces=4) as mesh:
        faces = mesh.detect(rgb)
    if not faces:
        raise FaceNotFoundError(
            "no face found in the photo",
            hint="use a well-lit, front-facing photo with the whole face visible",
        )
    if len(faces) > 1:
        raise FaceNotFoundError(
            f"{len(faces)} faces found; a portrait needs exactly one",
            hint="crop the photo so only the presenter is in it",
        )
    pts = faces[0]
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    metrics = face_metrics(gray, pts)
    progress("check", 1, 1)

    mp = _import_mediapipe()
    with building(name, force=force) as tmp:
        progress("track", 0, 1)
        with native_stderr_quiet():  # mediapipe's native log lines (studio.core.quiet)
            with mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0) as seg:
                prob = seg.process(rgb).segmentation_mask
            with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1) as pose:
                res = pose.process(rgb)
        body = np.full((1, POSE_POINTS, 3), np.nan, np.float32)
        if res.pose_landmarks is not None:
            body[0] = [(p.x * w, p.y * h, p.visibility) for p in res.pose_landmarks.landmark]
        template = canonical_template(pts[None, :, :2])
        raw = RawTracks(
            points=pts[None],
            found=np.array([True]),
            body=body,
            to_crop=np.zeros((1, 2, 3)),
            thumbs=np.zeros((1, 1, 1), np.uint8),
        )
        tracks = build_tracks(raw, 25.0, template)
        save_tracks(tmp / "tracks", tracks)
        with jpeg_writer(tmp / "frames", "frames", PHOTO_JPEG_QUALITY) as frames:
            frames.add(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        scale = MASK_LONG / max(w, h)
        mask_size = (max(2, round(w * scale)), max(2, round(h * scale)))
        from studio.avatar.blobstore import png_writer

        with png_writer(tmp / "masks", "masks") as masks:
            masks.add(
                cv2.resize((prob * 255).astype(np.uint8), mask_size, interpolation=cv2.INTER_AREA)
            )
        progress("track", 1, 1)
        progress("save", 0, 1)
        manifest = Manifest(
            name=name,
            kind="photo",
            created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            studio_version=__version__,
            source={"file": Path(image).name, "sha256": file_sha256(Path(image))},
            fps=[25, 1],
            width=w,
            height=h,
            frame_count=1,
            settings={"max_long_side": MAX_LONG_SIDE, "min_source_side": MIN_SOURCE_SIDE},
            quality={
                "face_found_pct": 100.0,
                "face_size": round(metrics.height_frac, 4),
                "blur": round(metrics.blur, 1),
                "brightness": round(metrics.brightness, 1),
                "head_pose_deg": {
                    k: round(float(v), 2)
                    for k, v in zip(("yaw", "pitch", "roll"), tracks.head_pose[0, :3], strict=True)
                },
                "warnings": [],
            },
            contents={"masks": {"size": list(mask_size)}},
        )
        write_manifest(tmp, manifest)
        progress("save", 1, 1)
    return CreateResult(name, avatar_dir(name), manifest, time.perf_counter() - t0)
