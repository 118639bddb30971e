"""The wizard's preview: the new avatar saying a test sentence.

It is rendered by the engine's own offline renderer, ``studio render``
(``studio.runtime.render_job.render_request``), so a video avatar is shown with its base
loop and real mouths exactly as the show will put it on air, and a photo avatar with the
photo rig. That renderer is young: when it cannot be imported or fails on an avatar, the
preview falls back to the photo rig on the avatar's portrait (the photo itself, or a
tracked video frame with the mouth closed, since the rig opens the mouth it is given) in
the shipped live room, and says so.

The clip is an MP4 with its sound (Qt Multimedia is not part of PySide6-Essentials, so the
window plays the frames silently and offers the file to the system player); small copies
of its frames are kept for the window.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from studio.core.errors import StudioError
from studio.core.presets import VideoPreset
from studio.core.progress import Cancelled, Progress, no_progress
from studio.core.timeline import FrameRate

log = logging.getLogger(__name__)

ENGINE_PRESET = "vertical-720"
# The fallback renders at half the room's size: a quarter of the pixels, and still more
# than the wizard's 270x480 picture shows.
FALLBACK_PRESET = VideoPreset("preview-360x640", 360, 640, FrameRate(25), video_kbps=1200)
THUMB_HEIGHT = 480


@dataclass(frozen=True)
class PreviewClip:
    path: Path  # MP4 with sound
    frames: list[np.ndarray]  # RGB, at most THUMB_HEIGHT high, for the window
    fps: float
    renderer: str  # "engine" (studio render) or "photo-rig" (the fallback)
    note: str = ""  # why the fallback was used


def render_preview(
    avatar: str, sentence: str, out: Path, progress: Progress = no_progress
) -> PreviewClip:
    """Render avatar ``avatar`` (a name under STUDIO_HOME/avatars) saying ``sentence``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        from studio.runtime.render_job import RenderRequest, render_request
    except ImportError as exc:
        note = f"the avatar renderer is not available ({exc})"
    else:
        try:
            request = RenderRequest(avatar=avatar, out=out, text=sentence, preset=ENGINE_PRESET)
            result = render_request(request, progress)
            fps = result.frames / result.duration_s if result.duration_s else 25.0
            return PreviewClip(out, thumbnails(out), fps, "engine")
        except Cancelled:
            raise
        except Exception as exc:  # noqa: BLE001 - the fallback still shows the presenter
            log.warning("the avatar renderer failed on %s; previewing with the photo rig", avatar,
                        exc_info=True)  # fmt: skip
            note = exc.message if isinstance(exc, StudioError) else f"{type(exc).__name__}: {exc}"
    return _photo_rig_preview(avatar, sentence, out, progress, note)


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


def portrait_of(avatar) -> np.ndarray:
    """RGB portrait of a loaded avatar: its photo, or a video frame with the mouth closed.

    The photo rig opens the mouth it is given, so it needs a closed one to start from: of
    the frames where the face was tracked, the one with the least open mouth.
    """
    if avatar.kind == "photo":
        index = 0
    else:
        found = np.asarray(avatar.tracks.found, dtype=bool)
        opening = np.asarray(avatar.tracks.mouth[:, 0], dtype=np.float64)
        index = int(np.argmin(np.where(found, opening, np.inf))) if found.any() else 0
    return cv2.cvtColor(avatar.frame(index), cv2.COLOR_BGR2RGB)


def _photo_rig_preview(
    avatar_name: str, sentence: str, out: Path, progress: Progress, note: str
) -> PreviewClip:
    from studio.avatar.package import load_avatar
    from studio.runtime.demo import DemoShow, synthesize_programme
    from studio.stream.file_writer import MediaFileWriter

    preset = FALLBACK_PRESET
    avatar = load_avatar(avatar_name)
    try:
        portrait = portrait_of(avatar)
    finally:
        avatar.close()
    programme = synthesize_programme([sentence], None, progress)
    progress("avatar", 0, 1)
    show = DemoShow(programme, preset, portrait, loop=False)
    progress("avatar", 1, 1)
    scale = min(1.0, THUMB_HEIGHT / preset.height)
    size = (max(2, round(preset.width * scale)), max(2, round(preset.height * scale)))
    frames: list[np.ndarray] = []
    try:
        with MediaFileWriter(out, preset) as writer:
            for f in range(show.frames):
                frame = show.video(f)
                writer.write_video(frame)
                writer.write_audio(show.audio(f))
                small = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
                frames.append(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
                progress("render", f + 1, show.frames)
    finally:
        show.compositor.close()
    return PreviewClip(out, frames, float(preset.fps), "photo-rig", note)
