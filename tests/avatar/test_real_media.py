"""Real presenters from ../shared/media (skipped when it is absent)."""

from __future__ import annotations

import numpy as np
import pytest

from studio.avatar.checks import check_samples
from studio.avatar.create import CreateOptions, create_from_video
from studio.avatar.package import load_avatar
from studio.avatar.probe import probe_video
from studio.avatar.video_io import sample_frames, work_size
from studio.render.base_loop import BaseLoopPlayer

pytestmark = pytest.mark.media

VIDEOS = {
    "dfrf_french_50s.mp4": ("h264", (512, 512)),
    "latentsync_demo1_10s.mp4": ("hevc", (1080, 1920)),
    "latentsync_demo2_20s.mp4": ("hevc", (1080, 1920)),
    "latentsync_demo3_20s.mp4": ("hevc", (1080, 1920)),
}


@pytest.mark.parametrize("name", sorted(VIDEOS))
def test_real_videos_pass_the_input_checks(shared_media, name: str) -> None:
    path = shared_media / "video" / name
    if not path.exists():
        pytest.skip(f"{name} is not in shared media")
    info = probe_video(path, allow_short=True)
    codec, size = VIDEOS[name]
    assert info.video_codec == codec and (info.width, info.height) == size
    report = check_samples(sample_frames(info, work_size(info.width, info.height)))
    assert report.found == report.samples >= 12 and report.multi == 0
    assert report.face_frac >= 0.15


def test_vertical_live_room_clip_clones(shared_media) -> None:
    """1080x1920 HEVC upper-body clip (10 s, so allow_short): stored at 720x1280, face tracked."""
    path = shared_media / "video" / "latentsync_demo1_10s.mp4"
    if not path.exists():
        pytest.skip("latentsync_demo1_10s.mp4 is not in shared media")
    result = create_from_video(path, "live", CreateOptions(allow_short=True))
    a = load_avatar("live")
    assert a.size == (720, 1280) and a.num_frames == 250
    q = result.manifest.quality
    assert q["face_found_pct"] > 98 and q["body_found_pct"] > 90
    assert q["voice_reference"] is not None and len(a.loop_graph.src) > 20
    player = BaseLoopPlayer(a, seed=1)
    img, _ = player.frame(1000)
    assert img.shape == (1280, 720, 3)
    # Cross-fades line the two faces up (a plain dissolve would double the eyes).
    befores, afters = [], []
    for n in range(1, 5000):
        info = player.source(n)
        if not info.blended:
            continue
        m_old, m_new = player._transforms(info)
        from studio.avatar.landmarks import STABLE as rigid  # eye corners, nose bridge

        old, new = (
            a.tracks.landmarks[info.other, rigid, :2],
            a.tracks.landmarks[info.index, rigid, :2],
        )
        before = np.abs(old - new).mean()
        after = np.abs(
            (old @ m_old[:, :2].T + m_old[:, 2]) - (new @ m_new[:, :2].T + m_new[:, 2])
        ).mean()
        if before > 1.0:
            befores.append(before)
            afters.append(after)
    assert len(befores) >= 3 and np.mean(afters) < 0.75 * np.mean(befores)
