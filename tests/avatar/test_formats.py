"""Containers, codecs and orientation: a vertical phone video stored sideways, HEVC in MOV,
VP9 + Opus in MKV; each is probed, turned upright and cloned."""

from __future__ import annotations

import av
import numpy as np
import pytest

from studio.avatar import landmarks as L
from studio.avatar.create import CreateOptions, create_from_video
from studio.avatar.package import load_avatar
from studio.avatar.probe import probe_video
from studio.avatar.video_io import iter_frames, sample_frames

from .conftest import phone_sideways

SHORT = CreateOptions(allow_short=True)


@pytest.fixture(scope="module")
def phone_video(make_variant):
    """HEVC in MOV, coded 640x360 (sideways) with a display matrix saying: turn 90 degrees clockwise."""
    return make_variant(
        "phone", phone_sideways, seconds=3, suffix=".mov", vcodec="libx265", display_rotation=-90
    )


def test_rotation_metadata_is_written_and_read(phone_video) -> None:
    with av.open(str(phone_video)) as c:
        frame = next(c.decode(video=0))
        assert (frame.width, frame.height) == (640, 360) and frame.rotation == -90
    info = probe_video(phone_video, allow_short=True)
    assert info.rotation == 270 and (info.width, info.height) == (360, 640)
    assert info.video_codec == "hevc"


def test_sideways_frames_come_out_upright(phone_video, talking_frames) -> None:
    info = probe_video(phone_video, allow_short=True)
    frames = list(iter_frames(info, (360, 640)))
    assert len(frames) == 75 and frames[0].shape == (640, 360, 3)
    assert np.abs(frames[10].astype(np.float32) - talking_frames[10]).mean() < 8  # same picture
    s = sample_frames(info, (360, 640), count=4)
    assert all(x.rgb.shape == (640, 360, 3) for x in s)


def test_clone_of_phone_video_is_upright(phone_video) -> None:
    result = create_from_video(phone_video, "phone", SHORT)
    a = load_avatar("phone")
    assert a.size == (360, 640) and result.manifest.source["rotation"] == 270
    pts = a.tracks.landmarks[0]
    eyes_y = pts[[33, 263], 1].mean()
    assert eyes_y < pts[L.NOSE_TIP, 1] < pts[L.CHIN, 1]  # eyes above nose above chin


def test_vp9_opus_in_mkv(make_variant) -> None:
    clip = make_variant("vp9", seconds=3, suffix=".mkv", vcodec="libvpx-vp9", acodec="libopus")
    info = probe_video(clip, allow_short=True)
    assert (
        info.video_codec == "vp9"
        and info.audio_codec == "opus"
        and info.container == "matroska,webm"
    )
    result = create_from_video(clip, "vp9", SHORT)
    assert result.manifest.frame_count == 75
    assert load_avatar("vp9").manifest.quality["face_found_pct"] > 95
