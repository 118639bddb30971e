"""Cutting a clip: frame-exact on its grid, audio with it, the same bytes every run."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from studio.avatar.probe import probe_video
from studio.core.errors import InputError
from studio.tools.cut import cut_clip

from .conftest import talking_video  # noqa: F401  (the shared session fixture)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_cut_is_frame_exact_and_reproducible(talking_video, tmp_path: Path) -> None:  # noqa: F811
    a = cut_clip(talking_video.path, tmp_path / "a.mp4", 2.0, 6.0)
    b = cut_clip(talking_video.path, tmp_path / "b.mp4", 2.0, 6.0)
    info = probe_video(a, allow_short=True)
    assert info.frame_count == 100  # 4 s at 25 fps
    assert info.audio_sample_rate > 0
    # the same cut gives the same file: evaluations built on cuts can be repeated
    assert digest(a) == digest(b)


def test_a_cut_outside_the_video_is_refused(talking_video, tmp_path: Path) -> None:  # noqa: F811
    with pytest.raises(InputError):
        cut_clip(talking_video.path, tmp_path / "c.mp4", 30.0, 40.0)
