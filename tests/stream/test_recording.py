"""Segmented recording: playable pieces with nothing lost between them, crash-safe, and
an unattended room's disk: retention, a full disk waited out without a pile of empty
files, errors that clear once they no longer hold (issue 17)."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import av
import pytest

from studio.core.errors import InputError
from studio.core.presets import VideoPreset
from studio.core.timeline import FrameRate
from studio.stream.congestion import CongestionSettings
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.muxer import holds_keyframe, recover_parts
from studio.stream.pacing import FakeClock
from studio.stream.reconnect import RetrySchedule
from studio.stream.recording import WAITING_FOR_SPACE, SegmentedRecorder
from studio.stream.retention import DAY_S, Retention, segment_name
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
from studio.core.presets import VideoPreset
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


# -- retention -------------------------------------------------------------------------
def _aged(path: Path, days_ago: float, size: int = 1000, now: float | None = None) -> Path:
    path.write_bytes(b"\0" * size)
    t = (now or time.time()) - days_ago * DAY_S
    os.utime(path, (t, t))
    return path


def _segment(folder: Path, seq: int, days_ago: float, ext: str = ".flv", size: int = 1000,
             prefix: str = "show", now: float | None = None) -> Path:  # fmt: skip
    when = datetime.fromtimestamp((now or time.time()) - days_ago * DAY_S)
    return _aged(folder / segment_name(prefix, seq, ext, when), days_ago, size, now)


def test_retention_deletes_the_oldest_own_segments_beyond_its_rule(tmp_path: Path) -> None:
    now = time.time()
    a, b = _segment(tmp_path, 1, 10, now=now), _segment(tmp_path, 2, 8, now=now)
    c = _segment(tmp_path, 3, 3, now=now)
    d = _segment(tmp_path, 4, 1, ".mp4", now=now)
    e = _segment(tmp_path, 5, 0.01, now=now)  # the newest
    # Not Studio's segments (another prefix, another container, the live .part, a note):
    # older than any rule, and never touched.
    others = [
        _aged(tmp_path / name, 30, now=now)
        for name in (
            "notes.txt",
            "other-20200101-000000-001.flv",
            "show-20200101-000000-009.flv.part",
            "show-20200101-000000-010.mov",
            "show-old.mp4",
        )
    ]
    assert Retention().expired(tmp_path, "show", now) == []
    assert Retention(keep_days=7).expired(tmp_path, "show", now) == [a, b]
    # Newest first, e + d fit in 2500 bytes; c, b, a do not.
    assert Retention(keep_bytes=2500).expired(tmp_path, "show", now) == [a, b, c]
    assert Retention(keep_days=2, keep_bytes=10_000).expired(tmp_path, "show", now) == [a, b, c]
    # The newest segment stays even when it alone is over the cap.
    assert Retention(keep_bytes=1).expired(tmp_path, "show", now) == [a, b, c, d]
    assert Retention(keep_days=7).apply(tmp_path, "show", now) == [a, b]
    assert not a.exists() and not b.exists() and c.exists() and d.exists() and e.exists()
    assert all(p.exists() for p in others)
    with pytest.raises(ValueError):
        Retention(keep_days=-1)


def test_recorder_applies_retention_at_start_and_as_segments_close(tmp_path: Path) -> None:
    old = _segment(tmp_path, 1, 10, prefix="t")
    note = _aged(tmp_path / "notes.txt", 30)
    # Parts a crash left: ours with nothing playable goes; someone else's stays.
    empty_part = tmp_path / "t-20200101-000000-002.flv.part"
    empty_part.write_bytes(b"")
    foreign_part = tmp_path / "upload.flv.part"
    foreign_part.write_bytes(b"")
    recorder = SegmentedRecorder(
        tmp_path, segment_s=2, fmt="flv", prefix="t", congestion=PATIENT,
        retention=Retention(keep_days=7, keep_bytes=1), min_free_bytes=0,
    )  # fmt: skip
    encoder = Encoder(EncoderSettings(PRESET, x264_preset="ultrafast", threads=1))
    Streamer(TestPattern(96, 64, FPS), encoder, [recorder], clock=FakeClock()).run(frames=25 * 6)
    encoder.close()
    assert len(recorder.segments) == 3
    # keep_bytes=1 keeps only the newest: each close deleted the one before.
    own = sorted(tmp_path.glob("t-*.flv"))
    assert own == [recorder.segments[-1]] and decode_counts(own[0])[0] == 50
    assert not old.exists() and not empty_part.exists()
    assert note.exists() and foreign_part.exists()


# -- a full disk -------------------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path: Path):
    """A real 3 MB filesystem (tmpfs), so that the disk really fills up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: a small filesystem cannot be made here")
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    if r.returncode != 0:
        pytest.skip(f"mounting a 3 MB tmpfs is not permitted here (needs root): {r.stderr.strip()}")
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(disk: Path) -> Path:
    """Write a file until the disk has not a byte left."""
    filler = disk / f"filler-{time.monotonic_ns()}"
    with open(filler, "wb", buffering=0) as f:
        for chunk in (65536, 4096, 1):
            try:
                while True:
                    f.write(b"\0" * chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    assert shutil.disk_usage(disk).free == 0
    return filler


def wait_for(what: Callable[[], object], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_full_disk_is_waited_out_without_empty_files_and_recording_resumes(
    small_disk: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="studio.stream")
    folder = small_disk / "rec"
    folder.mkdir()
    # A day-old segment the retention rule keeps: a full disk does not make it go.
    kept = _segment(folder, 1, 1, prefix="t", size=100_000)
    note = folder / "notes.txt"
    note.write_text("not a recording")
    filler = fill(small_disk)
    recorder = SegmentedRecorder(
        folder, segment_s=4, fmt="mp4", prefix="t", min_free_bytes=256_000,
        retry=RetrySchedule(first_s=0.1, factor=2.0, cap_s=0.4, jitter=0.0),
        retention=Retention(keep_days=7),
    )  # fmt: skip
    encoder = Encoder(EncoderSettings(PRESET, x264_preset="ultrafast", threads=1))
    stop = threading.Event()
    streamer = Streamer(TestPattern(96, 64, FPS), encoder, [recorder])
    thread = threading.Thread(target=streamer.run, kwargs={"stop": stop}, daemon=True)
    thread.start()
    try:
        # 1. No room: it waits, looks again and again, and writes nothing at all.
        wait_for(lambda: len(recorder.errors) >= 3)
        stats = recorder.stats()
        assert stats.state == WAITING_FOR_SPACE and stats.retry_in_s is not None
        assert "not enough disk space" in stats.last_error
        assert "0.3 MB must stay free" in stats.last_error  # two segments (0.26 MB) or more
        assert sorted(p.name for p in folder.iterdir()) == sorted([kept.name, note.name])
        said = [r for r in caplog.records if "not enough disk space" in r.getMessage()]
        assert len(said) == 1 and said[0].levelno == logging.WARNING  # once, not every look
        # 2. Space comes back: a new segment, and the error is gone from the status.
        filler.unlink()
        wait_for(lambda: recorder.stats().state == "recording")
        assert recorder.stats().last_error == ""
        assert "recording again" in caplog.text
        # 3. The disk fills up in the middle of that segment: what reached it is kept.
        wait_for(lambda: any(holds_keyframe(p) for p in folder.glob("*.part")))
        fill(small_disk)
        wait_for(lambda: any("No space left on device" in e for e in recorder.errors))
        wait_for(lambda: recorder.stats().state == WAITING_FOR_SPACE)
    finally:
        stop.set()
        thread.join(30)
        encoder.close()
    assert not list(folder.glob("*.part"))
    assert kept.exists() and note.exists()
    made = sorted(set(folder.iterdir()) - {kept, note})
    assert made == sorted(recorder.segments) and len(made) >= 1
    for path in made:  # every file it left plays from a keyframe, the cut one too
        frames, _, keys = decode_counts(path)
        assert frames > 0 and keys[0] == 0, path.name
