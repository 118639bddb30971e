"""The cheap first look at a video: can it be read, what does it hold, how long is it.

Runs in well under a second on any length of file (container header plus one decoded
frame), so the user hears about an unusable file before minutes of work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from studio.core.errors import InputError
from studio.core.timeline import FrameRate

log = logging.getLogger(__name__)

MIN_DURATION_S = 20.0
MAX_DURATION_S = 600.0
ABSOLUTE_MIN_DURATION_S = 2.0  # even with allow_short: below this there is nothing to loop
MIN_FPS, MAX_FPS = 5.0, 120.0


@dataclass(frozen=True)
class VideoInfo:
    """What the probe found; sizes are as displayed (rotation applied)."""

    path: Path
    container: str
    video_codec: str
    audio_codec: str
    coded_width: int
    coded_height: int
    rotation: int  # degrees counter-clockwise to turn the coded picture upright: 0/90/180/270
    fps: FrameRate
    duration_s: float
    video_start_s: float
    audio_sample_rate: int
    audio_channels: int

    @property
    def width(self) -> int:
        return self.coded_height if self.rotation in (90, 270) else self.coded_width

    @property
    def height(self) -> int:
        return self.coded_width if self.rotation in (90, 270) else self.coded_height

    @property
    def frame_count(self) -> int:
        """Frames of the constant-rate timeline the clone is built on (estimate from duration)."""
        return max(1, round(self.duration_s * self.fps.num / self.fps.den))


def _unreadable(path: Path, why: str) -> InputError:
    return InputError(
        f"cannot read {path.name}: {why}",
        hint="check that the file is a complete video (MP4, MOV, MKV, WebM); re-export it "
        "from the phone or editor if it was cut off while copying",
    )


def _frame_rate(stream: av.video.stream.VideoStream) -> FrameRate:
    rate = stream.average_rate or stream.guessed_rate or stream.base_rate
    if not rate or not (MIN_FPS <= float(rate) <= MAX_FPS):
        raise InputError(
            f"the video's frame rate ({float(rate) if rate else 'unknown'} fps) is not usable",
            hint=f"use a video recorded at {MIN_FPS:.0f}-{MAX_FPS:.0f} fps (25 or 30 is ideal)",
        )
    rate = Fraction(rate).limit_denominator(1001)
    return FrameRate(rate.numerator, rate.denominator)


def normalise_rotation(degrees: float) -> int:
    """A display-matrix angle (counter-clockwise, -180..180) as 0/90/180/270."""
    return int(round(degrees / 90.0)) % 4 * 90


def _duration(container: av.container.InputContainer, stream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / 1_000_000
    return 0.0


def probe_video(path: Path, *, allow_short: bool = False) -> VideoInfo:
    """Open ``path`` and check streams and duration; InputError with a hint otherwise."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist", hint="check the path to the video file")
    if not path.is_file():
        raise InputError(f"{path} is not a file", hint="give the path to one video file")
    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError, UnicodeDecodeError) as exc:
        raise _unreadable(path, str(getattr(exc, "strerror", None) or exc)) from exc
    with container:
        if not container.streams.video:
            raise InputError(
                f"{path.name} has no video stream",
                hint="give a video of the presenter talking to the camera, not an audio file",
            )
        vs = container.streams.video[0]
        if not container.streams.audio:
            raise InputError(
                f"{path.name} has no audio stream",
                hint="record with the microphone on: the clone learns the presenter's voice "
                "and lip movements from the sound",
            )
        aus = container.streams.audio[0]
        fps = _frame_rate(vs)
        try:
            first = next(container.decode(vs))
        except (av.FFmpegError, StopIteration) as exc:
            raise _unreadable(path, "no video frame could be decoded") from exc
        duration = _duration(container, vs)
        start = float(first.time or 0.0)
        info = VideoInfo(
            path=path,
            container=container.format.name,
            video_codec=vs.codec_context.name,
            audio_codec=aus.codec_context.name,
            coded_width=first.width,
            coded_height=first.height,
            rotation=normalise_rotation(first.rotation or 0),
            fps=fps,
            duration_s=duration,
            video_start_s=start,
            audio_sample_rate=aus.sample_rate or 0,
            audio_channels=aus.channels or 0,
        )
    check_duration(info, allow_short=allow_short)
    log.info(
        "probe %s: %s/%s %dx%d rot %d, %.3f fps, %.1f s",
        path.name,
        info.container,
        info.video_codec,
        info.width,
        info.height,
        info.rotation,
        float(fps),
        duration,
    )
    return info


def check_duration(info: VideoInfo, *, allow_short: bool = False) -> None:
    d = info.duration_s
    if d > MAX_DURATION_S:
        raise InputError(
            f"the video is {d / 60:.1f} minutes long; at most {MAX_DURATION_S / 60:.0f} minutes can be cloned",
            hint="cut the clip to the best 1-2 minutes of talking to the camera",
        )
    if d < ABSOLUTE_MIN_DURATION_S:
        raise InputError(
            f"the video is only {d:.1f} s long",
            hint=f"record at least {MIN_DURATION_S:.0f} s (about a minute is best)",
        )
    if d < MIN_DURATION_S:
        if not allow_short:
            raise InputError(
                f"the video is only {d:.1f} s long; at least {MIN_DURATION_S:.0f} s are needed",
                hint="record about a minute of talking to the camera (--allow-short, for "
                "experts, builds from shorter clips with a weaker result)",
            )
        log.warning("building from a %.1f s clip (allow_short): expect visible repeats", d)
