"""Lip-sync from audio over every presenter we have: folds, zero-shot, mean/worst/spread.

Run: nice .venv/bin/python benchmarks/bench_lipsync_speakers.py [--quick] [--keep DIR]
     [--media DIR] [--folds K] [--mel-head | --network]

An evaluation that cannot be tuned to (issue 20): every usable clip in
``../shared/media/video`` is a presenter, and each driver gets one figure per presenter.

- Data: each clip goes through ``studio avatar create`` (fast mode, ``allow_short``) once,
  for its audio and its tracked mouth (``tracks/mouth.npy``, the labels fine-tuning uses);
  with ``--keep DIR`` the packages are kept and reused on the next run. A clip counts as
  usable when its face is found in at least ``MIN_FOUND`` of its frames.
- Long clips (>= ``LONG_S``: dfrf 50 s, the two 20 s LatentSync clips): ``K`` contiguous
  test folds (``finetune.fold_splits``). Each fold's model is fine-tuned on the rest of
  the clip with a ``finetune.GAP_S`` gap either side of the fold (neighbouring frames
  are near copies), as ``avatar create`` fits her model: no early stopping, a ridge head
  on log-mel context, the phone path mixed in (``FinetuneConfig``; ``--mel-head``: no
  phones; ``--network``: the network alone, its best step picked on a validation slice
  carved from the training part: the creation path before issue 20's item 3). Her
  viseme table, which shapes the phone path, is made from the training part too. The
  test fold is measured once and chooses nothing. No setting is compared here: settings
  are compared with the nested protocol of ``bench_lipsync_dev.py`` (inner folds inside
  each fold's training part), never on these folds.
- Short clips (5-10 s) are zero-shot only: the speaker-independent drivers have never
  heard them, so the whole clip is their test (the phone path's viseme table is then the
  package's, from the whole clip: a distribution of her openness, no timing).
- Drivers: (a) the shipped network zero-shot, on every presenter (on the long clips, on
  the same test folds as the fine-tune); (b) the phone path zero-shot
  (``lipsync.phones``: a recogniser trained on real speech through the phoneme path,
  what audio without a fitted model gets), shaped by her viseme table, and (b') with
  the neutral shapes (nothing of her at all); (c) the per-presenter fine-tune (the
  creation path, ``finetune_model``); (d) the loudness fallback (``lipsync.energy``) as
  a floor that knows nothing about speech. The renderer rows of ``studio avatar eval``
  (real mouth through the renderer 0.90, static mouth) need a render and a re-track per
  fold and are not repeated here: see ``bench_lipsync_eval.py``.
- Also the creation-time self-check (``finetune.self_check``: the same folds, its fold
  models fitted with fewer steps to keep creation quick) on each long clip, beside what
  the folds measured with the full fine-tune, so any optimism of the check is visible.

The figure is *model-level*: Pearson r, over frames with a face in the test range, of the
driver's openness per video frame (for the networks: three speed-perturbed passes, head
and phone mix, as ``AudioMouthModel.predict``; without the presenter calibration, a
monotone map) against the creation tracker's openness (inner-lip gap / IOD,
``tracks/mouth.npy``), at lag 0, and the lag (+-5 frames, predicted later = positive)
where it peaks
(``finetune.held_out``). ``studio avatar eval`` (``studio/tools/evaluate.py``) measures
the same quantity *after* rendering and re-tracking the output, which loses a little
(its real-mouth ceiling is 0.90), so its figures are somewhat lower than these.

Per presenter, folds are averaged first; then mean, worst and spread (population std)
over presenters per driver. Figures of the run on 2026-12-05 (issue 20, item 3) are in
docs/benchmarks.md: fine-tuned 0.518 / 0.306 (mean / worst over 3), phones zero-shot
0.231 / -0.027 over 9, shipped network zero-shot 0.168 / -0.102.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from summary import record  # noqa: E402

MEDIA = Path(__file__).resolve().parents[2] / "shared" / "media"
LONG_S = 19.5  # the 20 s clips decode to a few frames under 20 s
MIN_FOUND = 0.8
DRIVERS = (
    "shipped (zero-shot)",
    "phones (zero-shot)",
    "phones, neutral shapes (zero-shot)",
    "fine-tuned (per presenter)",
    "loudness (floor)",
)
SHIPPED, PHONES, PHONES_NEUTRAL, TUNED, LOUDNESS = DRIVERS


@dataclass
class Presenter:
    name: str
    seconds: float
    folds: int  # 0: zero-shot only
    # driver -> [(label, r at lag 0, peak lag), ...] one per fold (or the whole clip)
    results: dict[str, list[tuple[str, float, int]]] = field(default_factory=dict)
    self_check: dict | None = None

    def mean(self, driver: str) -> float:
        rs = [r for _, r, _ in self.results.get(driver, []) if math.isfinite(r)]
        return float(np.mean(rs)) if rs else math.nan


def extract(video: Path, home: Path) -> Path:
    """The clip as an avatar package (cached in ``home``): audio and tracked mouth."""
    from studio.avatar.create import CreateOptions, create_from_video
    from studio.avatar.names import avatars_root

    folder = avatars_root() / video.stem
    if (folder / "manifest.json").is_file():
        return folder
    t = time.perf_counter()
    opts = CreateOptions(quality="fast", allow_short=True, force=True)
    folder = create_from_video(video, video.stem, opts).path
    print(f"  extracted {video.name} in {time.perf_counter() - t:.0f} s", flush=True)
    return folder


def train_targets(clip, split) -> dict:
    """Her viseme table (``avatar.visemes``, as ``avatar create`` makes it) from the
    frames with a face that ``split`` trains on: the test fold's openness stays unseen."""
    from studio.avatar.visemes import viseme_table
    from studio.lipsync.finetune import _frame_of_hop

    n = clip.frames
    rows = np.zeros(n, bool)
    for a, b in split.train + ((split.select,) if split.select else ()):
        rows[_frame_of_hop(clip, a) : min(_frame_of_hop(clip, b), n)] = True
    table = viseme_table(clip.mouth[:n, 0], clip.mouth[:n, 1], rows & clip.found[:n])
    return {v: shape.target for v, shape in table.items()}


