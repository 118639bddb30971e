"""`studio demo`: the main job end to end on the built-in portrait and pitch.

Portrait -> one-photo avatar; pitch -> eSpeak NG utterances with phoneme timelines ->
programme on the integer timeline -> mouth track -> frames (mouth, blinks, head sway,
subtitles, AI label) -> H.264/AAC MP4.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.core.errors import InputError
from studio.core.paths import assets_dir
from studio.core.progress import Progress, no_progress
from studio.core.textfile import read_text_file
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.lipsync.trajectory import mouth_track
from studio.render.layers.subtitles import subtitle_at
from studio.render.still import SAMPLE_PRODUCT as DEMO_PRODUCT
from studio.runtime.programme import Programme, build_programme
from studio.stream.file_writer import MediaFileWriter
from studio.stream.presets import VideoPreset, get_preset
from studio.stream.stats import StreamStats

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
    text = read_text_file(path, "script")
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


class DemoShow:
    """The demo as a ``FrameSource``: any frame number -> picture and audio.

    With ``loop`` the programme repeats forever: its length is rounded up to a period
    of whole frames that also holds a whole number of samples, so frame ``f`` always
    gets exactly the audio of its slot and lips stay in sync on every pass.
    """

    def __init__(
        self, programme: Programme, preset: VideoPreset, portrait_rgb: np.ndarray, *, loop: bool
    ) -> None:
        from studio.render.motion import BlinkSchedule, HeadSway
        from studio.render.still import photo_renderer_for

        self.fps = fps = preset.fps
        self.programme = programme
        self.loop = loop
        self.compositor = demo_compositor(preset)
        self._renderer = photo_renderer_for(self.compositor, portrait_rgb)
        self._blinks, self._sway = BlinkSchedule(fps), HeadSway(fps)
        self.track = mouth_track(programme.phonemes, programme.num_samples, fps)
        n = len(self.track)
        self.frames = _loop_period(n, fps) if loop else n
        self._open = _pad(self.track.open, self.frames)
        self._width = _pad(self.track.width, self.frames)
        self._speaking = speaking_envelope(self._open)
        self._audio = _pad(programme.audio, fps.frame_start_sample(self.frames))

    def _slot(self, index: int) -> int:
        if self.loop:
            return index % self.frames
        return min(index, self.frames - 1)

    def video(self, index: int) -> np.ndarray:
        from studio.render.photo_renderer import MouthPose

        f = self._slot(index)
        mouth = MouthPose(open=float(self._open[f]), width=float(self._width[f]))
        # Blinks and sway follow the show's own frame number: they never repeat per loop.
        frame, matte = self._renderer.render_with_matte(
            mouth, self._sway.pose(index, float(self._speaking[f])), self._blinks.amount(index)
        )
        middle = self.fps.frame_start_sample(f) + self.fps.samples_in_frame(f) // 2
        seg = self.programme.segment_at(middle)
        subtitle = subtitle_at(seg.text, seg.words, middle - seg.start) if seg else None
        return self.compositor.compose(index, frame, matte, subtitle=subtitle, product=DEMO_PRODUCT)

    def audio(self, index: int) -> np.ndarray:
        if not self.loop and index >= self.frames:
            return np.zeros(self.fps.samples_in_frame(index), dtype=np.int16)
        f = self._slot(index)
        return self._audio[self.fps.frame_start_sample(f) : self.fps.frame_start_sample(f + 1)]


def demo_compositor(preset: VideoPreset):
    """The shipped room for the preset's orientation, at the preset's size."""
    from studio.render.compositor import Compositor
    from studio.render.scene import load_scene

    name = "douyin_vertical" if preset.vertical else "landscape_room"
    return Compositor(load_scene(assets_dir() / "scenes" / f"{name}.toml"), preset=preset)


def _loop_period(frames: int, fps: FrameRate) -> int:
    """The smallest multiple of the frame/sample cycle that is at least ``frames``."""
    cycle = fps.num // math.gcd(fps.num, SAMPLE_RATE * fps.den)
    return max(1, -(-frames // cycle)) * cycle


def _pad(values: np.ndarray, n: int) -> np.ndarray:
    if len(values) >= n:
        return values[:n]
    return np.concatenate([values, np.zeros(n - len(values), dtype=values.dtype)])


def render_programme(
    programme: Programme,
    out: Path,
    preset: VideoPreset,
    portrait_rgb: np.ndarray,
    progress: Progress = no_progress,
    reproducible: bool = False,
) -> DemoResult:
    """Render a programme with a one-photo avatar to a media file, as fast as it goes.

    ``reproducible``: the same programme gives the same bytes (``MediaFileWriter``; test
    fixtures built on the file want it).
    """
    progress("avatar", 0, 1)
    show = DemoShow(programme, preset, portrait_rgb, loop=False)
    progress("avatar", 1, 1)
    n_frames = show.frames
    with MediaFileWriter(out, preset, reproducible=reproducible) as writer:
        for f in range(n_frames):
            writer.write_video(show.video(f))
            writer.write_audio(show.audio(f))
            progress("render", f + 1, n_frames)
    return DemoResult(
        path=out,
        frames=n_frames,
        samples=writer.samples_written,
        duration_s=n_frames * preset.fps.den / preset.fps.num,
        mouth_open=show.track.open,
    )


def speaking_envelope(open_track: np.ndarray, window: int = 12) -> np.ndarray:
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


@dataclass(frozen=True)
class StreamPlan:
    """What ``studio demo --rtmp`` does: where to, how long, and what to keep."""

    url: str
    key: str | None = None
    seconds: float = 0.0  # 0: until stopped, looping the script
    preset_name: str = DEFAULT_PRESET
    script: Path | None = None
    record_dir: Path | None = None
    segment_s: float = 600.0
    retry_cap_s: float = 60.0


def stream_demo(
    plan: StreamPlan,
    stop: threading.Event | None = None,
    on_stats: Callable[[StreamStats], None] | None = None,
    stats_every_s: float = 5.0,
    progress: Progress = no_progress,
) -> StreamStats:
    """Stream the demo in real time to an RTMP ingest (and optionally record it)."""
    from studio.stream.encoder import Encoder, EncoderSettings
    from studio.stream.ingest import parse_ingest
    from studio.stream.output import Output
    from studio.stream.reconnect import RetrySchedule
    from studio.stream.recording import SegmentedRecorder
    from studio.stream.rtmp_output import RtmpOutput
    from studio.stream.streamer import Streamer

    if plan.seconds < 0:
        raise InputError("--seconds must not be negative", hint="0 streams until Ctrl-C")
    target = parse_ingest(plan.url, plan.key)
    preset = get_preset(plan.preset_name)
    lines = load_script_lines(plan.script or assets_dir() / "demo" / "pitch.txt")
    programme = synthesize_programme(lines, None, progress)
    progress("avatar", 0, 1)
    show = DemoShow(programme, preset, demo_portrait(), loop=True)
    progress("avatar", 1, 1)
    outputs: list[Output] = [
        RtmpOutput(target, retry=RetrySchedule(cap_s=max(2.0, plan.retry_cap_s)))
    ]
    if plan.record_dir is not None:
        outputs.append(SegmentedRecorder(plan.record_dir, segment_s=plan.segment_s, prefix="demo"))
    encoder = Encoder(EncoderSettings(preset))
    frames = preset.fps.frames_for_samples(round(plan.seconds * SAMPLE_RATE)) or None
    log.info("streaming the demo to %s (%s)", target.masked, "until stopped" if frames is None
             else f"{plan.seconds:g} s")  # fmt: skip
    try:
        return Streamer(show, encoder, outputs).run(
            frames=frames, stop=stop, on_stats=on_stats, stats_every_s=stats_every_s
        )
    finally:
        encoder.close()
