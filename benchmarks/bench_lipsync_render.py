"""Speed of the retrieval lip-sync renderer (base loop + pasted real mouth), on one core.

Run: .venv/bin/python benchmarks/bench_lipsync_render.py AVATAR [AVATAR ...] [--frames N]

AVATAR is a video avatar's name (in STUDIO_HOME) or folder. Per avatar and output size
(the avatar's own, 720x1280, 1080x1920) it prints output fps of ``render`` (base frame,
scaling, source decode, mask, warp and blend; a second paste on the frames that
dissolve at a cut), the planning cost in ms per second of track, and the mean ms of
each stage. "fps" is wall-clock; "cpu fps" divides by the process's CPU time, which a
busy shared machine disturbs much less. Targets: >= 50 fps at 720x1280 and >= 25 fps
at 1080x1920 with cv2.setNumThreads(1); planning far faster than real time.

The mouth track is the phoneme driver's: a seeded random phoneme sequence over the
avatar's own viseme table (closures included), 10 s at the avatar's frame rate.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time

os.environ.setdefault("GLOG_minloglevel", "2")
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from studio.avatar.package import load_avatar  # noqa: E402
from studio.core.timeline import SAMPLE_RATE  # noqa: E402
from studio.lipsync.trajectory import MouthTrack, mouth_track  # noqa: E402
from studio.phonetics.utterance import Phoneme  # noqa: E402
from studio.phonetics.viseme import Viseme  # noqa: E402
from studio.render.lower_face import compose_affine, lower_face_mask, paste_region  # noqa: E402
from studio.render.mouth_select import run_lengths  # noqa: E402
from studio.render.video_avatar import VideoAvatarRenderer  # noqa: E402

SIZES = [None, (720, 1280), (1080, 1920)]


def phoneme_track(avatar, seconds: float, seed: int = 0) -> MouthTrack:
    """The phoneme driver's track for a random syllable sequence (closures included)."""
    rng = random.Random(seed)
    consonants = [Viseme.PP, Viseme.DD, Viseme.SS, Viseme.KK, Viseme.FF, Viseme.CH, Viseme.RR]
    vowels = [Viseme.AA, Viseme.E, Viseme.I, Viseme.O, Viseme.U]
    phones, t, total = [], 0, int(seconds * SAMPLE_RATE)
    while t < total:
        if rng.random() < 0.08:  # a pause
            step = rng.randint(200, 500) * SAMPLE_RATE // 1000
            phones.append(Phoneme("_", Viseme.SIL, t, min(total, t + step)))
            t += step
            continue
        for vis in (rng.choice(consonants), rng.choice(vowels)):
            step = rng.randint(60, 160) * SAMPLE_RATE // 1000
            phones.append(Phoneme(vis.value, vis, t, min(total, t + step)))
            t += step
    return mouth_track(phones, total, avatar.fps, targets=avatar.mouth_bank.viseme_targets())


def stages(r: VideoAvatarRenderer, n: int, source: int) -> dict[str, float]:
    """One frame by hand, timing each stage (ms); the same steps as ``render``."""
    out: dict[str, float] = {}
    t = time.perf_counter()
    base, info = r.player.frame(r.loop_frame(n))
    out["base frame"] = time.perf_counter() - t
    t = time.perf_counter()
    img = r.map.apply(base)
    img = base.copy() if img is base else img
    out["scale to output"] = time.perf_counter() - t
    t = time.perf_counter()
    c2o, base_pts = r._base_canonical(n, info)
    p = r.paster
    gain = p.gain(info.index, source, info.other, info.weight)
    src_to_out = compose_affine(c2o, p.to_canonical[source])
    out["geometry + colour"] = time.perf_counter() - t
    t = time.perf_counter()
    mask, roi = lower_face_mask(p.points[source], base_pts, c2o, r.size, p.spec)
    out["mask"] = time.perf_counter() - t
    t = time.perf_counter()
    region, ox, oy = p._region(source, src_to_out, roi)
    out["source decode (cached)"] = time.perf_counter() - t
    t = time.perf_counter()
    shift = np.array([[1.0, 0.0, ox], [0.0, 1.0, oy]])
    paste_region(img, region, compose_affine(src_to_out, shift), mask, roi, gain)
    out["warp + blend"] = time.perf_counter() - t
    out["roi px"] = (roi[2] - roi[0]) * (roi[3] - roi[1]) / 1000.0
    return out


