"""Recorded audio clips: probe with PyAV before accepting, keep a copy in the studio home.

A clip is accepted when FFmpeg opens it, it has an audio stream, and its first frames
decode; its length is counted in 48 kHz samples by decoding it whole (container
durations lie for VBR MP3). The copy under ``STUDIO_HOME/clips/<sha256>.<ext>`` keeps the
show playable when the merchant moves or deletes the original.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from fractions import Fraction
from pathlib import Path

from studio.core.errors import DependencyError, InputError
from studio.core.paths import private_dir, studio_home
from studio.core.timeline import SAMPLE_RATE
from studio.show.items import Clip

log = logging.getLogger(__name__)

MAX_CLIP_SECONDS = 15 * 60
SUPPORTED = "WAV, MP3, M4A/AAC, OGG/Opus or FLAC"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def probe_clip(path: Path) -> Clip:
    """Validate an audio clip; InputError with what to do when it cannot be used."""
    try:
        import av
    except ImportError as exc:  # pragma: no cover - av is a core dependency
        raise DependencyError("PyAV is not installed", hint="pip install av") from exc
    if not path.is_file():
        raise InputError(f"clip {path} does not exist", hint="check the path in the script")
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise InputError(
            f"clip {path.name} cannot be read as audio ({exc})",
            hint=f"use {SUPPORTED}",
        ) from None
    with container:
        streams = container.streams.audio
        if not streams:
            raise InputError(
                f"clip {path.name} has no audio stream ({container.format.name})",
                hint=f"use {SUPPORTED}",
            )
        stream = streams[0]
        codec = stream.codec_context.name
        rate = stream.codec_context.sample_rate or 0
        channels = stream.codec_context.channels or 0
        decoded = 0  # samples at the clip's own rate
        try:
            for frame in container.decode(stream):
                decoded += frame.samples
                rate = frame.sample_rate or rate
        except (av.error.FFmpegError, ValueError) as exc:
            raise InputError(
                f"clip {path.name} is damaged or uses an unsupported codec '{codec}' ({exc})",
                hint=f"re-export it as {SUPPORTED}",
            ) from None
    if decoded == 0 or rate <= 0:
        raise InputError(f"clip {path.name} contains no audio", hint="record the clip again")
    samples = int(Fraction(decoded * SAMPLE_RATE, rate))  # floor, exact integers
    if samples > MAX_CLIP_SECONDS * SAMPLE_RATE:
        raise InputError(
            f"clip {path.name} is {decoded // rate} s long; clips are at most {MAX_CLIP_SECONDS // 60} min",
            hint="split it into shorter clips",
        )
    return Clip(
        path=str(path.resolve()),
        samples=samples,
        codec=codec,
        sample_rate=rate,
        channels=channels,
        sha256=_sha256(path),
    )


def store_clip(clip: Clip, home: Path | None = None) -> Clip:
    """Copy the clip into the studio home (atomically) and point the Clip at the copy."""
    folder = private_dir((home or studio_home()) / "clips")  # her voice: private
    source = Path(clip.path)
    target = folder / f"{clip.sha256}{source.suffix.lower()}"
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        os.close(fd)
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        log.info("stored clip %s as %s", source, target)
    return Clip(**{**clip.to_json(), "path": str(target)})
