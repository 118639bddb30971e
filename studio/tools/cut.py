"""Cut a time range out of a talking-head video, re-encoded (H.264 + AAC, MP4).

Evaluation needs a clone made from the start of a recording and a held-out end of the
same recording; a merchant may want the same to try a clone on part of a long take.
Frames are taken on the constant-rate grid the clone pipeline uses, so frame k of the
cut is frame ``first + k`` of the source as the cloner sees it.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from studio.avatar.audio import extract_audio
from studio.avatar.probe import probe_video
from studio.avatar.video_io import iter_frames, work_size
from studio.core.errors import InputError
from studio.core.presets import VideoPreset
from studio.core.timeline import SAMPLE_RATE
from studio.stream.file_writer import MediaFileWriter


def cut_clip(src: Path, dst: Path, start_s: float, end_s: float | None = None) -> Path:
    """Write ``src[start_s:end_s]`` (seconds, frame-exact on its grid) to ``dst``."""
    info = probe_video(Path(src), allow_short=True)
    end_s = info.duration_s if end_s is None else min(end_s, info.duration_s)
    if not 0 <= start_s < end_s:
        raise InputError(
            f"cannot cut {start_s:.2f}-{end_s:.2f} s from a {info.duration_s:.2f} s video",
            hint="give a start before the end, inside the video",
        )
    fps = info.fps
    first = fps.frame_at_sample(round(start_s * SAMPLE_RATE))
    last = fps.frame_at_sample(round(end_s * SAMPLE_RATE))
    w, h = work_size(info.width, info.height)
    w, h = w - w % 2, h - h % 2
    pcm = extract_audio(Path(src), info.video_start_s)
    a = fps.frame_start_sample(first)
    b = fps.frame_start_sample(last)
    audio = pcm[a:b]
    if len(audio) < b - a:
        audio = np.concatenate([audio, np.zeros(b - a - len(audio), np.int16)])
    preset = VideoPreset("cut", w, h, fps, video_kbps=max(2000, w * h * 12 // 1000))
    # the same cut gives the same file (and the same clone and evaluation figures)
    with MediaFileWriter(dst, preset, x264_preset="fast", reproducible=True) as out:
        for k, rgb in enumerate(iter_frames(info, (w, h))):
            if k >= last:
                break
            if k >= first:
                out.write_video(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        out.write_audio(audio)
    return Path(dst)
