"""What the encoder hands to outputs: packets on the show's integer timeline.

A packet is encoded once and may go to several outputs (RTMP, recording) at once, so it
is immutable and carries plain bytes and integers: video times are frame numbers, audio
times are sample numbers at 48 kHz. Each output turns these into its own timestamps
(an RTMP connection or a recording segment starts its own clock at 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from studio.core.timeline import SAMPLE_RATE, FrameRate

MediaKind = Literal["video", "audio"]


@dataclass(frozen=True, slots=True)
class EncodedPacket:
    """One encoded access unit. ``pts``/``dts``/``duration`` in frames or samples."""

    kind: MediaKind
    data: bytes
    pts: int
    dts: int
    duration: int
    keyframe: bool = False

    @property
    def is_video(self) -> bool:
        return self.kind == "video"


@dataclass(frozen=True)
class StreamConfig:
    """Everything an output needs to describe the encoded streams in its container.

    ``video_extradata`` holds the H.264 parameter sets (Annex B or avcC, as the encoder
    gave them); ``audio_extradata`` the AAC AudioSpecificConfig. The two templates are
    PyAV streams whose codec parameters match the encoders exactly; PyAV muxers copy
    them with ``add_stream_from_template``.
    """

    width: int
    height: int
    fps: FrameRate
    video_codec: str
    video_kbps: int
    video_extradata: bytes
    audio_kbps: int
    audio_extradata: bytes
    sample_rate: int = SAMPLE_RATE
    channels: int = 2
    gop_frames: int = 50
    video_template: Any = field(default=None, compare=False, repr=False)
    audio_template: Any = field(default=None, compare=False, repr=False)

    def packet_ms(self, packet: EncodedPacket, origin: int = 0) -> int:
        """Milliseconds (floor) of ``packet.dts - origin`` in its own unit; exact integers."""
        return self.units_to_ms(packet.kind, packet.dts - origin)

    def units_to_ms(self, kind: MediaKind, units: int) -> int:
        if kind == "video":
            return units * 1000 * self.fps.den // self.fps.num
        return units * 1000 // self.sample_rate

    def seconds(self, kind: MediaKind, units: int) -> float:
        """For reports only: never accumulate the result."""
        if kind == "video":
            return units * self.fps.den / self.fps.num
        return units / self.sample_rate


@dataclass(frozen=True)
class Origin:
    """Where one connection or segment starts on the show timeline: a video keyframe.

    ``audio`` is the first sample of that frame, so both streams start at the same
    instant and their relative timestamps stay in step however long it runs.
    """

    video: int
    audio: int

    @classmethod
    def at_frame(cls, frame: int, fps: FrameRate, sample_rate: int = SAMPLE_RATE) -> Origin:
        return cls(video=frame, audio=fps.frame_start_sample(frame, sample_rate))

    def of(self, packet: EncodedPacket) -> int:
        """The origin in the packet's own unit."""
        return self.video if packet.is_video else self.audio

    def includes(self, packet: EncodedPacket) -> bool:
        """Whether the packet starts at or after the origin (earlier audio is not sent)."""
        return packet.pts >= self.of(packet)
