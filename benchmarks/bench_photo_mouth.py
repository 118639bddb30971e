"""The one-photo presenter's mouth at 4x: how clean the lips are when she closes, how the
open mouth is shaded, and what a frame of the photo renderer costs (issue 23, item 10).

Run: .venv/bin/python benchmarks/bench_photo_mouth.py [--frames 400]
     [--video out/demo.mp4 --sheet out/bench/mouth_4x.png]

The demo presenter (the astronaut portrait) at 720x1280, rendered directly:
- closing poses (the rest, a spread rest, the last frames of a closing mouth): the
  darkest pixel on her lips against the photo's own darkest lip pixel (1st percentile),
  pixels that stand out from their 3x3 median by more than 25 grey levels (specks), and
  the hardest row-to-row step below the lip seam against the photo's own lower-lip edge;
- the open mouth (0.3 IOD): mean luma of the top, middle and bottom thirds of its dark
  interior in the middle of the mouth, and the median green - blue (< 0: a purple cast);
- speed: ms of CPU (thread_time) per frame of a talking mouth with head motion, one
  OpenCV thread.
``--video`` cuts the demo's mouth between 3 and 6 s out of a rendered demo file, scales it
up 4x (nearest) and writes a contact sheet to ``--sheet``: the picture to look at.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from summary import record  # noqa: E402

from studio.avatar import landmarks as L  # noqa: E402
from studio.avatar.builtin import demo_portrait  # noqa: E402
from studio.avatar.photo import build_photo_avatar  # noqa: E402
from studio.render.photo_renderer import HeadPose, MouthPose, PhotoAvatarRenderer  # noqa: E402

CLOSING = [(0.0, 0.0), (0.0, 0.3), (0.0, 0.6), (0.004, 0.3), (0.008, 0.0)]


def luma(img: np.ndarray) -> np.ndarray:
    img = img.astype(np.float32)
    return 0.299 * img[..., 2] + 0.587 * img[..., 1] + 0.114 * img[..., 0]


def region(r: PhotoAvatarRenderer, first: list[int], second: list[int], grow: int = 0):
    """The photo's polygon through two contours (grown), middle 80 % of the mouth."""
    pts = r.avatar.face.points
    poly = np.concatenate([pts[first], pts[second][::-1]])
    mask = np.zeros(r.plate.shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(poly).astype(np.int32)], 255)
    if grow:
        mask = cv2.dilate(mask, np.ones((2 * grow + 1, 2 * grow + 1), np.uint8))
    x0, x1 = pts[L.LIP_OUTER_UPPER, 0].min(), pts[L.LIP_OUTER_UPPER, 0].max()
    out = mask > 0
    out[:, : int(x0 + 0.1 * (x1 - x0))] = False
    out[:, int(x1 - 0.1 * (x1 - x0)) :] = False
    return out


def closing(r: PhotoAvatarRenderer) -> None:
    pts = r.avatar.face.points
    lips = region(r, L.LIP_OUTER_UPPER, L.LIP_OUTER_LOWER)
    lips &= ~region(r, L.LIP_INNER_UPPER, L.LIP_INNER_LOWER, grow=1)
    floor = float(np.percentile(luma(r.plate)[lips], 1))
    own = region(r, L.LIP_INNER_LOWER, L.LIP_OUTER_LOWER, grow=3)
    own &= ~region(r, L.LIP_INNER_UPPER, L.LIP_INNER_LOWER, grow=1)
    photo_step = float(np.abs(np.diff(luma(r.plate), axis=0))[own[1:] & own[:-1]].max())
    around = region(r, L.LIP_OUTER_UPPER, L.LIP_OUTER_LOWER, grow=3)
    lower = region(r, L.LIP_INNER_UPPER, L.LIP_OUTER_LOWER, grow=3)
    h, w = lower.shape
    seam = np.interp(np.arange(w), pts[L.LIP_INNER_UPPER, 0], pts[L.LIP_INNER_UPPER, 1])
    lower &= np.arange(h)[:, None] > seam[None, :] + 2
    print(f"photo: darkest lip pixel (1st pct) {floor:.0f}, lower-lip edge step {photo_step:.0f}")
    print(f"{'open':>6} {'width':>6} {'darkest':>8} {'specks':>7} {'step':>6}")
    worst = (255.0, 0, 0.0)
    for o, wd in CLOSING:
        y = luma(r.render(MouthPose(o, wd)))
        med = cv2.medianBlur(np.clip(y, 0, 255).astype(np.uint8), 3).astype(np.float32)
        specks = int((np.abs(y - med)[around] > 25).sum())
        step = float(np.abs(np.diff(y, axis=0))[lower[1:] & lower[:-1]].max())
        dark = float(y[around].min())
        print(f"{o:6.3f} {wd:6.2f} {dark:8.0f} {specks:7d} {step:6.0f}")
        worst = (min(worst[0], dark), max(worst[1], specks), max(worst[2], step))
    record(
        "photo mouth", "closing: darkest lip pixel under the photo's", floor - worst[0], "levels"
    )
    record("photo mouth", "closing: specks (5 poses, worst)", worst[1], "px", "0")
    record("photo mouth", "closing: lower-lip edge step (photo's own)",
           f"{worst[2]:.0f} ({photo_step:.0f})", "levels")  # fmt: skip


