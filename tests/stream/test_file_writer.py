"""Real encoding with PyAV/FFmpeg, checked by decoding the file again."""

from pathlib import Path

import av
import numpy as np
import pytest

from studio.core.errors import InputError
from studio.core.presets import VideoPreset, get_preset
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.stream.file_writer import MediaFileWriter

SMALL = VideoPreset("test", 320, 240, FrameRate(25), video_kbps=800)


def _write(path: Path, seconds: int, preset: VideoPreset = SMALL) -> None:
    fps = preset.fps
    t = np.arange(seconds * SAMPLE_RATE) / SAMPLE_RATE
    tone = (np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16)
    with MediaFileWriter(path, preset) as w:
        for f in range(seconds * 25):
            frame = np.full((preset.height, preset.width, 3), (f * 5) % 255, dtype=np.uint8)
            w.write_video(frame)
            w.write_audio(tone[fps.frame_start_sample(f) : fps.frame_start_sample(f + 1)])


def test_mp4_has_h264_and_aac_of_the_right_length(tmp_path: Path) -> None:
    out = tmp_path / "a.mp4"
    _write(out, 3)
    assert out.exists() and not out.with_name("a.mp4.part").exists()
    with av.open(str(out)) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        assert v.codec_context.name == "h264" and (v.width, v.height) == (320, 240)
        assert a.codec_context.name == "aac" and a.sample_rate == SAMPLE_RATE and a.channels == 2
        assert "AI-generated" in c.metadata.get("comment", "")
        frames = list(c.decode(video=0))
        assert len(frames) == 75
        keyframes = [f.pts * f.time_base for f in frames if f.key_frame]
        assert [float(k) for k in keyframes] == [0.0, 2.0]
    with av.open(str(out)) as c:
        pcm = np.concatenate([f.to_ndarray()[0] for f in c.decode(audio=0)])
    # AAC priming/padding aside, the audio lasts as long as the video and keeps the tone.
    assert abs(len(pcm) / SAMPLE_RATE - 3.0) < 0.05
    assert (
        0.15 < np.sqrt(np.mean(pcm[SAMPLE_RATE : 2 * SAMPLE_RATE] ** 2)) < 0.2
    )  # 8000/32768/sqrt(2)


def test_vertical_preset_writes_a_playable_file(tmp_path: Path) -> None:
    out = tmp_path / "v.flv"
    _write(out, 1, get_preset("vertical-720"))
    with av.open(str(out)) as c:
        assert (c.streams.video[0].width, c.streams.video[0].height) == (720, 1280)
        assert sum(1 for _ in c.decode(video=0)) == 25


def test_crash_leaves_no_half_file(tmp_path: Path) -> None:
    out = tmp_path / "crash.mp4"
    with pytest.raises(RuntimeError), MediaFileWriter(out, SMALL) as w:
        w.write_video(np.zeros((240, 320, 3), dtype=np.uint8))
        raise RuntimeError("boom")
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_bad_names_and_sizes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown container"):
        MediaFileWriter(tmp_path / "x.avi2", SMALL)
    with pytest.raises(InputError, match="unknown preset"):
        get_preset("square")
    with MediaFileWriter(tmp_path / "y.mp4", SMALL) as w, pytest.raises(ValueError):
        w.write_video(np.zeros((10, 10, 3), dtype=np.uint8))
