"""Choosing lip-sync settings without the speakers bench's test folds: nested inner folds.

Run: nice .venv/bin/python benchmarks/bench_lipsync_dev.py --keep DIR [--media DIR]

``bench_lipsync_speakers.py`` reports test folds once; comparing settings there would tune
to them. This is where settings are compared instead (issue 20): for each long clip and
each of its test folds, that fold and ``GAP_S`` either side are hidden (no labels, no
faces); inner contiguous folds tile the rest (3 on clips of 30 s or more, else 2), each
fitted on the rest of the visible clip with the same gap and measured like the speakers
bench (model-level openness r at lag 0 per video frame with a face; folds averaged per
presenter, then mean and worst over presenters). The inner training parts of the 20 s
clips are only 3-5 s, so ``MIN_SECONDS`` is lowered here (the product keeps its limit).

Drivers: the shipped network zero-shot; the phone path zero-shot
(:mod:`studio.lipsync.phones`, shaped by her viseme table from the inner training part);
the fine-tune as ``avatar create`` runs it (no early stop, ridge head, phones mixed in at
0.5); the same without the phones (``--mel-head`` on the speakers bench); and the
network alone, early-stopped (the creation path before issue 20's item 3, ``--network``). Clips come from the
speakers bench's ``--keep`` folder (extracted there when missing).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from bench_lipsync_speakers import LONG_S, MEDIA, extract, train_targets  # noqa: E402

INNER_MIN_SECONDS = 3.0


def hidden_clip(clip, test: tuple[int, int], gap: int):
    """The clip with ``test`` and ``gap`` hops either side unlabelled and faceless."""
    a, b = max(0, test[0] - gap), test[1] + gap
    valid = clip.valid.copy()
    valid[a:b] = False
    found = clip.found.copy()
    rate = clip.sample_rate
    f0 = clip.fps.frame_at_sample(a * rate // 100, rate)
    f1 = clip.fps.frame_at_sample(b * rate // 100, rate) + 1
    found[f0:f1] = False
    return dataclasses.replace(clip, valid=valid, found=found), (a, b)


def inner_splits(clip, hidden: tuple[int, int], radius: int, n: int):
    """``n`` contiguous inner test folds over the visible hops; each trains on the rest
    of them (a gap either side), its validation slice carved as the product does."""
    from studio.lipsync.finetune import SELECT_FRACTION, Split, _carve_select, _gap_hops

    gap, t = _gap_hops(radius), clip.labels.shape[0]
    visible = np.ones(t, bool)
    visible[hidden[0] : hidden[1]] = False

    def runs(mask: np.ndarray) -> list[tuple[int, int]]:
        idx = np.flatnonzero(mask)
        parts = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1) if len(idx) else []
        return [(int(p[0]), int(p[-1]) + 1) for p in parts if len(p)]

    out = []
    for chunk in np.array_split(np.flatnonzero(visible), n):
        inner = np.zeros(t, bool)
        inner[chunk] = True
        ta, tb = max(runs(inner), key=lambda r: r[1] - r[0])
        keep = visible.copy()
        keep[max(0, ta - gap) : tb + gap] = False
        train, select = _carve_select(runs(keep), int(round(t * SELECT_FRACTION)), radius)
        out.append(Split(train, select, (ta, tb)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--media", type=Path, default=MEDIA)
    parser.add_argument("--keep", type=Path, required=True, help="the speakers bench's --keep")
    args = parser.parse_args()
    videos = sorted((args.media / "video").glob("*.mp4"))
    if not videos:
        print(f"no clips in {args.media / 'video'}: skipped")
        return 0
    with contextlib.suppress(OSError):
        os.nice(5)
    os.environ["STUDIO_HOME"] = str(args.keep / "home")
    import studio.lipsync.finetune as ft
    from studio.lipsync.audio_model import AudioMouthModel

    ft.MIN_SECONDS = INNER_MIN_SECONDS  # the inner parts of a 20 s clip (module doc)
    shipped = AudioMouthModel.load()
    radius = shipped.config.radius
    configs = {
        "fine-tune (as created)": ft.FinetuneConfig(),
        "no early stop + mel head": ft.FinetuneConfig(phones=0.0),
        "network, early-stopped": ft.FinetuneConfig(early_stop=True, mel_head=False, phones=0.0),
    }
    scores: dict[str, dict[str, list[float]]] = {}
    t0 = time.perf_counter()
    for video in videos:
        clip = ft.load_clip(extract(video, args.keep / "home"))
        seconds = clip.labels.shape[0] / 100
        if seconds < LONG_S or clip.found[: clip.frames].mean() < 0.8:
            continue
        zero = ft.predicted_frames(shipped, clip)
        for k, outer in enumerate(ft.fold_splits(clip, 3, radius)):
            masked, hidden = hidden_clip(clip, outer.test, ft._gap_hops(radius))
            n = 3 if seconds >= 30 else 2
            for j, split in enumerate(inner_splits(masked, hidden, radius, n)):
                targets = train_targets(masked, split)
                phones = ft.phone_frames(masked, targets)
                row = {
                    "shipped (zero-shot)": ft.held_out(zero, masked, split.test).open_corr,
                    "phones (zero-shot)": ft.held_out(phones, masked, split.test).open_corr,
                }
                for name, cfg in configs.items():
                    tuned, _ = ft.finetune_model(shipped, masked, cfg, split=split, targets=targets)
                    pred = ft.predicted_frames(tuned, masked)
                    row[name] = ft.held_out(pred, masked, split.test).open_corr
                for name, r in row.items():
                    scores.setdefault(name, {}).setdefault(video.stem, []).append(r)
                cells = ", ".join(f"{name} {r:.3f}" for name, r in row.items())
                print(f"  {video.stem} fold {k + 1} inner {j + 1}: {cells}", flush=True)
    print(
        f"\ndev (nested inner folds), per presenter then over presenters ({time.perf_counter() - t0:.0f} s)"
    )
    for name, per in scores.items():
        means = {p: float(np.nanmean(v)) for p, v in per.items()}
        cells = ", ".join(f"{p} {m:.3f}" for p, m in means.items())
        vals = list(means.values())
        print(f"{name:<26} mean {np.mean(vals):.3f} worst {min(vals):.3f}  ({cells})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
