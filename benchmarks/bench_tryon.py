"""Try-on: live cost per frame after the first fit, and fit time per garment.

Run: .venv/bin/python benchmarks/bench_tryon.py [--frames N]
One thread (cv2.setNumThreads(1)), like the compositor benchmark: the target is
"<= 3 ms per frame at 720x1280" on one core. The moving avatar is measured again with
OpenCV's default threads (what a live engine gets). Times are thread CPU time, so a
busy shared machine inflates them less than wall time would.

Avatars:
- "video": a base loop whose keypoints change every frame, so every frame is a new warp
  (the worst case). From ../shared/media/video/latentsync_demo1_10s.mp4 (tracked here
  with face mesh and pose) when it exists, else the demo portrait swaying.
- "photo": the one-photo demo avatar: one base frame, so after the first frame only
  the blend is left.
Fit time is per base frame; the 60 s avatar (1500 frames at 25 fps) is extrapolated
from it, with the memory the fit keeps. "Fit per show": what wearing a garment costs the
next show (render, still, room) of the same presenter in the process, which takes the
first one's fit (studio.tryon.fitcache).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

import cv2
import numpy as np
from summary import record

from studio.core.timeline import FrameRate
from studio.tryon.asset import load_asset
from studio.tryon.body import BodyTrack
from studio.tryon.fitcache import FITS
from studio.tryon.layer import TryOnLayer

ROOT = Path(__file__).resolve().parents[1]
GARMENTS = ROOT / "assets" / "garments"
MEDIA = ROOT.parent / "shared" / "media"
FPS = FrameRate(25)
SIZES = ((720, 1280), (1080, 1920))
AVATAR_FRAMES_60S = 1500


def video_track(n: int, size: tuple[int, int]) -> tuple[BodyTrack, list[np.ndarray], str]:
    """N tracked frames of a real video at ``size``, or the portrait swaying."""
    path = MEDIA / "video" / "latentsync_demo1_10s.mp4"
    w, h = size
    if path.is_file():
        import av
        import mediapipe as mp

        from studio.avatar.landmarks import FaceMeshDetector

        frames, faces, bodies = [], [], []
        with (
            av.open(str(path)) as c,
            FaceMeshDetector(video=True) as mesh,
            mp.solutions.pose.Pose(static_image_mode=False, model_complexity=1) as pose,
        ):
            for i, f in enumerate(c.decode(video=0)):
                if i >= n:
                    break
                rgb = cv2.resize(f.to_ndarray(format="rgb24"), (w, h), interpolation=cv2.INTER_AREA)
                found = mesh.detect(rgb)
                faces.append(found[0][:, :2] if found else np.full((478, 2), np.nan))
                res = pose.process(rgb)
                bodies.append(
                    np.array(
                        [(p.x * w, p.y * h, p.visibility) for p in res.pose_landmarks.landmark]
                    )
                    if res.pose_landmarks
                    else np.full((33, 3), np.nan)
                )
                frames.append(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        return BodyTrack(np.stack(faces), np.stack(bodies), size), frames, "video (real clip)"
    plate, face, pose_kp, matte = photo_parts(size)
    t = np.arange(n)
    sway = 20 * (w / 720) * np.sin(2 * np.pi * t / 50.0)
    faces = face[None] + np.stack([sway, np.zeros(n)], 1)[:, None]
    bodies = np.repeat(pose_kp[None].astype(np.float64), n, axis=0)
    bodies[..., 0] += sway[:, None]
    frames = [np.roll(plate, int(round(s)), axis=1) for s in sway]
    masks = [np.roll(matte, int(round(s)), axis=1) for s in sway]
    return BodyTrack(faces, bodies, size, masks), frames, "video (portrait swaying)"


_photo_cache: dict[tuple[int, int], tuple] = {}


def photo_parts(size: tuple[int, int]):
    if size not in _photo_cache:
        from studio.avatar.photo import build_photo_avatar
        from studio.render.matte import person_matte
        from studio.runtime.demo import demo_portrait
        from studio.tryon.pose import pose_on_photo

        avatar = build_photo_avatar(demo_portrait(), *size)
        plate = avatar.plate
        _photo_cache[size] = (plate, avatar.face.points, pose_on_photo(plate), person_matte(plate))
    return _photo_cache[size]


def live_cost(layer: TryOnLayer, frames: list[np.ndarray], n_base: int, passes: int = 3):
    """Per-frame ms of render + draw; each pass walks the base frames once."""
    times: list[float] = []
    out = frames[0].copy()
    clock = time.thread_time if cv2.getNumThreads() == 1 else time.perf_counter
    for p in range(passes):
        for f in range(max(n_base, 60)):
            k = f % n_base
            out[:] = frames[k]
            t = clock()
            tryon = layer.render(1000 + p * 1000 + f, k)
            if tryon is not None:
                tryon.draw(out, 0, 0)
            times.append((clock() - t) * 1000)
    steady = times[5:]
    return statistics.mean(steady), statistics.median(steady), float(np.percentile(steady, 95))


def bench_set(
    label: str, track: BodyTrack, frames: list[np.ndarray], outfits: dict, rows: list, threads: int
) -> None:
    cv2.setNumThreads(threads)
    label = f"{label}, {threads if threads > 0 else 'all'} thr"
    for name, paths in outfits.items():
        assets = [load_asset(p) for p in paths]
        layer = TryOnLayer(track, FPS, frames=lambda k: frames[k])
        t = time.perf_counter()
        nbytes = 0.0
        for a in assets:
            layer.wear(a)
            fit = layer.fit(a)
            nbytes += fit.frame_nbytes * AVATAR_FRAMES_60S + (fit.nbytes - fit.frame_nbytes * fit.n)
        fit_ms = (time.perf_counter() - t) * 1000 / track.n
        mean, med, p95 = live_cost(layer, frames, track.n)
        w, h = track.size
        rows.append(
            (
                f"{w}x{h}",
                label,
                name,
                mean,
                med,
                p95,
                fit_ms,
                fit_ms * AVATAR_FRAMES_60S / 1000,
                nbytes / 1e6,
            )
        )
        print_row(rows[-1])
        if threads == 1 and name.startswith("tee"):
            record("try-on", f"{w}x{h} {label.split(',')[0]}, {name} (median)", med, "ms", "<= 3")


def breakdown(track: BodyTrack, frames: list[np.ndarray], path: Path) -> None:
    """Where one live frame's time goes (1 thread, best of 5 passes over the base frames)."""
    from studio.tryon.bgri import NOTHING
    from studio.tryon.live import PremultBlender

    cv2.setNumThreads(1)
    layer = TryOnLayer(track, FPS, frames=lambda k: frames[k])
    asset = load_asset(path)
    layer.wear(asset)
    fit = layer.fit(asset)
    w, h = fit.size
    m = np.empty((h, w, 2), np.float32)
    p = np.empty((h, w, 4), np.uint8)
    sh = np.empty((h, w, 4), np.uint8)
    out = frames[0].copy()
    blender = PremultBlender()
    patch = layer.render(0, 0).patches[0]
    steps = {
        "upsample map": lambda k: cv2.resize(fit.grids[k], (w, h), dst=m),
        "remap (warp)": lambda k: cv2.remap(
            fit.source,
            m,
            None,
            cv2.INTER_LINEAR,
            dst=p,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=NOTHING,
        ),
        "shading": lambda k: (
            cv2.resize(fit.shades[k], (w, h), dst=sh),
            cv2.multiply(p, sh, dst=p, scale=1 / 128),
        ),
        "occluders": lambda k: [
            cv2.fillPoly(p, [np.round(q * 16).astype(np.int32)], NOTHING, cv2.LINE_AA, 4)
            for q in fit.occluders[k]
        ],
        "blend": lambda k: blender.blend(out, patch, patch.x, patch.y),
    }
    parts = []
    for name, step in steps.items():
        best = min(_timed(step, track.n) for _ in range(5))
        parts.append(f"{name} {best:.2f}")
    print(f"  {path.name} patch {w}x{h}: " + ", ".join(parts) + " ms")