def interior(r: PhotoAvatarRenderer, opening: float = 0.3) -> None:
    pts = r.avatar.face.points
    frame = r.render(MouthPose(opening, 0.0))
    y = luma(frame)
    x0, x1 = pts[L.LIP_OUTER_UPPER, 0].min(), pts[L.LIP_OUTER_UPPER, 0].max()
    thirds: list[list[float]] = [[], [], []]
    pixels = []
    for x in range(int(x0 + 0.3 * (x1 - x0)), int(x1 - 0.3 * (x1 - x0))):
        row = int(np.interp(x, pts[L.LIP_INNER_UPPER, 0], pts[L.LIP_INNER_UPPER, 1]))
        while y[row, x] >= 110:
            row += 1
        top = row
        while y[row, x] < 110:
            row += 1
        for i in range(top, row):
            thirds[3 * (i - top) // (row - top)].append(float(y[i, x]))
            pixels.append(frame[i, x].astype(np.float32))
    means = [float(np.mean(t)) for t in thirds]
    px = np.array(pixels)
    g_b = float(np.median(px[:, 1] - px[:, 0]))
    print(f"open {opening}: interior top / middle / bottom {means[0]:.0f} / {means[1]:.0f} / "
          f"{means[2]:.0f}, median green - blue {g_b:+.0f}, mean BGR {px.mean(0).round()}")  # fmt: skip
    record("photo mouth", "open 0.3: interior luma top / middle / bottom",
           " / ".join(f"{m:.0f}" for m in means), "levels")  # fmt: skip
    record("photo mouth", "open 0.3: median green - blue", g_b, "levels", ">= 0")


def speed(r: PhotoAvatarRenderer, frames: int) -> None:
    cv2.setNumThreads(1)
    times = []
    for i in range(frames):
        mouth = MouthPose(max(0.0, 0.3 * math.sin(i / 3)), 0.2 * math.sin(i / 7))
        t0 = time.thread_time()
        r.render(mouth, HeadPose(roll_deg=math.sin(i / 20)))
        if i >= 20:
            times.append(time.thread_time() - t0)
    times.sort()
    med, mean = 1000 * times[len(times) // 2], 1000 * sum(times) / len(times)
    print(f"photo renderer, 720x1280, one thread: median {med:.2f} ms, mean {mean:.2f} ms")
    record("photo mouth", "photo renderer frame (median, 1 thread)", med, "ms")


def sheet(video: Path, out: Path, t0: float = 3.0, t1: float = 6.0, cols: int = 5) -> None:
    import av

    r = PhotoAvatarRenderer(build_photo_avatar(demo_portrait(), 720, 1280))
    pts = r.avatar.face.points[L.LIPS_ALL]
    pad = 0.1 * r.iod
    (x0, y0), (x1, y1) = (pts.min(0) - pad).astype(int), (pts.max(0) + pad).astype(int)
    tiles = []
    with av.open(str(video)) as container:
        for f in container.decode(video=0):
            t = float(f.pts * f.time_base)
            if t0 <= t < t1:
                crop = f.to_ndarray(format="bgr24")[y0:y1, x0:x1]
                big = cv2.resize(crop, None, fx=4, fy=4, interpolation=cv2.INTER_NEAREST)
                cv2.putText(big, f"{t:.2f}s", (4, 16), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 160, 0))
                tiles.append(big)
    if not tiles:
        raise SystemExit(f"{video}: no frames between {t0} and {t1} s")
    h, w = tiles[0].shape[:2]
    rows = -(-len(tiles) // cols)
    board = np.full((rows * (h + 3), cols * (w + 3), 3), 255, np.uint8)
    for i, tile in enumerate(tiles):
        row, col = divmod(i, cols)
        board[row * (h + 3) : row * (h + 3) + h, col * (w + 3) : col * (w + 3) + w] = tile
    out.parent.mkdir(parents=True, exist_ok=True)
    cv2.imwrite(str(out), board)
    print(f"wrote {out} ({len(tiles)} frames, 4x)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--frames", type=int, default=400)
    ap.add_argument("--video", type=Path, help="a rendered demo (make demo: out/demo.mp4)")
    ap.add_argument("--sheet", type=Path, default=Path("out/bench/mouth_4x.png"))
    args = ap.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_version()}")
    r = PhotoAvatarRenderer(build_photo_avatar(demo_portrait(), 720, 1280))
    closing(r)
    interior(r)
    speed(r, args.frames)
    if args.video is not None:
        sheet(args.video, args.sheet)


if __name__ == "__main__":
    main()
