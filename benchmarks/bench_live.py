"""The whole live pipeline in real time: CPU, lagged frames and urgent-insert latency.

Run: .venv/bin/python benchmarks/bench_live.py [--seconds 40] [--avatar demo|NAME]

A room (the demo catalogue and script, the Douyin scene, eSpeak) streams 720x1280@25 to
a local nginx-rtmp in real time: look-ahead TTS, director, avatar, compositor, encoder,
RTMP. At a third of the run an urgent insert is sent through the control API; its
latency is the time from the request to the first frame of the insert on the timeline
(the director commits frames a few slots ahead of the clock, so that is when viewers
start hearing it, give or take the encoder's and player's buffers).

Reported: this process's CPU (user+sys per wall second, % of one core; 200 % = both
cores of this machine), frames lagged (rendered after their due time) and skipped,
fps, and the insert latency.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")

from summary import record  # noqa: E402

from studio.core.paths import assets_dir  # noqa: E402
from studio.stream.localserver import NginxRtmp, nginx_binary  # noqa: E402

DEMO = assets_dir() / "demo"


def room_toml(folder: Path, url: str, avatar: str) -> Path:
    path = folder / "room.toml"
    path.write_text(
        f"""
[room]
name = "bench"
avatar = "{avatar}"
show_db = "show.db"
import_files = ["{DEMO / "products.csv"}", "{DEMO / "script.toml"}"]
[rtmp]
url = "{url}"
key_env = "BENCH_STREAM_KEY"
[control]
port = 0
token = "bench"
""",
        encoding="utf-8",
    )
    return path


def cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--avatar", default="demo", help='"demo" or an avatar name')
    args = parser.parse_args()
    if nginx_binary() is None:
        print("nginx with the RTMP module is not installed: skipped (make deps)")
        return 0
    from studio.runtime.control import call
    from studio.runtime.live import build_live, run_live
    from studio.runtime.room import load_room

    os.environ["BENCH_STREAM_KEY"] = "bench"
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        folder = Path(tmp)
        server = NginxRtmp(folder / "nginx")
        server.start()
        try:
            room = load_room(room_toml(folder, server.server_url("live"), args.avatar))
            t_build = time.perf_counter()
            show = build_live(room)
            build_s = time.perf_counter() - t_build
            result: dict = {}
            c0, t0 = cpu_s(), time.monotonic()
            runner = threading.Thread(
                target=lambda: result.setdefault("stats", run_live(show, seconds=args.seconds)),
                daemon=True,
            )
            runner.start()
            time.sleep(args.seconds / 3)
            director = show.director
            asked_frame = director._horizon
            t_ask = time.monotonic()
            call(show.control.port, "POST", "/insert", token="bench",
                 body={"text": "插播：欢迎新来的朋友，点点关注！", "urgent": True})  # fmt: skip
            latency_s = None
            while time.monotonic() - t_ask < args.seconds:
                if director.interrupt_latency_frames:
                    latency_s = time.monotonic() - t_ask
                    break
                time.sleep(0.005)
            runner.join(args.seconds * 2 + 30)
            cpu, wall = cpu_s() - c0, time.monotonic() - t0
        finally:
            server.kill()
    stats = result["stats"]
    frames_latency = director.interrupt_latency_frames[:1]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.1f}, Python {platform.python_version()}"
    )
    print(
        f"avatar {args.avatar}, 720x1280@25 to local nginx-rtmp, {args.seconds:g} s; build {build_s:.1f} s"
    )
    print(f"{'CPU % of one core':<28}{100 * cpu / wall:>8.0f}")
    print(f"{'fps':<28}{stats.frames / wall:>8.1f}")
    print(f"{'frames':<28}{stats.frames:>8d}")
    print(
        f"{'lagged frames':<28}{stats.lagged:>8d}  ({100 * stats.lagged / max(1, stats.frames):.1f} %)"
    )
    print(f"{'skipped frames':<28}{stats.skipped:>8d}")
    if latency_s is not None:
        print(f"{'urgent insert -> on timeline':<28}{latency_s * 1000:>8.0f} ms "
              f"(cut at a word end; {frames_latency} frames after the request's horizon {asked_frame})")  # fmt: skip
    name = f"live pipeline, avatar {args.avatar}"
    record("live", f"{name}: CPU", 100 * cpu / wall, "% core", "< 200 (2 cores)")
    record("live", f"{name}: lagged frames", 100 * stats.lagged / max(1, stats.frames), "%", "<= 1")
    if latency_s is not None:
        record("live", "urgent insert -> on the timeline", latency_s * 1000, "ms", "< 1000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