def fit_per_show(track: BodyTrack, frames: list[np.ndarray], path: Path) -> None:
    """Wearing ``path`` in a first and a next show of the same presenter (each its own
    layer, as each render and room builds one): thread CPU ms of each."""
    cv2.setNumThreads(1)
    asset = load_asset(path)
    FITS.clear()
    made = FITS.made
    spent = []
    for _show in range(2):
        layer = TryOnLayer(track, FPS, frames=lambda k: frames[k], presenter="bench")
        t = time.thread_time()
        layer.wear(asset)
        spent.append((time.thread_time() - t) * 1000)
    w, h = track.size
    print(
        f"  {path.name}, {track.n} base frames at {w}x{h}: first show {spent[0]:.0f} ms, "
        f"next show {spent[1]:.2f} ms ({FITS.made - made} fit made)"
    )
    record("try-on", f"{w}x{h} video, {path.stem}: fit in the next show", spent[1], "ms")


def _timed(step, n: int) -> float:
    t = time.thread_time()
    for k in range(n):
        step(k)
    return (time.thread_time() - t) * 1000 / n


def print_row(r) -> None:
    print(
        f"{r[0]:<10}{r[1]:<32}{r[2]:<22}{r[3]:>8.2f}{r[4]:>8.2f}{r[5]:>8.2f}"
        f"{r[6]:>10.2f}{r[7]:>10.1f}{r[8]:>10.0f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=50, help="base frames of the video avatar")
    args = ap.parse_args()
    os.environ.setdefault("GLOG_minloglevel", "2")
    outfits = {
        "tee (drawn)": [GARMENTS / "tee.png"],
        "dress (drawn)": [GARMENTS / "dress.png"],
        "jacket (drawn)": [GARMENTS / "jacket.png"],
        "glasses+earrings+hat": [GARMENTS / n for n in ("glasses.png", "earrings.png", "hat.png")],
    }
    real_tee = MEDIA / "garment" / "solidus_dark_tee.png"
    if real_tee.is_file():
        outfits = {"tee (real photo)": [real_tee], **outfits}
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
        f"OpenCV {cv2.__version__}"
    )
    print(
        f"{'canvas':<10}{'avatar':<32}{'outfit':<22}{'mean ms':>8}{'median':>8}{'p95':>8}"
        f"{'fit ms/fr':>10}{'fit 60s s':>10}{'60s MB':>10}"
    )
    rows: list = []
    for size in SIZES:
        track, frames, label = video_track(args.frames, size)
        bench_set(label, track, frames, outfits, rows, 1)
        bench_set(label, track, frames, {k: outfits[k] for k in list(outfits)[:2]}, rows, -1)
        plate, face, pose_kp, matte = photo_parts(size)
        photo = BodyTrack(np.asarray(face, float)[None], pose_kp[None], size, [matte])
        bench_set("photo (1 base frame)", photo, [plate], outfits, rows, 1)
    print("per step, moving avatar:")
    for size in SIZES:
        track, frames, _label = video_track(args.frames, size)
        breakdown(track, frames, GARMENTS / "tee.png")
    print("fit per show (the next show takes the first one's fit):")
    track, frames, _label = video_track(args.frames, SIZES[0])
    fit_per_show(track, frames, GARMENTS / "jacket.png")
    print(
        "live = TryOnLayer.render + draw onto the frame per output frame; fit = per base frame"
        " (targets, TPS grids, occluders, shading); 60 s = 1500 base frames, extrapolated."
    )


if __name__ == "__main__":
    main()
