"""Segmented recording: playable pieces with nothing lost between them, and crash-safe."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import av
import pytest

from studio.core.errors import InputError
from studio.core.timeline import FrameRate
from studio.stream.congestion import CongestionSettings
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.muxer import recover_parts
from studio.stream.pacing import FakeClock
from studio.stream.presets import VideoPreset
from studio.stream.recording import SegmentedRecorder
from studio.stream.simulate import TestPattern
from studio.stream.streamer import Streamer

FPS = FrameRate(25)
PRESET = VideoPreset("test", 96, 64, FPS, video_kbps=200, audio_kbps=64)
# This test is about cutting, not about a slow disk: never drop.
PATIENT = CongestionSettings(drop_after_ms=3_600_000, stall_after_ms=7_200_000)


def decode_counts(path: Path) -> tuple[int, int, list[int]]:
    """(video frames, audio samples, keyframe indices) of a file, decoding until it ends."""
    frames, keys, samples = 0, [], 0
    with av.open(str(path)) as c:
        try:
            for frame in c.decode(video=0):
                if frame.key_frame:
                    keys.append(frames)
                frames += 1
        except av.FFmpegError:
            pass  # a file cut by a crash ends mid-fragment
    with av.open(str(path)) as c:
        try:
            for frame in c.decode(audio=0):
                samples += frame.samples
        except av.FFmpegError:
            pass
    return frames, samples, keys


@pytest.mark.parametrize("fmt", ["mp4", "flv"])
def test_segments_start_on_keyframes_and_lose_nothing_between_them(
    tmp_path: Path, fmt: str
) -> None:
    recorder = SegmentedRecorder(tmp_path, segment_s=4, fmt=fmt, prefix="t", congestion=PATIENT)
    encoder = Encoder(EncoderSettings(PRESET, x264_preset="ultrafast", threads=1))
    total = 25 * 11  # 11 s: segments of 4 + 4 + 3 s
    stats = Streamer(TestPattern(96, 64, FPS), encoder, [recorder], clock=FakeClock()).run(
        frames=total
    )
    encoder.close()
    assert stats.outputs[0].dropped_video == 0
    assert [p.suffix for p in recorder.segments] == [f".{fmt}"] * 3
    assert not list(tmp_path.glob("*.part"))
    counts = [decode_counts(p) for p in recorder.segments]
    assert [c[0] for c in counts] == [100, 100, 75]
    assert all(c[2][0] == 0 for c in counts)  # each piece opens on a keyframe
    samples = sum(c[1] for c in counts)
    assert abs(samples - total * 1920) <= 1024 * len(counts)  # AAC framing at the cuts
    assert all(
        "AI-generated" in av.open(str(p)).metadata.get("comment", "") for p in recorder.segments
    )


def test_bad_settings_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot record as 'avi'"):
        SegmentedRecorder(tmp_path, fmt="avi")
    with pytest.raises(InputError, match="positive"):
        SegmentedRecorder(tmp_path, segment_s=0)


CHILD = """
import sys
from studio.core.timeline import FrameRate
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.presets import VideoPreset
from studio.stream.recording import SegmentedRecorder
from studio.stream.simulate import TestPattern
from studio.stream.streamer import Streamer

preset = VideoPreset("test", 96, 64, FrameRate(25), video_kbps=200, audio_kbps=64)
recorder = SegmentedRecorder(sys.argv[1], segment_s=2, fmt="mp4", prefix="crash")
encoder = Encoder(EncoderSettings(preset, x264_preset="ultrafast", threads=1))
Streamer(TestPattern(96, 64, preset.fps), encoder, [recorder]).run()  # until killed
"""


def test_a_crash_leaves_finished_segments_whole_and_the_live_one_recoverable(
    tmp_path: Path,
) -> None:
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(CHILD), str(tmp_path)])
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("*.mp4"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.6)  # well into the third segment: at least one fragment on disk
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finished = sorted(tmp_path.glob("*.mp4"))
    (part,) = tmp_path.glob("*.mp4.part")
    assert len(finished) >= 2
    for path in finished[:2]:
        frames, samples, keys = decode_counts(path)
        assert frames == 50 and keys[0] == 0 and abs(samples - 50 * 1920) <= 2048
    frames, samples, keys = decode_counts(part)
    assert frames >= 25 and keys[0] == 0 and samples >= 20 * 1920  # plays up to the cut
    # The next recorder in that folder gives the cut piece its name.
    (recovered,) = recover_parts(tmp_path)
    assert recovered.name == part.name.removesuffix(".part")
    assert decode_counts(recovered)[0] == frames
