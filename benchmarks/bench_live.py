"""A live room as it runs unattended: whole-process CPU (user and system apart), peak
memory, lagged frames, start-up to the first frame on the wire, urgent-insert latency.

Run: .venv/bin/python benchmarks/bench_live.py [--steady 60] [--warmup 10]
     [--cases 720-photo 720-video-tryon ...] [--profile]

Each case is a real `studio live` process (the demo catalogue and script, eSpeak, the
Douyin scene at 720x1280 or 1080x1920, with the tee from assets/garments worn or not)
streaming to a local nginx-rtmp and recording, with the thread budget it picks itself.
The photo avatar is the built-in demo; the video avatar is the dfrf clip (512x512)
cloned once into out/bench/home (skipped when ../shared/media is absent). Measured from
outside, after ``--warmup`` seconds of streaming, over ``--steady`` seconds:
- CPU: user and system time of the whole process per wall second, in cores (/proc);
- peak resident memory (VmHWM, the whole run);
- lagged frames (repeated because the picture was late) in the window, from /status;
- start-up: from the process start to the first video packet at a player of the stream;
- urgent insert (first case): request to the line on the timeline (its text in /status).
``--profile`` samples the window with py-spy (if installed) and splits the room's CPU by
stage: the innermost Studio module of each sample (native work counts for its caller).
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")

from liveroom import ROOT, TOKEN, FirstPicture, Room, scene_file, video_avatar  # noqa: E402
from summary import record  # noqa: E402

from studio.core import procstat  # noqa: E402
from studio.runtime.control import call  # noqa: E402
from studio.stream.localserver import NginxRtmp, nginx_binary  # noqa: E402

CASES = [
    f"{size}-{kind}{tryon}"
    for size in ("720", "1080")
    for kind in ("photo", "video")
    for tryon in ("", "-tryon")
]
INSERT = "插播：欢迎新来的朋友，点点关注！"
# where a sample's innermost Studio frame lives -> the stage it counts for
STAGES = [
    ("studio/tryon/", "try-on"),
    ("studio/runtime/outfits", "try-on"),
    ("studio/render/compositor", "compositor"),
    ("studio/render/layers/", "compositor"),
    ("studio/render/text", "compositor"),
    ("studio/render/matte", "compositor"),
    ("studio/render/", "avatar"),
    ("studio/avatar/", "avatar"),
    ("studio/runtime/avatar_driver", "avatar"),
    ("studio/lipsync/", "avatar"),
    ("studio/stream/encoder", "encode (x264, colour)"),
    ("studio/stream/rtmp", "outputs"),
    ("studio/stream/recording", "outputs"),
    ("studio/stream/muxer", "outputs"),
    ("studio/stream/flv", "outputs"),
    ("studio/stream/congestion", "outputs"),
    ("studio/speech/", "speech"),
    ("studio/runtime/lookahead", "speech"),
    ("studio/runtime/prepared", "speech"),
    ("studio/show/", "show queue"),
    ("studio/runtime/director", "director"),
    ("studio/runtime/stage", "director"),
    ("studio/runtime/control", "control API"),
    ("studio/stream/", "stream pacing"),
]


IDLE_LEAVES = ("(threading.py", "(selectors.py", "(queue.py", "(socketserver.py")


def stage_of(stack: str) -> str | None:
    """The stage of one sampled stack; None for a thread waiting in Python (py-spy counts
    some of those as active)."""
    frames = stack.split(";")
    if any(leaf in frames[-1] for leaf in IDLE_LEAVES):
        return None
    for frame in reversed(frames):
        if "studio/" in frame:
            for key, stage in STAGES:
                if key in frame:
                    return stage
            return "other Studio"
    return "outside Studio (imports, Python)"


def profile_split(raw: Path) -> dict[str, float]:
    counts: collections.Counter[str] = collections.Counter()
    for line in raw.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        stage = stage_of(stack) if stack else None
        if stage is not None:
            counts[stage] += int(n)
    total = sum(counts.values()) or 1
    return {stage: n / total for stage, n in counts.most_common()}


def run_case(
    name: str, server: NginxRtmp, folder: Path, args: argparse.Namespace, with_insert: bool
) -> dict:
    size, kind, *rest = name.split("-")
    avatar = "demo" if kind == "photo" else "dfrf"
    scene = scene_file(folder, size, tryon=bool(rest))
    room = Room(name, folder / name, avatar, scene, server.server_url("live"))
    player = FirstPicture(server.url("live", name))
    player.start()
    room.start(seconds=args.warmup + args.steady + 60)
    out: dict = {"case": name}
    spy = None
    try:
        first = room.wait_streaming()
        time.sleep(max(0.0, args.warmup - first.get("uptime_s", 0.0)))
        first_at = player.wait(30.0)
        out["startup_s"] = first_at - room.started_at if first_at else None
        s0, a = room.status(), room.sample()
        spy_exe = shutil.which(
            "py-spy", path=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"
        )
        if args.profile and not spy_exe:
            print(f"{name}: no CPU by stage: py-spy is not installed (pip install py-spy)")
        if args.profile and spy_exe:
            raw = ROOT / "out" / "bench" / f"live-{name}.raw"
            spy = subprocess.Popen(
                [spy_exe, "record", "--nonblocking", "--pid", str(room.proc.pid), "--duration",
                 f"{args.steady:g}", "-r", "50", "-f", "raw", "-o", str(raw)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        time.sleep(args.steady)
        room.check_alive()
        s1, b = room.status(), room.sample()
        rates = procstat.rates(a, b)
        frames = s1["frames"] - s0["frames"]
        out.update(
            user=rates.user,
            system=rates.system,
            peak_mb=b.peak_rss_mb,
            fps=frames / rates.seconds,
            lagged=s1["lagged"] - s0["lagged"],
            frames=frames,
            threads=s1.get("threads", {}),
            busiest_wakeups=rates.threads[0].switches_per_s if rates.threads else 0.0,
        )
        if spy is not None:
            spy.wait(args.steady + 60)
            out["profile"] = profile_split(raw)
        if with_insert:
            out["insert_ms"] = insert_latency(room)
    finally:
        if spy is not None and spy.poll() is None:
            spy.kill()
        room.stop()
    return out


def insert_latency(room: Room) -> float | None:
    """An urgent line through the control API, until /status says it is on air."""
    t = time.monotonic()
    call(room.port, "POST", "/insert", token=TOKEN, body={"text": INSERT, "urgent": True})
    while time.monotonic() - t < 20:
        st = room.status() or {}
        if st.get("now", "").startswith(INSERT[:10]):
            return (time.monotonic() - t) * 1000
        time.sleep(0.02)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steady", type=float, default=60.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=10.0, help="streaming seconds before")
    parser.add_argument("--cases", nargs="*", choices=CASES, default=CASES)
    parser.add_argument("--profile", action="store_true", help="py-spy split by stage")
    args = parser.parse_args()
    if nginx_binary() is None:
        print("nginx with the RTMP module is not installed: skipped (make deps)")
        return 0
    have_video = video_avatar() is not None
    cases = [c for c in args.cases if have_video or "-video" not in c]
    load = os.getloadavg()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {load[0]:.1f} "
        f"{load[1]:.1f} {load[2]:.1f} (1/5/15 min) at start, Python {platform.python_version()}"
    )
    print(f"each case: {args.warmup:g} s streaming, then {args.steady:g} s measured\n")
    head = f"{'case':<18}{'user':>6}{'sys':>6}{'cores':>7}{'peak MB':>9}{'fps':>6}"
    print(head + f"{'lagged':>8}{'start s':>9}  threads")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-live-") as tmp:
        server = NginxRtmp(Path(tmp) / "nginx")
        server.start()
        try:
            for i, name in enumerate(cases):
                r = run_case(name, server, Path(tmp), args, with_insert=i == 0)
                results.append(r)
                start = f"{r['startup_s']:.1f}" if r.get("startup_s") else "-"
                t = r["threads"]
                print(
                    f"{name:<18}{r['user']:>6.2f}{r['system']:>6.2f}{r['user'] + r['system']:>7.2f}"
                    f"{r['peak_mb']:>9.0f}{r['fps']:>6.1f}{r['lagged']:>8d}{start:>9}  "
                    f"BLAS {t.get('blas')} cv2 {t.get('opencv')} x264 {t.get('x264')}",
                    flush=True,
                )
        finally:
            server.kill()
    load = os.getloadavg()
    print(f"\nload at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    for r in results:
        if "profile" in r:
            split = ", ".join(f"{s} {100 * f:.0f} %" for s, f in r["profile"].items() if f >= 0.01)
            print(f"{r['case']}: CPU by stage (py-spy): {split}")
        if r.get("insert_ms") is not None:
            print(f"urgent insert -> on air ({r['case']}): {r['insert_ms']:.0f} ms")
    for r in results:
        cores = r["user"] + r["system"]
        target = (
            "<= 0.5"
            if r["case"] == "720-video"
            else ("<= 0.8" if r["case"] == "1080-video" else "")
        )
        record("live", f"room {r['case']}: CPU user+sys", cores, "cores", target)
        record("live", f"room {r['case']}: system share", 100 * r["system"] / max(cores, 1e-9),
               "% of CPU", "<= 10")  # fmt: skip
        record("live", f"room {r['case']}: lagged after warm-up", r["lagged"], "frames",
               "0" if r["case"].startswith("1080") else "")  # fmt: skip
        record("live", f"room {r['case']}: peak memory", r["peak_mb"], "MB")
        if r.get("startup_s"):
            record(
                "live", f"room {r['case']}: start to first frame on the wire", r["startup_s"], "s"
            )
        if r.get("insert_ms") is not None:
            record("live", "urgent insert -> on air", r["insert_ms"], "ms", "< 1000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
