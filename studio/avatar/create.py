"""`studio avatar create VIDEO`: a presenter's video -> an avatar package (DESIGN.md §4).

Stages (each reported to the progress callback by name):
probe (streams, duration) -> check (~16 sampled frames: face count, size, blur, light)
-> audio -> track (face mesh, segmentation, body pose; frames, masks and mouth crops
stored) -> smooth (landmarks, head pose, mouth parameters) -> mouth (PCA, viseme table)
-> loop (video-texture graph) -> voice (reference clip) -> lipsync (audio-to-mouth model
fine-tuned on the clip) -> save (manifest).
Everything after "check" is built in a temporary folder that becomes the avatar only
when complete.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from studio import __version__
from studio.avatar import mouth as M
from studio.avatar.audio import decode_audio
from studio.avatar.checks import SampleReport, check_samples
from studio.avatar.geometry import apply_affine
from studio.avatar.loop_graph import build_loop_graph
from studio.avatar.manifest import Manifest, write_manifest
from studio.avatar.names import avatar_dir, validate_name
from studio.avatar.probe import (
    MIN_DURATION_S,
    TRUNCATION_TOLERANCE_S,
    VideoInfo,
    check_decoded,
    damage_warning,
    probe_video,
)
from studio.avatar.quality import video_quality
from studio.avatar.store import building, check_free
from studio.avatar.tracking import TrackSettings, track_frames
from studio.avatar.tracks import Tracks, build_tracks, save_tracks
from studio.avatar.video_io import MAX_LONG_SIDE, iter_frames, prefetch, sample_frames, work_size
from studio.avatar.visemes import table_to_json, viseme_table
from studio.avatar.voice import pick_voice_reference
from studio.core.errors import InputError
from studio.core.framing import HeadBox, suits_vertical
from studio.core.progress import Progress, no_progress
from studio.core.timeline import SAMPLE_RATE
from studio.core.wav import write_wav
from studio.speech.voice_profile import estimate_profile

log = logging.getLogger(__name__)

QUALITIES = ("fast", "high")
SAMPLE_COUNT = 16


@dataclass(frozen=True)
class CreateOptions:
    """How to clone. ``allow_short`` is for experts (and for measuring short clips)."""

    quality: str = "fast"
    force: bool = False
    allow_short: bool = False
    max_long_side: int = MAX_LONG_SIDE

    def __post_init__(self) -> None:
        if self.quality not in QUALITIES:
            raise InputError(
                f"unknown quality {self.quality!r}", hint="use --quality fast or --quality high"
            )


@dataclass(frozen=True)
class CreateResult:
    name: str
    path: Path
    manifest: Manifest
    wall_s: float


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def framing_warning(size: tuple[int, int], tracks) -> str | None:
    """A warning when vertical rooms cannot show this clip full-screen (its aspect, or
    her head near an edge that covering the canvas would cut)."""
    pts = np.asarray(tracks.landmarks)[..., :2][np.asarray(tracks.found, bool)]
    head = None
    if len(pts):
        lo, hi = np.nanmin(pts, axis=(0, 1)), np.nanmax(pts, axis=(0, 1))
        head = HeadBox.of_face((lo[0], lo[1], hi[0], hi[1]), size)
    if suits_vertical(size, head):
        return None
    w, h = size
    return (
        f"the clip is {w}x{h}: a vertical (9:16) room shows the presenter whole over a "
        "blurred copy of the picture, not full-screen; film upright (9:16), head and "
        "shoulders, for a full-screen presenter"
    )


def _check(info: VideoInfo, size: tuple[int, int], progress: Progress) -> SampleReport:
    progress("check", 0, 2)
    samples = sample_frames(info, size, SAMPLE_COUNT)
    progress("check", 1, 2)
    report = check_samples(samples)
    progress("check", 2, 2)
    log.info("checks: %s; tracking crop %s", report.to_json(), report.crop)
    return report


def _save_mouth(folder: Path, tracks: Tracks, to_crop: np.ndarray) -> dict:
    """Mouth bank arrays beside the crops written while tracking; returns the viseme table."""
    folder.mkdir(parents=True, exist_ok=True)
    lips_px = apply_affine(to_crop.astype(np.float64), tracks.landmarks[:, M.LIP_POINTS, :2])
    np.save(folder / "to_crop.npy", to_crop.astype(np.float32), allow_pickle=False)
    np.save(folder / "lips.npy", lips_px.astype(np.float32), allow_pickle=False)
    pca = M.LipPCA.fit(tracks.lips, tracks.found)
    np.savez(folder / "pca.npz", mean=pca.mean, components=pca.components, explained=pca.explained)
    np.save(folder / "pca_coeffs.npy", pca.project(tracks.lips), allow_pickle=False)
    table = table_to_json(viseme_table(tracks.mouth[:, 0], tracks.mouth[:, 1], tracks.found))
    (folder / "visemes.json").write_text(json.dumps(table, indent=2), encoding="utf-8")
    return table


def create_from_video(
    video: Path,
    name: str,
    options: CreateOptions = CreateOptions(),
    progress: Progress = no_progress,
) -> CreateResult:
    """Clone the presenter in ``video`` into avatar ``name``; InputError on unusable input."""
    t0 = time.perf_counter()
    validate_name(name)
    check_free(name, options.force)
    progress("probe", 0, 1)
    info = probe_video(Path(video), allow_short=options.allow_short)
    progress("probe", 1, 1)
    size = work_size(info.width, info.height, options.max_long_side)
    checks = _check(info, size, progress)
    settings = TrackSettings.for_quality(options.quality)
    fps = float(info.fps)
    warnings = []
    if info.truncated:
        warnings.append(damage_warning(info.duration_s, info.header_duration_s))
    if info.duration_s < MIN_DURATION_S:
        warnings.append(f"built from a short clip ({info.duration_s:.1f} s, allow_short)")

    with building(name, force=options.force) as tmp:
        progress("audio", 0, 1)
        pcm, audio_error = decode_audio(info.path, info.video_start_s)
        write_wav(tmp / "audio.wav", pcm)
        if np.abs(pcm.astype(np.int32)).max(initial=0) < 300:
            warnings.append("the audio track is silent")
        progress("audio", 1, 1)

        raw = track_frames(
            prefetch(iter_frames(info, size)),
            expected=info.frame_count,
            size=size,
            template=checks.template,
            crop=checks.crop,
            out_dir=tmp,
            settings=settings,
            progress=progress,
        )
        decoded = check_decoded(info, raw.n, allow_short=options.allow_short)
        if decoded is not None:
            warnings.append(decoded)
        audio_s, video_s = len(pcm) / SAMPLE_RATE, raw.n / fps
        if audio_error and audio_s < video_s - TRUNCATION_TOLERANCE_S:  # damaged sound only
            warnings.append(
                f"the audio is damaged: it stops decoding at {audio_s:.1f} s of {video_s:.1f} s"
            )
        progress("smooth", 0, 1)
        tracks = build_tracks(raw, fps, checks.template)
        save_tracks(tmp / "tracks", tracks)
        np.save(
            tmp / "tracks" / "template.npy", checks.template.astype(np.float32), allow_pickle=False
        )
        progress("smooth", 1, 1)
        if (note := framing_warning(size, tracks)) is not None:
            warnings.append(note)

        progress("mouth", 0, 1)
        visemes = _save_mouth(tmp / "mouth", tracks, raw.to_crop)
        progress("mouth", 1, 1)

        progress("loop", 0, 1)
        graph, features = build_loop_graph(tracks, raw.thumbs, fps)
        graph.save(tmp / "loop")
        np.save(tmp / "loop" / "features.npy", features, allow_pickle=False)
        progress("loop", 1, 1)

        progress("voice", 0, 1)
        voice = pick_voice_reference(pcm)
        profile = None
        if voice is not None:
            write_wav(tmp / "voice_reference.wav", pcm[voice.start : voice.end])
            profile = estimate_profile(pcm[voice.start : voice.end])  # for voice-matched TTS
        progress("voice", 1, 1)

        # --- lipsync stage (studio.lipsync.finetune): fit audio -> mouth to this presenter
        from studio.lipsync.finetune import create_stage  # torch: only when cloning a video

        audio_mouth = create_stage(tmp, info.fps, progress, warnings)
        # --- end lipsync stage

        progress("save", 0, 1)
        quality = video_quality(checks, raw, tracks, graph, voice, warnings)
        if audio_mouth is not None:
            quality["audio_mouth"] = audio_mouth  # lipsync stage
        manifest = Manifest(
            name=name,
            kind="video",
            created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            studio_version=__version__,
            source={
                "file": info.path.name,
                "sha256": file_sha256(info.path),
                "container": info.container,
                "video_codec": info.video_codec,
                "audio_codec": info.audio_codec,
                "coded_size": [info.coded_width, info.coded_height],
                "rotation": info.rotation,
                "duration_s": round(info.duration_s, 3),
            },
            fps=[info.fps.num, info.fps.den],
            width=size[0],
            height=size[1],
            frame_count=raw.n,
            settings={
                "quality": options.quality,
                "allow_short": options.allow_short,
                "max_long_side": options.max_long_side,
                "pose_stride": settings.pose_stride,
                "segmentation_stride": settings.seg_stride,
                "segmentation_input_long_side": settings.seg_input_long,
                "jpeg_quality": settings.jpeg_quality,
            },
            quality=quality,
            contents={
                "audio": {"sample_rate": SAMPLE_RATE, "samples": int(len(pcm))},
                "masks": {"size": list(raw.mask_size)},
                "mouth_bank": {
                    "crop_size": [M.CROP_W, M.CROP_H],
                    "crop_px_per_unit": M.CROP_PX_PER_UNIT,
                    "crop_origin": list(M.CROP_ORIGIN),
                    "pca_components": int(M.PCA_COMPONENTS),
                    "visemes": sorted(visemes),
                },
                "voice_reference": voice is not None,
                **({"voice_profile": profile.to_json()} if profile is not None else {}),
            },
        )
        write_manifest(tmp, manifest)
        progress("save", 1, 1)
    wall = time.perf_counter() - t0
    path = avatar_dir(name)
    log.info(
        "avatar %s created in %.1f s (%.2f s per input second)",
        name,
        wall,
        wall / max(info.duration_s, 1e-9),
    )
    return CreateResult(name, path, manifest, wall)
