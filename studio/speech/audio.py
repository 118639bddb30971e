"""Engine audio -> the 48 kHz integer timeline, and any audio file -> that timeline.

Every engine renders at its own rate (eSpeak NG and Piper 22 050 Hz, XTTS 24 000 Hz).
Audio is resampled once, with a polyphase filter at the exact rational ratio
(22 050 -> 48 000 is 320/147), and engine sample indices are scaled with the same
integer ratio, so phoneme times land on the same samples as the audio they describe.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from studio.core.errors import InputError
from studio.core.timeline import SAMPLE_RATE


def timeline_ratio(rate: int) -> tuple[int, int]:
    """Resampling ratio up/down from ``rate`` to the 48 kHz timeline (22050 -> 320/147)."""
    g = math.gcd(SAMPLE_RATE, rate)
    return SAMPLE_RATE // g, rate // g


def to_timeline(sample: int, rate: int) -> int:
    """An engine sample index on the 48 kHz timeline (exact integer scaling, floor)."""
    up, down = timeline_ratio(rate)
    return sample * up // down


def resample_to_timeline(pcm: np.ndarray, rate: int) -> np.ndarray:
    """int16 PCM at ``rate`` -> int16 at 48 kHz (polyphase; length ceil(n * up / down))."""
    if rate == SAMPLE_RATE or pcm.size == 0:
        return pcm.astype(np.int16, copy=True)
    from scipy.signal import resample_poly  # scipy only when resampling: engines import this

    up, down = timeline_ratio(rate)
    y = resample_poly(pcm.astype(np.float32), up, down)
    return np.clip(np.rint(y), -32768, 32767).astype(np.int16)


def float_to_pcm16(audio: np.ndarray, gain: float = 1.0) -> np.ndarray:
    """Float audio in [-1, 1] -> int16, clipped (neural engines return float32)."""
    scaled = np.asarray(audio, dtype=np.float32).reshape(-1) * (32767.0 * gain)
    return np.clip(np.rint(scaled), -32768, 32767).astype(np.int16)


def read_audio_file(path: str | Path) -> np.ndarray:
    """Any audio FFmpeg decodes (WAV, MP3, M4A, a video's sound) as 48 kHz mono int16."""
    import av  # FFmpeg only when a file is decoded: every speech engine imports this module

    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError) as exc:
        raise InputError(
            f"cannot read audio {path}: {exc}", hint="use a WAV, MP3 or M4A file"
        ) from exc
    with container:
        if not container.streams.audio:
            raise InputError(f"{path} has no audio track", hint="use a file with sound")
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        chunks = []
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    return np.concatenate(chunks).astype(np.int16) if chunks else np.zeros(0, dtype=np.int16)
