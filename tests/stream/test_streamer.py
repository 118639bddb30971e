"""The real-time stage: slow rendering repeats frames in their slots; the preview tap."""

from __future__ import annotations

import os
import threading
import time

import numpy as np
import pytest

from studio.core.presets import VideoPreset
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.stream.encoder import EncoderSettings
from studio.stream.preview import PreviewTap
from studio.stream.simulate import NullEncoder
from studio.stream.streamer import Streamer

FPS = FrameRate(25)
PRESET = VideoPreset("sim", 16, 16, FPS)


class SlowShow:
    """Pictures that carry their frame number and take ``render_s`` each to make."""

    def __init__(self, render_s: float) -> None:
        self.render_s = render_s
        self.threads: set[str] = set()

    def video(self, index: int) -> np.ndarray:
        self.threads.add(threading.current_thread().name)
        time.sleep(self.render_s)
        frame = np.zeros((16, 16, 3), dtype=np.uint8)
        frame[0, 0, :] = [index & 255, (index >> 8) & 255, 0]
        return frame

    def audio(self, index: int) -> np.ndarray:
        return np.full(FPS.samples_in_frame(index), index & 0x7FFF, dtype=np.int16)


class ShownFrames(PreviewTap):
    """A tap that also remembers which picture was shown in which slot."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[int, int]] = []

    def offer(self, index: int, frame: np.ndarray) -> None:
        super().offer(index, frame)
        self.shown.append((index, int(frame[0, 0, 0]) + 256 * int(frame[0, 0, 1])))


def test_a_renderer_slower_than_real_time_never_shows_a_frame_out_of_its_slot() -> None:
    show = SlowShow(render_s=0.07)  # 14 pictures a second for a 25 fps stream
    tap = ShownFrames()
    encoder = NullEncoder(EncoderSettings(PRESET))
    stats = Streamer(show, encoder, taps=[tap]).run(frames=50)
    assert stats.frames == 50 and stats.av_offset_ms == 0
    assert encoder.samples_in == 50 * SAMPLE_RATE // 25  # audio whole
    assert show.threads == {"render-ahead"}  # rendering ran beside the pacer
    fresh = [slot for slot, picture in tap.shown if picture == slot]
    repeats = [(slot, picture) for slot, picture in tap.shown if picture != slot]
    assert stats.lagged == len(repeats) > 0
    assert len(fresh) > 5
    # A repeat is always an earlier picture, and pictures never go backwards.
    assert all(picture < slot for slot, picture in repeats)
    pictures = [picture for _, picture in tap.shown]
    assert pictures == sorted(pictures)


def test_the_preview_keeps_only_the_newest_frame_and_never_holds_the_stream_up() -> None:
    tap = PreviewTap()
    assert tap.latest() is None and tap.wait_newer(-1, timeout=0.01) is None
    encoder = NullEncoder(EncoderSettings(PRESET))
    # Nobody reads the tap while 25 frames stream in real time (a frozen GUI).
    stats = Streamer(SlowShow(0.0), encoder, taps=[tap]).run(frames=25)
    assert stats.frames == 25 and tap.offered == 25
    index, frame = tap.latest()
    assert index == 24 and frame[0, 0, 0] == 24
    assert tap.wait_newer(23, timeout=0.01)[0] == 24
    assert tap.wait_newer(24, timeout=0.01) is None  # nothing newer arrived
    # A reader waiting in another thread is woken by the next frame.
    got: list = []
    reader = threading.Thread(target=lambda: got.append(tap.wait_newer(24, timeout=5)))
    reader.start()
    tap.offer(25, frame)
    reader.join(5)
    assert got and got[0][0] == 25


def sleeps(native_id: int) -> int:
    """How often the thread went to sleep by itself (preemptions by a busy machine aside)."""
    with open(f"/proc/self/task/{native_id}/status") as status:
        for line in status:
            if line.startswith("voluntary_ctxt_switches:"):
                return int(line.split()[1])
    raise AssertionError("no voluntary_ctxt_switches in /proc")


def test_a_renderer_ahead_of_the_clock_sleeps_until_a_frame_is_taken() -> None:
    # Rendering faster than real time, the render-ahead thread waits for the stream to
    # take a frame (one wake-up a frame), not in a 10 ms poll (100 a second).
    if not os.path.isdir("/proc/self/task"):
        pytest.skip("reads Linux /proc")
    seen: dict[str, int] = {}

    class Counted(SlowShow):
        def video(self, index: int) -> np.ndarray:
            tid = threading.get_native_id()
            seen.setdefault("first", sleeps(tid))
            seen["last"] = sleeps(tid)
            return super().video(index)

    frames = 50  # 2 s
    Streamer(Counted(0.0), NullEncoder(EncoderSettings(PRESET))).run(frames=frames)
    woken = seen["last"] - seen["first"]
    assert woken < 3 * frames, f"{woken} wake-ups for {frames} frames"
