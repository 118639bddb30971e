"""Audio-to-mouth model: speed on one core, fine-tuning cost, and lip-sync correlation.

Run: .venv/bin/python benchmarks/bench_lipsync_audio.py [--train AVATAR --hold AVATAR]
     [--media DIR] [--weights models/audio_mouth.pt]

Prints one table:
- features + network, x real time on ONE core (``torch.set_num_threads(1)``), on 60 s
  of speech (the dfrf clip's audio when the media is there, else eSpeak);
- per-avatar fine-tuning: wall seconds per minute of input clip (its own thread count);
- the real target (DESIGN.md §5): an avatar cloned from the first 40 s of
  dfrf_french_50s.mp4 drives the last 10 s; Pearson correlation of predicted and real
  mouth openness per video frame (frames with a face), and the lag at which it peaks,
  for the shipped model (zero-shot), the fine-tuned one and the loudness fallback.

Without --train/--hold the two avatars are built from ../shared/media in a temporary
STUDIO_HOME (about a minute); the fine-tuned model is computed here (the packages
are not modified).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import torch  # noqa: E402

MEDIA = Path(__file__).resolve().parents[2] / "shared" / "media"
VIDEO = "video/dfrf_french_50s.mp4"


def build_avatars(media: Path, home: Path) -> tuple[Path, Path]:
    """First 40 s and last 10 s of the dfrf clip as avatars (create runs the lipsync stage)."""
    from studio.avatar.create import CreateOptions, create_from_video
    from studio.tools.cut import cut_clip

    os.environ["STUDIO_HOME"] = str(home)
    src = media / VIDEO
    head, tail = home / "head.mp4", home / "tail.mp4"
    cut_clip(src, head, 0.0, 40.0)
    cut_clip(src, tail, 40.0, None)
    a = create_from_video(head, "dfrf40", CreateOptions()).path
    b = create_from_video(tail, "dfrf_hold", CreateOptions(allow_short=True)).path
    return a, b


def speed(model, pcm: np.ndarray) -> tuple[float, float, float]:
    """(features x RT, network x RT, both x RT) on one thread."""
    from studio.core.timeline import FrameRate
    from studio.lipsync import features as F

    torch.set_num_threads(1)
    seconds = len(pcm) / 48_000
    model.predict(pcm[:48_000], FrameRate(25))  # warm-up
    t0 = time.perf_counter()
    feats = F.log_mel_features(pcm, 48_000)
    t1 = time.perf_counter()
    model.predict_hops(feats)
    t2 = time.perf_counter()
    model.predict(pcm, FrameRate(25))
    t3 = time.perf_counter()
    return seconds / (t1 - t0), seconds / (t2 - t1), seconds / (t3 - t2)


def hold_scores(model_or_track, hold) -> tuple[float, int]:
    from studio.core.wav import read_wav
    from studio.tools.train_audio_mouth import lag_profile, peak_lag

    pcm, rate = read_wav(hold.audio_path)
    track = model_or_track(pcm, hold.fps)
    prof = lag_profile(track.open, np.asarray(hold.tracks.mouth)[:, 0], hold.tracks.found)
    return prof[0], peak_lag(prof)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--media", type=Path, default=MEDIA)
    p.add_argument("--train", type=Path, help="avatar folder to fine-tune on (first 40 s)")
    p.add_argument("--hold", type=Path, help="avatar folder of the held-out tail (last 10 s)")
    p.add_argument("--weights", type=Path, default=None, help="default: the shipped model")
    args = p.parse_args()

    from studio.avatar.package import load_avatar
    from studio.core.wav import read_wav
    from studio.lipsync.audio_model import AudioMouthModel
    from studio.lipsync.energy import energy_mouth_track
    from studio.lipsync.finetune import (
        finetune_model,
        fit_threads,
        held_out,
        load_clip,
        predicted_frames,
    )

    model = AudioMouthModel.load(args.weights, device=torch.device("cpu"))
    rows: list[tuple[str, str]] = []
    train, hold = args.train, args.hold
    tmp = None
    if (train is None or hold is None) and (args.media / VIDEO).is_file():
        tmp = tempfile.TemporaryDirectory(prefix="bench-lipsync-")
        print("building the dfrf avatars (first 40 s, last 10 s) ...", flush=True)
        train, hold = build_avatars(args.media, Path(tmp.name))

    if train is not None:
        pcm, _ = read_wav(load_avatar(train).audio_path)
        pcm = np.tile(pcm, 2)[: 60 * 48_000]
        what = "dfrf audio"
    else:
        from studio.speech.engine import get_engine

        text = "大家好，欢迎来到我们的直播间！今天给大家推荐这款保温杯。" * 6
        pcm = get_engine("espeak").synthesize(text).audio[: 60 * 48_000]
        what = "eSpeak"
    f_rt, n_rt, all_rt = speed(model, pcm)
    rows += [
        (f"features, x real time, 1 core ({what}, {len(pcm) / 48_000:.0f} s)", f"{f_rt:.0f}"),
        ("network, x real time, 1 core", f"{n_rt:.0f}"),
        ("features + network x3 speeds + frames, x real time, 1 core", f"{all_rt:.0f}"),
        ("parameters", f"{sum(p.numel() for p in model.net.parameters()):,}"),
    ]

    if train is not None and hold is not None:
        h = load_avatar(hold)
        clip = load_clip(train)
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        tuned, info = finetune_model(model, clip)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        test = info["split"].test
        before = held_out(predicted_frames(model, clip), clip, test).open_corr
        after = held_out(predicted_frames(tuned, clip), clip, test).open_corr
        minutes = len(clip.pcm) / 48_000 / 60
        rows += [
            (
                f"fine-tune wall s per input minute ({fit_threads()} thread(s))",
                f"{wall / minutes:.1f}",
            ),
            ("fine-tune CPU s per input minute", f"{cpu / minutes:.1f}"),
            (
                "fine-tune: own held-out tail (after a gap), open corr before -> after",
                f"{before:.3f} -> {after:.3f} (best step {info['best_step']})",
            ),
        ]
        zs, zs_lag = hold_scores(model.predict, h)
        ft, ft_lag = hold_scores(tuned.predict, h)
        en, en_lag = hold_scores(energy_mouth_track, h)
        rows += [
            (
                "hold-out 10 s: open corr, shipped model (zero-shot)",
                f"{zs:.3f} (peak lag {zs_lag})",
            ),
            ("hold-out 10 s: open corr, fine-tuned on first 40 s", f"{ft:.3f} (peak lag {ft_lag})"),
            ("hold-out 10 s: open corr, loudness fallback", f"{en:.3f} (peak lag {en_lag})"),
        ]
    else:
        rows.append(("dfrf correlations", "skipped: no --train/--hold and no media"))

    from summary import record

    record("lip-sync", "audio -> mouth, x real time, 1 core", all_rt, "x", "> 20")
    if train is not None and hold is not None:
        record("lip-sync", "audio -> mouth fine-tune, wall s per input minute", wall / minutes, "s")
        record(
            "lip-sync", "dfrf hold-out: model open r zero-shot / fine-tuned", f"{zs:.3f} / {ft:.3f}"
        )
    width = max(len(k) for k, _ in rows)
    print(f"\n{'measure'.ljust(width)} | value")
    print(f"{'-' * width}-|------")
    for k, v in rows:
        print(f"{k.ljust(width)} | {v}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
