"""Canvas/encoder presets for the platforms (DESIGN.md §8): the output canvas that the
renderer draws and the streamer encodes, so it sits below both."""

from __future__ import annotations

from dataclasses import dataclass

from studio.core.errors import InputError
from studio.core.timeline import FrameRate


@dataclass(frozen=True)
class VideoPreset:
    """Output canvas size, frame rate and target bitrate."""

    name: str
    width: int
    height: int
    fps: FrameRate = FrameRate(25)
    video_kbps: int = 3000
    audio_kbps: int = 128

    @property
    def vertical(self) -> bool:
        return self.height > self.width


PRESETS: dict[str, VideoPreset] = {
    p.name: p
    for p in (
        VideoPreset("vertical-720", 720, 1280, video_kbps=3000),
        VideoPreset("vertical-1080", 1080, 1920, video_kbps=6000),
        VideoPreset("landscape-720", 1280, 720, video_kbps=3000),
        VideoPreset("landscape-1080", 1920, 1080, video_kbps=6000),
    )
}


def get_preset(name: str) -> VideoPreset:
    """Look up a preset by name, with the valid names in the error."""
    try:
        return PRESETS[name]
    except KeyError:
        raise InputError(
            f"unknown preset {name!r}", hint=f"use one of: {', '.join(PRESETS)}"
        ) from None
