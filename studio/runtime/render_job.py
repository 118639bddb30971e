"""`studio render`: an avatar speaking a text, a script or a recording, to a video file.

The offline twin of the live show: the same speech preparation (``prepared.speak`` /
``prepared.clip_item``), the same avatar drivers and the same compositor, written as fast as
the machine goes. Pieces are laid end to end on whole frames so every piece's mouth track
starts on a frame boundary and audio and video share one integer clock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from studio.core.errors import InputError
from studio.core.paths import assets_dir
from studio.core.progress import Progress, no_progress
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.lipsync.trajectory import MouthTarget, MouthTrack
from studio.lipsync.viseme import Viseme
from studio.render.layers.subtitles import subtitle_at
from studio.runtime.prepared import PreparedItem
from studio.runtime.programme import Programme, Segment
from studio.stream.file_writer import MediaFileWriter
from studio.stream.presets import VideoPreset, get_preset

log = logging.getLogger(__name__)

LEAD_S = 0.4  # silence before the first word and after the last: mouths start closed


@dataclass(frozen=True)
class RenderRequest:
    """Exactly one of ``text``, ``script``, ``audio``."""

    avatar: str
    out: Path
    text: str | None = None
    script: Path | None = None
    audio: Path | None = None
    preset: str = "vertical-720"
    scene: Path | None = None
    voice: str | None = None

    def __post_init__(self) -> None:
        given = [x for x in (self.text, self.script, self.audio) if x is not None]
        if len(given) != 1:
            raise InputError(
                "give exactly one of --text, --script, --audio",
                hint='e.g. studio render --avatar demo --text "大家好" -o out/hello.mp4',
            )
        if self.text is not None and not self.text.strip():
            raise InputError("--text is empty", hint="write what the avatar should say")


@dataclass(frozen=True)
class RenderResult:
    path: Path
    frames: int
    samples: int
    duration_s: float
    mouth: MouthTrack  # what the avatar was asked to show, per frame


@dataclass
class Talk:
    """Audio and mouth on whole frames, with the captions' place on the timeline."""

    fps: FrameRate
    audio: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))
    open: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    width: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    segments: list[Segment] = field(default_factory=list)

    @property
    def frames(self) -> int:
        return len(self.open)

    def append(self, item: PreparedItem) -> None:
        """Add a piece at the next frame boundary (its tail padded to a whole frame)."""
        start_frame = self.frames
        start = self.fps.frame_start_sample(start_frame)
        n = self.fps.frames_for_samples(item.num_samples)
        end = self.fps.frame_start_sample(start_frame + n)
        audio = np.zeros(end - start, np.int16)
        audio[: item.num_samples] = item.audio
        self.audio = np.concatenate([self.audio, audio])
        self.open = np.concatenate([self.open, _fit(item.mouth.open, n)])
        self.width = np.concatenate([self.width, _fit(item.mouth.width, n)])
        if item.text:
            self.segments.append(Segment(item.text, start, start + item.num_samples, item.words))

    def silence(self, seconds: float) -> None:
        from studio.runtime.prepared import silence_item

        self.append(silence_item("lead", round(seconds * SAMPLE_RATE), self.fps))

    def programme(self) -> Programme:
        return Programme(audio=self.audio, segments=list(self.segments))

    def track(self) -> MouthTrack:
        return MouthTrack(self.fps, self.open, self.width)


def _fit(values: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n, np.float32)
    out[: min(n, len(values))] = values[:n]
    return out


class AvatarVoice:
    """How an avatar turns text and recordings into audio plus a mouth in its own units."""

    def __init__(self, avatar, fps: FrameRate, voice: str | None = None) -> None:
        from studio.speech.engine import get_engine

        self.avatar = avatar  # a loaded video Avatar, or None for a photo avatar
        self.fps = fps
        self.voice = voice
        self.engine = get_engine("espeak")
        self.targets: dict[Viseme, MouthTarget] | None = (
            avatar.mouth_bank.viseme_targets() if avatar is not None else None
        )

    def say(self, text: str, pauses: tuple[tuple[int, int], ...] = ()) -> PreparedItem:
        from studio.runtime.prepared import speak

        return speak(
            self.engine, "render", text, pauses, self.fps, voice=self.voice, targets=self.targets
        )

    def recording(self, path: Path) -> PreparedItem:
        from studio.runtime.prepared import clip_item

        return clip_item("render", str(path), self.fps, avatar=self.avatar)


