"""Per-avatar fine-tuning of the audio-to-mouth model, and the lipsync stage of create."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from studio.avatar.package import load_avatar
from studio.lipsync.audio_model import AVATAR_WEIGHTS, AudioMouthModel, audio_mouth_track
from studio.lipsync.finetune import (
    FinetuneConfig,
    create_stage,
    finetune_for_avatar,
    frames_from_hops,
    load_clip,
)
from studio.tools.train_audio_mouth import lag_profile, peak_lag

from ..avatar.conftest import cloned, talking_video  # noqa: F401, F811  (shared session fixtures)


def tail_error(model: AudioMouthModel, folder: Path, first_frame: int) -> float:
    """Mean squared error of predicted vs tracked openness from ``first_frame`` on."""
    clip = load_clip(folder)
    hops = model.predict_hops(clip.feats)
    pred = frames_from_hops(hops[:, 0], clip.fps, len(clip.pcm))[: len(clip.mouth)]
    keep = clip.found[: len(pred)].copy()
    keep[:first_frame] = False
    return float(np.mean((pred[keep] - clip.mouth[: len(pred), 0][keep]) ** 2))


@pytest.fixture()
def astro_copy(cloned, tmp_path: Path) -> Path:  # noqa: F811  (the imported fixture)
    """A private copy of the cloned avatar, without any fine-tuned weights yet."""
    folder = tmp_path / "astro"
    shutil.copytree(cloned.path, folder)
    (folder / AVATAR_WEIGHTS).unlink(missing_ok=True)
    return folder


@pytest.mark.slow
def test_finetuning_fits_the_presenter_better_than_the_shipped_model(astro_copy: Path) -> None:
    steps = []
    report = finetune_for_avatar(astro_copy, progress=lambda s, d, t: steps.append((s, d, t)))
    assert report.path == astro_copy / AVATAR_WEIGHTS and report.path.is_file()
    assert steps[0] == ("lipsync", 0, report.steps) and steps[-1][1] == steps[-1][2]
    tuned = AudioMouthModel.load(report.path)
    shipped = AudioMouthModel.load()
    # the held-out tail: early stopping found a better step than the start ...
    assert report.best_step > 0
    assert report.open_corr > report.open_corr_before
    assert report.holdout_s > 2.0 and report.train_s > 15.0
    # ... and the fitted model is closer to the tracked mouth there (also in scale)
    fps = load_avatar(astro_copy).fps
    first = fps.frame_at_sample(int((report.seconds - report.holdout_s) * 48_000))
    assert tail_error(tuned, astro_copy, first) < 0.8 * tail_error(shipped, astro_copy, first)
    # and the avatar's own weights are what audio_mouth_track uses for it
    from studio.core.wav import read_wav

    pcm, _ = read_wav(astro_copy / "audio.wav")
    mine = audio_mouth_track(pcm[: 5 * 48_000], fps, avatar=load_avatar(astro_copy))
    np.testing.assert_allclose(mine.open, tuned.predict(pcm[: 5 * 48_000], fps).open)
    # ... with her openness calibration: on her own clip it gives back her distribution
    assert tuned.calibration is not None
    raw = AudioMouthModel(tuned.net, tuned.target_scale).predict(pcm, fps).open
    calibrated = tuned.predict(pcm, fps).open
    real = np.asarray(load_avatar(astro_copy).tracks.mouth)[: len(raw), 0]
    assert (
        abs(np.quantile(calibrated, 0.9) - np.quantile(real, 0.9))
        < abs(np.quantile(raw, 0.9) - np.quantile(real, 0.9)) + 0.01
    )
    assert np.corrcoef(calibrated, raw)[0, 1] > 0.9  # a monotone map, not a new curve


def test_the_clone_pipeline_fits_the_model_and_reports_it(cloned, capsys) -> None:  # noqa: F811
    """create_from_video ran the lipsync stage for the session's cloned avatar, and
    `avatar show` reports it."""
    from studio.cli import main

    manifest = json.loads((cloned.path / "manifest.json").read_text(encoding="utf-8"))
    quality = manifest["quality"]["audio_mouth"]
    assert (cloned.path / AVATAR_WEIGHTS).is_file()
    assert quality["open_corr"] >= quality["open_corr_before"]
    assert quality["open_corr"] > 0.6
    AudioMouthModel.load(cloned.path / AVATAR_WEIGHTS)
    assert main(["avatar", "show", str(cloned.path)]) == 0
    shown = next(s for s in capsys.readouterr().out.splitlines() if s.startswith("lip-sync"))
    assert f"{quality['open_corr_before']:.2f} (shipped) -> {quality['open_corr']:.2f}" in shown


def test_the_stage_skips_a_package_it_cannot_use(tmp_path: Path) -> None:
    from studio.core.timeline import FrameRate

    warnings: list[str] = []
    reports = []
    out = create_stage(tmp_path, FrameRate(25), lambda *a: reports.append(a), warnings)
    assert out is None
    assert warnings and "audio-to-mouth" in warnings[0]
    assert reports[-1] == ("lipsync", 1, 1)
    assert not (tmp_path / AVATAR_WEIGHTS).exists()


def test_too_short_a_clip_is_refused(astro_copy: Path) -> None:
    from studio.core.errors import InputError
    from studio.core.wav import read_wav, write_wav

    pcm, _ = read_wav(astro_copy / "audio.wav")
    write_wav(astro_copy / "audio.wav", pcm[: 4 * 48_000])
    for name in ("mouth.npy", "found.npy"):
        arr = np.load(astro_copy / "tracks" / name)
        np.save(astro_copy / "tracks" / name, arr[:100])
    with pytest.raises(InputError):
        finetune_for_avatar(astro_copy, config=FinetuneConfig(steps=2))


@pytest.mark.slow
@pytest.mark.media
def test_real_presenter_lipsync_from_audio(shared_media: Path, tmp_path: Path) -> None:
    """DESIGN.md §5: clone from the first 40 s of a real video, drive the last 10 s with
    its audio; the predicted openness must follow the real one (r >= 0.7) at lag 0."""
    from studio.avatar.create import CreateOptions, create_from_video
    from studio.core.wav import read_wav
    from studio.tools.cut import cut_clip

    src = shared_media / "video" / "dfrf_french_50s.mp4"
    if not src.is_file():
        pytest.skip("dfrf_french_50s.mp4 is not in the shared media")
    head = cut_clip(src, tmp_path / "head.mp4", 0.0, 40.0)
    tail = cut_clip(src, tmp_path / "tail.mp4", 40.0, None)
    train = create_from_video(head, "dfrf40", CreateOptions())
    hold = load_avatar(create_from_video(tail, "dfrfhold", CreateOptions(allow_short=True)).path)
    assert (train.path / AVATAR_WEIGHTS).is_file()
    assert "audio_mouth" in train.manifest.quality

    pcm, _ = read_wav(hold.audio_path)
    real = np.asarray(hold.tracks.mouth)[:, 0]
    tuned = audio_mouth_track(pcm, hold.fps, avatar=load_avatar(train.path))
    profile = lag_profile(tuned.open, real, hold.tracks.found)
    assert profile[0] >= 0.7, profile
    assert peak_lag(profile) == 0, profile
