"""`studio avatar eval` and the phoneme check on rendered frames (tracked, not the input)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from studio.avatar.package import load_avatar

from .conftest import cloned, dfrf40, talking_video, use_clone  # noqa: F401  (session fixtures)

CHECK_LINES = ["买一送一，八百八十八包邮。", "Buy more, pay less: big bargains."]


@pytest.fixture(scope="module")
def holdout(cloned, tmp_path_factory) -> Path:  # noqa: F811
    from studio.tools.cut import cut_clip

    out = tmp_path_factory.mktemp("holdout") / "last6.mp4"
    return cut_clip(cloned.video.path, out, 18.0, None)


@pytest.mark.slow
def test_eval_report_orders_floor_driven_and_ceiling(cloned, holdout, capsys) -> None:  # noqa: F811
    from studio.cli import main

    assert main(["avatar", "eval", str(cloned.path), "--video", str(holdout), "--json"]) == 0
    import json

    report = json.loads(capsys.readouterr().out)
    rows = {r["name"]: r for r in report["rows"]}
    assert report["frames"] == 150
    audio = rows["audio -> avatar"]
    floor = rows["static mouth (floor)"]
    oracle = rows["real mouth -> renderer"]
    ceiling = rows["real vs itself (ceiling)"]
    assert ceiling["open_corr"] > 0.95 and ceiling["peak_lag"] == 0
    assert oracle["open_corr"] > 0.8
    assert audio["open_corr"] > 0.5 and abs(audio["peak_lag"]) <= 1
    # a static mouth does not follow speech: no correlation to speak of, larger lip error
    assert floor["open_corr"] is None or floor["open_corr"] < 0.3
    assert floor["lmd"] > oracle["lmd"]
    assert ceiling["psnr"] > audio["psnr"] and ceiling["ssim"] > audio["ssim"]
    # No flicker: the rendered mouth changes from frame to frame about as much as the
    # real one (measured 7.6 vs 7.3 grey levels), and a static mouth much less.
    assert audio["change"] < 1.5 * ceiling["change"]
    assert floor["change"] < 0.5 * ceiling["change"]


@pytest.mark.slow
def test_rendered_closures_close_and_open_vowels_open(cloned) -> None:  # noqa: F811
    from studio.tools.evaluate import viseme_check

    avatar = load_avatar(cloned.path)
    check = viseme_check(avatar, CHECK_LINES)
    avatar.close()
    assert check.closures >= 6 and check.open_vowels >= 6
    assert check.closed_pct >= 95, check.closure_gaps
    assert check.opened_pct >= 90, (check.open_threshold, check.vowel_gaps)
    assert not math.isnan(check.open_threshold)


@pytest.mark.slow
@pytest.mark.media
def test_real_presenter_held_out_meets_the_targets(dfrf40, studio_home) -> None:  # noqa: F811
    """dfrf: cloned from its first 40 s, driven by the audio of the last 10 s."""
    from studio.tools.evaluate import evaluate_avatar

    use_clone(dfrf40, studio_home)
    report = evaluate_avatar("dfrf40", dfrf40.tail)
    audio = report.row("audio -> avatar")
    print(report.table())
    # A guard that the pipeline works on a real presenter, not a result: this clip was
    # tuned on before, and the honest figures over every presenter are in
    # benchmarks/bench_lipsync_speakers.py (issue 20). It read 0.705 before issue 20, 0.669
    # after the fine-tune's step choice moved to a validation slice and the track was
    # steadied; the pipeline is deterministic from the cut on (one encoder thread).
    # With the phone path mixed in (issue 20 item 3) it reads 0.633 at lag 0 and peaks one
    # frame later at 0.644: a flat peak, so lag 0 must stay within 0.02 of it (the issue's
    # "peak lag 0 for every presenter" is still open and measured in the speakers bench).
    assert audio.open_corr >= 0.62, report.table()
    assert audio.peak_lag == 0 or (
        abs(audio.peak_lag) == 1 and audio.peak_corr - audio.open_corr <= 0.02
    ), report.table()
    assert report.row("static mouth (floor)").lmd > audio.lmd
    assert report.row("real mouth -> renderer").open_corr >= 0.85
    # No flicker (issue 20): measured 3.87 grey levels per frame against the real video's
    # 3.86 (4.82 before the audio track was steadied and still mouths held).
    assert audio.change < 1.1 * report.row("real vs itself (ceiling)").change
