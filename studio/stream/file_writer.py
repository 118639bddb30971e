"""Write a show to a media file (MP4/FLV): H.264 + AAC-LC on the integer timeline.

Video pts are frame numbers in a ``1/fps`` time base and audio pts are sample counts in a
``1/48000`` time base, so the two never drift however long the recording runs.
"""

from __future__ import annotations

import logging
import os
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from studio.core.errors import InputError
from studio.core.timeline import SAMPLE_RATE
from studio.stream.presets import VideoPreset

log = logging.getLogger(__name__)

AAC_FRAME = 1024  # samples per AAC-LC frame
AI_METADATA = {
    "comment": "AIGC: AI-generated content (digital human), GB 45438-2025",
    "description": "AI-generated livestream content produced by Studio",
    "encoder": "Studio",
}


class MediaFileWriter:
    """Encode BGR frames and int16 audio to a file; finalised on ``close`` or ``with`` exit.

    The file is written to ``PATH.part`` and renamed on a clean close, so a crash never
    leaves a file that looks complete but is not.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        preset: VideoPreset,
        *,
        x264_preset: str = "veryfast",
        metadata: dict[str, str] | None = None,
    ) -> None:
        self.path = Path(path)
        fmt = {".mp4": "mp4", ".mov": "mov", ".flv": "flv", ".mkv": "matroska"}.get(
            self.path.suffix.lower()
        )
        if fmt is None:
            raise InputError(
                f"cannot write {self.path.name}: unknown container",
                hint="use a .mp4, .mov, .mkv or .flv file name",
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._part = self.path.with_name(self.path.name + ".part")
        self.preset = preset
        self._container = av.open(str(self._part), mode="w", format=fmt)
        self._container.metadata.update(metadata if metadata is not None else AI_METADATA)

        fps = preset.fps.fraction
        vs = self._container.add_stream("libx264", rate=fps)
        vs.width, vs.height, vs.pix_fmt = preset.width, preset.height, "yuv420p"
        vs.time_base = 1 / fps
        vs.codec_context.time_base = 1 / fps
        vs.bit_rate = preset.video_kbps * 1000
        gop = max(1, round(2 * float(fps)))  # keyframe every 2 s
        vs.codec_context.gop_size = gop
        # zerolatency: no B-frames or look-ahead, one packet out per frame in, dts == pts;
        # what a live stream wants, and it keeps the muxer's timestamps trivially valid.
        vs.options = {
            "preset": x264_preset,
            "tune": "zerolatency",
            "maxrate": f"{preset.video_kbps}k",
            "bufsize": f"{preset.video_kbps * 2}k",
            "keyint_min": str(gop),
            "sc_threshold": "0",
        }
        self._video = vs
        # Frames are stamped in these fixed bases; the muxer may change the *stream*
        # time bases when it writes the header (mp4 picks 1/12800), so never read those.
        self._video_tb = 1 / fps
        self._audio_tb = Fraction(1, SAMPLE_RATE)

        aud = self._container.add_stream("aac", rate=SAMPLE_RATE)
        aud.layout = "stereo"
        aud.bit_rate = preset.audio_kbps * 1000
        aud.time_base = Fraction(1, SAMPLE_RATE)
        self._audio = aud

        self.frames_written = 0
        self.samples_written = 0
        self._audio_pending = np.zeros((0,), dtype=np.int16)
        self._closed = False

    # -- writing -----------------------------------------------------------------
    def write_video(self, frame_bgr: np.ndarray) -> None:
        """Encode the next video frame (BGR uint8, preset size); pts = frame number."""
        h, w = frame_bgr.shape[:2]
        if (w, h) != (self.preset.width, self.preset.height):
            raise ValueError(
                f"frame is {w}x{h}, preset is {self.preset.width}x{self.preset.height}"
            )
        frame = av.VideoFrame.from_ndarray(frame_bgr, format="bgr24")
        frame.pts = self.frames_written
        frame.time_base = self._video_tb
        self._mux(self._video.encode(frame))
        self.frames_written += 1

    def write_audio(self, pcm: np.ndarray) -> None:
        """Queue mono int16 samples; whole AAC frames are encoded with pts = sample index."""
        if pcm.dtype != np.int16 or pcm.ndim != 1:
            raise ValueError("audio must be mono int16")
        self._audio_pending = np.concatenate([self._audio_pending, pcm])
        whole = len(self._audio_pending) // AAC_FRAME * AAC_FRAME
        if whole:
            self._encode_audio(self._audio_pending[:whole])
            self._audio_pending = self._audio_pending[whole:]

    def _encode_audio(self, mono: np.ndarray) -> None:
        for i in range(0, len(mono), AAC_FRAME):
            chunk = mono[i : i + AAC_FRAME]
            stereo = np.repeat(chunk[np.newaxis, :], 2, axis=0)  # planar s16p: (channels, n)
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(stereo), format="s16p", layout="stereo"
            )
            frame.sample_rate = SAMPLE_RATE
            frame.pts = self.samples_written
            frame.time_base = self._audio_tb
            self._mux(self._audio.encode(frame))
            self.samples_written += len(chunk)

    def _mux(self, packets: list[av.Packet]) -> None:
        for packet in packets:
            self._container.mux(packet)

    # -- lifecycle ---------------------------------------------------------------
    def close(self) -> None:
        """Flush encoders, finalise the container and move it into place."""
        if self._closed:
            return
        self._closed = True
        if len(self._audio_pending):
            self._encode_audio(self._audio_pending)
            self._audio_pending = self._audio_pending[:0]
        self._mux(self._video.encode(None))
        self._mux(self._audio.encode(None))
        self._container.close()
        if not self._part.exists():  # nothing was ever written: FFmpeg never opened the file
            log.warning("nothing was written to %s; no file created", self.path)
            return
        os.replace(self._part, self.path)
        log.info(
            "wrote %s (%d frames, %d samples)", self.path, self.frames_written, self.samples_written
        )

    def abort(self) -> None:
        """Stop without finalising; the partial file is removed."""
        if self._closed:
            return
        self._closed = True
        try:
            self._container.close()
        finally:
            self._part.unlink(missing_ok=True)

    def __enter__(self) -> MediaFileWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
