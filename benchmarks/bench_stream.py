"""Streaming on this machine: encode speed, CPU of a live stream, recovery time.

Run: .venv/bin/python benchmarks/bench_stream.py [--seconds 20] [--only encode|live|recover]

1. Encode fps of the stream's encoder (BGR -> I420 conversion + H.264 zerolatency, as
   streamed; x264 "superfast", the live default, and "veryfast", the file default) for
   each preset, with 1 and 2 encoder threads. Frames are the public-domain astronaut
   portrait moving a little every frame.
2. CPU while streaming 720x1280@25 in real time to a local nginx-rtmp (and, in a
   second run, also recording segments): user+sys seconds of this process per wall
   second, in % of one core. The pictures are pre-rendered, so this is the stream stage
   alone (pacing, encode, RTMP, recording). Target: under 50 %.
3. Time from the ingest coming back to the first picture received there, after
   outages of several lengths, with the default OBS schedule (2 s, x1.5, cap 60 s).
   The receiver is FFmpeg's listen mode (it sees a publisher from its first byte).
   Target: under 5 s. Also shown: the part after the retry fires (connect, publish,
   first keyframe), which does not depend on where the schedule is.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

import cv2
import numpy as np
from summary import record as summary

from studio.core.presets import PRESETS, VideoPreset
from studio.core.timeline import SAMPLE_RATE, FrameRate
from studio.stream.encoder import Encoder, EncoderSettings
from studio.stream.ingest import parse_ingest
from studio.stream.localserver import ListenReceiver, NginxRtmp, nginx_binary
from studio.stream.recording import SegmentedRecorder
from studio.stream.rtmp_output import RtmpOutput
from studio.stream.streamer import Streamer


class Portrait:
    """Pre-rendered frames of the astronaut drifting slowly; a quiet 440 Hz tone."""

    def __init__(self, preset: VideoPreset, n: int = 50) -> None:
        from skimage import data

        rgb = data.astronaut()
        w, h = preset.width, preset.height
        scale = max(w / rgb.shape[1], h / rgb.shape[0]) * 1.1
        big = cv2.resize(rgb[:, :, ::-1], None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        self.frames = []
        for i in range(n):  # a slow sway, like a presenter's head
            dx = int(round(6 * np.sin(2 * np.pi * i / n)))
            dy = int(round(4 * np.cos(2 * np.pi * i / n)))
            x0, y0 = (big.shape[1] - w) // 2 + dx, (big.shape[0] - h) // 2 + dy
            self.frames.append(np.ascontiguousarray(big[y0 : y0 + h, x0 : x0 + w]))
        self.fps = preset.fps
        t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
        self.tone = (np.sin(2 * np.pi * 440 * t) * 3000).astype(np.int16)

    def video(self, index: int) -> np.ndarray:
        return self.frames[index % len(self.frames)]

    def audio(self, index: int) -> np.ndarray:
        start = self.fps.frame_start_sample(index) % SAMPLE_RATE
        n = self.fps.samples_in_frame(index)
        return np.resize(np.roll(self.tone, -start), n)


def cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


# -- 1. encode speed -------------------------------------------------------------------
def bench_encode() -> None:
    print("\n## Encode speed (libx264 zerolatency; BGR->I420 included)\n")
    print("| preset | size | x264 | threads | encode fps | x real time (25 fps) |")
    print("|---|---|---|---:|---:|---:|")
    for preset in PRESETS.values():
        src = Portrait(preset, n=25)
        for x264, threads in (("superfast", 1), ("superfast", 2), ("veryfast", 1), ("veryfast", 2)):
            enc = Encoder(EncoderSettings(preset, x264, threads=threads, hardware="off"))
            for i in range(10):  # warm up
                enc.encode_video(src.video(i), i)
            n = 75 if preset.height * preset.width <= 1280 * 720 else 50
            t0 = time.perf_counter()
            for i in range(10, 10 + n):
                enc.encode_video(src.video(i), i)
            fps = n / (time.perf_counter() - t0)
            enc.close()
            size = f"{preset.width}x{preset.height}"
            print(f"| {preset.name} | {size} | {x264} | {threads} | {fps:.0f} | {fps / 25:.1f} |")
            if x264 == "superfast" and threads == 1:
                summary("encode", f"{preset.name} x264 superfast, 1 thread", fps, "fps", ">= 25")
    hw = Encoder(EncoderSettings(PRESETS["vertical-720"], hardware="auto"))
    print(f"\nhardware probe: the stream would use {hw.video_codec}")
    hw.close()


# -- 2. CPU of a live stream -------------------------------------------------------------
def bench_live(seconds: float, workdir: Path) -> None:
    print(f"\n## CPU while streaming 720x1280@25 in real time ({seconds:g} s per run)\n")
    if nginx_binary() is None:
        print("nginx with the RTMP module is not installed: skipped (make deps)")
        return
    preset = PRESETS["vertical-720"]
    src = Portrait(preset)
    print("| outputs | x264 preset | threads | CPU % of one core | fps | kb/s | lagged | skipped |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    server = NginxRtmp(workdir / "nginx")
    server.start()
    try:
        runs = [("superfast", 1, False), ("superfast", 0, False), ("superfast", 0, True),
                ("veryfast", 0, False)]  # fmt: skip
        for i, (x264, threads, record) in enumerate(runs):
            outputs: list = [RtmpOutput(parse_ingest(server.url(key=f"bench{i}")))]
            if record:
                outputs.append(SegmentedRecorder(workdir / f"rec{i}", segment_s=10))
            enc = Encoder(EncoderSettings(preset, x264, threads=threads, hardware="off"))
            streamer = Streamer(src, enc, outputs)
            frames = int(seconds * 25)
            c0, t0 = cpu_s(), time.monotonic()
            stats = streamer.run(frames=frames)
            cpu, wall = cpu_s() - c0, time.monotonic() - t0
            enc.close()
            names = " + ".join(o.name for o in stats.outputs)
            print(
                f"| {names} | {x264} | {threads or 'auto'} | {100 * cpu / wall:.0f} | "
                f"{frames / wall:.1f} | {stats.outputs[0].bytes_sent * 8 / wall / 1000:.0f} | "
                f"{stats.lagged} | {stats.skipped} |"
            )
            if i == 0:
                summary(
                    "stream", "stream stage CPU, 720x1280 RTMP", 100 * cpu / wall, "% core", "< 50"
                )
    finally:
        server.kill()


# -- 3. recovery time --------------------------------------------------------------------
def bench_recover(workdir: Path) -> None:
    print("\n## Ingest back -> first picture received (default schedule 2 s, x1.5, jitter)\n")
    preset = VideoPreset("small", 320, 240, FrameRate(25), video_kbps=600)
    src = Portrait(preset)
    receiver = ListenReceiver(workdir)
    print(
        "| outage s | back -> retry fires s | retry -> first keyframe sent s | "
        "back -> first picture decoded by receiver s |"
    )
    print("|---:|---:|---:|---:|")
    worst = 0.0
    for outage in (1.0, 3.0, 6.0, 12.0):
        receiver.start()
        output = RtmpOutput(parse_ingest(receiver.url()))
        retry_fired: list[tuple[float, str]] = []
        handler = _RetryWatch(retry_fired)
        watched = logging.getLogger("studio.stream.rtmp_output")
        watched.setLevel(logging.DEBUG)
        watched.propagate = False
        watched.addHandler(handler)
        enc = Encoder(EncoderSettings(preset, x264_preset="ultrafast", hardware="off"))
        stop = threading.Event()
        thread = threading.Thread(target=Streamer(src, enc, [output]).run, kwargs={"stop": stop})
        thread.start()
        _wait(lambda: receiver.connections(), 20)
        receiver.kill()
        time.sleep(outage)
        retry_fired.clear()
        receiver.start()
        back = time.monotonic()
        _wait(lambda: len(receiver.connections()) >= 2 and _first_picture(receiver), 90)
        first = _first_picture(receiver) or float("nan")
        fired = [t for t, what in retry_fired if what == "try" and t >= back - 0.05]
        sent = [t for t, what in retry_fired if what == "sent" and t >= back - 0.05]
        stop.set()
        thread.join(20)
        enc.close()
        receiver.kill()
        receiver.log_path.unlink(missing_ok=True)
        watched.removeHandler(handler)
        fires = fired[0] - back if fired else float("nan")
        ours = sent[0] - fired[0] if fired and sent else float("nan")
        worst = max(worst, first - back)
        print(f"| {outage:g} | {fires:.2f} | {ours:.2f} | {first - back:.2f} |")
    summary("stream", "ingest back -> first picture (worst)", worst, "s", "< 5")
    print(
        f"\nworst: {worst:.2f} s (target < 5 s). The receiver's share is FFmpeg probing the "
        "new stream before its first picture."
    )


class _RetryWatch(logging.Handler):
    """Notes when the output starts a connect attempt and sends its first keyframe."""

    def __init__(self, out: list[tuple[float, str]]) -> None:
        super().__init__(logging.DEBUG)
        self.out = out

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "connecting to" in message:
            self.out.append((time.monotonic(), "try"))
        elif "first keyframe sent" in message:
            self.out.append((time.monotonic(), "sent"))


def _first_picture(receiver: ListenReceiver) -> float | None:
    conns = receiver.connections()
    if len(conns) < 2:
        return None
    return next((r["at"] for r in conns[-1] if "v" in r), None)


def _wait(cond, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not cond() and time.monotonic() < deadline:
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each live run")
    parser.add_argument("--only", choices=("encode", "live", "recover"), default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    print(
        f"# bench_stream on {platform.node()}: {os.cpu_count()} cores, Python {sys.version.split()[0]}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-stream-") as tmp:
        work = Path(tmp)
        if args.only in (None, "encode"):
            bench_encode()
        if args.only in (None, "live"):
            bench_live(args.seconds, work)
        if args.only in (None, "recover"):
            bench_recover(work)


if __name__ == "__main__":
    main()
