"""The presenter's linear head (ridge on log-mel context) and how a fine-tuned model uses it."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest
import torch

from studio.lipsync import features as F
from studio.lipsync.audio_model import AudioMouthModel
from studio.lipsync.finetune import Split, without_select
from studio.lipsync.mel_head import LAMBDAS, MIX, MelHead, context


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    """About 15 s of eSpeak speech at 48 kHz (int16)."""
    from studio.speech.engine import get_engine

    text = (
        "Welcome to the show. Today we have three new lamps, a kettle and a warm scarf. "
        "Every one of them ships tomorrow, and the first ten orders get a small gift. "
        "Ask me anything about sizes, colours or delivery in the chat."
    )
    return get_engine("espeak").synthesize(text, voice="en-us").audio


def test_the_head_learns_a_mapping_and_invents_none_from_noise(speech) -> None:
    feats = F.log_mel_features(speech, 48_000)
    x = context(feats)
    rng = np.random.default_rng(0)
    truth = x @ rng.normal(0.0, 1.0, x.shape[1]) * 0.01
    t = len(truth)
    rows = np.zeros(t, bool)
    rows[: int(0.7 * t)] = True  # fitted on the first 70 %, judged on the rest
    net = rng.normal(0.0, 1.0, t)
    head = MelHead.fit(feats, truth, rows, net)
    test = np.arange(int(0.7 * t) + 30, t)
    assert np.corrcoef(head.predict(feats)[test], truth[test])[0, 1] > 0.9
    assert head.lam <= LAMBDAS[2]  # a clean linear target: little shrinkage
    # a target that is noise alone: nothing it learns carries over to the held-out part
    # (its strength is then arbitrary: the inner folds compare correlations, all near 0)
    noise_target = rng.normal(0.0, 1.0, t)
    noise = MelHead.fit(feats, noise_target, rows, net)
    assert abs(np.corrcoef(noise.predict(feats)[test], noise_target[test])[0, 1]) < 0.2


def test_a_fine_tuned_model_blends_its_head_and_survives_a_save(speech, tmp_path: Path) -> None:
    shipped = AudioMouthModel.load()
    feats = F.log_mel_features(speech, 48_000)
    net_open = shipped.predict_hops_at_speeds(speech, 48_000)[:, 0]
    rows = np.ones(len(net_open), bool)
    target = np.roll(net_open, 5) * 3.0 + 0.02  # "her" mouth: wider and a little late
    head = MelHead.fit(feats, target, rows, net_open)
    own = AudioMouthModel.from_checkpoint(shipped.checkpoint(), torch.device("cpu"))
    path = own.save(tmp_path / "audio_model.pt", {"mel_head": head.to_json()})
    loaded = AudioMouthModel.load(path)
    assert loaded.mel_head is not None and shipped.mel_head is None
    blended = loaded.predict_hops_at_speeds(speech, 48_000)
    np.testing.assert_allclose(blended[:, 0], head.blend(net_open, feats), atol=1e-5)
    # the blend is half the network's and half the head's (brought to the network's units)
    (hm, hs), (nm, ns) = head.head_stats, head.net_stats
    expected = (1 - MIX) * net_open + MIX * (nm + ns * (head.predict(feats) - hm) / hs)
    np.testing.assert_allclose(blended[:, 0], np.maximum(expected, 0.0), atol=1e-5)
    assert np.abs(blended[:, 0] - net_open).max() > 1e-3  # the head moved it
    # the width is the network's alone
    plain = shipped.predict_hops_at_speeds(speech, 48_000)
    np.testing.assert_allclose(blended[:, 1], plain[:, 1], atol=1e-6)


def test_a_malformed_head_is_ignored_with_a_warning(tmp_path: Path, caplog) -> None:
    shipped = AudioMouthModel.load()
    head = {"offsets": [0, 1], "mean": [0.0], "scale": [1.0], "weights": [1.0]}
    path = shipped.save(tmp_path / "audio_model.pt", {"mel_head": head})
    with caplog.at_level(logging.WARNING):
        assert AudioMouthModel.load(path).mel_head is None
    assert "malformed mel head" in caplog.text


def test_without_a_selection_the_slice_is_trained_on() -> None:
    radius = 23
    split = Split(((0, 400), (700, 1800 - 200 - radius)), (1600, 1800), (450, 650))
    merged = without_select(split, radius)
    assert merged.select is None and merged.test == split.test
    assert merged.train == ((0, 400), (700, 1800))
    assert without_select(merged, radius) == merged
