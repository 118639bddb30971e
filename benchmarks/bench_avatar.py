"""Cloning speed and quality on the real videos in ../shared/media/video.

Run: .venv/bin/python benchmarks/bench_avatar.py [--media DIR] [--cases fast|all] [--sheets DIR]

Each clone runs in its own process (so peak memory is its own) and reports:
- wall time per second of input (target: fast mode <= 1.0 on this 2-core machine for a
  512x512 video), CPU time (user + sys: less sensitive to other load on the machine),
  peak resident memory (``resource.getrusage``), and the wall time of each stage;
- the quality report stored in the avatar's manifest;
- the base-loop player: output fps of ``BaseLoopPlayer.frame`` over 1500 frames
  (cross-fades included), random-access decode fps of the stored frames, and the time
  to walk one block;
- a contact sheet of frames around six base-loop jumps, PNG in --sheets (default /tmp).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summary import record

os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

MEDIA = Path(__file__).resolve().parents[2] / "shared" / "media"
FAST_CASES = [
    ("dfrf_french_50s.mp4", "fast"),
    ("latentsync_demo1_10s.mp4", "fast"),
    ("latentsync_demo2_20s.mp4", "fast"),
    ("latentsync_demo3_20s.mp4", "fast"),
]
HIGH_CASES = [("dfrf_french_50s.mp4", "high"), ("latentsync_demo1_10s.mp4", "high")]


def run_one(video: Path, quality: str, home: Path, sheets: Path) -> dict:
    """In the child process: clone, measure, write the sheet; returns a JSON-able dict."""
    os.environ["STUDIO_HOME"] = str(home)
    from studio.avatar.create import CreateOptions, create_from_video

    stamps: dict[str, list[float]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        stamps.setdefault(stage, [now, now])[1] = now

    name = f"{video.stem}-{quality}"
    t0 = time.perf_counter()
    result = create_from_video(
        video, name, CreateOptions(quality=quality, force=True, allow_short=True), progress
    )
    wall = time.perf_counter() - t0
    ru = resource.getrusage(resource.RUSAGE_SELF)
    order = sorted(stamps, key=lambda s: stamps[s][0])
    stages = {}
    for a, b in zip(order, order[1:] + [None], strict=True):
        end = stamps[b][0] if b else t0 + wall
        stages[a] = round(end - stamps[a][0], 2)
    out = {
        "video": video.name,
        "quality": quality,
        "input_s": result.manifest.source["duration_s"],
        "size": f"{result.manifest.width}x{result.manifest.height}",
        "coded": "x".join(str(v) for v in result.manifest.source["coded_size"]),
        "codec": result.manifest.source["video_codec"],
        "frames": result.manifest.frame_count,
        "wall_s": round(wall, 2),
        "cpu_s": round(ru.ru_utime + ru.ru_stime, 2),
        "peak_mb": round(ru.ru_maxrss / 1024, 1),
        "stages": stages,
        "quality_report": result.manifest.quality,
    }
    if quality == "fast":
        out["player"] = measure_player(name)
        out["sheet"] = str(contact_sheet(name, sheets / f"avatar_loop_{video.stem}.png"))
    return out


def measure_player(name: str) -> dict:
    import numpy as np

    from studio.avatar.package import load_avatar
    from studio.render.base_loop import BaseLoopPlayer, LoopWalker

    a = load_avatar(name)
    t = time.perf_counter()
    player = BaseLoopPlayer(a, seed=1)
    init = time.perf_counter() - t
    player.frame(0)
    t = time.perf_counter()
    n = 1500
    for i in range(1, n + 1):
        player.frame(i)
    fps = n / (time.perf_counter() - t)
    fades = [i for i in range(1, 20000) if player.source(i).blended][:200]
    t = time.perf_counter()
    for i in fades:
        player.frame(i)
    fade_fps = len(fades) / (time.perf_counter() - t)
    rng = np.random.default_rng(0)
    idx = rng.integers(0, a.num_frames, 500)
    t = time.perf_counter()
    for i in idx:
        a.frame(int(i))
    decode_fps = len(idx) / (time.perf_counter() - t)
    walker = LoopWalker(a.loop_graph, float(a.fps), seed=2)
    walker.block_arrays(0)
    t = time.perf_counter()
    walker.block_arrays(1)
    block_ms = (time.perf_counter() - t) * 1000
    return {
        "player_fps": round(fps, 1),
        "fade_fps": round(fade_fps, 1),
        "decode_fps": round(decode_fps, 1),
        "init_s": round(init, 2),
        "block_ms": round(block_ms, 1),
        "block_frames": walker.block,
    }


def contact_sheet(name: str, out: Path, jumps: int = 6) -> Path:
    """Rows of output frames around base-loop jumps: two before, the fade, one after."""
    import cv2
    import numpy as np

    from studio.avatar.package import load_avatar
    from studio.render.base_loop import BaseLoopPlayer

    a = load_avatar(name)
    player = BaseLoopPlayer(a, seed=1)
    f = a.loop_graph.crossfade
    starts = [n for n in range(1, 30000) if player.source(n).jump][:jumps]
    rows = []
    for n0 in starts:
        tiles = []
        for n in range(n0 - 2, n0 + f + 1):
            img, info = player.frame(n)
            h, w = img.shape[:2]
            s = 220 / max(h, w)
            tile = cv2.resize(img, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
            label = f"{n}: {info.index}" + (
                f"/{info.other} {info.weight:.2f}" if info.blended else ""
            )
            cv2.putText(tile, label, (3, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 255, 255), 1)
            tiles.append(tile)
        rows.append(np.hstack(tiles))
    cv2.imwrite(str(out), np.vstack(rows))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--media", type=Path, default=MEDIA)
    parser.add_argument("--cases", choices=["fast", "all"], default="all")
    parser.add_argument("--sheets", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument(
        "--one", nargs=4, metavar=("VIDEO", "QUALITY", "HOME", "SHEETS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.one:
        video, quality, home, sheets = args.one
        print(json.dumps(run_one(Path(video), quality, Path(home), Path(sheets))))
        return 0
    videos = args.media / "video"
    if not videos.is_dir():
        print(f"no videos at {videos}; nothing to measure")
        return 0
    cases = FAST_CASES + (HIGH_CASES if args.cases == "all" else [])
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-avatar-") as home:
        for name, quality in cases:
            path = videos / name
            if not path.exists():
                continue
            print(f"cloning {name} ({quality}) ...", file=sys.stderr, flush=True)
            r = subprocess.run(
                [sys.executable, __file__, "--one", str(path), quality, home, str(args.sheets)],
                capture_output=True,
                text=True,
            )
            if r.returncode != 0:
                print(r.stderr[-2000:], file=sys.stderr)
                continue
            results.append(json.loads(r.stdout.strip().splitlines()[-1]))
    print_tables(results)
    return 0


def print_tables(results: list[dict]) -> None:
    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print("\n## Clone speed (wall and CPU seconds per second of input; peak memory per process)\n")
    print(
        "| video | coded | stored | quality | input s | wall s | wall/input | cpu/input | peak MB | stages (wall s) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        stages = ", ".join(f"{k} {v}" for k, v in r["stages"].items())
        print(
            f"| {r['video']} | {r['coded']} {r['codec']} | {r['size']} | {r['quality']} | {r['input_s']:.1f} | "
            f"{r['wall_s']:.1f} | {r['wall_s'] / r['input_s']:.2f} | {r['cpu_s'] / r['input_s']:.2f} | "
            f"{r['peak_mb']:.0f} | {stages} |"
        )
        record(
            "clone",
            f"{r['video']} {r['quality']} ({r['size']})",
            r["wall_s"] / r["input_s"],
            "s per input s",
            "<= 1.0 (fast, 512x512)",
        )
    print("\n## Quality reports (fast mode)\n")
    print(
        "| video | face found % | face size | sharpness | light | yaw 5-95% | mouth open p5/p50/p95 | loop transitions (source %, median cost) | voice ref | warnings |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        if r["quality"] != "fast":
            continue
        q = r["quality_report"]
        lp, mo, vr = q["loop"], q["mouth_open"], q["voice_reference"]
        voice = (
            f"{vr['duration_ms'] / 1000:.1f} s @ {vr['start_ms'] / 1000:.1f} s, SNR {vr['snr_db']} dB"
            if vr
            else "none"
        )
        yaw = q["head_pose_deg"]["yaw"]
        print(
            f"| {r['video']} | {q['face_found_pct']} | {q['face_size']:.0%} | {q['blur']} | {q['brightness']} | "
            f"{yaw[0]:.0f}..{yaw[1]:.0f} | {mo['p5']:.3f}/{mo['p50']:.3f}/{mo['p95']:.3f} | "
            f"{lp['transitions']} ({lp['source_frames_pct']}%, {lp['median_cost']}) | {voice} | "
            f"{'; '.join(q['warnings']) or '-'} |"
        )
    print("\n## Base-loop player (fast-mode avatars)\n")
    print(
        "| video | stored | player fps (1500 frames, fades incl.) | fade frames fps (aligned) "
        "| random decode fps | player init s | block walk ms (frames) | contact sheet |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        p = r.get("player")
        if p:
            record("avatar", f"base-loop player {r['video']} ({r['size']})", p["player_fps"], "fps")
            print(
                f"| {r['video']} | {r['size']} | {p['player_fps']} | {p['fade_fps']} | {p['decode_fps']} | {p['init_s']} | "
                f"{p['block_ms']} ({p['block_frames']}) | {r['sheet']} |"
            )


if __name__ == "__main__":
    sys.exit(main())
