"""Engine audio -> the 48 kHz integer timeline, and WAV files.

Every engine renders at its own rate (eSpeak NG and Piper 22 050 Hz, XTTS 24 000 Hz).
Audio is resampled once, with a polyphase filter at the exact rational ratio
(22 050 -> 48 000 is 320/147), and engine sample indices are scaled with the same
integer ratio, so phoneme times land on the same samples as the audio they describe.
"""

from __future__ import annotations

import math
import os
import tempfile
import wave
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
    from scipy.signal import resample_poly

    up, down = timeline_ratio(rate)
    y = resample_poly(pcm.astype(np.float32), up, down)
    return np.clip(np.rint(y), -32768, 32767).astype(np.int16)


def float_to_pcm16(audio: np.ndarray, gain: float = 1.0) -> np.ndarray:
    """Float audio in [-1, 1] -> int16, clipped (neural engines return float32)."""
    scaled = np.asarray(audio, dtype=np.float32).reshape(-1) * (32767.0 * gain)
    return np.clip(np.rint(scaled), -32768, 32767).astype(np.int16)


def write_wav(path: Path, audio: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Path:
    """Write mono int16 PCM as a WAV file, atomically (temp file + rename)."""
    path = Path(path)
    pcm = np.ascontiguousarray(audio, dtype=np.int16).reshape(-1)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; a WAV is for sharing
    except OSError as exc:
        raise InputError(
            f"cannot write {path}: {exc.strerror}", "check the folder exists and is writable"
        ) from exc
    try:
        with os.fdopen(fd, "wb") as raw, wave.open(raw, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(sample_rate)
            w.writeframes(pcm.astype("<i2").tobytes())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Mono int16 PCM and its rate from a 16-bit WAV file (multi-channel is averaged)."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise InputError(f"{path} is not 16-bit PCM", "convert it to 16-bit WAV")
        channels, rate = w.getnchannels(), w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    if channels > 1:
        data = data.reshape(-1, channels).mean(axis=1).round().astype(np.int16)
    return data.astype(np.int16), rate


def read_audio_file(path: str | Path) -> np.ndarray:
    """Any audio FFmpeg decodes (WAV, MP3, M4A, a video's sound) as 48 kHz mono int16."""
    import av

    from studio.core.errors import InputError

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
