"""WAV files: mono 16-bit PCM in and out, the format of every sound Studio keeps.

One reader and one writer for the speech engines' output, an avatar's recorded audio and
the lip-sync's training clips (``studio.speech``, ``studio.avatar``, ``studio.lipsync``).
"""

from __future__ import annotations

import os
import tempfile
import wave
from pathlib import Path

import numpy as np

from studio.core.errors import InputError
from studio.core.timeline import SAMPLE_RATE


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
