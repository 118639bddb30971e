"""The cheap first look at a video: can it be read, what does it hold, how long is it.

Reads the container header, decodes one frame and reads the packets once without
decoding them (about disk speed, well under a second for a phone clip), so the user
hears about an unusable file before minutes of work.

The length is what the file *holds*, not what its header says: a faststart MP4 cut off
while copying keeps its header, which still claims the whole clip. The packet scan finds
where the data really ends, and after the full decode (while tracking) ``check_decoded``
judges the frames that really decoded, which also catches damage inside the file.
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
# The header's length vs what the file holds or decodes to: whole files agree within
# 0.1 s (phones, editors, our fixtures); a copy cut short falls seconds behind.
TRUNCATION_TOLERANCE_S = 0.5


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
    duration_s: float  # what the file holds (its video packets); at most the header's length
    video_start_s: float
    audio_sample_rate: int
    audio_channels: int
    header_duration_s: float  # what the container's header claims

    @property
    def truncated(self) -> bool:
        """The header claims more than the file holds: it was cut off."""
        return self.header_duration_s - self.duration_s > TRUNCATION_TOLERANCE_S

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


def _packet_spans(path: Path, video_index: int) -> tuple[float, float]:
    """Seconds of whole packets in the file: (video stream, longest stream). Demux only.

    Damaged packets (a cut mid-packet) do not count; a read error ends the scan there.
    """
    bounds: dict[int, tuple[int, int]] = {}
    try:
        with av.open(str(path)) as container:
            try:
                for packet in container.demux():
                    if packet.pts is None or packet.is_corrupt or not packet.size:
                        continue
                    i, end = packet.stream.index, packet.pts + (packet.duration or 0)
                    first, last = bounds.get(i, (packet.pts, end))
                    bounds[i] = (min(first, packet.pts), max(last, end))
            except av.FFmpegError as exc:
                log.debug("%s: the packets end early: %s", path.name, exc)
            seconds = {
                i: float((last - first) * container.streams[i].time_base)
                for i, (first, last) in bounds.items()
            }
    except (av.FFmpegError, OSError) as exc:  # it opened a moment ago: judge by the header
        log.debug("%s: packet scan failed: %s", path.name, exc)
        return 0.0, 0.0
    return seconds.get(video_index, 0.0), max(seconds.values(), default=0.0)


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
        header = _duration(container, vs)
        video_held, any_held = _packet_spans(path, vs.index)
        # Like with like: the video stream's own length, else the container's (all streams).
        held = video_held if vs.duration and vs.time_base else any_held
        duration = header
        if held and (header <= 0 or header - held > TRUNCATION_TOLERANCE_S):
            duration = video_held
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
            header_duration_s=header,
        )
    if info.truncated:
        log.warning(
            "%s: the header claims %.1f s, the file holds %.1f s", path.name, header, duration
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
    """Judge what the file holds; a cut-off file too short to use is called damaged."""
    d = info.duration_s
    if d > MAX_DURATION_S:
        raise InputError(
            f"the video is {d / 60:.1f} minutes long; at most {MAX_DURATION_S / 60:.0f} minutes can be cloned",
            hint="cut the clip to the best 1-2 minutes of talking to the camera",
        )
    if info.truncated and not long_enough(d, allow_short):
        raise damaged(d, info.header_duration_s)
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


def long_enough(seconds: float, allow_short: bool = False) -> bool:
    return seconds >= MIN_DURATION_S or (allow_short and seconds >= ABSOLUTE_MIN_DURATION_S)


def damaged(decoded_s: float, claimed_s: float) -> InputError:
    return InputError(
        f"the video file is damaged: it decodes to {decoded_s:.1f} s of the {claimed_s:.1f} s "
        "its header claims",
        hint="copy the file again or re-export it (a copy cut off early looks like this); "
        f"at least {MIN_DURATION_S:.0f} s must play",
    )


def damage_warning(decoded_s: float, claimed_s: float) -> str:
    return (
        f"the video file is damaged: it decodes to {decoded_s:.1f} s of the {claimed_s:.1f} s "
        "its header claims; the avatar is built from what decodes"
    )


def check_decoded(info: VideoInfo, frames: int, *, allow_short: bool = False) -> str | None:
    """After the full decode: judge the frames that really decoded, not the header.

    Damage the packet scan cannot see (data that does not decode) ends decoding early.
    Too little left: InputError. Enough: the warning for the quality report. None when
    the decode held what the probe expected (the probe has warned about a cut file).
    """
    decoded = frames * info.fps.den / info.fps.num
    if decoded >= info.duration_s - TRUNCATION_TOLERANCE_S:
        return None
    claimed = max(info.header_duration_s, info.duration_s)
    log.warning("%s: decoding ended at %.1f s of %.1f s", info.path.name, decoded, claimed)
    if not long_enough(decoded, allow_short):
        raise damaged(decoded, claimed)
    return damage_warning(decoded, claimed)
