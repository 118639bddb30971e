"""Write a show to a media file (MP4/FLV/MKV) offline, as fast as the encoder goes.

The stream's own parts, in line: one ``Encoder`` (H.264 + AAC-LC, pts from frame and
sample counters) and one ``PacketFile``, so a file rendered offline is encoded exactly
as the live stream is.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np

from studio.core.presets import VideoPreset
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.muxer import AI_METADATA, PacketFile, container_format
from studio.stream.packets import EncodedPacket

log = logging.getLogger(__name__)

__all__ = ["AI_METADATA", "MediaFileWriter"]


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
        hardware: str = "auto",
        reproducible: bool = False,
    ) -> None:
        """``reproducible``: encode in software on one x264 thread, so the same frames and
        audio give the same bytes on every run (threaded rate control does not)."""
        self.path = Path(path)
        container_format(self.path)  # refuse unknown names before opening encoders
        self.preset = preset
        self._encoder = Encoder(
            EncoderSettings(preset, x264_preset=x264_preset, hardware=hardware)
            if not reproducible
            else EncoderSettings(preset, x264_preset=x264_preset, hardware="off", threads=1)
        )
        try:
            self._file = PacketFile(self.path, self._encoder.config, metadata=metadata)
        except BaseException:
            self._encoder.close()
            raise
        self.frames_written = 0
        self._closed = False

    @property
    def samples_written(self) -> int:
        return self._encoder.samples_in

    def write_video(self, frame_bgr: np.ndarray) -> None:
        """Encode the next video frame (BGR uint8, preset size); pts = frame number."""
        self._write(self._encoder.encode_video(frame_bgr, self.frames_written))
        self.frames_written += 1

    def write_audio(self, pcm: np.ndarray) -> None:
        """Queue int16 samples (mono, or (n, 2) stereo); whole AAC frames are encoded."""
        self._write(self._encoder.encode_audio(pcm))

    def _write(self, packets: list[EncodedPacket]) -> None:
        for packet in packets:
            self._file.write(packet)

    def close(self) -> None:
        """Flush the encoders, finalise the container and move it into place."""
        if self._closed:
            return
        self._closed = True
        try:
            self._write(self._encoder.flush())
            if self._file.close() is not None:
                log.info(
                    "wrote %s (%d frames, %d samples)",
                    self.path,
                    self.frames_written,
                    self.samples_written,
                )
        finally:
            self._encoder.close()

    def abort(self) -> None:
        """Stop without finalising; the partial file is removed."""
        if self._closed:
            return
        self._closed = True
        try:
            self._file.abort()
        finally:
            self._encoder.close()

    def __enter__(self) -> MediaFileWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
