"""Lip-sync quality on a real presenter: clone from the first 40 s, evaluate on the rest.

Run: .venv/bin/python benchmarks/bench_lipsync_eval.py [--media DIR] [--keep DIR]

1. ``../shared/media/video/dfrf_french_50s.mp4`` is cut into its first 40 s and its last
   ~10 s (``studio.tools.cut``); the avatar is cloned from the first part (fast mode,
   which fine-tunes the audio -> mouth model on her own audio and mouth);
2. ``studio avatar eval`` drives it with the held-out audio (definitions in
   ``studio/tools/evaluate.py``): openness correlation (target >= 0.7) and its peak lag
   (target 0), LMD, PSNR/SSIM and frame-to-frame change (flicker) of the mouth region,
   against a static mouth (floor), the renderer driven by the real mouth, and the real
   video against itself (ceiling);
3. the same the other way round, as a check that it is not tuned to one segment: cloned
   from the last 40 s, evaluated on the first 10 s (where the speaker introduces
   himself; harder: more pauses with parted lips);
4. phoneme check: eSpeak NG speech (Mandarin and English) with known phoneme times drives
   the same avatar; the rendered frames are face-tracked and every p/b/m must show closed
   lips (target >= 95 %) and every open vowel an open mouth (target >= 90 %).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GLOG_minloglevel", "2")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from summary import record  # noqa: E402

MEDIA = Path(__file__).resolve().parents[2] / "shared" / "media"
CHECK_LINES = [
    "买一送一，宝贝们抓紧时间拍，八百八十八包邮。",
    "Buy more, pay less: big bargains, maybe the best prices of the month.",
    "妈妈们都说这款杯子不漏水，保温效果特别棒。",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--media", type=Path, default=MEDIA)
    parser.add_argument("--keep", type=Path, help="keep the clips, avatar and render here")
    args = parser.parse_args()
    src = args.media / "video" / "dfrf_french_50s.mp4"
    if not src.is_file():
        print(f"{src} not found: skipped")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-lipsync-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["STUDIO_HOME"] = str(folder / "home")
        from studio.avatar.create import CreateOptions, create_from_video
        from studio.avatar.package import load_avatar
        from studio.tools.cut import cut_clip
        from studio.tools.evaluate import evaluate_avatar, viseme_check

        def clone_and_evaluate(name: str, train: tuple, hold: tuple, save: Path | None = None):
            """Cut ``train`` and ``hold`` (start, end s) from the clip, clone, evaluate."""
            train_clip, hold_clip = folder / f"{name}_train.mp4", folder / f"{name}_hold.mp4"
            cut_clip(src, train_clip, *train)
            cut_clip(src, hold_clip, *hold)
            t = time.perf_counter()
            create_from_video(train_clip, name, CreateOptions(quality="fast", force=True))
            clone_s = time.perf_counter() - t
            t = time.perf_counter()
            report = evaluate_avatar(name, hold_clip, save_video=save)
            print(report.table())
            print(f"clone {clone_s:.0f} s, evaluation {time.perf_counter() - t:.0f} s")
            return report

        render = folder / "eval_audio_driven.mp4"
        report = clone_and_evaluate("dfrf40", (0.0, 40.0), (40.0, None), render)
        print(f"render: {render}\n\nreversed split (a check, no target):")
        reverse = clone_and_evaluate("dfrf_last40", (10.0, None), (0.0, 10.0))
        back = reverse.row("audio -> avatar")
        record("lip-sync", "dfrf reversed split: openness r, audio-driven", back.open_corr)
        record(
            "lip-sync",
            "dfrf reversed split: openness r, real mouth -> renderer",
            reverse.row("real mouth -> renderer").open_corr,
        )
        audio, floor = report.row("audio -> avatar"), report.row("static mouth (floor)")
        oracle, ceiling = report.row("real mouth -> renderer"), report.rows[-1]
        record("lip-sync", "dfrf held-out: openness r, audio-driven", audio.open_corr, "", ">= 0.7")
        record("lip-sync", "dfrf held-out: peak lag, audio-driven", audio.peak_lag, "frames", "0")
        record("lip-sync", "dfrf held-out: openness r, static mouth (floor)", floor.open_corr)
        record("lip-sync", "dfrf held-out: openness r, real mouth -> renderer", oracle.open_corr)
        record("lip-sync", "dfrf held-out: openness r, real vs itself (ceiling)", ceiling.open_corr)
        record(
            "lip-sync",
            "dfrf held-out: LMD audio / floor",
            f"{audio.lmd:.3f} / {floor.lmd:.3f}",
            "IOD",
        )
        record(
            "lip-sync",
            "dfrf held-out: mouth PSNR/SSIM audio-driven",
            f"{audio.psnr:.1f} / {audio.ssim:.3f}",
            "dB / -",
        )
        record(
            "lip-sync",
            "dfrf held-out: mouth change per frame, audio-driven / real",
            f"{audio.change:.2f} / {ceiling.change:.2f}",
            "grey levels",
        )
        avatar = load_avatar("dfrf40")
        check = viseme_check(avatar, CHECK_LINES)
        avatar.close()
        print(
            f"\nphoneme check (eSpeak, {len(CHECK_LINES)} lines): p/b/m closed "
            f"{check.closed}/{check.closures} = {check.closed_pct:.0f} % (gap < 0.04 IOD); "
            f"open vowels open {check.opened}/{check.open_vowels} = {check.opened_pct:.0f} % "
            f"(gap >= {check.open_threshold:.3f} IOD)"
        )
        record("lip-sync", "eSpeak p/b/m closed on rendered frames", check.closed_pct, "%", ">= 95")
        record(
            "lip-sync", "eSpeak open vowels open on rendered frames", check.opened_pct, "%", ">= 90"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
