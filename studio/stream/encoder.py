"""Encode once, send many: H.264 + AAC-LC packets on the integer timeline.

One ``Encoder`` serves every output. Its codec contexts are opened with global headers
(parameter sets in extradata, what FLV and MP4 need) and belong to a never-written
``null`` muxer: ``start_encoding`` copies the opened encoders' exact parameters into
that muxer's streams, which then serve as templates for ``add_stream_from_template`` in
each output container. Frames are stamped in fixed ``1/fps`` and ``1/48000`` bases
(never a stream's time base, which muxers rewrite at header time).

Keyframes are forced on the timeline (every ``keyframe_s`` seconds of frame numbers)
and on request, so a new RTMP connection or recording segment starts within a frame.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import av
import cv2
import numpy as np
from av.codec.context import Flags
from av.video.frame import PictureType

from studio.core.errors import DependencyError
from studio.core.presets import VideoPreset
from studio.core.timeline import SAMPLE_RATE
from studio.stream.packets import EncodedPacket, StreamConfig

log = logging.getLogger(__name__)

AAC_FRAME = 1024  # samples per AAC-LC frame
SOFTWARE_H264 = "libx264"
HARDWARE_H264 = ("h264_nvenc",)
# BT.601 limited range: what cv2's BGR->I420 conversion produces; tagged so players
# do not assume BT.709 for HD sizes.
_BT601 = 6  # AVCOL_SPC/PRI/TRC_SMPTE170M
_LIMITED_RANGE = 1  # AVCOL_RANGE_MPEG


@dataclass(frozen=True)
class EncoderSettings:
    """How to encode a preset. ``hardware``: "auto" probes NVENC, "off" forces libx264.

    Live, x264 runs "ultrafast": at 720x1280@25 and 3000 kb/s it takes 5.9 ms of CPU a
    frame here (0.15 of a core; "superfast" 11.5 ms, "veryfast" 17.4 ms) for about 1 dB
    less PSNR on a talking presenter, which leaves a room under half a core; a room file
    may ask for more (``[room] x264_preset``). Offline files use "veryfast"
    (``MediaFileWriter``). See benchmarks/bench_stream.py.
    """

    preset: VideoPreset
    x264_preset: str = "ultrafast"
    threads: int = 0  # 0: let the encoder choose
    hardware: str = "auto"
    keyframe_s: int = 2

    @property
    def gop_frames(self) -> int:
        return max(1, round(self.keyframe_s * float(self.preset.fps)))


def _video_options(codec: str, settings: EncoderSettings) -> dict[str, str]:
    kbps = settings.preset.video_kbps
    common = {"maxrate": f"{kbps}k", "bufsize": f"{kbps * 2}k", "forced-idr": "1", "bf": "0"}
    if codec == SOFTWARE_H264:
        # zerolatency: no B-frames, no look-ahead: one packet out per frame in, dts == pts.
        return {**common, "preset": settings.x264_preset, "tune": "zerolatency",
                "sc_threshold": "0"}  # fmt: skip
    return {**common, "preset": "p4", "tune": "ll", "rc": "cbr", "zerolatency": "1"}


def _configure_video(ctx: av.VideoCodecContext, codec: str, settings: EncoderSettings) -> None:
    p = settings.preset
    ctx.width, ctx.height, ctx.pix_fmt = p.width, p.height, "yuv420p"
    ctx.time_base = 1 / p.fps.fraction
    ctx.framerate = p.fps.fraction
    ctx.bit_rate = p.video_kbps * 1000
    ctx.gop_size = settings.gop_frames
    ctx.colorspace = ctx.color_primaries = ctx.color_trc = _BT601
    ctx.color_range = _LIMITED_RANGE
    if settings.threads:
        ctx.thread_count = settings.threads
    ctx.flags |= Flags.global_header
    ctx.options = _video_options(codec, settings)


@lru_cache(maxsize=8)
def _hardware_works(codec: str, width: int, height: int) -> bool:
    """Open the hardware encoder and encode one frame; any failure means "not here"."""
    if codec not in av.codecs_available:
        return False
    try:
        ctx = av.CodecContext.create(codec, "w")
        probe = EncoderSettings(VideoPreset("probe", width, height))
        _configure_video(ctx, codec, probe)
        ctx.open()
        frame = av.VideoFrame(width, height, "yuv420p")
        frame.pts, frame.time_base = 0, ctx.time_base
        packets = ctx.encode(frame) + ctx.encode(None)
        return bool(packets)
    except Exception as exc:  # noqa: BLE001 - a driver can fail in many ways; all mean "no"
        log.info("%s is not usable here (%s); using %s", codec, exc, SOFTWARE_H264)
        return False


def choose_video_codec(settings: EncoderSettings) -> str:
    """The H.264 encoder to use: a working hardware one when allowed, else libx264."""
    if settings.hardware != "off":
        p = settings.preset
        for codec in HARDWARE_H264:
            if _hardware_works(codec, p.width, p.height):
                return codec
    if SOFTWARE_H264 not in av.codecs_available:
        raise DependencyError(
            "no H.264 encoder: this PyAV/FFmpeg build lacks libx264",
            hint="install the PyAV wheel from PyPI (`pip install av`), which bundles libx264",
        )
    return SOFTWARE_H264


class AudioFramer:
    """Cuts int16 audio into whole AAC frames and counts samples: pts = sample index."""

    def __init__(self, frame_size: int = AAC_FRAME) -> None:
        self.frame_size = frame_size
        self._pending = np.zeros((2, 0), dtype=np.int16)
        self.samples_in = 0  # every sample ever pushed (the A/V clock)
        self.samples_out = 0  # samples handed to the encoder

    @staticmethod
    def planar(pcm: np.ndarray) -> np.ndarray:
        """Mono (n,) or interleaved stereo (n, 2) int16 -> planar (2, n)."""
        if pcm.dtype != np.int16:
            raise ValueError(f"audio must be int16, got {pcm.dtype}")
        if pcm.ndim == 1:
            return np.broadcast_to(pcm, (2, len(pcm)))
        if pcm.ndim == 2 and pcm.shape[1] == 2:
            return pcm.T
        raise ValueError(f"audio must be mono (n,) or stereo (n, 2), got {pcm.shape}")

    def push(self, pcm: np.ndarray) -> list[tuple[int, np.ndarray]]:
        """Add samples; return (pts, planar chunk) for every whole frame now available."""
        planar = self.planar(pcm)
        self.samples_in += planar.shape[1]
        self._pending = np.concatenate([self._pending, planar], axis=1)
        whole = self._pending.shape[1] // self.frame_size * self.frame_size
        out = self._take(whole)
        return out

    def push_count(self, n: int) -> list[tuple[int, int]]:
        """The same framing for ``n`` samples that are only counted: (pts, size) pairs."""
        self.samples_in += n
        ready = (self.samples_in - self.samples_out) // self.frame_size
        out = [(self.samples_out + i * self.frame_size, self.frame_size) for i in range(ready)]
        self.samples_out += ready * self.frame_size
        return out

    def drain_count(self) -> list[tuple[int, int]]:
        rest = self.samples_in - self.samples_out
        self.samples_out = self.samples_in
        return [(self.samples_in - rest, rest)] if rest else []

    def drain(self) -> list[tuple[int, np.ndarray]]:
        """The last, shorter frame (AAC allows one), if any."""
        return self._take(self._pending.shape[1])

    def _take(self, n: int) -> list[tuple[int, np.ndarray]]:
        out = []
        for i in range(0, n, self.frame_size):
            chunk = self._pending[:, i : min(n, i + self.frame_size)]
            out.append((self.samples_out, np.ascontiguousarray(chunk)))
            self.samples_out += chunk.shape[1]
        self._pending = self._pending[:, n:]
        return out


class Encoder:
    """H.264 + AAC-LC encoders for one preset; packets go to any number of outputs.

    Not thread-safe except ``request_keyframe``: one thread encodes.
    """

    def __init__(self, settings: EncoderSettings) -> None:
        self.settings = settings
        p = settings.preset
        self.video_codec = choose_video_codec(settings)
        self._fps = p.fps
        self._video_tb = 1 / p.fps.fraction
        self._audio_tb = Fraction(1, SAMPLE_RATE)
        self._gop = settings.gop_frames

        # The templates' muxer: never written, it only turns the opened encoders into
        # streams whose codec parameters other containers copy.
        self._templates = av.open("null", mode="w", format="null")
        vs = self._templates.add_stream(self.video_codec, rate=p.fps.fraction)
        _configure_video(vs.codec_context, self.video_codec, settings)
        vs.time_base = self._video_tb
        self._video = vs.codec_context
        aus = self._templates.add_stream("aac", rate=SAMPLE_RATE)
        actx = aus.codec_context
        actx.layout = "stereo"
        actx.bit_rate = p.audio_kbps * 1000
        # FFmpeg's "fast" AAC coder: 23 ms of CPU per second of speech instead of the
        # default two-loop search's 52 ms, inaudible on a voice at 128 kb/s.
        actx.options = {"aac_coder": "fast"}
        actx.time_base = self._audio_tb
        actx.flags |= Flags.global_header
        aus.time_base = self._audio_tb
        self._audio = actx
        self._video.open()
        self._audio.open()
        self._templates.start_encoding()

        self.config = StreamConfig(
            width=p.width,
            height=p.height,
            fps=p.fps,
            video_codec=self.video_codec,
            video_kbps=p.video_kbps,
            video_extradata=self._video.extradata or b"",
            audio_kbps=p.audio_kbps,
            audio_extradata=self._audio.extradata or b"",
            gop_frames=self._gop,
            video_template=vs,
            audio_template=aus,
        )
        self._framer = AudioFramer(AAC_FRAME)
        self._keyframe_requested = threading.Event()
        self._next_key = 0
        self.frames_encoded = 0
        self.last_frame_index = -1
        log.info(
            "encoder: %s %dx%d@%s %d kb/s, keyframe every %d frames; aac %d kb/s",
            self.video_codec, p.width, p.height, p.fps.fraction, p.video_kbps,
            self._gop, p.audio_kbps,
        )  # fmt: skip

    # -- video -------------------------------------------------------------------
    def request_keyframe(self) -> None:
        """Make the next encoded frame a keyframe (thread-safe; outputs call it)."""
        self._keyframe_requested.set()

    def encode_video(self, frame_bgr: np.ndarray, index: int) -> list[EncodedPacket]:
        """Encode BGR uint8 frame number ``index`` (indices increase; gaps are allowed)."""
        h, w = frame_bgr.shape[:2]
        p = self.settings.preset
        if (w, h) != (p.width, p.height) or frame_bgr.ndim != 3:
            raise ValueError(f"frame is {w}x{h}, preset is {p.width}x{p.height}")
        if index <= self.last_frame_index:
            raise ValueError(f"frame {index} after frame {self.last_frame_index}")
        yuv = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2YUV_I420)
        frame = av.VideoFrame.from_ndarray(yuv, format="yuv420p")
        frame.pts, frame.time_base = index, self._video_tb
        if index >= self._next_key or self._keyframe_requested.is_set():
            self._keyframe_requested.clear()
            frame.pict_type = PictureType.I
            self._next_key = (index // self._gop + 1) * self._gop
        self.last_frame_index = index
        self.frames_encoded += 1
        return self._video_packets(self._video.encode(frame))

    def _video_packets(self, packets: list[av.Packet]) -> list[EncodedPacket]:
        return [
            EncodedPacket("video", bytes(pk), pk.pts, pk.dts, 1, pk.is_keyframe) for pk in packets
        ]

    # -- audio -------------------------------------------------------------------
    @property
    def samples_in(self) -> int:
        return self._framer.samples_in

    def encode_audio(self, pcm: np.ndarray) -> list[EncodedPacket]:
        """Queue int16 samples (mono or (n, 2)); whole AAC frames are encoded now."""
        return self._encode_chunks(self._framer.push(pcm))

    def _encode_chunks(self, chunks: list[tuple[int, np.ndarray]]) -> list[EncodedPacket]:
        out: list[EncodedPacket] = []
        for pts, chunk in chunks:
            frame = av.AudioFrame.from_ndarray(chunk, format="s16p", layout="stereo")
            frame.sample_rate = SAMPLE_RATE
            frame.pts, frame.time_base = pts, self._audio_tb
            out.extend(self._audio_packets(self._audio.encode(frame)))
        return out

    def _audio_packets(self, packets: list[av.Packet]) -> list[EncodedPacket]:
        return [
            EncodedPacket("audio", bytes(pk), pk.pts, pk.dts, pk.duration or AAC_FRAME, True)
            for pk in packets
        ]

    # -- end ---------------------------------------------------------------------
    def flush(self) -> list[EncodedPacket]:
        """Encode what is pending and drain both encoders (end of the show)."""
        out = self._encode_chunks(self._framer.drain())
        out += self._video_packets(self._video.encode(None))
        out += self._audio_packets(self._audio.encode(None))
        return out

    def close(self) -> None:
        self._templates.close()
