"""Pacing and timestamps on the integer timeline, a day of it simulated in seconds."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from studio.core.presets import VideoPreset
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.muxer import FileOutput
from studio.stream.output import KeyframeGate
from studio.stream.pacing import NS, FakeClock, MonotonicClock, Pacer
from studio.stream.packets import EncodedPacket, StreamConfig
from studio.stream.simulate import NullEncoder, TestPattern
from studio.stream.stats import OutputStats
from studio.stream.streamer import Streamer


class StillShow:
    """The cheapest show: one picture, silence; optionally slow on some frames."""

    def __init__(self, fps: FrameRate, clock: FakeClock | None = None, slow: dict | None = None):
        self.fps = fps
        self.frame = np.zeros((8, 8, 3), dtype=np.uint8)
        self.silence = np.zeros(SAMPLE_RATE, dtype=np.int16)
        self.clock, self.slow = clock, slow or {}
        self.rendered: list[int] = []

    def video(self, index: int) -> np.ndarray:
        self.rendered.append(index)
        if self.clock is not None and index in self.slow:
            self.clock.advance(self.slow[index])  # this picture took that long
        return self.frame

    def audio(self, index: int) -> np.ndarray:
        return self.silence[: self.fps.samples_in_frame(index)]


class TimelineSink:
    """An output that keeps what an RTMP connection would stamp (FLV milliseconds)."""

    name = "timeline"

    def start(self, config: StreamConfig, request_keyframe) -> None:
        self.config = config
        self.gate = KeyframeGate(config)
        self.last: dict[str, EncodedPacket] = {}
        self.count = {"video": 0, "audio": 0}
        self.keyframes = 0
        self.in_order = True

    def send(self, packet: EncodedPacket) -> None:
        for p in self.gate.feed(packet):
            last = self.last.get(p.kind)
            if last is not None and p.dts <= last.dts:
                self.in_order = False
            self.last[p.kind] = p
            self.count[p.kind] += 1
            self.keyframes += p.keyframe and p.kind == "video"

    def end_ms(self, kind: str) -> int:
        """Where the last packet of ``kind`` ends, in this connection's milliseconds."""
        p = self.last[kind]
        return self.config.units_to_ms(kind, p.pts + p.duration - self.gate.origin.of(p))

    def stop(self, timeout: float = 5.0) -> None:
        pass

    def stats(self) -> OutputStats:
        return OutputStats(self.name, "stopped")


def test_pacer_deadlines_are_exact_for_any_rate() -> None:
    clock = FakeClock(start_ns=123)
    pacer = Pacer(FrameRate(30000, 1001), clock)
    pacer.start()
    n = 30 * 3600 * 24  # a day of NTSC frames
    assert pacer.deadline_ns(n) - 123 == n * 1001 * NS // 30000
    assert pacer.deadline_ns(30000) - 123 == 1001 * NS  # exactly 1001 s, no drift
    clock.advance(pacer.deadline_ns(5) - 123 + 1)
    assert pacer.due_frame() == 5 and pacer.frames_late(3) == 2 and pacer.frames_late(9) == 0


def test_monotonic_clock_sleeps_until_the_deadline_and_stops_early() -> None:
    import threading

    clock = MonotonicClock()
    t0 = clock.now_ns()
    assert clock.sleep_until_ns(t0 + 20_000_000) and clock.now_ns() >= t0 + 20_000_000
    stop = threading.Event()
    stop.set()
    assert not clock.sleep_until_ns(clock.now_ns() + 10 * NS, stop)  # returns at once


@pytest.mark.parametrize(
    ("fps", "hours"),
    [
        pytest.param(FrameRate(25), 24, marks=pytest.mark.slow),
        (FrameRate(30000, 1001), 1),
    ],
)
def test_a_day_of_show_ends_with_audio_and_video_together(fps: FrameRate, hours: int) -> None:
    """24 h through the real stage, pacer and timestamp logic; a fake clock, no codec.

    (30000/1001 fps, whose frames hold 1601 or 1602 samples, runs for one hour.)
    """
    clock = FakeClock()
    seconds = hours * 3600
    frames = fps.frames_for_samples(seconds * SAMPLE_RATE)
    sink = TimelineSink()
    preset = VideoPreset("sim", 8, 8, fps)
    stats = Streamer(StillShow(fps), NullEncoder(EncoderSettings(preset)), [sink], clock=clock).run(
        frames=frames
    )
    assert stats.frames == frames and stats.lagged == 0 and stats.skipped == 0
    assert stats.av_offset_ms == 0  # the integer clocks agree exactly
    # The pacer released the last frame exactly at its slot: no drift in 24 h.
    assert clock.now_ns() == (frames - 1) * NS * fps.den // fps.num
    assert sink.in_order
    video_end, audio_end = sink.end_ms("video"), sink.end_ms("audio")
    one_frame_ms = 1000 * fps.den / fps.num
    assert abs(video_end - seconds * 1000) <= one_frame_ms
    assert abs(audio_end - video_end) <= one_frame_ms
    assert sink.count["video"] == frames  # every frame, one packet each
    assert sink.keyframes == -(-frames // EncoderSettings(preset).gop_frames)


def test_late_pictures_repeat_the_last_frame_and_audio_stays_whole() -> None:
    fps = FrameRate(25)
    clock = FakeClock()
    # Frame 10's picture takes 130 ms (done in slot 13), frame 50's 500 ms (slot 62).
    show = StillShow(fps, clock, slow={10: 130_000_000, 50: 500_000_000})
    sink = TimelineSink()
    enc = NullEncoder(EncoderSettings(VideoPreset("sim", 8, 8, fps)))
    stats = Streamer(show, enc, [sink], clock=clock).run(frames=100)
    assert stats.frames == 100 and stats.av_offset_ms == 0
    # Slots 11-12 and 51-61 passed while a picture was being made: the last one repeats.
    assert stats.lagged == 2 + 11
    assert {11, 12, 51, 61}.isdisjoint(show.rendered) and {13, 62} <= set(show.rendered)
    # Slots 51-58 were more than 3 frames behind: not even encoded, to catch up.
    assert stats.skipped == 8
    assert sink.count["video"] == 100 - 8
    assert enc.samples_in == 100 * 1920  # never stretched, never dropped
    assert abs(sink.end_ms("audio") - sink.end_ms("video")) <= 40


def test_a_real_encode_simulated_faster_than_real_time_ends_in_step(tmp_path: Path) -> None:
    """Two minutes through the real encoder and MP4 muxer on a fake clock."""
    fps = FrameRate(25)
    preset = VideoPreset("sim", 64, 48, fps, video_kbps=100, audio_kbps=64)
    frames = 2 * 60 * 25
    out = FileOutput(tmp_path / "two-minutes.mp4")
    enc = Encoder(EncoderSettings(preset, x264_preset="ultrafast", threads=1))
    stats = Streamer(TestPattern(64, 48, fps), enc, [out], clock=FakeClock()).run(frames=frames)
    enc.close()
    assert stats.av_offset_ms == 0 and out.written is not None
    with av.open(str(out.written)) as c:
        v = c.streams.video[0]
        video_end = max(p.pts * p.time_base for p in c.demux(v) if p.pts is not None)
    with av.open(str(out.written)) as c:
        a = c.streams.audio[0]
        audio_end = max((p.pts + p.duration) * p.time_base for p in c.demux(a) if p.pts is not None)
    video_end += Fraction(1, 25)  # the last frame lasts one frame
    first = out.file.origin.video if out.file else 0
    assert video_end == Fraction(frames - first, 25)
    assert abs(audio_end - video_end) <= Fraction(1, 25)