def evaluate(folder: Path, folds: int, cfg, shipped) -> Presenter:
    """Every driver on one presenter (see the module doc)."""
    from studio.lipsync.energy import energy_mouth_track
    from studio.lipsync.finetune import (
        FinetuneConfig,
        finetune_model,
        fold_splits,
        held_out,
        load_clip,
        package_targets,
        phone_frames,
        predicted_frames,
        self_check,
    )

    clip = load_clip(folder)
    seconds = clip.labels.shape[0] / 100
    n = clip.frames
    found = float(clip.found[:n].mean()) if n else 0.0
    if found < MIN_FOUND:
        print(f"  {folder.name}: face found in {found:.0%} of frames: not usable, left out")
        return Presenter(folder.name, seconds, -1)
    long = seconds >= LONG_S
    p = Presenter(folder.name, seconds, folds if long else 0)
    zero = predicted_frames(shipped, clip)
    neutral = phone_frames(clip)
    energy = energy_mouth_track(clip.pcm, clip.fps, clip.sample_rate).open[:n]
    loud = np.stack([energy, np.zeros_like(energy)], axis=1)
    radius = shipped.config.radius
    tests = (
        [(f"fold {k + 1}/{folds}", s) for k, s in enumerate(fold_splits(clip, folds, radius))]
        if long
        else [("whole clip", None)]
    )
    for label, split in tests:
        test = split.test if split else (0, clip.labels.shape[0])
        # her viseme table: from the training part; a short clip's is its package's
        targets = train_targets(clip, split) if split else package_targets(folder)
        phones = phone_frames(clip, targets)
        preds = {SHIPPED: zero, PHONES: phones, PHONES_NEUTRAL: neutral, LOUDNESS: loud}
        if split is not None:
            t = time.perf_counter()
            tuned, info = finetune_model(shipped, clip, cfg, split=split, targets=targets)
            preds[TUNED] = predicted_frames(tuned, clip)
            train_s, select_s = info["train_s"], info["select_s"]
            test_s = split.seconds()[2]
            print(
                f"  {p.name} {label}: trained on {train_s:.1f} s, kept step {info['best_step']}"
                f" (picked on {select_s:.1f} s), tested on {test_s:.1f} s "
                f"({time.perf_counter() - t:.0f} s)",
                flush=True,
            )
        for driver, pred in preds.items():
            h = held_out(pred, clip, test)
            p.results.setdefault(driver, []).append((label, h.open_corr, h.peak_lag))
    if long:  # the creation-time self-check on the whole clip, as `avatar create` runs it
        check_cfg = FinetuneConfig(check_folds=folds)
        check = self_check(shipped, clip, check_cfg, targets=package_targets(folder))
        p.self_check = {
            "mean": check.mean("after"),
            "worst": min((h.open_corr for h in check.after), default=math.nan),
            "folds": len(check.after),
        }
    return p


def fmt(v: float) -> str:
    return f"{v:6.3f}" if math.isfinite(v) else "   n/a"


