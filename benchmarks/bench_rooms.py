"""Rooms per machine: how many live rooms run side by side with fewer than 1 % lagged
frames in every one of them.

Run: .venv/bin/python benchmarks/bench_rooms.py [--seconds 120] [--max 4] [--avatar demo]

For N = 1, 2, ... each room is its own `studio live` process (the demo catalogue and
script, the photo avatar, the Douyin scene at 720x1280) streaming to its own stream name
on one local nginx-rtmp, as `studio-live@.service` instances would, each given
``[room] threads`` = max(1, cores // N). After all stream and ``--warmup`` seconds more,
each room's lagged frames over ``--seconds`` come from its /status; the machine's CPU
from the rooms' /proc. The answer is the largest N whose every room stayed under 1 %;
it stops at the first N that does not (or at ``--max``).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")

from liveroom import Room, scene_file, video_avatar  # noqa: E402
from summary import record  # noqa: E402

from studio.core import procstat  # noqa: E402
from studio.core.threads import machine_cores  # noqa: E402
from studio.stream.localserver import NginxRtmp, nginx_binary  # noqa: E402

MAX_LAGGED = 0.01


def trial(n: int, server: NginxRtmp, folder: Path, args: argparse.Namespace) -> list[dict]:
    scene = scene_file(folder, "720", tryon=False)
    threads = max(1, machine_cores() // n)
    rooms = [
        Room(f"room{n}-{k}", folder / f"n{n}" / f"room{k}", args.avatar, scene,
             server.server_url("live"), record=False, threads=threads)
        for k in range(1, n + 1)
    ]  # fmt: skip
    try:
        for room in rooms:
            room.start(seconds=args.warmup + args.seconds + 120)
        for room in rooms:
            room.wait_streaming()
        time.sleep(args.warmup)
        before = [(r.status(), r.sample()) for r in rooms]
        time.sleep(args.seconds)
        out = []
        for room, (s0, a) in zip(rooms, before, strict=True):
            room.check_alive()
            s1, b = room.status(), room.sample()
            rates = procstat.rates(a, b)
            frames = s1["frames"] - s0["frames"]
            out.append({
                "room": room.name,
                "frames": frames,
                "lagged": s1["lagged"] - s0["lagged"],
                "fps": frames / rates.seconds,
                "user": rates.user,
                "system": rates.system,
                "peak_mb": b.peak_rss_mb,
            })  # fmt: skip
        return out
    finally:
        for room in rooms:
            room.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="measured per trial")
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--max", type=int, default=4, help="most rooms to try")
    parser.add_argument("--avatar", default="demo", help='"demo" (photo) or "dfrf" (video)')
    args = parser.parse_args()
    if nginx_binary() is None:
        print("nginx with the RTMP module is not installed: skipped (make deps)")
        return 0
    if args.avatar != "demo" and video_avatar() is None:
        return 0
    load = os.getloadavg()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {load[0]:.1f} "
        f"{load[1]:.1f} {load[2]:.1f} at start; avatar {args.avatar}, 720x1280@25, "
        f"{args.warmup:g} s warm-up, {args.seconds:g} s measured per trial\n"
    )
    print(
        f"{'rooms':>5}  {'worst lagged':>12}  {'fps (min)':>9}  {'CPU cores (all)':>15}  {'sys':>5}"
    )
    best = 0
    with tempfile.TemporaryDirectory(prefix="bench-rooms-") as tmp:
        server = NginxRtmp(Path(tmp) / "nginx")
        server.start()
        try:
            for n in range(1, args.max + 1):
                rooms = trial(n, server, Path(tmp), args)
                worst = max(r["lagged"] / max(1, r["frames"]) for r in rooms)
                cpu = sum(r["user"] + r["system"] for r in rooms)
                system = sum(r["system"] for r in rooms)
                print(
                    f"{n:>5}  {100 * worst:>11.2f}%  {min(r['fps'] for r in rooms):>9.1f}  "
                    f"{cpu:>15.2f}  {system:>5.2f}",
                    flush=True,
                )
                record("rooms", f"{n} room(s) side by side: worst lagged", 100 * worst, "%", "< 1")
                if worst >= MAX_LAGGED:
                    break
                best = n
        finally:
            server.kill()
    load = os.getloadavg()
    print(
        f"\nrooms per machine (< 1 % lagged in every room): {best}; load at the end {load[0]:.1f}"
    )
    record("rooms", "rooms per machine at 720x1280 (< 1 % lagged each)", best, "rooms",
           "3 (2 cores)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