def build_talk(request: RenderRequest, voice: AvatarVoice, progress: Progress) -> Talk:
    """The audio and mouth the request asks for, on whole frames with lead-in and -out."""
    talk = Talk(voice.fps)
    talk.silence(LEAD_S)
    if request.audio is not None:
        progress("speech", 0, 1)
        talk.append(voice.recording(request.audio))
        progress("speech", 1, 1)
    elif request.text is not None:
        lines = [ln.strip() for ln in request.text.splitlines() if ln.strip()]
        for i, line in enumerate(lines):
            progress("speech", i, len(lines))
            talk.append(voice.say(line))
            if i + 1 < len(lines):
                talk.silence(0.3)
        progress("speech", len(lines), len(lines))
    else:
        _script_talk(request.script, voice, talk, progress)
    talk.silence(LEAD_S)
    return talk


def _script_talk(path: Path, voice: AvatarVoice, talk: Talk, progress: Progress) -> None:
    """A script file as `studio show` reads it: text items, pauses and recorded clips."""
    from studio.runtime.prepared import silence_item
    from studio.show.items import ItemKind
    from studio.show.markup import MissingFact, TemplateError, parse_template, render
    from studio.show.scriptfile import parse_script_file

    parsed = parse_script_file(Path(path))
    if parsed.problems:
        raise InputError(str(parsed.problems[0]), hint="fix the script file")
    items = [
        (s, i, it) for s, script in enumerate(parsed.scripts) for i, it in enumerate(script.items)
    ]
    if not items:
        raise InputError(f"{path} has no script items", hint="write one sentence per line")
    for k, (s, i, item) in enumerate(items):
        progress("speech", k, len(items))
        if item.kind is ItemKind.TEXT:
            try:
                spoken = render(parse_template(item.text), None, lambda name: None)
            except (MissingFact, TemplateError) as exc:
                line, col = parsed.position(s, i, getattr(exc, "offset", 0))
                raise InputError(
                    f"{path.name}:{line}:{col}: {exc}",
                    hint="product facts ({price}, {name}) are filled in by the show: queue it "
                    "with `studio show` or write the value in the text",
                ) from exc
            if spoken.text.strip():
                talk.append(voice.say(spoken.text, spoken.pauses))
        elif item.kind is ItemKind.PAUSE:
            talk.append(silence_item("pause", item.samples, voice.fps))
        elif item.kind is ItemKind.CLIP and item.clip is not None:
            talk.append(voice.recording(Path(item.clip.path)))
        else:
            log.info("line %d: %s is not rendered offline", item.line, item.describe())
    progress("speech", len(items), len(items))


def default_scene(preset: VideoPreset) -> Path:
    """A plain room: the presenter fills the frame, subtitles and the AI label only."""
    name = "plain_vertical" if preset.vertical else "plain_landscape"
    return assets_dir() / "scenes" / f"{name}.toml"


def render_request(request: RenderRequest, progress: Progress = no_progress) -> RenderResult:
    """Render the request to ``request.out``; returns what was written."""
    from studio.render.compositor import Compositor
    from studio.render.photo_renderer import MouthPose
    from studio.render.scene import load_scene
    from studio.runtime.demo import speaking_envelope
    from studio.runtime.open_avatar import open_avatar

    preset = get_preset(request.preset)
    compositor = Compositor(load_scene(request.scene or default_scene(preset)), preset=preset)
    progress("avatar", 0, 1)
    opened = open_avatar(request.avatar, compositor, preset.fps)
    progress("avatar", 1, 1)
    voice = AvatarVoice(opened.video_avatar, preset.fps, request.voice)
    talk = build_talk(request, voice, progress)
    track = talk.track()
    opened.driver.prepare(track, 0)
    programme = talk.programme()
    speaking = speaking_envelope(talk.open)
    fps, n = preset.fps, talk.frames
    try:
        with MediaFileWriter(request.out, preset) as writer:
            for f in range(n):
                frame, alpha = opened.driver.render(
                    f, MouthPose(float(talk.open[f]), float(talk.width[f])), float(speaking[f])
                )
                middle = fps.frame_start_sample(f) + fps.samples_in_frame(f) // 2
                seg = programme.segment_at(middle)
                subtitle = subtitle_at(seg.text, seg.words, middle - seg.start) if seg else None
                writer.write_video(compositor.compose(f, frame, alpha, subtitle=subtitle))
                writer.write_audio(
                    talk.audio[fps.frame_start_sample(f) : fps.frame_start_sample(f + 1)]
                )
                progress("render", f + 1, n)
    finally:
        compositor.close()
        opened.close()
    return RenderResult(request.out, n, writer.samples_written, n * fps.den / fps.num, track)
