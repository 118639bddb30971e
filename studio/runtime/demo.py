"""`studio demo`: the main job end to end on the built-in portrait and pitch.

Portrait -> one-photo avatar; pitch -> eSpeak NG utterances with phoneme timelines ->
programme on the integer timeline -> mouth track -> frames (mouth, blinks, head sway,
subtitles, AI label) -> H.264/AAC MP4.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.core.errors import InputError
from studio.core.paths import assets_dir
from studio.core.progress import Progress, no_progress
from studio.core.timeline import SAMPLE_RATE
from studio.lipsync.trajectory import mouth_track
from studio.runtime.programme import Programme, build_programme
from studio.stream.file_writer import MediaFileWriter
from studio.stream.presets import VideoPreset, get_preset

log = logging.getLogger(__name__)

DEFAULT_PRESET = "vertical-720"


@dataclass(frozen=True)
class DemoResult:
    path: Path
    frames: int
    samples: int
    duration_s: float
    mouth_open: np.ndarray  # per frame, what the renderer was asked to do


def demo_portrait() -> np.ndarray:
    """The demo presenter: scikit-image's public-domain astronaut portrait (RGB)."""
    from skimage import data

    return data.astronaut()


def load_script_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a plain-text script."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot read script {path}: {exc.strerror}", hint="check the path"
        ) from exc
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if not lines:
        raise InputError(f"script {path} has no lines to speak", hint="write one sentence per line")
    return lines


def synthesize_programme(lines: list[str], seconds: float | None, progress: Progress) -> Programme:
    from studio.speech.espeak import EspeakEngine

    engine = EspeakEngine()
    utterances = []
    for i, line in enumerate(lines):
        progress("speech", i, len(lines))
        utterances.append(engine.synthesize(line, language="auto"))
    progress("speech", len(lines), len(lines))
    min_samples = round(seconds * SAMPLE_RATE) if seconds else 0
    return build_programme(utterances, min_samples=min_samples)


def render_programme(
    programme: Programme,
    out: Path,
    preset: VideoPreset,
    portrait_rgb: np.ndarray,
    progress: Progress = no_progress,
) -> DemoResult:
    """Render a programme with a one-photo avatar to a media file."""
    from studio.avatar.photo import build_photo_avatar
    from studio.render.motion import BlinkSchedule, HeadSway
    from studio.render.overlays import AILabel, Subtitles
    from studio.render.photo_renderer import MouthPose, PhotoAvatarRenderer

    fps = preset.fps
    progress("avatar", 0, 1)
    avatar = build_photo_avatar(portrait_rgb, preset.width, preset.height)
    renderer = PhotoAvatarRenderer(avatar)
    label = AILabel(preset.width, preset.height)
    subtitles = Subtitles(preset.width, preset.height)
    blinks, sway = BlinkSchedule(fps), HeadSway(fps)
    progress("avatar", 1, 1)

    track = mouth_track(programme.phonemes, programme.num_samples, fps)
    n_frames = len(track)
    speaking = _speaking_envelope(track.open)
    with MediaFileWriter(out, preset) as writer:
        for f in range(n_frames):
            mouth = MouthPose(open=float(track.open[f]), width=float(track.width[f]))
            frame = renderer.render(mouth, sway.pose(f, float(speaking[f])), blinks.amount(f))
            a, b = fps.frame_start_sample(f), fps.frame_start_sample(f + 1)
            subtitles.draw(frame, programme.text_at(a))
            label.draw(frame)
            writer.write_video(frame)
            pcm = programme.audio[a:b]
            if len(pcm) < b - a:  # the last frame may run past the audio: pad with silence
                pcm = np.concatenate([pcm, np.zeros(b - a - len(pcm), dtype=np.int16)])
            writer.write_audio(pcm)
            progress("render", f + 1, n_frames)
    return DemoResult(
        path=out,
        frames=n_frames,
        samples=writer.samples_written,
        duration_s=n_frames * fps.den / fps.num,
        mouth_open=track.open,
    )


def _speaking_envelope(open_track: np.ndarray, window: int = 12) -> np.ndarray:
    """0..1: how much the presenter is talking around each frame (drives nodding)."""
    active = (open_track > 0.03).astype(np.float32)
    k = np.ones(window, dtype=np.float32) / window
    return np.convolve(active, k, mode="same")


def run_demo(
    out: Path,
    seconds: float | None = None,
    preset_name: str = DEFAULT_PRESET,
    script: Path | None = None,
    progress: Progress = no_progress,
) -> DemoResult:
    """The whole demo: built-in portrait and pitch (or ``script``) to ``out``."""
    if seconds is not None and seconds <= 0:
        raise InputError("--seconds must be positive", hint="for example --seconds 25")
    preset = get_preset(preset_name)
    lines = load_script_lines(script or assets_dir() / "demo" / "pitch.txt")
    programme = synthesize_programme(lines, seconds, progress)
    log.info(
        "programme: %d utterances, %.1f s",
        len(programme.segments),
        programme.num_samples / SAMPLE_RATE,
    )
    return render_programme(programme, out, preset, demo_portrait(), progress)