def bench(avatar, size, frames: int, track: MouthTrack) -> dict:
    r = VideoAvatarRenderer(avatar, out_size=size)
    t = time.perf_counter()
    plan = r.plan(track, 0)
    plan_ms = (time.perf_counter() - t) * 1000 / (len(track) / float(avatar.fps))
    fades = r.fades(plan, track.open)
    frames = min(frames, len(plan))
    for k in range(5):  # warm up
        r.render(k, int(plan[k]), int(fades[k]))
    r.paster.decodes = 0
    times = []
    cpu = time.process_time()
    for k in range(frames):
        t = time.perf_counter()
        r.render(k, int(plan[k]), int(fades[k]))
        times.append(time.perf_counter() - t)
    cpu = time.process_time() - cpu
    decodes = r.paster.decodes
    parts: dict[str, list[float]] = {}
    r2 = VideoAvatarRenderer(avatar, out_size=size)
    for k in range(0, frames, 2):
        for name, v in stages(r2, k, int(plan[k])).items():
            parts.setdefault(name, []).append(v)
    return {
        "size": f"{r.size[0]}x{r.size[1]}",
        "fps": 1.0 / statistics.mean(times),
        "cpu_fps": frames / max(cpu, 1e-9),
        "p95_ms": float(np.percentile(times, 95)) * 1000,
        "plan_ms_per_s": plan_ms,
        "runs": float(run_lengths(plan).mean()),
        "fades": float((fades >= 0).mean()),
        "decodes": decodes / frames,
        "stages": {
            k: statistics.mean(v) * (1 if k == "roi px" else 1000) for k, v in parts.items()
        },
    }


def default_avatar() -> list[str]:
    """dfrf's first 40 s cloned (fast) into a temporary STUDIO_HOME, when the media is here."""
    import tempfile
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "shared/media/video/dfrf_french_50s.mp4"
    if not src.is_file():
        return []
    from studio.avatar.create import CreateOptions, create_from_video
    from studio.tools.cut import cut_clip

    home = Path(tempfile.mkdtemp(prefix="bench-render-"))
    os.environ["STUDIO_HOME"] = str(home)
    first = cut_clip(src, home / "first40.mp4", 0.0, 40.0)
    print("cloning dfrf's first 40 s ...", flush=True)
    result = create_from_video(first, "dfrf40", CreateOptions(quality="fast"))
    return [str(result.path)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "avatars", nargs="*", help="video avatar names or folders (default: dfrf's first 40 s)"
    )
    parser.add_argument("--frames", type=int, default=240)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    print(
        f"machine: {platform.processor() or platform.machine()}, {platform.python_version()}, 1 thread"
    )
    avatars = args.avatars or default_avatar()
    if not avatars:
        print("no avatar given and ../shared/media is absent: nothing to measure")
        return
    from summary import record

    for name in avatars:
        avatar = load_avatar(name)
        track = phoneme_track(avatar, 10.0)
        w, h = avatar.size
        print(
            f"\navatar {avatar.name}: {w}x{h} @ {float(avatar.fps):g} fps, {avatar.num_frames} frames"
        )
        rows = [bench(avatar, size, args.frames, track) for size in SIZES]
        print(
            f"{'output':<12}{'fps':>8}{'cpu fps':>9}{'p95 ms':>8}{'plan ms/s':>11}{'run len':>9}{'fades':>7}"
            f"{'decodes/f':>11}"
        )
        for row in rows:
            print(
                f"{row['size']:<12}{row['fps']:>8.1f}{row['cpu_fps']:>9.1f}{row['p95_ms']:>8.1f}{row['plan_ms_per_s']:>11.1f}"
                f"{row['runs']:>9.2f}{row['fades']:>7.2f}{row['decodes']:>11.2f}"
            )
        for row in rows[1:]:
            record("avatar", f"video avatar frame (base + mouth) {row['size']}, 1 core", row["fps"],
                   "fps", ">= 50 (720p), >= 25 (1080p)")  # fmt: skip
        record(
            "lip-sync",
            "mouth plan (Viterbi), ms per second of track",
            rows[1]["plan_ms_per_s"],
            "ms",
        )
        names = list(rows[0]["stages"])
        print(f"{'stage (ms)':<26}" + "".join(f"{row['size']:>12}" for row in rows))
        for stage in names:
            print(f"{stage:<26}" + "".join(f"{row['stages'][stage]:>12.2f}" for row in rows))


if __name__ == "__main__":
    main()
