"""The audio-to-mouth model: shipped weights, what it predicts, and its training script."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from studio.core.errors import DependencyError
from studio.core.timeline import FrameRate
from studio.lipsync import features as F
from studio.lipsync.audio_model import (
    AVATAR_WEIGHTS,
    UNCALIBRATED_CLOSED,
    AudioMouthModel,
    audio_mouth_track,
    frames_from_hops,
    hops_from_frames,
    shipped_weights_path,
)
from studio.lipsync.phones import phone_mouth_track
from studio.lipsync.steady import steady_track
from studio.lipsync.trajectory import DEFAULT_TARGETS, MouthTarget, mouth_track
from studio.phonetics.viseme import Viseme
from studio.tools.synth_corpus import EN_WORDS, ZH_CHARS, random_text, split_tokens

# Measured with the shipped weights on these held-out voices and texts (see the model
# card): zh ~0.93, en ~0.85 per frame at 25 fps. The thresholds sit a little below.
MIN_CORR = {"zh": 0.8, "en": 0.7}
HELD_OUT_VOICES = {"zh": "cmn+f4", "en": "en-gb-scotland+m6"}


@pytest.fixture(scope="module")
def model() -> AudioMouthModel:
    return AudioMouthModel.load()


@pytest.fixture(scope="module")
def espeak():
    from studio.speech.engine import get_engine

    return get_engine("espeak")


def held_out_text(language: str, seed: int) -> str:
    """Sentences from the held-out slice of the word/character lists (never trained on)."""
    rng = np.random.default_rng(seed)
    tokens = split_tokens(list(ZH_CHARS) if language == "zh" else EN_WORDS, heldout=True)
    return "".join(random_text(rng, language, tokens) for _ in range(3))


def test_shipped_weights_load_and_are_small(model: AudioMouthModel) -> None:
    path = shipped_weights_path()
    assert path.is_file() and path.stat().st_size < 2_000_000
    assert path.with_suffix(".md").is_file()  # the model card
    params = sum(p.numel() for p in model.net.parameters())
    assert 10_000 < params < 500_000
    assert 15 <= model.config.radius <= 30  # +-150..300 ms of context
    ckpt = torch.load(path, map_location="cpu", weights_only=True)  # no pickled objects
    assert ckpt["config"]["n_mels"] == F.N_MELS


@pytest.mark.parametrize("language", ["zh", "en"])
def test_openness_follows_the_phoneme_timeline_on_held_out_speech(
    model: AudioMouthModel, espeak, language: str
) -> None:
    fps = FrameRate(25)
    utt = espeak.synthesize(
        held_out_text(language, seed=11), language=language, voice=HELD_OUT_VOICES[language]
    )
    truth = mouth_track(utt.phonemes, utt.num_samples, fps)
    pred = model.predict(utt.audio, fps)
    assert len(pred) == len(truth)
    r = float(np.corrcoef(pred.open, truth.open)[0, 1])
    assert r >= MIN_CORR[language], r
    # and through a microphone-like chain: quieter, some noise
    rng = np.random.default_rng(0)
    noisy = utt.audio.astype(np.float32) * 0.2 + rng.normal(0, 40, utt.num_samples)
    pred2 = model.predict(np.clip(noisy, -32768, 32767).astype(np.int16), fps)
    r2 = float(np.corrcoef(pred2.open, truth.open)[0, 1])
    assert r2 >= MIN_CORR[language] - 0.1, r2


def test_silence_and_hiss_keep_the_mouth_closed(model: AudioMouthModel) -> None:
    fps = FrameRate(25)
    silent = model.predict(np.zeros(3 * 48_000, np.int16), fps)
    assert float(silent.open.max()) < 0.02
    hiss = np.random.default_rng(1).normal(0, 20, 3 * 48_000).astype(np.int16)  # ~ -64 dBFS
    assert float(model.predict(hiss, fps).open.max()) < 0.03


def test_speech_opens_the_mouth(model: AudioMouthModel, espeak) -> None:
    utt = espeak.synthesize("大家好，欢迎来到直播间！", voice="cmn+m3")
    track = model.predict(utt.audio, FrameRate(25))
    assert float(np.percentile(track.open, 90)) > 0.1


@pytest.mark.parametrize(
    "fps,samples",
    [(FrameRate(25), 48_000), (FrameRate(30), 48_017), (FrameRate(30000, 1001), 123_457),
     (FrameRate(60), 1), (FrameRate(25), 0)],
)  # fmt: skip
def test_one_value_per_output_frame(model: AudioMouthModel, fps: FrameRate, samples: int) -> None:
    pcm = np.random.default_rng(2).normal(0, 3000, samples).astype(np.int16)
    track = model.predict(pcm, fps)
    assert len(track) == fps.frames_for_samples(samples) == len(track.width)
    assert track.fps == fps
    assert track.open.dtype == np.float32 and (track.open >= 0).all()


def test_float_and_int16_input_agree(model: AudioMouthModel, espeak) -> None:
    utt = espeak.synthesize("Thank you for watching.", voice="en-us")
    a = model.predict(utt.audio, FrameRate(25))
    b = model.predict(utt.audio.astype(np.float32) / 32768.0, FrameRate(25))
    np.testing.assert_allclose(a.open, b.open, atol=1e-4)


def test_other_sample_rates(model: AudioMouthModel, espeak) -> None:
    from scipy.signal import resample_poly

    utt = espeak.synthesize("我们今天有很多好东西。", voice="cmn")
    at44 = resample_poly(utt.audio.astype(np.float32), 147, 160).astype(np.int16)
    a = model.predict(utt.audio, FrameRate(25))
    b = model.predict(at44, FrameRate(25), sample_rate=44_100)
    assert abs(len(a) - len(b)) <= 1
    n = min(len(a), len(b))
    assert float(np.corrcoef(a.open[:n], b.open[:n])[0, 1]) > 0.95


def test_frame_and_hop_grids_are_inverse() -> None:
    fps = FrameRate(30)
    values = np.sin(np.arange(90) / 5.0).astype(np.float32)
    samples = fps.frame_start_sample(90)
    hops = hops_from_frames(values, fps, F.num_hops(samples, 48_000))
    back = frames_from_hops(hops, fps, samples)
    np.testing.assert_allclose(back[2:-2], values[2:-2], atol=0.02)


def test_missing_weights_say_how_to_train(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_MODELS", str(tmp_path / "nothing"))
    with pytest.raises(DependencyError) as err:
        AudioMouthModel.load()
    assert "train_audio_mouth" in err.value.hint
    # audio without a fitted model needs no weights: it goes through the phone path
    track = audio_mouth_track(np.zeros(4800, np.int16), FrameRate(25))
    assert len(track) == 3 and track.open.max() == 0.0


def test_an_avatars_own_weights_are_preferred(
    model: AudioMouthModel, espeak, tmp_path: Path
) -> None:
    folder = tmp_path / "avatar"
    own = AudioMouthModel.from_checkpoint(model.checkpoint(), torch.device("cpu"))
    own.target_scale = own.target_scale * 2.0  # an avatar that opens half as wide
    own.save(folder / AVATAR_WEIGHTS)
    utt = espeak.synthesize("大家好。", voice="cmn")
    fps = FrameRate(25)
    shipped = steady_track(model.predict(utt.audio, fps), UNCALIBRATED_CLOSED)
    mine = audio_mouth_track(utt.audio, fps, avatar=folder)
    # half as wide wherever neither track is at its closed level (kept as predicted there)
    keep = model.predict(utt.audio, fps).open > 2 * UNCALIBRATED_CLOSED
    assert keep.sum() > 10
    np.testing.assert_allclose(mine.open[keep], shipped.open[keep] / 2.0, atol=1e-5)
    # an avatar without weights: the phone path, shaped by her viseme table
    targets = {**DEFAULT_TARGETS, Viseme.AA: MouthTarget(0.5, 0.0)}
    nothing = audio_mouth_track(utt.audio, fps, avatar=tmp_path / "no-weights", targets=targets)
    np.testing.assert_allclose(
        nothing.open, phone_mouth_track(utt.audio, fps, targets=targets).open
    )


def test_recorded_clips_use_the_phone_path_and_fall_back_to_loudness(
    espeak, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clip without a transcript (no fitted model): the phone path with her shapes;
    without the recogniser installed, loudness."""
    import sys

    from studio.core.wav import write_wav
    from studio.lipsync.energy import energy_mouth_track
    from studio.runtime.prepared import clip_item

    utt = espeak.synthesize("欢迎来到直播间。", voice="cmn")
    wav = write_wav(tmp_path / "clip.wav", utt.audio)
    fps = FrameRate(25)
    targets = {**DEFAULT_TARGETS, Viseme.O: MouthTarget(0.4, -0.1)}
    item = clip_item("k", str(wav), fps, targets=targets)
    expected = phone_mouth_track(item.audio, fps, targets=targets)
    np.testing.assert_allclose(item.mouth.open, expected.open)
    assert item.mouth.open.max() > 0.1
    monkeypatch.setitem(sys.modules, "pocketsphinx", None)
    # another clip: the phones of one just heard are kept
    wav = write_wav(tmp_path / "other.wav", espeak.synthesize("谢谢大家。", voice="cmn").audio)
    fallback = clip_item("k", str(wav), fps)
    np.testing.assert_allclose(fallback.mouth.open, energy_mouth_track(fallback.audio, fps).open)


def test_training_script_runs_end_to_end(tmp_path: Path) -> None:
    from studio.tools.train_audio_mouth import main

    out = tmp_path / "m" / "tiny.pt"
    rc = main(
        ["--out", str(out), "--minutes", "0.3", "--heldout-minutes", "0.2", "--epochs", "1",
         "--max-steps", "2", "--channels", "16", "--seed", "3"]
    )  # fmt: skip
    assert rc == 0
    m = AudioMouthModel.load(out)
    assert m.config.channels == 16 and m.meta["seed"] == 3
    card = out.with_suffix(".md").read_text(encoding="utf-8")
    for needed in ("## Data", "held out", "augmentation", "## Metrics", "seed: 3", "--minutes 0.3"):
        assert needed in card
    track = m.predict(np.zeros(48_000, np.int16), FrameRate(25))
    assert len(track) == 25
