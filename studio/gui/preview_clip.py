"""The wizard's preview: the new avatar saying a test sentence.

It is rendered by the one pipeline, as ``studio render`` does
(``studio.runtime.render_job.render_request``), so a video avatar is shown with its base
loop and real mouths exactly as the show will put her on air, and a photo avatar with the
photo rig. A failure is the wizard's to show, with its message.

The clip is an MP4 with its sound; small copies of its frames and its sound (48 kHz mono)
are kept for the window, which plays them together (``studio.gui.sound``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from studio.core.progress import Progress, no_progress
from studio.runtime.render_job import RenderRequest, render_request
from studio.speech.audio import read_audio_file

log = logging.getLogger(__name__)

ENGINE_PRESET = "vertical-720"
THUMB_HEIGHT = 480


@dataclass(frozen=True)
class PreviewClip:
    path: Path  # MP4 with sound
    frames: list[np.ndarray]  # RGB, at most THUMB_HEIGHT high, for the window
    fps: float
    renderer: str  # "engine": the show's own pipeline
    note: str = ""
    audio: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))  # 48 kHz mono


def render_preview(
    avatar: str, sentence: str, out: Path, progress: Progress = no_progress
) -> PreviewClip:
    """Render avatar ``avatar`` (a name under STUDIO_HOME/avatars) saying ``sentence``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    request = RenderRequest(avatar=avatar, out=out, text=sentence, preset=ENGINE_PRESET)
    result = render_request(request, progress)
    fps = result.frames / result.duration_s if result.duration_s else 25.0
    return PreviewClip(out, thumbnails(out), fps, "engine", audio=read_audio_file(out))


def thumbnails(video: Path, height: int = THUMB_HEIGHT) -> list[np.ndarray]:
    """Every frame of ``video`` as RGB, shrunk to ``height``."""
    import av

    frames = []
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            scale = min(1.0, height / frame.height)
            w, h = max(2, round(frame.width * scale)), max(2, round(frame.height * scale))
            frames.append(frame.to_ndarray(width=w, height=h, format="rgb24"))
    return frames
