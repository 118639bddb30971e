"""The presenter's sound: extracted once as 48 kHz mono int16 (kept as WAV: studio.core.wav).

Sample 0 of the extracted audio is the instant of video frame 0, so audio and the
frame timeline line up on the integer timeline (``studio.core.timeline``).
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

from studio.core.errors import InputError
from studio.core.timeline import SAMPLE_RATE


def extract_audio(path: Path, video_start_s: float = 0.0) -> np.ndarray:
    """Decode the first audio stream to 48 kHz mono int16, aligned to the video start.

    Strict: audio that stops decoding part-way is an InputError (see ``decode_audio``).
    """
    pcm, error = decode_audio(path, video_start_s)
    if error:
        raise InputError(
            f"the audio of {Path(path).name} is damaged: it stops decoding at "
            f"{len(pcm) / SAMPLE_RATE:.1f} s ({error})",
            hint="copy the file again or re-export it",
        )
    return pcm


def decode_audio(path: Path, video_start_s: float = 0.0) -> tuple[np.ndarray, str]:
    """(the audio as ``extract_audio`` gives it, the error that ended decoding early or "").

    A damaged file keeps what decodes before the damage, like its pictures do; audio that
    does not decode from the start is an InputError.
    """
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    first_time: float | None = None
    error = ""
    try:
        with av.open(str(path)) as container:
            stream = container.streams.audio[0]
            try:
                for frame in container.decode(stream):
                    if first_time is None:
                        first_time = float(frame.time or 0.0)
                    for out in resampler.resample(frame):
                        chunks.append(out.to_ndarray().reshape(-1))
            except av.FFmpegError as exc:
                if not chunks:
                    raise
                error = str(exc)
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except av.FFmpegError as exc:
        raise InputError(
            f"the audio of {Path(path).name} cannot be decoded: {exc}",
            hint="re-export the video with AAC or Opus audio",
        ) from exc
    if not chunks:
        raise InputError(
            f"the audio stream of {Path(path).name} holds no sound",
            hint="record with the microphone on",
        )
    pcm = np.concatenate(chunks).astype(np.int16, copy=False)
    offset = round(((first_time or 0.0) - video_start_s) * SAMPLE_RATE)
    if offset > 0:  # audio starts after the first frame: silence before it
        pcm = np.concatenate([np.zeros(offset, dtype=np.int16), pcm])
    elif offset < 0:
        pcm = pcm[-offset:]
    return pcm, error
