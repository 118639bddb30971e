"""The wizard's checks: one verdict per check, not just the first failure.

``studio avatar create`` stops at the first problem (``probe_video``, then
``check_samples``), which is right for a command but not for a person looking at a
checklist: she wants to see that the light is fine and the face too small, together.
So this module measures once and judges every check against the engine's own limits
(the constants of ``studio.avatar.checks`` and ``probe``), then asks the engine's
checks for the final word, so the wizard can never pass a video that creation would
refuse. No Qt here; the page turns keys and numbers into translated sentences.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.core.errors import StudioError
from studio.core.framing import suits_vertical

OK, WARN, FAIL, SKIPPED = "ok", "warn", "fail", "skipped"
GOOD_DURATION_S = 45.0  # shorter works, about a minute is better

VIDEO_CHECKS = (
    "file",
    "length",
    "framing",
    "face",
    "one_face",
    "face_size",
    "sharpness",
    "light",
    "facing",
)
PHOTO_CHECKS = ("file", "face", "one_face", "face_size", "sharpness", "light", "facing")
VIDEO_SUFFIXES = (".mp4", ".mov", ".mkv", ".webm", ".m4v", ".avi", ".flv")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp")


@dataclass(frozen=True)
class Verdict:
    """One check. ``value``: the measurement (seconds, share, sharpness, brightness, degrees,
    counts), ``limit``: the bound it was judged against; ``detail``/``hint``: the engine's
    words where it refused."""

    key: str
    status: str
    value: float | None = None
    limit: float | None = None
    detail: str = ""
    hint: str = ""


@dataclass(frozen=True)
class CheckReport:
    kind: str  # "video" | "photo"
    path: Path
    verdicts: tuple[Verdict, ...]
    duration_s: float = 0.0
    thumbnail: np.ndarray | None = None  # RGB, a sampled frame or the photo

    @property
    def passed(self) -> bool:
        return not any(v.status == FAIL for v in self.verdicts)

    @property
    def warnings(self) -> int:
        return sum(v.status == WARN for v in self.verdicts)

    def verdict(self, key: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.key == key), None)


def kind_of(path: Path) -> str:
    return "photo" if Path(path).suffix.lower() in PHOTO_SUFFIXES else "video"


def run_checks(
    path: Path, kind: str | None = None, progress: Callable[[int, int], None] | None = None
) -> CheckReport:
    """Every check on ``path`` (a talking video or a portrait photo)."""
    kind = kind or kind_of(path)
    report = progress or (lambda done, total: None)
    if kind == "photo":
        return _photo_checks(Path(path), report)
    return _video_checks(Path(path), report)


def _skipped(keys: tuple[str, ...], first: Verdict) -> tuple[Verdict, ...]:
    return (first, *(Verdict(k, SKIPPED) for k in keys if k != first.key))


def _video_checks(path: Path, report: Callable[[int, int], None]) -> CheckReport:
    from studio.avatar.checks import check_samples
    from studio.avatar.create import SAMPLE_COUNT
    from studio.avatar.probe import MIN_DURATION_S, check_duration, probe_video
    from studio.avatar.video_io import sample_frames, work_size

    report(0, 3)
    try:
        info = probe_video(path, allow_short=True)
    except StudioError as exc:
        bad = Verdict("file", FAIL, detail=exc.message, hint=exc.hint)
        return CheckReport("video", path, _skipped(VIDEO_CHECKS, bad))
    verdicts = [Verdict("file", OK)]
    d = info.duration_s
    try:
        check_duration(info)
        status = WARN if d < GOOD_DURATION_S else OK
        verdicts.append(Verdict("length", status, d, GOOD_DURATION_S))
    except StudioError as exc:
        verdicts.append(Verdict("length", FAIL, d, MIN_DURATION_S, exc.message, exc.hint))
    # Framing: a square or landscape clip is shown whole in a vertical room, not full-screen.
    upright = suits_vertical((info.width, info.height))
    verdicts.append(
        Verdict("framing", OK if upright else WARN, detail=f"{info.width}x{info.height}")
    )
    report(1, 3)
    size = work_size(info.width, info.height)
    try:
        samples = sample_frames(info, size, SAMPLE_COUNT)
    except StudioError as exc:
        bad = Verdict("face", FAIL, detail=exc.message, hint=exc.hint)
        rest = tuple(Verdict(k, SKIPPED) for k in VIDEO_CHECKS[4:])
        return CheckReport("video", path, (*verdicts, bad, *rest), d)
    verdicts += _face_verdicts([s.rgb for s in samples], video=True)
    report(2, 3)
    if not any(v.status == FAIL for v in verdicts):
        try:  # the engine's own checks have the last word
            check_samples(samples)
        except StudioError as exc:
            verdicts.append(Verdict("overall", FAIL, detail=exc.message, hint=exc.hint))
    report(3, 3)
    middle = samples[len(samples) // 2].rgb
    return CheckReport("video", path, tuple(verdicts), d, middle)


def _photo_checks(path: Path, report: Callable[[int, int], None]) -> CheckReport:
    from studio.avatar.create_photo import read_photo
    from studio.avatar.photo import check_portrait

    report(0, 2)
    try:
        rgb = check_portrait(read_photo(path))
    except StudioError as exc:
        bad = Verdict("file", FAIL, detail=exc.message, hint=exc.hint)
        return CheckReport("photo", path, _skipped(PHOTO_CHECKS, bad))
    report(1, 2)
    verdicts = [Verdict("file", OK), *_face_verdicts([rgb], video=False)]
    report(2, 2)
    return CheckReport("photo", path, tuple(verdicts), thumbnail=rgb)


def _face_verdicts(images: list[np.ndarray], *, video: bool) -> list[Verdict]:
    """Face found, one person, size, sharpness, light and facing, on sampled images.

    A photo avatar is only refused for no face or several faces (as the engine does);
    its other shortcomings are warnings.
    """
    import cv2

    from studio.avatar import checks as C
    from studio.avatar.geometry import head_pose
    from studio.avatar.landmarks import FaceFinder

    with FaceFinder(max_faces=4) as finder:
        faces = [finder.find(img) for img in images]
    grays = [cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) for img in images]
    n = len(images)
    found = [i for i, f in enumerate(faces) if f]
    hard = FAIL if video else WARN
    out: list[Verdict] = []
    need = math.ceil(C.MIN_FOUND_FRAC * n) if video else 1
    if len(found) < need:
        out.append(Verdict("face", FAIL, len(found), n))
        after_face = VIDEO_CHECKS[VIDEO_CHECKS.index("face") + 1 :]
        return out + [Verdict(k, SKIPPED) for k in after_face]
    out.append(Verdict("face", OK if len(found) == n else WARN, len(found), n))

    def second(fs: list[np.ndarray]) -> bool:
        return len(fs) >= 2 and bool(
            np.ptp(fs[1][:, 1]) >= C.SECOND_FACE_MIN_REL * np.ptp(fs[0][:, 1])
        )

    multi = sum(second(fs) for fs in faces)
    limit = max(1, math.ceil(C.MULTI_FACE_FRAC * n)) if video else 1
    out.append(Verdict("one_face", FAIL if multi >= limit else WARN if multi else OK, multi, n))

    metrics = [C.face_metrics(grays[i], faces[i][0]) for i in found]
    size = float(np.median([m.height_frac for m in metrics]))
    status = hard if size < C.MIN_FACE_FRAC else WARN if size < C.WARN_FACE_FRAC else OK
    out.append(Verdict("face_size", status, size, C.MIN_FACE_FRAC))
    blur = float(np.median([m.blur for m in metrics]))
    status = hard if blur < C.BLUR_ERROR else WARN if blur < C.BLUR_WARN else OK
    out.append(Verdict("sharpness", status, blur, C.BLUR_WARN))
    light = float(np.median([m.brightness for m in metrics]))
    if light < C.DARK_ERROR:
        status = hard
    elif light < C.DARK_WARN or light > C.BRIGHT_WARN:
        status = WARN
    else:
        status = OK
    out.append(Verdict("light", status, light, C.DARK_WARN))
    yaw = float(np.median(np.abs(head_pose(np.stack([faces[i][0] for i in found]))[:, 0])))
    out.append(Verdict("facing", WARN if yaw > C.YAW_WARN_DEG else OK, yaw, C.YAW_WARN_DEG))
    return out
