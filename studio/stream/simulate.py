"""Stand-ins for long runs and benchmarks: a timestamp-only encoder and a test pattern.

``NullEncoder`` produces packets with the real encoder's timing (one video packet per
frame, keyframes on the same schedule, AAC frames of 1024 samples with its 1024-sample
delay) and empty payloads, so a day of pacing, timestamps and output logic can run in
seconds. ``TestPattern`` is a cheap, checkable show: frame N's brightness encodes N and
the audio is a steady tone.
"""

from __future__ import annotations

import threading

import numpy as np

from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.stream.encoder import AAC_FRAME, AudioFramer, EncoderSettings
from studio.stream.packets import EncodedPacket, StreamConfig


class NullEncoder:
    """Same interface and timestamps as ``Encoder``; no codec, no payload."""

    video_codec = "null"

    def __init__(self, settings: EncoderSettings) -> None:
        p = settings.preset
        self._gop = settings.gop_frames
        self.config = StreamConfig(
            width=p.width,
            height=p.height,
            fps=p.fps,
            video_codec=self.video_codec,
            video_kbps=p.video_kbps,
            video_extradata=b"",
            audio_kbps=p.audio_kbps,
            audio_extradata=b"",
            gop_frames=self._gop,
        )
        self._framer = AudioFramer(AAC_FRAME)
        self._keyframe_requested = threading.Event()
        self._next_key = 0
        self._last = -1
        self._audio_end = -AAC_FRAME

    @property
    def samples_in(self) -> int:
        return self._framer.samples_in

    def request_keyframe(self) -> None:
        self._keyframe_requested.set()

    def encode_video(self, frame_bgr: np.ndarray, index: int) -> list[EncodedPacket]:
        if index <= self._last:
            raise ValueError(f"frame {index} after frame {self._last}")
        self._last = index
        key = index >= self._next_key or self._keyframe_requested.is_set()
        if key:
            self._keyframe_requested.clear()
            self._next_key = (index // self._gop + 1) * self._gop
        return [EncodedPacket("video", b"", index, index, 1, key)]

    def encode_audio(self, pcm: np.ndarray) -> list[EncodedPacket]:
        return self._packets(self._framer.push_count(pcm.shape[0]))

    def _packets(self, chunks: list[tuple[int, int]]) -> list[EncodedPacket]:
        out = []
        for pts, size in chunks:  # like AAC: each packet comes one frame late
            out.append(EncodedPacket("audio", b"", pts - AAC_FRAME, pts - AAC_FRAME, AAC_FRAME))
            self._audio_end = pts + size
        return out

    def flush(self) -> list[EncodedPacket]:
        out = self._packets(self._framer.drain_count())
        start = self._audio_end - AAC_FRAME
        last = self._framer.samples_out - start
        if last > 0:
            out.append(EncodedPacket("audio", b"", start, start, last))
        return out


class TestPattern:
    """Frame N: grey level ``N * 7 % 200 + 30`` with a moving bar; audio: a 440 Hz tone.

    With ``noise``, a quarter of the pixels are fresh noise in every frame: a picture
    that costs many bits (for congestion and encoder-load runs).
    """

    __test__ = False  # not a pytest class

    def __init__(
        self,
        width: int,
        height: int,
        fps: FrameRate,
        tone_hz: float = 440.0,
        *,
        noise: bool = False,
    ):
        self.width, self.height, self.fps = width, height, fps
        self._tone_hz = tone_hz
        self._noise = noise
        self._frames: dict[int, np.ndarray] = {}

    @staticmethod
    def level(index: int) -> int:
        return index * 7 % 200 + 30

    def video(self, index: int) -> np.ndarray:
        level = self.level(index)
        frame = self._frames.get(level)
        if frame is None:
            frame = np.full((self.height, self.width, 3), level, dtype=np.uint8)
            x = level * self.width // 256
            frame[:, x : x + max(2, self.width // 40)] = 255 - level
            self._frames[level] = frame
        if self._noise:
            frame = frame.copy()
            rng = np.random.default_rng(index)
            frame[::2, ::2] = rng.integers(0, 256, frame[::2, ::2].shape, dtype=np.uint8)
        return frame

    def audio(self, index: int) -> np.ndarray:
        start = self.fps.frame_start_sample(index)
        n = self.fps.samples_in_frame(index)
        # phase from the integer sample index modulo one second: exact and bounded
        t = ((start + np.arange(n)) % SAMPLE_RATE) / SAMPLE_RATE
        return (np.sin(2 * np.pi * self._tone_hz * t) * 8000).astype(np.int16)
