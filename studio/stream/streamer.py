"""The stream stage: pace frames in real time, encode once, hand packets to every output.

Frame N is released at ``start + N/fps`` by a ``Pacer``. Its picture comes from the
``FrameSource`` (rendered ahead in a thread for real time); when the picture is not
ready in time the last one is repeated and counted as *lagged*, and the renderer skips
ahead, so the picture keeps its place on the timeline. Audio for slot N is always
taken and encoded in full: never stretched, never dropped, so the A/V offset stays 0.
If the stage itself falls more than ``max_late_frames`` behind (encoding too slow), it
skips encoding video frames (*skipped*) until it is on time again, audio still whole.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np

from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.stream.audiotap import AudioTap
from studio.stream.output import Output
from studio.stream.pacing import NS, Clock, FakeClock, MonotonicClock, Pacer
from studio.stream.packets import EncodedPacket, StreamConfig
from studio.stream.preview import PreviewTap
from studio.stream.stats import RateMeter, StreamStats

log = logging.getLogger(__name__)


class FrameSource(Protocol):
    """The show as a function of the frame number."""

    def video(self, index: int) -> np.ndarray:
        """BGR uint8 picture of frame ``index`` (the stage never modifies it)."""
        ...

    def audio(self, index: int) -> np.ndarray:
        """int16 samples of frame ``index``: ``fps.samples_in_frame(index)`` of them."""
        ...


class EncoderLike(Protocol):
    config: StreamConfig
    video_codec: str

    def encode_video(self, frame_bgr: np.ndarray, index: int) -> list[EncodedPacket]: ...

    def encode_audio(self, pcm: np.ndarray) -> list[EncodedPacket]: ...

    def request_keyframe(self) -> None: ...

    def flush(self) -> list[EncodedPacket]: ...

    @property
    def samples_in(self) -> int: ...


RENDER_AHEAD = 6  # frames rendered ahead of the pacer, live


class RenderAhead:
    """Renders frames a few slots ahead of the pacer in its own thread.

    It renders the frame that will be due when its picture is done (from a running
    average of render times), skipping the ones it cannot make in time: a renderer
    slower than real time shows fewer distinct frames, each at its right moment.
    """

    def __init__(self, source: FrameSource, pacer: Pacer, ahead: int = 3) -> None:
        self._source = source
        self._pacer = pacer
        self._ahead = ahead
        self._ready: dict[int, np.ndarray] = {}
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._taken = -1
        self._render_ns = 0  # running average of one frame's render time
        self._slot_s = pacer.fps.den / pacer.fps.num
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="render-ahead", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        self._thread.join(5.0)

    def _plan(self, next_index: int) -> tuple[int, int]:
        """(frame to render next, the furthest frame worth rendering now).

        A picture is useful only if it is ready before its slot starts, so the target is
        the first slot starting after a render from now would end (with 25 % margin).
        """
        if self._pacer.start_ns is None:  # before the clock starts: from frame 0
            return max(next_index, self._taken + 1), self._ahead
        now = self._pacer.clock.now_ns()
        slot_ns = NS * self._pacer.fps.den // self._pacer.fps.num
        lead = -(-self._render_ns * 5 // 4 // slot_ns) + 1
        first_useful = self._pacer.frame_at_ns(now) + lead
        target = max(next_index, self._taken + 1, first_useful)
        return target, first_useful + self._ahead

    def take(self, index: int, wait_s: float = 0.0) -> np.ndarray | None:
        """Frame ``index`` if rendered (waiting up to ``wait_s``), else None."""
        with self._cond:
            if index not in self._ready and wait_s > 0:
                self._cond.wait_for(lambda: index in self._ready or self._stop.is_set(), wait_s)
            frame = self._ready.pop(index, None)
            for old in [k for k in self._ready if k < index]:
                del self._ready[old]
            self._taken = index
            self._cond.notify_all()
            return frame

    def _run(self) -> None:
        next_index = 0
        try:
            while not self._stop.is_set():
                with self._cond:
                    target, limit = self._plan(next_index)
                    if target > limit:  # far enough ahead: until a frame is taken
                        self._cond.wait(self._slot_s)  # (take() wakes it; a slot at most)
                        continue
                next_index = target
                started = time.monotonic_ns()
                frame = self._source.video(next_index)
                spent = time.monotonic_ns() - started
                self._render_ns = (
                    spent if not self._render_ns else (7 * self._render_ns + spent) // 8
                )
                with self._cond:
                    self._ready[next_index] = frame
                    self._cond.notify_all()
                next_index += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the stage, which stops
            self.error = exc
            log.exception("rendering failed")


class Streamer:
    """Runs one show into several outputs; see the module docstring."""

    def __init__(
        self,
        source: FrameSource,
        encoder: EncoderLike,
        outputs: Sequence[Output] = (),
        *,
        clock: Clock | None = None,
        taps: Sequence[PreviewTap] = (),
        render_ahead: int | None = None,
        max_late_frames: int = 3,
    ) -> None:
        self.source = source
        self.encoder = encoder
        self.outputs = list(outputs)
        self.taps = list(taps)
        self.audio_taps: list[AudioTap] = []  # what viewers hear: the window's meter, monitor
        self.clock = clock or MonotonicClock()
        self.config = encoder.config
        self.fps: FrameRate = self.config.fps
        self.pacer = Pacer(self.fps, self.clock)
        # Real time renders ahead in a thread; a simulated clock renders in line.
        if render_ahead is None:
            # 6 frames (240 ms at 25 fps) ride out a hiccup (a synthesis, a commit, a
            # neighbour room's burst) that 3 did not, on a machine shared by 3 rooms
            render_ahead = 0 if isinstance(self.clock, FakeClock) else RENDER_AHEAD
        self.render_ahead = render_ahead
        self.max_late_frames = max_late_frames
        self._lock = threading.Lock()
        self._frames = 0  # slots emitted (the video clock)
        self._lagged = 0
        self._skipped = 0
        self._fps_meter = RateMeter()
        self._video_meter = RateMeter()
        self._audio_warned = False
        self._started = False
        self._outputs_live = False  # between the outputs' start and their stop in run()

    # -- running -------------------------------------------------------------------
    def run(
        self,
        frames: int | None = None,
        stop: threading.Event | None = None,
        on_stats: Callable[[StreamStats], None] | None = None,
        stats_every_s: float = 5.0,
    ) -> StreamStats:
        """Stream ``frames`` frames (None: until ``stop`` is set); blocks; returns stats.

        ``on_stats`` gets a snapshot every ``stats_every_s`` seconds of clock time (on
        the stream's thread: keep it quick). A Streamer runs once.
        """
        stop = stop or threading.Event()
        started: list[Output] = []
        render = None
        try:
            with self._lock:  # outputs added from now on are started as they come
                for out in self.outputs:
                    out.start(self.config, self.encoder.request_keyframe)
                    started.append(out)
                self._outputs_live = True
            first: np.ndarray | None = None
            if self.render_ahead:
                render = RenderAhead(self.source, self.pacer, self.render_ahead)
                render.start()  # frame 0 is rendered before the clock starts: never lagged
                first = self._first_picture(render, stop)
            self._loop(frames, stop, render, first, on_stats, round(stats_every_s * 1e9))
        finally:
            if render is not None:
                render.stop()
            try:
                self._fan_out(self.encoder.flush())
            finally:
                with self._lock:
                    live = self.outputs if self._outputs_live else started
                    self._outputs_live = False
                for out in live:
                    out.stop()
        final = self.stats()
        log.info("stream ended: %s", final.line())
        return final

    def add_output(self, output: Output) -> None:
        """Add an output to the running stream (going live while previewing): it starts at
        the next keyframe, as a reconnect does. Before ``run`` it is simply one more."""
        with self._lock:
            if self._outputs_live:
                output.start(self.config, self.encoder.request_keyframe)
            # A new list, not an append: the stream thread may be iterating the old one.
            self.outputs = [*self.outputs, output]

    def remove_output(self, output: Output) -> None:
        """Take an output off the running stream; it flushes and stops (the rest go on)."""
        with self._lock:
            if output not in self.outputs:
                return
            self.outputs = [o for o in self.outputs if o is not output]
            started = self._outputs_live
        if started:
            output.stop()

    @property
    def started(self) -> bool:
        """Whether the clock has started (stats have meaning from then on)."""
        return self._started

    def _loop(
        self,
        frames: int | None,
        stop: threading.Event,
        render: RenderAhead | None,
        first: np.ndarray | None,
        on_stats: Callable[[StreamStats], None] | None,
        stats_every_ns: int,
    ) -> None:
        self.pacer.start()
        self._started = True
        next_stats = self.pacer.deadline_ns(0) + stats_every_ns
        last: np.ndarray | None = None
        index = 0
        while (frames is None or index < frames) and not stop.is_set():
            if not self.pacer.wait(index, stop):
                return
            late = self.pacer.frames_late(index)
            if index == 0 and first is not None:
                frame: np.ndarray | None = first
            elif render is not None:
                frame = render.take(index)
                if render.error:
                    raise render.error
            else:  # in line: when behind, skip this picture so rendering catches up
                frame = self.source.video(index) if late == 0 or last is None else None
            lagged = frame is None
            last = frame = last if frame is None else frame
            assert frame is not None
            skip = late > self.max_late_frames and index > 0
            self._emit(index, frame, lagged, skip)
            if on_stats is not None and self.clock.now_ns() >= next_stats:
                next_stats = self.clock.now_ns() + stats_every_ns
                on_stats(self.stats())
            index += 1

    def _emit(self, index: int, frame: np.ndarray, lagged: bool, skip: bool) -> None:
        """Encode slot ``index`` (its video unless skipped, its audio always) and send it."""
        packets: list[EncodedPacket] = []
        if not skip:
            packets += self.encoder.encode_video(frame, index)
        pcm = self._audio(index)
        packets += self.encoder.encode_audio(pcm)
        self._fan_out(packets)
        for tap in self.taps:
            tap.offer(index, frame)
        for audio_tap in self.audio_taps:
            audio_tap.offer(index, pcm)
        now = self.clock.now_ns()
        with self._lock:
            self._frames = index + 1
            self._lagged += lagged
            self._skipped += skip
        self._fps_meter.add(now)
        self._video_meter.add(now, sum(len(p.data) for p in packets if p.is_video))

    def _first_picture(self, render: RenderAhead, stop: threading.Event) -> np.ndarray | None:
        while not stop.is_set():
            frame = render.take(0, wait_s=0.2)
            if render.error:
                raise render.error
            if frame is not None:
                return frame
        return None

    def _audio(self, index: int) -> np.ndarray:
        want = self.fps.samples_in_frame(index)
        pcm = self.source.audio(index)
        n = pcm.shape[0]
        if n == want:
            return pcm
        if not self._audio_warned:
            log.warning("frame %d has %d audio samples, expected %d; fixing", index, n, want)
            self._audio_warned = True
        if n > want:
            return pcm[:want]
        pad = np.zeros((want - n, *pcm.shape[1:]), dtype=pcm.dtype)
        return np.concatenate([pcm, pad])

    def _fan_out(self, packets: list[EncodedPacket]) -> None:
        for packet in packets:
            for out in self.outputs:
                out.send(packet)

    # -- reporting -----------------------------------------------------------------
    def stats(self) -> StreamStats:
        """A snapshot; safe from any thread."""
        now = self.clock.now_ns()
        fps, _ = self._fps_meter.rates(now)
        _, video_bps = self._video_meter.rates(now)
        with self._lock:
            frames, lagged, skipped = self._frames, self._lagged, self._skipped
        samples = self.encoder.samples_in
        # Audio pushed vs the audio the video's frames cover (on the sample grid).
        offset = samples - self.fps.frame_start_sample(frames)
        return StreamStats(
            uptime_s=self.pacer.elapsed_ns() / 1e9 if self._started else 0.0,
            frames=frames,
            fps=fps,
            video_kbps=video_bps / 1000,
            lagged=lagged,
            skipped=skipped,
            av_offset_ms=offset * 1000 / SAMPLE_RATE,
            encoder=self.encoder.video_codec,
            outputs=tuple(out.stats() for out in self.outputs),
        )