def report(presenters: list[Presenter]) -> dict[str, tuple[float, float, float, int]]:
    """Print the per-clip tables and the summary; returns driver -> (mean, worst, std, n)."""
    summary = {}
    for driver in DRIVERS:
        rows = [p for p in presenters if driver in p.results]
        if not rows:
            continue
        print(f"\n{driver}: openness r at lag 0 (peak lag in frames)")
        print(f"{'presenter':<26} {'s':>5}  {'per fold / clip':<44} {'mean':>6}")
        for p in rows:
            cells = ", ".join(f"{fmt(r).strip()} ({lag:+d})" for _, r, lag in p.results[driver])
            print(f"{p.name:<26} {p.seconds:5.1f}  {cells:<44} {fmt(p.mean(driver))}")
        means = np.array([p.mean(driver) for p in rows])
        means = means[np.isfinite(means)]
        if len(means):
            stats = (float(means.mean()), float(means.min()), float(means.std()), len(means))
            summary[driver] = stats
            print(
                f"over {stats[3]} presenters: mean {stats[0]:.3f}, worst {stats[1]:.3f}, "
                f"spread (std) {stats[2]:.3f}"
            )
    long = [p for p in presenters if p.folds > 0]
    if long:
        print(
            f"\nzero-shot shipped / phones / fine-tuned on the {len(long)} fine-tuned "
            "presenters only (same folds):"
        )
        for p in long:
            cells = " / ".join(fmt(p.mean(d)) for d in (SHIPPED, PHONES, TUNED))
            print(f"  {p.name:<26} {cells}")
        print(
            "\ncreation-time self-check (fold models of fewer steps) vs the folds above"
            " (mean / worst):"
        )
        for p in long:
            sc = p.self_check or {}
            worst = min((r for _, r, _ in p.results[TUNED]), default=math.nan)
            print(
                f"  {p.name:<26} claims {fmt(sc.get('mean', math.nan))} /"
                f" {fmt(sc.get('worst', math.nan))} over {sc.get('folds', 0)} folds,"
                f" measured {fmt(p.mean(TUNED))} / {fmt(worst)}"
            )
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--media", type=Path, default=MEDIA)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the extracted clips here")
    parser.add_argument("--folds", type=int, default=3, help="test folds per long clip")
    parser.add_argument(
        "--quick", action="store_true", help="2 folds and half the fine-tune steps (a smoke run)"
    )
    config = parser.add_mutually_exclusive_group()
    config.add_argument(
        "--mel-head",
        action="store_true",
        help="fine-tune without early stopping, with the linear head, no phone mix",
    )
    config.add_argument(
        "--network",
        action="store_true",
        help="the network alone, early-stopped (the creation path before the phone mix)",
    )
    args = parser.parse_args()
    videos = sorted((args.media / "video").glob("*.mp4"))
    if not videos:
        print(f"no clips in {args.media / 'video'}: skipped")
        return 0
    with contextlib.suppress(OSError):
        os.nice(5)  # two shared cores: let the interactive work go first
    with tempfile.TemporaryDirectory(prefix="bench-speakers-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["STUDIO_HOME"] = str(folder / "home")
        from studio.lipsync.audio_model import AudioMouthModel
        from studio.lipsync.finetune import FinetuneConfig

        cfg = FinetuneConfig()
        if args.mel_head:
            cfg = FinetuneConfig(phones=0.0)
        elif args.network:
            cfg = FinetuneConfig(early_stop=True, mel_head=False, phones=0.0)
        folds = args.folds
        if args.quick:
            cfg = replace(cfg, steps=cfg.steps // 2)
            folds = min(folds, 2)
        shipped = AudioMouthModel.load()
        t0 = time.perf_counter()
        print(f"{len(videos)} clips; long ones in {folds} folds, {cfg.steps} fine-tune steps")
        presenters = []
        for video in videos:
            p = evaluate(extract(video, folder / "home"), folds, cfg, shipped)
            if p.folds >= 0:
                presenters.append(p)
        summary = report(presenters)
        print(f"\ntook {time.perf_counter() - t0:.0f} s")
    mode = (
        f"{folds} folds"
        + (", quick" if args.quick else "")
        + (", mel head" if args.mel_head else "")
        + (", network" if args.network else "")
    )
    for driver, (mean, worst, std, n) in summary.items():
        record(
            "lip-sync",
            f"speakers ({mode}): model openness r, {driver}, mean / worst / spread over {n}",
            f"{mean:.3f} / {worst:.3f} / {std:.3f}",
            "",
            ">= 0.7 / >= 0.6" if driver != LOUDNESS else "",
        )
    for driver in DRIVERS[:-1]:
        lags = [lag for p in presenters for _, _, lag in p.results.get(driver, [])]
        if lags:
            zero = sum(lag == 0 for lag in lags)
            record(
                "lip-sync",
                f"speakers ({mode}): {driver}, tests peaking at lag 0",
                f"{zero}/{len(lags)}",
                "",
                "all",
            )
    checked = [p for p in presenters if p.self_check]
    if checked:
        record(
            "lip-sync",
            f"speakers ({mode}): creation self-check mean claimed / folds measured ("
            + ", ".join(p.name for p in checked)
            + ")",
            ", ".join(f"{p.self_check['mean']:.2f}/{p.mean(TUNED):.2f}" for p in checked),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
